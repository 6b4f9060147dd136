"""A text's page as a reader meets it (issue 14, part 6): the author's notes before the reference
list and in the page's contents; two note markers side by side kept apart in every output."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path

import pytest

from build_tools.apparatus.themes import number_ranges
from build_tools.edition import Edition
from build_tools.model import EditorNoteRef, FootnoteRef, Text
from build_tools.print_edition import PrintEdition, build_print_edition
from build_tools.render import markdown
from build_tools.render.markers import MARKER_SEPARATOR

ROOT = Path(__file__).resolve().parents[1]


def test_the_notes_come_before_the_references_and_are_in_the_contents(built_site: Path) -> None:
    html = (built_site / "texts" / "curtis-2018" / "index.html").read_text(encoding="utf-8")
    content = html[html.index('<div class="md-content"'):]
    notes, footnotes, references = (content.index('<h2 class="notes-heading" id="notes">'),
                                    content.index('<div class="footnote">'), content.index('<h2 id="references">'))
    assert notes < footnotes < references
    assert "Footnotes Go Here" not in html
    toc = html[html.index('aria-label="Table of contents"'):]
    toc = toc[:toc.index("</nav>")]
    entries = re.findall(r'<a href="#([\w-]+)" class="md-nav__link', toc)
    assert entries.index("notes") == entries.index("references") - 1, entries
    # a text without notes has no Notes heading
    interview = (built_site / "texts" / "amin-wilson-2023" / "index.html").read_text(encoding="utf-8")
    assert 'id="notes"' not in interview


def test_the_notes_heading_takes_a_free_anchor() -> None:
    from build_tools.model import Document, Heading, Span

    doc = Document("t", "t.txt", [Heading(2, [Text("Notes")], Span("t", 1, 1), anchor="notes")])
    assert markdown.notes_heading(doc, 2)[0] == "## Notes { #notes-2 .notes-heading }"


def test_two_note_markers_side_by_side_are_kept_apart() -> None:
    nodes = [Text("‘parliament’"), EditorNoteRef("n1", "i", "edref-i", "summary"), FootnoteRef("11"), Text(" in")]
    web = markdown.inlines(nodes)
    assert f"</sup>{MARKER_SEPARATOR}[^11]" in web
    assert MARKER_SEPARATOR not in markdown.inlines([Text("a"), FootnoteRef("1"), Text(" b")])


@pytest.fixture(scope="module")
def printed(edition: Edition) -> PrintEdition:
    return build_print_edition(edition, ROOT, cache=False)


def test_the_article_keeps_its_markers_apart_in_every_output(edition: Edition, printed: PrintEdition) -> None:
    page = edition.pages["texts/curtis-2018.md"]
    assert re.search(rf"‘parliament’<sup class=\"ed-ref\">.*?</sup>{MARKER_SEPARATOR}\[\^11\]", page)
    typst = printed.sources["downloads/curtis-2018.pdf"]
    at = typst.index("parliament’")
    assert MARKER_SEPARATOR in typst[at:at + 400], typst[at:at + 400]
    with zipfile.ZipFile(io.BytesIO(printed.files["downloads/edition.epub"])) as book:
        chapter = next(book.read(n).decode() for n in book.namelist() if n.endswith("curtis-2018.xhtml"))
    assert re.search(rf"‘parliament’<sup[^>]*>.*?</sup>{MARKER_SEPARATOR}<", chapter)


def test_the_epub_shows_a_run_of_identical_see_also_lines_once(printed: PrintEdition, edition: Edition) -> None:
    runs = [(t.seed.config.slug, number_ranges(p.see_also_for)) for t in edition.texts for p in t.doc.paragraphs()
            if len(p.see_also_for) > 1]
    assert runs  # (the edition has such runs: "For ¶ 31–32")
    with zipfile.ZipFile(io.BytesIO(printed.files["downloads/edition.epub"])) as book:
        chapters = {n: book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml")}
    for slug, ranges in runs:
        chapter = next(text for name, text in chapters.items() if name.endswith(f"{slug}.xhtml"))
        lines = re.findall(r'<p class="see-also">(.*?)</p>', chapter)
        assert any(line.startswith(f"For ¶\u00a0{ranges}, see also — ") for line in lines), lines
        bodies = [line.split(" — ", 1)[1] for line in lines]
        assert all(a != b for a, b in itertools.pairwise(bodies)), "two identical lines in a row"
