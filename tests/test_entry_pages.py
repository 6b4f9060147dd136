"""Index pages stay bounded as the edition grows (issue 15): an entry found in many texts lists its
first texts on the index page and links to its own pages, which list every text, a page at a time."""

from __future__ import annotations

import re

import pytest

from build_tools.apparatus import entry_pages
from build_tools.apparatus.entry_pages import TEXTS_SHOWN, Entry, capped_references, entry_page, places_by_text
from build_tools.apparatus.glossary import TextLabel, back_references
from build_tools.apparatus.mentions import Place

LINK = re.compile(r"\]\(([^)]+)\)")


def corpus(texts: int, per_text: int = 2) -> tuple[list[TextLabel], list[Place]]:
    labels = [TextLabel(f"t{n:03d}", f"Author {n} 2020", f"texts/t{n:03d}.md") for n in range(texts)]
    places = [Place(label.slug, label.page, f"p{k}", f"¶ {k}", k, k) for label in labels
              for k in range(1, per_text + 1)]
    return labels, places


ENTRY = Entry("term", "city", "City", "glossary.md#term-city", "Every paragraph that mentions it.")


def test_few_texts_read_as_before_and_make_no_page() -> None:
    labels, places = corpus(TEXTS_SHOWN)
    pages: dict[str, str] = {}
    shown = capped_references(ENTRY, places_by_text(places, labels), pages)
    assert shown == back_references(places, labels)
    assert pages == {}


def test_many_texts_show_the_first_and_link_to_every_one() -> None:
    labels, places = corpus(TEXTS_SHOWN * 3 + 1)
    pages: dict[str, str] = {}
    shown = capped_references(ENTRY, places_by_text(places, labels), pages)
    assert shown.count("*Author ") == TEXTS_SHOWN
    assert shown.endswith(f"and {TEXTS_SHOWN * 2 + 1} more texts ([all {TEXTS_SHOWN * 3 + 1} texts]"
                          "(index/term/city.md))")
    assert list(pages) == ["index/term/city.md"]
    page = pages["index/term/city.md"]
    assert page.count("\n- *Author ") == len(labels)
    # Links from index/term/ reach the texts and the index two folders up.
    assert "(../../texts/t036.md#p2)" in page and "(../../glossary.md#term-city)" in page


def test_an_entry_page_is_split_and_its_pages_link_to_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entry_pages, "TEXTS_PER_PAGE", 10)
    labels, places = corpus(25)
    pages: dict[str, str] = {}
    capped_references(ENTRY, places_by_text(places, labels), pages)
    assert list(pages) == [entry_page("term", "city", n) for n in (1, 2, 3)] == [
        "index/term/city.md", "index/term/city/2.md", "index/term/city/3.md"]
    assert [page.count("\n- *Author ") for page in pages.values()] == [10, 10, 5]
    second = pages["index/term/city/2.md"]
    assert "texts 11–20 of 25" in second
    assert "[previous page](../../../index/term/city.md)" in second
    assert "[next page](../../../index/term/city/3.md)" in second
    assert "(../../../texts/t015.md#p1)" in second
    assert "next page" not in pages["index/term/city/3.md"]


def test_a_hostile_title_is_text() -> None:
    labels, places = corpus(TEXTS_SHOWN + 1)
    pages: dict[str, str] = {}
    hostile = Entry("person", "x", '<img src=x onerror=alert(1)> "a": b', "persons.md#person-x", "*not emphasis*")
    capped_references(hostile, places_by_text(places, labels), pages)
    page = pages["index/person/x.md"]
    front = page.split("---")[1]
    assert "<img" not in front and "&lt;img" in front
    assert "# &lt;img" in page
    assert "*not emphasis*" not in page


def test_places_are_grouped_in_the_editions_order_in_one_pass() -> None:
    labels, places = corpus(5)
    grouped = places_by_text(reversed(places), labels)
    assert [text.slug for text, _ in grouped] == [label.slug for label in labels]
    assert all(len(here) == 2 for _, here in grouped)


def test_many_themes_put_their_passages_on_their_own_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond THEMES_WITH_PASSAGES themes the Themes page keeps each theme's heading (the texts' "see
    also" lines link to it), sentence and a link to its own page, which lists its passages."""
    from build_tools.apparatus import themes
    from build_tools.edition import build_edition
    from tests.test_glossary import ROOT

    edition = build_edition(ROOT)
    assert edition.indexes is not None and edition.indexes.themes is not None and edition.index_result is not None
    texts = [TextLabel(t.seed.config.slug, t.seed.config.short_title, t.page) for t in edition.texts]
    places = {**edition.index_result.term_places, **edition.index_result.entity_places}
    monkeypatch.setattr(themes, "THEMES_WITH_PASSAGES", 1)
    pages: dict[str, str] = {}
    page = themes.render_themes_page(edition.indexes.themes, places, texts, {}, pages).top
    assert "- *" not in page  # no passages on the Themes page
    for theme in edition.indexes.themes.themes:
        assert f"{{ #theme-{theme.id} }}" in page
        own = f"index/theme/{theme.id}.md"
        if own in pages:
            assert f"({own})" in page and "#p" in pages[own]
    assert pages, "the seeds' themes have passages"


def test_defined_in_is_bounded_too() -> None:
    from build_tools.apparatus.glossary import Glossary, Pointer, Term, render_glossary_page

    labels, places = corpus(TEXTS_SHOWN + 5)
    pointers = tuple(Pointer(label.slug, 1, 0) for label in labels)
    term = Term("city", "city", "A place.", ("city",), (), pointers, (), 1)
    page = render_glossary_page(Glossary("glossary.yml", (term,)), {"city": places}, labels)
    defined = next(line for line in page.splitlines() if line.startswith("**Defined in**"))
    assert defined.count("](") == TEXTS_SHOWN and defined.endswith("and 5 more (each among the term's places)")
