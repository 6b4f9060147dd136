"""`mkdocs serve` on a large edition: an edit to one text rebuilds that text, and MkDocs renders
only the pages whose content changed (issue 15: an edit shown in about a second at 1,000 texts).

Two layers, both used only under `mkdocs serve` (a `build` is always whole):

- **The edition.** After a whole build the edition stays in memory with a stamp (mtime, size)
  of every file under the seeds folder. On the next rebuild the files are stamped again (a few
  milliseconds for 1,000 texts). Nothing changed (an edit to docs/ or mkdocs.yml): the edition
  is reused. Only files inside existing text folders changed: each such text is loaded and run
  through the pipeline alone, and kept only if what the other pages read from it is unchanged —
  its settings other than its page-local `note_on_text`, where its glossary terms and register
  names are (the index pages, the themes' "see also" lines), its paragraph numbers, its
  citations, links and reference list (the bibliography), its removals (the removal report), its
  editor's notes and footnotes, and its diagnostics (the Editorial apparatus page). That is
  `cross_text_signature`, compared with the one of the text it replaces. Anything else (a new or
  removed text, MANIFEST.yml, a profile, the editorial YAML of `apparatus/`, or an edit that
  changes one of those) rebuilds the whole edition, as before (from the build cache).
- **The pages.** With `mkdocs serve --dirty` (what `make serve` runs), MkDocs re-renders only
  the files it is told were modified. A generated page or file is "modified" if its content
  differs from the previous build's, or if anything every page shows changed (the navigation,
  the set of downloads): then every page is. A generated file whose content is the previous
  build's is that build's File object again, with its Page (`generated_file`). The search index
  keeps each page's records from the build that last rendered it (`PageRecords`), so it still
  covers every page.
- **The editorial data** (`apparatus/editorial.py`) is kept when the only files changed are texts'
  text.yml files that give the works of bibliography.yml the records they gave (a note, a
  setting): `_same_data`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.structure.files import File, Files, InclusionLevel

from build_tools import background_print
from build_tools.apparatus import editorial
from build_tools.apparatus.mentions import find_places
from build_tools.diagnostics import Diagnostic, Diagnostics
from build_tools.edition import Edition, TextResult, build_text, route_text
from build_tools.load.seeds import load_text, project_root, read_manifest
from build_tools.model import Role, Text, walk_inlines
from build_tools.render.markdown import render_text_page
from build_tools.web import search_index, search_site

PAGE_LOCAL_SETTINGS = ("note_on_text",)  # text.yml fields shown on the text's own page (and print) only

Stamps = dict[str, tuple[int, int]]


@dataclass
class _State:
    seeds_dir: Path
    edition: Edition
    stamps: Stamps
    digests: dict[str, str] = field(default_factory=dict)  # a generated file's content, last build
    shared: str = ""  # what every page shows (nav, downloads), last build
    last: str = "none"  # how the last edition was made: "whole", "texts: a, b", "reused"


serving = False  # set by the hook's on_startup: `mkdocs serve`
dirty = False  # … with --dirty: MkDocs renders only modified files
_state: _State | None = None


class DirtyNotice(logging.Filter):
    """MkDocs warns on every `--dirty` build that the navigation of pages not rendered again may
    be stale, and `strict: true` makes that warning fatal. Here it is not stale: any change to
    what every page shows renders every page (`mark_unchanged`). Only that one message is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def start(command: str, is_dirty: bool) -> None:
    """From the hook's on_startup (once per `mkdocs serve` or `build` process)."""
    global serving, dirty
    serving, dirty = command == "serve", command == "serve" and is_dirty
    build_logger = logging.getLogger("mkdocs.commands.build")
    if dirty and not any(isinstance(f, DirtyNotice) for f in build_logger.filters):
        build_logger.addFilter(DirtyNotice())
    if serving and Files.add_files_from_theme is not _theme_files_remembered:
        global _add_theme_files
        _add_theme_files = Files.add_files_from_theme
        Files.add_files_from_theme = _theme_files_remembered  # type: ignore[method-assign]


# MkDocs finds the theme's static files (some 50) by listing all its templates on every build:
# Material's 14,000 icons, about 0.14 s of each rebuild under `serve`. Installed themes do not
# change while the server runs, so the list is kept; a theme folder of the project (overrides/)
# is looked at again, by its files' stamps, so an asset added there is still found.
_add_theme_files: Callable[[Files, Any, Any], None] | None = None
_THEME_FILES: dict[tuple[object, ...], list[tuple[str, str]]] = {}


def _theme_files_remembered(self: Files, env: Any, config: Any) -> None:
    assert _add_theme_files is not None
    root = str(project_root().resolve())
    local = [d for d in config.theme.dirs if os.path.realpath(d).startswith(root)]
    key = (tuple(config.theme.dirs), tuple(sorted(config.theme.static_templates)),
           tuple(tuple(sorted(stamps(Path(d)).items())) for d in local))
    found = _THEME_FILES.get(key)
    if found is None:
        probe = Files([])
        _add_theme_files(probe, env, config)
        found = _THEME_FILES[key] = [(f.src_uri, f.src_dir) for f in probe if f.src_dir is not None]
    for path, directory in found:
        if self.get_file_from_path(path) is None:  # (theme files do not override the docs' own)
            self.append(File(path, directory, config.site_dir, config.use_directory_urls))


def stamps(seeds_dir: Path) -> Stamps:
    """(mtime in ns, size) of every file under the seeds folder, by relative path (with `/`).
    (`os.scandir`: a rebuild at 1,000 texts stamps some 2,000 files, and `os.walk` with a
    `stat` and a relative path per file cost about 50 ms of it.)"""
    found: Stamps = {}
    pending = [("", str(seeds_dir))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if not entry.is_symlink():  # (as `os.walk`: a linked folder is not entered)
                        pending.append((prefix + entry.name + "/", entry.path))
                    continue
                info = entry.stat()
            except OSError:
                continue
            found[prefix + entry.name] = (info.st_mtime_ns, info.st_size)
    return found


def changed_texts(before: Stamps, after: Stamps, known: set[str]) -> set[str] | None:
    """The slugs of the texts whose folders alone changed; None if anything else changed."""
    slugs: set[str] = set()
    for path in before.keys() | after.keys():
        if before.get(path) == after.get(path):
            continue
        parts = path.split("/")
        if len(parts) < 3 or parts[0] != "texts" or parts[1] not in known:
            return None
        slugs.add(parts[1])
    return slugs


def edition(seeds_dir: Path | None, build_whole: Callable[[], Edition]) -> Edition:
    """The edition for this build: under `mkdocs serve`, the last one with the edited texts
    rebuilt when that is enough; otherwise (and always outside `serve`) `build_whole()`."""
    global _state
    folder = (seeds_dir or project_root() / "seeds").resolve()
    if not serving:
        return build_whole()
    now = stamps(folder)
    state = _state
    if state is not None and state.seeds_dir == folder:
        slugs = changed_texts(state.stamps, now, {t.seed.config.slug for t in state.edition.texts})
        if slugs is not None:
            # (a new Edition: the previous build's search index and print files, still being written in
            # the background, read the previous one; this build does not wait for them)
            rebuilt = rebuild_texts(state.edition, folder, sorted(slugs)) if slugs else state.edition
            if rebuilt is not None:
                state.edition, state.stamps = rebuilt, now
                state.last = ("texts: " + ", ".join(sorted(slugs))) if slugs else "reused"
                return rebuilt
    settle()  # a whole build: after the previous build's background writing
    whole = build_whole()
    previous = _state
    _state = _State(folder, whole, now, last="whole")
    if previous is not None and previous.seeds_dir == folder:
        _state.digests, _state.shared = previous.digests, previous.shared
    return whole


def last_build() -> str:
    return _state.last if _state is not None else "none"


def forget() -> None:
    """No edition kept (tests; a serve session that ends)."""
    global _state
    _state = None
    COMPLETED_PAGES.clear()
    _DOWNLOADS.clear()
    _FILES.clear()


# --- one text rebuilt ---------------------------------------------------------------------------


def _text_diagnostics(items: Iterable[Diagnostic], result: TextResult) -> list[str]:
    """The diagnostics about one text: those naming a file of its folder."""
    folder = result.seed.source_display.rsplit("/", 1)[0] + "/"
    return [d.format() for d in items if d.file.startswith(folder)]


def cross_text_signature(result: TextResult, diagnostics: list[str], whole: Edition) -> str:
    """A digest of everything about a text that a page other than its own reads (see the module's
    docstring); two results with the same signature differ only on their own page."""
    digest = hashlib.sha256()
    local: dict[str, Any] = {name: None for name in PAGE_LOCAL_SETTINGS}
    config = dataclasses.replace(result.seed.config, **local)
    doc = result.doc
    parts: list[Any] = [repr(config), repr(result.seed.profile), result.words_in_source, result.words_removed,
                        result.warnings, diagnostics, repr(doc.removals), repr(doc.editor_notes), repr(doc.footnotes)]
    indexes = whole.indexes
    for matcher in (indexes.term_matcher, indexes.entity_matcher) if indexes is not None else ():
        if matcher is not None:
            parts.append(repr(sorted(find_places(matcher, [(doc, result.page)]).items())))
    for block in doc.blocks:
        role = getattr(block, "role", None)
        parts.append((type(block).__name__, repr(role), getattr(block, "number", None), getattr(block, "anchor", None)))
        if role is Role.REFERENCE:
            parts.append(repr(block))
        inlines = getattr(block, "inlines", None)
        if isinstance(inlines, list):
            # Citations, links, term and name links, note markers: what the apparatus gathers. The
            # words between them may change (that is the edit).
            parts.append([repr(node) for node in walk_inlines(inlines) if not isinstance(node, Text)])
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def rebuild_texts(whole: Edition, seeds_dir: Path, slugs: list[str]) -> Edition | None:
    """`whole` with these texts rebuilt, if each differs only on its own page (a new Edition sharing
    everything else; `whole` is left as it was); None otherwise, or if a text now has errors."""
    root = project_root()
    position = {t.seed.config.slug: n for n, t in enumerate(whole.texts)}
    replaced: list[tuple[int, TextResult]] = []
    with editorial.build_scope():
        manifest = read_manifest(seeds_dir, root, Diagnostics())
        for slug in slugs:
            local = Diagnostics()
            seed = load_text(seeds_dir / "texts" / slug, seeds_dir, root, manifest, local)
            if seed is None or local.errors:
                return None
            try:
                result = build_text(seed, local, whole.indexes)
            except Exception:  # the whole build reports it properly
                return None
            old = whole.texts[position[slug]]
            if local.errors or (cross_text_signature(result, _text_diagnostics(local.items, result), whole)
                                != cross_text_signature(old, _text_diagnostics(whole.diagnostics.items, old), whole)):
                return None
            # The same places, so the same "see also" lines (added by the themes after the pipeline).
            new_paragraphs = list(result.doc.paragraphs(Role.BODY))
            old_paragraphs = list(old.doc.paragraphs(Role.BODY))
            if len(new_paragraphs) != len(old_paragraphs):
                return None
            for new, before in zip(new_paragraphs, old_paragraphs, strict=True):
                new.see_also = list(before.see_also)
                # (and shown as they were: a run of equal lines once, under its last paragraph)
                new.see_also_folded, new.see_also_for = before.see_also_folded, before.see_also_for
            if any(p.see_also for p in new_paragraphs):
                result.markdown = render_text_page(result.seed, result.doc)
            route_text(result, whole.routes)  # (its links into a large edition's split pages)
            replaced.append((position[slug], result))
    fresh = dataclasses.replace(whole, texts=list(whole.texts), pages=whole.pages.copy())
    for index, result in replaced:
        fresh.texts[index] = result
        fresh.pages.set_encoded(result.page, result.markdown_utf8)
    return fresh


# --- pages: only what changed is rendered again (`mkdocs serve --dirty`) -------------------------


class TrackedFile(File):
    """A generated file that says it is unmodified when its content is the previous build's."""

    unchanged = False
    asked_inclusion = InclusionLevel.UNDEFINED  # as the hook made it (MkDocs may settle it after)
    _written: bool | None = None  # whether the last build's copy is in the site (looked at once)

    def is_modified(self) -> bool:
        # (MkDocs asks two or three times per build: reading, rendering, copying)
        if self.unchanged:
            if self._written is None:
                self._written = os.path.isfile(self.abs_dest_path)
            if self._written:
                return False
        return super().is_modified()


# The generated files of the last build, by path: under `serve`, a file whose content is the same
# is that build's object again, with its Page. MkDocs made some 7,000 File and 3,700 Page objects
# on every rebuild at 1,000 texts (about 0.15 s); a page not rendered again needs neither anew.
_FILES: dict[str, TrackedFile] = {}


def generated_file(config: Any, path: str, content: str | bytes,
                   inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> TrackedFile:
    """`TrackedFile.generated(…)`; under `serve`, the last build's file of this path when its
    content, place in the site and inclusion are the same (`mark_unchanged` keeps them)."""
    known = _FILES.get(path) if serving else None
    if (known is not None and known.asked_inclusion == inclusion and known.dest_dir == config.site_dir
            and known.use_directory_urls == config.use_directory_urls
            and (known._content is content or known._content == content)):
        known.unchanged, known._written = False, None  # (this build's `mark_unchanged` decides)
        known.inclusion = inclusion  # (MkDocs settles an undefined one again: `set_exclusions`)
        page = known.page
        if page is not None and page.file is known:
            # Its links were checked when it was rendered; what it rendered is not needed again
            # (a page with changes gets a new File), its anchors are kept for links into it.
            page.links_to_anchors = None
            page.content = page.markdown = None
        return known
    file = TrackedFile.generated(config, path, content=content, inclusion=inclusion)
    assert isinstance(file, TrackedFile)
    file.asked_inclusion = inclusion
    return file


def mark_unchanged(files: Files, shared: str) -> int:
    """Under `serve --dirty`: flag each generated file whose content is the last build's (none
    after a whole rebuild of the edition, or when `shared` — what all pages show — changed).
    The number flagged."""
    state = _state
    if not (serving and dirty) or state is None:
        return 0
    digests: dict[str, str] = {}
    # After a whole rebuild every page is rendered: a page's HTML also shows data of the edition
    # beside its Markdown (the works it cites, in its head), which only a text rebuild keeps equal.
    same_shared = state.shared == shared and state.last != "whole"
    flagged = 0
    for file in files:
        if not isinstance(file, TrackedFile):
            if not same_shared:
                file.is_modified = _always  # type: ignore[method-assign]  # a docs/ page shows the nav too
            continue
        digest = _digest(file)
        digests[file.src_uri] = digest
        if same_shared and state.digests.get(file.src_uri) == digest:
            file.unchanged = True
            flagged += 1
    state.digests, state.shared = digests, shared
    global _FILES
    _FILES = {f.src_uri: f for f in files if isinstance(f, TrackedFile)}
    return flagged


def _always() -> bool:
    return True


def _digest(file: File) -> str:
    """What tells this build's file from the last one's. For generated content, its length and
    Python's hash of it, which the string or bytes object keeps once computed: a page reused from
    the last build (`completed_pages`' memo) costs nothing, where a SHA-256 of every page cost
    about half a second per rebuild at 1,000 texts. (A 64-bit collision between two versions of one
    page would leave the old one served until the next edit: a risk far below any other.)"""
    content = getattr(file, "_content", None)  # (MkDocs keeps generated content there)
    if isinstance(content, str | bytes):
        return f"{type(content).__name__}:{len(content)}:{hash(content)}"
    return hashlib.sha256(file.content_bytes).hexdigest()


@dataclass
class PageRecords(search_site.Collector):
    """The search records of every page, kept per page across `serve --dirty` rebuilds (a page
    MkDocs does not render again keeps the records it had)."""

    by_page: dict[str, list[search_index.Record]] = field(default_factory=dict)

    def start(self, labels: dict[str, str]) -> None:
        super().start(labels)
        if not (serving and dirty):
            self.by_page = {}

    def add_page(self, html: str, page: Any) -> None:
        before = len(self.records)
        super().add_page(html, page)
        self.by_page[page.file.src_uri] = self.records[before:]

    def ordered(self, pages: set[str]) -> list[search_index.Record]:
        """The records of `pages` (the documentation pages of this build), in the index's order."""
        self.records = [r for uri in sorted(self.by_page) if uri in pages for r in self.by_page[uri]]
        return search_site.ordered(self.records)

    def write_pages(self, site_dir: str | Path, pages: set[str]) -> None:
        """The index of the records of `pages`, written into the site."""
        search_index.write(self.ordered(pages), Path(site_dir))


RECORDS = PageRecords()  # one per process: the hook module itself is loaded afresh on each rebuild


# --- after a build under `serve`: the search index and the print files, written in the background -


_AFTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="serve-after-build")
_after: Future[None] | None = None
_log = logging.getLogger("mkdocs.plugins.edition")
AFTER_BUILD_DONE = "Search index and print files written"  # the log line the serve benchmark waits for


def after_build(site_dir: str, records: PageRecords, pages: set[str],
                pending: background_print.PendingPrint | None) -> None:
    """Under `mkdocs serve`: the rebuilt pages are served (and browsers reloaded) at once; the
    search index (every page's records, tokenised again: seconds at 1,000 texts) and the print
    files (Typst) follow in a background thread. The next rebuild waits for them (`settle`). A
    failure is logged as an error, as the build would have reported it."""
    global _after
    _after = _AFTER.submit(_write_after, Path(site_dir), records, set(pages), pending)


def _write_after(site_dir: Path, records: PageRecords, pages: set[str],
                 pending: background_print.PendingPrint | None) -> None:
    started = time.perf_counter()
    try:
        files = search_index.build(records.ordered(pages))
        fresh, target, old = (site_dir / f".{search_index.INDEX_DIR}-new", site_dir / search_index.INDEX_DIR,
                              site_dir / f".{search_index.INDEX_DIR}-old")
        shutil.rmtree(fresh, ignore_errors=True)
        for path, data in files.items():
            (fresh / path).parent.mkdir(parents=True, exist_ok=True)
            (fresh / path).write_bytes(data)
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        fresh.rename(target)  # a reader's search sees the old index or the new one, never half of one
        shutil.rmtree(old, ignore_errors=True)
        if pending is not None and (errors := background_print.finish(pending)):
            _log.error("the print edition failed:\n" + "\n".join(errors))
        _log.info(f"{AFTER_BUILD_DONE} in {time.perf_counter() - started:.2f} seconds")
    except Exception as error:  # under serve: reported, and the next rebuild tries again
        _log.error(f"writing the search index or the print files failed: {error}")


def settle() -> None:
    """Wait until the previous build's background writing is done."""
    global _after
    done, _after = _after, None
    if done is not None:
        done.result()


# --- what MkDocs does on every build, skipped or kept when nothing it shows changed -------------


class MemoryBytecode(jinja2.BytecodeCache):
    """The theme's templates compiled once per `serve` process: MkDocs makes a new Jinja
    environment for every rebuild, which compiled Material's templates again (a second or so)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE = MemoryBytecode()


def on_env(env: jinja2.Environment) -> None:
    """Under `serve`, the compiled templates of the previous builds (keyed by their source)."""
    if serving:
        env.bytecode_cache = BYTECODE


def skip_static_templates(static_templates: set[str]) -> None:
    """Under `serve --dirty`, after a rebuild of some texts (or none): the 404 page and the site
    map show only the navigation and the list of pages, which did not change; not rendered again."""
    if serving and dirty and _state is not None and _state.last != "whole":
        static_templates.difference_update({"404.html", "sitemap.xml", "sitemap.xml.gz"})


# Each text's completed page (web/pages.py `completed_pages`), kept across rebuilds: remade only
# when the text was rebuilt or what every page shows changed.
COMPLETED_PAGES: dict[str, tuple[tuple[object, ...], str]] = {}
_DOWNLOADS: dict[str, tuple[TextResult, str, list[tuple[str, str]]]] = {}


def download_files(whole: Edition, site_url: str,
                   make: Callable[[Edition], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Each text's BibTeX and RIS files (`make`, for an edition); under `serve`, those of a text not
    rebuilt since the last build (the same TextResult) are reused: made anew they cost about half a
    millisecond per text of the edition on every rebuild."""
    if not serving:
        return make(whole)
    found: list[tuple[str, str]] = []
    for result in whole.texts:
        known = _DOWNLOADS.get(result.seed.config.slug)
        if known is None or known[0] is not result or known[1] != site_url:
            known = (result, site_url, make(Edition(texts=[result])))
            _DOWNLOADS[result.seed.config.slug] = known
        found += known[2]
    return found
