"""Pass: give every heading a stable anchor made from its words (`#sources-of-instability…`)."""

from __future__ import annotations

import re
import unicodedata

from build_tools.model import Document
from build_tools.passes.context import PassContext

_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")  # (compiled with the module: not compiled again by each cold run)


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_IN_SLUG.sub("-", folded).strip("-") or "section"


# Paragraph anchors (#p1 …) are reserved; built once, not per text (it was the pass's whole cost).
PARAGRAPH_ANCHORS = frozenset("p" + str(n) for n in range(1, 10_000))


def run(doc: Document, ctx: PassContext) -> None:
    used: set[str] = set()
    for heading in doc.headings():
        base = "title" if heading.level == 1 else slugify(heading.text)
        anchor, suffix = base, 2
        while anchor in used or anchor in PARAGRAPH_ANCHORS:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        used.add(anchor)
        heading.anchor = anchor
