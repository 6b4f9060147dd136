"""The bibliography: reference entries parsed into CSL-JSON, corrected, formatted, paged, anchored."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from build_tools.apparatus import bibliography as bib
from build_tools.apparatus.references import parse_entry
from build_tools.edition import Edition
from build_tools.model import Emphasis, Inline, Strong, Text

# (entry as the extraction gives it, after typography, as inline nodes; expected CSL fields)
ENTRIES: list[tuple[str, list[Inline], dict[str, Any]]] = [
    ("journal article", [Text("Acuto, M. and Rayner, S. (2016), City networks: breaking gridlocks or forging (new) "
                              "lock-ins? "), Emphasis([Text("International Affairs")]), Text(" "),
                         Strong([Text("92")]), Text(": 1147–1166.")],
     {"type": "article-journal", "author": [{"family": "Acuto", "given": "M."}, {"family": "Rayner", "given": "S."}],
      "title": "City networks: breaking gridlocks or forging (new) lock-ins?", "container-title": "International "
      "Affairs", "volume": "92", "page": "1147-1166", "issued": {"date-parts": [[2016]]}}),
    ("article with issue", [Text("Acuto, M. (2011). ‘Finding the Global City’. "), Emphasis([Text("Urban Studies")]),
                            Text(" "), Strong([Text("48")]), Text("(14): 2953–73.")],
     {"type": "article-journal", "title": "Finding the Global City", "container-title": "Urban Studies",
      "volume": "48", "issue": "14", "page": "2953-73"}),
    ("journal without italics", [Text("Gilbert, J. (2013). “What kind of thing is neoliberalism?”. New Formations. "),
                                 Strong([Text("80/81")]), Text(" 7–22")],
     {"type": "article-journal", "title": "What kind of thing is neoliberalism?", "container-title": "New Formations",
      "volume": "80/81", "page": "7-22"}),
    ("book, place and publisher after a comma", [Text("Polanyi, K. (1957). The great transformation: the political "
                                                      "and economic origins of our time. Boston, MA, Beacon Press.")],
     {"type": "book", "title": "The great transformation: the political and economic origins of our time",
      "publisher-place": "Boston, MA", "publisher": "Beacon Press", "author": [{"family": "Polanyi", "given": "K."}]}),
    ("book, place and publisher after a full stop", [Text("DeLanda, M. (2006). A New Philosophy of Society: Assemblage "
                                                          "Theory and Social Complexity. London. Continuum.")],
     {"type": "book", "publisher-place": "London", "publisher": "Continuum"}),
    ("book, publisher only", [Text("Barber, B. (2013). If mayors ruled the world: dysfunctional nations, rising "
                                   "cities. Yale University Press.")],
     {"type": "book", "publisher": "Yale University Press"}),
    ("book, (Place: Publisher)", [Text("Ikenberry, J. (2011) Liberal Leviathan: The Origins (Woodstock: Princeton "
                                       "University Press).")],
     {"type": "book", "title": "Liberal Leviathan: The Origins", "publisher-place": "Woodstock",
      "publisher": "Princeton University Press"}),
    ("chapter in an edited book", [Text("Koonings, K. and D. Kruijt, (2015). Urban fragility and resilience. In Kees "
                                        "Koonings & Dirk Kruijt (Eds.), Violence and resilience in Latin American "
                                        "cities London: Zed Books.")],
     {"type": "chapter", "container-title": "Violence and resilience in Latin American cities",
      "editor": [{"family": "Koonings", "given": "Kees"}, {"family": "Kruijt", "given": "Dirk"}],
      "publisher-place": "London", "publisher": "Zed Books",
      "author": [{"family": "Koonings", "given": "K."}, {"family": "Kruijt", "given": "D."}]}),
    ("essay in a book named after it", [Text("Brenner, N. and C. Schmid (2011). Planetary Urbanisation. Urban "
                                             "Constellations. Berlin, Jovis.")],
     {"type": "chapter", "title": "Planetary Urbanisation", "container-title": "Urban Constellations",
      "publisher-place": "Berlin", "publisher": "Jovis"}),
    ("two-word family name", [Text("Bellamy Foster, J. (2000) Marx’s Ecology: Materialism and Nature. New York. "
                                   "Monthly Review Press")],
     {"author": [{"family": "Bellamy Foster", "given": "J."}], "publisher": "Monthly Review Press"}),
]


@pytest.mark.parametrize(("inlines", "expected"), [(e[1], e[2]) for e in ENTRIES], ids=[e[0] for e in ENTRIES])
def test_reference_entries_parse_into_csl(inlines: list[Inline], expected: dict[str, Any]) -> None:
    parsed = parse_entry(inlines)
    assert parsed is not None
    assert {key: parsed.csl.get(key) for key in expected} == expected


def test_an_entry_without_a_year_is_not_a_record() -> None:
    assert parse_entry([Text("Some stray line of the reference list")]) is None


def test_the_bibliography_has_every_entry_the_dois_and_the_added_works(edition: Edition) -> None:
    assert edition.apparatus is not None
    records = edition.apparatus.bibliography.records
    in_list = [key for key, r in records.items() if r.origin == "list"]
    assert len(in_list) == 39  # the article's reference list, one record per entry
    assert {key: records[key].csl.get("DOI") for key in ("acuto-2011", "acuto-2013", "acuto-curtis-2014",
                                                         "acuto-rayner-2016")} == {
        "acuto-2011": "10.1177/0042098010392081", "acuto-2013": "10.4324/9780203073810",
        "acuto-curtis-2014": "10.1057/9781137383969", "acuto-rayner-2016": "10.1111/1468-2346.12700"}
    assert records["amin-thrift-2016"].csl["ISBN"] == "9780745664255"
    assert records["amin-2023"].csl["title"] == "After Nativism: Belonging in an Age of Intolerance"
    assert records["curtis-2018"].csl["DOI"] == "10.1515/ngs-2018-0007"
    assert records["amin-wilson-2023"].csl["URL"].startswith("https://www.socialeurope.eu/")


def test_the_page_marks_uncited_works_and_links_back_to_each_citation(edition: Edition) -> None:
    page = edition.pages["bibliography.md"]
    assert edition.apparatus is not None
    uncited = sorted(key for key, r in edition.apparatus.bibliography.records.items()
                     if r.origin == "list" and key not in edition.apparatus.cited)
    assert uncited == ["friedmann-1986", "graham-2010", "taylor-2003"]
    for key in uncited:
        block = page[page.index(f'id="ref-{key}"'):]
        assert "Not cited in the text" in block[:block.index("</div>")]
    soja = page[page.index('id="ref-soja-2000"'):]
    soja = soja[:soja.index("</div>")]
    assert "Cited in *Curtis 2018* [¶\u00a010](texts/curtis-2018.md#p10), [¶\u00a014](texts/curtis-2018.md#p14), " \
           "[note\u00a01](texts/curtis-2018.md#fn:1)." in soja


def test_entries_are_formatted_by_the_csl_style_in_author_date_order(edition: Edition) -> None:
    page = edition.pages["bibliography.md"]
    ids = re.findall(r'<div class="bib-entry" id="ref-([^"]+)"', page)
    printed = re.findall(r'<div class="bib-entry" id="ref-[^"]+" markdown="1">\n\n([^,.]+)', page)
    first_authors = [bib.fold(name) for name in printed]
    assert first_authors == sorted(first_authors)  # by first author's family name, as printed …
    assert ids.index("sassen-1991") < ids.index("sassen-2006") < ids.index("sassen-2014")  # … then by year
    assert ids.index("acuto-2013") < ids.index("acuto-curtis-2014")  # one author before two
    assert ("Sassen, S. 1991. *The Global City: New York, London, Tokyo*. Princeton: Princeton University Press."
            in page)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def _html(site: Path, page: str) -> _Ids:
    parser = _Ids()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return parser


def test_every_back_reference_and_citation_lands_on_a_real_anchor(built_site: Path) -> None:
    bibliography = _html(built_site, "bibliography")
    targets: dict[str, set[str]] = {}
    checked = 0
    for href in bibliography.hrefs + _html(built_site, "apparatus").hrefs:
        match = re.fullmatch(r"(?:\.\./)?texts/([\w-]+)/#(.+)", href)
        if match:
            slug, fragment = match.groups()
            ids = targets.setdefault(slug, _html(built_site, f"texts/{slug}").ids)
            assert fragment in ids, href
            checked += 1
    assert checked > 50
    for slug in ("curtis-2018", "amin-wilson-2023"):
        for href in _html(built_site, f"texts/{slug}").hrefs:
            if "bibliography/#" in href:
                assert href.split("#")[1] in bibliography.ids, href
    assert (built_site / "downloads" / "bibliography.bib").exists()


def test_formatting_one_by_one_equals_the_processor_formatting_the_whole_list(edition: Edition) -> None:
    """The bibliography formats records one at a time (cached); the CSL processor given the whole
    list at once, sorted by the style, must produce the same entries in the same order."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from build_tools.apparatus import bibliography as bib

    assert edition.apparatus is not None
    ours = bib.formatted(edition.apparatus.bibliography)
    given, suffixes = edition.apparatus.bibliography.given_names, edition.apparatus.bibliography.suffixes
    records = edition.apparatus.bibliography.records
    # the processor given the records as the edition's policies have them (initials); the suffixes
    # and the doubled punctuation it leaves are applied after it, as format_record applies them
    items = [bib.names_policy(item, given) for item in edition.apparatus.bibliography.csl_json()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(bib.style_path("chicago-author-date"), validate=False)
        engine = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            engine.register(Citation([CitationItem(item["id"])]))
        engine.sort()
        quoted = {key: bib.punctuation_in_quote(" ".join(str(entry).split()))  # as the style's locale asks
                  for key, entry in zip(engine.keys, engine.bibliography(), strict=True)}
        whole = {key: bib.with_suffix(bib.no_doubled_punctuation(text), records[key], suffixes.get(key, ""))
                 for key, text in quoted.items()}
    assert list(whole) == list(ours)
    assert whole == {key: formatted.plain for key, formatted in ours.items()}


@pytest.mark.parametrize(("formatted", "expected"), [
    ("Gilbert, J. 2013. “What Kind of Thing Is Neoliberalism?”. *New Formations*",
     "Gilbert, J. 2013. “What Kind of Thing Is Neoliberalism?” *New Formations*"),
    ("Acuto, M. 2011. “Finding the Global City: An Analytical Journey through the ‘Invisible College’”. *Urban",
     "Acuto, M. 2011. “Finding the Global City: An Analytical Journey through the ‘Invisible College.’” *Urban"),
    ("Massey, D. 1991. “A Global Sense of Place”. *Marxism Today*", "Massey, D. 1991. “A Global Sense of Place.” "
     "*Marxism Today*"),
    ("“One”, “Two”.", "“One,” “Two.”"),
    ("the cities’. Then", "the cities’. Then"),  # an apostrophe, not a quotation mark: left alone
])
def test_full_stops_and_commas_go_inside_closing_quotes(formatted: str, expected: str) -> None:
    """Chicago in US English (the locale's `punctuation-in-quote`), which citeproc-py does not apply."""
    from build_tools.apparatus import bibliography as bib

    assert bib.punctuation_in_quote(formatted) == expected


def test_no_formatted_reference_leaves_a_full_stop_outside_its_quotes(edition: Edition) -> None:
    page = edition.pages["bibliography.md"]
    assert "”." not in page and "”," not in page
    assert "“The World City Hypothesis.”" in page and "Lock-ins?” *International Affairs*" in page


# --- Chicago author-date, entry by entry --------------------------------------------------------

_ENTRY = re.compile(r'<div class="bib-entry" id="ref-([^"]+)" markdown="1">\n\n(.+?)\n')
# "Family, I. I." (a particle or a compound family name allowed), then ", I. Family" for the others
_INITIALS = r"(?:[A-Z]\.(?:-[A-Z]\.)?)(?: [A-Z]\.(?:-[A-Z]\.)?)*"
_FIRST = rf"[^\W\d][\w’'-]*(?: [^\W\d][\w’'-]*)*, {_INITIALS}"
_OTHER = rf"{_INITIALS} [^\W\d][\w’'-]*(?: [^\W\d][\w’'-]*)*"
_AUTHORS = re.compile(rf"^{_FIRST}(?:(?:, {_OTHER})*,? and {_OTHER})?\.? (\d{{4}}[a-z]?|n\.d\.(?:-[a-z])?)\. ")


def _entries(edition: Edition) -> dict[str, str]:
    return dict(_ENTRY.findall(edition.pages["bibliography.md"]))


def test_every_entry_is_chicago_author_date_with_initials(edition: Edition) -> None:
    """Names inverted for the first author only, given names as initials throughout (the policy
    of bibliography.yml, stated on the page), then the year and a full stop."""
    assert "given names are shortened to initials throughout" in edition.pages["bibliography.md"]
    for key, text in _entries(edition).items():
        assert _AUTHORS.match(text), (key, text)
        edited = re.search(r"edited by (.+?[a-z])(?=, \d|\. )", text)
        if edited:
            assert re.fullmatch(rf"{_OTHER}(?:(?:, {_OTHER})*,? and {_OTHER})?", edited.group(1)), (key, text)


def test_no_entry_has_doubled_or_missing_punctuation(edition: Edition) -> None:
    for key, text in _entries(edition).items():
        plain = bib.plain_text_of(text)
        assert not re.search(r"[?!]\*?[.,]|\.\.(?!\.)|,\.|,,|\s[.,;:]|;;|::", text), (key, text)
        assert plain.endswith("."), (key, text)
        assert not re.search(r"\b[A-Z],", plain.split(". ")[0]), (key, text)  # "Ferguson, N," lacks its stop


def test_same_authors_in_one_year_are_told_apart_by_a_b(edition: Edition) -> None:
    """No two entries open with the same names and year; the two Amin works of 2023 are a and b,
    in the order of their titles, and every hover of a citation gives the same suffix."""
    openings = [_AUTHORS.match(text).group(0) for text in _entries(edition).values()]  # type: ignore[union-attr]
    assert len(openings) == len(set(openings)), sorted(o for o in openings if openings.count(o) > 1)
    entries = _entries(edition)
    assert entries["amin-2023"].startswith("Amin, A. 2023a. *After Nativism")
    assert entries["amin-wilson-2023"].startswith("Amin, A. 2023b. “Global Cities")


def test_year_suffixes_follow_titles_and_keep_a_lists_own() -> None:
    def record(key: str, title: str, suffix: str = "") -> bib.Record:
        csl = {"type": "book", "title": title, "author": [{"family": "Taylor", "given": "Peter"}],
               "issued": {"date-parts": [[2013]]}}
        return bib.Record(key, {**csl, **({"year-suffix": suffix} if suffix else {})}, "list", "t")
    records = {r.id: r for r in (record("t-b", "Zebra"), record("t-a", "Apple"), record("u", "Solo"))}
    records["u"].csl["author"] = [{"family": "Other", "given": "P."}]
    assert bib.year_suffixes(records) == {"t-a": "a", "t-b": "b"}
    assert bib.with_suffix("Taylor, P. 2013. *Apple*.", records["t-a"], "a") == "Taylor, P. 2013a. *Apple*."
    assert bib.initials("Edward W.") == "E. W." and bib.initials("Jean-Paul") == "J.-P." and bib.initials("N") == "N."


def test_a_texts_suffixes_are_those_of_its_list_over_the_works() -> None:
    """`text_suffixes` (the works grouped once per edition) equals `year_suffixes` of the merged
    records, whichever groups a text's list joins, and when a list's record replaces a work."""
    rng = random.Random(15)
    for _ in range(300):
        def record(key: str, origin: str) -> bib.Record:
            csl: dict[str, Any] = {"type": "book", "title": rng.choice(["Apple", "Zebra", "Mango", "apple"]),
                                   "author": [{"family": rng.choice(["Taylor", "Amin"]), "given": "Peter"}],
                                   "issued": {"date-parts": [[rng.choice([2013, 2014])]]}}
            if rng.random() < 0.2:
                csl["year-suffix"] = rng.choice("xy")
            return bib.Record(key, csl, origin, "t")
        works, own = bib.Bibliography(), bib.Bibliography()
        for key in rng.sample("abcdefghijkl", rng.randint(0, 10)):
            works.records[key] = record(key, "work")
        for key in rng.sample("ghijklmnop", rng.randint(0, 6)):
            own.records[key] = record(key, "list")
        for given_names in ("as-given", "initials"):
            expected = bib.year_suffixes({**works.records, **own.records}, given_names)
            assert bib.text_suffixes(own, works, given_names) == expected


def test_the_form_the_site_gives_for_citing_has_an_entry(edition: Edition) -> None:
    """"Amin and Wilson 2023, ¶ 1" (the Cite box's and the home page's form) leads to an entry."""
    page = edition.pages["bibliography.md"]
    xrefs = dict(re.findall(r'<div class="bib-entry bib-xref" id="ref-([^"]+)-as-cited" markdown="1">\n\n(.+?)\n',
                            page))
    assert xrefs["amin-wilson-2023"] == "Amin and Wilson 2023. See [Amin 2023b](#ref-amin-wilson-2023)."
    for result in edition.texts:
        slug, short = result.seed.config.slug, result.seed.config.short_title
        family, year = short.split(" ")[0], short.split(" ")[-1]
        under_its_own = re.match(rf"{family}, [A-Z. ]+\. {year}\. ", _entries(edition)[slug]) and " and " not in short
        assert under_its_own or xrefs.get(slug, "").startswith(f"{short}. See ["), short


def test_the_authors_slips_are_corrected_only_as_editors_notes(edition: Edition) -> None:
    """Panitch and Gindin's order, Mason's publisher, Barber's place: corrected in bibliography.yml,
    each with its evidence shown on the entry and listed on the Editorial apparatus page."""
    entries = _entries(edition)
    assert entries["gindin-panitch-2013"].startswith("Panitch, L., and S. Gindin. 2013.")
    assert "New York: Farrar, Straus and Giroux" in entries["mason-2016"]
    assert "New Haven: Yale University Press" in entries["barber-2013"]
    assert "edited by M. Gandy, 10–13" in entries["brenner-schmid-2011"]
    page, apparatus = edition.pages["bibliography.md"], edition.pages["apparatus.md"]
    for key in ("gindin-panitch-2013", "mason-2016", "barber-2013", "brenner-schmid-2011"):
        block = page.split(f'id="ref-{key}"', 1)[1].split("</div>", 1)[0]
        assert "Editor: The entry" in block, key
        assert f"#ref-{key})" in apparatus, key


def test_a_chapter_without_editors_or_pages_is_pending_editorial_work(tmp_path: Path) -> None:
    """C007: a chapter whose book has no editors, or which has no pages, until bibliography.yml
    settles it; the draft lists it, `--strict` refuses it."""
    from build_tools.apparatus.pages import TextInfo, check_chapters
    from build_tools.diagnostics import Diagnostics
    from build_tools.model import Document

    doc = Document("t", "seeds/texts/t/source.txt", [])
    chapter = {"type": "chapter", "title": "An Essay", "container-title": "A Book",
               "author": [{"family": "Doe", "given": "J."}], "issued": {"date-parts": [[2011]]}}
    bibliography = bib.Bibliography(records={"doe-2011": bib.Record("doe-2011", chapter, "list", "t")})
    diagnostics = Diagnostics()
    check_chapters([TextInfo("t", "T 2011", "texts/t.md", doc)], bibliography, diagnostics)
    assert [d.code for d in diagnostics.pending_work] == ["C007"]
    assert "no editors and no pages" in diagnostics.pending_work[0].message
    settled = Diagnostics()
    bibliography.records["doe-2011"].correction = "the edition cannot add them"
    check_chapters([TextInfo("t", "T 2011", "texts/t.md", doc)], bibliography, settled)
    assert not settled.items
