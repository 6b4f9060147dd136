"""Benchmarks of the edition's build and of its pages (`python -m bench`, `make bench`).

Not part of the test suite: the figures depend on the machine. The harness measures the
pipeline on the real seeds and on generated corpora, the whole build against a bare MkDocs
build of the same Markdown, `mkdocs serve` latency and page weight, and writes
BENCHMARKS.md.
"""
