"""A thin MkDocs hook: the edition's own build feeds MkDocs its generated pages.

The pipeline is the project's step, not a plugin: this hook only calls it and hands
MkDocs the Markdown in memory (`File.generated`), so nothing is written into `docs/` and
`mkdocs serve` (which watches `seeds/`, see `watch:` in mkdocs.yml) rebuilds without a
loop when an editor saves a seed or its YAML.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

# MkDocs loads a hook by file path; make the package importable however MkDocs was started.
if str(Path(__file__).resolve().parents[1]) not in sys.path:  # not once more per (re)build
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import build_tools.background_print as background_print
import build_tools.edition as edition_module
import build_tools.print_edition as print_edition
import build_tools.serve_incremental as serve_incremental
import build_tools.web.contents_pages as contents_pages
import build_tools.web.finish_site as finish_site
import build_tools.web.pages as web_pages
import build_tools.web.search_site as search_site
import build_tools.web.site_files as site_files
from build_tools.apparatus.entry_pages import NOT_IN_NAV_DIRS
from build_tools.diagnostics import BuildFailed
from build_tools.load.seeds import PROJECT_DIR_VARIABLE, project_root
from build_tools.outputs import LOCK_NAME, project_lock
from build_tools.render.book_meta import PrintSettings
from build_tools.render.identity import CHANGELOG_PAGE, footer_html, home_markdown

_current: edition_module.Edition | None = None
_finished = finish_site.new_run()  # this build's page fixes, counted page by page
_printed: print_edition.PrintEdition | None = None  # built by the command line, if it ran MkDocs
# or being set by it, while MkDocs renders: the job and its settings
_printing: tuple[print_edition.PrintJob, PrintSettings | None] | None = None
_pending_print: background_print.PendingPrint | None = None  # being set while MkDocs renders
_search = serve_incremental.RECORDS  # the search records of the pages (kept across `serve --dirty` rebuilds)
_downloads: set[str] = set()  # the site's downloads/ files: a page links only to those it has
_site_files: Files = Files([])  # this build's files (its pages: those the search index covers)


def _seeds_dir() -> Path | None:
    """`--seeds-dir` of the command line, passed down in the environment (default: seeds/)."""
    value = os.environ.get("EDITION_SEEDS_DIR")
    return Path(value) if value else None


def _build_under_lock() -> edition_module.Edition:
    """The edition, built while holding the project's build lock (build/.edition-build.lock): a
    `mkdocs serve` rebuild and a `python -m build_tools build` never write the cache at once. (When
    the command line runs MkDocs it holds the lock already and hands the edition over prebuilt.)"""
    with project_lock(project_root() / "build") as busy:
        if busy is not None:
            raise PluginError(busy.format(project_root() / "build" / LOCK_NAME))
        return edition_module.build_edition(seeds_dir=_seeds_dir())


def on_startup(command: str, dirty: bool) -> None:
    """Under `mkdocs serve`, a rebuild after an edit to one text rebuilds that text alone when it
    can, and with `--dirty` MkDocs renders only the pages that changed (build_tools/serve_incremental.py)."""
    serve_incremental.start(command, dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _current, _printed, _printing, _finished
    _finished = finish_site.new_run()
    # The edition is the folder of this mkdocs.yml, whichever folder MkDocs was started from.
    os.environ[PROJECT_DIR_VARIABLE] = str(Path(config.config_file_path).resolve().parent)
    prebuilt = edition_module.take_prebuilt(_seeds_dir())
    try:
        # `python -m build_tools build` has just built the edition (and the PDFs); `mkdocs build`
        # and `mkdocs serve` run alone build it here.
        _current = prebuilt.edition if prebuilt else serve_incremental.edition(_seeds_dir(), _build_under_lock)
        _printed = prebuilt.printed if prebuilt else None
        _printing = (prebuilt.printing, prebuilt.print_settings) if prebuilt and prebuilt.printing else None
    except BuildFailed as failed:
        lines = [d.format() for d in failed.diagnostics.items]
        raise PluginError("the edition's sources have errors:\n" + "\n".join(lines)) from None
    serve_incremental.skip_static_templates(config.theme.static_templates)
    config.nav = site_files.nav(_current)
    # The footer: who made which version, its licence (seeds/edition.yml), escaped here because the
    # theme writes `copyright` as HTML; overrides/partials/copyright.html adds the changelog link.
    config.copyright = footer_html(_current.identity, config.copyright or "")
    config.extra["edition_changelog"] = CHANGELOG_PAGE in _current.pages
    # The edition's search in the theme's header (build_tools/web/search_site.py).
    search_site.claim_header_slot(config)
    _search.start({t.page: t.seed.config.short_title for t in _current.texts})
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _current is not None
    # The offline edition (PDFs, EPUB) as files of the site, so `serve` and `build` both have them
    # and the "Download PDF" links are checked like every other link. Unless the command line has
    # just set them, Typst sets them in a background thread while MkDocs renders the pages.
    global _pending_print, _downloads
    if _printing is not None:  # the command line's job, setting the books while the pages render
        _pending_print = background_print.start(_current, files, config, *_printing)
    elif _printed is not None:
        for path, data in sorted(_printed.files.items()):
            files.append(File.generated(config, path, content=data))
    elif print_edition.print_paths(_current):  # none with `--no-pdf` or `extra: print: enabled: false`
        _pending_print = background_print.start(_current, files, config, deferred=serve_incremental.serving)
    _downloads = ({f.src_uri for f in files if f.src_uri.startswith(f"{print_edition.DOWNLOADS}/")}
                  | {p for p in _current.pages if p.startswith(f"{print_edition.DOWNLOADS}/")})
    # The pages, each text's with its head metadata, reading facts and Cite box (web/pages.py); an
    # index entry's own page (apparatus/entry_pages.py) and a text's removal report are not in the nav.
    settings = web_pages.SiteSettings.of(config)
    memo = serve_incremental.COMPLETED_PAGES if serve_incremental.serving else None
    for path, content in sorted(web_pages.completed_pages(_current, settings, _downloads, memo).items()):
        out_of_nav = path.startswith(NOT_IN_NAV_DIRS) or contents_pages.out_of_nav(path, _current)
        inclusion = InclusionLevel.NOT_IN_NAV if out_of_nav else InclusionLevel.UNDEFINED
        files.append(serve_incremental.generated_file(config, path, content, inclusion))
    # Each text's references (the original and this edition) for reference managers.
    for path, text in serve_incremental.download_files(_current, str(config.site_url),
                                                       lambda edition: web_pages.download_files(edition, settings)):
        files.append(serve_incremental.generated_file(config, path, text))
    global _site_files
    _site_files = files
    # `serve --dirty`: MkDocs renders again only what changed; a change every page shows, all.
    serve_incremental.mark_unchanged(files, repr((config.nav, sorted(_downloads))))
    return files


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    serve_incremental.on_env(env)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """The site finished (HTML fixes, minified own assets: build_tools/web/finish_site.py); the
    search index of the pages just written; the print edition, set beside the pages, written into
    the site (or the build fails). Under `serve` the last two follow in the background."""
    finished = _finished
    finish_site.finish_static_pages(Path(config.site_dir), finished)
    finish_site.finish_assets(Path(config.site_dir), finished)
    # (under `serve --dirty` pages left from the last build are finished already: a fix may match none)
    if (problem := finished.problem()) and not (serve_incremental.dirty and not finished.missing_assets):
        raise PluginError(problem)
    pages = {f.src_uri for f in _site_files if f.is_documentation_page()}
    global _pending_print
    pending, _pending_print = _pending_print, None
    if serve_incremental.serving:  # the pages are served at once; these follow in the background
        serve_incremental.after_build(config.site_dir, _search, pages, pending)
        return
    _search.write_pages(config.site_dir, pages)
    if pending is not None and (errors := background_print.finish(pending)):
        raise PluginError("the print edition failed:\n" + "\n".join(errors))


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    """The home page's statements made from the edition's data (who made it; what words changed);
    no link to a print file the site does not have (print edition off, or no whole-edition PDF)."""
    if _current is not None and page.file.src_uri == "index.md":
        markdown = home_markdown(markdown, _current)
    if f"{print_edition.DOWNLOADS}/" not in markdown:
        return markdown
    return print_edition.unlink_absent_downloads(markdown, _downloads)


def on_page_context(context: Any, page: Any, config: MkDocsConfig, nav: Any) -> Any:
    """The page's description, escaped for the theme's <meta> tag (see build_tools/web/pages.py)."""
    web_pages.escape_head_meta(page, config)
    return context


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    """The page's search records, taken from what the reader sees; the page finished
    (build_tools/web/finish_site.py: under `serve --dirty`, only the pages rendered are)."""
    _search.add_page(output, page)
    return finish_site.finish_page(output, _finished)
