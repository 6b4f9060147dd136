"""In-text citations of the other common styles: APA, ASA, numeric; and words that are no citation."""

from __future__ import annotations

import pytest

from build_tools.apparatus.citations import find_citations, find_numeric

# (title, text, [(linked span, cited as in citations.yml, locator)])
FORMS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("APA", "estimates (Piwowar et al., 2019).", [("Piwowar et al., 2019", "Piwowar et al. 2019", "")]),
    ("APA, et al without its full stop", "(Huang et al, 2020b)", [("Huang et al, 2020b", "Huang et al. 2020b", "")]),
    ("APA ampersand and page", "(Author & Other, 1978, p. 4)", [("Author & Other, 1978, p. 4", "Author and Other 1978",
                                                                "p. 4")]),
    ("APA second year alone", "(Robinson-Garcia et al., 2019; 2020)",
     [("Robinson-Garcia et al., 2019", "Robinson-Garcia et al. 2019", ""),
      ("2020", "Robinson-Garcia et al. 2020", "")]),
    ("APA suffixed years", "(Author, 2019a, 2019b)",
     [("Author, 2019a", "Author 2019a", ""), ("2019b", "Author 2019b", "")]),
    ("narrative with two years", "Robinson-Garcia et al. (2019, 2020) show",
     [("Robinson-Garcia et al. (2019", "Robinson-Garcia et al. 2019", ""),
      ("2020", "Robinson-Garcia et al. 2020", "")]),
    ("narrative after a sentence adverb", "Meanwhile, Siler et al. (2018) showed",
     [("Siler et al. (2018)", "Siler et al. 2018", "")]),
    ("narrative with an Oxford comma", "Cocco, Gomes, and Maenhout (2005) aim",
     [("Cocco, Gomes, and Maenhout (2005)", "Cocco, Gomes and Maenhout 2005", "")]),
    ("ASA page after a colon", "(Author 1978:45)", [("Author 1978:45", "Author 1978", "45")]),
    ("a month is no author", "NAT’L CTR. (July 2019), https://nces.ed.gov", []),
    ("small capitals of a legal citation", "MORAL LIMITS OF MORALITY (2010) (discussing)", []),
    ("a case name", "Lord Coke, in Bromage v. Genning (1616) 81 Eng. Rep.", []),
    ("a title before the year", "The Readability of Contracts: Big Data Analysis (2023) (working paper)", []),
]


@pytest.mark.parametrize(("text", "expected"), [(f[1], f[2]) for f in FORMS], ids=[f[0] for f in FORMS])
def test_citation_forms_of_other_styles(text: str, expected: list[tuple[str, str, str]]) -> None:
    found, _problems = find_citations(text)
    assert [(text[c.start:c.end], c.cited, c.locator) for c in found] == expected


def test_numeric_citations_link_each_number_and_a_range_by_its_ends() -> None:
    text = "as shown [22, 26–34] and [43– 45], not [2019a] or [n]"
    found = find_numeric(text)
    assert [(text[m.start:m.end], m.number) for m in found] == [("22", "22"), ("26", "26"), ("34", "34"),
                                                                 ("43", "43"), ("45", "45")]
    assert found[2].implied == tuple(str(n) for n in range(27, 34))
