"""In a real browser: hovering a glossary term or a name in a text shows its definition.

Material's `content.tooltips` turns a link's `title` into a styled tooltip; this checks that
it does so for the edition's term and name links (the site is served over HTTP, as readers
get it), and that following a term link lands on the glossary entry.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Watched


def hover_tooltip(page: Any, selector: str, text: str) -> str:
    link = page.locator(selector, has_text=text).first
    link.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    link.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5000)
    return str(tooltip.inner_text())


def test_hovering_a_glossary_term_shows_its_definition(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/amin-wilson-2023/")
    shown = hover_tooltip(page, "a.term-ref", "thrown-togetherness")
    assert "Doreen Massey’s term for the way places gather" in shown


def test_hovering_a_name_shows_its_identification(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    shown = hover_tooltip(page, "a.entity-ref", "Mesopotamia")
    assert "between the Tigris and Euphrates" in shown


def test_a_term_link_lands_on_its_glossary_entry(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    page.locator("a.term-ref", has_text="double movement").first.click()
    page.wait_for_url("**/glossary/#term-double-movement")
    assert page.locator("#term-double-movement").is_visible()
    assert not desktop.console_errors, desktop.console_errors
