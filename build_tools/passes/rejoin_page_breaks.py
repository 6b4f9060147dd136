"""Pass: rejoin the paragraphs that a page break split in two.

Once the footnote blocks are lifted out, the two halves of a split paragraph stand next
to each other; the second half starts in lower case ("…the parallels his analysis holds
for" / "contemporary attempts to do the same…"). They are joined with a space. A join
after a paragraph that ends like a finished sentence is still made (a paragraph never
starts in lower case) but reported (P001) so an editor can check it.
"""

from __future__ import annotations

import re

from build_tools.model import _CONTAINERS, Block, Document, Heading, Inline, Paragraph, Role, Text
from build_tools.passes.context import PassContext
from build_tools.passes.detect_headings import section_name

_FINISHED = re.compile(r"[.!?…]['’\"”)]*$")
_CAPTION = re.compile(r"(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+\d+")  # a caption is no sentence
_PARAGRAPH_WORDS = 8  # fewer words, the last not in lower case: a label or a cell, not half a paragraph
_SINGLE_WARNINGS = 3  # past this many, one warning lists the lines


def _continues(previous: Block, block: Block) -> bool:
    return (isinstance(previous, Paragraph) and isinstance(block, Paragraph)
            and previous.role in (Role.RAW, Role.BODY) and block.role in (Role.RAW, Role.BODY)
            and first_character(block.inlines).islower())


def first_character(nodes: list[Inline]) -> str:
    """`plain_text(nodes)[:1]`, without joining the whole paragraph's text: the first character of the
    first non-empty Text, in the order `plain_text` reads them."""
    for node in nodes:
        if isinstance(node, Text):
            if node.text:
                return node.text[0]
        elif isinstance(node, _CONTAINERS):
            found = first_character(node.children)
            if found:
                return found
    return ""


def finished(text: str) -> bool:
    """`_FINISHED.search(text)` for a text with no line break at its end, read from its end: the last
    character before the closing quotes and brackets ends a sentence (the search tries every full stop)."""
    return text.rstrip(_CLOSERS)[-1:] in _ENDS


_ENDS = frozenset(".!?…")
_CLOSERS = "'’\"”)"


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.rejoin_page_breaks:
        return
    result: list[Block] = []
    for block in doc.blocks:
        previous = result[-1] if result else None
        if previous is None or not _continues(previous, block):
            result.append(block)
            continue
        assert isinstance(previous, Paragraph) and isinstance(block, Paragraph)
        if finished(previous.text.rstrip()):
            ctx.diagnostics.warning("P001", "a lower-case paragraph was joined to one that ends like a sentence",
                                    ctx.file, block.span.line, 1,
                                    hint="check that the page break really split this paragraph")
        previous.inlines = [*previous.inlines, Text(" "), *block.inlines]
        previous.span = previous.span.merge(block.span)
    doc.blocks = result
    _warn_unfinished(doc, ctx)


def _warn_unfinished(doc: Document, ctx: PassContext) -> None:
    """A paragraph left ending mid-sentence may be a split the rule could not see (P002)."""
    profile = ctx.seed.profile
    unfinished: list[Paragraph] = []
    for block, following in zip(doc.blocks, doc.blocks[1:], strict=False):
        if isinstance(block, Heading) and section_name(block.text, profile.numbered_headings) in \
                profile.reference_headings:
            break  # reference entries need not end with a full stop
        # (a few words without a sentence are a table's cell, a figure's label or the authors' names,
        # not half a paragraph)
        if not (isinstance(block, Paragraph) and isinstance(following, Paragraph) and block.hint != "front"):
            continue
        text = block.text.rstrip()  # (its text once: a paragraph of several nodes is joined each time)
        # (split only as far as the count needs: then `words[-1]` is the last word of a shorter one)
        # (the end first: most paragraphs end a sentence, and it is read without a search or a split)
        if (not finished(text) and not text.endswith(":") and not _CAPTION.match(text)
                and (len(words := text.split(maxsplit=_PARAGRAPH_WORDS - 1)) >= _PARAGRAPH_WORDS
                     or (words and words[-1][:1].islower()))):
            unfinished.append(block)
    hint = "if a page break split it and the next part starts with a capital, check the two halves; otherwise ignore"
    if len(unfinished) <= _SINGLE_WARNINGS:
        for block in unfinished:
            ctx.diagnostics.warning("P002", "paragraph ends without closing punctuation", ctx.file,
                                    block.span.end_line, 0, hint=hint)
    elif unfinished:
        lines = ", ".join(str(block.span.end_line) for block in unfinished[:10])
        ctx.diagnostics.warning("P002", f"{len(unfinished)} paragraphs end without closing punctuation (lines {lines}"
                                f"{' …' if len(unfinished) > 10 else ''})", ctx.file, unfinished[0].span.end_line, 0,
                                hint=hint)
