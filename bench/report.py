"""BENCHMARKS.md: the measured figures as tables, each target with its verdict, and the limits.

Every figure is a median with its min–max and the number of runs. The notes on what
limits a missed target come from profiling (pyinstrument, see bench/profile.py) and are
printed only for targets the run missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.page_weight import Resource
from bench.stats import Summary

MB = 1024 * 1024

# What limits each target when it is missed, as found by profiling (pyinstrument, cProfile, per-pass CPU
# time) on 21 Nov 2026; keyed like `targets()`. Re-profile with `python -m bench.profile` when they change.
LIMITS: dict[str, str] = {
    "throughput": (
        "The cleaning passes proper (split_blocks … typography, anchors) run at millions of words per CPU-second "
        "(see the per-pass table); the apparatus passes dominate. `link_citations` builds, for every text, a "
        "bibliography of its reference list plus every work of bibliography.yml — which names every edition text "
        "(`from_text`), so it grows with the edition — deep-copying, sorting and formatting all of them with "
        "citeproc-py (pure Python; the CSL style file is parsed again for every entry; only identical entries are "
        "cached). `emendations` is the first pass to ask for the editorial data, so it pays for loading it "
        "(apparatus YAML and every text.yml again, PyYAML's pure-Python parser, schema validation) once per "
        "process; `archive_links` and the other passes that ask for it pay `editorial.cached()`'s check of the "
        "files, a glob and a stat of every text.yml on every call. `plain_note_markers` deep-copies every block "
        "for its trial scan. Fixed here: typography (quotes curled by regex, not per character; rules skipped "
        "when their trigger is absent), anchor_headings (its reserved set built once) and unwrap_lines (no "
        "word count for profiles that do not dehyphenate)."),
    "linear": (
        "Work per text grows with the edition: `apparatus.editorial.cached()` globs and stats every text.yml on "
        "each call (several passes call it for every text: quadratic), and every text's bibliography holds every "
        "edition text as a work (bibliography.yml `from_text`), so each text copies, sorts and matches more "
        "records; the apparatus YAML (glossary, citations, themes) also grows with the texts it names."),
    "memory": (
        "Every text's result is held until the edition is written: its document tree, its Markdown and its seed "
        "(the source twice, as text and as raw bytes), and the workers' results arrive pickled before they are "
        "unpickled. Memory is linear in the corpus (~0.6 MB per text in the main process); dropping the raw "
        "bytes and the document trees once a text's page is rendered would cut most of it."),
    "cores": (
        "The pool divides the texts between the cores (`build_texts`), but the parent loads every seed (YAML + "
        "schema) before the pool starts and unpickles every result after, on one core; each worker loads the "
        "editorial data again; and on a machine shared with other work (see the load average) the workers get "
        "less than two cores."),
    "overhead": (
        "The hook runs the whole pipeline inside `mkdocs build` (the editorial data and apparatus indexes, the "
        "passes with citeproc formatting, the word accounting's second Markdown rendering) and the print edition "
        "(compiled by Typst on each build; cached only within one process). "
        "The largest single cost is YAML: every file is parsed twice (compose for line numbers, then load) with "
        "PyYAML's pure-Python loader; libyaml's CSafeLoader (in the installed PyYAML) parses all of seeds/ 8× "
        "faster (115 → 15 ms CPU, measured), and constructing the data from the composed node would halve it "
        "again. Importing the project (jsonschema, citeproc, typst) comes next."),
    "whole": (
        "The CLI runs the pipeline and the print edition, then starts `mkdocs build` in a new process whose hook "
        "runs both again: nothing is shared between the two processes, so about half the CPU time is repetition "
        "(the hook could reuse the PDFs the CLI has just written, e.g. from a folder named in the environment)."),
    "serve": (
        "Each rebuild reruns the hook's whole pipeline (YAML parsing and schema validation of every editorial "
        "file, passes, apparatus, accounting) before MkDocs re-renders every page; MkDocs's watcher also waits "
        "for the file to settle before it starts. The print edition is cached in the process by content."),
    "weight": (
        "The search index (every page's full text, including the glossary, removal report and bibliography; "
        "Material fetches it on every first visit), Material's JS bundle and CSS, and the text page's own HTML, "
        "whose citation and glossary tooltips repeat formatted references in `title` attributes (~26 KB raw of "
        "`title` text on the Curtis page). Leaving the removal report and bibliography out of the search index "
        "(`search: exclude: true` in their front matter) saves ~6 KB gzip, the glossary another ~5 KB; the rest "
        "would have to come from the page's repeated tooltip text."),
}


@dataclass
class Results:
    date: str
    machine: dict[str, str]
    load: str  # load average (1 / 5 / 15 min) when the run started
    versions: dict[str, str]
    runs: int
    load_end: str = "?"
    pipeline: list[dict[str, Any]] = field(default_factory=list)
    build: dict[str, Any] | None = None
    serve: Summary | None = None
    weight: dict[str, list[Resource]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # section → why it could not be measured


@dataclass(frozen=True)
class Target:
    key: str
    goal: str
    measured: str
    met: bool | None  # None: not measured in this run


def _passes(row: dict[str, Any], key: str = "passes_cpu_seconds") -> Summary:
    """Seconds of the passes alone, CPU time by default (the rate per core); `passes_seconds` is wall clock."""
    median, low, high, runs = row[key]
    return Summary(median, low, high, runs)


def _generated(results: Results) -> list[dict[str, Any]]:
    """The generated corpora that were measured (not skipped for time)."""
    return [row for row in results.pipeline if "generated" in row["label"] and "skipped" not in row]


def _skipped(results: Results) -> list[dict[str, Any]]:
    return [row for row in results.pipeline if "skipped" in row]


def targets(results: Results) -> list[Target]:
    found: list[Target] = []
    generated = _generated(results)
    if generated:
        worst = min(generated, key=lambda row: row["words"] / _passes(row).median)
        rate = _passes(worst).rate(worst["words"]).median
        found.append(Target("throughput", "pipeline ≥ 1,000,000 words/s per core (generated corpora)",
                            f"{rate:,.0f} words per CPU-second (slowest corpus: {worst['label']})",
                            rate >= 1_000_000))
        small, large = generated[0], generated[-1]
        if small is not large:
            ratio = (_passes(large).median / large["words"]) / (_passes(small).median / small["words"])
            found.append(Target("linear", "linear: time per word at the largest corpus within 20 % of the smallest",
                                f"{ratio:.2f}× ({large['label']} vs {small['label']})", ratio <= 1.2))
        found.append(Target("memory", "peak memory < 500 MB for the largest corpus",
                            f"{large['peak_mb']:,.0f} MB main process, {large['worker_peak_mb']:,.0f} MB largest "
                            f"worker ({large['label']})", large["peak_mb"] < 500 if large["texts"] >= 1000 else None))
        used = Summary.of([c / w for c, w in zip(large["edition_cpu_seconds"], large["edition_seconds"], strict=True)])
        found.append(Target("cores", f"uses both cores for many texts ({large['cores']} available)",
                            f"{used.median:.2f} cores busy on average ({large['label']})",
                            used.median >= 1.5 if large["cores"] >= 2 else None))
    if results.build is not None:
        ratio, ratio_cpu = results.build["overhead_ratio"], results.build["overhead_ratio_cpu"]
        found.append(Target("overhead", "project's work ≤ 10 % of a bare `mkdocs build` of the same pages",
                            f"+{ratio.median:.0%} ({ratio.low:.0%}–{ratio.high:.0%}) wall, +{ratio_cpu.median:.0%} CPU",
                            ratio.median <= 0.10))
        whole, whole_cpu = results.build["whole"], results.build["whole_cpu"]
        found.append(Target("whole", "two-text edition, site + PDF, from scratch < 5 s",
                            f"{whole.format()} wall, {whole_cpu.median:.2f} s CPU", whole.median < 5.0))
    if results.serve is not None:
        found.append(Target("serve", "an edit to a seed visible in the served page < 2 s",
                            results.serve.format(), results.serve.median < 2.0))
    for label, resources in results.weight.items():
        if label.startswith("text page"):
            compressed = sum(r.compressed for r in resources)
            found.append(Target("weight", "a text page < 150 KB compressed, with everything it loads",
                                f"{compressed / 1024:,.1f} KB gzip", compressed < 150 * 1024))
    return found


def _verdict(target: Target) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[target.met]


def targets_table(results: Results) -> str:
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {t.goal} | {t.measured} | {_verdict(t)} |" for t in targets(results)]
    return "\n".join(lines)


def _pipeline_table(results: Results) -> list[str]:
    lines = ["| corpus | texts | words | passes alone, 1 core: CPU s | wall s | words per CPU-s | edition build "
             "(passes + Markdown + accounting), all cores: wall s | cores busy | load seeds | peak RSS main / worker |",
             "|---|---:|---:|---|---|---:|---|---:|---:|---|"]
    for row in results.pipeline:
        if "skipped" in row:
            lines.append(f"| {row['label']} | {row['texts']:,} | – | skipped: estimated {row['skipped']:,.0f} s, "
                         "over the time budget (`--budget`) | | | | | | |")
            continue
        passes = _passes(row)
        edition = Summary.of(row["edition_seconds"])
        cores = Summary.of([c / w for c, w in zip(row["edition_cpu_seconds"], row["edition_seconds"], strict=True)])
        lines.append(f"| {row['label']} | {row['texts']:,} | {row['words']:,} | {passes.format()} | "
                     f"{_passes(row, 'passes_seconds').format()} | "
                     f"{passes.rate(row['words']).median:,.0f} | {edition.format()} | {cores.median:.2f} | "
                     f"{row['load_seconds']:.2f} s | {row['peak_mb']:,.0f} / {row['worker_peak_mb']:,.0f} MB |")
    return lines


def _per_pass_table(results: Results) -> list[str]:
    """Where the passes' CPU time goes, on the largest corpus measured."""
    measured = [row for row in results.pipeline if "per_pass_cpu_seconds" in row]
    if not measured:
        return []
    row = max(measured, key=lambda r: r["texts"])
    by_pass: dict[str, float] = row["per_pass_cpu_seconds"]
    whole = sum(by_pass.values()) or 1.0
    lines = [f"CPU time per pass ({row['label']}, one run; `python -m bench.profile` shows the call tree):", "",
             "| pass | CPU s | share | words per CPU-s of this pass alone |", "|---|---:|---:|---:|"]
    for name, seconds in sorted(by_pass.items(), key=lambda item: -item[1]):
        rate = f"{row['words'] / seconds:,.0f}" if seconds > 0 else "–"
        lines.append(f"| `{name}` | {seconds:.3f} | {seconds / whole:.1%} | {rate} |")
    return lines


def _build_table(build: dict[str, Any]) -> list[str]:
    def cpu(key: str) -> str:
        value = build.get(key + "_cpu")
        return value.format() if value is not None else "–"

    lines = ["| part | wall clock | CPU (process + children) |", "|---|---|---|"]
    for name, value in build["parts"].items():
        part_cpu = build["parts_cpu"].get(name)
        lines.append(f"| {name} | {value.format()} | {part_cpu.format() if part_cpu else '–'} |")
    lines += [f"| `mkdocs build` with the project's hook (pipeline + print edition + render) | "
              f"{build['mkdocs_project'].format()} | {cpu('mkdocs_project')} |",
              f"| bare `mkdocs build` of the same pages and files, no project code | {build['mkdocs_bare'].format()} | "
              f"{cpu('mkdocs_bare')} |",
              f"| the project's own cost (difference, per paired run) | {build['overhead'].format()} | "
              f"{cpu('overhead')} |",
              "| `python -m build_tools build` (Markdown, PDFs + EPUB, site) from scratch | "
              f"{build['whole'].format()} | {cpu('whole')} |"]
    ratio, ratio_cpu = build["overhead_ratio"], build["overhead_ratio_cpu"]
    lines += ["", f"Project overhead over the bare build: **+{ratio.median:.0%}** wall clock "
              f"(min {ratio.low:.0%}, max {ratio.high:.0%}, n={ratio.runs}); +{ratio_cpu.median:.0%} in CPU time."]
    printed = build["parts"].get("print edition (all PDFs + EPUB)")
    if printed is not None:
        without = (build["overhead"].median - printed.median) / build["mkdocs_bare"].median
        lines.append(f"Without the print edition (which the hook also builds) it would be about +{without:.0%}.")
    return lines


def _weight_table(weight: dict[str, list[Resource]]) -> list[str]:
    lines = ["| page | files | raw | gzip |", "|---|---:|---:|---:|"]
    for label, resources in weight.items():
        lines.append(f"| {label} | {len(resources)} | {sum(r.raw for r in resources) / 1024:,.1f} KB | "
                     f"{sum(r.compressed for r in resources) / 1024:,.1f} KB |")
    first = next(iter(weight.values()), [])
    if first:
        lines += ["", "| file (text page) | raw | gzip |", "|---|---:|---:|"]
        heaviest = list(weight.values())[-1]
        for resource in sorted(heaviest, key=lambda r: -r.compressed):
            lines.append(f"| `{resource.path}` | {resource.raw / 1024:,.1f} KB | "
                         f"{resource.compressed / 1024:,.1f} KB |")
    return lines


def render(results: Results) -> str:
    m = results.machine
    out = ["# Benchmarks", "",
           "Generated by `make bench` (`python -m bench`); do not edit by hand. Each figure is the median of several "
           "runs, with (min–max, n=runs). The machine may be shared with other work, so spreads are shown.", "",
           f"- Date: {results.date}",
           f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} memory, {m['os']}",
           f"- Load average when the run started (1 / 5 / 15 min): {results.load}; at the end: {results.load_end}",
           f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in results.versions.items()), "",
           "## Targets", "", targets_table(results), ""]
    if results.failures:
        out += ["### Sections that could not be measured", ""]
        out += [f"- {name}: {' '.join(message.split())[:600]}" for name, message in results.failures.items()]
        out.append("")
    missed = [t for t in targets(results) if t.met is False]
    if missed:
        out += ["### What limits the missed targets", ""]
        out += [f"- **{t.goal}**: {LIMITS[t.key]}" for t in missed]
        out.append("")
    if results.pipeline:
        out += ["## Pipeline throughput", "",
                "Generated corpora are copies of the two seeds in which about 30 % of the words that carry no "
                "structure are swapped for other words of the same text (seeded random; bench/corpus.py), so every "
                "text differs but cleans the same way; editorial data about a seed is repeated for each copy. About "
                "half the entries of a copied reference list still equal another copy's (they are made of "
                "authors, years and words the YAML names, which stay), and those are formatted once per process, "
                "as works cited by several texts would be. Every run starts cold: the project's caches are "
                "emptied before each. "
                "\"Passes alone\" is the cleaning and annotation pipeline (`build_tools/passes`) on one core; "
                "\"edition build\" is `build_texts` as the edition runs it (in a process pool from "
                "16 texts), with the CPU time it used divided by the wall time as \"cores busy\". "
                "Each corpus is measured in a fresh process; peak RSS is that process's and its largest worker's.",
                "", *_pipeline_table(results), "", *_per_pass_table(results), ""]
    if results.build is not None:
        out += ["## Whole build", "",
                "Pipeline and print edition timed in-process; the two `mkdocs build` commands run alternately "
                "(each a fresh process, as an editor runs them) so that noise hits both alike. The bare build "
                "uses mkdocs.yml without `hooks:` and the nav written out, over docs/ plus every page and file "
                "the hook generates.", "", *_build_table(results.build), ""]
    if results.serve is not None:
        out += ["## `mkdocs serve`", "",
                "Time from saving a changed title in a text's YAML (in a temporary copy of the project) to the "
                f"served page showing it, polled every 20 ms: **{results.serve.format()}**.", ""]
    if results.weight:
        out += ["## Page weight", "",
                "Every file a first visit fetches: the HTML, linked CSS/JS/icons/images, what the CSS pulls in "
                "(fonts), Material's search worker and the search index; gzip level 6.", "",
                *_weight_table(results.weight), ""]
    return "\n".join(out)
