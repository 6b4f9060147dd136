"""The offline editions' back matter, gathered once from the apparatus: glossary, registers, bibliography.

The site's apparatus pages are built by `build_tools/apparatus/`; the PDF (`typst_backmatter.py`)
and the EPUB (`epub.py`) set the same data — terms, register entries, formatted works, and
every place of a text that mentions them — from the plain structures made here, so the two
books cannot list different things. A book of some of the texts lists only what those texts
mention; a part of the apparatus the edition lacks is simply left out.
"""

from __future__ import annotations

import re
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
    prose: bool = False  # set as running paragraphs (the editorial principles), not as a list


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


def back_matter(edition: Edition, slugs: set[str], principles: list[Section] | None = None) -> list[Section]:
    """The apparatus of a book of the texts `slugs`, as the site has it: the editorial principles
    (`principles`, from the site's page), the editor's interventions, themes, glossary, registers
    and bibliography, in that order."""
    return [*(principles or []), *interventions(edition, slugs), *themes(edition, slugs), *glossary(edition, slugs),
            *registers(edition, slugs), *bibliography(edition, slugs)]


_KINDS = {"citation": "Citation resolved", "emendation": "Emendation", "context": "Context", "slip": "Slip flagged"}


def _where_of(slug: str, label: str) -> Where:
    """A place an editor's note is referred from ("¶ 13", "note 3"), as a place of the book."""
    kind, _, number = label.partition(" ")
    anchor = f"p{number}" if kind == "¶" else f"fn:{number}" if kind == "note" else ""
    return Where(slug, anchor, label)


def interventions(edition: Edition, slugs: set[str]) -> list[Section]:
    """The Editorial apparatus page's table: every lettered note of the editor, its kind, its places
    and what it says (the same summaries), one section per text."""
    sections: list[Section] = []
    for result in edition.texts:
        slug = result.seed.config.slug
        if slug not in slugs or not result.doc.editor_notes:
            continue
        entries = [Entry(note.letter, [Text(f"{_KINDS.get(note.kind, note.kind)}. {note.summary}")],
                       [_where_of(slug, label) for label, _anchor in note.places])
                   for note in result.doc.editor_notes]
        sections.append(Section(result.seed.config.short_title, 2, entries=entries))
    if not sections:
        return []
    intro = ("The editor’s interventions in the texts, each with its places: the lettered notes (a, b, c…, "
             "apart from the authors’ numbered notes) that resolve a citation, mend a slip by adding words in "
             "[brackets] — the source’s reading stays in the note —, flag a wrong word left as the source has "
             "it, or give context.")
    return [Section("Editorial apparatus", 1, intro), *sections]


def themes(edition: Edition, slugs: set[str]) -> list[Section]:
    """Where the texts meet, as the Themes page has it: each theme, its sentence and its passages."""
    from build_tools.apparatus.themes import theme_passages  # the indexes' own rule for a theme's passages

    if edition.indexes is None or edition.indexes.themes is None or edition.index_result is None:
        return []
    places = {**edition.index_result.term_places, **edition.index_result.entity_places}
    order = [t.seed.config.slug for t in edition.texts if t.seed.config.slug in slugs]
    entries: list[Entry] = []
    for theme in edition.indexes.themes.themes:
        found = theme_passages(theme, places, order)
        where = [Where(slug, f"p{n}", f"¶ {n}") for slug in order for n in found.get(slug, [])]
        if where:
            entries.append(Entry(theme.title, [Text(theme.summary)], where, f"theme-{theme.id}"))
        # the passages the editors set side by side, each pair with their sentence (both in the book)
        for pair in getattr(theme, "pairs", ()):
            if all(slug in slugs for slug in pair.passages) and len(pair.passages) > 1:
                entries.append(Entry("", [Text("– " + pair.note)],
                                     [Where(slug, f"p{n}", f"¶ {n}") for slug, n in pair.passages.items()]))
    if not entries:
        return []
    return [Section("Themes", 1, "Where the texts of the edition meet: each theme, what the editors say of it, "
                    "and its passages.", entries)]


def principles_from_markdown(markdown: str, heading: str = "Editorial principles") -> list[Section]:
    """The section `## <heading>` of a hand-written page (docs/about.md) as book sections: its
    paragraphs and list items as running text, each `###` a sub-section. Markdown attribute lists
    (`{: .class }`) are the site's, not words, and are left out."""
    tokens = _MARKDOWN.parse(markdown)
    sections: list[Section] = []
    inside = False
    item_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[index + 1].content.strip()
            if token.tag == "h2":
                inside = title == heading
                if inside:
                    sections.append(Section(title, 1, prose=True))
                continue
            if inside and token.tag in ("h3", "h4"):
                sections.append(Section(title, 2, prose=True))
        elif token.type == "list_item_open":
            item_depth += 1
        elif token.type == "list_item_close":
            item_depth -= 1
        elif inside and token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            text = "\n".join(line for line in token.content.splitlines() if not re.fullmatch(r"\{:.*\}", line.strip()))
            if text.strip():
                body = inlines_from_markdown(text)
                sections[-1].entries.append(Entry("", [Text("– "), *body] if item_depth else body))
    return [s for s in sections if s.entries or s.level == 1]



def short_titles(edition: Edition) -> dict[str, str]:
    return {t.seed.config.slug: t.seed.config.short_title for t in edition.texts}
