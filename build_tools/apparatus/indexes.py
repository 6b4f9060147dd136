"""The edition's indexes — glossary, registers, themes — loaded once per build, checked, rendered.

`load_indexes` reads `seeds/apparatus/` (each file optional: an edition without a glossary
simply has no Glossary page). The link passes (`link_terms`, `link_entities`) read the
loaded indexes from the pass context; once every text has been through the pipeline,
`finish_indexes` checks the editorial pointers against the texts, adds the themes' "see
also" links, and renders the index pages.

Diagnostics (family G):
- G001 an id used twice in one index; G002 one form of a name claimed by two entries;
- G003 a `defined_in` pointer to a text or ¶ that does not exist; G004 that ¶ does not
  mention the term; G005 a theme naming an unknown term, entry, text or ¶; G008 an unknown
  related term; G009 a register file declaring the wrong register;
- G006 / G007 (lint): a glossary term / register entry the texts never mention;
- G010 (warning) a pointer to a text that is not in the edition — ignored, so that an
  edition built from some of the texts (a test, a preview) still builds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.apparatus.glossary import GLOSSARY_PAGE, Glossary, TextLabel, load_glossary, render_glossary_page
from build_tools.apparatus.mentions import Matcher, Place, find_places_each, normalise_variant
from build_tools.apparatus.registers import (
    Registers,
    entity_anchor,
    entity_page,
    load_registers,
    render_register_page,
)
from build_tools.apparatus.themes import THEMES_PAGE, Themes, cross_link, index_names, load_themes, render_themes_page
from build_tools.diagnostics import Diagnostics
from build_tools.model import Document, Role

APPARATUS_DIR = "apparatus"


@dataclass(frozen=True)
class Indexes:
    """What the link passes need, loaded once; picklable (texts may be built in other processes)."""

    glossary: Glossary | None
    registers: Registers | None
    themes: Themes | None
    term_matcher: Matcher | None
    entity_matcher: Matcher | None


def load_indexes(seeds_dir: Path, seeds_display: str, diagnostics: Diagnostics) -> Indexes:
    apparatus = seeds_dir / APPARATUS_DIR
    display = f"{seeds_display}/{APPARATUS_DIR}"
    glossary = load_glossary(apparatus, display, diagnostics)
    registers = load_registers(apparatus, display, diagnostics)
    themes = load_themes(apparatus, display, diagnostics)
    if glossary is not None:
        _check_ids(glossary.file, [(t.id, t.line) for t in glossary.terms], diagnostics)
        _check_forms([(v, t.id, glossary.file, t.line) for t in glossary.terms for v in t.variants], True,
                     diagnostics)
    if registers is not None:
        for register in registers.registers:
            _check_ids(register.file, [(e.id, e.line) for e in register.entities], diagnostics)
        # across registers too: one form of a name cannot be both a person and a place
        _check_forms([(v, e.key, r.file, e.line) for r in registers.registers for e in r.entities
                      for v in e.variants], False, diagnostics)
    return Indexes(glossary, registers, themes,
                   glossary.matcher() if glossary else None, registers.matcher() if registers else None)


def _check_ids(file: str, ids: list[tuple[str, int]], diagnostics: Diagnostics) -> None:
    counts = Counter(i for i, _ in ids)
    for entry_id, line in ids:
        if counts[entry_id] > 1:
            diagnostics.error("G001", f"id '{entry_id}' is used {counts[entry_id]} times", file, line,
                              hint="ids are anchors and must be unique; rename one")


def _check_forms(forms: list[tuple[str, str, str, int]], fold: bool, diagnostics: Diagnostics) -> None:
    """G002 for a form (variant, entry key, file, line) already claimed by another entry."""
    owners: dict[str, str] = {}
    for variant, key, file, line in forms:
        form = normalise_variant(variant, fold)
        if owners.setdefault(form, key) != key:
            diagnostics.error("G002", f"the form “{variant}” belongs to both '{owners[form]}' and '{key}'",
                              file, line, hint="a form of a name can point to one entry only")


# --- after the pipeline: check, cross-link, render ---------------------------------------


@dataclass
class IndexResult:
    pages: dict[str, str]
    term_places: dict[str, list[Place]]
    entity_places: dict[str, list[Place]]
    routes: dict[str, dict[str, str]] = field(default_factory=dict)  # of the split pages (split_pages.py)


def finish_indexes(indexes: Indexes, docs: list[tuple[TextLabel, Document]], diagnostics: Diagnostics) -> IndexResult:
    """Check pointers, add "see also" links to the documents, and render the index pages."""
    texts = [label for label, _ in docs]
    pairs = [(doc, label.page) for label, doc in docs]
    matchers = [m for m in (indexes.term_matcher, indexes.entity_matcher) if m is not None]
    found = iter(find_places_each(matchers, pairs))  # (the texts' prose gathered once for both)
    term_places = next(found) if indexes.term_matcher else {}
    entity_places = next(found) if indexes.entity_matcher else {}
    pages: dict[str, str] = {}
    routes: dict[str, dict[str, str]] = {}
    numbers = {label.slug: {p.number for p in doc.paragraphs(Role.BODY) if p.number} for label, doc in docs}
    if indexes.glossary is not None:
        _check_glossary(indexes.glossary, term_places, numbers, diagnostics)
        pages[GLOSSARY_PAGE] = render_glossary_page(indexes.glossary, term_places, texts, pages)
    if indexes.registers is not None:
        for register in indexes.registers.registers:
            pages[register.kind.page] = render_register_page(register, entity_places, texts, pages)
    if indexes.themes is not None:
        places = {**term_places, **entity_places}
        if _check_themes(indexes, numbers, diagnostics):
            cross_link(indexes.themes, places, docs)
        terms = {t.id: t.term for t in indexes.glossary.terms} if indexes.glossary else {}
        entities = {e.key: (e.name, f"{entity_page(e.kind)}#{entity_anchor(e.kind, e.id)}")
                    for e in (indexes.registers.entities() if indexes.registers else [])}
        # The text of the paired passages only (the Themes page shows their opening words): the
        # text of every paragraph of the edition is not needed.
        paired = {(slug, number) for theme in indexes.themes.themes for pair in theme.pairs
                  for slug, number in pair.passages.items()}
        excerpts = {label.slug: {p.number: p.text for p in doc.paragraphs(Role.BODY)
                                 if p.number and (label.slug, p.number) in paired}
                    for label, doc in docs} if paired else {}
        split = render_themes_page(indexes.themes, places, texts, index_names(terms, entities), pages, excerpts)
        pages[THEMES_PAGE] = split.top
        pages.update(split.pages)
        if split.routes:
            routes[THEMES_PAGE] = split.routes
    return IndexResult(pages, term_places, entity_places, routes)


def _check_glossary(glossary: Glossary, places: dict[str, list[Place]], numbers: dict[str, set[int]],
                    diagnostics: Diagnostics) -> None:
    ids = {t.id for t in glossary.terms}
    slugs = _SlugHint(numbers)
    for term in glossary.terms:
        # Where the texts mention the term, as a set: a term may point to a ¶ of every text, and
        # looking each pointer up in the list of its places made the check quadratic (issue 15).
        mentioned = {(p.slug, p.number) for p in places.get(term.id, [])}
        for pointer in (*term.defined_in, *term.mentioned_in):
            if pointer.slug not in numbers:
                diagnostics.warning("G010", f"term '{term.id}' points to a text '{pointer.slug}' that is not in "
                                    "the edition (pointer ignored)", glossary.file, pointer.line,
                                    hint=slugs.hint())
            elif pointer.number not in numbers[pointer.slug]:
                diagnostics.error("G003", f"term '{term.id}' points to ¶ {pointer.number} of {pointer.slug}, "
                                  f"which has {len(numbers[pointer.slug])} ¶", glossary.file, pointer.line,
                                  hint="use the ¶ number the edition prints")
            elif (pointer.slug, pointer.number) not in mentioned:
                diagnostics.warning("G004", f"term '{term.id}' points to ¶ {pointer.number} of {pointer.slug}, "
                                    "which does not mention it", glossary.file, pointer.line,
                                    hint="point to a ¶ that uses the term, or add the form it uses to `variants`")
        for related in term.related:
            if related not in ids:
                diagnostics.error("G008", f"term '{term.id}' names an unknown related term '{related}'",
                                  glossary.file, term.line, hint="use the id of a term of the glossary")


class _SlugHint:
    """"use a slug: …" (every slug of the edition), written once however many pointers miss."""

    def __init__(self, numbers: dict[str, set[int]]) -> None:
        self._numbers = numbers
        self._hint = ""

    def hint(self) -> str:
        if not self._hint:
            self._hint = "use a slug: " + ", ".join(sorted(self._numbers))
        return self._hint


def _check_themes(indexes: Indexes, numbers: dict[str, set[int]], diagnostics: Diagnostics) -> bool:
    assert indexes.themes is not None
    file = indexes.themes.file
    terms = {t.id for t in indexes.glossary.terms} if indexes.glossary else set()
    entities = {e.key for e in indexes.registers.entities()} if indexes.registers else set()
    before = len(diagnostics.errors)
    slugs = _SlugHint(numbers)
    for theme in indexes.themes.themes:
        for term in theme.terms:
            if term not in terms:
                diagnostics.error("G005", f"theme '{theme.id}' names an unknown glossary term '{term}'", file,
                                  theme.line, hint="use the id of a term of glossary.yml")
        for key in theme.entities:
            if key not in entities:
                diagnostics.error("G005", f"theme '{theme.id}' names an unknown register entry '{key}'", file,
                                  theme.line, hint="write <register>/<id> of an entry of a register file")
        for pair in theme.pairs:
            for slug, number in pair.passages.items():
                if slug in numbers and number not in numbers[slug]:
                    diagnostics.error("G005", f"theme '{theme.id}' pairs ¶ {number} of {slug}, which does not exist",
                                      file, theme.line, hint="use the ¶ number the edition prints")
        for slug, chosen in theme.passages.items():
            if slug not in numbers:
                diagnostics.warning("G010", f"theme '{theme.id}' names a text '{slug}' that is not in the edition "
                                    "(passages ignored)", file, theme.line,
                                    hint=slugs.hint())
                continue
            for number in chosen:
                if number not in numbers[slug]:
                    diagnostics.error("G005", f"theme '{theme.id}' names ¶ {number} of {slug}, which does not exist",
                                      file, theme.line, hint="use the ¶ number the edition prints")
    return len(diagnostics.errors) == before


# --- lint: entries the texts never mention ------------------------------------------------


def unused_entries(indexes: Indexes, result: IndexResult, diagnostics: Diagnostics) -> None:
    """G006 / G007: a glossary term or register entry that no text mentions (a typo in a form?)."""
    if indexes.glossary is not None:
        for term in indexes.glossary.terms:
            if term.id not in result.term_places:
                diagnostics.error("G006", f"glossary term '{term.id}' is never found in the texts",
                                  indexes.glossary.file, term.line,
                                  hint="add the form the texts use to `variants`, or remove the term")
    if indexes.registers is not None:
        for register in indexes.registers.registers:
            for entity in register.entities:
                if entity.key not in result.entity_places:
                    diagnostics.error("G007", f"{entity.kind} '{entity.id}' is never named in the texts",
                                      register.file, entity.line,
                                      hint="add the form of the name the texts use to `variants`, or remove it")
