"""The build cache on disk (build/cache/, not in git): a text's pipeline output and each PDF.

Why: an edition of 1,000 texts took minutes to rebuild after an edit to one of them. A text's
pipeline output (its document, page, word counts, diagnostics) depends only on its own source,
its text.yml, its profile, the editorial data of `seeds/apparatus/` and the code, so it is kept
under a key made of all of these and reused while none changes; a PDF is kept under its Typst
source and date. The indexes, the bibliography and the removal report are still computed from
the documents on every build (they cross texts).

Trust: an entry is used only if it is whole and its key is the one asked for; it carries a
SHA-256 of its payload, and anything unreadable, truncated, altered or from another key or
code version is ignored and rebuilt (never trusted, never an error). One entry per text and
per PDF: a newer build of the same text replaces its entry, so the cache does not grow with
edits. EDITION_CACHE=0 turns it off; EDITION_CACHE_DIR moves it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from build_tools.load.seeds import Seed, project_root

MAGIC = b"EDCACHE1"
_DIGEST = 32
_SOURCE_SUFFIXES = (".py", ".json", ".typ", ".yml", ".yaml", ".csl", ".xml", ".txt")


def enabled() -> bool:
    return os.environ.get("EDITION_CACHE", "1") not in ("0", "false", "no")


def cache_dir() -> Path:
    value = os.environ.get("EDITION_CACHE_DIR")
    return Path(value) if value else project_root() / "build" / "cache"


def code_version() -> str:
    """A hash of every source file of build_tools/ (code, schemas, styles, the Typst template),
    taken when this module is imported, with the rest of the package: a running process keeps
    the code it imported, whatever is saved later, so its entries are keyed by that code."""
    return _CODE_VERSION


def _code_digest() -> str:
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


_CODE_VERSION = _code_digest()


def folder_digest(folder: Path) -> str:
    """A hash of every file under `folder` (names and bytes); of nothing if it does not exist."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def text_key(seed: Seed, editorial: str) -> str:
    """Everything a text's pipeline reads: its source (as decoded), its text.yml (as written and as
    read), its profile (as written, and as read after `extends:`), the editorial data (`editorial`, a digest of
    seeds/apparatus/) and the code. `repr` of the loaded settings is plain data (dataclasses of
    strings, numbers and patterns), so equal settings give equal keys."""
    digest = hashlib.sha256()
    folder = seed.seeds_dir / "texts" / seed.config.slug if seed.seeds_dir is not None else None
    for part in (code_version().encode(), editorial.encode(), seed.source_display.encode(),
                 seed.text.encode("utf-8"), repr(seed.config).encode(), repr(seed.profile).encode(),
                 _file_bytes(folder / "text.yml") if folder is not None else b"",
                 _file_bytes(seed.seeds_dir / "profiles" / f"{seed.config.profile_name}.yml")
                 if seed.seeds_dir is not None else b""):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _entry_path(kind: str, name: str) -> Path:
    return cache_dir() / kind / (hashlib.sha256(name.encode()).hexdigest()[:24] + ".bin")


def _read(path: Path, key: str) -> Any | None:
    """The payload stored under `key` at `path`, or None (missing, corrupt, another key)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 64
    if len(data) < head + _DIGEST or data[:len(MAGIC)] != MAGIC or data[len(MAGIC):head] != key.encode():
        return None
    payload = data[head + _DIGEST:]
    if hashlib.sha256(payload).digest() != data[head:head + _DIGEST]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a payload of another version of the classes: rebuilt, not trusted
        return None


def _write(path: Path, key: str, value: Any) -> None:
    """Stored atomically (a reader sees the old entry or the new one); a failure to write is ignored."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + key.encode() + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)


def _text_name(seed: Seed) -> str:
    return f"{seed.seeds_dir}\0{seed.config.slug}"


def load_text(seed: Seed, key: str) -> Any | None:
    return _read(_entry_path("texts", _text_name(seed)), key) if enabled() else None


def store_text(seed: Seed, key: str, value: Any) -> None:
    if enabled():
        _write(_entry_path("texts", _text_name(seed)), key, value)


def pdf_key(source: str, when: str) -> str:
    return hashlib.sha256(f"{code_version()}\n{when}\n{source}".encode()).hexdigest()


def load_pdf(name: str, key: str) -> Any | None:
    return _read(_entry_path("pdf", name), key) if enabled() else None


def store_pdf(name: str, key: str, value: Any) -> None:
    if enabled():
        _write(_entry_path("pdf", name), key, value)
