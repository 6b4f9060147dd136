"""Themes: where the texts of the edition meet, and the "see also" links between them.

A theme (`seeds/apparatus/themes.yml`) is editorial data: a title, a sentence on how the
texts meet, and what gathers its passages — glossary terms and register entries (every
paragraph naming one of them belongs to the theme) plus paragraphs the editor chose by
number. Each passage of a theme gets a "see also" pointer to the theme's passages in the
other texts, and the Themes page lists every theme with its passages per text, followed by
the terms and names that the texts share (found, not chosen).

At scale (issue 15): a theme that every text takes up would give each of its passages a
pointer to every other text, so a text's page (and the PDF of the whole edition) grew with
the square of the edition. A passage's "see also" is therefore capped: at most
`SEE_ALSO_POINTERS` other texts, ranked (the texts sharing the most themes with this one
first, the themes taken in turn), each with the theme's ¶ in it (a number bounded by one
text's length, not by the edition's); the theme's title links to its full list on the Themes
page. A theme may also name the `texts` it gathers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_tools.apparatus.entry_pages import (
    TEXTS_SHOWN,
    Entry,
    capped_references,
    entry_page,
    entry_pages,
    more_link,
    places_by_text,
)
from build_tools.apparatus.glossary import TextLabel, term_anchor
from build_tools.apparatus.mentions import Place
from build_tools.diagnostics import Diagnostics
from build_tools.load.yaml_data import read_yaml
from build_tools.model import Document, Role, SeeAlso
from build_tools.passes.typography import typeset
from build_tools.render.markdown_escape import escape_text

THEMES_FILE = "themes.yml"
THEMES_PAGE = "themes.md"
SEE_ALSO_POINTERS = 4  # other texts named under one paragraph (all themes together)
THEMES_WITH_PASSAGES = 24  # beyond this many themes, each theme's passages are on its own page only


def theme_anchor(theme_id: str) -> str:
    return f"theme-{theme_id}"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    summary: str
    terms: tuple[str, ...]
    entities: tuple[str, ...]  # "person/sassen"
    passages: dict[str, tuple[int, ...]]  # slug → ¶ numbers chosen by the editor
    line: int
    texts: tuple[str, ...] = ()  # the texts it gathers (empty: any text naming its terms and entries)


@dataclass(frozen=True)
class Themes:
    file: str
    themes: tuple[Theme, ...]


def load_themes(apparatus_dir: Path, display_dir: str, diagnostics: Diagnostics) -> Themes | None:
    path = apparatus_dir / THEMES_FILE
    if not path.exists():
        return None
    loaded = read_yaml(path, f"{display_dir}/{THEMES_FILE}", "themes", diagnostics)
    if loaded is None:
        return None
    themes = tuple(
        Theme(item["id"], item["title"], typeset(" ".join(item["summary"].split())), tuple(item.get("terms", [])),
              tuple(item.get("entities", [])),
              {slug: tuple(numbers) for slug, numbers in item.get("passages", {}).items()},
              loaded.line_of("themes", index), tuple(item.get("texts", [])))
        for index, item in enumerate(loaded.data["themes"]))
    return Themes(loaded.display, themes)


def theme_passages(theme: Theme, places: dict[str, list[Place]], slugs: list[str]) -> dict[str, list[int]]:
    """Slug → sorted ¶ numbers of the theme: chosen by the editor, or naming its terms and entries."""
    if theme.texts:
        slugs = [slug for slug in slugs if slug in theme.texts]
    found: dict[str, set[int]] = {slug: set(theme.passages.get(slug, ())) for slug in slugs}
    for key in (*theme.terms, *theme.entities):
        for place in places.get(key, []):
            if place.number is not None and place.slug in found:
                found[place.slug].add(place.number)
    return {slug: sorted(numbers) for slug, numbers in found.items()}


def cross_link(themes: Themes, places: dict[str, list[Place]], docs: list[tuple[TextLabel, Document]]) -> None:
    """Give every passage of a theme a "see also" to the theme's passages in other texts (capped, ranked)."""
    labels = [label for label, _ in docs]
    slugs = [label.slug for label in labels]
    found = {theme.id: theme_passages(theme, places, slugs) for theme in themes.themes}
    # Which themes each text takes up: two texts sharing more themes are nearer each other.
    taken_up = {slug: frozenset(t for t, passages in found.items() if passages.get(slug)) for slug in slugs}
    order = {slug: index for index, slug in enumerate(slugs)}
    for label, doc in docs:
        mine = taken_up[label.slug]
        if not mine:
            continue
        # Per theme, the other texts nearest first; then per paragraph the themes are taken in turn.
        ranked: dict[str, list[TextLabel]] = {}
        for theme in themes.themes:
            if theme.id not in mine:
                continue
            others = [o for o in labels if o.slug != label.slug and found[theme.id].get(o.slug)]
            ranked[theme.id] = sorted(others, key=lambda o: (-len(mine & taken_up[o.slug]), order[o.slug]))
        for para in doc.paragraphs(Role.BODY):
            in_themes = [t for t in themes.themes if para.number in found[t.id].get(label.slug, ())
                         and ranked.get(t.id)]
            para.see_also.extend(_pointers(in_themes, ranked, found))


def _pointers(in_themes: list[Theme], ranked: dict[str, list[TextLabel]],
              found: dict[str, dict[str, list[int]]]) -> list[SeeAlso]:
    """At most SEE_ALSO_POINTERS pointers: each theme's nearest text, then each theme's next, …"""
    chosen: list[SeeAlso] = []
    depth = 0
    while len(chosen) < SEE_ALSO_POINTERS and any(depth < len(ranked[t.id]) for t in in_themes):
        for theme in in_themes:
            if depth < len(ranked[theme.id]) and len(chosen) < SEE_ALSO_POINTERS:
                other = ranked[theme.id][depth]
                numbers = tuple(found[theme.id][other.slug])
                chosen.append(SeeAlso(theme.id, theme.title, other.page, other.label, numbers))
        depth += 1
    # Grouped by theme, in the themes' order, as the line reads.
    position = {theme.id: index for index, theme in enumerate(in_themes)}
    return sorted(chosen, key=lambda pointer: position[pointer.theme_id])


# --- the Themes page ---------------------------------------------------------------------


def _paragraph_links(label: TextLabel, numbers: list[int], from_page: str = "") -> str:
    prefix = "../" * from_page.count("/")
    return ", ".join(f"[¶ {n}]({prefix}{label.page}#p{n})" for n in numbers)


def _passage_line(text: TextLabel, numbers: list[int]) -> Callable[[str], str]:
    return lambda page: f"*{escape_text(text.label)}*: {_paragraph_links(text, numbers, page)}"


def render_themes_page(themes: Themes, places: dict[str, list[Place]], texts: list[TextLabel],
                       names: dict[str, tuple[str, str]], entry_page_out: dict[str, str] | None = None) -> str:
    """Every theme with its sentence and passages per text; then the entries both texts name.

    `names`: index key (term id or `kind/id`) → (display name, docs-relative link) for the
    terms and entries to list. A theme taken up by more than `TEXTS_SHOWN` texts lists its
    first texts and links to its own page (added to `entry_page_out`); a shared entry likewise
    links to the page its glossary or register page has made.
    """
    extra: dict[str, str] = {} if entry_page_out is None else entry_page_out
    # Out of the search index, like the registers: a theme is a list of passages of the texts.
    out = ["---", "title: Themes", "search:", "  exclude: true", "---", "", "# Themes", "",
           "Where the texts of the edition meet. Each theme gathers the passages of both texts that "
           "take it up, chosen by the editors or found through the glossary terms and register entries "
           "listed with it; in the texts, these passages carry *see also* links to each other.", ""]
    for theme in themes.themes:
        passages = theme_passages(theme, places, [t.slug for t in texts])
        out += [f"## {escape_text(theme.title)} {{ #{theme_anchor(theme.id)} }}", "", escape_text(theme.summary), ""]
        taken = [text for text in texts if passages.get(text.slug)]
        # Many themes (an edition of many texts): each theme's passages go to its own page, so the
        # Themes page holds a few lines per theme whatever the number of texts.
        shown = taken[:TEXTS_SHOWN] if len(themes.themes) <= THEMES_WITH_PASSAGES else []
        for text in shown:
            out.append(f"- *{escape_text(text.label)}*: {_paragraph_links(text, passages[text.slug])}")
        if len(taken) > len(shown):
            entry = Entry("theme", theme.id, theme.title, f"{THEMES_PAGE}#{theme_anchor(theme.id)}",
                          "Every passage of the texts that takes up the theme, text by text.")
            extra.update(entry_pages(entry, [_passage_line(text, passages[text.slug]) for text in taken]))
            out.append(f"- {more_link(entry, len(taken) - len(shown), len(taken))}" if shown else
                       f"- [Its passages in {len(taken):,} {'text' if len(taken) == 1 else 'texts'}]"
                       f"({entry_page('theme', theme.id)})")
        keys = [k for k in (*theme.terms, *theme.entities) if k in names]
        if keys:
            out.append("- Through: " + ", ".join(f"[{escape_text(names[k][0])}]({names[k][1]})" for k in keys))
        out.append("")
    shared = sorted((key for key, found in places.items()
                     if key in names and len({p.slug for p in found}) > 1), key=lambda k: names[k][0].casefold())
    if shared:
        out += ["## Named in more than one text { #shared-entries }", "",
                "Glossary terms and register entries that more than one text mentions, with their places.", ""]
        for key in shared:
            kind, _, entry_id = key.rpartition("/")
            entry = Entry(kind or "term", entry_id, names[key][0], names[key][1], "")
            refs = capped_references(entry, places_by_text(places[key], texts), None)  # its page: the index's
            out.append(f"- [{escape_text(names[key][0])}]({names[key][1]}): {refs}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def index_names(glossary_terms: dict[str, str], entities: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Key → (name, link) for the Themes page, from term ids → headwords and entity keys → (name, link)."""
    names = {term_id: (term, f"glossary.md#{term_anchor(term_id)}") for term_id, term in glossary_terms.items()}
    names.update(entities)
    return names
