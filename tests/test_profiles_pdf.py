"""The PDF-extraction profile on the common variants of its kind of input.

Each fixture in tests/fixtures/pdf/ is the opening pages and the reference list of Curtis
2018 laid out as an extraction gives them (one line per printed line, hyphens at line ends,
form feeds, running heads with page numbers, a repository stamp on every page, notes at the
page foot, a paragraph running on across pages), in one marker or heading style each. Each
must give the same paragraphs, notes and references as the edition of the real article.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from build_tools.edition import Edition, TextResult, build_edition
from build_tools.model import Document, FootnoteRef, Role, plain_text, walk_inlines
from tests.fixtures.variants import ROOT, make_seeds

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
SLUG = "curtis-printed"
PAGES = 9  # the fixture's printed pages: 75–83


def build_fixture(tmp_path: Path, name: str, raw: bytes | None = None) -> TextResult:
    raw = raw if raw is not None else (FIXTURES / name).read_bytes()
    seeds = make_seeds(tmp_path / "seeds", {SLUG: (raw, (FIXTURES / "curtis-printed-pages.yml").read_text("utf-8"))},
                       copy_shared=False,
                       files={"apparatus/citations.yml": (FIXTURES / "citations.yml").read_text("utf-8")})
    edition = build_edition(ROOT, seeds)
    return edition.texts[0]


def texts(doc: Document, role: Role) -> list[str]:
    return [p.text for p in doc.paragraphs(role)]


@pytest.fixture(scope="module")
def original(edition: Edition) -> Document:
    return next(t.doc for t in edition.texts if t.seed.config.slug == "curtis-2018")


VARIANTS = ["curtis-printed-pages.txt", "curtis-digit-markers.txt", "curtis-symbol-markers.txt",
            "curtis-numbered-headings.txt", "curtis-notes-no-blank-lines.txt"]


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_gives_the_article_s_paragraphs_notes_and_references(tmp_path: Path, original: Document,
                                                                     name: str) -> None:
    doc = build_fixture(tmp_path, name).doc
    body = texts(doc, Role.BODY)
    assert len(body) == 8
    assert body == texts(original, Role.BODY)[:8]
    assert texts(doc, Role.ABSTRACT) == texts(original, Role.ABSTRACT)
    assert texts(doc, Role.REFERENCE) == texts(original, Role.REFERENCE)
    assert [plain_text(n.inlines) for n in doc.footnotes] == [plain_text(n.inlines) for n in original.footnotes[:2]]
    markers = [node for p in doc.paragraphs(Role.BODY) for node in walk_inlines(p.inlines)
               if isinstance(node, FootnoteRef)]
    assert [m.label for m in markers] == [n.label for n in doc.footnotes]


@pytest.mark.parametrize("name", VARIANTS)
def test_page_furniture_is_removed_by_named_rules_and_recorded(tmp_path: Path, name: str) -> None:
    result = build_fixture(tmp_path, name)
    rules = Counter(r.rule for r in result.doc.removals)
    assert rules["repository-stamp"] == 3 * PAGES
    assert rules["running-head"] == PAGES - 1  # every page but the first
    assert rules["page-number"] == 1  # the first page's, at its foot
    page = result.markdown
    for furniture in ("Brought to you by", "Download Date", "76 S. Curtis", "Globalism 77", "Authenticated"):
        assert furniture not in page


def test_real_hyphen_at_a_line_end_is_kept_with_a_warning(tmp_path: Path) -> None:
    raw = (FIXTURES / "curtis-printed-pages.txt").read_bytes()
    assert b"the twenty-\nfirst century" in raw
    seeds = make_seeds(tmp_path / "seeds", {SLUG: (raw, (FIXTURES / "curtis-printed-pages.yml").read_text("utf-8"))},
                       copy_shared=False,
                       files={"apparatus/citations.yml": (FIXTURES / "citations.yml").read_text("utf-8")})
    edition = build_edition(ROOT, seeds)
    warnings = [d for d in edition.diagnostics.warnings if d.code == "P005"]
    assert len(warnings) == 1 and "twenty-" in warnings[0].message and warnings[0].line == 68
    assert "the twenty-first century" in edition.pages[f"texts/{SLUG}.md"]
    joined = [r.text for r in edition.texts[0].doc.removals if r.rule == "line-end-hyphen"]
    assert "catastro- phic → catastrophic" in joined
    assert not any(text.startswith("twenty") for text in joined)


def test_digit_markers_keep_their_note_numbers_in_the_report(tmp_path: Path) -> None:
    doc = build_fixture(tmp_path, "curtis-digit-markers.txt").doc
    assert [r.text for r in doc.removals if r.rule == "note-number"] == ["1", "2"]


def test_symbol_markers_restart_per_page_and_still_pair(tmp_path: Path) -> None:
    doc = build_fixture(tmp_path, "curtis-symbol-markers.txt").doc
    marks = [node.mark for p in doc.paragraphs(Role.BODY) for node in walk_inlines(p.inlines)
             if isinstance(node, FootnoteRef)]
    assert marks == ["*", "*"]
    assert plain_text(doc.footnotes[0].inlines).startswith("My use of the term")
    assert plain_text(doc.footnotes[1].inlines).startswith("I will draw on the concept")


def test_numbered_headings_keep_their_numbers_and_open_their_sections(tmp_path: Path, original: Document) -> None:
    doc = build_fixture(tmp_path, "curtis-numbered-headings.txt").doc
    headings = [h.text for h in doc.headings()]
    assert "1. INTRODUCTION" in headings and "2. REFERENCES" in headings
    assert len(texts(doc, Role.REFERENCE)) == len(texts(original, Role.REFERENCE)) > 30


@pytest.mark.parametrize("heading", ["References", "REFERENCES", "Bibliography"])
def test_reference_list_headings(tmp_path: Path, original: Document, heading: str) -> None:
    raw = (FIXTURES / "curtis-printed-pages.txt").read_text("utf-8").replace("\nReferences\n", f"\n{heading}\n")
    doc = build_fixture(tmp_path, "", raw.encode("utf-8")).doc
    assert texts(doc, Role.REFERENCE) == texts(original, Role.REFERENCE)


def test_glued_digits_without_a_note_stay_text_with_a_warning(tmp_path: Path) -> None:
    raw = (FIXTURES / "curtis-digit-markers.txt").read_text("utf-8")
    raw = raw.replace("\n2 I will draw on the concept", "\nI will draw on the concept")  # note 2 lost its number
    seeds = make_seeds(tmp_path / "seeds", {SLUG: (raw.encode("utf-8"),
                                                   (FIXTURES / "curtis-printed-pages.yml").read_text("utf-8"))},
                       copy_shared=False,
                       files={"apparatus/citations.yml": (FIXTURES / "citations.yml").read_text("utf-8")})
    edition = build_edition(ROOT, seeds)
    f004 = [d for d in edition.diagnostics.warnings if d.code == "F004"]
    assert len(f004) == 1 and "“2”" in f004[0].message
    doc = edition.texts[0].doc
    assert [n.label for n in doc.footnotes] == ["1"]
    assert any(p.text.endswith("different relationships.2") for p in doc.paragraphs(Role.BODY))


def test_furniture_line_mid_page_is_kept_with_a_warning(tmp_path: Path) -> None:
    raw = (FIXTURES / "curtis-printed-pages.txt").read_text("utf-8")
    raw = raw.replace("\nIndeed, there is much debate", "\n\n1991\n\nIndeed, there is much debate", 1)
    seeds = make_seeds(tmp_path / "seeds", {SLUG: (raw.encode("utf-8"),
                                                   (FIXTURES / "curtis-printed-pages.yml").read_text("utf-8"))},
                       copy_shared=False,
                       files={"apparatus/citations.yml": (FIXTURES / "citations.yml").read_text("utf-8")})
    edition = build_edition(ROOT, seeds)
    assert [d.code for d in edition.diagnostics.warnings if d.code == "P006"] == ["P006"]
    assert "1991" in edition.pages[f"texts/{SLUG}.md"]


def test_a_running_head_that_repeats_the_title_leaves_the_title(tmp_path: Path, original: Document) -> None:
    raw = (FIXTURES / "curtis-printed-pages.txt").read_text("utf-8")
    raw = raw.replace("Global Cities and the Ends of Globalism 7", "Global Cities and the Ends of Globalism\n7")
    raw = raw.replace("Global Cities and the Ends of Globalism 8", "Global Cities and the Ends of Globalism\n8")
    assert raw.count("Global Cities and the Ends of Globalism\n") >= 4  # the title and three running heads
    doc = build_fixture(tmp_path, "", raw.encode("utf-8")).doc
    assert next(h.text for h in doc.headings()) == "Global Cities and the Ends of Globalism"
    assert texts(doc, Role.BODY) == texts(original, Role.BODY)[:8]
