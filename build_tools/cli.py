"""The command line: `edition build | serve | check | lint | add-text | new` (or `python -m build_tools …`).

The edition is the working directory (mkdocs.yml, seeds/, docs/, overrides/), or the folder
named by `--project-dir` or EDITION_PROJECT_DIR; the generator's own files (schemas, styles,
the Typst template, the scaffold of `new`) are found beside its code.

`main(argv) -> int` so that tests call it directly. Exit status: 0 built, 1 the sources
have errors (coded diagnostics printed), 2 wrong usage, 3 the site or PDF build failed,
4 an internal error (a bug, reported as B900 without a traceback).
Outputs are written to a temporary folder and moved into place only when complete, so a
failed build leaves the previous good one intact.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import locale
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from build_tools import add_text, engines, scaffold
from build_tools import lint as lint_checks
from build_tools.diagnostics import BuildFailed, Diagnostics, Severity
from build_tools.diagnostics_report import counts_by_code, report_lines
from build_tools.edition import Edition, TextResult, build_edition, offer_prebuilt, summary_line, take_prebuilt
from build_tools.load.seeds import PROJECT_DIR_VARIABLE, project_root
from build_tools.outputs import (
    LOCK_NAME,
    clean_stale,
    environment_refusal,
    mark,
    output_refusal,
    project_lock,
    staging_for,
    swap_into_place,
    write_tree,
)
from build_tools.print_edition import PrintEdition, finish_print_files, start_print_files
from build_tools.print_edition import timestamp as print_timestamp
from build_tools.render.book_meta import EDITION_PDF_CHOICES, EDITION_PDF_MAX_TEXTS, PrintSettings, print_settings
from build_tools.web import site_files

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE, EXIT_BUILD_FAILED = 0, 1, 2, 3
EXIT_INTERNAL_ERROR = 4  # a bug in build_tools (B900), never a problem of the sources
SEEDS_DIR_VARIABLE = "EDITION_SEEDS_DIR"  # --seeds-dir, handed to the MkDocs hook
SITE_URL_VARIABLE = "EDITION_SITE_URL"  # the published site's address (mkdocs.yml's site_url)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edition", description="Build the reading edition.")
    project_help = (f"the edition's folder (mkdocs.yml, seeds/, docs/, overrides/); default: ${PROJECT_DIR_VARIABLE}, "
                    "else the working directory")
    parser.add_argument("--project-dir", type=Path, default=None, help=project_help)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="clean the seeds, write Markdown, build the site (and PDF)")
    build.add_argument("--no-site", action="store_true", help="stop after writing the Markdown (and the render folder)")
    build.add_argument("--render-dir", type=Path, default=None,
                       help="also write everything the site needs as files, for any MkDocs-family engine: "
                            "mkdocs.yml, docs/ (completed pages, downloads), overrides/ (README, 'Engines')")
    build.add_argument("--markdown-dir", type=Path, default=None, help="where to write Markdown (build/markdown)")
    build.add_argument("--site-dir", type=Path, default=None, help="where to write the site (site/)")
    build.add_argument("--pdf-dir", type=Path, default=None, help="where to write the PDFs and EPUB (build/pdf)")
    build.add_argument("--no-pdf", action="store_true",
                       help="no PDF and no EPUB at all (as `extra: print: enabled: false` in mkdocs.yml)")
    build.add_argument("--engine", choices=sorted(engines.ENGINES), default=None,
                       help=f"what renders the site (default: ${engines.ENGINE_VARIABLE}, else mkdocs)")
    build.add_argument("--edition-pdf", choices=EDITION_PDF_CHOICES, default=None,
                       help="the whole-edition PDF: auto (only up to `edition_pdf_max_texts` texts, "
                            f"default {EDITION_PDF_MAX_TEXTS}), always, never; per-text PDFs are always made")
    check = commands.add_parser("check", help="run the pipeline and the word accounting; write nothing")
    lint = commands.add_parser("lint", help="report every problem in the sources and editorial YAML; write nothing")
    add = commands.add_parser("add-text", help="add a raw text to the edition: copy it, guess its text.yml, "
                                                "record it in MANIFEST.yml, build and say what was found")
    add.add_argument("raw_file", type=Path, help="the raw text (a PDF's extracted text or a saved web page's text)")
    add.add_argument("--slug", default=None, help="the text's folder name (default: author-year, guessed)")
    add.add_argument("--profile", default=None, help="the profile to use instead of the sniffed one")
    add.add_argument("--kind", default=None, help="journal-article, interview, essay… instead of the sniffed one")
    add.add_argument("--no-build", action="store_true", help="only copy the file and write its YAML")
    add.add_argument("--seeds-dir", type=Path, default=None, help="add it to this folder instead of seeds/")
    add.add_argument("--verbose", action="store_true", help="print every warning of the build")
    serve = commands.add_parser("serve", help="serve the edition, rebuilt as its files change (mkdocs serve)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on (127.0.0.1:8000)")
    serve.add_argument("--engine", choices=sorted(engines.ENGINES), default=None,
                       help=f"what serves the site (default: ${engines.ENGINE_VARIABLE}, else mkdocs)")
    new = commands.add_parser("new", help="start a new edition in DIR: mkdocs.yml, seeds/ with a sample text, "
                                          "docs/, overrides/, a Pages workflow, README.md")
    new.add_argument("dir", type=Path, help="the new edition's folder (must not exist, or be empty)")
    new.add_argument("--title", default=None, help="the edition's name (site_name); default: from DIR")
    for command in (build, check, lint, add, serve):  # also after the command: `edition build --project-dir X`
        command.add_argument("--project-dir", type=Path, default=argparse.SUPPRESS, help=project_help)
    for command in (build, check, lint):
        command.add_argument("--seeds-dir", type=Path, default=None,
                             help="read the texts from this folder instead of seeds/ (MANIFEST.yml, texts/, profiles/)")
        command.add_argument("--strict", action="store_true",
                             help="publish mode: pending editorial work (unlinked citations, unattributed turns, "
                                  "doubtful headings) is an error, not a warning")
        command.add_argument("--verbose", action="store_true",
                             help="print every warning, not the first examples of each kind")
    return parser


def print_diagnostics(diagnostics: Diagnostics, verbose: bool = True) -> None:
    for line in report_lines(diagnostics, verbose):
        print(line, file=sys.stderr)


def run_pipeline(root: Path, seeds_dir: Path | None = None, strict: bool = False,
                 verbose: bool = False) -> Edition | None:
    """The pipeline over every text, its diagnostics printed; None if the sources have errors
    (or, under `strict`, pending editorial work)."""
    started = time.perf_counter()
    try:
        edition = build_edition(root, seeds_dir)
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics, verbose)
        errors = len(failed.diagnostics.errors)
        print(f"build stopped: {errors} error(s) in the sources; nothing was written", file=sys.stderr)
        return None
    print_diagnostics(edition.diagnostics, verbose)
    total = len(edition.texts)
    for index, result in enumerate(edition.texts, start=1):
        print(f"[{index}/{total}] {summary_line(result)}{_text_counts(result, edition)}")
    print(f"pipeline: {total} texts in {time.perf_counter() - started:.2f} s")
    pending = edition.diagnostics.pending_work
    if pending and strict:
        print(f"build stopped: {len(pending)} item(s) of pending editorial work ({counts_by_code(pending)}) and "
              "--strict publishes none; nothing was written (hint: resolve them in the editorial YAML, or build "
              "without --strict for a draft)", file=sys.stderr)
        return None
    if pending:
        print(f"draft: {len(pending)} item(s) of pending editorial work ({counts_by_code(pending)}), listed on "
              "the Editorial apparatus page; `build --strict` refuses them", file=sys.stderr)
    return edition


def _text_counts(result: TextResult, edition: Edition) -> str:
    """The text's warnings and pending work by code ("P002 ×12, C001 ×3"), if it has any."""
    files = {result.seed.source_display, result.seed.config.yaml_file}
    items = [d for d in edition.diagnostics.items if d.file in files and d.severity is not Severity.ERROR]
    return f" [{counts_by_code(items)}]" if items else ""


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
              SEEDS_DIR_VARIABLE: str(seeds_dir) if seeds_dir is not None else None,
              PROJECT_DIR_VARIABLE: os.environ.get(PROJECT_DIR_VARIABLE)}  # put back after (the hook sets it)
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
    """`mkdocs build --strict` in this process, by the engine `mkdocs` imports as (MkDocs or
    ProperDocs, build_tools/engines.py; the hook reuses the edition just built): None if it built,
    else what went wrong. Each engine counts the warnings of its own logger and in strict mode ends
    with Abort; the theme's warnings go to `mkdocs.…` under either, which ProperDocs run in-process
    does not count. So every warning of either logger is shown as the engine shows it, and any
    warning fails the build here, whoever logged it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    engine = engines.active()
    output = io.StringIO()
    handler = _CountingHandler(output)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    loggers = [logging.getLogger(name) for name in engine.loggers]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(staging))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:  # a configuration error, or Abort (a warning in strict mode, a BuildError)
        return output.getvalue() + f"{engine.title} stopped: {error}\n"
    except Exception as error:  # a plugin or theme crashed: its message, not a traceback
        return output.getvalue() + f"{engine.title} stopped: {type(error).__name__}: {error}\n"
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    if handler.count:
        return output.getvalue() + f"{engine.title} stopped: aborted with {handler.count} warning(s) in strict mode\n"
    return None


class _CountingHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Shows each record, and counts them (of the handler's level and above)."""

    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        super().emit(record)


def build_site(root: Path, site_dir: Path, seeds_dir: Path | None = None, epoch: int | None = None,
               swap: bool = True) -> bool:
    """MkDocs into `<site_dir>.new`; swapped into place (unless `swap` is False: the caller swaps
    it with the build's other outputs) only if it built."""
    staging = staging_for(site_dir)
    started = time.perf_counter()
    with build_environment(seeds_dir, epoch):
        failure = run_mkdocs(root, staging)
    if failure is not None:
        sys.stderr.write(without_traceback(failure))
        print("error B001 the site build failed; the previous site is left as it was", file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        return False
    mark(staging)
    if swap:
        swap_into_place(staging, site_dir)
    print(f"site: {site_dir} in {time.perf_counter() - started:.2f} s")
    return True


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    if args.command == "new":
        return _guarded(lambda: run_new(args.dir, args.title))
    if args.project_dir is not None and not args.project_dir.is_dir():
        print(f"{args.project_dir}: error S014 --project-dir names no folder (hint: give the edition's folder, the one "
              "holding mkdocs.yml and seeds/, or start one with `edition new DIR`)", file=sys.stderr)
        return EXIT_USAGE
    with project_dir_set(args.project_dir):
        refusal = not_an_edition(project_root(), args)
        if refusal:
            print(refusal, file=sys.stderr)
            return EXIT_USAGE
        if args.command == "serve":
            return _guarded(lambda: run_serve(project_root(), args.dev_addr, args.engine))
        return _checked_run(args)


@contextlib.contextmanager
def project_dir_set(project_dir: Path | None) -> Iterator[None]:
    """`--project-dir` for this command (and the MkDocs hook it runs), put back after."""
    if project_dir is None:
        yield
        return
    saved = os.environ.get(PROJECT_DIR_VARIABLE)
    os.environ[PROJECT_DIR_VARIABLE] = str(project_dir.resolve())
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(PROJECT_DIR_VARIABLE, None)
        else:
            os.environ[PROJECT_DIR_VARIABLE] = saved


def not_an_edition(root: Path, args: argparse.Namespace) -> str | None:
    """Why this folder cannot be built or served (None if it can): no seeds/ to read, or, for the
    site, no mkdocs.yml. Said before anything runs, instead of MkDocs's or the loader's message."""
    needs_seeds = args.command == "serve" or getattr(args, "seeds_dir", None) is None
    needs_config = args.command == "serve" or (args.command == "build" and (not args.no_site or args.render_dir))
    missing = [name for name, needed in (("seeds/", needs_seeds), ("mkdocs.yml", needs_config))
               if needed and not (root / name.rstrip("/")).exists()]
    if not missing:
        return None
    return (f"{root}: error S014 not an edition's folder: no {' and no '.join(missing)} here (hint: run the command "
            "in the edition's folder, or name it with --project-dir DIR; `edition new DIR` starts a new edition)")


def _guarded(run: Callable[[], int]) -> int:
    """A command's run, with the machine's trouble and bugs reported as coded lines, not tracebacks."""
    try:
        return run()
    except (OSError, MemoryError) as exc:  # the machine's trouble (disk full, permissions), not a bug
        print(environment_refusal(exc).format("build"), file=sys.stderr)
        return EXIT_BUILD_FAILED
    except RecursionError as exc:  # input nested beyond any bound the loaders check
        print(f"error Y006 input nested too deeply to be processed ({exc}) (hint: look for deeply nested YAML or "
              "markup in the last file named above)", file=sys.stderr)
        return EXIT_SOURCE_ERRORS
    except Exception as exc:  # last resort: a bug must still not print a traceback to an editor
        print(f"error B900 internal error: {type(exc).__name__}: {exc} (hint: this is a bug in build_tools, not in "
              "your sources; please report it with the command you ran)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _checked_run(args: argparse.Namespace) -> int:
    if args.command != "add-text" and args.seeds_dir is not None and not (args.seeds_dir / "texts").is_dir():
        print(f"{args.seeds_dir}: error S001 no texts/ folder here (hint: --seeds-dir names a folder laid out "
              "like seeds/: MANIFEST.yml, texts/<slug>/, profiles/)", file=sys.stderr)
        return EXIT_USAGE
    return _guarded(lambda: _run(args))


def run_lint(root: Path, seeds_dir: Path | None, strict: bool = False, verbose: bool = True) -> int:
    """Print every diagnostic (errors, pending work, warnings) and a count; 1 if there is an
    error (or, under `strict`, pending editorial work)."""
    diagnostics = lint_checks.run(root, seeds_dir)
    print_diagnostics(diagnostics, verbose)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    pending = len(diagnostics.pending_work)
    print(f"lint: {errors} error(s), {pending} pending, {warnings} warning(s)", file=sys.stderr)
    return EXIT_SOURCE_ERRORS if errors or (strict and pending) else EXIT_OK


def run_add_text(root: Path, seeds_dir: Path, args: argparse.Namespace) -> int:
    added = add_text.add(args.raw_file, seeds_dir, args.slug, args.profile, args.kind)
    if isinstance(added, str):
        print(added, file=sys.stderr)
        return EXIT_USAGE
    if args.no_build:
        print(f"added {added.folder} ({added.guess.profile}, {added.guess.kind}); "
              "check its text.yml, then run `python -m build_tools build`")
        return EXIT_OK
    return add_text.report(added, root, seeds_dir, args.verbose)


def run_new(target: Path, title: str | None) -> int:
    """`edition new DIR`: a fresh edition, with one sample text, that builds as it is."""
    refusal = scaffold.refusal(target)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return EXIT_USAGE
    written = scaffold.create(target, title)
    print(f"new edition in {target}: {len(written)} files (mkdocs.yml, seeds/ with a sample text, docs/, overrides/, "
          ".github/workflows/pages.yml, README.md)")
    print(f"next: cd {target} && edition build && edition serve")
    return EXIT_OK


class _Stopped(Exception):
    """SIGTERM reached `edition serve`: MkDocs, its child, is stopped too (not left serving)."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped


def run_serve(root: Path, dev_addr: str, engine_name: str | None = None) -> int:
    """`mkdocs serve` (or the chosen engine's, build_tools/engines.py) for the edition in `root`:
    the hook builds it, and again as its files change."""
    engine = engines.chosen(engine_name)
    if isinstance(engine, str):
        print(engine, file=sys.stderr)
        return EXIT_USAGE
    env = {**os.environ, PROJECT_DIR_VARIABLE: str(root), "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault(SITE_URL_VARIABLE, f"http://{dev_addr}/")
    print(f"serving the edition at http://{dev_addr}/ with {engine.title} (Ctrl-C stops)", flush=True)
    # --dirty: only the pages whose Markdown changed are rendered again; the hook rebuilds only what an
    # edit touched and says when every page must be (build_tools/serve_incremental.py)
    # (ProperDocs warns that a dirty build's links may be stale, which the strict mkdocs.yml refuses)
    dirty = ["--dirty"] if engine.name == "mkdocs" else []
    command = [sys.executable, "-m", engine.name, "serve", *dirty, "--config-file", str(root / "mkdocs.yml"),
               "--dev-addr", dev_addr]
    process = subprocess.Popen(command, env=env, cwd=root)
    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    try:
        return EXIT_OK if process.wait() == 0 else EXIT_BUILD_FAILED
    except (KeyboardInterrupt, _Stopped):  # Ctrl-C reaches MkDocs too; SIGTERM is passed on below
        return EXIT_OK
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _run(args: argparse.Namespace) -> int:
    root = project_root()
    seeds_dir = args.seeds_dir.resolve() if args.seeds_dir is not None else None
    if args.command == "lint":
        return run_lint(root, seeds_dir, args.strict)
    if args.command == "add-text":
        return run_add_text(root, seeds_dir or root / "seeds", args)
    if args.command == "check":
        return EXIT_OK if run_pipeline(root, seeds_dir, args.strict, args.verbose) is not None else EXIT_SOURCE_ERRORS
    targets = _output_targets(root, args)
    if "site" in targets:  # the engine takes `mkdocs`' place before anything imports it
        engine = engines.chosen(args.engine)
        refused = engine if isinstance(engine, str) else engines.activate(engine)
        if refused is not None:
            print(refused, file=sys.stderr)
            return EXIT_USAGE
    for target in targets.values():  # refused before anything is built or removed
        refusal = output_refusal(target, root, seeds_dir, _default_outputs(root))
        if refusal is not None:
            print(refusal.format(target), file=sys.stderr)
            return EXIT_USAGE
    # One build at a time writes these folders: the project's lock (build/.lock) when any of them
    # is in the project, else a lock beside the Markdown folder (builds into other places).
    inside = any(t.resolve().is_relative_to(root.resolve()) for t in targets.values())
    lock_home = root / "build" if inside else targets["markdown"].resolve().parent
    with project_lock(lock_home) as busy:
        if busy is not None:
            print(busy.format(lock_home / LOCK_NAME), file=sys.stderr)
            return EXIT_BUILD_FAILED
        for target in targets.values():
            clean_stale(target)
        try:
            return _build(root, seeds_dir, args, targets)
        except (OSError, MemoryError):
            for target in targets.values():  # an unfinished output must not keep a full disk full
                clean_stale(target)
            raise


def _default_outputs(root: Path) -> tuple[Path, ...]:
    return root / "build" / "markdown", root / "build" / "pdf", root / "site"


def cli_print_settings(root: Path, args: argparse.Namespace) -> PrintSettings:
    """mkdocs.yml's `extra: print:` settings, with --no-pdf and --edition-pdf applied."""
    settings = print_settings(root)
    if args.no_pdf:
        settings = dataclasses.replace(settings, enabled=False)
    if args.edition_pdf:
        settings = dataclasses.replace(settings, edition_pdf=args.edition_pdf)
    return settings


def _output_targets(root: Path, args: argparse.Namespace) -> dict[str, Path]:
    """The folders this build replaces: Markdown, and unless skipped the PDFs and the site."""
    targets = {"markdown": args.markdown_dir or root / "build" / "markdown"}
    if (not args.no_site or args.render_dir) and cli_print_settings(root, args).enabled:
        targets["pdf"] = args.pdf_dir or root / "build" / "pdf"
    if args.render_dir:
        targets["render"] = args.render_dir
    if not args.no_site:
        targets["site"] = args.site_dir or root / "site"
    return targets


def _build(root: Path, seeds_dir: Path | None, args: argparse.Namespace, targets: dict[str, Path]) -> int:
    """The pipeline, then every output into its `.new` folder; all swapped into place together only
    when all are complete, so a failure at any step leaves every previous output as it was."""
    edition = run_pipeline(root, seeds_dir, args.strict, args.verbose)
    if edition is None:
        return EXIT_SOURCE_ERRORS
    staged = [(write_tree(edition.pages, targets["markdown"], swap=False), targets["markdown"])]
    printing = start_print_files(edition, root, targets["pdf"], cli_print_settings(root, args)) \
        if "pdf" in targets else None
    printed: PrintEdition | None = PrintEdition()  # (no print edition: the hook is handed none)
    waited = printing is None

    def print_finished() -> bool:
        """Wait for the print edition (once); False if it failed."""
        nonlocal printed, waited
        if not waited:
            assert printing is not None
            waited, printed = True, finish_print_files(printing)
            if printed is not None:
                staged.append((staging_for(targets["pdf"], clear=False), targets["pdf"]))
        return printed is not None

    def failed() -> int:  # (a failed print edition's folder stays, with the Typst sources to look at)
        for staging, _target in staged:
            shutil.rmtree(staging, ignore_errors=True)
        return EXIT_BUILD_FAILED

    if "render" in targets:  # the pages, nav and downloads as files (build_tools/web/site_files.py)
        if not print_finished():
            return failed()
        with build_environment(seeds_dir, build_epoch(edition)):
            staged.append((site_files.write(targets["render"], edition, printed, root, swap=False), targets["render"]))
    if "site" in targets:
        if not os.environ.get(SITE_URL_VARIABLE):
            print(f"warning B010 {SITE_URL_VARIABLE} is not set: the site has no address, so its pages have no "
                  "canonical link and its citations, PDFs and EPUB give none (hint: for a site you publish, set it "
                  "to the address it will "
                  f"have, e.g. `{SITE_URL_VARIABLE}=https://example.org/cities/ make build`; the Pages workflow "
                  "does)", file=sys.stderr)
        # The MkDocs hook reuses the edition, and the print edition, set (or still being set, beside
        # the pages being rendered) into the PDF folder: nothing is built twice.
        if printing is not None and "render" not in targets:
            offer_prebuilt(edition, None, seeds_dir, printing.job, printing.settings)
        else:
            offer_prebuilt(edition, printed, seeds_dir)
        try:
            built = build_site(root, targets["site"], seeds_dir, build_epoch(edition), swap=False)
        finally:
            take_prebuilt()  # never left for a later build
        if not print_finished() or not built:
            print("the Markdown, PDFs and site of the previous build are left as they were", file=sys.stderr)
            shutil.rmtree(staging_for(targets["site"], clear=False), ignore_errors=True)
            return failed()
        staged.append((staging_for(targets["site"], clear=False), targets["site"]))
    elif not print_finished():
        return failed()
    for staging, target in staged:
        swap_into_place(staging, target)
    return EXIT_OK


def build_epoch(edition: Edition) -> int:
    """The site's build date, fixed so that two builds of the same inputs are byte-identical.

    MkDocs stamps `sitemap.xml` (`<lastmod>`) and the mtime inside `sitemap.xml.gz` with the
    build date unless SOURCE_DATE_EPOCH is set (the reproducible-builds convention). If the
    caller has not set it, it is the date the PDF and EPUB carry: the edition's date
    (`seeds/edition.yml`), or without that file the newest text's date.
    """
    items = [(result.seed, result.doc) for result in edition.texts]
    return int(print_timestamp(items, edition.identity.date).timestamp())


def entry_point() -> None:
    """The `edition` console script (pyproject.toml `[project.scripts]`)."""
    sys.exit(main(sys.argv[1:]))
