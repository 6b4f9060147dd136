"""Pass: lift the author's footnotes out of the flow.

A PDF extraction leaves each page's footnote texts as blocks where the page broke, each
opening with its superscript number. Such a block becomes a `Footnote`; its marker in the
text is already a `FootnoteRef`. Markers and notes must pair up one to one: a marker
without a note (F001), a note without a marker (F002) and a number used twice (F003) are
errors, because a silently wrong apparatus is worse than none.
"""

from __future__ import annotations

from build_tools.model import Block, Document, Footnote, FootnoteRef, Paragraph, Text, walk_inlines
from build_tools.passes.context import PassContext
from build_tools.passes.parse_inline import SUPERSCRIPT_DIGITS


def _as_footnote(block: Block) -> Footnote | None:
    if not isinstance(block, Paragraph) or len(block.inlines) < 2:
        return None
    first, second = block.inlines[0], block.inlines[1]
    if not (isinstance(first, FootnoteRef) and isinstance(second, Text) and second.text[:1].isspace()):
        return None
    rest = [Text(second.text.lstrip()), *block.inlines[2:]]
    return Footnote(first.label, [node for node in rest if not (isinstance(node, Text) and not node.text)], block.span)


def _marker(label: str) -> str:
    return "".join(SUPERSCRIPT_DIGITS[int(digit)] for digit in label)


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.superscript_notes:
        return
    kept: list[Block] = []
    for block in doc.blocks:
        note = _as_footnote(block)
        if note is None:
            kept.append(block)
            continue
        if any(existing.label == note.label for existing in doc.footnotes):
            ctx.diagnostics.error("F003", f"footnote {note.label} is given twice", ctx.file, note.span.line, 1,
                                  hint="remove the duplicate note, or correct its number")
            continue
        doc.footnotes.append(note)
    doc.blocks = kept
    _check_pairs(doc, ctx)
    doc.footnotes.sort(key=lambda note: int(note.label))


def _check_pairs(doc: Document, ctx: PassContext) -> None:
    notes = {note.label: note for note in doc.footnotes}
    seen: set[str] = set()
    for block in doc.blocks:
        for node in walk_inlines(block.inlines):
            if not isinstance(node, FootnoteRef):
                continue
            line = block.span.line
            if node.label in seen:
                ctx.diagnostics.error("F003", f"footnote marker {_marker(node.label)} appears twice", ctx.file, line,
                                      ctx.column_of(line, _marker(node.label)),
                                      hint="each note number may be used once; renumber or remove one marker")
            seen.add(node.label)
            if node.label not in notes:
                ctx.diagnostics.error("F001", f"footnote marker {_marker(node.label)} has no note text", ctx.file, line,
                                      ctx.column_of(line, _marker(node.label)),
                                      hint=f"the extraction may have lost note {node.label}; restore it as a block "
                                           f"starting '{_marker(node.label)} ' where the page broke")
    for label, note in notes.items():
        if label not in seen:
            ctx.diagnostics.error("F002", f"footnote {_marker(label)} has no marker in the text", ctx.file,
                                  note.span.line, 1,
                                  hint=f"the marker {_marker(label)} may be missing after the word it annotates")
