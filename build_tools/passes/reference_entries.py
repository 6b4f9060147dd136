"""Pass: give every entry of the reference list a stable anchor (`#ref-sassen-1991`).

The anchor is made from the authors' family names and the year, as an author–year
citation names the work: "Acuto, M. and S. Curtis (2014)" → `ref-acuto-curtis-2014`.
Two works of the same authors and year get `a`, `b` suffixes, as citations would.
"""

from __future__ import annotations

import re
from collections import Counter

from build_tools.model import Document, Role
from build_tools.passes.anchor_headings import slugify
from build_tools.passes.context import PassContext

_YEAR = re.compile(r"\(?((?:1[5-9]|20)\d\d)[a-z]?\)?")


def family_names(authors: str) -> list[str]:
    """Family names from the author part of an entry ("Acuto, M. and S. Curtis")."""
    names: list[str] = []
    for part in re.split(r"\s+(?:and|&)\s+", authors.strip(" ,.")):
        part = part.strip(" ,.")
        if "," in part:
            names.append(part.split(",")[0].strip())
        elif part:
            names.append(part.split()[-1])
    return names


def entry_key(text: str) -> str:
    match = _YEAR.search(text)
    if match is None:
        return "ref-" + slugify(text[:30])
    families = family_names(text[: match.start()])
    return "ref-" + "-".join([slugify(name) for name in families[:2]] + [match.group(1)])


def run(doc: Document, ctx: PassContext) -> None:
    entries = list(doc.paragraphs(Role.REFERENCE))
    keys = [entry_key(entry.text) for entry in entries]
    counts = Counter(keys)
    seen: Counter[str] = Counter()
    for entry, key in zip(entries, keys, strict=False):
        if counts[key] > 1:
            suffix = "abcdefghijklmnopqrstuvwxyz"[seen[key]]
            seen[key] += 1
            key += suffix
        entry.anchor = key
