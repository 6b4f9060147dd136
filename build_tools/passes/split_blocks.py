"""Pass: cut the normalised raw text into blocks, remembering each block's lines.

A profile says what a block is: `paragraphs` (a blank line ends a block) or `lines` (a web
page's text: every non-blank line is a block). A block of several lines keeps its line
breaks (`\\n`) for now: `strip_page_furniture` removes whole printed lines (page numbers,
running heads) by their line numbers, and `unwrap_lines` then joins what is left, mending
the typesetter's line-end hyphens. Each line is stripped of the white space around it
(trailing spaces, a form feed at a page's first line), which carries no word.
"""

from __future__ import annotations

from build_tools.model import Document, Paragraph, Span, Text
from build_tools.passes.context import PassContext


def run(doc: Document, ctx: PassContext) -> None:
    lines = ctx.seed.text.split("\n")
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
