"""The Typst renderer: one small function per node type and paragraph role, like `markdown.py`.

It writes Typst markup for the print edition from the same document model the site is made
from. Every word of a text goes through `typst_escape.escape_text`, so nothing in a source
can be read as Typst syntax; the page design is `build_tools/typst/edition.typ`, whose
functions (`pn`, `speaker`, `question` …) are the only Typst this module calls.

Footnotes are Typst footnotes, set at the foot of the page that references them, and
numbered with the author's own label (not Typst's counter), so "note 7" is note 7 in the
source, on the site and on paper. Body paragraphs carry their ¶ number in the margin and
a label `<slug-pN>`; links to anchors of the edition become links inside the PDF.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.apparatus.themes import see_also_lead
from build_tools.load.seeds import Seed
from build_tools.model import (
    Citation,
    Document,
    EditorAddition,
    EditorNoteRef,
    Emendation,
    Emphasis,
    EntityRef,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    Paragraph,
    Role,
    Strong,
    TermRef,
    Text,
    plain_text,
    walk_inlines,
)
from build_tools.passes.typography import typeset
from build_tools.render.book_backmatter import entry_key
from build_tools.render.book_meta import EditionInfo, source_details, suggested_citation
from build_tools.render.markers import joined
from build_tools.render.removal_report import count_words
from build_tools.render.typst_escape import escape_text, label_name, string_literal

TEMPLATE = Path(__file__).resolve().parents[1] / "typst" / "edition.typ"
_INTERNAL = re.compile(r"^(?:(?:\.\./)?(?:texts/)?(?P<slug>[a-z0-9-]+)(?:\.md|/))?#(?P<anchor>[\w.:-]+)$")


@dataclass
class TextContext:
    """What the renderer needs to know while it sets one text."""

    seed: Seed
    doc: Document
    labels: set[str]  # every label in the book, so that a link is only made to a place that exists
    notes: dict[str, Footnote] = field(default_factory=dict)
    notes_set: set[str] = field(default_factory=set)

    @property
    def slug(self) -> str:
        return self.seed.config.slug


# --- inline nodes -----------------------------------------------------------------


def _text(node: Text, ctx: TextContext) -> str:
    return escape_text(node.text)


def _emphasis(node: Emphasis, ctx: TextContext) -> str:
    return f"#emph[{inlines(node.children, ctx)}]"


def _strong(node: Strong, ctx: TextContext) -> str:
    return f"#strong[{inlines(node.children, ctx)}]"


def _footnote_ref(node: FootnoteRef, ctx: TextContext) -> str:
    """The author's note at the foot of this page, numbered with the author's label."""
    name = label_name(ctx.slug, "fn", node.label)
    number = f"numbering: (..n) => {string_literal(node.label)}"
    if node.label in ctx.notes_set:  # a second reference to the same note points at the first
        return f"#footnote({number}, <{name}>)"
    note = ctx.notes.get(node.label)
    if note is None:  # the lift_footnotes pass reports this; print the marker rather than lose it
        return f"#super[{escape_text(node.label)}]"
    ctx.notes_set.add(node.label)
    return f"#footnote({number})[{inlines(note.inlines, ctx).strip()}]<{name}>"


def _link(node: Link, ctx: TextContext) -> str:
    content = inlines(node.children, ctx)
    internal = _INTERNAL.match(node.url)
    if internal:
        target = label_name(internal["slug"] or ctx.slug, internal["anchor"])
        return f"#link(<{target}>)[{content}]" if target in ctx.labels else content
    if re.match(r"^(https?|mailto|ftp):", node.url):
        return f"#link({string_literal(node.url)})[{content}]"
    return content  # a relative link to a page of the site has no place in print


def _children(node: Emendation, ctx: TextContext) -> str:
    """An emendation reads as its words in print (its lettered note says what the source has)."""
    return inlines(node.children, ctx)


def _entry_link(node: TermRef | EntityRef | Citation, content: str, ctx: TextContext) -> str:
    """The words linked to their entry in the book's glossary, registers or bibliography, if it has one."""
    key = entry_key(node)
    target = label_name("apparatus", key) if key else ""
    return f"#link(<{target}>)[{content}]" if target in ctx.labels else content


def _index_ref(node: TermRef | EntityRef, ctx: TextContext) -> str:
    """A glossary term or a register's name: a link to its entry in the back matter (the online
    edition links it to its index page). Internal links are not coloured, so the page reads as text."""
    return _entry_link(node, inlines(node.children, ctx), ctx)


def _citation(node: Citation, ctx: TextContext) -> str:
    """An author–year citation: a link to its entry in the text's reference list when there is
    one, else to the work in the book's bibliography."""
    content = inlines(node.children, ctx)
    if node.key:
        for target in (label_name(ctx.slug, node.key), label_name(ctx.slug, "ref", node.key)):
            if target in ctx.labels:
                return f"#link(<{target}>)[{content}]"
    return _entry_link(node, content, ctx)


def _editor_addition(node: EditorAddition, ctx: TextContext) -> str:
    return f"#ed-addition[{inlines(node.children, ctx)}]"


def _editor_note_ref(node: EditorNoteRef, ctx: TextContext) -> str:
    """An editor's note: at the foot of the page too, but lettered and marked as the editor's."""
    name = label_name(ctx.slug, "ed", node.note_id)
    note = next((n for n in ctx.doc.editor_notes if n.id == node.note_id), None)
    if note is None:
        return ""
    letter = f"numbering: (..n) => {string_literal(node.letter or note.letter or '*')}"
    if "ed:" + node.note_id in ctx.notes_set:
        return f"#footnote({letter}, <{name}>)"
    ctx.notes_set.add("ed:" + node.note_id)
    return f"#footnote({letter})[#ed-note[{inlines(note.inlines, ctx).strip()}]]<{name}>"


INLINE_RENDERERS: dict[type, Callable[..., str]] = {
    Text: _text,
    Emphasis: _emphasis,
    Strong: _strong,
    FootnoteRef: _footnote_ref,
    Link: _link,
    TermRef: _index_ref,
    EntityRef: _index_ref,
    Emendation: _children,
    Citation: _citation,
    EditorAddition: _editor_addition,
    EditorNoteRef: _editor_note_ref,
}


def _unknown(node: object, ctx: TextContext) -> str:
    """An inline node added to the model after this renderer: keep its words rather than lose them."""
    children = getattr(node, "children", None)
    if isinstance(children, list):
        return inlines(children, ctx)
    return escape_text(str(getattr(node, "text", "")))


def inlines(nodes: list[Inline], ctx: TextContext) -> str:
    return joined(nodes, lambda node: INLINE_RENDERERS.get(type(node), _unknown)(node, ctx))


# --- blocks -------------------------------------------------------------------------


def heading(block: Heading, ctx: TextContext) -> str:
    label = f" <{label_name(ctx.slug, block.anchor)}>" if block.anchor else ""
    return f"#heading(level: {block.level})[{inlines(block.inlines, ctx).strip()}]{label}"


def body(para: Paragraph, ctx: TextContext) -> str:
    number = f"#pn({string_literal(str(para.number))})" if para.number is not None else ""
    if number and para.anchor:
        number += f"<{label_name(ctx.slug, para.anchor)}>"
    label = ""
    if para.turn_start and para.speaker:
        speaker = next(s for s in ctx.doc.speakers if s.id == para.speaker)
        label = f"#speaker({string_literal(speaker.name)}, {string_literal(speaker.role)})"
    return f"{number}{label}{inlines(para.inlines, ctx).strip()}"


def see_also(para: Paragraph, ctx: TextContext) -> str:
    """The editor's "see also" line of a paragraph: related passages of the other texts, by theme —
    only of texts this book has (a single text's PDF has none: the line is left out rather than
    point outside the file). Set as the paragraph's last line (`see-also-line`), so that a page
    break never parts it from the paragraph or strands it alone at the top of a page."""
    if para.see_also_folded:
        return ""  # (a run of paragraphs with the same line shows it once, under its last: see_also_lead)
    groups = []
    for pointer in para.see_also:
        slug = pointer.page.removeprefix("texts/").removesuffix(".md")
        if not any(label_name(slug, f"p{n}") in ctx.labels for n in pointer.numbers):
            continue
        places = []
        for number in pointer.numbers:
            target, shown = label_name(slug, f"p{number}"), f"¶\u00a0{number}"
            places.append(f"#link(<{target}>)[{shown}]" if target in ctx.labels else shown)
        groups.append(f"{escape_text(pointer.theme_title)}: #emph[{escape_text(pointer.text_label)}] "
                      + ", ".join(places))
    if not groups:
        return ""
    lead = see_also_lead(para)
    return f"#see-also-line(lead: {string_literal(lead)})[{' · '.join(groups)}]" if lead != "See also — " \
        else f"#see-also-line[{' · '.join(groups)}]"


def _wrapped(function: str) -> Callable[[Paragraph, TextContext], str]:
    def render(para: Paragraph, ctx: TextContext) -> str:
        return f"#{function}[{inlines(para.inlines, ctx).strip()}]"
    render.__name__ = function.replace("-", "_")
    return render


def caption(para: Paragraph, ctx: TextContext) -> str:
    credit = f" Credit: {escape_text(para.credit)}." if para.credit else ""
    return (f"#caption-block[#label-line[Image not reproduced] \\ The page shows an image here, captioned: "
            f"“{inlines(para.inlines, ctx).strip()}”.{credit}]")


def series_note(para: Paragraph, ctx: TextContext) -> str:
    return f"#note-block[#emph[{inlines(para.inlines, ctx).strip()}]]"


def bio(para: Paragraph, ctx: TextContext) -> str:
    return f"#note-block[#label-line[About the author] \\ {inlines(para.inlines, ctx).strip()}]"


def reference(para: Paragraph, ctx: TextContext) -> str:
    label = f"<{label_name(ctx.slug, para.anchor)}>" if para.anchor else ""
    return f"#par[{inlines(para.inlines, ctx).strip()}]{label}"


def raw(para: Paragraph, ctx: TextContext) -> str:
    return f"#par[{inlines(para.inlines, ctx).strip()}]"


def preformatted(para: Paragraph, ctx: TextContext) -> str:
    """A code listing as Typst's raw block: the characters as they stand, in a string literal."""
    return f"#raw(block: true, {string_literal(para.text)})"


PARAGRAPH_RENDERERS: dict[Role, Callable[[Paragraph, TextContext], str]] = {
    Role.BODY: body,
    Role.ABSTRACT: _wrapped("abstract-block"),
    Role.STANDFIRST: _wrapped("standfirst-block"),
    Role.BYLINE: _wrapped("byline-block"),
    Role.CAPTION: caption,
    Role.SERIES_NOTE: series_note,
    Role.BIO: bio,
    Role.REFERENCE: reference,
    Role.RAW: raw,
    Role.FOOTNOTE: raw,
    Role.PREFORMATTED: preformatted,
}


# Typst's line breaking grows faster than linearly with a paragraph's length (an 800 KB paragraph
# took 29 s, a 2 MB line 318 s). A paragraph longer than this is set in pieces of at most this many
# characters, each a paragraph of its own (the first keeps the number and label); the build warns
# of it (P007, build_tools/print_edition.py). No real paragraph is this long.
TYPST_PARAGRAPH_LIMIT = 20_000


def paragraph(para: Paragraph, ctx: TextContext) -> str:
    """A paragraph by its role; a role added later falls back to a plain paragraph, never to nothing."""
    renderer = PARAGRAPH_RENDERERS.get(para.role, raw)
    if para.role is Role.PREFORMATTED or len(para.text) <= TYPST_PARAGRAPH_LIMIT:
        return renderer(para, ctx)
    pieces = split_inlines(para.inlines, TYPST_PARAGRAPH_LIMIT)
    parts = [dataclasses.replace(para, inlines=pieces[0])]
    parts += [dataclasses.replace(para, inlines=piece, number=None, anchor=None, turn_start=False, see_also=[])
              for piece in pieces[1:]]
    return "\n\n".join(renderer(part, ctx) for part in parts)


def split_inlines(nodes: list[Inline], limit: int) -> list[list[Inline]]:
    """Top-level inline nodes in runs of about `limit` characters, a long text cut at a space (the
    space becomes the paragraph break: no word is cut or lost). Other nodes are never cut."""
    pieces: list[list[Inline]] = [[]]
    size = 0
    for node in nodes:
        if not isinstance(node, Text):
            pieces[-1].append(node)
            size += len(plain_text([node]))
            continue
        text = node.text
        while size + len(text) > limit:
            cut = text.rfind(" ", 0, max(limit - size, 1))
            if cut <= 0 and size > 0:  # no room left for the first word: it opens the next piece
                pieces.append([])
                size = 0
                continue
            if cut <= 0:
                # A run of `limit` characters without a space is no word anyone reads (a pasted
                # string, a data dump): it is cut where it is, every character kept.
                cut = max(limit - size, 1)
                pieces[-1].append(Text(text[:cut]))
                pieces.append([])
                size, text = 0, text[cut:]
                continue
            pieces[-1].append(Text(text[:cut]))
            pieces.append([])
            size, text = 0, text[cut + 1:]
        if text:
            pieces[-1].append(Text(text))
            size += len(text)
    return [piece for piece in pieces if piece]


# --- a whole text -----------------------------------------------------------------------


def _meta_inlines(nodes: list[Inline], ctx: TextContext) -> str:
    return inlines(nodes, ctx).strip()


def text_opening(ctx: TextContext, info: EditionInfo) -> str:
    """Under the title: the source as published, the note on the text, how to cite."""
    seed = ctx.seed
    out = [f"#front-block[{_meta_inlines(source_details(seed), ctx)}]"]
    if seed.config.note_on_text:
        out.append(f"#front-block[#label-line[Note on the text] \\ {escape_text(typeset(seed.config.note_on_text))}]")
    out.append(f"#front-block[#label-line[Suggested citation] \\ "
               f"{_meta_inlines(suggested_citation(seed, info), ctx)}]")
    return "\n\n".join(out)


def _group_of(block: Heading | Paragraph) -> tuple[str, int | None]:
    """Consecutive blocks set together: the paragraphs of one turn, the entries of a reference list."""
    if isinstance(block, Paragraph) and block.turn is not None:
        return "turn", block.turn
    if isinstance(block, Paragraph) and block.role is Role.REFERENCE:
        return "references", None
    return "", None


def render_text(ctx: TextContext, info: EditionInfo) -> str:
    """One text: title, opening, body (turns and reference list grouped), in its own language."""
    ctx.notes = {note.label: note for note in ctx.doc.footnotes}
    out = [f"#text-start({string_literal(ctx.seed.config.short_title)})",
           "#[", f"#set text(lang: {string_literal(ctx.seed.config.language)})", ""]
    groups: list[tuple[tuple[str, int | None], list[str]]] = []
    for block in ctx.doc.blocks:
        key = _group_of(block)
        if isinstance(block, Heading):
            rendered = heading(block, ctx)
            if block.level == 1:
                rendered += "\n\n" + text_opening(ctx, info)
        else:
            rendered = paragraph(block, ctx)
            if block.see_also and (line := see_also(block, ctx)):
                # inside the paragraph (no blank line): its last line, never apart from it
                rendered += (" " if block.role is Role.BODY else "\n\n") + line
        if groups and key[0] and groups[-1][0] == key:
            groups[-1][1].append(rendered)
        else:
            groups.append((key, [rendered]))
    for (kind, turn), parts in groups:
        joined = "\n\n".join(parts)
        if kind == "turn":
            first = next(b for b in ctx.doc.paragraphs() if b.turn == turn)
            speaker = next(s for s in ctx.doc.speakers if s.id == first.speaker)
            function = "question" if speaker.role == "interviewer" else "answer"
            out += [f"#{function}[\n{joined}\n]", ""]
        elif kind == "references":
            out += [f"#reference-list[\n{joined}\n]", ""]
        else:
            out += [joined, ""]
    out += ["]", ""]
    return "\n".join(out)


def labels_of(seed: Seed, doc: Document) -> set[str]:
    """Every label a text defines (headings, paragraphs, reference entries, the author's notes)."""
    anchors = [b.anchor for b in doc.blocks if b.anchor]
    notes = [label_name(seed.config.slug, "fn", note.label) for note in doc.footnotes
             if any(isinstance(n, FootnoteRef) and n.label == note.label
                    for b in doc.blocks if isinstance(b, Paragraph) for n in walk_inlines(b.inlines))]
    return {label_name(seed.config.slug, a) for a in anchors} | set(notes)


# --- back matter --------------------------------------------------------------------------


def removal_summary(items: list[tuple[Seed, Document]]) -> str:
    """The removal report in brief: per text and rule, what was removed and how many words."""
    out = ["#heading(level: 1)[Removal report]", "",
           "#par[The raw texts carry material that is not part of the works: a web page’s navigation, "
           "advertisements and footer. The build removes it only by named rules of the text’s profile, and "
           "checks on every run that every word of every source is either in the edition or in this report. "
           "The full report, with every removed line, is part of the online edition.]", ""]
    for seed, doc in items:
        out += [f"#heading(level: 2)[{escape_text(seed.config.title)}]", ""]
        if not doc.removals:
            out += ["#par[Nothing was removed: every word of the source is in this edition.]", ""]
            continue
        by_rule: dict[str, list[int]] = defaultdict(list)
        why: dict[str, str] = {}
        for removal in doc.removals:
            by_rule[removal.rule].append(count_words(removal.text))
            why.setdefault(removal.rule, removal.why)
        total = sum(sum(v) for v in by_rule.values())
        out += [f"#par[{len(doc.removals)} lines ({total} words) were removed by {len(by_rule)} rules.]", ""]
        cells = ["[*Rule*]", "[*Why*]", "[*Lines*]", "[*Words*]", "table.hline(stroke: ed-rule)"]
        for rule, counts in by_rule.items():
            cells += [f"[{escape_text(rule)}]", f"[{escape_text(why[rule])}]", f"[{len(counts)}]", f"[{sum(counts)}]"]
        cells.append("table.hline(stroke: ed-rule)")
        out += ["#report-table(" + ", ".join(cells) + ")", ""]
    return "\n".join(out)


# --- the book -------------------------------------------------------------------------------


def _authors(items: list[tuple[Seed, Document]]) -> list[str]:
    names: list[str] = []
    for seed, _doc in items:
        for author in seed.config.authors:
            if author.name not in names:
                names.append(author.name)
    return names


def title_page(items: list[tuple[Seed, Document]], info: EditionInfo, whole: bool) -> str:
    """Edition and source metadata, and the suggested citation of each text."""
    seeds = [seed for seed, _ in items]
    ctxs = [TextContext(seed, doc, set()) for seed, doc in items]
    if whole:
        heading_ = f"#text(size: 22pt)[{escape_text(info.title)}]"
        shorts = " · ".join(seed.config.short_title for seed in seeds)
        sub = f"#text(size: 12pt, style: \"italic\")[{escape_text(shorts)}]"
        if info.identity.editors:
            edited = info.identity.edited_by
            sub += f" \\\n#v(0.6em)#text(size: 11pt)[{escape_text(edited[0].upper() + edited[1:])}]"
    else:
        heading_ = f"#text(size: 20pt)[{escape_text(seeds[0].config.title)}]"
        sub = f"#text(size: 12pt)[{escape_text(', '.join(a.name for a in seeds[0].config.authors))}]"
    out = ["#title-page[", "#v(18%)", heading_, "#v(0.8em)", sub, "#v(2.5em)"]
    for ctx in ctxs:
        out += ["#block(below: 1.4em)[",
                f"#strong[{escape_text(ctx.seed.config.title)}] \\" if whole else "",
                f"#text(size: 9.5pt)[{_meta_inlines(source_details(ctx.seed), ctx)}] \\",
                f"#text(size: 9pt)[#label-line[Suggested citation] \\ "
                f"{_meta_inlines(suggested_citation(ctx.seed, info), ctx)}]", "]"]
    out += ["#v(1fr)", colophon(info), "]"]
    return "\n".join(out)


def colophon(info: EditionInfo) -> str:
    """The foot of the title page: which edition, who made it, which version of which day, under what
    licence (`seeds/edition.yml`); the address only when the build was given one, never a placeholder."""
    who = info.identity
    lines = [escape_text(f"From {info.title}" + (f", {who.edited_by}" if who.editors else ""))
             + (f", #link({string_literal(info.url)})[{escape_text(info.url)}]" if info.url else "") + "."]
    facts = [who.version_line, f"Published by {who.publisher}" if who.publisher else ""]
    if any(facts):
        lines.append(escape_text(". ".join(f for f in facts if f) + "."))
    if not info.url:
        lines.append(escape_text("This copy was made without the edition’s web address, so its citations give none."))
    lines.append(escape_text("This PDF is generated from the same document model as the online edition; "
                             "paragraph numbers (¶) are the same in both."))
    if info.rights:
        lines.append(escape_text(info.rights))
    return "#text(size: 8.5pt)[" + " \\\n".join(lines) + "]"


def book_labels(items: list[tuple[Seed, Document]]) -> set[str]:
    return set().union(*(labels_of(seed, doc) for seed, doc in items))


def render_book(items: list[tuple[Seed, Document]], info: EditionInfo, *, whole: bool, back: str = "",
                back_labels: set[str] | None = None) -> str:
    """The Typst source of a book: the whole edition (`whole`) or a single text; `back` is its
    back matter from the apparatus (see typst_backmatter.py), set before the removal report,
    and `back_labels` the labels of its entries, which terms, names and citations link to."""
    if whole:
        title = info.title
        short = info.title.split(" — ")[0]
    else:
        title = items[0][0].config.title
        short = items[0][0].config.short_title
    keywords = sorted({str(k) for seed, _ in items for k in seed.config.metadata.get("keywords", [])})
    labels = book_labels(items) | (back_labels or set())
    language = items[0][0].config.language if not whole else info.language
    out = [TEMPLATE.read_text("utf-8"), "",
           f"#show: edition.with(title: {string_literal(title)}, "
           f"authors: ({', '.join(string_literal(a) for a in _authors(items))},), "
           f"keywords: ({', '.join(string_literal(k) for k in keywords)}{',' if keywords else ''}), "
           f"lang: {string_literal(language)}, short-title: {string_literal(short)})", "",
           title_page(items, info, whole), "",
           "#outline(title: [Contents], depth: 2)", ""]
    for seed, doc in items:
        out.append(render_text(TextContext(seed, doc, labels), info))
    if back:
        out += ["#text-start(\"Apparatus\")", back]
    out.append("#text-start(\"Removal report\")")
    out.append(removal_summary(items))
    return "\n".join(out) + "\n"
