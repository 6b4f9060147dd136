"""The step over a built site (build_tools/web/finish_site.py): each HTML fix must match, the
edition's own assets are minified in place, whichever engine wrote the site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from build_tools.web import finish_site, html_fixes
from build_tools.web.minify import OWN_ASSETS

ROOT = Path(__file__).resolve().parents[1]
THEME_PAGE = ('<html><head></head><body>'
              '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
              '<label class="md-nav__link" for="__nav_2" tabindex="">'
              '<script src="../assets/javascripts/bundle.0123abcd.min.js"></script></body></html>')


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, "utf-8")
    for asset in OWN_ASSETS:
        (site / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "overrides" / asset, site / asset)
    return site


def test_every_fix_is_applied_and_counted(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": THEME_PAGE, "a/index.html": THEME_PAGE, "404.html": "<p>plain</p>"})
    done = finish_site.finish(site)
    assert done.pages == 3
    assert done.changed == {fix.name: 2 for fix in html_fixes.FIXES}
    assert done.problem() is None
    page = (site / "a" / "index.html").read_text("utf-8")
    assert page == html_fixes.fix_page(THEME_PAGE)
    assert 'bundle.0123abcd.min.js" defer></script>' in page and 'tabindex=""' not in page
    assert (site / "404.html").read_text("utf-8") == "<p>plain</p>"


def test_the_own_assets_are_minified_in_place(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": THEME_PAGE})
    done = finish_site.finish(site)
    assert sorted(done.minified) == sorted(OWN_ASSETS) and done.missing_assets == []
    for path, minify in OWN_ASSETS.items():
        source = (ROOT / "overrides" / path).read_text("utf-8")
        assert (site / path).read_text("utf-8") == minify(source)


def test_a_fix_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    """Another theme version or engine writes other HTML: the repair would be lost without a word."""
    other = THEME_PAGE.replace(' tabindex=""', "").replace("></script>", " defer></script>")
    site = _site(tmp_path, {"index.html": other})
    problem = finish_site.finish(site).problem()
    assert problem is not None and problem.startswith("error B012")
    assert "empty-tabindex" in problem and "defer-theme-script" in problem and "checkbox-autocomplete" not in problem


def test_a_missing_own_asset_is_an_error(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": THEME_PAGE})
    (site / "assets/javascripts/edition.js").unlink()
    problem = finish_site.finish(site).problem()
    assert problem is not None and "assets/javascripts/edition.js" in problem


def test_the_command_line_finishes_a_site_and_fails_on_an_unmatched_fix(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": THEME_PAGE})
    command = [sys.executable, "-m", "build_tools.web.finish_site", str(site)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "empty-tabindex ×1" in first.stdout
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)  # nothing left to fix
    assert again.returncode == 3 and "error B012" in again.stderr
    assert subprocess.run([*command[:3], str(tmp_path / "nowhere")], capture_output=True, timeout=120).returncode == 2


def test_the_built_site_is_finished(built_site: Path) -> None:
    """The MkDocs hook runs the step after every build: no page keeps what a fix removes."""
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert 'tabindex=""' not in html and not re.search(r'<input[^>]*type="checkbox"[^>]*autocomplete', html), page
        assert html_fixes.fix_page(html) == html, page
