"""Pass: link names of persons, places and organisations to their register entry.

The first mention of an entry in each paragraph (and each author's note) is linked, with
the one-line identification on hover. Per paragraph, not per section, because the registers
send readers to paragraphs: whichever paragraph a reader arrives at names the entry as a
link, yet a name repeated within one paragraph ("London … London") is not linked twice.
A name that is part of an author-date citation ("Harvey 2012", "Sassen’s (1991)") is left
to the bibliography's link; it still counts as named in the register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from build_tools.apparatus.mentions import TreeMentions
from build_tools.model import Document, EntityRef, Footnote, Inline, Paragraph, Role, Text, plain_text
from build_tools.passes.context import PassContext

if TYPE_CHECKING:  # (only for the annotations: imported at run time, the import would be circular)
    from build_tools.apparatus.registers import Entity, Registers


def run(doc: Document, ctx: PassContext) -> None:
    indexes = ctx.indexes
    if indexes is None or indexes.registers is None or indexes.entity_matcher is None:
        return
    matcher = indexes.entity_matcher
    entities = _by_key(indexes.registers)

    def make_ref(key: str, children: list[Inline]) -> Inline:
        entity = entities[key]
        # A surname alone ("Khanna") or a short form ("UN"): the hover names the entry in full first.
        shown = plain_text(children)
        about = entity.identification if shown == entity.name else f"{entity.name}: {entity.identification}"
        return EntityRef(entity.kind, entity.id, about, children)

    items: list[Paragraph | Footnote] = [*doc.paragraphs(Role.BODY), *doc.footnotes]
    # All the text's mentions found in one search, then wrapped item by item (see TreeMentions): the
    # first mention of an entry in the item is linked, unless it is part of a citation or the item
    # links the entry already (run twice, the pass changes nothing more: the item's links are looked
    # for when it names an entry outside a citation).
    found = TreeMentions(matcher, [item.inlines for item in items])
    for item, inlines in zip(items, found.wrap_first_each(make_ref, _entity_keys, cited=False), strict=True):
        item.inlines = inlines


def _entity_keys(nodes: list[Inline], found: set[str]) -> None:
    """The keys of the EntityRefs among `nodes` (walk_inlines' order, without its generators)."""
    for node in nodes:
        if isinstance(node, Text):
            continue  # (most nodes: no children to look for)
        if isinstance(node, EntityRef):
            found.add(f"{node.kind}/{node.entity_id}")
        children = getattr(node, "children", None)
        if children and (len(children) > 1 or type(children[0]) is not Text):  # (a reference's one Text: no call)
            _entity_keys(children, found)


_entities: tuple[Registers, dict[str, Entity]] | None = None


def _by_key(registers: Registers) -> dict[str, Entity]:
    """`registers.by_key()`, made once for the registers (frozen) rather than once per text."""
    global _entities
    if _entities is None or _entities[0] is not registers:
        _entities = (registers, registers.by_key())
    return _entities[1]
