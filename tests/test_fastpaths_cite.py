"""Fast paths of link_citations and its parser change nothing: each is checked against the
straightforward version it replaced, on generated input.

- the citation parser: a text with a parenthesis but neither "1" nor "2" is ruled out before the
  parser scans it (no year, so no citation and no problem), against the full scan;
- link_citations: a block of one Text without "(" (nor "[" in a numbered text) is not walked: the
  parsers find nothing in it;
- the narrative pattern chosen by text and by window, against the set of names's own.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import citations
from build_tools.model import Emphasis, Text
from build_tools.passes import link_citations

# What the citation forms are made of: names, separators, parentheses,
# the other digits (years of the wrong century, pages, locators), words of a prefix or comment.
_PIECES = st.sampled_from([
    "(", ")", " ", ", ", "; ", ": ", "–", "-", "and ", "& ", "et al.", "see ", "cf. ", "p. ", "’s ", "'s ",
    "Smith", "Bellamy Foster", "Acuto", "July", "MORALITY", "v. ", "0", "3", "4", "5", "6", "7", "8", "9",
    "a", "b", "s", ".", "[", "]", "Big Data ", "the ", "\n", "1", "2", "19", "20",
])
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from([(), ("Bellamy Foster",)]))
@example("(Smith 1999) and Smith (2000)", ())  # (a text the guard must not rule out: the scan finds it)
def test_a_text_without_1_or_2_has_no_citation_and_no_problem(text: str, multiword: tuple[str, ...]) -> None:
    fast = citations.find_citations(text, multiword)
    slow = citations._scanned(text, multiword)
    assert ([(m.start, m.end, m.names, m.year, m.locator, m.narrative) for m in fast[0]], fast[1]) == \
        ([(m.start, m.end, m.names, m.year, m.locator, m.narrative) for m in slow[0]], slow[1])


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.booleans())
@example("", False)  # (an empty text is dropped by `rewrite_texts`: not one to skip)
@example("[12] Smith", True)
def test_a_block_skipped_as_citing_nothing_has_nothing_to_link(text: str, numbered: bool) -> None:
    if link_citations._cannot_cite([Text(text)], numbered):
        assert text
        assert citations.find_citations(text, ("Bellamy Foster",)) == ([], [])
        assert not numbered or citations.find_numeric(text) == []
    assert not link_citations._cannot_cite([Text(text), Text(text)], numbered)
    assert not link_citations._cannot_cite([Emphasis([Text(text)])], numbered)


_KNOWN = ["Bellamy Foster", "Van Dijk", "Mc (Guirk)", "Ab Cd"]
_NARRATIVE_WORDS = st.sampled_from([*_KNOWN, "Sassen", "Foster", "Dijk", "Bellamy", "et al.", "and", "(1991)",
                                    "(2013, 8–12)", "(1991", "(see", "2000)", "(Acuto 2011)", "(", ")", ";", "’s"])
_NARRATIVE_TEXT = st.lists(_NARRATIVE_WORDS, max_size=12).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_KNOWN), max_size=3).map(lambda names: tuple(sorted(set(names)))),
       st.lists(_NARRATIVE_TEXT, min_size=1, max_size=4))
@example(("Bellamy Foster",), ["Sassen (1991) and Bellamy Foster (2000)"])
def test_narratives_found_with_a_pattern_chosen_by_text_and_window(names: tuple[str, ...], texts: list[str]) -> None:
    """The narrative pattern chosen per text, per window (the set without names where a window writes
    none of them) finds what the set's own pattern finds."""
    citations._narrative_pattern.cache_clear()
    citations._compiled_narrative_sets.cache_clear()
    own = citations._narrative_pattern(names)
    for text in texts:
        chosen = [(m.span(), m.groupdict()) for m in citations.narrative_matches(None, text, names)]
        assert chosen == [(m.span(), m.groupdict()) for m in citations.narrative_matches(own, text, names)]
