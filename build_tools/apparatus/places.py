"""Where things are in a document, in reading order, and how to point a reader at them.

The bibliography's back-references ("cited in ¶ 4, note 1"), the lettered notes (given
in reading order) and the Editorial apparatus page all need the same walk: the blocks in
order, and each author's footnote read where its marker stands. A place has a label a
reader understands ("¶ 4", "note 1", "abstract") and the fragment of its anchor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from build_tools.model import (
    Block,
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    Paragraph,
    Role,
    Strong,
    Text,
)


@dataclass(frozen=True)
class Place:
    label: str  # "¶ 4", "note 1", "abstract"
    fragment: str  # "p4", "fn:1", "" (the page itself)
    line: int  # in the source, for messages
    end_line: int = 0  # the last source line of the block or note


def locate(place: Place, needle: str, source_line: Callable[[int], str]) -> tuple[int, int]:
    """The source line and 1-based column of `needle` within a place (its first line, 0 if not found)."""
    for line in range(place.line, max(place.line, place.end_line) + 1):
        column = source_line(line).find(needle)
        if column >= 0:
            return line, column + 1
    return place.line, 0


_ROLE_LABELS = {Role.BIO: "about the author", Role.SERIES_NOTE: "series note"}


def place_of(item: Block | Footnote) -> Place:
    if isinstance(item, Footnote):
        return Place(f"note {item.label}", f"fn:{item.label}", item.span.line, item.span.end_line)
    if isinstance(item, Paragraph) and item.number is not None:
        return Place(f"¶ {item.number}", item.anchor or f"p{item.number}", item.span.line, item.span.end_line)
    if isinstance(item, Heading):
        return Place("heading", item.anchor or "", item.span.line, item.span.end_line)
    role = _ROLE_LABELS.get(item.role, item.role.value.replace("-", " "))
    return Place(role, item.anchor or "", item.span.line, item.span.end_line)


def reading_order(doc: Document) -> list[tuple[Block | Footnote, list[Inline]]]:
    """Every block (reference lists excluded) and every footnote, a note right after its marker.

    A list, made in one walk without generators (the passes that ask take it whole: they change
    the blocks as they go); a block's markers are read before any caller can change it."""
    notes = {note.label: note for note in doc.footnotes}
    read: set[str] = set()
    order: list[tuple[Block | Footnote, list[Inline]]] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.role is Role.REFERENCE:
            continue
        inlines = block.inlines
        order.append((block, inlines))
        # (a block of one Text, most of them, marks no note: no call for it)
        if notes and (len(inlines) != 1 or type(inlines[0]) is not Text):
            _notes_marked(inlines, notes, read, order)
    for note in doc.footnotes:
        if note.label not in read:
            order.append((note, note.inlines))
    return order


def _notes_marked(nodes: list[Inline], notes: dict[str, Footnote], read: set[str],
                  order: list[tuple[Block | Footnote, list[Inline]]]) -> None:
    """The notes whose markers stand among `nodes` (walk_inlines' order), each the first time."""
    for node in nodes:
        if isinstance(node, FootnoteRef):
            if node.label in notes and node.label not in read:
                read.add(node.label)
                order.append((notes[node.label], notes[node.label].inlines))
        else:
            children = getattr(node, "children", None)  # (the nodes walk_inlines enters have them)
            # (a reference's one Text, most children lists once the linking passes ran: no call)
            if children and (len(children) > 1 or type(children[0]) is not Text):
                _notes_marked(children, notes, read, order)


Splitter = Callable[[Text], list[Inline] | None]


def rewrite_texts(nodes: list[Inline], split: Splitter) -> list[Inline]:
    """Replace each prose `Text` (also inside emphasis and strong, never inside a link or another
    reference) by what `split` returns for it (None: keep it as it is); empty texts are dropped.

    `nodes` itself when nothing is replaced or dropped (most blocks: no citation in them): the new
    list is begun only at the first change, with the nodes before it."""
    out: list[Inline] | None = None
    for index, node in enumerate(nodes):
        if isinstance(node, Text):
            replaced = split(node)
            if replaced is None and node.text:  # (most nodes: kept, no list made for them)
                if out is not None:
                    out.append(node)
                continue
            if out is None:
                out = nodes[:index]
            for piece in replaced or ():  # (None: an empty text, dropped)
                if not isinstance(piece, Text) or piece.text:
                    out.append(piece)
        elif isinstance(node, (Emphasis, Strong)):
            node.children = rewrite_texts(node.children, split)
            if out is not None:
                out.append(node)
        elif out is not None:
            out.append(node)
    return nodes if out is None else out


_EMPHASIS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")


def note_inlines(text: str) -> list[Inline]:
    """An editor's note written in the YAML: plain text with *italics* for titles."""
    nodes: list[Inline] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > position:
            nodes.append(Text(text[position:match.start()]))
        nodes.append(Emphasis([Text(match.group(1))]))
        position = match.end()
    if position < len(text):
        nodes.append(Text(text[position:]))
    return nodes


@lru_cache(maxsize=1024)  # (an editor's note, asked for each text it is for)
def plain(text: str) -> str:
    """A note's text without its markup, for a hover title."""
    return _EMPHASIS.sub(r"\1", text)
