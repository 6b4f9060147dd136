"""Pass: a two-column page of a `pdftotext -layout` extraction → its columns one after the other.

`-layout` keeps the printed page's geometry: the two columns of a paper stand side by side on
each line, parted by a run of spaces (the gutter). Read left to right, the columns interleave
line by line. Per page (form feeds, or the lines a `page_break` furniture rule names), this
pass looks for a gutter: a column position in the middle half of the page where, through the
stretch of the page the columns fill, nearly every line long enough to reach it has at least
two blank columns, with text on both sides on many lines, the right column's lines starting
at one position and the left column's lines filling their width (what a table's cells do not).

A page with a gutter is re-cut into blocks in reading order: each run of lines that do not
cross the gutter gives its left halves, then its right halves; a line whose text crosses the
gutter (a title, an abstract, a caption set across the page) is full-width and stays where it
is, between the runs. Every block keeps the source line numbers of its lines (a column's
consecutive lines are consecutive source lines), so the later passes and the diagnostics point
at the source. No character other than the gutter's spaces is dropped or added, and a page
without a gutter keeps the blocks `split_blocks` gave it, untouched.

Enabled by the profile's `lines: columns: auto`; runs right after `split_blocks`, before
`strip_page_furniture` and `layout_lines` read the lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

from build_tools.model import Block, Document, Paragraph, Preformatted, Span, Text
from build_tools.passes.context import PassContext

_BAND = (0.25, 0.75)  # the gutter lies in the middle half of the page's width
_MIN_TWO_SIDED = 8  # lines with text on both sides of the gutter, for a page to have columns
_CONSISTENT = 0.85  # through the columns' stretch, this share of the lines reaching the gutter is blank there
_ALIGNED = 0.6  # this share of the right halves starts within `_ALIGN_SLACK` of the usual position
_ALIGN_SLACK = 4  # (a paragraph's first line is indented, a box set in: a few positions)
_FILLED = 0.5  # the left halves' median length, as a share of the gutter's position: a column of text is full
_MIN_WIDTH = 40  # a page narrower than this has no room for two columns


@dataclass(frozen=True, slots=True)
class _Cut:
    """How one line of a two-column page reads: full-width, or its left and right halves."""

    whole: str | None  # the line, when its text crosses the gutter
    left: str = ""
    right: str = ""


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.columns or ctx.seed.profile.blocks == "web":
        return
    lines = [line.replace("\f", "") for line in ctx.seed.text.split("\n")]
    raw = ctx.seed.text.split("\n")
    pages: dict[int, list[Block]] = {}  # the page's first index → its blocks in reading order
    page_of: dict[int, int] = {}  # 1-based line number → the first index of its two-column page
    for top, bottom in _pages(raw, ctx):
        gutter = find_gutter(lines[top:bottom])
        if gutter is None:
            continue
        pages[top] = _page_blocks(lines, top, bottom, gutter, ctx.file)
        page_of.update((number, top) for number in range(top + 1, bottom + 1))
    if not pages:
        return
    blocks: list[Block] = []
    for block in doc.blocks:
        if (not isinstance(block, Paragraph) or isinstance(block, Preformatted)
                or not any(n in page_of for n in range(block.span.line, block.span.end_line + 1))):
            blocks.append(block)
            continue
        # a block `split_blocks` ran across a page edge: its lines off the two-column page stay as they are
        piece: list[tuple[int, str]] = []

        def close() -> None:
            if piece:
                blocks.append(Paragraph([Text("\n".join(t for _, t in piece))],
                                        Span(ctx.file, piece[0][0], piece[-1][0])))
                piece.clear()

        for offset, text in enumerate(block.text.split("\n")):
            number = block.span.line + offset
            top = page_of.get(number)
            if top is None:
                piece.append((number, text))
                continue
            close()
            blocks.extend(pages.pop(top, []))  # the page's blocks, where its first line was
        close()
    doc.blocks = blocks


def _pages(raw: list[str], ctx: PassContext) -> list[tuple[int, int]]:
    """The pages as index ranges: a form feed starts its line's page, a page-break marker line ends one."""
    markers = [rule.line for rule in ctx.seed.profile.page_furniture if rule.page_break and rule.line is not None]
    starts = [0]
    for index, line in enumerate(raw):
        if "\f" in line and index > 0:
            starts.append(index)
        elif any(marker.search(line.strip()) for marker in markers):
            starts.append(index + 1)
    bounds = sorted(set(starts)) + [len(raw)]
    return [(top, bottom) for top, bottom in zip(bounds, bounds[1:], strict=False) if bottom > top]


def _blank_at(line: str, column: int) -> bool:
    return line[column:column + 2].strip() == ""


def find_gutter(page: list[str]) -> int | None:
    """The column of a page's gutter (two blank positions from it), or None if the page has no columns."""
    lengths = [len(line.rstrip()) for line in page]
    width = max(lengths, default=0)
    if width < _MIN_WIDTH:
        return None
    best: tuple[int, float, float, int] | None = None
    middle = width / 2
    for column in range(int(width * _BAND[0]), int(width * _BAND[1])):
        two_sided = [i for i, line in enumerate(page)
                     if lengths[i] > column + 2 and _blank_at(line, column) and line[:column].strip()]
        if len(two_sided) < _MIN_TWO_SIDED:
            continue
        stretch = range(two_sided[0], two_sided[-1] + 1)
        reaching = [i for i in stretch if lengths[i] > column + 2]
        blank = sum(1 for i in reaching if _blank_at(page[i], column))
        share = blank / len(reaching)
        if share < _CONSISTENT:
            continue
        key = (len(two_sided), share, -abs(column - middle), column)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    column = best[3]
    halves = [cut for cut in (cut_line(line, column) for line in page) if cut.left and cut.right]
    starts = Counter(_right_start(line, column) for line in page if line[:column].strip()
                     and len(line.rstrip()) > column + 2 and _blank_at(line, column))
    usual = starts.most_common(1)[0][0]
    aligned = sum(count for start, count in starts.items() if abs(start - usual) <= _ALIGN_SLACK)
    if aligned < _ALIGNED * sum(starts.values()):
        return None  # right-hand text starting anywhere: a table's cells or scattered words, not a column
    if not halves or median(len(cut.left) for cut in halves) < _FILLED * column:
        return None  # short cells on the left: a table, not a column of text
    return column


def _right_start(line: str, column: int) -> int:
    """Where a line's text right of the gutter starts."""
    return len(line) - len(line[column:].lstrip(" "))


def cut_line(line: str, column: int) -> _Cut:
    """A line of a two-column page: its halves, or the whole line when its text crosses the gutter."""
    text = line.rstrip()
    if len(text) <= column:
        return _Cut(None, text.strip(), "")
    if not _blank_at(text, column):
        return _Cut(text)
    start = column
    while start > 0 and text[start - 1] == " ":
        start -= 1
    end = column
    while end < len(text) and text[end] == " ":
        end += 1
    return _Cut(None, text[:start].strip(), text[end:].strip())


def _page_blocks(lines: list[str], top: int, bottom: int, column: int, file: str) -> list[Block]:
    """The page's blocks in reading order: per run of lines off the gutter, the left halves, then the
    right halves; a full-width line between the runs where it stands."""
    # runs of lines off the gutter, between full-width lines (a full-width line is a run of its own)
    runs: list[list[tuple[int, _Cut]]] = []
    for index in range(top, bottom):
        cut = cut_line(lines[index], column)
        whole = cut.whole is not None
        if not runs or whole or runs[-1][-1][1].whole is not None:
            runs.append([])
        runs[-1].append((index + 1, cut))
    sequence: list[tuple[int, str]] = []  # (line number, text); number 0 breaks a block
    for run in runs:
        if run[0][1].whole is not None:
            sequence.append((run[0][0], run[0][1].whole.strip()))
        elif not any(cut.right for _, cut in run):
            # nothing right of the gutter (a paragraph's short last line under full-width ones): read as it stands
            sequence.extend((number, cut.left) for number, cut in run)
        else:
            sequence.append((0, ""))
            sequence.extend((number, cut.left) for number, cut in run)
            sequence.append((0, ""))
            sequence.extend((number, cut.right) for number, cut in run)
            sequence.append((0, ""))
    blocks: list[Block] = []
    piece: list[tuple[int, str]] = []
    for number, text in [*sequence, (0, "")]:
        if text:
            piece.append((number, text))
        elif piece:
            blocks.append(Paragraph([Text("\n".join(t for _, t in piece))], Span(file, piece[0][0], piece[-1][0])))
            piece = []
    return blocks
