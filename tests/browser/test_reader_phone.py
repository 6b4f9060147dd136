"""On a phone (390 px and 360 px, touch): a tap on a term, a name, a citation or a note shows
its preview in a popover instead of leaving the text; a second tap, or the popover's link,
follows it. The popover is complete (a long note scrolls inside it), dismissible (Escape, the
close button, a tap outside) and operable by keyboard and screen reader. A note's tooltip is
never cut at any width.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Watched, open_page

ARTICLE = "texts/curtis-2018/"


def touch_page(browser: Any, width: int) -> Watched:
    context = browser.new_context(viewport={"width": width, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    watched = Watched(page)
    page.on("console", lambda message: watched.console_errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: watched.console_errors.append(str(error)))
    return watched


@pytest.fixture
def touch(browser: Any) -> Iterator[Watched]:
    watched = touch_page(browser, 390)
    yield watched
    watched.page.context.close()


def note_text(page: Any, number: int) -> str:
    """A note's words as the page has them, without its "back to the text" link."""
    return str(page.evaluate("""n => { const li = document.getElementById('fn:' + n).cloneNode(true);
        li.querySelectorAll('.footnote-backref').forEach(b => b.remove());
        return li.textContent.replace(/\\s+/g, ' ').trim(); }""", number))


def popover_state(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("""() => { const p = document.querySelector('.ed-popover');
        if (!p) return {open: false};
        const body = p.querySelector('.ed-popover__body'), r = p.getBoundingClientRect();
        const label = document.getElementById(p.getAttribute('aria-labelledby'));
        return {open: true, role: p.getAttribute('role'), label: label ? label.textContent : null,
                text: body.textContent.replace(/\\s+/g, ' ').trim(),
                focusInside: p.contains(document.activeElement),
                top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                scrolls: body.scrollHeight > body.clientHeight, bodyTab: body.tabIndex,
                overflow: getComputedStyle(body).overflowY,
                more: p.querySelector('.ed-popover__more a').getAttribute('href')}; }"""))


def tap(page: Any, selector: str) -> Any:
    link = page.locator(selector).first
    link.scroll_into_view_if_needed()
    link.tap()
    page.wait_for_timeout(150)
    return link


def test_a_tap_on_a_term_shows_its_definition_and_stays_on_the_page(touch: Watched, site_url: str) -> None:
    page = touch.page
    page.goto(site_url + ARTICLE)
    definition = page.locator("#p10 a.term-ref").first.get_attribute("title")
    link = tap(page, "#p10 a.term-ref")
    state = popover_state(page)
    assert state["open"] and state["role"] == "dialog", state
    assert state["text"] == definition and state["label"].startswith("Glossary:"), state
    assert state["focusInside"], "focus moves into the popover, so a screen reader announces it"
    assert link.get_attribute("aria-expanded") == "true"
    assert page.url.endswith(ARTICLE), page.url
    # the tapped word stays in sight, above the popover
    assert link.bounding_box()["y"] + link.bounding_box()["height"] <= state["top"]
    # and no tooltip shows as well
    assert page.locator(".md-tooltip2--active").count() == 0
    assert not touch.console_errors, touch.console_errors


def test_a_second_tap_or_the_popovers_link_follows(touch: Watched, site_url: str) -> None:
    page = touch.page
    page.goto(site_url + ARTICLE)
    tap(page, "#p10 a.citation")
    assert popover_state(page)["open"]
    tap(page, "#p10 a.citation")
    page.wait_for_url("**/bibliography/#ref-*")
    page.goto(site_url + ARTICLE)
    tap(page, "#p10 a.term-ref")
    target = popover_state(page)["more"]
    page.locator(".ed-popover__more a").tap()
    page.wait_for_url("**/glossary/#term-*")
    assert page.url.endswith(target.rsplit("/", 1)[-1])


def test_the_popover_is_dismissed_by_escape_the_button_and_a_tap_outside(touch: Watched, site_url: str) -> None:
    page = touch.page
    page.goto(site_url + ARTICLE)
    link = tap(page, "#p10 a.term-ref")
    page.keyboard.press("Escape")
    assert not popover_state(page)["open"]
    assert page.evaluate("document.activeElement.classList.contains('term-ref')"), "focus returns to the link"
    assert link.get_attribute("aria-expanded") is None
    assert page.locator(".md-tooltip2--active").count() == 0
    tap(page, "#p10 a.entity-ref")
    page.locator(".ed-popover__close").tap()
    assert not popover_state(page)["open"]
    tap(page, "#p10 a.citation")
    page.locator("#p11").tap(position={"x": 60, "y": 10})   # words of the text, not a link
    page.wait_for_timeout(150)
    assert not popover_state(page)["open"]
    assert page.url.endswith(ARTICLE), "a tap outside only closes the popover"


def test_the_popover_is_operable_by_keyboard(touch: Watched, site_url: str) -> None:
    page = touch.page
    page.goto(site_url + ARTICLE)
    tap(page, "#p10 a.citation")
    where = """() => { const e = document.activeElement;
        return (e.closest('.ed-popover') ? 'in ' : 'out ') + e.tagName.toLowerCase()
            + (e.closest('.ed-popover__close') ? ' close' : '') + (e.closest('.ed-popover__more') ? ' more' : '')
            + (e.classList.contains('citation') ? ' citation' : ''); }"""
    stops = []
    for _ in range(2):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(where))
    assert stops == ["in button close", "in a more"], stops
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")          # the close button
    assert not popover_state(page)["open"]
    assert page.evaluate(where) == "out a citation"
    # Tab past the popover's last stop closes it and goes on in the text after the link
    tap(page, "#p10 a.citation")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert not popover_state(page)["open"]
    assert page.evaluate("document.activeElement.closest('#p10') !== null"), page.evaluate(where)
    # Shift+Tab from its first stop goes back to the link
    tap(page, "#p10 a.term-ref")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert not popover_state(page)["open"]
    assert page.evaluate("document.activeElement.classList.contains('term-ref')")


@pytest.mark.parametrize("width", [360, 390])
def test_a_long_note_shows_whole_in_its_popover_and_scrolls(browser: Any, site_url: str, width: int) -> None:
    watched = touch_page(browser, width)
    page = watched.page
    page.goto(site_url + ARTICLE)
    whole = note_text(page, 1)
    tap(page, '#p3 a.footnote-ref[href="#fn:1"]')
    state = popover_state(page)
    assert state["text"] == whole, (state["text"][-80:], whole[-80:])
    assert state["label"] == "Note 1"
    # on the screen, all of it, and what does not fit scrolls (and can be reached by keyboard)
    assert state["top"] >= 0 and state["bottom"] <= 740 and state["left"] >= 0 and state["right"] <= width, state
    assert state["scrolls"] and state["overflow"] == "auto" and state["bodyTab"] == 0, state
    body = page.locator(".ed-popover__body")
    body.evaluate("b => b.scrollTop = b.scrollHeight")
    last_words = " ".join(whole.split()[-4:])
    assert last_words in body.inner_text().replace("\n", " ")
    assert page.url.endswith(ARTICLE)
    assert not watched.console_errors, watched.console_errors
    page.context.close()


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_a_notes_tooltip_is_never_cut(browser: Any, site_url: str, width: int) -> None:
    """With a mouse, at any width: the whole note is in the tooltip, on the screen, scrolling."""
    watched = open_page(browser, width=width, height=740)
    page = watched.page
    page.goto(site_url + ARTICLE)
    whole = note_text(page, 1)
    marker = page.locator('#p3 a.footnote-ref[href="#fn:1"]')
    marker.scroll_into_view_if_needed()
    marker.hover()
    inner = page.locator(".md-tooltip2--active .md-tooltip2__inner").first
    inner.wait_for(state="visible", timeout=5_000)
    shown = inner.evaluate("""e => ({text: e.textContent.replace(/\\s+/g, ' ').trim(),
        overflow: getComputedStyle(e).overflowY, scrolls: e.scrollHeight > e.clientHeight,
        left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right})""")
    assert shown["text"] == whole
    assert shown["left"] >= 0 and shown["right"] <= width, shown
    assert not shown["scrolls"] or shown["overflow"] == "auto", shown
    page.context.close()


def test_the_open_popover_has_no_accessibility_violation(touch: Watched, site_url: str, axe_source: str) -> None:
    page = touch.page
    page.goto(site_url + ARTICLE)
    tap(page, '#p3 a.footnote-ref[href="#fn:1"]')
    page.add_script_tag(content=axe_source)
    found = page.evaluate("""async () => {
        const r = await axe.run('.ed-popover', {resultTypes: ['violations']});
        return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(' | ')); }""")
    assert not found, json.dumps(found, indent=1)


def test_a_mouse_click_still_follows_the_link(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + ARTICLE)
    page.locator("#p10 a.citation").first.click()
    page.wait_for_url("**/bibliography/#ref-*")
    assert page.locator(".ed-popover").count() == 0


def test_an_editors_note_and_a_name_show_in_the_popover(touch: Watched, site_url: str) -> None:
    page = touch.page
    page.goto(site_url + ARTICLE)
    tap(page, "#p10 sup.ed-ref a")
    state = popover_state(page)
    letter = page.locator("#p10 sup.ed-ref a").first.inner_text().strip()
    assert state["label"] == f"Editor’s note {letter}", state
    assert state["text"] and not state["text"].startswith("Editor’s note"), state   # said once, in the heading
    assert state["more"] == f"#ed-{letter}"
    page.keyboard.press("Escape")
    name = page.locator("#p10 a.entity-ref").first
    identification = name.get_attribute("title")
    tap(page, "#p10 a.entity-ref")
    state = popover_state(page)
    assert state["label"].startswith("Place: ") and state["text"] == identification, state


def test_a_notes_tooltip_near_the_foot_of_the_window_opens_above(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + ARTICLE)
    marker = page.locator('#p3 a.footnote-ref[href="#fn:1"]')
    marker.scroll_into_view_if_needed()
    # bring the marker to the last lines of the window
    top = marker.evaluate("e => e.getBoundingClientRect().top")
    page.mouse.wheel(0, top - (900 - 60))
    page.wait_for_timeout(300)
    marker.hover()
    inner = page.locator(".md-tooltip2--active .md-tooltip2__inner").first
    inner.wait_for(state="visible", timeout=5_000)
    page.wait_for_timeout(450)   # the theme slides a tooltip in
    box = inner.bounding_box()
    marker_box = marker.bounding_box()
    assert box and marker_box and marker_box["y"] > 700, marker_box
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900, box
    assert box["y"] + box["height"] <= marker_box["y"], "above the marker"
