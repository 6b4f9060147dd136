"""Where the pipeline's time goes: `python -m bench.profile [N]` profiles the passes on N generated texts.

Uses pyinstrument (pinned in requirements.lock) and prints its call tree, then the time of
each named pass, so a slow pass is found by name. Run it when a throughput target is missed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus
from bench.stats import ROOT
from build_tools.apparatus import editorial
from build_tools.apparatus.indexes import load_indexes
from build_tools.diagnostics import Diagnostics
from build_tools.load.seeds import discover
from build_tools.model import Document
from build_tools.passes import PIPELINE, collector_paused
from build_tools.passes.context import PassContext


def per_pass_seconds(seeds_dir: Path) -> dict[str, float]:
    seeds = discover(seeds_dir, Diagnostics(), ROOT)
    indexes = load_indexes(seeds_dir, seeds_dir.name, Diagnostics())
    editorial.cached(seeds_dir)  # loaded before the passes, as the edition does
    totals = {name: 0.0 for name, _ in PIPELINE}
    for seed in seeds:
        doc = Document(seed.config.slug, seed.source_display, [])
        ctx = PassContext(seed, Diagnostics(), indexes)
        with collector_paused():  # as `run_pipeline` runs them
            for name, run in PIPELINE:
                started = time.process_time()  # CPU time: a busy machine does not inflate it
                run(doc, ctx)
                totals[name] += time.process_time() - started
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("texts", type=int, nargs="?", default=100)
    args = parser.parse_args(argv)
    from pyinstrument import Profiler

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as scratch:
        seeds_dir = write_corpus(Path(scratch) / "seeds", args.texts, ROOT / "seeds", ROOT)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        with editorial.build_scope():
            totals = per_pass_seconds(seeds_dir)
        profiler.stop()
    print(profiler.output_text(unicode=True, color=False))
    whole = sum(totals.values())
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"{name:24} {seconds:8.3f} s  {seconds / whole:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
