"""PDF extractions in shapes found on papers nobody wrote rules for (issue #12).

- A paper Typst sets with symbol notes on its authors and numbered notes in the text: Typst's
  note counter is shared, so the numbered notes start at 3, and pdftotext prints the authors'
  symbols apart from their notes (after the page's notes by default, on lines of their own with
  `-layout`). Every note must be lifted to its marker in both extractions.
- A heading hyphenated over two lines of a narrow column, words set apart on a line (a table's
  row, a box's label and title), a box's label over a title-case line.
- `-layout` pages: a figure drawn beside the column of text, and a numbered reference list over
  two columns.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import typst

from build_tools.model import Citation, FootnoteRef, Heading, Preformatted, Role, plain_text, walk_inlines
from tests.test_pdf_layout import PARAGRAPH, build_text
from tests.test_split_columns import _run

SENTENCES = [
    "The licence is read here as a legal document and as a social one, clause by clause",
    "Its definitions decide what the later conditions can mean for those who share the work",
    "Copies may be made and given away, and a fee may be charged for the act of conveying them",
    "A modified version must say that it was changed, and when, so that no error is blamed on others",
    "The closing terms disclaim every warranty to the extent that the applicable law allows",
    "Patents are the last danger the preamble names, and the licence answers them with a grant",
]


_WORDS = ["licence", "work", "copy", "source", "code", "program", "user", "right", "freedom", "patent", "term",
          "condition", "party", "law", "notice", "version", "object", "library", "interface", "product", "warranty",
          "liability", "author", "holder", "permission"]


def _prose(rng: random.Random, sentences: int) -> str:
    """Sentences of varied words (lines that repeat would be taken for running heads)."""
    return " ".join(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(9, 16))).capitalize() + "."
                    for _ in range(sentences))


def _typst_paper() -> tuple[str, list[str]]:
    """A paper in Typst's markup (a title, two authors with symbol notes, numbered notes), and its notes."""
    rng = random.Random(12)
    body: list[str] = []
    notes: list[str] = []
    for n, sentence in enumerate(SENTENCES * 3, 1):
        notes.append(f"See note {n}: {_prose(rng, 1)}")
        text = f"{_prose(rng, 3)} {sentence}.#footnote[{notes[-1]}] {_prose(rng, 4)}\n"
        body.append(f"= Section {n}\n\n{text}" if n % 3 == 1 else text)
    return "\n".join([
        '#set page(paper: "a5", margin: 2cm)',
        "#set text(size: 10pt)",
        '#set heading(numbering: "1.")',
        "#align(center)[#text(14pt)[*Reading a Licence Closely*] \\ Ada Example"
        '#footnote(numbering: "*")[Department of Examples, University of Somewhere.] and Bob Sample'
        '#footnote(numbering: "*")[Institute of Elsewhere.]]',
        "",
        *body,
    ]), notes


def _extract(tmp_path: Path, source: str, layout: bool) -> str:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(bytes(typst.compile(source.encode("utf-8"))))
    found = shutil.which("pdftotext")
    assert found, "pdftotext (poppler-utils) is a test tool: `bash tools/ensure-test-tools.sh` installs it"
    out = tmp_path / "paper.txt"
    subprocess.run([found, *(["-layout"] if layout else []), str(pdf), str(out)], check=True)
    return out.read_text("utf-8")


@pytest.mark.parametrize("layout", [False, True], ids=["reading-order", "layout"])
def test_a_typst_paper_s_notes_numbered_from_3_and_its_authors_symbols(tmp_path: Path, layout: bool) -> None:
    source, expected = _typst_paper()
    raw = _extract(tmp_path, source, layout)
    assert re.search(r"^\s*3\s?See note 1:", raw, re.M)  # Typst's counter is shared: the first is 3
    doc = build_text(tmp_path / "build", raw, "Reading a Licence Closely")
    notes = [" ".join(plain_text(n.inlines).split()) for n in doc.footnotes]
    assert notes[:2] == ["Department of Examples, University of Somewhere.", "Institute of Elsewhere."]
    assert notes[2:] == expected
    markers = [n.mark for b in doc.blocks for n in walk_inlines(b.inlines) if isinstance(n, FootnoteRef)]
    assert markers == ["*", "†", *[str(n) for n in range(3, len(SENTENCES) * 3 + 3)]]
    body = " ".join(p.text for p in doc.paragraphs(Role.BODY))
    assert "See note" not in body and "Institute of Elsewhere" not in body


FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
# The same paper as other extractors give it, made once from Typst's PDF of `_typst_paper()` (Typst
# 0.15, random seed 12) and kept as files (neither extractor is a dependency of the project):
#   pdf2txt.py paper.pdf > typst-paper-pdfminer.txt                     (pdfminer.six 20260107)
#   ''.join(page.get_text() + '\f' for page in pymupdf.open('paper.pdf'))  (PyMuPDF 2.0)
# pdfminer prints each line of a note as a box of its own, blank lines between, and the
# authors' symbols glued to their notes (`*Department of …`); both put trailing spaces on lines.
OTHER_EXTRACTORS = ["typst-paper-pdfminer.txt", "typst-paper-pymupdf.txt"]


@pytest.mark.parametrize("name", OTHER_EXTRACTORS)
def test_the_paper_as_other_extractors_give_it(tmp_path: Path, name: str) -> None:
    _, expected = _typst_paper()
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    doc = build_text(tmp_path, raw, "Reading a Licence Closely")
    notes = [" ".join(plain_text(n.inlines).split()) for n in doc.footnotes]
    assert notes == ["Department of Examples, University of Somewhere.", "Institute of Elsewhere.", *expected]
    body = " ".join(p.text for p in doc.paragraphs(Role.BODY))
    assert "See note" not in body and "Institute of Elsewhere" not in body
    assert [h.text for h in doc.headings()][1:] == [f"{n}. Section {3 * n - 2}" for n in range(1, 7)]


def test_a_heading_hyphenated_over_two_lines_is_one_heading(tmp_path: Path) -> None:
    raw = "\n".join([
        "A Paper in Narrow Columns", "", "Abstract", PARAGRAPH, "",
        "Which Infrastructure is Needed to Sustain Re-", "search Software?",
        "As the community grows, so does the need for infrastructure of every kind.",
        PARAGRAPH, "",
        "Developer Training, Motivation, and Knowledge Ex-", "change",
        "As elaborated, training in sustainable software development is key to it.", PARAGRAPH, "",
    ])
    doc = build_text(tmp_path, raw, "A Paper in Narrow Columns")
    assert [h.text for h in doc.headings()][2:] == ["Which Infrastructure is Needed to Sustain Research Software?",
                                                    "Developer Training, Motivation, and Knowledge Exchange"]


def test_words_set_apart_and_a_box_s_label_are_no_headings(tmp_path: Path) -> None:
    raw = "\n\n".join([
        "A Paper With Boxes", "Abstract", PARAGRAPH, "Background", PARAGRAPH,
        "Recommendation:\nSchemes", "Creation of Adequate Funding", PARAGRAPH,  # a box's label, then its title
        "Licensing         Planned", PARAGRAPH,  # a table's row, its cells set apart
        "Conclusions", PARAGRAPH,
    ]) + "\n"
    doc = build_text(tmp_path, raw, "A Paper With Boxes")
    assert [h.text for h in doc.headings()] == ["A Paper With Boxes", "Abstract", "Background", "Conclusions"]
    body = " ".join(p.text for p in doc.paragraphs())
    assert "Creation of Adequate Funding" in body and "Licensing" in body


def _figure_page() -> str:
    """A `-layout` page: a column of text at the margin, a decision tree's boxes drawn right of it."""
    text = textwrap.wrap(" ".join([PARAGRAPH] * 5), 60)
    figure = ["Who is contributing?", "", "YES        Are you going to use      NO", "   100% internal code?",
              "", "   Proprietary", "License with supplier /   NO", "   manufacturer", "",
              "      Matrix on compatibility;", "Checklist license obligations", "   YES", "Documentation"]
    rows = []
    for n, line in enumerate(text):
        drawn = figure[n] if n < len(figure) else ""
        rows.append(f"{line.ljust(62)}{' ' * (20 + 17 * (n % 4))}{drawn}".rstrip())  # boxes drawn all over
    return "\n".join(["Decision Trees", "", *rows, ""])


def test_a_figure_beside_the_text_is_one_preformatted_block(tmp_path: Path) -> None:
    doc, _ = _run(_figure_page(), tmp_path, "detect_headings")
    drawn = [b for b in doc.blocks if isinstance(b, Preformatted)]
    assert len(drawn) == 1 and "Proprietary" in drawn[0].code and "Checklist license obligations" in drawn[0].code
    assert "YES        Are you going to use      NO" in drawn[0].code  # as printed, line for line
    prose = " ".join(" ".join(b.text.split()) for b in doc.blocks
                     if not isinstance(b, (Preformatted, Heading)) and "Decision" not in b.text)
    assert prose == " ".join([PARAGRAPH] * 5)
    assert [h.text for h in doc.blocks if isinstance(h, Heading)] in ([], ["Decision Trees"])


def _entry(n: int) -> str:
    return (f"{n}. Author{chr(64 + n)} A, Writer B. A title of work number {n} on research software. "
            f"Journal 2019;{n}:1–9.")


def test_a_numbered_reference_list_over_two_columns_gives_every_entry(tmp_path: Path) -> None:
    width = 60
    left = [w for n in range(1, 7) for w in textwrap.wrap(_entry(n), width, subsequent_indent="   ")]
    right = [w for n in range(7, 13) for w in textwrap.wrap(_entry(n), width, subsequent_indent="   ")]
    rows = [f"{a.ljust(width + 4)}{b}".rstrip() for a, b in zip(left, right, strict=False)]
    body = textwrap.wrap(" ".join([PARAGRAPH] * 2), 2 * width)  # the paper's last lines, set across the page
    raw = "\n".join(["A Paper With References", "", *body, "", "References", "", *rows, ""])
    doc, _ = _run(raw, tmp_path, "split_reference_entries")
    entries = [" ".join(p.text.split()) for p in doc.paragraphs(Role.REFERENCE)]
    assert entries == [_entry(n) for n in range(1, 13)]



_SECTIONS = ["Introduction", "Background and Related Work", "Methods", "Discussion"]
_SURNAMES = ["Anders", "Bauer", "Chen", "Dubois", "Engel", "Fischer", "Garcia", "Huber", "Ito", "Jansen", "Klein",
             "Lopez"]


def _two_column_paper() -> tuple[str, list[str], int]:
    """A two-column paper in Typst's markup: title and abstract set across the page, numbered sections,
    a note in each, numeric citations ([3], [3, 5], [3–5]) and a numbered reference list. Returns
    the markup, the notes and the number of citations."""
    rng = random.Random(7)
    notes: list[str] = []
    body: list[str] = []
    cited = 0
    for number, name in enumerate(_SECTIONS, 1):
        body.append(f"= {name}")
        for paragraph in range(3):
            k = rng.randint(1, 10)
            cite = rng.choice([f"\\[{k}\\]", f"\\[{k}, {k + 2}\\]", f"\\[{k}–{k + 2}\\]"])
            cited += 1
            note = ""
            if paragraph == 1:
                notes.append(f"Note {number}: {_prose(rng, 1)}")
                note = f"#footnote[{notes[-1]}]"
            body.append(f"{_prose(rng, 3)[:-1]} {cite}.{note} {_prose(rng, 3)}")
    references = [f"\\[{n}\\] {name} A, {_SURNAMES[(n + 3) % 12]} B. {_prose(rng, 1)[:-1]}. Journal of "
                  f"{rng.choice(_WORDS).capitalize()} {2000 + n};{n}({n % 4 + 1}):{10 * n}–{10 * n + 9}."
                  for n, name in enumerate(_SURNAMES, 1)]
    markup = "\n\n".join([
        '#set page(paper: "a4", margin: 2cm, columns: 2, numbering: "1")',
        "#set text(size: 10pt)", "#set par(justify: true)", '#set heading(numbering: "1.")',
        '#place(top + center, scope: "parent", float: true)[#text(16pt)[*Sustaining Research Software '
        "Together*] \\ Ada Example and Bob Sample \\ #v(6pt) #text(9pt)[*Abstract.* " + _prose(rng, 3) + "]]",
        *body, "= References", *references,
    ])
    return markup, notes, cited


@pytest.fixture(scope="module")
def two_column_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("two-column") / "paper.pdf"
    pdf.write_bytes(bytes(typst.compile(_two_column_paper()[0].encode("utf-8"))))
    return pdf


# The pdfminer.six and PyMuPDF extractions of the same PDF, made as for OTHER_EXTRACTORS above
TWO_COLUMN_EXTRACTIONS = ["pdftotext", "pdftotext -layout", "pdftotext -raw", "two-column-pdfminer.txt",
                          "two-column-pymupdf.txt"]


@pytest.mark.parametrize("extraction", TWO_COLUMN_EXTRACTIONS)
def test_a_two_column_paper_in_five_extractions(tmp_path: Path, two_column_pdf: Path, extraction: str) -> None:
    """Notes at the foot of a column (where some extractors print them, before the column goes on),
    columns read in another order by pdftotext's default mode (section 4 before section 3, marker 4
    before marker 3), the title set across the columns: every note, heading, entry and citation."""
    if extraction.startswith("pdftotext"):
        found = shutil.which("pdftotext")
        assert found, "pdftotext (poppler-utils) is a test tool: `bash tools/ensure-test-tools.sh` installs it"
        out = tmp_path / "paper.txt"
        subprocess.run([found, *extraction.split()[1:], str(two_column_pdf), str(out)], check=True)
        raw = out.read_text(encoding="utf-8")
    else:
        raw = (FIXTURES / extraction).read_text(encoding="utf-8")
    _, notes, cited = _two_column_paper()
    doc = build_text(tmp_path / "build", raw, "Sustaining Research Software Together")
    assert sorted(" ".join(plain_text(n.inlines).split()) for n in doc.footnotes) == sorted(notes)
    body = " ".join(p.text for p in doc.paragraphs(Role.BODY))
    assert "Note " not in body
    assert sorted(h.text for h in doc.headings()) == sorted(
        ["Sustaining Research Software Together", *[f"{n}. {name}" for n, name in enumerate(_SECTIONS, 1)],
         "5. References"])
    assert len(list(doc.paragraphs(Role.REFERENCE))) == len(_SURNAMES)
    citations = [n for b in doc.blocks for n in walk_inlines(b.inlines) if isinstance(n, Citation)]
    assert len({id(n) for n in citations}) >= cited and all(n.key is not None for n in citations)


def test_a_note_s_line_after_an_ellipsis_or_an_abbreviation_stays_in_the_note(tmp_path: Path) -> None:
    """A page's text stops mid-sentence over its notes (it goes on over the page); a note's line ends in
    an ellipsis or "U.S." and the next line of the note opens in lower case: it is the note's, not the
    text going on (which needs a word broken over the notes: `sus-` / notes / `tainability`)."""
    body = [f"{line} of the page, which the layout pass reads as the running text of the paper" for line in
            ("This is the first line", "And this is the second line", "Here comes the third line",
             "The fourth line is here")]
    raw = "\n".join([
        "A Law Review Article", "", "I. INTRODUCTION",
        *body, "Consequently, the rights will be efficiently traded.1 Indeed, these",
        "1 See A. Mitchell Polinsky & Steven Shavell, Law, Economic Analysis of, in THE NEW PALGRAVE",
        "DICTIONARY OF ECONOMICS 1, 19 (2d ed. 2008) (“[M]uch of the economics literature . . .",
        "assumes that renegotiation always occurs.”); see also the practice in the U.S.",
        "courts cited in the text above.",
        "\f" + "negotiations might break down, but the parties will at least attempt to renegotiate.",
        *body, "",
    ])
    doc = build_text(tmp_path, raw, "A Law Review Article")
    assert [" ".join(plain_text(n.inlines).split())[-64:] for n in doc.footnotes] == [
        "renegotiation always occurs.”); see also the practice in the U.S. courts cited in the text above."[-64:]]
    body_text = " ".join(p.text for p in doc.paragraphs(Role.BODY))
    assert "renegotiation always occurs" not in body_text and "cited in the text" not in body_text
    assert "Indeed, these negotiations might break down" in " ".join(body_text.split())
