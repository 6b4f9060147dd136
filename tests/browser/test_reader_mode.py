"""The reading mode: the apparatus's links quiet by default, and a "Plain text / Annotated"
toggle on a text's page that takes them out, operable by keyboard and remembered for the
reader (localStorage) on every page and after a reload."""

from __future__ import annotations

import json
from typing import Any

from tests.browser.conftest import Watched, open_page

ARTICLE = "texts/curtis-2018/"
INTERVIEW = "texts/amin-wilson-2023/"
APPARATUS = ".md-content a.term-ref, .md-content a.entity-ref, .md-content a.citation"


def mode(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("""sel => {
        const links = [...document.querySelectorAll(sel)];
        const pressed = [...document.querySelectorAll('.ed-mode button[aria-pressed="true"]')];
        const seeAlso = document.querySelector('.md-content p.see-also');
        return {plain: document.documentElement.classList.contains('ed-plain'),
                pressed: pressed.map(b => b.textContent),
                links: links.length, withHref: links.filter(a => a.hasAttribute('href')).length,
                withTitle: links.filter(a => a.hasAttribute('title')).length,
                seeAlsoShown: seeAlso ? getComputedStyle(seeAlso).display !== 'none' : null}; }""", APPARATUS))


def test_apparatus_links_are_quiet_until_hovered(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + ARTICLE)
    link = page.locator("#p10 a.term-ref").first
    style = """e => { const s = getComputedStyle(e), p = getComputedStyle(e.closest('p'));
        return {color: s.color, text: p.color, line: s.textDecorationLine, style: s.textDecorationStyle}; }"""
    quiet = link.evaluate(style)
    # the words' own colour, a dotted rule: findable without colour, but not a web of blue
    assert quiet["color"] == quiet["text"] and quiet["line"] == "underline" and quiet["style"] == "dotted", quiet
    for selector in ("#p10 a.citation", "#p10 a.entity-ref"):
        other = page.locator(selector).first.evaluate(style)
        assert other["color"] == other["text"] and other["style"] == "dotted", (selector, other)
    link.hover()
    page.wait_for_timeout(400)   # the theme fades a link's colour in (a 125 ms transition)
    hovered = link.evaluate(style)
    assert hovered["color"] != hovered["text"] and hovered["style"] == "solid", hovered


def test_the_toggle_is_operable_by_keyboard_and_remembered(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + ARTICLE)
    start = mode(page)
    assert not start["plain"] and start["pressed"] == ["Annotated"], start
    assert start["links"] > 50 and start["withHref"] == start["links"] and start["seeAlsoShown"], start
    group = page.locator(".ed-mode")
    assert group.get_attribute("role") == "group" and group.get_attribute("aria-label") == "Reading mode"
    plain_button = page.locator(".ed-mode button", has_text="Plain text")
    plain_button.focus()
    page.keyboard.press("Space")
    plain = mode(page)
    assert plain["plain"] and plain["pressed"] == ["Plain text"], plain
    # not links any more: nothing drawn, no tab stop, no tooltip, no "see also"
    assert plain["withHref"] == 0 and plain["withTitle"] == 0 and plain["seeAlsoShown"] is False, plain
    assert page.locator("#p10 a.term-ref").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    for _ in range(40):  # Tab through the text from the toggle: never a term, name or citation
        page.keyboard.press("Tab")
        assert not page.evaluate("document.activeElement.matches('a.term-ref, a.entity-ref, a.citation')")
    # remembered: after a reload, and on the other text's page
    page.reload()
    assert mode(page)["plain"] and mode(page)["withHref"] == 0
    page.goto(site_url + INTERVIEW)
    again = mode(page)
    assert again["plain"] and again["pressed"] == ["Plain text"] and again["withHref"] == 0, again
    annotated = page.locator(".ed-mode button", has_text="Annotated")
    annotated.focus()
    page.keyboard.press("Enter")
    back = mode(page)
    assert not back["plain"] and back["withHref"] == back["links"] and back["withTitle"] > 0, back
    page.goto(site_url + ARTICLE)
    assert not mode(page)["plain"]
    assert not desktop.console_errors, desktop.console_errors


def test_the_plain_page_is_drawn_plain_from_the_start(browser: Any, site_url: str) -> None:
    """The class is set by main.html's line before the page is drawn, not later by edition.js."""
    watched = open_page(browser)
    page = watched.page
    page.goto(site_url + ARTICLE)
    page.locator(".ed-mode button", has_text="Plain text").click()
    page.route("**/edition.js", lambda route: route.abort())   # without the script, still plain
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('ed-plain')")
    assert page.locator("#p10 a.term-ref").first.evaluate("e => getComputedStyle(e).pointerEvents") == "none"
    page.context.close()


def test_plain_text_has_no_accessibility_violation(browser: Any, site_url: str, axe_source: str) -> None:
    found = {}
    for scheme in ("light", "dark"):
        watched = open_page(browser, scheme=scheme)
        page = watched.page
        page.goto(site_url + ARTICLE)
        page.locator(".ed-mode button", has_text="Plain text").click()
        page.add_style_tag(content=".md-content * { content-visibility: visible !important; }")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => v.id + ': '
                + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')); }""")
        if result:
            found[scheme] = result
        page.context.close()
    assert not found, json.dumps(found, indent=1)
