"""BENCHMARKS.md's "what limits" text is computed from the run's own figures, not written once."""

from __future__ import annotations

from bench.report import Results, _limit_overhead
from bench.stats import Summary


def figure(value: float) -> Summary:
    return Summary(value, value, value, 3)


def test_the_overhead_limit_is_computed_from_the_measured_parts() -> None:
    results = Results(date="", machine={}, load="", versions={}, runs=3)
    results.build = {"overhead": figure(1.0), "mkdocs_bare": figure(0.5),
                     "parts": {"pipeline": figure(0.2), "print edition (all PDFs + EPUB)": figure(0.7)}}
    text = _limit_overhead(results)
    assert "adds 1.00 s to the bare build's 0.50 s" in text
    assert "takes 0.20 s measured alone" in text and "40% of the bare build, 4 times the target" in text
    assert "The other 0.80 s" in text and "(0.70 s of Typst" in text
    assert "is 50 ms" in text


def test_the_scale_section_computes_its_verdicts_from_the_rows() -> None:
    from bench.scale_report import render, replace_section

    cold = {"wall": 900.0, "cpu": 1500.0, "peak_mb": 2048.0, "pdfs": 1002, "epubs": 1, "pages": 1002,
            "processes": [{"name": "main", "cpu": 1100.0, "peak_mb": 2048.0}]}
    rows = [{"whole": {"texts": 1000, "cold": cold, "site": {"text_page_gzip": 120_000, "text_page_slug": "t",
                                                             "largest_html": [["glossary/index.html", 300_000]]}}},
            {"serve": {"texts": 1000, "median": 2.5, "low": 2.0, "high": 3.0, "built": [3.0], "cpu": [0.8]}},
            {"search": {"texts": 1000, "first_load_search_files": 0,
                        "one_word": {"query": "city", "bytes": 90_000, "files": 4},
                        "phrase": {"query": "a b c", "bytes": 20_000, "files": 2}}}]
    section = render(rows, "today")
    lines = {line.split(" | ")[0]: line for line in section.splitlines() if line.startswith("| ")}
    assert "**missed**" in lines["| whole build (site, per-text PDFs, EPUB, search) of 1,000 texts ≤ 10 min cold, "
                                 "peak ≤ 4 GB (measured at 1,000)"]  # 15 min
    assert lines["| one-word search ≤ 200 KB transferred, nothing on page load (1,000 texts)"].endswith("| met |")
    assert "0.80 s of CPU" in section and "1100 s (MkDocs" in section  # the limits, from the rows
    report = "# Benchmarks\n\n## Targets\n\nold\n\n## At scale (issue 15)\n\nstale\n"
    assert replace_section(report, section).endswith(section) and "stale" not in replace_section(report, section)
