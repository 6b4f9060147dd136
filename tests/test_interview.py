"""The interview: every turn attributed as the YAML decides, alternating, labels checked."""

from __future__ import annotations

from pathlib import Path

import yaml

from build_tools.edition import Edition
from build_tools.model import Role
from tests.seedkit import INTERVIEW_YAML, load_one

ROOT = Path(__file__).resolve().parents[1]


def test_turns_alternate_as_decided(edition: Edition) -> None:
    result = next(t for t in edition.texts if t.seed.config.slug == "amin-wilson-2023")
    decided = yaml.safe_load((ROOT / "seeds/texts/amin-wilson-2023/text.yml").read_text("utf-8"))
    starts = [p for p in result.doc.paragraphs(Role.BODY) if p.turn_start]
    assert [p.speaker for p in starts] == [turn["speaker"] for turn in decided["turns"]]
    assert [p.speaker for p in starts] == ["wilson", "amin"] * 8
    # every body paragraph belongs to a turn, and turns are numbered in order
    body = list(result.doc.paragraphs(Role.BODY))
    assert all(p.speaker for p in body)
    assert [p.turn for p in starts] == list(range(1, 17))


def test_source_labels_are_replaced_by_the_edition_labels(edition: Edition) -> None:
    result = next(t for t in edition.texts if t.seed.config.slug == "amin-wilson-2023")
    first, second = list(result.doc.paragraphs(Role.BODY))[:2]
    assert first.text.startswith("Let me start, Ash") and second.text.startswith("Well, cities")


def _run(tmp_path: Path, raw: str, data: dict[str, object]) -> list[str]:
    from build_tools.diagnostics import Diagnostics
    from build_tools.edition import build_text

    seed, _ = load_one(tmp_path, raw, data)
    diagnostics = Diagnostics()
    build_text(seed, diagnostics)
    return [d.format() for d in diagnostics.errors]


PAGE = "A title\n\nRobin Wilson: Question one?\n\nAsh Amin: Answer one.\n\nQuestion two?\n\nAnswer two.\n"


def test_yaml_turns_attribute_unlabelled_turns(tmp_path: Path) -> None:
    turns = [{"speaker": "wilson", "starts": "Question one"}, {"speaker": "amin", "starts": "Answer one"},
             {"speaker": "wilson", "starts": "Question two"}, {"speaker": "amin", "starts": "Answer two"}]
    assert _run(tmp_path, PAGE, {**INTERVIEW_YAML, "turns": turns}) == []


def test_a_turn_that_is_not_in_the_source_is_named_with_its_yaml_line(tmp_path: Path) -> None:
    turns = [{"speaker": "wilson", "starts": "Question one"}, {"speaker": "amin", "starts": "Answr one"}]
    [error] = _run(tmp_path, PAGE, {**INTERVIEW_YAML, "turns": turns})
    assert error.startswith("seeds/texts/sample/text.yml:") and "T002" in error and "Answr one" in error


def test_yaml_contradicting_a_source_label_is_an_error(tmp_path: Path) -> None:
    turns = [{"speaker": "amin", "starts": "Question one"}, {"speaker": "wilson", "starts": "Answer one"}]
    errors = _run(tmp_path, PAGE, {**INTERVIEW_YAML, "turns": turns, "alternation": ["amin", "wilson"]})
    assert any("T004" in e and "source.txt:3" in e for e in errors)


def test_broken_alternation_is_an_error(tmp_path: Path) -> None:
    turns = [{"speaker": "wilson", "starts": "Question one"}, {"speaker": "amin", "starts": "Answer one"},
             {"speaker": "amin", "starts": "Question two"}]
    errors = _run(tmp_path, PAGE, {**INTERVIEW_YAML, "turns": turns})
    assert any("T003" in e and "turn 3" in e for e in errors)


def test_unknown_speaker_in_turns(tmp_path: Path) -> None:
    turns = [{"speaker": "wilson", "starts": "Question one"}, {"speaker": "amen", "starts": "Answer one"}]
    errors = _run(tmp_path, PAGE, {**INTERVIEW_YAML, "turns": turns})
    assert any("T002" in e and "'amen'" in e for e in errors)
