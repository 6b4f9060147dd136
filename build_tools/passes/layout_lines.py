"""Pass: find paragraphs, page-foot notes and headings in a PDF text by the layout of its lines.

An extraction of a PDF keeps one line per printed line, and often no blank line between
paragraphs, between the text and the notes at the page's foot, or around a heading (Word
and LaTeX documents alike, repository text dumps). `split_blocks` cuts at blank lines and
`strip_page_furniture` at every page's edge; this pass looks inside what is left, line by
line, with the evidence a reader uses:

- a note starts at the page foot with the number that comes next in the sequence of the
  notes, once its marker (digits glued after a word: `remedy.35`) has been read in the text
  (`35 See …`, `35. See …`, or a bare `35` line over the note, as pdfTeX prints it); every
  line after it down to the page's end is notes, each note running until the next number;
- a paragraph ends where a line ends a sentence well short of its neighbours' width and the
  next line opens with a capital (a new paragraph's first line is indented, and the
  extraction drops the indent but keeps the short last line);
- a heading is a short line, set apart by the lines around it: an outline number (`IV.`,
  `B.`, `2.1`) and title-case or capital words, or a title-case line after a finished
  sentence and before a new one; a heading printed over two lines is joined, and a section
  number the extraction put on a line of its own (`1` / `Introduction`) goes back to its name;
- a table of contents (lines ending in dot leaders and a page number) is the printed
  book's, not the work's: it is removed under the rule `table-of-contents`.

It only cuts blocks apart (and joins a heading's lines): no word changes, and `unwrap_lines`,
`plain_note_markers`, `lift_footnotes` and `detect_headings` do the rest as for any text. A
block the layout marks as a heading carries `hint="heading"` for `detect_headings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from build_tools.model import Block, Document, Paragraph, Removal, Span, Text
from build_tools.passes.context import PassContext

TOC_RULE = "table-of-contents"
TOC_WHY = ("The printed table of contents, with its dot leaders and page numbers: the edition makes its own "
           "from the headings.")
_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}(?:\s+R)?$")
_TOC_HEADER = re.compile(r"^(?:TABLE OF (?:CONTENTS|FIGURES|TABLES)|CONTENTS|Contents|Table of [Cc]ontents)$")
# Digits glued after a word or closing punctuation: the marker a flattened superscript leaves.
_GLUED = re.compile(r"(?<=[a-z.,;:!?)’”'\"])(\d{1,3})(?=[\s.,;:)]|$)")
_NOTE_START = re.compile(r"^(\d{1,3})\.?\s+(?=\S)")
_BARE_NUMBER = re.compile(r"^(\d{1,3})$")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*(?:\d{1,3})?$")
_OUTLINE = re.compile(r"^(?:[IVXL]{1,6}\.|[A-Z]\.|\d{1,2}(?:\.\d{1,2}){0,3}\.?)\s+(?=\S)")
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")
_CLOSING = re.compile(r"[.,;:!…]['’\"”)]*$")
CAPTION = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+\d+[.:]?\s")  # a caption is never a heading
_SMALL_WORD = 4
_SHORT = 0.8  # a line this much shorter than its neighbours ends its paragraph (when it ends a sentence)
_HEADING_WORDS = 16
_LOOKAHEAD = 15  # lines below a note's number where the next note may start


@dataclass
class _State:
    next_note: int = 1
    glued: set[str] = field(default_factory=set)  # marker digits read in the text so far
    references: tuple[str, ...] = ()  # the reference list's heading names (the profile's)
    page_starts: frozenset[int] = frozenset()  # 1-based numbers of the lines a form feed opens
    in_references: bool = False  # under that heading, entries are split by the references' own pass


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.layout_lines:
        return
    state = _State(references=tuple(name.casefold() for name in ctx.seed.profile.reference_headings),
                   page_starts=frozenset(n for n, line in enumerate(ctx.seed.text.split("\n"), 1) if "\f" in line))
    result: list[Block] = []
    _cut_title(doc, ctx)
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.hint in ("title", "front"):
            result.append(block)
            continue
        if not isinstance(block, Paragraph):
            result.append(block)
            continue
        lines = block.text.split("\n")
        numbers = list(range(block.span.line, block.span.line + len(lines)))
        keep = _drop_contents(lines, numbers, doc, ctx)
        lines = [line for i, line in enumerate(lines) if i in keep]
        numbers = [n for i, n in enumerate(numbers) if i in keep]
        if len(lines) == 1 and _OUTLINE.sub("", lines[0].strip(), count=1).casefold() in state.references:
            state.in_references = True
        if lines:
            result.extend(_split(lines, numbers, state, ctx))
    doc.blocks = _number_then_name(result)


def _drop_contents(lines: list[str], numbers: list[int], doc: Document, ctx: PassContext) -> set[int]:
    """Indexes of the lines to keep: a table of contents' lines go to the removal report."""
    leader = [bool(_LEADER.search(line)) for line in lines]
    if sum(leader) < 2:
        return set(range(len(lines)))
    toc = set(i for i, is_leader in enumerate(leader) if is_leader)
    for i in sorted(toc, reverse=True):  # an entry printed over two lines: its first line has no leader
        j = i - 1
        while j >= 0 and j not in toc and not leader[j] and not _SENTENCE_END.search(lines[j]) \
                and len(lines[j].split()) <= _HEADING_WORDS and i - j <= 2:
            toc.add(j)
            j -= 1
    for i in sorted(toc):
        if i > 0 and _TOC_HEADER.match(lines[i - 1].strip()):
            toc.add(i - 1)
    for i in sorted(toc):
        doc.removals.append(Removal(TOC_RULE, TOC_WHY, lines[i], Span(ctx.file, numbers[i], numbers[i])))
    return set(range(len(lines))) - toc


def _split(lines: list[str], numbers: list[int], state: _State, ctx: PassContext) -> list[Block]:
    """The block's lines cut into paragraphs, notes and heading lines."""
    pieces: list[tuple[int, int, str]] = []  # (first index, last index, kind)
    start = 0
    kind = "text"
    in_notes = False
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if index > start and numbers[index] in state.page_starts:  # a new page: the notes end
            pieces.append((start, index - 1, kind))
            start, kind, in_notes = index, "text", False
        note = _note_start(line, lines[index + 1:index + 1 + _LOOKAHEAD], state)
        if note:
            if index > start:
                pieces.append((start, index - 1, kind))
            start, kind, in_notes = index, "note", True
            index += 2 if _BARE_NUMBER.match(line) else 1
            continue
        if in_notes or state.in_references:
            index += 1
            continue
        state.glued.update(_GLUED.findall(line))
        heading_end = _heading_at(lines, index, after_heading=bool(pieces) and pieces[-1][1] == index - 1
                                  and pieces[-1][2] == "heading")
        if heading_end is not None:
            if index > start:
                pieces.append((start, index - 1, kind))
            pieces.append((index, heading_end, "heading"))
            name = _OUTLINE.sub("", " ".join(lines[index:heading_end + 1]).strip(), count=1).casefold()
            state.in_references = name in state.references
            start, kind = heading_end + 1, "text"
            index = heading_end + 1
            continue
        if index > start and _paragraph_ends(lines, index):
            pieces.append((start, index - 1, kind))
            start, kind = index, "text"
        index += 1
    if start < len(lines):
        pieces.append((start, len(lines) - 1, kind))
    file = ctx.file
    blocks: list[Block] = []
    for first, last, piece_kind in pieces:
        text = "\n".join(line.strip() for line in lines[first:last + 1])
        if piece_kind == "note" and _BARE_NUMBER.match(lines[first].strip()):
            text = text.replace("\n", " ", 1)  # `1` / `Contact: …`: the number opens the note, as `1 Contact: …`
        paragraph = Paragraph([Text(text)], Span(file, numbers[first], numbers[last]))
        if piece_kind == "heading":
            paragraph.hint = "heading"
        blocks.append(paragraph)
    return blocks


def _note_start(line: str, after: list[str], state: _State) -> bool:
    """Does a note start on this line: the next number, its marker already read in the text (or,
    when the extraction lost that marker, the next note's marker read and its note just below)?"""
    following = after[0].strip() if after else ""
    match = _NOTE_START.match(line) or (_BARE_NUMBER.match(line) if following[:1].isalpha() else None)
    if match is None or int(match.group(1)) != state.next_note:
        return False
    number = int(match.group(1))
    if not _marker_read(match.group(1), state):
        then = str(number + 1)
        if not _marker_read(then, state) or not any(re.match(rf"{then}\.?\s+\S", a.strip()) for a in after):
            return False
    state.next_note += 1
    return True


def _marker_read(label: str, state: _State) -> bool:
    return label in state.glued or label * 2 in state.glued  # `strong.66`: a marker whose glyph came out twice


def _width(lines: list[str], index: int) -> float:
    """The printed line width around `index`: the median length of the lines near it."""
    near = [len(lines[j].strip()) for j in range(max(0, index - 4), min(len(lines), index + 5)) if j != index]
    return median(near) if near else 0.0


def _paragraph_ends(lines: list[str], index: int) -> bool:
    """Does a new paragraph start at line `index` (the line before ends one, short and finished)?"""
    before, line = lines[index - 1].strip(), lines[index].strip()
    if line.startswith("•"):
        return True
    if not _SENTENCE_END.search(before) or not (line[:1].isupper() or line[:1] in "“\"‘(" or line[:1].isdigit()):
        return False
    return len(before) < _SHORT * _width(lines, index - 1)


def _title_words(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return False
    letters = "".join(words)
    if letters.isupper() and len(letters) > 1:
        return True
    return all(w[0].isupper() for w in words if len(w) >= _SMALL_WORD) and text[:1].isupper()


def _looks_like_heading(text: str) -> bool:
    text = re.sub(r"(?<=[^\W\d_])\d{1,3}$", "", text)  # a note marker glued to the heading
    if not text or len(text.split()) > _HEADING_WORDS or _CLOSING.search(text) or _LEADER.search(text) \
            or text.endswith(("-", "\u2010", "\u00ad")) \
            or CAPTION.match(text):
        return False
    return _title_words(_OUTLINE.sub("", text, count=1))


def _heading_at(lines: list[str], index: int, after_heading: bool = False) -> int | None:
    """The last line of a heading that starts at `index`, or None."""
    line = lines[index].strip()
    if not _looks_like_heading(line):
        return None
    if index > 0 and not after_heading and not _SENTENCE_END.search(lines[index - 1].strip()):
        return None  # mid-paragraph
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    last = index
    # a heading over two lines: the second also short, in the same case, unfinished or a question
    if after and _continues_heading(line, after) and index + 2 < len(lines):
        last, after = index + 1, lines[index + 2].strip()
    if _OUTLINE.match(line):
        return last if (not after or after[:1].isupper() or after[:1] in "“\"") else None
    # a bare line: set apart from the text by its shortness, and followed by a new sentence
    if not after or not (after[:1].isupper() or after[:1] in "“\""):
        return None
    width = _width(lines, index)
    if width and len(line) > 0.7 * width:
        return None
    if len(lines) - last < 2 and index > 0:
        return None  # the block's last line: a paragraph's end, not a heading over text
    return last


def _continues_heading(line: str, after: str) -> bool:
    if _CLOSING.search(line) or line.endswith("?") or _OUTLINE.match(after):
        return False
    if not _looks_like_heading(after) and not (after.endswith("?") and _title_words(after)):
        return False
    both_caps = line.upper() == line and after.upper() == after
    return both_caps or (after.endswith("?") and len(after.split()) <= 4)


def _number_then_name(blocks: list[Block]) -> list[Block]:
    """`1` / `Introduction` as two blocks (a Word heading's number on a line of its own): one heading."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (isinstance(block, Paragraph) and isinstance(following, Paragraph)
                and _SECTION_NUMBER.match(block.text.strip()) and following.text.count("\n") <= 1
                and _looks_like_heading(" ".join(following.text.split()))):
            merged = Paragraph([Text(f"{block.text.strip()} {' '.join(following.text.split())}")],
                               block.span.merge(following.span))
            merged.hint = "heading"
            result.append(merged)
            index += 2
            continue
        result.append(block)
        index += 1
    return result


_TITLE_SEARCH_LINES = 80  # the title is printed on the work's first page
_FRONT_LINES = 8  # authors and affiliations under the title
_FRONT_WORDS = 10  # an author or affiliation line is shorter than a line of text


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _cut_title(doc: Document, ctx: PassContext) -> None:
    """The lines that print text.yml's title become the title block; the short lines under it
    (authors, affiliations, dates) a front-matter block. A running head or a page number is
    never taken for the title: only the editor's title is looked for."""
    title = _norm(ctx.seed.config.title)
    if len(title) < 4:
        return
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph) or block.span.line > _TITLE_SEARCH_LINES:
            return
        lines = block.text.split("\n")
        for first in range(len(lines)):
            last = _title_lines(lines, first, title)
            if last is None:
                continue
            end = last + 1
            while end < len(lines) and end - last <= _FRONT_LINES and _front_line(lines[end]):
                end += 1
            pieces = [(0, first, None), (first, last + 1, "title"), (last + 1, end, "front"), (end, len(lines), None)]
            blocks: list[Block] = []
            for a, b, hint in pieces:
                if a < b:
                    para = Paragraph([Text("\n".join(lines[a:b]))], Span(block.span.file, block.span.line + a,
                                                                         block.span.line + b - 1))
                    para.hint = hint
                    blocks.append(para)
            doc.blocks[index:index + 1] = blocks
            return


def _title_lines(lines: list[str], first: int, title: str) -> int | None:
    """The last of the lines from `first` that together print the title, or None."""
    joined = ""
    for last in range(first, min(len(lines), first + 4)):
        joined = _norm(f"{joined} {lines[last]}")
        if not joined or not title.startswith(joined):
            return None
        if len(joined) >= 0.8 * len(title):
            return last
    return None


def _front_line(line: str) -> bool:
    """An author, affiliation or date line: short, not a sentence, not a heading's start."""
    text = line.strip()
    if not text or len(text) > 120 or _OUTLINE.match(text) or re.match(r"^(?:Abstract|ABSTRACT|Keywords)\b", text):
        return False
    words = len(text.split())
    return words <= _FRONT_WORDS and not (_SENTENCE_END.search(text) and words > 6)
