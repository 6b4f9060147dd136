"""Fast paths of the PDF passes (second round of session 11), each checked against its straightforward form."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.passes import layout_lines, plain_note_markers
from build_tools.passes.layout_lines import first_symbol, symbols_held

# --- plain_note_markers: the glued-digit prefilter passes over `4.5.17` and `2,5` ------------------------

DIGITS_AND_POINTS = st.text(alphabet="az 19٣.,!?;)’\n", max_size=12)


@settings(max_examples=3000, deadline=None)
@given(DIGITS_AND_POINTS)
@example("Accessed 4.5.17")
@example("a.5")
@example("2,5 and 3.1")
@example("٣.5")  # (a non-ASCII digit before the point: the prefilter lets it through, the pattern decides)
@example("see it.5")
def test_the_prefilter_rules_out_no_glued_digit_after_a_point_or_comma(text: str) -> None:
    if not plain_note_markers.may_hold_glued_digits(text):
        assert plain_note_markers.GLUED_DIGITS_FIRST.search(text) is None


def test_the_prefilter_rules_out_dates_and_decimals() -> None:
    assert not plain_note_markers.may_hold_glued_digits("Accessed 4.5.17, or 2,5")
    assert plain_note_markers.may_hold_glued_digits("the debt.1 and")
    assert plain_note_markers.may_hold_glued_digits("cities,2 and")


# --- layout_lines and plain_note_markers: a line looked for the symbols its text holds only ---------------

SYMBOL_TEXT = st.text(alphabet="ab *†‡§\ue001\n’", max_size=30)


@settings(max_examples=2000, deadline=None)
@given(SYMBOL_TEXT, st.integers(0, 30), st.integers(0, 30), st.booleans())
@example("a*b †", 0, 5, False)
@example("a*b", 0, 3, False)
@example("ab", 0, 2, False)
def test_a_line_of_a_text_looked_for_the_texts_symbols_only(text: str, start: int, end: int, flag: bool) -> None:
    line = text[start:end]  # (any piece of the text: a line, a column's half, a note's lines joined)
    private_use = layout_lines.may_hold_private_use(text) or flag
    assert first_symbol(line, private_use, symbols_held(text)) == first_symbol(line, private_use)


def test_the_symbols_held_are_those_of_the_last_text_asked() -> None:
    first, second = "a † b", "a * b"
    assert symbols_held(first) == "†"
    assert symbols_held(second) == "*"
    assert symbols_held("".join(["a ", "† b"])) == "†"  # (an equal text, another object: asked again)


@settings(max_examples=500, deadline=None)
@given(SYMBOL_TEXT)
def test_the_note_passes_symbols_are_the_sources_and_the_asterisk(text: str) -> None:
    held = plain_note_markers._symbols_in(text)
    assert "*" in held
    assert set(held) - {"*"} == {symbol for symbol in "†‡§" if symbol in text}


# --- strip_page_furniture: the lines split_blocks stripped, read again when no line holds a form feed --------

LINES = st.lists(st.text(alphabet="a1 |\t\f\u00a0", max_size=8), max_size=8)


@settings(max_examples=1500, deadline=None)
@given(LINES)
@example(["a\fb", " x "])
@example(["\fa ", ""])
def test_the_furniture_finder_reads_the_lines_as_stripped_before(lines: list[str]) -> None:
    from build_tools.passes.split_blocks import stripped_lines
    from build_tools.passes.strip_page_furniture import FurnitureFinder
    straightforward = [line.replace("\f", "").strip() for line in lines]
    stripped_lines(list(lines))  # (another list's answer kept: not this one's)
    finder = FurnitureFinder((), lines, form_feeds=any("\f" in line for line in lines))
    assert finder.wholes == straightforward
    assert stripped_lines(lines) == [line.strip() for line in lines]
