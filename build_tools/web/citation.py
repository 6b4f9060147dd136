"""How to cite a text and this edition of it: two styles, BibTeX and RIS.

The styles are the two most asked for in the humanities and social sciences, Chicago
author-date and APA (7th edition). The original is formatted by citeproc-py in the two CSL
styles shipped in `apparatus/styles/`, from the text's CSL-JSON record: in Chicago it is the
Bibliography's own entry for the text, so the two always agree. The citations of this edition
are written out here: the edition entry is not a kind any CSL style knows. A formatted citation
is kept as runs of plain and italic text, so the same citation becomes HTML for the page and
plain text for the clipboard. BibTeX and RIS are written by `apparatus/exports.py`, as the Bibliography's downloads are,
from CSL-JSON records of the text and of this edition made here."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from html import escape
from typing import Any

from build_tools.apparatus import bibliography as bib
from build_tools.apparatus import exports
from build_tools.apparatus.editorial import csl_of_text
from build_tools.load.config import Author
from build_tools.model import Emphasis, Inline, plain_text
from build_tools.render.book_backmatter import inlines_from_markdown
from build_tools.render.book_meta import EditionInfo, edition_citation
from build_tools.render.book_meta import chicago_names as chicago_names  # the names of every citation here
from build_tools.render.source_facts import long_date
from build_tools.web.facts import TextFacts

Run = tuple[str, bool]  # (text, italic)
CHICAGO = "chicago-author-date"  # the CSL styles shipped in build_tools/apparatus/styles/
APA = "apa"


@dataclass(frozen=True)
class Citation:
    style: str  # "Chicago (author-date)", "APA"
    of: str  # "original" | "edition"
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)

    @property
    def html(self) -> str:
        return "".join(f"<i>{escape(t)}</i>" if italic else escape(t) for t, italic in self.runs)


def _runs(template: str) -> tuple[Run, ...]:
    """Text between two \\x01 marks is italic (the mark never comes from the data: see _safe)."""
    parts = template.split("\x01")
    return tuple((part, index % 2 == 1) for index, part in enumerate(parts) if part)


def _safe(text: str) -> str:
    return text.replace("\x01", "")


def _it(text: str) -> str:
    return f"\x01{_safe(text)}\x01"


def _marked(nodes: list[Inline]) -> str:
    """Inline nodes as a template: emphasis between \\x01 marks."""
    return "".join(_it(plain_text(n.children)) if isinstance(n, Emphasis) else _safe(plain_text([n])) for n in nodes)


def _end(text: str) -> str:
    """A title or sentence closed with a full stop, unless it already ends in punctuation."""
    return text if re.search(r"[.?!…]$", text) else text + "."


# --- names --------------------------------------------------------------------------------


def initials(given: str) -> str:
    return " ".join(part[0] + "." for part in re.split(r"[\s]+", given) if part)


def apa_names(authors: list[Author]) -> str:
    names = [f"{a.family}, {initials(a.given)}".strip(", ") for a in authors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def plain_names(authors: list[Author]) -> str:
    names = [a.name for a in authors]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


# --- the original -------------------------------------------------------------------------


def chicago_original(f: TextFacts) -> Citation:
    """The original as the Bibliography page formats it: citeproc-py in the shipped Chicago
    author-date style, from the same CSL-JSON record, so that the two cannot disagree."""
    formatted = bib.format_record(bib.Record(bibtex_key(f), original_record(f), "text"), CHICAGO, f.given_names,
                                  f.year_suffix)
    return Citation("Chicago (author-date)", "original", _runs(_marked(inlines_from_markdown(formatted.markdown))))


def apa_original(f: TextFacts) -> Citation:
    """The original in APA (7th edition): citeproc-py in the shipped APA style, from the same
    CSL-JSON record as the Chicago citation, so that a chapter is set as a chapter (in its book,
    with its editors and pages), a report as a report, a magazine's piece with its full date."""
    formatted = bib.format_record(bib.Record(bibtex_key(f), original_record(f), "text"), APA)
    return Citation("APA", "original", _runs(_marked(inlines_from_markdown(formatted.markdown))))


# --- this edition --------------------------------------------------------------------------


def chicago_edition(f: TextFacts) -> Citation:
    """The same words as the PDF's and the EPUB's suggested citation (book_meta.edition_citation)."""
    # the edition's date is the identity's; an edition without seeds/edition.yml is dated by its build
    dated = dataclasses.replace(f.identity, date=f.identity.date or f.built)
    info = EditionInfo(f.edition_title, "", "", identity=dated, given_names=f.given_names)
    return Citation("Chicago (author-date)", "edition",
                    _runs(_marked(edition_citation(f.config, info, f.edition_url or ""))))


def apa_edition(f: TextFacts) -> Citation:
    """APA 7 (10.3, a chapter in an edited book; a group as editor is named as written)."""
    who = f.identity
    built = f"{f.built.strftime('%B')} {f.built.day}, {f.built.year}"
    editors = f"{who.editors_phrase} ({'Eds.' if len(who.editors) > 1 else 'Ed.'}), " if who.editors else ""
    version = f"Version {who.version}, {built}" if who.version else f"Edition of {built}"
    publisher = f" {_safe(who.publisher)}." if who.publisher else ""
    link = f" {f.edition_url}" if f.edition_url else ""
    return Citation("APA", "edition", _runs(
        f"{_safe(apa_names(f.creators))} ({f.year}). {_safe(_end(f.config.title))} In {_safe(editors)}"
        f"{_it(f.edition_title)} ({version}).{publisher}{link}"))


def citations(f: TextFacts) -> list[Citation]:
    return [chicago_original(f), apa_original(f), chicago_edition(f), apa_edition(f)]


# --- BibTeX and RIS --------------------------------------------------------------------------


def bibtex_key(f: TextFacts) -> str:
    first = f.creators[0].family if f.creators else f.slug
    return re.sub(r"[^a-z0-9]", "", first.lower()) + str(f.year)


def original_record(f: TextFacts) -> dict[str, Any]:
    """The text as a CSL-JSON record: the Bibliography's record of it, with its keywords and language."""
    record: dict[str, Any] = {"id": bibtex_key(f), **csl_of_text(f.config.kind, f.config.metadata),
                              "title": f.config.title, "language": f.config.language}
    if f.keywords:
        record["keyword"] = ", ".join(f.keywords)
    if f.interviewers:
        record["note"] = f"Interview by {plain_names(f.interviewers)}"
    return record


def edition_record(f: TextFacts) -> dict[str, Any]:
    """This edition of the text, as a web page, with the day it was built as the day it was consulted."""
    original = original_record(f)
    who = f.identity
    version = f"version {who.version}, " if who.version else ""
    record: dict[str, Any] = {
        "id": bibtex_key(f) + "edition", "type": "webpage", "title": f.config.title,
        "author": original.get("author") or original.get("editor", []),
        "container-title": f.edition_title, "issued": original["issued"],
        "accessed": {"date-parts": [[f.built.year, f.built.month, f.built.day]]},
        "note": f"Reading edition, {version}{long_date(f.built)}; cite by paragraph (¶)", "language": f.config.language}
    if who.editors:  # a collective as a one-part name (BibTeX braces it whole)
        record["editor"] = [{"family": e.family, "given": e.given} if e.family and e.given else {"family": e.name}
                            for e in who.editors]
    if who.publisher:
        record["publisher"] = who.publisher
    if who.place:
        record["publisher-place"] = who.place
    if f.edition_url:
        record["URL"] = f.edition_url
    return record


def bibtex(f: TextFacts) -> str:
    """Two entries: the original work, and this edition of it (which `crossref`s nothing: BibTeX
    styles differ too much in what they do with it)."""
    return exports.bibtex_entry(original_record(f)) + "\n" + exports.bibtex_entry(edition_record(f))


def ris(f: TextFacts) -> str:
    """The original, then this edition."""
    return exports.ris([original_record(f), edition_record(f)])
