"""The edition's search, in Chromium: the paragraph holding a phrase comes first, a click lands on
it marked, nothing is fetched before a reader types, and nothing from another host.

The phrases are drawn (seeded) from the numbered paragraphs of the built pages, as a reader sees
them, so the test follows the texts and is never a list of answers.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from build_tools.web.search_index import tokens
from tests.browser.conftest import Watched, open_page

PHRASES = 40
FIRST_HIT_AT_LEAST = 38
ONE_WORD_BUDGET = 200_000  # bytes a one-word search may fetch

# The first result for the current query: its href, "none" when nothing is found, or false while
# the results on screen are still those of an earlier query.
FIRST_HIT = """(query) => {
    const status = document.querySelector('.md-search-result__meta').textContent;
    const link = document.querySelector('.md-search-result__link');
    if (/^Nothing found/.test(status)) return 'none';
    if (!link) return false;
    return new URL(link.href).searchParams.get('h') === query ? link.getAttribute('href') : false;
}"""


def paragraphs(site: Path) -> list[tuple[str, str, str]]:
    """(text page, paragraph id, the paragraph's words as a reader sees them) of every text."""
    found = []
    for page in sorted((site / "texts").glob("*/index.html")):
        document = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
        for para in document.xpath("//p[contains(concat(' ', @class, ' '), ' para ')][starts-with(@id, 'p')]"):
            for marker in para.xpath(".//a[contains(@class, 'para-num')] | .//sup | .//button"):
                marker.drop_tree()
            words = " ".join(para.text_content().split())
            found.append((f"texts/{page.parent.name}/", str(para.get("id")), words))
    return found


def draw_phrases(site: Path, count: int = PHRASES, seed: int = 20261205) -> list[tuple[str, str, str]]:
    """(phrase of 4–6 words, its page, its paragraph id), drawn from paragraphs of 12 words or more."""
    rng = random.Random(seed)
    pool = [p for p in paragraphs(site) if len(p[2].split()) >= 12]
    drawn = []
    for _ in range(count):
        page, ident, text = rng.choice(pool)
        words = text.split()
        length = rng.randint(4, 6)
        start = rng.randrange(0, len(words) - length + 1)
        drawn.append((" ".join(words[start:start + length]), page, ident))
    return drawn


def search(page: Any, query: str) -> str:
    """Type a query into the header's box; the first result's href ("none" if nothing)."""
    box = page.locator(".md-search__input")
    box.fill(query)
    handle = page.wait_for_function(FIRST_HIT, arg=query.strip(), timeout=10_000)
    return str(handle.json_value())


def test_the_paragraph_holding_a_phrase_is_the_first_hit(desktop: Watched, site_url: str, built_site: Path) -> None:
    phrases = draw_phrases(built_site)
    assert len({(p, i) for _, p, i in phrases}) > 20  # drawn across the texts, not from one place
    page = desktop.page
    page.goto(site_url + "texts/curtis-2018/", wait_until="networkidle")
    page.locator(".md-search__input").click()
    words_at = {(place, ident): [t for t, _ in tokens(text)] for place, ident, text in paragraphs(built_site)}
    misses, wrong = [], []
    for phrase, target_page, ident in phrases:
        href = search(page, phrase)
        parts = urlsplit(href)
        if parts.path.endswith("/" + target_page) and parts.fragment == ident:
            continue
        misses.append((phrase, f"{target_page}#{ident}", href))
        # a phrase the texts use more than once ("at the same time") may lead to another place
        # that holds it word for word; any other first hit is wrong
        wanted = [t for t, _ in tokens(phrase)]
        place = "texts/" + parts.path.rpartition("/texts/")[2] if "/texts/" in parts.path else parts.path
        there = words_at.get((place, parts.fragment), [])
        if not any(there[i:i + len(wanted)] == wanted for i in range(len(there))):
            wrong.append((phrase, f"{target_page}#{ident}", href))
    assert len(phrases) - len(misses) >= FIRST_HIT_AT_LEAST, misses
    assert not wrong, wrong
    assert not desktop.console_errors, desktop.console_errors
    assert not desktop.foreign_requests, desktop.foreign_requests


def test_a_result_lands_on_its_paragraph_marked(desktop: Watched, site_url: str, built_site: Path) -> None:
    page = desktop.page
    for phrase, target_page, ident in draw_phrases(built_site, count=3, seed=7):
        page.goto(site_url + "texts/amin-wilson-2023/", wait_until="networkidle")
        page.locator(".md-search__input").click()
        search(page, phrase)
        page.locator(".md-search-result__link").first.click()
        page.wait_for_url(re.compile(re.escape(target_page) + r"\?h=[^#]+#" + ident + "$"))
        place = page.locator(f"#{ident}")
        place.locator("mark.ed-search-mark").first.wait_for(state="attached", timeout=5_000)
        assert "ed-search-target" in (place.get_attribute("class") or "")
        marked = " ".join(place.locator("mark.ed-search-mark").all_text_contents())
        wanted = {t for t, _ in tokens(phrase)} - {"the", "of", "and", "a", "to", "in"}
        assert wanted & {t for t, _ in tokens(marked)}, (phrase, marked)
        box = place.bounding_box()
        assert box is not None and 0 <= box["y"] < 900, box  # scrolled to it
    assert not desktop.console_errors, desktop.console_errors


def test_nothing_is_fetched_before_typing_and_a_word_costs_little(desktop: Watched, site_url: str) -> None:
    page = desktop.page
    sizes: dict[str, int] = {}
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())))
    page.goto(site_url + "texts/curtis-2018/", wait_until="networkidle")
    loaded = len(desktop.requests)
    assert not [u for u in desktop.requests if "/search" in urlsplit(u).path], desktop.requests
    page.keyboard.press("/")  # the shortcut opens the box; still nothing fetched
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    assert len(desktop.requests) == loaded, desktop.requests[loaded:]
    page.keyboard.type("chrysalis", delay=30)
    page.wait_for_function(FIRST_HIT, arg="chrysalis", timeout=10_000)
    page.wait_for_load_state("networkidle")
    searched = desktop.requests[loaded:]
    assert searched and not desktop.foreign_requests, desktop.foreign_requests
    spent = sum(sizes.get(url, 0) for url in set(searched))
    assert 0 < spent <= ONE_WORD_BUDGET, (spent, searched)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert not page.evaluate("document.activeElement.classList.contains('md-search__input')")


def test_hyphenated_and_curly_quoted_forms_are_found(desktop: Watched, site_url: str, built_site: Path) -> None:
    """A word written with a hyphen or a curly apostrophe is found however the reader types it."""
    texts = [text for _, _, text in paragraphs(built_site)]
    hyphenated = next(m.group(0) for t in texts if (m := re.search(r"\b[a-z]{3,}-[a-z]{3,}\b", t)))
    curly = next(m.group(0) for t in texts if (m := re.search(r"\b[A-Za-z]{3,}’[a-z]+\b", t)))
    page = desktop.page
    page.goto(site_url, wait_until="networkidle")
    page.locator(".md-search__input").click()
    for query in (hyphenated, hyphenated.replace("-", " "), hyphenated.replace("-", ""),
                  curly, curly.replace("’", "'")):
        assert search(page, query) != "none", query


def tokens_in_browser(page: Any, text: str) -> list[list[Any]]:
    return list(page.evaluate("(t) => window.edSearch.tokens(t).map(x => [x.t, x.p])", text))


def test_the_browser_folds_words_as_the_index_does(desktop: Watched, site_url: str, built_site: Path) -> None:
    page = desktop.page
    page.goto(site_url, wait_until="networkidle")
    page.locator(".md-search__input").fill("x")
    page.wait_for_function("window.edSearch !== undefined")
    samples = ["Polanyi’s ‘double movement’", "thrown-togetherness", "Napoléon — the ﬁrst; let's go",
               "co‑operation (1991) 2nd", *[text for _, _, text in paragraphs(built_site)[:12]]]
    for sample in samples:
        assert tokens_in_browser(page, sample) == [[t, p] for t, p in tokens(sample)], sample


def settle(page: Any, selector: str) -> None:
    """Wait until the theme's opening transitions are over: the element stands still and fully
    opaque for a few frames (measured mid-slide, its box and its contrast are the animation's)."""
    page.evaluate("""(selector) => new Promise(resolve => {
        let last = '', still = 0, frames = 0;
        const step = () => {
            const e = document.querySelector(selector);
            let el = e, opacity = 1;
            while (el) { opacity *= parseFloat(getComputedStyle(el).opacity || '1'); el = el.parentElement; }
            const r = e ? e.getBoundingClientRect() : null;
            const now = r ? [r.x, r.y, r.width, r.height, opacity].join() : '';
            still = (now === last && opacity === 1) ? still + 1 : 0;
            last = now;
            if (still >= 5 || ++frames > 300) resolve(); else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    })""", selector)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_results_are_readable_and_accessible(browser: Any, site_url: str, axe_source: str, scheme: str) -> None:
    for width, height in ((1280, 900), (390, 844)):
        watched = open_page(browser, width=width, height=height, scheme=scheme)
        page = watched.page
        page.goto(site_url + "texts/curtis-2018/", wait_until="networkidle")
        if width < 700:  # a phone: the header's magnifier opens the box
            page.locator('label.md-header__button[for="__search"]').click()
        page.locator(".md-search__input").click()
        search(page, "global city")
        settle(page, ".md-search-result__link")
        first = page.locator(".md-search-result__link").first
        assert first.is_visible()
        box = first.bounding_box()
        assert box is not None and box["x"] > -1 and box["x"] + box["width"] < width + 1, box  # (sub-pixel)
        # nothing of the results wider than the screen (the theme's expanding overlay circle is,
        # by design, clipped by its `overflow-x: hidden` on <html>)
        wide = page.evaluate("""(width) => [...document.querySelectorAll('.md-search__output *')]
            .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > width + 1)
            .map(e => e.className)""", width)
        assert not wide, wide
        page.add_script_tag(content=axe_source)
        found = page.evaluate("""async () => {
            const r = await axe.run(document.querySelector('.md-search'), {resultTypes: ['violations']});
            return r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '));
        }""")
        assert not found, (width, found)
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert not watched.console_errors, watched.console_errors
        page.context.close()


def test_opened_as_a_file_search_says_it_needs_a_server(desktop: Watched, built_site: Path) -> None:
    page = desktop.page
    page.goto((built_site / "texts" / "curtis-2018" / "index.html").as_uri())
    page.locator(".md-search__input").fill("chrysalis")
    status = page.locator(".md-search-result__meta")
    page.wait_for_function("/web server/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=10_000)
    assert "web server" in status.inner_text()


def test_the_removal_report_and_the_apparatus_are_not_searched(built_site: Path) -> None:
    import gzip
    import json

    chunks = sorted((built_site / "search" / "d").glob("*.bin"))
    urls = [record[0] for chunk in chunks for record in json.loads(gzip.decompress(chunk.read_bytes()))]
    assert any(u.startswith("texts/") and re.search(r"#p\d+$", u) for u in urls)
    assert not [u for u in urls if u.startswith(("removals/", "apparatus/", "bibliography/"))]
