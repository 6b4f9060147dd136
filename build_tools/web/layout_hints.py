"""Hints for the reader's browser, written into a text's HTML: how long each paragraph is.

The stylesheet (overrides/assets/stylesheets/edition.css) lets the browser skip the layout of
paragraphs off screen (`content-visibility: auto`), which is most of the work of showing a
long text on a phone. A skipped paragraph takes the height the stylesheet estimates for it
from its length in characters, given here on each numbered paragraph as the CSS custom
property `--ed-chars`. The stylesheet turns it into lines for the width of the screen.
"""

from __future__ import annotations

import re
from html import unescape

_PARAGRAPH = re.compile(r'<p class="para"(?P<attrs>[^>]*)>(?P<body>.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]+>")


def visible_length(html: str) -> int:
    """The number of characters a reader sees in a fragment of HTML (tags dropped, entities read)."""
    return len(unescape(_TAG.sub("", html)))


def add_paragraph_lengths(html: str) -> str:
    """Each `<p class="para">` gets `style="--ed-chars: N"`, unless it has a style already."""

    def hint(match: re.Match[str]) -> str:
        attrs = match.group("attrs")
        if "style=" in attrs:
            return match.group(0)
        length = visible_length(match.group("body"))
        return f'<p class="para"{attrs} style="--ed-chars: {length}">{match.group("body")}</p>'

    return _PARAGRAPH.sub(hint, html)
