"""Draft and publish: pending editorial work is a warning in a draft build and an error under
`--strict`; either way it is listed on the Editorial apparatus page. Diagnostics are grouped."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.cli import EXIT_OK, EXIT_SOURCE_ERRORS, main
from build_tools.diagnostics import Diagnostics
from build_tools.diagnostics_report import counts_by_code, report_lines
from build_tools.edition import build_edition
from tests.seedkit import ARTICLE_YAML, make_seeds_dir

# A citation whose work the text's list does not have: an editor must resolve it.
ARTICLE = """\
A Short Article On Cities

Introduction

Cities grow when trade grows (Braudel 1979). They shrink when it stops, as Jacobs (1969) saw.

References

Jacobs, Jane. 1969. The Economy of Cities. New York: Random House.
"""


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = make_seeds_dir(tmp_path, {"sample": (ARTICLE, ARTICLE_YAML)})
    (folder / "apparatus").mkdir()
    return folder


def test_an_unmatched_citation_is_pending_work_not_an_error(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--seeds-dir", str(seeds)]) == EXIT_OK
    err = capsys.readouterr().err
    assert "pending C001" in err and "Braudel" in err and "draft: 1 item(s) of pending editorial work" in err
    assert main(["check", "--seeds-dir", str(seeds), "--strict"]) == EXIT_SOURCE_ERRORS
    assert "--strict publishes none" in capsys.readouterr().err
    assert main(["lint", "--seeds-dir", str(seeds)]) == EXIT_OK
    assert main(["lint", "--seeds-dir", str(seeds), "--strict"]) == EXIT_SOURCE_ERRORS


def test_pending_work_is_listed_on_the_apparatus_page_with_a_link_to_its_place(seeds: Path) -> None:
    edition = build_edition(seeds_dir=seeds)
    page = edition.pages["apparatus.md"]
    assert "## Pending editorial work" in page
    row = next(line for line in page.splitlines() if "| C001 |" in line)
    assert "texts/sample.md#p" in row and "Braudel" in row


def test_the_seeds_have_no_pending_work() -> None:
    assert build_edition().diagnostics.pending_work == []


def test_many_warnings_of_one_kind_are_grouped_and_verbose_prints_all() -> None:
    diagnostics = Diagnostics()
    for line in range(1, 11):
        diagnostics.warning("P002", "paragraph ends without closing punctuation", "a/source.txt", line)
    diagnostics.warning("P005", "a hyphen", "a/source.txt", 3)
    diagnostics.error("C003", "an error", "a/x.yml", 2)
    diagnostics.error("W001", "a lost word", "a/source.txt", 9)
    lines = report_lines(diagnostics)
    assert lines[0].startswith("a/source.txt:9: error W001")  # lost words first
    assert lines[1].startswith("a/x.yml:2: error C003")
    assert sum("P002" in line for line in lines) == 3 and "… and 8 more like these" in lines[4]
    assert len(report_lines(diagnostics, verbose=True)) == 13
    assert counts_by_code(diagnostics.items) == "P002 ×10, C003 ×1, P005 ×1, W001 ×1"
