"""Pass: find note markers an extraction left as plain characters, not superscripts.

Some extractions flatten the superscript: the marker becomes digits glued to the word or
punctuation before it (`debt.1`, `cities2,`), and the note at the page foot starts with
the same number (`1 My use of…`). Others use symbols that restart on every page: `*`, `†`,
`‡`, `§`. The profile's `footnotes: markers:` says which styles a source may use.
Either kind is a marker only if a note pairs with it; otherwise it stays text (F004).

Digits are also years, page numbers and names (`G20`, `C40`, `4.5.17`), so a run of digits
is taken for a marker only when the evidence agrees: it is glued after a lower-case letter
or closing punctuation, it is the next number in the sequence of notes, and a note block
with that number follows it. A candidate that fails only the last test stays text, with
warning F004; digits out of sequence near the expected number also get F004. Symbol
markers are paired with the next note block that starts with the same symbol and get
labels of their own (`s1`, `s2` …), since the symbols repeat from page to page.

A note block's own number is not printed again (the edition numbers its notes); it is
recorded under the rule `note-number`, so the word accounting still finds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_tools.model import (
    Block,
    Document,
    Emphasis,
    FootnoteRef,
    Inline,
    Paragraph,
    Removal,
    Span,
    Strong,
    Text,
    plain_text,
    splice,
)
from build_tools.passes.context import PassContext
from build_tools.passes.layout_lines import first_symbol, may_hold_digit, may_hold_private_use, symbols_held
from build_tools.passes.unwrap_lines import summarise_warnings

SYMBOLS = "*†‡§"
NOTE_NUMBER_RULE = "note-number"
NOTE_NUMBER_WHY = ("The number a note carries at the foot of the page; the edition numbers its notes itself, "
                   "in the same order, and links each to its marker.")
# Each opens with a lookahead for its first character: a pattern that opens with a lookbehind
# is tried at every position of the text; one that opens with a character class skips to the
# next candidate at C speed (three to four times faster on a whole text).
GLUED_MARKER_RULE = "note-marker-glued"
GLUED_MARKER_WHY = ("A word with its note number glued on, as the extraction flattened the superscript; the edition "
                    "prints the word and links the number to its note.")
RENUMBERED_RULE = "note-renumbered"
RENUMBERED_WHY = ("The source numbers its notes from further on (an offprint of a longer work, or a counter the "
                  "title's symbol notes shared); the edition numbers them from 1, in the same order: the number "
                  "printed at the marker is recorded here.")
_GLUED_DIGITS = re.compile(r"(?=\d)(?:(?<=[a-z.,;:!?)’”'\"])(?<!\d[.,])(\d{1,3})(?=[\s.,;:)]|$)"
                           # `principles. 19 Various`: a marker the extraction spaced off a sentence's end
                           r"|(?:(?<=[a-z][.!?][’”)] )|(?<=[a-z][.!?] ))(\d{1,3})(?=\s+[A-Z“]|$))")
# A digit after what `_GLUED_DIGITS` looks back at (a letter or mark, or the space of a spaced-off
# marker): every text it finds a marker in has one. Opening with the digit, it skips in C over the
# texts that hold none, where `_GLUED_DIGITS` is tried at each character.
MAY_HOLD_GLUED_DIGITS = re.compile(r"\d(?<=[a-z.,;:!?)’”'\" ].)")
# A symbol font's glyph the extraction could not map comes out as a private-use character
# (`Arbel\uf0a7`, and the note `\uf0a7 Associate Professor …`): a note symbol like the others.
_SYMBOL_CLASS = re.escape(SYMBOLS) + "\ue000-\uf8ff"
# (opening with the symbol, the look-behind one character further back, over it: `re` skips in C to each
# symbol by the pattern's first character class, twice as fast as with a look-ahead at the symbols first;
# the same matches, at the same places: `*` closing italics is one, in a text with *…*)
_GLUED_SYMBOLS = re.compile(
    rf"([{_SYMBOL_CLASS}](?<=(?:[^\W\d_]|[.,;:!?)’”'\"]).))(?=[\s.,;:)]|$)")
# Any note symbol: a text without one (most) is not searched for glued symbols position by position.
MAY_HOLD_SYMBOL = re.compile(f"[{_SYMBOL_CLASS}]")
# `_GLUED_DIGITS` opening with its first digit, the look-behinds one character further back (over that
# digit): `re` skips in C to each digit, and no guard search is needed. Each match is the marker's
# digits (`_GLUED_DIGITS`' group 1 or 2), at the same place.
GLUED_DIGITS_FIRST = re.compile(r"\d(?:(?<=[a-z.,;:!?)’”'\"].)(?<!\d[.,].)\d{0,2}(?=[\s.,;:)]|$)"
                                r"|(?:(?<=[a-z][.!?][’”)] .)|(?<=[a-z][.!?] .))\d{0,2}(?=\s+[A-Z“]|$))")
# A prefilter for `GLUED_DIGITS_FIRST`, proving most texts hold no glued digits without its scan of every
# character (`re` tests each against a character class; most texts hold digits, few a glued one). The
# text's UTF-8 bytes are mapped to a few classes in C (`bytes.translate`), and one pattern opening with
# the literal "0" (a byte `re` skips to in a tight loop) looks behind each digit for what
# `GLUED_DIGITS_FIRST` looks behind it for, loosened: "a" stands for a-z, `;:)'"` and any continuation
# byte (the last byte of `’` or `”`, or of a letter before a non-ASCII digit), "p" for `.`, "c" for `,`,
# "." for `!?`, "x" for any other byte, "0" for a digit 0-9 and for a lead byte of a non-ASCII one (`\d`:
# U+0660 … all start with one of the bytes D9 DB DF E0 E1 EA EF F0; a lead byte is never followed by `.`
# or `,`, so "0" before "p" or "c" is a digit 0-9). No match: no glued digits; a match is confirmed by
# `GLUED_DIGITS_FIRST` itself.
_GLUED_DIGIT_CLASSES = bytes(
    ord("0") if byte in b"0123456789" or byte in b"\xd9\xdb\xdf\xe0\xe1\xea\xef\xf0"
    else ord("a") if byte in b"abcdefghijklmnopqrstuvwxyz;:)'\"" or 0x80 <= byte < 0xC0
    else ord("p") if byte == ord(".") else ord("c") if byte == ord(",")
    else ord(".") if byte in b"!?" else ord(" ") if byte == ord(" ") else 0 if byte == 0 else ord("x")
    for byte in range(256))  # (NUL kept: it parts the blocks in `_blocks_with_glued_digits`)
# `[a-z.,;:!?)’”'"]` then the digit but not after a digit and `.` or `,` (`4.5.17`, `2,5`: the dates and
# numbers that are most of the digits a text's prose holds), or a spaced-off marker's `[a-z][.!?] `,
# `[a-z][.!?][)’”] ` before it
_MAY_BE_GLUED_DIGIT = re.compile(rb"0(?:(?<=[a.pc]0)(?<!0[pc]0)|(?<=[.p] 0)|(?<=[.p]a 0)|(?<=[.p]xaa 0))")


def _blocks_with_glued_digits(blocks: list[Block], private_use: bool, symbols: bool,
                              held: str = SYMBOLS) -> set[int] | None:
    """The ids of the paragraphs whose texts may hold glued digits, found by one prefilter search over
    all their texts joined (not one call per text node: most blocks have none, and the trial asks of
    every block). A glued digit a text holds is found in the join as well, its look-behinds reading
    the same text; the join may add one across two nodes or blocks (a block only read in full, then).
    None when every block must be read: a note symbol somewhere (symbols are looked for text by text),
    or a NUL in a text (the blocks' separator)."""
    paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
    joined = "\0".join([block.text for block in paragraphs])
    if (symbols and first_symbol(joined, private_use, held) >= 0) or joined.count("\0") != len(paragraphs) - 1:
        return None
    classes = joined.encode("utf-8", "surrogatepass").translate(_GLUED_DIGIT_CLASSES)
    found: set[int] = set()
    index = last = 0
    for match in _MAY_BE_GLUED_DIGIT.finditer(classes):
        index += classes.count(b"\0", last, match.start())
        last = match.start()
        found.add(id(paragraphs[index]))
    return found


def may_hold_glued_digits(text: str) -> bool:
    """Could `GLUED_DIGITS_FIRST` match in the text? False proves it cannot (see `_GLUED_DIGIT_CLASSES`)."""
    return _MAY_BE_GLUED_DIGIT.search(text.encode("utf-8", "surrogatepass").translate(_GLUED_DIGIT_CLASSES)) \
        is not None


_DIGIT_NOTE = re.compile(r"^(\d{1,3})(?:\.?(?=\s+\S)|(?=[A-Z‘“\"(]|https?:|www\.))")  # (or glued: `1My use`)
_SYMBOL_NOTE = re.compile(rf"^([{_SYMBOL_CLASS}])(?=\s+\S|[A-Z‘“\"(])")  # (or glued: `*Department of …`)


Candidate = tuple[int, int, str]  # start, end, the digits or the symbol
_Candidates = tuple[list[Candidate], list[Candidate]]  # glued digits, glued symbols
_NO_CANDIDATES: _Candidates = ([], [])  # (never changed: the candidates are only read)


@dataclass
class _State:
    digits: bool
    symbols: bool
    accept: set[str] | None  # digit labels allowed to become markers (None: any, on the trial run)
    next_number: int = 1
    pending_digits: set[str] = field(default_factory=set)
    pending_symbols: list[tuple[str, str]] = field(default_factory=list)  # (symbol, label), oldest first
    # markers glued to a word's last letter (`Klein1`): the source's word is recorded, since the edition
    # prints the word and its marker apart
    glued_words: list[tuple[str, Paragraph]] = field(default_factory=list)
    renumbered: list[tuple[str, Paragraph]] = field(default_factory=list)  # markers printed past 1 (see `run`)
    skipped: set[str] = field(default_factory=set)  # numbers the sequence went past without their marker
    late: set[str] = field(default_factory=set)  # markers found after the next ones (the trial's, for the real run)
    symbol_count: int = 0
    noted: set[str] = field(default_factory=set)
    near_misses: list[tuple[Paragraph, str]] = field(default_factory=list)
    # text → its candidate markers, found on the trial run and read again on the real one
    candidates: dict[str, _Candidates] = field(default_factory=dict)
    # the blocks the real run reads, in order: those the trial found a candidate marker in, those shaped
    # like a note (a number or a symbol first), the title's note and the front matter. Any other block
    # comes out of the real run as it went in and changes nothing in the state: it is not read again.
    visit: list[Paragraph] = field(default_factory=list)
    private_use: bool = True  # a text may hold a private-use character (a symbol), see `first_symbol`
    held: str = SYMBOLS  # the symbols a text may hold (see `_symbols_in`)
    # the trial's: the ids of the blocks that may hold a candidate (see `_blocks_with_glued_digits`), None: all
    may_hold: set[int] | None = None


def run(doc: Document, ctx: PassContext) -> None:
    styles = ctx.seed.profile.note_markers
    if "digits" not in styles and "symbols" not in styles:
        return
    # A trial run over the text finds the markers that notes pair with; it changes nothing
    # (no copy of the document: the trial only counts).
    first = _first_note_number(doc.blocks) if "digits" in styles else 1
    trial = _State("digits" in styles, "symbols" in styles, accept=None, next_number=first,
                   private_use=may_hold_private_use(ctx.seed.text), held=_symbols_in(ctx.seed.text))
    if trial.digits:
        trial.may_hold = _blocks_with_glued_digits(doc.blocks, trial.private_use, trial.symbols, trial.held)
    _scan(doc.blocks, trial, None, ctx)
    state = _State(trial.digits, trial.symbols, accept=trial.noted, candidates=trial.candidates, next_number=first,
                   late=trial.late, private_use=trial.private_use, held=trial.held)
    _scan(doc.blocks, state, doc, ctx, trial.visit)
    for word, para in state.glued_words:
        doc.removals.append(Removal(GLUED_MARKER_RULE, GLUED_MARKER_WHY, word,
                                    Span(ctx.file, para.span.line, para.span.end_line)))
    if first > 1:  # the edition's note numbers are not the printed ones: each printed one is recorded
        for digits, para in state.renumbered:
            doc.removals.append(Removal(RENUMBERED_RULE, RENUMBERED_WHY, digits,
                                        Span(ctx.file, para.span.line, para.span.end_line)))
    since = len(ctx.diagnostics.items)
    for para, digits in state.near_misses:
        ctx.diagnostics.warning("F004", f"“{digits}” glued to the text looks like a note marker, but no note "
                                f"“{digits}” follows it in sequence; kept as text", ctx.file, para.span.line,
                                ctx.column_of(para.span.line, digits),
                                hint="if it is a marker, the note's text is missing or misnumbered in the source")
    summarise_warnings(ctx, "F004", since, "digits or symbols glued to the text look like note markers without a note")


def _symbols_in(source: str) -> str:
    """The symbols of `SYMBOLS` the blocks' texts may hold: those the source text holds (every character of
    a text comes from it, but the spaces and line breaks the passes join lines with, and the `1 ` of a title
    note), and `*`, which `_asterisks_back` gives back to a front block's italics."""
    held = symbols_held(source)
    return held if "*" in held else "*" + held


def _first_note_number(blocks: list[Block]) -> int:
    """The number the notes start from: 1, or the lowest note block's number when no note block is
    numbered 1 (an offprint's notes numbered on from the book's, a counter the title's symbols shared)."""
    numbers = [int(match.group(1)) for block in blocks if isinstance(block, Paragraph) and block.inlines
               and block.hint not in ("heading", "heading-split", "title", "front")
               and isinstance(block.inlines[0], Text) and (match := _DIGIT_NOTE.match(block.inlines[0].text))]
    return 1 if not numbers or 1 in numbers else min(numbers)


def _scan(blocks: list[Block], state: _State, doc: Document | None, ctx: PassContext,
          visit: list[Paragraph] | None = None) -> None:
    """Find the markers and the note blocks; with `doc` None (the trial), only count them (and note in
    `state.visit` the blocks the real run reads: `visit`, the real run's, is the trial's)."""
    for block in blocks if visit is None else visit:
        if not isinstance(block, Paragraph):
            continue
        shaped = _note_shaped(block)  # (`_note_block` is asked only of these: it finds no note in another)
        if doc is None and not shaped and state.may_hold is not None and id(block) not in state.may_hold \
                and block.hint not in ("title-note", "front"):
            continue  # (the trial, a block with no note and no candidate marker, most: nothing to count)
        if doc is None and (shaped or block.hint in ("title-note", "front")):
            state.visit.append(block)
        if block.hint == "title-note":  # a note on the title page whose marker was lost: the marker goes on the title
            _title_note(block, blocks, state, doc, ctx)
            continue
        digits = state.digits
        if block.hint == "front" and any(isinstance(node, Emphasis) for node in block.inlines):
            block.inlines = _asterisks_back(block.inlines)  # (on the trial too, which must see these markers)
        if block.hint == "front":  # the authors' affiliation numbers (Huang1, Neylon1,2) are no note markers;
            state.digits = False   # their symbols (Arbel*) are
        elif shaped and block.hint not in ("heading", "heading-split") and _note_block(block, state, doc, ctx):
            continue
        if doc is None:
            # (a block the prefilter rules out: `_count_markers_in` would find no candidate, and change nothing)
            if (state.may_hold is None or id(block) in state.may_hold or block.hint == "front") \
                    and _count_markers_in(block.inlines, block, state) \
                    and (not state.visit or state.visit[-1] is not block):
                state.visit.append(block)
        else:
            block.inlines = _markers_in(block.inlines, block, state)
        state.digits = digits


def _note_shaped(block: Paragraph) -> bool:
    """Does the block open like a note (its first Text with a number or a symbol), whatever the state?"""
    first = block.inlines[0] if block.inlines else None
    # (a letter first, most blocks: neither pattern, which open with a digit or a symbol, is tried)
    return isinstance(first, Text) and not first.text[:1].isalpha() \
        and (_DIGIT_NOTE.match(first.text) is not None or _SYMBOL_NOTE.match(first.text) is not None)


def _asterisks_back(nodes: list[Inline]) -> list[Inline]:
    """In the authors' lines an asterisk is a note's symbol: `Loewe9,*,† … Seemann12,13,*†` read as
    italics between two of them (the text inside opens or closes with punctuation) is given its
    asterisks back, for the markers to be found."""
    out: list[Inline] = []
    for node in nodes:
        inner = plain_text(node.children) if isinstance(node, Emphasis) else ""
        if isinstance(node, Emphasis) and (inner[:1] in ",;.†‡" or inner[-1:] in ",;"):
            out.extend([Text("*"), *node.children, Text("*")])
        else:
            out.append(node)
    merged: list[Inline] = []
    for node in out:  # adjacent texts as one, as the text had them
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged


def _title_note(block: Paragraph, blocks: list[Block], state: _State, doc: Document | None, ctx: PassContext) -> None:
    first = block.inlines[0] if block.inlines else None
    match = _DIGIT_NOTE.match(first.text) if isinstance(first, Text) else None
    title = next((b for b in blocks if isinstance(b, Paragraph) and b.hint == "title"), None)
    if match is None or title is None or not isinstance(first, Text):
        return
    label = match.group(1)
    state.next_number = max(state.next_number, int(label) + 1)
    state.noted.add(label)
    if doc is None:
        return
    doc.removals.append(Removal(NOTE_NUMBER_RULE, NOTE_NUMBER_WHY, match.group(0),
                                Span(ctx.file, block.span.line, block.span.line)))
    block.inlines = [FootnoteRef(label), Text(first.text[match.end():]), *block.inlines[1:]]
    title.inlines = [*title.inlines, FootnoteRef(label)]


def _note_block(block: Paragraph, state: _State, doc: Document | None, ctx: PassContext) -> bool:
    """Turn a note block's leading number or symbol into its marker; False if it is no note block."""
    first = block.inlines[0] if block.inlines else None
    if not isinstance(first, Text):
        return False
    if state.digits and (match := _DIGIT_NOTE.match(first.text)) and match.group(1) in state.pending_digits:
        label = match.group(1)
        state.pending_digits.discard(label)
        state.noted.add(label)
        if doc is not None:
            # a number glued to the note's first word is recorded with it: the source's word is `10In`
            glued = re.match(r"\S*", first.text[match.end():]).group(0)  # type: ignore[union-attr]
            doc.removals.append(Removal(NOTE_NUMBER_RULE, NOTE_NUMBER_WHY, match.group(0) + glued,
                                        Span(ctx.file, block.span.line, block.span.line)))
    elif state.symbols and (match := _SYMBOL_NOTE.match(first.text)) and \
            any(symbol == match.group(1) for symbol, _ in state.pending_symbols):
        index = next(i for i, (symbol, _) in enumerate(state.pending_symbols) if symbol == match.group(1))
        label = state.pending_symbols.pop(index)[1]
        state.noted.add(label)
    else:
        return False
    if doc is not None:
        rest = first.text[match.end():]
        # a number glued to its note (`1My use`): the note's text starts after it, as after a space
        block.inlines = [FootnoteRef(label, mark=match.group(1)), Text(rest if rest[:1].isspace() else f" {rest}"),
                         *block.inlines[1:]]
    return True


def _markers_in(nodes: list[Inline], block: Paragraph, state: _State) -> list[Inline]:
    result: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            result.extend(_split_text(node.text, block, state))
        elif isinstance(node, (Emphasis, Strong)):
            node.children = _markers_in(node.children, block, state)
            result.append(node)
        else:
            result.append(node)
    return result


def _count_markers_in(nodes: list[Inline], block: Paragraph, state: _State) -> bool:
    """The trial's reading of a block's texts; True if any of them holds a candidate marker."""
    found = False
    for node in nodes:
        if isinstance(node, Text):
            digits, symbols = _candidates_in(node.text, state)
            if digits or symbols:
                _split_text(node.text, block, state)
                found = True
        elif isinstance(node, (Emphasis, Strong)):
            found = _count_markers_in(node.children, block, state) or found
    return found


def _candidates_in(text: str, state: _State) -> _Candidates:
    found = state.candidates.get(text)
    if found is None:
        digits = [(m.start(), m.end(), m.group()) for m in GLUED_DIGITS_FIRST.finditer(text)] \
            if state.digits and may_hold_digit(text) and may_hold_glued_digits(text) else []
        first = first_symbol(text, state.private_use, state.held) if state.symbols else -1
        # (the scan from the first symbol: a glued one is a symbol, the text before it read by its look-behind)
        symbols = [(m.start(), m.end(), m.group(1)) for m in _GLUED_SYMBOLS.finditer(text, first)] if first >= 0 else []
        if not digits and not symbols:
            return _NO_CANDIDATES  # (most texts: one shared answer, read only, not one made per text)
        found = (digits, symbols)
        if state.digits:  # (a front-matter block's, found without its digits, is not kept)
            state.candidates[text] = found
    return found


def _split_text(text: str, block: Paragraph, state: _State) -> list[Inline]:
    found: list[tuple[int, int, FootnoteRef]] = []
    glued_digits, glued_symbols = _candidates_in(text, state)
    for start, end, digits in glued_digits:
        mark = digits
        if len(digits) % 2 == 0 and digits == digits[: len(digits) // 2] * 2 \
                and int(digits[: len(digits) // 2]) == state.next_number:
            digits = digits[: len(digits) // 2]  # `strong.66` for marker 6: the glyph came out twice
        number = int(digits)
        # A marker the extraction lost (its note is there, its digits are not) must not stop the
        # sequence: the next number is taken too, when its note pairs with it and the lost one's does not.
        # A marker the extraction printed out of order (a page's columns read in another order: "4" then
        # "3") is taken when it comes, if its number was skipped and its note pairs with it.
        lost = str(state.next_number)
        skips = number == state.next_number + 1 and (state.accept is None or lost not in state.accept
                                                      or lost in state.late)
        late = number < state.next_number and digits in state.skipped and (state.accept is None
                                                                             or digits in state.accept)
        if ((number == state.next_number or skips) and (state.accept is None or digits in state.accept)) or late:
            if skips:
                state.skipped.add(lost)
            if late:
                state.skipped.discard(digits)
                state.late.add(digits)
            else:
                state.next_number = number
            found.append((start, end, FootnoteRef(digits, mark=mark)))
            if state.accept is not None and start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                head = re.search(r"\w+$", text[:start])
                state.glued_words.append((f"{head.group(0) if head else ''}{mark}", block))
            elif state.accept is not None and mark != digits:
                state.glued_words.append((mark, block))
            state.pending_digits.add(digits)
            if state.accept is not None:
                state.renumbered.append((digits, block))
            if not late:
                state.next_number += 1
        elif state.accept is not None and state.next_number <= number <= state.next_number + 2:
            state.near_misses.append((block, digits))
    for start, end, symbol in glued_symbols:
        state.symbol_count += 1
        label = f"s{state.symbol_count}"  # counted over every candidate, so the trial's labels hold
        if state.accept is not None and label not in state.accept:
            state.near_misses.append((block, symbol))
            continue
        found.append((start, end, FootnoteRef(label, mark=symbol)))
        state.pending_symbols.append((symbol, label))
    if not found:
        return [Text(text)]
    return splice(text, ((start, end, [ref]) for start, end, ref in sorted(found, key=lambda item: item[0])))
