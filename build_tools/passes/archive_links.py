"""Pass: add a Wayback Machine link to each cited web page that carries an access date.

Web pages cited in 2017–2018 have moved or gone; the Internet Archive keeps snapshots. A
note such as "<http://www.c40.org> : Accessed 4.5.17" gets, as a visibly marked editor's
addition, a link to `https://web.archive.org/web/20170504/http://www.c40.org`: the Wayback
Machine answers such a URL with the snapshot nearest that date. The date pattern is the
editor's (`archive_links` in `seeds/apparatus/emendations.yml`); nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import re

from build_tools.apparatus import editorial
from build_tools.apparatus.places import place_of, reading_order
from build_tools.model import (
    Block,
    Document,
    EditorAddition,
    Footnote,
    Inline,
    Link,
    Paragraph,
    Role,
    Text,
    plain_text,
)
from build_tools.passes.context import PassContext


def wayback_url(url: str, date: dt.date) -> str:
    if date.year >= 1000:  # (as `%Y%m%d` writes it, without a call to strftime: a year of four digits)
        return f"https://web.archive.org/web/{date.year}{date.month:02d}{date.day:02d}/{url}"
    return f"https://web.archive.org/web/{date:%Y%m%d}/{url}"


def access_date(match: re.Match[str]) -> dt.date:
    year = int(match.group("year"))
    if year < 100:
        year += 2000
    return dt.date(year, int(match.group("month")), int(match.group("day")))


def addition(url: str, date: dt.date) -> EditorAddition:
    label = f"archived copy of {date.day} {date:%B} {date.year}"
    return EditorAddition([Text(" [Editor: "), Link(wayback_url(url, date), [Text(label)]),
                           Text(", Internet Archive]")])


def run(doc: Document, ctx: PassContext) -> None:
    data = editorial.cached(ctx.seed.seeds_dir) if ctx.seed.seeds_dir else editorial.EditorialData()
    rules = data.archive_links_of(doc.slug)
    if not rules:
        return
    planned: list[tuple[Block | Footnote, list[Inline], EditorAddition]] = []
    for item, inlines in _items(doc):
        found = _access_date(inlines, rules)
        if found is None:
            continue
        url, match = found
        try:
            planned.append((item, inlines, addition(url, access_date(match))))
        except ValueError:
            break  # a date to report: the text read again in reading order, for the messages' order
    else:
        for item, inlines, added in planned:
            item.inlines = [*inlines, added]
        return
    _run_in_reading_order(doc, ctx, rules)


def _items(doc: Document) -> list[tuple[Block | Footnote, list[Inline]]]:
    """`reading_order`'s items, not in its order: each item gets its addition by itself, and only a
    message needs the order (`run` reads the text again in it then). The blocks, then the notes,
    without a walk of every block for its notes' markers; when two notes share a label,
    `reading_order` reads one of them only, and it is asked."""
    labels = {note.label for note in doc.footnotes}
    if len(labels) != len(doc.footnotes):
        return reading_order(doc)
    items: list[tuple[Block | Footnote, list[Inline]]] = [
        (block, block.inlines) for block in doc.blocks
        if not (isinstance(block, Paragraph) and block.role is Role.REFERENCE)]
    items.extend((note, note.inlines) for note in doc.footnotes)
    return items


def _access_date(inlines: list[Inline], rules: tuple[editorial.ArchiveRule, ...]) -> tuple[str, re.Match[str]] | None:
    """The one web link of an item and its access date as the first rule finding one reads it."""
    links = [node for node in inlines if isinstance(node, Link) and node.url.startswith(("http://", "https://"))]
    if len(links) != 1:
        return None
    text = plain_text(inlines)
    match = next((m for rule in rules if (m := rule.access_date.search(text))), None)
    return None if match is None else (links[0].url, match)


def _run_in_reading_order(doc: Document, ctx: PassContext, rules: tuple[editorial.ArchiveRule, ...]) -> None:
    for item, inlines in list(reading_order(doc)):
        found = _access_date(inlines, rules)
        if found is None:
            continue
        url, match = found
        try:
            date = access_date(match)
        except ValueError:
            place = place_of(item)
            ctx.diagnostics.warning("E004", f"“{match.group()}” ({place.label}) is not a date", ctx.file, place.line,
                                    ctx.column_of(place.line, match.group()),
                                    hint="check the day and month; the note keeps no archive link")
            continue
        new: list[Inline] = [*inlines, addition(url, date)]
        item.inlines = new
