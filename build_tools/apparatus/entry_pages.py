"""Index pages that stay bounded however many texts the edition has (issue 15).

An index page (Glossary, Persons, Places, Organisations, Themes) lists, for each entry, where the
texts take it up, text by text. In an edition of 1,000 texts a term found in every text would give
its line a thousand groups of links, and the page would grow without bound. So an index page
shows an entry's first `TEXTS_SHOWN` texts (in the edition's order) and then links to the
entry's own page, which lists every text, `TEXTS_PER_PAGE` texts to a page, with links between
the pages. Each page is then bounded by the number of entries (editorial data) times
`TEXTS_SHOWN` texts, or by `TEXTS_PER_PAGE` texts: never by the size of the edition.

An edition whose entries appear in at most `TEXTS_SHOWN` texts (the two seeds) gets no entry
page and its index pages are as before. Entry pages live under `index/` and are not in the
navigation (`NOT_IN_NAV`, set by the MkDocs hook): a reader reaches them from the index.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from build_tools.render.markdown_escape import escape_text

if TYPE_CHECKING:  # glossary.py renders its page with this module
    from build_tools.apparatus.glossary import TextLabel
    from build_tools.apparatus.mentions import Place

TEXTS_SHOWN = 12  # texts an index page lists for one entry before sending the reader on
TEXTS_PER_PAGE = 100  # texts per page of an entry's own page
ENTRY_DIR = "index"  # docs-relative folder of the entry pages (kept out of the navigation)
# Folders of pages reached from an index or report page, not from the navigation (the hook marks
# them NOT_IN_NAV): the entries' own pages, and the removal report's, Bibliography's, Editorial
# apparatus's and Themes page's sub-pages of a large edition (split_pages.py).
NOT_IN_NAV_DIRS = (f"{ENTRY_DIR}/", "removals/", "bibliography/", "apparatus/", "themes/")


def entry_page(kind: str, entry_id: str, number: int = 1) -> str:
    """Docs-relative path of page `number` of an entry's own page: `index/term/city.md`,
    then `index/term/city/2.md` (a folder of its own, so no two entries' pages can clash)."""
    first = f"{ENTRY_DIR}/{kind}/{entry_id}"
    return f"{first}.md" if number == 1 else f"{first}/{number}.md"


def relative(target: str, from_page: str) -> str:
    """A docs-relative path as a link from `from_page` (MkDocs resolves links relative to the page)."""
    return "../" * from_page.count("/") + target


def places_by_text(places: Iterable[Place], texts: list[TextLabel]) -> list[tuple[TextLabel, list[Place]]]:
    """The places grouped per text, texts in the edition's order (one pass: linear in places + texts)."""
    grouped: dict[str, list[Place]] = {}
    for place in places:
        grouped.setdefault(place.slug, []).append(place)
    return [(text, grouped[text.slug]) for text in texts if text.slug in grouped]


def place_links(text: TextLabel, here: list[Place], from_page: str = "") -> str:
    """"*Curtis 2018*: [¶ 3](…), [note 1](…)": one text's places, each a link."""
    links = ", ".join(f"[{escape_text(p.label)}]({p.href(from_page)})" for p in here)
    return f"*{escape_text(text.label)}*: {links}"


@dataclass(frozen=True)
class Entry:
    """An entry of an index with more texts than an index page shows."""

    kind: str  # term, person, place, organisation, theme: the folder of its own page
    id: str
    title: str  # as the index writes it (plain text)
    home: str  # docs-relative link to the entry on its index page, e.g. "glossary.md#term-city"
    intro: str  # one sentence above the list


def more_link(entry: Entry, hidden: int, total: int, from_page: str = "") -> str:
    """"and 88 more texts (all 100 texts)", linking to the entry's own page."""
    more = "text" if hidden == 1 else "texts"
    link = relative(entry_page(entry.kind, entry.id), from_page)
    return f"and {hidden:,} more {more} ([all {total:,} texts]({link}))"


def capped_references(entry: Entry, groups: list[tuple[TextLabel, list[Place]]], pages: dict[str, str] | None,
                      from_page: str = "") -> str:
    """An entry's places on an index page: its first `TEXTS_SHOWN` texts, then a link to its own
    page, which is added to `pages` (with every text; None: another index page has added it)."""
    shown = " · ".join(place_links(text, here, from_page) for text, here in groups[:TEXTS_SHOWN])
    if len(groups) <= TEXTS_SHOWN:
        return shown
    if pages is not None:
        pages.update(entry_pages(entry, [_lines_for(text, here) for text, here in groups]))
    return f"{shown} · {more_link(entry, len(groups) - TEXTS_SHOWN, len(groups), from_page)}"


def _lines_for(text: TextLabel, here: list[Place]) -> Callable[[str], str]:
    return lambda page: place_links(text, here, page)


def entry_pages(entry: Entry, lines: list[Callable[[str], str]]) -> dict[str, str]:
    """An entry's own pages: one line per text (each rendered for the page it is on), `TEXTS_PER_PAGE`
    to a page, each page linking back to the index and to the previous and next page."""
    chunks = [lines[at:at + TEXTS_PER_PAGE] for at in range(0, len(lines), TEXTS_PER_PAGE)]
    pages: dict[str, str] = {}
    for number, chunk in enumerate(chunks, start=1):
        path = entry_page(entry.kind, entry.id, number)
        first = (number - 1) * TEXTS_PER_PAGE + 1
        span = f"texts {first:,}–{first + len(chunk) - 1:,} of {len(lines):,}"
        pager = [f"[back to the index]({relative(entry.home, path)})"]
        if number > 1:
            pager.append(f"[previous page]({relative(entry_page(entry.kind, entry.id, number - 1), path)})")
        if number < len(chunks):
            pager.append(f"[next page]({relative(entry_page(entry.kind, entry.id, number + 1), path)})")
        heading = escape_text(entry.title)
        # The theme writes the title into <title> unescaped (as the nav labels, see the hook).
        title = _yaml_string(html.escape(entry.title, quote=True))
        out = ["---", f"title: {title}", "search:", "  exclude: true", "---", "", f"# {heading}", "",
               escape_text(entry.intro), "",
               f"Page {number:,} of {len(chunks):,}: {span}. " + " · ".join(pager), "{: .index-pager }", ""]
        out += [f"- {line(path)}" for line in chunk]
        out += ["", " · ".join(pager), "{: .index-pager }"]
        pages[path] = "\n".join(out) + "\n"
    return pages


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (the title may hold a colon, a quote, or markup shown as text)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
