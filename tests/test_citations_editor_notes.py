"""Emendations, context notes and archive links: the editor's lettered notes, never losing a word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from build_tools import accounting
from build_tools.diagnostics import BuildFailed
from build_tools.edition import Edition, TextResult, build_edition
from build_tools.model import EditorAddition, Emendation, Link, walk_inlines
from build_tools.passes.archive_links import wayback_url
from build_tools.passes.editor_notes import letter
from build_tools.passes.emendations import without_additions

ROOT = Path(__file__).resolve().parents[1]


def text(edition: Edition, slug: str) -> TextResult:
    return next(t for t in edition.texts if t.seed.config.slug == slug)


@pytest.mark.parametrize(("index", "expected"), [(0, "a"), (25, "z"), (26, "aa"), (27, "ab"), (701, "zz")])
def test_letters(index: int, expected: str) -> None:
    assert letter(index) == expected


@pytest.mark.parametrize(("reading", "source"), [("if [we] were to take", "if were to take"),
                                                 ("that underpin[s] some", "that underpin some"),
                                                 ("[the] city", "city")])
def test_an_emendation_without_its_additions_is_the_source(reading: str, source: str) -> None:
    assert without_additions(reading) == source


def test_the_interview_is_emended_and_the_note_keeps_the_source_reading(edition: Edition) -> None:
    result = text(edition, "amin-wilson-2023")
    emended = [n for b in result.doc.blocks for n in walk_inlines(b.inlines) if isinstance(n, Emendation)]
    assert [(e.source, e.children[0].text) for e in emended] == [("if were to take", "if [we] were to take")]  # type: ignore[union-attr]
    assert r'<span class="emendation">if \[we\] were to take</span><sup class="ed-ref">[a](#ed-a' in result.markdown
    assert '<div class="editor-note" id="ed-a" markdown="1">' in result.markdown
    assert "The source reads “if were to take”" in result.markdown


def test_every_source_word_is_still_in_the_emended_pages(edition: Edition) -> None:
    for result in edition.texts:
        html = accounting.html_text(result.markdown)
        assert "Editor’s notes" in html
        report = edition.pages["removals.md"]
        assert not accounting.missing_words(result.seed.text, result.markdown, report)


def test_cited_web_pages_get_a_marked_wayback_link_at_the_access_date(edition: Edition) -> None:
    result = text(edition, "curtis-2018")
    additions = {note.label: [n for n in walk_inlines(note.inlines) if isinstance(n, EditorAddition)]
                 for note in result.doc.footnotes}
    assert sorted((label for label, found in additions.items() if found), key=int) == ["4", "6", "7", "8", "9", "11"]
    links = [n for n in walk_inlines(additions["6"]) if isinstance(n, Link)]
    assert links[0].url == ("https://web.archive.org/web/20170130/"
                            "http://www.latimes.com/politics/la-na-pol-sanctuary-legal-battle-20170127-story.html")
    assert r"\[Editor: [archived copy of 30 January 2017](https://web.archive.org/web/20170130/" in result.markdown


def test_wayback_url() -> None:
    import datetime as dt

    assert wayback_url("http://www.c40.org", dt.date(2017, 5, 4)) == "https://web.archive.org/web/20170504/http://www.c40.org"


def _edit(tmp_path: Path, change: dict[str, object]) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    path = seeds / "apparatus" / "emendations.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["emendations"].append(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return seeds


@pytest.mark.parametrize(("change", "code"), [
    ({"text": "curtis-2018", "source": "the global city", "reading": "the [great] global city", "why": "test"}, "E003"),
    ({"text": "curtis-2018", "source": "no such words here", "reading": "no [such] words", "why": "test"}, "E002"),
    ({"text": "curtis-2018", "source": "no such words here", "reading": "no [really] such words here",
      "why": "test"}, "E001"),
    ({"text": "curtis-2018", "source": "chrysalis; one that", "reading": "chrysalis[,] one that", "why": "test"},
     "E002"),
])
def test_an_emendation_that_cannot_apply_fails_the_build(tmp_path: Path, change: dict[str, object], code: str) -> None:
    with pytest.raises(BuildFailed) as failed:
        build_edition(ROOT, _edit(tmp_path, change))
    assert [d.code for d in failed.value.diagnostics.errors] == [code]
    assert failed.value.diagnostics.errors[0].file == "seeds/apparatus/emendations.yml" or \
        failed.value.diagnostics.errors[0].file.endswith("apparatus/emendations.yml")


def test_the_passes_see_an_edited_yaml_file_in_the_same_process(tmp_path: Path) -> None:
    """`mkdocs serve` keeps one process: an editor's change must reach the next build."""
    from build_tools.apparatus import editorial

    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    before = editorial.cached(seeds)
    path = seeds / "apparatus" / "citations.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cited: Boutelegier 2013", "cited: Boutelegir 2013"),
                    encoding="utf-8")
    after = editorial.cached(seeds)
    assert before.resolution("curtis-2018", "Boutelegier 2013") is not None
    assert after.resolution("curtis-2018", "Boutelegier 2013") is None
    assert after.resolution("curtis-2018", "Boutelegir 2013") is not None


def test_editorial_anchors_match_whatever_the_white_space_and_quotes(tmp_path: Path) -> None:
    """An editor's `source:` or `at:` with a tab, a line break or straight quotes still finds its
    words; the note keeps the source's reading as the text has it."""
    from build_tools.passes.emendations import anchor_pattern

    assert anchor_pattern("if\twere  to\ntake").search("… as if were to take it") is not None
    assert anchor_pattern("that's \"it\"").search("that’s “it”") is not None
    assert anchor_pattern("if were").search("if we were") is None
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    path = seeds / "apparatus" / "emendations.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: if were to take", "source: \"if\\twere  to take\""), encoding="utf-8")
    edition = build_edition(seeds_dir=seeds)
    page = next(r.markdown for r in edition.texts if r.seed.config.slug == "amin-wilson-2023")
    assert "if \\[we\\] were to take" in page and "The source reads “if were to take”" in page
