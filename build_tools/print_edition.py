"""The offline edition: PDFs (through Typst) and an EPUB, from the pipeline's document model.

Called by the command line (which writes `build/pdf/`) and by the MkDocs hook (which adds
the files to the site under `downloads/`). Nothing here downloads anything: Typst runs from
its wheel with its embedded fonts only (system fonts are ignored, so every machine sets the
same glyphs), and the creation date is fixed, so the same input gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

import typst

from build_tools import cache as disk_cache
from build_tools.diagnostics import Diagnostics
from build_tools.edition import Edition, available_cores
from build_tools.load.seeds import Seed, project_root
from build_tools.model import Document, Paragraph
from build_tools.outputs import mark, staging_for, swap_into_place
from build_tools.render import epub
from build_tools.render.book_backmatter import Section, back_matter, principles_from_markdown, short_titles
from build_tools.render.book_meta import EditionInfo, PrintSettings, edition_info, print_settings
from build_tools.render.typst_backmatter import back_labels, render_back_matter
from build_tools.render.typst_markup import TYPST_PARAGRAPH_LIMIT, book_labels, render_book

DOWNLOADS = "downloads"
EDITION_PDF = f"{DOWNLOADS}/edition.pdf"
EDITION_EPUB = f"{DOWNLOADS}/edition.epub"
PDF_STANDARDS: list[typst.PDFStandard] = ["ua-1"]  # checked by Typst at compile time


def text_pdf(slug: str) -> str:
    return f"{DOWNLOADS}/{slug}.pdf"


class StoredFiles(MutableMapping[str, bytes]):
    """Print files written into a folder as they are set, and read back only when asked for: an
    edition of 1,000 texts then never holds its 1,000 PDFs in memory at once (issue 15)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: dict[str, Path] = {}  # docs-relative path → the file written

    def __setitem__(self, key: str, data: bytes) -> None:
        target = self.folder / Path(key).name  # (every print file is in downloads/, none nested)
        target.write_bytes(data)
        self.paths[key] = target

    def __getitem__(self, key: str) -> bytes:
        return self.paths[key].read_bytes()

    def __delitem__(self, key: str) -> None:
        self.paths.pop(key).unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


@dataclass
class PrintEdition:
    files: MutableMapping[str, bytes] = field(default_factory=dict)  # docs-relative path → content
    sources: dict[str, str] = field(default_factory=dict)  # docs-relative PDF path → its Typst source
    seconds: dict[str, float] = field(default_factory=dict)

    def size(self, path: str) -> int:
        files = self.files
        return files.paths[path].stat().st_size if isinstance(files, StoredFiles) else len(files[path])

    def copy(self, path: str, target: Path) -> None:
        """Write the file `path` to `target` (from its folder, when stored, without reading it here)."""
        if isinstance(self.files, StoredFiles):
            shutil.copyfile(self.files.paths[path], target)
        else:
            target.write_bytes(self.files[path])


def timestamp(items: list[tuple[Seed, Document]], edition_day: dt.date | None = None) -> dt.datetime:
    """The books' date: the edition's date (`seeds/edition.yml`), the one the site gives too; without
    it, SOURCE_DATE_EPOCH if set (the reproducible-builds convention), else the newest text's."""
    if edition_day is not None:
        return dt.datetime(edition_day.year, edition_day.month, edition_day.day, tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    newest = max(seed.config.date for seed, _ in items)
    return dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC)


def editorial_principles(root: Path) -> list[Section]:
    """The "Editorial principles" of the site's About page (docs/about.md), for the books' apparatus:
    the same words, so that print and screen state the same rules (none if the page has none)."""
    try:
        return principles_from_markdown((root / "docs" / "about.md").read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def compile_pdf(source: str, when: dt.datetime) -> bytes:
    """Typst source → PDF bytes (tagged, PDF/UA-1), or typst.TypstError."""
    return compile_with_warnings(source, when)[0]


def compile_with_warnings(source: str, when: dt.datetime) -> tuple[bytes, list[str]]:
    """The PDF and Typst's warnings. A PDF/UA-1 violation (say, a character none of the embedded
    fonts has, which UA forbids) does not cost the reader the PDF: it is set again, still tagged
    but without the UA claim, and the violation becomes a warning."""
    data = source.encode("utf-8")
    try:
        pdf, warnings = typst.compile_with_warnings(data, format="pdf", ignore_system_fonts=True,
                                                    pdf_standards=PDF_STANDARDS, timestamp=when)
        notes = []
    except typst.TypstError as error:
        if "PDF/UA" not in error.message:
            raise
        pdf, warnings = typst.compile_with_warnings(data, format="pdf", ignore_system_fonts=True, timestamp=when)
        notes = [f"not PDF/UA-1 conformant, so written without that claim: {error.message}"]
    return pdf, notes + [" ".join(w.message.split()) for w in warnings]


# `mkdocs serve` keeps the hook loaded and rebuilds on every save; a save that does not change
# a book's Typst source (a stylesheet, a hand-written page, another text) reuses its PDF instead
# of setting it again: from memory, or from build/cache/ (build_tools/cache.py), which a new
# process finds too. Keyed by the source, the date and the code, so it can only return what
# compiling would return.
_CACHE: dict[str, tuple[bytes, list[str]]] = {}
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()


def _is_stored_pdf(stored: object) -> TypeGuard[tuple[bytes, list[str]]]:
    """A build-cache entry of a PDF as `_compile_cached` stores it: (bytes, warnings)."""
    return isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], bytes)


def _compile_cached(source: str, when: dt.datetime, name: str = "") -> tuple[bytes, list[str]]:
    key = disk_cache.pdf_key(source, when.isoformat())
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is not None:
        return found
    stored = disk_cache.load_pdf(name, key) if name else None
    if not _is_stored_pdf(stored):
        stored = compile_with_warnings(source, when)
        if name:
            disk_cache.store_pdf(name, key, stored)
    with _CACHE_LOCK:  # (the books are set in threads)
        if len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = stored
    return stored


# A text's book is set from its text (the TextResult's seed and document) and the edition's
# apparatus. Under `mkdocs serve`, a rebuild after an edit to one text keeps every other text's
# objects, so their books are the ones of the last build: taken from build/cache/ by the key their
# source had, without writing the source again (some 40 ms of Python a book, seconds at 1,000 texts).
_BOOKS: dict[str, tuple[tuple[object, ...], dt.datetime, str]] = {}  # path → (made from, date, cache key)


def _made_from(book_items: list[tuple[Seed, Document]], edition: Edition) -> tuple[object, ...]:
    return (*(part for item in book_items for part in item), edition.index_result, edition.apparatus,
            edition.identity, edition.editorial_data)


def _set_before(path: str, book_items: list[tuple[Seed, Document]], edition: Edition,
                when: dt.datetime) -> Future[tuple[bytes, list[str], float]] | None:
    """The book as the last build set it, if it is made from the same objects and still cached."""
    known = _BOOKS.get(path)
    made_from = _made_from(book_items, edition)
    if known is None or known[1] != when or len(known[0]) != len(made_from) \
            or not all(a is b for a, b in zip(known[0], made_from, strict=True)):
        return None
    stored = disk_cache.load_pdf(path, known[2])
    if not _is_stored_pdf(stored):
        return None
    done: Future[tuple[bytes, list[str], float]] = Future()
    done.set_result((stored[0], list(stored[1]), 0.0))
    return done


def print_paths(edition: Edition, settings: PrintSettings | None = None) -> list[str]:
    """Every file `build_print_edition` makes (site-relative), known before anything is set."""
    settings = settings or print_settings(project_root())
    if not settings.enabled:
        return []
    whole = [EDITION_PDF] if settings.whole_pdf(len(edition.texts)) else []
    return [*whole, *(text_pdf(t.seed.config.slug) for t in edition.texts), EDITION_EPUB]


def build_print_edition(edition: Edition, root: Path | None = None,
                        diagnostics: Diagnostics | None = None, cache: bool = True,
                        settings: PrintSettings | None = None, store: Path | None = None) -> PrintEdition:
    """Every PDF and the EPUB; a Typst error becomes diagnostic B002 (and that file is skipped).
    `cache=False` sets every PDF afresh (the reproducibility test needs two real compilations).
    The whole-edition PDF only if `settings` (mkdocs.yml `extra: print:`) want it for this many texts.
    With `store` (an existing folder) each file is written there as soon as it is set, and only
    the Typst sources of books that failed are kept: memory stays flat however many texts."""
    root = root or project_root()
    settings = settings or print_settings(root)
    result = PrintEdition(files=StoredFiles(store) if store is not None else {})
    if not settings.enabled:
        return result
    info: EditionInfo = edition_info(root, edition.identity, edition.editorial_data.given_names)
    items = [(t.seed, t.doc) for t in edition.texts]
    if diagnostics is not None:
        warn_long_paragraphs(items, diagnostics)
    when = timestamp(items, edition.identity.date)
    shorts = short_titles(edition)
    principles = editorial_principles(root)
    books: list[tuple[str, list[tuple[Seed, Document]], bool]] = []
    if settings.whole_pdf(len(items)):
        books.append((EDITION_PDF, items, True))
    books += [(text_pdf(seed.config.slug), [(seed, doc)], False) for seed, doc in items]

    def compiled(path: str, source: str) -> tuple[bytes, list[str], float]:
        started = time.perf_counter()
        pdf, warnings = _compile_cached(source, when, path) if cache else compile_with_warnings(source, when)
        return pdf, warnings, time.perf_counter() - started

    def take(path: str, written: float, future: Future[tuple[bytes, list[str], float]]) -> None:
        result.seconds[path] = written  # (the source's writing, then its setting, added below)
        try:
            pdf, warnings, seconds = future.result()
        except typst.TypstError as error:
            if diagnostics is None:
                raise
            diagnostics.error("B002", f"Typst could not set {path}: {error.message}", path,
                              hint="the Typst source (written by build_tools/render/typst_markup.py) is saved "
                                   "beside the PDFs as a .typ file; this is a bug in the renderer or template")
            return
        result.seconds[path] += seconds
        result.files[path] = pdf
        if store is not None:  # set: its source is no longer needed (a failed book's is kept, to be saved)
            result.sources.pop(path, None)
        for warning in warnings:
            if diagnostics is not None:
                diagnostics.warning("B003", f"Typst: {warning}", path, hint="look at the page in the PDF; "
                                    "the page design is build_tools/typst/edition.typ")

    # Typst sets a book without holding the GIL: the books are set in threads, one per core, while
    # the next books' sources are written. The results are taken in order (diagnostics, files), and
    # no more than a few books wait to be taken, so that their PDFs are not all held at once.
    setting: deque[tuple[str, float, Future[tuple[bytes, list[str], float]]]] = deque()
    cores = available_cores()
    with ThreadPoolExecutor(max_workers=cores, thread_name_prefix="typst") as pool:
        for path, book_items, whole in books:
            started = time.perf_counter()
            if cache and not whole and (reused := _set_before(path, book_items, edition, when)) is not None:
                setting.append((path, 0.0, reused))
                continue
            slugs = {seed.config.slug for seed, _ in book_items}
            parts = back_matter(edition, slugs, principles)
            entries = back_labels(parts)
            back = render_back_matter(parts, book_labels(book_items) | entries, shorts, len(slugs) > 1)
            source = render_book(book_items, info, whole=whole, back=back, back_labels=entries)
            result.sources[path] = source
            if cache and not whole:
                _BOOKS[path] = (_made_from(book_items, edition), when, disk_cache.pdf_key(source, when.isoformat()))
            setting.append((path, time.perf_counter() - started, pool.submit(compiled, path, source)))
            while len(setting) > 2 * cores:
                take(*setting.popleft())
        while setting:
            take(*setting.popleft())
    started = time.perf_counter()
    all_slugs = {seed.config.slug for seed, _ in items}
    result.files[EDITION_EPUB] = epub.build_epub(items, info, when, back_matter(edition, all_slugs, principles))
    result.seconds[EDITION_EPUB] = time.perf_counter() - started
    return result


# A page's link to a download the site does not have (no print edition, or no whole-edition PDF
# for an edition this large): the "Download PDF" button goes; elsewhere the words stay, unlinked.
_DOWNLOAD_BUTTON = re.compile(r"(?: · )?\[[^\]\n]*\]\((?:\.\./)*(?P<path>downloads/[^)\s]+\.(?:pdf|epub))\)"
                              r"\{: \.download-pdf \}")
_DOWNLOAD_LINK = re.compile(r"\[(?P<words>[^\]\n]*)\]\((?:\.\./)*(?P<path>downloads/[^)\s]+\.(?:pdf|epub))\)")


def unlink_absent_downloads(markdown: str, present: set[str]) -> str:
    """The page without links to print files not in `present` (site-relative paths)."""
    markdown = _DOWNLOAD_BUTTON.sub(lambda m: m[0] if m["path"] in present else "", markdown)
    return _DOWNLOAD_LINK.sub(lambda m: m[0] if m["path"] in present else m["words"], markdown)


def warn_long_paragraphs(items: list[tuple[Seed, Document]], diagnostics: Diagnostics) -> None:
    """P007: a paragraph too long for Typst to set in one piece (see TYPST_PARAGRAPH_LIMIT)."""
    for seed, doc in items:
        long = [p for p in doc.blocks if isinstance(p, Paragraph) and len(p.text) > TYPST_PARAGRAPH_LIMIT]
        if long:
            diagnostics.warning("P007", f"{len(long)} paragraph(s) longer than {TYPST_PARAGRAPH_LIMIT:,} characters "
                                "are set in several pieces in the PDF", seed.source_display, long[0].span.line,
                                hint="a paragraph this long is usually lines the extraction joined: check the "
                                     "source's line breaks and the profile's `blocks:` rule")


def report_print_files(built: PrintEdition, diagnostics: Diagnostics, target: Path, started: float,
                       swap: bool = True) -> PrintEdition | None:
    """Each file's size and time, the diagnostics; on an error, the failed books' Typst sources saved
    beside the PDFs and None. The files are in `<target>.new` (build_print_edition's `store`, as
    `start_print_files` gives it); with `swap` they then replace `target`."""
    staging = staging_for(target, clear=False)
    for path in sorted(built.files):
        print(f"print: {Path(path).name}: {built.size(path) / 1024:,.0f} KiB in {built.seconds[path]:.2f} s")
    for item in diagnostics.items:
        print(item.format(), file=sys.stderr)
    if diagnostics.errors:
        for path, source in built.sources.items():
            if path not in built.files:
                (staging / (Path(path).stem + ".typ")).write_text(source, encoding="utf-8")
        print(f"error B002 the print edition failed; its files are in {staging}, the previous ones are left as "
              "they were", file=sys.stderr)
        return None
    mark(staging)
    if swap:
        swap_into_place(staging, target)
    print(f"print: {target} in {time.perf_counter() - started:.2f} s")
    return built


# --- set in the background: beside MkDocs rendering the pages (background_print.py) ---------------

PrintJob = Future[tuple[PrintEdition, Diagnostics]]
_PRINTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="print-edition")


def _set(edition: Edition, root: Path | None, settings: PrintSettings | None,
         store: Path | None) -> tuple[PrintEdition, Diagnostics]:
    diagnostics = Diagnostics()
    return build_print_edition(edition, root, diagnostics, settings=settings, store=store), diagnostics


def submit(edition: Edition, root: Path | None = None, settings: PrintSettings | None = None,
           store: Path | None = None) -> PrintJob:
    """Start setting the print edition in a background thread (into the folder `store`, if given)."""
    return _PRINTER.submit(_set, edition, root, settings, store)


@dataclass
class PrintFiles:
    """The command line's print edition, being set into `<target>.new` while MkDocs renders."""

    job: PrintJob
    target: Path
    settings: PrintSettings
    started: float


def start_print_files(edition: Edition, root: Path, target: Path, settings: PrintSettings) -> PrintFiles:
    """Begin setting the PDFs and EPUB into `<target>.new`, each file written as soon as it is set."""
    staging = staging_for(target)
    staging.mkdir(parents=True)
    return PrintFiles(submit(edition, root, settings, staging), target, settings, time.perf_counter())


def finish_print_files(printing: PrintFiles) -> PrintEdition | None:
    """Wait for the print edition; report each file (`report_print_files`); None if it failed."""
    built, diagnostics = printing.job.result()
    return report_print_files(built, diagnostics, printing.target, printing.started, swap=False)
