"""What a text's slug (its folder name under `seeds/texts/`) may be.

The slug names the text's page (`texts/<slug>/`), its downloads (`downloads/<slug>.pdf`,
`.bib`, `.ris`), its EPUB chapter id and its MANIFEST entry, so it must be safe in a URL, a
file name, an XML id and YAML alike, and must not collide with a file the edition itself
writes: a text called `edition` would replace the whole-edition PDF, one called
`bibliography` the bibliography's exports.
"""

from __future__ import annotations

import re

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

# Names of the edition's own pages, folders and downloads (`downloads/edition.pdf`,
# `downloads/bibliography.bib`, `glossary/`, `search/`, `assets/` …).
RESERVED = frozenset({
    "edition", "bibliography", "glossary", "persons", "places", "organisations", "themes", "about",
    "downloads", "search", "assets", "index", "apparatus", "removals", "texts", "sitemap", "404",
    "javascripts", "stylesheets", "overrides",
})


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a text, or None if it can."""
    if not SLUG.fullmatch(slug):
        shown = slug if len(slug) <= 80 else slug[:79] + "…"
        return (f"'{shown}' is not a slug: 1 to 64 lower-case letters, digits and hyphens, starting with "
                "a letter or digit")
    if slug in RESERVED:
        return f"'{slug}' is a name the edition uses for its own pages or downloads"
    return None


def is_allowed(slug: str) -> bool:
    return slug_problem(slug) is None
