"""The registers of persons, places and organisations: content, links in the texts, pages.

What a reader relies on: the names the texts use are in the registers, each is linked in the
text (first mention per paragraph, never inside a citation or another link), and each entry
on a register page sends the reader to every paragraph that names it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from build_tools import lint
from build_tools.apparatus.registers import KINDS
from build_tools.edition import Edition
from build_tools.model import Citation, EntityRef, Link, Paragraph, Role, walk_inlines
from tests.test_glossary import ROOT, codes, copy_seeds, diagnostics_of, edit_yaml, html_ids, links_to, refs_of

# Names the issue asks for, by register (ids of seeds/apparatus/*.yml).
REQUIRED = {
    "person": ["sassen", "polanyi", "massey", "beck", "khan", "marx", "bonaparte", "trump", "costa", "thrift",
               "barber", "bookchin", "khanna", "mason", "graham", "harvey"],
    "place": ["london", "sao-paulo", "oslo", "kinshasa", "bamako", "barcelona", "budapest", "stockholm", "naples",
              "belfast", "brussels", "lisbon", "new-york", "los-angeles", "boyle-heights", "chicago", "westminster",
              "mesopotamia"],
    "organisation": ["c40", "un-habitat", "friedrich-ebert-stiftung", "council-of-europe", "city-leadership-laboratory",
                     "global-parliament-of-mayors", "canadian-institute-for-advanced-research", "polity-press",
                     "united-nations", "european-union", "occupy"],
}


def paragraph(edition: Edition, slug: str, number: int) -> Paragraph:
    result = next(t for t in edition.texts if t.seed.config.slug == slug)
    return next(p for p in result.doc.paragraphs(Role.BODY) if p.number == number)


def entity_ids(para: Paragraph) -> list[str]:
    return [f"{n.kind}/{n.entity_id}" for n in walk_inlines(para.inlines) if isinstance(n, EntityRef)]


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_the_registers_hold_the_names_of_the_texts_and_all_are_used(edition: Edition, kind: str) -> None:
    assert edition.indexes is not None and edition.indexes.registers is not None
    assert edition.index_result is not None
    register = next(r for r in edition.indexes.registers.registers if r.kind.kind == kind)
    ids = {e.id for e in register.entities}
    assert set(REQUIRED[kind]) <= ids
    unused = [e.id for e in register.entities if e.key not in edition.index_result.entity_places]
    assert unused == []


def test_names_are_linked_once_per_paragraph_and_never_inside_citations_or_links(edition: Edition) -> None:
    linked = 0
    for result in edition.texts:
        for para in result.doc.paragraphs(Role.BODY):
            ids = entity_ids(para)
            assert len(ids) == len(set(ids)), (result.page, para.number, ids)
            linked += len(ids)
        for node in [*refs_of(result.doc, Citation), *refs_of(result.doc, Link)]:
            assert not [n for n in walk_inlines(node.children) if isinstance(n, EntityRef)]
        for ref in refs_of(result.doc, EntityRef):
            page = next(k.page for k in KINDS if k.kind == ref.kind)
            assert f"](../{page}#{ref.kind}-{ref.entity_id} \"{ref.identification}\")" in result.markdown
    assert linked >= 60


def test_telling_cases_of_the_texts(edition: Edition) -> None:
    # “London Mayor Khan’s ‘London is Open’”: Khan and London are linked, London once.
    assert entity_ids(paragraph(edition, "curtis-2018", 24)).count("place/london") == 1
    assert "person/khan" in entity_ids(paragraph(edition, "curtis-2018", 24))
    # “University College London” is the university, not the place
    assert "organisation/university-college-london" in entity_ids(paragraph(edition, "curtis-2018", 20))
    assert "place/london" not in entity_ids(paragraph(edition, "curtis-2018", 20))
    # Harvey is only ever cited: not linked to the register, but named in ¶ 13 and ¶ 27
    assert not [r for r in refs_of(edition.texts[0].doc, EntityRef) if r.entity_id == "harvey"]
    assert edition.index_result is not None
    harvey = edition.index_result.entity_places["person/harvey"]
    assert [(p.slug, p.label) for p in harvey] == [("curtis-2018", "¶ 13"), ("curtis-2018", "¶ 27")]
    # Friedrich Ebert Stiftung is named only in the interview's series note
    fes = edition.index_result.entity_places["organisation/friedrich-ebert-stiftung"]
    assert [(p.slug, p.label) for p in fes] == [("amin-wilson-2023", "series note")]


@pytest.mark.parametrize("kind", [k.kind for k in KINDS])
def test_register_pages_are_alphabetical_and_their_links_resolve(edition: Edition, kind: str) -> None:
    page_name = next(k.page for k in KINDS if k.kind == kind)
    page = edition.pages[page_name]
    names = re.findall(r"^\*\*(.+?)\*\* — ", page, re.M)
    assert names == sorted(names, key=str.casefold) and names
    ids = html_ids(page)
    assert len([i for i in ids if i.startswith(f"{kind}-") and "-letter-" not in i]) == len(names)
    for result in edition.texts:
        assert set(links_to(result.markdown, f"../{page_name}")) <= ids
        back = links_to(page, result.page)
        assert set(back) <= html_ids(result.markdown)


def test_a_register_file_must_declare_its_register(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "apparatus" / "places.yml", lambda data: data.update(register="person"))
    assert "G009" in codes(diagnostics_of(seeds))


def test_unknown_keys_and_clashing_names_in_a_register_are_reported(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)

    def spoil(data: Any) -> None:
        data["entries"][0]["born"] = 1950
        data["entries"].append({"id": "another-london", "name": "London", "identification": "A second London."})

    edit_yaml(seeds / "apparatus" / "places.yml", spoil)
    found = diagnostics_of(seeds)
    assert any(d.code == "Y002" and "unknown key 'entries.0.born'" in d.message for d in found)
    edit_yaml(seeds / "apparatus" / "places.yml", lambda data: data["entries"][0].pop("born"))
    assert "G002" in codes(diagnostics_of(seeds))


def test_lint_reports_an_entry_the_texts_never_name(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "apparatus" / "organisations.yml", lambda data: data["entries"].append(
        {"id": "oecd", "name": "OECD", "identification": "Organisation for Economic Co-operation and Development."}))
    found = lint.run(ROOT, seeds).items
    assert [(d.code, d.severity.value) for d in found if d.code == "G007"] == [("G007", "error")]
    assert [d.line for d in found if d.code == "G007"] == [
        (seeds / "apparatus" / "organisations.yml").read_text(encoding="utf-8").splitlines().index("- id: oecd") + 1]


# --- the Persons policy on cited authors, and hovers that name the entry in full ------------


def test_every_author_of_a_cited_or_named_work_is_in_persons(edition: Edition) -> None:
    """The policy the Persons page states (all cited authors, not some): every author of every work
    the texts cite or name has an entry, found by family name; the page says so."""
    assert edition.indexes is not None and edition.indexes.registers is not None and edition.apparatus is not None
    persons = [e for e in edition.indexes.registers.entities() if e.kind == "person"]
    families = {e.sort_as.split(",")[0] for e in persons} | {v for e in persons for v in e.variants}
    authors = {name["family"] for key, record in edition.apparatus.bibliography.records.items()
               if key in edition.apparatus.cited for name in record.csl.get("author", [])}
    assert authors and sorted(authors - families) == []
    assert "every author of a work the texts cite or name is here" in edition.pages["persons.md"]


def test_a_surname_alone_shows_the_full_name_on_hover(edition: Edition) -> None:
    """"Khanna" in the text: the hover gives "Parag Khanna: …", not only what he wrote."""
    assert edition.indexes is not None and edition.indexes.registers is not None
    names = {e.id: e.name for e in edition.indexes.registers.entities()}
    refs = [node for t in edition.texts for p in t.doc.paragraphs(Role.BODY) for node in walk_inlines(p.inlines)
            if isinstance(node, EntityRef)]
    khanna = [r for r in refs if r.entity_id == "khanna"]
    assert khanna and all(r.identification.startswith("Parag Khanna: ") for r in khanna)
    for ref in refs:  # the whole name as linked: the hover does not repeat it
        shown = "".join(getattr(n, "text", "") for n in walk_inlines(ref.children))
        assert ref.identification.startswith(f"{names[ref.entity_id]}: ") == (shown != names[ref.entity_id]), shown
