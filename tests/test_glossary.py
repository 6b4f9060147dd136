"""The glossary: the matching engine, the link pass, the real glossary, and bad glossary data.

The engine tests are small fixtures; the edition tests read the real texts and check what a
reader relies on: every term is found, its first mention per section is linked with the
definition as hover title, and every back-reference of the Glossary page lands on a real
anchor of a text page.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from build_tools import lint
from build_tools.accounting import MARKDOWN_EXTENSIONS
from build_tools.apparatus.glossary import Glossary, Pointer, Term
from build_tools.apparatus.indexes import Indexes
from build_tools.apparatus.mentions import MatchEntry, Matcher, wrap_mentions
from build_tools.diagnostics import BuildFailed, Diagnostic, Diagnostics
from build_tools.edition import Edition, build_edition
from build_tools.model import (
    Citation,
    Document,
    Emphasis,
    EntityRef,
    Heading,
    Inline,
    Link,
    Paragraph,
    Role,
    Span,
    TermRef,
    Text,
    plain_text,
    walk_inlines,
)
from build_tools.passes import link_terms
from build_tools.passes.context import PassContext

ROOT = Path(__file__).resolve().parents[1]

# --- helpers shared with test_registers.py and test_themes.py ------------------------------


def html_ids(page_markdown: str) -> set[str]:
    """Every id of a page as Python-Markdown renders it with the site's extensions."""
    html = markdown.markdown(page_markdown, extensions=MARKDOWN_EXTENSIONS)
    return set(re.findall(r'\sid="([^"]+)"', html))


def links_to(page_markdown: str, target_page: str) -> list[str]:
    """The anchors of every Markdown link in a page to `target_page` (e.g. "../glossary.md")."""
    return re.findall(rf"\]\({re.escape(target_page)}#([^) \"]+)", page_markdown)


def copy_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    return seeds


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def diagnostics_of(seeds: Path) -> list[Diagnostic]:
    try:
        return build_edition(ROOT, seeds).diagnostics.items
    except BuildFailed as failed:
        return failed.diagnostics.items


def codes(items: list[Diagnostic]) -> list[str]:
    return [d.code for d in items]


def refs_of(doc: Document, kind: type) -> list[Any]:
    items = [*doc.blocks, *doc.footnotes]
    return [n for item in items for n in walk_inlines(item.inlines) if isinstance(n, kind)]


# --- the matching engine ---------------------------------------------------------------------


def term_matcher() -> Matcher:
    return Matcher([MatchEntry("global-city", ("global city", "global cities")),
                    MatchEntry("globalization", ("globalization",)),
                    MatchEntry("nativism", ("nativism", "nativist"), ("After Nativism",))], fold_first_letter=True)


@pytest.mark.parametrize(("text", "expected"), [
    ("Global cities have internalized", ["global-city"]),  # capital at a sentence start
    ("the global city’s form", ["global-city"]),  # possessive outside the match
    ("the de-globalization of the city", []),  # never inside a hyphenated word
    ("globalizations", []),  # never inside a longer word
    ("my book After Nativism, which", []),  # an excluded phrase
    ("nativist localism and After Nativism", ["nativism"]),
    ("a global\u00a0city", ["global-city"]),  # any space between words
])
def test_terms_match_whole_words_only(text: str, expected: list[str]) -> None:
    assert [m.key for m in term_matcher().finditer(text)] == expected


def test_the_longest_name_wins_and_capitals_count_for_names() -> None:
    matcher = Matcher([MatchEntry("place/london", ("London",)),
                       MatchEntry("organisation/ucl", ("University College London",)),
                       MatchEntry("place/europe", ("Europe",)),
                       MatchEntry("organisation/coe", ("Council of Europe",))], fold_first_letter=False)
    text = "at University College London … the Council of Europe … London and Europe’s cities … london"
    assert [m.key for m in matcher.finditer(text)] == [
        "organisation/ucl", "organisation/coe", "place/london", "place/europe"]


@pytest.mark.parametrize(("text", "in_citation"), [
    ("(Harvey 2012; Sassen 2014)", True),
    ("in Sassen’s (1991) seminal statement", True),
    ("Acuto and Curtis (2014) for an overview", True),
    ("Sassen argues that components", False),
    ("Sassen’s assemblage analysis", False),
])
def test_a_name_followed_by_a_year_is_a_citation(text: str, in_citation: bool) -> None:
    matcher = Matcher([MatchEntry("person/sassen", ("Sassen",)), MatchEntry("person/harvey", ("Harvey",)),
                       MatchEntry("person/acuto", ("Acuto",))], fold_first_letter=False)
    assert next(matcher.finditer(text)).in_citation is in_citation


def test_wrapping_keeps_every_word_and_never_enters_links_or_citations() -> None:
    nodes: list[Inline] = [
        Text("A global city, "), Link("https://example.org/global-city", [Text("global city")]),
        Emphasis([Text("the global city")]), Citation("Global city 2000", [Text("global city 2000")]),
        Text(" and global cities.")]
    before = plain_text(nodes)
    wrapped = wrap_mentions(nodes, term_matcher(), lambda key, children: TermRef(key, "d", children),
                            lambda mention: True)
    assert plain_text(wrapped) == before
    refs = [n for n in walk_inlines(wrapped) if isinstance(n, TermRef)]
    assert [plain_text(r.children) for r in refs] == ["global city", "global city", "global cities"]
    inside = [n for top in wrapped if isinstance(top, (Link, Citation)) for n in walk_inlines(top.children)]
    assert not [n for n in inside if isinstance(n, TermRef)]


# --- the link pass ---------------------------------------------------------------------------


def tiny_indexes() -> Indexes:
    glossary = Glossary("glossary.yml", (
        Term("global-city", "global city", "A definition of the global city.", ("global city", "global cities"),
             (), (Pointer("t", 1, 1),), (), 1),))
    return Indexes(glossary, None, None, glossary.matcher(), None)


def body(number: int, text: str, turn_start: bool = False) -> Paragraph:
    return Paragraph([Text(text)], Span("t.txt", number, number), Role.BODY, number, f"p{number}",
                     turn_start=turn_start)


def linked_numbers(doc: Document) -> list[int | None]:
    return [p.number for p in doc.paragraphs(Role.BODY) if any(isinstance(n, TermRef) for n in p.inlines)]


def test_first_mention_in_each_section_is_linked() -> None:
    doc = Document("t", "t.txt", [
        Heading(2, [Text("One")], Span("t.txt", 1, 1), "one"),
        body(1, "Global cities and global cities."), body(2, "A global city again."),
        Heading(2, [Text("Two")], Span("t.txt", 3, 3), "two"),
        body(3, "No term here."), body(4, "The global city returns.")])
    ctx = PassContext(None, Diagnostics(), tiny_indexes())  # type: ignore[arg-type]  # the pass reads no seed
    link_terms.run(doc, ctx)
    assert linked_numbers(doc) == [1, 4]
    first = next(n for n in doc.blocks[1].inlines if isinstance(n, TermRef))
    assert first.definition == "A definition of the global city." and plain_text(first.children) == "Global cities"


def test_in_a_conversation_each_turn_is_a_section() -> None:
    doc = Document("t", "t.txt", [body(1, "a global city", True), body(2, "a global city"),
                                  body(3, "a global city", True)])
    link_terms.run(doc, PassContext(None, Diagnostics(), tiny_indexes()))  # type: ignore[arg-type]
    assert linked_numbers(doc) == [1, 3]


# --- the real glossary -----------------------------------------------------------------------


def test_the_glossary_has_at_least_30_terms_all_found_in_the_texts(edition: Edition) -> None:
    assert edition.indexes is not None and edition.indexes.glossary is not None
    assert edition.index_result is not None
    terms = edition.indexes.glossary.terms
    assert len(terms) >= 30
    never_found = [t.id for t in terms if t.id not in edition.index_result.term_places]
    assert never_found == []
    slugs = {t.seed.config.slug for t in edition.texts}
    assert {p.slug for t in terms for p in t.defined_in} == slugs  # both texts define terms


def test_defined_in_only_where_a_text_defines_the_term(edition: Edition) -> None:
    """A term a text only uses (the Washington Consensus, Brexit, agglomeration economies) is
    "Mentioned in" there, never "Defined in"."""
    page = edition.pages["glossary.md"]
    for term_id in ("washington-consensus", "brexit", "agglomeration-economies"):
        entry = page.split(f"{{ #term-{term_id} }}", 1)[1].split("\n## ", 1)[0]
        assert "**Mentioned in**" in entry and "**Defined in**" not in entry, term_id
    entry = page.split("{ #term-global-city }", 1)[1].split("\n## ", 1)[0]
    assert "**Defined in** [Curtis 2018, ¶ 3]" in entry


def test_every_term_is_linked_at_most_once_per_section_with_its_definition(edition: Edition) -> None:
    assert edition.indexes is not None and edition.indexes.glossary is not None
    definitions = {t.id: t.definition for t in edition.indexes.glossary.terms}
    total = 0
    for result in edition.texts:
        section: list[str] = []
        for block in result.doc.blocks:
            if isinstance(block, Heading) or (isinstance(block, Paragraph) and block.turn_start):
                assert len(section) == len(set(section)), (result.page, section)
                section = []
            if isinstance(block, Paragraph):
                section += [n.term_id for n in walk_inlines(block.inlines) if isinstance(n, TermRef)]
        refs = refs_of(result.doc, TermRef)
        assert all(r.definition == definitions[r.term_id] for r in refs)
        total += len(refs)
        for ref in refs:  # the page shows it as a link with the definition as its title
            assert f'(../glossary.md#term-{ref.term_id} "{ref.definition}"){{ .term-ref }}' in result.markdown
    assert total >= 40


def test_term_links_and_back_references_land_on_real_anchors(edition: Edition) -> None:
    glossary_ids = html_ids(edition.pages["glossary.md"])
    for result in edition.texts:
        anchors = links_to(result.markdown, "../glossary.md")
        assert anchors and set(anchors) <= glossary_ids
        page_ids = html_ids(result.markdown)
        back = links_to(edition.pages["glossary.md"], result.page)
        assert back and set(back) <= page_ids, sorted(set(back) - page_ids)


def test_back_references_list_every_paragraph_that_uses_a_term(edition: Edition) -> None:
    """thrown-togetherness: Amin ¶ 2, ¶ 4 and ¶ 12, and nowhere in Curtis (read off the source)."""
    assert edition.index_result is not None
    places = edition.index_result.term_places["thrown-togetherness"]
    assert [(p.slug, p.label) for p in places] == [
        ("amin-wilson-2023", "¶ 2"), ("amin-wilson-2023", "¶ 4"), ("amin-wilson-2023", "¶ 12")]
    entry = edition.pages["glossary.md"].split("{ #term-thrown-togetherness }")[1].split("\n## ")[0]
    assert "[¶ 12](texts/amin-wilson-2023.md#p12)" in entry
    assert "**Defined in** [Amin and Wilson 2023, ¶ 2](texts/amin-wilson-2023.md#p2)" in entry
    # a term of an author's note points at the note
    assert ("curtis-2018", "note 1") in [(p.slug, p.label) for p in edition.index_result.term_places["global-city"]]


def test_the_glossary_is_alphabetical(edition: Edition) -> None:
    headwords = re.findall(r"^## (.+?) \{ #term-", edition.pages["glossary.md"], re.M)
    assert headwords == sorted(headwords, key=str.casefold) and len(headwords) >= 30


# --- bad glossary data -------------------------------------------------------------------------


def test_bad_glossary_data_gets_coded_diagnostics(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    glossary = seeds / "apparatus" / "glossary.yml"
    edit_yaml(glossary, lambda data: data["terms"][0].update(colour="red"))
    found = diagnostics_of(seeds)
    assert [d.message for d in found if d.code == "Y002"] == ["unknown key 'terms.0.colour'"]

    def duplicate(data: Any) -> None:
        data["terms"][0].pop("colour")
        data["terms"].append({**data["terms"][1], "variants": []})  # the same id again
        data["terms"].append({**data["terms"][2], "id": "another-id"})  # the same headword for another id

    edit_yaml(glossary, duplicate)
    found = diagnostics_of(seeds)
    assert {"G001", "G002"} <= set(codes(found))
    assert all(d.file.endswith("apparatus/glossary.yml") and d.line > 1 for d in found if d.code.startswith("G"))


def test_a_pointer_to_a_paragraph_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "apparatus" / "glossary.yml",
              lambda data: data["terms"][2].update(defined_in=[{"text": "curtis-2018", "paragraph": 999}]))
    found = [d for d in diagnostics_of(seeds) if d.code == "G003"]
    assert len(found) == 1 and "¶ 999" in found[0].message and found[0].severity.value == "error"


def test_a_pointer_to_a_paragraph_without_the_term_is_a_warning(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "apparatus" / "glossary.yml",
              lambda data: data["terms"][0].update(defined_in=[{"text": "curtis-2018", "paragraph": 1}]))
    found = [d for d in diagnostics_of(seeds) if d.code == "G004"]
    assert len(found) == 1 and found[0].severity.value == "warning"


def test_lint_reports_a_term_the_texts_never_use(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "apparatus" / "glossary.yml", lambda data: data["terms"].append({
        "id": "heterotopia", "term": "heterotopia", "definition": "Foucault’s other spaces, never named here.",
        "defined_in": [{"text": "curtis-2018", "paragraph": 1}]}))
    found = [d for d in lint.run(ROOT, seeds).items if d.code == "G006"]
    assert [d.severity.value for d in found] == ["error"] and "heterotopia" in found[0].message
    assert not [d for d in lint.run(ROOT).items if d.code in ("G006", "G007")]  # the real indexes are all used


def test_entity_refs_are_never_nested_in_term_refs_or_the_reverse(edition: Edition) -> None:
    for result in edition.texts:
        for ref in [*refs_of(result.doc, TermRef), *refs_of(result.doc, EntityRef)]:
            assert not [n for n in walk_inlines(ref.children) if isinstance(n, (TermRef, EntityRef, Link))]


def test_the_link_passes_run_twice_change_nothing_more(edition: Edition) -> None:
    from build_tools.passes import link_entities

    for result in edition.texts:
        doc = copy.deepcopy(result.doc)
        ctx = PassContext(result.seed, Diagnostics(), edition.indexes)
        link_entities.run(doc, ctx)
        link_terms.run(doc, ctx)
        assert doc == result.doc
