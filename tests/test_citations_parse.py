"""The citation parser against every form an author–date text uses (one fixture per form)."""

from __future__ import annotations

import pytest

from build_tools.apparatus.citations import find_citations

# (title, text, [(linked span, cited as in citations.yml, locator, narrative)])
FORMS: list[tuple[str, str, list[tuple[str, str, str, bool]]]] = [
    ("parenthetical", "the research project they have developed (Acuto 2011). It would",
     [("Acuto 2011", "Acuto 2011", "", False)]),
    ("narrative", "theorists, such as Sassen (1991), who used it",
     [("Sassen (1991)", "Sassen 1991", "", True)]),
    ("possessive", "draw partially upon Karl Polanyi’s (1957) analysis",
     [("Polanyi’s (1957)", "Polanyi 1957", "", True)]),
    ("grouped", "led by the United States (Soja 2000; Panitch and Gindin 2013; Gill 2003).",
     [("Soja 2000", "Soja 2000", "", False), ("Panitch and Gindin 2013", "Panitch and Gindin 2013", "", False),
      ("Gill 2003", "Gill 2003", "", False)]),
    ("with pages", "political project, Gilbert (2013, 8–12) argues that",
     [("Gilbert (2013, 8–12)", "Gilbert 2013", "8–12", True)]),
    ("pages in parentheses", "as argued (Harvey 2012, 45–47) before",
     [("Harvey 2012, 45–47", "Harvey 2012", "45–47", False)]),
    ("see … for an overview", "from the 1980s onwards (see Brenner and Keil 2006, for an overview). In",
     [("Brenner and Keil 2006", "Brenner and Keil 2006", "", False)]),
    ("see … for opposing positions", "is coming to a close (see Ferguson and Zakaria 2017 for opposing positions).",
     [("Ferguson and Zakaria 2017", "Ferguson and Zakaria 2017", "", False)]),
    ("two-word family name", "modern thought (Latour 1993; Bellamy Foster 2000).",
     [("Latour 1993", "Latour 1993", "", False), ("Bellamy Foster 2000", "Bellamy Foster 2000", "", False)]),
    ("inner capital and accent", "(DeLanda 2006) … (Polèse 2011) … (McGuirk 2014)",
     [("DeLanda 2006", "DeLanda 2006", "", False), ("Polèse 2011", "Polèse 2011", "", False),
      ("McGuirk 2014", "McGuirk 2014", "", False)]),
    ("three authors", "as shown (Amin, Massey and Thrift 2000).",
     [("Amin, Massey and Thrift 2000", "Amin, Massey and Thrift 2000", "", False)]),
    ("narrative pair", "I refer the reader to Acuto and Curtis (2014) for an overview",
     [("Acuto and Curtis (2014)", "Acuto and Curtis 2014", "", True)]),
    ("a sentence-opening word is not a name", "As Graham (2016) has documented",
     [("Graham (2016)", "Graham 2016", "", True)]),
    ("a decade is not a year", "economy was redesigned in the 1970s (a shift) and in (the 1980s)", []),
    ("a parenthesis without a year", "(a particular city, or set of cities)", []),
]


@pytest.mark.parametrize(("text", "expected"), [(f[1], f[2]) for f in FORMS], ids=[f[0] for f in FORMS])
def test_citation_forms(text: str, expected: list[tuple[str, str, str, bool]]) -> None:
    found, problems = find_citations(text, ["Bellamy Foster"])
    assert [(text[c.start:c.end], c.cited, c.locator, c.narrative) for c in found] == expected
    assert problems == []


def test_a_parenthesis_that_looks_like_a_citation_but_reads_as_none_is_reported() -> None:
    text = "the crisis (after Lehman 2008, in most countries) changed"
    found, problems = find_citations(text)
    assert found == []
    assert [p.text for p in problems] == ["(after Lehman 2008, in most countries)"]


@pytest.mark.parametrize("text", ["the crisis (after 2008, in most countries) changed", "(for 2017)",
                                  "(June 12, 2013, 10:10 AM)", "(05 May 2020)"])
def test_a_year_in_parentheses_without_a_name_before_it_is_text_not_a_problem(text: str) -> None:
    assert find_citations(text) == ([], [])


def test_an_unknown_two_word_name_is_reported_not_mislinked() -> None:
    # The parser learns two-word family names from the bibliography; without it, it must not
    # guess "Foster 2000" but say that it cannot read the parenthesis.
    found, problems = find_citations("(Bellamy Foster 2000)")
    assert found == []
    assert [p.text for p in problems] == ["(Bellamy Foster 2000)"]
