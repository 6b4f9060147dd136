"""Pass: turn each block's raw text into inline nodes.

What the extraction left as characters becomes structure: `*italic*` → `Emphasis`,
`**bold**` → `Strong`, `<https://…>` → `Link`, and superscript digits (¹ … ¹¹) →
`FootnoteRef`. Which of these a source has is the profile's `inline:` and `footnotes:`.
An asterisk that does not pair up stays a literal asterisk: nothing is guessed.
"""

from __future__ import annotations

import re

from build_tools.load.config import Profile
from build_tools.model import Document, Emphasis, FootnoteRef, Inline, Link, Strong, Text
from build_tools.passes.context import PassContext

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


def superscript_to_label(marker: str) -> str:
    return marker.translate(_TO_ASCII)


def _pattern(profile: Profile) -> re.Pattern[str] | None:
    parts: list[str] = []
    firsts = ""  # the characters a match can start with
    if profile.strong:
        parts.append(r"\*\*(?P<strong>\S(?:.*?\S)?)\*\*")
        firsts += "*"
    if profile.emphasis:
        # "*" not after another "*" or a letter: the look-behind follows the "*" it is about
        # (see below why no branch opens with a look-behind).
        parts.append(r"\*(?<![\*\w]\*)(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*(?![\*\w])")
        firsts += "*"
    if profile.autolinks:
        parts.append(r"<(?P<url>https?://[^\s<>]+)>")
        firsts += "<"
    if profile.superscript_notes:
        parts.append(f"(?P<note>[{SUPERSCRIPT_DIGITS}]+)")
        firsts += SUPERSCRIPT_DIGITS
    if not parts:
        return None
    # A lookahead for the first characters, and no branch that opens with a look-behind: the
    # engine tries the pattern at every position of the text, and most positions now fail on
    # one character test (three times faster than the plain alternation; tests/test_fastpaths.py).
    return re.compile(f"(?=[{re.escape(''.join(dict.fromkeys(firsts)))}])(?:{'|'.join(parts)})")


def parse(text: str, pattern: re.Pattern[str] | None) -> list[Inline]:
    if pattern is None:
        return [Text(text)] if text else []
    nodes: list[Inline] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            nodes.append(Text(text[position:match.start()]))
        groups = match.groupdict()
        if groups.get("strong"):
            nodes.append(Strong(parse(groups["strong"], pattern)))
        elif groups.get("em"):
            nodes.append(Emphasis(parse(groups["em"], pattern)))
        elif groups.get("url"):
            nodes.append(Link(groups["url"], [Text(groups["url"])]))
        else:
            nodes.append(FootnoteRef(superscript_to_label(groups["note"])))
        position = match.end()
    if position < len(text):
        nodes.append(Text(text[position:]))
    return nodes


def run(doc: Document, ctx: PassContext) -> None:
    pattern = _pattern(ctx.seed.profile)
    for block in doc.blocks:
        if all(isinstance(node, Text) for node in block.inlines):  # parsed blocks are left alone (idempotent)
            block.inlines = parse(block.text, pattern)
