"""The "At scale (issue 15)" section of BENCHMARKS.md: each target, what was measured, met or
missed, and what limits a missed one, computed from the run's own rows (never written by hand).

Rows are the JSON objects the scale benchmarks print, one per line:
`{"whole": …}` (bench/scale.py: a whole build, every process), `{"serve": …}`
(bench/serve_latency.py), `{"search": …}` (bench/search_bytes.py, Chromium), `{"pages": …}`
(the largest pages of a site built before and after the index pages were bounded).
`python -m bench.scale_report ROWS… --into BENCHMARKS.md` replaces the section in the report.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from pathlib import Path
from typing import Any

KB = 1024
WHOLE_MINUTES, WHOLE_GB = 10.0, 4.0
SEARCH_BUDGET, PAGE_BUDGET, SERVE_BUDGET = 200 * 1000, 150 * 1024, 1.0
HEADING = "## At scale (issue 15)"


def load_rows(paths: list[Path]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def _of(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [row[kind] for row in rows if kind in row]


def _verdict(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "**missed**")


def _processes(run: dict[str, Any]) -> str:
    """The main process and its workers (Typst runs inside them, as a library): CPU and peak each."""
    rows = run.get("processes") or []
    parts = [f"{'main' if n == 0 else 'worker'} {p['cpu']:.0f} s / {p['peak_mb']:,.0f} MB"
             for n, p in enumerate(rows[:4])]
    return "; ".join(parts) + (f"; {len(rows) - 4} more" if len(rows) > 4 else "")


def targets(rows: list[dict[str, Any]]) -> list[tuple[str, str, bool | None, str]]:
    """(target, measured, met, what limits it) for each of issue 15's targets."""
    out: list[tuple[str, str, bool | None, str]] = []
    wholes = {w["texts"]: w for w in _of(rows, "whole")}
    largest = wholes.get(max(wholes)) if wholes else None
    if largest is not None:
        cold = largest["cold"]
        minutes, peak_gb = cold["wall"] / 60, cold["peak_mb"] / 1024
        met = largest["texts"] >= 1000 and minutes <= WHOLE_MINUTES and peak_gb <= WHOLE_GB
        main = (cold.get("processes") or [{"cpu": cold["cpu"], "peak_mb": cold["peak_mb"]}])[0]
        workers = cold["cpu"] - main["cpu"]
        limit = (f"{cold['cpu']:.0f} s of CPU in all ({cold['cpu'] / max(cold['wall'], 1e-9):.2f} cores busy on "
                 f"average over {cold['wall']:.0f} s of wall clock on a machine shared with other work): the main "
                 f"process {main['cpu']:.0f} s (MkDocs renders every page, the search index, the print edition's "
                 f"Typst in a thread), the pipeline's workers {workers:.0f} s. The main process alone, on one "
                 f"core, needs {main['cpu'] / 60:.1f} min; the largest process held {cold['peak_mb']:,.0f} MB.")
        out.append((f"whole build (site, per-text PDFs, EPUB, search) of 1,000 texts ≤ {WHOLE_MINUTES:.0f} min cold, "
                    f"peak ≤ {WHOLE_GB:.0f} GB (measured at {largest['texts']:,})",
                    f"{minutes:.1f} min wall, {cold['cpu'] / 60:.1f} min CPU, peak {peak_gb:.2f} GB "
                    f"({cold['pdfs']} PDFs, {cold.get('epubs', 0)} EPUB, {cold['pages']} text pages)",
                    met if largest["texts"] >= 1000 else None, limit))
    for unfinished in _of(rows, "unfinished"):
        if unfinished["texts"] in wholes:
            continue
        # A build that did not finish can still have missed: its main process alone used more CPU
        # than the wall-clock budget, or more memory than allowed, before it stopped.
        over_cpu = unfinished["cpu_main"] / 60 > WHOLE_MINUTES
        over_memory = unfinished["rss_mb"] / 1024 > WHOLE_GB
        out.append((f"whole build (site, per-text PDFs, EPUB, search) of {unfinished['texts']:,} texts ≤ "
                    f"{WHOLE_MINUTES:.0f} min cold, peak ≤ {WHOLE_GB:.0f} GB",
                    f"did not finish ({unfinished['stopped']}) after {unfinished['elapsed'] / 60:.0f} min of wall "
                    f"clock; by then its main process had used {unfinished['cpu_main'] / 60:.1f} min of CPU and "
                    f"held {unfinished['rss_mb']:,.0f} MB", False if over_cpu or over_memory else None,
                    f"{unfinished['note']} The main process's CPU alone "
                    f"({unfinished['cpu_main'] / 60:.1f} min) is {'over' if over_cpu else 'within'} the "
                    f"{WHOLE_MINUTES:.0f} min even with a core to itself, and its memory "
                    f"({unfinished['rss_mb'] / 1024:.2f} GB) {'over' if over_memory else 'within'} the "
                    f"{WHOLE_GB:.0f} GB, before MkDocs had rendered a page."))
    for search in sorted(_of(rows, "search"), key=lambda s: s["texts"]):
        one, phrase = search["one_word"], search["phrase"]
        ok = one["bytes"] <= SEARCH_BUDGET and search["first_load_search_files"] == 0
        out.append((f"one-word search ≤ 200 KB transferred, nothing on page load ({search['texts']:,} texts)",
                    f"{one['bytes'] / KB:,.0f} KiB in {one['files']} files for “{one['query']}”; phrase "
                    f"{phrase['bytes'] / KB:,.0f} KiB in {phrase['files']} files; search files on page load: "
                    f"{search['first_load_search_files']} bytes", ok,
                    "" if ok else "the term shards and record chunks a query needs (bench/page_weight.search_cost)"))
    for texts, whole in sorted(wholes.items()):
        site = whole.get("site") or {}
        if "text_page_gzip" in site:
            ok = site["text_page_gzip"] <= PAGE_BUDGET
            out.append((f"text page ≤ 150 KB gzip with everything it loads ({texts:,} texts)",
                        f"{site['text_page_gzip'] / KB:,.1f} KiB gzip ({site['text_page_slug']})", ok,
                        "" if ok else "the page's HTML and the theme's assets (BENCHMARKS.md, page weight)"))
    for serve in sorted(_of(rows, "serve"), key=lambda s: s["texts"]):
        if serve["texts"] < 1000 and any(s["texts"] >= 1000 for s in _of(rows, "serve")):
            continue
        ok = serve["median"] <= SERVE_BUDGET if serve["texts"] >= 1000 else None
        cpu = statistics.median(serve["cpu"]) if serve.get("cpu") else None
        limit = ""
        if cpu is not None:
            limit = (f"the rebuild itself used {cpu:.2f} s of CPU (median); the other "
                     f"{max(serve['median'] - cpu, 0):.2f} s of the {serve['median']:.2f} s are the server noticing "
                     f"the save, waiting before it rebuilds, and serving")
            smallest = min(_of(rows, "serve"), key=lambda s: s["texts"])
            if smallest.get("cpu") and smallest["texts"] < serve["texts"]:
                base = statistics.median(smallest["cpu"])
                per_text = (cpu - base) / (serve["texts"] - smallest["texts"])
                limit += (f". At {smallest['texts']:,} texts the rebuild used {base:.2f} s and the edit showed in "
                          f"{smallest['median']:.2f} s; each text of the edition adds {per_text * 1000:.2f} ms of "
                          f"CPU to a rebuild (MkDocs goes over every file of the site and builds the navigation, "
                          f"the hook stamps every seed file and compares every generated page)")
        out.append((f"`mkdocs serve`: an edit to one text shown ≤ 1 s at 1,000 texts (measured at {serve['texts']:,})",
                    f"{serve['median']:.2f} s ({serve['low']:.2f}–{serve['high']:.2f}, n={len(serve.get('cpu', []))})"
                    + (f", {cpu:.2f} s CPU" if cpu is not None else ""), ok, limit))
    return out


def not_measured(rows: list[dict[str, Any]]) -> list[str]:
    """Why a target at 1,000 texts has no figure in this run, and what the run says about it."""
    out: list[str] = []
    serves = sorted(_of(rows, "serve"), key=lambda s: s["texts"])
    if serves and serves[-1]["texts"] < 1000 and len(serves) >= 2 and all(s.get("cpu") for s in serves):
        small, large = serves[0], serves[-1]
        low, high = statistics.median(small["cpu"]), statistics.median(large["cpu"])
        per_text = (high - low) / (large["texts"] - small["texts"])
        estimate = low + per_text * (1000 - small["texts"])
        out.append(f"**`mkdocs serve` at 1,000 texts**: not run (its first build is a whole build of 1,000 texts). "
                   f"The CPU of one rebuild grew from {low:.2f} s at {small['texts']:,} texts to {high:.2f} s at "
                   f"{large['texts']:,}, {per_text * 1000:.1f} ms per text of the edition (MkDocs lists and "
                   f"checks every file and builds the navigation on each rebuild; the hook stamps every seed file "
                   f"and compares every generated file): linearly, about {estimate:.1f} s of CPU at 1,000 texts, "
                   f"{'within' if estimate <= SERVE_BUDGET else 'over'} the 1 s target before any waiting for a core.")
    return out


def render(rows: list[dict[str, Any]], date: str) -> str:
    out = [HEADING, "",
           f"Measured {date} by `python -m bench.scale`, `python -m bench.serve_latency` and "
           "`python -m bench.search_bytes` on generated corpora (bench/corpus.py, the two seeds beside the "
           "copies), on a 2-core machine (a wall clock includes any wait for a core another program held; CPU "
           "time does not). `make bench` writes this section with the others; `python -m "
           "bench.scale_report ROWS… --into BENCHMARKS.md` replaces it alone, so its date may differ from the "
           "report's.", "", "| target | measured | verdict |", "|---|---|---|"]
    found = targets(rows)
    out += [f"| {goal} | {measured} | {_verdict(met)} |" for goal, measured, met, _ in found]
    missed = [(goal, limit) for goal, _, met, limit in found if met is False and limit]
    if missed:
        out += ["", "### What limits the missed ones", ""]
        out += [f"- **{goal}**: {limit}" for goal, limit in missed]
    if unmeasured := not_measured(rows):
        out += ["", "### Not measured in this run", ""] + [f"- {line}" for line in unmeasured]
    out += ["", "### Whole builds (`python -m build_tools build`)", "",
            "Typst runs inside the main process (the `typst` library, in a thread), so its time and memory "
            "are the main process's.", "",
            "| texts | run | wall | CPU (all processes) | peak (largest process) | processes: CPU / peak "
            "| largest page (HTML) |", "|---|---|---|---|---|---|---|"]
    for whole in sorted(_of(rows, "whole"), key=lambda w: w["texts"]):
        for run in ("cold", "cached"):
            if run in whole:
                r = whole[run]
                top = (whole.get("site") or {}).get("largest_html") or [["?", 0]]
                out.append(f"| {whole['texts']:,} (+2) | {run} | {r['wall']:.0f} s | {r['cpu']:.0f} s "
                           f"| {r['peak_mb']:,.0f} MB | {_processes(r)} | `{top[0][0]}` {top[0][1] / KB:,.0f} KiB |")
    combined = _of(rows, "combined")
    if combined:
        out += ["", "### The whole-edition PDF alone (Typst, one process each; built by default up to 50 texts)", "",
                "| texts | seconds | peak memory | PDF |", "|---|---|---|---|"]
        out += [f"| {c['texts']} | {c['seconds']:.1f} s | {c['peak_mb']:,.0f} MB | {c['pdf_kb']:,.0f} KiB |"
                for c in sorted(combined, key=lambda c: c["texts"])]
    out += [f"\n{note['text']}" for note in _of(rows, "note") if note.get("section") == "whole"]
    pages = _of(rows, "pages")
    if pages:
        out += ["", "### The largest pages, before and after the index pages were bounded", "",
                "Markdown as the edition writes it (`build --no-site`); the HTML of a page is about 1.5 times "
                "its Markdown.", "", "| texts | code | largest pages (Markdown) |", "|---|---|---|"]
        for row in sorted(pages, key=lambda p: (p["texts"], p["code"] != "before")):
            largest = ", ".join(f"`{path}` {size / KB:,.0f} KiB" for path, size in row["largest_md"])
            out.append(f"| {row['texts']:,} | {row['code']} | {largest} |")
    serves = _of(rows, "serve")
    if serves:
        out += ["", "### `mkdocs serve --dirty`: an edit to one text's note (its own page only)", "",
                "Page: from saving text.yml until the server sends the page with the edit. Build done: until "
                "MkDocs logs the rebuild finished (browsers reload then); the search index and print files "
                "follow in the background. CPU: the server's, for the rebuild.", "",
                "| texts | page shows the edit | build done | CPU per rebuild | search index and print files "
                "written (CPU) |", "|---|---|---|---|---|"]
        for serve in sorted(serves, key=lambda s: s["texts"]):
            built, cpu, settled, cpu_settled = (statistics.median(serve[key]) if serve.get(key) else float("nan")
                                                for key in ("built", "cpu", "settled", "cpu_settled"))
            out.append(f"| {serve['texts']:,} | {serve['median']:.2f} s ({serve['low']:.2f}–{serve['high']:.2f}) "
                       f"| {built:.2f} s | {cpu:.2f} s | {settled:.1f} s ({cpu_settled:.1f} s) |")
    return "\n".join(out) + "\n"


def replace_section(report: str, section: str) -> str:
    """`report` with its scale section replaced by `section` (or `section` appended)."""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## (?!#)|\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(report):
        return pattern.sub(lambda _: section + "\n", report, count=1).rstrip("\n") + "\n"
    return report.rstrip("\n") + "\n\n" + section


def main(argv: list[str] | None = None) -> int:
    import datetime as dt

    parser = argparse.ArgumentParser(prog="python -m bench.scale_report", description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=Path, nargs="+", help="files of JSON rows")
    parser.add_argument("--into", type=Path, default=None, help="the report whose scale section to replace")
    parser.add_argument("--measured", default=None,
                        help='when the rows were measured, e.g. "2026-12-06 08:28 UTC" (default: now)')
    args = parser.parse_args(argv)
    section = render(load_rows(args.rows), args.measured or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    if args.into is None:
        print(section)
    else:
        args.into.write_text(replace_section(args.into.read_text(encoding="utf-8"), section), encoding="utf-8")
        print(f"written: {args.into}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
