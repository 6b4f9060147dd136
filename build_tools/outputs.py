"""Writing outputs so that a failed build never leaves a half-written folder.

Everything is written into `<target>.new` first and swapped into place only when complete;
the previous good output stays until then.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

# Written into every output folder the build makes: a non-empty folder without it is not the
# build's to replace (`--site-dir ~/Documents` must never empty someone's documents).
MARKER = ".edition-output"
MARKER_TEXT = "This folder is written by `python -m build_tools build` and replaced whole by the next build.\n"
# Folders of the project an output may never be, hold or lie inside (hooks/: a new edition's MkDocs hook).
PROTECTED = ("seeds", "build_tools", "docs", "overrides", "hooks", "tests", "bench", "tools", ".git", ".venv")
LOCK_NAME = ".edition-build.lock"
LOCK_WAIT_VARIABLE = "EDITION_BUILD_LOCK_WAIT"  # seconds a build waits for another one (default 600)


@dataclass(frozen=True)
class Refusal:
    """Why an output folder or the build lock is refused: a coded message for the command line."""

    code: str
    message: str
    hint: str

    def format(self, where: Path | str) -> str:
        return f"{where}: error {self.code} {self.message} (hint: {self.hint})"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def output_refusal(target: Path, root: Path, seeds_dir: Path | None = None,
                   defaults: tuple[Path, ...] = ()) -> Refusal | None:
    """Why `target` cannot be an output folder (it would be emptied and replaced), or None.

    Refused: the project root or a folder holding it; a folder of the project's own sources
    (seeds/, build_tools/, docs/, overrides/, tests/ …) or anything inside or around one; the
    seeds folder in use; a file; a non-empty folder without the build's marker (not made by
    the build). The project's default output folders are the build's own even without it.
    """
    resolved = target.resolve()
    root = root.resolve()
    protected = [root / name for name in PROTECTED] + ([seeds_dir.resolve()] if seeds_dir is not None else [])
    hint = "give a new or empty folder, or one an earlier build wrote (e.g. build/site-copy)"
    if _inside(root, resolved):
        return Refusal("B004", "output folder is the project's folder or holds it; the build would replace the "
                       "whole project", hint)
    for folder in protected:
        if _inside(resolved, folder) or _inside(folder, resolved):
            return Refusal("B004", f"output folder is, holds or lies inside {folder.name}/, which the build "
                           "never replaces", hint)
    if resolved == root / "build":  # it holds the build lock and caches beside the outputs
        return Refusal("B004", "output folder is build/ itself, which holds the build's lock and caches", hint)
    if resolved.exists() and not resolved.is_dir():
        return Refusal("B009", "output path is a file, not a folder", "remove the file or give another path")
    if resolved in {d.resolve() for d in defaults}:
        return None
    if resolved.is_dir() and not (resolved / MARKER).exists() and any(resolved.iterdir()):
        return Refusal("B004", f"output folder is not empty and was not made by the build (it has no {MARKER}); "
                       "the build would replace all it holds", hint)
    return None


def mark(folder: Path) -> None:
    """Record that the build made `folder` (see MARKER)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def clean_stale(target: Path) -> None:
    """Remove `<target>.new` and `<target>.old` that a killed or failed build left behind (they can
    be large: a build stopped by a full disk must not keep the disk full)."""
    for suffix in (".new", ".old"):
        leftover = target.with_name(target.name + suffix)
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        elif leftover.exists() or leftover.is_symlink():
            leftover.unlink()


@contextlib.contextmanager
def project_lock(folder: Path, wait: float | None = None) -> Iterator[Refusal | None]:
    """Hold the build lock (`folder/.edition-build.lock`, an exclusive `flock`; the project's is in
    build/) for the block; yields a Refusal instead if another build holds it for longer than `wait`
    seconds (the environment's EDITION_BUILD_LOCK_WAIT, default 600). Two builds at once would write
    the same folders: in 10 of 24 trials, `site/` ended with a few of its files."""
    if wait is None:
        wait = float(os.environ.get(LOCK_WAIT_VARIABLE, "600") or 0)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                yield Refusal("B005", f"another build of this project is running ({holder[:80]}); nothing was "
                              "written", "wait for it to finish and build again (or set "
                              f"{LOCK_WAIT_VARIABLE}=SECONDS to wait longer)")
                return
            if not told:
                print(f"waiting for another build of this project to finish (up to {wait:.0f} s)…", flush=True)
                told = True
            time.sleep(0.1)
        try:
            handle.truncate(0)
            handle.write(f"pid {os.getpid()}\n")
            handle.flush()
            yield None
        finally:
            handle.truncate(0)
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def environment_refusal(error: BaseException) -> Refusal:
    """An error of the machine, not of the sources or of build_tools: its own code and hint."""
    if isinstance(error, MemoryError):
        return Refusal("B008", "out of memory", "close other programs, or build fewer texts at once; nothing was "
                       "replaced")
    number = getattr(error, "errno", None)
    detail = f"{getattr(error, 'strerror', None) or error}"
    filename = getattr(error, "filename", None)
    if filename:
        detail += f": {str(filename)[:200]}"
    if number in (errno.ENOSPC, errno.EDQUOT):
        return Refusal("B006", f"the disk is full ({detail})", "free some space and build again; the unfinished "
                       "output was removed and the previous one is left as it was")
    if number in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Refusal("B007", f"permission denied ({detail})", "make the output folders writable by the user who "
                       "builds, or give other ones (--site-dir, --markdown-dir, --pdf-dir)")
    return Refusal("B009", f"the file system refused a file or folder ({detail})", "check that no file stands "
                   "where a folder belongs (or the reverse), and that the disk works")


def staging_for(target: Path, clear: bool = True) -> Path:
    """The folder beside `target` to write the new output into (emptied unless `clear` is False)."""
    staging = target.with_name(target.name + ".new")
    if clear:
        shutil.rmtree(staging, ignore_errors=True)
    return staging


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` with the finished `staging` folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_tree(pages: Mapping[str, str], target: Path, swap: bool = True) -> Path:
    """Replace `target` with exactly these text files (with `swap` False, only write them into the
    staging folder, returned, for the caller to swap with the build's other outputs)."""
    staging = staging_for(target)
    staging.mkdir(parents=True)
    for relative, content in sorted(pages.items()):
        path = staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
    mark(staging)
    if swap:
        swap_into_place(staging, target)
    return staging
