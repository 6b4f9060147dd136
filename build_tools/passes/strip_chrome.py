"""Pass: remove the site furniture around a piece (navigation, advertisements, footer…).

The rules come from the profile (`chrome:` in seeds/profiles/*.yml), never from line
numbers, so every page of the same site cleans with the same profile. Every removed
block is recorded with the name of the rule that removed it and why: the removal report
is built from these records, and the word accounting counts them.
"""

from __future__ import annotations

from build_tools.load.config import ChromeRule
from build_tools.model import Block, Document, Paragraph, Removal
from build_tools.passes.context import PassContext


def _starts(rule: ChromeRule, text: str) -> bool:
    if rule.line is not None and rule.line.search(text):
        return True
    return rule.start is not None and rule.start.search(text) is not None


def _repeated_run(blocks: list[Block], index: int) -> int:
    """Length of the run of identical one-line paragraphs starting at `index` (1 if none)."""
    first = blocks[index]
    if not isinstance(first, Paragraph):
        return 1
    length = 1
    while index + length < len(blocks):
        other = blocks[index + length]
        if not (isinstance(other, Paragraph) and other.text == first.text):
            break
        length += 1
    return length


def run(doc: Document, ctx: PassContext) -> None:
    rules = ctx.seed.profile.chrome
    if not rules:
        return
    kept: list[Block] = []
    region: ChromeRule | None = None
    blocks = doc.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        text = block.text
        starting = next((r for r in rules if _starts(r, text)), None)
        if region is not None and not region.to_end and starting is not None:
            region = None  # a region stops where another rule takes over
        if region is not None:
            doc.removals.append(Removal(region.rule, region.why, text, block.span))
            if region.end is not None and region.end.search(text):
                region = None
            index += 1
            continue
        if starting is not None:
            doc.removals.append(Removal(starting.rule, starting.why, text, block.span))
            opens_region = starting.start is not None and starting.start.search(text) is not None
            closes_at_once = starting.end is not None and starting.end.search(text) is not None
            region = starting if opens_region and not closes_at_once else None
            index += 1
            continue
        repeat_rule = next((r for r in rules if r.repeated), None)
        run_length = _repeated_run(blocks, index)
        if repeat_rule is not None and run_length > 1:
            for repeated in blocks[index:index + run_length]:
                doc.removals.append(Removal(repeat_rule.rule, repeat_rule.why, repeated.text, repeated.span))
            index += run_length
            continue
        kept.append(block)
        index += 1
    doc.blocks = kept
