"""Themes: where the texts of the edition meet, and the "see also" links between them.

A theme (`seeds/apparatus/themes.yml`) is editorial data: a title, a sentence on how the
texts meet, and what gathers its passages. The editors' choices come first: the paragraphs
they chose by number, and `pairs` — two passages of different texts set side by side, each
pair with the editor's sentence on what joins them. Glossary terms and register entries add
passages automatically, but only above a stated relevance: a paragraph must name at least
`automatic: min_keys` of the theme's terms and entries (a paragraph that names Polanyi once is
not thereby about Polanyi and Marx). A paired passage's "see also" points to its partner; any
other passage of a theme points to the theme's passages in the other texts. The Themes page
lists every theme with its pairs side by side, then its passages per text, followed by the
terms and names that the texts share (found, not chosen).

At scale (issue 15): a theme that every text takes up would give each of its passages a
pointer to every other text, so a text's page (and the PDF of the whole edition) grew with
the square of the edition. A passage's "see also" is therefore capped: at most
`SEE_ALSO_POINTERS` other texts, ranked (the texts sharing the most themes with this one
first, the themes taken in turn), each with the theme's ¶ in it (a number bounded by one
text's length, not by the edition's); the theme's title links to its full list on the Themes
page. A theme may also name the `texts` it gathers. The themes themselves grow with the edition
(a generated edition of 1,000 texts has a thousand): beyond `THEMES_PER_PAGE` the Themes page is
a list of sub-pages of that many themes each (`split_pages.py`), and the "see also" links are sent
to the sub-page of their theme.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
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
from build_tools.apparatus.split_pages import Layout, Section, Split, split_page
from build_tools.diagnostics import Diagnostics
from build_tools.load.yaml_data import read_yaml
from build_tools.model import Document, Heading, Paragraph, Role, SeeAlso
from build_tools.passes.typography import typeset
from build_tools.render.markdown_escape import escape_text

THEMES_FILE = "themes.yml"
THEMES_PAGE = "themes.md"
SEE_ALSO_POINTERS = 4  # other texts named under one paragraph (all themes together)
MIN_KEYS = 2  # terms or entries of a theme a paragraph names to join it automatically (`automatic: min_keys`)
EXCERPT_WORDS = 40  # words of each paired passage shown on the Themes page
SEE_ALSO_GAP = 2  # paragraphs without a line that a run of identical lines may bridge
THEMES_WITH_PASSAGES = 24  # beyond this many themes, each theme's passages are on its own page only
THEMES_PER_PAGE = 40  # themes on one Themes page; beyond, it is split into pages of this many


def theme_anchor(theme_id: str) -> str:
    return f"theme-{theme_id}"


@dataclass(frozen=True)
class Pair:
    """Two passages of different texts the editors set side by side, with their sentence."""

    passages: dict[str, int]  # slug → ¶ number
    note: str


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
    pairs: tuple[Pair, ...] = ()
    min_keys: int = MIN_KEYS  # the file's `automatic: min_keys`


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
    min_keys = loaded.data.get("automatic", {}).get("min_keys", MIN_KEYS)
    themes = tuple(
        Theme(item["id"], item["title"], typeset(" ".join(item["summary"].split())), tuple(item.get("terms", [])),
              tuple(item.get("entities", [])),
              {slug: tuple(numbers) for slug, numbers in item.get("passages", {}).items()},
              loaded.line_of("themes", index), tuple(item.get("texts", [])),
              tuple(Pair(dict(pair["passages"]), typeset(" ".join(pair["note"].split())))
                    for pair in item.get("pairs", [])), min_keys)
        for index, item in enumerate(loaded.data["themes"]))
    return Themes(loaded.display, themes)


def theme_passages(theme: Theme, places: dict[str, list[Place]], slugs: list[str]) -> dict[str, list[int]]:
    """Slug → sorted ¶ numbers of the theme: chosen by the editor (passages and pairs), or naming
    at least `min_keys` of its terms and entries (all of them, when it has fewer). Every slug of
    `slugs` the theme may gather is a key, in that order (an empty list: no passage there)."""
    found = _found(theme, PlaceIndex(places), set(slugs))
    gathered = set(theme.texts)
    return {slug: found.get(slug, []) for slug in slugs if not gathered or slug in gathered}


class PlaceIndex:
    """The places of the index entries (key → places), also by text, grouped on first use.

    Why: a theme that names the texts it gathers needs its terms' places in those texts only; a
    term the whole edition uses has places in every text, and reading them all for each theme
    made an edition with about as many themes as texts cost N² (issue 15)."""

    def __init__(self, places: dict[str, list[Place]]) -> None:
        self.places = places
        self._by_text: dict[str, dict[str, list[Place]]] = {}

    def in_texts(self, key: str, slugs: Iterable[str] | None) -> Iterator[Place]:
        """The entry's places in these texts (None: in every text)."""
        if slugs is None:
            yield from self.places.get(key, [])
            return
        by_text = self._by_text.get(key)
        if by_text is None:
            by_text = self._by_text[key] = {}
            for place in self.places.get(key, []):
                by_text.setdefault(place.slug, []).append(place)
        for slug in slugs:
            yield from by_text.get(slug, [])


def _found(theme: Theme, places: PlaceIndex, in_edition: Container[str]) -> dict[str, list[int]]:
    """`theme_passages` for the texts that have passages only (in no particular order); its work
    is bounded by the theme's own data (its passages, pairs, texts and entries' places in them),
    not by the number of texts in the edition."""
    gathered = dict.fromkeys(theme.texts) if theme.texts else None  # (in order, once each)

    def gathers(slug: str) -> bool:
        return slug in in_edition and (gathered is None or slug in gathered)

    found: dict[str, set[int]] = {slug: set(numbers) for slug, numbers in theme.passages.items() if gathers(slug)}
    for pair in theme.pairs:
        for slug, number in pair.passages.items():
            if gathers(slug):
                found.setdefault(slug, set()).add(number)
    keys = (*theme.terms, *theme.entities)
    named: dict[tuple[str, int], set[str]] = {}
    for key in keys:
        for place in places.in_texts(key, gathered):
            if place.number is not None and place.slug in in_edition:
                named.setdefault((place.slug, place.number), set()).add(key)
    enough = min(theme.min_keys, len(keys))
    for (slug, number), names in named.items():
        if len(names) >= enough:
            found.setdefault(slug, set()).add(number)
    return {slug: sorted(numbers) for slug, numbers in found.items() if numbers}


def partners(theme: Theme, slug: str, number: int | None) -> list[tuple[str, int]]:
    """The passages of other texts the editors paired with ¶ `number` of `slug` in this theme."""
    return [(other, n) for pair in theme.pairs if pair.passages.get(slug) == number
            for other, n in pair.passages.items() if other != slug]


def cross_link(themes: Themes, places: dict[str, list[Place]], docs: list[tuple[TextLabel, Document]]) -> None:
    """Give every passage of a theme a "see also" to the theme's passages in other texts (capped, ranked).

    Linear in the edition for themes that each take up a bounded number of texts: each text looks
    only at the themes it takes up, and each paragraph at the themes it belongs to (issue 15).
    """
    labels = [label for label, _ in docs]
    by_slug = {label.slug: label for label in labels}
    order = {label.slug: index for index, label in enumerate(labels)}
    place_index = PlaceIndex(places)
    found = {theme.id: _found(theme, place_index, order) for theme in themes.themes}
    # Which themes each text takes up (in the themes' order): two texts sharing more are nearer.
    themes_of: dict[str, list[Theme]] = {}
    for theme in themes.themes:
        for slug in found[theme.id]:
            themes_of.setdefault(slug, []).append(theme)
    taken_up = {slug: frozenset(t.id for t in mine) for slug, mine in themes_of.items()}
    # Each theme's texts, in the edition's order.
    takers = {t_id: [by_slug[slug] for slug in sorted(passages, key=order.__getitem__)]
              for t_id, passages in found.items()}
    for label, doc in docs:
        mine = taken_up.get(label.slug, frozenset())
        if not mine:
            continue
        # Per theme, the other texts nearest first; then per paragraph the themes are taken in turn.
        ranked: dict[str, list[TextLabel]] = {}
        at: dict[int, list[Theme]] = {}  # ¶ number → the themes it belongs to (that lead elsewhere)
        for theme in themes_of[label.slug]:
            others = [o for o in takers[theme.id] if o.slug != label.slug]
            ranked[theme.id] = sorted(others, key=lambda o: (-len(mine & taken_up[o.slug]), order[o.slug]))
            if ranked[theme.id]:
                for number in found[theme.id][label.slug]:
                    at.setdefault(number, []).append(theme)
        for para in doc.paragraphs(Role.BODY):
            in_themes = at.get(para.number, []) if para.number is not None else []
            if not in_themes:
                continue
            partnered: dict[tuple[str, str], list[int]] = {}  # (theme, text) → its paired ¶ numbers
            for t in in_themes:
                for o, n in partners(t, label.slug, para.number):
                    if o in by_slug:
                        partnered.setdefault((t.id, o), []).append(n)
            titles = {t.id: t.title for t in in_themes}
            paired = [SeeAlso(t_id, titles[t_id], by_slug[o].page, by_slug[o].label, tuple(sorted(ns)))
                      for (t_id, o), ns in partnered.items()]
            # (the editors' pairs first and alone for their theme; other themes as found)
            unpaired = [t for t in in_themes if not any(p.theme_id == t.id for p in paired)]
            para.see_also.extend([*paired, *_pointers(unpaired, ranked, found)][:SEE_ALSO_POINTERS])
        group_see_also(doc)


def group_see_also(doc: Document) -> None:
    """One "see also" line for a run of paragraphs that would each repeat it (issue 14: the same
    line under seven answers of the interview).

    A run is a sequence of numbered paragraphs of one section (a heading ends it) whose lines are
    identical; paragraphs with no line of their own between them do not break it, up to
    SEE_ALSO_GAP in a row, and any other line does. The line is shown once, under the run's
    last paragraph, saying which paragraphs it is for (`see_also_for`); the others keep their
    pointers (the data: the Themes page, the tests, the way back) but do not show them
    (`see_also_folded`). Run again, it gives the same result.
    """
    run: list[Paragraph] = []
    gap = 0

    def close() -> None:
        if len(run) > 1:
            for folded in run[:-1]:
                folded.see_also_folded = True
            run[-1].see_also_for = tuple(p.number for p in run if p.number is not None)

    for block in doc.blocks:
        if isinstance(block, Heading):
            close()
            run, gap = [], 0
            continue
        if not isinstance(block, Paragraph) or block.role is not Role.BODY:
            continue
        block.see_also_folded, block.see_also_for = False, ()
        if not block.see_also:
            gap += 1
            continue
        if run and gap <= SEE_ALSO_GAP and run[-1].see_also == block.see_also:
            run.append(block)
        else:
            close()
            run = [block]
        gap = 0
    close()


def number_ranges(numbers: tuple[int, ...] | list[int]) -> str:
    """¶ numbers as a reader writes them: 16–17, 20, 23–27 (an en dash for a run of two or more)."""
    parts: list[str] = []
    ordered = sorted(set(numbers))
    start = previous = ordered[0] if ordered else 0
    for number in [*ordered[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts) if ordered else ""


def see_also_lead(para: Paragraph) -> str:
    """The words that open a paragraph's "see also" line: which paragraphs it is for, if many."""
    if len(para.see_also_for) > 1:
        return f"For ¶\u00a0{number_ranges(para.see_also_for)}, see also — "
    return "See also — "


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
    # "¶ 40" never split at the end of a line (a phone's narrow column)
    prefix = "../" * from_page.count("/")
    return ", ".join(f"[¶\u00a0{n}]({prefix}{label.page}#p{n})" for n in numbers)


def _passage_line(text: TextLabel, numbers: list[int]) -> Callable[[str], str]:
    return lambda page: f"*{escape_text(text.label)}*: {_paragraph_links(text, numbers, page)}"


def _excerpt(text: str) -> str:
    words = text.split()
    cut = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
    return escape_text(cut)  # (`|` escaped too: the text sits in a table's cell)


def _pair_table(pair: Pair, texts: list[TextLabel], excerpts: dict[str, dict[int, str]]) -> list[str]:
    """The two passages side by side (their opening words, linked), the editor's sentence under them."""
    cells = [(text, pair.passages[text.slug]) for text in texts if text.slug in pair.passages]
    if len(cells) < 2:
        return []
    head = " | ".join(f"[{escape_text(text.label)}, ¶ {n}]({text.page}#p{n})" for text, n in cells)
    body = " | ".join(_excerpt(excerpts.get(text.slug, {}).get(n, "")) for text, n in cells)
    return [f"| {head} |", "|" + "---|" * len(cells), f"| {body} |", "", f"*The editors:* {escape_text(pair.note)}",
            ""]


def render_themes_page(themes: Themes, places: dict[str, list[Place]], texts: list[TextLabel],
                       names: dict[str, tuple[str, str]], entry_page_out: dict[str, str] | None = None,
                       excerpts: dict[str, dict[int, str]] | None = None) -> Split:
    """Every theme with its sentence, its pairs side by side and its passages per text; then the
    entries both texts name.

    `names`: index key (term id or `kind/id`) → (display name, docs-relative link) for the
    terms and entries to list; `excerpts`: slug → ¶ number → the paragraph's text. A theme taken
    up by more than `TEXTS_SHOWN` texts lists its first texts and links to its own page (added to
    `entry_page_out`); a shared entry likewise links to the page its glossary or register page
    has made. Beyond `THEMES_PER_PAGE` themes the page is split (the Split's `pages`, `routes`).
    """
    extra: dict[str, str] = {} if entry_page_out is None else entry_page_out
    # Out of the search index, like the registers: a theme is a list of passages of the texts.
    front = ("search:", "  exclude: true")
    out = ["---", "title: Themes", *front, "---", "", "# Themes", "",
           "Where the texts of the edition meet. Each theme sets side by side the passages the editors "
           "paired, with a sentence on what joins them, and gathers the other passages that take it up: "
           "chosen by the editors, or naming at least "
           f"{min((t.min_keys for t in themes.themes), default=MIN_KEYS)} of the glossary terms and register "
           "entries listed with it (one mention is not enough to make a passage part of a theme). In the "
           "texts, a paired passage's *see also* leads to its partner, and the theme's other passages to "
           "the theme's passages in the other texts.", ""]
    order = {text.slug: index for index, text in enumerate(texts)}
    place_index = PlaceIndex(places)
    sections: list[Section] = []
    for theme in themes.themes:
        passages = _found(theme, place_index, order)
        lines = [f"## {escape_text(theme.title)} {{ #{theme_anchor(theme.id)} }}", "", escape_text(theme.summary), ""]
        for pair in theme.pairs:
            lines += _pair_table(pair, texts, excerpts or {})
        taken = [texts[order[slug]] for slug in sorted(passages, key=order.__getitem__)]
        # Many themes (an edition of many texts): each theme's passages go to its own page, so the
        # Themes page holds a few lines per theme whatever the number of texts.
        shown = taken[:TEXTS_SHOWN] if len(themes.themes) <= THEMES_WITH_PASSAGES else []
        for text in shown:
            lines.append(f"- *{escape_text(text.label)}*: {_paragraph_links(text, passages[text.slug])}")
        if len(taken) > len(shown):
            entry = Entry("theme", theme.id, theme.title, f"{THEMES_PAGE}#{theme_anchor(theme.id)}",
                          "Every passage of the texts that takes up the theme, text by text.")
            extra.update(entry_pages(entry, [_passage_line(text, passages[text.slug]) for text in taken]))
            lines.append(f"- {more_link(entry, len(taken) - len(shown), len(taken))}" if shown else
                         f"- [Its passages in {len(taken):,} {'text' if len(taken) == 1 else 'texts'}]"
                         f"({entry_page('theme', theme.id)})")
        keys = [k for k in (*theme.terms, *theme.entities) if k in names]
        if keys:
            lines.append("- Through: " + ", ".join(f"[{escape_text(names[k][0])}]({names[k][1]})" for k in keys))
        lines.append("")
        sections.append(Section(theme.title, "\n".join(lines)))
    shared = sorted((key for key, found in places.items()
                     if key in names and len({p.slug for p in found}) > 1), key=lambda k: names[k][0].casefold())
    if shared:
        lines = ["## Named in more than one text { #shared-entries }", "",
                 "Glossary terms and register entries that more than one text mentions, with their places.", ""]
        for key in shared:
            kind, _, entry_id = key.rpartition("/")
            entry = Entry(kind or "term", entry_id, names[key][0], names[key][1], "")
            refs = capped_references(entry, places_by_text(places[key], texts), None)  # its page: the index's
            lines.append(f"- [{escape_text(names[key][0])}]({names[key][1]}): {refs}")
        lines.append("")
        sections.append(Section("Named in more than one text", "\n".join(lines), alone=True))
    return split_page(THEMES_PAGE, out, sections, THEMES_PER_PAGE, Layout("Themes", ("theme", "themes"), front))


def index_names(glossary_terms: dict[str, str], entities: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Key → (name, link) for the Themes page, from term ids → headwords and entity keys → (name, link)."""
    names = {term_id: (term, f"glossary.md#{term_anchor(term_id)}") for term_id, term in glossary_terms.items()}
    names.update(entities)
    return names
