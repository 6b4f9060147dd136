"""In Chromium: what keeps a long text's page quick to start on a phone goes unnoticed by readers.

A text's paragraphs off screen are not laid out (`content-visibility: auto`, see edition.css)
and take a height estimated from their length until they are; the tooltips of the apparatus are
built when wanted, by the edition's script, not by the theme at load (edition.js). Here: the
estimate stays close to the real height and errs low, a ¶ link still lands on its paragraph
without the page moving under the reader, and a tooltip can be dismissed and leaves the link as
it found it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Watched, open_page

TEXTS = ["texts/curtis-2018/", "texts/amin-wilson-2023/"]

# For every paragraph: the height the browser gives it while it is skipped (the estimate), and
# its real height, measured with skipping turned off for the page.
ESTIMATES_AND_HEIGHTS = """() => {
    const paragraphs = Array.from(document.querySelectorAll('p.para'));
    const estimates = paragraphs.map(p => parseFloat(getComputedStyle(p).containIntrinsicBlockSize.split(' ').pop()));
    const style = document.createElement('style');
    style.textContent = 'p.para { content-visibility: visible !important; }';
    document.head.append(style);
    const rows = paragraphs.map((p, i) => ({id: p.id, estimate: estimates[i],
        height: p.getBoundingClientRect().height, line: parseFloat(getComputedStyle(p).lineHeight)}));
    style.remove();
    return rows;
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", TEXTS)
def test_a_skipped_paragraph_is_estimated_low_but_close(browser: Any, site_url: str, path: str,
                                                         width: int) -> None:
    # Never higher than the paragraph by more than a line (a paragraph shown above the one a ¶
    # link opened would shrink and scroll the page up), never below half of it (the scroll bar
    # would lie). If this fails after a change of type size or measure, recalibrate --ed-cpl.
    watched = open_page(browser, width=width, height=844)
    watched.page.goto(site_url + path, wait_until="load")
    rows = watched.page.evaluate(ESTIMATES_AND_HEIGHTS)
    watched.page.context.close()
    assert rows
    too_high = [r for r in rows if r["estimate"] > r["height"] + r["line"]]
    too_low = [r for r in rows if r["estimate"] < 0.5 * r["height"]]
    assert not too_high, too_high
    assert not too_low, too_low


@pytest.mark.parametrize("width", [390, 1280])
def test_a_paragraph_link_opens_without_the_page_moving(browser: Any, site_url: str, width: int) -> None:
    watched = open_page(browser, width=width, height=844)
    page = watched.page
    page.goto(site_url + "texts/curtis-2018/#p30", wait_until="load")
    page.wait_for_timeout(300)
    first = page.evaluate("[scrollY, document.getElementById('p30').getBoundingClientRect().top]")
    page.wait_for_timeout(700)
    top = page.evaluate("document.getElementById('p30').getBoundingClientRect().top")
    assert 0 <= top < 200, top
    assert abs(top - first[1]) < 1, (first, top)
    # the theme shows "Back to top" when the page scrolls up: it must not think the reader did
    assert page.evaluate("document.querySelector('.md-top').hidden"), "the page scrolled up by itself"
    assert not watched.console_errors, watched.console_errors
    page.context.close()


def test_a_tooltip_is_dismissed_by_escape_and_leaves_its_link_as_it_was(desktop: Watched,
                                                                        site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/amin-wilson-2023/")
    link = page.locator("a.term-ref").first
    link.scroll_into_view_if_needed()
    title = link.get_attribute("title")
    assert title
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text() == title
    # while it shows: described by it, and no title (the browser would show its own tooltip too)
    described = link.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").get_attribute("role") == "tooltip"
    assert link.get_attribute("title") is None
    page.keyboard.press("Escape")
    tooltip.wait_for(state="detached", timeout=5_000)
    assert link.get_attribute("title") == title
    assert link.get_attribute("aria-describedby") is None
    # hovering the tooltip itself keeps it open, so a long one can be read
    link.hover()
    shown = page.locator(".md-tooltip2--active").first
    shown.wait_for(state="visible", timeout=5_000)
    box = shown.locator(".md-tooltip2__inner").bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(600)
    assert shown.is_visible()
    page.mouse.move(0, 0)
    page.locator(".md-tooltip2").wait_for(state="detached", timeout=5_000)
    assert not desktop.console_errors, desktop.console_errors
