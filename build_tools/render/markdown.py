"""The Markdown renderer: one small function per node type and paragraph role.

It writes Markdown for Python-Markdown as MkDocs configures it (footnotes, attr_list,
md_in_html, admonition, pymdownx.escapeall). Everything an editor added — the source
details from the YAML, speaker labels, paragraph numbers — is marked up with its own
classes so that readers can tell it from the author's words.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from build_tools.apparatus.themes import see_also_lead
from build_tools.load.seeds import Seed
from build_tools.model import (
    Citation,
    Document,
    EditorAddition,
    EditorNote,
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
)
from build_tools.passes.typography import typeset
from build_tools.render.markdown_escape import escape_attribute, escape_line_start, escape_text, escape_url
from build_tools.render.markers import joined
from build_tools.render.source_facts import long_date, where

# --- inline nodes -----------------------------------------------------------------


def _text(node: Text) -> str:
    return escape_text(node.text)


def _emphasis(node: Emphasis) -> str:
    return "*" + inlines(node.children) + "*"


def _strong(node: Strong) -> str:
    return "**" + inlines(node.children) + "**"


def _footnote_ref(node: FootnoteRef) -> str:
    return f"[^{node.label}]"


def _link(node: Link) -> str:
    if len(node.children) == 1 and isinstance(node.children[0], Text) and node.children[0].text == node.url:
        return f"<{escape_url(node.url)}>"
    return f"[{inlines(node.children)}]({escape_url(node.url)})"


# Index references: a link from the text page (texts/<slug>.md) to the index page, with the
# definition or identification as its title, which Material's `content.tooltips` shows on hover.
# The schemas of seeds/apparatus/ keep ASCII double quotes and backslashes out of titles.


def _term_ref(node: TermRef) -> str:
    return (f'[{inlines(node.children)}](../glossary.md#term-{node.term_id} "{node.definition}")'
            "{ .term-ref }")


_REGISTER_PAGES = {"person": "persons.md", "place": "places.md", "organisation": "organisations.md"}


def _entity_ref(node: EntityRef) -> str:
    return (f'[{inlines(node.children)}](../{_REGISTER_PAGES[node.kind]}#{node.kind}-{node.entity_id} '
            f'"{node.identification}"){{ .entity-ref .entity-ref--{node.kind} }}')


# The scholarly apparatus: citations link to the Bibliography page with the formatted reference as
# their title (a tooltip); the editor's lettered notes, emendations and additions carry classes
# of their own, so that they never pass for the author's words or the author's numbered notes.


def _title(text: str) -> str:
    """Text for a Markdown link title in double quotes."""
    return " ".join(text.replace("\\", "/").replace('"', "”").split())


def _citation(node: Citation) -> str:
    if node.key is None:
        return inlines(node.children)
    return f'[{inlines(node.children)}](../bibliography.md#ref-{node.key} "{_title(node.reference)}"){{ .citation }}'


def _editor_note_ref(node: EditorNoteRef) -> str:
    title = _title(f"Editor’s note {node.letter}: {node.summary}")
    return (f'<sup class="ed-ref">[{node.letter}](#ed-{node.letter} "{title}")'
            f'{{ #{node.anchor} aria-label="Editor’s note {node.letter}" }}</sup>')


def _emendation(node: Emendation) -> str:
    return f'<span class="emendation">{inlines(node.children)}</span>'


def _editor_addition(node: EditorAddition) -> str:
    return f'<span class="editor-addition">{inlines(node.children)}</span>'


INLINE_RENDERERS: dict[type, Callable[..., str]] = {
    Citation: _citation,
    EditorNoteRef: _editor_note_ref,
    Emendation: _emendation,
    EditorAddition: _editor_addition,
    Text: _text,
    Emphasis: _emphasis,
    Strong: _strong,
    FootnoteRef: _footnote_ref,
    Link: _link,
    TermRef: _term_ref,
    EntityRef: _entity_ref,
}


def inlines(nodes: list[Inline]) -> str:
    return joined(nodes, lambda node: INLINE_RENDERERS[type(node)](node))


def line(nodes: list[Inline]) -> str:
    """Inline content that starts a line of its own."""
    return escape_line_start(inlines(nodes).strip())


# --- blocks -------------------------------------------------------------------------


def heading(block: Heading, doc: Document) -> str:
    return f"{'#' * block.level} {inlines(block.inlines).strip()} {{ #{block.anchor} }}"


def paragraph_number(para: Paragraph) -> str:
    # A short accessible name that contains the visible number (no tooltip repeated on every paragraph).
    return f'<a class="para-num" href="#{para.anchor}" aria-label="Paragraph {para.number}">{para.number}</a>'


def body(para: Paragraph, doc: Document) -> str:
    label = ""
    if para.turn_start and para.speaker:
        speaker = next(s for s in doc.speakers if s.id == para.speaker)
        label = f'<span class="speaker speaker--{speaker.role}">{escape_text(speaker.name)}</span> '
    return (f"{paragraph_number(para)} {label}{inlines(para.inlines).strip()}\n{{: #{para.anchor} .para }}"
            + see_also(para))


def see_also(para: Paragraph) -> str:
    """The editor's "see also" line under a paragraph: related passages of the other texts, by
    theme; shown once for a run of paragraphs that share it (apparatus/themes.py, group_see_also)."""
    if not para.see_also or para.see_also_folded:
        return ""
    groups = []
    for pointer in para.see_also:
        page = pointer.page.removeprefix("texts/")  # text pages are siblings in texts/
        # "¶ 16, 17, 23": the sign once, each number a link
        links = ", ".join(f"[{'¶ ' if i == 0 else ''}{n}]({page}#p{n})" for i, n in enumerate(pointer.numbers))
        groups.append(f"[{escape_text(pointer.theme_title)}](../themes.md#theme-{pointer.theme_id}): "
                      f"*{escape_text(pointer.text_label)}* {links}")
    # Navigation, not text: left out of the search index (which every reader downloads).
    return "\n\n" + see_also_lead(para) + " · ".join(groups) + "\n{: .see-also data-search-exclude }"


def abstract(para: Paragraph, doc: Document) -> str:
    return f"{line(para.inlines)}\n{{: .abstract }}"


def standfirst(para: Paragraph, doc: Document) -> str:
    return f"{line(para.inlines)}\n{{: .standfirst }}"


def byline(para: Paragraph, doc: Document) -> str:
    return f"{line(para.inlines)}\n{{: .byline }}"


def caption(para: Paragraph, doc: Document) -> str:
    credit = f" Credit: {escape_text(para.credit)}." if para.credit else ""
    return ('!!! note "Image not reproduced"\n\n'
            f"    The page shows an image here, captioned: “{inlines(para.inlines).strip()}”.{credit}")


def series_note(para: Paragraph, doc: Document) -> str:
    return f"{line(para.inlines)}\n{{: .series-note }}"


def bio(para: Paragraph, doc: Document) -> str:
    return ('<aside class="bio" markdown="1">\n\n<p class="bio-label">About the author</p>\n\n'
            f"{line(para.inlines)}\n\n</aside>")


def reference(para: Paragraph, doc: Document) -> str:
    return f'<li id="{para.anchor}" markdown="1">{inlines(para.inlines).strip()}</li>'




def raw(para: Paragraph, doc: Document) -> str:
    return line(para.inlines)


def preformatted(para: Paragraph, doc: Document) -> str:
    """A code listing as an indented code block: Markdown prints its characters as they stand
    (HTML-escaped, no markup run inside), so the accounting reads its words as written."""
    return "\n".join(("    " + code_line).rstrip() for code_line in para.text.split("\n"))


PARAGRAPH_RENDERERS: dict[Role, Callable[[Paragraph, Document], str]] = {
    Role.BODY: body,
    Role.ABSTRACT: abstract,
    Role.STANDFIRST: standfirst,
    Role.BYLINE: byline,
    Role.CAPTION: caption,
    Role.SERIES_NOTE: series_note,
    Role.BIO: bio,
    Role.REFERENCE: reference,
    Role.RAW: raw,
    Role.FOOTNOTE: raw,
    Role.PREFORMATTED: preformatted,
}


def footnote(note: Footnote) -> str:
    # A note's text starts a line of its own in Markdown: "# …" or "1. …" there would be markup.
    return f"[^{note.label}]: {line(note.inlines)}"


# --- editorial framing from the YAML ------------------------------------------------


def source_details(seed: Seed) -> str:
    """The published source, as the YAML records it, under the title."""
    config, meta = seed.config, seed.config.metadata
    interviewers, others = config.interviewer_and_interviewees
    who = ", ".join(a.name for a in others)
    if interviewers:
        who += " in conversation with " + ", ".join(a.name for a in interviewers)
    parts = [f"**{escape_text(who)}**"]
    published_in = where(meta)
    if published_in:
        parts.append(inlines(published_in))
    parts.append(long_date(config.date))
    if meta.get("doi"):
        parts.append(f"DOI [{escape_text(meta['doi'])}](https://doi.org/{escape_url(meta['doi'])})")
    elif meta.get("url"):
        parts.append(f"[Original page]({escape_url(meta['url'])})")
    # the print edition's file of this text (build_tools/print_edition.py adds it to the site)
    parts.append(f"[Download PDF](../downloads/{config.slug}.pdf){{: .download-pdf }}")
    lines = [" · ".join(parts), '{: .source-details }']
    if config.note_on_text:
        lines += ["", '!!! info "Note on the text"', "", "    " + escape_text(typeset(config.note_on_text))]
    return "\n".join(lines)


def front_matter(seed: Seed, doc: Document) -> str:
    first = next((p for p in doc.paragraphs(Role.ABSTRACT, Role.STANDFIRST)), None)
    description = first.text if first else seed.config.title
    if len(description) > 200:
        description = description[:197].rsplit(" ", 1)[0] + "…"
    # Each value through the YAML emitter, never by string formatting: a backslash ("C:\\zone")
    # or a quote in a title must not make the front matter invalid (MkDocs would then drop it,
    # and with it every head tag of the page, silently).
    return "\n".join([
        "---",
        f"title: {yaml_scalar(escape_attribute(seed.config.title))}",
        f"description: {yaml_scalar(escape_attribute(description))}",
        f"edition_slug: {yaml_scalar(seed.config.slug, plain=True)}",
        "---",
    ])


def yaml_scalar(value: str, plain: bool = False) -> str:
    """`value` as one YAML scalar, written by PyYAML's emitter: double-quoted, or with `plain`
    unquoted when YAML reads it back as this string (a slug "2020" or "null" is quoted)."""
    dumped = yaml.safe_dump(value, default_style=None if plain else '"', allow_unicode=True, width=float("inf"))
    return dumped.removesuffix("\n...\n").strip()


# --- the page -------------------------------------------------------------------------


# Python-Markdown's footnotes extension puts the notes where this line stands (its PLACE_MARKER).
FOOTNOTES_MARKER = "///Footnotes Go Here///"


def _notes_place(doc: Document) -> int:
    """The block before which the author's notes go: the heading of the reference list (so the
    notes come before the references, as in the printed article), else the end of the text."""
    first_reference = next((i for i, b in enumerate(doc.blocks)
                            if isinstance(b, Paragraph) and b.role is Role.REFERENCE), None)
    if first_reference is None:
        return len(doc.blocks)
    heading = next((i for i in range(first_reference - 1, -1, -1) if isinstance(doc.blocks[i], Heading)), None)
    return heading if heading is not None else first_reference


def notes_heading(doc: Document, level: int) -> list[str]:
    """A heading of its own for the author's notes, so that the page's contents list them."""
    taken = {b.anchor for b in doc.blocks if isinstance(b, Heading)}
    anchor = next(a for a in ("notes", *(f"notes-{n}" for n in range(2, len(taken) + 3))) if a not in taken)
    return [f"{'#' * level} Notes {{ #{anchor} .notes-heading }}", "", FOOTNOTES_MARKER, ""]


def render_text_page(seed: Seed, doc: Document) -> str:
    """The whole Markdown page of one text."""
    out: list[str] = [front_matter(seed, doc), ""]
    open_turn: int | None = None
    in_list = False
    notes_at = _notes_place(doc) if doc.footnotes else -1
    for index, block in enumerate(doc.blocks):
        if index == notes_at:
            if open_turn is not None:
                out += ["</div>", ""]
                open_turn = None
            level = block.level if isinstance(block, Heading) else 2
            out += notes_heading(doc, level)
        if isinstance(block, Paragraph) and block.turn != open_turn:
            if open_turn is not None:
                out += ["</div>", ""]
            if block.turn is not None:
                speaker = next(s for s in doc.speakers if s.id == block.speaker)
                out += [f'<div class="turn turn--{speaker.role}" markdown="1">', ""]
            open_turn = block.turn
        elif isinstance(block, Heading) and open_turn is not None:
            out += ["</div>", ""]
            open_turn = None
        in_references = isinstance(block, Paragraph) and block.role is Role.REFERENCE
        if in_references and not in_list:
            out.append('<ul class="references" markdown="1">')
        elif not in_references and in_list:
            out += ["</ul>", ""]
        in_list = in_references
        if isinstance(block, Heading):
            out.append(heading(block, doc))
            if block.level == 1:
                out += ["", source_details(seed)]
        else:
            out.append(PARAGRAPH_RENDERERS[block.role](block, doc))
        if not in_list:
            out.append("")
    if in_list:
        out += ["</ul>", ""]
    if open_turn is not None:
        out += ["</div>", ""]
    if notes_at == len(doc.blocks):
        out += notes_heading(doc, 2)
    out += editor_notes(doc.editor_notes)
    out += [footnote(note) + "\n" for note in doc.footnotes]
    return "\n".join(out).rstrip() + "\n"


def editor_note(note: EditorNote) -> str:
    backs = " ".join(f'[↩&#xFE0E; {escape_text(label)}](#{anchor} "Back to {_title(label)}"){{ .editor-note__back }}'
                     for label, anchor in note.places)
    return (f'<div class="editor-note" id="ed-{note.letter}" markdown="1">\n\n'
            f'<span class="editor-note__letter">{note.letter}</span> {inlines(note.inlines).strip()} {backs}\n\n'
            "</div>\n")


def editor_notes(notes: list[EditorNote]) -> list[str]:
    """The editor's lettered notes, in a section of their own before the author's footnotes."""
    if not notes:
        return []
    return ["## Editor’s notes { #editors-notes .editor-notes-heading }", "",
            '<div class="editor-notes" markdown="1">', "", *[editor_note(note) for note in notes], "</div>", ""]
