"""The "Cite this" box and the reading facts shown under a text's title.

Inserted into the page's HTML after the source details (the line under the title), so
that it sits with the other facts about the publication and before the text. The copy
buttons and the per-paragraph "copy citation" are made to work by
overrides/assets/javascripts/edition.js; without JavaScript the box still shows every
citation as text, and the buttons are hidden.
"""

from __future__ import annotations

import re
from html import escape

from build_tools.render.source_facts import long_date
from build_tools.web.citation import Citation, citations
from build_tools.web.facts import TextFacts

_SOURCE_DETAILS_END = re.compile(r'<p class="source-details">.*?</p>', re.S)
_TITLE_END = re.compile(r"</h1>")


# A build without EDITION_SITE_URL knows no address for the edition: its citations give none
# rather than a placeholder, and say so.
_NO_ADDRESS = ('<p class="ed-cite__hint ed-cite__no-url">This copy of the edition was built without its web '
               "address, so the citations of this edition above give none: add the address where you read it.</p>")


def reading_facts_html(f: TextFacts) -> str:
    return (f'<p class="ed-reading"><span>{f.words:,} words</span> · '
            f"<span>about {f.reading_minutes} minutes’ reading</span> · "
            f'<span>edition of <time datetime="{f.built.isoformat()}">{long_date(f.built)}</time></span></p>')


def _item(citation: Citation, ident: str) -> str:
    whose = "the original" if citation.of == "original" else "this edition"
    return (f'<div class="ed-cite__item">'
            f'<p class="ed-cite__style">{escape(citation.style)}</p>'
            f'<p class="ed-cite__text" id="{ident}">{citation.html}</p>'
            f'<button type="button" class="ed-copy" data-ed-copy="{ident}" '
            f'aria-label="Copy the {escape(citation.style)} citation of {whose}">Copy</button>'
            f"</div>")


def cite_box_html(f: TextFacts, downloads_href: str) -> str:
    """`downloads_href`: the relative URL of the site's downloads/ folder from this page."""
    items = citations(f)
    original = "".join(_item(c, f"cite-original-{i}") for i, c in enumerate(items) if c.of == "original")
    edition = "".join(_item(c, f"cite-edition-{i}") for i, c in enumerate(items) if c.of == "edition")
    base = downloads_href.rstrip("/") + "/" + f.slug
    example = f"{f.config.short_title}, ¶ 1"
    return (
        f'<details class="ed-cite" id="cite-this" data-ed-short-title="{escape(f.config.short_title)}">'
        "<summary>Cite this text</summary>"
        '<div class="ed-cite__body">'
        '<p class="ed-cite__label">The original publication</p>'
        f"{original}"
        '<p class="ed-cite__label">This edition</p>'
        f"{edition}"
        '<p class="ed-cite__downloads">Download both references: '
        f'<a href="{escape(base)}.bib" download>BibTeX</a> · <a href="{escape(base)}.ris" download>RIS</a></p>'
        f'<p class="ed-cite__hint">To cite a passage, give the paragraph number: “{escape(example)}”. '
        "Each paragraph’s number links to it; its “copy citation” button copies the citation with the link.</p>"
        f"{'' if f.edition_url else _NO_ADDRESS}"
        '<p class="ed-copy-status" role="status" aria-live="polite"></p>'
        "</div></details>"
    )


def insert_after_source_details(html: str, addition: str) -> str:
    """Put `addition` after the source details paragraph (else after the title, else first)."""
    for pattern in (_SOURCE_DETAILS_END, _TITLE_END):
        match = pattern.search(html)
        if match:
            return html[: match.end()] + "\n" + addition + html[match.end():]
    return addition + "\n" + html
