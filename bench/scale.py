"""The whole build at scale: `python -m bench.scale --texts 100 1000` (part of `make bench`).

For each size, a generated corpus (bench/corpus.py) is built by the command an editor runs,
`python -m build_tools build` (pipeline, site, per-text PDFs, EPUB), in a child process: wall
time, CPU time (user + system, the pool's workers included) and peak memory (the largest
resident set of any of its processes). Twice: cold (an empty build cache) and again with
nothing changed (every text and PDF from build/cache/). `--combined 10 20 40` measures the
whole-edition PDF alone (Typst's time and peak memory, each in its own process), the figure
that grew ×3 per doubling before the "see also" lines were capped (issue 15).
Prints one JSON object per line; `bench/run.py` puts them into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import corpus
from bench.stats import ROOT


def run_measured(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> dict[str, Any]:
    """Wall, CPU and peak memory of `command`, and of each of its processes (bench/proctree.py),
    measured in a fresh interpreter (so that RUSAGE_CHILDREN holds that command's processes only)."""
    result = subprocess.run([sys.executable, "-m", "bench.proctree", *command], capture_output=True, text=True,
                            env=env, cwd=cwd)
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def largest_pages(folder: Path, pattern: str, count: int = 3) -> list[tuple[str, int]]:
    """The `count` largest files matching `pattern` under `folder`: (relative path, bytes)."""
    sizes = [(p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob(pattern)]
    return sorted(sizes, key=lambda item: -item[1])[:count]


def site_figures(site: Path, markdown: Path, slug: str) -> dict[str, Any]:
    """What a reader fetches: the largest pages (HTML and their Markdown), a text page's first
    load with everything it loads (gzip), and what a one-word search transfers (computed from the
    index; the Chromium figures come from bench/search_bytes.py)."""
    from bench import page_weight

    text_page = page_weight.weigh(site.resolve() / "texts" / slug / "index.html", site)
    search = page_weight.search_cost(site, "history")
    return {"largest_html": largest_pages(site, "*.html"), "largest_md": largest_pages(markdown, "*.md"),
            "text_page_gzip": sum(r.compressed for r in text_page), "text_page_slug": slug,
            "one_word_search_gzip": sum(r.compressed for r in search)}


def whole_build(texts: int, work: Path, runs: tuple[str, ...] = ("cold", "cached"),
                keep: bool = False) -> dict[str, Any]:
    # With the two real texts beside the copies: the hand-written pages (docs/) link to them.
    seeds = corpus.write_corpus(work / f"corpus-{texts}", texts, ROOT / "seeds", ROOT, with_seeds=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EDITION_CACHE_DIR=str(work / f"cache-{texts}"))
    env.pop("EDITION_SEEDS_DIR", None)
    row: dict[str, Any] = {"texts": texts}
    outputs = [work / f"{name}-{texts}" for name in ("md", "site", "pdf")]
    for run in runs:
        for folder in outputs:
            shutil.rmtree(folder, ignore_errors=True)
        command = [sys.executable, "-m", "build_tools", "build", "--seeds-dir", str(seeds),
                   "--markdown-dir", str(outputs[0]), "--site-dir", str(outputs[1]), "--pdf-dir", str(outputs[2])]
        measured = run_measured(command, env)
        if measured["code"] != 0:
            raise RuntimeError(f"build of {texts} texts failed:\n{measured['tail']}")
        measured.pop("tail")
        measured["pdfs"] = len(list(outputs[2].glob("*.pdf")))
        measured["epubs"] = len(list(outputs[2].glob("*.epub")))
        measured["pages"] = len(list((outputs[1] / "texts").glob("*/index.html")))
        row[run] = measured
        print(f"scale: {texts} texts, {run}: {measured['wall']:.1f} s wall, {measured['cpu']:.1f} s CPU, "
              f"peak {measured['peak_mb']:,.0f} MB, {measured['pages']} text pages, {measured['pdfs']} PDFs",
              file=sys.stderr, flush=True)
    from bench.serve_latency import corpus_slug

    row["site"] = site_figures(outputs[1], outputs[0], corpus_slug(texts))
    row["site_dir"] = str(outputs[1])
    if not keep:
        shutil.rmtree(seeds, ignore_errors=True)
        for folder in outputs:
            shutil.rmtree(folder, ignore_errors=True)
    return row


_COMBINED = """
import json, resource, sys, time
from pathlib import Path
from build_tools.edition import build_edition
from build_tools.print_edition import compile_with_warnings, timestamp
from build_tools.render.book_backmatter import back_matter, short_titles
from build_tools.render.book_meta import edition_info
from build_tools.render.typst_backmatter import back_labels, render_back_matter
from build_tools.render.typst_markup import book_labels, render_book
root = Path(sys.argv[1]); edition = build_edition(root, Path(sys.argv[2]))
items = [(t.seed, t.doc) for t in edition.texts]
parts = back_matter(edition, {s.config.slug for s, _ in items}); entries = back_labels(parts)
back = render_back_matter(parts, book_labels(items) | entries, short_titles(edition), True)
source = render_book(items, edition_info(root), whole=True, back=back, back_labels=entries)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter(); pdf, _ = compile_with_warnings(source, timestamp(items))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak,
                  "before_mb": before, "source_kb": len(source) / 1024, "pdf_kb": len(pdf) / 1024}))
"""


def combined_pdf(texts: int, work: Path) -> dict[str, Any]:
    """Typst setting the whole-edition PDF of `texts` generated texts: seconds and peak memory."""
    seeds = corpus.write_corpus(work / f"combined-{texts}", texts, ROOT / "seeds", ROOT)
    env = dict(os.environ, EDITION_CACHE="0")
    result = subprocess.run([sys.executable, "-c", _COMBINED, str(ROOT), str(seeds)], capture_output=True,
                            text=True, env=env, cwd=ROOT)
    shutil.rmtree(seeds, ignore_errors=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1500:])
    row: dict[str, Any] = {"texts": texts, **json.loads(result.stdout.strip().splitlines()[-1])}
    print(f"scale: whole-edition PDF of {texts} texts: {row['seconds']:.1f} s, peak {row['peak_mb']:,.0f} MB "
          f"(pipeline before Typst {row['before_mb']:,.0f} MB), {row['pdf_kb']:,.0f} KiB", file=sys.stderr, flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, nargs="*", default=[100, 1000], help="whole-build corpus sizes")
    parser.add_argument("--combined", type=int, nargs="*", default=[], help="whole-edition PDF corpus sizes")
    parser.add_argument("--work-dir", type=Path, default=None)
    parser.add_argument("--cold-only", action="store_true", help="one cold build per size (no cached rebuild)")
    parser.add_argument("--keep", action="store_true", help="keep each size's corpus, Markdown, site and PDFs")
    args = parser.parse_args(argv)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    started = time.perf_counter()
    try:
        for texts in args.combined:
            print(json.dumps({"combined": combined_pdf(texts, work)}), flush=True)
        for texts in args.texts:
            runs = ("cold",) if args.cold_only else ("cold", "cached")
            print(json.dumps({"whole": whole_build(texts, work, runs, args.keep)}), flush=True)
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"scale: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
