"""The layout pass and its neighbours on PDF extractions in shapes the seed article does not have.

The fixtures are the seed article's opening pages (tests/fixtures/pdf/curtis-digit-markers.txt)
laid out again as other extractions give them: without a single blank line, with pdfTeX's note
numbers on lines of their own, with `N.` notes, with the numbers glued to the notes (`1My use`).
Each must give the edition of the real article.
The small texts below are made up in the shapes of the corpus (tests/corpus/): a paper that
numbers its sections with a table among them, section numbers a page break left on lines of
their own, a law review's notes that repeat like running heads, symbol notes on the authors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.edition import build_edition
from build_tools.model import Document, FootnoteRef, Heading, Role, plain_text, walk_inlines
from tests.fixtures.variants import ROOT, make_seeds
from tests.test_profiles_pdf import build_fixture, texts

NEW_SHAPES = ["curtis-no-blank-lines-at-all.txt", "curtis-bare-number-notes.txt", "curtis-dotted-notes.txt",
              "curtis-glued-note-numbers.txt"]


@pytest.fixture(scope="module")
def original(edition):  # type: ignore[no-untyped-def]
    return next(t.doc for t in edition.texts if t.seed.config.slug == "curtis-2018")


@pytest.mark.parametrize("name", NEW_SHAPES)
def test_new_shape_gives_the_article_s_paragraphs_notes_and_references(tmp_path: Path, original: Document,
                                                                      name: str) -> None:
    doc = build_fixture(tmp_path, name).doc
    if name == "curtis-no-blank-lines-at-all.txt":
        # one paragraph's last line is printed nearly full, so the layout cannot see it end there
        assert " ".join(texts(doc, Role.BODY)) == " ".join(texts(original, Role.BODY)[:8])
        assert len(texts(doc, Role.BODY)) == 7
    else:
        assert texts(doc, Role.BODY) == texts(original, Role.BODY)[:8]
    assert texts(doc, Role.ABSTRACT) == texts(original, Role.ABSTRACT)
    assert texts(doc, Role.REFERENCE) == texts(original, Role.REFERENCE)
    assert [plain_text(n.inlines) for n in doc.footnotes] == [plain_text(n.inlines) for n in original.footnotes[:2]]
    markers = [n.label for p in doc.paragraphs(Role.BODY) for n in walk_inlines(p.inlines)
               if isinstance(n, FootnoteRef)]
    assert markers == ["1", "2"]
    headings = [h.text for h in doc.headings()]  # the fixture's pages, then the reference list
    assert headings == [*[h.text for h in original.headings()][:len(headings) - 1], "References"]


def build_text(tmp_path: Path, raw: str, title: str) -> Document:
    yml = (f"profile: pdf-extraction\nkind: journal-article\nlanguage: en\n"
           f"metadata:\n  title: \"{title}\"\n  authors:\n    - {{given: Ada, family: Example}}\n  date: 2020-01-01\n")
    seeds = make_seeds(tmp_path / "seeds", {"paper": (raw.encode("utf-8"), yml)}, copy_shared=False)
    return build_edition(ROOT, seeds).texts[0].doc


PARAGRAPH = ("This paragraph is running text of the paper, long enough to be read as prose by the layout pass, "
             "and it ends with a full stop as a sentence does.")


def numbered_paper() -> str:
    table = "\n\n".join(["Table 1", "Model Calibration", "Parameter", "Value", "Discount Factor", "0.96",
                         "10 Survival Probability", "65 Maximum Age", "Risk Aversion", "10"])
    return "\n\n".join([
        "A Numbered Paper on Things", "Ada Example", "Abstract", PARAGRAPH,
        "1 Introduction", PARAGRAPH, "2 The base model", PARAGRAPH, "2.1 Dynamic problem", PARAGRAPH,
        table, PARAGRAPH, "3 Calibration", PARAGRAPH, "Acknowledgements", PARAGRAPH, "References",
        "Example, A. (2020). A work. Journal 1: 1–2.",
    ]) + "\n"


def test_a_paper_that_numbers_its_sections_has_no_table_cell_for_a_heading(tmp_path: Path) -> None:
    doc = build_text(tmp_path, numbered_paper(), "A Numbered Paper on Things")
    assert [h.text for h in doc.headings()] == [
        "A Numbered Paper on Things", "Abstract", "1 Introduction", "2 The base model", "2.1 Dynamic problem",
        "3 Calibration", "Acknowledgements", "References"]
    body = " ".join(p.text for p in doc.paragraphs(Role.BODY, Role.PREFORMATTED))
    for cell in ("Model Calibration", "10 Survival Probability", "65 Maximum Age"):
        assert cell in body  # kept as text, not lost and not a heading
    # the table's cells are kept together, line for line, as one preformatted block (figure_text)
    tables = [p.text for p in doc.paragraphs(Role.PREFORMATTED)]
    assert any("Model Calibration" in table and "65 Maximum Age" in table for table in tables), tables


@pytest.mark.parametrize("page_break", ["\n\f", "\n\n"], ids=["form-feeds", "no-page-marks"])
def test_section_numbers_on_lines_of_their_own_go_back_to_their_names(tmp_path: Path, page_break: str) -> None:
    page = "\n".join([PARAGRAPH[:90], PARAGRAPH[:90], PARAGRAPH[:90], PARAGRAPH[:88] + "."])
    pages = [
        ["Paper With Split Headings", "Abstract", PARAGRAPH, "1", "Introduction", page, "2",
         "Limitations and further work", page, "1"],  # the page number at the foot of page 1
        ["3", "Methods", page, "4", "Results", page, "2"],  # the section number at the top of page 2
        ["4.1", "What we found", page, "3"],
    ]
    raw = page_break.join("\n\n".join(lines) for lines in pages) + "\n"
    doc = build_text(tmp_path, raw, "Paper With Split Headings")
    assert [h.text for h in doc.headings()] == ["Paper With Split Headings", "Abstract", "1 Introduction",
                                                "2 Limitations and further work", "3 Methods", "4 Results",
                                                "4.1 What we found"]
    assert sorted(r.text for r in doc.removals if r.rule == "page-number") == ["1", "2", "3"]


def test_a_note_that_repeats_like_a_running_head_stays_a_note(tmp_path: Path) -> None:
    pages = []
    for n in range(1, 5):
        pages.append("\n".join([
            f"{n}4 LAW REVIEW [Vol. 1",
            *["Text of the page that goes on for a while, line after line, as printed"] * 12,
            "and ends a sentence here, at the foot of the page, close to the notes.",
            f"The next sentence carries its note marker and ends the page.{n}",
            f"{n} See supra note {n} and accompanying text.",
        ]))
    doc = build_text(tmp_path, "A Law Review Article\n" + "\n".join(pages) + "\n", "A Law Review Article")
    assert [n.label for n in doc.footnotes] == ["1", "2", "3", "4"]
    assert all("LAW REVIEW" not in p.text for p in doc.blocks)


def test_symbol_notes_on_the_authors_are_lifted_and_digits_there_are_affiliations(tmp_path: Path) -> None:
    raw = "\n".join([
        "A Paper With Authors",
        "Ada Example1,*,† , Bob Sample2,† and Cy Third2,*",  # (two asterisks: no italics between them)
        "1 University of Somewhere",
        "2 Institute of Elsewhere",
        "* ada@example.org; † Contributed equally.",
        "",
        "Abstract",
        PARAGRAPH,
    ]) + "\n"
    doc = build_text(tmp_path, raw, "A Paper With Authors")
    assert [plain_text(n.inlines).strip() for n in doc.footnotes] == ["ada@example.org;", "Contributed equally."]
    byline = [p for p in doc.blocks if not isinstance(p, Heading) and p.role is Role.BYLINE]
    assert byline and all(not isinstance(n, FootnoteRef) or n.mark in "*†"
                          for p in byline for n in walk_inlines(p.inlines))


def test_a_symbol_font_s_unmapped_glyph_pairs_its_author_note(tmp_path: Path) -> None:
    """`Arbel\\uf0a7` in the byline and `\\uf0a7 Associate Professor …` under the abstract: one note."""
    raw = "\n".join([
        "A Paper With Glyphs",
        "Ada Example\uf0a7 & Bob Sample\uf02a",
        "Abstract. " + PARAGRAPH,
        "\uf0a7 Associate Professor of Law, University of Somewhere.",
        "\uf02a Professor of Law, Institute of Elsewhere.",
        "",
        "I. INTRODUCTION",
        PARAGRAPH,
    ]) + "\n"
    doc = build_text(tmp_path, raw, "A Paper With Glyphs")
    assert [plain_text(n.inlines).strip() for n in doc.footnotes] == [
        "Associate Professor of Law, University of Somewhere.", "Professor of Law, Institute of Elsewhere."]
    marks = [n.mark for b in doc.blocks for n in walk_inlines(b.inlines) if isinstance(n, FootnoteRef)]
    assert marks == ["\uf0a7", "\uf02a"]


def test_a_title_page_note_whose_marker_was_lost_is_put_on_the_title(tmp_path: Path) -> None:
    """pdfTeX's `\\thanks` note: a bare `1` at the first page's foot, no marker 1 anywhere on the page."""
    raw = "\n\n".join([
        "A Paper With Thanks", "Ada Example", "Abstract", PARAGRAPH, "1", "Contact:",
        "ada@example.org, Department of Examples, University of Somewhere.",
    ]) + "\n\f1 Introduction\n" + PARAGRAPH + "\n"
    doc = build_text(tmp_path, raw, "A Paper With Thanks")
    assert [(n.label, plain_text(n.inlines).split()[0]) for n in doc.footnotes] == [("1", "Contact:")]
    title = next(doc.headings())
    assert [n.label for n in walk_inlines(title.inlines) if isinstance(n, FootnoteRef)] == ["1"]
    assert [h.text for h in doc.headings()][1:] == ["Abstract", "1 Introduction"]


def test_a_running_head_beside_a_barred_page_number_is_furniture(tmp_path: Path) -> None:
    pages = [["A Paper With Bars", PARAGRAPH, *[PARAGRAPH[:80]] * 12, PARAGRAPH]]
    for n in range(2, 8):
        head = f"{n} | Society Position Paper #001 (2020)" if n % 2 == 0 else f"Example et al. | {n}"
        pages.append([head, *[PARAGRAPH[:80]] * 12, PARAGRAPH])
    raw = "\n\f".join("\n".join(lines) for lines in pages) + "\n"
    doc = build_text(tmp_path, raw, "A Paper With Bars")
    text = " ".join(b.text for b in doc.blocks)
    assert "Position Paper" not in text and "Example et al." not in text
    assert {r.rule for r in doc.removals} >= {"running-head"}


def test_table_numbers_mid_page_give_one_warning_not_dozens(tmp_path: Path) -> None:
    figure = "\n\n".join(str(n) for n in range(0, 300, 50))
    raw = "\n\f".join(["A Paper With Figures\n\n" + PARAGRAPH + "\n\n1",
                       "\n\n".join([PARAGRAPH, figure, "Figure 1: Numbers of things", PARAGRAPH, "2"])]) + "\n"
    seeds_dir = tmp_path / "seeds"
    yml = ("profile: pdf-extraction\nkind: journal-article\nlanguage: en\nmetadata:\n  title: A Paper With Figures\n"
           "  authors:\n    - {given: Ada, family: Example}\n  date: 2020-01-01\n")
    seeds = make_seeds(seeds_dir, {"paper": (raw.encode("utf-8"), yml)}, copy_shared=False)
    edition = build_edition(ROOT, seeds)
    p006 = [d for d in edition.diagnostics.items if d.code == "P006"]
    assert len(p006) == 1 and "6 lines" in p006[0].message
    assert not [d for d in edition.diagnostics.items if d.code == "P002"]


def test_affiliation_numbers_over_the_abstract_are_front_matter_not_notes(tmp_path: Path) -> None:
    """No blank line anywhere: the authors' affiliation numbers (`1` over an affiliation) come
    before the abstract and are no notes; the section number `1` over `Introduction` is a heading's."""
    raw = "\n".join([
        "A Paper Without Blank Lines",
        "Ada Example1, Bob Sample1,2, Cy Third2",
        "1",
        "Department of Examples, University of Somewhere",
        "2",
        "Institute of Elsewhere",
        "Abstract",
        PARAGRAPH,
        "1",
        "Introduction",
        PARAGRAPH,
        "2",
        "Methods",
        PARAGRAPH,
        "3",
        "Results",
        PARAGRAPH,
    ]) + "\n"
    doc = build_text(tmp_path, raw, "A Paper Without Blank Lines")
    assert doc.footnotes == []
    assert [h.text for h in doc.headings()] == ["A Paper Without Blank Lines", "Abstract", "1 Introduction",
                                                "2 Methods", "3 Results"]
    assert any("Institute of Elsewhere" in p.text for p in doc.paragraphs(Role.BYLINE))
