"""Pass: letter the editor's notes a, b, c… in reading order.

The author's footnotes keep their numbers (1–11 in the article); the editor's notes are a
second series, lettered, so that a reader tells them apart at a glance. Notes are lettered
in the order a reader meets their first reference, an author's footnote being read where its
marker stands; a note referred to from several places (the same mismatched citation twice)
keeps one letter, and each reference gets its own anchor (`edref-a`, `edref-a-2`) so that
the note can link back to every place.
"""

from __future__ import annotations

from string import ascii_lowercase

from build_tools.apparatus.places import Place, place_of
from build_tools.model import Block, Document, EditorNoteRef, Footnote, FootnoteRef, Inline, Text, plain_text
from build_tools.passes.context import PassContext


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, 27 → ab …"""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = ascii_lowercase[rest] + out
    return out


def references(doc: Document) -> list[tuple[EditorNoteRef, Place]]:
    """Every editor's note reference in reading order: an author's footnote is read exactly where
    its marker stands, so a note inside footnote 1 comes between the notes before and after ¹."""
    walk = _ReadingWalk(doc)
    for block in doc.blocks:
        walk.visit(block)
    for note in doc.footnotes:
        if note.label not in walk.read:
            walk.read.add(note.label)
            walk.visit(note)
    places: dict[int, Place] = {}  # made at an item's first reference (most items have none)
    return [(node, places.get(id(item)) or places.setdefault(id(item), place_of(item)))
            for node, item in walk.found]


class _ReadingWalk:
    """walk_inlines' order, footnotes read at their markers, without generators or closures: a
    recursive closure is a reference cycle, left for the cycle collector to find once per block."""

    def __init__(self, doc: Document) -> None:
        self.footnotes = {note.label: note for note in doc.footnotes}
        self.read: set[str] = set()
        self.found: list[tuple[EditorNoteRef, Block | Footnote]] = []

    def visit(self, item: Block | Footnote) -> None:
        self._walk(item.inlines, item)

    def _walk(self, nodes: list[Inline], item: Block | Footnote) -> None:
        for node in nodes:
            kind = type(node)
            if kind is Text:  # (most nodes: asked first, by identity)
                continue
            if kind is EditorNoteRef:
                self.found.append((node, item))  # type: ignore[arg-type]
            elif kind is FootnoteRef:
                label = node.label  # type: ignore[union-attr]
                if label in self.footnotes and label not in self.read:
                    self.read.add(label)
                    self.visit(self.footnotes[label])
            else:
                children = getattr(node, "children", None)
                # (a reference's one Text, most children lists once the linking passes ran: no call)
                if children and (len(children) > 1 or type(children[0]) is not Text):
                    self._walk(children, item)


def run(doc: Document, ctx: PassContext) -> None:
    if not doc.editor_notes:
        return
    notes = {note.id: note for note in doc.editor_notes}
    order: list[str] = []
    uses: dict[str, int] = {}
    for node, place in references(doc):
        if node.note_id not in notes:
            continue
        note = notes[node.note_id]
        if node.note_id not in uses:
            order.append(node.note_id)
            note.letter = letter(len(order) - 1)
        uses[node.note_id] = uses.get(node.note_id, 0) + 1
        node.letter = note.letter
        node.anchor = f"edref-{note.letter}" + (f"-{uses[node.note_id]}" if uses[node.note_id] > 1 else "")
        node.summary = plain_text(note.inlines)
        note.places.append((place.label, node.anchor))
    doc.editor_notes = [notes[note_id] for note_id in order]
