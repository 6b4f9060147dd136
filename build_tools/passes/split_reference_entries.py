"""Pass: one paragraph per entry of the reference list, whatever blank lines the extraction left.

`classify_sections` gives the paragraphs under the reference heading the role `REFERENCE`; but
an extraction often prints a list with no blank line between its entries (each entry then a
run of printed lines), or a blank line between an entry's number and its text, or breaks an
entry (and its URL) across a page. So the list is read again, line by line (the printed lines
are found again in each paragraph from its source span), and cut where an entry starts:

- in a numbered list ("1." / "[1]" first), at the line that carries the next number in
  sequence; a number alone on its line opens an entry whose text follows; anything else
  continues the entry before it, and a block that starts with a capital after a finished
  entry without the next number ends the list (a figure section after it, say);
- in an author–year list, at every block, and at a line that starts with a hanging author
  ("Surname, I." / "Surname, Given", a repeated-author dash "———.", or an institution
  followed by its year) after a line that ends an entry (a full stop, a URL or DOI).

A URL or DOI broken across printed lines ("https:" / "//doi.org/…", "…/info_" /
"wissenschaft_16") is joined again, and each join is recorded in the removal report (rule
`url-line-break`), so the word accounting finds both halves. A reference heading that the
extraction printed on the first line of the list's first block ("References" / "1. …") is
made a heading of its own first. Nothing is done to a text without such a list.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from build_tools.apparatus.references import AUTHOR_DASH, LABEL
from build_tools.model import (
    Block,
    Document,
    Heading,
    Inline,
    Paragraph,
    Preformatted,
    Removal,
    Role,
    Span,
    Text,
    plain_text,
)
from build_tools.passes.context import PassContext
from build_tools.passes.detect_headings import section_name

URL_RULE = "url-line-break"
URL_WHY = ("A URL or DOI the printed page broke across lines; the edition prints it whole (each entry shows "
           "the two halves as the lines broke them, then the URL as the edition prints it).")

_PARTICLES = r"(?:(?:van|von|der|den|de|del|della|di|da|du|dos|la|le|ten|ter)\s+)*"
_FAMILY = rf"{_PARTICLES}[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
# A hanging author–year entry: "Surname, I.", "Surname, Given", "———.", "World Bank. 2019."
_HANGING = re.compile(rf"^(?:{_FAMILY},\s+(?:[A-Z]\.|[A-Z](?=[\s,])|[A-Z][a-z]+\b)"
                      r"|(?:[—–_]{2,}|-{2,})\s*[.,]"
                      r"|[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,5}[.,]?\s+\(?(?:1[5-9]|20)\d\d[a-z]?\b)")
_URL_HEAD = re.compile(r"(?:https?://|www\.|doi\.org/|doi:|^[\w-]+(?:\.[\w-]+)+/|https?:$)")


def has_url_head(text: str) -> bool:
    """`_URL_HEAD.search(text)`: away from the text's start every branch needs "http", "www." or
    "doi", which `in` rules out in C (most entries), where the alternation is tried at every character."""
    return _URL_HEAD.match(text) is not None or (
        ("http" in text or "www." in text or "doi" in text) and _URL_HEAD.search(text) is not None)


_DATE_SOON = re.compile(r"\b(?:1[5-9]|20)\d\d[a-z]?\b|\bn\.\s?d\.|[—–_-]{2,}")  # an entry's date follows its authors
_STRICT_URL = re.compile(r"https?://|www\.|doi\.org/")


_SKIP = 5  # how many numbers a numbered list may seem to skip where a block starts


@dataclass
class _Unit:
    """A printed line of the list, found again in its paragraph."""

    block: int  # index of the paragraph in the section
    offset: int  # where the line starts in the paragraph's text
    line: int  # its source line
    block_start: bool


def run(doc: Document, ctx: PassContext) -> None:
    profile = ctx.seed.profile
    if profile.heading_max_words is None or not profile.reference_headings:
        return
    _open_inline_heading(doc, ctx)
    index = 0
    while index < len(doc.blocks):
        block = doc.blocks[index]
        if isinstance(block, Heading) and section_name(block.text, profile.numbered_headings) \
                in profile.reference_headings:
            index = _split_section(doc, index + 1, ctx)
        else:
            index += 1


def _open_inline_heading(doc: Document, ctx: PassContext) -> None:
    """"References" printed on the first line of the list's first block: a heading of its own."""
    profile = ctx.seed.profile
    if any(isinstance(b, Heading) and section_name(b.text, profile.numbered_headings) in profile.reference_headings
           for b in doc.blocks):
        return
    lines = ctx.source_lines
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph) or block.span.line == block.span.end_line \
                or not any(name in block.text[:40] for name in profile.reference_headings):
            continue
        first = lines[block.span.line - 1].strip() if block.span.line <= len(lines) else ""
        if section_name(first, profile.numbered_headings) not in profile.reference_headings:
            continue
        text = block.text
        rest = text[len(first):].lstrip()
        if not text.startswith(first) or not (LABEL.match(rest) or _HANGING.match(rest)):
            continue
        pieces = _cut(block.inlines, [len(text) - len(rest)])
        heading = Heading(2, _trim(pieces[0]), Span(block.span.file, block.span.line, block.span.line))
        entries = Paragraph(_trim(pieces[1]), Span(block.span.file, block.span.line + 1, block.span.end_line),
                            Role.REFERENCE)
        doc.blocks[index:index + 1] = [heading, entries]
        for following in doc.blocks[index + 2:]:
            if isinstance(following, Heading):
                break
            following.role = Role.REFERENCE
        return


_BRACKETED = re.compile(r"^\s*\[(\d{1,4})\]\s+\S")
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def _gather_strays(doc: Document, first: int) -> int:
    """Entries of a bracketed list ("[4] Dubois A, …") that the extraction printed before the list's
    heading, among the text (a last page's second column read before the end of the first): moved
    after the list's last paragraph, so that they are cut and numbered with it. Returns where the
    list now starts."""
    head = doc.blocks[first] if first < len(doc.blocks) else None
    opening = _BRACKETED.match(head.text) if isinstance(head, Paragraph) else None
    if opening is None:
        return first
    strays = [i for i, block in enumerate(doc.blocks[:first - 1])
              if isinstance(block, Paragraph) and not isinstance(block, Preformatted)
              and block.role in (Role.BODY, Role.RAW) and (label := _BRACKETED.match(block.text))
              and int(label.group(1)) > int(opening.group(1)) and _YEAR.search(block.text)]
    if not strays:
        return first
    end = first
    while end < len(doc.blocks) and not isinstance(doc.blocks[end], Heading):
        end += 1
    moved = set(strays)
    doc.blocks = [b for i, b in enumerate(doc.blocks[:end]) if i not in moved] \
        + [doc.blocks[i] for i in strays] + doc.blocks[end:]
    return first - len(strays)


def _in_number_order(entries: list[Block]) -> list[Block]:
    """A numbered list's entries by their numbers, when the extraction read them out of order."""
    numbers = [LABEL.match(e.text) if isinstance(e, Paragraph) else None for e in entries]
    if not all(numbers):
        return entries
    keys = [int(m.group("number") or m.group("bracketed")) for m in numbers if m]
    if len(set(keys)) != len(keys) or keys == sorted(keys):
        return entries
    return [entry for _, entry in sorted(zip(keys, entries, strict=True), key=lambda pair: pair[0])]


def _split_section(doc: Document, first: int, ctx: PassContext) -> int:
    """Cut the list that starts at block `first` into entries; return the index after it."""
    first = _gather_strays(doc, first)
    paragraphs: list[int] = []
    index = first
    numbered = False
    while index < len(doc.blocks):
        block = doc.blocks[index]
        if isinstance(block, Heading):
            # A page's furniture taken for a heading inside a numbered list does not end it.
            following = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
            if not (numbered and isinstance(following, Paragraph) and _continues_list(following.text)):
                break
        elif isinstance(block, Paragraph):
            if not paragraphs:
                numbered = _numbered(block.text, doc.blocks[index + 1: index + 4])
            block.role = Role.REFERENCE
            paragraphs.append(index)
        index += 1
    if not paragraphs:
        return index
    blocks = [doc.blocks[i] for i in paragraphs]
    assert all(isinstance(b, Paragraph) for b in blocks)
    pars: list[Paragraph] = [b for b in blocks if isinstance(b, Paragraph)]
    units = [u for n, par in enumerate(pars) for u in _units(n, par, ctx)]
    texts = [par.text for par in pars]  # (each entry's text joined once: most hold italics, read thrice below)
    starts, end_block = _entry_starts(units, pars, numbered, texts)
    if end_block == len(pars) and len(starts) == len(pars) == len(units) \
            and not any(map(has_url_head, texts)):
        if numbered:  # (nothing to cut or mend; perhaps to put in order)
            for slot, ordered in zip(paragraphs, _in_number_order(list(pars)), strict=True):
                doc.blocks[slot] = ordered
        return index  # one printed line per entry and no URL: nothing to cut or mend
    entries = _entries(pars[:end_block], starts, units, ctx, doc)
    for par in pars[end_block:]:
        par.role = Role.BODY  # what follows the list's last entry (a figure section, an appendix)
    # Each entry takes the place of the first paragraph it draws from; the others go.
    replaced: dict[int, list[Block]] = {}
    for entry, first_block in entries:
        replaced.setdefault(paragraphs[first_block], []).append(entry)
    removed = {paragraphs[n] for n in range(end_block)}
    result: list[Block] = []
    listed: list[int] = []  # where the entries stand in `result`
    for position, block in enumerate(doc.blocks):
        if position in removed:
            listed.extend(range(len(result), len(result) + len(replaced.get(position, []))))
            result.extend(replaced.get(position, []))
        else:
            result.append(block)
    if numbered:
        for slot, ordered in zip(listed, _in_number_order([result[i] for i in listed]), strict=True):
            result[slot] = ordered
    shift = len(result) - len(doc.blocks)
    doc.blocks = result
    return index + shift


def _numbered(first: str, following: list[Block]) -> bool:
    """A numbered list: its first entry has a number ("1.", "[1]"), and the next number follows
    on its first lines or in the next blocks."""
    label = LABEL.match(first)
    if label is None:
        return False
    number = int(label.group("number") or label.group("bracketed"))
    after = str(number + 1)
    nxt = re.compile(rf"(?:^|\s)(?:\[{after}\]|{after}[.)])(?:\s|$)")
    if nxt.search(first):
        return True
    # the next blocks open with higher numbers (one may be missing: an earlier pass took it)
    labels = [LABEL.match(b.text) for b in following if isinstance(b, Paragraph)]
    numbers = [int(m.group("number") or m.group("bracketed")) for m in labels if m]
    return bool(numbers) and numbers == sorted(numbers) and number < numbers[0] <= number + _SKIP


def _continues_list(text: str) -> bool:
    return bool(LABEL.match(text)) or not text[:1].isupper()


def _units(block: int, par: Paragraph, ctx: PassContext) -> list[_Unit]:
    """The paragraph's printed lines, found again in its text (joined by `unwrap_lines`). On a
    two-column page a source line holds a line of each column: the half this paragraph has is found."""
    units = [_Unit(block, 0, par.span.line, True)]
    if par.span.end_line == par.span.line:
        return units  # (one source line: no later line to find; most entries of most lists)
    text = par.text
    first = next((p for p in ctx.printed_lines(par.span.line) if text.startswith(p[:12])), "")
    cursor = len(first)
    for line in range(par.span.line + 1, par.span.end_line + 1):
        for raw in ctx.printed_lines(line):
            if not raw:
                continue
            prefix = raw[:12]
            found = text.find(prefix, max(0, cursor - 3), cursor + 3 + len(prefix))
            if found < 0:
                continue  # a line the earlier passes removed (page furniture, a note), or the other column's
            units.append(_Unit(block, found, line, False))
            cursor = found + len(raw)
            break
    return units


ENDS_SENTENCE = r"[.?!][\"”’)]*$"
_CLOSERS = "\"”’)"


def ends_sentence(text: str) -> bool:
    """`re.search(ENDS_SENTENCE, text)` read from the text's end (the search tried every full stop of
    the text): a stop, then closing marks only, at the end or before a last newline (`$`)."""
    body = text[:-1] if text.endswith("\n") else text
    return body.rstrip(_CLOSERS).endswith((".", "?", "!"))


def _bare_label(text: str) -> bool:
    label = LABEL.match(text)
    return label is not None and label.end() >= len(text.rstrip())


def _ended(text: str) -> bool:
    """Whether the text before a line ends an entry: a full stop, or a URL or DOI that is whole."""
    if ends_sentence(text):
        return True
    last = text.rsplit(maxsplit=1)[-1] if text and not text.isspace() else ""
    return bool(_STRICT_URL.search(last)) and last[-1] not in "/_=?&#~%:-"


def _entry_starts(units: list[_Unit], pars: list[Paragraph], numbered: bool,
                  texts: list[str] | None = None) -> tuple[set[tuple[int, int]], int]:
    """Where entries open (paragraph, offset), and the index of the first paragraph after the list.
    (`texts`: the paragraphs' texts, when read already.)"""
    if texts is None:
        texts = [par.text for par in pars]
    starts: set[tuple[int, int]] = set()
    first = LABEL.match(texts[0]) if pars else None
    expected = int(first.group("number") or first.group("bracketed")) if first else 1
    seen: set[int] = set()  # numbers that opened an entry
    text = ""
    for position, unit in enumerate(units):
        if unit.block_start:
            text = here = texts[unit.block]  # (a block's first line is read at the block's start)
            before = texts[unit.block - 1].rstrip() if unit.block else ""
        else:  # a printed line inside the paragraph, read at its place (see `_hanging_entry_at`)
            if numbered:
                label = _at(LABEL).match(text, unit.offset)
                number = int(label.group("number") or label.group("bracketed")) if label else 0
                if label and expected <= number <= expected + 1:  # (the next number, or one lost)
                    starts.add((unit.block, unit.offset))
                    seen.add(number)
                    expected = number + 1
            elif _hanging_entry_at(text, unit.offset):
                starts.add((unit.block, unit.offset))
            continue
        if numbered:
            label = LABEL.match(here)
            number = int(label.group("number") or label.group("bracketed")) if label else 0
            # the next number; at a block's start a few may be missing (lost by the extraction)
            if label and expected <= number <= expected + _SKIP:
                starts.add((unit.block, unit.offset))
                seen.add(number)
                expected = number + 1
            elif label and number < expected and number not in seen \
                    and _BRACKETED.match(here) and _ended(before):
                starts.add((unit.block, unit.offset))  # an entry the extraction read after the next ones
                seen.add(number)
            elif position and here[:1].isupper() and _ended(before) \
                    and not _bare_label(before) and not _number_follows(units, position, pars, expected):
                return starts, unit.block  # a capital after a finished entry, and no next number after it
        elif not position or AUTHOR_DASH.match(here) or _HANGING.match(here) or \
                (here[:1].isupper() and _ended(before)):
            starts.add((unit.block, unit.offset))
    return starts, len(pars)


def _hanging_entry_at(text: str, offset: int) -> bool:
    """Does an author–year entry open at a printed line inside a paragraph, at `offset` of its text:
    a hanging author and a date soon after, under a line that ends an entry? ("London, Verso." after
    a title has no date: no entry.) The patterns are matched at the line's place and only the end
    of the text before it is read: slicing the rest of the paragraph and the paragraph so far for
    every printed line made a long paragraph of many lines quadratic."""
    return _ended_before(text, offset) and _at(_HANGING).match(text, offset) is not None \
        and _DATE_SOON.search(text[offset:offset + 200]) is not None


@functools.cache
def _at(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, which opens with `^`, to match at a place of a text: `_at(P).match(text, i)` finds
    what `P.match(text[i:])` finds, `i` further on, because nothing in these patterns reads before
    where they start (no look-behind, no `\\b` first). Compiled when a paragraph of several printed
    lines first asks (an extraction with a blank line between entries never does)."""
    assert pattern.pattern.startswith("^")
    return re.compile(pattern.pattern[1:], pattern.flags)


_TAIL = 200  # characters before a line read to tell whether the text before it ends an entry


def _ended_before(text: str, end: int) -> bool:
    """`_ended(text[:end].rstrip())`, reading only the text's last characters before `end`: `_ended`
    reads the last word (from the last space on) and nothing before it."""
    start = max(0, end - _TAIL)
    tail = text[start:end].rstrip()
    if start and len(tail.rsplit(maxsplit=1)) < 2:
        tail = text[:end].rstrip()  # (no space in the tail: a last word longer than it, read whole)
    return _ended(tail)


def _number_follows(units: list[_Unit], start: int, pars: list[Paragraph], expected: int) -> bool:
    """Whether a block of the section from unit `start` on opens with the next number (the list goes on).
    (The units read in place: a copy of the rest of them per block asked made a long list quadratic.)"""
    for position in range(start, len(units)):
        unit = units[position]
        label = LABEL.match(pars[unit.block].text) if unit.block_start else None
        if label and expected <= int(label.group("number") or label.group("bracketed")) <= expected + _SKIP:
            return True
    return False


def _entries(pars: list[Paragraph], starts: set[tuple[int, int]], units: list[_Unit], ctx: PassContext,
             doc: Document) -> list[tuple[Paragraph, int]]:
    """The entries, each with the index of the paragraph it starts in."""
    entries: list[tuple[Paragraph, int]] = []
    current: list[Inline] = []
    span: Span | None = None
    first_block = 0
    for n, par in enumerate(pars):
        offsets = sorted(offset for block, offset in starts if block == n and offset)
        lines = {u.offset: u.line for u in units if u.block == n}
        bounds = [0, *offsets]
        for k, piece in enumerate(_cut(par.inlines, offsets)):
            first_line = lines.get(bounds[k], par.span.line)
            last_line = lines.get(bounds[k + 1], par.span.end_line + 1) - 1 if k + 1 < len(bounds) \
                else par.span.end_line
            piece_span = Span(par.span.file, first_line, max(first_line, last_line))
            if (n, bounds[k]) in starts or span is None:
                if span is not None:
                    entries.append((_finish(current, span, ctx, doc), first_block))
                current, span, first_block = [], piece_span, n
            trimmed = _trim(piece)
            if current and trimmed:
                current.append(Text(" "))
            current.extend(trimmed)
            span = span.merge(piece_span)
    if span is not None:
        entries.append((_finish(current, span, ctx, doc), first_block))
    return entries


def _finish(inlines: list[Inline], span: Span, ctx: PassContext, doc: Document) -> Paragraph:
    return Paragraph(_mend_urls(_merge_texts(inlines), span, doc), span, Role.REFERENCE)


def _cut(inlines: list[Inline], offsets: list[int]) -> list[list[Inline]]:
    """The inline nodes cut at these offsets of their plain text (a cut inside a markup node is
    moved to its end); len(offsets) + 1 pieces."""
    pieces: list[list[Inline]] = [[]]
    position = 0
    pending = list(offsets)
    for node in inlines:
        if isinstance(node, Text):
            text = node.text
            start = 0
            while pending and pending[0] <= position + len(text):
                at = max(pending.pop(0) - position, start)
                if text[start:at]:
                    pieces[-1].append(Text(text[start:at]))
                pieces.append([])
                start = at
            if text[start:]:
                pieces[-1].append(Text(text[start:]))
            position += len(text)
            continue
        pieces[-1].append(node)
        position += len(plain_text([node]))
        while pending and pending[0] <= position:
            pending.pop(0)
            pieces.append([])
    while len(pieces) < len(offsets) + 1:
        pieces.append([])
    return pieces


def _trim(inlines: list[Inline]) -> list[Inline]:
    """The white space at either end of a piece (the separator at a cut) dropped."""
    out = list(inlines)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return [n for n in out if not (isinstance(n, Text) and not n.text)]


def _merge_texts(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out


def _joins(head: str, tail: str) -> bool:
    """Whether `tail` continues the URL `head` that a printed line broke."""
    if not has_url_head(head) or LABEL.match(tail + " "):
        return False
    if head.endswith(":"):
        return tail.startswith("//")
    if head[-1] in "/_=?&#~%-":
        return not tail.startswith("(")
    if head.endswith("."):
        return bool(re.match(r"^(?:\d+\.?|\S*/\S*|[a-z][\w-]*\.[a-z\d]\S*)$", tail)
                    or (_STRICT_URL.search(head) and re.match(r"^[a-z]{2,4}\.?$", tail)))
    return False


_TOKEN = re.compile(r"\S+")


def _mend_urls(inlines: list[Inline], span: Span, doc: Document) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if not isinstance(node, Text) or (" " not in node.text):
            out.append(node)
            continue
        text = node.text
        tokens = list(_TOKEN.finditer(text))
        pieces: list[str] = []
        last = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            joined = token.group()
            end = token.end()
            while index + 1 < len(tokens) and text[end:tokens[index + 1].start()] == " " \
                    and _joins(joined, tokens[index + 1].group()):
                tail = tokens[index + 1].group()
                doc.removals.append(Removal(URL_RULE, URL_WHY, f"{joined} {tail} → {joined}{tail}", span))
                joined += tail
                index += 1
                end = tokens[index].end()
            pieces.append(text[last:token.start()] + joined)
            last = end
            index += 1
        pieces.append(text[last:])
        out.append(Text("".join(pieces)))
    return out
