"""Page weight: every byte a browser fetches for a page of the built site, raw and gzip-compressed.

Read from the built files, not from a browser, so the figure is exact and repeatable: the
HTML; what it links (stylesheets, scripts, icons, images, preloads); what those stylesheets
pull in (`url(…)`, `@import`: fonts, images). The search index is not among them: the edition's
search (build_tools/web/search_index.py) fetches nothing until a reader types, and then only the
pieces a query needs; `search_cost` weighs those for one word. Compressed sizes are gzip level 6,
what GitHub Pages and most servers send (the index's own files are stored compressed already).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_tools.web import search_index

_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
_LINKED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}


@dataclass(frozen=True)
class Resource:
    path: str  # relative to the site
    raw: int
    compressed: int


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "link" and _LINKED_RELS & set(found.get("rel", "").split()):
            self.urls.append(found.get("href", ""))
        elif tag in {"script", "img", "source", "video", "audio", "iframe"} and found.get("src"):
            self.urls.append(found["src"])


def _local(url: str, base: Path, site: Path) -> Path | None:
    """The file of the site a URL points to, or None for data:, other hosts and missing files."""
    parts = urlsplit(url)
    if not url or parts.scheme or parts.netloc or url.startswith("#"):
        return None
    target = (base / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file() or site.resolve() not in target.parents:
        return None
    return target


def page_resources(page: Path, site: Path) -> list[Path]:
    """The page and every local file it loads, in a stable order, each once."""
    seen: dict[Path, None] = {page.resolve(): None}
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    queue = [target for url in parser.urls if (target := _local(url, page.parent, site))]
    while queue:
        target = queue.pop(0)
        if target in seen:
            continue
        seen[target] = None
        if target.suffix == ".css":
            css = target.read_text(encoding="utf-8", errors="replace")
            for match in _CSS_URL.finditer(css):
                url = match.group(1) or match.group(2)
                if (found := _local(url, target.parent, site)) is not None:
                    queue.append(found)
    return list(seen)


def weigh(page: Path, site: Path) -> list[Resource]:
    resources: list[Resource] = []
    for path in page_resources(page, site):
        data = path.read_bytes()
        resources.append(Resource(path.relative_to(site.resolve()).as_posix(), len(data),
                                  len(gzip.compress(data, compresslevel=6, mtime=0))))
    return resources


def measure(site: Path, pages: dict[str, str]) -> dict[str, list[Resource]]:
    """{label: resources} for each page (site-relative path of its index.html)."""
    return {label: weigh(site.resolve() / relative, site) for label, relative in pages.items()}


def search_cost(site: Path, word: str, shown: int = 10) -> list[Resource]:
    """What a one-word search fetches (search/ of the built site): the search script and
    stylesheet, the manifest, the word's term shard and the record chunks of the first `shown`
    records holding it (the browser ranks them; the first by record order is the same count)."""
    root = site.resolve()
    index = root / search_index.INDEX_DIR
    manifest = json.loads((index / "index.json").read_text(encoding="utf-8"))
    term = search_index.tokens(word)[0][0]
    shard = max((n for n, first in enumerate(manifest["shards"]) if first <= term), default=0)
    shard_file = index / "t" / f"{manifest['id']}-{shard}.bin"
    run = json.loads(gzip.decompress(shard_file.read_bytes())).get(term, [])
    records: list[int] = []
    rid, at = 0, 0
    while at < len(run) and len(records) < shown:  # [id delta, length, n, n positions]
        rid += run[at]
        records.append(rid)
        at += 3 + run[at + 2]
    chunks = sorted({rid // manifest["chunk"] for rid in records})
    files = [root / "assets" / "javascripts" / "search.js", root / "assets" / "stylesheets" / "search.css",
             index / "index.json", shard_file, *(index / "d" / f"{manifest['id']}-{n}.bin" for n in chunks)]
    out = []
    for path in files:
        data = path.read_bytes()
        packed = len(data) if path.suffix == ".bin" else len(gzip.compress(data, compresslevel=6, mtime=0))
        out.append(Resource(path.relative_to(root).as_posix(), len(data), packed))
    return out
