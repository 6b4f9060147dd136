"""Every page, in Chromium: no console error, nothing fetched from another host, zero axe-core
violations (light and dark), nothing wider than a 390 px phone; and the Nu HTML Checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import VNU, Watched, open_page, require, served_at


def _load(watched: Watched, url: str) -> None:
    watched.page.goto(url, wait_until="networkidle")


def test_every_page_loads_without_console_errors_or_foreign_requests(browser: Any, site_url: str,
                                                                      site_pages: list[str]) -> None:
    problems: dict[str, Any] = {}
    for path in site_pages:
        watched = open_page(browser)
        _load(watched, site_url + path)
        if path.startswith("texts/"):  # use the page: tooltips, search, the cite box
            watched.page.locator("a.footnote-ref, a.para-num").first.hover()
            watched.page.locator(".md-search__input").click()
            watched.page.keyboard.type("global city", delay=10)
            watched.page.wait_for_timeout(800)
        errors = [e for e in watched.console_errors if not (path == "404.html" and "404" in e)]
        if errors or watched.foreign_requests:
            problems[path] = {"console": errors, "foreign": watched.foreign_requests}
        watched.page.context.close()
    assert not problems, json.dumps(problems, indent=1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_core_finds_no_violation_on_any_page(browser: Any, site_url: str, site_pages: list[str],
                                                  axe_source: str, scheme: str) -> None:
    found: dict[str, list[str]] = {}
    for path in site_pages:
        watched = open_page(browser, scheme=scheme)
        _load(watched, site_url + path)
        page = watched.page
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # check what's folded too
        # Paragraphs off screen are not laid out (`content-visibility: auto`, edition.css), and
        # axe-core then measures colours on boxes the browser has not placed: false colour-contrast
        # findings, now and then (dequelabs/axe-core#2768, open). Every paragraph is laid out for the
        # check; colours, sizes and markup are what readers get either way.
        page.add_style_tag(content=".md-content * { content-visibility: visible !important; }")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => v.id + ' (' + v.impact + '): ' +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""")
        if result:
            found[path] = result
        page.context.close()
    assert not found, json.dumps(found, indent=1)


def test_every_page_fits_a_390px_screen(browser: Any, site_url: str, site_pages: list[str]) -> None:
    too_wide: dict[str, list[int]] = {}
    for path in site_pages:
        watched = open_page(browser, width=390, height=844)
        _load(watched, site_url + path)
        widths = watched.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            too_wide[path] = widths
        watched.page.context.close()
    assert not too_wide, too_wide


def test_the_nu_html_checker_finds_no_error(built_site: Path) -> None:
    java = shutil.which("java")
    require(Path(java) if java else None, "Java")
    vnu = require(VNU, "vnu-jar")
    pages = sorted(str(p) for p in built_site.rglob("*.html"))
    result = subprocess.run([str(java), "-jar", str(vnu), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).parent.name}: {m.get('message')} [{m.get('extract', '')[:80]!r}]"
              for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors)


def test_the_site_works_under_any_sub_path(browser: Any, built_site: Path) -> None:
    """Relative links only: the same files served under another path still style, search, link."""
    with served_at(built_site, "/somewhere/else/entirely/") as base:
        watched = open_page(browser)
        page = watched.page
        page.goto(base + "texts/curtis-2018/", wait_until="networkidle")
        assert "serif" in page.evaluate("getComputedStyle(document.querySelector('p.para')).fontFamily")
        page.locator(".md-search__input").click()
        page.keyboard.type("potatoes", delay=20)
        result = page.locator('.md-search-result__item a[href*="texts/amin-wilson-2023/"]').first
        result.wait_for(state="visible", timeout=10_000)
        assert (result.get_attribute("href") or "").startswith(base)  # the index's links follow the path
        page.goto(base, wait_until="networkidle")
        page.locator('.md-content a[href*="texts/amin-wilson-2023"]').first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.startswith(base + "texts/amin-wilson-2023/")
        assert not watched.console_errors, watched.console_errors
        page.context.close()


def test_a_missing_page_gets_the_styled_404_page(browser: Any, site_url: str) -> None:
    watched = open_page(browser)
    response = watched.page.goto(site_url + "no/such/page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    assert watched.page.locator("h1").first.inner_text().strip() == "Page not found"
    # its styles and scripts load from the site's path, however deep the missing URL was
    assert "serif" in watched.page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    assert watched.page.locator(".md-header").is_visible()
    watched.page.context.close()
