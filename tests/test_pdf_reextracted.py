"""The seed article as another publisher would print it, extracted as pdftotext gives it.

The edition's own model of Curtis 2018 (headings, paragraphs, footnotes at their markers, the
reference list) is set by Typst as a typical journal page — running heads with page numbers,
footnotes at the page foot with superscript numbers, no blank lines between paragraphs, a
reference list with hanging indents — and the PDF is turned back into text by `pdftotext`, with
and without `-layout`. What comes out is an extraction nobody wrote rules for (superscripts glued
to the words they follow, notes glued to their numbers, hyphens at line ends, page numbers), so
it tests the generator for the kind of source. Added with `add-text`'s guessed YAML alone, it
must build with no word lost, every note lifted to its marker, and the article's headings.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import typst

from bench.corpus_quality import build_one, measure_doc
from build_tools.edition import Edition
from build_tools.model import (
    EditorAddition,
    EditorNoteRef,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    Paragraph,
    Role,
    Text,
    plain_text,
    walk_inlines,
)

SLUG = "curtis-2018"


def _typst_text(text: str) -> str:
    """Source characters as Typst prints them literally."""
    return "".join("\\" + c if c in "\\#[]*_`$<>@~/=-+\"" else c for c in text)


def _authors_words(nodes: list[Inline]) -> list[Inline]:
    """The author's words only: the editor's additions (archive links) and note references left out."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, (EditorAddition, EditorNoteRef)):
            continue
        children = getattr(node, "children", None)
        out.extend(_authors_words(children) if isinstance(children, list) else [node])
    return out


def _note_text(note: Footnote) -> str:
    return " ".join(plain_text(_authors_words(note.inlines)).split())


def _inline(nodes: list[Inline], notes: dict[str, str]) -> str:
    out: list[str] = []
    for node in walk_inlines(_authors_words(nodes)):
        if isinstance(node, Text):
            out.append(_typst_text(node.text))
        elif isinstance(node, FootnoteRef):
            out.append(f"#footnote[{_typst_text(notes[node.label])}]")
    return "".join(out)


def typeset(edition: Edition) -> bytes:
    """Curtis 2018 as a PDF: the edition's own paragraphs, headings, notes and references."""
    doc = next(r.doc for r in edition.texts if r.seed.config.slug == SLUG)
    notes = {note.label: _note_text(note) for note in doc.footnotes}
    parts = [
        '#set page(paper: "a4", margin: (x: 2.4cm, y: 2.6cm), numbering: none, header: context {'
        ' let n = counter(page).get().first(); if n > 1 { set text(8pt);'
        ' if calc.even(n) [#n #h(1fr) S. Curtis] else [Global Cities and the Ends of Globalism #h(1fr) #n] } })',
        '#set text(font: "Libertinus Serif", size: 10.5pt, hyphenate: true, lang: "en")',
        "#set par(justify: true, first-line-indent: 1.2em, spacing: 0.65em)",
        "#show heading: set block(above: 1.2em, below: 0.8em)",
        "#align(center)[#text(15pt)[Global Cities and the Ends of Globalism] \\ #v(4pt) Simon Curtis]",
    ]
    in_references = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.text == "Global Cities and the Ends of Globalism":
                continue
            parts.append(f"= {_typst_text(block.text)}")
            in_references = block.text.lower() == "references"
            if in_references:
                parts.append("#set par(first-line-indent: 0pt, hanging-indent: 1.2em)")
        elif isinstance(block, Paragraph) and block.role in (Role.BODY, Role.ABSTRACT, Role.REFERENCE):
            parts.append(_inline(block.inlines, notes))
    return bytes(typst.compile("\n\n".join(parts).encode("utf-8")))


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    assert found, "pdftotext (poppler-utils) is a test tool: `bash tools/ensure-test-tools.sh` installs it"
    return found


@pytest.fixture(scope="module")
def printed(edition: Edition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reextracted")
    (folder / "curtis.pdf").write_bytes(typeset(edition))
    return folder


@pytest.mark.parametrize("layout", [False, True], ids=["pdftotext", "pdftotext-layout"])
def test_the_seed_article_printed_and_extracted_again_builds_to_its_notes_and_headings(
        printed: Path, edition: Edition, layout: bool) -> None:
    raw = printed / f"curtis{'-layout' if layout else ''}.txt"
    subprocess.run([_pdftotext(), *(["-layout"] if layout else []), str(printed / "curtis.pdf"), str(raw)],
                   check=True, timeout=60)
    doc = next(r.doc for r in edition.texts if r.seed.config.slug == SLUG)
    truth = {
        "title": "Global Cities and the Ends of Globalism",
        "notes": [{"label": n.label, "starts": " ".join(_note_text(n).split()[:5])} for n in doc.footnotes],
        "headings": [h.text for h in doc.headings() if h.text != "Global Cities and the Ends of Globalism"],
    }
    measure, built, _ = build_one(raw)
    assert built is not None, measure.errors[:5]
    measure_doc(measure, built, truth)
    assert measure.words_lost == 0
    assert measure.title_right
    assert measure.notes_at_markers >= 0.95 * measure.notes_total, measure.failures()
    assert not measure.notes_in_body, measure.notes_in_body
    assert measure.headings_found >= 0.9 * measure.headings_total, measure.failures()
    assert not measure.headings_false, measure.headings_false


def test_the_reextraction_is_a_different_shape(printed: Path) -> None:
    """The test means something only if pdftotext's text is not the seed's: no blank lines
    between paragraphs, page furniture, notes at the page foot."""
    raw = printed / "probe.txt"
    subprocess.run([_pdftotext(), str(printed / "curtis.pdf"), str(raw)], check=True, timeout=60)
    text = raw.read_text(encoding="utf-8")
    assert "\f" in text and "S. Curtis" in text
    lines = text.split("\n")
    blank = sum(1 for line in lines if not line.strip())
    assert blank < 0.2 * len(lines)  # a page's paragraphs follow each other without blank lines
