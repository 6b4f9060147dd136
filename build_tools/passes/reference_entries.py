"""Pass: give every entry of the reference list a stable anchor (`#ref-sassen-1991`).

The anchor is made from the authors' family names and the year, as an author–year
citation names the work: "Acuto, M. and S. Curtis (2014)" → `ref-acuto-curtis-2014`.
Two works of the same authors and year get `a`, `b` suffixes, as citations would; a year the
entry itself suffixes ("2020b") keeps its letter. The names and year are the parser's
(`apparatus/references.py`), so a numbered or Vancouver entry ("12. Smith AB, Jones C. Title.
Journal 2019;…") and a repeated-author dash ("———. 2011.") are named like any other.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from build_tools.apparatus.references import shared_plain_entry
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


@lru_cache(maxsize=8192)
def _key_and_authors(text: str, previous: str) -> tuple[str, str]:
    """An entry's anchor and its authors as written (cached: a rebuild parses the same entries)."""
    parsed = shared_plain_entry(text, previous)  # (only read: the cache's own, not a copy)
    if parsed is None:
        return entry_key(text), ""
    names = parsed.families[:2] or [" ".join(str(parsed.csl.get("title", "")).split()[:3])]
    slugs = [_slug(name) for name in names]  # (each once, not once to test and once to keep)
    parts = [slug for slug in slugs if slug] + ([_slug(parsed.year)] if parsed.year else [])
    return ("ref-" + "-".join(parts) if parts else entry_key(text)), parsed.authors_text


def _slug(text: str) -> str:
    """`slugify(text)`; a word of ASCII letters and digits (most family names, every year) is its own
    slug once lower-cased, without the Unicode normalising and the substitution."""
    return text.lower() if text.isascii() and text.isalnum() else slugify(text)


def parsed_keys(texts: list[str]) -> list[str]:
    """The anchor of each entry of a list, in order (a dash repeats the previous entry's authors)."""
    keys: list[str] = []
    previous = ""
    for text in texts:
        key, authors = _key_and_authors(text, previous)
        previous = authors or previous
        keys.append(key)
    return keys


def run(doc: Document, ctx: PassContext) -> None:
    entries = list(doc.paragraphs(Role.REFERENCE))
    keys = parsed_keys([entry.text for entry in entries])
    counts = Counter(keys)
    seen: Counter[str] = Counter()
    for entry, key in zip(entries, keys, strict=False):
        if counts[key] > 1:
            suffix = "abcdefghijklmnopqrstuvwxyz"[seen[key]]
            seen[key] += 1
            key += suffix
        entry.anchor = key
