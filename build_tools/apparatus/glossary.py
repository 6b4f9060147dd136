"""The glossary: key concepts of the texts, defined by the project (`seeds/apparatus/glossary.yml`).

Each term has a definition written by the editors, the forms in which the texts use it
(plurals, spellings, hyphenations), the place where a text defines or develops it, and
related terms. The `link_terms` pass links the first mention in each section to the
glossary with the definition on hover; the Glossary page lists every term with every
paragraph that mentions it ("appears in"), found by the same matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_tools.apparatus.entry_pages import TEXTS_SHOWN, Entry, capped_references, places_by_text
from build_tools.apparatus.mentions import MatchEntry, Matcher, Place
from build_tools.diagnostics import Diagnostics
from build_tools.load.yaml_data import YamlFile, read_yaml
from build_tools.passes.typography import typeset
from build_tools.render.markdown_escape import escape_text

GLOSSARY_PAGE = "glossary.md"
GLOSSARY_FILE = "glossary.yml"


def term_anchor(term_id: str) -> str:
    return f"term-{term_id}"


@dataclass(frozen=True)
class Pointer:
    """"Text <slug>, ¶ <number>": where a text defines or develops a term."""

    slug: str
    number: int
    line: int  # in glossary.yml, for messages


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    variants: tuple[str, ...]  # the headword first
    exclude: tuple[str, ...]
    defined_in: tuple[Pointer, ...]  # where a text defines or develops the term
    related: tuple[str, ...]
    line: int
    mentioned_in: tuple[Pointer, ...] = ()  # where a text only uses it: never claimed as a definition


@dataclass(frozen=True)
class Glossary:
    file: str  # display path of glossary.yml
    terms: tuple[Term, ...]

    def by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    def matcher(self) -> Matcher:
        # A term at the start of a sentence is capitalised: fold the first letter.
        return Matcher((MatchEntry(t.id, t.variants, t.exclude) for t in self.terms), fold_first_letter=True)


def parse_glossary(loaded: YamlFile) -> Glossary:
    terms: list[Term] = []
    for index, item in enumerate(loaded.data["terms"]):
        variants = tuple(dict.fromkeys([item["term"], *item.get("variants", [])]))
        pointers, mentions = (tuple(Pointer(p["text"], p["paragraph"], loaded.line_of("terms", index, key, n))
                                    for n, p in enumerate(item.get(key) or []))
                              for key in ("defined_in", "mentioned_in"))
        terms.append(Term(item["id"], item["term"], typeset(" ".join(item["definition"].split())), variants,
                          tuple(item.get("exclude", [])), pointers, tuple(item.get("related", [])),
                          loaded.line_of("terms", index), mentions))
    return Glossary(loaded.display, tuple(terms))


def load_glossary(apparatus_dir: Path, display_dir: str, diagnostics: Diagnostics) -> Glossary | None:
    """The glossary, or None if the edition has none (or it is invalid: then with diagnostics)."""
    path = apparatus_dir / GLOSSARY_FILE
    if not path.exists():
        return None
    loaded = read_yaml(path, f"{display_dir}/{GLOSSARY_FILE}", "glossary", diagnostics)
    return parse_glossary(loaded) if loaded is not None else None


# --- the Glossary page ------------------------------------------------------------------


@dataclass(frozen=True)
class TextLabel:
    """How a page of the edition names a text: its slug, short title and page."""

    slug: str
    label: str
    page: str


def back_references(places: list[Place], texts: list[TextLabel], from_page: str = "") -> str:
    """"Curtis 2018: ¶ 3, ¶ 5, note 1 · Amin and Wilson 2023: ¶ 28", each place a link."""
    grouped: dict[str, list[Place]] = {}  # one pass over the places: linear, not texts × places
    for place in places:
        grouped.setdefault(place.slug, []).append(place)
    groups: list[str] = []
    for text in texts:
        if here := grouped.get(text.slug):
            links = ", ".join(f"[{escape_text(p.label)}]({p.href(from_page)})" for p in here)
            groups.append(f"*{escape_text(text.label)}*: {links}")
    return " · ".join(groups)


def render_glossary_page(glossary: Glossary, places: dict[str, list[Place]], texts: list[TextLabel],
                         entry_pages: dict[str, str] | None = None) -> str:
    """The Glossary page: terms in alphabetical order, each with its definition and back-references
    (a term found in many texts: its first texts, and its own page, added to `entry_pages`)."""
    extra: dict[str, str] = {} if entry_pages is None else entry_pages
    labels = {t.slug: t for t in texts}
    by_id = glossary.by_id()
    out = ["---", "title: Glossary", "---", "", "# Glossary", "",
           "Key concepts of the texts, defined by the editors. In the texts, the first mention of a term in "
           "each section links here and shows the definition on hover. *Defined in* points to where a text "
           "defines or develops the term; *Mentioned in*, for a term no text defines, to the places where a "
           "text uses it that matter most; *appears in* lists every paragraph that mentions it.", ""]
    for term in sorted(glossary.terms, key=lambda t: t.term.casefold()):
        out += [f"## {escape_text(term.term)} {{ #{term_anchor(term.id)} }}", "", escape_text(term.definition), ""]
        if len(term.variants) > 1:
            forms = ", ".join(f"“{escape_text(v)}”" for v in term.variants[1:])
            out += [f"Also found as: {forms}.", "{: .index-forms }", ""]
        for heading, all_pointers in (("Defined in", term.defined_in), ("Mentioned in", term.mentioned_in)):
            pointers = [p for p in all_pointers if p.slug in labels]
            where = ", ".join(
                f"[{escape_text(labels[p.slug].label)}, ¶ {p.number}]({labels[p.slug].page}#p{p.number})"
                for p in pointers[:TEXTS_SHOWN])  # bounded, like "Appears in" (entry_pages.py)
            if len(pointers) > TEXTS_SHOWN:
                where += f" and {len(pointers) - TEXTS_SHOWN:,} more (each among the term's places)"
            if where:
                out += [f"**{heading}** {where}", "{: .index-defined data-search-exclude }", ""]
        entry = Entry("term", term.id, term.term, f"{GLOSSARY_PAGE}#{term_anchor(term.id)}",
                      "Every paragraph of the texts that mentions the term, text by text.")
        refs = capped_references(entry, places_by_text(places.get(term.id, []), texts), extra)
        # The back-references are left out of the search index (every reader downloads it): a list
        # of paragraph numbers finds nothing, and the terms and definitions stay searchable.
        out += [f"**Appears in** {refs}" if refs else "**Appears in** no paragraph of the texts.",
                "{: .index-appears data-search-exclude }", ""]
        related = [by_id[r] for r in term.related if r in by_id]
        if related:
            links = ", ".join(f"[{escape_text(r.term)}](#{term_anchor(r.id)})" for r in related)
            out += [f"**See also** {links}", "{: .index-related }", ""]
    return "\n".join(out).rstrip() + "\n"
