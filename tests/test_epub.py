"""The EPUB's structure, as a reading system (and epubcheck) expects it, and its notes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from build_tools.edition import Edition
from build_tools.model import Citation, Paragraph, Role, walk_inlines
from build_tools.print_edition import editorial_principles
from build_tools.render.book_backmatter import back_matter, entry_key, entry_keys
from build_tools.render.book_meta import edition_info
from build_tools.render.epub import build_epub, entry_id
from build_tools.render.typst_escape import label_name
from tests.test_pdf import as_printed

ROOT = Path(__file__).resolve().parents[1]
# W3C's EPUBCheck, from Debian's epubcheck package (tools/ensure-test-tools.sh installs it).
EPUBCHECK = Path(os.environ.get("EPUBCHECK_JAR", "/usr/share/java/epubcheck.jar"))
WHEN = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container", "x": "http://www.w3.org/1999/xhtml",
      "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def letters(text: str) -> list[str]:
    """The words of a text without digits (note markers and ¶ numbers are added around them)."""
    return re.findall(r"[^\W\d_]+", text)


@pytest.fixture(scope="module")
def epub_bytes(edition: Edition) -> bytes:
    parts = back_matter(edition, {t.seed.config.slug for t in edition.texts}, editorial_principles(ROOT))
    return build_epub([(t.seed, t.doc) for t in edition.texts], edition_info(ROOT), WHEN, parts)


@pytest.fixture(scope="module")
def archive(epub_bytes: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(epub_bytes))


def test_mimetype_is_first_and_stored(epub_bytes: bytes, archive: zipfile.ZipFile) -> None:
    first = archive.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    assert epub_bytes[30:38] == b"mimetype"  # right after the first local header, as the spec requires


def test_container_points_at_the_package_document(archive: zipfile.ZipFile) -> None:
    container = ET.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find("c:rootfiles/c:rootfile", NS)
    assert rootfile is not None
    assert rootfile.get("full-path") in archive.namelist()


def _package(archive: zipfile.ZipFile) -> ET.Element:
    container = ET.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find("c:rootfiles/c:rootfile", NS)
    assert rootfile is not None
    return ET.fromstring(archive.read(rootfile.get("full-path", "")))


def test_package_document_metadata_manifest_and_spine(edition: Edition, archive: zipfile.ZipFile) -> None:
    package = _package(archive)
    assert package.get("version") == "3.0"
    metadata = package.find("opf:metadata", NS)
    assert metadata is not None
    assert metadata.findtext("dc:title", namespaces=NS) == edition_info(ROOT).title
    assert metadata.findtext("dc:language", namespaces=NS) == edition_info(ROOT).language
    identifier = metadata.find("dc:identifier", NS)
    assert identifier is not None and identifier.get("id") == package.get("unique-identifier")
    creators = [c.text for c in metadata.findall("dc:creator", NS)]
    assert {a.name for t in edition.texts for a in t.seed.config.authors} == set(creators)
    modified = [m.text for m in metadata.findall("opf:meta", NS) if m.get("property") == "dcterms:modified"]
    assert modified == ["2024-05-01T00:00:00Z"]
    items = {i.get("id"): i for i in package.findall("opf:manifest/opf:item", NS)}
    for item in items.values():
        assert "OEBPS/" + (item.get("href") or "") in archive.namelist()
    assert [i for i in items.values() if i.get("properties") == "nav"], "no navigation document"
    spine = [r.get("idref") for r in package.findall("opf:spine/opf:itemref", NS)]
    assert spine and all(idref in items for idref in spine)


def test_every_xhtml_file_is_well_formed(archive: zipfile.ZipFile) -> None:
    xhtml = [n for n in archive.namelist() if n.endswith(".xhtml")]
    assert len(xhtml) >= 4
    for name in xhtml:
        root = ET.fromstring(archive.read(name))  # raises on a malformed file
        assert root.tag == "{http://www.w3.org/1999/xhtml}html", name
        assert root.find("x:head/x:title", NS) is not None, name


def test_navigation_lists_every_heading(edition: Edition, archive: zipfile.ZipFile) -> None:
    nav = ET.fromstring(archive.read("OEBPS/nav.xhtml"))
    toc = next(n for n in nav.iter("{http://www.w3.org/1999/xhtml}nav") if n.get(EPUB_TYPE) == "toc")
    labels = {" ".join("".join(a.itertext()).split()) for a in toc.iter("{http://www.w3.org/1999/xhtml}a")}
    for result in edition.texts:
        for heading in result.doc.headings():
            if heading.level <= 2:
                assert " ".join(heading.text.split()) in labels


def test_footnotes_are_epub_notes(edition: Edition, archive: zipfile.ZipFile) -> None:
    for result in edition.texts:
        page = ET.fromstring(archive.read(f"OEBPS/{result.seed.config.slug}.xhtml"))
        refs = [a for a in page.iter("{http://www.w3.org/1999/xhtml}a") if a.get(EPUB_TYPE) == "noteref"]
        asides = {a.get("id"): a for a in page.iter("{http://www.w3.org/1999/xhtml}aside")
                  if a.get(EPUB_TYPE) == "footnote"}
        assert len(asides) == len(result.doc.footnotes) + len(result.doc.editor_notes)
        for ref in refs:
            assert (ref.get("href") or "").lstrip("#") in asides
        for note in result.doc.footnotes:
            aside = asides[label_name("fn", note.label)]
            assert letters(as_printed(note.inlines)) == letters("".join(aside.itertext()))


def test_every_body_paragraph_is_in_the_epub(edition: Edition, archive: zipfile.ZipFile) -> None:
    for result in edition.texts:
        page = ET.fromstring(archive.read(f"OEBPS/{result.seed.config.slug}.xhtml"))
        paras = {p.get("id"): " ".join("".join(p.itertext()).split())
                 for p in page.iter("{http://www.w3.org/1999/xhtml}p") if p.get("class") == "para"}
        for para in result.doc.paragraphs(Role.BODY):
            assert " ".join(letters(as_printed(para.inlines))) in " ".join(letters(paras[para.anchor])), para.anchor


def test_the_epub_is_reproducible(edition: Edition, epub_bytes: bytes) -> None:
    parts = back_matter(edition, {t.seed.config.slug for t in edition.texts}, editorial_principles(ROOT))
    again = build_epub([(t.seed, t.doc) for t in edition.texts], edition_info(ROOT), WHEN, parts)
    assert again == epub_bytes


def test_the_apparatus_is_in_the_epub_too(edition: Edition, archive: zipfile.ZipFile) -> None:
    """The same glossary, registers and bibliography as the PDF, with places linked to the texts."""
    parts = back_matter(edition, {t.seed.config.slug for t in edition.texts})
    if not parts:
        assert "OEBPS/apparatus.xhtml" not in archive.namelist()
        return
    page = ET.fromstring(archive.read("OEBPS/apparatus.xhtml"))
    text = " ".join("".join(page.itertext()).split())
    ids = {f"{t.seed.config.slug}.xhtml#{b.anchor}" for t in edition.texts for b in t.doc.blocks if b.anchor}
    for part in parts:
        assert part.title in text
        for entry in part.entries:
            assert " ".join(f"{entry.head} {entry.text}".split()) in text
    for link in page.iter("{http://www.w3.org/1999/xhtml}a"):
        href = link.get("href") or ""
        assert href in ids or "#fn-" in href or href.startswith("https://"), href


def test_terms_names_and_works_outside_the_list_link_to_their_entries(edition: Edition,
                                                                      archive: zipfile.ZipFile) -> None:
    """Each glossary term, register name and citation of a work the text's own list lacks links
    to its entry in apparatus.xhtml, and every such link has its target."""
    page = ET.fromstring(archive.read("OEBPS/apparatus.xhtml"))
    ids = {element.get("id") for element in page.iter() if element.get("id")}
    entries = entry_keys(back_matter(edition, {t.seed.config.slug for t in edition.texts}))
    for result in edition.texts:
        chapter = ET.fromstring(archive.read(f"OEBPS/{result.seed.config.slug}.xhtml"))
        own = {element.get("id") for element in chapter.iter() if element.get("id")}
        links = [a.get("href") or "" for a in chapter.iter("{http://www.w3.org/1999/xhtml}a")]
        into_apparatus = [href.split("#", 1)[1] for href in links if href.startswith("apparatus.xhtml#")]
        assert set(into_apparatus) <= ids
        expected = []
        for inlines in [*(b.inlines for b in result.doc.blocks
                          if not (isinstance(b, Paragraph) and b.role is Role.REFERENCE)),
                        *(note.inlines for note in result.doc.footnotes)]:
            for node in walk_inlines(inlines):
                key = entry_key(node)
                in_own_list = isinstance(node, Citation) and bool({node.key, f"ref-{node.key}"} & own)
                if key in entries and not in_own_list:
                    expected.append(entry_id(key or ""))
        assert expected and sorted(into_apparatus) == sorted(expected), result.seed.config.slug


def test_epubcheck_reports_nothing(epub_bytes: bytes, tmp_path: Path) -> None:
    """The reading systems' own validator (EPUBCheck, EPUB 3 rules): no fatal error, error,
    warning or even information message."""
    java = shutil.which("java")
    if java is None or not EPUBCHECK.exists():
        pytest.fail(f"EPUBCheck is missing (java, {EPUBCHECK}): run `bash tools/ensure-test-tools.sh`", pytrace=False)
    book, report = tmp_path / "edition.epub", tmp_path / "epubcheck.json"
    book.write_bytes(epub_bytes)
    result = subprocess.run([java, "-jar", str(EPUBCHECK), "--json", str(report), str(book)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    assert messages == [], "\n".join(f"{m['severity']} {m['ID']}: {m['message']} ({m.get('locations')})"
                                      for m in messages)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_epub_carries_the_principles_the_apparatus_table_themes_and_a_cover(archive: zipfile.ZipFile) -> None:
    """As the site and the PDF: the editorial principles, the editor's interventions and the themes;
    a cover made from the title (an SVG, with the same words as its text alternative)."""
    apparatus = archive.read("OEBPS/apparatus.xhtml").decode("utf-8")
    for heading in ("Editorial principles", "The text is sacred", "Editorial apparatus", "Themes"):
        assert f">{heading}</h" in apparatus, heading
    assert "Slip flagged" in apparatus and "Emendation" in apparatus
    nav = archive.read("OEBPS/nav.xhtml").decode("utf-8")
    assert "Editorial principles" in nav and 'epub:type="cover"' in nav
    cover = archive.read("OEBPS/cover.xhtml").decode("utf-8")
    assert '<img src="cover.svg" alt="Cover: ' in cover
    ET.fromstring(archive.read("OEBPS/cover.svg"))  # well-formed


def test_ace_like_checks_pass(archive: zipfile.ZipFile) -> None:
    """What DAISY Ace checks first, without Node: every content document declares its language and
    has a title; every image has a text alternative; headings are never empty; the package states
    the accessibility metadata of EPUB Accessibility 1.1 (and a summary a person can read)."""
    for name in archive.namelist():
        if not name.endswith(".xhtml"):
            continue
        root = ET.fromstring(archive.read(name))
        assert root.get("lang") and root.get("{http://www.w3.org/XML/1998/namespace}lang"), name
        title = root.find(".//{http://www.w3.org/1999/xhtml}title")
        assert title is not None and (title.text or "").strip(), name
        for image in root.iter("{http://www.w3.org/1999/xhtml}img"):
            assert (image.get("alt") or "").strip(), name
        for level in range(1, 7):
            for heading in root.iter(f"{{http://www.w3.org/1999/xhtml}}h{level}"):
                assert "".join(heading.itertext()).strip(), name
    opf = archive.read("OEBPS/content.opf").decode("utf-8")
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"):
        assert f'property="{prop}"' in opf, prop
    summary = re.search(r'property="schema:accessibilitySummary">([^<]+)<', opf)
    assert summary and len(summary.group(1).split()) > 20
