"""The general web-page profile: chrome, front matter and every label convention of an interview.

The interview variants are generated from the seed interview (tests/fixtures/interview/web_variants.py):
the same six turns labelled as other sites label them and wrapped in generic site chrome. Each must
attribute every turn as the truth says, remove every chrome line, and lose no word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.diagnostics import Diagnostics
from build_tools.edition import build_text
from build_tools.load.config import merge_profile_data
from build_tools.load.seeds import discover
from build_tools.model import Document, Heading, Role
from build_tools.sniff.web import guess_web, looks_like_web
from tests.fixtures.interview.web_variants import CHROME, TITLE, TRUTH, VARIANTS
from tests.seedkit import make_seeds_dir

SPEAKERS = [{"id": "wilson", "name": "Robin Wilson", "role": "interviewer"},
            {"id": "amin", "name": "Ash Amin", "role": "interviewee"}]


def _yaml(**extra: Any) -> dict[str, Any]:
    return {"profile": "web-page", "kind": "interview", "language": "en",
            "metadata": {"title": TITLE, "date": "2023-04-17",
                         "authors": [{"given": "Ash", "family": "Amin", "role": "interviewee"},
                                     {"given": "Robin", "family": "Wilson", "role": "interviewer"}]},
            "speakers": SPEAKERS, **extra}


def _build(tmp_path: Path, raw: str, data: dict[str, Any]) -> tuple[Document, Diagnostics]:
    diagnostics = Diagnostics()
    [seed] = discover(make_seeds_dir(tmp_path, {"sample": (raw, data)}), diagnostics, tmp_path)
    result = build_text(seed, diagnostics)
    return result.doc, diagnostics


def _turn_speakers(doc: Document) -> list[str]:
    names = {s.id: s.name for s in doc.speakers}
    return [names[p.speaker] for p in doc.paragraphs(Role.BODY) if p.turn_start and p.speaker]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_label_convention_attributes_every_turn(name: str, tmp_path: Path) -> None:
    extra: dict[str, Any] = {}
    if name == "two-respondents":
        extra["speakers"] = [*SPEAKERS, {"id": "example", "name": "Jane Example", "role": "interviewee"}]
    if name == "initials-after-first":
        extra["speakers"] = [{**SPEAKERS[0]}, {**SPEAKERS[1], "aliases": ["A.A."]}]  # RW: derived from the name
    doc, diagnostics = _build(tmp_path, VARIANTS[name], _yaml(**extra))
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    assert _turn_speakers(doc) == TRUTH[name]
    assert all(p.speaker for p in doc.paragraphs(Role.BODY)), "a paragraph of the conversation has no speaker"
    text = "\n".join(b.text for b in doc.blocks)
    assert [line for line in CHROME if line in text] == []
    assert not any(p.text.startswith(("Q:", "A:", "RW", "**", "Robin Wilson", "Ash Amin", "##"))
                   for p in doc.paragraphs(Role.BODY)), "a label was left in the text"


def test_front_matter_of_the_variants(tmp_path: Path) -> None:
    doc, _ = _build(tmp_path, VARIANTS["bold-names"], _yaml())
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].text == TITLE
    roles = {p.role for p in doc.paragraphs()}
    assert {Role.BYLINE, Role.STANDFIRST, Role.CAPTION} <= roles
    [caption] = doc.paragraphs(Role.CAPTION)
    assert caption.text.startswith("In global cities") and "https" not in caption.text
    assert {r.rule for r in doc.removals} >= {"page-header", "share-block", "image-alt"}


def test_only_the_exceptions_are_listed_in_turns(tmp_path: Path) -> None:
    """One turn listed (with a tab in its anchor) no longer forces listing them all."""
    raw = VARIANTS["bold-names"].replace("**Robin Wilson:** And I want", "And I want")
    turns = [{"speaker": "wilson", "starts": "And\tI  want to come back"}]
    doc, diagnostics = _build(tmp_path, raw, _yaml(turns=turns))
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    assert _turn_speakers(doc) == TRUTH["bold-names"]


def test_a_long_unlabelled_question_is_left_pending(tmp_path: Path) -> None:
    raw = VARIANTS["unlabelled-last-question"]
    long_question = "Why " + " ".join(["so"] * 150) + "?"
    raw = raw.replace("Share this article", long_question + "\n\nShare this article")
    _, diagnostics = _build(tmp_path, raw, _yaml())
    assert "T005" in {d.code for d in diagnostics.pending_work}


def test_pseudo_turns_and_entities(tmp_path: Path) -> None:
    raw = ("**Robin Wilson:** I&#39;m asking \\[04:24\\] a question?\n\n**Break:** \\[22:29\\]\n\n"
           "**Ash Amin:** An answer &quot;quoted&quot;.\n")
    doc, diagnostics = _build(tmp_path, raw, _yaml())
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    assert _turn_speakers(doc) == ["Robin Wilson", "Ash Amin"]
    body = [p.text for p in doc.paragraphs(Role.BODY)]
    assert "I’m asking [04:24] a question?" in body and not any("&" in t for t in body)
    assert [p.speaker for p in doc.paragraphs(Role.BODY) if p.text.startswith("Break")] == [None]
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].text == TITLE  # the YAML's title, printed
    assert [r.text for r in doc.removals if r.rule == "html-entity"] == ["&#39;", "&quot; &quot;"]


ARTICLE = """Site Name
Show navigation
  • Home
  • Blog
  • Docs

An Article About Cities

Published 3 March 2021 · Tagged with cities

The first paragraph of the article is long enough to be body text and not a standfirst of any kind,
since it runs on for well over thirty words in all, as a paragraph of an article does on a page.

Why cities matter #

The main reasons are:

  • Cities gather people.
  • Cities gather ideas.

Posted by Jane Doe.

Except as otherwise noted, the content of this page is licensed under a Creative Commons licence.
"""


def test_an_article_without_turns(tmp_path: Path) -> None:
    data = {"profile": "web-page", "kind": "essay", "language": "en",
            "metadata": {"title": "An Article About Cities", "date": "2021-03-03",
                         "authors": [{"given": "Jane", "family": "Doe"}]}}
    doc, diagnostics = _build(tmp_path, ARTICLE, data)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings == ["An Article About Cities", "Why cities matter"]
    assert [p.text for p in doc.paragraphs(Role.BYLINE)] == ["Published 3 March 2021 · Tagged with cities"]
    body = [p.text for p in doc.paragraphs(Role.BODY)]
    assert body[1:] == ["The main reasons are:", "• Cities gather people.", "• Cities gather ideas."]
    assert not any(word in "\n".join(b.text for b in doc.blocks) for word in ("Show navigation", "Docs", "Posted by",
                                                                              "licensed"))


def test_front_matter_key_overrides_the_guess(tmp_path: Path) -> None:
    data = {"profile": "web-page", "kind": "essay", "language": "en",
            "metadata": {"title": "An Article About Cities", "date": "2021-03-03",
                         "authors": [{"given": "Jane", "family": "Doe"}]},
            "front_matter": [{"starts": "The main reasons", "role": "standfirst"}]}
    doc, _ = _build(tmp_path, ARTICLE, data)
    assert [p.text for p in doc.paragraphs(Role.STANDFIRST)] == ["The main reasons are:"]


def test_profile_layering_merges_named_rules() -> None:
    base = {"name": "web-page", "blocks": "web", "chrome": [{"rule": "a", "why": "x", "line": "a"},
                                                             {"rule": "b", "why": "x", "line": "b"}],
            "front_matter": {"title": "metadata", "image": "i"}}
    site = {"name": "site", "extends": "web-page", "blocks": "lines",
            "chrome": [{"rule": "b", "why": "site", "line": "B"}, {"rule": "c", "why": "x", "line": "c"}],
            "front_matter": {"title": "first-block"}}
    merged = merge_profile_data(base, site)
    assert merged["blocks"] == "lines" and "extends" not in merged
    assert [(r["rule"], r["line"]) for r in merged["chrome"]] == [("b", "B"), ("c", "c"), ("a", "a")]
    assert merged["front_matter"] == {"title": "first-block", "image": "i"}


def test_social_europe_is_a_site_profile_on_web_page() -> None:
    data = yaml.safe_load((Path(__file__).parents[1] / "seeds" / "profiles" / "social-europe.yml").read_text("utf-8"))
    assert data["extends"] == "web-page"


def test_guess_web_on_the_variants() -> None:
    guess = guess_web(VARIANTS["bold-names"])
    assert (guess.profile, guess.kind, guess.title, guess.date) == ("web-page", "interview", TITLE, "2023-04-17")
    assert [(s.name, s.role) for s in guess.speakers] == [("Robin Wilson", "interviewer"), ("Ash Amin", "interviewee")]
    assert guess.alternation == ["robin-wilson", "ash-amin"]
    qa = guess_web(VARIANTS["q-and-a"])
    assert [s.aliases for s in qa.speakers] == [["Q"], ["A"]]
    essay = guess_web(ARTICLE)
    assert (essay.kind, essay.title, essay.date) == ("essay", "An Article About Cities", "2021-03-03")
    assert [(a.given, a.family) for a in essay.authors] == [("Jane", "Doe")]


def test_guess_web_recognises_the_site_profile() -> None:
    raw = (Path(__file__).parents[1] / "seeds" / "texts" / "amin-wilson-2023" / "source.txt").read_text("utf-8")
    guess = guess_web(raw)
    assert (guess.profile, guess.kind, guess.title, guess.date, guess.container) == (
        "social-europe", "interview", "Global cities: crucibles of innovation", "2023-04-17", "Social Europe")


def test_looks_like_web_scores_pages_above_pdf_text() -> None:
    pdf = "\f".join(f"Some printed text of page {n}\n{n}\n" for n in range(1, 30))
    assert looks_like_web(VARIANTS["q-and-a"]) > 0.5 > looks_like_web(pdf)
