"""What the MkDocs hook asks of the web edition, page by page.

`page_content` runs on each page's HTML: on a text's page it records the head metadata in
`page.meta["edition_head"]` (written into <head> by overrides/main.html), inserts the
reading facts and the "Cite this" box, and gives each paragraph its length for the browser's
layout (`layout_hints`). `download_files` gives the BibTeX and RIS files the
box links to, as files of the site.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING, Any

from mkdocs.utils import get_relative_url

from build_tools.load.identity import Identity
from build_tools.load.seeds import project_root
from build_tools.web.citation import bibtex, ris
from build_tools.web.cite_box import cite_box_html, insert_after_source_details, reading_facts_html
from build_tools.web.facts import TextFacts, edition_date
from build_tools.web.head import head_html
from build_tools.web.layout_hints import add_paragraph_lengths

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from build_tools.edition import Edition, TextResult

DOWNLOADS = "downloads"


def _absolute(config: MkDocsConfig, path: str) -> str | None:
    site_url = config.site_url
    return site_url.rstrip("/") + "/" + path.lstrip("/") if site_url else None


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
    return [record.csl for record in bibliography.records.values()
            if record.origin == "list" and record.text == slug]


def text_facts(result: TextResult, config: MkDocsConfig, files: Files | None, page_url: str,
               references: list[dict[str, Any]] | None = None) -> TextFacts:
    slug = result.seed.config.slug
    references = references or []
    pdf = f"{DOWNLOADS}/{slug}.pdf"
    has_pdf = files is not None and files.get_file_from_path(pdf) is not None
    return TextFacts(
        config=result.seed.config,
        words=result.words_in_source - result.words_removed,
        edition_title=config.site_name,
        edition_url=_absolute(config, page_url),
        pdf_url=_absolute(config, pdf) if has_pdf else None,
        built=_built(),
        references=tuple(references),
        identity=_IDENTITY,
        given_names=_GIVEN_NAMES,
        year_suffix=_SUFFIXES.get(slug, ""),
    )


def _result_for(edition: Edition | None, slug: object) -> TextResult | None:
    if edition is None or not isinstance(slug, str):
        return None
    return next((t for t in edition.texts if t.seed.config.slug == slug), None)


def page_content(html: str, page: Page, config: MkDocsConfig, files: Files, edition: Edition | None) -> str:
    result = _result_for(edition, page.meta.get("edition_slug"))
    if result is None:
        return html
    facts = text_facts(result, config, files, page.url, cited_works(edition, result.seed.config.slug))
    description = str(page.meta.get("description") or config.site_description or "")
    page.meta["edition_head"] = head_html(facts, description, config.site_name)
    downloads = get_relative_url(DOWNLOADS + "/", page.url)
    addition = reading_facts_html(facts) + "\n" + cite_box_html(facts, downloads)
    return insert_after_source_details(add_paragraph_lengths(html), addition)


def escape_head_meta(page: Page, config: MkDocsConfig) -> None:
    """The theme writes the page's description into an attribute without escaping it; a quote
    in a text's standfirst or abstract would break the page's <head>. Escape it once, here,
    after the edition's own head tags (which escape for themselves) have been made."""
    description = page.meta.get("description")
    if isinstance(description, str) and not page.meta.get("_description_escaped"):
        page.meta["description"] = escape(description, quote=True)
        page.meta["_description_escaped"] = True


def download_files(edition: Edition, config: MkDocsConfig) -> list[tuple[str, str]]:
    """(site path, content) of each text's BibTeX and RIS file."""
    found: list[tuple[str, str]] = []
    for result in edition.texts:
        facts = text_facts(result, config, None, result.page.removesuffix(".md") + "/")
        slug = result.seed.config.slug
        found += [(f"{DOWNLOADS}/{slug}.bib", bibtex(facts)), (f"{DOWNLOADS}/{slug}.ris", ris(facts))]
    return found
