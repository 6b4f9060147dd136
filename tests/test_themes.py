"""Themes and the "see also" links between the two texts.

Every theme must gather passages of both texts; the editors' pairs point to each other, every
other passage of a theme to the theme's passages in the other text (and a single mention of a
theme's term does not make a passage part of it); every such link lands on a real ¶ anchor.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.apparatus.themes import SEE_ALSO_GAP, group_see_also, number_ranges, theme_passages
from build_tools.edition import Edition
from build_tools.model import Document, Heading, Paragraph, Role, SeeAlso, Span, Text
from build_tools.render.markdown import body as render_body
from tests.test_glossary import codes, copy_seeds, diagnostics_of, edit_yaml, html_ids


def see_also_lines(page: str) -> dict[str, str]:
    """¶ anchor → the "see also" line under it."""
    return dict(re.findall(r"\{: #(p\d+) \.para \}\n\n((?:See also|For ¶\xa0[\d–, ]+, see also) — .*)\n"
                           r"\{: \.see-also[^}]*\}", page))


def test_every_theme_gathers_passages_of_both_texts(edition: Edition) -> None:
    assert edition.indexes is not None and edition.indexes.themes is not None
    themes = edition.indexes.themes.themes
    assert {t.id for t in themes} >= {"city-networks", "populism-nativism", "london-brexit", "polanyi-marx",
                                      "progressive-coalitions"}
    for theme in themes:
        texts = {t.seed.config.slug for t in edition.texts
                 if any(s.theme_id == theme.id for p in t.doc.paragraphs(Role.BODY) for s in p.see_also)}
        assert texts == {"curtis-2018", "amin-wilson-2023"}, theme.id


def _pointers(edition: Edition) -> set[tuple[str, int | None, str, str, int]]:
    """(slug, ¶, theme, target page, target ¶) of every "see also" pointer."""
    return {(t.seed.config.slug, p.number, s.theme_id, s.page, n)
            for t in edition.texts for p in t.doc.paragraphs(Role.BODY) for s in p.see_also for n in s.numbers}


def test_paired_passages_point_to_each_other(edition: Edition) -> None:
    assert edition.indexes is not None and edition.indexes.themes is not None
    pointers = _pointers(edition)
    page_of = {t.seed.config.slug: t.page for t in edition.texts}
    pairs = [(theme.id, pair) for theme in edition.indexes.themes.themes for pair in theme.pairs]
    assert len(pairs) >= 10  # the editors' review: every theme has its pairs
    for theme_id, pair in pairs:
        (a, m), (b, n) = pair.passages.items()
        assert (a, m, theme_id, page_of[b], n) in pointers and (b, n, theme_id, page_of[a], m) in pointers
        # a paired passage points to its partners alone for that theme
        assert {(target, k) for slug, number, theme, target, k in pointers
                if (slug, number, theme) == (a, m, theme_id)} == {(page_of[q], k) for t_id, other in pairs
                                                                   if t_id == theme_id and other.passages.get(a) == m
                                                                   for q, k in other.passages.items() if q != a}


def test_every_pointer_leads_to_a_passage_of_its_theme_and_one_mention_is_not_enough(edition: Edition) -> None:
    assert edition.indexes is not None and edition.indexes.themes is not None
    themes = {t.id: t for t in edition.indexes.themes.themes}
    slugs = [t.seed.config.slug for t in edition.texts]
    result = edition.index_result
    assert result is not None
    places = {**result.term_places, **result.entity_places}
    members = {theme_id: theme_passages(theme, places, slugs) for theme_id, theme in themes.items()}
    slug_of_page = {t.page: t.seed.config.slug for t in edition.texts}
    for slug, number, theme_id, page, other in _pointers(edition):
        assert number in members[theme_id][slug] and other in members[theme_id][slug_of_page[page]]
    # a paragraph that names a single one of a theme's terms and entries, and that no editor chose,
    # is not part of the theme ("Polanyi (1957)" alone does not make a passage about Polanyi and Marx)
    single = 0
    for theme_id, theme in themes.items():
        chosen = {(s, n) for s, ns in theme.passages.items() for n in ns} | \
                 {(s, n) for pair in theme.pairs for s, n in pair.passages.items()}
        named: dict[tuple[str, int], set[str]] = {}
        for key in (*theme.terms, *theme.entities):
            for place in places.get(key, []):
                if place.number is not None:
                    named.setdefault((place.slug, place.number), set()).add(key)
        for (slug, number), keys in named.items():
            if len(keys) == 1 and (slug, number) not in chosen and len(theme.terms) + len(theme.entities) > 1:
                single += 1
                assert number not in members[theme_id][slug], (theme_id, slug, number)
    assert single > 0


def test_london_and_brexit_link_curtis_24_and_amin_15(edition: Edition) -> None:
    curtis = see_also_lines(edition.pages["texts/curtis-2018.md"])
    amin = see_also_lines(edition.pages["texts/amin-wilson-2023.md"])
    assert "[London and Brexit](../themes.md#theme-london-brexit): *Amin and Wilson 2023* " \
           "[¶ 15](amin-wilson-2023.md#p15)" in curtis["p24"]
    assert "[¶ 24](curtis-2018.md#p24)" in amin["p15"]


def test_every_see_also_link_lands_on_a_real_anchor(edition: Edition) -> None:
    ids = {t.page.removeprefix("texts/"): html_ids(t.markdown) for t in edition.texts}
    theme_ids = html_ids(edition.pages["themes.md"])
    count = 0
    for result in edition.texts:
        for line in see_also_lines(result.markdown).values():
            for page, anchor in re.findall(r"\]\(([\w-]+\.md)#(p\d+)\)", line):
                assert anchor in ids[page]
                count += 1
            assert set(re.findall(r"\.\./themes\.md#([\w-]+)", line)) <= theme_ids
    assert count >= 20


def test_the_themes_page_lists_each_theme_and_the_shared_entries(edition: Edition) -> None:
    page = edition.pages["themes.md"]
    assert edition.indexes is not None and edition.indexes.themes is not None
    for theme in edition.indexes.themes.themes:
        assert f"{{ #theme-{theme.id} }}" in page
        assert theme.summary in page
    shared = page.split("{ #shared-entries }")[1]
    assert "[London](places.md#place-london)" in shared and "[Brexit](glossary.md#term-brexit)" in shared


def test_the_themes_page_sets_each_pair_side_by_side_with_the_editors_sentence(edition: Edition) -> None:
    page = edition.pages["themes.md"]
    head = ("| [Curtis 2018, ¶ 23](texts/curtis-2018.md#p23) "
            "| [Amin and Wilson 2023, ¶ 5](texts/amin-wilson-2023.md#p5) |")
    assert head in page
    assert "*The editors:* Mayors in New York, Los Angeles and Chicago and the city of Oslo" in page
    row = page.split("[Amin and Wilson 2023, ¶ 5](texts/amin-wilson-2023.md#p5) |\n|---|---|\n")[1].split("\n")[0]
    assert row.startswith("| A few recent examples have begun") and "| For you, it is not just important" in row


def test_a_theme_naming_unknown_things_is_an_error(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)

    def spoil(data: dict[str, list[dict[str, object]]]) -> None:
        data["themes"][0]["terms"] = ["no-such-term"]
        data["themes"][0]["entities"] = ["person/nobody"]
        data["themes"][0]["passages"] = {"curtis-2018": [999]}

    edit_yaml(seeds / "apparatus" / "themes.yml", spoil)
    found = [d for d in diagnostics_of(seeds) if d.code == "G005"]
    assert len(found) == 3 and all(d.file.endswith("apparatus/themes.yml") for d in found)
    assert codes(found) == ["G005"] * 3


def paragraphs_with_lines(lines: list[tuple[int, str]], headings: tuple[int, ...] = ()) -> Document:
    """A text whose ¶ n carries the "see also" line named by its letter ("" for none); a heading
    stands before each ¶ in `headings`."""
    blocks: list[Heading | Paragraph] = []
    for number, theme in lines:
        if number in headings:
            blocks.append(Heading(2, [Text("Section")], Span("t", 1, 1)))
        pointers = [SeeAlso(theme, theme.upper(), "texts/other.md", "Other 2020", (1, 2))] if theme else []
        blocks.append(Paragraph([Text("words")], Span("t", 1, 1), Role.BODY, number=number, anchor=f"p{number}",
                                see_also=pointers))
    return Document("t", "t.txt", list(blocks))


def render_markdown_body(doc: Document) -> str:
    return "\n\n".join(render_body(p, doc) for p in doc.paragraphs(Role.BODY))


def shown(doc: Document) -> dict[int, tuple[int, ...]]:
    """¶ → the paragraphs its shown line is for (just itself unless it stands for a run)."""
    return {p.number or 0: p.see_also_for or (p.number or 0,) for p in doc.paragraphs(Role.BODY)
            if p.see_also and not p.see_also_folded}


def test_identical_see_also_lines_of_a_run_are_shown_once_under_its_last_paragraph() -> None:
    doc = paragraphs_with_lines([(1, "a"), (2, "a"), (3, "a"), (4, "b"), (5, "a"), (6, ""), (7, ""), (8, "a"),
                                 (9, ""), (10, ""), (11, ""), (12, "a")])
    group_see_also(doc)
    # 1–3 share a line; 4 differs; 5 and 8 share one across two paragraphs without a line;
    # 12 is three paragraphs on: a new line
    assert shown(doc) == {3: (1, 2, 3), 4: (4,), 8: (5, 8), 12: (12,)}
    lines = see_also_lines(render_markdown_body(doc))
    assert lines["p3"].startswith("For ¶\xa01–3, see also — [A](../themes.md#theme-a): *Other 2020* "
                                  "[¶ 1](other.md#p1), [2](other.md#p2)"), lines["p3"]
    assert lines["p8"].startswith("For ¶\xa05, 8, see also — ") and lines["p4"].startswith("See also — ")
    assert set(lines) == {"p3", "p4", "p8", "p12"}
    # the pointers stay on every paragraph (the data); run again, the same result
    assert all(p.see_also for p in doc.paragraphs(Role.BODY) if p.number in (1, 2))
    group_see_also(doc)
    assert shown(doc) == {3: (1, 2, 3), 4: (4,), 8: (5, 8), 12: (12,)}


def test_a_heading_ends_a_run_of_see_also_lines() -> None:
    doc = paragraphs_with_lines([(1, "a"), (2, "a"), (3, "a")], headings=(3,))
    group_see_also(doc)
    assert shown(doc) == {2: (1, 2), 3: (3,)}


def test_paragraph_numbers_are_written_as_ranges() -> None:
    assert number_ranges([16, 17]) == "16–17"
    assert number_ranges((23, 26, 27, 28, 40)) == "23, 26–28, 40"
    assert number_ranges([5]) == "5" and number_ranges([]) == ""


def test_no_identical_see_also_line_follows_consecutive_paragraphs(edition: Edition) -> None:
    """In the built pages: between two identical lines stands another line, a heading, or more
    than SEE_ALSO_GAP paragraphs without one."""
    for result in edition.texts:
        previous: tuple[str, int] | None = None
        for line in result.markdown.split("\n"):
            if line.startswith("#"):
                previous = None
            elif line.startswith(("See also — ", "For ¶")):
                body = line.split(" — ", 1)[1]
                assert previous is None or previous[0] != body or previous[1] - 1 > SEE_ALSO_GAP, line
                previous = (body, 0)
            elif line.startswith("{: #p") and previous is not None:
                previous = (previous[0], previous[1] + 1)
