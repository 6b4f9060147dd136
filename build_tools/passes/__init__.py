"""The pipeline: an ordered list of small named passes over the document model.

Read it top to bottom to know what the build does to a raw text. Each pass is one module
in this folder with a `run(doc, ctx)` function; a pass that a profile does not need does
nothing for that text (e.g. `strip_chrome` for a PDF extraction with no furniture rules).
"""

from __future__ import annotations

from collections.abc import Callable

from build_tools.model import Document
from build_tools.passes import (
    anchor_headings,
    attribute_turns,
    classify_page_parts,
    classify_sections,
    detect_headings,
    lift_footnotes,
    number_paragraphs,
    parse_inline,
    reference_entries,
    rejoin_page_breaks,
    split_blocks,
    strip_chrome,
    typography,
)
from build_tools.passes.context import PassContext

Pass = Callable[[Document, PassContext], None]

PIPELINE: list[tuple[str, Pass]] = [
    ("split_blocks", split_blocks.run),  # raw text → blocks with their source lines
    ("strip_chrome", strip_chrome.run),  # site furniture out, by the profile's named rules
    ("parse_inline", parse_inline.run),  # *italic*, **bold**, <url>, superscript markers
    ("lift_footnotes", lift_footnotes.run),  # note blocks at page breaks → footnotes
    ("detect_headings", detect_headings.run),  # bare title-case lines → headings
    ("rejoin_page_breaks", rejoin_page_breaks.run),  # halves of split paragraphs → one
    ("classify_sections", classify_sections.run),  # abstract / body / reference entries
    ("classify_page_parts", classify_page_parts.run),  # title, byline, standfirst, caption, bio
    ("attribute_turns", attribute_turns.run),  # every turn of a conversation → its speaker
    ("typography", typography.run),  # curly quotes, dashes, spaces; no word changed
    ("number_paragraphs", number_paragraphs.run),  # ¶ numbers and #p anchors
    ("anchor_headings", anchor_headings.run),  # stable heading anchors
    ("reference_entries", reference_entries.run),  # #ref-author-year anchors
]


def pass_names() -> list[str]:
    return [name for name, _ in PIPELINE]
