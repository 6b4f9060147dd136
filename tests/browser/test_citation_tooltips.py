"""In Chromium: hovering a citation shows the full reference; an editor's note letter shows the note.

Paragraphs off screen are not laid out (`content-visibility: auto`, see edition.css), and the
browser gives no `innerText` for what it has not laid out: a test reads a paragraph's text as a
reader would, after scrolling to it (and waits for the frame that lays it out).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Watched

TOOLTIP = ".md-tooltip2--active"


def test_hovering_a_citation_shows_its_formatted_reference(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    citation = page.locator("#p4 a.citation")
    citation.scroll_into_view_if_needed()
    expect(citation).to_have_text("Acuto 2011", use_inner_text=True)
    citation.hover()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert text.startswith("Acuto, M. 2011. “Finding the Global City")
    assert "Urban Studies 48 (14): 2953–73" in text
    assert not desktop.console_errors, desktop.console_errors


def test_a_citation_leads_to_its_bibliography_entry(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    page.locator("#p11 a.citation", has_text="Brenner and Keil 2006").click()
    page.wait_for_url("**/bibliography/#ref-brenner-keil-2006")
    entry = page.locator("#ref-brenner-keil-2006")
    assert "The Global Cities Reader" in entry.inner_text()
    assert entry.locator('a[href$="texts/curtis-2018/#p11"]').count() == 1


def test_an_editors_note_is_lettered_and_shows_on_hover(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    marker = page.locator("#p20 sup.ed-ref a")
    marker.scroll_into_view_if_needed()
    expect(marker).to_have_text(re.compile(r"^[a-z]$"), use_inner_text=True)
    marker.hover()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "“Boutelegier 2013”" in tooltip.inner_text()
    # the author's numbered notes and the editor's lettered notes look different (italic, own colour)
    style = "e => [getComputedStyle(e).fontStyle, getComputedStyle(e).color]"
    author_style = page.locator("#p20 sup[id^='fnref'] a").evaluate(style)
    editor_style = marker.evaluate(style)
    assert editor_style[0] == "italic" != author_style[0]
    assert editor_style[1] != author_style[1]
