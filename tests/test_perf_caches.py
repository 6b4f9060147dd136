"""The build's speed-ups give what the slow paths gave: libyaml parsing, the editorial data read
once per build (and again in the next one), and reference formatting shared between keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.apparatus import bibliography, editorial
from build_tools.load import yaml_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").rglob("*.yml")), ids=lambda p: p.name)
def test_one_libyaml_parse_gives_the_data_and_lines_of_the_pure_python_loader(path: Path) -> None:
    text = path.read_text("utf-8")
    node, data = yaml_data._compose_and_construct(text)
    assert data == yaml.load(text, Loader=yaml_data._Loader)  # a SafeLoader subclass
    fast: dict[yaml_data.KeyPath, int] = {}
    slow: dict[yaml_data.KeyPath, int] = {}
    assert node is not None
    yaml_data._line_map(node, (), fast)
    yaml_data._line_map(yaml.compose(text, Loader=yaml_data._Loader), (), slow)
    assert fast == slow


def test_dates_stay_text() -> None:
    _node, data = yaml_data._compose_and_construct("date: 2018-03-01\n")
    assert data == {"date": "2018-03-01"}


def _seeds(tmp_path: Path, why: str) -> Path:
    seeds = tmp_path / "seeds"
    (seeds / "apparatus").mkdir(parents=True, exist_ok=True)
    (seeds / "texts").mkdir(exist_ok=True)
    (seeds / "apparatus" / "emendations.yml").write_text(
        f"emendations:\n  - text: a\n    source: teh\n    reading: t[h]e\n    why: {why}\n", encoding="utf-8")
    return seeds


def test_the_editorial_data_is_stamped_once_per_build_and_read_again_in_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = _seeds(tmp_path, "a typo")
    stamps = []
    real = editorial._stamp

    def counted(seeds_dir: Path) -> Any:
        stamps.append(seeds_dir)
        return real(seeds_dir)

    monkeypatch.setattr(editorial, "_stamp", counted)
    with editorial.build_scope():
        first = [editorial.cached(seeds) for _ in range(50)]
    assert len(stamps) == 1 and all(data is first[0] for data in first)
    assert first[0].emendations[0].why == "a typo"
    _seeds(tmp_path, "a misprint that is longer")  # an edit saved under `mkdocs serve`
    with editorial.build_scope():
        assert editorial.cached(seeds).emendations[0].why == "a misprint that is longer"
    assert editorial.cached(seeds).emendations[0].why == "a misprint that is longer"  # outside a build too


def test_a_work_is_formatted_once_whatever_its_key() -> None:
    csl = {"type": "book", "title": "An Unusual Test Title", "author": [{"family": "Zed", "given": "A."}],
           "issued": {"date-parts": [[1999]]}, "publisher": "Press"}
    bibliography._format_item.cache_clear()
    one = bibliography.format_records({"zed-1999": bibliography.Record("zed-1999", dict(csl), "list")})
    other = bibliography.format_records({"zed-1999a": bibliography.Record("zed-1999a", dict(csl), "work")})
    assert one["zed-1999"] == other["zed-1999a"]
    assert "Unusual Test Title" in one["zed-1999"].markdown
    assert (bibliography._format_item.misses, bibliography._format_item.hits) == (1, 1)


def test_the_edition_holds_pages_as_utf8_and_reads_them_back_as_text() -> None:
    """`Pages` (memory: BENCHMARKS.md) is a plain mapping of str to its users."""
    from build_tools.edition import Pages

    pages = Pages({"a.md": "‘Curly’ prose — and more"})
    pages["b.md"] = "plain"
    assert dict(pages) == {"a.md": "‘Curly’ prose — and more", "b.md": "plain"}
    assert pages._encoded["a.md"] == "‘Curly’ prose — and more".encode()
    del pages["b.md"]
    assert list(pages) == ["a.md"] and len(pages) == 1


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_cycle_collector_is_paused_for_the_passes_and_left_as_it_was(enabled_before: bool,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from build_tools import edition
    from build_tools.load.seeds import discover

    seen: list[bool] = []
    monkeypatch.setattr(edition, "PIPELINE", [("record", lambda doc, ctx: seen.append(gc.isenabled()))])
    seed = discover(ROOT / "seeds", edition.Diagnostics(), ROOT)[0]
    was = gc.isenabled()
    try:
        (gc.enable if enabled_before else gc.disable)()
        edition.run_pipeline(seed, edition.Diagnostics())
        assert seen == [False]  # off while the passes ran
        assert gc.isenabled() is enabled_before  # and as it was after
    finally:
        (gc.enable if was else gc.disable)()


def test_the_passes_leave_no_garbage_for_the_cycle_collector() -> None:
    """The collector is paused while a text's passes run (above); what they drop must be freed by
    reference counting, or it piles up for the collector to find after every text. (A recursive
    closure is such a cycle: editor_notes' reading walk was one, 585 objects a text.)"""
    import gc

    from build_tools.apparatus import editorial
    from build_tools.apparatus.indexes import load_indexes
    from build_tools.edition import Diagnostics, run_pipeline
    from build_tools.load.seeds import discover

    with editorial.build_scope():
        seeds = discover(ROOT / "seeds", Diagnostics(), ROOT)
        indexes = load_indexes(ROOT / "seeds", "seeds", Diagnostics())
        docs = [run_pipeline(seed, Diagnostics(), indexes) for seed in seeds]  # caches filled once
        assert any(doc.editor_notes for doc in docs) and any(doc.footnotes for doc in docs)
        was = gc.isenabled()
        gc.disable()
        try:
            gc.collect()
            for seed in seeds:
                run_pipeline(seed, Diagnostics(), indexes)
            assert gc.collect() == 0
        finally:
            (gc.enable if was else gc.disable)()


def test_the_collector_is_set_for_the_build_while_the_texts_are_built_and_reset_after(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from build_tools import edition
    from build_tools.load.seeds import discover

    seeds = discover(ROOT / "seeds", edition.Diagnostics(), ROOT)
    while_building: list[tuple[int, int]] = []

    def build_alone(seed: object, indexes: object = None) -> object:
        while_building.append((gc.get_freeze_count(), gc.get_threshold()[0]))
        return seed

    monkeypatch.setattr(edition, "_build_alone", build_alone)
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    assert edition._build_fresh(seeds, 1, None) == seeds  # type: ignore[comparison-overlap]
    assert len(while_building) == len(seeds)
    assert all(frozen > 0 for frozen, _ in while_building)  # the seeds, at least
    assert {threshold for _, threshold in while_building} == {edition.BUILD_COLLECTOR_THRESHOLD}
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
