"""Fast paths of the PDF passes (split_blocks … plain_note_markers) change nothing: each is checked
against the straightforward version it replaced, on generated text.

- split_blocks' one strip per line and its one-line blocks against the per-block join;
- split_columns' and strip_page_furniture's tests before their scans (a run of spaces, the page-break
  rules alone), and the furniture finder reading each line once against the rule-by-rule loop;
- plain_note_markers' digit-first glued-digit pattern and its symbol test by `str.find`, and its real
  run reading only the blocks the trial found a candidate in;
- detect_headings' word count before the rest, rejoin_page_breaks' first character and finished
  sentence read without joining or searching the whole paragraph;
- layout_lines' glued-marker scan started at the first place a marker may be, its symbol scan by
  `str.find` with the text-wide private-use test, and its references-heading test by length first;
- plain_note_markers' byte-class prefilter before the glued-digit scan (per text, and over a document's
  blocks joined), and its note-shaped test skipped for a letter first; layout_lines' heading test of a
  block's last line by its outline number first and its note tests skipped for a letter first;
  strip_page_furniture's candidate lines (every line a rule is found for).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.model import (
    Emphasis,
    FootnoteRef,
    Inline,
    Link,
    Paragraph,
    Preformatted,
    Role,
    Span,
    Strong,
    Text,
    plain_text,
    walk_inlines,
)
from build_tools.passes import (
    detect_headings,
    layout_lines,
    lift_footnotes,
    plain_note_markers,
    rejoin_page_breaks,
    split_blocks,
    split_columns,
    split_reference_entries,
)
from build_tools.passes.strip_page_furniture import (
    _HAS_LETTER,
    _MAX_FURNITURE_WORDS,
    _MIN_PAGE_LINES,
    _SENTENCE,
    FurnitureFinder,
    _core,
    any_line_rule,
    may_be_sentence,
    page_break_lines,
    repeat_key,
)

# --- split_blocks -------------------------------------------------------------------------------


def blocks_joining_each(lines: list[str], file: str, per_line: bool) -> list[Paragraph]:
    """The loop split_blocks had: lines gathered per block, each block's stripped lines joined."""
    blocks: list[Paragraph] = []
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            text = "\n".join(line.strip() for _, line in current)
            blocks.append(Paragraph([Text(text)], Span(file, current[0][0], current[-1][0])))
            current.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            flush()
            continue
        current.append((number, line))
        if per_line:
            flush()
    flush()
    return blocks


@settings(max_examples=600, deadline=None)
@given(st.lists(st.text(alphabet="a \t\f\u00a0.", max_size=5), max_size=12), st.booleans())
def test_line_blocks_are_the_blocks_the_join_per_block_made(lines: list[str], per_line: bool) -> None:
    assert split_blocks._line_blocks(lines, "f", per_line) == blocks_joining_each(lines, "f", per_line)


# --- split_columns: the run-of-spaces test before the sweep -------------------------------------


@settings(max_examples=600, deadline=None)
@given(st.lists(st.text(alphabet="ab  .", min_size=0, max_size=60), min_size=0, max_size=14))
def test_a_page_the_gutter_pretest_rules_out_has_no_gutter(page: list[str]) -> None:
    if sum(1 for line in page if "  " in line.rstrip()) < split_columns._MIN_TWO_SIDED:
        # the sweep counts, per column, the lines with a run of two spaces or more there: none reaches 8
        assert all(sum(1 for line in page if line.rstrip()[column:column + 2] == "  ") < split_columns._MIN_TWO_SIDED
                   for column in range(max((len(line) for line in page), default=0)))
        assert split_columns.find_gutter(page) is None


def test_page_ranges_are_remembered_only_for_the_same_lines() -> None:
    rules = (SimpleNamespace(page_break=True, line=re.compile(r"^<<PB>>$")),)
    ctx: Any = SimpleNamespace(seed=SimpleNamespace(profile=SimpleNamespace(page_furniture=rules)))
    first = ["a", "<<PB>>", "b", "\fc", "d"]
    assert split_columns.page_ranges(first, ctx) == [(0, 2), (2, 3), (3, 5)]
    second = ["a", "b", "c"]  # another text: not the last one's pages
    assert split_columns.page_ranges(second, ctx) == [(0, 3)]
    assert split_columns.page_ranges(first, ctx) == [(0, 2), (2, 3), (3, 5)]


# --- strip_page_furniture: each line read once ----------------------------------------------------


def rule_for_by_the_loop(finder: FurnitureFinder, line: str, index: int) -> Any:
    """The rule loop as it was: the line's core and its repeat key worked out per rule."""
    whole = line.replace("\f", "").strip()
    if not whole:
        return None
    text = _core(line)
    for rule in finder.rules:
        if rule.line is not None and rule.line.search(whole):
            return rule
        if rule.repeated is not None and text[:1].isalnum() and index != finder.title_index \
                and len(text.split(maxsplit=_MAX_FURNITURE_WORDS)) <= _MAX_FURNITURE_WORDS \
                and _HAS_LETTER.search(text) and not _SENTENCE.search(text) \
                and finder.counts[repeat_key(text)] >= rule.repeated:
            return rule
    return None


def counts_by_the_loop(lines: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    last_seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        text = _core(line)
        if not text[:1].isalnum() or len(text.split(maxsplit=_MAX_FURNITURE_WORDS)) > _MAX_FURNITURE_WORDS:
            continue
        key = repeat_key(text)
        if index - last_seen.get(key, -_MIN_PAGE_LINES) >= _MIN_PAGE_LINES:
            counts[key] += 1
        last_seen[key] = index
    return counts


FURNITURE_RULES = (
    SimpleNamespace(rule="page-number", line=re.compile(r"^\d{1,3}$"), repeated=None, page_break=False),
    SimpleNamespace(rule="doubled", line=re.compile(r"^(?:(\S)\1|\s)+$"), repeated=None, page_break=False),
    SimpleNamespace(rule="stamp", line=re.compile(r"^A head|note\.$", re.I), repeated=None, page_break=False),
    SimpleNamespace(rule="head", line=None, repeated=2, page_break=False),
    SimpleNamespace(rule="any-head", line=None, repeated=0, page_break=False),  # (0: a count of 0 is enough)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "12", "A Head 3", "A Head 4", "\fA Head", "x | 7", "7 | A Head",
                                 "1. A note.", "Long " * 16, ".", "It ends.", "4.2", "AAbb", "a HEAD"]), max_size=40),
       st.integers(min_value=1, max_value=5))
def test_the_furniture_finder_reading_each_line_once_finds_what_the_rule_loop_found(lines: list[str],
                                                                                 rules: int) -> None:
    finder = FurnitureFinder(FURNITURE_RULES[:rules], lines)  # type: ignore[arg-type]
    assert finder.counts == counts_by_the_loop(lines)
    for index, line in enumerate(lines):
        assert finder.rule_for(index) is rule_for_by_the_loop(finder, line, index)


# --- layout_lines ---------------------------------------------------------------------------------

LINE = st.text(alphabet="aZ1 2.,;:!?)’”'\"*†‡§\ue001\uf900\n٣", max_size=16)


@settings(max_examples=1500, deadline=None)
@given(LINE)
@example("principles. 19")
@example("see it.1 and a2, 34")
def test_the_digit_first_glued_pattern_finds_the_markers_the_lookahead_one_found(line: str) -> None:
    assert layout_lines.glued_markers(line) == [a or b for a, b in layout_lines._GLUED.findall(line)]


@settings(max_examples=1500, deadline=None)
@given(LINE)
@example("a\ue001 b*")
def test_the_first_symbol_by_find_is_where_the_symbol_class_matches(line: str) -> None:
    match = layout_lines._ANY_SYMBOL.search(line)
    expected = match.start() if match else -1
    assert layout_lines.first_symbol(line, layout_lines.may_hold_private_use(line)) == expected
    assert layout_lines.first_symbol(line, True) == expected
    if expected >= 0:  # (the findall from there finds every glued symbol)
        assert layout_lines._GLUED_SYMBOL.findall(line, expected) == layout_lines._GLUED_SYMBOL.findall(line)


@settings(max_examples=800, deadline=None)
@given(st.text(max_size=12))
@example("\ue000")
@example("\uf8ff")
@example("\ud800")  # (a lone surrogate: encoded as it stands)
def test_a_text_said_to_hold_no_private_use_character_holds_none(text: str) -> None:
    if not layout_lines.may_hold_private_use(text):
        assert not re.search("[\ue000-\uf8ff]", text)
    assert layout_lines.may_hold_private_use(text) == layout_lines.may_hold_private_use(text)  # (cached)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="IVX1.2 AbReferncsRÉFÉRENCES", max_size=14))
@example("2. References")
@example("IV. REFERENCES")
def test_the_references_heading_test_by_length_first_is_the_folded_lookup(line: str) -> None:
    state = layout_lines._State(references=("references", "références"), known=("appendix",))
    folded = state.folded_name(layout_lines._OUTLINE.sub("", line, count=1))
    assert layout_lines._names_references(line, state) == (folded in state.references)


# --- plain_note_markers -----------------------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(LINE)
@example("principles. 19 Various")
@example("it.” 2 Then")
@example("3.5.17 and 4,5")
def test_the_digit_first_glued_digits_pattern_finds_what_the_lookahead_one_found(text: str) -> None:
    assert [(m.start(), m.end(), m.group()) for m in plain_note_markers.GLUED_DIGITS_FIRST.finditer(text)] == \
        [(m.start(), m.end(), m.group(1) or m.group(2)) for m in plain_note_markers._GLUED_DIGITS.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(LINE)
def test_the_note_symbol_found_by_find_is_where_the_symbol_pattern_matches(text: str) -> None:
    match = plain_note_markers.MAY_HOLD_SYMBOL.search(text)
    expected = match.start() if match else -1
    assert plain_note_markers.first_symbol(text, layout_lines.may_hold_private_use(text)) == expected  # (layout_lines')
    if expected >= 0:
        assert [m.span() for m in plain_note_markers._GLUED_SYMBOLS.finditer(text, expected)] == \
            [m.span() for m in plain_note_markers._GLUED_SYMBOLS.finditer(text)]


NOTE_TEXTS = st.sampled_from(["See debt.1 here", "Klein1 said", "strong.22 x", "cities2, and", "2 The note.",
                              "1 My note.", "plain words", "Arbel* and", "* The University.", "it.3",
                              "3 Another note.", "a.4 b.5", "† Dagger"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NOTE_TEXTS, st.booleans()), max_size=10))
def test_the_real_run_reading_only_marked_blocks_gives_what_reading_all_gave(texts: list[tuple[str, bool]]) -> None:
    def document() -> Any:
        blocks = []
        for number, (text, emphasised) in enumerate(texts, start=1):
            inlines: list[Inline] = [Text(text), Emphasis([Text(text)])] if emphasised else [Text(text)]
            blocks.append(Paragraph(inlines, Span("f", number, number), hint="front" if text[:1] == "K" else None))
        return SimpleNamespace(blocks=blocks, removals=[])

    profile = SimpleNamespace(note_markers=("digits", "symbols"))
    ctx: Any = SimpleNamespace(seed=SimpleNamespace(profile=profile, text="\n".join(t for t, _ in texts)),
                               file="f", diagnostics=SimpleNamespace(items=[], warning=lambda *a, **k: None),
                               column_of=lambda *a: 0)
    fast = document()
    plain_note_markers.run(fast, ctx)
    every = document()
    scan = plain_note_markers._scan
    try:
        plain_note_markers._scan = scan_reading_every_block  # type: ignore[assignment]
        plain_note_markers.run(every, ctx)
    finally:
        plain_note_markers._scan = scan  # type: ignore[assignment]
    assert fast.blocks == every.blocks and fast.removals == every.removals


def scan_reading_every_block(blocks: list[Any], state: Any, doc: Any, ctx: Any, visit: Any = None) -> None:
    """`plain_note_markers._scan` as it was: the real run reads every block's texts again."""
    pnm = plain_note_markers
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        if block.hint == "title-note":
            pnm._title_note(block, blocks, state, doc, ctx)
            continue
        digits = state.digits
        if block.hint == "front" and any(isinstance(node, Emphasis) for node in block.inlines):
            block.inlines = pnm._asterisks_back(block.inlines)
        if block.hint == "front":
            state.digits = False
        elif block.hint not in ("heading", "heading-split") and pnm._note_block(block, state, doc, ctx):
            continue
        if doc is None:
            pnm._count_markers_in(block.inlines, block, state)
        else:
            block.inlines = pnm._markers_in(block.inlines, block, state)
        state.digits = digits


# --- detect_headings, rejoin_page_breaks ---------------------------------------------------------------


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="Ab cd E.?:1", max_size=40), st.integers(min_value=0, max_value=6), st.booleans())
def test_looks_like_heading_with_its_split_limited_is_the_full_split_one(text: str, most: int, title: bool) -> None:
    words = text.split()
    question = title and text.endswith("?") and len(words) >= detect_headings._QUESTION_WORDS
    if not words or len(words) > most or (detect_headings._CLOSING.search(text) and not question) \
            or (not text[0].isupper() and not text[0].isdigit()):
        expected = False
    elif title:
        expected = all(w[0].isupper() for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 4)
    else:
        expected = True
    assert detect_headings.looks_like_heading(text, most, title) == expected


INLINES: st.SearchStrategy[list[Inline]] = st.recursive(
    st.lists(st.one_of(st.builds(Text, st.sampled_from(["", " ", "a", "B c", "éd"])),
                       st.builds(FootnoteRef, st.sampled_from(["1", "2"]))), max_size=3),
    lambda children: st.lists(st.one_of(st.builds(Emphasis, children), st.builds(Strong, children),
                                        st.builds(Link, st.just("u"), children),
                                        st.builds(Text, st.sampled_from(["", "x", "Y"]))), max_size=3),
    max_leaves=8)


@settings(max_examples=800, deadline=None)
@given(INLINES)
def test_the_first_character_is_that_of_the_joined_text(nodes: list[Inline]) -> None:
    assert rejoin_page_breaks.first_character(nodes) == plain_text(nodes)[:1]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="a .!?…'’\"”)x\n", max_size=10))
@example("Done.”)")
def test_finished_read_from_the_end_is_the_search(text: str) -> None:
    text = text.rstrip()
    assert rejoin_page_breaks.finished(text) == bool(rejoin_page_breaks._FINISHED.search(text))


WORDS = st.sampled_from(["The", "cities", "debt.1", "2", "12.", "*", "†", "Arbel*", "References", "Appendix", "1.",
                         "IV.", "and", "of", "Global", "Cities", "work,", "ends.", "(2011)", "Figure", "\ue001"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=22), st.booleans(), st.lists(st.sampled_from(["*", "†", "1"]), max_size=2),
       st.sampled_from(["", " ", "  "]))
@example(["The"] * 17, False, [], "")
@example(["1", *["The"] * 17], False, [], "")
def test_a_line_of_text_is_split_as_the_line_by_line_reading_splits_it(words: list[str], in_references: bool,
                                                                        pending: list[str], pad: str) -> None:
    line = pad + " ".join(words) + pad
    ctx: Any = SimpleNamespace(file="f")

    def state() -> layout_lines._State:
        made = layout_lines._State(references=("references",), known=("appendix",), in_references=in_references,
                                   symbols=[p for p in pending if p != "1"],
                                   glued_read={p for p in pending if p == "1"})
        made.open_notes = [Paragraph([Text("an open note")], Span("f", 1, 1))]
        return made

    fast, plain = state(), state()
    assert layout_lines._split([line], [7], fast, ctx) == layout_lines._split_lines([line], [7], plain, ctx)
    assert fast == plain


PATTERNS = [r"^\d{1,3}$", r"^(?:(\S)\1|\s)+$", r"(?i)^a b", r"x|^y", r"^<<\s*PB\s*>>$", r"(?P<n>a)(?P=n)", r"b$",
            r"(?m)^c", r"\Aa", r"(?:^a|^b)x", r"(?m:^c)", r"(?>^x)y"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), max_size=5), st.text(alphabet="aAbB xy1<>PBc\n", max_size=10))
@example([r"x|^y", r"b$"], "ay")
def test_any_line_rule_as_one_alternation_matches_where_one_of_the_rules_does(patterns: list[str], text: str) -> None:
    compiled = tuple(re.compile(p) for p in patterns)
    assert bool(any_line_rule(compiled)(text)) == any(p.search(text) for p in compiled)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "", "\fb", "<<PB>>", " <<PB>> ", "\f<<PB>>", "c  d"]), max_size=12))
def test_pages_from_the_page_break_lines_are_the_pages_of_the_line_by_line_scan(lines: list[str]) -> None:
    rules = (SimpleNamespace(page_break=True, line=re.compile(r"^<<PB>>$")),
             SimpleNamespace(page_break=False, line=re.compile(r"^a$")))
    ctx: Any = SimpleNamespace(seed=SimpleNamespace(profile=SimpleNamespace(page_furniture=rules)))
    starts = [0]
    for index, line in enumerate(lines):  # (page_ranges as it was)
        if "\f" in line and index > 0:
            starts.append(index)
        elif rules[0].line.search(line.strip()):
            starts.append(index + 1)
    bounds = [*sorted(set(starts)), len(lines)]
    assert split_columns.page_ranges(list(lines), ctx) == [(a, b) for a, b in pairwise(bounds) if b > a]
    assert page_break_lines(list(lines), rules) == {i for i, line in enumerate(lines)  # type: ignore[arg-type]
                                                    if rules[0].line.search(line.strip())}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="ab .", max_size=120), max_size=30))
def test_a_text_without_a_run_of_spaces_has_no_page_with_columns(lines: list[str]) -> None:
    if any("  " in line for line in lines):
        return
    assert split_columns.find_gutter(lines) is None and split_columns.find_figure_side(lines) is None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(LINE, st.booleans()), max_size=8))
def test_the_glued_markers_read_when_asked_are_those_read_line_by_line(lines: list[tuple[str, bool]]) -> None:
    state = layout_lines._State()
    eager: set[str] = set()
    for line, ask in lines:
        state.read(line)
        eager.update(a or b for a, b in layout_lines._GLUED.findall(line))
        if ask:  # (a note's number asks between two lines)
            assert state.glued == eager
    assert state.glued == eager


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="*†‡§\ue001 1.2a", max_size=6), st.text(alphabet="1234.\n ", max_size=16))
@example("**", "12.12.12.12.")
def test_the_length_tests_rule_out_only_what_the_patterns_never_match(symbol: str, number: str) -> None:
    """A bare symbol is two characters at most, a section number twelve (the tests before the patterns)."""
    if layout_lines._BARE_SYMBOL.match(symbol.strip()):
        assert len(symbol.strip()) <= layout_lines._BARE_SYMBOL_LENGTH
    if layout_lines._SECTION_NUMBER.match(number.strip()):
        assert len(number.strip()) <= layout_lines._SECTION_NUMBER_LENGTH


@settings(max_examples=600, deadline=None)
@given(st.lists(INLINES, max_size=4))
def test_the_note_markers_found_in_one_walk_are_those_walk_inlines_meets(inlines: list[list[Inline]]) -> None:
    blocks: list[Any] = [Paragraph(nodes, Span("f", n, n)) for n, nodes in enumerate(inlines, start=1)]
    assert [(id(block), id(node)) for block, node in lift_footnotes.footnote_refs(blocks)] == \
        [(id(block), id(node)) for block in blocks for node in walk_inlines(block.inlines)
         if isinstance(node, FootnoteRef)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "", "  ", "\f", "<<PB>>", " x "]), max_size=10),
       st.sampled_from([r"^<<PB>>$", r"^\s*$", r"^$|^x$", r"a?"]))
def test_page_break_lines_are_the_lines_a_page_break_rule_matches(lines: list[str], pattern: str) -> None:
    rules: Any = (SimpleNamespace(page_break=True, line=re.compile(pattern)),)
    assert page_break_lines(list(lines), rules) == {i for i, line in enumerate(lines)
                                                    if rules[0].line.search(line.strip())}


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(["a b", "a", ""]), st.sampled_from(["a b", "a"]), st.integers(1, 3), st.integers(1, 3),
       st.sampled_from([None, "heading", "text"]), st.sampled_from([Role.RAW, Role.BODY]), st.booleans(),
       st.sampled_from(["f", "g"]), st.sampled_from(["plain", "two", "emphasis", "preformatted"]))
def test_a_block_kept_as_made_is_the_paragraph_the_line_would_make(text: str, line: str, first: int, last: int,
                                                                 hint: str | None, role: Role, numbered: bool,
                                                                 file: str, shape: str) -> None:
    inlines: list[Inline] = {"plain": [Text(text)], "two": [Text(text), Text("")],
                             "emphasis": [Emphasis([Text(text)])], "preformatted": [Text(text)]}[shape]
    kind = Preformatted if shape == "preformatted" else Paragraph
    block = kind(inlines, Span(file, first, last), role=role, number=1 if numbered else None, hint=hint)
    made = Paragraph([Text(line)], Span("f", 2, 2))
    assert layout_lines._made_of(block, line, 2, "f") == (type(block) is Paragraph and block == made)


# --- split_reference_entries: an address found in an entry ------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="htpsw.:/doirg-a x\n", max_size=16))
@example("x https://a.org")
@example("a.org/x")
@example("see doi:10")
@example("x http:")
def test_an_address_is_found_by_the_literal_guard_where_the_pattern_finds_it(text: str) -> None:
    assert split_reference_entries.has_url_head(text) == (split_reference_entries._URL_HEAD.search(text) is not None)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="aZ1٣ .!?’)\n", max_size=12))
@example("Cities and states.12")
@example("3. The state.")
@example("end.4\n")
def test_a_line_the_sentence_guard_rules_out_is_no_sentence(text: str) -> None:
    if not may_be_sentence(text):
        assert _SENTENCE.search(text) is None


# --- plain_note_markers: the byte-class prefilter before the glued-digits scan ----------------------------

GLUED_DIGIT_TEXT = st.text(alphabet="az Z19.!?,;:)'\"’”“\u00a0\n\tﬁ٣𝟎\ue001\ud800", max_size=14)


@settings(max_examples=3000, deadline=None)
@given(GLUED_DIGIT_TEXT)
@example("principles. 19 Various")
@example("it.” 2 Then")
@example("see it.) 3 Then")
@example("debt.1")
@example("x٣")
@example("it. 𝟎")
@example("’5")
def test_a_text_the_glued_digit_prefilter_rules_out_holds_no_glued_digits(text: str) -> None:
    if not plain_note_markers.may_hold_glued_digits(text):
        assert plain_note_markers.GLUED_DIGITS_FIRST.search(text) is None


def test_the_prefilters_lead_bytes_are_those_of_every_non_ascii_digit() -> None:
    digit = re.compile(r"\d")  # (what the pattern's \d matches: Unicode decimal digits)
    leads = {chr(code).encode("utf-8")[0] for code in range(0x80, 0x110000)
             if not 0xD800 <= code < 0xE000 and digit.match(chr(code))}
    assert all(plain_note_markers._GLUED_DIGIT_CLASSES[lead] == ord("0") for lead in leads)


GLUED_NODE = st.builds(lambda text, emphasised: Emphasis([Text(text)]) if emphasised else Text(text),
                       GLUED_DIGIT_TEXT, st.booleans())


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(GLUED_NODE, min_size=1, max_size=3), max_size=6), st.booleans())
@example([[Text("debt."), Text("1 and")], [Text("x\x00y.2")]], False)
@example([[Text("it† 2")], [Emphasis([Text("debt.1")])]], True)
def test_the_blocks_the_joined_prefilter_rules_out_hold_no_candidate(texts: list[list[Inline]], symbols: bool) -> None:
    blocks = [Paragraph(nodes, Span("t", 1, 1)) for nodes in texts]
    may_hold = plain_note_markers._blocks_with_glued_digits(list(blocks), True, symbols)
    if may_hold is None:
        return
    for block in blocks:
        if id(block) not in may_hold:
            state = plain_note_markers._State(True, symbols, accept=None)
            assert not plain_note_markers._count_markers_in(block.inlines, block, state)


# --- layout_lines: a block's last line asked for a heading by its outline number first ---------------------

HEADING_LINE = st.sampled_from(["1 Introduction", "2.1 Methods", "IV. RESULTS", "A. Data", "Results", "Open Science",
                                "the text goes on.", "Sustain Re-", "search Software?", "12", "Figure 2: A plot",
                                "", "  3. Discussion  ", "How to Decide Which Way?", "It ends here."])


@settings(max_examples=1500, deadline=None)
@given(st.lists(HEADING_LINE, min_size=1, max_size=4), st.booleans())
def test_a_heading_on_a_blocks_last_line_is_found_as_before(lines: list[str], after_heading: bool) -> None:
    for index in range(len(lines)):
        assert layout_lines._heading_at(lines, index, after_heading) == \
            layout_lines._heading_at_full(lines, index, after_heading)


# --- strip_page_furniture: only the lines a rule may match asked ----------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "12", "A Head 3", "A Head 4", "\fA Head", "x | 7", "7 | A Head",
                                 "1. A note.", "Long " * 16, ".", "It ends.", "4.2", "AAbb", "a HEAD", "xx yy",
                                 "the note." + " w" * 20, ". note.", "w " * 16 + "note."]), max_size=40),
       st.integers(min_value=1, max_value=5))
def test_the_furniture_candidates_are_every_line_a_rule_is_found_for(lines: list[str], rules: int) -> None:
    finder = FurnitureFinder(FURNITURE_RULES[:rules], lines)  # type: ignore[arg-type]
    candidates = finder.candidates()
    assert candidates == sorted(candidates)
    assert {index for index in range(len(lines)) if finder.rule_for(index) is not None} <= set(candidates)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="aZé1٣ *†‡§\ue001.(“A", max_size=6))
@example("٣ Note")
@example("\ue001 Note")
def test_a_block_opening_with_a_letter_is_never_note_shaped(text: str) -> None:
    block = Paragraph([Text(text)], Span("t", 1, 1))
    assert plain_note_markers._note_shaped(block) == (plain_note_markers._DIGIT_NOTE.match(text) is not None
                                                      or plain_note_markers._SYMBOL_NOTE.match(text) is not None)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="aZé1٣ *†‡§\ue001.(“A", max_size=6))
@example("٣ Note")
@example("\ue001 Note")
@example("** Note")
def test_a_line_opening_with_a_letter_opens_no_note(line: str) -> None:
    if line[:1].isalpha():
        assert layout_lines._NOTE_START.match(line) is None and layout_lines._SYMBOL_START.match(line) is None
