"""The general web-page profile: chrome, front matter and every label convention of an interview.

The interview variants are generated from the seed interview (tests/fixtures/interview/web_variants.py):
the same six turns labelled as other sites label them and wrapped in generic site chrome. Each must
attribute every turn as the truth says, remove every chrome line, and lose no word.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from bench import corpus_quality
from build_tools import add_text
from build_tools.accounting import html_text
from build_tools.diagnostics import Diagnostics
from build_tools.edition import build_text
from build_tools.load.config import merge_profile_data
from build_tools.load.seeds import discover
from build_tools.model import (
    Document,
    Emphasis,
    Heading,
    Inline,
    Link,
    Preformatted,
    Role,
    Text,
    plain_text,
    walk_inlines,
)
from build_tools.passes.parse_inline import markdown_links
from build_tools.render import epub, typst_markup
from build_tools.render import markdown as markdown_render
from build_tools.sniff.pdf import pdf_likelihood
from build_tools.sniff.web import guess_web, looks_like_web
from tests.fixtures.interview.site_shapes import BLOG_HTML2TEXT, BLOG_TRUTH, NEWS_TRUTH, NEWS_W3M
from tests.fixtures.interview.web_variants import CHROME, TITLE, TRUTH, TURNS, VARIANTS
from tests.seedkit import make_seeds_dir

SPEAKERS = [{"id": "wilson", "name": "Robin Wilson", "role": "interviewer"},
            {"id": "amin", "name": "Ash Amin", "role": "interviewee"}]


def _yaml(**extra: Any) -> dict[str, Any]:
    return {"profile": "web-page", "kind": "interview", "language": "en",
            "metadata": {"title": TITLE, "date": "2023-04-17",
                         "authors": [{"given": "Ash", "family": "Amin", "role": "interviewee"},
                                     {"given": "Robin", "family": "Wilson", "role": "interviewer"}]},
            "speakers": SPEAKERS, **extra}


def _essay(title: str) -> dict[str, Any]:
    """A web page's text.yml: an essay by Jane Doe."""
    return {"profile": "web-page", "kind": "essay", "language": "en",
            "metadata": {"title": title, "date": "2021-03-03", "authors": [{"given": "Jane", "family": "Doe"}]}}


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
    data = _essay("An Article About Cities")
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
    data = {**_essay("An Article About Cities"),
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


CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_the_corpus_sniffs_as_its_kind(path: Path) -> None:
    """Every shipped corpus text is guessed as what it is: a PDF's text as a PDF extraction, a page
    (lynx, html2text, a bare transcript) as a web page, and never by a hair."""
    text = path.read_text("utf-8")
    guess = add_text.sniff(text)
    web, pdf = looks_like_web(text), pdf_likelihood(text)
    if path.name.startswith("pdf-"):
        assert guess.profile == "pdf-extraction" and web < pdf
    else:
        assert guess.profile in ("web-page", "social-europe") and web >= pdf + 0.3


def test_a_bare_transcript_and_a_lynx_page_look_like_web() -> None:
    transcript = "\n\n".join(f"**{name}:** " + "word " * 60 for name in ["Jane Roe", "John Doe"] * 4)
    lynx = "\n".join(["   [logo_2x]", "     * Home   [RSS of Blog]", "", "   A Title", ""]
                     + ["   A line of the post as lynx wraps it at its width, with its margin."] * 20)
    pdf = "\n".join(["A line of a printed page as a PDF's text layer gives it, wrapped."] * 40 + ["12", "\f"]) * 5
    assert looks_like_web(transcript) > pdf_likelihood(transcript)
    assert looks_like_web(lynx) > pdf_likelihood(lynx)
    assert looks_like_web(pdf) < pdf_likelihood(pdf)


# --- pages in other sites' shapes (tests/fixtures/interview/site_shapes.py) ----------------------

@pytest.mark.parametrize("name", ["news-w3m", "blog-html2text"])
def test_pages_in_other_sites_shapes_meet_the_bar(name: str, tmp_path: Path) -> None:
    """Added with add-text's guess alone and measured as the corpus is (bench/corpus_quality.py)."""
    text, truth = {"news-w3m": (NEWS_W3M, NEWS_TRUTH), "blog-html2text": (BLOG_HTML2TEXT, BLOG_TRUTH)}[name]
    raw = tmp_path / f"{name}.txt"
    raw.write_text(text, encoding="utf-8")
    measure, doc, _ = corpus_quality.build_one(raw)
    assert doc is not None, measure.errors
    corpus_quality.measure_doc(measure, doc, truth)
    assert measure.failures() == []
    assert measure.turns_right == len(truth.get("turns", []))
    links = [(plain_text(n.children), n.url) for b in doc.blocks for n in walk_inlines(b.inlines)
             if isinstance(n, Link)]
    assert links == [tuple(link) for link in truth.get("links", [])]
    assert [b.text.split("\n")[0] for b in doc.blocks if isinstance(b, Preformatted)] == truth.get("code", [])
    if name == "news-w3m":
        assert [s.name for s in doc.speakers] == ["Robin Wilson", "Ash Amin"]  # not "ROBIN WILSON"
    else:
        assert {r.rule for r in doc.removals} >= {"link-target", "code-fence", "italic-marks"}


def test_markdown_links_are_links_and_their_addresses_are_recorded(tmp_path: Path) -> None:
    raw = ("# A Post About Links\n\nBy Jane Doe, March 3, 2021\n\nThe first paragraph of the article is body text, "
           "with a [link to a page](https://example.org/a_(b)) and a [relative one](/docs/page.html \"Docs\"), "
           "an icon's [ ](https://example.org/icon) link, a [bracket] and [sic](1999) left alone, and it runs on "
           "long enough to be no standfirst of any kind, since it goes on for well over thirty words.\n")
    data = _essay("A Post About Links")
    doc, diagnostics = _build(tmp_path, raw, data)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    [body] = doc.paragraphs(Role.BODY)
    assert [(plain_text(n.children), n.url) for n in walk_inlines(body.inlines) if isinstance(n, Link)] == [
        ("link to a page", "https://example.org/a_(b)"), ("relative one", "/docs/page.html")]
    assert "[bracket] and [sic](1999) left alone" in body.text and "icon’s  link" in body.text
    assert [r.text for r in doc.removals if r.rule == "link-target"] == [
        'https://example.org/a_(b) /docs/page.html "Docs" https://example.org/icon']


def test_markdown_links_scan_in_linear_time() -> None:
    nodes: list[Inline] = [Text("[" * 200_000 + "](" * 100_000 + "[a](" * 50_000)]
    started = time.perf_counter()
    markdown_links(nodes, [])
    assert time.perf_counter() - started < 1.0


BARE_ARTICLE = ARTICLE.replace("Why cities matter #", "Why cities matter")


def test_a_bare_line_heading_of_a_text_browser(tmp_path: Path) -> None:
    """w3m and lynx print an <h2> as a bare line: short, no sentence, set off, with a paragraph under it."""
    data = _essay("An Article About Cities")
    raw = BARE_ARTICLE.replace("The main reasons are:", "The main reasons are these, as the rest of the article "
                                                        "sets out in turn, one by one:")
    doc, _ = _build(tmp_path, raw, data)
    assert [b.text for b in doc.blocks if isinstance(b, Heading)] == ["An Article About Cities", "Why cities matter"]
    short = raw.replace("Why cities matter", "Thanks for reading!")  # a sentence's end: no heading
    doc, _ = _build(tmp_path / "2", short, data)
    assert [b.text for b in doc.blocks if isinstance(b, Heading)] == ["An Article About Cities"]


CODE_PAGE = """A Post With Code

Published 3 March 2021

The first paragraph says what the code does, long enough to be the body of the post and not its
standfirst, so it runs on for more than thirty words in all, as paragraphs of a post do.

// add.c
int add(int x, int y) {
  return x * y + *p;
}

A paragraph between the listings says what the command does with the file, in a sentence or two
of prose that wraps like the others.

emcc -O3 add.c -o add.wasm

    def churn(city):
        return city.networks <b>

    A block quote that a text browser indents, as it indents code, stays a paragraph of prose, since
    it reads as sentences of prose.

```python
print("*not emphasis*")
```
"""


def test_code_listings_are_kept_line_for_line(tmp_path: Path) -> None:
    data = _essay("A Post With Code")
    doc, diagnostics = _build(tmp_path, CODE_PAGE, data)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    listings = [b.text for b in doc.blocks if isinstance(b, Preformatted)]
    assert listings == ["// add.c\nint add(int x, int y) {\n  return x * y + *p;\n}", "emcc -O3 add.c -o add.wasm",
                        "def churn(city):\n    return city.networks <b>", 'print("*not emphasis*")']
    assert any(p.text.startswith("A block quote") for p in doc.paragraphs(Role.BODY))
    assert [r.text for r in doc.removals if r.rule == "code-fence"] == ["```python"]
    listing = next(b for b in doc.blocks if isinstance(b, Preformatted) and "churn" in b.text)
    page = markdown_render.preformatted(listing, doc)
    assert html_text(page).strip() == listing.text  # printed as it stands: no markup, no tag runs
    assert markdown.markdown(page).startswith("<pre><code>def churn(city):")
    assert epub.preformatted(listing, None).startswith('<pre class="code"><code>def churn(city):')  # type: ignore[arg-type]
    assert typst_markup.preformatted(listing, None) == (  # type: ignore[arg-type]
        '#raw(block: true, "def churn(city):\\n    return city.networks <b>")')


def test_an_interviewers_lead_in_and_the_subject_named_in_the_title(tmp_path: Path) -> None:
    """Q:/A: labels on a page that names only the person asked, in its title; a short lead-in
    before the last question is the interviewer's."""
    raw = VARIANTS["q-and-a"].replace(TITLE, "Introducing Ash Amin, urban geographer")
    last_q = raw.rindex("\nQ: ") + 1
    raw = raw[:last_q] + "Ok, now for the last question.\n\n" + raw[last_q:]
    guess = guess_web(raw)
    assert [(s.name, s.role, s.aliases) for s in guess.speakers] == [
        ("Interviewer", "interviewer", ["Q"]), ("Ash Amin", "interviewee", ["A"])]
    data = _yaml(speakers=[{"id": "interviewer", "name": "Interviewer", "role": "interviewer", "aliases": ["Q"]},
                           {"id": "amin", "name": "Ash Amin", "role": "interviewee", "aliases": ["A"]}])
    data["metadata"]["title"] = "Introducing Ash Amin, urban geographer"
    doc, diagnostics = _build(tmp_path, raw, data)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    starts = [(p.speaker, p.text[:30]) for p in doc.paragraphs(Role.BODY) if p.turn_start]
    assert starts[-2] == ("interviewer", "Ok, now for the last question.")
    assert len(starts) == len(TRUTH["q-and-a"])
    # a plain short sentence closing an answer stays the answer's
    plain = raw.replace("Ok, now for the last question.", "That is all there is to it.")
    doc, _ = _build(tmp_path / "2", plain, data)
    assert not any(p.turn_start and p.text.startswith("That is all") for p in doc.paragraphs(Role.BODY))


def test_a_quotation_set_as_a_heading_in_an_answer_is_the_answers_words(tmp_path: Path) -> None:
    """`### _"…"_` right under a question set as a heading: the answer's first paragraph, with
    no heading or italic marks left in its words (the marks' underscores are recorded)."""
    raw = VARIANTS["question-headings"]
    answer = TURNS[1][1]
    raw = raw.replace(answer, f'### _" {answer}"_', 1)
    doc, diagnostics = _build(tmp_path, raw, _yaml())
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    assert _turn_speakers(doc) == TRUTH["question-headings"]
    first_answer = next(p for p in doc.paragraphs(Role.BODY) if p.turn_start and p.speaker == "amin")
    assert first_answer.text.startswith("“ Well, cities") and isinstance(first_answer.inlines[0], Emphasis)
    assert [r.rule for r in doc.removals if r.text.startswith('_"')] == ["italic-marks"]
