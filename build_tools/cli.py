"""The command line: `python -m build_tools build | check`.

`main(argv) -> int` so that tests call it directly. Exit status: 0 built, 1 the sources
have errors (coded diagnostics printed), 2 wrong usage, 3 the site or PDF build failed,
4 an internal error (a bug, reported as B900 without a traceback).
Outputs are written to a temporary folder and moved into place only when complete, so a
failed build leaves the previous good one intact.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from build_tools import lint as lint_checks
from build_tools.diagnostics import BuildFailed, Diagnostics
from build_tools.edition import Edition, build_edition, summary_line
from build_tools.load.seeds import project_root
from build_tools.print_edition import timestamp as print_timestamp
from build_tools.print_edition import write_print_edition

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


def write_tree(pages: dict[str, str], target: Path) -> None:
    """Replace `target` with exactly these files, atomically enough: write aside, then swap."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    for relative, content in sorted(pages.items()):
        path = staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
    swap_into_place(staging, target)


def swap_into_place(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def without_traceback(output: str) -> str:
    """MkDocs's messages, with a crash's traceback cut down to its last line (what went wrong)."""
    marker = "Traceback (most recent call last):"
    if marker not in output:
        return output
    before, _, trace = output.partition(marker)
    last = next((line for line in reversed(trace.strip().splitlines()) if line.strip()), "")
    return before + f"MkDocs stopped: {last.strip()}\n"


def build_site(root: Path, site_dir: Path, seeds_dir: Path | None = None, epoch: int | None = None) -> bool:
    staging = site_dir.with_name(site_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop(SEEDS_DIR_VARIABLE, None)
    if seeds_dir is not None:
        env[SEEDS_DIR_VARIABLE] = str(seeds_dir)  # the MkDocs hook then reads the same texts
    if epoch is not None:
        env.setdefault("SOURCE_DATE_EPOCH", str(epoch))  # reproducible dates: see build_epoch()
    env.update(LC_ALL="C.UTF-8", TZ="UTC")  # the same output whatever the caller's locale and time zone
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(without_traceback(result.stdout + result.stderr))
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
    if not args.no_pdf and not write_print_edition(edition, root, args.pdf_dir or root / "build" / "pdf"):
        return EXIT_BUILD_FAILED
    if not build_site(root, args.site_dir or root / "site", seeds_dir, build_epoch(edition)):
        return EXIT_BUILD_FAILED
    return EXIT_OK


def build_epoch(edition: Edition) -> int:
    """The site's build date, fixed so that two builds of the same inputs are byte-identical.

    MkDocs stamps `sitemap.xml` (`<lastmod>`) and the mtime inside `sitemap.xml.gz` with the
    build date unless SOURCE_DATE_EPOCH is set (the reproducible-builds convention). If the
    caller has not set it, it is the date the PDF and EPUB carry: the newest text's date.
    """
    return int(print_timestamp([(result.seed, result.doc) for result in edition.texts]).timestamp())
