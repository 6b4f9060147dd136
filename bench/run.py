"""The benchmark harness: `python -m bench` (or `make bench`) measures, prints, writes BENCHMARKS.md.

Sections (each can be skipped with --skip): `pipeline` (throughput on the seeds and on
generated corpora of 10, 100 and 1,000 texts), `build` (the whole build split into its
parts, against a bare `mkdocs build` of the same pages), `serve` (`mkdocs serve` latency)
and `weight` (page weight of the home page and a text page). Everything is built in a
temporary folder; nothing is written into the working tree but BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bench import corpus, page_weight, serve_latency, whole_build
from bench import scale_report as scale_report_module
from bench.report import Results, render, targets_table
from bench.stats import ROOT, load_average, machine, run_json, versions

SECTIONS = ("pipeline", "build", "serve", "weight", "scale")
T = TypeVar("T")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000],
                        help="generated corpus sizes (texts); default 10 100 1000")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (medians); default 5")
    parser.add_argument("--quick", action="store_true", help="3 runs, corpora of 10 and 100 texts only")
    parser.add_argument("--skip", nargs="*", choices=SECTIONS, default=[], help="sections not to run")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md", help="the report (BENCHMARKS.md)")
    parser.add_argument("--work-dir", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--large-runs", type=int, default=3,
                        help="runs for corpora of 1,000 texts or more (each takes minutes); default 3")
    parser.add_argument("--budget", type=float, default=900.0,
                        help="skip a corpus whose measurement is estimated to take longer (seconds); default 900")
    return parser


def pipeline_section(sizes: list[int], runs: int, work: Path, budget: float,
                     large_runs: int = 3) -> list[dict[str, Any]]:
    """One row per corpus; a corpus whose estimated time exceeds `budget` seconds is skipped, not waited for."""
    rows: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    for size in [0, *sizes]:
        label = f"{size:,} generated texts" if size else "the two seeds"
        passes_runs = edition_runs = large_runs if size >= 1000 else runs
        if size and last is not None and _estimate(last, size, passes_runs, edition_runs) > budget:
            passes_runs = edition_runs = 1  # one run of each rather than none: memory and scale still show
            estimate = _estimate(last, size, passes_runs, edition_runs)
            if estimate > budget:
                print(f"pipeline: {label} skipped (estimated {estimate:,.0f} s > budget {budget:,.0f} s)")
                rows.append({"label": label, "texts": size, "skipped": estimate})
                continue
            print(f"pipeline: {label}: one run only, to stay within the budget of {budget:,.0f} s")
        if size:
            print(f"generating a corpus of {size:,} texts …", flush=True)
            seeds_dir = corpus.write_corpus(work / f"corpus-{size}", size, ROOT / "seeds", ROOT)
        else:
            seeds_dir = ROOT / "seeds"
        print(f"pipeline: {label} …", flush=True)
        row = run_json("bench.pipeline", str(seeds_dir), "--runs", str(passes_runs),
                       "--edition-runs", str(edition_runs), timeout=budget * 4 + 600)
        row["label"] = label
        rows.append(row)
        last = row
        if size:
            shutil.rmtree(seeds_dir, ignore_errors=True)
    return rows


def _estimate(measured: dict[str, Any], texts: int, passes_runs: int, edition_runs: int) -> float:
    """Seconds to measure `texts` texts, scaled linearly from a corpus already measured."""
    scale = texts / max(int(measured["texts"]), 1)
    edition = sum(measured["edition_seconds"]) / len(measured["edition_seconds"])
    passes = float(measured["passes_seconds"][0])
    total: float = scale * (float(measured["load_seconds"]) + passes * passes_runs + edition * edition_runs)
    return total


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.quick:
        args.runs, args.sizes = 3, [size for size in args.sizes if size <= 100]
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="edition-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = Results(date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), machine=machine(),
                      load=load_average(), versions=versions(), runs=args.runs)
    try:
        if "pipeline" not in args.skip:
            results.pipeline = _section(results, "pipeline", lambda: pipeline_section(args.sizes, args.runs, work,
                                                                                        args.budget,
                                                                                        args.large_runs)) or []
        site: Path | None = None
        if "build" not in args.skip or "weight" not in args.skip:
            print("whole build and bare mkdocs build …", flush=True)
            build_runs = args.runs if "build" not in args.skip else 1
            results.build = _section(results, "build", lambda: whole_build.measure(build_runs, work / "build"))
            site = results.build["site_dir"] if results.build else None
            if "build" in args.skip:
                results.build = None
        if "serve" not in args.skip:
            print("mkdocs serve latency …", flush=True)
            results.serve = _section(results, "serve", lambda: serve_latency.measure(args.runs, _text_slug(),
                                                                                      work / "serve"))
        scale_rows: list[dict[str, Any]] = []
        if "scale" not in args.skip:  # issue 15: the whole build, the whole-edition PDF and serve at scale
            print("whole build at scale …", flush=True)
            scale_rows = _section(results, "scale", lambda: scale_section(args, work)) or []
        if "weight" not in args.skip and site is not None:
            pages = {"home page": "index.html", f"text page ({_text_slug()})": f"texts/{_text_slug()}/index.html"}
            results.weight = _section(results, "weight", lambda: page_weight.measure(site, pages)) or {}
    finally:
        if not args.keep and args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    results.load_end = load_average()
    report = render(results)
    if "scale" not in args.skip:
        report = report.rstrip("\n") + "\n\n" + scale_report(scale_rows) + "\n"
    print()
    print(targets_table(results))
    args.output.write_text(report, encoding="utf-8")
    print(f"\nwritten: {args.output}")
    return 1 if results.failures else 0


def scale_section(args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    """bench/scale.py in a child process (whole builds of 100 and 1,000 texts; the whole-edition PDF
    at 10, 20, 40), the search bytes in Chromium on each site built, then `mkdocs serve` edit latency
    at 2, 100 and 1,000 texts. `--quick`: one cold build of 100 texts, the whole-edition PDF at 10
    texts, serve on the two seeds."""
    sizes = [size for size in args.sizes if size >= 100]
    combined = ["10"] if args.quick else ["10", "20", "40"]
    command = [sys.executable, "-m", "bench.scale", "--texts", *map(str, sizes), "--combined", *combined,
               "--work-dir", str(work / "scale"), "--keep", *(["--cold-only"] if args.quick else [])]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    rows: list[dict[str, Any]] = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    for whole in [r["whole"] for r in rows if "whole" in r]:
        searched = subprocess.run([sys.executable, "-m", "bench.search_bytes", whole["site_dir"],
                                   serve_latency.corpus_slug(whole["texts"])], capture_output=True, text=True, cwd=ROOT)
        if searched.returncode == 0 and searched.stdout.strip():
            rows.append({"search": {"texts": whole["texts"], **json.loads(searched.stdout.strip().splitlines()[-1])}})
        else:
            print(f"bench: search bytes at {whole['texts']} texts not measured: {searched.stderr[-500:]}",
                  file=sys.stderr)
    for texts in [2, *([] if args.quick else sizes)]:
        slug = _text_slug() if texts <= 2 else serve_latency.corpus_slug(texts)
        details: list[dict[str, Any]] = []
        summary = serve_latency.measure(min(args.runs, 3), slug, work / f"serve-{texts}", texts=0 if texts <= 2
                                        else texts, details=details)
        rows.append({"serve": {"texts": texts, "median": summary.median, "low": summary.low, "high": summary.high,
                               **{key: [d[key] for d in details]
                                  for key in ("built", "cpu", "settled", "cpu_settled")}}})
    shutil.rmtree(work / "scale", ignore_errors=True)
    return rows


def scale_report(rows: list[dict[str, Any]]) -> str:
    """The scale section of BENCHMARKS.md (bench/scale_report.py: issue 15's targets and verdicts)."""
    return scale_report_module.render(rows, dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))


def _section(results: Results, name: str, measure: Callable[[], T]) -> T | None:
    """Run one section; a failure (e.g. the project does not build) is reported, and the others still run."""
    try:
        return measure()
    except Exception as exc:  # the harness reports what it could measure, never a traceback
        message = f"{type(exc).__name__}: {exc}"
        print(f"bench: section {name} failed: {message}", file=sys.stderr)
        results.failures[name] = message
        return None


def _text_slug() -> str:
    """The longest text of the edition: its page is the heaviest and its rebuild the slowest."""
    sizes = {folder.name: (folder / "source.txt").stat().st_size
             for folder in (ROOT / "seeds" / "texts").iterdir() if (folder / "source.txt").is_file()}
    return max(sorted(sizes), key=lambda slug: sizes[slug])


if __name__ == "__main__":
    sys.exit(main())
