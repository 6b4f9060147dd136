"""Page weight: every byte a browser fetches for a page of the built site, raw and gzip-compressed.

Read from the built files, not from a browser, so the figure is exact and repeatable: the
HTML; what it links (stylesheets, scripts, icons, images, preloads); what those stylesheets
pull in (`url(…)`, `@import`: fonts, images); and what Material's script fetches on load —
its search worker (named in the page's `__config`) and the search index. Compressed sizes
are gzip level 6, what GitHub Pages and most servers send.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "link" and _LINKED_RELS & set(found.get("rel", "").split()):
            self.urls.append(found.get("href", ""))
        elif tag in {"script", "img", "source", "video", "audio", "iframe"} and found.get("src"):
            self.urls.append(found["src"])
        elif tag == "script" and found.get("id") == "__config":
            self._in_config = True

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False


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
    if parser.config:
        config = json.loads(parser.config)
        base = (page.parent / config.get("base", ".")).resolve()
        worker = config.get("search")
        if worker and (target := _local(worker, page.parent, site)):  # relative to the page, like `base`
            queue.append(target)
        if (index := base / "search" / "search_index.json").is_file():
            queue.append(index)
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
