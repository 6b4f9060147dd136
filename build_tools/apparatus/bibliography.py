"""The bibliography: CSL-JSON records, matched to citations and formatted by a CSL processor.

Records come from three places: the entries of a text's reference list (parsed, then
corrected by `bibliography.yml`), works that no list has, and the edition's own texts.
Formatting is done by citeproc-py with the Chicago author-date style shipped in
`styles/` (nothing is downloaded), to Markdown for the pages and to plain text for the
hover titles; no reference is put together by string concatenation.
"""

from __future__ import annotations

import copy
import html
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from build_tools.apparatus.editorial import EditorialData
from build_tools.apparatus.references import parse_entry
from build_tools.model import Document, Role
from build_tools.render.markdown_escape import escape_text

STYLES = "build_tools.apparatus.styles"


def anchor(record_id: str) -> str:
    """The id of a work's entry, on the Bibliography page and in a text's reference list."""
    return f"ref-{record_id}"


@dataclass
class Record:
    """One work: its CSL-JSON and where the edition knows it from."""

    id: str
    csl: dict[str, Any]
    origin: str  # "list" (a text's reference list), "work" (bibliography.yml), "text" (an edition text)
    text: str = ""  # for "list": the slug of the text whose list has it
    correction: str = ""  # the editor's `why`, when bibliography.yml corrects the entry

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(name.get("family", "") for name in self.csl.get("author", []))

    @property
    def year(self) -> str:
        parts = self.csl.get("issued", {}).get("date-parts", [[0]])
        return str(parts[0][0]) + str(self.csl.get("year-suffix", ""))

    @property
    def label(self) -> str:
        """How an author–date citation names it: "Brenner and Schmid 2011"."""
        names = list(self.families)
        if len(names) > 3:
            written = f"{names[0]} et al."
        elif len(names) > 1:
            written = ", ".join(names[:-1]) + " and " + names[-1]
        else:
            written = names[0] if names else "Anon."
        return f"{written} {self.year}"


@dataclass
class Bibliography:
    records: dict[str, Record] = field(default_factory=dict)
    style: str = "chicago-author-date"
    formatted: dict[str, Formatted] | None = None  # filled by `formatted()`

    def match(self, names: tuple[str, ...], year: str, text: str) -> Record | None:
        """The entry of `text`'s list (or a work) with exactly these family names and year."""
        for record in self.records.values():
            if record.origin == "list" and record.text != text:
                continue
            families = record.families
            same_names = families == names or (
                names and names[-1].endswith("et al.") and families[:1] == (names[0].removesuffix(" et al."),))
            if same_names and record.year == year:
                return record
        return None

    def multiword_names(self) -> set[str]:
        return {name for record in self.records.values() for name in record.families if " " in name}

    def csl_json(self) -> list[dict[str, Any]]:
        """The records as CSL-JSON items, in the order of the formatted bibliography."""
        return [{"id": key, **self.records[key].csl} for key in formatted(self)]


def from_documents(docs: list[Document], data: EditorialData) -> Bibliography:
    """Every reference list of `docs`, corrected, plus the works and texts of bibliography.yml."""
    bibliography = Bibliography(style=data.style)
    for doc in docs:
        add_reference_list(bibliography, doc, data)
    add_works(bibliography, data)
    return bibliography


def add_reference_list(bibliography: Bibliography, doc: Document, data: EditorialData) -> None:
    for entry in doc.paragraphs(Role.REFERENCE):
        parsed = parse_entry(entry.inlines)
        if parsed is None or entry.anchor is None:
            continue
        key = entry.anchor.removeprefix("ref-")
        if key in bibliography.records:
            continue
        record = Record(key, parsed.csl, "list", doc.slug)
        if key[-1].isalpha() and not key[-2].isalpha():  # "taylor-2013a": a year suffix from the anchor
            record.csl["year-suffix"] = key[-1]
        correction = data.corrections.get(key)
        if correction is not None:
            record.csl.update(copy.deepcopy(correction.fields))
            record.correction = correction.why
        bibliography.records[key] = record


def add_works(bibliography: Bibliography, data: EditorialData) -> None:
    for work in data.works.values():
        if work.id not in bibliography.records and work.fields:
            origin = "text" if work.from_text else "work"
            bibliography.records[work.id] = Record(work.id, copy.deepcopy(work.fields), origin)


# --- formatting with citeproc-py ----------------------------------------------------------


class MarkdownFormat:
    """A citeproc-py output format writing Markdown for Python-Markdown (titles in *italics*)."""

    @staticmethod
    def preformat(text: str) -> str:
        return escape_text(str(text))

    @staticmethod
    def Italic(text: str) -> str:
        return f"*{text}*"

    Oblique = Italic

    @staticmethod
    def Bold(text: str) -> str:
        return f"**{text}**"

    @staticmethod
    def Light(text: str) -> str:
        return str(text)

    Underline = Light
    SmallCaps = Light

    @staticmethod
    def Superscript(text: str) -> str:
        return f"<sup>{text}</sup>"

    @staticmethod
    def Subscript(text: str) -> str:
        return f"<sub>{text}</sub>"


@dataclass(frozen=True)
class Formatted:
    markdown: str
    plain: str


def style_path(name: str) -> str:
    return str(resources.files(STYLES).joinpath(f"{name}.csl"))


@lru_cache(maxsize=4)
def _style(style_name: str) -> Any:
    """The parsed CSL style (a few ms to parse), shared by every record formatted in this
    process; each record gets its own engine, and records are formatted one after another."""
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not use
        return CitationStylesStyle(style_path(style_name), validate=False)


_ITEM_ID = "item"  # the style prints no id, so records differing only by their key share one formatting


@lru_cache(maxsize=4096)
def _format_item(item_json: str, style_name: str) -> str:
    """One record in the style, as Markdown. Records are formatted one at a time and cached by
    their content (CSL-JSON, without their key): a text's pass and the edition's Bibliography page,
    and texts citing the same work under different keys, format each work once per process.
    (citeproc-py applies neither subsequent-author dashes nor year suffixes across entries, so
    one at a time gives the same output as a whole list; tests/test_bibliography.py checks it.)"""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    item = json.loads(item_json)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not use
        engine = CitationStylesBibliography(_style(style_name), CiteProcJSON([item]), MarkdownFormat)
        engine.register(Citation([CitationItem(item["id"])]))
        return str(engine.bibliography()[0])


_ESCAPED = re.compile(r"\\(.)")


def plain_text_of(markdown: str) -> str:
    """The formatted reference without its Markdown: for a hover title."""
    text = re.sub(r"<(https?://[^>]+)>", r"\1", markdown)
    text = re.sub(r"(?<!\\)\*", "", text)
    text = _ESCAPED.sub(r"\1", text)
    return " ".join(html.unescape(text).split())


def _link_identifiers(markdown: str, csl: dict[str, Any]) -> str:
    """Make the DOI or URL the style prints a link (the style writes it as text)."""
    for url in (f"https://doi.org/{csl['DOI']}" if csl.get("DOI") else "", csl.get("URL", "")):
        if url:
            markdown = markdown.replace(escape_text(url), f"<{url}>")
    return markdown


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def sort_key(record: Record) -> tuple[tuple[tuple[str, str], ...], str, str]:
    """The style's bibliography order: all authors (family, given), then year, then title."""
    names = tuple((_fold(n.get("family", "")), _fold(n.get("given", ""))) for n in record.csl.get("author", []))
    return names, record.year, _fold(str(record.csl.get("title", "")))


def format_records(records: dict[str, Record], style_name: str = "chicago-author-date") -> dict[str, Formatted]:
    """Every record formatted, in the style's bibliography order."""
    out: dict[str, Formatted] = {}
    for key, record in sorted(records.items(), key=lambda pair: sort_key(pair[1])):
        item = {**{k: v for k, v in record.csl.items() if k not in ("year-suffix", "id")}, "id": _ITEM_ID}
        markdown = _link_identifiers(_format_item(json.dumps(item, sort_keys=True), style_name), record.csl)
        out[key] = Formatted(markdown, plain_text_of(markdown))
    return out


def formatted(bibliography: Bibliography) -> dict[str, Formatted]:
    """The bibliography formatted (once; records must not change afterwards)."""
    if bibliography.formatted is None or len(bibliography.formatted) != len(bibliography.records):
        bibliography.formatted = format_records(bibliography.records, bibliography.style)
    return bibliography.formatted
