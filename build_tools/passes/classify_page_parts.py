"""Pass: name the parts of a web page's piece around its body.

After the furniture is gone, a magazine page still presents the piece in parts that are
not body text: the title, the byline (author and date), the standfirst, an image caption
with its credit, and after the body a series note and the author's bio. The profile's
`front_matter:` and `back_matter:` patterns recognise them; everything between is body.
"""

from __future__ import annotations

import re

from build_tools.model import Document, Heading, Paragraph, Role, Text
from build_tools.passes.context import PassContext


def run(doc: Document, ctx: PassContext) -> None:
    profile = ctx.seed.profile
    if not profile.title_first_block:
        return
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    if not paragraphs:
        return
    title = paragraphs[0]
    doc.blocks[doc.blocks.index(title)] = Heading(1, title.inlines, title.span)
    body_start = 1
    if profile.byline is not None:
        for index, para in enumerate(paragraphs[1:4], start=1):
            if profile.byline.search(para.text):
                para.role = Role.BYLINE
                body_start = index + 1
                if profile.standfirst_after_byline and index + 1 < len(paragraphs):
                    paragraphs[index + 1].role = Role.STANDFIRST
                    body_start = index + 2
                break
    first_turn = _first_labelled(paragraphs, body_start, profile.speaker_label)
    if profile.caption is not None:
        for para in paragraphs[body_start:first_turn]:
            match = profile.caption.search(para.text)
            if match and para.role is Role.RAW:
                para.role = Role.CAPTION
                para.inlines = [Text(match.group("caption"))]
                para.credit = match.group("credit")
    _classify_back_matter(doc, paragraphs, ctx)
    for para in paragraphs[body_start:]:
        if para.role is Role.RAW:
            para.role = Role.BODY


def _first_labelled(paragraphs: list[Paragraph], start: int, label: re.Pattern[str] | None) -> int:
    if label is None:
        return len(paragraphs)
    for index in range(start, len(paragraphs)):
        if label.search(paragraphs[index].text):
            return index
    return len(paragraphs)


def _classify_back_matter(doc: Document, paragraphs: list[Paragraph], ctx: PassContext) -> None:
    profile = ctx.seed.profile
    names = [re.escape(author.name) for author in ctx.seed.config.authors]
    bio = (re.compile(profile.bio_template.replace("{author}", "(?:" + "|".join(names) + ")"))
           if profile.bio_template and names else None)
    for para in paragraphs:
        if profile.series_note is not None and profile.series_note.search(para.text):
            para.role = Role.SERIES_NOTE
        elif bio is not None and bio.search(para.text):
            para.role = Role.BIO
