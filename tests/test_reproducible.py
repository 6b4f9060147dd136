"""Reproducibility: two builds of the same inputs are byte-identical — Markdown, site, PDF —
whatever the current directory, locale and time zone.

MkDocs dates the sitemap with the build date unless SOURCE_DATE_EPOCH is set; the command
line sets it (when the caller has not) to the date the PDF carries, the newest text's date
(`cli.build_epoch`), so a build next year writes the same bytes as one today.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from build_tools.edition import build_edition
from tests.fixtures.variants import ROOT


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder`, by relative path, with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(out: Path, cwd: Path, **env: str) -> None:
    cwd.mkdir(parents=True, exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "EDITION_SEEDS_DIR")}
    environment.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1", **env)
    # The edition named explicitly (the project root is otherwise the working directory, here elsewhere).
    result = subprocess.run([sys.executable, "-m", "build_tools", "build", "--project-dir", str(ROOT),
                             "--markdown-dir", str(out / "markdown"),
                             "--site-dir", str(out / "site"), "--pdf-dir", str(out / "pdf")],
                            cwd=cwd, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_builds_are_byte_identical_in_any_directory_locale_and_time_zone(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second-build"
    build(first, tmp_path / "here", TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    build(second, tmp_path / "elsewhere" / "deeper", TZ="Pacific/Kiritimati", LC_ALL="de_DE.UTF-8",
          LANG="fr_FR.UTF-8")
    one, two = tree(first), tree(second)
    assert one.keys() == two.keys()
    differing = sorted(path for path in one if one[path] != two[path])
    assert differing == []
    assert any(path.startswith("site/texts/") for path in one)
    assert any(path.startswith("markdown/texts/") for path in one)
    assert "site/sitemap.xml.gz" in one
    if (first / "pdf").exists():  # the print edition, when the build makes one
        assert any(path.endswith(".pdf") for path in one)


def test_the_sitemap_carries_the_fixed_date_not_today_s(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, tmp_path)
    newest = max(t.seed.config.date for t in build_edition(ROOT).texts)
    sitemap = (out / "site" / "sitemap.xml").read_text(encoding="utf-8")
    dates = {line.strip()[len("<lastmod>"):-len("</lastmod>")] for line in sitemap.splitlines() if "<lastmod>" in line}
    assert dates == {newest}


def test_the_pipeline_is_deterministic_in_process() -> None:
    once, again = build_edition(ROOT), build_edition(ROOT)
    assert once.pages == again.pages
    assert list(once.pages) == list(again.pages)  # the same order too (writers and the nav follow it)
    assert [d.format() for d in once.diagnostics.items] == [d.format() for d in again.diagnostics.items]
