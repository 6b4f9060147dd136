"""Finding the words of a text that name an index entry: a glossary term, a person, a place…

The glossary and the registers share this engine. Each index becomes one `Matcher`: every
variant of every entry is one alternative of a single regular expression, longest first,
so that "Council of Europe" wins over "Europe" and "University College London" over
"London". Only whole words match ("Polanyi" never inside "Polanyian", "globalization" never
inside "de-globalization"), and an entry can list phrases in which it must not be found
("After Nativism", a book title, is not the concept of nativism).

Two uses, kept apart on purpose:

- `wrap_mentions` turns chosen mentions into reference nodes. It reads only `Text` nodes
  reached through emphasis and strong, never the inside of a link, a note marker or another
  reference, so it can never nest a link in a link.
- `find_places` lists every block that mentions an entry, for the "appears in" back-references.
  It reads a block's prose whatever node it sits in (a citation, an emphasis…), so that a name
  that only occurs inside a citation still counts as named.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import AnyStr

from build_tools.model import (
    Document,
    Emphasis,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    Paragraph,
    Role,
    Strong,
    Text,
)

# Whole words: no letter, digit or joining hyphen may touch a match on either side.
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w]|-\w)"
# A name directly followed by a year, "Sassen (1991)", "Polanyi’s (1957)", "(Harvey 2012;",
# "Acuto and Curtis (2014)", is a citation: the bibliography links it, the register does not.
_CITATION_AFTER = re.compile(
    r"(?:\s+(?:and|&)\s+[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)?(?:’s|'s)?,?\s*\(?\s*(?:1[5-9]|20)\d\d\b")


# Joins the texts of a paragraph's Text nodes, to search them at once (see `Matcher.mentions_each`).
_SEPARATOR = "\x00"


@dataclass(slots=True)  # (not frozen: made for every mention, and frozen fields are set one by one, slowly)
class Mention:
    """One place in a string where an entry is named."""

    key: str  # the entry's key in its matcher (e.g. "global-city", "person:sassen")
    start: int
    end: int
    in_citation: bool  # followed by a year: part of an author-date citation


Found = tuple[int, str, int, int, bool]  # a mention in one of several texts: (text index, key, start, end, in_citation)


@dataclass(frozen=True)
class MatchEntry:
    """What the matcher needs to know about one entry."""

    key: str
    variants: tuple[str, ...]
    exclude: tuple[str, ...] = ()


def variant_atoms(variant: str, fold_first_letter: bool) -> list[str]:
    """A variant as a sequence of small regular expressions, one per character: any run of
    spaces between words, either apostrophe, and (if folded) either case of the first letter."""
    atoms: list[str] = []
    for index, word in enumerate(variant.split()):
        if index:
            atoms.append(r"[\s\u00a0]+")
        for position, char in enumerate(word):
            if index == 0 and position == 0 and fold_first_letter and char.isalpha():
                atoms.append(f"[{char.lower()}{char.upper()}]")
            elif char in "'’":
                atoms.append("['’]")
            else:
                atoms.append(re.escape(char))
    return atoms


def normalise_variant(variant: str, fold_first_letter: bool) -> str:
    """The form two variants are compared in (to find one claimed by two entries), and the
    form a matched string is looked up in: spaces and apostrophes made uniform."""
    text = " ".join(variant.replace("'", "’").split())
    return text[:1].lower() + text[1:] if fold_first_letter else text


_END = ""  # marks, in a trie node, that a variant ends there


Trie = dict[str, "Trie"]  # atom → child node; _END → {}


def trie_pattern(variants: Iterable[str], fold_first_letter: bool) -> str | None:
    """One regular expression matching any of `variants` as whole words, written as a trie.

    Why a trie and not "variant1|variant2|…": Python's `re` tries every alternative at every
    position of the text, so a flat alternation of a hundred names runs at a few hundred
    thousand words a second; the trie shares common prefixes and rejects a position on its
    first character, twenty times faster. Longer variants still win: a shorter one that ends
    inside a longer one is an optional tail, and the regex engine tries the tail first.
    """
    root: Trie = {}
    for variant in variants:
        node = root
        for atom in variant_atoms(variant, fold_first_letter):
            node = node.setdefault(atom, {})
        node[_END] = {}
    firsts = [atom for atom in root if atom != _END]
    if not firsts:
        return None
    if fold_first_letter:
        first_chars = "".join(atom[1:-1] if atom.startswith("[") else atom for atom in firsts)
        # A look-ahead at the set of first characters ahead of the look-behind: most positions
        # fail on it at once (20 % faster than opening with the look-behind, on the registers).
        return f"(?=[{first_chars}]){_BEFORE}(?:{_emit(root)}){_AFTER}"
    # Names begin with a capital, which few positions of a text hold. A pattern whose branches all
    # open with a literal character lets `re` skip to the next candidate in C (it gathers their
    # first characters into a set; it cannot when the pattern opens with a look-behind or a
    # look-ahead, as the folded one does), and reject each branch on that character without
    # entering it; the character before is then checked not to be part of a word. (Opening with
    # the set of first characters, each branch looking back at its own, took 25 % longer on the
    # registers: 8.0 against 6.4 ns a character.) Folded terms keep the plain form: their first
    # letters include lower-case ones, which start most words, and one branch per case doubles
    # the pattern for no gain (it searches a text only where `candidate_pattern` finds a candidate).
    branches = [f"{re.escape(char)}(?<![\\w-].){_emit(root[atom])}" for atom in firsts for char in _atom_chars(atom)]
    return f"(?:{'|'.join(branches)}){_AFTER}"


def _atom_chars(atom: str) -> list[str]:
    """The characters an unfolded first atom matches: its one character, or either apostrophe."""
    if atom == "['’]":
        return ["'", "’"]
    return [atom[-1]] if atom.startswith("\\") else [atom]


def _emit(node: Trie) -> str:
    branches = [atom + _emit(child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


# --- where a folded term may start: the title-cased copy of a text --------------------------
#
# The folded pattern opens with look-arounds (any letter of either case may start a term), so
# `re` tries it at every position of a text, ~40 ns a character. `str.title()` (in C, a few ns a
# character) upper-cases the first letter of every word and lower-cases the rest, so in the
# title-cased copy a term can only start at one of a few capitals: a pattern opening with those
# capitals lets `re` skip to them in C. Each candidate is then confirmed by the real pattern at
# the same position of the real text, so the copy only has to never miss a mention:
#
# - `title()` decides each character's case from whether the character before it is "cased"; a
#   mention starts after a character that is neither a word character nor "-", and the only
#   such characters that are cased are the few of `_TITLE_UNSAFE` (tests recompute the list);
# - inside a mention the text holds the term's own characters, or characters of the same kind
#   (any space for a space, either apostrophe; none of them cased), so it title-cases as the
#   term does, except for capital sigma, whose lower case depends on the next letters (in
#   `_TITLE_UNSAFE` too);
# - a character whose title or lower case is longer than one character changes the length:
#   such a text is searched as before.
#
# The search itself now reads the text's marked bytes (`marked_candidates`, below), built on the same
# reasoning; this copy is what a matcher whose terms cannot be read in bytes falls back on.
_TITLE_UNSAFE = re.compile("[\u0345\u03a3\u24b6-\u24e9\U0001f130-\U0001f189]")


def _first_chars(key: str, fold: bool = True) -> set[str]:
    """The characters the pattern (folded, or not) takes for the first one of `key` (see `variant_atoms`)."""
    first = key[0]
    if first in "'’":
        return {"'", "’"}
    return set(first.lower() + first.upper()) if fold and first.isalpha() else {first}


def candidate_pattern(keys: Iterable[str]) -> str | None:
    """A pattern matching the first character of every place of a title-cased text where one of
    the folded `keys` (normalised variants) may start; None if some key cannot be read that way."""
    root: Trie = {}
    for key in keys:
        if not key:
            return None
        for char in _first_chars(key):  # the first letter may be written in either case
            titled = (char + key[1:]).title()
            if len(titled) != len(key):
                return None
            node = root.setdefault(re.escape(titled[0]), {})
            for atom in variant_atoms(titled, False)[1:]:
                node = node.setdefault(atom, {})
            node[_END] = {}
    # Each branch opens with a literal: `re` gathers them into one set it skips to in C.
    return "|".join(first + _emit(rest) for first, rest in root.items())


def _compile_candidates(keys: Iterable[str]) -> re.Pattern[str] | None:
    pattern = candidate_pattern(keys)
    return re.compile(pattern) if pattern else None


# Faster still: the text's bytes title-cased by `bytes.title()`, which knows only the ASCII letters
# as cased, so that nothing before a mention (no word character, no "-") can be cased, and which
# changes no length; encoding and title-casing the bytes cost half what `str.title()` and the look
# for `_TITLE_UNSAFE` do. The text is encoded as Latin-1, a character a byte, each character
# Latin-1 has not (curly quotes, dashes, Greek…) written "?" (`_BYTES`): an encoding any text has,
# and the fastest (ASCII text is copied; Windows-1252, which has the curly quotes, took 2.5 times as
# long). "?" is not cased either, so the title case of a mention's bytes is still that of its
# term's; the candidates are the terms' bytes made the same way, a space any of the spaces' bytes
# or "?", an apostrophe "'" or "?" (for ’). That a "?" stands for any character only adds candidates.
_BYTES = ("latin-1", "replace")
_BYTE_SPACES = bytes(byte for byte in range(256) if re.fullmatch(r"[\s\u00a0]", chr(byte))) + b"?"
_BYTE_APOSTROPHES = b"'?"


def text_bytes(text: str) -> bytes:
    """The bytes of `text` that the byte candidates are searched in (before `title()`): one a character."""
    return text.encode(*_BYTES)


def byte_candidate_pattern(keys: Iterable[str], table: bytes | None = None, *, fold: bool = True) -> bytes | None:
    """`candidate_pattern` for the `text_bytes` of a text title-cased by `bytes.title()` (then
    translated by `table`, if given, as the terms' bytes are). `fold=False`: for names, matched
    as written: the bytes are not title-cased (each key is its own candidate)."""
    root: dict[bytes, Trie] = {}
    spaces = b"[" + re.escape(bytes(set(_BYTE_SPACES.translate(table)))) + b"]+"
    apostrophes = b"[" + re.escape(bytes(set(_BYTE_APOSTROPHES.translate(table)))) + b"]"
    for key in keys:
        if not key:
            return None
        for char in _first_chars(key, fold):
            titled = _cased(text_bytes(char + key[1:]), fold).translate(table)
            node = root.setdefault(re.escape(titled[:1]), {})
            for letter, byte in zip(key[1:], titled[1:], strict=True):  # (a normalised key has one
                atom = spaces if letter == " " else apostrophes if letter == "’" else \
                    re.escape(bytes([byte]))  # space between words, and ’ for ')
                node = node.setdefault(atom.decode("latin-1"), {})  # (latin-1: a byte a character)
            node[_END] = {}
    if not root:
        return None
    return b"|".join(first + _emit(rest).encode("latin-1") for first, rest in root.items())


# Faster again (40 % off the search): in the title-cased bytes, every byte a term's bytes may start
# with is written _MARK. Nearly every word starts a candidate search either way (a capital a term
# may start with), but a pattern that opens with one literal lets `re` skip to it with a plain
# loop, and start past it, where one that opens with a set of characters (the capitals) tests each
# character against the set, then each of the branches against the capital found. The terms'
# bytes are marked the same way (their first bytes, and every later byte of that set), so their
# mentions are found as before; a mark standing for any of the capitals only adds candidates.
_MARK = 1


def marked_candidates(keys: Iterable[str], fold: bool = True) -> tuple[bytes, bytes] | None:
    """The table that marks the (title-cased, if `fold`) bytes of a text (for `bytes.translate`),
    and `byte_candidate_pattern` for the marked bytes; None if some key cannot be read that way.

    Names (not folded) are marked too: their pattern opens with the set of their capitals, and
    is searched in the text itself; in the marked bytes, at the mark (30 % faster with the look
    at each candidate, 8,964 candidates for 8,700 names on the 200 generated texts)."""
    firsts = {_cased(text_bytes(char + key[1:]), fold)[0] for key in keys if key for char in _first_chars(key, fold)}
    table = bytes(_MARK if byte in firsts else byte for byte in range(256))
    pattern = byte_candidate_pattern(keys, table, fold=fold)
    return None if pattern is None else (table, pattern)


def _cased(data: bytes, fold: bool) -> bytes:
    return data.title() if fold else data


def _at_candidates(pattern: re.Pattern[str], candidates: re.Pattern[AnyStr], text: str,
                   titled: AnyStr) -> list[re.Match[str]]:
    """`pattern.finditer(text)`, trying `pattern` only where `candidates` matches `titled`: a
    match of finditer starts at a candidate, at or after the end of the match before it. (Each
    search starts right after the last candidate, not at its end: a candidate that is no mention
    may hold the start of one.)"""
    found: list[re.Match[str]] = []
    position = 0
    search, match = candidates.search, pattern.match
    while (candidate := search(titled, position)) is not None:
        at = candidate.start()
        mention = match(text, at)
        if mention is None:
            position = at + 1
        else:
            position = mention.end()
            found.append(mention)
    return found


class Matcher:
    """Finds mentions of a set of entries in plain strings.

    `fold_first_letter`: a capital first letter also matches (a term at the start of a
    sentence); names of persons and places are matched exactly as written. The matched
    string, normalised, names its entry.
    """

    def __init__(self, entries: Iterable[MatchEntry], *, fold_first_letter: bool) -> None:
        self.fold_first_letter = fold_first_letter
        self.keys: dict[str, str] = {}  # normalised variant → entry key (the first entry to claim it)
        self.exclude_keys: dict[str, set[str]] = {}  # normalised phrase → keys it is excluded for
        for entry in entries:
            for variant in entry.variants:
                self.keys.setdefault(normalise_variant(variant, fold_first_letter), entry.key)
            for phrase in entry.exclude:
                self.exclude_keys.setdefault(normalise_variant(phrase, fold_first_letter), set()).add(entry.key)
        self.pattern = self._compile(self.keys)
        self.exclude_pattern = self._compile(self.exclude_keys)
        # The entries some phrase is excluded for: only a mention of one of them needs the text
        # searched for excluded phrases (most texts match many mentions and none of these).
        self.excludable: set[str] = set().union(*self.exclude_keys.values())
        self._matched_keys: dict[str, str] = {}  # matched string → its entry (a text repeats its terms)
        # Folded terms: where a mention may start, found in the text's title-cased copy (see
        # `candidate_pattern`); the registers' pattern skips to capitals by itself (but see below).
        self.candidates = _compile_candidates(self.keys) if fold_first_letter and self.pattern else None
        # The same, in the marked bytes (see `marked_candidates`): what the search reads, for the
        # registers' names too.
        marked = marked_candidates(self.keys, fold_first_letter) \
            if self.candidates or (self.pattern and not fold_first_letter) else None
        self._marks = marked[0] if marked else b""
        self._marked_candidates = re.compile(marked[1]) if marked else None
        # A mention is at least as long as its normalised form (a space matches one or more).
        self._shortest = min(map(len, self.keys), default=0)
        # Strings can be searched joined by _SEPARATOR unless some form holds it (see `mentions_each`).
        self._joinable = not any(_SEPARATOR in form for form in (*self.keys, *self.exclude_keys))

    def _compile(self, forms: Iterable[str]) -> re.Pattern[str] | None:
        pattern = trie_pattern(forms, self.fold_first_letter)
        return re.compile(pattern) if pattern else None

    def _key(self, matched: str) -> str:
        key = self._matched_keys.get(matched)
        if key is None:
            key = self._matched_keys[matched] = self.keys[normalise_variant(matched, self.fold_first_letter)]
        return key

    def _excluded_spans(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[tuple[set[str], int, int]]:
        """The excluded phrases in `text[pos:endpos]` (at their places in `text`), with the keys they exclude."""
        if self.exclude_pattern is None:
            return []
        return [(self.exclude_keys[normalise_variant(m.group(), self.fold_first_letter)], m.start(), m.end())
                for m in self.exclude_pattern.finditer(text, pos, endpos)]

    def _matches(self, text: str) -> Iterable[re.Match[str]]:
        """`self.pattern.finditer(text)`, for folded terms searched only where a mention may start."""
        assert self.pattern is not None
        matches = self._matches_at_candidates(text)
        return self.pattern.finditer(text) if matches is None else matches

    def _matches_at_candidates(self, text: str) -> Iterable[re.Match[str]] | None:
        """`_matches`, or None for a text whose title case the candidates cannot be read in."""
        assert self.pattern is not None
        if self._marked_candidates is not None:
            return _at_candidates(self.pattern, self._marked_candidates, text,
                                  _cased(text_bytes(text), self.fold_first_letter).translate(self._marks))
        if self.candidates is None:
            return self.pattern.finditer(text)
        titled = text.title()
        if len(titled) != len(text) or (not text.isascii() and _TITLE_UNSAFE.search(text)):
            return None
        return _at_candidates(self.pattern, self.candidates, text, titled)

    def finditer(self, text: str, *, citations: bool = True) -> Iterator[Mention]:
        """The mentions in `text`, in order; with `citations=False` none is said to be in a
        citation (a caller that never asks is spared the look at what follows each mention)."""
        return iter(self.mentions(text, citations=citations))

    def mentions(self, text: str, *, citations: bool = True) -> list[Mention]:
        """`finditer` as a list (empty, and false, for most texts)."""
        found: list[Mention] = []
        if self.pattern is None or len(text) < self._shortest:  # (", " between two references…)
            return found
        excluded: list[tuple[set[str], int, int]] | None = None  # looked for once a mention could be excluded
        for match in self._matches(text):
            key = self._key(match.group())
            start, end = match.span()
            if key in self.excludable:
                if excluded is None:
                    excluded = self._excluded_spans(text)
                if any(key in keys and begin <= start and end <= stop for keys, begin, stop in excluded):
                    continue
            found.append(Mention(key, start, end, citations and _CITATION_AFTER.match(text, end) is not None))
        return found

    def mentions_each(self, texts: list[str], *, citations: bool = True) -> list[Found]:
        """The `mentions` of each of `texts`, as (index in `texts`, key, start, end, in_citation), in
        order: found in one search of the texts joined by _SEPARATOR.

        Why: a text has some 140 Text nodes (its paragraphs split around citations, emphasis,
        names linked), and each search has its fixed cost (the calls to encode, title-case,
        search…): one search for all saves ~15 % of the searching. The joined search finds what the
        searches one by one find, for no pattern can match across the separator: it is no word
        character (the look-arounds at either end of a mention read it as they read the end of a
        string), no space, no letter or apostrophe (no atom of a form is it, unless a form holds
        it: then each text is searched alone), and not cased (`title()` starts a word after it, as
        at the start of a string). What looks past a mention's end (a citation's year, an excluded
        phrase) is matched with `endpos` at the end of the mention's own text.
        """
        found: list[Found] = []
        if self.pattern is None or not texts:
            return found
        joined = _SEPARATOR.join(texts)
        ends = list(accumulate([len(text) + 1 for text in texts]))  # where each text's separator ends
        excluded: dict[int, list[tuple[set[str], int, int]]] = {}  # text index → its excluded phrases
        known, excludable = self._matched_keys, self.excludable
        for matches, shift in self._joined_matches(texts, joined, ends):
            for match in matches:
                start, end = match.span()
                if shift:
                    start += shift
                    end += shift
                index = bisect_right(ends, start)  # (the text the mention is in)
                first = ends[index - 1] if index else 0
                matched = match.group()
                key = known.get(matched) or self._key(matched)  # (the call only for a string not met before)
                if key in excludable:
                    spans = excluded.get(index)
                    if spans is None:
                        spans = excluded[index] = self._excluded_spans(joined, first, ends[index] - 1)
                    if any(key in keys and begin <= start and end <= until for keys, begin, until in spans):
                        continue
                found.append((index, key, start - first, end - first,
                              citations and _CITATION_AFTER.match(joined, end, ends[index] - 1) is not None))
        return found

    def _joined_matches(self, texts: list[str], joined: str,
                        ends: list[int]) -> list[tuple[Iterable[re.Match[str]], int]]:
        """The pattern's matches in `joined`, as (matches, the shift that places them in `joined`):
        one search of `joined`, or, when it cannot be read through the candidates (a character
        whose title case is longer, say: the whole would be searched everywhere) or a form holds
        the separator, one search of each text, as `mentions` does."""
        if self._joinable:
            matches = self._matches_at_candidates(joined)
            if matches is not None:
                return [(matches, 0)]
        return [(self._matches(text), ends[index - 1] if index else 0)
                for index, text in enumerate(texts) if len(text) >= self._shortest]


# --- turning mentions into reference nodes ------------------------------------------

MakeRef = Callable[[str, list[Inline]], Inline]
Claim = Callable[[Mention], bool]


def wrap_mentions(nodes: list[Inline], matcher: Matcher, make_ref: MakeRef, claim: Claim, *,
                  citations: bool = True) -> list[Inline]:
    """`nodes` with the mentions that `claim` accepts (asked in reading order) wrapped by `make_ref`.

    Descends into emphasis and strong only: the text of links, note markers and other
    references (citations, terms, names) is never touched. `citations=False`: `claim` never
    asks whether a mention is part of a citation.
    """
    return TreeMentions(matcher, [nodes], citations=citations).wrap(nodes, make_ref, claim)


Holder = Emphasis | Strong | None  # where a Text node sits: in one of these, or at a tree's top (None)


class TreeMentions:
    """The mentions in the Text nodes of several inline trees (a text's paragraphs and notes), found
    in one search (`Matcher.mentions_each`), then wrapped tree by tree, in order, by `wrap`, or all
    at once by `wrap_first_each`, the passes' claim: the first mention of each key not linked yet.

    Why at once: a pass visits a text's paragraphs one by one, but most of the cost of a search
    is per call, not per character. The trees' texts are read when they are given: until one is
    wrapped, no tree may change.
    """

    def __init__(self, matcher: Matcher, trees: list[list[Inline]], *, citations: bool = True) -> None:
        self._trees = trees
        self._texts: list[str] = []  # the texts of the Text nodes `wrap` may split, all trees', in reading order
        self._places: list[tuple[Holder, int]] = []  # where each of them is: its container, its index there
        self._tree_ends: list[int] = []  # where each tree's texts end in `_texts`
        # Each tree's nodes that `wrap` does not read into (references, links, note markers…), for
        # `wrap_first_each`: they hold every reference the tree holds, found without a second walk of it.
        self._held: list[list[Inline]] = []
        for tree in trees:
            held: list[Inline] = []
            _gather_texts(tree, None, self._texts, self._places, held)
            self._tree_ends.append(len(self._texts))
            self._held.append(held)
        self._found = matcher.mentions_each(self._texts, citations=citations)
        found_in = [found[0] for found in self._found]
        self._found_ends = [bisect_left(found_in, end) for end in self._tree_ends]  # each tree's end in `_found`
        self._next_tree = 0

    def wrap(self, tree: list[Inline], make_ref: MakeRef, claim: Claim, *,
             refused: Container[str] = ()) -> list[Inline]:
        """`wrap_mentions(tree, …)` for the next of the trees. A mention whose key is in `refused`
        is not offered to `claim`: the caller knows `claim` would refuse it (a term linked already)."""
        number = self._next(tree)
        first, end = self._found_ends[number - 1] if number else 0, self._found_ends[number]
        if first == end:
            return tree  # (no mention)
        claimed: dict[int, list[tuple[str, int, int]]] = {}  # text index → its mentions claimed
        for index, key, start, stop, in_citation in self._found[first:end]:
            if key not in refused and claim(Mention(key, start, stop, in_citation)):
                claimed.setdefault(index, []).append((key, start, stop))
        return self._split(tree, list(claimed.items()), make_ref) if claimed else tree

    def wrap_first(self, tree: list[Inline], make_ref: MakeRef, linked: set[str],
                   held_keys: Callable[[list[Inline], set[str]], None], *, cited: bool = True) -> list[Inline]:
        """`wrap` for the next of the trees, claiming the first mention of each key not in `linked`
        (and adding the key to it): `wrap_first_each` for one tree. (The passes call that, once for
        all their trees; this form, tree by tree, is what the tests hold it to.) `cited=False`: no
        mention in a citation is claimed. First `held_keys(nodes, linked)` adds the keys of the
        references the tree holds already (so that a pass run twice changes nothing more): it is
        given the nodes the tree's texts were not gathered from, which hold all its references.

        Why not `wrap` with a `claim`: a mention is then a tuple read in one loop, not a Mention
        made and a function called for each (most mentions are refused, a term linked already)."""
        number = self._next(tree)
        held_keys(self._held[number], linked)
        first, end = self._found_ends[number - 1] if number else 0, self._found_ends[number]
        if first == end:
            return tree  # (no mention)
        return self._claim_first(tree, first, end, [], make_ref, linked, held_keys, cited)

    def wrap_first_each(self, make_ref: MakeRef, held_keys: Callable[[list[Inline], set[str]], None],
                        starts: list[bool] | None = None, *, cited: bool = True) -> list[list[Inline]]:
        """`wrap_first` of every tree in turn (none wrapped yet), with one `linked` cleared before
        each tree that `starts` a section; the trees as wrapped, in order.

        `starts=None`: each tree is a section of its own, so the keys of its references matter only
        to a mention it may claim: they are read at the first one (most paragraphs name no entry
        outside a citation: their references are not walked).

        Why: one call for a text's trees, not one per tree (most trees have nothing to claim: what
        it costs to call for one and check that it is the next is most of what is done for it)."""
        if self._next_tree:
            raise ValueError("the trees are wrapped one by one, in the order they were given")
        if starts is not None and len(starts) != len(self._trees):
            raise ValueError("one start (or not) of a section for each tree")
        self._next_tree = len(self._trees)
        linked: set[str] = set()
        wrapped: list[list[Inline]] = []
        first = 0
        for number, (tree, held, end) in enumerate(zip(self._trees, self._held, self._found_ends, strict=True)):
            if starts is None:
                linked.clear()
            else:
                if starts[number]:
                    linked.clear()
                if held:
                    held_keys(held, linked)
                    held = []
            wrapped.append(tree if first == end else
                           self._claim_first(tree, first, end, held, make_ref, linked, held_keys, cited))
            first = end
        return wrapped

    def _claim_first(self, tree: list[Inline], first: int, end: int, held: list[Inline], make_ref: MakeRef,
                     linked: set[str], held_keys: Callable[[list[Inline], set[str]], None],
                     cited: bool) -> list[Inline]:
        """`tree` (whose mentions are `_found[first:end]`, at least one) wrapped as `wrap_first` wraps
        it; `held`: the nodes whose keys are to be read into `linked` before a claim ([] once read)."""
        claimed: list[tuple[int, list[tuple[str, int, int]]]] = []  # (text index, its mentions claimed)
        last = -1
        mentions: list[tuple[str, int, int]] = []
        for index, key, start, stop, in_citation in self._found[first:end]:
            if in_citation and not cited:
                continue
            if held:
                held_keys(held, linked)
                held = []
            if key in linked:
                continue
            linked.add(key)
            if index != last:  # (mentions come text by text: a text's are together)
                mentions = []
                claimed.append((index, mentions))
                last = index
            mentions.append((key, start, stop))
        return self._split(tree, claimed, make_ref) if claimed else tree

    def _next(self, tree: list[Inline]) -> int:
        """The number of `tree`, which must be the next one to wrap."""
        number = self._next_tree
        if number >= len(self._trees) or tree is not self._trees[number]:
            raise ValueError("the trees are wrapped one by one, in the order they were given")
        self._next_tree += 1
        return number

    def _split(self, tree: list[Inline], claimed: list[tuple[int, list[tuple[str, int, int]]]],
               make_ref: MakeRef) -> list[Inline]:
        """`tree` with the claimed mentions of its texts (text index, its mentions, in reading order)
        wrapped: each list that holds one of the texts made anew, in one pass, of slices of the old
        one and the pieces of its texts (the lists of emphasis and strong replaced)."""
        places, texts = self._places, self._texts
        if len(claimed) == 1:  # (most trees: one text to split)
            index, mentions = claimed[0]
            container, position = places[index]
            return self._rebuilt(tree, container, [(position, texts[index], mentions)], make_ref)
        container = places[claimed[0][0]][0]
        for index, _ in claimed:
            if places[index][0] is not container:
                break
        else:  # (most of the others: one list to remake)
            return self._rebuilt(tree, container, [(places[index][1], texts[index], mentions)
                                                   for index, mentions in claimed], make_ref)
        splits: dict[int, tuple[Holder, list[tuple[int, str, list[tuple[str, int, int]]]]]] = {}  # by id(container)
        for index, mentions in claimed:
            holder, position = places[index]
            splits.setdefault(id(holder), (holder, []))[1].append((position, texts[index], mentions))
        for holder, pieces in splits.values():
            tree = self._rebuilt(tree, holder, pieces, make_ref)
        return tree

    @staticmethod
    def _rebuilt(tree: list[Inline], container: Holder, pieces: list[tuple[int, str, list[tuple[str, int, int]]]],
                 make_ref: MakeRef) -> list[Inline]:
        """`tree`, with the list `container` holds (the tree itself for None) made anew: each text at
        a position of `pieces` split around its mentions (key, start, end); the tree returned."""
        nodes = tree if container is None else container.children
        rebuilt: list[Inline] = []
        append = rebuilt.append
        done = 0
        for position, text, mentions in pieces:
            if position > done:
                rebuilt += nodes[done:position]
            done = position + 1
            at = 0
            for key, start, end in mentions:
                if start > at:
                    append(Text(text[at:start]))
                append(make_ref(key, [Text(text[start:end])]))
                at = end
            if at < len(text):
                append(Text(text[at:]))
        rebuilt += nodes[done:]
        if container is None:
            return rebuilt
        container.children = rebuilt
        return tree


def _gather_texts(nodes: list[Inline], container: Holder, texts: list[str],
                  places: list[tuple[Holder, int]], held: list[Inline]) -> None:
    """The Text nodes that `wrap_mentions` reads (through emphasis and strong, in reading order):
    their texts, and where they are; and in `held`, the other nodes met (not read into)."""
    for position, node in enumerate(nodes):
        if type(node) is Text:
            texts.append(node.text)
            places.append((container, position))
        elif isinstance(node, (Emphasis, Strong)):
            _gather_texts(node.children, node, texts, places, held)
        else:
            held.append(node)


# --- where entries are mentioned, for back-references ---------------------------------


def searchable_text(nodes: list[Inline]) -> str:
    """The prose of an inline tree: every text except link text (often a bare URL) and markers."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (Link, FootnoteRef)):
            continue
        else:
            children = getattr(node, "children", None)
            if isinstance(children, list):
                parts.append(searchable_text(children))
    return "".join(parts)


@dataclass(frozen=True)
class Place:
    """A block of a text that readers can be sent to: a ¶, a note, or a framing block."""

    slug: str
    page: str  # docs-relative page of the text, e.g. "texts/curtis-2018.md"
    anchor: str
    label: str  # "¶ 12", "note 3", "standfirst"
    number: int | None  # the ¶ number, for body paragraphs
    order: int  # reading order within the text

    def href(self, from_page: str = "") -> str:
        """A link to the place from a page at the docs root (or from `from_page`'s folder)."""
        prefix = "../" * from_page.count("/")
        return f"{prefix}{self.page}#{self.anchor}"


# Framing blocks that name people and places and have no ¶ number; linked by their role.
FRAMING_LABELS: dict[Role, str] = {
    Role.ABSTRACT: "abstract",
    Role.STANDFIRST: "standfirst",
    Role.CAPTION: "image caption",
    Role.SERIES_NOTE: "series note",
    Role.BIO: "about the author",
}


def text_places(doc: Document, page: str) -> Iterator[tuple[Place, str]]:
    """Every block of a text that back-references may point to, with its searchable prose."""
    section_anchor = "title"
    order = 0
    for block in doc.blocks:
        order += 1
        if isinstance(block, Heading):
            section_anchor = block.anchor or section_anchor
            continue
        if not isinstance(block, Paragraph):
            continue
        if block.role is Role.BODY and block.number is not None and block.anchor:
            yield Place(doc.slug, page, block.anchor, f"¶ {block.number}", block.number, order), \
                searchable_text(block.inlines)
        elif block.role in FRAMING_LABELS:
            yield Place(doc.slug, page, block.anchor or section_anchor, FRAMING_LABELS[block.role], None, order), \
                searchable_text(block.inlines)
    for note in doc.footnotes:
        order += 1
        yield Place(doc.slug, page, f"fn:{note.label}", f"note {note.label}", None, order), \
            searchable_text(note.inlines)


def find_places(matcher: Matcher, texts: Iterable[tuple[Document, str]]) -> dict[str, list[Place]]:
    """Entry key → every place (in edition and reading order) that mentions it, once per place."""
    return find_places_each([matcher], texts)[0]


def find_places_each(matchers: list[Matcher], texts: Iterable[tuple[Document, str]]) -> list[dict[str, list[Place]]]:
    """`find_places` for each matcher (the glossary's, the registers'), the texts' blocks and their
    searchable prose gathered once for all of them."""
    found: list[dict[str, list[Place]]] = [{} for _ in matchers]
    for doc, page in texts:
        for place, prose in text_places(doc, page):
            for matcher, places in zip(matchers, found, strict=True):
                for key in dict.fromkeys(m.key for m in matcher.mentions(prose, citations=False)):
                    places.setdefault(key, []).append(place)
    return found
