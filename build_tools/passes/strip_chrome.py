"""Pass: remove the site furniture around a piece (navigation, advertisements, footer…).

The rules come from the profile (`chrome:` in seeds/profiles/*.yml), never from line
numbers, so every page of the same site cleans with the same profile. Every removed
block is recorded with the name of the rule that removed it and why: the removal report
is built from these records, and the word accounting counts them.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import AnyStr

from build_tools.load.config import ChromeRule, WebRules
from build_tools.model import Block, Document, Paragraph, Preformatted, Removal
from build_tools.passes.attribute_turns import fold_marks
from build_tools.passes.classify_page_parts import find_title
from build_tools.passes.context import PassContext
from build_tools.passes.regex_literals import (
    anchored_at_start,
    first_chars,
    fold_case,
    required_literals,
    scans_far,
    top_level_branches,
)


def _starts(rule: ChromeRule, text: str) -> bool:
    if rule.line is not None and rule.line.search(text):
        return True
    return rule.start is not None and rule.start.search(text) is not None


_LEADING_FLAGS = re.compile(r"^\(\?([ims]+)\)")


def _alternatives(pattern: re.Pattern[str]) -> list[tuple[str, str]] | None:
    """The pattern's top-level alternatives, each as written and as fit to stand as one
    alternative among other patterns' (None if the pattern cannot be taken apart).

    Global flags at its head ("(?i)…") become a scoped group ("(?i:…)") round each alternative,
    which means the same for it alone; a pattern with groups of its own could clash with the
    others' (numbering, back-references, names), so it is left out.
    """
    if pattern.groups:
        return None
    source = pattern.pattern
    flags = _LEADING_FLAGS.match(source)
    if flags is None:
        if source.startswith("(?") and not source.startswith(("(?:", "(?=", "(?!", "(?<")):
            return None
        return [(branch, f"(?:{branch})") for branch in top_level_branches(source)]
    rest = source[flags.end():]
    if _GLOBAL_FLAGS.match(rest):  # ("(?i)(?s)…": global flags inside a scoped group do not compile)
        return None
    return [(branch, f"(?{flags.group(1)}:{branch})") for branch in top_level_branches(rest)]


_GLOBAL_FLAGS = re.compile(r"\(\?[a-zA-Z]+\)")


@dataclass(frozen=True)
class GuardedBranch:
    """An alternative of some rule that cannot match a block without certain literals in it
    (`regex_literals`): its rule's pattern is tried only on the blocks that hold them."""

    pattern: re.Pattern[str]  # the whole pattern the alternative is part of
    literals: frozenset[str]  # a block may match only if it holds one of these
    folded: bool  # the literals are lower-cased: look for them in the case-folded text


@dataclass(frozen=True)
class Anchored:
    """An alternative anchored at a block's start: as it may stand in an alternation (`scoped`), the
    first characters of its matches (`regex_literals.first_chars`, None if not told), and the rule's
    whole pattern if that may stand in for it (`stand_in`, see `any_rule_prefilter`)."""

    scoped: str
    keys: frozenset[str] | None
    stand_in: re.Pattern[str] | None


class AnchoredRules:
    """The rule alternatives anchored at a block's start, tried with `match`: each block only against
    those that can start with its first character (their first characters read by
    `regex_literals.first_chars`, each case apart; an alternative that does not tell them is tried on
    every block).
    In one alternation `re` tries every alternative in turn at the block's first character (two
    microseconds a block for a site's thirty rules); most blocks start with a letter only a few of
    them can start with. (Compiled lazily, see `match`: compiling an alternation for every first
    character would cost more than a small edition's passes.)"""

    def __init__(self, alternatives: list[Anchored]) -> None:
        self.pattern = "|".join(a.scoped for a in alternatives) or "(?!)"  # (the alternation they are)
        self._alternatives = alternatives
        self._untold = tuple(index for index, a in enumerate(alternatives) if a.keys is None)
        every_key = {key for a in alternatives if a.keys is not None for key in a.keys}
        by_key: dict[str, list[int]] = {key: [] for key in every_key}
        for index, alternative in enumerate(alternatives):  # (in order: each list as the alternation has them)
            for key in every_key if alternative.keys is None else alternative.keys:
                by_key[key].append(index)
        self._by_key = {key: tuple(indexes) for key, indexes in by_key.items()}
        # The alternatives a first character selects are tried one by one, each by its rule's whole
        # pattern, compiled already when the profile was read (or, if that cannot stand in for it, by
        # itself, compiled when a block first needs it); the set is joined into one alternation only
        # once it has served enough blocks to be worth compiling (`_matchers`: a small edition
        # never compiles one, a large one soon does).
        self._one_by_one: dict[tuple[int, ...], tuple[_Matchers, int]] = {}
        self._joined: dict[tuple[int, ...], Callable[[str], re.Match[str] | None]] = {}
        self._uses: dict[tuple[int, ...], int] = {}

    def match(self, text: str) -> re.Match[str] | None:
        chosen = self._chosen(text[:1])
        if not chosen:
            return None  # (no rule can start with this character)
        for matcher in self._tried(chosen, 1):
            found = matcher(text)
            if found is not None:
                return found
        return None

    def matching(self, texts: list[str]) -> set[int]:
        """The indexes of the texts some alternative matches (each text as `match` would try it): the
        texts grouped by the alternatives their first character selects, each group tried by each of
        their patterns in a comprehension (no Python call per text; most match none of them)."""
        groups: dict[tuple[int, ...], list[int]] = {}
        by_key, untold = self._by_key, self._untold
        for index, text in enumerate(texts):
            chosen = by_key.get(text[:1], untold)
            if chosen:
                groups.setdefault(chosen, []).append(index)
        found: set[int] = set()
        for chosen, indexes in groups.items():
            for matcher in self._tried(chosen, len(indexes)):
                found.update([index for index in indexes if matcher(texts[index]) is not None])
        return found

    def _chosen(self, first: str) -> tuple[int, ...]:
        """The alternatives a text whose first character is `first` may match, in order."""
        return self._by_key.get(first, self._untold)

    def _tried(self, chosen: tuple[int, ...], blocks: int) -> _Matchers:
        """The matchers that try the chosen alternatives on `blocks` more blocks: their stand-ins one by
        one, or their alternation once they have served enough blocks (`_matchers`)."""
        joined = self._joined.get(chosen)
        if joined is not None:
            return (joined,)
        one_by_one = self._one_by_one.get(chosen)
        if one_by_one is None:
            one_by_one = self._one_by_one[chosen] = self._matchers(chosen)
        matchers, join_after = one_by_one
        uses = self._uses[chosen] = self._uses.get(chosen, 0) + blocks
        if uses < join_after:
            return matchers
        joined = self._joined[chosen] = re.compile("|".join(self._alternatives[i].scoped for i in chosen)).match
        return (joined,)

    def _matchers(self, chosen: tuple[int, ...]) -> tuple[_Matchers, int]:
        """The `match` of each chosen alternative's stand-in, each pattern once (two alternatives of one
        rule share it), or of the alternative compiled alone; and the blocks they serve before they are
        joined. Compiling an alternation costs about 1.4 µs a character of it, and each pattern tried
        after the first about 0.12 µs a block: they are joined when they have lost about half what
        compiling costs (then a set that serves few more blocks loses little; one of a large edition
        soon gains more). One pattern is never joined: it is as fast as its alternation."""
        matchers: dict[int, Callable[[str], re.Match[str] | None]] = {}
        for index in chosen:
            alternative = self._alternatives[index]
            if alternative.stand_in is not None:
                matchers.setdefault(id(alternative.stand_in), alternative.stand_in.match)
            else:
                matchers[-1 - index] = _compiled_alone(alternative.scoped).match
        if len(matchers) < 2:
            return tuple(matchers.values()), sys.maxsize
        length = sum(len(self._alternatives[index].scoped) for index in chosen)
        return tuple(matchers.values()), max(_JOIN_AFTER, _JOIN_PER_CHARACTER * length // (len(matchers) - 1))


_Matchers = tuple[Callable[[str], re.Match[str] | None], ...]
_JOIN_AFTER = 64  # blocks served by a set of alternatives before it is compiled as one alternation, at least…
_JOIN_PER_CHARACTER = 6  # …and this many for each character of it, over its patterns tried one after another but one


@functools.lru_cache(maxsize=256)
def _compiled_alone(scoped: str) -> re.Pattern[str]:
    """An alternative compiled by itself (once, whichever first characters select it)."""
    return re.compile(scoped)


@dataclass(frozen=True)
class RulePrefilter:
    """Patterns that, between them, match wherever some rule's `line` or `from` pattern does:
    the alternatives anchored at the text's start, joined and tried with `match`; the others,
    searched; and the alternatives guarded by literals, tried only where those occur."""

    at_start: AnchoredRules
    searched: tuple[re.Pattern[str], ...]
    guarded: tuple[GuardedBranch, ...]


@functools.lru_cache(maxsize=32)  # a profile's rules serve all its texts; parsing them is not free
def any_rule_prefilter(rules: tuple[ChromeRule, ...]) -> RulePrefilter | None:
    """The rules' prefilter (None if the rules cannot be taken apart). Most blocks match no rule,
    and a few searches in C rule them out instead of two searches per rule. Each pattern's
    alternatives are taken apart (a pattern matches where one of its alternatives does). One
    that cannot match without some literal ("\\bshare on (?:twitter|…)", "^.*\\bnext post$") is
    guarded: one substring search over the whole page finds the few blocks that may hold it,
    where `re` would try it at every character of every block. Of the rest, the anchored ones are
    kept apart since in an alternation `search` would try them at every character, and one that
    opens with a literal character is searched alone, where `re` skips in C to that character
    (in an alternation it tries every position); the others are joined.

    A prefilter may let through more blocks than the rules start at (the rules decide among
    them), never fewer: so an alternative may be tried by its whole pattern, compiled already,
    instead of being compiled alone (the whole pattern matches wherever the alternative does).
    Anchored alternatives are, unless a sibling alternative runs far into the text
    (`regex_literals.scans_far`): tried with `match` on every block the alternative's first
    character selects, the pattern's other alternatives are tried at the block's start only, and
    fail at its first characters. A pattern of one alternative stands in for it wherever it goes."""
    anchored: list[Anchored] = []
    # (the alternatives searched: each as it may stand in an alternation, and its pattern if that is all of it)
    literal: list[tuple[str, re.Pattern[str] | None]] = []
    anywhere: list[tuple[str, re.Pattern[str] | None]] = []
    guarded: list[GuardedBranch] = []
    for rule in rules:
        for pattern in (rule.line, rule.start):
            if pattern is None:
                continue
            alternatives = _alternatives(pattern)
            if alternatives is None:
                return None
            flags = pattern.flags
            whole = pattern if len(alternatives) == 1 else None
            # (the pattern may stand in for an anchored alternative of it: no alternative of it runs far)
            stand_in = whole or (None if any(scans_far(branch, flags) for branch, _ in alternatives) else pattern)
            for branch, scoped in alternatives:
                # (every match at the text's start: `match` finds what `search` finds)
                anchored_here = anchored_at_start(branch, flags)
                opens_literal = _opens_with_a_literal(branch, flags)
                costly = not opens_literal and (not anchored_here or scans_far(branch, flags))
                needs = required_literals(branch, flags) if costly else None
                if needs is not None:
                    # (tried with its whole pattern, compiled already: a block the alternative matches,
                    # the pattern matches, and the rules decide among the blocks let through)
                    clauses, folded = needs
                    guarded.append(GuardedBranch(pattern, _rarest(clauses), folded))
                elif anchored_here:
                    anchored.append(Anchored(scoped, first_chars(branch, flags), stand_in))
                elif opens_literal:
                    literal.append((scoped, whole))
                else:
                    anywhere.append((scoped, whole))
    try:
        searched = [whole or _compiled_alone(scoped) for scoped, whole in literal]
        if len(anywhere) == 1:
            searched.append(anywhere[0][1] or _compiled_alone(anywhere[0][0]))
        elif anywhere:
            searched.append(re.compile("|".join(scoped for scoped, _ in anywhere)))
        return RulePrefilter(AnchoredRules(anchored), tuple(searched), tuple(guarded))
    except re.error:
        return None


def _rarest(clauses: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The clause likeliest to rule most blocks out: the one whose shortest literal is longest
    (one clause is enough for a guard; each more would cost a search of the whole page)."""
    return max(clauses, key=lambda clause: (min(map(len, clause)), -len(clause)))


def blocks_holding(guarded: tuple[GuardedBranch, ...], texts: list[str]) -> list[set[int]]:
    """For each guarded alternative, the indexes of the texts that hold its literals (one search
    per literal over all the texts joined; a literal never holds a line break, so never spans two).

    The search is made in the page's UTF-8 bytes, lower-cased as bytes for the folded literals:
    a page is mostly ASCII with a few curly quotes, which makes the string two bytes a character,
    and `str.lower` and `str.find` of such a string read it in the slow way (a third of a
    millisecond a page, against a tenth in bytes). UTF-8 keeps every substring a substring (no
    character's bytes start inside another's), and `bytes.lower` folds the ASCII letters alone,
    as `fold_case` does but for the other characters a folded literal cannot hold (non-ASCII
    letters with case, see `regex_literals._literal_char`); a page with one of the four characters
    that fold to ASCII, or not one for one, is searched as text (`_blocks_holding_in_text`)."""
    joined = "\n".join(texts)
    if not guarded or any(char in joined for char in _FOLDED_TO_ASCII):
        return _blocks_holding_in_text(guarded, texts, joined)
    data = joined.encode("utf-8", "surrogatepass")
    folded = data.lower() if any(branch.folded for branch in guarded) else data
    starts: list[int] = []
    offset = 0
    for text in texts:  # (where each text's bytes start: an ASCII text's as many as its characters)
        starts.append(offset)
        offset += (len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))) + 1
    found: list[set[int]] = []
    for branch in guarded:
        haystack = folded if branch.folded else data
        holding: set[int] = set()
        for literal in _shortest_literals_utf8(branch.literals):
            holding.update(_texts_holding(haystack, literal, starts))
        found.append(holding)
    return found


# The characters `fold_case` turns into ASCII, or into more than one character (tests/test_fastpaths_s11_chrome.py
# recomputes them from every code point): in a page that has one, the bytes' folding differs.
_FOLDED_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


@functools.lru_cache(maxsize=256)
def _shortest_literals_utf8(literals: frozenset[str]) -> tuple[bytes, ...]:
    return tuple(literal.encode("utf-8", "surrogatepass") for literal in _shortest_literals(literals))


def _blocks_holding_in_text(guarded: tuple[GuardedBranch, ...], texts: list[str], joined: str) -> list[set[int]]:
    """`blocks_holding`, searched in the text (the page's case folded by `fold_case`)."""
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    folded = fold_case(joined) if any(branch.folded for branch in guarded) else joined
    everywhere = set(range(len(texts)))
    found: list[set[int]] = []
    for branch in guarded:
        haystack = folded if branch.folded else joined
        if len(haystack) != len(joined):  # (never, see fold_case; were it so, the offsets would not hold)
            found.append(everywhere)
            continue
        holding: set[int] = set()
        for literal in _shortest_literals(branch.literals):
            holding.update(_texts_holding(haystack, literal, starts))
        found.append(holding)
    return found


@functools.lru_cache(maxsize=256)
def _shortest_literals(literals: frozenset[str]) -> tuple[str, ...]:
    """The literals that hold no other of them: a text that holds " comment" or "submit comments"
    holds "comment" (each search is one of the whole page)."""
    return tuple(literal for literal in literals
                 if not any(other != literal and other in literal for other in literals))


def _texts_holding(joined: AnyStr, literal: AnyStr, starts: list[int]) -> list[int]:
    """The indexes of the texts (joined, starting at `starts`) that hold `literal`: once each, the
    search going on from the next text (a word like "next " is in many paragraphs, and often twice)."""
    found: list[int] = []
    at = joined.find(literal)
    while at != -1:
        index = bisect.bisect_right(starts, at) - 1
        found.append(index)
        if index + 1 >= len(starts):
            break
        at = joined.find(literal, starts[index + 1])
    return found


_IGNORECASE = int(re.IGNORECASE)  # (a plain integer: `&` with the `enum.IntFlag` runs in Python)

# A character that stands for itself (or an escaped mark), not made optional by what follows it.
_LITERAL_OPENING = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9])(?![*?{])")


def _opens_with_a_literal(branch: str, flags: int) -> bool:
    """Whether every match of the branch starts with one known character (one without case when
    the pattern ignores case): `re` then finds its candidates by that character alone."""
    opening = _LITERAL_OPENING.match(branch)
    if opening is None:
        return False
    char = opening.group()[-1]
    return not flags & _IGNORECASE or char.lower() == char.upper()


def starting_rules(rules: Sequence[ChromeRule], texts: list[str]) -> list[ChromeRule | None]:
    """For each block's text, the first rule that starts at it (None if none does)."""
    prefilter = any_rule_prefilter(tuple(rules))
    if prefilter is None:
        return [_first_starting(rules, text) for text in texts]
    # The blocks some rule may start at: those the joined patterns match, and those that hold a
    # guarded alternative's literals and match it. (Comprehensions: most blocks are ruled out by one
    # `match` call each, with no Python call around it.)
    maybe = prefilter.at_start.matching(texts)
    for pattern in prefilter.searched:
        maybe.update(index for index, text in enumerate(texts) if pattern.search(text) is not None)
    for branch, holding in zip(prefilter.guarded, blocks_holding(prefilter.guarded, texts), strict=True):
        maybe.update(index for index in holding if branch.pattern.search(texts[index]) is not None)
    starting: list[ChromeRule | None] = [None] * len(texts)
    for index in maybe:
        starting[index] = _first_starting(rules, texts[index])
    return starting


def _first_starting(rules: Sequence[ChromeRule], text: str) -> ChromeRule | None:
    return next((r for r in rules if _starts(r, text)), None)


class _Blocks:
    """What the pass reads of each block, computed once: the blocks' text (`Paragraph.text`
    rebuilds it from the inline nodes at every access), the rule that starts at each, and the
    words of running text it holds (asked again and again by the region safety check)."""

    def __init__(self, blocks: list[Block], rules: Sequence[ChromeRule]) -> None:
        self.texts = [block.text for block in blocks]
        self.starting = starting_rules(rules, self.texts)
        self._prose: list[int | None] = [None] * len(blocks)

    def prose_words(self, index: int) -> int:
        """The block's words if it reads as running text, else 0."""
        words = self._prose[index]
        if words is None:
            text = self.texts[index]
            words = self._prose[index] = _prose_words(text)
        return words


def _repeated_run(blocks: list[Block], texts: list[str], index: int, ctx: PassContext) -> int:
    """Length of the run of identical one-line paragraphs starting at `index` (1 if none).

    The copies must stand next to each other in the source (blank lines apart at most): two
    equal lines that only meet because what stood between them was removed are no run.
    `texts` are the blocks' texts, read once (`_Blocks`).
    """
    first = blocks[index]
    if not isinstance(first, Paragraph):
        return 1
    length = 1
    while index + length < len(blocks):
        other, previous = blocks[index + length], blocks[index + length - 1]
        if not (isinstance(other, Paragraph) and texts[index + length] == texts[index]
                and other.span.line - previous.span.end_line <= _MAX_RUN_GAP
                and all(not ctx.source_line(n).strip() for n in range(previous.span.end_line + 1, other.span.line))):
            break  # (a line between them, even one removed since, parts them)
        length += 1
    return length


_MAX_RUN_GAP = 2  # lines from one copy to the next: the next line, or after one blank line


def run(doc: Document, ctx: PassContext) -> None:
    rules = ctx.seed.profile.chrome
    if not rules:
        if ctx.seed.profile.pull_quotes is not None:
            doc.blocks = _without_pull_quotes(doc.blocks, [block.text for block in doc.blocks], doc, ctx)[0]
        return
    kept: list[Block] = []
    kept_indexes: list[int] = []  # where `kept`'s blocks stand in `blocks`, for the region safety check
    blocks = doc.blocks
    scan = _Blocks(blocks, rules)
    repeat_rule = next((r for r in rules if r.repeated), None)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        text = scan.texts[index]
        starting = scan.starting[index]
        if starting is not None and scan.prose_words(index):
            _kept_prose(starting, block, ctx)
            starting = None
        if starting is not None:
            doc.removals.append(Removal(starting.rule, starting.why, text, block.span))
            opens_region = starting.start is not None and starting.start.search(text) is not None
            closes_at_once = starting.end is not None and starting.end.search(text) is not None
            index += 1
            if opens_region and not closes_at_once:
                # The region's blocks removed at once, up to where it stops (`_region_end`: its `to`
                # line, or where another rule takes over), rather than one turn of this loop each.
                end = _region_end(scan, index - 1, starting)
                if _region_holds_the_piece(scan, index - 1, end, kept_indexes):
                    _kept_prose(starting, blocks[index], ctx)
                else:
                    doc.removals.extend([Removal(starting.rule, starting.why, scan.texts[inside], blocks[inside].span)
                                         for inside in range(index, end)])
                    index = end
            continue
        # (a run needs the next block's text to be this one's: most blocks are asked no more)
        repeats = repeat_rule is not None and index + 1 < len(blocks) and scan.texts[index + 1] == text
        run_length = _repeated_run(blocks, scan.texts, index, ctx) if repeats else 1
        if repeat_rule is not None and run_length > 1:
            for repeated, repeated_text in zip(blocks[index:index + run_length],
                                               scan.texts[index:index + run_length], strict=True):
                doc.removals.append(Removal(repeat_rule.rule, repeat_rule.why, repeated_text, repeated.span))
            index += run_length
            continue
        kept.append(block)
        kept_indexes.append(index)
        index += 1
    # (the kept blocks' texts, read once by `_Blocks`, go along with them: `Paragraph.text` rebuilds
    # a text from its nodes at each reading, and each step below reads every block's)
    texts = [scan.texts[index] for index in kept_indexes]
    web = ctx.seed.profile.web
    if web is not None:
        kept, texts = _without_header(kept, texts, doc, ctx, web)
        kept, texts = _without_link_lists(kept, texts, doc, web)
    doc.blocks = _without_pull_quotes(kept, texts, doc, ctx)[0]


def _region_end(scan: _Blocks, index: int, region: ChromeRule) -> int:
    """Where the region `region` opened at block `index` stops (the index after its last block)."""
    end = index + 1
    while end < len(scan.texts):
        text = scan.texts[end]
        if not region.to_end and scan.starting[end] is not None:
            break
        end += 1
        if region.end is not None and region.end.search(text):
            break
    return end


def _region_holds_the_piece(scan: _Blocks, index: int, end: int, kept: list[int]) -> bool:
    """Safety: a region of furniture (a footer, a related list) holds links and short teasers. One
    (opened at block `index`, stopping before `end`) that would remove more running text than the
    page kept above it (the blocks at `kept`) has met
    a line that only looks like furniture ("Published by…" over the piece, "Related" as a heading
    of the body). (The text above is counted only for a region that holds enough running text
    to matter, which furniture seldom does, and only until it is more: counting words is much of
    this pass's time.)"""
    prose = sum(scan.prose_words(inside) for inside in range(index + 1, end))
    if prose < _REGION_PROSE_WORDS:
        return False
    above = 0
    for block in reversed(kept):  # (the nearest first: the sum passes `prose` after a paragraph or two)
        above += scan.prose_words(block)
        if above >= prose:
            return False
    return True


_REGION_PROSE_WORDS = 100


def _kept_prose(rule: ChromeRule, block: Block, ctx: PassContext) -> None:
    ctx.diagnostics.pending("T007", f"rule `{rule.rule}` would have removed running text from here on; kept",
                            ctx.file, block.span.line,
                            hint="if this is the site's furniture, add its first words to the profile's "
                                 "rules; otherwise nothing to do")


_HEADER_KEEP = 4  # blocks right above the title that may be its date line or picture


_Kept = tuple[list[Block], list[str]]  # blocks kept, and their texts


def _without_header(blocks: list[Block], texts: list[str], doc: Document, ctx: PassContext, web: WebRules) -> _Kept:
    """Everything above the title line is the site's header, except a date line or an image
    right above the title (front matter some sites print first). (`texts`: the blocks' texts.)"""
    if not web.header_before_title:
        return blocks, texts
    at = find_title(blocks, ctx.seed.config.title, texts)
    if at is None:
        return blocks, texts
    prose = [b for b, text in zip(blocks[:at], texts, strict=False) if _reads_as_prose(text)]
    if prose:
        # A header is menus, buttons and promotions, not paragraphs of running text: a title found
        # below prose is more likely a phrase the piece repeats (or a code sample's heading) than
        # the page's title. Nothing is removed on that guess; the editor checks text.yml's title.
        ctx.diagnostics.pending("T006", f"text.yml's title is printed only after {len(prose)} paragraph(s) of "
                                "running text; nothing above it was removed as the site's header",
                                ctx.file, prose[0].span.line,
                                hint="if the title in text.yml is right, the page's header holds prose: add its "
                                     "first words to `front_matter:`; otherwise correct the title")
        return blocks, texts
    kept: list[Block] = []
    kept_texts: list[str] = []
    for index, (block, text) in enumerate(zip(blocks[:at], texts, strict=False)):
        near = at - index <= _HEADER_KEEP
        shapes = (ctx.seed.profile.byline, web.date_line, web.image)
        if near and any(shape is not None and shape.search(text) for shape in shapes):
            kept.append(block)
            kept_texts.append(text)
        else:
            doc.removals.append(Removal("page-header", web.why("page-header"), text, block.span))
    return kept + blocks[at:], kept_texts + texts[at:]


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(?:\s|$)")


def _reads_as_prose(text: str) -> bool:
    """Running text: a block of 30 words or more in two sentences or more."""
    return _prose_words(text) > 0


def _prose_words(text: str) -> int:
    """The words of `text` if it reads as running text, else 0 (the text split once for both)."""
    if len(text) < _PROSE_MIN_LENGTH:
        return 0  # (a menu's item, a heading: not split)
    words = len(text.split())
    return words if words >= _PROSE_MIN_WORDS and _two_sentence_ends(text) else 0


_PROSE_MIN_WORDS = 30
# The shortest text of that many words: one character each, and one space between two.
_PROSE_MIN_LENGTH = 2 * _PROSE_MIN_WORDS - 1


def _two_sentence_ends(text: str) -> bool:
    """Whether `_SENTENCE_END` matches `text` twice (as `findall` would count them: the second match
    searched from the end of the first), without searching a long paragraph past its second sentence."""
    first = _SENTENCE_END.search(text)
    return first is not None and _SENTENCE_END.search(text, first.end()) is not None


_LIST_ITEM = re.compile(r"^(?:[•*+\-□◦▪·]|\d{1,3}[.)])\s+(?P<item>.*)$")
_LINK_MARKUP = re.compile(r"!?\[\s*(?P<text>[^\]]*?)\s*\]\([^)]*\)")


def _short_item(text: str, max_words: int) -> bool:
    match = _LIST_ITEM.match(text)
    if match is None:
        return False
    item = _LINK_MARKUP.sub(r"\g<text>", match.group("item")).strip(" _*")
    return len(item.split()) <= max_words and not item.endswith((".", "!", "?", ";"))


def _without_link_lists(blocks: list[Block], texts: list[str], doc: Document, web: WebRules) -> _Kept:
    """A run of short list items (a menu, a tag cloud, a sitemap) is furniture, unless the text
    introduces it ("The main limitations are:"). (`texts`: the blocks' texts.)"""
    if not web.link_list_min_items:
        return blocks, texts
    removed = _link_lists(texts, web.link_list_min_items, web.link_list_max_words)
    if not removed:
        return blocks, texts
    for index in sorted(removed):
        doc.removals.append(Removal("link-list", web.why("link-list"), texts[index], blocks[index].span))
    return ([block for index, block in enumerate(blocks) if index not in removed],
            [text for index, text in enumerate(texts) if index not in removed])


def _link_lists(texts: list[str], min_items: int, max_words: int) -> set[int]:
    """The indexes of the blocks in link lists: each whole run of short items (no more than
    `max_words` words) of `min_items` items or more, unless the block above it ends with a colon.
    (That block is never an item, so never removed: the runs are found first, in one pass that only
    asks `_LIST_ITEM` of most blocks, rather than walked block by block.)"""
    removed: set[int] = set()
    items = [index for index, text in enumerate(texts)
             if _LIST_ITEM.match(text) is not None and _short_item(text, max_words)]
    at = 0
    while at < len(items):
        start = end = items[at]
        while at + 1 < len(items) and items[at + 1] == end + 1:
            at += 1
            end += 1
        at += 1
        introduced = start > 0 and texts[start - 1].rstrip().endswith(":")
        if end + 1 - start >= min_items and not introduced:
            removed.update(range(start, end + 1))
    return removed


_QUOTES = " \"'“”‘’«»"
_MIN_PULL_QUOTE_WORDS = 5


def repeated_in_a_longer_block(folded: list[str]) -> list[bool]:
    """For each block (its comparable text), whether it has enough words to be a pull quote and
    a longer block holds it word for word.

    The blocks are joined longest first, so that the blocks longer than a given one are a prefix of
    the join: one search of that prefix tells whether one of them holds its quote (the longest
    blocks, most of a page's text, are searched for in little or nothing, where each was counted
    in the whole page and then looked for block by block). A block holding the separator (never,
    in a page's text) is read as `_repeated_block_by_block` reads it."""
    if any(_PAGE_SEPARATOR in text for text in folded):
        return _repeated_block_by_block(folded)
    by_length = sorted(range(len(folded)), key=lambda index: len(folded[index]), reverse=True)
    longest_first = _PAGE_SEPARATOR.join([folded[index] for index in by_length])
    longer_end: dict[int, int] = {}  # a length → where the blocks longer than it end in the join
    end = 0
    for index in by_length:
        longer_end.setdefault(len(folded[index]), max(end - 1, 0))
        end += len(folded[index]) + 1
    found: list[bool] = []
    for text in folded:
        limit = longer_end[len(text)]
        if not limit:
            found.append(False)  # (no block is longer)
            continue
        quote = text.strip(_QUOTES)
        found.append(_enough_words(quote) and longest_first.find(quote, 0, limit) != -1)
    return found


def _repeated_block_by_block(folded: list[str]) -> list[bool]:
    """`repeated_in_a_longer_block` as it read before: each block's quote counted in the whole page,
    then looked for in each longer block."""
    # Every block's text, apart: a quote that is in another block is in here twice at least (one
    # search in C rules out most blocks before the comparison with each other block).
    everything = "\x00".join(folded)
    found: list[bool] = []
    for index, text in enumerate(folded):
        quote = text.strip(_QUOTES)
        # The cheaper test first: a long paragraph's text is counted fast (found once, by long
        # strides) and then needs no splitting; a short block (a menu's item) is split fast, and
        # has too few words to be a pull quote before the page is searched for it.
        if len(quote) > _SHORT_BLOCK:
            maybe = ("\x00" in quote or everything.count(quote) > 1) and _enough_words(quote)
        else:
            maybe = _enough_words(quote) and ("\x00" in quote or everything.count(quote) > 1)
        found.append(maybe and any(other != index and len(folded[other]) > len(text) and quote in folded[other]
                                   for other in range(len(folded))))
    return found


def folded_for_comparison(texts: list[str]) -> list[str]:
    """`comparable(text).casefold()` of each text, the marks of the page folded at once: folding the
    marks changes each character by itself (no quotation mark or dash composes or decomposes), so a
    text's part of the folded page is its own folding. Then each text that is ASCII, most of them, is
    lower-cased (for ASCII that is NFC and casefold), and only the others normalised and casefolded:
    on a page with a few non-ASCII letters, `casefold` and NFC of the whole would read every character
    in the slow way (rather than fifteen calls for each block, or that)."""
    page = _PAGE_SEPARATOR.join(texts)
    if page.count(_PAGE_SEPARATOR) != len(texts) - 1:  # a text holds the separator itself: each alone
        return [" ".join(fold_marks(unicodedata.normalize("NFC", text)).split()).casefold() for text in texts]
    folded = fold_marks(page)
    if folded.isascii():  # (half the pages once their marks are folded: lower-cased at once)
        return [spaced_once(text) for text in folded.lower().split(_PAGE_SEPARATOR)]
    return [spaced_once(text.lower() if text.isascii() else unicodedata.normalize("NFC", text).casefold())
            for text in folded.split(_PAGE_SEPARATOR)]


_PAGE_SEPARATOR = "\x00"


def spaced_once(text: str) -> str:
    """`" ".join(text.split())`, without splitting a text that it leaves as it is: one whose words are
    parted by single spaces, with none around them (most paragraphs). Every white space character
    but the space is unprintable (tests/test_fastpaths_s11b_chrome.py checks every code point), so
    a printable text holds no other; `isprintable` and `in` read the text in C, where splitting
    and joining built a string for each of its words (two thirds of the folding's time)."""
    if text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return text
    return " ".join(text.split())


_SHORT_BLOCK = 80  # characters: a block this short is split before it is counted


def _enough_words(quote: str) -> bool:
    return len(quote.split(maxsplit=_MIN_PULL_QUOTE_WORDS - 1)) >= _MIN_PULL_QUOTE_WORDS


def _without_pull_quotes(blocks: list[Block], texts: list[str], doc: Document, ctx: PassContext) -> _Kept:
    """A block that repeats, word for word, part of a longer block is a pull quote (if the profile says so).

    Only an exact repetition counts (quotes, case, dashes and spacing aside): a pull quote
    the magazine shortened or reworded is not recognised and stays, since it may be text.
    (`texts`: the blocks' texts.)
    """
    rule = ctx.seed.profile.pull_quotes
    if rule is None:
        return blocks, texts
    # A code listing is never a pull quote, nor holds one: programs repeat their lines.
    folded = folded_for_comparison(["" if isinstance(block, Preformatted) else text
                                    for block, text in zip(blocks, texts, strict=True)])
    similarity = ctx.seed.profile.web.pull_quote_similarity if ctx.seed.profile.web else 1.0
    found = repeated_in_a_longer_block(folded)
    if similarity < 1.0:
        found = [hit or (_set_off(text) and _nearly_in_another(index, folded, similarity))
                 for index, (text, hit) in enumerate(zip(texts, found, strict=True))]
    kept: list[Block] = []
    kept_texts: list[str] = []
    for block, text, repeated in zip(blocks, texts, found, strict=True):
        if repeated:
            doc.removals.append(Removal(rule.rule, rule.why, text, block.span))
        else:
            kept.append(block)
            kept_texts.append(text)
    return kept, kept_texts


# A pull quote is set off: in quotation marks, as a block quote, or as a (small) heading.
_SET_OFF = re.compile(r"^(?:>|#{1,6}\s|[_*]+\s*[\"“‘]|[\"“‘])")
_WORDS = re.compile(r"\w+")
_MAX_PULL_QUOTE_WORDS = 80
_PULL_SOURCE_FACTOR = 2  # a retouched pull quote is a passage of a paragraph twice its length at least…
_PULL_SOURCE_WORDS = 30  # …or of a paragraph of running text


def _set_off(text: str) -> bool:
    return _SET_OFF.match(text.strip()) is not None


def _nearly_in_another(index: int, folded: list[str], similarity: float) -> bool:
    """Whether the words of block `index` are, all but a few, a passage of a longer block (a
    pull quote the magazine shortened or retouched)."""
    quote = _WORDS.findall(folded[index])
    if not _MIN_PULL_QUOTE_WORDS <= len(quote) <= _MAX_PULL_QUOTE_WORDS:
        return False
    vocabulary = set(quote)
    for other, text in enumerate(folded):
        if other == index or len(text) <= len(folded[index]):
            continue
        words = _WORDS.findall(text)
        if len(words) < _PULL_SOURCE_FACTOR * len(quote) and len(words) < _PULL_SOURCE_WORDS:
            continue  # a line barely longer is its neighbour in a list or table, not a quote's paragraph
        if len(vocabulary.intersection(words)) < similarity * len(vocabulary):
            continue  # most blocks share too few words to be worth aligning
        matcher = SequenceMatcher(None, quote, words, autojunk=False)
        if sum(size for _, _, size in matcher.get_matching_blocks()) >= similarity * len(quote):
            return True
    return False
