"""The "Cite this" APA citation of a text, for every `kind` of text.schema.json, is set by
citeproc-py in the shipped APA style as that kind of work: a chapter in its book, a report as a
report, a magazine's piece with its full date; and its BibTeX and RIS say the same kind."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import bibtexparser
import pytest
import rispy

from build_tools.apparatus.editorial import csl_type
from build_tools.load.config import Author, TextConfig
from build_tools.web import citation
from build_tools.web.facts import TextFacts


def facts(kind: str, authors: list[Author], **meta: str) -> TextFacts:
    metadata: dict[str, Any] = {"date": "2015-03-09", **meta,
                                "authors": [{k: v for k, v in vars(a).items() if v} for a in authors]}
    config = TextConfig(slug="t", yaml_file="seeds/texts/t/text.yml", source_name="source.txt", profile_name="p",
                        kind=kind, language="en", short_title="", order=0, note_on_text="", title=meta["title"],
                        authors=tuple(authors), date=metadata["date"], metadata=metadata)
    return TextFacts(config=config, words=100, edition_title="An Edition", edition_url="https://example.org/t/",
                     pdf_url=None, built=dt.date(2026, 1, 2))


KOONINGS = [Author("Koonings", "Kees"), Author("Kruijt", "Dirk"), Author("Smith", "Jane", role="editor")]
DOE = [Author("Doe", "Jane")]
CASES = {
    "book-chapter": (facts("book-chapter", KOONINGS, title="Cities and violence", publisher="Zed Books",
                           container="Violence and resilience in Latin American cities", pages="7–30"),
                     "Koonings, K., &amp; Kruijt, D. (2015). Cities and violence. In J. Smith (Ed.), "
                     "<i>Violence and resilience in Latin American cities</i> (pp. 7–30). Zed Books.",
                     "incollection", "CHAP"),
    "report": (facts("report", [Author("Sassen", "Saskia")], title="Cities in a world economy",
                     publisher="Brookings Institution", url="https://example.org/r"),
               "Sassen, S. (2015). <i>Cities in a world economy</i>. Brookings Institution. https://example.org/r",
               "techreport", "RPRT"),
    "essay in a book": (facts("essay", DOE, title="On cities", container="Essays on the city", publisher="Verso",
                              pages="1–20"),
                        "Doe, J. (2015). On cities. In <i>Essays on the city</i> (pp. 1–20). Verso.",
                        "incollection", "CHAP"),
    "essay in a magazine": (facts("essay", DOE, title="On cities", container="The Atlantic",
                                  url="https://example.org/e"),
                            "Doe, J. (2015, March 9). On cities. <i>The Atlantic</i>. https://example.org/e",
                            "article", "MGZN"),
    "essay on its own": (facts("essay", DOE, title="On cities", url="https://example.org/e"),
                         "Doe, J. (2015). <i>On cities</i>. https://example.org/e", "misc", "GEN"),
    "interview in a magazine": (facts("interview", [Author("Doe", "Jane", role="interviewee"),
                                                    Author("Roe", "Rick", role="interviewer")],
                                      title="Talking cities", container="Social Europe", url="https://example.org/i"),
                                "Doe, J. (2015, March 9). Talking cities (R. Roe, Interviewer). <i>Social Europe</i>. "
                                "https://example.org/i", "article", "MGZN"),
    "interview in a journal": (facts("interview", [Author("Doe", "Jane", role="interviewee"),
                                                   Author("Roe", "Rick", role="interviewer")],
                                     title="Talking cities", container="Urban Studies", volume="12", issue="3",
                                     pages="1–9", doi="10.1000/x"),
                               "Doe, J. (2015). Talking cities (R. Roe, Interviewer). <i>Urban Studies</i>, "
                               "<i>12</i>(3), 1–9. https://doi.org/10.1000/x", "article", "JOUR"),
    "journal-article": (facts("journal-article", DOE, title="Cities", container="Urban Studies", volume="12",
                              issue="3", pages="1–9"),
                        "Doe, J. (2015). Cities. <i>Urban Studies</i>, <i>12</i>(3), 1–9.", "article", "JOUR"),
}


def test_every_kind_of_the_schema_is_covered() -> None:
    schema = json.loads(resources.files("build_tools.schemas").joinpath("text.schema.json").read_text("utf-8"))
    kinds = set(schema["properties"]["kind"]["enum"])
    assert kinds == {f.config.kind for f, *_ in CASES.values()}


@pytest.mark.parametrize("case", CASES)
def test_apa_sets_each_kind_as_that_kind_of_work(case: str) -> None:
    text_facts, apa, _, _ = CASES[case]
    assert citation.apa_original(text_facts).html == apa


@pytest.mark.parametrize("case", CASES)
def test_bibtex_and_ris_name_the_same_kind(case: str) -> None:
    text_facts, _, bibtex_type, ris_type = CASES[case]
    original = bibtexparser.parse_string(citation.bibtex(text_facts)).entries[0]
    assert original.entry_type == bibtex_type
    assert rispy.loads(citation.ris(text_facts))[0]["type_of_reference"] == ris_type


def test_a_chapter_is_a_chapter_not_a_dated_magazine_article() -> None:
    """The old hand-written APA set every kind but a journal article as "(2015, March 9). Title. *Book*."."""
    text_facts = CASES["book-chapter"][0]
    apa = citation.apa_original(text_facts).text
    assert "(2015)." in apa and "March" not in apa
    assert "In J. Smith (Ed.), Violence and resilience" in apa and "(pp. 7–30)" in apa
    chicago = citation.chicago_original(text_facts).text
    assert "In Violence and Resilience in Latin American Cities, edited by Jane Smith, 7–30." in chicago
    library = bibtexparser.parse_string(citation.bibtex(text_facts))
    assert library.entries[0]["booktitle"] == "Violence and resilience in Latin American cities"
    assert library.entries[0]["editor"] == "Smith, Jane"


def test_the_books_editors_are_not_the_chapters_authors() -> None:
    text_facts = CASES["book-chapter"][0]
    assert [a.family for a in text_facts.creators] == ["Koonings", "Kruijt"]
    assert citation.apa_edition(text_facts).text.startswith("Koonings, K., & Kruijt, D. (2015). Cities and violence.")
    edited_only = facts("report", [Author("Smith", "Jane", role="editor")], title="A report", publisher="P")
    assert [a.family for a in edited_only.creators] == ["Smith"]
    assert "Smith, Jane" in citation.bibtex(edited_only)  # the edition entry names the editor, not nobody


@pytest.mark.parametrize(("kind", "meta", "expected"), [
    ("journal-article", {}, "article-journal"), ("book-chapter", {}, "chapter"), ("report", {}, "report"),
    ("interview", {}, "article-magazine"), ("interview", {"volume": "3"}, "article-journal"),
    ("essay", {}, "article"), ("essay", {"container": "C"}, "article-magazine"),
    ("essay", {"container": "C", "publisher": "P"}, "chapter"), ("essay", {"volume": "1"}, "article-journal")])
def test_csl_type_of_each_kind(kind: str, meta: dict[str, str], expected: str) -> None:
    assert csl_type(kind, meta) == expected
