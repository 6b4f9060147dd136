"""Pass: turn each block's raw text into inline nodes.

What the extraction left as characters becomes structure: `*italic*` → `Emphasis`,
`**bold**` → `Strong`, `<https://…>` → `Link`, and superscript digits (¹ … ¹¹) →
`FootnoteRef`. Which of these a source has is the profile's `inline:` and `footnotes:`.
An asterisk that does not pair up stays a literal asterisk: nothing is guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache

from build_tools.load.config import Profile
from build_tools.model import Document, Emphasis, FootnoteRef, Inline, Link, Preformatted, Removal, Strong, Text
from build_tools.passes.context import PassContext
from build_tools.passes.regex_literals import set_characters

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


def superscript_to_label(marker: str) -> str:
    return marker.translate(_TO_ASCII)


STRONG = r"\*\*(?P<strong>\S(?:.*?\S)?)\*\*"


def _pattern(profile: Profile) -> re.Pattern[str] | None:
    source = _source(profile)
    return None if source is None else re.compile(source)


def _source(profile: Profile) -> str | None:
    """The profile's markup pattern, as a source (`run` compiles it only when it has no strong branch:
    with one, `parse` searches the pattern without it, and the whole one was compiled for nothing)."""
    parts: list[str] = []
    firsts = ""  # the characters a match can start with
    if profile.strong:
        parts.append(STRONG)
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
        parts.append(NOTE)
        firsts += SUPERSCRIPT_DIGITS
    if not parts:
        return None
    # A lookahead for the first characters, and no branch that opens with a look-behind: the
    # engine tries the pattern at every position of the text, and most positions now fail on
    # one character test (three times faster than the plain alternation; tests/test_fastpaths.py).
    return f"(?=[{re.escape(''.join(dict.fromkeys(firsts)))}])(?:{'|'.join(parts)})"


# --- linear time ------------------------------------------------------------------------------
# The regular expression's `**…**` branch is quadratic: at every "**" that no "**" closes, it
# scans to the end of the line before it fails (a 100 KB paragraph of such took 24 s, 400 KB
# more than 300 s). `parse` finds the same matches in linear time: the closing "**" of each
# opening is looked up among the closing candidates, found once, and the regular expression
# (without that branch) finds everything else. `parse_with_regex` is the reference it must equal
# (tests/test_hostile.py checks them against each other on generated text).


@lru_cache(maxsize=64)
def _without_strong_branch(source: str) -> re.Pattern[str] | None:
    """The pattern (a source with the strong branch) without that branch, compiled; None if it has no other.

    Without the look-ahead it opens with, too: `parse_strong` tries it only where that look-ahead's
    set (searched by itself, `_opening_of`) finds a candidate, where the look-ahead holds; and with
    the superscripts' set as two sets of two runs each, which match the same characters: a set of
    characters above 255 in more than two runs is compiled as a map of all 65,536, three times the
    compiling of the rest of the pattern (`re._compiler._optimize_charset`; see `_NOTE_IN_SMALL_SETS`)."""
    for branch in (STRONG + "|", "|" + STRONG, STRONG):
        if branch in source:
            source = source.replace(branch, "", 1)
            break
    if not source or source.endswith("(?:)"):
        return None  # nothing but the strong branch
    opening = _OPENING.match(source)
    if opening is not None:
        source = source[opening.end():]
    return re.compile(source.replace(NOTE, _NOTE_IN_SMALL_SETS))


NOTE = f"(?P<note>[{SUPERSCRIPT_DIGITS}]+)"
# (¹²³, then ⁰⁴⁵⁶⁷⁸⁹.) Each set repeated by itself: an alternation of single sets, `[¹²³]|[⁰⁴-⁹]`, is
# merged by `re`'s parser into the one set of four runs, compiled as the map of 65,536 (0.1 ms a
# cold run). The same maximal run of superscripts: nothing follows the group to make it give back.
_NOTE_IN_SMALL_SETS = "(?P<note>(?:[\u00b2\u00b3\u00b9]+|[\u2070\u2074-\u2079]+)+)"


def _strong_spans(text: str) -> list[tuple[int, int]]:
    """Every (opening, closing) pair of "**" the strong branch could match, in opening order:
    the opening's "**" is followed by a non-space, the closing's preceded by one, no line break
    in between (`.` does not cross one)."""
    doubles = _positions(text, "**")  # (found once: the closings are among them)
    if not doubles:
        return []  # (most texts with markup: emphasis, a link or a note, no bold)
    closings = [k for k in doubles if k > 0 and not text[k - 1].isspace()]
    spans: list[tuple[int, int]] = []
    for i in doubles:
        if i + 2 >= len(text) or text[i + 2].isspace():
            continue
        # `\S(?:.*?\S)?`: the optional group is greedy, so two or more characters between are
        # tried first (the nearest closing from i + 4 on), one character only when that fails.
        at = bisect.bisect_left(closings, i + 4)
        if at < len(closings) and text.find("\n", i + 2, closings[at]) == -1:
            spans.append((i, closings[at]))
        elif text.startswith("**", i + 3):
            spans.append((i, i + 3))
    return spans


def _positions(text: str, needle: str) -> list[int]:
    """Every index where `needle` starts, overlapping ones included ("***" holds "**" twice)."""
    found: list[int] = []
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _node(match: re.Match[str], inner: Callable[[str], list[Inline]]) -> Inline:
    """The node a match makes; `inner` parses the text inside an emphasis or a strong one."""
    groups = match.groupdict()
    if groups.get("strong"):
        return Strong(inner(groups["strong"]))
    if groups.get("em"):
        return Emphasis(inner(groups["em"]))
    if groups.get("url"):
        return Link(groups["url"], [Text(groups["url"])])
    return FootnoteRef(superscript_to_label(groups["note"]))


# The look-ahead `_pattern` opens with: the characters a match can start with.
_OPENING = re.compile(r"\(\?=(\[(?:\\.|[^\\\]])*\])\)")


def _opening(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    return _opening_of(pattern.pattern)


@lru_cache(maxsize=64)
def _opening_of(source: str) -> re.Pattern[str] | None:
    """The set of characters the pattern's matches start with, as a pattern of its own (None if
    the pattern does not say). Searched for first: a set of characters lets `re` skip in C over
    a text that holds none (most paragraphs), where the pattern is tried at every position."""
    found = _OPENING.match(source)
    return re.compile(found.group(1)) if found else None


def _may_open(pattern: re.Pattern[str]) -> Callable[[str], bool] | None:
    return _may_open_of(pattern.pattern)


@lru_cache(maxsize=64)
def _opening_characters(source: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The characters of the look-ahead's set the pattern opens with, every one and the ASCII ones
    (None if it opens with none, or a set whose characters cannot be listed)."""
    found = _OPENING.match(source)
    chars = set_characters(found.group(1)) if found is not None else None
    if chars is None:
        return None
    every_char = tuple(sorted(chars))
    return every_char, tuple(char for char in every_char if char.isascii())


@lru_cache(maxsize=64)
def _may_open_of(source: str) -> Callable[[str], bool] | None:
    """Whether a text holds a character the pattern's matches may start with (None if the pattern
    does not say which). Asked by `str.find`s in C, one a character of the set (an ASCII text, most,
    for its ASCII characters only): each far faster than `re` trying the set at every character,
    by half even for a dozen of them in a text of curly quotes. (The set compiled only if its
    characters cannot be listed.)"""
    found = _OPENING.match(source)
    if found is None:
        return None
    listed = _opening_characters(source)
    if listed is None:
        search = re.compile(found.group(1)).search
        return lambda text: search(text) is not None
    every_char, ascii_chars = listed

    def may_open(text: str) -> bool:
        for char in ascii_chars if text.isascii() else every_char:  # noqa: SIM110 - a loop, not any(): asked of every block
            if char in text:
                return True
        return False

    return may_open


def _opening_positions(text: str, chars: tuple[str, ...]) -> list[int]:
    """Every index of `text` holding one of `chars`, in order: where the opening set's search stops."""
    found: list[int] = []
    for char in chars:
        at = text.find(char)
        while at != -1:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def parse(text: str, pattern: re.Pattern[str] | None) -> list[Inline]:
    """The inline nodes of `text`, as `parse_with_regex` finds them, in linear time."""
    may_open = _may_open(pattern) if pattern is not None else None
    if may_open is not None and not may_open(text):
        return [Text(text)] if text else []  # (no match can start anywhere: no markup)
    if pattern is None or "strong" not in pattern.groupindex:
        return parse_with_regex(text, pattern)
    return parse_strong(text, pattern.pattern)


def parse_strong(text: str, source: str) -> list[Inline]:
    """`parse` of a pattern with the strong branch, given by its source: searched without that branch,
    the pattern itself is never compiled."""
    may_open = _may_open_of(source)
    if may_open is not None and not may_open(text):
        return [Text(text)] if text else []  # (no match can start anywhere: no markup)
    return _parse_strong_opening(text, source)


def _parse_strong_opening(text: str, source: str) -> list[Inline]:
    """`parse_strong` of a text known to hold a character a match may start with (`run` asked
    `may_open` of it already: not asked again)."""
    rest = _without_strong_branch(source)
    listed = _opening_characters(source) if rest is not None else None
    # Where `rest` (made without the look-ahead) may match: the positions of the set's characters,
    # listed by `str.find`s, or the set compiled when it cannot be listed. (Listed, the set need not
    # be compiled: a set of the superscripts in more than two runs is compiled as a map of all
    # 65,536 characters, about 0.17 ms, once per profile in every cold run.)
    rest_opening = _opening_of(source) if rest is not None and listed is None else None
    candidates = None if listed is None else _opening_positions(text, listed[1] if text.isascii() else listed[0])
    spans = _strong_spans(text)
    nodes: list[Inline] = []
    position = 0
    next_span = 0
    other: re.Match[str] | None = None
    exhausted = rest is None  # no match of the other branches at or after `position`
    while True:
        while next_span < len(spans) and spans[next_span][0] < position:
            next_span += 1
        if not exhausted and rest is not None and (other is None or other.start() < position):
            # Searched again only when the last match found lies behind: each character once.
            other = (_search(rest, rest_opening, text, position) if candidates is None
                     else _match_at_candidates(rest, candidates, text, position))
            exhausted = other is None
        strong = spans[next_span] if next_span < len(spans) else None
        if strong is not None and (other is None or strong[0] <= other.start()):
            start, end = strong[0], strong[1] + 2
            node: Inline = Strong(parse_strong(text[start + 2:strong[1]], source))
        elif other is not None:
            start, end = other.start(), other.end()
            node = _node(other, lambda inner: parse_strong(inner, source))
        else:
            break
        if start > position:
            nodes.append(Text(text[position:start]))
        nodes.append(node)
        position = end
    if position < len(text):
        nodes.append(Text(text[position:]))
    return nodes


def _search(pattern: re.Pattern[str], opening: re.Pattern[str] | None, text: str,
            position: int) -> re.Match[str] | None:
    """`pattern.search(text, position)`, trying the pattern only where `opening` (the set of
    characters its matches start with) finds a candidate: `re` skips to those in C, where it
    tries a pattern that opens with a look-ahead at every position."""
    if opening is None:
        return pattern.search(text, position)
    while (candidate := opening.search(text, position)) is not None:
        found = pattern.match(text, candidate.start())
        if found is not None:
            return found
        position = candidate.start() + 1
    return None


def _match_at_candidates(pattern: re.Pattern[str], candidates: list[int], text: str,
                         position: int) -> re.Match[str] | None:
    """`_search` with the set's matches listed: the first match of `pattern` at a candidate from `position` on."""
    for index in range(bisect.bisect_left(candidates, position), len(candidates)):  # (no copy of the rest)
        found = pattern.match(text, candidates[index])
        if found is not None:
            return found
    return None


def parse_with_regex(text: str, pattern: re.Pattern[str] | None) -> list[Inline]:
    """The reference: the regular expression's own matches (quadratic on unclosed "**")."""
    if pattern is None:
        return [Text(text)] if text else []
    nodes: list[Inline] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            nodes.append(Text(text[position:match.start()]))
        nodes.append(_node(match, lambda inner: parse_with_regex(inner, pattern)))
        position = match.end()
    if position < len(text):
        nodes.append(Text(text[position:]))
    return nodes


def run(doc: Document, ctx: PassContext) -> None:
    source = _source(ctx.seed.profile)
    may_open = _may_open_of(source) if source is not None else None
    parsed = _parser(source, ctx.seed.profile.strong)
    strong_source = source if source is not None and ctx.seed.profile.strong else None
    for block in doc.blocks:
        if isinstance(block, Preformatted):
            continue  # code is printed as it stands: no markup in it is read
        inlines = block.inlines
        if len(inlines) == 1 and isinstance(inlines[0], Text) and inlines[0].text:
            if source is None or (may_open is not None and not may_open(inlines[0].text)):
                continue  # one text without markup (most blocks): it would parse to itself
            if strong_source is not None and may_open is not None:  # (it may open: not asked again)
                block.inlines = _parse_strong_opening(inlines[0].text, strong_source)
                continue
        if all(isinstance(node, Text) for node in inlines):  # parsed blocks are left alone (idempotent)
            block.inlines = parsed(block.text)
    if ctx.seed.profile.markdown_links:
        why = ctx.seed.profile.web.why("link-target") if ctx.seed.profile.web else _LINK_TARGET_WHY
        for block in doc.blocks:
            if isinstance(block, Preformatted):
                continue
            targets: list[str] = []
            block.inlines = markdown_links(block.inlines, targets)
            if targets:
                doc.removals.append(Removal("link-target", why, " ".join(targets), block.span))


def _parser(source: str | None, strong: bool) -> Callable[[str], list[Inline]]:
    """`parse` with the profile's pattern: with a strong branch, from its source (`parse_strong`),
    without one, the pattern compiled (`re`'s cache keeps it for the profile's other texts)."""
    if source is not None and strong:
        return lambda text: parse_strong(text, source)
    pattern = re.compile(source) if source is not None else None
    return lambda text: parse(text, pattern)


# --- `[text](url)` of an html2text page (`inline: links: markdown`) ------------------------------
# A step of its own after `parse`, over the Text nodes it left: one scan of each, linear (the
# bracketed text and the address are runs of characters that cannot hold their own ends). An
# image's `![alt](src)` is left to classify_page_parts, which makes a caption of it. The address
# is not a word the reader reads, so it goes to the removal report (the accounting counts it there).
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\[\]\n]*)\]"
                      r"\((?P<url>(?:[a-z][a-z+.-]*:|/|#|\.{1,2}/|[\w-]+\.)[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
                      r"(?:\s+\"(?P<title>[^\"\n]*)\")?\)")
_LINK_TARGET_WHY = "The address a link points to; the edition keeps the link, so it is still there to follow."


def markdown_links(nodes: list[Inline], targets: list[str]) -> list[Inline]:
    """`nodes` with each `[text](url)` inside their Text nodes made a Link; the addresses (and
    link titles) are appended to `targets`."""
    result: list[Inline] = []
    for node in nodes:
        if isinstance(node, (Emphasis, Strong)):
            node.children = markdown_links(node.children, targets)
        if not isinstance(node, Text) or "](" not in node.text:
            result.append(node)
            continue
        position = 0
        for match in _MD_LINK.finditer(node.text):
            if match.start() > position:
                result.append(Text(node.text[position:match.start()]))
            if match.group("text").strip():  # `[ ](url)`, an icon's link, has no words to carry it
                result.append(Link(match.group("url"), [Text(match.group("text"))]))
            targets.append(match.group("url") + (f" \"{match.group('title')}\"" if match.group("title") else ""))
            position = match.end()
        if position < len(node.text):
            result.append(Text(node.text[position:]))
    return result
