"""The offline editions' back matter, gathered once from the apparatus: glossary, registers, bibliography.

The site's apparatus pages are built by `build_tools/apparatus/`; the PDF (`typst_backmatter.py`)
and the EPUB (`epub.py`) set the same data — terms, register entries, formatted works, and
every place of a text that mentions them — from the plain structures made here, so the two
books cannot list different things. A book of some of the texts lists only what those texts
mention; a part of the apparatus the edition lacks is simply left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from build_tools.apparatus import bibliography as bib
from build_tools.apparatus.mentions import Place
from build_tools.apparatus.registers import entity_key
from build_tools.edition import Edition
from build_tools.model import Citation, Emphasis, EntityRef, Inline, Link, Strong, TermRef, Text, plain_text


@dataclass(frozen=True)
class Where:
    """A place of a text: its slug, its anchor on the site (`p12`, `fn:3`) and how it is named (`¶ 12`)."""

    slug: str
    anchor: str
    label: str


@dataclass
class Entry:
    head: str  # the term or name, set in bold ("" for a bibliography entry)
    body: list[Inline]  # the definition, identification or formatted reference
    places: list[Where] = field(default_factory=list)
    key: str = ""  # what the texts' references to it name (`entry_key`): a book links them here

    @property
    def text(self) -> str:
        return plain_text(self.body)


_MARKDOWN = MarkdownIt("commonmark")


def inlines_from_markdown(markdown: str) -> list[Inline]:
    """The apparatus formats references as Markdown (`*Title*`, `<https://…>`); read them back into
    the document model with a real parser, so each renderer sets italics and links its own way."""
    root: list[Inline] = []
    stack: list[list[Inline]] = [root]
    for token in _MARKDOWN.parseInline(markdown)[0].children or []:
        if token.type in ("em_open", "strong_open", "link_open"):
            children: list[Inline] = []
            node: Inline = (Emphasis(children) if token.type == "em_open" else Strong(children)
                            if token.type == "strong_open" else Link(str(token.attrs.get("href", "")), children))
            stack[-1].append(node)
            stack.append(children)
        elif token.type in ("em_close", "strong_close", "link_close"):
            stack.pop()
        elif token.type in ("softbreak", "hardbreak"):
            stack[-1].append(Text(" "))
        else:  # text, code_inline, html_inline: their words as they stand
            stack[-1].append(Text(token.content))
    return root


@dataclass
class Section:
    title: str
    level: int
    intro: str = ""
    entries: list[Entry] = field(default_factory=list)
    references: bool = False  # set as a reference list (hanging indent) rather than run-in heads


def entry_key(node: Inline) -> str | None:
    """The back-matter entry a node of a text refers to: a glossary term, a register entry or a
    cited work (`term-global-city`, `person-sassen`, `work-acuto-2011`); None for other nodes.
    The books link such a node to its entry, as the site links it to its index page."""
    if isinstance(node, TermRef):
        return f"term-{node.term_id}"
    if isinstance(node, EntityRef):
        return f"{node.kind}-{node.entity_id}"
    if isinstance(node, Citation) and node.key:
        return f"work-{node.key}"
    return None


def entry_keys(parts: list[Section]) -> set[str]:
    return {entry.key for part in parts for entry in part.entries if entry.key}


def _mentions(places: list[Place], slugs: set[str]) -> list[Where]:
    return [Where(p.slug, p.anchor, p.label) for p in places if p.slug in slugs]


def glossary(edition: Edition, slugs: set[str]) -> list[Section]:
    if edition.indexes is None or edition.indexes.glossary is None or edition.index_result is None:
        return []
    places = edition.index_result.term_places
    entries = [Entry(term.term, [Text(term.definition)], where, f"term-{term.id}")
               for term in sorted(edition.indexes.glossary.terms, key=lambda t: t.term.casefold())
               if (where := _mentions(places.get(term.id, []), slugs))]
    return [Section("Glossary", 1, entries=entries)] if entries else []


def registers(edition: Edition, slugs: set[str]) -> list[Section]:
    if edition.indexes is None or edition.indexes.registers is None or edition.index_result is None:
        return []
    places = edition.index_result.entity_places
    sections: list[Section] = []
    for register in edition.indexes.registers.registers:
        entries = [Entry(entity.name, [Text(entity.identification)], where, f"{entity.kind}-{entity.id}")
                   for entity in sorted(register.entities, key=lambda e: e.sort_as.casefold())
                   if (where := _mentions(places.get(entity_key(entity.kind, entity.id), []), slugs))]
        if entries:
            sections.append(Section(register.kind.title, 2, entries=entries))
    return [Section("Registers", 1), *sections] if sections else []


def bibliography(edition: Edition, slugs: set[str]) -> list[Section]:
    """Every work cited in or listed by the texts, as the edition's style formats it."""
    if edition.apparatus is None:
        return []
    result = edition.apparatus
    entries: list[Entry] = []
    for key, formatted in bib.formatted(result.bibliography).items():
        record = result.bibliography.records[key]
        cited = [Where(info.slug, place.fragment, place.label) for info, place in result.cited.get(key, [])
                 if info.slug in slugs]
        if record.origin == "list" and record.text not in slugs and not cited:
            continue
        entries.append(Entry("", inlines_from_markdown(formatted.markdown), cited, f"work-{key}"))
    if not entries:
        return []
    return [Section("Bibliography", 1, "Every work cited in or listed by the texts, in the edition’s style; "
                    "after each, the places that cite it.", entries, references=True)]


def back_matter(edition: Edition, slugs: set[str]) -> list[Section]:
    """Glossary, registers and bibliography for a book of the texts `slugs`, in that order."""
    return [*glossary(edition, slugs), *registers(edition, slugs), *bibliography(edition, slugs)]


def short_titles(edition: Edition) -> dict[str, str]:
    return {t.seed.config.slug: t.seed.config.short_title for t in edition.texts}
