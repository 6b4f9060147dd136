"""A reader's path through the edition, in Chromium: search, notes, ¶ links, citing."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import Watched

# A phrase from each text, and the page it must lead to.
SEARCHES = [("chrysalis", "texts/curtis-2018/"), ("sacks of potatoes", "texts/amin-wilson-2023/")]


@pytest.mark.parametrize(("phrase", "target"), SEARCHES)
def test_search_finds_a_phrase_of_each_text_and_highlights_it(desktop: Watched, site_url: str,
                                                                phrase: str, target: str) -> None:
    page = desktop.page
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type(phrase, delay=20)
    # a paragraph of the text (the edition's search gives one result per paragraph: #p<n>), among the
    # results of the whole phrase (on a loaded machine the results of its first word may show first)
    query = quote(phrase, safe="")
    result = page.locator(f'.md-search-result__item a[href*="{target}?h={query}#p"]').first
    result.wait_for(state="visible", timeout=10_000)
    result.click()
    page.wait_for_url(re.compile(re.escape(target) + r"\?h=[^#]+#p\d+$"))
    marks = page.locator("mark.ed-search-mark")
    marks.first.wait_for(state="attached", timeout=5_000)
    highlighted = " ".join(marks.all_text_contents()).lower()
    assert phrase.split()[-1] in highlighted, highlighted
    assert not desktop.console_errors, desktop.console_errors


def test_a_footnote_tooltip_shows_the_note(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    note_start = page.locator('li[id="fn:1"] p').first.inner_text()[:60]
    page.locator('#p3 a.footnote-ref[href="#fn:1"]').hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert note_start in tooltip.inner_text()


def test_a_footnote_tooltip_opens_from_the_keyboard(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    note_start = page.locator('li[id="fn:1"] p').first.inner_text()[:60]
    page.locator('#p3 a.footnote-ref[href="#fn:1"]').focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # arrive by keyboard, so focus-visible applies
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#fn:1"
    page.locator(".md-tooltip2--active", has_text=note_start).first.wait_for(state="visible", timeout=5_000)


def test_the_skip_link_is_the_first_stop_and_visible(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/amin-wilson-2023/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
        return {text: e.textContent.trim(), href: e.getAttribute('href'), w: r.width, h: r.height,
                outline: getComputedStyle(e).outlineStyle, opacity: getComputedStyle(e).opacity}; }""")
    assert focused["text"].lower().startswith("skip to content"), focused
    page.wait_for_timeout(400)  # the theme fades the link in
    assert page.evaluate("getComputedStyle(document.activeElement).opacity") == "1"
    assert focused["w"] > 0 and focused["h"] > 0


def test_a_paragraph_permalink_scrolls_to_its_paragraph(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    page.locator("#p23 a.para-num").click()
    page.wait_for_url(re.compile(r"#p23$"))
    page.wait_for_timeout(300)
    top = page.evaluate("document.getElementById('p23').getBoundingClientRect().top")
    assert 0 <= top < 200, top
    # and a fresh load of the link lands there too
    page.goto(site_url + "texts/amin-wilson-2023/#p12")
    page.wait_for_timeout(300)
    top = page.evaluate("document.getElementById('p12').getBoundingClientRect().top")
    assert 0 <= top < 200, top


def test_cite_this_copies_a_citation(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    page.locator("details.ed-cite > summary").click()
    expected = page.locator("#cite-original-0").inner_text().strip()
    assert "10.1515/ngs-2018-0007" in expected
    page.locator('button.ed-copy[data-ed-copy="cite-original-0"]').click()
    page.wait_for_timeout(200)
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "Copied" in page.locator(".ed-copy-status").inner_text()


def test_each_paragraph_copies_its_citation(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    page.locator("#p23").hover()
    page.locator("#p23 button.ed-para-cite").click()
    page.wait_for_timeout(200)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Curtis 2018, ¶ 23, "), copied
    assert copied.endswith("/texts/curtis-2018/#p23"), copied


def test_the_bibtex_and_ris_downloads_are_served(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    page.goto(site_url + "texts/amin-wilson-2023/")
    page.locator("details.ed-cite > summary").click()
    for label, marker in (("BibTeX", "@article{amin2023,"), ("RIS", "TY  - MGZN")):
        with page.expect_download() as download:
            page.locator(f".ed-cite__downloads a:text-is('{label}')").click()
        path = download.value.path()
        assert marker in Path(path).read_text(encoding="utf-8")


# The glossary's and the bibliography's links carry their text in `title`, which the theme
# turns into a tooltip (and removes from the element), so the expected text is read from the
# built HTML.
APPARATUS_TOOLTIPS = [("a.term-ref", "glossary"), ("a.citation", "citation")]


@pytest.mark.parametrize(("selector", "kind"), APPARATUS_TOOLTIPS)
def test_glossary_and_citation_tooltips_show_by_mouse_and_keyboard(desktop: Watched, site_url: str,
                                                                    built_site: Path, selector: str,
                                                                    kind: str) -> None:
    html = (built_site / "texts" / "curtis-2018" / "index.html").read_text(encoding="utf-8")
    css_class = selector.split(".", 1)[1]
    found = re.search(rf'<a class="{css_class}" href="[^"]*" title="([^"]+)"', html)
    assert found, f"no {kind} link with a title on the article's page"
    expected = unescape(found.group(1))[:40]
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/")
    link = page.locator(selector).first
    link.hover()
    # (a tooltip that is fading out may still be active: look for the one with this text)
    page.locator(".md-tooltip2--active", has_text=expected).first.wait_for(state="visible", timeout=5_000)
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    page.locator(".md-tooltip2--active", has_text=expected).first.wait_for(state="visible", timeout=5_000)
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert described and expected in page.locator(f"#{described}").inner_text()
