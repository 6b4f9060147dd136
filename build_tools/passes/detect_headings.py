"""Pass: recognise the bare lines a PDF extraction leaves for the title and headings.

A heading is a one-line block of a few words, without closing punctuation, in title case,
that is not followed by a lower-case continuation. The first is the title of the work
(level 1); the rest are section headings (level 2). Thresholds are the profile's.
"""

from __future__ import annotations

import re

from build_tools.model import Block, Document, Heading, Paragraph
from build_tools.passes.context import PassContext

_CLOSING = re.compile(r"[.,;:!?…]['’\"”)]*$")
_SMALL_WORD_LENGTH = 4  # "and", "of", "the" may stay lower case in a title


def looks_like_heading(text: str, max_words: int, title_case: bool) -> bool:
    words = text.split()
    if not words or len(words) > max_words or _CLOSING.search(text):
        return False
    if not text[0].isupper() and not text[0].isdigit():
        return False
    if title_case:
        long_words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= _SMALL_WORD_LENGTH]
        return all(w[0].isupper() for w in long_words)
    return True


def _starts_lower(block: Block | None) -> bool:
    return isinstance(block, Paragraph) and block.text[:1].islower()


def run(doc: Document, ctx: PassContext) -> None:
    profile = ctx.seed.profile
    if profile.heading_max_words is None:
        return
    result: list[Block] = []
    found_title = False
    for index, block in enumerate(doc.blocks):
        following = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
        is_heading = (isinstance(block, Paragraph) and block.span.line == block.span.end_line
                      and looks_like_heading(block.text, profile.heading_max_words, profile.heading_title_case)
                      and not _starts_lower(following) and not _in_references(result, profile.reference_headings))
        if not is_heading:
            result.append(block)
            continue
        level = 2 if found_title or not profile.first_heading_is_title else 1
        found_title = True
        result.append(Heading(level, block.inlines, block.span))
    doc.blocks = result


def _in_references(blocks: list[Block], reference_headings: tuple[str, ...]) -> bool:
    """After a 'References' heading every block is an entry, however short."""
    return any(isinstance(b, Heading) and b.text.strip() in reference_headings for b in blocks)
