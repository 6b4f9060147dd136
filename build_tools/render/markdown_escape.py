"""Escaping text for Python-Markdown, so that text which looks like markup stays text.

A source may hold `*`, `[^1]`, `<script>` or `# ` as plain characters; in the edition they
must read as those characters, never become markup. Every character Markdown (with the
site's extensions) could read as syntax is escaped; `pymdownx.escapeall` makes a backslash
escape any character, so the escaping is uniform.
"""

from __future__ import annotations

import re

_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]{}~^|!])")
_LINE_START_MARK = re.compile(r"^(\s*)([#>+=:-])")
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def escape_text(text: str) -> str:
    """Escape a run of text that sits inside a line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE_SYNTAX.sub(r"\\\1", text)


def escape_line_start(line: str) -> str:
    """Escape what would start a heading, quote, list or definition at the start of a line."""
    line = _LINE_START_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
    return _LINE_START_NUMBER.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)


def escape_attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def escape_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
