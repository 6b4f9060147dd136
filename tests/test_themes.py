"""Themes and the "see also" links between the two texts.

Every theme must gather passages of both texts; every passage of a theme points to the
theme's passages in the other text, and back; every such link lands on a real ¶ anchor.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.edition import Edition
from build_tools.model import Role
from tests.test_glossary import codes, copy_seeds, diagnostics_of, edit_yaml, html_ids


def see_also_lines(page: str) -> dict[str, str]:
    """¶ anchor → the "see also" line under it."""
    return dict(re.findall(r"\{: #(p\d+) \.para \}\n\n(See also — .*)\n\{: \.see-also[^}]*\}", page))


def test_every_theme_gathers_passages_of_both_texts(edition: Edition) -> None:
    assert edition.indexes is not None and edition.indexes.themes is not None
    themes = edition.indexes.themes.themes
    assert {t.id for t in themes} >= {"city-networks", "populism-nativism", "london-brexit", "polanyi-marx",
                                      "progressive-coalitions"}
    for theme in themes:
        texts = {t.seed.config.slug for t in edition.texts
                 if any(s.theme_id == theme.id for p in t.doc.paragraphs(Role.BODY) for s in p.see_also)}
        assert texts == {"curtis-2018", "amin-wilson-2023"}, theme.id


def test_see_also_links_go_both_ways(edition: Edition) -> None:
    pointers = {(t.seed.config.slug, p.number, s.theme_id, s.page, n)
                for t in edition.texts for p in t.doc.paragraphs(Role.BODY) for s in p.see_also for n in s.numbers}
    assert pointers
    slug_of_page = {t.page: t.seed.config.slug for t in edition.texts}
    page_of_slug = {v: k for k, v in slug_of_page.items()}
    for slug, number, theme, page, other in pointers:
        assert (slug_of_page[page], other, theme, page_of_slug[slug], number) in pointers


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
