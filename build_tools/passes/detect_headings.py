"""Pass: recognise the bare lines a PDF extraction leaves for the title and headings.

A heading is a one-line block of a few words, without closing punctuation, in title case,
that is not followed by a lower-case continuation. The first is the title of the work
(level 1); the rest are section headings (level 2). Thresholds are the profile's.

With `numbered: true` a heading may carry its section number ("1. INTRODUCTION",
"2 Global Cities", "IV. Conclusion"); the number stays in the heading as printed, and the
section is known by its name without it, so "5. References" opens the reference list and
"1. Abstract" the front matter.
"""

from __future__ import annotations

import re

from build_tools.load.config import Profile
from build_tools.model import Block, Document, Heading, Paragraph, Role
from build_tools.passes.context import PassContext

_CLOSING = re.compile(r"[.,;:!?…]['’\"”)]*$")
_SMALL_WORD_LENGTH = 4  # "and", "of", "the" may stay lower case in a title
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)\s+(?=\S)")


def section_name(text: str, numbered: bool = True) -> str:
    """A heading's name without its section number: "5. References" → "References"."""
    text = text.strip()
    return _SECTION_NUMBER.sub("", text, count=1) if numbered else text


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
    # With the layout pass, the title is the block that prints text.yml's title (never the first
    # short line, which may be a page number or a running head); other headings are sections.
    found_title = any(isinstance(b, Paragraph) and b.hint == "title" for b in doc.blocks)
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and block.hint == "title":
            result.append(Heading(1, block.inlines, block.span))
            continue
        if isinstance(block, Paragraph) and block.hint == "front":
            block.role = Role.BYLINE
            result.append(block)
            continue
        following = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
        laid_out = isinstance(block, Paragraph) and block.hint == "heading"  # layout_lines found it
        is_heading = (isinstance(block, Paragraph) and (laid_out or (
                      block.span.line == block.span.end_line
                      and looks_like_heading(block.text, profile.heading_max_words, profile.heading_title_case)
                      and not _starts_lower(following))) and not _in_references(result, profile))
        if not is_heading:
            result.append(block)
            continue
        level = 2 if found_title or not profile.first_heading_is_title else 1
        found_title = True
        result.append(Heading(level, block.inlines, block.span))
    doc.blocks = result
    if profile.numbered_headings:
        _roles_under_numbered_headings(doc.blocks, profile)


def _in_references(blocks: list[Block], profile: Profile) -> bool:
    """After a 'References' heading every block is an entry, however short."""
    return any(isinstance(b, Heading) and section_name(b.text, profile.numbered_headings) in profile.reference_headings
               for b in blocks)


def _roles_under_numbered_headings(blocks: list[Block], profile: Profile) -> None:
    """Under "5. References" or "1. Abstract", the paragraphs get the role the bare name gives.

    `classify_sections` knows sections by their bare names; a numbered heading's paragraphs
    are given their role here, and it leaves paragraphs that already have one alone.
    """
    role: Role | None = None
    for block in blocks:
        if isinstance(block, Heading):
            name, numbered = section_name(block.text), block.text.strip() != section_name(block.text)
            role = None
            if numbered and name in profile.reference_headings:
                role = Role.REFERENCE
            elif numbered and name in profile.unnumbered_sections:
                role = Role.ABSTRACT
        elif role is not None and isinstance(block, Paragraph) and block.role is Role.RAW:
            block.role = role
