"""The typography pass's fast paths change nothing: they are checked against the plain rules.

`Rule.needs` lets `apply_rules` skip a regex when the text cannot match it, and
`curl_quotes` visits only the quotes; both were made for speed (bench/), so both are
tested here against the straightforward version they replaced, on generated text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.model import Text
from build_tools.passes.typography import _OPENING_CONTEXT, RULES, apply_rules, curl_quotes

# Characters the rules and the quote logic care about, plus ordinary letters and digits.
ALPHABET = st.sampled_from([*" \t\u00a0-–.:;()'\"‘“*aZ7\n", "ab", "Cd", "12"])
TEXTS = st.lists(ALPHABET, max_size=30).map("".join)


def apply_every_rule(text: str) -> str:
    for rule in RULES:
        text = rule.pattern.sub(rule.replacement, text)
    return text


def curl_char_by_char(texts: list[str], before: str = "") -> list[str]:
    """The original character-by-character quote curling."""
    previous, result = before, []
    for text in texts:
        out = []
        for index, char in enumerate(text):
            following = text[index + 1] if index + 1 < len(text) else ""
            if char == "'":
                opening = previous in _OPENING_CONTEXT and (following.isalnum() or following in "\"“*")
                char = "‘" if opening else "’"
            elif char == '"':
                char = "“" if previous in _OPENING_CONTEXT else "”"
            out.append(char)
            previous = char
        result.append("".join(out))
    return result


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_skipping_rules_by_needs_changes_nothing(text: str) -> None:
    assert apply_rules(text) == apply_every_rule(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_a_rule_without_its_needs_never_matches(text: str) -> None:
    for rule in RULES:
        if rule.needs and not any(needed in text for needed in rule.needs):
            assert rule.pattern.search(text) is None, (rule.name, text)


def test_every_rule_example_holds_what_it_needs() -> None:
    for rule in RULES:
        source, _expected = rule.example
        assert not rule.needs or any(needed in source for needed in rule.needs), rule.name


@settings(max_examples=600, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4), st.sampled_from(["", " ", "a", "“", "’"]))
def test_quote_curling_matches_the_character_by_character_version(texts: list[str], before: str) -> None:
    nodes = [Text(text) for text in texts]
    curl_quotes(nodes, before)
    assert [node.text for node in nodes] == curl_char_by_char(texts, before)
