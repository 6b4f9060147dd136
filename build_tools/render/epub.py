"""The EPUB 3 of the edition: XHTML per text from the document model, zipped with the stdlib.

One small function per node, as in the other renderers. The author's footnotes become EPUB
notes (`epub:type="noteref"` → `<aside epub:type="footnote">`), which reading systems show as
pop-ups; editor's notes are lettered asides with their own class. A navigation document lists
every heading; the package document carries the metadata. The archive is reproducible:
`mimetype` first and stored, then every file in a fixed order with a fixed date.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

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
from build_tools.render.book_backmatter import Section, Where, entry_key, entry_keys
from build_tools.render.book_meta import EditionInfo, source_details, suggested_citation
from build_tools.render.epub_cover import cover_svg, cover_xhtml
from build_tools.render.markers import joined
from build_tools.render.removal_report import count_words
from build_tools.render.typst_escape import label_name

CSS = """body { font-family: serif; line-height: 1.45; margin: 0 1em; }
h1 { font-weight: normal; font-size: 1.6em; } h2 { font-size: 1.15em; } h3 { font-size: 1em; font-style: italic; }
p { margin: 0; text-indent: 1.2em; text-align: justify; hyphens: auto; -epub-hyphens: auto; }
p.para { position: relative; }
.para-num { font-size: 0.7em; color: #555; font-variant-numeric: lining-nums; margin-right: 0.4em; }
.speaker { font-variant: small-caps; font-weight: 600; margin-right: 0.4em; }
.turn { margin: 1em 0; } .turn--interviewer { border-left: 2px solid #999; padding-left: 0.6em; }
.front, .abstract, .standfirst, .byline, .caption, .series-note, .bio { text-indent: 0; margin: 0.8em 0; }
.front { font-size: 0.9em; } .abstract { font-size: 0.95em; margin: 0.8em 1.2em; } .standfirst { font-style: italic; }
.label { font-size: 0.75em; letter-spacing: 0.05em; text-transform: uppercase; font-weight: 600; display: block; }
.caption { border: 1px solid #999; padding: 0.5em; font-size: 0.9em; }
ul.references { list-style: none; padding: 0; } ul.references li { padding-left: 1.5em; text-indent: -1.5em; }
aside.footnote p, aside.ed-note p { text-indent: 0; font-size: 0.9em; }
aside.ed-note { font-style: italic; } .places { color: #555; }
.see-also { text-indent: 0; font-size: 0.8em; color: #555; margin: 0.2em 0 0.5em 1.2em; } .ed-addition { color: #555; }
table { border-collapse: collapse; font-size: 0.85em; }
td, th { padding: 0.2em 0.4em; vertical-align: top; text-align: left; }
"""

_INTERNAL = re.compile(r"^(?:(?:\.\./)?(?:texts/)?(?P<slug>[a-z0-9-]+)(?:\.md|/))?#(?P<anchor>[\w.:-]+)$")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Chapter:
    """One text as it is set in the EPUB, with the notes it references, in order."""

    seed: Seed
    doc: Document
    ids: set[str]  # every id of the book, "file#id", for internal links
    notes: list[str] = field(default_factory=list)  # the rendered asides
    seen: set[str] = field(default_factory=set)

    @property
    def file(self) -> str:
        return f"{self.seed.config.slug}.xhtml"


# --- inline nodes -----------------------------------------------------------------


def _text(node: Text, ch: Chapter) -> str:
    return esc(node.text)


def _emphasis(node: Emphasis, ch: Chapter) -> str:
    return f"<em>{inlines(node.children, ch)}</em>"


def _strong(node: Strong, ch: Chapter) -> str:
    return f"<strong>{inlines(node.children, ch)}</strong>"


def _note_ref(ch: Chapter, key: str, mark: str, body: list[Inline], css: str) -> str:
    if key not in ch.seen:
        ch.seen.add(key)
        ch.notes.append(f'<aside epub:type="footnote" id="{key}" class="{css}"><p>'
                        f'<a href="#{key}-ref">{esc(mark)}</a> {inlines(body, ch).strip()}</p></aside>')
        ref_id = f' id="{key}-ref"'
    else:
        ref_id = ""
    return f'<sup><a epub:type="noteref" href="#{key}"{ref_id}>{esc(mark)}</a></sup>'


def _footnote_ref(node: FootnoteRef, ch: Chapter) -> str:
    note: Footnote | None = next((n for n in ch.doc.footnotes if n.label == node.label), None)
    if note is None:
        return f"<sup>{esc(node.label)}</sup>"
    return _note_ref(ch, label_name("fn", node.label), node.label, note.inlines, "footnote")


def _editor_note_ref(node: EditorNoteRef, ch: Chapter) -> str:
    note: EditorNote | None = next((n for n in ch.doc.editor_notes if n.id == node.note_id), None)
    if note is None:
        return ""
    body: list[Inline] = [Emphasis([Text("Editor: ")]), *note.inlines]
    return _note_ref(ch, label_name("ed", node.note_id), node.letter or note.letter or "*", body, "ed-note")


def _href(url: str, ch: Chapter) -> str | None:
    internal = _INTERNAL.match(url)
    if internal:
        target = f"{internal['slug'] or ch.seed.config.slug}.xhtml#{internal['anchor']}"
        return target if target in ch.ids else None
    return url if re.match(r"^(https?|mailto|ftp):", url) else None


def _link(node: Link, ch: Chapter) -> str:
    href = _href(node.url, ch)
    content = inlines(node.children, ch)
    return f'<a href="{esc(href)}">{content}</a>' if href else content


def _citation(node: Citation, ch: Chapter) -> str:
    """Linked to the text's own reference list when the work is in it, else to the book's bibliography."""
    content = inlines(node.children, ch)
    for anchor in (node.key, f"ref-{node.key}") if node.key else ():
        target = f"{ch.file}#{anchor}"
        if target in ch.ids:
            return f'<a href="{esc(target)}">{content}</a>'
    return _entry_link(node, content, ch)


def _children(node: Emendation, ch: Chapter) -> str:
    return inlines(node.children, ch)


def entry_id(key: str) -> str:
    """The id of a back-matter entry in apparatus.xhtml (see `book_backmatter.entry_key`)."""
    return "apparatus-" + re.sub(r"[^A-Za-z0-9_.-]", "_", key)


def _entry_link(node: TermRef | EntityRef | Citation, content: str, ch: Chapter) -> str:
    """The words linked to their entry in the book's glossary, registers or bibliography, if it has one."""
    key = entry_key(node)
    target = f"apparatus.xhtml#{entry_id(key)}" if key else ""
    return f'<a href="{esc(target)}">{content}</a>' if target in ch.ids else content


def _index_ref(node: TermRef | EntityRef, ch: Chapter) -> str:
    """A glossary term or a register's name, linked to its entry in the back matter."""
    return _entry_link(node, inlines(node.children, ch), ch)


def _editor_addition(node: EditorAddition, ch: Chapter) -> str:
    return f'<span class="ed-addition">{inlines(node.children, ch)}</span>'


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


def _unknown(node: object, ch: Chapter) -> str:
    """An inline node added to the model after this renderer: keep its words."""
    children = getattr(node, "children", None)
    return inlines(children, ch) if isinstance(children, list) else esc(str(getattr(node, "text", "")))


def inlines(nodes: list[Inline], ch: Chapter) -> str:
    return joined(nodes, lambda node: INLINE_RENDERERS.get(type(node), _unknown)(node, ch))


# --- blocks ---------------------------------------------------------------------------


def heading(block: Heading, ch: Chapter) -> str:
    anchor = f' id="{esc(block.anchor)}"' if block.anchor else ""
    return f"<h{block.level}{anchor}>{inlines(block.inlines, ch).strip()}</h{block.level}>"


def body(para: Paragraph, ch: Chapter) -> str:
    number = f'<span class="para-num">{para.number}</span>' if para.number is not None else ""
    label = ""
    if para.turn_start and para.speaker:
        speaker = next(s for s in ch.doc.speakers if s.id == para.speaker)
        label = f'<span class="speaker">{esc(speaker.name)}</span>'
    anchor = f' id="{esc(para.anchor)}"' if para.anchor else ""
    return f'<p class="para"{anchor}>{number}{label}{inlines(para.inlines, ch).strip()}</p>' + see_also(para, ch)


def see_also(para: Paragraph, ch: Chapter) -> str:
    """The editor's "see also" line: related passages of the other texts, by theme."""
    if para.see_also_folded:  # shown once, under the last paragraph of its run
        return ""
    groups = []
    for pointer in para.see_also:
        file = pointer.page.removeprefix("texts/").removesuffix(".md") + ".xhtml"
        if not any(f"{file}#p{n}" in ch.ids for n in pointer.numbers):
            continue  # a text this book does not have: no pointer out of the file
        links = [f'<a href="{file}#p{n}">¶\u00a0{n}</a>' if f"{file}#p{n}" in ch.ids else f"¶\u00a0{n}"
                 for n in pointer.numbers]
        groups.append(f"{esc(pointer.theme_title)}: <em>{esc(pointer.text_label)}</em> {', '.join(links)}")
    return f'\n<p class="see-also">{esc(see_also_lead(para))}{" · ".join(groups)}</p>' if groups else ""


def _classed(css: str) -> Callable[[Paragraph, Chapter], str]:
    def render(para: Paragraph, ch: Chapter) -> str:
        return f'<p class="{css}">{inlines(para.inlines, ch).strip()}</p>'
    return render


def caption(para: Paragraph, ch: Chapter) -> str:
    credit = f" Credit: {esc(para.credit)}." if para.credit else ""
    return (f'<p class="caption"><span class="label">Image not reproduced</span>The page shows an image here, '
            f"captioned: “{inlines(para.inlines, ch).strip()}”.{credit}</p>")


def bio(para: Paragraph, ch: Chapter) -> str:
    return f'<p class="bio"><span class="label">About the author</span>{inlines(para.inlines, ch).strip()}</p>'


def reference(para: Paragraph, ch: Chapter) -> str:
    anchor = f' id="{esc(para.anchor)}"' if para.anchor else ""
    return f"<li{anchor}>{inlines(para.inlines, ch).strip()}</li>"


def preformatted(para: Paragraph, ch: Chapter) -> str:
    """A code listing, as it stands."""
    return f'<pre class="code"><code>{esc(para.text)}</code></pre>'


PARAGRAPH_RENDERERS: dict[Role, Callable[[Paragraph, Chapter], str]] = {
    Role.BODY: body,
    Role.ABSTRACT: _classed("abstract"),
    Role.STANDFIRST: _classed("standfirst"),
    Role.BYLINE: _classed("byline"),
    Role.CAPTION: caption,
    Role.SERIES_NOTE: _classed("series-note"),
    Role.BIO: bio,
    Role.REFERENCE: reference,
    Role.RAW: _classed("raw"),
    Role.FOOTNOTE: _classed("raw"),
    Role.PREFORMATTED: preformatted,
}


def page(title: str, language: str, body_html: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{esc(language)}" xml:lang="{esc(language)}">\n<head><meta charset="UTF-8"/>'
            f'<title>{esc(title)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
            f"<body>\n{body_html}\n</body>\n</html>\n")


def _front(ch: Chapter, info: EditionInfo) -> str:
    seed = ch.seed
    out = [f'<p class="front">{inlines(source_details(seed), ch)}</p>']
    if seed.config.note_on_text:
        note = esc(typeset(seed.config.note_on_text))
        out.append(f'<p class="front"><span class="label">Note on the text</span>{note}</p>')
    out.append(f'<p class="front"><span class="label">Suggested citation</span>'
               f"{inlines(suggested_citation(seed, info), ch)}</p>")
    return "\n".join(out)


def chapter_xhtml(ch: Chapter, info: EditionInfo) -> str:
    out: list[str] = [f'<section epub:type="chapter" id="{esc(ch.seed.config.slug)}">']
    open_turn: int | None = None
    in_list = False
    for block in ch.doc.blocks:
        turn = block.turn if isinstance(block, Paragraph) else None
        if turn != open_turn:
            if open_turn is not None:
                out.append("</div>")
            if turn is not None and isinstance(block, Paragraph):
                role = next(s.role for s in ch.doc.speakers if s.id == block.speaker)
                out.append(f'<div class="turn turn--{esc(role)}">')
            open_turn = turn
        is_ref = isinstance(block, Paragraph) and block.role is Role.REFERENCE
        if is_ref and not in_list:
            out.append('<ul class="references">')
        elif not is_ref and in_list:
            out.append("</ul>")
        in_list = is_ref
        if isinstance(block, Heading):
            out.append(heading(block, ch))
            if block.level == 1:
                out.append(_front(ch, info))
        else:
            out.append(PARAGRAPH_RENDERERS.get(block.role, _classed("raw"))(block, ch))
    if in_list:
        out.append("</ul>")
    if open_turn is not None:
        out.append("</div>")
    out += ch.notes
    out.append("</section>")
    return page(ch.seed.config.title, ch.seed.config.language, "\n".join(out))


def title_xhtml(chapters: list[Chapter], info: EditionInfo) -> str:
    out = [f'<section epub:type="titlepage"><h1>{esc(info.title)}</h1>']
    for ch in chapters:
        scratch = Chapter(ch.seed, ch.doc, ch.ids)
        out += [f"<p class=\"front\"><strong>{esc(ch.seed.config.title)}</strong><br/>"
                f"{inlines(source_details(ch.seed), scratch)}</p>",
                f'<p class="front"><span class="label">Suggested citation</span>'
                f"{inlines(suggested_citation(ch.seed, info), scratch)}</p>"]
    who = info.identity
    url = f', <a href="{esc(info.url)}">{esc(info.url)}</a>' if info.url else ""
    edited = f", {esc(who.edited_by)}" if who.editors else ""
    facts = ". ".join(f for f in (who.version_line, f"Published by {who.publisher}" if who.publisher else "") if f)
    out += [f'<p class="front">From {esc(info.title)}{edited}{url}.{" " + esc(facts) + "." if facts else ""}'
            + ("" if info.url else " This copy was made without the edition’s web address, so its citations give none.")
            + " Generated from the same document model as the online edition; paragraph numbers (¶) are the same "
            "in both.</p>", f'<p class="front">{esc(info.rights)}</p>', "</section>"]
    return page(info.title, info.language, "\n".join(out))


def removals_xhtml(chapters: list[Chapter], info: EditionInfo) -> str:
    out = ['<section epub:type="appendix" id="removals"><h1>Removal report</h1>',
           '<p class="front">The build removes material that is not part of the works only by named rules of the '
           "text’s profile; every word of every source is either in the edition or in this report.</p>"]
    for ch in chapters:
        out.append(f'<h2 id="removals-{esc(ch.seed.config.slug)}">{esc(ch.seed.config.title)}</h2>')
        if not ch.doc.removals:
            out.append('<p class="front">Nothing was removed: every word of the source is in this edition.</p>')
            continue
        rows: dict[str, list[int]] = {}
        why: dict[str, str] = {}
        for removal in ch.doc.removals:
            rows.setdefault(removal.rule, []).append(count_words(removal.text))
            why.setdefault(removal.rule, removal.why)
        out.append("<table><tr><th>Rule</th><th>Why</th><th>Lines</th><th>Words</th></tr>")
        out += [f"<tr><td>{esc(r)}</td><td>{esc(why[r])}</td><td>{len(c)}</td><td>{sum(c)}</td></tr>"
                for r, c in rows.items()]
        out.append("</table>")
    out.append("</section>")
    return page("Removal report", info.language, "\n".join(out))


def _place_link(place: Where, ids: set[str]) -> str:
    anchor = label_name("fn", place.anchor[3:]) if place.anchor.startswith("fn:") else place.anchor
    target = f"{place.slug}.xhtml#{anchor}"
    known = target in ids or anchor.startswith("fn-")
    label = esc(place.label.replace(" ", "\u00a0"))  # "¶ 12" never split at a line end
    return f'<a href="{esc(target)}">{label}</a>' if known else label


def apparatus_xhtml(parts: list[Section], chapters: list[Chapter], info: EditionInfo) -> str:
    """Glossary, registers and bibliography (from book_backmatter.py), places linked to the texts."""
    short = {ch.seed.config.slug: ch.seed.config.short_title for ch in chapters}
    ids = chapters[0].ids if chapters else set()
    out = ['<section epub:type="backmatter" id="apparatus">']
    for part in parts:
        out.append(f'<h{part.level} id="{esc(_slug(part.title))}">{esc(part.title)}</h{part.level}>')
        if part.intro:
            out.append(f'<p class="front">{esc(part.intro)}</p>')
        if not part.entries:
            continue
        if part.prose:  # running text (the editorial principles)
            out += [f'<p class="front">{_plain_inlines(entry.body)}</p>' for entry in part.entries]
            continue
        out.append('<ul class="references">')
        for entry in part.entries:
            by_text: dict[str, list[str]] = {}
            for place in entry.places:
                by_text.setdefault(place.slug, []).append(_place_link(place, ids))
            where = "; ".join((esc(short.get(slug, slug)) + " " if len(chapters) > 1 else "") + ", ".join(links)
                              for slug, links in by_text.items())
            head = f"<strong>{esc(entry.head)}</strong> " if entry.head else ""
            tail = f' <span class="places">{where}</span>' if where else ""
            anchor = f' id="{esc(entry_id(entry.key))}"' if entry.key else ""
            out.append(f"<li{anchor}>{head}{_plain_inlines(entry.body)}{tail}</li>")
        out.append("</ul>")
    out.append("</section>")
    return page("Apparatus", info.language, "\n".join(out))


def _plain_inlines(nodes: list[Inline]) -> str:
    """Back-matter text (no notes, no ids): italics, bold and web links."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(esc(node.text))
        elif isinstance(node, Emphasis):
            out.append(f"<em>{_plain_inlines(node.children)}</em>")
        elif isinstance(node, Strong):
            out.append(f"<strong>{_plain_inlines(node.children)}</strong>")
        elif isinstance(node, Link) and re.match(r"^(https?|mailto):", node.url):
            out.append(f'<a href="{esc(node.url)}">{_plain_inlines(node.children)}</a>')
        elif isinstance(node, Link):
            out.append(_plain_inlines(node.children))
    return "".join(out)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


def nav_xhtml(chapters: list[Chapter], info: EditionInfo, parts: list[Section] | None = None) -> str:
    """The navigation document: every heading of every text, nested by level."""
    items = ['<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>', '<li><a href="title.xhtml">Title page</a></li>']
    for ch in chapters:
        headings = list(ch.doc.headings())
        top = next((h for h in headings if h.level == 1), None)
        label = top.text if top else ch.seed.config.title
        items.append(f'<li><a href="{ch.file}">{esc(label)}</a>')
        subs = [h for h in headings if h.level == 2 and h.anchor]
        if subs:
            items.append("<ol>" + "".join(f'<li><a href="{ch.file}#{esc(h.anchor or "")}">{esc(h.text)}</a></li>'
                                          for h in subs) + "</ol>")
        items.append("</li>")
    for part in (p for p in parts or [] if p.level == 1):
        items.append(f'<li><a href="apparatus.xhtml#{esc(_slug(part.title))}">{esc(part.title)}</a></li>')
    items += ['<li><a href="removals.xhtml">Removal report</a></li>', "</ol></nav>",
              '<nav epub:type="landmarks" hidden=""><ol>',
              '<li><a epub:type="cover" href="cover.xhtml">Cover</a></li>',
              '<li><a epub:type="titlepage" href="title.xhtml">Title page</a></li>',
              f'<li><a epub:type="bodymatter" href="{chapters[0].file}">Start of text</a></li>' if chapters else "",
              "</ol></nav>"]
    return page("Contents", info.language, "\n".join(items))


# EPUB Accessibility 1.1 (https://www.w3.org/TR/epub-a11y-11/): what the book offers a reader who
# cannot see it, or uses assistive technology, as the discovery metadata of section 2 asks. Every
# claim here is one the renderer makes true: text throughout (the cover's words are its alt
# text), the nav document's contents and landmarks, headings in order, page-independent ¶
# numbers, notes linked both ways, no sound, flashing or motion.
A11Y_CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
A11Y_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder", "alternativeText",
                 "displayTransformability", "annotations")
A11Y_SUMMARY = ("Text throughout, in the reading order of the sources, with a contents list, landmarks and "
                "headings for navigation; the authors' notes and the editor's lettered notes are linked both "
                "ways; paragraphs keep the numbers (¶) of the online edition. The cover is an image of the "
                "title, which its text alternative repeats. No hazards: no sound, flashing or motion.")


def accessibility_meta(info: EditionInfo) -> list[str]:
    who = info.identity.publisher or info.identity.editors_phrase or info.title
    return ['<meta property="schema:accessMode">textual</meta>',
            '<meta property="schema:accessMode">visual</meta>',
            '<meta property="schema:accessModeSufficient">textual</meta>',
            *(f'<meta property="schema:accessibilityFeature">{feature}</meta>' for feature in A11Y_FEATURES),
            '<meta property="schema:accessibilityHazard">none</meta>',
            f'<meta property="schema:accessibilitySummary">{esc(A11Y_SUMMARY)}</meta>',
            f'<meta property="dcterms:conformsTo" id="conformance">{esc(A11Y_CONFORMANCE)}</meta>',
            f'<meta property="a11y:certifiedBy" refines="#conformance">{esc(who)}</meta>']


def identity_meta(info: EditionInfo, when: dt.datetime) -> list[str]:
    """Who edited and published this edition, which version, of which day (`seeds/edition.yml`):
    the date is the edition's, the one the site and the PDFs give."""
    who = info.identity
    out = [f'<dc:contributor id="editor-{i}">{esc(e.name)}</dc:contributor>'
           f'<meta refines="#editor-{i}" property="role" scheme="marc:relators">edt</meta>'
           + (f'<meta refines="#editor-{i}" property="file-as">{esc(e.inverted)}</meta>' if e.family else "")
           for i, e in enumerate(who.editors)]
    if who.publisher:
        out.append(f"<dc:publisher>{esc(who.publisher)}</dc:publisher>")
    out.append(f"<dc:date>{when.date().isoformat()}</dc:date>")
    if who.version:
        out.append(f'<meta property="schema:version">{esc(who.version)}</meta>')
    if who.licence_url:
        out.append(f'<link rel="dcterms:license" href="{esc(who.licence_url)}"/>')
    return out


def package_opf(chapters: list[Chapter], info: EditionInfo, when: dt.datetime, apparatus: bool = False) -> str:
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, info.url or info.title)
    creators = []
    for ch in chapters:
        creators += [a.name for a in ch.seed.config.authors if a.name not in creators]
    meta = [f'<dc:identifier id="book-id">urn:uuid:{identifier}</dc:identifier>',
            f"<dc:title>{esc(info.title)}</dc:title>", f"<dc:language>{esc(info.language)}</dc:language>",
            *(f"<dc:creator>{esc(name)}</dc:creator>" for name in creators),
            *identity_meta(info, when),
            f"<dc:rights>{esc(info.rights)}</dc:rights>",
            f'<meta property="dcterms:modified">{when.strftime("%Y-%m-%dT%H:%M:%SZ")}</meta>',
            '<meta name="cover" content="cover-image"/>',
            *accessibility_meta(info)]
    files = [("cover", "cover.xhtml"), ("title", "title.xhtml"), *((ch.seed.config.slug, ch.file) for ch in chapters),
             *([("apparatus", "apparatus.xhtml")] if apparatus else []), ("removals", "removals.xhtml")]
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
                '<item id="css" href="style.css" media-type="text/css"/>',
                '<item id="cover-image" href="cover.svg" media-type="image/svg+xml" properties="cover-image"/>',
                *(f'<item id="x-{i}" href="{f}" media-type="application/xhtml+xml"/>' for i, f in files)]
    # the cover is outside the reading order (linear="no"): a reading system shows it as the cover
    spine = "".join(f'<itemref idref="x-{i}" linear="no"/>' if i == "cover" else f'<itemref idref="x-{i}"/>'
                    for i, _f in files)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" '
            f'xml:lang="{esc(info.language)}">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            + "\n".join(meta) + "\n</metadata>\n<manifest>\n" + "\n".join(manifest)
            + f"\n</manifest>\n<spine>{spine}</spine>\n</package>\n")


CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
             '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
             "</rootfiles>\n</container>\n")


def epub_files(items: list[tuple[Seed, Document]], info: EditionInfo, when: dt.datetime,
               parts: list[Section] | None = None) -> dict[str, str]:
    """Every file of the EPUB but `mimetype`, by its path in the archive; `parts`: the back matter."""
    ids = {f"{seed.config.slug}.xhtml#{b.anchor}" for seed, doc in items for b in doc.blocks if b.anchor}
    ids |= {f"apparatus.xhtml#{entry_id(key)}" for key in entry_keys(parts or [])}
    chapters = [Chapter(seed, doc, ids) for seed, doc in items]
    files = {"META-INF/container.xml": CONTAINER, "OEBPS/style.css": CSS,
             "OEBPS/cover.svg": cover_svg(info, [ch.seed for ch in chapters]),
             "OEBPS/cover.xhtml": cover_xhtml(info, [ch.seed for ch in chapters]),
             "OEBPS/title.xhtml": title_xhtml(chapters, info)}
    for ch in chapters:
        files[f"OEBPS/{ch.file}"] = chapter_xhtml(ch, info)
    if parts:
        files["OEBPS/apparatus.xhtml"] = apparatus_xhtml(parts, chapters, info)
    files["OEBPS/removals.xhtml"] = removals_xhtml(chapters, info)
    files["OEBPS/nav.xhtml"] = nav_xhtml(chapters, info, parts)
    files["OEBPS/content.opf"] = package_opf(chapters, info, when, bool(parts))
    return files


def build_epub(items: list[tuple[Seed, Document]], info: EditionInfo, when: dt.datetime,
               parts: list[Section] | None = None) -> bytes:
    """The EPUB archive: `mimetype` first and stored, the rest deflated, all with the same date."""
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [("mimetype", "application/epub+zip"), *sorted(epub_files(items, info, when, parts).items())]
        for index, (name, content) in enumerate(entries):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_STORED if index == 0 else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content.encode("utf-8"))
    return buffer.getvalue()
