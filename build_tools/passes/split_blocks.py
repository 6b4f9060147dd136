"""Pass: cut the normalised raw text into blocks, remembering each block's lines.

A profile says what a block is: `paragraphs` (a blank line ends a block) or `lines` (a web
page's text: every non-blank line is a block). A block of several lines keeps its line
breaks (`\\n`) for now: `strip_page_furniture` removes whole printed lines (page numbers,
running heads) by their line numbers, and `unwrap_lines` then joins what is left, mending
the typesetter's line-end hyphens. Each line is stripped of the white space around it
(trailing spaces, a form feed at a page's first line), which carries no word.
"""

from __future__ import annotations

import re

from build_tools.model import Document, Paragraph, Span, Text
from build_tools.passes.context import PassContext


def run(doc: Document, ctx: PassContext) -> None:
    lines = ctx.seed.text.split("\n")
    if ctx.seed.profile.blocks == "web":
        _web_blocks(lines, doc, ctx)
        return
    per_line = ctx.seed.profile.blocks == "lines"
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            text = "\n".join(line.strip() for _, line in current)
            span = Span(ctx.file, current[0][0], current[-1][0])
            doc.blocks.append(Paragraph([Text(text)], span))
            current.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            flush()
            continue
        current.append((number, line))
        if per_line:
            flush()
    flush()


# --- `blocks: web`: a scraped page as a browser or html2text dumps it --------------------------
# Lines are either wrapped (lynx, w3m, html2text break paragraphs at ~80 columns) or one per
# paragraph or menu item. A line continues the block above only if its first word could not
# have fitted on the line above at the page's wrap width; a list item or a Markdown heading
# always starts a block. (Kept apart from the PDF modes above: it is the web profile's own.)
_ITEM = re.compile(r"^\s*(?:[•*+\-□◦▪·]|\d{1,3}[.)])(?:\s|$)|^#{1,6}\s")


_AUTHOR_HYPHEN = re.compile(r"[^\W\d_]-$")


def _wrap_width(lines: list[str]) -> int:
    lengths = [len(line.rstrip()) for line in lines if line.strip() and "://" not in line]
    return max(lengths, default=0)


def _web_blocks(lines: list[str], doc: Document, ctx: PassContext) -> None:
    width = _wrap_width(lines)
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            # A browser wraps only at spaces and after a hyphen the author wrote ("well-" /
            # "being"): the hyphen stays and no space is put after it.
            text = current[0][1].strip()
            for _, line in current[1:]:
                text += ("" if _AUTHOR_HYPHEN.search(text) else " ") + line.strip()
            doc.blocks.append(Paragraph([Text(text)], Span(ctx.file, current[0][0], current[-1][0])))
            current.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            flush()
            continue
        if current:
            previous = current[-1][1].rstrip()
            first_word = line.split()[0]
            wrapped = len(previous) + 1 + len(first_word) > width - 2
            if not wrapped or _ITEM.match(line):
                flush()
        current.append((number, line))
    flush()
