"""The print edition read back like a reader's PDF viewer would: text, pages, outline, metadata.

The PDFs are built once per module from the session's edition and read with poppler
(`pdftotext -raw`, content-stream order) and `pypdf`. Nothing here compares against stored
output: every expectation is computed from the document model the PDFs were made from.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import typst
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from build_tools import cli
from build_tools.diagnostics import Diagnostics
from build_tools.edition import Edition
from build_tools.model import (
    Citation,
    Document,
    EditorNoteRef,
    FootnoteRef,
    Inline,
    Link,
    Paragraph,
    Role,
    Text,
    walk_inlines,
)
from build_tools.print_edition import (
    EDITION_PDF,
    PrintEdition,
    build_print_edition,
    compile_pdf,
    compile_with_warnings,
    text_pdf,
)
from build_tools.render import typst_markup
from build_tools.render.book_backmatter import back_matter, entry_key, entry_keys
from build_tools.render.book_meta import edition_info
from build_tools.render.typst_escape import escape_text, label_name

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[\w\u00ad]+")


@pytest.fixture(scope="module")
def printed(edition: Edition) -> PrintEdition:
    return build_print_edition(edition, ROOT, cache=False)


@pytest.fixture(scope="module")
def pdf_dir(printed: PrintEdition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    for path, data in printed.files.items():
        (folder / Path(path).name).write_bytes(data)
    return folder


def pdftotext(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *pages, str(pdf), "-"],
                            capture_output=True, text=True, check=True)
    return result.stdout


SOFT_HYPHEN = "\u00ad"


def words(text: str) -> list[str]:
    """Word tokens; a word Typst hyphenated keeps its soft hyphen (`techno\u00ad`, `logical`), and the
    matching below joins the halves, whatever (a footnote, a page number) came between them."""
    return WORD.findall(text.casefold())


def _split(stream: list[str], i: int, word: str) -> bool:
    token = stream[i]
    return token.endswith(SOFT_HYPHEN) and len(token) > 1 and word.startswith(token[:-1]) and word != token[:-1]


def _find(stream: list[str], word: str, cursor: int) -> tuple[int, int]:
    """(where `word` starts, where it ends) at or after `cursor`: whole, or split by hyphenation."""
    for i in range(cursor, len(stream)):
        if stream[i] == word:
            return i, i
        if _split(stream, i, word):
            return i, stream.index(word[len(stream[i]) - 1:], i + 1)
    raise ValueError(word)


def _starts_at(stream: list[str], i: int, head: list[str]) -> int | None:
    """Where `head` ends if it stands at `i`, word after word (a hyphenated word's halves adjacent)."""
    for word in head:
        if i < len(stream) and stream[i] == word:
            i += 1
        elif i + 1 < len(stream) and _split(stream, i, word) and stream[i + 1] == word[len(stream[i]) - 1:]:
            i += 2
        else:
            return None
    return i


def assert_in_order(stream: list[str], paragraphs: list[tuple[str, list[str]]]) -> None:
    """Each paragraph, paragraph after paragraph, in the stream: its first words together, then every
    other word in order; running heads, page numbers and footnotes may come between them, but no word
    may be missing."""
    cursor = 0
    for name, para_words in paragraphs:
        head = para_words[:4]
        end = next((e for i in range(cursor, len(stream)) if (e := _starts_at(stream, i, head)) is not None), None)
        assert end is not None, f"{name}: its opening words {head} are not in the PDF after position {cursor}"
        cursor = end
        for word in para_words[len(head):]:
            try:
                found, last = _find(stream, word, cursor)
            except ValueError:
                pytest.fail(f"{name}: word {word!r} not found in the PDF after position {cursor}")
            assert found - cursor < 400, f"{name}: {word!r} found only {found - cursor} words further on"
            cursor = last + 1


def as_printed(nodes: list[Inline]) -> str:
    """The words of inline content as they print: the text with each note's marker where it stands
    (the author's number, the editor's letter), glued to the word before it as a superscript is."""
    parts: list[str] = []
    for node in walk_inlines(nodes):
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, FootnoteRef):
            parts.append(node.label)
        elif isinstance(node, EditorNoteRef):
            parts.append(node.letter)
    return "".join(parts)


def body_paragraphs(doc: Document) -> list[Paragraph]:
    return list(doc.paragraphs(Role.BODY))


def test_every_body_paragraph_of_both_texts_in_order(edition: Edition, pdf_dir: Path) -> None:
    stream = words(pdftotext(pdf_dir / "edition.pdf"))
    expected = [(f"{t.seed.config.slug} ¶{p.number}", words(as_printed(p.inlines)))
                for t in edition.texts for p in body_paragraphs(t.doc)]
    assert len(expected) > 50
    assert_in_order(stream, expected)


@pytest.mark.parametrize("index", [0, 1])
def test_each_text_pdf_has_its_paragraphs_and_references(edition: Edition, pdf_dir: Path, index: int) -> None:
    result = edition.texts[index]
    stream = words(pdftotext(pdf_dir / Path(text_pdf(result.seed.config.slug)).name))
    blocks = [(f"{b.anchor}", words(as_printed(b.inlines))) for b in result.doc.blocks
              if isinstance(b, Paragraph) and b.role in (Role.BODY, Role.REFERENCE, Role.ABSTRACT)]
    assert_in_order(stream, blocks)


def test_paragraph_numbers_stand_before_their_paragraphs(edition: Edition, pdf_dir: Path) -> None:
    """The margin number is read first, so "¶ 24" in a citation finds the same words as on the site."""
    text = " ".join(pdftotext(pdf_dir / "edition.pdf").replace("\u00ad\n", "").split())
    for result in edition.texts:
        for para in body_paragraphs(result.doc):
            first = " ".join(as_printed(para.inlines).split()[:3])
            speaker = ""
            if para.turn_start:
                speaker = next(s.name for s in result.doc.speakers if s.id == para.speaker) + " "
            assert f"{para.number} {speaker}{first}" in text, (result.seed.config.slug, para.number)


def _words_before_marker(inlines: list[Inline], label: str) -> tuple[str, ...]:
    """The last words before the footnote marker `label`, as they print: the marker glued on, or,
    when another marker stands just before it, after a narrow space (render/markers.py), which
    `pdftotext -raw` may or may not read as a space."""
    before: list[Inline] = []
    for node in walk_inlines(inlines):
        if isinstance(node, FootnoteRef) and node.label == label:
            words = " ".join(as_printed(before).split()[-3:])
            after_marker = bool(before) and isinstance(before[-1], (FootnoteRef, EditorNoteRef))
            return (words + label, words + " " + label) if after_marker else (words + label,)
        if isinstance(node, (Text, FootnoteRef, EditorNoteRef)):
            before.append(node)
    raise AssertionError(f"no marker {label}")


def test_each_footnote_is_on_the_page_of_its_marker(edition: Edition, pdf_dir: Path) -> None:
    pdf = pdf_dir / "edition.pdf"
    pages = [" ".join(pdftotext(pdf, n).replace("\u00ad\n", "").split())
             for n in range(1, len(PdfReader(pdf).pages) + 1)]
    checked = 0
    for result in edition.texts:
        doc = result.doc
        for note in doc.footnotes:
            para = next(b for b in doc.blocks if isinstance(b, Paragraph)
                        and any(isinstance(n, FootnoteRef) and n.label == note.label for n in walk_inlines(b.inlines)))
            marker = _words_before_marker(para.inlines, note.label)
            note_start = note.label + " ".join(as_printed(note.inlines).split()[:4])[:25]
            marker_pages = [i for i, page in enumerate(pages) if any(form in page for form in marker)]
            note_pages = [i for i, page in enumerate(pages) if note_start in page]
            assert len(marker_pages) == 1, (note.label, marker, marker_pages)
            assert note_pages == marker_pages, (note.label, note_pages, marker_pages)
            checked += 1
    assert checked == sum(len(t.doc.footnotes) for t in edition.texts) > 0


def _outline_titles(outline: list[Any], reader: PdfReader) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item, reader)
        else:
            titles.append(str(item.title))
    return titles


def test_outline_has_every_heading(edition: Edition, pdf_dir: Path) -> None:
    reader = PdfReader(pdf_dir / "edition.pdf")
    titles = [" ".join(t.split()) for t in _outline_titles(reader.outline, reader)]
    headings = [" ".join(h.text.split()) for t in edition.texts for h in t.doc.headings()]
    missing = [h for h in headings if h not in titles]
    assert not missing, missing
    assert "Removal report" in titles


def test_metadata_title_author_language_and_tags(edition: Edition, pdf_dir: Path) -> None:
    info = edition_info(ROOT)
    reader = PdfReader(pdf_dir / "edition.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == info.title
    for result in edition.texts:
        for author in result.seed.config.authors:
            assert author.name in (reader.metadata.author or "")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == info.language
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in root
    assert reader.xmp_metadata is not None
    assert "pdfuaid" in reader.xmp_metadata.rdf_root.toxml()  # PDF/UA-1, checked by Typst when it compiled

    text = PdfReader(pdf_dir / "curtis-2018.pdf")
    assert text.metadata is not None and text.metadata.title == edition.texts[0].seed.config.title


def test_fonts_are_embedded(pdf_dir: Path) -> None:
    listing = subprocess.run(["pdffonts", str(pdf_dir / "edition.pdf")], capture_output=True, text=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", row  # emb
    assert any("LibertinusSerif" in row for row in rows)


def test_links_are_clickable(edition: Edition, pdf_dir: Path) -> None:
    """Web addresses open; citations and the contents jump to their place in the book."""
    reader = PdfReader(pdf_dir / "edition.pdf")
    uris: set[str] = set()
    internal = 0
    for page in reader.pages[2:]:  # after the title page and the contents
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            action = obj.get("/A")
            if action is not None and "/URI" in action:
                uris.add(str(action["/URI"]))
            elif action is not None or "/Dest" in obj:
                internal += 1
    assert "https://doi.org/" + edition.texts[0].seed.config.metadata["doi"] in uris
    for result in edition.texts:
        for block in result.doc.blocks:
            for node in walk_inlines(block.inlines):
                if isinstance(node, Link) and node.url.startswith("http"):
                    assert node.url in uris, node.url
    labels = typst_markup.book_labels([(t.seed, t.doc) for t in edition.texts])
    linked_citations = sum(1 for t in edition.texts for b in t.doc.blocks for n in walk_inlines(b.inlines)
                           if isinstance(n, Citation) and n.key
                           and label_name(t.seed.config.slug, "ref", n.key) in labels)
    assert internal >= linked_citations


def _outline_pages(outline: list[Any], reader: PdfReader) -> dict[str, int]:
    pages: dict[str, int] = {}
    for item in outline:
        if isinstance(item, list):
            pages.update(_outline_pages(item, reader))
        else:
            pages.setdefault(" ".join(str(item.title).split()), reader.get_destination_page_number(item))
    return pages


def test_terms_names_and_works_outside_the_list_jump_to_the_back_matter(edition: Edition, pdf_dir: Path) -> None:
    """As on the site a term or a name leads to its index entry, in the PDF it is a link to its
    entry in the glossary or a register, and a citation of a work that the text's own list
    lacks links to the work in the book's bibliography."""
    reader = PdfReader(pdf_dir / "edition.pdf")
    outline = _outline_pages(reader.outline, reader)
    apparatus = range(outline["Glossary"], outline["Removal report"])
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)
                    if page.indirect_reference is not None}
    named = reader.named_destinations  # a label that is also a heading's is a named destination
    into_apparatus = 0
    for number, page in enumerate(reader.pages):
        if number >= apparatus.start:
            break
        for annot in page.get("/Annots") or []:
            dest = annot.get_object().get("/Dest")
            if isinstance(dest, str):
                dest = [named[dest].page] if dest in named else None
            if dest is not None and page_numbers.get(dest[0].idnum) in apparatus:
                into_apparatus += 1
    entries = entry_keys(back_matter(edition, {t.seed.config.slug for t in edition.texts}))
    labels = typst_markup.book_labels([(t.seed, t.doc) for t in edition.texts])
    expected = 0
    for result in edition.texts:
        slug = result.seed.config.slug
        for inlines in [*(b.inlines for b in result.doc.blocks if not (isinstance(b, Paragraph) and
                                                                      b.role is Role.REFERENCE)),
                        *(note.inlines for note in result.doc.footnotes)]:
            for node in walk_inlines(inlines):
                key = entry_key(node)
                in_own_list = isinstance(node, Citation) and label_name(slug, "ref", node.key or "") in labels
                if key in entries and not in_own_list:
                    expected += 1
    assert expected > 100  # the seeds' terms, names and the interview's citations of the article
    assert into_apparatus >= expected  # a link broken over two lines is two annotations


def test_two_builds_are_byte_identical(edition: Edition, printed: PrintEdition) -> None:
    again = build_print_edition(edition, ROOT, cache=False)
    assert set(again.files) == set(printed.files)
    for path, data in printed.files.items():
        assert again.files[path] == data, path


def test_interview_turns_are_labelled_with_the_speaker(edition: Edition, pdf_dir: Path) -> None:
    interview = next(t for t in edition.texts if t.doc.speakers)
    text = " ".join(pdftotext(pdf_dir / Path(text_pdf(interview.seed.config.slug)).name).split())
    starts = [p for p in interview.doc.paragraphs(Role.BODY) if p.turn_start]
    assert len(starts) == len({p.turn for p in interview.doc.paragraphs(Role.BODY)})
    for para in starts:
        name = next(s.name for s in interview.doc.speakers if s.id == para.speaker)
        assert f"{name} {' '.join(as_printed(para.inlines).split()[:4])}" in text


def test_a_typst_error_is_a_coded_diagnostic_not_a_traceback(edition: Edition,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("build_tools.print_edition.render_book", lambda *a, **k: "#let broken = (\n")
    diagnostics = Diagnostics()
    built = build_print_edition(edition, ROOT, diagnostics)
    assert EDITION_PDF not in built.files
    assert {d.code for d in diagnostics.errors} == {"B002"}
    code = cli.main(["build", "--markdown-dir", str(tmp_path / "md"), "--pdf-dir", str(tmp_path / "pdf"),
                     "--site-dir", str(tmp_path / "site")])
    assert code == cli.EXIT_BUILD_FAILED
    err = capsys.readouterr().err
    assert "B002" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


# Every ASCII character Typst could read as markup, and some that matter to the texts.
SPECIALS = "#$*_@<>[]\\`~/=+-'\".:;,!?%&(){}|^ \u2019\u201c\u201d\u2014\u00e9"


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(SPECIALS) + list("abcXYZ019")), min_size=1, max_size=40))
def test_any_source_text_prints_literally(source: str) -> None:
    shown = source.strip()
    if not shown or not any(c.isalnum() for c in shown):
        shown = "a" + shown + "z"
    document = f'#set document(title: "t")\n#set text(lang: "en", hyphenate: false)\nX{escape_text(shown)}X\n'
    pdf = compile_pdf(document, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with tempfile.TemporaryDirectory(prefix="pdf-escape-") as folder:
        (Path(folder) / "t.pdf").write_bytes(pdf)
        extracted = pdftotext(Path(folder) / "t.pdf").replace("\f", "").strip()
    assert " ".join(extracted.split()) == " ".join(f"X{shown}X".split())


def test_labels_are_unique_across_the_edition(edition: Edition) -> None:
    """Labels carry the text's slug, so ¶ 3 of one text never answers a link to ¶ 3 of the other."""
    labels: list[str] = []
    for result in edition.texts:
        labels += sorted(typst_markup.labels_of(result.seed, result.doc))
    assert len(labels) == len(set(labels)) > 0


def test_a_bad_document_fails_with_typst_error() -> None:
    with pytest.raises(typst.TypstError):
        compile_pdf("#let broken = (\n", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


def test_back_matter_sets_the_apparatus_that_exists(edition: Edition, pdf_dir: Path) -> None:
    """Glossary, registers and bibliography follow the texts when the edition has them."""
    reader = PdfReader(pdf_dir / "edition.pdf")
    titles = _outline_titles(reader.outline, reader)
    text = " ".join(pdftotext(pdf_dir / "edition.pdf").replace("\u00ad\n", "").split())
    if edition.indexes is not None and edition.indexes.glossary is not None and edition.index_result is not None:
        assert "Glossary" in titles
        for term in edition.indexes.glossary.terms:
            if edition.index_result.term_places.get(term.id):
                assert " ".join(term.term.split()) in text, term.id
    if edition.apparatus is not None:
        assert "Bibliography" in titles
    for part in back_matter(edition, {t.seed.config.slug for t in edition.texts}):
        assert part.title in titles
        for entry in part.entries:
            assert " ".join(f"{entry.head} {entry.text}".split()[:5]) in text, entry.text
    assert titles.index("Removal report") == len(titles) - 1 - len(edition.texts)  # the last part


def test_no_line_runs_into_the_right_margin(pdf_dir: Path, tmp_path: Path) -> None:
    """Justified lines all end at the measure; none may stick out (only a hyphen's optical overhang)."""
    bbox = tmp_path / "bbox.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf_dir / "edition.pdf"), str(bbox)], check=True)
    ends = [float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', bbox.read_text("utf-8"))]
    measure = Counter(round(x, 1) for x in ends).most_common(1)[0][0]  # where justified lines end
    overfull = [x for x in ends if x > measure + 3]
    assert not overfull, f"{len(overfull)} words end past the measure ({measure} pt): {sorted(overfull)[-5:]}"


def test_label_names_keep_distinct_ids_distinct() -> None:
    names = {label_name("t", "fn", mark) for mark in ["*", "†", "‡", "1", "a b", "a-b", "a_b", "é"]}
    assert len(names) == 8
    assert all(re.fullmatch(r"[A-Za-z0-9_.:-]+", n) for n in names)


def test_a_character_the_fonts_lack_costs_the_ua_claim_not_the_pdf() -> None:
    """PDF/UA-1 forbids a glyph no font has; the reader still gets the (tagged) PDF, the editor a warning."""
    document = '#set document(title: "t")\n#set text(lang: "en")\nA city: 中\n'
    pdf, warnings = compile_with_warnings(document, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert pdf.startswith(b"%PDF")
    assert any("PDF/UA-1" in w for w in warnings)
    with pytest.raises(typst.TypstError):
        compile_with_warnings("#let broken = (\n", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


def test_the_books_carry_the_principles_the_apparatus_table_and_the_themes(edition: Edition, pdf_dir: Path) -> None:
    """Every PDF, the whole edition's and each text's, as the site: the editorial principles (from the
    About page), the table of the editor's interventions, and the themes."""
    for name in ["edition.pdf", *(f"{t.seed.config.slug}.pdf" for t in edition.texts)]:
        reader = PdfReader(pdf_dir / name)
        titles = _outline_titles(reader.outline, reader)
        assert {"Editorial principles", "Editorial apparatus", "Themes"} <= set(titles), (name, titles)
    text = " ".join(pdftotext(pdf_dir / "edition.pdf").replace("\u00ad\n", "").split())
    assert "The raw files are kept byte for byte" in text and "Slip flagged" in text


def test_see_also_lines_stay_with_their_paragraph_and_inside_the_file(edition: Edition, pdf_dir: Path) -> None:
    """A single text's PDF points nowhere outside itself (no see-also to a text it lacks); in the
    whole edition no page opens with a see-also line cut off from its paragraph."""
    for result in edition.texts:
        assert "See also" not in pdftotext(pdf_dir / f"{result.seed.config.slug}.pdf")
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_dir / "edition.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    seen = 0
    for number, page in enumerate(layout.split("\f"), 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        seen += sum("See also" in line for line in lines)
        body = lines[1:] if lines and lines[0] == "Global Cities" else lines  # the running head
        assert not (body and body[0].startswith("See also")), (number, body[:2])
    assert seen > 0  # the whole edition has see-also lines to keep
