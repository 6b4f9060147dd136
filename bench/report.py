"""BENCHMARKS.md: the measured figures as tables, each target with its verdict, and the limits.

Every figure is a median with its min–max and the number of runs. What limits a missed
target is written from the run's own figures (per-pass times, the build's parts, the
heaviest files), so it cannot go stale; `python -m bench.profile` gives the call tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.page_weight import Resource
from bench.pipeline import PASSES_MOST_RUNS, PASSES_SECONDS
from bench.stats import Summary
from build_tools.passes import PIPELINE

MB = 1024 * 1024

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


# --- what limits a missed target: written from this run's figures ---------------------------


def _largest(results: Results) -> dict[str, Any] | None:
    measured = [row for row in results.pipeline if "per_pass_cpu_seconds" in row]
    return max(measured, key=lambda r: r["texts"]) if measured else None


def _limit_throughput(results: Results) -> str:
    row = _largest(results)
    if row is None:
        return "No per-pass figures in this run."
    by_pass: dict[str, float] = row["per_pass_cpu_seconds"]
    whole = sum(by_pass.values()) or 1.0
    slowest = sorted(by_pass.items(), key=lambda item: -item[1])[:5]
    named = ", ".join(f"`{name}` {seconds / whole:.0%} ({row['words'] / seconds:,.0f} words/s)"
                      for name, seconds in slowest if seconds > 0)
    text = (f"On {row['label']} the passes alone ran at {row['words'] / whole:,.0f} words per CPU-second "
            f"(sum of the per-pass times). The five slowest: {named}. ")
    top_share = slowest[0][1] / whole if slowest else 0.0
    if top_share < 0.3:
        text += ("No pass dominates: each walks the document tree of Python objects and runs its regular "
                 "expressions over every text node, and the linking passes build a node per match; the rate is "
                 f"that of pure-Python tree passes, of which there are {len(by_pass)}. ")
    references = row.get("references_seconds")
    if references:
        per_work = references[0] / max(int(row.get("works_formatted", 0)), 1) * 1000
        text += (f"Not counted in the passes: formatting the references the texts cite (citeproc-py, in the "
                 f"bibliography's step after the pipeline) took {references[0]:.2f} s for "
                 f"{int(row.get('works_formatted', 0)):,} distinct works, {per_work:.1f} ms per work.")
    return text


def _limit_overhead(results: Results) -> str:
    build = results.build
    if build is None:
        return ""
    overhead, bare = build["overhead"].median, build["mkdocs_bare"].median
    pipeline = build["parts"]["pipeline"].median
    printed = build["parts"].get("print edition (all PDFs + EPUB)")
    print_text = (f" and the print edition ({printed.median:.2f} s of Typst, set in a background thread while "
                  "MkDocs renders the pages, so that only part of it adds to the wall clock)") if printed else ""
    target = 0.10 * bare
    return (f"The project adds {overhead:.2f} s to the bare build's {bare:.2f} s. The edition itself (YAML loading "
            "and schema validation, the passes, citeproc-py formatting each cited work, the word accounting's own "
            f"Markdown rendering of each text, the apparatus pages) takes {pipeline:.2f} s measured alone, before "
            f"MkDocs renders anything: {pipeline / bare:.0%} of the bare build, {pipeline / target:.0f} times the "
            f"target on its own. The other {max(overhead - pipeline, 0.0):.2f} s are importing the project and its "
            f"libraries (jsonschema, citeproc-py, typst, markdown-it){print_text}. The target, 10 % of a bare build "
            f"of two pages, is {target * 1000:.0f} ms: less than importing those libraries takes.")


def _limit_serve(results: Results) -> str:
    bare = f" (a bare build of the same pages: {results.build['mkdocs_bare'].median:.2f} s)" if results.build else ""
    return ("A rebuild reruns the edition (YAML, passes, accounting; formatted references and the PDFs are "
            f"reused by content within the serving process) and MkDocs renders every page again{bare}; MkDocs's "
            "watcher also waits for the saved file to settle before it starts.")


def _limit_weight(results: Results) -> str:
    resources = next((r for label, r in results.weight.items() if label.startswith("text page")), [])
    heaviest = sorted(resources, key=lambda r: -r.compressed)[:4]
    return "The heaviest files of the text page (gzip): " + ", ".join(
        f"`{r.path}` {r.compressed / 1024:,.1f} KB" for r in heaviest) + "."


def _limit_scale(results: Results) -> str:
    row = _largest(results)
    if row is None:
        return ""
    return (f"{row['label']}: {row['peak_mb']:,.0f} MB in the main process, "
            f"{row['peak_mb'] / max(int(row['texts']), 1):.2f} MB per text; every text's result (document tree, "
            "Markdown, seed) is held until the edition is written, and the workers' results arrive pickled.")


def _limit_cores(results: Results) -> str:
    row = _largest(results)
    if row is None:
        return ""
    return (f"On {row['label']} the pool kept {sum(row['edition_cpu_seconds']) / sum(row['edition_seconds']):.2f} "
            f"cores busy while the machine's load average was {results.load} at the start and {results.load_end} "
            "at the end: other work on a shared machine takes the second core from the workers. Besides, the main "
            "process receives and unpickles every result on one core, and reference formatting and the word "
            "accounting's Markdown rendering run inside the workers' share.")


LIMITS = {
    "throughput": _limit_throughput, "overhead": _limit_overhead, "serve": _limit_serve,
    "weight": _limit_weight, "memory": _limit_scale, "linear": _limit_scale, "cores": _limit_cores,
    "whole": _limit_overhead,
}


def _verdict(target: Target) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[target.met]


def targets_table(results: Results) -> str:
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {t.goal} | {t.measured} | {_verdict(t)} |" for t in targets(results)]
    return "\n".join(lines)


def _pipeline_table(results: Results) -> list[str]:
    lines = ["| corpus | texts | words | passes alone, 1 core: CPU s | wall s | words per CPU-s | edition build "
             "(passes + references + Markdown + accounting), all cores: wall s | cores busy | load seeds and "
             "editorial data | format references (citeproc-py): s, works | peak RSS main / worker |",
             "|---|---:|---:|---|---|---:|---|---:|---:|---|---|"]
    for row in results.pipeline:
        if "skipped" in row:
            lines.append(f"| {row['label']} | {row['texts']:,} | – | skipped: estimated {row['skipped']:,.0f} s, "
                         "over the time budget (`--budget`) | | | | | | | |")
            continue
        passes = _passes(row)
        edition = Summary.of(row["edition_seconds"])
        cores = Summary.of([c / w for c, w in zip(row["edition_cpu_seconds"], row["edition_seconds"], strict=True)])
        lines.append(f"| {row['label']} | {row['texts']:,} | {row['words']:,} | {passes.format()} | "
                     f"{_passes(row, 'passes_seconds').format()} | "
                     f"{passes.rate(row['words']).median:,.0f} | {edition.format()} | {cores.median:.2f} | "
                     f"{row['load_seconds']:.2f} s | {_references(row)} | "
                     f"{row['peak_mb']:,.0f} / {row['worker_peak_mb']:,.0f} MB |")
    return lines


def _references(row: dict[str, Any]) -> str:
    if "references_seconds" not in row:
        return "–"
    median, low, high, runs = row["references_seconds"]
    return f"{Summary(median, low, high, runs).format()}, {int(row.get('works_formatted', 0)):,}"


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
    edition_alone = build["parts"]["pipeline"].median / build["mkdocs_bare"].median
    lines.append(f"The edition alone (the pipeline row, which the hook runs before MkDocs renders) is "
                 f"{edition_alone:.0%} of the bare build; the print edition is set beside the render, in a thread.")
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
        out += [f"- **{t.goal}**: {LIMITS[t.key](results)}" for t in missed]
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
                f"\"Passes alone\" is the cleaning and annotation pipeline (`build_tools/passes`, all {len(PIPELINE)} "
                "passes, with the glossary and registers loaded so that terms and names are linked) on one core, "
                "after the seeds and editorial data are loaded (\"load\"), each text's document dropped once its "
                "passes are done, as a build worker sends it away (a thousand documents held would cost Python's "
                f"cycle collector 15 % more), run until its runs have taken {PASSES_SECONDS:g} CPU-seconds in all "
                f"(at most {PASSES_MOST_RUNS} runs: a small corpus's median is not that of a quarter of a second); "
                "formatting the references the texts cite, which "
                "the bibliography does after the pipeline, is timed on its own (each distinct work once); "
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
