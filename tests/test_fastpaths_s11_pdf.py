"""Fast paths of the PDF passes (session 11) change nothing: each is checked against the straightforward
version it replaced, on generated text.

- strip_page_furniture's `line` rules asked one by one for the first texts of a build (`one_by_one`,
  `LineRules`) against the one alternation (`any_line_rule`) and against each rule's own search;
- layout_lines' and plain_note_markers' glued-symbol patterns opening with the symbol against the
  versions with a look-ahead at the symbols first (the same matches at the same places, from any start);
- detect_headings' word count from a paragraph's first Text against the count of its whole text.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.model import Emphasis, FootnoteRef, Inline, Link, Paragraph, Preformatted, Span, Strong, Text
from build_tools.passes import detect_headings, layout_lines, plain_note_markers
from build_tools.passes import strip_page_furniture as furniture

PATTERNS = [r"^\d{1,3}$", r"^(?:(\S)\1|\s)+$", r"(?i)^a b", r"x|^y", r"^<<\s*PB\s*>>$", r"(?P<n>a)(?P=n)", r"b$",
            r"(?m)^c", r"\Aa", r"(?:^a|^b)x", r"(?m:^c)", r"(?>^x)y", r"^[\w.-]+\.(?:tex|doc)\s.*\b19\d\d\b"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), max_size=5), st.text(alphabet="aAbB xy1<>PBc\n.tex9", max_size=12))
@example([r"x|^y", r"b$"], "ay")
@example([r"^\d{1,3}$", r"(?i)^a b"], "A b")
def test_one_by_one_matches_where_the_alternation_does(patterns: list[str], text: str) -> None:
    compiled = tuple(re.compile(p) for p in patterns)
    expected = any(p.search(text) for p in compiled)
    assert bool(furniture.one_by_one(compiled)(text)) == expected
    assert bool(furniture.any_line_rule(compiled)(text)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4),
       st.lists(st.integers(min_value=0, max_value=furniture._JOIN_AFTER), min_size=1, max_size=6),
       st.text(alphabet="aAbB xy1<>PBc", max_size=8))
@example([r"^\d{1,3}$", r"^\d{1,3}$"], [1, furniture._JOIN_AFTER, 0], "")  # (a text of no lines after the compile)
def test_line_rules_answer_alike_before_and_after_the_budget(patterns: list[str], sizes: list[int], text: str) -> None:
    """Whichever test a text is given (one by one, or the alternation once the budget is spent), its answer
    is each rule's own; once given the alternation, every later text is."""
    compiled = tuple(re.compile(p) for p in patterns)
    rules = furniture.LineRules(compiled)
    expected = any(p.search(text) for p in compiled)
    joined = False
    for size in sizes:
        before = rules.looks
        finder = rules.finder(size)
        assert bool(finder(text)) == expected
        if joined:
            assert finder == furniture.any_line_rule(compiled)  # (a bound `match`: equal, not the same object)
        joined = joined or before + size > furniture._JOIN_AFTER
    assert rules.looks <= furniture._JOIN_AFTER


SYMBOL_TEXTS = st.text(alphabet="aZ1 .,;:)’”(*†‡§\ue000\uf8ff\n!?'\"", max_size=24)
# The patterns as they were: a look-ahead at the symbols first, then the look-behind before the symbol.
_LAYOUT_SYMBOLS = "*†‡§"
LAYOUT_BEFORE = re.compile(rf"(?=[{re.escape(_LAYOUT_SYMBOLS)}\ue000-\uf8ff]){layout_lines.GLUED_SYMBOL_PLAIN}")
_CLASS = plain_note_markers._SYMBOL_CLASS
NOTES_BEFORE = re.compile(rf"(?=[{_CLASS}])(?<=[^\W\d_]|[.,;:!?)’”'\"])([{_CLASS}])(?=[\s.,;:)]|$)")


@settings(max_examples=1500, deadline=None)
@given(SYMBOL_TEXTS, st.integers(min_value=0, max_value=24))
@example("Arbel** and", 0)
@example("a‡‡ b††c §", 0)
@example("word*\n*x", 3)
@example("x ** y*)", 0)
def test_glued_symbols_opening_with_the_symbol_find_the_same(text: str, start: int) -> None:
    assert layout_lines._GLUED_SYMBOL.findall(text, start) == LAYOUT_BEFORE.findall(text, start)
    assert [m.span() for m in layout_lines._GLUED_SYMBOL.finditer(text, start)] \
        == [m.span() for m in LAYOUT_BEFORE.finditer(text, start)]
    assert [(m.span(), m.group(1)) for m in plain_note_markers._GLUED_SYMBOLS.finditer(text, start)] \
        == [(m.span(), m.group(1)) for m in NOTES_BEFORE.finditer(text, start)]


# Inline trees whose texts hold spaces and words where a node starts or ends
NODE_TEXTS = st.sampled_from(["", " ", "a", "b c", "end.", "end. ", " )", ".”) ", "word ", "x y z", "\n"])
INLINES: st.SearchStrategy[list[Inline]] = st.recursive(
    st.lists(st.one_of(st.builds(Text, NODE_TEXTS), st.builds(FootnoteRef, st.sampled_from(["1", "2"]))), max_size=4),
    lambda children: st.lists(st.one_of(st.builds(Emphasis, children), st.builds(Strong, children),
                                        st.builds(Link, st.just("u"), children), st.builds(Text, NODE_TEXTS)),
                              max_size=4),
    max_leaves=10)


@settings(max_examples=1500, deadline=None)
@given(INLINES, st.integers(min_value=0, max_value=6), st.booleans())
@example([Text("a b c"), Emphasis([Text("d")])], 2, False)
@example([Text("a b"), Emphasis([Text("c d")])], 2, False)
def test_more_words_from_the_first_text_is_the_count_of_the_whole(nodes: list[Inline], count: int,
                                                                  preformatted: bool) -> None:
    block = Preformatted(nodes, Span("t", 1, 1), code="a b c d e f g h") if preformatted \
        else Paragraph(nodes, Span("t", 1, 1))
    assert detect_headings.more_words(block, count) == (len(block.text.split(maxsplit=count)) > count)

