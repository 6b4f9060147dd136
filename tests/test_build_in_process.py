"""`python -m build_tools build` runs MkDocs in its own process and hands the hook the edition
and print edition it has just built, so nothing is built twice; strict mode still fails the build."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import build_tools.edition as edition_module
import build_tools.print_edition as print_edition
from build_tools.cli import EXIT_BUILD_FAILED, EXIT_OK, main


def test_the_hook_reuses_the_edition_and_the_print_edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    calls = {"edition": 0, "print": 0}
    real_edition, real_print = edition_module.build_edition, print_edition.build_print_edition

    def counted_edition(*args: Any, **kwargs: Any) -> edition_module.Edition:
        calls["edition"] += 1
        return real_edition(*args, **kwargs)

    def counted_print(*args: Any, **kwargs: Any) -> print_edition.PrintEdition:
        calls["print"] += 1
        return real_print(*args, **kwargs)

    # The hook calls edition_module.build_edition; the CLI its own imported name.
    monkeypatch.setattr(edition_module, "build_edition", counted_edition)
    monkeypatch.setattr(print_edition, "build_print_edition", counted_print)
    monkeypatch.delenv("EDITION_SITE_URL", raising=False)
    environ = dict(os.environ)
    status = main(["build", "--markdown-dir", str(tmp_path / "md"), "--site-dir", str(tmp_path / "site"),
                   "--pdf-dir", str(tmp_path / "pdf")])
    assert status == EXIT_OK
    # without the site's address the build says so: its citations give none (never a placeholder)
    assert "warning B010 EDITION_SITE_URL is not set" in capsys.readouterr().err
    assert calls == {"edition": 0, "print": 1}
    # and prints no address at all, least of all a placeholder: the cite box says there is none
    page = (tmp_path / "site" / "texts" / "curtis-2018" / "index.html").read_text(encoding="utf-8")
    assert "built without its web address" in page and 'rel="canonical"' not in page
    assert not [p for p in (tmp_path / "site").rglob("*.html") if "example.github.io" in p.read_text("utf-8")]
    site_pdf = tmp_path / "site" / "downloads" / "edition.pdf"
    assert site_pdf.read_bytes() == (tmp_path / "pdf" / "edition.pdf").read_bytes()
    assert edition_module.take_prebuilt() is None  # nothing left behind for a later build
    assert dict(os.environ) == environ  # TZ, locale, SOURCE_DATE_EPOCH put back


def test_a_warning_fails_the_site_build_in_strict_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    real = edition_module.build_edition

    def with_broken_link(*args: Any, **kwargs: Any) -> edition_module.Edition:
        built = real(*args, **kwargs)
        built.pages["stray.md"] = "# Stray\n\nA link to [nowhere](nowhere.md).\n"
        return built

    monkeypatch.setattr("build_tools.cli.build_edition", with_broken_link)
    site = tmp_path / "site"
    status = main(["build", "--markdown-dir", str(tmp_path / "md"), "--site-dir", str(site), "--no-pdf"])
    err = capsys.readouterr().err
    assert status == EXIT_BUILD_FAILED, err
    assert "nowhere.md" in err and "strict mode" in err and "error B001" in err
    assert "Traceback" not in err
    assert not site.exists() and not (tmp_path / "site.new").exists()


def test_a_serve_rebuild_waits_for_a_running_build_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` builds the edition under the project's build lock, like the command line."""
    from mkdocs.exceptions import PluginError

    from build_tools import mkdocs_hook
    from build_tools.load.seeds import project_root
    from build_tools.outputs import project_lock

    monkeypatch.setenv("EDITION_BUILD_LOCK_WAIT", "0")
    with project_lock(project_root() / "build") as busy:
        assert busy is None
        with pytest.raises(PluginError, match="B005"):
            mkdocs_hook._build_under_lock()
    assert mkdocs_hook._build_under_lock().texts  # free again
