"""Pass: the words of a table, a figure or a displayed equation, kept together as they stand.

A PDF's text layer gives a table as one cell per line, a diagram as its boxes' labels, an equation
as its fragments: short lines that end no sentence, one after another. Read as paragraphs they
become a column of one-word "paragraphs", each with its own ¶ number; read as headings they are
false headings. A run of at least `MIN_LINES` such blocks of the body (no heading between them,
nothing in them but plain words: never a note marker, a citation or emphasis) becomes one
preformatted block, printed line for line as the page had them. No word changes.
"""

from __future__ import annotations

import re

from build_tools.model import Block, Document, Paragraph, Preformatted, Role, Text
from build_tools.passes.context import PassContext

MIN_LINES = 4  # three short lines may be a list's items or a short address; four are a table's cells
MAX_WORDS = 6  # a cell, a label or an equation's fragment
_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*$")


def _fragment(block: Block) -> bool:
    """A body block of a few plain words that ends no sentence."""
    if not isinstance(block, Paragraph) or isinstance(block, Preformatted) or block.role is not Role.BODY:
        return False
    inlines = block.inlines
    if len(inlines) == 1 and isinstance(inlines[0], Text):
        text = inlines[0].text.strip()  # (most blocks: one Text, read without a walk of the nodes)
    elif not inlines or not all(isinstance(node, Text) for node in inlines):
        return False
    else:
        text = block.text.strip()
    # (`maxsplit`: a paragraph is told from its first words, not split whole)
    return bool(text) and len(text.split(maxsplit=MAX_WORDS)) <= MAX_WORDS and not _SENTENCE_END.search(text)


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.layout_lines:
        return
    blocks: list[Block] = []
    run_: list[Paragraph] = []

    def flush() -> None:
        if len(run_) >= MIN_LINES:
            span = run_[0].span.merge(run_[-1].span)
            code = "\n".join(" ".join(p.text.split()) for p in run_)
            blocks.append(Preformatted([], span, Role.PREFORMATTED, code=code))
        else:
            blocks.extend(run_)
        run_.clear()

    for block in doc.blocks:
        if _fragment(block):
            assert isinstance(block, Paragraph)
            run_.append(block)
            continue
        flush()
        blocks.append(block)
    flush()
    doc.blocks = blocks
