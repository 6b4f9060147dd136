"""The render folder's parts (build_tools/web/site_files.py, web/pages.py), without building a site."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from build_tools.edition import Edition
from build_tools.web import pages, site_files

SETTINGS = pages.SiteSettings("An Edition", "https://example.org/ed/", "An edition.")


def _front(markdown: str) -> dict[str, object]:
    assert markdown.startswith("---\n")
    loaded = yaml.safe_load(markdown.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert isinstance(loaded, dict)
    return loaded


def test_page_urls_are_those_of_directory_urls() -> None:
    assert pages.page_url("texts/curtis-2018.md") == "texts/curtis-2018/"
    assert pages.page_url("index.md") == ""
    assert pages.page_url("a/index.md") == "a/"


def test_a_text_page_is_completed_in_its_markdown(edition: Edition) -> None:
    result = next(t for t in edition.texts if t.seed.config.slug == "curtis-2018")
    page = pages.complete_text_page(edition.pages[result.page], result, edition, SETTINGS,
                                    {"downloads/curtis-2018.pdf"})
    front = _front(page)
    head = str(front["edition_head"])
    assert front["title"] == result.seed.config.title  # the other keys as they were
    assert '<meta name="citation_title" content="Global Cities and the Ends of Globalism">' in head
    assert '<meta name="citation_pdf_url" content="https://example.org/ed/downloads/curtis-2018.pdf">' in head
    body = page.split("\n---\n", 1)[1]
    details, box = body.index("{: .source-details }"), body.index('<details class="ed-cite" id="cite-this"')
    assert details < body.index('<p class="ed-reading">') < box < body.index("## Abstract")
    assert 'href="../../downloads/curtis-2018.bib"' in body  # relative to the page's address


def test_markup_in_a_title_stays_text_in_the_front_matter(edition: Edition) -> None:
    result = next(t for t in edition.texts if t.seed.config.slug == "curtis-2018")
    hostile = '"><script>alert(1)</script>\n---\nedition_head: x'
    config = dataclasses.replace(result.seed.config, title=hostile)
    forged = dataclasses.replace(result, seed=dataclasses.replace(result.seed, config=config))
    page = pages.complete_text_page(edition.pages[result.page], forged, edition, SETTINGS, set())
    head = str(_front(page)["edition_head"])
    assert "<script>alert" not in head and "&lt;script&gt;" in head
    assert page.count("\nedition_head: ") == 1


def test_the_config_drops_the_hook_and_adds_docs_and_nav(edition: Edition, root: Path) -> None:
    text = site_files.config_text((root / "mkdocs.yml").read_text("utf-8"), edition)
    assert "\nhooks:" not in text and "mkdocs_hook.py" not in text and "\nwatch:" not in text
    assert "\ntheme:\n  name: material\n" in text and "custom_dir: overrides" in text  # the rest as it was
    generated = yaml.safe_load(text.split("# so no hook is needed (build_tools/web/site_files.py).\n", 1)[1])
    assert generated["docs_dir"] == "docs" and generated["nav"] == site_files.nav(edition)


def test_top_level_keys_are_removed_with_their_blocks_only() -> None:
    text = "a: 1\nhooks:\n  - x.py\n  # a comment\nb:\n  c: hooks\nwatch: [s]\n"
    assert site_files._without_top_level_keys(text, ("hooks", "watch")) == "a: 1\nb:\n  c: hooks\n"


def test_env_tags_read_as_mkdocs_reads_them(tmp_path: Path, monkeypatch: object) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text('site_name: N\nsite_url: !ENV [EDITION_TEST_URL, "https://fallback.example/"]\n', "utf-8")
    assert site_files.settings_of(config).site_url == "https://fallback.example/"
    import os

    os.environ["EDITION_TEST_URL"] = "https://set.example/"
    try:
        assert site_files.settings_of(config).site_url == "https://set.example/"
    finally:
        del os.environ["EDITION_TEST_URL"]


def test_descriptions_are_escaped_for_the_theme() -> None:
    page = '---\ntitle: T\ndescription: A "quoted" <b>x</b> & y\nsearch:\n  exclude: true\n---\n\n# T\n'
    escaped = site_files._description_escaped(page)
    front = _front(escaped)
    assert front["description"] == "A &quot;quoted&quot; &lt;b&gt;x&lt;/b&gt; &amp; y"
    assert front["search"] == {"exclude": True} and escaped.endswith("\n\n# T\n")
    assert site_files._description_escaped("# no front matter\n") == "# no front matter\n"
