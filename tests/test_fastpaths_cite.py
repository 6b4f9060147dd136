"""Fast paths of link_citations and its parser change nothing: each is checked against the
straightforward version it replaced, on generated input.

- the citation parser: a text with a parenthesis but neither "1" nor "2" is ruled out before the
  parser scans it (no year, so no citation and no problem), against the full scan.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import citations

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
