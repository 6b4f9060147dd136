"""Pass: remove what every printed page repeats — page numbers, running heads, stamps.

A PDF extraction keeps each page's furniture as lines of text: the page number, the
running head ("S. Curtis: Global Cities and the Ends of Globalism 77"), a repository's
download stamp. The profile's `page_furniture:` rules name them: a `line` rule matches a
whole line, a `repeated: N` rule matches a short line printed at least N times (digits
ignored, so a running head with its page number is one line).

Furniture sits at the edges of a page. When the extraction marks pages with form feeds,
a rule only removes lines at a page's top or foot (a run of furniture lines from the edge
inwards); the same line in the middle of a page is kept, with warning P006, because it
may be the author's. Without form feeds there is no edge to go by and every matching line
is removed. Each removed line is recorded with its rule, so the removal report lists it
and the word accounting counts it. A block cut in two by a removed line becomes two
blocks: the page break is a paragraph break unless `rejoin_page_breaks` finds the second
half continuing the first (P004 warns when it will not but the first half is unfinished).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from build_tools.load.config import FurnitureRule
from build_tools.model import Block, Document, Paragraph, Removal, Span, Text
from build_tools.passes.context import PassContext
from build_tools.passes.regex_literals import anchored_at_start
from build_tools.passes.split_blocks import stripped_lines

_MAX_FURNITURE_WORDS = 14  # a running head is short; a repeated sentence of the text is not furniture
_SINGLE_WARNINGS = 3  # past this many lines kept under one rule, one warning lists them
_MIN_PAGE_NUMBERS = 3  # page numbers that count the pages in step, to tell a section number from them
_MIN_PAGE_LINES = 12  # a printed page has more lines than this, so its furniture repeats no closer
_FINISHED = re.compile(r"[.!?…:;]['’\"”)]*$")


_DIGITS = re.compile(r"\d+")
_HAS_LETTER = re.compile(r"[^\W\d_]")  # a repeated line of digits alone ("4.2") is a section number, not a head
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_CAPTION = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+\d")
# A repeated line shaped like a note or a sentence with its marker is the text's own: a law review's
# notes repeat "107 See supra note 106 and accompanying text." with other numbers (a running head
# "Smith, Jones et al. | 3" also ends with a full stop, but opens with no note number).
_SENTENCE = re.compile(r"^\d{1,3}\.?\s.*[.!?]['’\"”)]*$|[a-z][.!?]['’\"”)]*\d{1,3}$")


def may_be_sentence(text: str) -> bool:
    """Whether `_SENTENCE` may match: a digit opens the text or ends it (`$` is also before a last line
    break). Most running heads have neither, and the second branch would be tried at every character."""
    return text[:1].isdecimal() or text[-1:].isdecimal() or text[-2:-1].isdecimal()


# A page number set off by a bar beside a running head ("14 | de-RSE Position Paper", "Smith et al. | 17"):
# the head is the same on every page, the number is not.
_PAGE_SEPARATOR = re.compile(r"^(?:\d{1,4}\s*)?\|\s*|\s*\|(?:\s*\d{1,4})?$")


def _core(line: str) -> str:
    text = line.replace("\f", "").strip()
    return _PAGE_SEPARATOR.sub("", text) if "|" in text else text


_WORD = re.compile(r"\w{3,}")  # (the module's patterns: compiled with it, not again by each cold run)
_ENTRY_NUMBER = re.compile(r"\d{1,3}\.(?:\s|$)")


def _shares_words(line: str, title: str) -> bool:
    words = {w for w in _WORD.findall(title.casefold())}
    return not words or any(w in words for w in _WORD.findall(line.casefold()))


def repeat_key(line: str) -> str:
    """A line as a repeated-line rule compares it: digits and spacing ignored."""
    return " ".join(_DIGITS.sub("#", line.replace("\f", "")).split())


class FurnitureFinder:
    """Which rule, if any, a line of the source matches (the line by its index in `lines`)."""

    def __init__(self, rules: tuple[FurnitureRule, ...], lines: list[str], title: str = "",
                 form_feeds: bool = True) -> None:
        self.rules = rules
        self.any_line = line_rules(tuple(rule.line for rule in rules if rule.line is not None)).finder(len(lines))
        self.repeated = tuple(rule for rule in rules if rule.repeated is not None)
        # Each line as the rules read it, worked out once: both the counting here and `rule_for`
        # (asked of every line, some twice) read it. Without a form feed in any line (`form_feeds`
        # False), that is the line stripped, as `split_blocks` stripped the same lines already.
        self.wholes = [line.replace("\f", "").strip() for line in lines] if form_feeds else stripped_lines(lines)
        # The first line of a work is its title, which a running head often repeats: never furniture
        # (unless the editor's title is known and that line prints none of it: a file name and date
        # the typesetter printed over every page, "Paper.tex, January 9, 2020").
        self.title_index = next((i for i, whole in enumerate(self.wholes) if whole), -1)
        if title and self.title_index >= 0 and not _shares_words(lines[self.title_index], title):
            self.title_index = -1
        self.counts: Counter[str] = Counter()
        self.keys: dict[int, tuple[str, str]] = {}  # index → (the line's core, its repeat key): short lines only
        last_seen: dict[str, int] = {}
        for index, whole in enumerate(self.wholes):
            if not whole:
                continue  # (a blank line: no furniture; half the lines of a text with blank lines between blocks)
            text = _PAGE_SEPARATOR.sub("", whole) if "|" in whole else whole  # (`_core(line)`)
            # furniture starts with a word or a number, never with punctuation, and is short (the
            # key has as many words as the line: only runs of digits change); checked before the key
            if not text[:1].isalnum() or len(text.split(maxsplit=_MAX_FURNITURE_WORDS)) > _MAX_FURNITURE_WORDS:
                continue
            key = repeat_key(text)
            self.keys[index] = (text, key)
            if index - last_seen.get(key, -_MIN_PAGE_LINES) >= _MIN_PAGE_LINES:
                self.counts[key] += 1  # occurrences closer than a page apart are the text's own
            last_seen[key] = index
        # Whether a `repeated` rule can find any line: a short line printed often enough for the least of
        # them. When none is (most texts without form feeds: no line repeats a page apart), the short
        # lines are no candidates of their own, and `rule_for` is not asked of them.
        least = min((rule.repeated for rule in self.repeated if rule.repeated is not None), default=None)
        self.may_repeat = least is not None and max(self.counts.values(), default=0) >= least

    def candidates(self) -> list[int]:
        """The indexes, in order, of the lines `rule_for` may find a rule for: a `line` rule matches, or a
        short line a `repeated` one may count (every other line's answer is None: a long one, most, is
        asked nothing more than the one search, and no call per line is made)."""
        keys, any_line = (self.keys if self.may_repeat else {}), self.any_line
        return [index for index, whole in enumerate(self.wholes) if whole and (index in keys or any_line(whole))]

    def rule_for(self, index: int) -> FurnitureRule | None:
        whole = self.wholes[index]
        if not whole:
            return None
        if not self.any_line(whole):  # (most lines: no `line` rule matches, only a `repeated` one may)
            for rule in self.repeated:
                count = self._repeats(index)
                if count is not None and count >= rule.repeated:  # type: ignore[operator]
                    return rule
            return None
        for rule in self.rules:
            if rule.line is not None and rule.line.search(whole):
                return rule
            if rule.repeated is not None:
                count = self._repeats(index)
                if count is not None and count >= rule.repeated:
                    return rule
        return None

    def _repeats(self, index: int) -> int | None:
        """How often a line that may be a running head is printed (None for a line that may not be:
        a long one, one opening with punctuation, the title, digits alone, a note or a sentence)."""
        core = self.keys.get(index)  # (the word count first, in `__init__`: it rules out running text)
        if core is None or index == self.title_index:
            return None
        text, key = core
        if not _HAS_LETTER.search(text) or (may_be_sentence(text) and _SENTENCE.search(text)):
            return None
        return self.counts[key]


@lru_cache(maxsize=64)
def any_line_rule(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], object]:
    """Does any of the patterns match in a line? The patterns without groups or flags are tried as one
    alternation (a search per line, not one per rule: their `^` anchors keep it at the line's start);
    one with a group (a back-reference's) or flags of its own is tried by itself. (Per rule set.)"""
    joinable = [p for p in patterns if p.groups == 0 and p.flags == re.UNICODE]
    alone = tuple(_finder(p) for p in patterns if p.groups != 0 or p.flags != re.UNICODE)
    try:
        # (anchored if every pattern is: told from each, read without parsing when it opens with `^`,
        # where the alternation, which opens with "(?:", would be parsed once more)
        joined = _finder(_joined(joinable), all(anchored_at_start(p.pattern, p.flags) for p in joinable)) \
            if joinable else None
    except re.error:  # (a pattern that cannot stand in an alternation: each by itself)
        joined, alone = None, tuple(_finder(p) for p in patterns)

    if not alone:
        return joined if joined is not None else _no_match
    by_itself: Callable[[str], object] = alone[0] if len(alone) == 1 else lambda text: any(s(text) for s in alone)
    if joined is None:
        return by_itself
    both = joined

    def any_line(text: str) -> bool:
        return both(text) is not None or bool(by_itself(text))
    return any_line


# Lines of text a rule set's `line` patterns are asked of one by one before they are compiled as one
# alternation. The compile (~0.8 ms) costs as much as asking ~1,600 lines one by one rather than as one
# (~0.5 µs more a line of text: half are blank or short, and never asked): a build of a few PDF texts never
# compiles it, a larger one does before the text that would take it past the budget. Same answers.
_JOIN_AFTER = 1_500


class LineRules:
    """A rule set's `line` patterns, asked of the lines of each text (`finder`): one by one for the first
    texts, as `any_line_rule`'s one alternation once their lines would pay for its compile. (Per rule set,
    cached for the build: a fresh build counts from nothing.)"""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns
        self.looks = 0  # lines asked one by one so far
        self.joined = False  # the alternation compiled: every later text is asked with it too
        self.one_by_one = one_by_one(patterns)

    def finder(self, lines: int) -> Callable[[str], object]:
        """The test for the lines of a text of `lines` lines (each is asked once or twice)."""
        if self.joined or self.looks + lines > _JOIN_AFTER:
            self.joined = True
            return any_line_rule(self.patterns)
        self.looks += lines
        return self.one_by_one


@lru_cache(maxsize=64)
def line_rules(patterns: tuple[re.Pattern[str], ...]) -> LineRules:
    return LineRules(patterns)


def one_by_one(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], object]:
    """Does any of the patterns match in a line? Each tried by itself (its `match` when anchored: see
    `_finder`), in the rules' order: `any_line_rule`'s answer, with nothing compiled."""
    if not patterns:
        return _no_match
    finders = tuple(_finder(p) for p in patterns)
    if len(finders) == 1:
        return finders[0]

    def any_line(text: str) -> bool:
        for find in finders:  # noqa: SIM110 - a loop, not any() over a generator: asked of every line
            if find(text) is not None:
                return True
        return False
    return any_line


def _joined(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """The patterns as one alternation; one pattern is its own (compiled already with the profile: wrapped
    in "(?:…)", as each is in the alternation, it matches the same, but was compiled once more)."""
    return patterns[0] if len(patterns) == 1 else re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def _finder(pattern: re.Pattern[str], anchored: bool | None = None) -> Callable[[str], re.Match[str] | None]:
    """The pattern's `search`, or its `match` when every match starts at the line's start (most rules:
    `^…`; `anchored` if known): the same answer, found without trying the pattern at every character
    of every line."""
    if anchored is None:
        anchored = anchored_at_start(pattern.pattern, pattern.flags)
    return pattern.match if anchored else pattern.search


def _no_match(text: str) -> bool:
    return False


_last_breaks: tuple[list[str] | None, object, frozenset[int]] = (None, None, frozenset())


def page_break_lines(lines: list[str], rules: tuple[FurnitureRule, ...]) -> frozenset[int]:
    """Indexes of the lines a `page_break` rule matches (`<<PAGE_BREAK>>`), stripped. The last text's are
    kept: split_columns, this pass and layout_lines all ask, of the same lines (which no pass changes)."""
    global _last_breaks
    if _last_breaks[0] is lines and _last_breaks[1] is rules:
        return _last_breaks[2]
    breaking = any_line_rule(tuple(rule.line for rule in rules if rule.page_break and rule.line is not None))
    blank = bool(breaking(""))  # (whether a blank line is one: asked once, not of every blank line)
    found = frozenset(i for i, line in enumerate(lines)
                      if ((text := line.strip()) and breaking(text)) or (blank and not text))
    _last_breaks = (lines, rules, found)
    return found


def furniture_lines(lines: list[str], rules: tuple[FurnitureRule, ...], ctx: PassContext) -> dict[int, FurnitureRule]:
    """1-based line numbers of the furniture lines, with the rule that matched each."""
    fed = {i for i, line in enumerate(lines) if "\f" in line}
    finder = FurnitureFinder(rules, lines, ctx.seed.config.title, form_feeds=bool(fed))
    found: dict[int, FurnitureRule] = {}
    # A page ends at a form feed, or at a line a `page_break` rule names (`<<PAGE_BREAK>>`).
    breaks = sorted(fed | page_break_lines(lines, rules))
    _cover_page(lines, rules, breaks, found)
    paged = bool(breaks)
    if not paged:
        for index in finder.candidates():
            rule = finder.rule_for(index)
            if rule is not None:
                found[index + 1] = rule
        _section_numbers_unpaged(lines, found)
        return found
    # a marker line is itself furniture (matched by its rule below); a form feed starts its own line's page
    starts = [0] + [i + 1 if _page_break(lines[i], rules) else i for i in breaks]
    bounds = [*starts, len(lines)]
    for index in breaks:
        rule = _page_break(lines[index], rules)
        if rule is not None:
            found[index + 1] = rule
    for top, bottom in pairwise(bounds):
        _edge_run(range(top, bottom), lines, finder, found)
        _edge_run(range(bottom - 1, top - 1, -1), lines, finder, found)
    _section_numbers_kept(lines, bounds, found)
    kept: dict[str, list[int]] = {}
    for index in finder.candidates():
        rule = finder.rule_for(index)
        if rule is not None and index + 1 not in found:
            kept.setdefault(rule.rule, []).append(index)
    hint = "if it is furniture, the extraction lost a form feed here; if it is the author's, nothing to do"
    for name, indexes in kept.items():
        if len(indexes) <= _SINGLE_WARNINGS:
            for index in indexes:
                ctx.diagnostics.warning("P006", f"“{lines[index].strip()}” looks like page furniture (rule `{name}`) "
                                        "but is not at a page's top or foot; kept", ctx.file, index + 1, 1, hint=hint)
            continue
        # a table's or a figure's numbers mid-page match the page-number rule by the dozen: one warning
        examples = ", ".join(f"“{lines[i].strip()[:30]}” (line {i + 1})" for i in indexes[:_SINGLE_WARNINGS])
        ctx.diagnostics.warning("P006", f"{len(indexes)} lines look like page furniture (rule `{name}`) but are not at "
                                f"a page's top or foot; kept: {examples} …", ctx.file, indexes[0] + 1, 1, hint=hint)
    return found


def _section_numbers_kept(lines: list[str], bounds: list[int], found: dict[int, FurnitureRule]) -> None:
    """A bare number at a page's edge is the page number when it fits the count of the pages; one
    that does not ("3" at the top of page 5, over "Methods") is a section number the extraction put
    on a line of its own: it stays for the layout pass to join to its heading."""
    numbers = [(page, index) for page, (top, bottom) in enumerate(pairwise(bounds))
               for index in range(top, bottom) if index + 1 in found and _BARE_NUMBER.match(lines[index].strip())]
    offsets = Counter(int(lines[index].strip()) - page for page, index in numbers)
    if not offsets:
        return
    offset, count = offsets.most_common(1)[0]
    if count < _MIN_PAGE_NUMBERS:
        return
    for page, index in numbers:
        if int(lines[index].strip()) - page != offset and _heading_below(lines, index):
            del found[index + 1]


def _section_numbers_unpaged(lines: list[str], found: dict[int, FurnitureRule]) -> None:
    """Without page edges to go by, a bare number that stands alone over a short capitalised line
    standing alone (`2` / `Limitations and further work`, blank lines around) is a section number
    and stays, when the other bare numbers count the pages up one by one through the text."""
    numbers = [(index, int(lines[index].strip())) for index in range(len(lines))
               if index + 1 in found and _BARE_NUMBER.match(lines[index].strip())]
    sections = {index for index, _ in numbers if _name_below(lines, index)}
    over_names = {index for index, _ in numbers if _heading_below(lines, index)}
    pages = [value for index, value in numbers if index not in over_names]
    if _counts_up(pages) >= _MIN_PAGE_NUMBERS:
        for index in sections:
            del found[index + 1]
    elif _counts_up([value for index, value in numbers if index in over_names]) >= _MIN_PAGE_NUMBERS:
        for index in over_names:  # no page numbers at all: the bare numbers over names count the sections
            del found[index + 1]


def _counts_up(values: list[int]) -> int:
    """The longest run of values that go up one by one."""
    run, longest = 1, min(1, len(values))
    for before, value in pairwise(values):
        run = run + 1 if value == before + 1 else 1
        longest = max(longest, run)
    return longest


def _name_below(lines: list[str], index: int) -> bool:
    """Is the next line with words a heading's name on a line of its own (a blank line after it)?"""
    following = [(j, line.strip()) for j, line in enumerate(lines[index + 1:index + 4], index + 1) if line.strip()]
    if not following or not _heading_below(lines, index):
        return False
    j, name = following[0]
    if _CAPTION.match(name):
        return False  # "Table 1" under a page number
    after = lines[j + 1].strip() if j + 1 < len(lines) else ""
    return not after or bool(_ENTRY_NUMBER.match(after))  # (or "References" over its entry "1.")


def _heading_below(lines: list[str], index: int) -> bool:
    """Is the next line with words a short unfinished line opening with a capital (a heading's name)?"""
    for line in lines[index + 1:index + 4]:
        text = line.replace("\f", "").strip()
        if text:
            return text[:1].isupper() and len(text.split()) <= _MAX_FURNITURE_WORDS and not _FINISHED.search(text)
    return False


def _page_break(line: str, rules: tuple[FurnitureRule, ...]) -> FurnitureRule | None:
    text = line.strip()
    for rule in rules:  # (a loop, not a generator: it is asked of every line)
        if rule.page_break and rule.line is not None and rule.line.search(text):
            return rule
    return None


def _cover_page(lines: list[str], rules: tuple[FurnitureRule, ...], breaks: list[int],
                found: dict[int, FurnitureRule]) -> None:
    """A repository's cover page (its first page, before the work's own first page) goes whole."""
    if not breaks:
        return
    for rule in rules:
        if rule.cover is None:
            continue
        first = range(0, breaks[0])
        if any(rule.cover.search(lines[i].replace("\f", "").strip()) for i in first):
            for i in first:
                if lines[i].replace("\f", "").strip():
                    found[i + 1] = rule
            return


def _edge_run(indexes: range, lines: list[str], finder: FurnitureFinder, found: dict[int, FurnitureRule]) -> None:
    """Mark furniture lines from a page's edge inwards, stopping at the first line of text."""
    for index in indexes:
        if not lines[index].replace("\f", "").strip() or index + 1 in found:
            continue
        rule = finder.rule_for(index)
        if rule is None:
            return
        found[index + 1] = rule


def run(doc: Document, ctx: PassContext) -> None:
    rules = ctx.seed.profile.page_furniture
    if not rules:
        return
    found = furniture_lines(ctx.source_lines, rules, ctx)
    if not found:
        return
    kept: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and any(n in found for n in range(block.span.line, block.span.end_line + 1)):
            kept.extend(_cut(block, found, doc, ctx))
        else:
            kept.append(block)
    doc.blocks = kept


def _cut(block: Paragraph, found: dict[int, FurnitureRule], doc: Document, ctx: PassContext) -> list[Block]:
    """The block without its furniture lines, as one block per run of remaining lines."""
    pieces: list[Block] = []
    run_lines: list[tuple[int, str]] = []

    def close() -> None:
        if run_lines:
            pieces.append(Paragraph([Text("\n".join(t for _, t in run_lines))],
                                    Span(ctx.file, run_lines[0][0], run_lines[-1][0])))
            run_lines.clear()

    for offset, text in enumerate(block.text.split("\n")):
        number = block.span.line + offset
        rule = found.get(number)
        if rule is None:
            run_lines.append((number, text))
            continue
        close()
        doc.removals.append(Removal(rule.rule, rule.why, text, Span(ctx.file, number, number)))
    close()
    for before, after in pairwise(pieces):
        if not _FINISHED.search(before.text) and not after.text[:1].islower():
            ctx.diagnostics.warning("P004", "a paragraph seems to run on across a page break, but the next "
                                    "page starts with a capital; kept as two paragraphs", ctx.file, after.span.line, 1,
                                    hint="check the page break in the source: if the paragraph does run on, "
                                         "the edition splits it here")
    return pieces
