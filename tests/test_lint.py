"""`python -m build_tools lint`: coded diagnostics for the editor, clean on the edition as it is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from build_tools import cli, lint

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<file>[^:\s]+)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<severity>error|warning) "
                  r"(?P<code>[A-Z]\d{3}) (?P<message>.+?)(?: \(hint: (?P<hint>.+)\))?$")


def test_the_edition_lints_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["lint"]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("lint: 0 error(s)")


def _seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    return seeds


def _yaml_edit(path: Path, edit: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_lint_reports_each_problem_with_a_code_a_place_and_a_hint(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    seeds = _seeds(tmp_path)
    apparatus = seeds / "apparatus"
    _yaml_edit(apparatus / "citations.yml", lambda d: d["resolutions"].append(
        {"text": "curtis-2018", "cited": "Sassen 1999", "work": "sassen-1991"}))  # never used: C004
    _yaml_edit(apparatus / "bibliography.yml", lambda d: d["corrections"].update(
        {"nobody-1900": {"why": "test", "DOI": "10.1000/x"}}))  # names no entry: C006
    (apparatus / "notes.yml").write_text("anything: 1\n", encoding="utf-8")  # no schema: L001
    assert cli.main(["lint", "--seeds-dir", str(seeds)]) == cli.EXIT_SOURCE_ERRORS
    lines = capsys.readouterr().err.strip().splitlines()
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=False) if not m]
    codes = {m["code"]: m for m in parsed if m}
    assert set(codes) == {"C004", "C006", "L001"}
    assert codes["C004"]["file"].endswith("citations.yml") and int(codes["C004"]["line"]) > 1
    assert codes["C004"]["hint"]
    assert codes["L001"]["severity"] == "warning"


def test_an_unknown_yaml_key_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path)
    _yaml_edit(seeds / "apparatus" / "emendations.yml", lambda d: d.update({"colour": "blue"}))
    diagnostics = lint.run(ROOT, seeds)
    [unknown] = [d for d in diagnostics.errors if d.code == "Y002"]
    assert unknown.message == "unknown key 'colour'" and unknown.file.endswith("apparatus/emendations.yml")
    assert unknown.line > 1 and "allowed keys here" in unknown.hint


def test_a_correction_naming_no_entry_is_an_error(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path)
    _yaml_edit(seeds / "apparatus" / "bibliography.yml", lambda d: d["corrections"].update(
        {"nobody-1900": {"why": "test", "DOI": "10.1000/x"}}))
    diagnostics = lint.run(ROOT, seeds)
    assert [(d.code, d.severity.value) for d in diagnostics.items if d.code.startswith("C")] == [("C006", "error")]


def test_checks_are_a_list_others_can_extend() -> None:
    names = [name for name, _ in lint.CHECKS]
    assert len(names) == len(set(names)) >= 4
    assert all(callable(check) for _, check in lint.CHECKS)
