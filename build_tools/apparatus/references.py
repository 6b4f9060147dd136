"""Parse one entry of an author–year reference list into a CSL-JSON record.

CSL-JSON is the interchange format of citation processors (Zotero, citeproc, pandoc), so
a record made here can be formatted in any CSL style and exported to BibTeX or RIS.
The parser takes the entry *as the entry gives it*: authors as "Family, I." or "I.
Family", the year in parentheses, a title (quoted for an article or chapter), then either
a journal (in italics, with its volume in bold) or "In Editors (Eds.), Book", and the
place and publisher ("London, Verso", "London. Verso", "(Place: Publisher)"). What an
entry leaves out or gets wrong is corrected in `seeds/apparatus/bibliography.yml`, never
guessed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from build_tools.model import Emphasis, Inline, Strong, plain_text

_YEAR = re.compile(r"\(?\b(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z]?)\b\)?[.,]?\s*")
_QUOTED_TITLE = re.compile(r"^[‘“\"'](?P<title>.+?)[’”\"'](?=[.,]?(?:\s|$))[.,]?\s*")
_IN_EDITORS = re.compile(r"^In\s+(?P<editors>.+?)\s*\((?:Eds?|eds?)\.\),\s*(?P<container>.+?)\s+"
                         r"(?P<place>[A-Z][\w.]*(?:,?\s[A-Z][\w.]*)*):\s*(?P<publisher>.+?)\.?$")
_PLACE_IN_PARENS = re.compile(r"\s*\((?P<place>[^():]+):\s*(?P<publisher>[^()]+)\)\.?$")
_SENTENCE_END = re.compile(r"(?<=[^\s.][.?!])\s+(?=\S)|(?<=[^\s.][.?!][’”])\s+(?=\S)")
_PAGES = re.compile(r"(?P<first>\d+)\s*[–-]\s*(?P<last>\d+)")
_ISSUE = re.compile(r"^\s*\((?P<issue>[\w/–-]+)\)")


@dataclass
class ParsedEntry:
    """A reference-list entry split into its parts, and the CSL-JSON record made from them."""

    families: list[str]
    year: str
    csl: dict[str, Any] = field(default_factory=dict)


def split_names(authors: str) -> list[dict[str, str]]:
    """ "Acuto, M. and S. Curtis" → [{family: Acuto, given: M.}, {family: Curtis, given: S.}]."""
    names: list[dict[str, str]] = []
    for part in re.split(r"\s+(?:and|&)\s+", authors.strip(" ,;")):
        part = part.strip(" ,;")
        if not part:
            continue
        if "," in part:
            family, given = part.split(",", 1)
            names.append({"family": family.strip(), "given": given.strip()})
        else:
            words = part.split()
            given_words = [w for w in words[:-1] if w.endswith(".") or len(w) <= 2 or w[:1].isupper()]
            names.append({"family": words[-1], "given": " ".join(given_words)} if len(words) > 1
                         else {"family": part})
    return names


def _strip(text: str) -> str:
    return text.strip().strip(" ,;.").strip()


def _place_and_publisher(segments: list[str]) -> tuple[str, str, list[str]]:
    """The last segments of a book entry: "London, Verso" or "London. Verso" or "Verso"."""
    if not segments:
        return "", "", []
    last = segments[-1]
    if "," in last:
        place, publisher = last.rsplit(",", 1)
        return _strip(place), _strip(publisher), segments[:-1]
    if len(segments) >= 2 and len(segments[-2].split()) <= 3 and ":" not in segments[-2]:
        return _strip(segments[-2]), _strip(last), segments[:-2]
    return "", _strip(last), segments[:-1]


def _journal(record: dict[str, Any], inlines: list[Inline], after_title: str) -> None:
    """Container (italics, else the text before the bold volume), volume, issue and pages."""
    volume_node = next(n for n in inlines if isinstance(n, Strong))
    volume = plain_text(volume_node.children)
    emphasis = next((n for n in inlines if isinstance(n, Emphasis)), None)
    before, _, after = after_title.partition(volume)
    record["type"] = "article-journal"
    record["container-title"] = _strip(plain_text(emphasis.children)) if emphasis else _strip(before)
    record["volume"] = volume
    issue = _ISSUE.match(after)
    if issue:
        record["issue"] = issue.group("issue")
        after = after[issue.end():]
    pages = _PAGES.search(after)
    if pages:
        record["page"] = f"{pages.group('first')}-{pages.group('last')}"


def parse_entry(inlines: list[Inline]) -> ParsedEntry | None:
    """One reference-list entry (its inline nodes) → a CSL-JSON record; None if it has no year."""
    text = " ".join(plain_text(inlines).split())
    year = _YEAR.search(text)
    if year is None:
        return None
    names = split_names(text[: year.start()])
    rest = text[year.end():].strip()
    record: dict[str, Any] = {"type": "book", "author": names,
                              "issued": {"date-parts": [[int(year.group("year"))]]}}
    quoted = _QUOTED_TITLE.match(rest)
    if quoted:
        record["title"] = _strip(quoted.group("title")) if quoted.group("title").endswith(".") \
            else quoted.group("title").strip()
        rest = rest[quoted.end():]
    else:
        parts = _SENTENCE_END.split(rest, maxsplit=1)
        record["title"] = parts[0].rstrip(".").strip()
        rest = parts[1] if len(parts) > 1 else ""
    if any(isinstance(n, Strong) for n in inlines):
        _journal(record, inlines, rest)
    elif (chapter := _IN_EDITORS.match(rest)) is not None:
        record.update({"type": "chapter", "editor": split_names(chapter.group("editors")),
                       "container-title": _strip(chapter.group("container")),
                       "publisher-place": _strip(chapter.group("place")),
                       "publisher": _strip(chapter.group("publisher"))})
    else:
        in_parens = _PLACE_IN_PARENS.search(record["title"])
        if in_parens:
            record["title"] = record["title"][: in_parens.start()].strip()
            middle: list[str] = []
            place, publisher = in_parens.group("place"), in_parens.group("publisher")
        else:
            place, publisher, middle = _place_and_publisher(
                [s for s in (_strip(p) for p in re.split(r"(?<=[^\s.]{2})\.\s+", rest)) if s])
        if middle:
            record.update({"type": "chapter", "container-title": " ".join(middle)})
        if place:
            record["publisher-place"] = place
        if publisher:
            record["publisher"] = _strip(publisher)
    families = [name["family"] for name in names]
    return ParsedEntry(families, year.group("year") + year.group("suffix"), record)
