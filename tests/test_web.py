"""The web edition's additions: citations, BibTeX/RIS, head metadata, HTML repairs (no browser)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser
import pytest
import rispy

from build_tools.apparatus.bibliography import plain_text_of
from build_tools.edition import Edition, TextResult
from build_tools.load.seeds import project_root as edition_root
from build_tools.web import citation, head, html_fixes
from build_tools.web.cite_box import cite_box_html, insert_after_source_details
from build_tools.web.facts import TextFacts, edition_date

EDITION_URL = "https://example.org/edition/texts/{slug}/"


def _facts(edition: Edition, slug: str, pdf: bool = True) -> TextFacts:
    result: TextResult = next(t for t in edition.texts if t.seed.config.slug == slug)
    return TextFacts(config=result.seed.config, words=result.words_in_source - result.words_removed,
                     edition_title="Global Cities — a reading edition", edition_url=EDITION_URL.format(slug=slug),
                     pdf_url=f"https://example.org/edition/downloads/{slug}.pdf" if pdf else None,
                     built=edition.identity.date or dt.date(2026, 11, 21), identity=edition.identity,
                     given_names=edition.editorial_data.given_names,
                     year_suffix=edition.apparatus.bibliography.suffixes.get(slug, "") if edition.apparatus else "")


# --- citations ------------------------------------------------------------------------------


def test_the_article_is_cited_in_chicago_and_apa(edition: Edition) -> None:
    facts = _facts(edition, "curtis-2018")
    assert citation.chicago_original(facts).text == (
        "Curtis, S. 2018. “Global Cities and the Ends of Globalism.” New Global Studies 12 (1): 75–90. "
        "https://doi.org/10.1515/ngs-2018-0007.")
    apa = citation.apa_original(facts)
    assert apa.text == ("Curtis, S. (2018). Global Cities and the Ends of Globalism. New Global Studies, 12(1), "
                        "75–90. https://doi.org/10.1515/ngs-2018-0007")
    assert "<i>New Global Studies</i>, <i>12</i>(1)" in apa.html


def test_the_chicago_citation_of_each_text_is_its_bibliography_entry(edition: Edition) -> None:
    assert edition.apparatus is not None
    page = " ".join(plain_text_of(edition.pages["bibliography.md"]).split())
    for slug in ("curtis-2018", "amin-wilson-2023"):
        chicago = citation.chicago_original(_facts(edition, slug))
        assert chicago.text.removesuffix(".").split(" https://")[0] in page, chicago.text


def test_the_interview_names_its_interviewer(edition: Edition) -> None:
    facts = _facts(edition, "amin-wilson-2023")
    chicago = citation.chicago_original(facts).text
    # as the Bibliography page has it (citeproc-py, Chicago's headline-style capitals)
    assert chicago.startswith("Amin, A. 2023b. “Global Cities: Crucibles of Innovation.” Interview by Robin Wilson.")
    assert "Social Europe, April 17, 2023." in chicago
    assert "(R. Wilson, Interviewer)" in citation.apa_original(facts).text


def test_the_edition_citations_carry_the_edition_url_date_editors_and_publisher(edition: Edition) -> None:
    """seeds/edition.yml's editors, publisher, version and date in both citations of this edition."""
    facts = _facts(edition, "curtis-2018")
    who = edition.identity
    assert who.date is not None and who.editors and who.publisher and who.version
    day = f"{who.date.strftime('%B')} {who.date.day}, {who.date.year}"
    for cited in (citation.chicago_edition(facts), citation.apa_edition(facts)):
        assert facts.edition_url and facts.edition_url in cited.text
        assert day in cited.text and f"Version {who.version}" in cited.text
        assert who.editors[0].name.removeprefix("The ") in cited.text and who.publisher in cited.text
    chicago = citation.chicago_edition(facts)
    assert chicago.text.startswith("Curtis, S. 2018. “Global Cities and the Ends of Globalism.” In Global")
    assert "<i>Global Cities — A Reading Edition</i>, edited by the editors of" in chicago.html
    assert "<i>Global Cities — a reading edition</i> (Version" in citation.apa_edition(facts).html


def test_without_an_address_the_edition_citations_give_none_and_say_so(edition: Edition) -> None:
    """No EDITION_SITE_URL: no URL at all (never a placeholder), and the box says why."""
    facts = dataclasses.replace(_facts(edition, "curtis-2018"), edition_url=None)
    for cited in (citation.chicago_edition(facts), citation.apa_edition(facts)):
        assert "http" not in cited.text.replace(facts.doi_url or "-", ""), cited.text
    box = cite_box_html(facts, "../../downloads/")
    assert "built without its web address" in box and "example" not in box


def test_the_pdf_and_the_site_suggest_the_same_citation_of_each_text(edition: Edition) -> None:
    from build_tools.model import plain_text
    from build_tools.render.book_meta import edition_info, suggested_citation

    info = dataclasses.replace(edition_info(edition_root(), edition.identity, edition.editorial_data.given_names),
                               url="https://example.org/edition/")
    for result in edition.texts:
        facts = _facts(edition, result.seed.config.slug)
        assert plain_text(suggested_citation(result.seed, info)) == citation.chicago_edition(facts).text


def test_names_are_joined_as_each_style_asks() -> None:
    from build_tools.load.config import Author

    people = [Author("Acuto", "Michele"), Author("Curtis", "Simon"), Author("Rayner", "Steve")]
    assert citation.chicago_names(people) == "Acuto, Michele, Simon Curtis, and Steve Rayner"
    assert citation.chicago_names(people[:2]) == "Acuto, Michele, and Simon Curtis"
    assert citation.apa_names(people) == "Acuto, M., Curtis, S., & Rayner, S."
    assert citation.initials("Mary Ann") == "M. A."


def test_markup_in_the_data_cannot_reach_the_html(edition: Edition) -> None:
    facts = _facts(edition, "curtis-2018")
    config = dataclasses.replace(facts.config, title="<script>x</script> & co")
    cited = citation.chicago_original(dataclasses.replace(facts, config=config))
    assert "<script>" not in cited.html and "&lt;script&gt;" in cited.html


@pytest.mark.parametrize("slug", ["curtis-2018", "amin-wilson-2023"])
def test_bibtex_parses_into_the_original_and_the_edition(edition: Edition, slug: str) -> None:
    facts = _facts(edition, slug)
    library = bibtexparser.parse_string(citation.bibtex(facts))
    assert not library.failed_blocks
    original, edited = library.entries
    assert original["title"].strip("{}") == facts.config.title
    assert original["year"] == str(facts.year)
    assert edited.key == original.key + "edition" and edited["url"] == facts.edition_url
    assert edited["urldate"] == facts.built.isoformat() and original["date"] == facts.config.date
    assert original["language"] == edited["language"] == facts.config.language
    if facts.is_journal_article:
        assert original.entry_type == "article" and original["doi"] == "10.1515/ngs-2018-0007"
        assert original["pages"] == "75--90"


@pytest.mark.parametrize("slug", ["curtis-2018", "amin-wilson-2023"])
def test_ris_parses_into_the_original_and_the_edition(edition: Edition, slug: str) -> None:
    facts = _facts(edition, slug)
    text = citation.ris(facts)
    assert "\r\n" in text
    original, edited = rispy.loads(text)
    assert original["type_of_reference"] == ("JOUR" if facts.is_journal_article else "MGZN")
    assert original["title"] == facts.config.title
    assert edited["type_of_reference"] == "ELEC" and edited["urls"] == [facts.edition_url]
    if facts.is_journal_article:
        assert (original["start_page"], original["end_page"]) == ("75", "90")


# --- head metadata ------------------------------------------------------------------------------


def test_highwire_tags_describe_the_article(edition: Edition) -> None:
    tags = dict(head.highwire(_facts(edition, "curtis-2018")))
    assert tags["citation_journal_title"] == "New Global Studies"
    assert (tags["citation_volume"], tags["citation_issue"]) == ("12", "1")
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == ("75", "90")
    assert tags["citation_doi"] == "10.1515/ngs-2018-0007"
    assert tags["citation_publication_date"] == "2018/04/17"
    assert tags["citation_pdf_url"].endswith("/downloads/curtis-2018.pdf")


def test_each_cited_work_becomes_a_citation_reference() -> None:
    csl = {"type": "article-journal", "title": "Finding the Global City; a journey", "issued": {"date-parts": [[2011]]},
           "author": [{"family": "Acuto", "given": "M."}], "container-title": "Urban Studies", "volume": "48",
           "issue": "14", "page": "2953-73", "DOI": "10.1177/0042098010392081"}
    assert head.citation_reference(csl) == (
        "citation_title=Finding the Global City, a journey; citation_author=Acuto, M.; "
        "citation_publication_date=2011; citation_journal_title=Urban Studies; citation_volume=48; "
        "citation_issue=14; citation_firstpage=2953; citation_lastpage=2973; citation_doi=10.1177/0042098010392081")
    assert head.citation_reference({"author": [{"family": "X"}]}) == ""  # no title, no reference


def test_no_pdf_no_pdf_tag(edition: Edition) -> None:
    facts = _facts(edition, "curtis-2018", pdf=False)
    assert "citation_pdf_url" not in dict(head.highwire(facts))
    assert "encoding" not in head.json_ld(facts)


def test_json_ld_types(edition: Edition) -> None:
    article = head.json_ld(_facts(edition, "curtis-2018"))
    assert article["@type"] == "ScholarlyArticle"
    assert article["isPartOf"]["@type"] == "PublicationIssue"
    assert article["isPartOf"]["isPartOf"]["isPartOf"]["name"] == "New Global Studies"
    interview = head.json_ld(_facts(edition, "amin-wilson-2023"))
    assert (interview["@type"], interview["genre"]) == ("Article", "interview")
    assert [p["name"] for p in interview["contributor"]] == ["Robin Wilson"]


def test_json_ld_cannot_close_its_script(edition: Edition) -> None:
    facts = _facts(edition, "curtis-2018")
    config = dataclasses.replace(facts.config, title="a </script> b")
    html = head.head_html(dataclasses.replace(facts, config=config), "d", "s")
    body = html.split('<script type="application/ld+json">', 1)[1]
    assert body.count("</script>") == 1


# --- build date, insertion, HTML repairs --------------------------------------------------------


def test_the_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert edition_date() == dt.date(2023, 11, 14)


def test_the_command_lines_fallback_date_gives_way_to_the_last_commit(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    """The CLI sets SOURCE_DATE_EPOCH to the newest text's date when nobody else did; as the date
    of the edition that would be wrong, so the last commit's date is used where there is one."""
    newest_text = int(dt.datetime(2023, 4, 17, tzinfo=dt.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(newest_text))
    repo = tmp_path / "repo"
    repo.mkdir()
    run = functools.partial(subprocess.run, cwd=repo, check=True, capture_output=True)
    run(["git", "init", "-q"])
    (repo / "f").write_text("x")
    run(["git", "add", "f"])
    run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x",
         "--date", "2025-01-02T12:00:00Z"], env={**os.environ, "GIT_COMMITTER_DATE": "2025-01-02T12:00:00Z"})
    assert edition_date(newest_text, repo) == dt.date(2025, 1, 2)
    assert edition_date(newest_text, tmp_path / "not-a-checkout") == dt.date(2023, 4, 17)
    assert edition_date(None, repo) == dt.date(2023, 4, 17)  # set by the caller: it wins


def test_the_box_goes_after_the_source_details_or_the_title() -> None:
    page = '<h1>T</h1>\n<p class="source-details">S</p>\n<p>x</p>'
    assert insert_after_source_details(page, "BOX").index("BOX") > page.index("S</p>")
    assert insert_after_source_details("<h1>T</h1><p>x</p>", "BOX") == "<h1>T</h1>\nBOX<p>x</p>"


def test_each_html_fix_repairs_what_it_names() -> None:
    page = ('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
            '<label class="md-nav__link" for="__nav_2" tabindex="">')
    fixed = html_fixes.fix_page(page)
    assert 'autocomplete="off"' not in fixed
    assert 'tabindex=""' not in fixed
    assert html_fixes.fix_page(fixed) == fixed


# --- the built site ------------------------------------------------------------------------------


def _head(page: Path) -> str:
    return page.read_text(encoding="utf-8").split("</head>", 1)[0]


def test_text_pages_carry_each_metadata_set_once(built_site: Path) -> None:
    for slug in ("curtis-2018", "amin-wilson-2023"):
        page_head = _head(built_site / "texts" / slug / "index.html")
        for marker in ('name="citation_title"', 'name="DC.title"', 'property="og:title"',
                       'type="application/ld+json"', 'name="description"', 'rel="canonical"'):
            assert page_head.count(marker) == 1, (slug, marker)
        canonical = re.search(r'rel="canonical" href="([^"]+)"', page_head)
        assert canonical and f'property="og:url" content="{canonical.group(1)}"' in page_head
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page_head, re.S)[1])
        assert data["url"] == canonical.group(1)
        references = len(re.findall(r'<li id="ref-', (built_site / "texts" / slug / "index.html").read_text("utf-8")))
        assert page_head.count('name="citation_reference"') == references
        pdf = built_site / "downloads" / f"{slug}.pdf"
        assert ('name="citation_pdf_url"' in page_head) == pdf.exists()


def test_other_pages_carry_no_citation_tags(built_site: Path) -> None:
    for page in (built_site / "index.html", built_site / "about" / "index.html"):
        assert "citation_title" not in _head(page)


def test_text_pages_have_the_cite_box_and_its_downloads(built_site: Path) -> None:
    for slug in ("curtis-2018", "amin-wilson-2023"):
        html = (built_site / "texts" / slug / "index.html").read_text(encoding="utf-8")
        assert html.count('<details class="ed-cite"') == 1
        assert f'href="../../downloads/{slug}.bib"' in html and f'href="../../downloads/{slug}.ris"' in html
        assert (built_site / "downloads" / f"{slug}.bib").read_text(encoding="utf-8").startswith("@")
        assert re.search(r'<p class="ed-reading"><span>[\d,]+ words</span>', html)


def test_the_404_page_links_under_the_site_path(built_site: Path) -> None:
    """GitHub Pages serves 404.html for a missing page at any depth: its links resolve under the
    site's path (the path of site_url, as the sitemap gives it), through a <base> that is the
    first thing in its head (build_tools/web/not_found.py; the browser test serves it elsewhere)."""
    loc = re.search(r"<loc>([^<]+)</loc>", (built_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert loc
    path = urlsplit(loc.group(1)).path.rstrip("/") + "/"
    html = (built_site / "404.html").read_text(encoding="utf-8")
    head = html[html.index("<head>"):html.index("</head>")]
    assert re.match(rf'<head>\s*<meta charset="utf-8"><base href="{re.escape(path)}">', head)
    assert head.index("<base ") < head.index("<link ")
    assert 'href="texts/curtis-2018/"' in html
    assert 'href="assets/stylesheets/edition.css"' in html
    assert f'href="{path}' not in html.replace(f'<base href="{path}">', "")


def test_the_footer_and_the_changelog_name_who_made_which_version(built_site: Path, edition: Edition) -> None:
    """The footer of every page names the editors, version, publisher and licence (seeds/edition.yml),
    not "Edition © the editors", and links to the Changelog page, which lists the versions."""
    who = edition.identity
    for page in ("index.html", "texts/curtis-2018/index.html", "bibliography/index.html"):
        footer = (built_site / page).read_text(encoding="utf-8").split('class="md-copyright"', 1)[1][:1500]
        assert "Edited by the editors of" in footer and f"Version {who.version}" in footer, page
        assert 'rel="license"' in footer and "changelog/" in footer and "Edition ©" not in footer, page
    changelog = (built_site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert all(v.version in changelog for v in who.versions)
