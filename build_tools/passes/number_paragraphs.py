"""Pass: give every body paragraph its ¶ number and anchor (`#p1`, `#p2` …).

Numbers follow reading order and depend only on the source text, so they are the same
on every build: a reader can cite "Curtis 2018, ¶ 23" and link to `#p23`, and the PDF
prints the same numbers in its margin.
"""

from __future__ import annotations

from build_tools.model import Document, Role
from build_tools.passes.context import PassContext


def run(doc: Document, ctx: PassContext) -> None:
    for number, para in enumerate(doc.paragraphs(Role.BODY), start=1):
        para.number = number
        para.anchor = f"p{number}"
