"""The edition built in a process pool is the edition built in one process, page for page.

`build_texts` starts a pool (one process per core) when there are many texts; this forces
one on the real seeds and compares everything the edition is made of.
"""

from __future__ import annotations

from build_tools.diagnostics import Diagnostics
from build_tools.edition import build_texts
from build_tools.load.seeds import discover
from tests.seedkit import ROOT


def test_a_pool_of_workers_builds_the_same_pages_and_diagnostics_in_the_same_order() -> None:
    seeds = discover(ROOT / "seeds", Diagnostics(), ROOT)
    alone, pooled = Diagnostics(), Diagnostics()
    one = build_texts(seeds, alone, workers=1)
    many = build_texts(seeds, pooled, workers=2)
    assert [r.seed.config.slug for r in many] == [s.config.slug for s in seeds]
    assert [r.markdown for r in many] == [r.markdown for r in one]
    assert [(r.words_in_source, r.words_removed, r.warnings) for r in many] == \
        [(r.words_in_source, r.words_removed, r.warnings) for r in one]
    assert [d.format() for d in pooled.items] == [d.format() for d in alone.items]
