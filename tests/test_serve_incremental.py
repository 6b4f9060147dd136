"""`mkdocs serve` rebuilds one edited text alone when nothing else depends on the edit, and then the
edition is exactly what a whole build of the edited seeds gives; any other edit rebuilds it whole."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from build_tools import serve_incremental
from build_tools.apparatus import editorial
from build_tools.edition import Edition, build_edition

ROOT = Path(__file__).resolve().parents[1]
SLUG = "curtis-2018"


@pytest.fixture
def seeds(tmp_path: Path) -> Iterator[Path]:
    copied = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", copied)
    serve_incremental.forget()
    serve_incremental.serving = True
    yield copied
    serve_incremental.serving = serve_incremental.dirty = False
    serve_incremental.forget()


def build(seeds: Path) -> Edition:
    return serve_incremental.edition(seeds, lambda: build_edition(ROOT, seeds))


def set_note(seeds: Path, words: str) -> None:
    path = seeds / "texts" / SLUG / "text.yml"
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r"^note_on_text: >-\n", f"note_on_text: >-\n  {words}\n", text, count=1, flags=re.MULTILINE)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def pages(edition: Edition) -> dict[str, str]:
    return dict(edition.pages.items())


def test_an_edit_to_one_text_rebuilds_it_alone_and_gives_the_whole_builds_pages(seeds: Path) -> None:
    first = build(seeds)
    assert serve_incremental.last_build() == "whole"
    set_note(seeds, "Checked again by the editors.")
    again = build(seeds)
    assert serve_incremental.last_build() == f"texts: {SLUG}"
    # the same apparatus, with the text replaced, in a new Edition: the previous build's background
    # work (search index, print files) may still be reading the old one, which is left as it was
    assert again is not first and again.index_result is first.index_result and again.apparatus is first.apparatus
    assert "Checked again by the editors." in again.pages[f"texts/{SLUG}.md"]
    assert "Checked again by the editors." not in first.pages[f"texts/{SLUG}.md"]
    assert pages(again) == pages(build_edition(ROOT, seeds))  # exactly what a whole build gives


def test_in_an_edition_with_split_pages_the_rebuilt_text_links_to_the_sub_pages(
        seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text rebuilt alone has its citations and "see also" links sent to the sub-pages of a split
    Bibliography and Themes page (limits lowered for the two seeds), as a whole build has them."""
    from build_tools.apparatus import pages as apparatus_pages
    from build_tools.apparatus import themes

    monkeypatch.setattr(apparatus_pages, "ENTRIES_PER_BIBLIOGRAPHY_PAGE", 10)
    monkeypatch.setattr(themes, "THEMES_PER_PAGE", 2)
    first = build(seeds)
    assert set(first.routes) == {"bibliography.md", "themes.md"}
    set_note(seeds, "Checked again by the editors.")
    again = build(seeds)
    assert serve_incremental.last_build() == f"texts: {SLUG}"
    page = again.pages[f"texts/{SLUG}.md"]
    assert "](../bibliography/1.md#ref-" in page and "](../themes/1.md#theme-" in page
    assert "](../bibliography.md#" not in page and "](../themes.md#" not in page
    assert pages(again) == pages(build_edition(ROOT, seeds))


def test_nothing_changed_reuses_the_edition(seeds: Path) -> None:
    first = build(seeds)
    assert build(seeds) is first and serve_incremental.last_build() == "reused"


@pytest.mark.parametrize("edit", ["title", "apparatus", "new file"])
def test_an_edit_other_pages_read_rebuilds_the_whole_edition(seeds: Path, edit: str) -> None:
    build(seeds)
    if edit == "title":  # the navigation and every index name the text by its title
        path = seeds / "texts" / SLUG / "text.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("  title: Global Cities", "  title: Local Cities"),
                        encoding="utf-8")
    elif edit == "apparatus":
        path = seeds / "apparatus" / "glossary.yml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:
        (seeds / "profiles" / "notes.txt").write_text("a file beside the profiles\n", encoding="utf-8")
    again = build(seeds)
    assert serve_incremental.last_build() == "whole"
    assert pages(again) == pages(build_edition(ROOT, seeds))


def test_outside_serve_every_build_is_whole(seeds: Path) -> None:
    serve_incremental.serving = False
    build(seeds)
    set_note(seeds, "Again.")
    build(seeds)
    assert serve_incremental.last_build() == "none"


def test_under_serve_dirty_only_changed_files_are_marked_for_rendering(seeds: Path, tmp_path: Path) -> None:
    serve_incremental.dirty = True
    build(seeds)
    assert serve_incremental.last_build() == "whole"
    set_note(seeds, "Edited.")
    build(seeds)  # a text rebuilt alone: files are compared
    assert serve_incremental.last_build() == f"texts: {SLUG}"
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = None  # as outside a plugin event (File.generated records who made it)

    def files(second: str) -> Files:
        made = Files([serve_incremental.TrackedFile.generated(config, "a.md", content="# A\n"),
                      serve_incremental.TrackedFile.generated(config, "b.md", content=second)])
        for file in made:
            Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            Path(file.abs_dest_path).write_text("built", encoding="utf-8")
        return made

    assert serve_incremental.mark_unchanged(files("# B\n"), "nav 1") == 0  # the first build: all rendered
    again = files("# B, edited\n")
    assert serve_incremental.mark_unchanged(again, "nav 1") == 1
    assert [f.is_modified() for f in again] == [False, True]
    real = File("index.md", str(ROOT / "docs"), config.site_dir, True)
    renamed = Files([*files("# B, edited\n"), real])
    assert serve_incremental.mark_unchanged(renamed, "nav 2") == 0  # every page shows the nav
    assert all(f.is_modified() for f in renamed)


def test_under_serve_a_texts_download_files_are_made_again_only_when_it_was_rebuilt(seeds: Path) -> None:
    edition = build(seeds)
    made: list[str] = []

    def make(part: Edition) -> list[tuple[str, str]]:
        made.extend(t.seed.config.slug for t in part.texts)
        return [(f"downloads/{t.seed.config.slug}.bib", t.seed.config.slug) for t in part.texts]

    first = serve_incremental.download_files(edition, "http://a/", make)
    assert sorted(made) == sorted(t.seed.config.slug for t in edition.texts)
    set_note(seeds, "Edited again.")
    again = build(seeds)
    made.clear()
    assert serve_incremental.download_files(again, "http://a/", make) == first
    assert made == [SLUG]  # only the rebuilt text


def test_an_edit_to_a_texts_note_keeps_the_editorial_data_and_an_edit_to_its_record_reloads_it(seeds: Path) -> None:
    first = editorial.cached(seeds)
    work = next(w for w in first.works.values() if w.from_text == SLUG)  # the Bibliography's entry for the text
    set_note(seeds, "A note the Bibliography does not show.")
    assert editorial.cached(seeds) is first  # (and so are the works built from it once per version)
    path = seeds / "texts" / SLUG / "text.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  title: Global Cities", "  title: Local Cities"),
                    encoding="utf-8")
    again = editorial.cached(seeds)
    assert again is not first and again.works[work.id].fields["title"].startswith("Local Cities")
    emendations = seeds / "apparatus" / "emendations.yml"
    emendations.write_text(emendations.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert editorial.cached(seeds) is not again  # an apparatus file: read again


def test_a_dirty_serve_rebuild_renders_the_edited_page_alone(seeds: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, as `mkdocs serve --dirty` runs it: the edited text's page is rendered again; the
    other text's page is neither rendered nor made anew (its File and Page are the last build's)."""
    monkeypatch.setenv("EDITION_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("EDITION_PRINT", "0")
    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)  # (restored after)
    site = tmp_path / "site"

    def serve_build(dirty: bool) -> None:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
        serve_incremental.settle()  # (the search index, written in the background)

    serve_build(False)
    other, edited = site / "texts" / "amin-wilson-2023" / "index.html", site / "texts" / SLUG / "index.html"
    written = other.stat().st_mtime_ns
    kept = serve_incremental._FILES["texts/amin-wilson-2023.md"]
    assert kept.page is not None
    set_note(seeds, "Seen in the served page.")
    serve_build(True)
    assert serve_incremental.last_build() == f"texts: {SLUG}"
    assert "Seen in the served page." in edited.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == written
    assert serve_incremental._FILES["texts/amin-wilson-2023.md"] is kept and kept.page.file is kept
    assert serve_incremental._FILES[f"texts/{SLUG}.md"].page is not None
    set_note(seeds, "Seen once more.")
    serve_build(True)  # the edited page's new File is replaced again; the other still kept
    assert "Seen once more." in edited.read_text(encoding="utf-8")
    assert serve_incremental._FILES["texts/amin-wilson-2023.md"] is kept and other.stat().st_mtime_ns == written
    path = seeds / "texts" / SLUG / "text.yml"  # a title every page's navigation shows: all rendered again
    path.write_text(path.read_text(encoding="utf-8").replace("  title: Global Cities", "  title: Local Cities"),
                    encoding="utf-8")
    serve_build(True)
    assert serve_incremental.last_build() == "whole"
    assert "Local Cities" in other.read_text(encoding="utf-8") and other.stat().st_mtime_ns != written
