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
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from build_tools.apparatus.editorial import EditorialData
from build_tools.apparatus.places import reading_order
from build_tools.apparatus.references import shared_entry
from build_tools.model import Citation, Document, Role, walk_inlines
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
    number: str = ""  # in a numbered reference list: the entry's number, which numeric citations name

    @property
    def families(self) -> tuple[str, ...]:
        return tuple([name.get("family", "") for name in self.csl.get("author", [])])  # (a list: no generator)

    @property
    def year(self) -> str:
        issued = self.csl.get("issued", {})
        if "literal" in issued and "date-parts" not in issued:  # "n.d.", "in press"
            return str(issued["literal"]) + str(self.csl.get("year-suffix", ""))
        parts = issued.get("date-parts", [[0]])
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


def _families_and_year(csl: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """`Record.families` and `Record.year` of a record's CSL-JSON, read in one call: the index of
    a text's list reads them for each of its entries, and each property was a call of its own."""
    families = tuple([name.get("family", "") for name in csl.get("author", ())])
    suffix = csl.get("year-suffix", "")
    issued = csl.get("issued", _NO_ISSUED)
    if "literal" in issued and "date-parts" not in issued:  # "n.d.", "in press"
        return families, str(issued["literal"]) + str(suffix)
    return families, str(issued.get("date-parts", _NO_DATE_PARTS)[0][0]) + str(suffix)


_NO_ISSUED: dict[str, Any] = {}
_NO_DATE_PARTS = [[0]]

_Index = dict[tuple[tuple[str, ...], str], list[tuple[int, Record]]]


@dataclass
class Bibliography:
    records: dict[str, Record] = field(default_factory=dict)
    style: str = "chicago-author-date"
    given_names: str = "as-given"  # or "initials" (bibliography.yml `given_names`)
    suffixes: dict[str, str] = field(default_factory=dict)  # record id → "a", "b": filled by `formatted()`
    formatted: dict[str, Formatted] | None = None  # filled by `formatted()`
    _index: _Index | None = field(default=None, repr=False, compare=False)
    _indexed: int = field(default=-1, repr=False, compare=False)
    _by_first: tuple[_Index, dict[tuple[str, str], list[tuple[int, Record]]]] | None = \
        field(default=None, repr=False, compare=False)

    def match(self, names: tuple[str, ...], year: str, text: str, skip: Container[str] = ()) -> Record | None:
        """The entry of `text`'s list (or a work) with exactly these family names and year: the
        first such record, in the order they were added; none whose id is in `skip`.

        Looked up in an index by (names, year), not by scanning every record: a text's
        citations are matched against every work of the edition, which grows with it."""
        by_names = self._lookup()
        candidates = by_names.get((names, year), [])
        if names and names[-1].endswith("et al."):  # "Smith et al." names the first author only
            candidates = sorted(candidates + self._first_authors().get((names[0].removesuffix(" et al."), year), []),
                                key=lambda pair: pair[0])
        for _order, record in candidates:
            if (record.origin == "list" and record.text != text) or record.id in skip:
                continue
            return record
        return None

    def _lookup(self) -> _Index:
        """The records by their family names and year, each with its place among the records."""
        if self._index is None or self._indexed != len(self.records):
            by_names: _Index = {}
            for order, record in enumerate(self.records.values()):
                by_names.setdefault(_families_and_year(record.csl), []).append((order, record))
            self._index, self._indexed = by_names, len(self.records)
        return self._index

    def _first_authors(self) -> dict[tuple[str, str], list[tuple[int, Record]]]:
        """The records by their first family name and year, made from `_lookup`'s index when an "et
        al." citation first asks (most texts' lists are matched by their names alone). Its lists are
        not in the records' order: `match` sorts what it takes from them by that order."""
        by_names = self._lookup()
        if self._by_first is None or self._by_first[0] is not by_names:
            by_first: dict[tuple[str, str], list[tuple[int, Record]]] = {}
            for (families, year), entries in by_names.items():
                by_first.setdefault((families[0] if families else "", year), []).extend(entries)
            self._by_first = (by_names, by_first)
        return self._by_first[1]

    def multiword_names(self) -> set[str]:
        return {name for record in self.records.values() for name in record.families if " " in name}

    def csl_json(self) -> list[dict[str, Any]]:
        """The records as CSL-JSON items, in the order of the formatted bibliography."""
        return [{"id": key, **self.records[key].csl} for key in formatted(self)]


def from_documents(docs: list[Document], data: EditorialData) -> Bibliography:
    """Every reference list of `docs`, corrected, plus the works and texts of bibliography.yml."""
    bibliography = Bibliography(style=data.style, given_names=data.given_names)
    for doc in docs:
        add_reference_list(bibliography, doc, data)
    add_works(bibliography, data)
    return bibliography


def _copied(value: Any) -> Any:
    """`copy.deepcopy` of what YAML loads (dicts, lists, strings, numbers), without its memo and
    dispatch: a record's corrected fields are its own, and a text's list has dozens of them."""
    kind = type(value)
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        return [_copied(item) for item in value]
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value  # (deepcopy gives these back as they are)
    return copy.deepcopy(value)


def add_reference_list(bibliography: Bibliography, doc: Document, data: EditorialData) -> None:
    previous_authors = ""  # what a repeated-author dash ("———.") stands for
    records, corrections = bibliography.records, data.corrections
    for entry in doc.paragraphs(Role.REFERENCE):
        # the parse the cache shares: only its csl is copied, here (not the entry, then its csl)
        parsed = shared_entry(entry.inlines, previous_authors)
        if parsed is None or entry.anchor is None:
            continue
        previous_authors = parsed.authors_text or previous_authors
        key = entry.anchor.removeprefix("ref-")
        if key in records:
            continue
        record = Record(key, dict(parsed.csl), "list", doc.slug, number=parsed.number)
        if key[-1].isalpha() and not key[-2].isalpha():  # "taylor-2013a": a year suffix from the anchor
            record.csl["year-suffix"] = key[-1]
        correction = corrections.get(key)
        if correction is not None:
            record.csl.update(_copied(correction.fields))
            record.correction = correction.why
        records[key] = record


def add_works(bibliography: Bibliography, data: EditorialData) -> None:
    for work in data.works.values():
        if work.id not in bibliography.records and work.fields:
            origin = "text" if work.from_text else "work"
            bibliography.records[work.id] = Record(work.id, copy.deepcopy(work.fields), origin)


# The works of bibliography.yml, as the passes match each text's citations against them. Built
# once per version of the editorial data, not once per text: there are as many works as texts
# that name or are books. Its records are only read.
_works: tuple[EditorialData, Bibliography, frozenset[str]] | None = None


def works_of(data: EditorialData) -> tuple[Bibliography, frozenset[str]]:
    """The works of bibliography.yml (to match citations against, after a text's own list) and
    the family names of more than one word among them (for the citation parser)."""
    global _works
    if _works is None or _works[0] is not data:
        works = Bibliography(style=data.style, given_names=data.given_names)
        add_works(works, data)
        _works = (data, works, frozenset(works.multiword_names()))
    return _works[1], _works[2]


_last_text_bibliography: tuple[Document, EditorialData, TextBibliography] | None = None


class TextBibliography:
    """What one text's citations can point to: its own reference list first, then the works of
    bibliography.yml (shared by every text, see `works_of`). `link_citations` matches citations
    against it; `describe_citations` looks the matched keys up again to format them."""

    def __init__(self, doc: Document, data: EditorialData) -> None:
        self.slug, self.style = doc.slug, data.style
        self.own = Bibliography(style=data.style, given_names=data.given_names)
        add_reference_list(self.own, doc, data)
        self.works, works_multiword = works_of(data)
        # The list's index (by names and year) is made now, for the citations; its keys hold every
        # record's family names, so the names of several words are read from them, not the records.
        by_names = self.own._lookup()
        own_multiword = {name for families, _year in by_names for name in families if " " in name}
        # sorted once here, not per paragraph by the citation parser (thousands of works at scale)
        self.multiword_names = tuple(sorted(own_multiword | works_multiword))
        self._numbers: dict[str, Record] | None = None
        self._matched: dict[tuple[tuple[str, ...], str], Record | None] = {}

    @classmethod
    def of(cls, doc: Document, data: EditorialData) -> TextBibliography:
        """The text's bibliography; `link_citations` and then `describe_citations` ask for the
        same document one after the other, and share one (its reference list parsed once)."""
        global _last_text_bibliography
        last = _last_text_bibliography
        if last is not None and last[0] is doc and last[1] is data:
            return last[2]
        made = cls(doc, data)
        _last_text_bibliography = (doc, data, made)
        return made

    def match(self, names: tuple[str, ...], year: str) -> Record | None:
        # A text cites a work again and again: each (names, year) is looked up once per text (the
        # list and the works do not change while its citations are linked).
        key = (names, year)
        if key in self._matched:
            return self._matched[key]
        found = self._matched[key] = self.own.match(names, year, self.slug) or \
            self.works.match(names, year, self.slug, skip=self.own.records)
        return found

    def record(self, key: str) -> Record | None:
        return self.own.records.get(key) or self.works.records.get(key)

    @property
    def numbered(self) -> bool:
        """Whether the text's own list is numbered (its citations are then numbers: "[12]")."""
        return any(r.number for r in self.own.records.values())

    def by_number(self, number: str) -> Record | None:
        if self._numbers is None:
            self._numbers = {r.number: r for r in self.own.records.values() if r.number}
        return self._numbers.get(number)


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

    _remember_style_queries()
    _QUERIES.clear()  # (a style parsed again after the cache was emptied: the old trees go)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not use
        return CitationStylesStyle(style_path(style_name), validate=False)


_QUERIES: dict[tuple[Any, str], list[Any]] = {}


def _remember_style_queries() -> None:
    """Make citeproc-py ask each XPath question of a style once per process.

    While rendering a record, citeproc-py looks up every macro, term and enclosing layout it
    needs by an XPath query on the style's tree (a third to a half of its time per record). The tree is only
    read once parsed, so a query on one element always finds the same elements: the answer is
    kept, keyed by the element (kept alive by the key, so lxml hands back the same element
    object next time) and the query. A style has a few dozen such pairs."""
    from citeproc.model import CitationStylesElement

    search = CitationStylesElement.xpath_search
    if getattr(search, "remembers", False):
        return

    def remembered(element: Any, expression: str) -> list[Any]:
        key = (element, expression)
        found = _QUERIES.get(key)
        if found is None:
            found = _QUERIES[key] = search(element, expression)
        return list(found)  # a copy: the caller may change its list

    remembered.remembers = True  # type: ignore[attr-defined]
    CitationStylesElement.xpath_search = remembered


_ITEM_ID = "item"  # the style prints no id, so records differing only by their key share one formatting


def _citeproc(item_json: str, style_name: str) -> str:
    """One record in the style, as Markdown, by citeproc-py. (It applies neither subsequent-author
    dashes nor year suffixes across entries, so one at a time gives the same output as a whole
    list; tests/test_bibliography.py checks it.)"""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    item = json.loads(item_json)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not use
        engine = CitationStylesBibliography(_style(style_name), CiteProcJSON([item]), MarkdownFormat)
        engine.register(Citation([CitationItem(item["id"])]))
        formatted = str(engine.bibliography()[0])
    return punctuation_in_quote(formatted) if _puts_punctuation_in_quotes(style_name) else formatted


# A full stop or comma right after a closing quotation mark (and an inner one just before it),
# and whether the quotation already ends a sentence.
_AFTER_CLOSING_QUOTE = re.compile(r"([.?!…]?)((?:’)?”)([.,])")


def punctuation_in_quote(text: str) -> str:
    """“Title”. → “Title.”, as the style's locale asks (`punctuation-in-quote`, true in en-US for
    Chicago): citeproc-py reads the option but does not apply it. An inner closing quote goes
    outside too (“… ‘Invisible College.’”); a lone ’ is left alone, since it may be an apostrophe.
    A quotation that already ends with its own punctuation keeps it alone: “Why Cities?”"""
    return _AFTER_CLOSING_QUOTE.sub(lambda m: m[1] + m[2] if m[1] else m[3] + m[2], text)


@lru_cache(maxsize=4)
def _puts_punctuation_in_quotes(style_name: str) -> bool:
    return str(_style(style_name).root.get_locale_option("punctuation-in-quote")).lower() == "true"


ItemKey = tuple[str, str]  # (style name, CSL-JSON of the record without its key)


class ReferenceCache:
    """Formatted references by content, for the life of the process.

    A work is formatted once (a few ms with citeproc-py) whichever text cites it, under
    whatever key, for the hovers and for the Bibliography page alike; under `mkdocs serve` a
    rebuild reuses what the last one formatted. Worker processes hand back what they
    formatted (`since`, `remember`), so that the Bibliography page, set in the main
    process, does not format their works again.
    """

    def __init__(self) -> None:
        self.items: dict[ItemKey, str] = {}
        # the keys in the order they were added: `since` slices it, where listing the whole dict
        # for each text made a worker's hand-back grow with all it had formatted before
        self._order: list[ItemKey] = []
        self.misses = self.hits = 0

    def __call__(self, item_json: str, style_name: str) -> str:
        key = (style_name, item_json)
        found = self.items.get(key)
        if found is None:
            self.misses += 1
            found = self.items[key] = _citeproc(item_json, style_name)
            self._order.append(key)
        else:
            self.hits += 1
        return found

    def since(self, count: int) -> dict[ItemKey, str]:
        """What was formatted after the cache held `count` items."""
        return {key: self.items[key] for key in self._order[count:]}

    def remember(self, items: dict[ItemKey, str]) -> None:
        self._order.extend(key for key in items if key not in self.items)
        self.items.update(items)

    def cache_clear(self) -> None:  # named like functools' caches, so that bench/ empties it with them
        self.items.clear()
        self._order.clear()
        self.misses = self.hits = 0


_format_item = ReferenceCache()


def formatted_count() -> int:
    """How many distinct works this process has formatted."""
    return len(_format_item.items)


def formatted_since(count: int) -> dict[ItemKey, str]:
    """The works formatted since `formatted_count()` was `count` (a worker hands them back)."""
    return _format_item.since(count)


def remember_formatted(items: dict[ItemKey, str]) -> None:
    _format_item.remember(items)


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


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


# citeproc-py passes the record's text through to the output unescaped: a title
# "<script>…</script>" or "[x](javascript:…)" would be markup on the Bibliography page and in
# every tooltip. Each character Markdown or HTML could read is swapped, in the input, for a
# private-use character citeproc-py leaves alone, and swapped back, escaped, in its output.
_SHIELDED = "\\`*_[]{}~^|!&<>"
_SHIELD = {ord(c): chr(0xF0000 + i) for i, c in enumerate(_SHIELDED)}
_UNSHIELD = {chr(0xF0000 + i): escape_text(c) for i, c in enumerate(_SHIELDED)}
_SHIELD_CHARS = re.compile("[\U000F0000-\U000F00FF]")


def _shielded(value: Any) -> Any:
    if isinstance(value, str):
        return _SHIELD_CHARS.sub("", value).translate(_SHIELD)
    if isinstance(value, list):
        return [_shielded(v) for v in value]
    if isinstance(value, dict):
        return {k: _shielded(v) for k, v in value.items()}
    return value


def _unshield(text: str) -> str:
    return _SHIELD_CHARS.sub(lambda m: _UNSHIELD.get(m.group(0), ""), text)


# A title that ends in its own ? or ! takes no further full stop or comma after it (Chicago 6.119):
# citeproc-py adds the style's "." after an italic title ending "?" (“*The End of the Liberal Order?*.”).
_DOUBLED = re.compile(r"((?:\\)?[?!])(\*?)[.,]")


def no_doubled_punctuation(markdown: str) -> str:
    return _DOUBLED.sub(r"\1\2", markdown)


def initials(given: str) -> str:
    """'Edward W.' → 'E. W.', 'Jean-Paul' → 'J.-P.', 'N' → 'N.' (an initial keeps its full stop)."""
    parts = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        parts.append("-".join(p[0] + "." if p[0].isalpha() else p for p in pieces))
    return " ".join(parts)


def names_policy(csl: dict[str, Any], given_names: str) -> dict[str, Any]:
    """The record with every author's and editor's given names as the policy asks."""
    if given_names != "initials":
        return csl
    out = dict(csl)
    for role in ("author", "editor"):
        if isinstance(csl.get(role), list):
            out[role] = [{**n, "given": initials(str(n["given"]))} if isinstance(n, dict) and n.get("given") else n
                         for n in csl[role]]
    return out


def name_key(record: Record, given_names: str = "as-given") -> tuple[tuple[str, str], ...]:
    """The authors as the formatted entry shows them (for telling same-author entries apart)."""
    csl = names_policy(record.csl, given_names)
    return tuple((fold(n.get("family", "")), fold(n.get("given", ""))) for n in csl.get("author", []))


GroupKey = tuple[tuple[tuple[str, str], ...], str]  # the authors as shown, and the bare year


def group_key(record: Record, given_names: str = "as-given") -> GroupKey:
    """What year suffixes tell apart: works whose authors print alike, of one year."""
    return name_key(record, given_names), _bare_year(record)


def year_suffixes(records: dict[str, Record], given_names: str = "as-given") -> dict[str, str]:
    """Chicago author-date (15.19): works by the same authors in the same year are told apart by
    a, b, c after the year, in the order of their titles. A suffix the record has already (from a
    list's own "2013a") is kept; records are never changed (citations match the bare year)."""
    groups: dict[GroupKey, list[Record]] = {}
    for record in records.values():
        groups.setdefault(group_key(record, given_names), []).append(record)
    return _suffixes_in(groups.values())


def _suffixes_in(groups: Iterable[list[Record]]) -> dict[str, str]:
    suffixes: dict[str, str] = {}
    for group in groups:
        if len(group) < 2:
            continue
        ordered = sorted(group, key=lambda r: (fold(str(r.csl.get("title", ""))), r.id))
        for index, record in enumerate(ordered):
            suffixes[record.id] = str(record.csl.get("year-suffix") or "abcdefghijklmnopqrstuvwxyz"[index % 26])
    return suffixes


# The works' groups and suffixes by themselves, per Bibliography of works and given-names policy:
# worked out once, not once per text (there are as many works as texts at scale). Keyed by the
# object (kept alive by the entry) and how many records it had.
_works_groups: dict[tuple[int, str], tuple[Bibliography, int, dict[GroupKey, list[Record]], dict[str, str]]] = {}


def _grouped(works: Bibliography, given_names: str) -> tuple[dict[GroupKey, list[Record]], dict[str, str]]:
    known = _works_groups.get((id(works), given_names))
    if known is None or known[0] is not works or known[1] != len(works.records):
        groups: dict[GroupKey, list[Record]] = {}
        for record in works.records.values():
            groups.setdefault(group_key(record, given_names), []).append(record)
        if len(_works_groups) >= 8:  # one per version of the editorial data: drop the old ones
            _works_groups.clear()
        known = _works_groups[(id(works), given_names)] = (works, len(works.records), groups,
                                                            _suffixes_in(groups.values()))
    return known[2], known[3]


def text_suffixes(own: Bibliography, works: Bibliography, given_names: str = "as-given") -> dict[str, str]:
    """`year_suffixes` of what a text can cite, its own list over the edition's works
    (`{**works.records, **own.records}`), without grouping every work again for each text: the
    works' suffixes stand except in the groups the text's own records join or leave (a record
    of the list replaces the work of the same key)."""
    works_groups, works_suffixes = _grouped(works, given_names)
    own_groups: dict[GroupKey, list[Record]] = {}
    for record in own.records.values():
        own_groups.setdefault(group_key(record, given_names), []).append(record)
    changed = set(own_groups)
    changed.update(group_key(works.records[key], given_names) for key in own.records if key in works.records)
    suffixes = dict(works_suffixes)
    for key in changed:  # all dropped first: a list's record may join one group and leave another
        for record in works_groups.get(key, []):
            suffixes.pop(record.id, None)
    suffixes.update(_suffixes_in(
        [record for record in works_groups.get(key, []) if record.id not in own.records] + own_groups.get(key, [])
        for key in changed))
    return suffixes


def _bare_year(record: Record) -> str:
    issued = record.csl.get("issued", {})
    if "literal" in issued and "date-parts" not in issued:
        return str(issued["literal"])
    return str(issued.get("date-parts", [[0]])[0][0])


def with_suffix(markdown: str, record: Record, suffix: str) -> str:
    """The formatted entry with its year suffix after the first printing of the year ("2023a";
    "n.d.-a" for an undated work, as Chicago writes it)."""
    if not suffix:
        return markdown
    year = _bare_year(record)
    if year.isdigit():
        return re.sub(rf"(?<!\d){re.escape(year)}(?!\d)", year + suffix, markdown, count=1)
    return markdown.replace(escape_text(year), escape_text(year) + "-" + suffix, 1)


def sort_key(record: Record) -> tuple[tuple[tuple[str, str], ...], str, str]:
    """The style's bibliography order: all authors (family, given), then year, then title."""
    names = tuple((fold(n.get("family", "")), fold(n.get("given", ""))) for n in record.csl.get("author", []))
    return names, record.year, fold(str(record.csl.get("title", "")))


def format_record(record: Record, style_name: str = "chicago-author-date", given_names: str = "as-given",
                  suffix: str = "") -> Formatted:
    """One record in the style, as Markdown and as plain text; given names as the policy asks, and
    the year suffix that tells it from the same authors' other work of that year."""
    csl = names_policy(record.csl, given_names)
    item = {**{k: _shielded(v) for k, v in csl.items() if k not in ("year-suffix", "id")}, "id": _ITEM_ID}
    markdown = _unshield(_format_item(json.dumps(item, sort_keys=True), style_name))
    markdown = with_suffix(_link_identifiers(no_doubled_punctuation(markdown), record.csl), record, suffix)
    return Formatted(markdown, plain_text_of(markdown))


def format_records(records: dict[str, Record], style_name: str = "chicago-author-date",
                   given_names: str = "as-given", suffixes: dict[str, str] | None = None) -> dict[str, Formatted]:
    """Every record formatted, in the style's bibliography order."""
    suffixes = suffixes if suffixes is not None else year_suffixes(records, given_names)
    order = sorted(records.items(), key=lambda pair: (sort_key(pair[1]), suffixes.get(pair[0], "")))
    return {key: format_record(record, style_name, given_names, suffixes.get(key, "")) for key, record in order}


def formatted(bibliography: Bibliography) -> dict[str, Formatted]:
    """The bibliography formatted (once; records must not change afterwards), same-author works of
    one year told apart by their suffixes (`bibliography.suffixes`)."""
    if bibliography.formatted is None or len(bibliography.formatted) != len(bibliography.records):
        bibliography.suffixes = year_suffixes(bibliography.records, bibliography.given_names)
        bibliography.formatted = format_records(bibliography.records, bibliography.style,
                                                bibliography.given_names, bibliography.suffixes)
    return bibliography.formatted


def describe_citations(doc: Document, data: EditorialData) -> None:
    """Give every linked citation of `doc` its work's formatted reference (plain text, for the
    hover), looked up as `link_citations` matched it: the text's own list, then the works."""
    targets = TextBibliography.of(doc, data)
    # the suffixes among what this text can cite (its list and the edition's works): the same as the
    # Bibliography's unless two texts' lists hold the same authors' works of one year
    suffixes = text_suffixes(targets.own, targets.works, data.given_names)
    described: dict[str, str] = {}  # by key: a work cited again is not looked up and formatted again
    for _item, inlines in reading_order(doc):
        for node in walk_inlines(inlines):
            if not isinstance(node, Citation) or node.key is None:
                continue
            reference = described.get(node.key)
            if reference is None:
                record = targets.record(node.key)
                reference = "" if record is None else \
                    format_record(record, data.style, data.given_names, suffixes.get(node.key, "")).plain
                described[node.key] = reference
            node.reference = reference
