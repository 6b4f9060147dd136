"""The edition's search in the MkDocs build: records gathered as pages are written, the index
written after them (`mkdocs build`, `python -m build_tools build` and every rebuild of `mkdocs serve`).

The theme shows its search box only when a plugin named "material/search" is configured; the
edition configures no search plugin (mkdocs.yml: `plugins: []`) and gives that slot to its own
box (overrides/partials/search.html) with `claim_header_slot`, so the box sits where, and looks
as, the theme's would without copying the theme's header template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.web import search_index, search_records

THEME_SEARCH_SLOT = "material/search"


@dataclass
class _SlotConfig:
    enabled: bool = True


class HeaderSlot:
    """Stands in the theme's "material/search" slot: no events, only `config.enabled`."""

    def __init__(self) -> None:
        self.config = _SlotConfig()


def claim_header_slot(config: Any) -> None:
    """Make the theme's header include partials/search.html (the edition's search box)."""
    if THEME_SEARCH_SLOT not in config.plugins:
        config.plugins[THEME_SEARCH_SLOT] = HeaderSlot()


@dataclass
class Collector:
    """The records of one build, in the order MkDocs writes the pages."""

    labels: dict[str, str] = field(default_factory=dict)  # a text's source path -> "Curtis 2018"
    records: list[search_index.Record] = field(default_factory=list)

    def start(self, labels: dict[str, str]) -> None:
        self.labels, self.records = labels, []

    def add_page(self, html: str, page: Any) -> None:
        meta = page.meta or {}
        search_meta = meta.get("search")
        if isinstance(search_meta, dict) and search_meta.get("exclude"):
            return
        title = str(meta.get("title") or page.title or "")
        label = self.labels.get(page.file.src_uri)
        self.records.extend(search_records.page_records(html, page.url, title, label))

    def write(self, site_dir: str | Path) -> None:
        search_index.write(ordered(self.records), Path(site_dir))


def ordered(records: list[search_index.Record]) -> list[search_index.Record]:
    """Sorted by address, so that the index does not depend on the order pages were written."""
    return sorted(records, key=lambda r: (r.url.partition("#")[0], _place_key(r.url)))


def _place_key(url: str) -> tuple[int, int, str]:
    """Paragraphs by number, then notes by number, then the rest by anchor."""
    anchor = url.partition("#")[2]
    for order, prefix in enumerate(("p", "fn:")):
        number = anchor[len(prefix):]
        if anchor.startswith(prefix) and number.isdigit():
            return (order, int(number), "")
    return (2, 0, anchor)
