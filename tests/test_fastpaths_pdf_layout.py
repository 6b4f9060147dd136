"""Fast paths of the PDF and layout passes (typography … split_reference_entries) change nothing: each
is checked against the straightforward version it replaced, on generated text.

- typography's rules written out in order, each gated by the character it needs, against the loop
  over `RULES` with their `needs` and `may_match`; its one walk over a text's hyphens for the
  spaced-hyphen and number-range rules against the two patterns;
- split_reference_entries' printed lines inside a paragraph read at their place (patterns matched at a
  position, the text before read from its end) against the version slicing the paragraph per line;
- layout_lines' symbol scans skipped for the lines of a text that holds no symbol; detect_headings'
  words of a one-line block counted before its text is stripped.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.model import Emphasis, Inline, Paragraph, Span, Text
from build_tools.passes import layout_lines, split_reference_entries, typography

# --- typography -------------------------------------------------------------------------------------

# Characters the rules care about, plus ordinary letters and digits.
TYPO_ALPHABET = st.sampled_from([*" \t\u00a0-–.:;()'\"‘“*aZ7\n", "ab", "Cd", "12", "x(", "3-4", " - ", "..."])
TYPO_TEXTS = st.lists(TYPO_ALPHABET, max_size=30).map("".join)


def test_apply_rules_writes_out_the_rules_in_the_order_of_the_table() -> None:
    # `apply_rules` names the six rules by position: a rule added to `RULES` must be added there too.
    assert [rule.name for rule in typography.RULES] == [
        "collapse-spaces", "no-space-before-colon", "spaced-hyphen-is-dash", "range-en-dash",
        "space-before-parenthesis", "ellipsis"]


@settings(max_examples=1500, deadline=None)
@given(TYPO_TEXTS, st.sampled_from(["", " ", "a", "a ", "x -", "a(", " -", "b  ", "1", "\u00a0"]))
@example("a - b", "")
@example("- b", "a ")
@example("(Polity", "x")
@example("x -  b", "")
@example("69-83 and 1.5-2", "")
def test_the_written_out_rules_match_the_table(text: str, before: str) -> None:
    assert typography.apply_rules(text, before) == typography.apply_rules_in_order(text, before)


@settings(max_examples=800, deadline=None)
@given(TYPO_TEXTS, st.sampled_from(["", " ", "a", "a ", "7"]))
def test_one_walk_over_the_hyphens_finds_what_the_patterns_need(text: str, before: str) -> None:
    spaced, ranged = typography.hyphen_uses(text, before)
    start = len(before)
    spaced_matches = [m for m in typography.SPACED_HYPHEN.finditer(before + text) if m.start() >= start]
    if spaced_matches:
        assert spaced
    assert spaced == any(m.start() >= start for m in re.finditer(r"(?<= )-(?= )", before + text))
    assert ranged == typography.digit_hyphen_digit(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(TYPO_TEXTS, st.booleans()), min_size=1, max_size=4))
def test_fix_inlines_matches_the_rules_and_curling_node_by_node(parts: list[tuple[str, bool]]) -> None:
    def nodes() -> list[Inline]:
        return [Emphasis([Text(text)]) if emphasised else Text(text) for text, emphasised in parts]

    fast = nodes()
    typography.fix_inlines(fast)
    plain = nodes()
    texts = typography.prose_texts(plain)
    before = ""
    for node in texts:
        node.text = typography.apply_rules_in_order(node.text, before)
        before = (before + node.text)[-typography.CONTEXT:]
    typography.curl_quotes(texts)
    assert fast == plain


# --- split_reference_entries: printed lines read at their place -------------------------------------

REF_PIECES = st.sampled_from(["1. ", "2. ", "3) ", "[2] ", "[3]", " ", "  ", "\n", "Smith, J. ", "van Dyke, Anna ",
                              "World Bank. 2019. ", "———. ", "2001", "Verso.", "(1999)", "n. d.", "http://x.org/a",
                              "doi:10/x", "x", "ab.", "Cities?", "”", ")", "4", "a"])
REF_TEXTS = st.lists(REF_PIECES, max_size=14).map("".join)


def entry_starts_slicing(units: list[Any], pars: list[Paragraph], numbered: bool) -> tuple[set[tuple[int, int]], int]:
    """`_entry_starts` as it was: the rest of the paragraph and the paragraph so far sliced for every line."""
    sre = split_reference_entries
    starts: set[tuple[int, int]] = set()
    first = sre.LABEL.match(pars[0].text) if pars else None
    expected = int(first.group("number") or first.group("bracketed")) if first else 1
    seen: set[int] = set()
    for position, unit in enumerate(units):
        text = pars[unit.block].text
        here = text[unit.offset:]
        before = (pars[unit.block - 1].text.rstrip() if unit.block else "") if unit.block_start \
            else text[:unit.offset].rstrip()
        if numbered:
            label = sre.LABEL.match(here)
            number = int(label.group("number") or label.group("bracketed")) if label else 0
            if label and (number == expected or expected < number <= expected + (sre._SKIP if unit.block_start else 1)):
                starts.add((unit.block, unit.offset))
                seen.add(number)
                expected = number + 1
            elif label and unit.block_start and number < expected and number not in seen \
                    and sre._BRACKETED.match(here) and ended_searching(before):
                starts.add((unit.block, unit.offset))
                seen.add(number)
            elif unit.block_start and position and here[:1].isupper() and ended_searching(before) \
                    and not sre._bare_label(before) and not number_follows_sliced(units[position:], pars, expected):
                return starts, unit.block
        elif unit.block_start:
            if not position or sre.AUTHOR_DASH.match(here) or sre._HANGING.match(here) or \
                    (here[:1].isupper() and ended_searching(before)):
                starts.add((unit.block, unit.offset))
        elif ended_searching(before) and sre._HANGING.match(here) and sre._DATE_SOON.search(here[:200]):
            starts.add((unit.block, unit.offset))
    return starts, len(pars)


def number_follows_sliced(units: list[Any], pars: list[Paragraph], expected: int) -> bool:
    """`_number_follows` as it was, given the rest of the units as a copy."""
    for unit in units:
        label = split_reference_entries.LABEL.match(pars[unit.block].text) if unit.block_start else None
        number = int(label.group("number") or label.group("bracketed")) if label else 0
        if label and expected <= number <= expected + split_reference_entries._SKIP:
            return True
    return False


def ended_searching(text: str) -> bool:
    """`_ended` as it was, its sentence end searched for through the whole text."""
    if re.search(r"[.?!][\"”’)]*$", text):
        return True
    last = text.rsplit(maxsplit=1)[-1] if text.strip() else ""
    return bool(split_reference_entries._STRICT_URL.search(last)) and last[-1] not in "/_=?&#~%:-"


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(REF_TEXTS, st.lists(st.integers(1, 200), max_size=5)), min_size=1, max_size=5),
       st.booleans())
def test_entry_starts_read_at_each_line_match_the_slicing_version(blocks: list[tuple[str, list[int]]],
                                                                  numbered: bool) -> None:
    pars = [Paragraph([Text(text)], Span("f", 1, 1)) for text, _ in blocks]
    units = []
    for n, (text, cuts) in enumerate(blocks):
        units.append(split_reference_entries._Unit(n, 0, 1, True))
        units.extend(split_reference_entries._Unit(n, offset, 1, False)
                     for offset in sorted({c for c in cuts if c < len(text)}))
    assert split_reference_entries._entry_starts(units, pars, numbered) == entry_starts_slicing(units, pars, numbered)


@settings(max_examples=800, deadline=None)
@given(REF_TEXTS, st.integers(0, 300))
@example("x" * 250 + " ab.", 254)
@example(" " * 230 + "ab.", 233)
@example("http://x.org/" + "a" * 250, 263)  # (a last word longer than the tail: read whole)
def test_the_text_before_a_line_is_read_from_its_end(text: str, end: int) -> None:
    end = min(end, len(text))
    assert split_reference_entries._ended_before(text, end) == ended_searching(text[:end].rstrip())
    assert split_reference_entries.ends_sentence(text) == bool(re.search(split_reference_entries.ENDS_SENTENCE, text))
    assert split_reference_entries._ended(text) == ended_searching(text)


@settings(max_examples=800, deadline=None)
@given(REF_TEXTS, st.integers(0, 60))
def test_a_pattern_matched_at_a_place_matches_what_it_matched_in_the_slice(text: str, offset: int) -> None:
    offset = min(offset, len(text))
    for pattern in (split_reference_entries.LABEL, split_reference_entries._HANGING):
        at = split_reference_entries._at(pattern).match(text, offset)
        sliced = pattern.match(text[offset:])
        assert (at is None) == (sliced is None)
        if at is not None and sliced is not None:
            assert at.span() == (sliced.start() + offset, sliced.end() + offset)
            assert at.groups() == sliced.groups()


# --- layout_lines: no symbol looked for in the lines of a text without one -------------------------------

SYMBOL_TEXTS = st.lists(st.sampled_from([*"ab *†‡§\n.", "\ue000", "\uf8ff", "\uf900", "ﬁ", "’"]),
                        max_size=20).map("".join)


@settings(max_examples=800, deadline=None)
@given(SYMBOL_TEXTS, st.integers(0, 20), st.integers(0, 20))
def test_a_text_without_a_symbol_has_no_line_with_one(text: str, start: int, length: int) -> None:
    private_use = layout_lines.may_hold_private_use(text)
    any_symbol = private_use or any(map(text.__contains__, layout_lines._SYMBOLS))
    line = text[start:start + length]  # (a line is a piece of the source text)
    if not any_symbol:
        assert layout_lines.first_symbol(line, private_use) == -1
        assert layout_lines._ANY_SYMBOL.search(line) is None


# --- detect_headings: a block's words counted before its text is stripped -------------------------------

@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "Bc", " ", "\n", "\t", "  ", "\u00a0", "\u2003"]), max_size=30).map("".join),
       st.integers(1, 8))
def test_the_words_of_a_text_are_counted_alike_stripped_or_not(text: str, most: int) -> None:
    assert len(text.split(maxsplit=most)) == len(text.strip().split(maxsplit=most))
