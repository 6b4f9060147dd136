"""The command line: `python -m build_tools build | check`.

`main(argv) -> int` so that tests call it directly. Exit status: 0 built, 1 the sources
have errors (coded diagnostics printed), 2 wrong usage, 3 the site or PDF build failed,
4 an internal error (a bug, reported as B900 without a traceback).
Outputs are written to a temporary folder and moved into place only when complete, so a
failed build leaves the previous good one intact.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import locale
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from build_tools import lint as lint_checks
from build_tools.diagnostics import BuildFailed, Diagnostics
from build_tools.edition import Edition, build_edition, offer_prebuilt, summary_line, take_prebuilt
from build_tools.load.seeds import project_root
from build_tools.outputs import staging_for, swap_into_place, write_tree
from build_tools.print_edition import PrintEdition, write_print_files
from build_tools.print_edition import timestamp as print_timestamp

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE, EXIT_BUILD_FAILED = 0, 1, 2, 3
EXIT_INTERNAL_ERROR = 4  # a bug in build_tools (B900), never a problem of the sources
SEEDS_DIR_VARIABLE = "EDITION_SEEDS_DIR"  # --seeds-dir, handed to the MkDocs hook


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description="Build the reading edition.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="clean the seeds, write Markdown, build the site (and PDF)")
    build.add_argument("--no-site", action="store_true", help="stop after writing the Markdown")
    build.add_argument("--markdown-dir", type=Path, default=None, help="where to write Markdown (build/markdown)")
    build.add_argument("--site-dir", type=Path, default=None, help="where to write the site (site/)")
    build.add_argument("--pdf-dir", type=Path, default=None, help="where to write the PDFs and EPUB (build/pdf)")
    build.add_argument("--no-pdf", action="store_true", help="do not write the PDFs and EPUB to --pdf-dir")
    check = commands.add_parser("check", help="run the pipeline and the word accounting; write nothing")
    lint = commands.add_parser("lint", help="report every problem in the sources and editorial YAML; write nothing")
    for command in (build, check, lint):
        command.add_argument("--seeds-dir", type=Path, default=None,
                             help="read the texts from this folder instead of seeds/ (MANIFEST.yml, texts/, profiles/)")
    return parser


def print_diagnostics(diagnostics: Diagnostics) -> None:
    for item in diagnostics.items:
        print(item.format(), file=sys.stderr)


def run_pipeline(root: Path, seeds_dir: Path | None = None) -> Edition | None:
    started = time.perf_counter()
    try:
        edition = build_edition(root, seeds_dir)
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics)
        errors = len(failed.diagnostics.errors)
        print(f"build stopped: {errors} error(s) in the sources; nothing was written", file=sys.stderr)
        return None
    print_diagnostics(edition.diagnostics)
    total = len(edition.texts)
    for index, result in enumerate(edition.texts, start=1):
        print(f"[{index}/{total}] {summary_line(result)}")
    print(f"pipeline: {total} texts in {time.perf_counter() - started:.2f} s")
    return edition


def without_traceback(output: str) -> str:
    """MkDocs's messages, with a crash's traceback cut down to its last line (what went wrong)."""
    marker = "Traceback (most recent call last):"
    if marker not in output:
        return output
    before, _, trace = output.partition(marker)
    last = next((line for line in reversed(trace.strip().splitlines()) if line.strip()), "")
    return before + f"MkDocs stopped: {last.strip()}\n"


@contextlib.contextmanager
def build_environment(seeds_dir: Path | None, epoch: int | None) -> Iterator[None]:
    """What a `mkdocs build` child process used to get, set for this process and put back after:
    the seeds for the hook, SOURCE_DATE_EPOCH (see build_epoch), and a fixed locale and time
    zone, so that the site is the same whatever the caller's settings."""
    values = {"NO_MKDOCS_2_WARNING": "1", "LC_ALL": "C.UTF-8", "TZ": "UTC",
              SEEDS_DIR_VARIABLE: str(seeds_dir) if seeds_dir is not None else None}
    if epoch is not None and "SOURCE_DATE_EPOCH" not in os.environ:
        values["SOURCE_DATE_EPOCH"] = str(epoch)
    saved = {name: os.environ.get(name) for name in values}
    saved_locale = locale.setlocale(locale.LC_ALL)
    try:
        _set_environment(values, "C.UTF-8")
        yield
    finally:
        _set_environment(saved, saved_locale)


def _set_environment(values: dict[str, str | None], locale_name: str) -> None:
    """Set (or, for None, remove) these variables, then apply the time zone and the locale."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    time.tzset()
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_ALL, locale_name)


def run_mkdocs(root: Path, staging: Path) -> str | None:
    """`mkdocs build --strict` in this process (the hook reuses the edition just built): None if
    it built, else what went wrong. MkDocs 1.6 counts the warnings logged under `mkdocs` and in
    strict mode ends with Abort when there are any; they are shown as MkDocs shows them."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(staging))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:  # a configuration error, or Abort (a warning in strict mode, a BuildError)
        return output.getvalue() + f"MkDocs stopped: {error}\n"
    except Exception as error:  # a plugin or theme crashed: its message, not a traceback
        return output.getvalue() + f"MkDocs stopped: {type(error).__name__}: {error}\n"
    finally:
        logger.removeHandler(handler)
    return None


def build_site(root: Path, site_dir: Path, seeds_dir: Path | None = None, epoch: int | None = None) -> bool:
    staging = staging_for(site_dir)
    started = time.perf_counter()
    with build_environment(seeds_dir, epoch):
        failure = run_mkdocs(root, staging)
    if failure is not None:
        sys.stderr.write(without_traceback(failure))
        print("error B001 the site build failed; the previous site is left as it was", file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        return False
    swap_into_place(staging, site_dir)
    print(f"site: {site_dir} in {time.perf_counter() - started:.2f} s")
    return True


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    if args.seeds_dir is not None and not (args.seeds_dir / "texts").is_dir():
        print(f"{args.seeds_dir}: error S001 no texts/ folder here (hint: --seeds-dir names a folder laid out "
              "like seeds/: MANIFEST.yml, texts/<slug>/, profiles/)", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args)
    except Exception as exc:  # last resort: a bug in the build must still not print a traceback to an editor
        print(f"error B900 internal error: {type(exc).__name__}: {exc} (hint: this is a bug in build_tools, not in "
              "your sources; please report it with the command you ran)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def run_lint(root: Path, seeds_dir: Path | None) -> int:
    """Print every diagnostic (errors and warnings) and a count; 1 if there is an error."""
    diagnostics = lint_checks.run(root, seeds_dir)
    print_diagnostics(diagnostics)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    print(f"lint: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_SOURCE_ERRORS if errors else EXIT_OK


def _run(args: argparse.Namespace) -> int:
    root = project_root()
    seeds_dir = args.seeds_dir.resolve() if args.seeds_dir is not None else None
    if args.command == "lint":
        return run_lint(root, seeds_dir)
    edition = run_pipeline(root, seeds_dir)
    if edition is None:
        return EXIT_SOURCE_ERRORS
    if args.command == "check":
        return EXIT_OK
    write_tree(edition.pages, args.markdown_dir or root / "build" / "markdown")
    if args.no_site:
        return EXIT_OK
    printed: PrintEdition | None = None
    if not args.no_pdf:
        printed = write_print_files(edition, root, args.pdf_dir or root / "build" / "pdf")
        if printed is None:
            return EXIT_BUILD_FAILED
    offer_prebuilt(edition, printed, seeds_dir)  # the MkDocs hook reuses them: nothing is built twice
    try:
        built = build_site(root, args.site_dir or root / "site", seeds_dir, build_epoch(edition))
    finally:
        take_prebuilt()  # never left for a later build
    return EXIT_OK if built else EXIT_BUILD_FAILED


def build_epoch(edition: Edition) -> int:
    """The site's build date, fixed so that two builds of the same inputs are byte-identical.

    MkDocs stamps `sitemap.xml` (`<lastmod>`) and the mtime inside `sitemap.xml.gz` with the
    build date unless SOURCE_DATE_EPOCH is set (the reproducible-builds convention). If the
    caller has not set it, it is the date the PDF and EPUB carry: the newest text's date.
    """
    return int(print_timestamp([(result.seed, result.doc) for result in edition.texts]).timestamp())
