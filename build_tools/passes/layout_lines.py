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
from dataclasses import dataclass, field, fields
from itertools import pairwise
from operator import attrgetter
from statistics import median

from build_tools.model import Block, Document, Paragraph, Preformatted, Removal, Span, Text
from build_tools.passes.context import PassContext
from build_tools.passes.split_columns import page_ranges

TOC_RULE = "table-of-contents"
TOC_WHY = ("The printed table of contents, with its dot leaders and page numbers: the edition makes its own "
           "from the headings.")
_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}(?:\s+R)?$")
_TOC_HEADER = re.compile(r"^(?:TABLE OF (?:CONTENTS|FIGURES|TABLES)|CONTENTS|Contents|Table of [Cc]ontents)$")
# Digits glued after a word or closing punctuation: the marker a flattened superscript leaves.
# (the lookahead first: the scan skips to the next digit at C speed)
_GLUED = re.compile(r"(?=\d)(?:(?<=[a-z.,;:!?)’”'\"])(\d{1,3})(?=[\s.,;:)]|$)"
                    r"|(?<=[.;:!?)’”] )(\d{1,3})$)")  # `principles. 19`: a marker the extraction spaced off
# A digit after what `_GLUED` looks back at (a letter or mark, or a space): every line `_GLUED`
# finds a marker in has one. Opening with the digit, it skips in C over the lines of running text
# that hold none, where `_GLUED` is tried at each character (bench/: a third of this pass's time).
MAY_HOLD_GLUED = re.compile(r"\d(?<=[a-z.,;:!?)’”'\" ].)")
_SYMBOLS = "*†‡§"
_ANY_SYMBOL = re.compile(f"[{re.escape(_SYMBOLS)}\ue000-\uf8ff]")
# (a symbol font's glyph the extraction could not map is a private-use character: a symbol too)
_SYMBOL = r"(\*\*?|††?|‡‡?|§|[\ue000-\uf8ff])"  # one symbol, or one doubled for the second note (**)
# (the pattern as written to be read; `_GLUED_SYMBOL` is the one searched)
GLUED_SYMBOL_PLAIN = rf"(?<=[^\W\d_]|[.,;:)’”]){_SYMBOL}(?=[\s.,;:)]|$)"
# `GLUED_SYMBOL_PLAIN` opening with its symbol, the look-behind one character further back (over it), a
# doubled symbol's second told by a look-behind at its first: `re` skips in C to each symbol by the pattern's
# first character class, twice as fast as with a look-ahead at the symbols first (the lines of a text
# with italics `*…*`, whose closing asterisk is read as a glued symbol, are scanned from their first `*` on).
# The same matches (each is group 1), at the same places.
_GLUED_SYMBOL = re.compile(rf"([{re.escape(_SYMBOLS)}\ue000-\uf8ff](?<=(?:[^\W\d_]|[.,;:)’”]).)"
                           r"(?:(?<=\*)\*|(?<=†)†|(?<=‡)‡)?)(?=[\s.,;:)]|$)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


# `_GLUED` opening with its first digit, the look-behinds one character further back (over that digit):
# `re` skips in C to each digit, where a pattern opening with a look-ahead is tried at every character.
# Each match is the marker's digits (`_GLUED`'s `a or b`), at the same places.
GLUED_DIGIT_FIRST = re.compile(r"\d(?:(?<=[a-z.,;:!?)’”'\"].)\d{0,2}(?=[\s.,;:)]|$)"
                               r"|(?<=[.;:!?)’”] .)\d{0,2}$)")


def glued_markers(line: str) -> list[str]:
    """The digits of the markers glued in the line: `a or b` for each of `_GLUED.findall(line)`."""
    return GLUED_DIGIT_FIRST.findall(line) if may_hold_digit(line) else []


def may_hold_digit(text: str) -> bool:
    """Could `\\d` match in the text? Not in an ASCII text without 0–9, which ten `str.find`s in C rule
    out faster than the pattern's scan, character by character, for a digit (a text with any other
    character may hold another script's digit: it is scanned)."""
    return not text.isascii() or any(map(text.__contains__, "0123456789"))


def first_symbol(line: str, private_use: bool, symbols: str = _SYMBOLS) -> int:
    """Where `_ANY_SYMBOL` first matches in the line, -1 if nowhere: the four symbols found by `str.find`
    (in C, where the pattern's character class is tried at every character), and a private-use
    character looked for only when the text holds one (see `may_hold_private_use`). `symbols`: those
    of the four the line may hold (the others are not looked for: see `symbols_held`)."""
    if not private_use:
        if len(symbols) == 1:
            return line.find(symbols)  # (a text with one kind of symbol, `*` of its italics: one search)
        if not any(map(line.__contains__, symbols)):
            return -1  # (most texts: no list is made)
    found = [index for index in map(line.find, symbols) if index >= 0]
    if private_use and (match := _PRIVATE_USE.search(line)) is not None:
        found.append(match.start())
    return min(found, default=-1)


_last_held: tuple[str, str] = ("", "")


def symbols_held(text: str) -> str:
    """The symbols of `_SYMBOLS` the text holds, in their order: a line of it holds no other. (Asked once per
    text: a line is then searched for these only. `†` is the costly one to look for in a text with any
    character past U+00FF: `str.find` skips to each byte 0x20 of it, each space. The last text's answer is
    kept: `plain_note_markers` asks of the same text.)"""
    global _last_held
    if _last_held[0] is not text:
        _last_held = (text, "".join([symbol for symbol in _SYMBOLS if symbol in text]))
    return _last_held[1]


_last_text: tuple[str, bool] = ("", False)


def may_hold_private_use(text: str) -> bool:
    """Could the text hold a private-use character (U+E000–U+F8FF)? In UTF-8 each of them starts with
    the byte EE or EF, and so only some other characters do (U+F900 on: a ligature `ﬁ`, a BOM): False
    proves there is none, for every line of the text. (The last text's answer is kept: the passes
    after this one ask of the same text.)"""
    global _last_text
    if _last_text[0] is text:
        return _last_text[1]
    encoded = text.encode("utf-8", "surrogatepass")
    found = not text.isascii() and (b"\xee" in encoded or b"\xef" in encoded)
    _last_text = (text, found)
    return found


_SYMBOL_START = re.compile(rf"^{_SYMBOL}(?:\s+(?=\S)|(?=[A-Z‘“\"(]))")  # (glued to its note: `*Department of …`)
# `* a@b.org; † Contributed equally.`: the next symbol's note printed on the same line
_NEXT_SYMBOL_NOTE = re.compile(rf"(?<=[;.])\s+(?=[{re.escape(_SYMBOLS)}\ue000-\uf8ff]\s+\S)")
# `35 See …`, `35. See …`, or the number glued to the note (`1My use of …`: a superscript flattened)
_NOTE_START = re.compile(r"^(\d{1,3})(?:\.?\s+(?=\S)|(?=[A-Z‘“\"(]|https?:|www\.))")
_BARE_NUMBER = re.compile(r"^(\d{1,3})$")
_GLUED_NOTE = re.compile(r"^\d{1,3}[A-Z‘“\"(]")  # `2Note …`: a superscript number flattened onto its note
_AHEAD = 2
_DOTTED_NUMBER = re.compile(r"^\d{1,2}\.\s")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*(?:\s?\d{1,3})?$")  # (a note's marker after it, glued or spaced)
_OUTLINE = re.compile(r"^(?:[IVXL]{1,6}\.|[A-Z]\.|\d{1,2}(?:\.\d{1,2}){0,3}\.?)\s+(?=\S)")
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")
_SECTION_NUMBER_LENGTH = 12  # the longest text `_SECTION_NUMBER` matches (`12.12.12.12.`)
_CLOSING = re.compile(r"[.,;:!…]['’\"”)]*$")
_CAPTION_LABEL = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+\d+[.:]\s")  # "Figure 2 shows" is a sentence
CAPTION = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+\d+[.:]?\s")  # a caption is never a heading
SPLIT_HEADING = "heading-split"  # the hint of a heading whose number was on a line of its own
_SMALL_WORD = 4
# prepositions and conjunctions a title leaves in lower case however long ("Information from Third Parties")
_LOWER_IN_TITLES = frozenset({"from", "with", "into", "onto", "over", "upon", "than", "that", "when", "where",
                              "while", "under", "about", "after", "before", "between", "through", "within",
                              "without", "versus", "along", "among", "toward", "towards"})
_OPENING_CAPITALS = 3  # capitalised long words that make a block's first line a heading whatever its length
_ARABIC_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+(?=[^\W\d_])")
_PRINTED_LINE = 50  # characters: a printed line is at least this wide (however short the lines near a heading)
_LIST_WORDS = 6  # "1. Focus on proportions of …": past this many words, a numbered line is a list's item
_SHORT = 0.8  # a line this much shorter than its neighbours ends its paragraph (when it ends a sentence)
_HEADING_WORDS = 16
_LOOKAHEAD = 15  # lines below a note's number where the next note may start


@dataclass
class _State:
    next_note: int = 1
    ahead: set[int] = field(default_factory=set)  # notes found before the one the sequence expects
    glued_read: set[str] = field(default_factory=set)  # marker digits read in the lines searched so far
    unread: list[str] = field(default_factory=list)  # lines of text not yet searched for them (see `glued`)
    references: tuple[str, ...] = ()  # the reference list's heading names (the profile's)
    known: tuple[str, ...] = ()  # unnumbered section names (Appendix, Figure supplements): one ends the references
    page_starts: frozenset[int] = frozenset()  # 1-based numbers of the lines a form feed opens
    private_use: bool = True  # the text may hold a private-use character (a symbol: see `first_symbol`)
    # the text holds one of `_SYMBOLS` or may hold a private-use character: when not, no line has a symbol
    # to look for (four scans of the text, not of each line: most texts have no symbol note)
    any_symbol: bool = True
    held: str = _SYMBOLS  # the symbols the text holds (see `symbols_held`): a line is searched for these only
    in_references: bool = False  # under that heading, entries are split by the references' own pass
    symbols: list[str] = field(default_factory=list)  # symbol markers (* † ‡) read and not yet given their note
    # page-foot notes whose last line ends no sentence, oldest first: their next lines may come apart
    open_notes: list[Paragraph] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.longest_name = max(map(len, (*self.references, *self.known)), default=0)

    @property
    def glued(self) -> set[str]:
        """The marker digits read in the text so far. A line of text is searched for them only when a
        note's number asks (`read`): a text without page-foot notes, most, is never searched."""
        if self.unread:
            for line in self.unread:
                self.glued_read.update(glued_markers(line))
            self.unread.clear()
        return self.glued_read

    def read(self, line: str) -> None:
        """A line of the text, whose glued markers count from now on (see `glued`)."""
        self.unread.append(line)

    def folded_name(self, line: str) -> str | None:
        """The line case-folded, to be looked up in `references` and `known`; None for a line longer
        than any of them (most lines: `casefold` never shortens a text, and costs more than the test)."""
        return line.casefold() if len(line) <= self.longest_name else None


def run(doc: Document, ctx: PassContext) -> None:
    if not ctx.seed.profile.layout_lines:
        return
    private_use = may_hold_private_use(ctx.seed.text)
    held = symbols_held(ctx.seed.text)
    state = _State(references=tuple(name.casefold() for name in ctx.seed.profile.reference_headings),
                   known=tuple(name.casefold() for name in ctx.seed.profile.known_sections),
                   page_starts=_page_starts(ctx), private_use=private_use,
                   any_symbol=private_use or held != "", held=held)
    result: list[Block] = []
    _cut_title(doc, ctx)
    set_apart: set[int] = set()  # bare symbol blocks given back to their notes
    # Each block's text, read once: the loop asks for a block's own and for the next one's (no block of
    # `doc.blocks` changes in it: the notes it extends are blocks it made)
    texts = [block.text for block in doc.blocks]
    for position, block in enumerate(doc.blocks):
        if position in set_apart:
            continue
        text = texts[position]
        if isinstance(block, Paragraph) and block.hint in ("title", "front", "heading", SPLIT_HEADING):
            state.open_notes = []
            state.symbols.extend(_GLUED_SYMBOL.findall(text))  # `Arbel*` in the byline
            if block.hint != "front":  # (a heading already found: it opens or closes the reference list)
                name = _OUTLINE.sub("", " ".join(text.split()), count=1).casefold()
                state.in_references = name in state.references
                result.append(block)
            else:
                result.extend(_front_notes(block, state, ctx))
            continue
        if not isinstance(block, Paragraph) or isinstance(block, Preformatted):
            result.append(block)  # (a figure drawn beside a column of text: as split_columns found it)
            continue
        if state.open_notes and _goes_on(block, text, state):
            note = state.open_notes[0]
            note.inlines = [Text(f"{note.text}\n{text.strip()}")]
            note.span = note.span.merge(block.span)
            if _SENTENCE_END.search(text.strip()):
                state.open_notes.pop(0)
            continue
        lines = text.split("\n")
        # (the blocks after it read in place: a copy of them per block made the pass quadratic; asked only
        # when its cheap test may pass, the block's last line or the next block as short as a bare symbol:
        # a text with italics has a symbol read, `*…*`, and asks at every block)
        following = texts[position + 1] if position + 1 < len(texts) else ""
        if state.symbols and (len(lines[-1].strip()) <= _BARE_SYMBOL_LENGTH
                              or len(following.strip()) <= _BARE_SYMBOL_LENGTH):
            given = _symbols_set_apart(lines, doc.blocks, position + 1, state, texts)
            if given:
                set_apart.update(range(position + 1, position + 1 + given))
        if len(lines) == 1:  # (a block of one line, nearly every block of an extraction with a line per paragraph)
            result.extend(_one_line(lines[0], block, state, ctx))
            continue
        numbers = ctx.line_numbers.get(id(block)) or list(range(block.span.line, block.span.line + len(lines)))
        if len(numbers) != len(lines):  # (a symbol line given back to its note: the block is shorter)
            numbers = numbers[:len(lines)]
        keep = _drop_contents(lines, numbers, doc, ctx)
        if keep is not None:
            lines = [line for i, line in enumerate(lines) if i in keep]
            numbers = [n for i, n in enumerate(numbers) if i in keep]
        if len(lines) == 1 and _names_references(lines[0].strip(), state):
            state.in_references = True
        if lines:
            result.extend(_split(lines, numbers, state, ctx))
    doc.blocks = _number_then_name(_title_page_note(result, state))


def _one_line(line: str, block: Paragraph, state: _State, ctx: PassContext) -> list[Block]:
    """`run`'s reading of a block of one line (no table of contents to drop), without building its
    list of line numbers."""
    numbers = ctx.line_numbers.get(id(block))
    number = numbers[0] if numbers else block.span.line
    if _names_references(line.strip(), state):
        state.in_references = True
    paragraph = _line_of_text(line, number, state, ctx, block)
    return [paragraph] if paragraph is not None else _split_lines([line], [number], state, ctx)


def _names_references(line: str, state: _State) -> bool:
    """Is the line the reference list's heading (an outline number before it)? The outline's number
    is taken off only when the line may have one: a line longer than any name and opening with no
    number has no name to find (most lines of running text)."""
    if len(line) > state.longest_name and not _OUTLINE.match(line):
        return False
    return state.folded_name(_OUTLINE.sub("", line, count=1)) in state.references


def _page_starts(ctx: PassContext) -> frozenset[int]:
    """The 1-based numbers of the lines that open a page after the first: a form feed's, or the line
    after a page-break marker the profile names (`<<PAGE_BREAK>>` in a repository's text dump)."""
    return frozenset(top + 1 for top, _ in page_ranges(ctx.source_lines, ctx) if top)


TITLE_NOTE = "title-note"  # the hint of a note on the title page whose marker the extraction lost


def _title_page_note(blocks: list[Block], state: _State) -> list[Block]:
    """A bare `1` over the foot of the first page, no marker 1 read anywhere: the note on the title
    (pdfTeX's `\thanks`) whose marker the extraction lost. It runs to the page's end; `plain_note_markers`
    puts its marker on the title."""
    if not state.page_starts:
        return blocks
    first_page_end = min(state.page_starts)
    for index, block in enumerate(blocks):
        if block.span.line >= first_page_end or any("1" in (a, b) for a, b in _GLUED.findall(block.text)):
            break  # (a marker 1 read on the page: its note is found the ordinary way)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if not (isinstance(block, Paragraph) and block.hint is None and block.text.strip() == "1"
                and isinstance(following, Paragraph) and following.text[:1].isupper()):
            continue
        name = " ".join(following.text.split())
        if _looks_like_heading(name) or _numbered_sentence(f"1 {name}", 0):
            break  # `1` / `Introduction`: the first section's number
        end = index + 1
        while end + 1 < len(blocks) and blocks[end + 1].span.end_line < first_page_end:
            after = blocks[end + 1]
            if not isinstance(after, Paragraph) or after.hint is not None:
                break
            end += 1
        parts = blocks[index:end + 1]
        note = Paragraph([Text("1 " + "\n".join(b.text for b in parts[1:]))], parts[0].span.merge(parts[-1].span))
        note.hint = TITLE_NOTE
        return [*blocks[:index], note, *blocks[end + 1:]]
    return blocks


def may_have_leader(line: str) -> bool:
    """Whether `_LEADER` could match the line (four dots or more, a page number, or `R`, at its
    end): the test in Python rules out running text before a search in it from every character."""
    return line.count(".") >= 4 and (line[-1:].isdecimal() or line.endswith("R"))


def _drop_contents(lines: list[str], numbers: list[int], doc: Document, ctx: PassContext) -> set[int] | None:
    """Indexes of the lines to keep: a table of contents' lines go to the removal report (None: all)."""
    if len(lines) < 2:
        return None  # (two leader lines at least make a table of contents)
    leader = [may_have_leader(line) and bool(_LEADER.search(line)) for line in lines]
    if sum(leader) < 2:
        return None
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
    if len(lines) == 1:
        paragraph = _line_of_text(lines[0], numbers[0], state, ctx)
        if paragraph is not None:
            return [paragraph]
    return _split_lines(lines, numbers, state, ctx)


def _line_of_text(raw: str, number: int, state: _State, ctx: PassContext,
                  original: Paragraph | None = None) -> Paragraph | None:
    """A block of one line that opens no note and names no section, longer than any heading or in the
    reference list (an extraction with a line per paragraph: nearly every block): what `_split_lines`
    makes of it, without the tests that cannot apply to it (heading, section number, paragraph end) —
    or None, for `_split_lines` to read it. The block it came from is that paragraph already when it
    is as split_blocks made it: `original` is then kept, not made again (no allocation per block)."""
    line = raw.strip()
    # (a letter first, most lines: neither a note's number nor its symbol, the patterns are not tried)
    if (not line[:1].isalpha() and (_NOTE_START.match(line) or _SYMBOL_START.match(line))) \
            or state.folded_name(line) is not None:
        return None
    if not state.in_references:  # (a reference entry's markers are not read)
        if len(line.split(maxsplit=_HEADING_WORDS)) <= _HEADING_WORDS:
            return None
        state.read(line)
        symbol_at = first_symbol(line, state.private_use, state.held) if state.any_symbol else -1
        if symbol_at >= 0:
            state.symbols.extend(_GLUED_SYMBOL.findall(line, symbol_at))
    state.open_notes = []  # (text: the notes above are over)
    if original is not None and _made_of(original, line, number, ctx.file):
        return original
    return Paragraph([Text(line)], Span(ctx.file, number, number))


# Every field of a paragraph but its inlines and span, and their values in a paragraph just made
_OTHER_FIELDS = attrgetter(*(f.name for f in fields(Paragraph) if f.name not in ("inlines", "span")))
_AS_MADE = _OTHER_FIELDS(Paragraph([], Span("", 0, 0)))


def _made_of(block: Paragraph, line: str, number: int, file: str) -> bool:
    """Is the block `Paragraph([Text(line)], Span(file, number, number))`, every other field as made?"""
    span, inlines = block.span, block.inlines
    return (type(block) is Paragraph and span.line == number and span.end_line == number and span.file == file
            and len(inlines) == 1 and type(inlines[0]) is Text and inlines[0].text == line
            and _OTHER_FIELDS(block) == _AS_MADE)


def _split_lines(lines: list[str], numbers: list[int], state: _State, ctx: PassContext) -> list[Block]:
    """`_split` of any block, line by line."""
    cuts = [i for i in range(1, len(lines)) if numbers[i] in state.page_starts] if state.page_starts else []
    if cuts:  # a form feed inside the block: each page on its own (a heading never reads the next page)
        bounds = [0, *cuts, len(lines)]
        return [block for a, b in pairwise(bounds) for block in _split(lines[a:b], numbers[a:b], state, ctx)]
    pieces: list[tuple[int, int, str]] = []  # (first index, last index, kind)
    interrupted = False  # the text above the notes stopped mid-sentence
    start = 0
    kind = "text"
    in_notes = False
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        folded = state.folded_name(line)
        note = _note_start(line, lines[index + 1:index + 1 + _LOOKAHEAD], state) \
            or _symbol_note(line, lines[index + 1] if index + 1 < len(lines) else "", state)
        if note:
            if index > start:
                pieces.append((start, index - 1, kind))
            if not in_notes:  # the text above the notes stopped mid-word (a column's foot, `sus-` / notes / `tain…`)?
                interrupted = index > 0 and lines[index - 1].strip().endswith(("-", "\u00ad", "\u2010"))
            start, kind, in_notes = index, "note", True
            index += 2 if _BARE_NUMBER.match(line) or _BARE_SYMBOL.match(line) else 1
            continue
        if state.in_references and folded in state.known and _SENTENCE_END.search(lines[index - 1].strip()
                                                                                     if index else "."):
            if index > start:
                pieces.append((start, index - 1, kind))
            pieces.append((index, index, "heading"))  # "Appendix" after the last entry
            state.in_references, in_notes = False, False
            start, kind = index + 1, "text"
            index += 1
            continue
        if in_notes and ((interrupted and _text_resumes(lines, index)) or _section_after_notes(lines, index)
                         or (state.in_references and _BRACKETED_ENTRY.match(line))):
            pieces.append((start, index - 1, kind))  # the notes of a column's foot end; the text goes on
            start, kind, in_notes = index, "text", False
        elif in_notes and MAY_HOLD_GLUED.search(line) and _next_marker_here(lines, index, state):
            resumed = _resume_point(lines, start + 1, index)  # (the text above the marker, back to a new sentence)
            if resumed is not None:
                pieces.append((start, resumed - 1, kind))
                start, kind, in_notes = resumed, "text", False
                index = resumed
                continue
        if in_notes or state.in_references:
            index += 1
            continue
        state.read(line)
        symbol_at = first_symbol(line, state.private_use, state.held) if state.any_symbol else -1
        if symbol_at >= 0:  # (the scan starts there: a glued symbol is a symbol, with the text before it)
            state.symbols.extend(_GLUED_SYMBOL.findall(line, symbol_at))
        heading_end = _heading_at(lines, index, after_heading=bool(pieces) and pieces[-1][1] == index - 1
                                  and pieces[-1][2] == "heading")
        if heading_end is None and (folded in state.references or folded in state.known) \
                and (index == start or _SENTENCE_END.search(lines[index - 1].strip())) \
                and (folded in state.known
                     or not (index + 1 < len(lines) and lines[index + 1].strip()[:1].islower())):
            heading_end = index  # "References" over its first entry's number ("1."), "Glossary" over a term
        split = heading_end is None and _number_over_name(lines, index, start)
        if split:
            heading_end = index + 1
        if heading_end is not None:
            if index > start:
                pieces.append((start, index - 1, kind))
            pieces.append((index, heading_end, SPLIT_HEADING if split else "heading"))
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
        opening = lines[first].strip()
        text = opening if first == last else "\n".join(line.strip() for line in lines[first:last + 1])
        if piece_kind == "note" and (_BARE_NUMBER.match(opening) or _BARE_SYMBOL.match(opening)):
            text = text.replace("\n", " ", 1)  # `1` / `Contact: …`: the number opens the note, as `1 Contact: …`
        if piece_kind == "note" and _SYMBOL_START.match(text) and first == last:
            parts = _NEXT_SYMBOL_NOTE.split(text)
            blocks.extend(Paragraph([Text(part)], Span(file, numbers[first], numbers[last])) for part in parts)
            continue
        if piece_kind == SPLIT_HEADING:
            text = text.replace("\n", " ", 1)  # `1` / `Introduction` in one block: the heading `1 Introduction`
        paragraph = Paragraph([Text(text)], Span(file, numbers[first], numbers[last]))
        if piece_kind in ("heading", SPLIT_HEADING):
            paragraph.hint = piece_kind
        blocks.append(paragraph)
    if any(piece[2] != "note" for piece in pieces):
        state.open_notes = []  # (text between: the notes above are over)
    closing = blocks[-1] if blocks else None
    if isinstance(closing, Paragraph) and pieces[-1][2] == "note" \
            and not _SENTENCE_END.search(lines[pieces[-1][1]].strip()):
        state.open_notes.append(closing)
    return blocks


_ABBREVIATION_END = re.compile(r"\b(?:al|p|pp|cf|e\.g|i\.e|vol|no|ed|eds|ch|op|cit|ibid|viz|art|sec|n)\.$|\. ?\. ?\.$",
                               re.I)  # (or an ellipsis: a quotation goes on)


def _text_resumes(lines: list[str], index: int) -> bool:
    """Under notes that came in mid-sentence (an extraction that prints a column's foot notes where
    they stand, before the column goes on): a line in lower case after a note's finished last line
    is the interrupted text going on, not more of the note."""
    line, before = lines[index].strip(), lines[index - 1].strip()
    return line[:1].islower() and bool(_SENTENCE_END.search(before)) and not _ABBREVIATION_END.search(before)


_SECTION_WORDS = 6
_BRACKETED_ENTRY = re.compile(r"^\[\d{1,3}\]\s+\S")  # a numbered reference list's entry: the list goes on


def _next_marker_here(lines: list[str], index: int, state: _State) -> bool:
    """Does this line, taken for a note's, carry the marker of the next note, whose note starts further
    down? Then it is the text's: a column's foot notes were printed before the next column's text."""
    expected = str(state.next_note)
    if expected not in {label for pair in _GLUED.findall(lines[index].strip()) for label in pair if label}:
        return False
    return any((m := _NOTE_START.match(later.strip())) and m.group(1) == expected for later in lines[index + 1:])


def _resume_point(lines: list[str], first: int, last: int) -> int | None:
    """The first line from `first` to `last` that opens a sentence after one that ends: where the text
    goes on under a note."""
    return next((j for j in range(first, last + 1) if lines[j].strip()[:1].isupper()
                 and _SENTENCE_END.search(lines[j - 1].strip()) and not _ABBREVIATION_END.search(lines[j - 1].strip())),
                None)


def _section_after_notes(lines: list[str], index: int) -> bool:
    """A numbered section's heading under a column's foot notes ("4. Discussion" over its text): the
    notes have ended. (Only a numbered one: a bare line in title case may be a note's cited title.)"""
    line = lines[index].strip()
    number = _ARABIC_HEADING.match(line)
    return number is not None and len(line.split()) <= _SECTION_WORDS \
        and not re.search(r"\d", line[number.end():]) \
        and _heading_at(lines, index) is not None  # ("12 Yale Law Journal 45" goes on a legal note)


def _goes_on(block: Paragraph, text: str, state: _State) -> bool:
    """Is the block (its text `text`) the next line of a page-foot note above it, set apart by a blank line
    (pdfminer prints each line of a note as a box of its own, and the notes of two columns' feet line by
    line): one line, in lower case, on the same page? It goes on the oldest note still open."""
    note = state.open_notes[0] if state.open_notes else None
    text = text.strip()
    if note is None or block.hint is not None or "\n" in text:
        return False
    return text[:1].islower() and not any(note.span.end_line < n <= block.span.line for n in state.page_starts)


def _note_start(line: str, after: list[str], state: _State) -> bool:
    """Does a note start on this line: the next number, its marker already read in the text (or,
    when the extraction lost that marker, the next note's marker read and its note just below)?"""
    following = after[0].strip() if after else ""
    match = _NOTE_START.match(line) or (_BARE_NUMBER.match(line) if following[:1].isalpha() else None)
    if match is None:
        return False
    if _DOTTED_NUMBER.match(line) and len(line.split()) <= _SECTION_WORDS + 1 and _looks_like_heading(line) \
            and following[:1].isupper():
        return False  # "2. Background and Related Work" over its text: a section's heading, not note 2
    number = int(match.group(1))
    if state.next_note == 1 and number > 1 and not _marker_read("1", state) and _marker_read(match.group(1), state) \
            and number == min(int(label) for label in state.glued):
        state.next_note = number  # the notes are numbered from further on (a chapter's, a counter the symbols shared)
    if number == state.next_note + 1 and _marker_read(match.group(1), state) \
            and not _marker_read(str(state.next_note), state):
        state.next_note = number  # the note before it lost its marker and was not found: the sequence goes on
    if number != state.next_note:
        # pdfminer may print a page's notes out of order (`2Note …` over `1Note …`, two columns' feet): a
        # note glued to its number, its marker read, a step or two ahead, is taken and the sequence waits
        if state.next_note < number <= state.next_note + _AHEAD and _GLUED_NOTE.match(line) \
                and _marker_read(match.group(1), state) and number not in state.ahead:
            state.ahead.add(number)
            return True
        return False
    if not _marker_read(match.group(1), state):
        then = str(number + 1)
        if not _marker_read(then, state) or not any(re.match(rf"{then}\.?\s+\S", a.strip()) for a in after):
            return False
    state.next_note += 1
    while state.next_note in state.ahead:  # (the notes found ahead of it)
        state.next_note += 1
    return True


def _front_notes(block: Paragraph, state: _State, ctx: PassContext) -> list[Block]:
    """A front-matter block with the authors' symbol notes under it (`* a@b.org; † Contributed
    equally.`): the notes are cut out as note blocks, for `plain_note_markers` to pair."""
    lines = block.text.split("\n")
    first = next((i for i, line in enumerate(lines) if _SYMBOL_START.match(line.strip())
                  and _SYMBOL_START.match(line.strip()).group(1) in state.symbols), None)  # type: ignore[union-attr]
    if first is None:
        return [block]
    numbers = list(range(block.span.line, block.span.line + len(lines)))
    head: list[Block] = []
    if first:
        front = Paragraph([Text("\n".join(lines[:first]))], Span(ctx.file, numbers[0], numbers[first - 1]))
        front.hint = "front"
        head.append(front)
    return head + _split(lines[first:], numbers[first:], state, ctx)


_BARE_SYMBOL = re.compile(rf"^{_SYMBOL}$")
_BARE_SYMBOL_LENGTH = 2  # the longest text `_BARE_SYMBOL` matches (`**`, `††`)
_NOTE_LINE_WORDS = 14  # an affiliation or a short note at the page's foot


def _symbols_set_apart(lines: list[str], blocks: list[Block], start: int, state: _State,
                       texts: list[str] | None = None) -> int:
    """The symbols of the title page's notes (`Lovelace*`, `Babbage†`) that the extraction set apart
    after the page's notes, one bare symbol a block (`*` / `†`), their notes' text left just above the
    numbered notes with no symbol: each symbol goes back to the start of its note's line, so that
    the note is found as any symbol note. Returns how many of the blocks from `start` were given back.
    (`texts`: the blocks' texts, when read already.)"""
    if not state.symbols:
        return 0
    following = blocks[start] if start < len(blocks) else None
    if (not lines or len(lines[-1].strip()) > _BARE_SYMBOL_LENGTH) \
            and not (isinstance(following, Paragraph)
                     and len((following.text if texts is None else texts[start]).strip()) <= _BARE_SYMBOL_LENGTH):
        return 0  # (the cheap test first: neither the block's last line nor the next block is a bare symbol)
    symbols: list[str] = []
    while lines and (match := _BARE_SYMBOL.match(lines[-1].strip())) and match.group(1) in state.symbols \
            and match.group(1) not in symbols:
        symbols.insert(0, match.group(1))  # (the first of them may close the block: no blank line above it)
        lines.pop()
    trailing = len(symbols)
    for index in range(start, len(blocks)):
        block = blocks[index]
        match = _BARE_SYMBOL.match(block.text.strip()) if isinstance(block, Paragraph) else None
        if match is None or match.group(1) not in state.symbols or match.group(1) in symbols:
            break
        symbols.append(match.group(1))
    if not symbols:
        return 0
    read = state.glued | {label for line in lines if MAY_HOLD_GLUED.search(line) for pair in _GLUED.findall(line)
                          for label in pair if label}
    first_note = next((i for i, line in enumerate(lines)
                       if (m := _NOTE_START.match(line.strip())) and m.group(1) in read), None)
    start = (first_note if first_note is not None else len(lines)) - len(symbols)
    notes = lines[start:start + len(symbols)] if start >= 0 else []
    if len(notes) != len(symbols) or not all(_SENTENCE_END.search(n.strip()) and not _ANY_SYMBOL.match(n.strip())
                                             and len(n.split()) <= _NOTE_LINE_WORDS for n in notes):
        lines.extend(symbols[:trailing])  # (as they were)
        return 0
    for offset, symbol in enumerate(symbols):
        lines[start + offset] = f"{symbol} {lines[start + offset].strip()}"
    return len(symbols) - trailing


def _symbol_note(line: str, following: str, state: _State) -> bool:
    """Does a symbol note start here (`* The University of …`, or `*` / `The University of …`, the symbol
    on a line of its own), its marker read above (`Shapira*`)?"""
    match = _SYMBOL_START.match(line) or (_BARE_SYMBOL.match(line) if following.strip()[:1].isalpha() else None)
    if match is None or match.group(1) not in state.symbols:
        return False
    state.symbols.remove(match.group(1))
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
    if line.startswith("•") or (_CAPTION_LABEL.match(line) and _SENTENCE_END.search(before)):
        return True  # a list's item; a figure's caption ("Figure 2: …") after a finished sentence
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
    return all(w[0].isupper() for w in words if len(w) >= _SMALL_WORD and w not in _LOWER_IN_TITLES) \
        and text[:1].isupper()


def _capitalised(text: str) -> int:
    """How many words of four letters or more start with a capital."""
    return sum(1 for w in re.findall(r"[^\W\d_]+", text) if len(w) >= _SMALL_WORD and w[0].isupper())


def _looks_like_heading(text: str) -> bool:
    if len(text.split(maxsplit=_HEADING_WORDS)) > _HEADING_WORDS:
        return False  # (a line of running text: the test below would say so too, after a search of all of it)
    text = re.sub(r"(?<=[^\W\d_])\d{1,3}$", "", text)  # a note marker glued to the heading
    if not text or len(text.split()) > _HEADING_WORDS or _CLOSING.search(text) or _LEADER.search(text) \
            or text.endswith(("-", "\u2010", "\u00ad")) \
            or CAPTION.match(text):
        return False
    return _title_words(_OUTLINE.sub("", text, count=1))


def _number_over_name(lines: list[str], index: int, start: int) -> bool:
    """A section number on a line of its own over its heading's name, inside a block (`1` /
    `Introduction` / `Open access is …`, an extraction without blank lines)."""
    line = lines[index].strip()
    if not _SECTION_NUMBER.match(line) or index + 1 >= len(lines):
        return False
    if index > start and not _SENTENCE_END.search(lines[index - 1].strip()):
        return False
    name = " ".join(lines[index + 1].split())
    after = lines[index + 2].strip() if index + 2 < len(lines) else ""
    return (_looks_like_heading(name) or _numbered_sentence(f"{line} {name}", 0)) \
        and (not after or after[:1].isupper() or after[:1] in "“\"" or bool(_OUTLINE.match(after))
             or bool(_SECTION_NUMBER.match(after)))  # ("4" / "Results" / "4.1" / "Global …")


def _numbered_sentence(line: str, width: float) -> bool:
    """A short line under an arabic section number in sentence case ("2.1 Dynamic problem"): a
    heading as many papers print them; a numbered list's item is longer, or ends a sentence."""
    match = _ARABIC_HEADING.match(line)
    if match is None or _CLOSING.search(line) or CAPTION.match(line) or len(line.split()) > _HEADING_WORDS:
        return False
    name = line[match.end():]
    return name[:1].isupper() and not (width and len(line) > 0.7 * max(width, _PRINTED_LINE)) \
        and not (match.group(0).rstrip().endswith(".") and len(name.split()) > _LIST_WORDS)


def _heading_at(lines: list[str], index: int, after_heading: bool = False) -> int | None:
    """The last line of a heading that starts at `index`, or None. (A block's last line, nothing after it,
    is a heading only with an outline number: `_heading_at_full` finds a bare one needs a line after it,
    and a broken one two. Most one-line blocks that reach here are asked only that.)"""
    if index + 1 >= len(lines) and not _OUTLINE.match(lines[index].strip()):
        return None
    return _heading_at_full(lines, index, after_heading)


def _heading_at_full(lines: list[str], index: int, after_heading: bool = False) -> int | None:
    line = lines[index].strip()
    broken = _broken_heading(lines, index)
    if broken is not None:
        return broken
    if not _looks_like_heading(line) and not (_ARABIC_HEADING.match(line)
                                              and _numbered_sentence(line, _width(lines, index))):
        return None
    if index > 0 and not after_heading and not _SENTENCE_END.search(lines[index - 1].strip()) \
            and not (CAPTION.match(lines[index - 1].strip()) and _OUTLINE.match(line)):
        return None  # mid-paragraph (a figure's caption over a numbered heading is no paragraph)
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    last = index
    # a heading over two lines: the second also short, in the same case, unfinished or a question
    if after and _continues_heading(line, after) and index + 2 < len(lines):
        last, after = index + 1, lines[index + 2].strip()
    if _OUTLINE.match(line):  # under it: a sentence, or the first subsection's heading ("5 Results" / "5.1 …")
        return last if (not after or after[:1].isupper() or after[:1] in "“\"" or _OUTLINE.match(after)
                        or _BRACKETED_ENTRY.match(after)) else None  # ("5. References" over "[1] …")
    # a bare line: set apart from the text by its shortness, and followed by a new sentence
    if not after or not (after[:1].isupper() or after[:1] in "“\"" or _OUTLINE.match(after)):
        return None
    width = _width(lines, index)
    if width and len(line) > 0.7 * width and not (index == 0 and _capitalised(line) >= _OPENING_CAPITALS
                                                  and not re.search(r"\d", line)):
        return None  # (a block's first line in title case is set off by the blank line or page top above it)
    if len(lines) - last < 2 and index > 0:
        return None  # the block's last line: a paragraph's end, not a heading over text
    return last


_WORD_BROKEN = re.compile(r"[^\W\d_]-$")


def _broken_heading(lines: list[str], index: int) -> int | None:
    """A heading printed over two lines with a word hyphenated between them ("… Sustain Re-" /
    "search Software?", a narrow column): its last line, when the two read as a heading over text."""
    line = lines[index].strip()
    if not line.endswith("-") or not _WORD_BROKEN.search(line[-2:]) or index + 2 >= len(lines):
        return None  # (the cheap test first: it is asked of every line)
    after = lines[index + 1].strip()
    joined = line[:-1] + after
    question = joined.endswith("?") and _title_words(joined) and len(joined.split()) <= _HEADING_WORDS
    if not after[:1].islower() or not (_looks_like_heading(joined) or question):
        return None
    if index > 0 and not _SENTENCE_END.search(lines[index - 1].strip()):
        return None  # mid-paragraph
    following = lines[index + 2].strip()
    return index + 1 if following[:1].isupper() or following[:1] in "“\"" else None


def _continues_heading(line: str, after: str) -> bool:
    if _CLOSING.search(line) or line.endswith("?") or _OUTLINE.match(after):
        return False
    if not _looks_like_heading(after) and not (after.endswith("?") and _title_words(after)):
        return False
    both_caps = line.upper() == line and after.upper() == after
    return both_caps or (after.endswith("?") and len(after.split()) <= 4)


def _number_then_name(blocks: list[Block]) -> list[Block]:
    """`1` / `Introduction` as two blocks (a Word heading's number on a line of its own): one heading."""
    if not any([isinstance(block, Paragraph) and len(number := block.text.strip()) <= _SECTION_NUMBER_LENGTH
                and _SECTION_NUMBER.match(number) for block in blocks[:-1]]):
        return blocks  # (most texts: no block is a bare number, the test below asks first; one list made)
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (isinstance(block, Paragraph) and isinstance(following, Paragraph)
                and len(number := block.text.strip()) <= _SECTION_NUMBER_LENGTH and _SECTION_NUMBER.match(number)
                and following.text.count("\n") <= 1
                and (_looks_like_heading(name := " ".join(following.text.split()))
                     or _numbered_sentence(f"{block.text.strip()} {name}", 0))):
            merged = Paragraph([Text(f"{block.text.strip()} {' '.join(following.text.split())}")],
                               block.span.merge(following.span))
            merged.hint = SPLIT_HEADING
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
            # what the first page prints over the title (a series, a journal's name) is front matter too
            pieces = [(0, first, "front"), (first, last + 1, "title"), (last + 1, end, "front"),
                      (end, len(lines), None)]
            for before in doc.blocks[:index]:
                if isinstance(before, Paragraph) and before.hint is None:
                    before.hint = "front"
            blocks: list[Block] = []
            for a, b, hint in pieces:
                if a < b:
                    para = Paragraph([Text("\n".join(lines[a:b]))], Span(block.span.file, block.span.line + a,
                                                                         block.span.line + b - 1))
                    para.hint = hint
                    blocks.append(para)
            doc.blocks[index:index + 1] = blocks
            _front_until_abstract(doc, index + len(blocks) - (1 if end < len(lines) else 0), ctx)
            return


_ABSTRACT = re.compile(r"^(?:Abstract|ABSTRACT|A\s?B\s?S\s?T\s?R\s?A\s?C\s?T|Summary|SUMMARY)\b")
_ABSTRACT_LINES = 60  # the abstract's heading follows the authors and their affiliations within these lines


def _front_until_abstract(doc: Document, index: int, ctx: PassContext) -> None:
    """Everything between the title's block and the abstract's heading (authors, affiliations,
    their numbers, dates) is front matter: no heading, no note marker, no body paragraph."""
    if index >= len(doc.blocks):
        return
    start = doc.blocks[index].span.line
    source = ctx.source_lines
    abstract = next((n for n in range(start, min(len(source), start + _ABSTRACT_LINES) + 1)
                     if _ABSTRACT.match(source[n - 1].replace("\f", "").strip())
                     and not _LEADER.search(source[n - 1])), None)
    if abstract is None:
        return
    for position in range(index, len(doc.blocks)):
        block = doc.blocks[position]
        if not isinstance(block, Paragraph) or any(_LEADER.search(line) for line in block.text.split("\n")):
            return  # (a printed table of contents: its own pass)
        if block.span.end_line >= abstract:
            lines = block.text.split("\n")
            cut = abstract - block.span.line  # a block without blank lines runs on into the abstract
            if 0 < cut < len(lines):
                front = Paragraph([Text("\n".join(lines[:cut]))], Span(block.span.file, block.span.line, abstract - 1))
                front.hint = "front"
                rest = Paragraph([Text("\n".join(lines[cut:]))], Span(block.span.file, abstract, block.span.end_line))
                doc.blocks[position:position + 1] = [front, rest]
            return
        block.hint = "front"


def _title_lines(lines: list[str], first: int, title: str) -> int | None:
    """The last of the lines from `first` that together print the title, or None."""
    joined = ""
    for last in range(first, min(len(lines), first + 4)):
        joined = _norm(f"{joined} {lines[last]}")
        if not joined or not title.startswith(joined):
            return None
        if len(joined) >= 0.8 * len(title):
            # the title's last word may sit alone on the next line ("… (2005)" / "REMARK")
            if last + 1 < len(lines) and title.startswith(_norm(f"{joined} {lines[last + 1]}")) \
                    and _norm(lines[last + 1]):
                return last + 1
            return last
    return None


def _front_line(line: str) -> bool:
    """An author, affiliation or date line: short, not a sentence, not a heading's start."""
    text = line.strip()
    if not text or len(text) > 120 or _OUTLINE.match(text) or re.match(r"^(?:Abstract|ABSTRACT|Keywords)\b", text):
        return False
    words = len(text.split())
    return words <= _FRONT_WORDS and not (_SENTENCE_END.search(text) and words > 6)
