"""The list of the texts, on pages of its own once the edition is too large for the navigation (issue 15).

Material writes the whole navigation into every page. Up to `NAV_TEXTS_MAX` texts the
navigation lists every text, as a small edition's readers expect; beyond that, N texts would
put N links on each of N pages, and both the build and every page would grow with the edition
(a text page of 1,000 texts would carry some 370 KB of navigation). So a larger edition's
navigation has one "Texts" page instead: the texts in the manifest's order, `TEXTS_PER_PAGE`
to a page, with links between the pages. The texts' own pages are reached from there, from
the indexes and from search; the MkDocs hook keeps them, and these pages, out of the
navigation (`NOT_IN_NAV`).
"""

from __future__ import annotations

from build_tools.edition import Edition, TextResult
from build_tools.render.markdown_escape import escape_text

NAV_TEXTS_MAX = 40  # texts the navigation lists one by one; more get the Texts pages
TEXTS_PER_PAGE = 100  # texts listed on one Texts page
CONTENTS_PAGE = "contents.md"  # the first Texts page; page n is contents/n.md
CONTENTS_DIR = "contents/"
TEXTS_DIR = "texts/"


def listed_in_nav(edition: Edition) -> bool:
    """Whether the navigation lists every text (a small edition) or has the Texts pages."""
    return len(edition.texts) <= NAV_TEXTS_MAX


def page_path(number: int) -> str:
    return CONTENTS_PAGE if number == 1 else f"{CONTENTS_DIR}{number}.md"


def _link(target: str, from_page: str) -> str:
    return "../" * from_page.count("/") + target


def _line(result: TextResult, from_page: str) -> str:
    config = result.seed.config
    names = ", ".join(escape_text(author.name) for author in config.authors if author.name)
    kind = config.kind.replace("-", " ")  # journal-article → journal article
    facts = " · ".join(part for part in (names, escape_text(config.date[:4]), escape_text(kind)) if part)
    return f"- [{escape_text(config.title)}]({_link(result.page, from_page)})" + (f" — {facts}" if facts else "")


def _pager(number: int, count: int, from_page: str) -> str:
    links = [str(n) if n == number else f"[{n}]({_link(page_path(n), from_page)})" for n in range(1, count + 1)]
    return "Pages: " + " · ".join(links)


def contents_pages(edition: Edition) -> dict[str, str]:
    """Docs-relative path → Markdown of each Texts page; none for an edition the navigation lists whole."""
    if listed_in_nav(edition):
        return {}
    texts = edition.texts
    count = -(-len(texts) // TEXTS_PER_PAGE)
    pages: dict[str, str] = {}
    for number in range(1, count + 1):
        path = page_path(number)
        first = (number - 1) * TEXTS_PER_PAGE
        shown = texts[first:first + TEXTS_PER_PAGE]
        lines = ["---", "title: Texts" if number == 1 else f"title: Texts, page {number}", "---", "",
                 "# Texts" if number == 1 else f"# Texts, page {number}", "",
                 f"The edition’s {len(texts):,} texts in its order: {first + 1:,}–{first + len(shown):,} here.", ""]
        if count > 1:
            lines += [_pager(number, count, path), ""]
        lines += [_line(result, path) for result in shown]
        if count > 1:
            lines += ["", _pager(number, count, path)]
        pages[path] = "\n".join(lines) + "\n"
    return pages


def out_of_nav(path: str, edition: Edition) -> bool:
    """A generated page the navigation leaves out: a text's page or a Texts page of a large edition."""
    return not listed_in_nav(edition) and path.startswith((TEXTS_DIR, CONTENTS_DIR))
