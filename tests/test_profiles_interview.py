"""The interview profile (Social Europe) on the ways pages label the speakers.

Each fixture in tests/fixtures/interview/ is the opening of Amin and Wilson 2023 — title,
byline, standfirst, caption and six turns — with labels on every turn, only on the first
turns, in initials after the first turns, not at all, with a second interviewee, or with a
pull quote. Each must attribute every paragraph as the edition of the real page does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.diagnostics import BuildFailed
from build_tools.edition import Edition, build_edition
from build_tools.model import Document, Role
from tests.fixtures.variants import ROOT, make_seeds

FIXTURES = Path(__file__).parent / "fixtures" / "interview"
SLUG = "interview"


def build_fixture(tmp_path: Path, name: str, yaml_text: str | None = None, raw: bytes | None = None) -> Edition:
    raw = raw if raw is not None else (FIXTURES / f"{name}.txt").read_bytes()
    yaml_text = yaml_text if yaml_text is not None else (FIXTURES / f"{name}.yml").read_text("utf-8")
    return build_edition(ROOT, make_seeds(tmp_path / "seeds", {SLUG: (raw, yaml_text)}, copy_shared=False))


def turns(doc: Document) -> list[tuple[int | None, str | None, str]]:
    return [(p.turn, p.speaker, p.text) for p in doc.paragraphs(Role.BODY)]


@pytest.fixture(scope="module")
def expected(edition: Edition) -> list[tuple[int | None, str | None, str]]:
    """The first six turns of the real page, as the edition attributes them."""
    doc = next(t.doc for t in edition.texts if t.seed.config.slug == "amin-wilson-2023")
    return [turn for turn in turns(doc) if turn[0] is not None and turn[0] <= 6]


@pytest.mark.parametrize("name", ["labels-first-turns", "labels-every-turn", "initials", "no-labels", "pull-quote"])
def test_every_labelling_gives_the_same_turns(tmp_path: Path, expected: list[tuple[int | None, str | None, str]],
                                             name: str) -> None:
    edition = build_fixture(tmp_path, name)
    assert turns(edition.texts[0].doc) == expected
    assert not edition.diagnostics.errors


def test_initials_are_recorded_as_removed_labels(tmp_path: Path) -> None:
    doc = build_fixture(tmp_path, "initials").texts[0].doc
    assert sorted(r.text for r in doc.removals if r.rule == "speaker-initials") == ["AA", "AA", "R.W.:", "R.W.:"]


def test_two_interviewees(tmp_path: Path, expected: list[tuple[int | None, str | None, str]]) -> None:
    edition = build_fixture(tmp_path, "two-interviewees")
    got = turns(edition.texts[0].doc)
    assert [(turn, text) for turn, _, text in got] == [(turn, text) for turn, _, text in expected]
    assert {speaker for turn, speaker, _ in got if turn == 6} == {"second"}
    assert '<span class="speaker speaker--interviewee">Second Interviewee</span>' in edition.pages[f"texts/{SLUG}.md"]


def test_pull_quote_is_removed_by_a_named_rule(tmp_path: Path) -> None:
    doc = build_fixture(tmp_path, "pull-quote").texts[0].doc
    pulled = [r for r in doc.removals if r.rule == "pull-quote"]
    assert len(pulled) == 1 and pulled[0].text.startswith("“Cities are certainly not sacks")


def test_a_slightly_reworded_pull_quote_is_removed(tmp_path: Path) -> None:
    raw = (FIXTURES / "pull-quote.txt").read_text("utf-8")
    raw = raw.replace("call them gathering points”", "call them meeting points”")  # the pull quote only
    doc = build_fixture(tmp_path, "pull-quote", raw=raw.encode("utf-8")).texts[0].doc
    assert [r.text[:31] for r in doc.removals if r.rule == "pull-quote"] == ["“Cities are certainly not sacks"]


def test_a_quotation_that_only_shares_some_words_is_kept(tmp_path: Path) -> None:
    raw = (FIXTURES / "pull-quote.txt").read_text("utf-8")
    start = raw.index("“Cities are certainly not sacks")
    end = raw.index("\n", start)
    raw = raw[:start] + "“Cities are certainly not what the planners of the last century took them to be”" + raw[end:]
    doc = build_fixture(tmp_path, "pull-quote", raw=raw.encode("utf-8")).texts[0].doc
    assert not [r for r in doc.removals if r.rule == "pull-quote"]


def test_no_labels_and_no_turns_is_an_error_naming_the_yaml(tmp_path: Path) -> None:
    yaml_text = (FIXTURES / "no-labels.yml").read_text("utf-8").split("turns:")[0]
    with pytest.raises(BuildFailed) as failed:
        build_fixture(tmp_path, "no-labels", yaml_text=yaml_text)
    assert [d.code for d in failed.value.diagnostics.errors] == ["T002"]


def test_label_contradicting_the_yaml_is_an_error(tmp_path: Path) -> None:
    yaml_text = (FIXTURES / "labels-every-turn.yml").read_text("utf-8") + (FIXTURES / "no-labels.yml").read_text(
        "utf-8").split("alternation: [wilson, amin]\n")[1].replace("speaker: wilson, starts: \"For you",
                                                                  "speaker: amin, starts: \"For you")
    with pytest.raises(BuildFailed) as failed:
        build_fixture(tmp_path, "labels-every-turn", yaml_text=yaml_text)
    assert {d.code for d in failed.value.diagnostics.errors} >= {"T004"}
