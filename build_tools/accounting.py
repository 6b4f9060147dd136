"""The word accounting: every word of a source is in the edition or in the removal report.

It checks what readers get, not the model: the text page and the text's section of the
removal report are rendered to HTML by Python-Markdown with the site's own extensions,
and their words are counted against the raw file's. Extra words (speaker labels, ¶
numbers, the source details) are the editor's and allowed; a missing one fails the build.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from html.parser import HTMLParser

import markdown

from build_tools.diagnostics import Diagnostics

# The extensions MkDocs renders with (see mkdocs.yml), so the check sees what readers see.
MARKDOWN_EXTENSIONS = ["footnotes", "attr_list", "md_in_html", "admonition", "meta", "tables",
                       "pymdownx.escapeall"]
# A word is a run of word characters (\w) other than the superscript note markers. The markers
# are structure, not words: the edition turns them into linked note numbers, and lift_footnotes
# checks that markers and notes pair up one to one. They end a word ("city¹city" is two words),
# as a space would; left out of the pattern, not replaced in the text first (a whole-text
# `str.translate` cost as much as the matching).
_WORD = re.compile(r"[^\W⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


# One converter per thread, reset before each page: building one loads every extension
# (milliseconds, twice per text). `reset` empties what a page leaves behind (footnotes,
# references, stashed HTML, metadata), so each page converts as with a new one.
_converters = threading.local()


def _to_html(markdown_source: str) -> str:
    converter: markdown.Markdown | None = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
        _converters.markdown = converter
    converter.reset()
    html: str = converter.convert(markdown_source)
    return html


def html_text(markdown_source: str) -> str:
    html = _to_html(markdown_source)
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def missing_words(source: str, edition_markdown: str, report_markdown: str,
                  source_words: list[str] | None = None) -> Counter[str]:
    """Words of `source` (with their counts) that neither output accounts for; `source_words`:
    `words(source)`, when the caller has them already."""
    accounted = Counter(words(html_text(edition_markdown))) + Counter(words(html_text(report_markdown)))
    return Counter(words(source) if source_words is None else source_words) - accounted


def check(source: str, source_display: str, edition_markdown: str, report_markdown: str,
          diagnostics: Diagnostics, source_words: list[str] | None = None) -> int:
    """Record a W001 error for each lost word; return how many word occurrences are lost."""
    missing = missing_words(source, edition_markdown, report_markdown, source_words)
    if not missing:
        return 0
    lines = source.split("\n")
    edition_text = " ".join(html_text(edition_markdown).split())
    for word, count in sorted(missing.items()):
        line = next((n for n, text in enumerate(lines, 1) if word in words(text)), 0)
        col = lines[line - 1].find(word) + 1 if line else 0
        source_line = lines[line - 1].strip() if line else ""
        diagnostics.error("W001", f"the word “{word}” ({count}×) is neither in the edition nor in the removal report; "
                          f"the source line reads “{_excerpt(source_line, word)}”, the edition has there "
                          f"“{_output_there(source_line, word, edition_text)}”",
                          source_display, line, col,
                          hint="this is a bug in the generator, not in your text: please report it with the "
                               "source file; the build refuses to publish an edition that loses a word")
    return sum(missing.values())


def _excerpt(line: str, word: str, width: int = 70) -> str:
    at = line.find(word)
    start = max(0, at - width // 2)
    return ("…" if start else "") + line[start:start + width] + ("…" if start + width < len(line) else "")


def _output_there(source_line: str, word: str, edition_text: str, width: int = 70) -> str:
    """What the edition has where the lost word should be: the text after the nearest word
    before it on its source line that the edition does have (the editor compares the two)."""
    before = words(source_line[: max(source_line.find(word), 0)])
    for anchor in reversed(before[-4:]):
        at = edition_text.find(anchor)
        if at >= 0:
            return edition_text[at:at + width] + "…"
    return "(nothing near it)"
