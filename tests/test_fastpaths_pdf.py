"""Fast paths of the PDF passes (split_blocks … plain_note_markers) change nothing: each is checked
against the straightforward version it replaced, on generated text.

- split_blocks' one strip per line and its one-line blocks against the per-block join;
- split_columns' and strip_page_furniture's tests before their scans (a run of spaces, the page-break
  rules alone), and the furniture finder reading each line once against the rule-by-rule loop;
- layout_lines' glued-marker scan started at the first place a marker may be, its symbol scan by
  `str.find` with the text-wide private-use test, and its references-heading test by length first.
"""

from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.model import Paragraph, Span, Text
from build_tools.passes import layout_lines, split_blocks, split_columns
from build_tools.passes.strip_page_furniture import (
    _HAS_LETTER,
    _MAX_FURNITURE_WORDS,
    _MIN_PAGE_LINES,
    _SENTENCE,
    FurnitureFinder,
    _core,
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
    SimpleNamespace(rule="head", line=None, repeated=2, page_break=False),
    SimpleNamespace(rule="any-head", line=None, repeated=0, page_break=False),  # (0: a count of 0 is enough)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "12", "A Head 3", "A Head 4", "\fA Head", "x | 7", "7 | A Head",
                                 "1. A note.", "Long " * 16, ".", "It ends.", "4.2"]), max_size=40),
       st.integers(min_value=1, max_value=3))
def test_the_furniture_finder_reading_each_line_once_finds_what_the_rule_loop_found(lines: list[str],
                                                                                 rules: int) -> None:
    finder = FurnitureFinder(FURNITURE_RULES[:rules], lines)  # type: ignore[arg-type]
    assert finder.counts == counts_by_the_loop(lines)
    for index, line in enumerate(lines):
        assert finder.rule_for(index) is rule_for_by_the_loop(finder, line, index)


# --- layout_lines ---------------------------------------------------------------------------------

LINE = st.text(alphabet="aZ1 2.,;:!?)’”'\"*†‡§\ue001\uf900", max_size=16)


@settings(max_examples=1500, deadline=None)
@given(LINE)
@example("principles. 19")
@example("see it.1 and a2, 34")
def test_glued_markers_from_the_first_place_one_may_be_are_all_of_them(line: str) -> None:
    assert layout_lines.glued_markers(line) == layout_lines._GLUED.findall(line)


@settings(max_examples=1500, deadline=None)
@given(LINE)
@example("a\ue001 b*")
def test_the_first_symbol_by_find_is_where_the_symbol_class_matches(line: str) -> None:
    match = layout_lines._ANY_SYMBOL.search(line)
    expected = match.start() if match else -1
    assert layout_lines._first_symbol(line, layout_lines.may_hold_private_use(line)) == expected
    assert layout_lines._first_symbol(line, True) == expected
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
