"""Two note markers side by side — an editor's lettered note and an author's numbered one
(‘parliament’ⁱ¹¹), or two of either — would read as one ("i11" on the web, "111" in the PDF).
Every renderer puts a narrow no-break space between them: apart to the eye and in copied text,
yet never split across lines."""

from __future__ import annotations

from collections.abc import Callable

from build_tools.model import EditorNoteRef, FootnoteRef, Inline

MARKER_SEPARATOR = "\u202f"  # NARROW NO-BREAK SPACE
_MARKERS = (EditorNoteRef, FootnoteRef)


def needs_separator(previous: Inline | None, node: Inline) -> bool:
    return isinstance(previous, _MARKERS) and isinstance(node, _MARKERS)


def joined(nodes: list[Inline], render: Callable[[Inline], str]) -> str:
    """The nodes rendered one by one, two markers side by side kept apart (each renderer's `inlines`)."""
    out: list[str] = []
    previous: Inline | None = None
    for node in nodes:
        if needs_separator(previous, node):
            out.append(MARKER_SEPARATOR)
        out.append(render(node))
        previous = node
    return "".join(out)
