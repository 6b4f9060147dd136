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

import re

from build_tools.apparatus import editorial
from build_tools.apparatus.places import note_inlines, plain, reading_order
from build_tools.model import Document, EditorNote, EditorNoteRef, Emendation, Inline, Text, walk_inlines
from build_tools.passes.context import PassContext

_BRACKETED = re.compile(r"\[[^\]]*\]")


def without_additions(reading: str) -> str:
    """The reading with the editor's [additions] taken out, spaces closed up."""
    return " ".join(_BRACKETED.sub("", reading).split())


def _texts_with(doc: Document, phrase: str) -> list[Text]:
    found: list[Text] = []
    for _item, inlines in reading_order(doc):
        for node in walk_inlines(inlines):
            if isinstance(node, Text):
                found.extend(node for _ in range(node.text.count(phrase)))
    return found


def _one_place(doc: Document, ctx: PassContext, phrase: str, file: str, line: int, what: str) -> Text | None:
    found = _texts_with(doc, phrase)
    if not found:
        ctx.diagnostics.error("E001", f"{what}: “{phrase}” is not in the text", file, line,
                              hint=f"copy the words exactly as {ctx.file} has them (after typography: curly quotes)")
        return None
    if len(found) > 1:
        ctx.diagnostics.error("E003", f"{what}: “{phrase}” occurs {len(found)} times", file, line,
                              hint="quote more words around it, so that it occurs once")
        return None
    return found[0]


def _replace_in(doc: Document, target: Text, make: list[Inline], phrase: str) -> None:
    """Put `make` where `phrase` stands in the node `target` (wherever in the tree it is)."""
    before, _, after = target.text.partition(phrase)
    replacement: list[Inline] = [n for n in (Text(before), *make, Text(after))
                                 if not (isinstance(n, Text) and not n.text)]

    def rebuild(nodes: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            if node is target:
                out.extend(replacement)
                continue
            children = getattr(node, "children", None)
            if isinstance(children, list):
                node.children = rebuild(children)  # type: ignore[union-attr]
            out.append(node)
        return out

    for item, _inlines in list(reading_order(doc)):
        item.inlines = rebuild(item.inlines)


def run(doc: Document, ctx: PassContext) -> None:
    data = editorial.cached(ctx.seed.seeds_dir) if ctx.seed.seeds_dir else editorial.EditorialData()
    for index, rule in enumerate(data.emendations_of(doc.slug)):
        if without_additions(rule.reading) != " ".join(rule.source.split()):
            ctx.diagnostics.error("E002", f"emendation “{rule.reading}” without its [additions] is not the source's "
                                  f"“{rule.source}”", data.emendations_file, rule.line,
                                  hint="an emendation may only add words or letters, in [brackets]")
            continue
        target = _one_place(doc, ctx, rule.source, data.emendations_file, rule.line, "emendation")
        if target is None:
            continue
        note = EditorNote(f"emendation:{index}", "emendation",
                          note_inlines(f"The source reads “{rule.source}”: {rule.why}"),
                          summary=f"“{rule.source}” → “{rule.reading}”: {rule.why}",
                          yaml_file=data.emendations_file, yaml_line=rule.line)
        doc.editor_notes.append(note)
        _replace_in(doc, target, [Emendation(rule.source, [Text(rule.reading)]), EditorNoteRef(note.id)], rule.source)
    for index, context in enumerate(data.context_notes_of(doc.slug)):
        target = _one_place(doc, ctx, context.at, data.emendations_file, context.line, "context note")
        if target is None:
            continue
        note = EditorNote(f"context:{index}", "context", note_inlines(context.note),
                          summary=f"at “{context.at}”: {plain(context.note)}",
                          yaml_file=data.emendations_file, yaml_line=context.line)
        doc.editor_notes.append(note)
        _replace_in(doc, target, [Text(context.at), EditorNoteRef(note.id)], context.at)
