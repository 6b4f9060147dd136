"""What a reader's browser fetches: a text page's first load, then a one-word and a phrase search
(Chromium through playwright, against the built site on a local server).

`python -m bench.search_bytes SITE SLUG` prints one JSON line: bytes of the first load (every
response until the network is idle), and the bytes each search adds (the index files it fetches),
as sent by the local server: the search's own files are stored compressed (search/*.bin), the
page, scripts and stylesheets are sent as they are (a server that compresses them sends less;
`bench/page_weight.py` gives their gzip sizes). Also whether each search found a result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, configured_path, served_at

FIRST_HIT = """() => {
    const status = document.querySelector('.md-search-result__meta');
    const link = document.querySelector('.md-search-result__link');
    if (status && /^Nothing found/.test(status.textContent)) return 'none';
    return link ? link.getAttribute('href') : false;
}"""


def measure(site: Path, slug: str, word: str, phrase: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    site = site.resolve()
    with served_at(site, configured_path(site)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
        page = browser.new_page()
        fetched: list[tuple[str, int]] = []

        def done(request: Any) -> None:
            sizes = request.sizes()
            fetched.append((request.url, int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])))

        page.on("requestfinished", done)
        page.goto(f"{base}texts/{slug}/", wait_until="networkidle")
        result: dict[str, Any] = {"first_load": sum(size for _, size in fetched),
                                  "first_load_search_files": sum(s for u, s in fetched if "/search/" in u)}
        for label, query in (("one_word", word), ("phrase", phrase)):
            before = len(fetched)
            box = page.locator(".md-search__input")
            box.click()
            box.fill(query)
            hit = page.wait_for_function(FIRST_HIT, timeout=60_000).json_value()
            page.wait_for_load_state("networkidle")
            added = fetched[before:]
            result[label] = {"query": query, "bytes": sum(size for _, size in added), "files": len(added),
                             "first_hit": hit}
            box.fill("")
            page.keyboard.press("Escape")
        browser.close()
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site, slug = Path(args[0]), args[1]
    word = args[2] if len(args) > 2 else "globalisation"
    phrase = args[3] if len(args) > 3 else ""
    if not phrase:  # a phrase of the page itself, so that it is found
        import importlib

        paragraphs = importlib.import_module("tests.browser.test_search").paragraphs  # the browser tests' reading
        words = next(w for p, _i, w in paragraphs(site) if p == f"texts/{slug}/" and len(w.split()) >= 20).split()
        phrase = " ".join(words[8:13])
    print(json.dumps(measure(site, slug, word, phrase)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
