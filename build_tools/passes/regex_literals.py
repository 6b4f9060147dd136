"""The literal strings a regular expression cannot match without, read from its parsed form.

Used to rule out, with one fast substring search over a whole text, a pattern that would
otherwise be tried block by block: `re` runs a pattern that opens with a look-around, a word
boundary or `.*` at every character (tens of nanoseconds each), while `str.find` skips through
the text in C. "(?i)^.*\\bnext (?:post|article)\\s*»$" cannot match a block without "next "
and "»" in it; "\\bshare on (?:twitter|facebook)" not without "share on ".

The answer is a conjunction of clauses, each a set of literals of which one at least must
occur: `(?:read more|related posts)$` gives one clause {"read more", "related posts"}. It is a
necessary condition only (the literals may occur where the pattern still does not match);
a pattern this module cannot read gives no clause, and is then simply tried everywhere.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

# `re`'s own parser and the opcodes of its parsed form (private to `re`, without type stubs; the
# same in every Python from 3.11, which the project pins).
sre_parse: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")

Clauses = tuple[frozenset[str], ...]

# The flags as plain integers: `re`'s are an `enum.IntFlag`, whose `&` runs in Python (a microsecond
# each, and the analyses of a profile's rules test flags thousands of times).
_IGNORECASE = int(re.IGNORECASE)
_MULTILINE = int(re.MULTILINE)
_MULTILINE_OR_VERBOSE = int(re.MULTILINE | re.VERBOSE)

# Literals shorter than this are not worth a guard: found everywhere, they rule nothing out…
MIN_LITERAL = 3
# …unless they hold a character that running text seldom has ("©", "»", "•"): not ASCII, and not
# one of the typographic marks prose is full of.
_COMMON_MARKS = frozenset("’‘“”–—…\u00a0")

# Characters that `re.IGNORECASE` matches to an ASCII letter while `str.lower` maps them elsewhere
# (computed by trying every code point; tests/test_fastpaths.py recomputes it): folded to that letter
# before lower-casing, the text then holds a literal wherever the pattern could find it.
IGNORECASE_EXTRA_FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s"}


@functools.lru_cache(maxsize=512)
def parsed_form(source: str, flags: int = 0) -> Any | None:
    """`re`'s parsed form of the pattern (None if it does not parse), parsed once for all the
    analyses below: strip_chrome asks four of them about each alternative of a profile's rules, and
    parsing is most of their cost (a millisecond and a half for a site's thirty rules). The analyses
    only read it: the shared form must not change. (They read a parsed sequence's items as its list
    `.data`, never changed: `list(sequence)` would call the parser's Python `__getitem__` for each item,
    which cost more than the analyses themselves.)"""
    try:
        return sre_parse.parse(source, flags)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def required_literals(source: str, flags: int = 0) -> tuple[Clauses, bool] | None:
    """The clauses `source` (compiled with `flags`) needs, and whether they are lower-cased
    (the pattern ignores case: compare them with `fold_case(text)`); None if there are none."""
    parsed = parsed_form(source, flags)
    if parsed is None:
        return None
    ignore_case = bool(parsed.state.flags & _IGNORECASE)
    clauses = _sequence(parsed.data, ignore_case)
    return (clauses, ignore_case) if clauses else None


def scans_far(source: str, flags: int = 0) -> bool:
    """Whether a pattern anchored at the text's start ("^…") may run far into the text before it
    fails: it opens with an unbounded repeat of a broad class ("^.*\\bnext post", "^\\s*…" is not
    broad enough to matter, "^(?:a|.+b)"). Such a pattern costs as much as a search; the others
    fail at the first characters. True when the pattern cannot be read (but a text that does not
    compile may be read by its opening alone, see `_quick_opening`)."""
    if _quick_opening(source, flags) is not None:
        return False  # (the shapes read there open with a character that settles the match: never far)
    parsed = parsed_form(source, flags)
    if parsed is None:
        return True
    items = parsed.data
    if items and items[0] == (sre.AT, sre.AT_BEGINNING):
        items = items[1:]
    return _opens_far(items)


_FAR = 20  # a repeat bounded above by more than this many characters counts as unbounded


def _opens_far(items: list[tuple[Any, Any]]) -> bool:
    return _opening(items)[0]


def _opening(items: list[tuple[Any, Any]]) -> tuple[bool, bool]:
    """Whether the sequence may run far before its first character is settled, and whether it may
    match nothing. An item that may match nothing (a `\\b`, a look-ahead, an optional group) opens it
    together with what follows it: "^\\b.*x", "^(?=.*x)", "^(?:a)?.*x" run far too."""
    for op, arg in items:
        far, empty = _opening_of_item(op, arg)
        if far:
            return True, empty
        if not empty:
            return False, False
    return False, True


def _opening_of_item(op: Any, arg: Any) -> tuple[bool, bool]:
    if op is sre.AT:
        return False, True
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _opening(arg[1].data)[0], True
    if op is sre.SUBPATTERN:
        return _opening(arg[3].data)
    if op is sre.ATOMIC_GROUP:
        return _opening(arg.data)
    if op is sre.BRANCH:
        openings = [_opening(alternative.data) for alternative in arg[1]]
        return any(far for far, _ in openings), any(empty for _, empty in openings)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = arg
        far, empty = _opening(body.data)
        return far or (high > _FAR and _broad(body.data)), empty or low == 0
    if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
        return True, True  # (not read: counted as running far)
    return False, False  # one character: a literal, a set, any character


def _broad(items: list[tuple[Any, Any]]) -> bool:
    """Whether the repeated items may match most characters of running text (any character, a
    negated set, a category such as \\w or \\S)."""
    for op, arg in items:
        if op in (sre.ANY, sre.NOT_LITERAL):
            return True
        if op is sre.IN and any(kind in (sre.NEGATE, sre.CATEGORY) for kind, _ in arg):
            return True
        if op is sre.SUBPATTERN and _broad(arg[3].data):
            return True
        if op is sre.BRANCH and any(_broad(alternative.data) for alternative in arg[1]):
            return True
    return False


def fold_case(text: str) -> str:
    """`text` as `re.IGNORECASE` compares it with a lower-cased ASCII literal, same length and
    offsets (U+0130 is the one character whose `lower()` grows, and it is folded first)."""
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:
        text = text.translate(IGNORECASE_EXTRA_FOLDS)
    return text.lower()


def _literal_char(code: int, ignore_case: bool) -> str | None:
    """The character as a literal may hold it, or None if it cannot stand in one: a line break
    (the texts searched are joined by line breaks), or under IGNORECASE a non-ASCII letter with
    case (its folding in `re` and in `str.lower` may differ)."""
    char = chr(code)
    if char == "\n":
        return None
    if not ignore_case:
        return char
    if char.isascii():
        return char.lower()
    return char if char.lower() == char == char.upper() else None


def _sequence(items: list[tuple[Any, Any]], ignore_case: bool) -> Clauses:
    """The clauses of a sequence of parsed items: every run of literals, and every clause of an
    item that must match (a group, a branch, a repeat of one time or more)."""
    clauses: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= MIN_LITERAL or any(not char.isascii() and char not in _COMMON_MARKS for char in run):
            clauses.append(frozenset(["".join(run)]))
        run.clear()

    ascii_chars = _ASCII_LITERAL_CHARS[ignore_case]
    for op, arg in items:
        if op is sre.LITERAL:
            char = ascii_chars[arg] if arg < 128 else _literal_char(arg, ignore_case)
            if char is not None:
                run.append(char)
                continue
        if run:
            close_run()
        clauses.extend(_item(op, arg, ignore_case))
    if run:
        close_run()
    return tuple(clauses)


# `_literal_char` of each ASCII code, without and with IGNORECASE (the literals of a profile's rules
# are mostly ASCII letters: each looked up, not worked out again)
_ASCII_LITERAL_CHARS = tuple(tuple(_literal_char(code, ignore_case) for code in range(128))
                             for ignore_case in (False, True))


def _item(op: Any, arg: Any, ignore_case: bool) -> Clauses:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        if add_flags or del_flags:  # flags of its own (e.g. "(?i:…)"): not read
            return ()
        return _sequence(body.data, ignore_case)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = arg
        return _sequence(body.data, ignore_case) if low >= 1 else ()
    if op is sre.ATOMIC_GROUP:
        return _sequence(arg.data, ignore_case)
    if op is sre.BRANCH:
        return _branch(arg[1], ignore_case)
    return ()


def _branch(alternatives: list[Any], ignore_case: bool) -> Clauses:
    """One clause: each alternative's best clause (its longest shortest literal), joined; none if
    some alternative needs no literal."""
    joined: set[str] = set()
    for alternative in alternatives:
        clauses = _sequence(alternative.data, ignore_case)
        if not clauses:
            return ()
        joined |= max(clauses, key=lambda clause: min(map(len, clause)))
    return (frozenset(joined),)


# The widest range `set_characters` spells out (a set of a few marks and digits, not of a script).
_MAX_RANGE = 256


def set_characters(source: str) -> frozenset[str] | None:
    """The characters a pattern of one character matches (`[*<¹²]`, `[0-9]`, `x`), when it lists them:
    literals and small ranges, case kept; None for anything else (a class such as `\\d`, a negated
    set, a flag, more than one character). A text that is ASCII is then tested for the set's ASCII
    characters by `str.find`s in C, where `re` tries the set at every character."""
    parsed = parsed_form(source)
    if parsed is None:
        return None
    items = parsed.data
    if parsed.state.flags & _IGNORECASE or len(items) != 1:
        return None
    op, arg = items[0]
    if op is sre.LITERAL:
        return frozenset(chr(arg))
    if op is not sre.IN:
        return None
    chars: set[str] = set()
    for kind, value in arg:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < _MAX_RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return frozenset(chars)


def top_level_branches(source: str) -> list[str]:
    """The pattern's alternatives at its top level (its `|` outside groups and sets), read from its
    `_structure` (one search in C for the characters that open or close something: a character loop
    in Python cost more than the rest of the prefilter's reading of a profile). A source whose
    groups do not balance (it does not compile, or a comment holds a parenthesis) is one piece:
    never split at a `|` that may not be an alternation's."""
    structure = _structure(source)
    if not structure.balanced:
        return [source]
    starts = structure.top_level_starts()
    return [source[start:end - 1] for start, end in zip(starts, [*starts[1:], len(source) + 1], strict=True)]


# The next character that opens or closes something (a bracket, a parenthesis, a bar), the escapes
# before it passed over in C: where a search for both took a Python turn for each escape too (a third
# of the characters found in a site's rules).
_NEXT_STRUCTURAL = re.compile(r"(?:[^\\\[\]()|]++|\\.)*+[\[\]()|]", re.DOTALL)


def anchored_at_start(source: str, flags: int = 0) -> bool:
    """Whether every match of the pattern starts at the text's start (each alternative opens with `^`
    or `\\A`, no MULTILINE): its `search` is then its `match`, which `re` tries at the first position
    only, where a search tries an alternation of such rules at every character of the text."""
    if not flags & _MULTILINE_OR_VERBOSE and "(?#" not in source and (structure := _structure(source)).balanced and all(
            source.startswith(("^", "\\A"), start) for start in structure.top_level_starts()):
        # (read without parsing it: every alternative opens with `^`, which nothing may repeat, or `\A`;
        # a comment could hide a `|` from the reading of the alternatives, a flag of the pattern's own
        # opens it with "(?")
        return True
    if not flags & _VERBOSE and (_PLAIN_CHAR.match(source) or source.startswith(_NOT_AT_START)):
        return False  # (its first item a character, perhaps repeated, or an anchor elsewhere: not parsed)
    parsed = parsed_form(source, flags)
    if parsed is None:
        return False
    return not parsed.state.flags & _MULTILINE and _opens_at_start(parsed.data)


_NOT_AT_START = ("$", "\\b", "\\B", "\\Z")


def _opens_at_start(items: list[tuple[Any, Any]]) -> bool:
    if not items:
        return False
    op, arg = items[0]
    if op is sre.AT:
        return arg in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)
    if op is sre.SUBPATTERN:
        return not arg[1] & _MULTILINE and _opens_at_start(arg[3].data)  # (a group's own flags)
    if op is sre.ATOMIC_GROUP:
        return _opens_at_start(arg.data)
    if op is sre.BRANCH:
        return all(_opens_at_start(alternative.data) for alternative in arg[1])
    return False


# --- the characters a pattern's matches may start with --------------------------------------------


def first_keys(source: str, flags: int = 0) -> frozenset[str] | None:
    """The first characters of the pattern's matches, each as `fold_case` gives it (a text may match
    only if `fold_case(text[:1])` is one of them); None when the pattern does not tell (a class such
    as `\\w`, a negated set, a back-reference, an empty match, a non-ASCII letter under IGNORECASE).
    A `^` opening it is passed over. Lets a list of rules anchored at a block's start be split by the
    block's first character, so that each block is tried against a few of them, not all."""
    return _first(source, flags, exact=False)


def first_chars(source: str, flags: int = 0) -> frozenset[str] | None:
    """The first characters of the pattern's matches as a text has them: `first_keys` without the
    folding (a text may match only if `text[:1]` is one of them), a letter the pattern ignores the case
    of given in each case `re` matches it ("k": "k", "K" and the Kelvin sign). A pattern with case
    ("^Share") is then not tried on the blocks that open with the other case ("share"), and the
    blocks' first characters are looked up as they are."""
    return _first(source, flags, exact=True)


def _first(source: str, flags: int, exact: bool) -> frozenset[str] | None:
    quick = _quick_opening(source, flags) if exact else None
    if quick is not None:
        return None if quick[1] else frozenset(quick[0])
    parsed = parsed_form(source, flags)
    if parsed is None:
        return None
    found = _first_of_sequence(parsed.data, bool(parsed.state.flags & _IGNORECASE), exact)
    if found is None or found[1]:  # (a pattern that may match nothing: any block, the empty one too)
        return None
    return frozenset(found[0])


_First = tuple[set[str], bool]  # the first characters' keys, and whether the items may match nothing


def _first_of_sequence(items: list[tuple[Any, Any]], ignore_case: bool, exact: bool) -> _First | None:
    keys: set[str] = set()
    for item in items:
        found = _first_of_item(item, ignore_case, exact)
        if found is None:
            return None
        keys |= found[0]
        if not found[1]:
            return keys, False
    return keys, True


def _first_of_item(item: tuple[Any, Any], ignore_case: bool, exact: bool) -> _First | None:
    op, arg = item
    if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # (zero-width: what follows it opens the match; a look-around only narrows it)
    if op is sre.LITERAL:
        literal = _keys(arg, ignore_case, exact)
        return None if literal is None else (set(literal), False)
    if op is sre.IN:
        return _first_of_set(arg, ignore_case, exact)
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        case = (ignore_case or bool(add_flags & _IGNORECASE)) and not del_flags & _IGNORECASE
        return _first_of_sequence(body.data, case, exact)
    if op is sre.ATOMIC_GROUP:
        return _first_of_sequence(arg.data, ignore_case, exact)
    if op is sre.BRANCH:
        keys: set[str] = set()
        empty = False
        for alternative in arg[1]:
            found = _first_of_sequence(alternative.data, ignore_case, exact)
            if found is None:
                return None
            keys |= found[0]
            empty = empty or found[1]
        return keys, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = arg
        found = _first_of_sequence(body.data, ignore_case, exact)
        return None if found is None else (found[0], found[1] or low == 0)
    return None  # any character, a class, a negated literal, a back-reference: not told


def _first_of_set(members: list[tuple[Any, Any]], ignore_case: bool, exact: bool) -> _First | None:
    keys: set[str] = set()
    for kind, value in members:
        if kind is sre.LITERAL:
            codes = [value]
        elif kind is sre.RANGE and value[1] - value[0] < _MAX_RANGE:
            codes = list(range(value[0], value[1] + 1))
        else:
            return None  # a negation, a class such as \\d, a wide range
        for code in codes:
            found = _keys(code, ignore_case, exact)
            if found is None:
                return None
            keys.update(found)
    return keys, False


def _keys(code: int, ignore_case: bool, exact: bool) -> tuple[str, ...] | None:
    """The keys of a literal character: its `_key`, or (`exact`) the characters it matches."""
    if not exact:
        key = _key(code, ignore_case)
        return None if key is None else (key,)
    char = chr(code)
    if not ignore_case:
        return (char,)
    if char.isascii():
        return _CASES.get(char.lower(), (char,))
    return (char,) if char.lower() == char == char.upper() else None  # (as `_key`: a letter with case is not told)


# Under IGNORECASE an ASCII letter matches itself in both cases, and these (tests/test_fastpaths_oneoff.py
# finds them again among every code point): any other ASCII character matches itself alone.
_ALSO_MATCHED = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_CASES = {letter: (letter, letter.upper(), *_ALSO_MATCHED.get(letter, "")) for letter in "abcdefghijklmnopqrstuvwxyz"}


def _key(code: int, ignore_case: bool) -> str | None:
    """A literal character as `fold_case` of a text's first character must give it to match. Under
    IGNORECASE an ASCII character is read (`re` matches it to exactly the characters that `fold_case`
    turns into its lower case, see IGNORECASE_EXTRA_FOLDS), and any character without case; a
    non-ASCII letter with case is not told."""
    char = chr(code)
    if ignore_case and not char.isascii() and (char.lower() != char or char.upper() != char):
        return None  # (a non-ASCII letter with case; one without, "«", "←", "©", matches itself alone)
    folded = fold_case(char)
    return folded if len(folded) == 1 else None



# --- the opening of an alternative, read without parsing it ---------------------------------------
#
# Parsing an alternative (`parsed_form`) costs 20-60 µs, and strip_chrome reads the opening of each
# alternative of a profile's rules once per run: a millisecond for a site's thirty rules, most of
# which open with a plain character ("^Social Europe$") or a group of alternatives that each do
# ("^(?:email address|search for:?)$"). Those shapes are read here from the text itself; anything
# else (a class, a set, a dot, a counted repeat, a group with flags, VERBOSE) is left to the parse.
# Only the opening is read: a text that does not compile (strip_chrome's alternatives all come from
# compiled patterns) may be answered as if it did. tests/test_fastpaths_once.py compares both
# readings on generated patterns.


@functools.lru_cache(maxsize=512)  # (`scans_far` and `first_chars` both ask it of each alternative)
def _quick_opening(source: str, flags: int) -> _First | None:
    """The first characters (as `first_chars` gives them) of a pattern whose opening is read without
    parsing it, and whether it may match nothing; None if the opening is not of the shapes read (or
    the pattern may carry a comment or a flag changing how it reads)."""
    if flags & _VERBOSE or "(?#" in source or (source.startswith("(?") and not source.startswith("(?:")):
        return None
    structure = _structure(source)
    if not structure.balanced:
        return None
    return structure.alternatives(-1, len(source), bool(flags & _IGNORECASE))


_VERBOSE = int(re.VERBOSE)
# One character that stands for itself: a plain one, or an escaped mark (an escaped letter or digit
# is a class, an anchor or a reference).
_PLAIN_CHAR = re.compile(r"[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9]")
# A repeat `?`, `*`, `+` (lazy or possessive) after an item.
_REPEAT = re.compile(r"[?*+][?+]?")
_SPECIAL = frozenset("\\.^$*+?{}[]|()")  # (the characters `_PLAIN_CHAR` takes only escaped)
_REPEATS = frozenset("?*+{")  # (a character after an item that repeats it, or may)
_ZERO_WIDTH = {"^": 1, "$": 1, "\\A": 2, "\\Z": 2, "\\b": 2, "\\B": 2}  # (and their lengths)


@functools.lru_cache(maxsize=512)  # (`anchored_at_start` and `_quick_opening` read each alternative's)
def _structure(source: str) -> _Structure:
    return _Structure(source)


class _Structure:
    """A pattern's groups and alternatives, found by searches in C for the characters that open or
    close something (`_NEXT_STRUCTURAL`), and its opening read from them."""

    def __init__(self, source: str) -> None:
        self.source = source
        # where each group opening at a position closes, and the `|` of each group (-1: the top level)
        self.closes: dict[int, int] = {}
        self.bars: dict[int, list[int]] = {-1: []}
        opened = [-1]
        self.balanced = True
        closes_set_from = -1  # in a set: where a `]` may close it (`[]…]`, `[^]…]`: a literal `]` first)
        position = 0
        while (token := _NEXT_STRUCTURAL.match(source, position)) is not None:
            position = token.end()
            at = position - 1
            char = source[at]
            if closes_set_from >= 0:
                if char == "]" and at >= closes_set_from:
                    closes_set_from = -1
            elif char == "[":
                after = at + 2 if source.startswith("^", at + 1) else at + 1
                closes_set_from = after + 1 if source.startswith("]", after) else after
            elif char == "(":
                opened.append(at)
                self.bars[at] = []
            elif char == ")":
                if len(opened) < 2:
                    self.balanced = False  # (does not compile)
                    return
                self.closes[opened.pop()] = at
            elif char == "|":
                self.bars[opened[-1]].append(at)
        self.balanced = len(opened) == 1

    def top_level_starts(self) -> list[int]:
        """Where each top-level alternative starts."""
        return [0, *(bar + 1 for bar in self.bars[-1])]

    def alternatives(self, group: int, end: int, ignore_case: bool) -> _First | None:
        """`_first_of_item` of the alternatives of the group opening at `group` (-1: the whole
        pattern), which ends at `end`: each alternative's `sequence`, joined (as a branch is)."""
        keys: set[str] = set()
        empty = False
        start = group + 3 if group >= 0 else 0  # (after "(?:")
        for stop in [*self.bars[group], end]:
            found = self.sequence(start, stop, ignore_case)
            if found is None:
                return None
            keys |= found[0]
            empty = empty or found[1]
            start = stop + 1
        return keys, empty

    def sequence(self, at: int, end: int, ignore_case: bool) -> _First | None:
        """`_first_of_sequence` of `source[at:end]` (one alternative), read from its text: zero-width
        anchors, then plain characters and `(?:…)` groups, each perhaps repeated."""
        source = self.source
        keys: set[str] = set()
        while at < end:
            char = source[at]
            if char not in _SPECIAL and (at + 1 == end or source[at + 1] not in _REPEATS):
                # (a plain character, not repeated: it settles the opening; most alternatives open so,
                # and are read here without the matching below)
                literal = _keys(ord(char), ignore_case, exact=True)
                if literal is None:
                    return None
                keys.update(literal)
                return keys, False
            width = _ZERO_WIDTH.get(source[at:at + 2]) or _ZERO_WIDTH.get(char)
            if width is not None:
                at += width
                continue  # (`re` lets nothing repeat an anchor: a repeat after it does not compile)
            if source.startswith("(?:", at):
                close = self.closes[at]
                found = self.alternatives(at, close, ignore_case)
                at = close + 1
                grouped = True
            else:
                plain = _PLAIN_CHAR.match(source, at, end)
                if plain is None:
                    return None
                literal = _keys(ord(plain.group()[-1]), ignore_case, exact=True)
                found = None if literal is None else (set(literal), False)
                at = plain.end()
                grouped = False
            if found is None or source.startswith("{", at):
                return None  # (not read; or a counted repeat, or a literal brace: left to the parse)
            repeat = _REPEAT.match(source, at, end)
            mark = repeat.group()[0] if repeat is not None else ""
            if grouped and mark not in ("", "?"):
                return None  # (a group repeated more than once may run far: `_broad` of its body is not read here)
            keys |= found[0]
            if not (found[1] or mark in ("?", "*")):
                return keys, False
            if repeat is not None:
                at = repeat.end()
        return keys, True
