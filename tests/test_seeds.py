"""The seeds are the originals, byte for byte, and their editorial YAML is validated."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from build_tools.diagnostics import Diagnostics
from build_tools.load.seeds import discover
from tests.seedkit import ARTICLE_YAML, INTERVIEW_YAML, make_seeds_dir

ROOT = Path(__file__).resolve().parents[1]


def test_manifest_matches_the_raw_files() -> None:
    manifest = yaml.safe_load((ROOT / "seeds" / "MANIFEST.yml").read_text("utf-8"))
    names = {entry["original_name"] for entry in manifest["texts"]}
    assert names == {"000_7625b2f0d31f7417.txt", "001_ab5be3c1c8b9012e.txt"}
    for entry in manifest["texts"]:
        data = (ROOT / "seeds" / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert entry["file"] == f"texts/{entry['slug']}/source.txt"


def test_every_text_has_valid_yaml() -> None:
    diagnostics = Diagnostics()
    seeds = discover(ROOT / "seeds", diagnostics, ROOT)
    assert not diagnostics.items, [d.format() for d in diagnostics.items]
    assert [s.config.slug for s in seeds] == ["curtis-2018", "amin-wilson-2023"]


def test_a_changed_seed_is_refused(tmp_path: Path) -> None:
    seeds = make_seeds_dir(tmp_path, {"curtis-2018": ("An edited text.\n", ARTICLE_YAML)})
    (seeds / "MANIFEST.yml").write_text((ROOT / "seeds" / "MANIFEST.yml").read_text("utf-8"), encoding="utf-8")
    diagnostics = Diagnostics()
    assert discover(seeds, diagnostics, tmp_path) == []
    [error] = diagnostics.errors
    assert error.code == "S005" and error.file == "seeds/texts/curtis-2018/source.txt"
    assert "000_7625b2f0d31f7417.txt" in error.message


def _errors_for(tmp_path: Path, data: dict[str, object]) -> list[str]:
    diagnostics = Diagnostics()
    discover(make_seeds_dir(tmp_path, {"sample": ("Some text.\n", data)}), diagnostics, tmp_path)
    return [d.format() for d in diagnostics.errors]


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    data = {**ARTICLE_YAML, "speling": "oops"}
    [message] = _errors_for(tmp_path, data)
    assert message.startswith("seeds/texts/sample/text.yml:")
    assert "Y002 unknown key 'speling'" in message and "allowed keys here:" in message
    line = int(message.split(":")[1])
    text = (tmp_path / "seeds/texts/sample/text.yml").read_text("utf-8").splitlines()
    assert text[line - 1].startswith("speling:")


def test_missing_key_is_named(tmp_path: Path) -> None:
    data = {key: value for key, value in ARTICLE_YAML.items() if key != "language"}
    [message] = _errors_for(tmp_path, data)
    assert "Y002 missing key" in message and "'language'" in message


def test_wrong_type_is_named_with_its_path(tmp_path: Path) -> None:
    data = {**ARTICLE_YAML, "metadata": {**ARTICLE_YAML["metadata"], "date": "17 April 2018"}}  # type: ignore[dict-item]
    [message] = _errors_for(tmp_path, data)
    assert "bad value for 'metadata.date'" in message and "YYYY-MM-DD" in message


def test_unknown_profile(tmp_path: Path) -> None:
    [message] = _errors_for(tmp_path, {**ARTICLE_YAML, "profile": "pdf-extractoin"})
    assert "Y003 profile 'pdf-extractoin' does not exist" in message and "pdf-extraction" in message


def test_an_edited_profile_is_read_again_by_the_next_build(tmp_path: Path) -> None:
    """Profiles are read once per build and kept while unchanged (`read_yaml_cached`); under
    `mkdocs serve` (one process) an edit to the profile a site profile `extends:` must be seen,
    even one that keeps the file's size."""
    seeds = make_seeds_dir(tmp_path, {"one": ("Some text.\n", INTERVIEW_YAML),
                                      "two": ("Other text.\n", INTERVIEW_YAML)})
    first = discover(seeds, Diagnostics(), tmp_path)
    assert [s.profile.web.link_list_min_items for s in first if s.profile.web] == [4, 4]
    base = seeds / "profiles" / "web-page.yml"
    base.write_text(base.read_text("utf-8").replace("{min_items: 4,", "{min_items: 7,"), encoding="utf-8")
    again = discover(seeds, Diagnostics(), tmp_path)
    assert [s.profile.web.link_list_min_items for s in again if s.profile.web] == [7, 7]


def test_a_broken_profile_is_reported_for_each_text_that_uses_it(tmp_path: Path) -> None:
    seeds = make_seeds_dir(tmp_path, {"one": ("Some text.\n", ARTICLE_YAML), "two": ("Other text.\n", ARTICLE_YAML)})
    profile = seeds / "profiles" / "pdf-extraction.yml"
    profile.write_text(profile.read_text("utf-8") + "\nno_such_key: 1\n", encoding="utf-8")
    for _build in range(2):  # the second build reads it from the cache: the same messages
        diagnostics = Diagnostics()
        assert discover(seeds, diagnostics, tmp_path) == []
        assert [d.code for d in diagnostics.errors] == ["Y002", "Y002"]
        assert all(d.file == "seeds/profiles/pdf-extraction.yml" for d in diagnostics.errors)
