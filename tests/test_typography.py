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


def _typeset_nodes(*parts: str | tuple[str]) -> str:
    """A paragraph of text nodes and emphases (a 1-tuple), through the pass's own walk."""
    from build_tools.model import Emphasis
    from build_tools.passes.typography import fix_inlines

    nodes = [Emphasis([Text(part[0])]) if isinstance(part, tuple) else Text(part) for part in parts]
    fix_inlines(nodes)  # type: ignore[arg-type]
    return "".join(n.children[0].text if isinstance(n, Emphasis) else n.text for n in nodes)  # type: ignore[union-attr]


@pytest.mark.parametrize(("parts", "after"), [
    # the spaced hyphen after an emphasis (Curtis ¶ 40: "*Global Parliament of Mayors* - but")
    ((("Global Parliament of Mayors",), " - but only"), "Global Parliament of Mayors – but only"),
    (("Mayors", " - but"), "Mayors – but"),
    # a parenthesis glued to an emphasised word
    ((("Intolerance",), "(Polity Press)"), "Intolerance (Polity Press)"),
    # what belongs to the node before is never rewritten from the next one: no character doubled
    (("x(", ("Polity",)), "x(Polity"),
    (("a -", " b"), "a - b"),   # (a look-ahead does not read on into the next node)
])
def test_rules_that_look_behind_read_across_nodes(parts: tuple[str | tuple[str], ...], after: str) -> None:
    assert _typeset_nodes(*parts) == after
