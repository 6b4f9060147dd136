"""The pipeline: an ordered list of small named passes over the document model.

Read it top to bottom to know what the build does to a raw text. Each pass is one module
in this folder with a `run(doc, ctx)` function; a pass that a profile does not need does
nothing for that text (e.g. `strip_chrome` for a PDF extraction with no furniture rules).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

from build_tools.model import Document
from build_tools.passes import (
    anchor_headings,
    archive_links,
    attribute_turns,
    classify_page_parts,
    classify_sections,
    detect_headings,
    editor_notes,
    emendations,
    figure_text,
    layout_lines,
    lift_footnotes,
    link_citations,
    link_entities,
    link_terms,
    number_paragraphs,
    parse_inline,
    plain_note_markers,
    reference_entries,
    rejoin_page_breaks,
    split_blocks,
    split_columns,
    split_reference_entries,
    strip_chrome,
    strip_page_furniture,
    typography,
    unwrap_lines,
)
from build_tools.passes.context import PassContext

Pass = Callable[[Document, PassContext], None]

PIPELINE: list[tuple[str, Pass]] = [
    ("split_blocks", split_blocks.run),  # raw text → blocks with their source lines
    ("split_columns", split_columns.run),  # a -layout two-column page → left column, then right
    ("strip_page_furniture", strip_page_furniture.run),  # page numbers, running heads, stamps out
    ("layout_lines", layout_lines.run),  # PDF lines → paragraphs, page-foot notes, headings, by their layout
    ("unwrap_lines", unwrap_lines.run),  # printed lines → one paragraph; typesetter's hyphens mended
    ("strip_chrome", strip_chrome.run),  # site furniture out, by the profile's named rules
    ("parse_inline", parse_inline.run),  # *italic*, **bold**, <url>, superscript markers
    ("plain_note_markers", plain_note_markers.run),  # debt.1, *, †, ‡ → note markers, when notes pair
    ("lift_footnotes", lift_footnotes.run),  # note blocks at page breaks → footnotes
    ("detect_headings", detect_headings.run),  # bare title-case lines → headings
    ("rejoin_page_breaks", rejoin_page_breaks.run),  # halves of split paragraphs → one
    ("classify_sections", classify_sections.run),  # abstract / body / reference entries
    ("figure_text", figure_text.run),  # a table's cells, a figure's labels → one preformatted block
    ("split_reference_entries", split_reference_entries.run),  # one paragraph per reference entry; broken URLs mended
    ("classify_page_parts", classify_page_parts.run),  # title, byline, standfirst, caption, bio
    ("attribute_turns", attribute_turns.run),  # every turn of a conversation → its speaker
    ("typography", typography.run),  # curly quotes, dashes, spaces; no word changed
    ("number_paragraphs", number_paragraphs.run),  # ¶ numbers and #p anchors
    ("anchor_headings", anchor_headings.run),  # stable heading anchors
    ("reference_entries", reference_entries.run),  # #ref-author-year anchors
    ("emendations", emendations.run),  # evident slips mended in [brackets]; context notes placed
    ("link_citations", link_citations.run),  # author–year citations → bibliography; resolutions noted
    ("archive_links", archive_links.run),  # cited web pages with an access date → Wayback Machine
    # Index links come last: after the ¶ numbers, and after any pass that matches words across
    # whole Text nodes (citations), because wrapping a name splits its Text node.
    ("link_entities", link_entities.run),  # names → persons / places / organisations registers
    ("link_terms", link_terms.run),  # first mention per section → glossary, definition on hover
    ("editor_notes", editor_notes.run),  # the editor's notes lettered a, b, c… in reading order
]


def pass_names() -> list[str]:
    return [name for name, _ in PIPELINE]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while one text's passes run, back as it was after.

    The passes allocate millions of small objects (nodes, strings, matches) and free them by
    reference counting; they make no cycles that need the collector while they run. Left on, it
    would start every few hundred allocations and, every so often, walk every object the build
    holds, every earlier text's document included: 16 % of the passes' time at 1,000 texts, and
    growing with the edition. One text's garbage is bounded, and the collector catches up after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
