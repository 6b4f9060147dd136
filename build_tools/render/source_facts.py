"""The published source in words, shared by every place that names it.

The line under each text's title on the site (`render/markdown.py`), the books' title pages
and source lines (`render/book_meta.py`) and the Chicago citation of the "Cite this" box
(`web/citation.py`) all say where a text was published, "*New Global Studies* 12 (1):
75–90", and when, "17 April 2018". They take it from here, as inline nodes of the document
model that each renderer sets its own way, so that they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from build_tools.model import Emphasis, Inline, Text


def long_date(date: dt.date | str) -> str:
    """"17 April 2018", from a date or its ISO form."""
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    return f"{day.day} {day.strftime('%B')} {day.year}"


def where(meta: dict[str, Any]) -> list[Inline]:
    """The container, italic, with volume (issue): pages when the text's YAML has them."""
    container = meta.get("container")
    if not container:
        return []
    out: list[Inline] = [Emphasis([Text(str(container))])]
    if meta.get("volume"):
        out.append(Text(f" {meta['volume']}"))
        if meta.get("issue"):
            out.append(Text(f" ({meta['issue']})"))
    if meta.get("pages"):
        out.append(Text(f": {meta['pages']}"))
    return out
