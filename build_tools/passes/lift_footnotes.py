"""Pass: lift the author's footnotes out of the flow.

A PDF extraction leaves each page's footnote texts as blocks where the page broke, each
opening with its marker (a superscript number, or what `plain_note_markers` recognised:
digits, `*`, `†`). Such a block becomes a `Footnote`; its marker in the text is already
a `FootnoteRef`. Notes are kept in the order readers meet their markers. Markers and notes
must pair up one to one: a marker without a note (F001), a note without a marker (F002) and
a number used twice (F003) are errors, because a silently wrong apparatus is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable

from build_tools.model import _CONTAINERS, Block, Document, Footnote, FootnoteRef, Inline, Paragraph, Text
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


def _marker(label: str, mark: str = "") -> str:
    """The marker as an editor finds it in the source: its own mark, or the label in superscript."""
    if mark:
        return mark
    if label.isdigit() and label.isascii():
        return "".join(SUPERSCRIPT_DIGITS[int(digit)] for digit in label)
    return label


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.note_markers:
        return
    kept: list[Block] = []
    labels = {existing.label for existing in doc.footnotes}
    for block in doc.blocks:
        note = _as_footnote(block)
        if note is None:
            kept.append(block)
            continue
        if note.label in labels:
            ctx.diagnostics.error("F003", f"footnote {_marker(note.label, _mark_of(block))} is given twice", ctx.file,
                                  note.span.line, 1,
                                  hint="remove the duplicate note, or correct its number")
            kept.append(block)  # left where it stands: the build stops on F003, but no word goes missing
            continue
        doc.footnotes.append(note)
        labels.add(note.label)
    doc.blocks = kept
    refs = footnote_refs(kept)  # (one walk of the text for both: the check and the notes' order)
    _check_pairs(doc, ctx, refs)
    doc.footnotes.sort(key=_reading_order(refs))


def footnote_refs(blocks: list[Block]) -> list[tuple[Block, FootnoteRef]]:
    """Every note marker in the text with its block, in the order `walk_inlines` meets them."""
    found: list[tuple[Block, FootnoteRef]] = []
    for block in blocks:
        inlines = block.inlines
        if len(inlines) == 1 and type(inlines[0]) is Text:
            continue  # (a paragraph of one Text, most: no marker in it, and no call to find none)
        _refs_in(block, inlines, found)
    return found


def _refs_in(block: Block, nodes: list[Inline], found: list[tuple[Block, FootnoteRef]]) -> None:
    """`walk_inlines`' order without its generators (a node, then its children)."""
    for node in nodes:
        if isinstance(node, FootnoteRef):
            found.append((block, node))
        elif isinstance(node, _CONTAINERS):
            _refs_in(block, node.children, found)


def _mark_of(block: Block) -> str:
    first = block.inlines[0] if isinstance(block, Paragraph) and block.inlines else None
    return first.mark if isinstance(first, FootnoteRef) else ""


def _reading_order(refs: list[tuple[Block, FootnoteRef]]) -> Callable[[Footnote], tuple[int, int]]:
    """Notes in the order of their markers in the text (the order readers meet them)."""
    order: dict[str, int] = {}
    for _, node in refs:
        order.setdefault(node.label, len(order))
    return lambda note: (order.get(note.label, len(order)), note.span.line)


def _check_pairs(doc: Document, ctx: PassContext, refs: list[tuple[Block, FootnoteRef]]) -> None:
    notes = {note.label: note for note in doc.footnotes}
    seen: set[str] = set()
    repeated: dict[str, tuple[int, str, int]] = {}  # label → (first repeat's line, marker, count)
    for block, node in refs:
        line = block.span.line
        marker = _marker(node.label, node.mark)
        if node.label in seen:
            first_line, first_marker, count = repeated.get(node.label, (line, marker, 0))
            repeated[node.label] = (first_line, first_marker, count + 1)
            continue
        seen.add(node.label)
        if node.label not in notes:
            ctx.diagnostics.error("F001", f"footnote marker {marker} has no note text", ctx.file, line,
                                  ctx.column_of(line, marker),
                                  hint=f"the extraction may have lost note {marker}; restore it as a block "
                                       f"starting '{marker} ' where the page broke")
    # One error per number used again, however often (a hostile text can repeat one marker per word).
    for line, marker, count in repeated.values():
        again = "again" if count == 1 else f"{count} more times"
        ctx.diagnostics.error("F003", f"footnote marker {marker} appears {again}", ctx.file, line,
                              ctx.column_of(line, marker),
                              hint="each note number may be used once; renumber or remove one marker")
    for label, note in notes.items():
        if label not in seen:
            ctx.diagnostics.error("F002", f"footnote {_marker(label)} has no marker in the text", ctx.file,
                                  note.span.line, 1,
                                  hint=f"the marker {_marker(label)} may be missing after the word it annotates")
