"""Make small seeds directories for tests: a raw text, a minimal text.yml, the real profiles."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from build_tools.diagnostics import Diagnostics
from build_tools.load.seeds import Seed, discover

ROOT = Path(__file__).resolve().parents[1]

ARTICLE_YAML = {
    "profile": "pdf-extraction", "kind": "journal-article", "language": "en",
    "metadata": {"title": "A Test Article", "authors": [{"given": "Ada", "family": "Tester"}], "date": "2020-01-01"},
}
INTERVIEW_YAML = {
    "profile": "social-europe", "kind": "interview", "language": "en",
    "metadata": {"title": "A test interview", "date": "2023-04-17", "authors": [
        {"given": "Ash", "family": "Amin", "role": "interviewee"},
        {"given": "Robin", "family": "Wilson", "role": "interviewer"}]},
    "speakers": [{"id": "wilson", "name": "Robin Wilson", "role": "interviewer"},
                 {"id": "amin", "name": "Ash Amin", "role": "interviewee"}],
    "alternation": ["wilson", "amin"],
}


def make_seeds_dir(base: Path, texts: dict[str, tuple[str | bytes, dict[str, object] | None]]) -> Path:
    """A seeds folder under `base` holding `texts` ({slug: (raw text, text.yml data or None)})."""
    seeds = base / "seeds"
    shutil.copytree(ROOT / "seeds" / "profiles", seeds / "profiles")
    entries = []
    for slug, (raw, data) in texts.items():
        folder = seeds / "texts" / slug
        folder.mkdir(parents=True)
        raw_bytes = raw.encode("utf-8") if isinstance(raw, str) else raw
        (folder / "source.txt").write_bytes(raw_bytes)
        if data is not None:
            (folder / "text.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        entries.append({"slug": slug, "file": f"texts/{slug}/source.txt", "original_name": f"{slug}.txt",
                        "sha256": hashlib.sha256(raw_bytes).hexdigest()})
    # Every text recorded with its checksum, as the build requires (S013 otherwise).
    (seeds / "MANIFEST.yml").write_text(yaml.safe_dump({"texts": entries}, sort_keys=False), encoding="utf-8")
    return seeds


def load_one(base: Path, raw: str, data: dict[str, object]) -> tuple[Seed, Diagnostics]:
    diagnostics = Diagnostics()
    seeds = discover(make_seeds_dir(base, {"sample": (raw, data)}), diagnostics, base)
    assert len(seeds) == 1, [d.format() for d in diagnostics.items]
    return seeds[0], diagnostics
