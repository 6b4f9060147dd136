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
