"""`edition new DIR`: a fresh edition that builds as it is, and the project root the commands use."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools import scaffold
from build_tools.cli import EXIT_OK, EXIT_USAGE, main
from build_tools.load.seeds import PROJECT_DIR_VARIABLE, project_root
from build_tools.render.book_meta import _LenientLoader

ROOT = Path(__file__).resolve().parents[1]
# Settings of the repository's mkdocs.yml that are the edition's own, not the generator's.
EDITION_SETTINGS = {"site_name", "site_description", "site_url", "copyright", "hooks", "watch"}


def _mkdocs(path: Path) -> dict[str, object]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader)  # a SafeLoader that reads !ENV
    assert isinstance(data, dict)
    return data


def test_new_writes_an_edition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-edition"
    assert main(["new", str(target)]) == EXIT_OK
    for name in ("mkdocs.yml", "README.md", ".gitignore", "requirements.txt", "hooks/edition.py",
                 ".github/workflows/pages.yml", "docs/index.md", "docs/about.md", "overrides/main.html",
                 "overrides/assets/stylesheets/edition.css", "seeds/MANIFEST.yml", "seeds/profiles/pdf-extraction.yml",
                 "seeds/profiles/web-page.yml", "seeds/texts/sample-essay/source.txt",
                 "seeds/texts/sample-essay/text.yml"):
        assert (target / name).is_file(), name
    assert _mkdocs(target / "mkdocs.yml")["site_name"] == "My edition"  # from the folder's name
    assert "edition build" in capsys.readouterr().out
    # The general profiles and the theme's files are the repository's own, not copies that drift.
    for name in ("pdf-extraction.yml", "web-page.yml"):
        assert (target / "seeds" / "profiles" / name).read_bytes() == (ROOT / "seeds" / "profiles" / name).read_bytes()
    for path in (ROOT / "overrides").rglob("*"):
        if path.is_file():
            assert (target / "overrides" / path.relative_to(ROOT / "overrides")).read_bytes() == path.read_bytes()


def test_the_sample_passes_the_pipeline_and_lint(tmp_path: Path) -> None:
    """The MANIFEST entry is the sample's real checksum, and the sample builds without a warning."""
    target = tmp_path / "ed"
    scaffold.create(target, "Test")
    assert main(["check", "--strict", "--project-dir", str(target)]) == EXIT_OK
    assert main(["lint", "--strict", "--project-dir", str(target)]) == EXIT_OK


def test_new_keeps_the_generator_settings_of_the_repository() -> None:
    """The scaffold's mkdocs.yml differs from the repository's only in what names the edition:
    the theme, Markdown extensions, validation and print settings the generator relies on are the same."""
    ours = _mkdocs(ROOT / "mkdocs.yml")
    new = _mkdocs(Path(str(scaffold.template())) / "mkdocs.yml")
    assert set(ours) == set(new)
    for key in set(ours) - EDITION_SETTINGS:
        assert new[key] == ours[key], key
    assert new["hooks"] == ["hooks/edition.py"] and new["watch"] == ["seeds"]


def test_title_is_text_in_every_file(tmp_path: Path) -> None:
    title = '<script>alert(1)</script> "quoted" *stars* {{ config }} #: [link](x)'
    target = tmp_path / "ed"
    scaffold.create(target, title)
    assert _mkdocs(target / "mkdocs.yml")["site_name"] == title
    for name in ("docs/index.md", "README.md"):
        text = (target / name).read_text(encoding="utf-8")
        assert "<script>" not in text and "&lt;script&gt;" in text
        assert "\\*stars\\*" in text and "\\[link\\]" in text


@pytest.mark.parametrize("occupied", ["file", "folder"])
def test_new_refuses_a_folder_in_use(tmp_path: Path, occupied: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ed"
    if occupied == "file":
        target.write_text("x", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(target)]) == EXIT_USAGE
    assert "error S014" in capsys.readouterr().err
    assert not (target / "mkdocs.yml").exists() if occupied == "folder" else target.read_text(encoding="utf-8") == "x"


def test_commands_outside_an_edition_say_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--project-dir", str(tmp_path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "error S014" in err and "no seeds/ and no mkdocs.yml" in err and "edition new" in err
    assert main(["--project-dir", str(tmp_path / "missing"), "check"]) == EXIT_USAGE
    assert "error S014" in capsys.readouterr().err
    assert not (tmp_path / "build").exists() and not (tmp_path / "site").exists()


def test_project_root_is_the_working_directory_or_the_variable(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROJECT_DIR_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    assert project_root() == tmp_path.resolve()
    monkeypatch.setenv(PROJECT_DIR_VARIABLE, str(ROOT))
    assert project_root() == ROOT


def test_project_dir_is_put_back_after_a_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROJECT_DIR_VARIABLE, raising=False)
    scaffold.create(tmp_path / "ed")
    assert main(["check", "--project-dir", str(tmp_path / "ed")]) == EXIT_OK
    assert PROJECT_DIR_VARIABLE not in __import__("os").environ


def test_the_new_workflow_passes_zizmor(tmp_path: Path) -> None:
    found = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    assert Path(found).exists(), "zizmor is a test dependency (requirements.lock)"
    scaffold.create(tmp_path / "ed")
    result = subprocess.run([found, "--offline", "--no-progress", str(tmp_path / "ed" / ".github" / "workflows")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr
