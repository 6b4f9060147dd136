"""The print edition's back matter in Typst: glossary, registers and bibliography.

The entries come from `book_backmatter.py` (the same the EPUB sets); here each place a
term, name or work is mentioned ("¶ 12", "note 3") becomes a link to that paragraph or note
of the book, and web addresses in references become clickable.
"""

from __future__ import annotations

import re

from build_tools.model import Emphasis, Inline, Link, Strong, Text
from build_tools.render.book_backmatter import Section, Where, entry_keys
from build_tools.render.typst_escape import escape_text, label_name, string_literal


def entry_label(key: str) -> str:
    """The label of a back-matter entry (see `book_backmatter.entry_key`), which the texts link to."""
    return label_name("apparatus", key)


def back_labels(parts: list[Section]) -> set[str]:
    return {entry_label(key) for key in entry_keys(parts)}


def target(place: Where) -> str:
    """The book's label for a place of the site: `p12` → `<slug>-p12`, a note `fn:3` → `<slug>-fn-3`."""
    if place.anchor.startswith("fn:"):
        return label_name(place.slug, "fn", place.anchor[3:])
    return label_name(place.slug, place.anchor)


def places(where: list[Where], labels: set[str], short: dict[str, str], many_texts: bool) -> str:
    """'Curtis 2018 ¶ 3, ¶ 10; Amin and Wilson 2023 ¶ 5', each place a link when the book has it."""
    by_text: dict[str, list[str]] = {}
    for place in where:
        shown = escape_text(place.label.replace(" ", "\u00a0"))  # "¶ 12" never split at a line end
        name = target(place)
        by_text.setdefault(place.slug, []).append(f"#link(<{name}>)[{shown}]" if name in labels else shown)
    return "; ".join((escape_text(short.get(slug, slug)) + " " if many_texts else "") + ", ".join(items)
                     for slug, items in by_text.items())


def body(nodes: list[Inline]) -> str:
    """An entry's text: words escaped, italics and links kept (web addresses clickable)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(escape_text(node.text))
        elif isinstance(node, Emphasis):
            out.append(f"#emph[{body(node.children)}]")
        elif isinstance(node, Strong):
            out.append(f"#strong[{body(node.children)}]")
        elif isinstance(node, Link) and re.match(r"^(https?|mailto):", node.url):
            out.append(f"#link({string_literal(node.url)})[{body(node.children)}]")
        elif isinstance(node, Link):
            out.append(body(node.children))
    return "".join(out)


def section(part: Section, labels: set[str], short: dict[str, str], many_texts: bool) -> str:
    out = [f"#heading(level: {part.level})[{escape_text(part.title)}]"]
    if part.intro:
        out.append(f"#par(first-line-indent: 0pt)[#text(size: 9pt)[{escape_text(part.intro)}]]")
    entries: list[str] = []
    for entry in part.entries:
        head = f"#strong[{escape_text(entry.head)}] #h(0.3em)" if entry.head else ""
        where = places(entry.places, labels, short, many_texts)
        where = f" #h(0.3em)#text(fill: ed-grey)[{where}]" if where else ""
        label = f"<{entry_label(entry.key)}>" if entry.key else ""
        entries.append(f"#par[{head}{body(entry.body)}{where}]{label}")
    if entries and part.prose:  # running text: the book's own paragraph style
        out += entries
    elif entries:
        out += ["#reference-list[" if part.references else "#back-list[", *entries, "]"]
    return "\n".join(out)


def render_back_matter(parts: list[Section], labels: set[str], short: dict[str, str], many_texts: bool) -> str:
    return "\n\n".join(section(part, labels, short, many_texts) for part in parts)
