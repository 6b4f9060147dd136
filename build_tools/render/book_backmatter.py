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


@dataclass
class BookIndex:
    """Every back-matter entry's places grouped by text, gathered once per edition. A book of one
    text then looks up its own entries rather than filtering all of the edition's: filtering made
    each per-text book's back matter grow with the edition, and the per-text PDFs of N texts cost
    N² (issue 15)."""

    order: list[str]  # the texts' slugs in the edition's order
    terms: dict[str, dict[str, list[Where]]]  # term id → slug → its places there
    entities: dict[str, dict[str, list[Where]]]  # register key → slug → places
    cited: dict[str, dict[str, list[Where]]]  # work key → slug → the places citing it
    works: dict[str, set[str]]  # slug → the works its book lists: cited, in its reference list, or itself
    rank: dict[str, int]  # work key → its place in the formatted bibliography
    themes: dict[str, dict[str, list[int]]]  # theme id → slug → its ¶s
    themes_of: dict[str, set[str]]  # slug → the themes with a passage (or a pair) in it

    def in_order(self, slugs: set[str]) -> list[str]:
        return self.order if self.whole(slugs) else [s for s in self.order if s in slugs]

    def whole(self, slugs: set[str]) -> bool:
        return all(slug in slugs for slug in self.order)


def _by_slug(places: list[Place]) -> dict[str, list[Where]]:
    grouped: dict[str, list[Where]] = {}
    for place in places:
        grouped.setdefault(place.slug, []).append(Where(place.slug, place.anchor, place.label))
    return grouped


# The last edition's index, which every book of a build shares. `serve`'s incremental rebuild puts
# a text into the same Edition only when its places, citations and works are unchanged
# (serve_incremental.cross_text_signature), so the index stays true for it.
_INDEX: tuple[tuple[object, ...], BookIndex] | None = None


def book_index(edition: Edition) -> BookIndex:
    global _INDEX
    identity = (edition, edition.index_result, edition.apparatus, len(edition.texts))  # held, so never reused
    if _INDEX is not None and all(a is b for a, b in zip(_INDEX[0][:3], identity, strict=False)) \
            and _INDEX[0][3] == identity[3]:
        return _INDEX[1]
    from build_tools.apparatus.themes import theme_passages  # the indexes' own rule for a theme's passages

    order = [t.seed.config.slug for t in edition.texts]
    result = edition.index_result
    terms = {key: _by_slug(places) for key, places in result.term_places.items()} if result else {}
    entities = {key: _by_slug(places) for key, places in result.entity_places.items()} if result else {}
    cited: dict[str, dict[str, list[Where]]] = {}
    works: dict[str, set[str]] = {slug: set() for slug in order}
    rank: dict[str, int] = {}
    if edition.apparatus is not None:
        apparatus = edition.apparatus
        from_text = {work.id: work.from_text for work in edition.editorial_data.works.values() if work.from_text}
        for position, key in enumerate(bib.formatted(apparatus.bibliography)):
            rank[key] = position
            record = apparatus.bibliography.records[key]
            owner = record.text if record.origin == "list" else from_text.get(key, "")
            if owner in works:
                works[owner].add(key)
            for info, place in apparatus.cited.get(key, []):
                where = Where(info.slug, place.fragment, place.label)
                cited.setdefault(key, {}).setdefault(info.slug, []).append(where)
                if info.slug in works:
                    works[info.slug].add(key)
    themes: dict[str, dict[str, list[int]]] = {}
    themes_of: dict[str, set[str]] = {slug: set() for slug in order}
    if edition.indexes is not None and edition.indexes.themes is not None and result is not None:
        places = {**result.term_places, **result.entity_places}
        for theme in edition.indexes.themes.themes:
            themes[theme.id] = {slug: found for slug, found in theme_passages(theme, places, order).items() if found}
            touched = set(themes[theme.id]) | {slug for pair in theme.pairs for slug in pair.passages}
            for slug in touched & themes_of.keys():
                themes_of[slug].add(theme.id)
    index = BookIndex(order, terms, entities, cited, works, rank, themes, themes_of)
    _INDEX = (identity, index)
    return index


def _places(grouped: dict[str, list[Where]], order: list[str]) -> list[Where]:
    return [where for slug in order for where in grouped.get(slug, ())]


def glossary(edition: Edition, slugs: set[str]) -> list[Section]:
    if edition.indexes is None or edition.indexes.glossary is None or edition.index_result is None:
        return []
    index = book_index(edition)
    order = index.in_order(slugs)
    entries = [Entry(term.term, [Text(term.definition)], where, f"term-{term.id}")
               for term in sorted(edition.indexes.glossary.terms, key=lambda t: t.term.casefold())
               if (where := _places(index.terms.get(term.id, {}), order))]
    return [Section("Glossary", 1, entries=entries)] if entries else []


def registers(edition: Edition, slugs: set[str]) -> list[Section]:
    if edition.indexes is None or edition.indexes.registers is None or edition.index_result is None:
        return []
    index = book_index(edition)
    order = index.in_order(slugs)
    sections: list[Section] = []
    for register in edition.indexes.registers.registers:
        entries = [Entry(entity.name, [Text(entity.identification)], where, f"{entity.kind}-{entity.id}")
                   for entity in sorted(register.entities, key=lambda e: e.sort_as.casefold())
                   if (where := _places(index.entities.get(entity_key(entity.kind, entity.id), {}), order))]
        if entries:
            sections.append(Section(register.kind.title, 2, entries=entries))
    return [Section("Registers", 1), *sections] if sections else []


def bibliography(edition: Edition, slugs: set[str]) -> list[Section]:
    """Every work cited in or listed by the texts, as the edition's style formats it. The book of
    the whole edition lists every work the edition knows; a book of some texts, only theirs
    (the works they cite, their reference lists, and the texts themselves)."""
    if edition.apparatus is None:
        return []
    index = book_index(edition)
    order = index.in_order(slugs)
    formatted = bib.formatted(edition.apparatus.bibliography)
    keys = list(formatted) if index.whole(slugs) else \
        sorted({key for slug in order for key in index.works.get(slug, ())}, key=index.rank.__getitem__)
    entries = [Entry("", inlines_from_markdown(formatted[key].markdown), _places(index.cited.get(key, {}), order),
                     f"work-{key}") for key in keys]
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
    if edition.indexes is None or edition.indexes.themes is None or edition.index_result is None:
        return []
    index = book_index(edition)
    order = index.in_order(slugs)
    touched = set().union(*(index.themes_of.get(slug, set()) for slug in order)) if order else set()
    entries: list[Entry] = []
    for theme in edition.indexes.themes.themes:
        if theme.id not in touched:
            continue
        found = index.themes.get(theme.id, {})
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
