"""Pass: join the printed lines of each block into one paragraph, mending line-end hyphens.

A PDF extraction keeps one line per printed line; a block's lines are joined with a space.
Where a line ends in a hyphen glued to a word ("contradic-" / "tions"), the hyphen is
either the typesetter's (the word was broken to fit the line) or the author's (a compound
broken at its own hyphen: "twenty-" / "first"). The text itself is the evidence, so
nothing is guessed silently:

1. if the text elsewhere has the word whole ("contradictions") more often than
   hyphenated ("contradic-tions"), the hyphen is the typesetter's: joined;
2. if it has the hyphenated form more often, the hyphen is the author's: kept;
3. if it has neither, a lower-case second part after a first part that is not a known
   compound head (the profile's `compound_heads`, e.g. "self", "twenty") and that the text
   does not hyphenate elsewhere ("de-globalization" makes "de-" suspect) is joined, since
   that is what typesetters do to long words;
4. otherwise (a capital or a digit after the hyphen, a compound head, or a tie) the hyphen
   is kept, with warning P005 when only the text could have told.

A soft hyphen (U+00AD) at a line end is always the typesetter's. A page's notes printed
right under the text with no blank line between are cut off into blocks of their own first
(a line that starts with a superscript marker starts a note). Every joined break is
recorded under the rule `line-end-hyphen`, with both halves as the source has them, so the
removal report shows each one and the word accounting still finds every source word.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from build_tools.model import Block, Document, Paragraph, Removal, Span, Text
from build_tools.passes.context import PassContext

HYPHEN_RULE = "line-end-hyphen"
HYPHEN_WHY = ("A hyphen the typesetter added to break a word at the end of a printed line; the word is printed "
              "whole (each entry shows the word as the lines broke it, then as the edition prints it).")
_HYPHENS = "-\u2010"
_SOFT_HYPHEN = "\u00ad"
_BREAK_END = re.compile(rf"([^\W\d_]+)([{_HYPHENS}{_SOFT_HYPHEN}])$")
_NEXT_WORD = re.compile(r"^(\w+)")
_WORD_FORMS = re.compile(rf"[^\W\d_]+(?:[{_HYPHENS}][^\W\d_]+)*")


def vocabulary(text: str) -> Counter[str]:
    """Counts of the words of a text, lower case, hyphenated compounds as one form; each
    compound also counts for its head as `head-`, the evidence that the text hyphenates it."""
    # Counted by Counter's C loop over the lower-cased text; only the distinct compounds are
    # visited in Python (a loop over every word was most of this pass's time).
    counts = Counter(_WORD_FORMS.findall(text.lower().replace("\u2010", "-")))
    heads: Counter[str] = Counter()
    for form, count in counts.items():
        if "-" in form:
            heads[form.split("-")[0] + "-"] += count
    counts.update(heads)
    return counts


class LazyVocabulary:
    """`vocabulary(_unbroken(text))`, counted the first time a word is looked up: a text whose
    lines break at no hyphen never needs the count of all its words (bench/: most of this pass's time)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: Counter[str] | None = None

    def __getitem__(self, word: str) -> int:
        if self._counts is None:
            self._counts = vocabulary(_unbroken(self._text))
        return self._counts[word]


_LETTER = re.compile(r"[^\W\d_]")
_WORD_CHAR = re.compile(r"\w")


def break_at_end(text: str) -> re.Match[str] | None:
    """`_BREAK_END.search(text)`, found from the end: searching a long paragraph position by
    position for a word that ends it made joining a paragraph's lines quadratic."""
    last = len(text) - 2 if text.endswith("\n") else len(text) - 1  # `$` also matches before a final newline
    if last < 0 or text[last] not in _HYPHENS + _SOFT_HYPHEN:
        return None
    start = last
    while start > 0 and _LETTER.match(text, start - 1):
        start -= 1
    return _BREAK_END.match(text, start)


def word_start(text: str, index: int) -> int:
    """Where the word (a run of `\\w`, as the word accounting counts words) that holds `index` starts,
    found from `index` backwards (not by searching the paragraph from its start)."""
    while index > 0 and _WORD_CHAR.match(text, index - 1):
        index -= 1
    return index


def decide(head: str, tail: str, hyphen: str, vocab: Counter[str] | LazyVocabulary,
           compound_heads: tuple[str, ...]) -> str:
    """'join', 'keep' or 'unsure' for the break `head` + hyphen / `tail`."""
    if hyphen == _SOFT_HYPHEN:
        return "join"
    whole, compound = (head + tail).lower(), f"{head}-{tail}".lower()
    if vocab[whole] > vocab[compound]:
        return "join"
    if vocab[compound] > vocab[whole]:
        return "keep"
    if vocab[whole] or not tail[:1].isalpha():
        return "unsure"  # a tie the text cannot settle, or a number after the hyphen
    if tail[:1].isupper():
        return "keep"  # "Euro-" / "American": a real compound
    if head.lower() in compound_heads or vocab[f"{head.lower()}-"]:
        return "unsure"  # a compound head, or one the text itself hyphenates elsewhere ("de-globalization")
    return "join"


def join_lines(block: Paragraph, vocab: Counter[str] | LazyVocabulary, ctx: PassContext,
               text: str | None = None) -> list[Removal]:
    """Join the block's lines in place; return the record of every typesetter's hyphen removed.
    (`text`: the block's text, when the caller has it already.)"""
    if text is None:
        text = block.text
    if "\n" not in text:
        return []
    removals: list[Removal] = []
    lines = text.split("\n")
    joined = lines[0]
    for offset, line in enumerate(lines[1:], start=1):
        end = break_at_end(joined)
        start = _NEXT_WORD.match(line)
        if end is None or start is None or not ctx.seed.profile.dehyphenate:
            joined = f"{joined} {line}"
            continue
        head, hyphen, tail = end.group(1), end.group(2), start.group(1)
        verdict = decide(head, tail, hyphen, vocab, ctx.seed.profile.compound_heads)
        line_number = block.span.line + offset - 1
        if verdict == "join":
            # The record shows the whole word as the lines broke it: the letters the decision is
            # about may follow digits ("1991city-"), which the word accounting counts as one word.
            broken = joined[word_start(joined, end.start(1)):end.start(2)]
            removals.append(Removal(HYPHEN_RULE, HYPHEN_WHY, f"{broken}{hyphen} {tail} → {broken}{tail}",
                                    Span(ctx.file, line_number, line_number + 1)))
            joined = joined[: end.start(2)] + line
            continue
        if verdict == "unsure":
            ctx.diagnostics.warning("P005", f"cannot tell whether the hyphen in “{head}{hyphen} / {tail}” at the line "
                                    "end is the author's or the typesetter's; kept", ctx.file, line_number,
                                    ctx.column_of(line_number, head + hyphen),
                                    hint="the hyphen is kept as printed; nothing else in the text spells this word, "
                                         "so check it against the printed page")
        joined = joined + line  # the author's hyphen: no space after it
    block.inlines = [Text(joined)]
    return removals


_SINGLE_WARNINGS = 5  # past this many warnings of one code from one pass, one warning lists them


def summarise_warnings(ctx: PassContext, code: str, since: int, what: str) -> None:
    """The warnings `code` this pass gave since item `since`, as one warning when there are many
    (a flattened table or a two-column page gives dozens of the same doubt: noise an editor skips)."""
    items = ctx.diagnostics.items
    found = [d for d in items[since:] if d.code == code]
    if len(found) <= _SINGLE_WARNINGS:
        return
    first = found[0]
    lines = ", ".join(str(d.line) for d in found[:10])
    items[since:] = [d for d in items[since:] if d.code != code]
    ctx.diagnostics.warning(code, f"{len(found)} {what} (lines {lines}{' …' if len(found) > 10 else ''}); "
                            f"the first: {first.message}", first.file, first.line, first.col, hint=first.hint)


def run(doc: Document, ctx: PassContext) -> None:
    since = len(ctx.diagnostics.items)
    _run(doc, ctx)
    summarise_warnings(ctx, "P005", since, "line-end hyphens could be the author's or the typesetter's (kept)")


def _run(doc: Document, ctx: PassContext) -> None:
    # The counts only judge line-end hyphens, which only a dehyphenating profile mends: other
    # texts skip counting every word of the text (bench/: it was most of this pass's time).
    vocab = LazyVocabulary(ctx.seed.text) if ctx.seed.profile.dehyphenate else Counter[str]()
    if "superscript" in ctx.seed.profile.note_markers:
        doc.blocks = _split_and_join(doc, vocab, ctx)
    else:
        for block in doc.blocks:
            # (a block of one line, most: nothing to join; the text read once, for both)
            if isinstance(block, Paragraph) and "\n" in (text := block.text):
                doc.removals.extend(join_lines(block, vocab, ctx, text))
    if ctx.seed.profile.dehyphenate and ctx.seed.profile.rejoin_page_breaks:
        _mend_across_page_breaks(doc, vocab, ctx)


def _split_and_join(doc: Document, vocab: Counter[str] | LazyVocabulary, ctx: PassContext) -> list[Block]:
    """The blocks split at their notes (`_split_at_notes`), each piece's lines joined (`join_lines`): one walk
    of the blocks for both, each block's text read once (a block of one line, most: nothing to split or join)."""
    blocks: list[Block] = []
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or "\n" not in (text := block.text):
            blocks.append(block)
            continue
        for piece in _split_at_notes(block, text):
            blocks.append(piece)
            piece_text = text if piece is block else piece.text
            if isinstance(piece, Paragraph) and "\n" in piece_text:
                doc.removals.extend(join_lines(piece, vocab, ctx, piece_text))
    return blocks


_SUPERSCRIPT_NOTE_LINE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s+\S")


def _split_at_notes(block: Block, text: str | None = None) -> list[Block]:
    """A page's notes printed right under its text, with no blank line: each note line opens a block.
    (`text`: the block's text, when the caller has it already.)

    A printed line cannot start with a superscript marker unless a note starts there (the
    marker is glued to the word it annotates), so this only needs the superscript style.
    """
    if not isinstance(block, Paragraph) or "\n" not in (text := block.text if text is None else text):
        return [block]
    lines = text.split("\n")
    starts = [0] + [i for i, line in enumerate(lines) if i and _SUPERSCRIPT_NOTE_LINE.match(line)]
    if len(starts) == 1:
        return [block]
    bounds = [*starts, len(lines)]
    first = block.span.line
    return [Paragraph([Text("\n".join(lines[a:b]))], Span(block.span.file, first + a, first + b - 1))
            for a, b in pairwise(bounds)]


_NOTE_START = re.compile(r"^(?:(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}\.?|[*†‡§])\s|\d{1,3}(?=[A-Z‘“]))")  # (`1My use …`: glued)


def _mend_across_page_breaks(doc: Document, vocab: Counter[str] | LazyVocabulary, ctx: PassContext) -> None:
    """A word broken at the last line of a page ("contem-" … notes, furniture … "porary").

    The page's notes may stand between the halves; `rejoin_page_breaks` will join the two
    paragraphs later, with a space. So the word's tail moves up to its head here, and the
    hyphen is judged like any other line-end hyphen.
    """
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        end = break_at_end(block.text) if isinstance(block, Paragraph) else None
        if end is None:
            continue
        # (the blocks after it read in place: a copy of the rest of the list per broken word was quadratic)
        following = next((blocks[j] for j in range(index + 1, len(blocks)) if not _NOTE_START.match(blocks[j].text)),
                         None)
        if not isinstance(following, Paragraph) or not following.text[:1].islower():
            continue
        tail_word, _, rest = following.text.partition(" ")
        head, hyphen = end.group(1), end.group(2)
        tail = _NEXT_WORD.match(tail_word)
        if tail is None or not rest.strip():
            continue
        verdict = decide(head, tail.group(1), hyphen, vocab, ctx.seed.profile.compound_heads)
        if verdict == "join":
            block.inlines = [Text(block.text[: end.start(2)] + tail_word)]
            record = f"{head}{hyphen} {tail.group(1)} → {head}{tail.group(1)}"
            doc.removals.append(Removal(HYPHEN_RULE, HYPHEN_WHY, record,
                                        Span(ctx.file, block.span.end_line, following.span.line)))
        else:
            block.inlines = [Text(block.text + tail_word)]
        following.inlines = [Text(rest.lstrip())]


def _unbroken(text: str) -> str:
    """The text with its line-end breaks cut, so that a break is not evidence for itself."""
    return re.sub(rf"[{_HYPHENS}{_SOFT_HYPHEN}]\n", " ", text)
