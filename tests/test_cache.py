"""The build cache (build_tools/cache.py): a hit gives exactly what a fresh build gives; anything a
text's pipeline reads invalidates its entry; a corrupt entry is ignored and rebuilt, never trusted."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from build_tools import cache
from build_tools import edition as edition_module
from build_tools.diagnostics import Diagnostics
from build_tools.edition import Edition, build_edition
from build_tools.load.seeds import discover
from build_tools.print_edition import build_print_edition

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds, and a cache of its own for this test."""
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("EDITION_CACHE", raising=False)
    return folder


def _snapshot(edition: Edition) -> tuple[dict[str, str], list[str], list[tuple[int, int, int]]]:
    return (dict(edition.pages), [d.format() for d in edition.diagnostics.items],
            [(t.words_in_source, t.words_removed, t.warnings) for t in edition.texts])


def _no_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which texts go through the pipeline (a cache hit does not)."""
    built: list[str] = []
    fresh = edition_module._build_alone

    def recording(seed, indexes=None):  # type: ignore[no-untyped-def]
        built.append(seed.config.slug)
        return fresh(seed, indexes)

    monkeypatch.setattr(edition_module, "_build_alone", recording)
    return built


def test_a_cached_build_is_the_same_as_a_fresh_one(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITION_CACHE", "0")
    fresh = _snapshot(build_edition(ROOT, seeds, workers=1))
    monkeypatch.setenv("EDITION_CACHE", "1")
    first = _snapshot(build_edition(ROOT, seeds, workers=1))  # fills the cache
    built = _no_pipeline(monkeypatch)
    second = _snapshot(build_edition(ROOT, seeds, workers=1))  # every text from the cache
    assert built == []
    assert first == fresh and second == fresh


def test_an_edit_rebuilds_only_that_text(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_edition(ROOT, seeds, workers=1)
    built = _no_pipeline(monkeypatch)
    yaml_path = seeds / "texts" / "curtis-2018" / "text.yml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("  title: ", "  title: Edited ", 1), encoding="utf-8")
    edited = build_edition(ROOT, seeds, workers=1)
    assert built == ["curtis-2018"]
    assert "Edited " in edited.pages["texts/curtis-2018.md"]


def _rewrite_source(seeds: Path, slug: str, text: str) -> None:
    """A new source for `slug`, with its SHA-256 in MANIFEST.yml (as add-text records it)."""
    source = seeds / "texts" / slug / "source.txt"
    manifest = seeds / "MANIFEST.yml"
    old = hashlib.sha256(source.read_bytes()).hexdigest()
    source.write_text(text, encoding="utf-8")
    new = hashlib.sha256(source.read_bytes()).hexdigest()
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _keys(seeds: Path) -> dict[str, str]:
    found = discover(seeds, Diagnostics(), ROOT)
    return dict(zip([s.config.slug for s in found], edition_module._cache_keys(found), strict=True))


def test_everything_a_text_reads_is_in_its_key(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _keys(seeds)
    source = seeds / "texts" / "curtis-2018" / "source.txt"
    _rewrite_source(seeds, "curtis-2018", source.read_text(encoding="utf-8") + "\nOne more line.\n")
    after_source = _keys(seeds)
    assert after_source["curtis-2018"] != before["curtis-2018"]
    assert after_source["amin-wilson-2023"] == before["amin-wilson-2023"]  # another text's key is its own
    yaml_path = seeds / "texts" / "amin-wilson-2023" / "text.yml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    after_yaml = _keys(seeds)
    assert after_yaml["amin-wilson-2023"] != after_source["amin-wilson-2023"]
    for profile in (seeds / "profiles").glob("*.yml"):
        profile.write_text(profile.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after_profile = _keys(seeds)
    assert all(after_profile[s] != after_yaml[s] for s in after_yaml)
    glossary = seeds / "apparatus" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after_apparatus = _keys(seeds)
    assert all(after_apparatus[s] != after_profile[s] for s in after_profile)
    monkeypatch.setattr(cache, "code_version", lambda: "another version of build_tools")
    after_code = _keys(seeds)
    assert all(after_code[s] != after_apparatus[s] for s in after_apparatus)


def test_a_source_edit_is_seen_in_the_page(seeds: Path) -> None:
    build_edition(ROOT, seeds, workers=1)
    source = seeds / "texts" / "amin-wilson-2023" / "source.txt"
    _rewrite_source(seeds, "amin-wilson-2023",
                    source.read_text(encoding="utf-8").replace("crucibles", "crucibles-edited", 1))
    edited = build_edition(ROOT, seeds, workers=1)
    assert "crucibles-edited" in edited.pages["texts/amin-wilson-2023.md"]


@pytest.mark.parametrize("spoil", ["truncate", "flip", "garbage", "other-key"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(seeds: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                spoil: str) -> None:
    fresh = _snapshot(build_edition(ROOT, seeds, workers=1))
    entries = sorted((tmp_path / "cache" / "texts").glob("*.bin"))
    assert len(entries) == 2
    for entry in entries:
        data = entry.read_bytes()
        if spoil == "truncate":
            entry.write_bytes(data[: len(data) // 2])
        elif spoil == "flip":  # one byte of the payload: the digest no longer matches
            entry.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
        elif spoil == "garbage":
            entry.write_bytes(b"not a cache entry")
        else:  # a whole, valid entry, but stored under another key
            header = len(cache.MAGIC)
            entry.write_bytes(data[:header] + b"0" * 64 + data[header + 64:])
    built = _no_pipeline(monkeypatch)
    again = _snapshot(build_edition(ROOT, seeds, workers=1))
    assert sorted(built) == ["amin-wilson-2023", "curtis-2018"]  # nothing trusted
    assert again == fresh
    built.clear()
    build_edition(ROOT, seeds, workers=1)  # the rebuilt entries are good again
    assert built == []


def test_pdfs_come_from_the_cache_unchanged(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.print_edition as print_edition

    edition = build_edition(ROOT, seeds, workers=1)
    monkeypatch.setattr(print_edition, "_CACHE", {})  # not the PDFs an earlier test left in memory
    first = build_print_edition(edition, ROOT)
    monkeypatch.setattr(print_edition, "_CACHE", {})  # a new process: only the disk is left

    def no_typst(*args: object, **kwargs: object) -> None:
        raise AssertionError("Typst ran although every PDF was cached")

    monkeypatch.setattr(print_edition, "compile_with_warnings", no_typst)
    second = build_print_edition(edition, ROOT)
    assert second.files == first.files
