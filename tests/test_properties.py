"""Properties of the passes, checked on generated input (Hypothesis).

- idempotence: running a pass a second time changes nothing;
- word preservation: every word of any source is in the edition or the removal report;
- robustness: arbitrary Unicode goes through loading and the whole pipeline without an exception.

The generated texts are built from the pieces real extractions are made of — words, hyphens
at line ends, page numbers, form feeds, note markers, asterisks, markup characters, labels —
so that the passes' rules actually fire, plus fully arbitrary text.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_tools import accounting
from build_tools.diagnostics import Diagnostics
from build_tools.load.seeds import Seed, decode_seed, discover
from build_tools.model import Document
from build_tools.passes import PIPELINE
from build_tools.passes.context import PassContext
from build_tools.render.markdown import render_text_page
from build_tools.render.removal_report import render_text_section
from tests.fixtures.variants import ROOT, make_seeds

ARTICLE_YAML = """\
profile: pdf-extraction
kind: journal-article
language: en
metadata:
  title: Generated
  authors:
    - {given: Ada, family: Example}
  date: 2020-01-01
"""
INTERVIEW_YAML = """\
profile: social-europe
kind: interview
language: en
metadata:
  title: Generated
  authors:
    - {given: Ada, family: Example, role: interviewee}
    - {given: Bob, family: Sample, role: interviewer}
  date: 2020-01-01
speakers:
  - {id: sample, name: Bob Sample, role: interviewer}
  - {id: example, name: Ada Example, role: interviewee}
"""
# Passes that must be idempotent: all but these, which are one-shot by what they do —
# `split_blocks` builds the blocks from the source, `attribute_turns` strips the labels it
# reads, `classify_page_parts` makes "the first block" the title (a second run would promote
# the next one).
NOT_IDEMPOTENT_BY_DESIGN = {"split_blocks", "attribute_turns", "classify_page_parts"}

WORDS = st.sampled_from(["city", "cities", "global", "trade", "Sassen", "urban", "networks", "contradic", "tions",
                         "twenty", "first", "de", "globalization", "Curtis", "New", "York", "The", "and", "of",
                         "café", "naïve", "Ω", "1991", "77", "G20"])
PIECES = st.one_of(
    WORDS,
    st.sampled_from([" ", " ", " ", "\n", "\n\n", "-\n", "\u00ad\n", ". ", ", ", "; ", ": ", "¹ ", "² ", "³.",
                     ".1 ", ".2 ", "*", "**", "†", "‡", "#", "> ", "- ", "1. ", "[^1]", "{", "}", "<script>", "</b>",
                     "&amp;",
                     "\f", "\n77\n", "\nS. Curtis\n", "\nBrought to you by | Library\n", "\nReferences\n",
                     "\n1. INTRODUCTION\n", "Bob Sample: ", "Ada Example: ", "AA ", "“", "”", "'", "\"", "(", ")",
                     "<https://example.org/a-b>", "...", " - ", "\t", "\u00a0", "\u200b"]),
)
TEXTS = st.lists(PIECES, min_size=1, max_size=120).map("".join)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Seed]:
    folder = make_seeds(tmp_path_factory.mktemp("seeds"), {
        "article": (b"A Title\n\nSome text.\n", ARTICLE_YAML),
        "interview": (b"A Title\n\nBob Sample: Why?\n\nAda Example: Because.\n", INTERVIEW_YAML),
    }, copy_shared=False)
    diagnostics = Diagnostics()
    found = {seed.config.slug: seed for seed in discover(folder, diagnostics, ROOT)}
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    return found


def with_text(seed: Seed, text: str) -> Seed:
    diagnostics = Diagnostics()
    decoded = decode_seed(text.encode("utf-8"), seed.source_display, diagnostics)
    assert decoded is not None or diagnostics.errors
    return dataclasses.replace(seed, text=decoded if decoded is not None else "x")


def run_passes(seed: Seed, until: str | None = None) -> tuple[Document, PassContext]:
    doc = Document(seed.config.slug, seed.source_display, [])
    ctx = PassContext(seed, Diagnostics())
    for name, run in PIPELINE:
        if name == until:
            break
        run(doc, ctx)
    return doc, ctx


def state(doc: Document) -> tuple[object, ...]:
    return (copy.deepcopy(doc.blocks), copy.deepcopy(doc.footnotes), copy.deepcopy(doc.removals))


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                                     HealthCheck.data_too_large])


@pytest.mark.parametrize("slug", ["article", "interview"])
@pytest.mark.parametrize("name", [name for name, _ in PIPELINE if name not in NOT_IDEMPOTENT_BY_DESIGN])
@PROPERTY_SETTINGS
@given(text=TEXTS)
@example(text="city - - city")  # overlapping spaced hyphens: once made the dash rule need two runs
@example(text="\n77\n-\n-\n\n77\n")  # two equal lines that only meet once a run between them is removed
@example(text="\n77\n- \n77\n")  # (the same, the run a list's bare bullet)
def test_a_pass_run_twice_changes_nothing_more(seeds: dict[str, Seed], slug: str, name: str, text: str) -> None:
    seed = with_text(seeds[slug], text)
    doc, ctx = run_passes(seed, until=name)
    run = dict(PIPELINE)[name]
    run(doc, ctx)
    once = state(doc)
    run(doc, ctx)
    assert state(doc) == once


@pytest.mark.parametrize("slug", ["article", "interview"])
@PROPERTY_SETTINGS
@given(text=st.one_of(TEXTS, st.text(min_size=1)))
@example(text="city¹city and more.")  # a marker glued between words: still two words
@example(text="1991city-\ncity")  # a typesetter's hyphen after digits: the removal record shows the whole word
@example(text="¹ \nS. Curtis\n¹ city")  # a note given twice: F003, and the second stays in the text
def test_no_word_is_lost(seeds: dict[str, Seed], slug: str, text: str) -> None:
    seed = with_text(seeds[slug], text)
    doc, _ctx = run_passes(seed)
    page = render_text_page(seed, doc)
    missing = accounting.missing_words(seed.text, page, render_text_section(seed, doc))
    assert not missing


@pytest.mark.parametrize("slug", ["article", "interview"])
@PROPERTY_SETTINGS
@given(text=st.text(min_size=1, max_size=400))
def test_arbitrary_unicode_goes_through_without_an_exception(seeds: dict[str, Seed], slug: str, text: str) -> None:
    seed = with_text(seeds[slug], text)
    doc, _ctx = run_passes(seed)
    render_text_page(seed, doc)
    render_text_section(seed, doc)


def test_generated_texts_exercise_the_rules(seeds: dict[str, Seed]) -> None:
    """The generator is not idle: a fixed sample fires furniture, hyphen and note rules."""
    text = "A Title\n\nThe contradic-\ntions of trade.¹\n\n¹ A note.\n\n77\n\fS. Curtis\n\nmore text\n"
    doc, _ctx = run_passes(with_text(seeds["article"], text))
    assert {r.rule for r in doc.removals} >= {"line-end-hyphen", "page-number"}
    assert [n.label for n in doc.footnotes] == ["1"]
