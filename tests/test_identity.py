"""The edition's identity (seeds/edition.yml): read, validated, and shown in every place it belongs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from build_tools.diagnostics import Diagnostics
from build_tools.edition import Edition
from build_tools.load.identity import EDITION_FILE, Editor, Identity, load_identity
from build_tools.print_edition import compile_pdf
from build_tools.render import identity as identity_pages
from build_tools.render.book_meta import edition_info
from build_tools.render.epub import build_epub
from build_tools.render.markdown_escape import escape_text
from build_tools.render.typst_escape import escape_text as typst_escape
from build_tools.render.typst_markup import render_book

ROOT = Path(__file__).resolve().parents[1]


def _load(tmp_path: Path, text: str) -> tuple[Identity, Diagnostics]:
    (tmp_path / EDITION_FILE).write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    return load_identity(tmp_path, "seeds/edition.yml", diagnostics), diagnostics


GOOD = """editors:
  - name: The editors of a test edition
publisher: A test press
licence: {name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/", covers: the apparatus}
version: "1.2.0"
date: "2026-03-04"
"""


def test_the_edition_file_is_read(tmp_path: Path) -> None:
    identity, diagnostics = _load(tmp_path, GOOD)
    assert not diagnostics.items
    assert identity.editors[0].name == "The editors of a test edition"
    assert identity.date == dt.date(2026, 3, 4) and identity.version == "1.2.0"
    assert identity.edited_by == "edited by the editors of a test edition"


@pytest.mark.parametrize(("text", "line", "words"), [
    (GOOD.replace("publisher: A test press\n", ""), 1, "publisher"),
    (GOOD.replace('version: "1.2.0"', 'version: "soon"'), 5, "version"),
    (GOOD.replace('"2026-03-04"', '"4 March 2026"'), 6, "date"),
    (GOOD.replace('"2026-03-04"', '"2026-02-30"'), 6, "date"),
    (GOOD + "editor: someone\n", 7, "editor"),
    (GOOD.replace('url: "https://creativecommons.org/licenses/by/4.0/"', "url: not a url"), 4, "licence.url"),
    ("editors: [\n", 2, "parsed"),
])
def test_bad_input_is_a_coded_diagnostic_at_its_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    identity, diagnostics = _load(tmp_path, text)
    assert diagnostics.errors, text
    error = diagnostics.errors[0]
    assert error.code in ("Y001", "Y002") and error.file == "seeds/edition.yml"
    assert error.line == line and words in error.message, error.format()
    assert isinstance(identity, Identity)  # never a traceback: defaults for the rest of the build


def test_markup_in_the_identity_is_text_in_the_footer_and_the_home_page() -> None:
    hostile = Identity(editors=(Editor("<b>[x](y)</b>"),),
                       publisher="{{ config }} <i>", version="1.0", date=dt.date(2026, 1, 1),
                       licence_name="<img src=x>", licence_url="https://example.org/l", licence_covers="*all*")
    footer = identity_pages.footer_html(hostile, "")
    assert "<b>" not in footer and "<i>" not in footer and "<img" not in footer
    home = identity_pages.home_statement(hostile)
    assert "<b>" not in home and "\\[x\\]" in home and "\\*all\\*" in home


def test_the_home_page_footer_and_changelog_come_from_the_data(edition: Edition) -> None:
    who = edition.identity
    assert who.date is not None and who.versions
    home = identity_pages.home_markdown("<!-- edition:identity -->\n\n<!-- edition:changes -->", edition)
    assert f"version {who.version}" in home and who.publisher in home and who.licence_name in home
    changelog = edition.pages[identity_pages.CHANGELOG_PAGE]
    assert all(v.version in changelog for v in who.versions)
    assert "## In detail" in changelog  # the project's CHANGELOG.md follows, headings one level down
    footer = identity_pages.footer_html(who, "fallback")
    assert who.publisher in footer and 'rel="license"' in footer and "fallback" not in footer


def test_the_home_page_says_which_words_were_changed(edition: Edition) -> None:
    """Every bracketed addition quoted, counted; every flagged slip named."""
    said = identity_pages.words_changed(edition)
    emendations = edition.editorial_data.emendations
    slips = [n for n in edition.editorial_data.context_notes if n.kind == "slip"]
    assert emendations and slips
    for rule in emendations:
        assert escape_text(rule.reading) in said
    for slip in slips:
        assert f"read “{slip.read}”" in said
    assert "one word and one ending" in said  # "if [we] were" adds a word; "underpin[s]" an ending
    assert not said.startswith("Nothing")


def test_the_home_page_quotes_a_few_changes_of_a_large_edition(edition: Edition,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond CHANGES_QUOTED additions (or slips) the home page quotes the first and counts the rest."""
    emendations = edition.editorial_data.emendations
    slips = [n for n in edition.editorial_data.context_notes if n.kind == "slip"]
    monkeypatch.setattr(identity_pages, "CHANGES_QUOTED", 1)
    monkeypatch.setattr(edition, "editorial_data",
                        dataclasses.replace(edition.editorial_data, emendations=[*emendations] * 3))
    said = identity_pages.words_changed(edition)
    assert said.count(escape_text(emendations[0].reading)) == 1
    assert f"; and {3 * len(emendations) - 1} more." in said
    assert said.count(f"read “{slips[0].read}”") == 1


def test_one_edition_date_in_the_pdf_and_the_epub(edition: Edition) -> None:
    """The PDF's title page and colophon and the EPUB's metadata name the editors, publisher,
    version and the edition's date (the print edition's timestamp is that date too)."""
    from build_tools.print_edition import timestamp

    who = edition.identity
    assert who.date is not None
    items = [(t.seed, t.doc) for t in edition.texts]
    when = timestamp(items, who.date)
    assert when.date() == who.date
    info = edition_info(ROOT, who)
    typst = render_book(items, info, whole=True)
    assert typst_escape("Version " + who.version) in typst and typst_escape(who.publisher) in typst
    assert "example.github.io" not in typst
    epub = build_epub(items, info, when)
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        opf = archive.read("OEBPS/content.opf").decode("utf-8")
        cover = archive.read("OEBPS/cover.svg").decode("utf-8")
    assert f"<dc:date>{who.date.isoformat()}</dc:date>" in opf
    assert f'<meta property="dcterms:modified">{who.date.isoformat()}T00:00:00Z</meta>' in opf
    assert f"<dc:publisher>{who.publisher}</dc:publisher>" in opf and "marc:relators\">edt</meta>" in opf
    for a11y in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"):
        assert f'property="{a11y}"' in opf, a11y
    assert 'properties="cover-image"' in opf and "<svg" in cover and "Global Cities" in cover


def test_markup_in_the_identity_is_text_in_the_pdf_and_the_epub(edition: Edition, tmp_path: Path) -> None:
    """Typst and XML syntax in edition.yml's values is set as the characters it is: the PDF compiles
    and shows it, the EPUB's package document and cover stay well formed."""
    hostile = Identity(editors=(Editor("#set page(fill: red) <x> ]["),), publisher="</dc:publisher><script>",
                       version="1.0", date=dt.date(2026, 1, 1), licence_name="$x$ *b* _i_",
                       licence_url="https://example.org/l", licence_covers="@label #emph[x]")
    info = edition_info(ROOT, hostile)
    result = edition.texts[0]
    pdf = compile_pdf(render_book([(result.seed, result.doc)], info, whole=False), dt.datetime(2026, 1, 1,
                                                                                               tzinfo=dt.UTC))
    (tmp_path / "x.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "#set page(fill: red) <x> ][" in " ".join(text.split())
    epub = build_epub([(result.seed, result.doc)], info, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        for name in ("OEBPS/content.opf", "OEBPS/cover.svg", "OEBPS/cover.xhtml", "OEBPS/title.xhtml"):
            ET.fromstring(archive.read(name))
        assert "</dc:publisher><script>" not in archive.read("OEBPS/content.opf").decode("utf-8")
