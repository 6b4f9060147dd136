"""Every citation of the article is linked to its work, directly or by an editor's resolution."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from build_tools.apparatus.places import reading_order
from build_tools.diagnostics import BuildFailed
from build_tools.edition import Edition, TextResult, build_edition
from build_tools.model import Citation, EditorNoteRef, Footnote, FootnoteRef, walk_inlines

ROOT = Path(__file__).resolve().parents[1]

# Counted by reading the article: 46 author–date citations (40 in the body, 6 in notes 1–3),
# of which 7 do not match the reference list letter for letter (6 forms: "Panitch and Gindin
# 2013" twice).
ARTICLE_CITATIONS = 46
ARTICLE_IN_NOTES = 6
# "Panitch and Gindin 2013" (twice) matches the list once bibliography.yml corrects the list's order of
# the authors (Gindin and Panitch) to the book's: it needs no resolution.
RESOLVED = {"Brenner and Schmid 2000": "brenner-schmid-2011", "Brenner and Schmidt 2011": "brenner-schmid-2011",
            "Graham and Marvin 2000": "graham-marvin-2001",
            "Boutelegier 2013": "bouteligier-2013", "Sassen 2007": "sassen-2006"}


def text(edition: Edition, slug: str) -> TextResult:
    return next(t for t in edition.texts if t.seed.config.slug == slug)


def citations(result: TextResult) -> list[tuple[object, Citation]]:
    return [(item, node) for item, inlines in reading_order(result.doc)
            for node in walk_inlines(inlines) if isinstance(node, Citation)]


def test_every_citation_of_the_article_is_linked(edition: Edition) -> None:
    found = citations(text(edition, "curtis-2018"))
    assert len(found) == ARTICLE_CITATIONS
    assert sum(isinstance(item, Footnote) for item, _ in found) == ARTICLE_IN_NOTES
    records = edition.apparatus.bibliography.records if edition.apparatus else {}
    assert all(node.key in records for _, node in found), [n.cited for _, n in found if n.key not in records]
    assert all(node.reference.startswith(records[node.key].csl["author"][0]["family"]) for _, node in found
               if node.key)


def test_mismatched_citations_are_resolved_as_the_yaml_says(edition: Edition) -> None:
    found = citations(text(edition, "curtis-2018"))
    resolved = {node.cited: node.key for _, node in found if node.cited in RESOLVED}
    assert resolved == RESOLVED
    panitch = [node for _, node in found if node.cited == "Panitch and Gindin 2013"]
    assert len(panitch) == 2 and {node.key for node in panitch} == {"gindin-panitch-2013"}


def test_a_resolved_citation_carries_a_lettered_note_saying_what_source_and_list_have(edition: Edition) -> None:
    result = text(edition, "curtis-2018")
    notes = {note.id: note for note in result.doc.editor_notes}
    for cited in RESOLVED:
        note = notes[f"cite:{cited}"]
        assert note.letter.isalpha() and note.letter.islower()
        words = " ".join(n.text for n in walk_inlines(note.inlines) if hasattr(n, "text"))
        assert "The text cites" in words and "reference list" in words
    assert "cite:Panitch and Gindin 2013" not in notes  # the corrected list matches: the note is on the entry
    assert "names the authors as Gindin and Panitch" in edition.pages["bibliography.md"]


def test_notes_are_lettered_in_reading_order_and_footnotes_keep_their_numbers(edition: Edition) -> None:
    result = text(edition, "curtis-2018")
    letters = [node.letter for _, inlines in reading_order(result.doc) for node in walk_inlines(inlines)
               if isinstance(node, EditorNoteRef)]
    first_seen = list(dict.fromkeys(letters))
    assert first_seen == [chr(ord("a") + i) for i in range(len(first_seen))]
    markers = [node.label for block in result.doc.blocks for node in walk_inlines(block.inlines)
               if isinstance(node, FootnoteRef)]
    assert markers == [str(n) for n in range(1, 12)]
    assert [note.label for note in result.doc.footnotes] == [str(n) for n in range(1, 12)]


def test_a_citation_renders_as_a_link_with_the_reference_as_its_title(edition: Edition) -> None:
    page = text(edition, "curtis-2018").markdown
    assert ('[Acuto 2011](../bibliography.md#ref-acuto-2011 "Acuto, M. 2011. “Finding the Global City: '
            in page)
    assert '[Sassen’s (1991)](../bibliography.md#ref-sassen-1991 "Sassen, S. 1991.' in page


def test_a_title_that_names_a_work_is_linked_in_the_interview(edition: Edition) -> None:
    found = citations(text(edition, "amin-wilson-2023"))
    assert sorted({(n.cited, n.key) for _, n in found}) == [("After Nativism", "amin-2023"),
                                                            ("Seeing Like a City", "amin-thrift-2016")]


def _seeds_copy(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    return seeds


def test_a_citation_neither_matched_nor_resolved_is_pending_work_shown_unlinked(tmp_path: Path) -> None:
    seeds = _seeds_copy(tmp_path)
    path = seeds / "apparatus" / "citations.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["resolutions"] = [r for r in data["resolutions"] if r["cited"] != "Boutelegier 2013"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    edition = build_edition(ROOT, seeds)  # a draft build: pending work does not stop it
    pending = [d for d in edition.diagnostics.pending_work if d.code == "C001"]
    assert len(pending) == 1 and not [d for d in edition.diagnostics.errors if d.code == "C001"]
    assert "Boutelegier 2013" in pending[0].message and "¶ 20" in pending[0].message
    assert pending[0].file.endswith("curtis-2018/source.txt")
    source_line = (seeds / "texts" / "curtis-2018" / "source.txt").read_text(encoding="utf-8").split("\n")[
        pending[0].line - 1]
    assert source_line[pending[0].col - 1:].startswith("Boutelegier 2013")
    assert "cited: Boutelegier 2013" in pending[0].hint
    unlinked = [c for _, c in citations(text(edition, "curtis-2018")) if c.cited == "Boutelegier 2013"]
    assert unlinked and all(c.key is None for c in unlinked)


def test_a_resolution_to_an_unknown_work_fails_the_build(tmp_path: Path) -> None:
    seeds = _seeds_copy(tmp_path)
    path = seeds / "apparatus" / "citations.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("work: bouteligier-2013", "work: boutelegier-2013"),
                    encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_edition(ROOT, seeds)
    assert [d.code for d in failed.value.diagnostics.errors] == ["C003"]
