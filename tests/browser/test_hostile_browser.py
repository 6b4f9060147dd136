"""Hostile YAML rendered in Chromium: no payload runs (issue 17).

The edition is built from seeds whose text.yml and bibliography.yml hold script, event-handler,
`javascript:` and markup payloads (tests/fixtures/hostile.py). Each payload sets
`window.__pwned` if it ever runs; `alert`, `confirm` and `prompt` do too. Every page of the
site is opened (the 404 page included: the navigation carries the title there as well), the
reader hovers and focuses every link with a tooltip (built by edition.js only then), and the
sentinel must still be unset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import configured_path, open_page, served_at
from tests.fixtures.hostile import build_hostile_edition

SENTINEL = """
window.__pwned = undefined;
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function () { window.__pwned = name; };
}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_edition(tmp_path_factory.mktemp("hostile-site")) / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with served_at(hostile_site, configured_path(hostile_site)) as url:
        yield url


PAGES = ["", "texts/curtis-2018/", "texts/amin-wilson-2023/", "bibliography/", "apparatus/", "about/",
         "glossary/", "persons/", "places/", "themes/", "removals/", "404.html", "no/such/page/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_payload_runs_on_the_page(browser: Any, hostile_url: str, path: str) -> None:
    watched = open_page(browser)
    page = watched.page
    try:
        page.add_init_script(SENTINEL)
        page.goto(hostile_url + path, wait_until="load")
        page.wait_for_timeout(200)
        # Tooltips are built on hover and focus (edition.js): hover the ones that carry YAML text.
        # Handles taken once: edition.js moves `title` away while a tooltip shows.
        hosts = page.query_selector_all(".md-content [title], .md-content a.citation")[:25]
        for host in hosts:
            if host.is_visible():
                # the last tooltip, hovered itself, stays open (WCAG 1.4.13) and may cover this host
                page.keyboard.press("Escape")
                host.hover(timeout=2000)
                host.dispatch_event("focus")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img[src='x'], svg[onload]").count() == 0
        assert not [e for e in watched.console_errors if "__pwned" in e]
    finally:
        page.context.close()


def test_the_title_shows_as_text_in_the_navigation(browser: Any, hostile_url: str) -> None:
    watched = open_page(browser)
    page = watched.page
    try:
        page.goto(hostile_url + "404.html", wait_until="load")
        assert "<img src=x onerror=window.__pwned=1>" in page.locator("body").inner_text()
    finally:
        page.context.close()


@pytest.mark.parametrize("query", ["window", "pwned", "onerror", "javascript"])
def test_no_payload_runs_in_search_results(browser: Any, hostile_url: str, query: str) -> None:
    """The search box lists titles and passages holding the payloads: escaped there too."""
    watched = open_page(browser)
    page = watched.page
    try:
        page.add_init_script(SENTINEL)
        page.goto(hostile_url + "texts/curtis-2018/", wait_until="networkidle")
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").fill(query)
        page.locator(".md-search-result__item").first.wait_for(state="attached", timeout=10_000)  # results shown
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None, query
        assert page.locator(".md-search-result img[src='x'], .md-search-result script").count() == 0
    finally:
        page.context.close()
