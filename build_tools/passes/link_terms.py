"""Pass: link mentions of glossary terms to the Glossary, with the definition on hover.

Only the first mention of a term in each section is linked: a reader meets the definition
where the term first matters, and the page is not a sea of links. A section starts at a
heading; in a conversation, which has no headings, at each speaker's turn; each author's
note counts as a section of its own. Every mention still counts for the Glossary's "appears in".
Runs after `number_paragraphs` and after the citation passes, and only wraps words of
`Text` nodes outside links and other references (see `apparatus/mentions.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from build_tools.apparatus.mentions import TreeMentions
from build_tools.model import Document, Footnote, Heading, Inline, Paragraph, Role, TermRef, Text
from build_tools.passes.context import PassContext

if TYPE_CHECKING:
    from build_tools.apparatus.glossary import Glossary


def run(doc: Document, ctx: PassContext) -> None:
    indexes = ctx.indexes
    if indexes is None or indexes.glossary is None or indexes.term_matcher is None:
        return
    matcher = indexes.term_matcher
    definitions = _definitions(indexes.glossary)

    def make_ref(term_id: str, children: list[Inline]) -> Inline:
        return TermRef(term_id, definitions[term_id], children)

    # The body paragraphs, and whether each starts a section (a heading or a turn met since the one before).
    paragraphs: list[Paragraph] = []
    starts: list[bool] = []
    new_section = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            new_section = True
        elif isinstance(block, Paragraph):
            new_section = new_section or block.turn_start
            if block.role is Role.BODY:
                paragraphs.append(block)
                starts.append(new_section)
                new_section = False
    items: list[Paragraph | Footnote] = [*paragraphs, *doc.footnotes]
    # All the text's mentions found in one search, then wrapped paragraph by paragraph (see
    # TreeMentions): the first mention of a term not linked in the section is linked. The terms a
    # paragraph links already (run twice, the pass changes nothing more) count as linked from it on.
    found = TreeMentions(matcher, [item.inlines for item in items], citations=False)
    starts += [True] * len(doc.footnotes)  # (each author's note a section of its own)
    for item, inlines in zip(items, found.wrap_first_each(make_ref, _term_ids, starts), strict=True):
        item.inlines = inlines


_last_definitions: tuple[Glossary, dict[str, str]] | None = None


def _definitions(glossary: Glossary) -> dict[str, str]:
    """Each term's definition by its id: made once per glossary (the same for every text of the
    edition; a glossary at scale holds hundreds of terms), not once per text."""
    global _last_definitions
    if _last_definitions is None or _last_definitions[0] is not glossary:
        _last_definitions = (glossary, {term.id: term.definition for term in glossary.terms})
    return _last_definitions[1]


def _term_ids(nodes: list[Inline], found: set[str]) -> None:
    """walk_inlines' TermRefs without its generators (given a paragraph's nodes that are no text,
    by `TreeMentions.wrap_first_each`: most paragraphs hold none)."""
    for node in nodes:
        if type(node) is Text:
            continue  # (most nodes: no children to look for)
        if isinstance(node, TermRef):
            found.add(node.term_id)
        children = getattr(node, "children", None)
        if children and (len(children) > 1 or type(children[0]) is not Text):  # (a reference's one Text: no call)
            _term_ids(children, found)
