"""The print edition set by Typst in a background thread while MkDocs renders the pages.

Why: under `mkdocs build` and `mkdocs serve` the hook must give MkDocs the PDFs and the
EPUB as files of the site, and setting them (Typst, about half a second) used to come
before any page was rendered. Typst releases the GIL while it compiles, so on a second
core it runs beside MkDocs's rendering: a rebuild under `mkdocs serve` takes the longer of
the two, not their sum.

How: `start` adds each print file to MkDocs's files at once (so the "Download PDF" links
are checked like any other) with an empty placeholder that MkDocs's copy step skips, and
`finish` (in `on_post_build`) waits for Typst and writes the real bytes, or fails the build
with the print edition's diagnostics. The command line's build starts the job itself
(`print_edition.start_print_files`) before it runs MkDocs, each file written into its PDF
folder as it is set: the books are set while the pages are rendered, then copied into the
site from that folder.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from build_tools import print_edition
from build_tools.diagnostics import Diagnostics
from build_tools.edition import Edition
from build_tools.render.book_meta import PrintSettings


class PendingFile(File):
    """A print file whose bytes `finish` writes; MkDocs's own copy step leaves it alone."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


class PendingPrint:
    def __init__(self, future: Future[tuple[print_edition.PrintEdition, Diagnostics]] | None,
                 files: dict[str, PendingFile], edition: Edition) -> None:
        self.future, self.files, self.edition = future, files, edition

    def result(self) -> tuple[print_edition.PrintEdition, Diagnostics]:
        if self.future is None:  # (deferred: begun now, and waited for)
            self.future = print_edition.submit(self.edition)
        return self.future.result()


def start(edition: Edition, files: Files, config: MkDocsConfig, job: print_edition.PrintJob | None = None,
          settings: PrintSettings | None = None, deferred: bool = False) -> PendingPrint:
    """Begin setting the print edition (or take the `job` already begun with these `settings`); its
    files are added to `files` now, written by `finish`. `deferred`: begun only when `finish` asks
    for it. Under `mkdocs serve` the pages come first: a Python thread setting books beside the
    rebuild takes the GIL from it at every file MkDocs looks at (a stat waits up to 5 ms for the
    lock), which made a rebuild of 1,000 texts several seconds slower."""
    future = job or (None if deferred else print_edition.submit(edition))
    pending: dict[str, PendingFile] = {}
    for path in print_edition.print_paths(edition, settings):
        file = PendingFile.generated(config, path, content=b"")
        assert isinstance(file, PendingFile)
        pending[path] = file
        files.append(file)
    return PendingPrint(future, pending, edition)


def finish(pending: PendingPrint) -> list[str]:
    """Wait for Typst and write every print file into the site; the errors (empty if none)."""
    printed, diagnostics = pending.result()
    if diagnostics.errors:
        return [d.format() for d in diagnostics.items]
    missing = sorted(set(pending.files) ^ set(printed.files))
    if missing:  # print_paths and build_print_edition disagree: a bug, never a silently missing PDF
        return [f"the print edition made other files than announced: {', '.join(missing)}"]
    for path, file in pending.files.items():
        target = Path(file.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        printed.copy(path, target)
    return []

