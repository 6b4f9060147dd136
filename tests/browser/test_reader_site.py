"""The site around the texts, in Chromium: the 404 page at any path the site is served from,
and the "Cite this text" box that says it opens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Watched, open_page, served_at


@pytest.mark.parametrize("prefix", ["/", "/another/path/"])
def test_the_404_page_is_styled_wherever_the_site_is_served(browser: Any, built_site: Path, prefix: str) -> None:
    """Not only at the configured path (test_quality checks that): at the root of a host too,
    where a local server puts it. Under a path it cannot know the page still keeps its icons
    small and its words readable."""
    with served_at(built_site, prefix) as base:
        watched = open_page(browser, width=390, height=844)
        page = watched.page
        response = page.goto(base + "deep/missing/page/", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text().strip() == "Page not found"
        # no icon the size of the window (the theme's logo, unstyled)
        largest = page.evaluate("Math.max(...[...document.querySelectorAll('svg')].map(s => "
                                "Math.max(s.getBoundingClientRect().width, s.getBoundingClientRect().height)))")
        assert 0 < largest <= 48, largest
        if prefix == "/":
            assert "serif" in page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
            assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") in ("sticky", "fixed")
            page.locator(".md-content a", has_text="Global cities: crucibles").click()
            page.wait_for_load_state("networkidle")
            assert page.url == base + "texts/amin-wilson-2023/"
        page.context.close()


def test_cite_this_shows_that_it_opens(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    summary = page.locator("details.ed-cite > summary")
    marker = summary.evaluate("e => { const s = getComputedStyle(e, '::before'); "
                              "return {content: s.content, display: s.display, transform: s.transform}; }")
    assert marker["display"] != "none" and marker["content"] not in ("none", "normal", '""'), marker
    assert summary.get_attribute("aria-expanded") == "false"
    summary.focus()
    page.keyboard.press("Enter")
    expanded = "v => document.querySelector('details.ed-cite > summary').getAttribute('aria-expanded') === v"
    page.wait_for_function(expanded, arg="true", timeout=2_000)   # the toggle event comes in a task
    assert page.locator("details.ed-cite").evaluate("d => d.open")
    opened = summary.evaluate("e => getComputedStyle(e, '::before').transform")
    assert opened != marker["transform"], "the triangle turns when the box opens"
    page.keyboard.press("Enter")
    page.wait_for_function(expanded, arg="false", timeout=2_000)
