"""The edition as a whole: run the pipeline over every text and render its pages.

This is what both the command line (`python -m build_tools build`) and the MkDocs hook
call. It returns Markdown in memory; writers decide where it goes.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Iterator, Mapping, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools import accounting, cache
from build_tools.apparatus import bibliography as bib
from build_tools.apparatus import editorial
from build_tools.apparatus.glossary import TextLabel
from build_tools.apparatus.indexes import APPARATUS_DIR, Indexes, IndexResult, finish_indexes, load_indexes
from build_tools.apparatus.pages import ApparatusResult
from build_tools.apparatus.pages import TextInfo as ApparatusText
from build_tools.apparatus.pages import build as build_apparatus
from build_tools.apparatus.split_pages import Routes, route_links
from build_tools.diagnostics import BuildFailed, Diagnostics
from build_tools.load.identity import EDITION_FILE, Identity, load_identity
from build_tools.load.seeds import Seed, discover, project_root
from build_tools.model import Document, Role
from build_tools.passes import PIPELINE, collector_paused
from build_tools.passes.context import PassContext
from build_tools.render.identity import CHANGELOG_PAGE, changelog_markdown
from build_tools.render.markdown import render_text_page
from build_tools.render.removal_report import count_words, render_report_pages, render_text_section

if TYPE_CHECKING:  # print_edition imports this module
    from build_tools.print_edition import PrintEdition, PrintJob
    from build_tools.render.book_meta import PrintSettings

TEXTS_DIR = "texts"
REPORT_PAGE = "removals.md"


class Pages(MutableMapping[str, str]):
    """Docs-relative path → Markdown, each page held as UTF-8 bytes and read back as text.

    Why: the edition holds every page until MkDocs (or the Markdown writer) takes them, and a
    page of prose with curly quotes is a str of two bytes per character in Python; as UTF-8 it
    is about half that (some 60 MB less for 1,000 texts; BENCHMARKS.md, memory). Reading a page
    decodes it again, which costs microseconds.
    """

    def __init__(self, pages: Mapping[str, str] | None = None) -> None:
        self._encoded: dict[str, bytes] = {}
        if pages:
            self.update(pages)

    def __getitem__(self, path: str) -> str:
        return self._encoded[path].decode("utf-8")

    def __setitem__(self, path: str, markdown: str) -> None:
        self._encoded[path] = markdown.encode("utf-8")

    def __delitem__(self, path: str) -> None:
        del self._encoded[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)

    def encoded_items(self) -> Iterator[tuple[str, bytes]]:
        return iter(self._encoded.items())

    def copy(self) -> Pages:
        """Another Pages holding the same pages (the encoded bytes are shared, never changed)."""
        other = Pages()
        other._encoded = dict(self._encoded)
        return other

    def set_encoded(self, path: str, markdown_utf8: bytes) -> None:
        """A page already encoded (a text's, shared with its TextResult rather than copied)."""
        self._encoded[path] = markdown_utf8


@dataclass
class TextResult:
    seed: Seed
    doc: Document
    markdown_utf8: bytes  # the page, encoded (see `Pages`); read it as `markdown`
    words_in_source: int
    words_removed: int
    warnings: int
    # References this text's build formatted first (in a worker process: handed back to the main
    # one, which sets the Bibliography page, so that no work is formatted twice).
    formatted: dict[bib.ItemKey, str] = field(default_factory=dict)

    @property
    def page(self) -> str:
        return f"{TEXTS_DIR}/{self.seed.config.slug}.md"

    @property
    def markdown(self) -> str:
        return self.markdown_utf8.decode("utf-8")

    @markdown.setter
    def markdown(self, value: str) -> None:
        self.markdown_utf8 = value.encode("utf-8")


@dataclass
class Edition:
    texts: list[TextResult] = field(default_factory=list)
    pages: Pages = field(default_factory=Pages)  # docs-relative path → Markdown
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    indexes: Indexes | None = None  # glossary, registers, themes (seeds/apparatus/)
    index_result: IndexResult | None = None  # where their entries are mentioned, and their pages
    apparatus: ApparatusResult | None = None  # bibliography, its back-references, apparatus pages
    identity: Identity = field(default_factory=Identity)
    editorial_data: editorial.EditorialData = field(default_factory=editorial.EditorialData)  # seeds/apparatus/
    routes: Routes = field(default_factory=dict)  # the split pages' anchors → sub-pages (split_pages.py)


def run_pipeline(seed: Seed, diagnostics: Diagnostics, indexes: Indexes | None = None) -> Document:
    doc = Document(seed.config.slug, seed.source_display, [])
    ctx = PassContext(seed, diagnostics, indexes)
    with collector_paused():
        for _name, run in PIPELINE:
            run(doc, ctx)
    return doc


def build_text(seed: Seed, diagnostics: Diagnostics, indexes: Indexes | None = None) -> TextResult:
    local = Diagnostics()
    doc = run_pipeline(seed, local, indexes)
    formatted_before = bib.formatted_count()
    if seed.seeds_dir is not None:  # the references shown on hover, formatted once per work
        bib.describe_citations(doc, editorial.cached(seed.seeds_dir))
    page = render_text_page(seed, doc)
    # Checked whatever else is wrong: a lost word is reported at once, not after every other error
    # has been fixed.
    source_words = accounting.words(seed.text)  # (counted once: the check and the summary use them)
    accounting.check(seed.text, seed.source_display, page, render_text_section(seed, doc), local, source_words)
    diagnostics.extend(local)
    return TextResult(seed, doc, page.encode("utf-8"), len(source_words),
                      sum(count_words(r.text) for r in doc.removals), len(local.warnings),
                      bib.formatted_since(formatted_before))


# Texts are independent, so a large edition is built in a pool of processes, one per core.
# Below this many texts starting the pool costs more than it saves (the two-text edition
# never starts one). `map` keeps the seeds' order and each text is built exactly as in one
# process, so the edition (pages, diagnostics and their order) is the same either way.
POOL_MIN_TEXTS = 16


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_Built = tuple[Document, bytes, int, int, int, dict[bib.ItemKey, str], Diagnostics]


def _build_alone(seed: Seed, indexes: Indexes | None = None) -> _Built:
    """One text in a worker process. The seed is not sent back: the main process has it, and a
    pickled copy of every source text would double the edition's memory."""
    local = Diagnostics()
    r = build_text(seed, local, indexes)
    return r.doc, r.markdown_utf8, r.words_in_source, r.words_removed, r.warnings, r.formatted, local


def build_texts(seeds: list[Seed], diagnostics: Diagnostics, workers: int | None = None,
                indexes: Indexes | None = None) -> list[TextResult]:
    """Every seed built, in order (or taken from build/cache/ when nothing it reads has changed,
    see build_tools/cache.py); `workers` None: one process per core when many texts need building."""
    keys = _cache_keys(seeds)
    built: dict[int, _Built] = {}
    for index, (seed, key) in enumerate(zip(seeds, keys, strict=True)):
        hit = cache.load_text(seed, key) if key else None
        if isinstance(hit, tuple) and len(hit) == 7 and isinstance(hit[0], Document):
            built[index] = hit
    todo = [index for index in range(len(seeds)) if index not in built]
    for index, result in zip(todo, _build_fresh([seeds[i] for i in todo], workers, indexes), strict=True):
        built[index] = result
        if keys[index] and not result[6].errors:
            cache.store_text(seeds[index], keys[index], result)
    results: list[TextResult] = []
    for index, seed in enumerate(seeds):  # in the seeds' order, whichever were cached
        doc, markdown, words_in_source, words_removed, warnings, formatted, local = built[index]
        diagnostics.extend(local)
        bib.remember_formatted(formatted)
        results.append(TextResult(seed, doc, markdown, words_in_source, words_removed, warnings, formatted))
    return results


def _cache_keys(seeds: list[Seed]) -> list[str]:
    """Each seed's cache key ("" with the cache off); the editorial data hashed once per folder."""
    if not cache.enabled():
        return [""] * len(seeds)
    editorial_digests: dict[Path | None, str] = {}
    keys = []
    for seed in seeds:
        if seed.seeds_dir not in editorial_digests:
            folder = seed.seeds_dir / APPARATUS_DIR if seed.seeds_dir is not None else None
            editorial_digests[seed.seeds_dir] = cache.folder_digest(folder) if folder is not None else ""
        keys.append(cache.text_key(seed, editorial_digests[seed.seeds_dir]))
    return keys


def _build_fresh(seeds: list[Seed], workers: int | None, indexes: Indexes | None) -> list[_Built]:
    """The pipeline run on every seed: in this process, or in a pool when there are many."""
    if workers is None:
        workers = available_cores() if len(seeds) >= POOL_MIN_TEXTS else 1
    workers = min(workers, len(seeds))
    with collector_for_the_build():
        if workers <= 1:
            return [_build_alone(seed, indexes) for seed in seeds]
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        chunk = max(1, len(seeds) // (workers * 8))
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return list(pool.map(partial(_build_alone, indexes=indexes), seeds, chunksize=chunk))


# The young generation's threshold while texts are built (Python's default is 700 allocations).
BUILD_COLLECTOR_THRESHOLD = 50_000


@contextlib.contextmanager
def collector_for_the_build() -> Iterator[None]:
    """Python's cycle collector set for building texts, as it was after.

    - Everything this process holds (the seeds, the indexes, the editorial data) is frozen out of
      its reach. It lives until the edition is done, so walking it again finds nothing to free: at
      1,000 texts each full collection walked 165,000 such objects (a tenth of a second). And, as
      Python's documentation advises before a fork, a pool worker's collections then never walk
      (and so never copy, page by page) the objects it inherited.
    - The young generation is collected after 50,000 allocations, not 700. The passes run with the
      collector paused (`passes.collector_paused`); with the default, the first allocation after
      them starts a collection that walks the whole document just made (2,000 objects, freed by
      reference counting moments later): 2 % of the passes' time. What the build leaves for the
      collector (citeproc's formatting makes 240 objects in cycles a text) waits a little longer.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BUILD_COLLECTOR_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def build_edition(root: Path | None = None, seeds_dir: Path | None = None, workers: int | None = None) -> Edition:
    """Every text through the pipeline; raises BuildFailed (with every diagnostic) on errors."""
    with editorial.build_scope():  # the editorial YAML read once for all the texts' passes
        return _build_edition(root, seeds_dir, workers)


def _build_edition(root: Path | None, seeds_dir: Path | None, workers: int | None) -> Edition:
    root = root or project_root()
    edition = Edition()
    seeds_dir = seeds_dir or root / "seeds"
    seeds = discover(seeds_dir, edition.diagnostics, root)
    edition.identity = load_identity(seeds_dir, _display(seeds_dir / EDITION_FILE, root), edition.diagnostics)
    edition.indexes = load_indexes(seeds_dir, _display(seeds_dir, root), edition.diagnostics)
    # Read before the texts are built (forked workers inherit it, none reads it again), and its
    # problems reported first: a text built on broken editorial data would only add errors that
    # follow from it (every citation that a dropped resolution should have linked).
    edition.editorial_data = editorial.reported(seeds_dir, edition.diagnostics)
    if edition.diagnostics.errors:
        raise BuildFailed(edition.diagnostics)
    edition.texts.extend(build_texts(seeds, edition.diagnostics, workers, edition.indexes))
    if not edition.diagnostics.errors:
        add_indexes(edition)
    if not edition.diagnostics.errors:
        add_bibliography(edition, seeds_dir)
    if edition.diagnostics.errors:
        raise BuildFailed(edition.diagnostics)
    for result in edition.texts:
        edition.pages.set_encoded(result.page, result.markdown_utf8)
    if edition.identity.versions or (root / "CHANGELOG.md").exists():  # nothing to show otherwise
        edition.pages[CHANGELOG_PAGE] = changelog_markdown(edition.identity, root / "CHANGELOG.md")
    report = render_report_pages([(t.seed, t.doc) for t in edition.texts], REPORT_PAGE)
    for path, markdown in report.items():  # one page, or a list of the texts and a page per text
        edition.pages[path] = exclude_from_search(markdown)
    route_split_links(edition)
    return edition


def route_split_links(edition: Edition) -> None:
    """Every link into a page split into sub-pages (a large edition's Bibliography, Editorial
    apparatus, Themes) sent to the sub-page with its anchor: `split_pages.route_links`. Here, in
    the main process, once every page is made, because a text's Markdown is rendered (and cached)
    per text without knowing whether the edition is large enough to split its pages."""
    edition.routes = {**(edition.index_result.routes if edition.index_result else {}),
                      **(edition.apparatus.routes if edition.apparatus else {})}
    if not edition.routes:
        return
    for result in edition.texts:
        route_text(result, edition.routes)
        edition.pages.set_encoded(result.page, result.markdown_utf8)
    texts = {result.page for result in edition.texts}
    for path in [p for p in edition.pages if p not in texts]:
        page = edition.pages[path]
        routed = route_links(page, path, edition.routes)
        if routed is not page:
            edition.pages[path] = routed


def route_text(result: TextResult, routes: Routes) -> None:
    """A text's links into the split pages sent to their sub-pages (see `route_split_links`)."""
    if routes:
        markdown = result.markdown
        routed = route_links(markdown, result.page, routes)
        if routed is not markdown:
            result.markdown = routed


def exclude_from_search(markdown: str) -> str:
    """The page with `search: exclude: true` in its front matter: Material leaves it out of the
    search index, which every reader downloads. For the removal report, whose removed web-page
    furniture (advertisements, navigation) would only pollute the results."""
    if not markdown.startswith("---\n"):
        return markdown
    return "---\nsearch:\n  exclude: true\n" + markdown[len("---\n"):]


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def add_indexes(edition: Edition) -> None:
    """Across texts, once all are built: index pages, and the themes' "see also" links.

    A text that gained "see also" lines is rendered again; they only add the editor's
    words, so its word accounting (done on the first rendering) still holds.
    """
    if edition.indexes is None:
        return
    docs = [(TextLabel(t.seed.config.slug, t.seed.config.short_title, t.page), t.doc) for t in edition.texts]
    edition.index_result = finish_indexes(edition.indexes, docs, edition.diagnostics)
    edition.pages.update(edition.index_result.pages)
    for result in edition.texts:
        if any(p.see_also for p in result.doc.paragraphs(Role.BODY)):
            result.markdown = render_text_page(result.seed, result.doc)


def add_bibliography(edition: Edition, seeds_dir: Path) -> None:
    """Across texts, once all are built: the Bibliography (with back-references to every
    citation), the Editorial apparatus page and the bibliography's CSL-JSON, BibTeX and RIS."""
    texts = [ApparatusText(t.seed.config.slug, t.seed.config.short_title, t.page, t.doc) for t in edition.texts]
    edition.apparatus = build_apparatus(texts, seeds_dir, edition.diagnostics)
    edition.pages.update(edition.apparatus.pages)


@dataclass
class Prebuilt:
    """An edition (and print edition) the command line has just built, for the MkDocs hook."""

    edition: Edition
    printed: PrintEdition | None
    seeds_dir: Path | None
    printing: PrintJob | None = None  # the print edition, still being set (with these settings)
    print_settings: PrintSettings | None = None


# `python -m build_tools build` runs MkDocs in its own process after building the edition; the
# hook takes what is here instead of building it all again. MkDocs loads the hook by file path,
# so the hand-over lives in this normally imported module. Taken once: a later build (say, under
# `mkdocs serve`) never sees a stale edition.
_prebuilt: Prebuilt | None = None


def offer_prebuilt(edition: Edition, printed: PrintEdition | None, seeds_dir: Path | None,
                   printing: PrintJob | None = None, print_settings: PrintSettings | None = None) -> None:
    global _prebuilt
    _prebuilt = Prebuilt(edition, printed, seeds_dir, printing, print_settings)


def take_prebuilt(seeds_dir: Path | None = None) -> Prebuilt | None:
    """What the command line offered for these seeds (None: build it), emptying the slot."""
    global _prebuilt
    taken, _prebuilt = _prebuilt, None
    if taken is None or taken.seeds_dir != seeds_dir:
        return None
    return taken


def summary_line(result: TextResult) -> str:
    doc = result.doc
    paragraphs = sum(1 for _ in doc.paragraphs(Role.BODY))
    turns = len({p.turn for p in doc.paragraphs(Role.BODY) if p.turn is not None})
    parts = [f"{paragraphs} ¶", f"{len(doc.footnotes)} notes"]
    if turns:
        parts.append(f"{turns} turns")
    kept = result.words_in_source - result.words_removed
    parts += [f"{kept:,} words kept", f"{result.words_removed:,} removed", f"{result.warnings} warnings"]
    return f"{result.seed.config.slug}: " + ", ".join(parts)
