"""What the site says about each text beyond its Markdown, page by page, for any engine.

`complete_text_page` completes a text's generated Markdown: the head metadata goes into its
front matter as `edition_head` (written into <head> by overrides/main.html's `extrahead`
block, which MkDocs' Jinja2 and Zensical's MiniJinja both render), the reading facts and the
"Cite this" box into its body after the source details, as raw HTML blocks. `download_files`
gives the BibTeX and RIS files the box links to. The MkDocs hook hands the completed pages to
MkDocs in memory; `build_tools/web/site_files.py` writes them into a folder any engine renders.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

import yaml

from build_tools.load.identity import Identity
from build_tools.load.seeds import project_root
from build_tools.web.citation import bibtex, ris
from build_tools.web.cite_box import cite_box_html, reading_facts_html
from build_tools.web.contents_pages import contents_pages
from build_tools.web.facts import TextFacts, edition_date
from build_tools.web.head import head_html

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from build_tools.edition import Edition, TextResult

DOWNLOADS = "downloads"


@dataclass(frozen=True)
class SiteSettings:
    """What the pages need from mkdocs.yml: the edition's name, address and description."""

    site_name: str
    site_url: str | None
    site_description: str = ""

    @classmethod
    def of(cls, config: Any) -> SiteSettings:
        """From a loaded MkDocs (or ProperDocs) configuration."""
        return cls(str(config.site_name), config.site_url or None, str(config.site_description or ""))

    def absolute(self, path: str) -> str | None:
        return self.site_url.rstrip("/") + "/" + path.lstrip("/") if self.site_url else None


_BUILT: dt.date | None = None
_IDENTITY = Identity()
_GIVEN_NAMES = "as-given"
_SUFFIXES: dict[str, str] = {}


def remember_build(edition: Edition) -> None:
    """Once per build: the edition's identity and date — `seeds/edition.yml`'s, the one date the
    PDFs and the EPUB give too; without that file, facts.edition_date says which and why."""
    global _BUILT, _IDENTITY, _GIVEN_NAMES, _SUFFIXES
    _IDENTITY = edition.identity
    _GIVEN_NAMES = edition.editorial_data.given_names
    _SUFFIXES = dict(edition.apparatus.bibliography.suffixes) if edition.apparatus is not None else {}
    if edition.identity.date is not None:
        _BUILT = edition.identity.date
        return
    # The command line's fallback (build_tools/cli.py, build_epoch): the newest text's date.
    newest = max((t.seed.config.date for t in edition.texts), default=None)
    fallback = int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC).timestamp()) if newest else None
    _BUILT = edition_date(fallback, project_root())


def _built() -> dt.date:
    return _BUILT if _BUILT is not None else edition_date(None, project_root())


def cited_works(edition: Edition | None, slug: str) -> list[dict[str, Any]]:
    """The CSL-JSON records of the works in this text's reference list (when the edition has a
    bibliography), in the list's order."""
    apparatus = getattr(edition, "apparatus", None) if edition is not None else None
    bibliography = getattr(apparatus, "bibliography", None)
    if bibliography is None:
        return []
    return _lists_by_text(bibliography).get(slug, [])


# Each text's reference list, gathered once per bibliography: looking through every record for
# each text page made the pages of N texts cost N² (issue 15). Held with the bibliography it came
# from (compared by identity, so never mistaken for a later one's).
_LISTS: tuple[object, int, dict[str, list[dict[str, Any]]]] | None = None


def _lists_by_text(bibliography: Any) -> dict[str, list[dict[str, Any]]]:
    global _LISTS
    records = bibliography.records
    if _LISTS is not None and _LISTS[0] is bibliography and _LISTS[1] == len(records):
        return _LISTS[2]
    lists: dict[str, list[dict[str, Any]]] = {}
    for record in records.values():
        if record.origin == "list":
            lists.setdefault(record.text, []).append(record.csl)
    _LISTS = (bibliography, len(records), lists)
    return lists


def page_url(path: str) -> str:
    """The address of a page from its Markdown path, as MkDocs' `use_directory_urls` makes it:
    `texts/curtis-2018.md` → `texts/curtis-2018/`, `index.md` → ``."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


def text_facts(result: TextResult, settings: SiteSettings, has_pdf: bool, url: str,
               references: list[dict[str, Any]] | None = None) -> TextFacts:
    slug = result.seed.config.slug
    return TextFacts(
        config=result.seed.config,
        words=result.words_in_source - result.words_removed,
        edition_title=settings.site_name,
        edition_url=settings.absolute(url),
        pdf_url=settings.absolute(f"{DOWNLOADS}/{slug}.pdf") if has_pdf else None,
        built=_built(),
        references=tuple(references or ()),
        identity=_IDENTITY,
        given_names=_GIVEN_NAMES,
        year_suffix=_SUFFIXES.get(slug, ""),
    )


_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?\n)---\n", re.S)
_SOURCE_DETAILS = re.compile(r"^\{: \.source-details \}\n", re.M)
_TITLE = re.compile(r"^# .*\n", re.M)
_LINE_BREAK = re.compile(r"\r\n?|\n")  # what Python-Markdown reads as the end of a line


def complete_text_page(markdown: str, result: TextResult, edition: Edition, settings: SiteSettings,
                       downloads: set[str]) -> str:
    """The text's page with its head metadata (front matter), reading facts and Cite box."""
    url = page_url(result.page)
    facts = text_facts(result, settings, f"{DOWNLOADS}/{result.seed.config.slug}.pdf" in downloads, url,
                       cited_works(edition, result.seed.config.slug))
    front = _FRONT_MATTER.match(markdown)
    meta = (yaml.safe_load(front.group("yaml")) if front else None) or {}
    description = str(meta.get("description") or settings.site_description or "")
    # JSON is a YAML double-quoted scalar: the HTML goes in as one line, every character kept.
    head = "edition_head: " + json.dumps(head_html(facts, description, settings.site_name), ensure_ascii=False)
    if front:
        markdown = markdown[: front.end("yaml")] + head + "\n" + markdown[front.end("yaml"):]
    else:
        markdown = f"---\n{head}\n---\n\n" + markdown
    downloads_href = posixpath.relpath(DOWNLOADS, url or ".") + "/"
    # Each a raw HTML block of one line: a line break in a title (a blank line would end the block
    # and turn the rest into Markdown) is white space in HTML anyway.
    blocks = (reading_facts_html(facts), cite_box_html(facts, downloads_href))
    addition = "\n" + "\n\n".join(_LINE_BREAK.sub(" ", block) for block in blocks) + "\n\n"
    body_start = _FRONT_MATTER.match(markdown).end()  # type: ignore[union-attr]
    for pattern in (_SOURCE_DETAILS, _TITLE):  # after the source details, else after the title
        found = pattern.search(markdown, body_start)
        if found:
            return markdown[: found.end()] + addition + markdown[found.end():]
    return markdown[:body_start] + addition + markdown[body_start:]


Completed = dict[str, tuple[tuple[object, ...], str]]  # text page → (what it was made from, the page)


def _decoded(edition: Edition, memo: Completed | None) -> dict[str, str]:
    """The edition's pages as text; with `memo`, a page held in the same bytes as at the last build
    is the same string (not decoded again, and its hash, which `serve` compares, already known)."""
    if memo is None:
        return dict(edition.pages)
    pages: dict[str, str] = {}
    for path, encoded in edition.pages.encoded_items():
        known = memo.get("\0" + path)  # (a key no page path has)
        if known is None or known[0][0] is not encoded:
            known = memo["\0" + path] = ((encoded,), encoded.decode("utf-8"))
        pages[path] = known[1]
    return pages


def completed_pages(edition: Edition, settings: SiteSettings, downloads: set[str],
                    memo: Completed | None = None) -> dict[str, str]:
    """The edition's generated pages, each text's completed (`complete_text_page`). With `memo`
    (`mkdocs serve`, across rebuilds), a text page made from the same objects is not made again:
    after an edit to one text, one page is completed, not every text's."""
    remember_build(edition)
    pages = _decoded(edition, memo)
    pages.update(contents_pages(edition))  # (the list of the texts, when the navigation cannot hold it)
    for result in edition.texts:
        if result.page not in pages:
            continue
        has_pdf = f"{DOWNLOADS}/{result.seed.config.slug}.pdf" in downloads
        made_from = (result, edition.apparatus, edition.identity, pages[result.page], settings, has_pdf, _BUILT)
        known = memo.get(result.page) if memo is not None else None
        if known is not None and all(a is b for a, b in zip(known[0][:3], made_from[:3], strict=True)) \
                and known[0][3:] == made_from[3:]:
            pages[result.page] = known[1]
            continue
        pages[result.page] = complete_text_page(pages[result.page], result, edition, settings, downloads)
        if memo is not None:
            memo[result.page] = (made_from, pages[result.page])
    return pages


def escape_head_meta(page: Page, config: MkDocsConfig) -> None:
    """The theme writes the page's description into an attribute without escaping it; a quote
    in a text's standfirst or abstract would break the page's <head>. Escape it once, here,
    after the edition's own head tags (which escape for themselves) have been made."""
    description = page.meta.get("description")
    if isinstance(description, str) and not page.meta.get("_description_escaped"):
        page.meta["description"] = escape(description, quote=True)
        page.meta["_description_escaped"] = True


def download_files(edition: Edition, settings: SiteSettings) -> list[tuple[str, str]]:
    """(site path, content) of each text's BibTeX and RIS file."""
    found: list[tuple[str, str]] = []
    for result in edition.texts:
        facts = text_facts(result, settings, False, page_url(result.page))
        slug = result.seed.config.slug
        found += [(f"{DOWNLOADS}/{slug}.bib", bibtex(facts)), (f"{DOWNLOADS}/{slug}.ris", ris(facts))]
    return found
