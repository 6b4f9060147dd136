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
is, between the runs. Every block's span is the source lines it came from (its first line and
its last), so the later passes and the diagnostics point at the source; a column's block may
run over a line of the other column where the two columns' baselines do not line up (see
`_column`), and a line the page furniture rule will remove is always a block of its own, so
`strip_page_furniture` finds it by its number. No character other than the gutter's spaces is
dropped or added, and a page without a gutter keeps the blocks `split_blocks` gave it, untouched.

Enabled by the profile's `lines: columns: auto`; runs right after `split_blocks`, before
`strip_page_furniture` and `layout_lines` read the lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, pairwise
from statistics import median

from build_tools.diagnostics import Diagnostics
from build_tools.model import Block, Document, Paragraph, Preformatted, Role, Span, Text
from build_tools.passes.context import PassContext
from build_tools.passes.strip_page_furniture import furniture_lines, page_break_lines

_BAND = (0.25, 0.75)  # the gutter lies in the middle half of the page's width
_MIN_TWO_SIDED = 8  # lines with text on both sides of the gutter, for a page to have columns
_CONSISTENT = 0.85  # through the columns' stretch, this share of the lines reaching the gutter is blank there
_ALIGNED = 0.6  # this share of the right halves starts within `_ALIGN_SLACK` of the usual position
_ALIGN_SLACK = 6  # (a paragraph's first line indented, a box set in, a list's hanging indent: a few positions)
_FILLED = 0.5  # the left halves' median length, as a share of the gutter's position: a column of text is full
_MAX_GAP = 1  # the other column's lines between two of a column's that leave them one block
_MAX_GAP_UNDER_HEADING = 2  # (under a heading, set off by more space: it stays over its text, as
# pdftotext's reading-order mode keeps it, so the layout pass finds it the same way)
_HEADING_LINES = 2
_CLOSED = re.compile(r"[.,;:]['’\"”)]*$")
_MIN_WIDTH = 40  # a page narrower than this has no room for two columns
_CANDIDATES = 40  # columns with the most two-sided lines that are checked through (a hostile page is wide)
_SPACES = re.compile(" {2,}")


@dataclass(frozen=True, slots=True)
class _Cut:
    """How one line of a two-column page reads: full-width, or its left and right halves."""

    whole: str | None  # the line, when its text crosses the gutter
    left: str = ""
    right: str = ""


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.columns or ctx.seed.profile.blocks == "web":
        return
    if "  " not in ctx.seed.text and "\f" not in ctx.seed.text:
        return  # no run of spaces in the text (and no form feed to take out between spaces): no page has columns
    raw = ctx.source_lines
    lines = [line.replace("\f", "") for line in raw]  # (a form feed would shift its line's columns by one)
    pages: dict[int, list[Block]] = {}  # the page's first index → its blocks in reading order
    page_of: dict[int, int] = {}  # 1-based line number → the first index of its two-column page
    furniture: frozenset[int] | None = None
    for top, bottom in page_ranges(raw, ctx):
        gutter, figure = find_gutter(lines[top:bottom]), False
        if gutter is None:
            gutter, figure = find_figure_side(lines[top:bottom]), True
        if gutter is None:
            continue
        if furniture is None:
            furniture = _furniture(raw, ctx)
        pages[top] = _page_blocks(lines, top, bottom, gutter, ctx.file, furniture, figure, ctx.line_numbers)
        for index in range(top, bottom):
            cut = cut_line(lines[index], gutter)
            if cut.whole is None and cut.left and cut.right:
                ctx.line_pieces[index + 1] = (cut.left, cut.right)
        page_of.update((number, top) for number in range(top + 1, bottom + 1))
    if pages:
        doc.blocks = _placed(doc.blocks, pages, page_of, ctx.file)


def _placed(blocks: list[Block], pages: dict[int, list[Block]], page_of: dict[int, int], file: str) -> list[Block]:
    """The blocks with each two-column page's lines replaced by its blocks in reading order, where
    the page's first line was. A block `split_blocks` ran across the page's edge keeps its lines off
    the page as a block of their own."""
    result: list[Block] = []
    for block in blocks:
        if (not isinstance(block, Paragraph) or isinstance(block, Preformatted)
                or not any(n in page_of for n in range(block.span.line, block.span.end_line + 1))):
            result.append(block)
            continue
        piece: list[tuple[int, str]] = []
        for offset, text in enumerate([*block.text.split("\n"), ""]):
            number = block.span.line + offset
            top = page_of.get(number) if text else None  # ("" closes the last piece)
            if top is None and text:
                piece.append((number, text))
                continue
            if piece:
                result.append(Paragraph([Text("\n".join(t for _, t in piece))], Span(file, piece[0][0], piece[-1][0])))
                piece = []
            if top is not None:
                result.extend(pages.pop(top, []))
    return result


def _furniture(raw: list[str], ctx: PassContext) -> frozenset[int]:
    """The line numbers `strip_page_furniture` will remove: each stays a block of its own, so that
    pass finds it where its line number says (its own warnings are given when it runs)."""
    rules = ctx.seed.profile.page_furniture
    if not rules:
        return frozenset()
    quiet = PassContext(ctx.seed, Diagnostics(), ctx.indexes)
    return frozenset(furniture_lines(raw, rules, quiet))


def page_ranges(raw: list[str], ctx: PassContext) -> list[tuple[int, int]]:
    """The pages as index ranges: a form feed starts its line's page, a page-break marker line ends one."""
    global _last_pages
    rules = ctx.seed.profile.page_furniture
    if _last_pages[0] is raw and _last_pages[1] is rules:  # (split_columns and layout_lines both ask)
        return list(_last_pages[2])
    fed = {index for index, line in enumerate(raw) if "\f" in line and index > 0}
    # (a marker line's page ends under it, unless a form feed opens a page at it)
    starts = [0, *fed, *(index + 1 for index in page_break_lines(raw, rules) if index not in fed)]
    bounds = [*sorted(set(starts)), len(raw)]
    ranges = [(top, bottom) for top, bottom in pairwise(bounds) if bottom > top]
    _last_pages = (raw, rules, tuple(ranges))
    return ranges


# The last text's pages: its source lines (a list the passes share and never change, held here so
# that it is not another text's list at the same address) and the rules that found them
_last_pages: tuple[list[str] | None, object, tuple[tuple[int, int], ...]] = (None, None, ())


def _blank_at(line: str, column: int) -> bool:
    return line[column:column + 2].strip() == ""


def find_gutter(page: list[str]) -> int | None:
    """The column of a page's gutter (two blank positions from it), or None if the page has no columns."""
    if sum(1 for line in page if "  " in line.rstrip()) < _MIN_TWO_SIDED:
        return None  # (the cheap test first: a column counts only lines with a run of spaces, see below)
    lengths = [len(line.rstrip()) for line in page]
    width = max(lengths, default=0)
    if width < _MIN_WIDTH:
        return None
    # how many lines have text right of two blank positions starting at each column (and left of
    # them, or nothing: a column's line on a row of its own): from each line's runs of spaces, in
    # one sweep (a column is then checked through only if it may win)
    sweep = [0] * (width + 2)
    for line in page:
        for run in _SPACES.finditer(line.rstrip()):
            start, end = run.span()
            sweep[start] += 1
            sweep[end - 1] -= 1
    counts = list(accumulate(sweep))
    middle = width / 2
    band = range(int(width * _BAND[0]), int(width * _BAND[1]))
    candidates = sorted((c for c in band if counts[c] >= _MIN_TWO_SIDED),
                        key=lambda c: (-counts[c], abs(c - middle)))[:_CANDIDATES]
    best: tuple[int, float, float, int] | None = None
    for column in candidates:
        right = [i for i, line in enumerate(page) if lengths[i] > column + 2 and _blank_at(line, column)]
        if len(right) < _MIN_TWO_SIDED:
            continue
        stretch = range(right[0], right[-1] + 1)
        reaching = [i for i in stretch if lengths[i] > column + 2]
        share = len(right) / len(reaching)
        if share < _CONSISTENT:
            continue
        key = (len(right), share, -abs(column - middle), column)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    column = best[3]
    cuts = [cut_line(line, column) for line in page]
    starts = Counter(_right_start(line, column) for line, cut in zip(page, cuts, strict=True) if cut.right)
    usual = starts.most_common(1)[0][0]
    aligned = sum(count for start, count in starts.items() if abs(start - usual) <= _ALIGN_SLACK)
    if aligned < _ALIGNED * sum(starts.values()):
        return None  # right-hand text starting anywhere: a table's cells or scattered words, not a column
    lefts = [len(cut.left) for cut in cuts if cut.whole is None and cut.left and len(cut.left.split()) > 1]
    if len(lefts) < _MIN_TWO_SIDED or median(lefts) < _FILLED * column:
        return None  # short cells on the left (or hardly anything): a table or a figure, not a column of text
    return column


_FIGURE_MIN_WIDTH = 100  # a figure or a table drawn beside the text makes the page's lines this wide
_TEXT_START = 4  # a line of the text column starts within this many positions of the margin
_FIGURE_SEARCH = 12  # positions right of the text column's edge where the figure's side may start
_CROSSING = 0.1  # lines whose text crosses that boundary, as a share of those reaching past it
_PROSE_LINE_WORDS = 5
_SEGMENT = re.compile(r" *\S+(?: {1,2}\S+)*")  # a line's text up to a run of three spaces


def find_figure_side(page: list[str]) -> int | None:
    """Where a figure or a table drawn beside a column of text starts, or None. `-layout` prints
    such a page's text at the margin and the figure's words scattered right of it (no aligned
    second column, so no gutter): a column, every line blank there, the text column filled left of
    it and words right of it on many lines."""
    if sum(1 for line in page if "   " in line.strip()) < _MIN_TWO_SIDED:
        return None  # (the cheap test first: text set apart by spaces on many lines)
    lengths = [len(line.rstrip()) for line in page]
    width = max(lengths, default=0)
    if width < _FIGURE_MIN_WIDTH:
        return None
    edges = []
    for line in page:
        match = _SEGMENT.match(line)
        if match and line[:_TEXT_START].strip() and len(match.group().split()) >= _PROSE_LINE_WORDS:
            edges.append(match.end())
    if len(edges) < _MIN_TWO_SIDED or median(edges) < _FIGURE_MIN_WIDTH * _FILLED:
        return None  # no column of prose at the margin
    edge = max(edges)  # (the text column's longest line: the figure starts right of all of them)
    if edge > width * _BAND[1]:
        return None
    for column in range(edge, min(edge + _FIGURE_SEARCH, width)):
        reaching = [i for i in range(len(page)) if lengths[i] > column + 2]
        right = [i for i in reaching if _blank_at(page[i], column)]
        if len(right) >= _MIN_TWO_SIDED and len(reaching) - len(right) <= _CROSSING * len(reaching):
            return column
    return None


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


def _page_blocks(lines: list[str], top: int, bottom: int, column: int, file: str,
                 furniture: frozenset[int], figure: bool = False,
                 line_numbers: dict[int, list[int]] | None = None) -> list[Block]:
    """The page's blocks in reading order: per run of lines off the gutter, the left halves, then the
    right halves; a full-width line between the runs where it stands. With `figure`, the right
    side is a figure or a table beside the text: its lines are one preformatted block, as drawn."""
    # runs of lines off the gutter, between full-width lines (a full-width line is a run of its own)
    runs: list[list[tuple[int, _Cut]]] = []
    for index in range(top, bottom):
        cut = cut_line(lines[index], column)
        whole = cut.whole is not None
        if not runs or whole or runs[-1][-1][1].whole is not None:
            runs.append([])
        runs[-1].append((index + 1, cut))
    pieces: list[list[tuple[int, str]]] = []
    drawn: dict[int, Preformatted] = {}  # a figure's side, by the (empty) piece that holds its place
    as_is: set[int] = set()  # the pieces of lines read as they stand, which join when their lines follow
    for run in runs:
        if run[0][1].whole is None and any(cut.right for _, cut in run):
            pieces.extend(_column(run, "left", furniture))
            if figure:  # (a furniture line stays a block of its own, for strip_page_furniture)
                for part in _parted(run, furniture):
                    if len(part) == 1 and part[0][0] in furniture:
                        pieces.append([(part[0][0], part[0][1].right)])
                    elif any(cut.right for _, cut in part):
                        drawn[len(pieces)] = _drawn(lines, part, column, file)
                        pieces.append([])
            else:
                pieces.extend(_column(run, "right", furniture))
            continue
        # a full-width line, or lines with nothing right of the gutter (a paragraph's short last line
        # under full-width ones): read as they stand, one block per run of lines as split_blocks has it
        for number, cut in run:
            text = cut.whole.strip() if cut.whole is not None else cut.left
            if not text:
                continue
            if pieces and len(pieces) - 1 in as_is and pieces[-1][-1][0] == number - 1:
                pieces[-1].append((number, text))
            else:
                as_is.add(len(pieces))
                pieces.append([(number, text)])
    blocks: list[Block] = []
    for n, piece in enumerate(pieces):
        if n in drawn:
            blocks.append(drawn[n])
        elif piece:
            block = Paragraph([Text("\n".join(t for _, t in piece))], Span(file, piece[0][0], piece[-1][0]))
            if line_numbers is not None and piece[-1][0] - piece[0][0] + 1 != len(piece):
                line_numbers[id(block)] = [number for number, _ in piece]  # (its lines are not consecutive)
            blocks.append(block)
    return blocks


def _parted(run: list[tuple[int, _Cut]], furniture: frozenset[int]) -> list[list[tuple[int, _Cut]]]:
    """A run of lines cut at its furniture lines, each of which is a part of its own."""
    parts: list[list[tuple[int, _Cut]]] = [[]]
    for number, cut in run:
        if number in furniture:
            parts.extend([[(number, cut)], []])
        elif cut.right:
            parts[-1].append((number, cut))
    return [part for part in parts if part]


def _drawn(lines: list[str], run: list[tuple[int, _Cut]], column: int, file: str) -> Preformatted:
    """The right side of a run of lines, as drawn: each line's text right of `column`, the common
    indentation taken off."""
    numbered = [(number, lines[number - 1][column:].rstrip()) for number, cut in run if cut.right]
    indent = min(len(text) - len(text.lstrip(" ")) for _, text in numbered)
    code = "\n".join(text[indent:] for _, text in numbered)
    return Preformatted([], Span(file, numbered[0][0], numbered[-1][0]), Role.PREFORMATTED, code=code)


def _column(run: list[tuple[int, _Cut]], side: str, furniture: frozenset[int]) -> list[list[tuple[int, str]]]:
    """One column's lines of a run, cut into blocks. The two columns' baselines need not line up, so a
    column's consecutive lines may stand a line apart in the extraction, the other column's line
    between them: a single such line does not part a block (a blank line, two, or a furniture line
    does). A block's span then runs from its first line to its last, over the other column's line."""
    pieces: list[list[tuple[int, str]]] = [[]]
    gap: list[tuple[int, _Cut]] = []
    for number, cut in run:
        text = cut.left if side == "left" else cut.right
        if not text:
            gap.append((number, cut))
            continue
        most = _MAX_GAP_UNDER_HEADING if _heading(pieces[-1]) else _MAX_GAP
        parted = (len(gap) > most or any(not (c.left or c.right) or n in furniture for n, c in gap)
                  or number in furniture or (pieces[-1] and pieces[-1][-1][0] in furniture))
        if parted and pieces[-1]:
            pieces.append([])
        pieces[-1].append((number, text))
        gap = []
    return pieces


def _heading(piece: list[tuple[int, str]]) -> bool:
    """Could a column's block so far be a heading (a line or two, not closed like a sentence)?"""
    return 0 < len(piece) <= _HEADING_LINES and not _CLOSED.search(piece[-1][1])
