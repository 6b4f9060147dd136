"""The command line: `python -m build_tools build | check`.

`main(argv) -> int` so that tests call it directly. Exit status: 0 built, 1 the sources
have errors (coded diagnostics printed), 2 wrong usage, 3 the site or PDF build failed.
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

from build_tools.diagnostics import BuildFailed, Diagnostics
from build_tools.edition import Edition, build_edition, summary_line
from build_tools.load.seeds import project_root

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE, EXIT_BUILD_FAILED = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description="Build the reading edition.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="clean the seeds, write Markdown, build the site (and PDF)")
    build.add_argument("--no-site", action="store_true", help="stop after writing the Markdown")
    build.add_argument("--markdown-dir", type=Path, default=None, help="where to write Markdown (build/markdown)")
    build.add_argument("--site-dir", type=Path, default=None, help="where to write the site (site/)")
    commands.add_parser("check", help="run the pipeline and the word accounting; write nothing")
    return parser


def print_diagnostics(diagnostics: Diagnostics) -> None:
    for item in diagnostics.items:
        print(item.format(), file=sys.stderr)


def run_pipeline(root: Path) -> Edition | None:
    started = time.perf_counter()
    try:
        edition = build_edition(root)
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


def build_site(root: Path, site_dir: Path) -> bool:
    staging = site_dir.with_name(site_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
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
    root = project_root()
    edition = run_pipeline(root)
    if edition is None:
        return EXIT_SOURCE_ERRORS
    if args.command == "check":
        return EXIT_OK
    write_tree(edition.pages, args.markdown_dir or root / "build" / "markdown")
    if args.no_site:
        return EXIT_OK
    if not build_site(root, args.site_dir or root / "site"):
        return EXIT_BUILD_FAILED
    return EXIT_OK
