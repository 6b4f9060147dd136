"""Pass: link every author–year citation to the work it cites.

Runs after `typography` (so "Polanyi's" is already "Polanyi’s" and "8-12" is "8–12") and
after `reference_entries` (so the entries have their anchors). Each citation the parser
finds (`apparatus/citations.py`) becomes a `Citation` node carrying the key of the work it
cites. It is matched to the entry of this text's reference list with the same family
names in the same order and the same year; failing that, to the editor's resolution in
`seeds/apparatus/citations.yml`, which also gives the reader a lettered note saying what the
source has and what the list has. A citation that is neither is shown unlinked and reported as
pending editorial work (C001: a warning in a draft build, an error under `build --strict`), once
per citation as written; a text with no reference list at all gets one such report, not one
per citation. A parenthesis that looks like a citation but reads as none is C002, only in a
text with an author–year list (elsewhere nothing could link it anyway).

A text whose list is numbered ("1.", "[1]") cites by number: each number of "[6, 7]",
"[43–45]", "[22, 26–34]" is linked to its entry (a range by its two ends). (An APA list may be
numbered too, so author–year forms are still looked for.)

The reference shown on hover is not formatted here but after the pipeline, by the
bibliography (`bibliography.describe_citations`): formatting with a CSL processor costs a few
milliseconds per work, is the apparatus's work, and is done once per work.

Works a text names by title ("After Nativism"), listed as `mentions` in bibliography.yml,
are linked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from build_tools.apparatus import bibliography as bib
from build_tools.apparatus import editorial
from build_tools.apparatus.citations import CitationMatch, NumericMatch, find_citations, find_numeric
from build_tools.apparatus.places import Place, Splitter, locate, note_inlines, place_of, reading_order, rewrite_texts
from build_tools.model import Block, Citation, Document, EditorNote, EditorNoteRef, Footnote, Inline, Text
from build_tools.passes.context import PassContext


def _source_form(match: CitationMatch, text: str) -> str:
    return text[match.start:match.end]


def _difference(names: tuple[str, ...], year: str, record: bib.Record) -> str:
    """What differs between a citation and the entry it is resolved to, in words."""
    if record.origin != "list":
        return "the work is not in the reference list"
    parts: list[str] = []
    if names != record.families:
        if sorted(names) == sorted(record.families):
            parts.append("the order of the authors")
        else:
            parts.append("the spelling of a name")
    if year != record.year:
        parts.append("the year")
    return "they differ in " + " and ".join(parts) if parts else "they agree"



class _Span(Protocol):
    """Where a match stands in its text."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_M = TypeVar("_M", bound=_Span)


def _spliced(text: str, matches: Sequence[_M], make: Callable[[_M, str], list[Inline]]) -> list[Inline]:
    """The text with each match replaced by what `make` makes of it (citations, in order): `splice`
    with `keep_empty` (a Text for every gap, empty or not), written out without its generator."""
    out: list[Inline] = []
    position = 0
    for match in matches:
        out.append(Text(text[position:match.start]))
        out.extend(make(match, text))
        position = match.end
    out.append(Text(text[position:]))
    return out

class _Linker:
    """The state of one text's linking: its bibliography, its notes, its problems."""

    def __init__(self, doc: Document, ctx: PassContext, data: editorial.EditorialData) -> None:
        self.doc, self.ctx, self.data = doc, ctx, data
        self.targets = bib.TextBibliography.of(doc, data)  # this text's reference list, then the works
        self.notes: dict[str, EditorNote] = {}
        self.item: Block | Footnote | None = None  # the block or note being read
        self._place: Place | None = None  # its place, made when a message or a pending citation needs it
        self.source_line = ctx.source_line
        self.has_list = bool(self.targets.own.records)
        self.numbered = self.targets.numbered
        self.unmatched: dict[str, list[tuple[str, Place, int, int]]] = {}  # cited → (as written, place, line, col)

    @property
    def place(self) -> Place:
        if self._place is None:
            self._place = Place("", "", 0) if self.item is None else place_of(self.item)
        return self._place

    def read(self, item: Block | Footnote) -> None:
        self.item, self._place = item, None

    def citation(self, match: CitationMatch, text: str) -> list[Inline]:
        written = _source_form(match, text)
        node = Citation(match.cited, [Text(written)], locator=match.locator)
        record = self.targets.match(match.names, match.year)
        if record is not None:
            node.key = record.id  # (as `_linked`: most citations are in the list)
            return [node]
        resolution = self.data.resolution(self.doc.slug, match.cited)
        if resolution is None:
            line, column = locate(self.place, written.split(" (")[0], self.source_line)
            self.unmatched.setdefault(match.cited, []).append((written, self.place, line, column))
            return [node]
        target = self.targets.record(resolution.work)
        if target is None:
            self.ctx.diagnostics.error("C003", f"the resolution of “{match.cited}” names work '{resolution.work}', "
                                       "which the bibliography does not have", self.data.citations_file,
                                       resolution.line, hint="use an entry's anchor without 'ref-', or add the "
                                                             "work to bibliography.yml")
            return [node]
        note = self._resolution_note(match, written, target, resolution)
        return [self._linked(node, target.id), EditorNoteRef(note.id)]

    def _linked(self, node: Citation, key: str) -> Citation:
        node.key = key  # the reference for the hover is formatted later (bibliography.describe_citations)
        return node

    def _resolution_note(self, match: CitationMatch, written: str, target: bib.Record,
                         resolution: editorial.Resolution) -> EditorNote:
        note_id = f"cite:{match.cited}"
        note = self.notes.get(note_id)
        if note is None:
            label = target.label  # (a property: worked out once, here, not three times)
            difference = _difference(match.names, match.year, target)
            has = "is not in the reference list" if target.origin != "list" else \
                f"is in the reference list as {label}"
            text = (f"The text cites “{written}”; the work {has} ({difference}). "
                    f"The citation is linked to {label}.")
            if resolution.comment:
                text += " " + resolution.comment
            differ = difference.removeprefix("they differ in ")
            note = EditorNote(note_id, "citation", note_inlines(text),
                              summary=f"“{written}” → {label} ({differ})",
                              yaml_file=self.data.citations_file, yaml_line=resolution.line)
            self.notes[note_id] = note
            self.doc.editor_notes.append(note)
        return note

    def numeric(self, match: NumericMatch, text: str) -> list[Inline]:
        written = text[match.start:match.end]
        node = Citation(match.cited, [Text(written)])
        record = self.targets.by_number(match.number)
        if record is not None:
            return [self._linked(node, record.id)]
        resolution = self.data.resolution(self.doc.slug, match.cited)
        target = self.targets.record(resolution.work) if resolution is not None else None
        if target is not None:
            return [self._linked(node, target.id)]
        line, column = locate(self.place, written, self.source_line)
        self.unmatched.setdefault(match.cited, []).append((match.cited, self.place, line, column))
        return [node]

    def split_numeric(self, node: Text) -> list[Inline] | None:
        matches = find_numeric(node.text)
        for match in matches:  # every number a range names must be in the list
            for number in match.implied:
                if self.targets.by_number(number) is None:
                    self.unmatched.setdefault(f"[{number}]", []).append(
                        (f"[{number}]", self.place, *locate(self.place, match.number, self.source_line)))
        if not matches:
            return None
        return _spliced(node.text, matches, self.numeric)

    def report_unmatched(self) -> None:
        """Pending work: each unmatched citation once (with how often the text has it); with no
        reference list at all, one report for the whole text."""
        if not self.unmatched:
            return
        hint_file = self.data.citations_file
        if not self.has_list:
            first = next(iter(self.unmatched.values()))[0]
            examples = "; ".join(f"“{places[0][0]}”" for places in list(self.unmatched.values())[:3])
            count = sum(len(places) for places in self.unmatched.values())
            self.ctx.diagnostics.pending(
                "C001", f"the text cites {count} time(s) in author–year form ({examples}…) but has no reference "
                        "list: the citations are shown unlinked", self.ctx.file, first[2], first[3],
                hint=f"add the works to {self.data.bibliography_file} and resolve each citation in {hint_file} "
                     f"(text: {self.doc.slug}, cited: <as the text cites it>, work: <bibliography id>), or give "
                     "the text its reference list")
            return
        for cited, places in self.unmatched.items():
            written, place, line, column = places[0]
            more = f", and {len(places) - 1} more time(s)" if len(places) > 1 else ""
            self.ctx.diagnostics.pending(
                "C001", f"citation “{written}” ({place.label}{more}) matches no entry of the reference list; "
                        "shown unlinked", self.ctx.file, line, column,
                hint=f"resolve it in {hint_file}: add text: {self.doc.slug}, cited: {cited}, "
                     "work: <bibliography id>")

    def split(self, node: Text) -> list[Inline] | None:
        if self.numbered and "[" in node.text:
            return self.split_numeric(node)  # (an APA list may be numbered too: author–year below)
        if "(" not in node.text:  # no citation and no problem without one (most nodes): no parser call
            return None
        matches, problems = find_citations(node.text, self.targets.multiword_names)
        for problem in problems if self.has_list else ():
            line, column = locate(self.place, problem.text, self.source_line)
            self.ctx.diagnostics.warning(
                "C002", f"“{problem.text}” ({self.place.label}) holds a year but reads as no citation",
                self.ctx.file, line, column,
                hint="if it is a citation, write it as the text's other citations are; otherwise ignore this")
        if not matches:
            return None
        return self._cited(node.text, matches)

    def _cited(self, text: str, matches: list[CitationMatch]) -> list[Inline]:
        """`_spliced(text, matches, self.citation)` without its empty gaps (none is made: `rewrite_texts`
        drops them, and `_then_mentions` hands them on to it as they are), and a citation found in
        the list (most) made here, without `citation`'s list and calls."""
        out: list[Inline] = []
        position = 0
        listed = self.targets.match
        for match in matches:
            start = match.start
            if start > position:
                out.append(Text(text[position:start]))
            record = listed(match.names, match.year)
            if record is None:
                out.extend(self.citation(match, text))
            else:
                out.append(Citation(match.cited, [Text(text[start:match.end])], record.id, locator=match.locator))
            position = match.end
        if position < len(text):
            out.append(Text(text[position:]))
        return out

    def mention_splitter(self, phrases: dict[str, str]) -> re.Pattern[str] | None:
        """The phrases, longest first, each ending where a word does; that none starts inside a word
        (`(?<![\\w-])`) `split_mentions` tests at each match: a pattern opening with a look-behind
        is tried at every position of a text, one opening with its phrases' first letters is
        skipped along in C."""
        if not phrases:
            return None
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        return re.compile(rf"(?:{alternatives})(?![\w-])")

    def split_mentions(self, node: Text, pattern: re.Pattern[str], phrases: dict[str, str]) -> list[Inline] | None:
        text = node.text
        for phrase in phrases:  # (a loop: asked of every Text node, and most hold no phrase)
            if phrase in text:
                break
        else:
            return None
        out: list[Inline] = []
        position = 0
        match = pattern.search(text)
        while match is not None:
            start = match.start()
            if start and _WORD_OR_HYPHEN.match(text, start - 1):  # inside a word: on from the next letter,
                match = pattern.search(text, start + 1)  # as the look-behind's pattern would have gone
                continue
            phrase = match.group()
            out.append(Text(text[position:start]))
            out.append(self._linked(Citation(phrase, [Text(phrase)]), phrases[phrase]))
            position = match.end()
            match = pattern.search(text, position)
        if not out:
            return None
        out.append(Text(text[position:]))
        return out


_WORD_OR_HYPHEN = re.compile(r"[\w-]")  # what may not stand before a title the text names


def run(doc: Document, ctx: PassContext) -> None:
    data = editorial.cached(ctx.seed.seeds_dir) if ctx.seed.seeds_dir else editorial.EditorialData()
    linker = _Linker(doc, ctx, data)
    phrases = data.mentions_of(doc.slug)
    mentions = linker.mention_splitter(phrases)
    split = linker.split if mentions is None else _then_mentions(linker, mentions, phrases)
    for item, _inlines in reading_order(doc):  # (a list of its own: the items change as they are read)
        if mentions is None and _cannot_cite(item.inlines, linker.numbered):
            continue  # (most blocks: `rewrite_texts` would give back the same list, untouched)
        linker.read(item)
        item.inlines = rewrite_texts(item.inlines, split)
    linker.report_unmatched()


def _cannot_cite(inlines: list[Inline], numbered: bool) -> bool:
    """Whether the inlines are one non-empty Text that `_Linker.split` leaves as it is (it looks for
    author–year citations only after a "(", for numeric ones only after a "[" in a numbered text):
    tested here, the block is not walked and no splitter is called for it (over half the blocks)."""
    if len(inlines) != 1:
        return False
    node = inlines[0]
    if type(node) is not Text:
        return False
    text = node.text
    return bool(text) and "(" not in text and not (numbered and "[" in text)


def _then_mentions(linker: _Linker, pattern: re.Pattern[str], phrases: dict[str, str]) -> Splitter:
    """Citations, then works named by title in the text left between them: one walk of the inline
    tree where there were two (the second saw the first's Text nodes, empty ones dropped, and
    never looked inside a Citation; splitting by title has no side effect to keep in order)."""

    def split(node: Text) -> list[Inline] | None:
        cited = linker.split(node)
        out: list[Inline] = []
        changed = cited is not None
        for piece in cited if cited is not None else [node]:
            if isinstance(piece, Text) and piece.text:
                named = linker.split_mentions(piece, pattern, phrases)
                if named is not None:
                    out.extend(named)
                    changed = True
                    continue
            out.append(piece)
        return out if changed else None

    return split
