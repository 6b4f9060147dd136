"""split_columns: a two-column page of a `pdftotext -layout` extraction read column by column.

The pages are built from the seed article's own paragraphs: two of them wrapped to a column's
width and set side by side with a gutter (under a running head and a title set across the page),
as `-layout` prints a two-column paper; and the same page typeset by Typst in two columns and
extracted by `pdftotext -layout`. The paragraphs must come out whole and in column order, and a
one-column text must come out of the pass exactly as it went in.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import typst

from build_tools.diagnostics import Diagnostics
from build_tools.edition import build_edition
from build_tools.model import Document
from build_tools.passes import PIPELINE
from build_tools.passes.context import PassContext
from build_tools.passes.split_columns import cut_line, find_gutter
from tests.seedkit import ARTICLE_YAML, ROOT, load_one, make_seeds_dir
from tests.test_passes import dump

SOURCE = Path(__file__).resolve().parents[1] / "seeds" / "texts" / "curtis-2018" / "source.txt"
TITLE = "Global Cities and the Ends of Globalism: A Two-Column Printing of the Article"
HEAD = "NEW GLOBAL STUDIES 2018"
WIDTH = 45
GUTTER = 6


def _paragraphs() -> list[str]:
    """The article's plain paragraphs (no markup, no note markers), long enough to fill a column."""
    paragraphs = SOURCE.read_text("utf-8").split("\n\n")
    return [p for p in paragraphs if len(p) > 500 and not re.search(r"[*^\[\]_<>⁰¹²³⁴⁵⁶⁷⁸⁹]|\d\b", p)]


def _words(text: str) -> list[str]:
    return text.split()


def _two_column_page(left: str, right: str) -> str:
    """A page as `pdftotext -layout` prints a two-column paper: a running head, a title set across
    the page, then the columns side by side, the right one longer."""
    lefts = textwrap.wrap(left, WIDTH, break_on_hyphens=False, break_long_words=False)
    rights = textwrap.wrap(right, WIDTH, break_on_hyphens=False, break_long_words=False)
    rows = [f"{a.ljust(WIDTH)}{' ' * GUTTER}{b}".rstrip()
            for a, b in zip(lefts + [""] * len(rights), rights + [""] * len(lefts), strict=False)
            if a or b]
    full = WIDTH * 2 + GUTTER
    return "\n".join([HEAD.rjust(full), "", "", TITLE.center(full).rstrip(), "", *rows, ""])


def _run(raw: str, tmp_path: Path, until: str, columns: bool = True) -> tuple[Document, Diagnostics]:
    data: dict[str, object] = dict(ARTICLE_YAML)
    seed, diagnostics = load_one(tmp_path, raw, data)
    seed = dataclasses.replace(seed, profile=dataclasses.replace(seed.profile, columns=columns))
    doc = Document("sample", seed.source_display, [])
    ctx = PassContext(seed, diagnostics)
    for name, run in PIPELINE:
        run(doc, ctx)
        if name == until:
            break
    return doc, diagnostics


@pytest.fixture(scope="module")
def paragraphs() -> tuple[str, str]:
    found = _paragraphs()
    assert len(found) >= 2, "the seed article has long plain paragraphs"
    return found[0], found[1]


def test_profile_reads_columns() -> None:
    from build_tools.load.config import Profile
    assert Profile.from_data({"name": "x", "blocks": "paragraphs", "lines": {"columns": "auto"}}).columns
    assert not Profile.from_data({"name": "x", "blocks": "paragraphs", "lines": {"columns": "off"}}).columns
    assert not Profile.from_data({"name": "x", "blocks": "paragraphs"}).columns


def test_gutter_found_and_lines_cut(paragraphs: tuple[str, str]) -> None:
    page = _two_column_page(*paragraphs).split("\n")
    gutter = find_gutter(page)
    assert gutter is not None and WIDTH <= gutter < WIDTH + GUTTER - 1
    title = next(line for line in page if TITLE in line)
    assert cut_line(title, gutter).whole == title.rstrip()  # the title crosses the gutter: full width
    row = page[6]
    cut = cut_line(row, gutter)
    assert cut.whole is None and f"{cut.left} {cut.right}".split() == row.split()


def test_columns_split_into_blocks_with_their_source_lines(paragraphs: tuple[str, str], tmp_path: Path) -> None:
    left, right = paragraphs
    raw = _two_column_page(left, right)
    doc, _ = _run(raw, tmp_path, "split_columns")
    texts = [" ".join(block.text.split()) for block in doc.blocks]
    assert texts[:2] == [HEAD, TITLE]
    assert texts[2:] == [" ".join(left.split()), " ".join(right.split())]
    lines = raw.split("\n")
    first_row = next(n for n, line in enumerate(lines, 1) if line.strip() and n > 4)
    left_block, right_block = doc.blocks[2], doc.blocks[3]
    # each column's lines keep their own line numbers: both columns start on the first row
    assert left_block.span.line == right_block.span.line == first_row
    for block in (left_block, right_block):
        for offset, text in enumerate(block.text.split("\n")):
            assert text in lines[block.span.line + offset - 1]


def test_paragraphs_whole_and_in_column_order(paragraphs: tuple[str, str], tmp_path: Path) -> None:
    left, right = paragraphs
    raw = _two_column_page(left, right)
    doc, _ = _run(raw, tmp_path / "on", "unwrap_lines")
    texts = [" ".join(block.text.split()) for block in doc.blocks]
    assert " ".join(left.split()) in texts and " ".join(right.split()) in texts
    assert texts.index(" ".join(left.split())) < texts.index(" ".join(right.split()))
    # every word, in reading order: head, title, the left column, then the right
    assert [w for t in texts for w in _words(t)] == _words(HEAD) + _words(TITLE) + _words(left) + _words(right)
    # without the pass the columns interleave line by line
    off, _ = _run(raw, tmp_path / "off", "unwrap_lines", columns=False)
    assert " ".join(left.split()) not in [" ".join(block.text.split()) for block in off.blocks]


def _offset_page(left: str, right: str) -> str:
    """Two columns whose baselines do not line up: `-layout` prints each column's line on a row of its
    own, the other column's line between them (a heading's space above shifts one column by half a line)."""
    lefts = textwrap.wrap(left, WIDTH, break_on_hyphens=False, break_long_words=False)
    rights = textwrap.wrap(right, WIDTH, break_on_hyphens=False, break_long_words=False)
    rows: list[str] = []
    for a, b in zip(lefts + [""] * len(rights), rights + [""] * len(lefts), strict=False):
        rows += [a, f"{' ' * (WIDTH + GUTTER)}{b}".rstrip()]
    return "\n".join([TITLE, "", *[row for row in rows if row.strip()], ""])


def test_offset_baselines_keep_paragraphs_whole(paragraphs: tuple[str, str], tmp_path: Path) -> None:
    left, right = paragraphs
    doc, _ = _run(_offset_page(left, right), tmp_path, "unwrap_lines")
    texts = [" ".join(block.text.split()) for block in doc.blocks]
    assert texts == [TITLE, " ".join(left.split()), " ".join(right.split())]


def test_furniture_in_a_column_is_removed(tmp_path: Path) -> None:
    """Three two-column pages, each with its page number under the left column: the numbers go as
    page furniture (with the running head and title every page repeats), and each page's columns
    come out in order."""
    found = _paragraphs()
    assert len(found) >= 6
    pages = [_two_column_page(found[2 * n], found[2 * n + 1]) + f"{n + 1}\n" for n in range(3)]
    doc, _ = _run("\f".join(pages), tmp_path, "unwrap_lines")
    assert sorted(removal.text for removal in doc.removals if removal.rule == "page-number") == ["1", "2", "3"]
    texts = [" ".join(block.text.split()) for block in doc.blocks]
    assert [t for t in texts if t not in (HEAD, TITLE)] == [" ".join(p.split()) for p in found[:6]]


def test_two_column_pages_build_with_every_word(tmp_path: Path) -> None:
    """The whole build (word accounting included) of three two-column pages: each page's paragraphs
    in column order, numbered as body paragraphs."""
    found = _paragraphs()
    pages = [_two_column_page(found[2 * n], found[2 * n + 1]) + f"{n + 1}\n" for n in range(3)]
    data: dict[str, object] = dict(ARTICLE_YAML)
    seeds = make_seeds_dir(tmp_path, {"sample": ("\f".join(pages), data)})
    doc = build_edition(ROOT, seeds).texts[0].doc
    body = [" ".join(p.text.split()) for p in doc.paragraphs()]
    expected = [" ".join(p.split()) for p in found[:6]]
    # (typography makes the quotes curly: compare the words' letters)
    assert [re.sub(r"\W", "", t) for t in body if len(t) > len(TITLE)] == [re.sub(r"\W", "", t) for t in expected]


def _one_column_text(paragraphs: tuple[str, str]) -> str:
    """A one-column `-layout` page: wide lines, some words parted by two spaces (justification),
    a short table whose cells stand apart."""
    out: list[str] = [HEAD.rjust(90), "", TITLE, ""]
    for paragraph in paragraphs:
        for k, line in enumerate(textwrap.wrap(paragraph, 90, break_on_hyphens=False)):
            out.append(line.replace(" ", "  ", 1) if k % 3 == 0 else line)
        out.append("")
    out += ["Table 1   Cities      Population", "London    8.9         million", "Paris     2.1         million", ""]
    return "\n".join(out)


def test_one_column_text_unchanged(paragraphs: tuple[str, str], tmp_path: Path) -> None:
    raw = _one_column_text(paragraphs)
    assert find_gutter(raw.split("\n")) is None
    on, on_diagnostics = _run(raw, tmp_path / "on", "editor_notes")
    off, off_diagnostics = _run(raw, tmp_path / "off", "editor_notes", columns=False)
    assert dump(on, on_diagnostics) == dump(off, off_diagnostics)


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    assert found, "pdftotext (poppler-utils) is a test tool: `bash tools/ensure-test-tools.sh` installs it"
    return found


def _typst_text(text: str) -> str:
    return "".join("\\" + c if c in "\\#[]*_`$<>@~/=-+\"" else c for c in text)


def test_typeset_two_column_page(paragraphs: tuple[str, str], tmp_path: Path) -> None:
    """A page Typst sets in two columns, extracted by `pdftotext -layout`: the columns in order."""
    left, right = paragraphs
    source = "\n\n".join([
        "#set page(paper: \"a4\", columns: 2, margin: 2cm)",
        "#set text(size: 10pt, hyphenate: false)",
        "#set par(justify: false)",
        "#set smartquote(enabled: false)",
        f"#place(top + center, scope: \"parent\", float: true)[#text(size: 14pt)[{_typst_text(TITLE)}]]",
        _typst_text(left),
        "#colbreak()",
        _typst_text(right),
    ])
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(bytes(typst.compile(source.encode("utf-8"))))
    out = tmp_path / "page.txt"
    subprocess.run([_pdftotext(), "-layout", str(pdf), str(out)], check=True)
    raw = out.read_text("utf-8")
    assert find_gutter(raw.replace("\f", "").split("\n")) is not None
    doc, _ = _run(raw, tmp_path / "build", "unwrap_lines")
    words = [w for block in doc.blocks for w in _words(block.text)]
    assert words == _words(TITLE) + _words(left) + _words(right)
