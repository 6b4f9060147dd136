"""Every typography rule's own example, and the promise that no rule changes a word."""

from __future__ import annotations

import pytest

from build_tools.accounting import words
from build_tools.model import Text
from build_tools.passes.typography import RULES, Rule, curl_quotes


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_example(rule: Rule) -> None:
    before, after = rule.example
    assert rule.pattern.sub(rule.replacement, before) == after
    assert words(before) == words(after)


@pytest.mark.parametrize(("before", "after"), [
    ("a 'global' form", "a ‘global’ form"),
    ("Marx's Ecology", "Marx’s Ecology"),
    ("urbanites' 'right to the city'", "urbanites’ ‘right to the city’"),
    ('"The World City Hypothesis."', "“The World City Hypothesis.”"),
    ("('global')", "(‘global’)"),
])
def test_quotes(before: str, after: str) -> None:
    node = Text(before)
    curl_quotes([node])
    assert node.text == after
