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
from build_tools.model import Document, EditorAddition, Inline, Link, Text, plain_text
from build_tools.passes.context import PassContext


def wayback_url(url: str, date: dt.date) -> str:
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
    for item, inlines in list(reading_order(doc)):
        links = [node for node in inlines if isinstance(node, Link) and node.url.startswith(("http://", "https://"))]
        if len(links) != 1:
            continue
        text = plain_text(inlines)
        match = next((m for rule in rules if (m := rule.access_date.search(text))), None)
        if match is None:
            continue
        try:
            date = access_date(match)
        except ValueError:
            place = place_of(item)
            ctx.diagnostics.warning("E004", f"“{match.group()}” ({place.label}) is not a date", ctx.file, place.line,
                                    ctx.column_of(place.line, match.group()),
                                    hint="check the day and month; the note keeps no archive link")
            continue
        new: list[Inline] = [*inlines, addition(links[0].url, date)]
        item.inlines = new
