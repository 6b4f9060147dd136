"""Pass: mend evident slips, and place the editor's context notes (`seeds/apparatus/emendations.yml`).

An emendation may only ADD: its reading is the source's passage with words or letters
supplied in [brackets] ("if [we] were to take"), and without them it must give back the
source letter for letter (E002). The source's reading goes into the lettered note, so every
word of the source stays in the edition and the word accounting holds. The passage must
occur exactly once in the text (E001, E003), so that an emendation can never land in the
wrong place as the text or its extraction changes.

A context note is placed after the words `at` names, under the same rule of one occurrence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from build_tools.apparatus import editorial
from build_tools.apparatus.places import note_inlines, plain
from build_tools.model import (
    Block,
    Document,
    EditorNote,
    EditorNoteRef,
    Emendation,
    Footnote,
    FootnoteRef,
    Inline,
    Paragraph,
    Role,
    Text,
)
from build_tools.passes.context import PassContext

_BRACKETED = re.compile(r"\[[^\]]*\]")


@lru_cache(maxsize=1024)
def without_additions(reading: str) -> str:
    """The reading with the editor's [additions] taken out, spaces closed up."""
    return " ".join(_BRACKETED.sub("", reading).split())


_SEPARATOR = "\x00"  # between text nodes in `_TextNodes._joined`: no phrase's pattern matches it


class _TextNodes:
    """The text nodes of each block and note, in reading order, walked once per text rather
    than once per rule (a rule looks its phrase up, then changes one block)."""

    def __init__(self, doc: Document) -> None:
        self.items, self.texts = reading_texts(doc)
        self._whole: tuple[str, list[int]] | None = None  # every item's joined text, and where each starts
        self._changed: dict[int, str] = {}  # the items replaced since `_whole` was made: their joined text

    @staticmethod
    def _of(inlines: list[Inline]) -> list[Text]:
        if len(inlines) == 1 and isinstance(inlines[0], Text):  # (most blocks, before the linking passes)
            return [inlines[0]]
        found: list[Text] = []
        _collect_texts(inlines, found)
        return found

    @staticmethod
    def _joined(texts: list[Text]) -> str:
        """An item's text nodes in one string, `_SEPARATOR` between them."""
        if len(texts) == 1:
            return texts[0].text
        return _SEPARATOR.join([node.text for node in texts])

    def containing(self, phrase: str) -> list[tuple[int, Text, str]]:
        """(item index, node, the words as the text has them) once for each occurrence of `phrase`,
        matched as an editor means it: any run of white space for any other (a tab, a line break
        kept from the source, two spaces), and straight quotes for curly ones."""
        indexes: Iterable[int] = range(len(self.texts))
        literal = literal_run(phrase)
        if literal and _SEPARATOR not in literal:
            # Every match holds the phrase's longest run matched letter for letter, in one node: only
            # the items whose text has the run are searched node by node (most rules match once, in
            # one item of fifty or more). `in` finds it in C far faster than the pattern's search,
            # which stops at every occurrence of its first word ("the", "if").
            # And in those items, only the nodes that hold the run are searched: the search starts at
            # each occurrence of the phrase's first word ("the", "and": tens in a paragraph).
            return [(index, node, found) for index in self._holding(literal) for node in self.texts[index]
                    if literal in node.text for found in phrase_matches(node.text, phrase)]
        return [(index, node, found) for index in indexes for node in self.texts[index]
                for found in phrase_matches(node.text, phrase)]

    def _holding(self, literal: str) -> list[int]:
        """The items whose joined text holds `literal` (which holds no separator), in order: found in
        all the items' text joined once per text, a few searches rather than one per item and rule.
        An item a rule has changed since is looked at by itself."""
        if self._whole is None:
            self._whole = _whole(self.texts)
        whole, starts = self._whole
        found = {index for index, joined in self._changed.items() if literal in joined}
        at = whole.find(literal)
        while at != -1:
            index = bisect.bisect_right(starts, at) - 1
            if index not in self._changed:
                found.add(index)
            if index + 1 >= len(starts):
                break
            at = whole.find(literal, starts[index + 1])
        return sorted(found)

    def replace(self, index: int, target: Text, make: list[Inline], phrase: str) -> None:
        """Put `make` where `phrase` stands in the node `target` (wherever in its block it is)."""
        before, _, after = target.text.partition(phrase)
        replacement: list[Inline] = [n for n in (Text(before), *make, Text(after))
                                     if not (isinstance(n, Text) and not n.text)]
        item = self.items[index]
        item.inlines = _rebuilt(item.inlines, target, replacement)
        self.texts[index] = self._of(item.inlines)
        self._changed[index] = self._joined(self.texts[index])  # (its text in `_whole` is the old one)


def _whole(texts: list[list[Text]]) -> tuple[str, list[int]]:
    """Every item's `_TextNodes._joined` text, `_SEPARATOR` between them, and where each starts: made
    in one join of all the nodes' texts (an item's text is never joined by itself first)."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for nodes in texts:
        starts.append(offset)
        if not nodes:
            parts.append("")  # (an item without text: "" between its two separators)
            offset += 1
        for node in nodes:
            parts.append(node.text)
            offset += len(node.text) + 1
    return _SEPARATOR.join(parts), starts


def reading_texts(doc: Document) -> tuple[list[Block | Footnote], list[list[Text]]]:
    """`reading_order`'s items and the Text nodes of each (`_TextNodes._of`), a block's notes and its
    texts found in one walk of it, not one for the notes and another for the texts."""
    notes = {note.label: note for note in doc.footnotes}
    read: set[str] = set()
    items: list[Block | Footnote] = []
    texts: list[list[Text]] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.role is Role.REFERENCE:
            continue
        inlines = block.inlines
        items.append(block)
        if len(inlines) == 1 and isinstance(inlines[0], Text):  # (most blocks: no marker, one text)
            texts.append([inlines[0]])
            continue
        found: list[Text] = []
        marked: list[Footnote] = []
        _texts_and_notes(inlines, notes, read, found, marked)
        texts.append(found)
        for note in marked:
            items.append(note)
            texts.append(_TextNodes._of(note.inlines))
    for note in doc.footnotes:
        if note.label not in read:
            items.append(note)
            texts.append(_TextNodes._of(note.inlines))
    return items, texts


def _texts_and_notes(nodes: list[Inline], notes: dict[str, Footnote], read: set[str], found: list[Text],
                     marked: list[Footnote]) -> None:
    """`_collect_texts` and `places._notes_marked` in one walk (neither enters a Text or a marker)."""
    for node in nodes:
        if isinstance(node, Text):
            found.append(node)
        elif isinstance(node, FootnoteRef):
            if node.label in notes and node.label not in read:
                read.add(node.label)
                marked.append(notes[node.label])
        else:
            children = getattr(node, "children", None)
            if children:
                _texts_and_notes(children, notes, read, found, marked)


def _rebuilt(nodes: list[Inline], target: Text, replacement: list[Inline]) -> list[Inline]:
    """`nodes` with `replacement` where `target` was, at any depth. (A function of the module, not
    a closure: a recursive closure is a reference cycle, garbage only the cycle collector frees.)"""
    out: list[Inline] = []
    for node in nodes:
        if node is target:
            out.extend(replacement)
            continue
        children = getattr(node, "children", None)
        if isinstance(children, list):
            node.children = _rebuilt(children, target, replacement)  # type: ignore[union-attr]
        out.append(node)
    return out


def _collect_texts(nodes: list[Inline], found: list[Text]) -> None:
    """walk_inlines' Text nodes, in its order, without its generators."""
    for node in nodes:
        if isinstance(node, Text):
            found.append(node)
        else:
            children = getattr(node, "children", None)
            if children:
                _collect_texts(children, found)


_QUOTES = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


# (compiled with the module: not compiled again by each cold run, nor looked up in `re`'s cache)
_UNLITERAL = re.compile(r"\s+|[" + "".join(_QUOTES) + "]")  # what `anchor_pattern` matches by a set
_SPACES_KEPT = re.compile(r"(\s+)")


@lru_cache(maxsize=1024)  # (a rule's, asked for each text it is for)
def literal_run(phrase: str) -> str:
    """The longest run of `phrase` that `anchor_pattern` matches as it is written (no white space,
    no quote, which it matches by a set): every match of the pattern holds it ("" if none)."""
    runs = _UNLITERAL.split(phrase)
    return max(runs, key=len)


def phrase_matches(text: str, phrase: str) -> list[str]:
    """What `anchor_pattern(phrase).finditer(text)` matches, in order, found without compiling the
    pattern (a cold run compiled one for each of the editor's phrases, tens of microseconds each):
    the phrase's words, quotes made straight, searched for in the text with its quotes made
    straight (the same length; a phrase without quotes in the text as it is), each word after the
    first where a run of white space ends."""
    words, quoted = _straight_words(phrase)
    if not words:  # (a phrase of white space: the pattern's own empty matches)
        return [match.group(0) for match in anchor_pattern(phrase).finditer(text)]
    straight = _straight(text) if quoted else text
    first, rest = words[0], words[1:]
    found: list[str] = []
    at = straight.find(first)
    while at != -1:
        end = _words_end(straight, at + len(first), rest)
        if end is None:
            at = straight.find(first, at + 1)
        else:
            found.append(text[at:end])
            at = straight.find(first, end)
    return found


def _words_end(text: str, position: int, words: tuple[str, ...]) -> int | None:
    """Where `words` end if they follow `position`, each after a run of white space (`\\s+`, which
    takes the whole run: a word opens with no white space); None if they do not."""
    for word in words:
        after = position
        while after < len(text) and text[after].isspace():
            after += 1
        if after == position or not text.startswith(word, after):
            return None
        position = after + len(word)
    return position


_CURLY_QUOTES = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'))  # (each of a set of `_QUOTES` as its first)


def _straight(text: str) -> str:
    """`text` with its curly quotes made straight, one character for one (a `replace` in C for each
    that it holds: `str.translate` looked every character up in a dict, slower than the pattern)."""
    for curly, straight in _CURLY_QUOTES:
        if curly in text:
            text = text.replace(curly, straight)
    return text


@lru_cache(maxsize=1024)
def _straight_words(phrase: str) -> tuple[tuple[str, ...], bool]:
    """The phrase's words (`anchor_pattern`'s runs without white space), their quotes made straight,
    and whether it holds a quote (if not, no match holds one: a text is searched as it is)."""
    straight = _straight(phrase)
    return tuple(straight.split()), "'" in straight or '"' in straight


@lru_cache(maxsize=1024)  # (the editor's phrases are compiled once, not once per text that has them)
def anchor_pattern(phrase: str) -> re.Pattern[str]:
    """The regex that finds an editor's quoted words in the text, whitespace and quotes aside."""
    parts: list[str] = []
    for token in _SPACES_KEPT.split(phrase.strip()):
        if not token:
            continue
        if token.isspace():
            parts.append(r"\s+")
        else:
            parts.append("".join(_QUOTES.get(char, re.escape(char)) for char in token))
    return re.compile("".join(parts))


def _one_place(texts: _TextNodes, ctx: PassContext, phrase: str, file: str, line: int,
               what: str) -> tuple[int, Text, str] | None:
    found = texts.containing(phrase)
    if not found:
        ctx.diagnostics.error("E001", f"{what}: “{phrase}” is not in the text", file, line,
                              hint=f"copy the words exactly as {ctx.file} has them (after typography: curly quotes)")
        return None
    if len(found) > 1:
        ctx.diagnostics.error("E003", f"{what}: “{phrase}” occurs {len(found)} times", file, line,
                              hint="quote more words around it, so that it occurs once")
        return None
    return found[0]


def run(doc: Document, ctx: PassContext) -> None:
    data = editorial.cached(ctx.seed.seeds_dir) if ctx.seed.seeds_dir else editorial.EditorialData()
    emendations, context_notes = data.emendations_of(doc.slug), data.context_notes_of(doc.slug)
    if not emendations and not context_notes:
        return
    texts = _TextNodes(doc)
    for index, rule in enumerate(emendations):
        if without_additions(rule.reading) != " ".join(rule.source.split()):
            ctx.diagnostics.error("E002", f"emendation “{rule.reading}” without its [additions] is not the source's "
                                  f"“{rule.source}”", data.emendations_file, rule.line,
                                  hint="an emendation may only add words or letters, in [brackets]")
            continue
        found = _one_place(texts, ctx, rule.source, data.emendations_file, rule.line, "emendation")
        if found is None:
            continue
        source = found[2]  # the words as the text has them, whatever white space the YAML used
        note = EditorNote(f"emendation:{index}", "emendation",
                          note_inlines(f"The source reads “{source}”: {rule.why}"),
                          summary=f"“{source}” → “{rule.reading}”: {rule.why}",
                          yaml_file=data.emendations_file, yaml_line=rule.line)
        doc.editor_notes.append(note)
        index_, node, as_printed = found
        texts.replace(index_, node, [Emendation(as_printed, [Text(rule.reading)]), EditorNoteRef(note.id)], as_printed)
    for index, context in enumerate(context_notes):
        found = _one_place(texts, ctx, context.at, data.emendations_file, context.line, "context note")
        if found is None:
            continue
        note = EditorNote(f"{context.kind}:{index}", context.kind, note_inlines(context.note),
                          summary=f"at “{context.at}”: {plain(context.note)}",
                          yaml_file=data.emendations_file, yaml_line=context.line)
        doc.editor_notes.append(note)
        index_, node, as_printed = found
        texts.replace(index_, node, [Text(as_printed), EditorNoteRef(note.id)], as_printed)
