"""Citations that lead nowhere are pending editorial work, not errors; a whole text is checked word by word."""

from __future__ import annotations

from pathlib import Path

from build_tools.diagnostics import Diagnostics
from build_tools.edition import build_text
from build_tools.model import Citation, Role, walk_inlines
from tests.seedkit import ARTICLE_YAML, load_one

NO_LIST = """A Title Of Some Length

Introduction

This note replicates Cocco, Gomes, and Maenhout (2005), whose model follows the
Campbell-Viceira (2002) approximation and Merton-Samuelson (1969), as Cocco, Gomes, and
Maenhout (2005) say again.
"""

LAW = """A Title Of Some Length

Introduction

The rule is old, see Bromage v. Genning (1616) 81 Eng. Rep.; MICHAEL SANDEL, WHAT MONEY
CAN'T BUY (2012) and NAT'L CTR. FOR EDUC. STAT. (July 2019) say as much.
"""

NUMBERED = """A Title Of Some Length

Introduction

Software is cited [1, 2] and [1–3], and [4] is not in the list.

References
1. Nowogrodzki A. How to support open-source software
and stay sane. Nature 2019 Jul;571(7763):133–134. https:
//doi.org/10.1038/d41586-019-02046-0.
2. DFG, Nachhaltigkeit von Forschungssoftware; 2016.
www.dfg.de/foerderung/info_
wissenschaft_16_71.
3. Hirsch JE. An index to quantify output. PNAS 2005;102(46):16569–16572.
"""


def _build(tmp_path: Path, raw: str) -> tuple[list[Citation], Diagnostics, int]:
    seed, _loading = load_one(tmp_path, raw, dict(ARTICLE_YAML))  # (the loading's own checks are not ours)
    diagnostics = Diagnostics()
    result = build_text(seed, diagnostics)
    nodes = [n for block in result.doc.blocks for n in walk_inlines(block.inlines) if isinstance(n, Citation)]
    return nodes, diagnostics, len(list(result.doc.paragraphs(Role.REFERENCE)))


def test_a_text_without_a_reference_list_gets_one_pending_report_not_one_per_citation(tmp_path: Path) -> None:
    nodes, diagnostics, _ = _build(tmp_path, NO_LIST)
    assert len(nodes) == 4 and all(n.key is None for n in nodes)
    assert not diagnostics.errors
    pending = diagnostics.pending_work
    assert [d.code for d in pending] == ["C001"]
    assert "no reference list" in pending[0].message and "Cocco, Gomes, and Maenhout (2005)" in pending[0].message
    assert "bibliography.yml" in pending[0].hint and "citations.yml" in pending[0].hint


def test_legal_citations_are_no_author_year_citations(tmp_path: Path) -> None:
    nodes, diagnostics, _ = _build(tmp_path, LAW)
    assert nodes == []
    assert not diagnostics.errors and not diagnostics.pending_work
    assert not [d for d in diagnostics.warnings if d.code.startswith("C")]


def test_a_numbered_list_is_split_linked_by_number_and_loses_no_word(tmp_path: Path) -> None:
    nodes, diagnostics, entries = _build(tmp_path, NUMBERED)
    assert entries == 3
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]  # W001 would be an error
    assert [(n.cited, n.key) for n in nodes] == [
        ("[1]", "nowogrodzki-2019"), ("[2]", "dfg-2016"), ("[1]", "nowogrodzki-2019"), ("[3]", "hirsch-2005"),
        ("[4]", None)]
    assert [d.code for d in diagnostics.pending_work] == ["C001"]
    assert "[4]" in diagnostics.pending_work[0].message
