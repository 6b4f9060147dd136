"""Pass: recognise the bare lines a PDF extraction leaves for the title and headings.

A heading is a one-line block of a few words, without closing punctuation, in title case,
that is not followed by a lower-case continuation. The first is the title of the work
(level 1); the rest are section headings (level 2). Thresholds are the profile's.

With `numbered: true` a heading may carry its section number ("1. INTRODUCTION",
"2 Global Cities", "IV. Conclusion"); the number stays in the heading as printed, and the
section is known by its name without it, so "5. References" opens the reference list and
"1. Abstract" the front matter.
"""

from __future__ import annotations

import re

from build_tools.load.config import Profile
from build_tools.model import Block, Document, Heading, Paragraph, Role, Text
from build_tools.passes.context import PassContext

_CLOSING = re.compile(r"[.,;:!?…]['’\"”)]*$")
_SMALL_WORD_LENGTH = 4  # "and", "of", "the" may stay lower case in a title
_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){0,3})\.?\s+(?=\S)")
_LETTERED = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.\s+(?=\S)")  # "IV. Results", "B. Economic Theories"
_CAPTION = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+\d+\b")  # "Table 1", "Figure 8: …": a caption
_LAID_OUT = ("heading", "heading-split")  # hints of layout_lines: a heading (its number on a line of its own)
_OUTLINE_START = re.compile(r"^(?:\d{1,2}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[A-Z]\.)\s+(?=\S)")
_HEADINGS_IN_A_ROW = 2  # "Legal Aspects" / "Clarification of Rights" / text; a third in a row is a figure's
_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)  # two letters at least
_SENTENCE_END = re.compile(r"[.!][’”\"')\]]*$")
_PROSE_WORDS = 8
_PARAGRAPH_WORDS = 25  # words that make a block a paragraph of text whatever its end
_FIGURE_BLOCKS = 8  # blocks between a figure's caption and its farthest label
_FIGURE_CAPTION = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+S?\d+[.:]?(?:\s|$)")
_LETTER = re.compile(r"[^\W\d_]")
_HEADING_LETTERS = 4  # an unnumbered heading has more letters than "YES", "NO", "Cov"
_NEAR = 3  # blocks each side of a heading candidate that show whether it stands among paragraphs
_QUESTION_WORDS = 3  # a title-case question of this many words may be a heading
_MISSED = 1  # a section heading the extraction garbled may be missing from the sequence
_MIN_OUTLINE = 3  # numbered sections in a row that show the paper numbers its sections
_SET_APART = re.compile(r"\S {4,}\S")  # words set apart on a line (`-layout`): a table's cells, a label and its value
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)\s+(?=\S)")


def section_name(text: str, numbered: bool = True) -> str:
    """A heading's name without its section number: "5. References" → "References"."""
    text = text.strip()
    return _SECTION_NUMBER.sub("", text, count=1) if numbered else text


def looks_like_heading(text: str, max_words: int, title_case: bool) -> bool:
    words = text.split(maxsplit=max_words)  # (a paragraph's words past the limit are not split apart)
    if len(words) > max_words:
        return False
    question = title_case and text.endswith("?") and len(words) >= _QUESTION_WORDS  # "How to Decide Which …?"
    if not words or len(words) > max_words or (_CLOSING.search(text) and not question):
        return False
    if not text[0].isupper() and not text[0].isdigit():
        return False
    if title_case:
        long_words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= _SMALL_WORD_LENGTH]
        return all(w[0].isupper() for w in long_words)
    return True


def more_words(block: Paragraph, count: int) -> bool:
    """`len(block.text.split(maxsplit=count)) > count`, the block's nodes joined only when its first Text
    does not hold more words already (a paragraph with a marker, a link or italics: most of them by now). A
    text has at least the words of its first part: what follows adds words, or lengthens the last one."""
    inlines = block.inlines
    if inlines and type(inlines[0]) is Text and type(block) is Paragraph:  # (a Preformatted's text is its code)
        if len(inlines[0].text.split(maxsplit=count)) > count:
            return True
        if len(inlines) == 1:
            return False  # (the first Text is the whole text)
    return len(block.text.split(maxsplit=count)) > count


def _starts_lower(block: Block | None) -> bool:
    return isinstance(block, Paragraph) and block.text[:1].islower()


def run(doc: Document, ctx: PassContext) -> None:
    profile = ctx.seed.profile
    if profile.heading_max_words is None:
        return
    chosen = _candidates(doc.blocks, profile)
    doubtful = _numbered_outline(doc.blocks, chosen, profile)
    result: list[Block] = []
    # With the layout pass, the title is the block that prints text.yml's title (never the first
    # short line, which may be a page number or a running head); other headings are sections.
    found_title = any((isinstance(b, Paragraph) and b.hint == "title") or (isinstance(b, Heading) and b.level == 1)
                      for b in doc.blocks)
    known_names = {n.casefold() for n in profile.known_sections}
    in_references = False  # after the reference list's heading, every block is an entry, however short
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            in_references = section_name(block.text, profile.numbered_headings) in profile.reference_headings
        if isinstance(block, Paragraph) and block.hint == "title":
            result.append(Heading(1, block.inlines, block.span))
            continue
        if isinstance(block, Paragraph) and block.hint == "front":
            block.role = Role.BYLINE
            result.append(block)
            continue
        # (`known` asked only of a candidate: an appendix after the list)
        if index not in chosen or (in_references and not (isinstance(block, Paragraph) and block.hint in _LAID_OUT
                                                          and block.text.strip().casefold() in known_names)):
            result.append(block)
            continue
        level = 2 if found_title or not profile.first_heading_is_title else 1
        found_title = True
        heading = Heading(level, block.inlines, block.span)
        in_references = section_name(heading.text, profile.numbered_headings) in profile.reference_headings
        result.append(heading)
    doc.blocks = result
    if doubtful:
        first = doubtful[0]
        examples = "; ".join(f"“{b.text.strip()[:40]}”" for b in doubtful[:3])
        ctx.diagnostics.pending("P003", f"{len(doubtful)} line(s) set apart like headings but without a section "
                                f"number in a paper that numbers its sections were kept as paragraphs: {examples}",
                                ctx.file, first.span.line, 1,
                                hint="if one is a heading, give it its number in the source or add its name to the "
                                     "profile's `headings: known_sections:`")
    if profile.numbered_headings:
        _roles_under_numbered_headings(doc.blocks, profile)


def _candidates(blocks: list[Block], profile: Profile) -> set[int]:
    """Indexes of the blocks that look like headings: marked by the layout, or a short one-line block."""
    assert profile.heading_max_words is not None
    max_words = profile.heading_max_words
    chosen: set[int] = set()
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or block.hint in ("title", "front"):
            continue
        laid_out = block.hint in _LAID_OUT
        if not laid_out and block.span.line != block.span.end_line:
            continue  # (the cheap test first: most blocks are paragraphs of several lines)
        if not laid_out and more_words(block, max_words):
            continue  # (a paragraph printed on one line: too long for `looks_like_heading`, asked first;
            # its words counted before its ends are stripped, which changes no count and copies no text)
        text = block.text.strip()
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if _LETTERS.search(text) is None or _CAPTION.match(text):
            continue  # a number, a symbol or a figure's caption, never a heading
        # (the word count of `looks_like_heading` before the text of the block after: most blocks are long)
        if (laid_out or (looks_like_heading(text, max_words, profile.heading_title_case)
                         and not _starts_lower(after))) \
                and not _SET_APART.search(_OUTLINE_START.sub("", text, count=1)):  # (nor a table's row)
            chosen.add(index)
    known = {name.casefold() for name in (*profile.known_sections, *profile.unnumbered_sections,
                                          *profile.reference_headings)}
    # a bare word of a table or a diagram ("YES", "NO", "Cov") is never a heading; dropped first, so that
    # the lines around a longer candidate are seen for what they are
    chosen -= {i for i in chosen if len(_LETTER.findall(blocks[i].text)) < _HEADING_LETTERS
               and not _OUTLINE_START.match(blocks[i].text.strip())}
    fragments = _Fragments(blocks)
    for index in sorted(chosen):
        text = blocks[index].text.strip()
        if _OUTLINE_START.match(text) or text.rstrip(":").casefold() in known:
            continue
        # a bare line is a heading over text: a figure's or a table's words ("YES", "External",
        # "Model Calibration") sit among other short lines, or three or more in a row
        # (a heading found by an earlier run counts as a candidate: the pass gives the same result run twice)
        heading = chosen | {j for j in range(max(0, index - _HEADINGS_IN_A_ROW - 1),
                                             min(len(blocks), index + _HEADINGS_IN_A_ROW + 2))
                            if isinstance(blocks[j], Heading)}
        following = _until_prose(blocks, heading, index + 1)
        above = next((n for n in range(index) if index - 1 - n not in heading), index)
        after_fragment = index > 0 and index - 1 not in heading and fragments(index - 1)  # a box's label above
        before_short = index > 0 and (index - 1 in heading or fragments(index - 1))
        after_short = bool(following) and index + len(following) not in heading and fragments(index + len(following))
        if max(above, len(following) - 1) >= _HEADINGS_IN_A_ROW or _among_short_blocks(index, chosen, fragments) \
                or (before_short and after_short) or after_fragment or len(_LETTER.findall(text)) < _HEADING_LETTERS \
                or _in_a_figure(blocks, index, chosen):
            chosen.discard(index)
    return chosen


def _in_a_figure(blocks: list[Block], index: int, chosen: set[int]) -> bool:
    """Is the block among a figure's or a table's words: short blocks up to its caption, before or
    after it, with no paragraph of text (and no heading) between?"""
    for step in (1, -1):
        j = index + step
        # (going back, a heading candidate is a boundary: "Original" under "H. Spotify" under a caption)
        while 0 <= j < len(blocks) and abs(j - index) <= _FIGURE_BLOCKS and not (step < 0 and j in chosen):
            block = blocks[j]
            if not isinstance(block, Paragraph):
                break  # (a heading found by an earlier run)
            text = block.text.strip()
            if _FIGURE_CAPTION.match(text):
                return True
            words = len(text.split(None, _PARAGRAPH_WORDS))
            if words >= _PARAGRAPH_WORDS or (words >= _PROSE_WORDS + 4 and _SENTENCE_END.search(text)):
                break  # a paragraph of text: the heading stands over it
            j += step
    return False


def _among_short_blocks(index: int, chosen: set[int], fragments: _Fragments) -> bool:
    """Is the block in a run of short ones (a diagram's boxes, a table's cells) rather than among paragraphs?"""
    near = [j for j in range(index - _NEAR, index + _NEAR + 1) if j != index and 0 <= j < fragments.size]
    short = sum(1 for j in near if j not in chosen and fragments(j))
    return len(near) == 2 * _NEAR and short > _NEAR


def _until_prose(blocks: list[Block], chosen: set[int], first: int) -> list[Block]:
    """The blocks from `first` (after a heading candidate), through the first one that is not a candidate.
    (Read in place: a copy of the rest of the list per candidate grew with the candidates times the blocks.)"""
    out: list[Block] = []
    for position in range(first, len(blocks)):
        out.append(blocks[position])
        if position not in chosen:
            break
    return out


class _Fragments:
    """Which blocks are a few words that end no sentence: a table's cell, a figure's label or a box's
    question (a heading has text around it). Each block is judged once."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.size = len(blocks)
        self.known: dict[int, bool] = {}

    def __call__(self, index: int) -> bool:
        if index not in self.known:
            block = self.blocks[index]
            text = block.text.strip() if isinstance(block, Paragraph) else ""
            self.known[index] = isinstance(block, Paragraph) and len(text.split(None, _PROSE_WORDS)) < _PROSE_WORDS \
                and not _SENTENCE_END.search(text)
        return self.known[index]


def outline_number(text: str) -> tuple[int, ...] | None:
    """An arabic section number opening a heading ("2.1 Labor income" → (2, 1)); () for digits that
    cannot be one ("0.96 Coefficient", "1.02 Average"), None when the heading has no number."""
    match = _ARABIC.match(text.strip())
    if match is None:
        return None
    parts = match.group(1).split(".")
    if any(part.startswith("0") for part in parts):
        return ()
    return tuple(int(part) for part in parts)


def follows(before: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Can section `number` come next after section `before` (2.1 → 2.2, 3, 2.1.1; 3 → 4.1; one missed: 3 → 5)?"""
    for level in range(min(len(number), len(before) + 1)):
        step = number[level] - (before[level] if level < len(before) else 0)
        if number[:level] == before[:level] and 1 <= step <= _MISSED + 1 \
                and all(part == 1 for part in number[level + 1:]):
            return True
    return False


def _numbered_outline(blocks: list[Block], chosen: set[int], profile: Profile) -> list[Paragraph]:
    """In a paper that numbers its sections 1, 2, 2.1 …, a heading is a numbered line that fits the
    sequence, or a known unnumbered section (Abstract, References); the rest of `chosen` (table cells,
    axis labels, an equation's fragments) is dropped. Returns the dropped lines the layout had set
    apart as headings, for the editor to check."""
    if not profile.numbered_headings:
        return []
    order = sorted(chosen)
    numbers = {i: outline_number(blocks[i].text) for i in order}
    lettered = sum(1 for i in order if _LETTERED.match(blocks[i].text.strip()))
    numbered = [i for i in order if numbers[i]]
    # the longest chain of numbers that follow one another (a table's "10 Survival" breaks no chain)
    best: dict[int, tuple[int, int | None]] = {}
    for pos, i in enumerate(numbered):
        number = numbers[i]
        assert number
        length, back = (1, None) if follows((), number) else (0, None)
        for j in numbered[:pos]:
            if best[j][0] and best[j][0] + 1 > length and follows(numbers[j] or (), number):
                length, back = best[j][0] + 1, j
        best[i] = (length, back)
    end = max(numbered, key=lambda i: best[i][0], default=None)
    chain: set[int] = set()
    while end is not None and best[end][0]:
        chain.add(end)
        end = best[end][1]
    chain |= _printed_out_of_order(numbered, numbers, chain)
    for i in order:
        if numbers[i] == ():
            chosen.discard(i)
    if lettered >= 2:  # arabic numbers under roman and lettered sections (I. → A. → 1.): one level only;
        for i in numbered:  # "2.4 Personal Information …" there is a quoted document's own heading
            if len(numbers[i] or ()) > 1:
                chosen.discard(i)
        return []
    if len(chain) < _MIN_OUTLINE:
        for i in numbered:  # a paper without section numbers: a number on a line of its own over a name
            if getattr(blocks[i], "hint", None) == "heading-split":  # is a stray page or figure number
                chosen.discard(i)
        return []
    known = {name.casefold() for name in (*profile.known_sections, *profile.unnumbered_sections,
                                          *profile.reference_headings)}
    if profile.first_heading_is_title and order and not any(isinstance(b, Heading) or b.hint == "title"
                                                            for b in blocks[:order[0] + 1]):
        order = order[1:]  # the first heading line is the work's title, which has no number
    doubtful: list[Paragraph] = []
    for i in order:
        block = blocks[i]
        assert isinstance(block, Paragraph)
        if i in chain or (numbers[i] is None and block.text.strip().rstrip(":").casefold() in known):
            continue
        chosen.discard(i)
        if block.hint in _LAID_OUT and numbers[i] is None and len(block.text.split()) >= 2:
            doubtful.append(block)
    return doubtful


def _printed_out_of_order(numbered: list[int], numbers: dict[int, tuple[int, ...] | None],
                          chain: set[int]) -> set[int]:
    """Numbered lines missing from the chain that fill its gap ("3. Methods" read after "4. Discussion",
    as an extraction may order a page's columns): each comes between two of the chain's numbers, the
    one before it followed by it, it by the one after."""
    have = sorted(numbers[i] or () for i in chain)
    found: set[int] = set()
    for i in numbered:
        number = numbers[i]
        if i in chain or not number or number in have:
            continue
        before = [n for n in have if n < number]
        after = [n for n in have if n > number]
        if before and after and follows(before[-1], number) and follows(number, after[0]):
            found.add(i)
    return found


def _roles_under_numbered_headings(blocks: list[Block], profile: Profile) -> None:
    """Under "5. References" or "1. Abstract", the paragraphs get the role the bare name gives.

    `classify_sections` knows sections by their bare names; a numbered heading's paragraphs
    are given their role here, and it leaves paragraphs that already have one alone.
    """
    role: Role | None = None
    for block in blocks:
        if isinstance(block, Heading):
            name, numbered = section_name(block.text), block.text.strip() != section_name(block.text)
            role = None
            if numbered and name in profile.reference_headings:
                role = Role.REFERENCE
            elif numbered and name in profile.unnumbered_sections:
                role = Role.ABSTRACT
        elif role is not None and isinstance(block, Paragraph) and block.role is Role.RAW:
            block.role = role
