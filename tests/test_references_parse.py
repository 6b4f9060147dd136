"""Reference entries of the common styles parsed into CSL-JSON (APA, Vancouver, numbered, n.d., dashes)."""

from __future__ import annotations

from typing import Any

import pytest

from build_tools.apparatus.references import parse_entry, split_names
from build_tools.model import Text

# (title, entry as the extraction gives it, the previous entry's authors, expected fields)
ENTRIES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("APA journal article with a DOI",
     "Agustini, B., & Berk, M. (2019). The open access mandate: Be careful what you wish for. Australian & New "
     "Zealand Journal of Psychiatry, 53(11), 1044–1046. https://doi.org/10.1177/0004867419864436", "",
     {"type": "article-journal", "author": [{"family": "Agustini", "given": "B."}, {"family": "Berk", "given": "M."}],
      "container-title": "Australian & New Zealand Journal of Psychiatry", "volume": "53", "issue": "11",
      "page": "1044-1046", "DOI": "10.1177/0004867419864436", "issued": {"date-parts": [[2019]]},
      "title": "The open access mandate: Be careful what you wish for"}),
    ("APA date with month and day, URL", "Aguado-López, E., & Becerril-García, A. (2019, November 6). Latin "
     "America’s open access ecosystem. https://blogs.lse.ac.uk/latamcaribbean/", "",
     {"author": [{"family": "Aguado-López", "given": "E."}, {"family": "Becerril-García", "given": "A."}],
      "issued": {"date-parts": [[2019]]}, "URL": "https://blogs.lse.ac.uk/latamcaribbean/"}),
    ("APA hyphenated initials, many authors", "Huang, C.-K., Neylon, C., Hosking, R., & Ozaygen, A. (2020b). "
     "Evaluating performance. https://doi.org/10.5281/zenodo.3696857", "",
     {"author": [{"family": "Huang", "given": "C.-K."}, {"family": "Neylon", "given": "C."},
                 {"family": "Hosking", "given": "R."}, {"family": "Ozaygen", "given": "A."}]}),
    ("numbered APA entry", "14. Larivière, V., & Sugimoto, C. R. (2018). Do authors comply? Nature, 562, 483–486.",
     "", {"container-title": "Nature", "volume": "562", "page": "483-486"}),
    ("APA undated", "Smith, J. (n.d.). A title. Publisher.", "",
     {"issued": {"literal": "n.d."}, "title": "A title"}),
    ("Vancouver journal article", "5. Hirsch JE. An index to quantify an individual’s scientific research output. "
     "PNAS 2005 Nov;102(46):16569–16572.", "",
     {"type": "article-journal", "author": [{"family": "Hirsch", "given": "JE"}], "container-title": "PNAS",
      "volume": "102", "issue": "46", "page": "16569-16572", "issued": {"date-parts": [[2005]]},
      "title": "An index to quantify an individual’s scientific research output"}),
    ("Vancouver, an institution first, et al.", "1. The Event Horizon Telescope Collaboration, Akiyama K, Alberdi A, "
     "et al. First M87 Results. The Astrophysical Journal 2019 Apr;875(1):L4.", "",
     {"author": [{"family": "The Event Horizon Telescope Collaboration"}, {"family": "Akiyama", "given": "K"},
                 {"family": "Alberdi", "given": "A"}], "issued": {"date-parts": [[2019]]}}),
    ("Vancouver, a volume that looks like a year is not the year", "39. Druskat S. A Proposal. In: Proceedings "
     "(WSSSPE4), vol. 1686 Manchester, UK: CEUR-WS; 2016. http://ceur-ws.org/Vol-1686/paper.pdf.", "",
     {"issued": {"date-parts": [[2016]]}, "URL": "http://ceur-ws.org/Vol-1686/paper.pdf"}),
    ("Vancouver, an institution and a title before the year", "11. DFG, Nachhaltigkeit von Forschungssoftware; 2016.",
     "", {"author": [{"family": "DFG"}], "title": "Nachhaltigkeit von Forschungssoftware",
          "issued": {"date-parts": [[2016]]}}),
    ("a repeated-author dash", "———. 2011. Another book. London, Verso.", "Smith, J.",
     {"author": [{"family": "Smith", "given": "J."}], "issued": {"date-parts": [[2011]]}}),
    ("Place, State: Publisher", "Benkler, Y. 2006. The Wealth of Networks. New Haven, CT: Yale University Press.", "",
     {"publisher-place": "New Haven, CT", "publisher": "Yale University Press"}),
]


@pytest.mark.parametrize(("text", "previous", "expected"), [(e[1], e[2], e[3]) for e in ENTRIES],
                         ids=[e[0] for e in ENTRIES])
def test_entries_of_every_style_parse_into_csl(text: str, previous: str, expected: dict[str, Any]) -> None:
    parsed = parse_entry([Text(text)], previous)
    assert parsed is not None
    assert {key: parsed.csl.get(key) for key in expected} == expected


def test_a_numbered_entry_knows_its_number_and_its_year_suffix() -> None:
    parsed = parse_entry([Text("9. Huang, C.-K., & Neylon, C. (2020a). Comparison. QSS, 1(2), 445-478.")])
    assert parsed is not None and (parsed.number, parsed.year, parsed.families) == ("9", "2020a", ["Huang", "Neylon"])
    bracketed = parse_entry([Text("[12] Smith AB, Jones C. A title. Journal 2019;4:1–2.")])
    assert bracketed is not None and (bracketed.number, bracketed.families) == ("12", ["Smith", "Jones"])


def test_a_numbered_entry_without_a_year_is_still_a_record_an_unnumbered_one_is_not() -> None:
    numbered = parse_entry([Text("104. Software Heritage;. www.softwareheritage.org.")])
    assert numbered is not None and numbered.number == "104" and numbered.year == ""
    assert parse_entry([Text("Software Heritage;. www.softwareheritage.org.")]) is None


@pytest.mark.parametrize(("authors", "families"), [
    ("Acuto, M. and S. Curtis", ["Acuto", "Curtis"]),
    ("Acuto, M. and Rayner, S.", ["Acuto", "Rayner"]),
    ("Robinson-Garcia, N., Costas, R., & van Leeuwen, T. N.", ["Robinson-Garcia", "Costas", "van Leeuwen"]),
    ("Montgomery, L., Huang, C.-K. (Karl), Leach, J.", ["Montgomery", "Huang", "Leach"]),
    ("Kees Koonings & Dirk Kruijt", ["Koonings", "Kruijt"]),
    ("Jacobs, Jane", ["Jacobs"]),
    ("Smith, John Paul, and Jane Doe", ["Smith", "Doe"]),
])
def test_names_inverted_or_in_reading_order(authors: str, families: list[str]) -> None:
    assert [name["family"] for name in split_names(authors)] == families
