"""What a reader can find: a built page cut into search records, one per place a reader lands on.

A text's page gives one record per numbered paragraph ("Curtis 2018, ¶ 14 — Introduction",
`#p14`), per author's note and editor's note, per entry of its reference list, and one per
section for what remains (title, standfirst, abstract). An index page gives one per entry (a
glossary term's section, a register's entry without its "Named in" back-references), any other
page one per section. Left out: what is navigation rather than text (`data-search-exclude`: the
"see also" lines, "appears in" lists), the "Cite this" box, the reading facts, the heading
permalinks and note markers, and pages whose front matter says `search: exclude: true` (the
removal report, the apparatus, the bibliography).

Read from the HTML MkDocs writes, so a record holds exactly the words the reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html  # type: ignore[import-untyped]
from lxml.etree import _Element  # type: ignore[import-untyped]

from build_tools.web.search_index import Record

_BLOCKS = {"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "blockquote", "aside",
           "section", "table", "tr", "td", "th", "dd", "dt", "dl", "figure", "figcaption", "br", "hr",
           "details", "summary", "header", "footer", "pre"}
_HEADINGS = {"h1", "h2", "h3"}
# Not the reader's text: permalinks, note markers and back-links, the cite box, the reading facts.
_DROP = ("//*[@data-search-exclude]", "//a[contains(concat(' ', @class, ' '), ' headerlink ')]",
         "//a[contains(concat(' ', @class, ' '), ' para-num ')]", "//sup[starts-with(@id, 'fnref')]",
         "//a[starts-with(@id, 'edref')]", "//a[contains(concat(' ', @class, ' '), ' footnote-backref ')]",
         "//a[contains(concat(' ', @class, ' '), ' editor-note__back ')]",
         "//*[starts-with(@id, 'cite-')]", "//*[contains(concat(' ', @class, ' '), ' ed-reading ')]",
         "//*[contains(concat(' ', @class, ' '), ' ed-facts ')]", "//script", "//style")
_SPACE = re.compile(r"\s+")


def _classes(element: _Element) -> set[str]:
    return set(str(element.get("class") or "").split())


def text_of(element: _Element, stop_at_br: bool = False) -> str:
    """The element's words in reading order, a space between blocks."""
    parts: list[str] = []

    def walk(node: _Element) -> bool:
        tag = node.tag if isinstance(node.tag, str) else ""
        if stop_at_br and tag == "br":
            return False
        block = tag in _BLOCKS
        if block:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            if not walk(child):
                return False
            parts.append(child.tail or "")
        if block:
            parts.append(" ")
        return True

    walk(element)
    return _SPACE.sub(" ", "".join(parts)).strip()


@dataclass
class _Section:
    title: str
    anchor: str
    text: list[str] = field(default_factory=list)


def _kind(element: _Element) -> str | None:
    """Which kind of record an element is, if it is one by itself."""
    tag, ident, classes = element.tag, str(element.get("id") or ""), _classes(element)
    if tag == "p" and "para" in classes and re.fullmatch(r"p\d+", ident):
        return "para"
    if tag == "li" and ident.startswith("fn:"):
        return "note"
    if "editor-note" in classes and ident:
        return "editor-note"
    if tag == "li" and ident.startswith("ref-"):
        return "reference"
    if "register-entry" in classes and ident:
        return "register"
    return None


def _speaker(element: _Element) -> str:
    """The speaker of the turn a paragraph belongs to, if it is one."""
    for ancestor in element.iterancestors():
        if "turn" in _classes(ancestor):
            found = ancestor.xpath(".//*[contains(concat(' ', @class, ' '), ' speaker ')]")
            return text_of(found[0]) if found else ""
    return ""


def page_records(html: str, url: str, page_title: str, label: str | None = None) -> list[Record]:
    """The records of one built page. `url` is the page's URL relative to the site root ("" for
    the home page); `label` is a text's short title ("Curtis 2018") when the page is a text."""
    document = lxml.html.document_fromstring(html)
    articles = document.xpath("//article[contains(concat(' ', @class, ' '), ' md-content__inner ')]")
    if not articles:
        return []
    article = articles[0]
    for path in _DROP:
        for element in article.xpath(path):
            parent = element.getparent()
            if parent is not None:
                # keep the text after the dropped element
                if element.tail:
                    previous = element.getprevious()
                    if previous is not None:
                        previous.tail = (previous.tail or "") + element.tail
                    else:
                        parent.text = (parent.text or "") + element.tail
                parent.remove(element)
    name = label or page_title
    records: list[Record] = []
    sections: list[_Section] = [_Section(page_title, "")]
    heading = ""  # the current section heading (h2/h3) of a text

    def add(kind: str, element: _Element) -> None:
        ident = str(element.get("id"))
        text = text_of(element, stop_at_br=kind == "register")
        if not text:
            return
        if kind == "para":
            where = _speaker(element) or heading
            title = f"{name}, ¶ {ident[1:]}" + (f" — {where}" if where else "")
        elif kind == "note":
            title = f"{name}, note {ident[3:]}"
        elif kind == "editor-note":
            title = f"{name}, editor’s note {ident.removeprefix('ed-')}"
        elif kind == "reference":
            title = f"{name}, references: {' '.join(text.split()[:6])}…"
        else:
            strong = element.xpath(".//strong")
            title = f"{page_title} — {text_of(strong[0]) if strong else ' '.join(text.split()[:6])}"
        records.append(Record(f"{url}#{ident}", title, text))

    def walk(node: _Element) -> None:
        nonlocal heading
        tag = node.tag if isinstance(node.tag, str) else ""
        kind = _kind(node)
        if kind is not None:
            add(kind, node)
            return
        if tag in _HEADINGS and node.get("id"):
            title = text_of(node)
            if tag != "h1":
                heading = title
                sections.append(_Section(f"{page_title} — {title}" if title != page_title else title,
                                         str(node.get("id"))))
            sections[-1].text.append(title)
            return
        block = tag in _BLOCKS
        sections[-1].text.append(" " if block else "")
        sections[-1].text.append(node.text or "")
        for child in node:
            walk(child)
            sections[-1].text.append(child.tail or "")
        sections[-1].text.append(" " if block else "")

    walk(article)
    for section in sections:
        text = _SPACE.sub(" ", "".join(section.text)).strip()
        if text and text != section.title.rpartition(" — ")[2]:
            records.append(Record(url + (f"#{section.anchor}" if section.anchor else ""), section.title, text))
    return records
