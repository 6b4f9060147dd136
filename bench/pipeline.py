"""Pipeline throughput on one seeds folder, measured in a fresh process.

`python -m bench.pipeline SEEDS_DIR --runs N` prints one line of JSON: the words of the
sources; the seconds of the passes alone on one core (cleaning and annotation, what the
throughput target is about), wall clock and CPU time (words per CPU-second is the rate
per core, whatever else the machine is doing); the seconds of the edition-level build of every text (passes,
Markdown rendering and word accounting), in a process pool when there are many texts, with
the CPU time it used (CPU / wall > 1 means more than one core worked); and the peak
resident memory of the process and of its largest worker. It runs in its own process so
that the memory figure belongs to this corpus alone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from bench.stats import ROOT, clear_project_caches, cpu_seconds, peak_rss_mb, timed_cpu
from build_tools import accounting
from build_tools.apparatus import bibliography as bib
from build_tools.apparatus import editorial
from build_tools.apparatus.indexes import Indexes, load_indexes
from build_tools.diagnostics import Diagnostics
from build_tools.edition import available_cores, build_texts, collector_for_the_build, run_pipeline
from build_tools.load.seeds import Seed, discover
from build_tools.model import Document
from build_tools.passes import PIPELINE, collector_paused
from build_tools.passes.context import PassContext


def per_pass_cpu_seconds(seeds: list[Seed], indexes: Indexes | None) -> dict[str, float]:
    """CPU seconds of each named pass over every seed (one extra run), to find the pass that dominates."""
    totals = {name: 0.0 for name, _ in PIPELINE}
    clear_project_caches()
    with collector_for_the_build():
        for seed in seeds:
            doc = Document(seed.config.slug, seed.source_display, [])
            ctx = PassContext(seed, Diagnostics(), indexes)
            with collector_paused():  # as `run_pipeline` runs them
                for name, run in PIPELINE:
                    started = time.process_time()
                    run(doc, ctx)
                    totals[name] += time.process_time() - started
    return totals


# The passes of a small corpus are run more than `--runs` times, until they have taken this many
# CPU-seconds in all (the figure is still the median of cold runs: of more of them, so that the
# throughput of a ten-text corpus, 50 ms a run, does not rest on one quarter of a second).
PASSES_SECONDS = 2.0
PASSES_MOST_RUNS = 41


def measure(seeds_dir: Path, runs: int, edition_runs: int) -> dict[str, object]:
    # Everything the passes read is loaded first, as the edition does, and timed as loading:
    # the seeds, the glossary and registers, the editorial data (inside one build scope).
    with editorial.build_scope():
        return _measure(seeds_dir, runs, edition_runs)


def _measure(seeds_dir: Path, runs: int, edition_runs: int) -> dict[str, object]:
    started = time.perf_counter()
    diagnostics = Diagnostics()
    seeds = discover(seeds_dir, diagnostics, ROOT)
    indexes = load_indexes(seeds_dir, seeds_dir.name, diagnostics)
    data = editorial.cached(seeds_dir)
    load_seconds = time.perf_counter() - started
    if diagnostics.errors:
        raise SystemExit("\n".join(d.format() for d in diagnostics.errors))
    words = sum(len(accounting.words(seed.text)) for seed in seeds)

    def passes_alone() -> None:
        # Each text's document is dropped once its passes are done, as a build worker sends it
        # away: held, a thousand documents are walked again and again by Python's cycle collector
        # (15 % more CPU at 1,000 texts), a cost of this loop, not of the passes.
        # The loaded data frozen out of the cycle collector's reach, as `build_texts` has it.
        with collector_for_the_build():
            for seed in seeds:
                run_pipeline(seed, Diagnostics(), indexes)

    passes, passes_cpu = timed_cpu(passes_alone, runs, at_least_seconds=PASSES_SECONDS, most_runs=PASSES_MOST_RUNS)
    by_pass = per_pass_cpu_seconds(seeds, indexes)
    docs = [run_pipeline(seed, Diagnostics(), indexes) for seed in seeds]  # for the references, untimed

    def format_references() -> None:  # the bibliography's work: each cited work formatted once (citeproc-py)
        for doc in docs:
            bib.describe_citations(doc, data)

    references, _ = timed_cpu(format_references, max(1, runs // 2))
    works_formatted = bib.formatted_count()
    docs.clear()  # the edition build below holds its own results; these would only add to its peak
    edition_times: list[float] = []
    cpu_times: list[float] = []
    for _ in range(edition_runs):
        clear_project_caches()
        cpu_before, wall_before = cpu_seconds(), time.perf_counter()
        built = Diagnostics()
        with _no_build_cache():  # every run builds every text: a run must not read the last one's results
            results = build_texts(seeds, built, indexes=indexes)
        edition_times.append(time.perf_counter() - wall_before)
        cpu_times.append(cpu_seconds() - cpu_before)
        if built.errors or len(results) != len(seeds):
            raise SystemExit("\n".join(d.format() for d in built.errors))
        del results
    own_mb, worker_mb = peak_rss_mb()
    return {"texts": len(seeds), "words": words, "load_seconds": load_seconds,
            "passes_seconds": [passes.median, passes.low, passes.high, passes.runs],
            "passes_cpu_seconds": [passes_cpu.median, passes_cpu.low, passes_cpu.high, passes_cpu.runs],
            "per_pass_cpu_seconds": by_pass,
            "references_seconds": [references.median, references.low, references.high, references.runs],
            "works_formatted": works_formatted,
            "edition_seconds": edition_times, "edition_cpu_seconds": cpu_times,
            "cores": available_cores(), "peak_mb": own_mb, "worker_peak_mb": worker_mb}


@contextlib.contextmanager
def _no_build_cache() -> Iterator[None]:
    """build/cache/ off (`EDITION_CACHE=0`), as for a first build."""
    before = os.environ.get("EDITION_CACHE")
    os.environ["EDITION_CACHE"] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["EDITION_CACHE"]
        else:
            os.environ["EDITION_CACHE"] = before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pipeline")
    parser.add_argument("seeds_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edition-runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.seeds_dir, args.runs, args.edition_runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
