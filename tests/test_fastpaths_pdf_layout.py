"""Fast paths of the PDF and layout passes (typography … split_reference_entries) change nothing: each
is checked against the straightforward version it replaced, on generated text.

- typography's rules written out in order, each gated by the character it needs, against the loop
  over `RULES` with their `needs` and `may_match`; its one walk over a text's hyphens for the
  spaced-hyphen and number-range rules against the two patterns;
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.model import Emphasis, Inline, Text
from build_tools.passes import typography

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
