"""The editor's data for the bibliography and the lettered notes, read from `seeds/apparatus/`.

Three YAML files, each validated by its schema in `build_tools/schemas/` (messages name the
file, the line and the key): `bibliography.yml` (corrections to parsed reference lists,
and works no list has), `citations.yml` (resolutions of citations that match no entry) and
`emendations.yml` (emendations, context notes, archive links). A missing file means the
edition has none of those; it is not an error.

The passes run once per text (possibly in other processes), so they read this data through
`cached()`, which loads it once per process and reports nothing; `load()` with diagnostics
is what the edition and `lint` call, so that problems are reported once.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from build_tools.diagnostics import Diagnostics
from build_tools.load.seeds import PROJECT_DIR_VARIABLE
from build_tools.load.yaml_data import YamlFile, read_yaml_cached

BIBLIOGRAPHY_FILE = "bibliography.yml"
CITATIONS_FILE = "citations.yml"
EMENDATIONS_FILE = "emendations.yml"


@dataclass(frozen=True)
class Correction:
    id: str
    fields: dict[str, Any]
    why: str
    line: int


@dataclass(frozen=True)
class Work:
    """A work that no reference list has; `fields` are CSL-JSON variables."""

    id: str
    fields: dict[str, Any]
    from_text: str | None
    mentions: tuple[tuple[str, str], ...]  # (text slug, phrase)
    line: int


@dataclass(frozen=True)
class Resolution:
    text: str
    cited: str
    work: str
    comment: str
    line: int


@dataclass(frozen=True)
class EmendationRule:
    text: str
    source: str
    reading: str
    why: str
    line: int


@dataclass(frozen=True)
class ContextNote:
    text: str
    at: str
    note: str
    line: int
    # "context", or "slip": a wrong word left as the source has it and flagged (`slips:`), which the
    # home page and the Editorial apparatus page count among the edition's interventions
    kind: str = "context"
    read: str = ""  # a slip's reading: what the editor takes the author to have meant


@dataclass(frozen=True)
class ArchiveRule:
    text: str
    access_date: re.Pattern[str]
    line: int


@dataclass(frozen=True)
class EditorialData:
    """Everything in the three files; display paths for messages."""

    bibliography_file: str = f"seeds/apparatus/{BIBLIOGRAPHY_FILE}"
    citations_file: str = f"seeds/apparatus/{CITATIONS_FILE}"
    emendations_file: str = f"seeds/apparatus/{EMENDATIONS_FILE}"
    style: str = "chicago-author-date"
    given_names: str = "as-given"  # or "initials": the Bibliography's names policy (bibliography.yml)
    corrections: dict[str, Correction] = field(default_factory=dict)
    works: dict[str, Work] = field(default_factory=dict)
    resolutions: tuple[Resolution, ...] = ()
    emendations: tuple[EmendationRule, ...] = ()
    context_notes: tuple[ContextNote, ...] = ()
    archive_links: tuple[ArchiveRule, ...] = ()

    # The passes ask about one text at a time; with many texts a scan of every rule for each
    # text made a build quadratic, so each kind of rule is grouped by text once (on first use;
    # `cached_property` stores into the instance, which a frozen dataclass allows).

    def resolution(self, text: str, cited: str) -> Resolution | None:
        return self._resolutions.get((text, cited))

    @cached_property
    def _resolutions(self) -> dict[tuple[str, str], Resolution]:
        index: dict[tuple[str, str], Resolution] = {}
        for resolution in self.resolutions:
            index.setdefault((resolution.text, resolution.cited), resolution)
        return index

    def emendations_of(self, text: str) -> tuple[EmendationRule, ...]:
        return self._emendations.get(text, ())

    def context_notes_of(self, text: str) -> tuple[ContextNote, ...]:
        return self._context_notes.get(text, ())

    def archive_links_of(self, text: str) -> tuple[ArchiveRule, ...]:
        return self._archive_links.get(text, ())

    def mentions_of(self, text: str) -> dict[str, str]:
        """The phrases by which `text` names works (phrase → work id), as `link_citations` links them."""
        return self._mentions.get(text, {})

    @cached_property
    def _emendations(self) -> dict[str, tuple[EmendationRule, ...]]:
        return _by_text(self.emendations)

    @cached_property
    def _context_notes(self) -> dict[str, tuple[ContextNote, ...]]:
        return _by_text(self.context_notes)

    @cached_property
    def _archive_links(self) -> dict[str, tuple[ArchiveRule, ...]]:
        return _by_text(self.archive_links)

    @cached_property
    def _mentions(self) -> dict[str, dict[str, str]]:
        index: dict[str, dict[str, str]] = {}
        for work in self.works.values():
            for slug, phrase in work.mentions:
                index.setdefault(slug, {})[phrase] = work.id
        return index


_Rule = TypeVar("_Rule", EmendationRule, ContextNote, ArchiveRule)


def _by_text(rules: tuple[_Rule, ...]) -> dict[str, tuple[_Rule, ...]]:
    """Rules grouped by the text they are about, each group in the files' order."""
    grouped: dict[str, list[_Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.text, []).append(rule)
    return {text: tuple(group) for text, group in grouped.items()}


def display_path(path: Path, root: Path | None = None) -> str:
    where = str(root) if root is not None else (os.environ.get(PROJECT_DIR_VARIABLE) or os.getcwd())
    return _display(str(path), where)


@lru_cache(maxsize=16384)
def _display(path: str, root: str) -> str:
    """A file's name as diagnostics give it: relative to the project (as `project_root()` finds it).
    Resolved once per process and path: following the links of a path costs a system call per
    folder, and `mkdocs serve` reloading the editorial data after an edit names every text.yml
    (0.3 s a rebuild at 1,000 texts). A symbolic link changed while the server runs keeps its
    old name in the messages."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _read(folder: Path, name: str, schema: str, diagnostics: Diagnostics) -> YamlFile | None:
    path = folder / name
    if not path.exists():
        return None
    return _read_memo(path, schema, diagnostics)


def _read_memo(path: Path, schema: str, diagnostics: Diagnostics) -> YamlFile | None:
    """The file read once while it is unchanged (`read_yaml_cached`): under `mkdocs serve` an edit
    to one text.yml reloads the editorial data, which must not read and validate every other
    text.yml and the bibliography again (seconds at 1,000 texts); and the seeds have just read
    every text.yml."""
    if not path.exists():
        return None
    return read_yaml_cached(path, display_path(path), schema, diagnostics)


def text_record(seeds_dir: Path, slug: str, diagnostics: Diagnostics, yaml_file: str, line: int) -> dict[str, Any]:
    """A CSL-JSON record of one of the edition's own texts, from its text.yml."""
    path = seeds_dir / "texts" / slug / "text.yml"
    loaded = _read_memo(path, "text", diagnostics)
    if loaded is None:
        # A warning, not an error: an edition built from some of the texts (a test, a preview)
        # simply has no record for the others.
        diagnostics.warning("C003", f"bibliography work names text '{slug}', which the edition does not have "
                            "(the work is left out)", yaml_file, line,
                            hint="use the slug of a folder under seeds/texts/")
        return {}
    return csl_of_text(loaded.data["kind"], loaded.data["metadata"])


def csl_type(kind: str, meta: dict[str, Any]) -> str:
    """The CSL item type of a text of this `kind` (text.schema.json), as published.

    A chapter and a report are their own types. An interview is cited as what it was published in
    (APA 7 and CMOS 14.216 alike): a journal's, when the record has a volume, else a magazine's or
    site's. An essay likewise: in a journal, in a book (a container and a publisher: a chapter of
    it), in a periodical or on a site (a container), or on its own."""
    if kind == "journal-article" or (kind in ("interview", "essay") and meta.get("volume")):
        return "article-journal"
    if kind == "book-chapter" or (kind == "essay" and meta.get("container") and meta.get("publisher")):
        return "chapter"
    if kind == "report":
        return "report"
    if kind == "essay" and not meta.get("container"):
        return "article"
    return "article-magazine"


def csl_of_text(kind: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The CSL-JSON record (without id) of a text, from the `kind` and `metadata` of its text.yml:
    the Bibliography's entry for it, and what its "Cite this" downloads are written from."""
    roles = {"interviewee": "author", "author": "author", "interviewer": "interviewer", "editor": "editor"}
    record: dict[str, Any] = {
        "type": csl_type(kind, meta),
        "title": meta["title"],
        "issued": {"date-parts": [[int(part) for part in str(meta["date"]).split("-")]]},
    }
    for author in meta["authors"]:
        role = roles.get(author.get("role", "author"), "author")
        record.setdefault(role, []).append({"family": author["family"], "given": author.get("given", "")})
    for key, csl in (("container", "container-title"), ("volume", "volume"), ("issue", "issue"),
                     ("pages", "page"), ("publisher", "publisher"), ("doi", "DOI"), ("url", "URL")):
        if meta.get(key):
            record[csl] = str(meta[key]).replace("–", "-") if key == "pages" else str(meta[key])
    return record


def csl_fields(item: dict[str, Any]) -> dict[str, Any]:
    """The CSL-JSON variables of a YAML item (its editorial keys dropped, `issued` as date-parts)."""
    fields = {k: v for k, v in item.items() if k not in ("why", "from_text", "mentions")}
    if "issued" in fields:
        parts = [int(p) for p in str(fields["issued"]).split("-")]
        fields["issued"] = {"date-parts": [parts]}
    return fields


def load(seeds_dir: Path, diagnostics: Diagnostics) -> EditorialData:
    folder = seeds_dir / "apparatus"
    data: dict[str, Any] = {}
    bib = _read(folder, BIBLIOGRAPHY_FILE, "bibliography", diagnostics)
    if bib is not None:
        data["bibliography_file"] = bib.display
        data["style"] = bib.data["style"]
        data["given_names"] = bib.data.get("given_names", "as-given")
        data["corrections"] = {
            key: Correction(key, csl_fields(item), " ".join(item["why"].split()), bib.line_of("corrections", key))
            for key, item in (bib.data.get("corrections") or {}).items()}
        works: dict[str, Work] = {}
        for key, item in (bib.data.get("works") or {}).items():
            line = bib.line_of("works", key)
            fields = csl_fields(item)
            if item.get("from_text"):
                fields = text_record(seeds_dir, item["from_text"], diagnostics, bib.display, line) or fields
            mentions = tuple((m["text"], m["phrase"]) for m in item.get("mentions", []))
            works[key] = Work(key, fields, item.get("from_text"), mentions, line)
        data["works"] = works
    cit = _read(folder, CITATIONS_FILE, "citations", diagnostics)
    if cit is not None:
        data["citations_file"] = cit.display
        data["resolutions"] = tuple(
            Resolution(r["text"], r["cited"], r["work"], " ".join(r.get("comment", "").split()),
                       cit.line_of("resolutions", i))
            for i, r in enumerate(cit.data.get("resolutions") or []))
    emd = _read(folder, EMENDATIONS_FILE, "emendations", diagnostics)
    if emd is not None:
        data["emendations_file"] = emd.display
        data["emendations"] = tuple(
            EmendationRule(e["text"], e["source"], e["reading"], " ".join(e["why"].split()),
                           emd.line_of("emendations", i))
            for i, e in enumerate(emd.data.get("emendations") or []))
        data["context_notes"] = tuple(
            ContextNote(c["text"], c["at"], " ".join(c["note"].split()), emd.line_of("context_notes", i))
            for i, c in enumerate(emd.data.get("context_notes") or [])) + tuple(
            ContextNote(c["text"], c["at"], slip_note(c["read"], c["why"]), emd.line_of("slips", i), "slip",
                        c["read"])
            for i, c in enumerate(emd.data.get("slips") or []))
        data["archive_links"] = tuple(_archive_rules(emd, diagnostics))
    return EditorialData(**data)


def slip_note(read: str, why: str) -> str:
    """The reader's note on a flagged slip: the source's word stays; the note says what to read."""
    why = " ".join(why.split())
    return f"Left as the source has it; read “{read}”: {why[:1].lower() + why[1:]}"


def _archive_rules(loaded: YamlFile, diagnostics: Diagnostics) -> list[ArchiveRule]:
    rules: list[ArchiveRule] = []
    for index, item in enumerate(loaded.data.get("archive_links") or []):
        line = loaded.line_of("archive_links", index, "access_date")
        try:
            pattern = re.compile(item["access_date"])
        except re.error as exc:
            diagnostics.error("Y002", f"access_date is not a valid regular expression: {exc}", loaded.display, line,
                              hint="e.g. '[Aa]ccessed (?P<day>\\d{1,2})\\.(?P<month>\\d{1,2})\\.(?P<year>\\d{2,4})'")
            continue
        if not {"day", "month", "year"} <= set(pattern.groupindex):
            diagnostics.error("Y002", "access_date must have the named groups day, month and year", loaded.display,
                              line, hint="write (?P<day>…), (?P<month>…) and (?P<year>…)")
            continue
        rules.append(ArchiveRule(item["text"], pattern, line))
    return rules


def _stamp(seeds_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """What the data depends on, by modification time and size: an edit under `mkdocs serve`
    (one long-lived process) must be seen by the next build. (One `stat` per file: the texts'
    files are stamped on every rebuild.)"""
    stamped: list[tuple[str, int, int]] = []
    for path in sorted([*(seeds_dir / "apparatus").glob("*.yml"), *(seeds_dir / "texts").glob("*/text.yml")]):
        try:
            info = os.stat(path)
        except OSError:
            continue
        stamped.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamped)


def _same_data(seeds_dir: Path, before: tuple[tuple[str, int, int], ...], now: tuple[tuple[str, int, int], ...],
               data: EditorialData) -> bool:
    """Whether `data`, made from the files as stamped `before`, is still that of the files as
    they are `now`: only texts' text.yml files changed (none added or removed), and each one a
    work is made from still gives the record it gave. An edit to a text's note or settings under
    `mkdocs serve` then keeps the data (and what is built from it once per version: the works'
    bibliography), where loading it again read every text's record: a tenth of a second per
    rebuild at 1,000 texts."""
    old, new = {p: (m, s) for p, m, s in before}, {p: (m, s) for p, m, s in now}
    if old.keys() != new.keys():
        return False
    texts = seeds_dir / "texts"
    changed = [Path(path) for path in old if old[path] != new[path]]
    if any(not path.is_relative_to(texts) for path in changed):
        return False  # the apparatus files themselves
    slugs = {path.parent.name for path in changed}
    for work in data.works.values():
        if work.from_text in slugs:
            record = text_record(seeds_dir, work.from_text, Diagnostics(), data.bibliography_file, work.line)
            if not record or record != work.fields:
                return False
    return True


@lru_cache(maxsize=8)
def _cached(seeds_dir: Path, stamp: tuple[tuple[str, int, int], ...]) -> tuple[EditorialData, Diagnostics]:
    problems = Diagnostics()
    return load(seeds_dir, problems), problems


_last_loaded: dict[Path, tuple[tuple[tuple[str, int, int], ...], tuple[EditorialData, Diagnostics]]] = {}


def _load_stamped(seeds_dir: Path, stamp: tuple[tuple[str, int, int], ...]) -> tuple[EditorialData, Diagnostics]:
    """`_cached`, or the last data loaded for this folder when the edits since do not touch it."""
    last = _last_loaded.get(seeds_dir)
    if last is not None and last[0] != stamp and _same_data(seeds_dir, last[0], stamp, last[1][0]):
        _last_loaded[seeds_dir] = (stamp, last[1])
        return last[1]
    loaded = _cached(seeds_dir, stamp)
    _last_loaded[seeds_dir] = (stamp, loaded)
    return loaded


# Inside one edition build the files do not change, so the data is looked up (and the files
# stamped) once per build, not once per pass and text: the stamp stats every text.yml, and
# doing that for each of N texts made a build quadratic. Worker processes forked by the build
# inherit the scope. Outside a build (a test running one pass) every call checks the stamp.
_scope: dict[Path, tuple[EditorialData, Diagnostics]] | None = None


@contextlib.contextmanager
def build_scope() -> Iterator[None]:
    """One edition build: `cached` reads the files at most once per seeds folder. A new scope per
    build, so `mkdocs serve` sees the edits saved between two rebuilds."""
    global _scope
    outer, _scope = _scope, {}
    try:
        yield
    finally:
        _scope = outer


def cached(seeds_dir: Path) -> EditorialData:
    """The data for the passes: loaded once per process and per version of the files; problems
    are reported once, by the edition, through `reported`."""
    return _loaded(seeds_dir)[0]


def reported(seeds_dir: Path, diagnostics: Diagnostics) -> EditorialData:
    """The same data as `cached` (the files are read once), with the problems found in them
    added to `diagnostics`: the edition calls it once per build."""
    data, problems = _loaded(seeds_dir)
    diagnostics.extend(problems)
    return data


def _loaded(seeds_dir: Path) -> tuple[EditorialData, Diagnostics]:
    if _scope is None:
        return _load_stamped(seeds_dir, _stamp(seeds_dir))
    if seeds_dir not in _scope:
        _scope[seeds_dir] = _load_stamped(seeds_dir, _stamp(seeds_dir))
    return _scope[seeds_dir]
