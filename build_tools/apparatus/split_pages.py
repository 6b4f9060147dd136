"""Long index pages split into sub-pages, and links into them sent to the right one (issue 15).

The Bibliography (one entry per work), the Editorial apparatus (one section per text) and the
Themes page (one section per theme) gather from every text, so in an edition of 1,000 texts each
was some 2.5 MB of HTML, and grew with every text added. A page of this kind is made of a head
(its title and introduction) and a list of `Section`s. Up to its limit of sections per page it is
one page, exactly as a small edition has always had it. Beyond that, the page keeps its head and
becomes a short list of sub-pages (`bibliography/1.md`, `bibliography/2.md` …), each holding at
most the limit's number of sections in the page's order and named by its first and last section
("Amin 2023a – Brenner 2011"), with links to the previous and next. A section of its own kind
(the Themes page's "Named in more than one text", the apparatus's corrections) gets a sub-page
to itself. A page is then bounded by its limit times the size of a section, and each section is
bounded by the data of one work, one text or one theme (the lists of texts in a section are
capped: `entry_pages.TEXTS_SHOWN`) — never by the size of the edition.

A section is written as it stands on the single page: links relative to the page, in-page links
as `#anchor`. Moving it to a sub-page rebases its links. Every link anywhere into a split page
(`../bibliography.md#ref-amin-2023` from a text, `themes.md#theme-x` from a theme's own page)
is then sent to the sub-page that has the anchor, by `route_links`, which the edition runs over
every generated page once all are made (`edition.route_split_links`). A text's Markdown is
rendered and cached per text without knowing the split; the routing happens in the main
process, so the per-text cache stays valid whatever the edition's size.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache

from build_tools.render.markdown_escape import escape_text

Routes = dict[str, dict[str, str]]  # split page → anchor → the sub-page that has it (docs-relative)

# The anchors a section defines: `id="ref-x"` (an entry's <div>) or `{ #theme-x }` (a heading).
_ANCHOR = re.compile(r'\bid="([^"]+)"|(?<!\\)\{:?\s*#([\w-]+)')
# A Markdown link's target (up to its title or closing parenthesis); not after a backslash that
# is not itself escaped: `\](` is a source's text (markdown_escape.py), not a link.
_NOT_ESCAPED = r"(?<!(?<!\\)\\)"
_TARGET = re.compile(_NOT_ESCAPED + r"\]\(([^()\s]+)")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Section:
    """One entry or group of an index page, as it stands on the single page."""

    label: str  # plain text naming it in the list of sub-pages: "Amin 2023a", "Curtis 2018"
    markdown: str  # its lines (joined), links relative to the page
    alone: bool = False  # of its own kind: a sub-page to itself when the page is split


@dataclass
class Split:
    """A page made from sections: the page itself (whole, or the list of its sub-pages), its
    sub-pages, and which sub-page has each anchor (both empty for a page under its limit)."""

    top: str
    pages: dict[str, str] = field(default_factory=dict)
    routes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """How a page names what it lists, for its list of sub-pages."""

    title: str  # "Bibliography"
    noun: tuple[str, str]  # ("work", "works"): one section, several
    front: tuple[str, ...] = ()  # front matter lines each sub-page carries too ("search:", …)
    counted: str = ""  # what the count of sections takes in, when the noun alone does not say


def sub_page(home: str, number: int) -> str:
    """`bibliography.md` → `bibliography/2.md`: a folder of the page's own name, beside it."""
    return f"{home.removesuffix('.md')}/{number}.md"


def split_page(home: str, head: list[str], sections: list[Section], per_page: int, layout: Layout) -> Split:
    """The page `home`: its head and sections on one page while at most `per_page` of them are
    regular (not `alone`); else its head and a list of sub-pages of at most `per_page` sections each."""
    if sum(1 for section in sections if not section.alone) <= per_page:
        return Split("\n".join([*head, *(s.markdown for s in sections)]).rstrip() + "\n")
    chunks: list[list[Section]] = []
    for section in sections:
        if section.alone or not chunks or chunks[-1][0].alone or len(chunks[-1]) >= per_page:
            chunks.append([section])
        else:
            chunks[-1].append(section)
    split = Split("")
    listing: list[str] = []
    for number, chunk in enumerate(chunks, start=1):
        path = sub_page(home, number)
        name = _name(chunk)
        count = "" if chunk[0].alone else f" · {len(chunk):,} {layout.noun[len(chunk) != 1]}"
        listing.append(f"- [{escape_text(name)}]({posixpath.relpath(path, posixpath.dirname(home) or '.')}){count}")
        pager = _pager(home, number, len(chunks), layout.title)
        body = [rebase(section.markdown, home, path) for section in chunk]
        split.pages[path] = "\n".join([
            "---", f"title: {_yaml_string(html.escape(f'{layout.title}: {name}', quote=True))}", *layout.front, "---",
            "", f"# {escape_text(layout.title)}: {escape_text(name)}", "", pager, "{: .index-pager }", "",
            *body]).rstrip() + "\n\n" + pager + "\n{: .index-pager }\n"
        for section in chunk:
            split.routes.update(dict.fromkeys(anchors(section.markdown), path))
    regular = sum(len(chunk) for chunk in chunks if not chunk[0].alone)
    counted = f" ({layout.counted})" if layout.counted else ""
    split.top = "\n".join([*head, f"The {regular:,} {layout.noun[regular != 1]}{counted} are on pages of at most "
                           f"{per_page:,}:", "", *listing]).rstrip() + "\n"
    return split


def _name(chunk: list[Section]) -> str:
    first, last = chunk[0].label, chunk[-1].label
    return first if len(chunk) == 1 or first == last else f"{first} – {last}"


def _pager(home: str, number: int, count: int, title: str) -> str:
    here = posixpath.dirname(sub_page(home, number))
    links = [f"[back to the {escape_text(title)}]({posixpath.relpath(home, here)})"]
    if number > 1:
        links.append(f"[previous page]({posixpath.relpath(sub_page(home, number - 1), here)})")
    if number < count:
        links.append(f"[next page]({posixpath.relpath(sub_page(home, number + 1), here)})")
    return f"Page {number:,} of {count:,}. " + " · ".join(links)


def _yaml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def anchors(markdown: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in _ANCHOR.finditer(markdown)]


def rebase(markdown: str, written_for: str, page: str) -> str:
    """Markdown written for the page `written_for`, its relative links made to work from `page`;
    an in-page link (`#ref-x`) becomes a link to `written_for`, which `route_links` then sends on."""
    source, here = posixpath.dirname(written_for), posixpath.dirname(page) or "."

    def moved(match: re.Match[str]) -> str:
        target = match.group(1)
        if _SCHEME.match(target) or target.startswith("/"):
            return match.group(0)
        path, hash_, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(source, path)) if path else written_for
        return f"]({posixpath.relpath(resolved, here)}{hash_}{fragment}"

    return _TARGET.sub(moved, markdown)


@lru_cache(maxsize=8)
def _routed_target(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(_NOT_ESCAPED + rf"\]\((?P<path>[^()\s#]*?(?:{alternatives}))#(?P<anchor>[^()\s]+)")


def route_links(markdown: str, page: str, routes: Routes) -> str:
    """The Markdown of `page` with each link to an anchor of a split page sent to the sub-page that
    has it (the same string when it has none: most pages are left as they are, at little cost)."""
    names = tuple(sorted({posixpath.basename(home) for home in routes}))
    if not any(name in markdown for name in names):
        return markdown
    here = posixpath.dirname(page) or "."

    def sent(match: re.Match[str]) -> str:
        target = routes.get(_joined(here, match.group("path")), {}).get(match.group("anchor"))
        if target is None:
            return match.group(0)
        path = "" if target == page else _relative(target, here)
        return f"]({path}#{match.group('anchor')}"

    return _routed_target(names).sub(sent, markdown)


# The paths a page's links resolve to and are written as: the same few pairs for a thousand texts
# (posixpath's functions were two thirds of the routing's cost).
@lru_cache(maxsize=1024)
def _joined(here: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(here, path))


@lru_cache(maxsize=1024)
def _relative(target: str, here: str) -> str:
    return posixpath.relpath(target, here)
