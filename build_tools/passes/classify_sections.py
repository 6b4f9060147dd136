"""Pass: give each paragraph of a sectioned text its role from the heading above it.

Paragraphs under an unnumbered section (the Abstract) are front matter; paragraphs under
the reference-list heading are reference entries; everything else is body text.
"""

from __future__ import annotations

from build_tools.model import Document, Heading, Paragraph, Role
from build_tools.passes.context import PassContext
from build_tools.passes.detect_headings import section_name


def run(doc: Document, ctx: PassContext) -> None:
    profile = ctx.seed.profile
    if profile.heading_max_words is None:
        return
    role = Role.BODY
    for block in doc.blocks:
        if isinstance(block, Heading):
            name = section_name(block.text, profile.numbered_headings)
            if name in profile.reference_headings:
                role = Role.REFERENCE
            elif name in profile.unnumbered_sections:
                role = Role.ABSTRACT
            else:
                role = Role.BODY
        elif isinstance(block, Paragraph) and block.role is Role.RAW:
            block.role = role
