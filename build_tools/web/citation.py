"""How to cite a text and this edition of it: two styles, BibTeX and RIS.

The styles are the two most asked for in the humanities and social sciences, Chicago
author-date and APA (7th edition), written out rather than run through a CSL processor
because only two kinds of item occur (a journal article, a magazine interview) and the
edition entry is not a kind any CSL style knows. A formatted citation is kept as runs of
plain and italic text, so the same citation becomes HTML for the page and plain text for
the clipboard.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape

from build_tools.load.config import Author
from build_tools.web.facts import TextFacts, long_date

Run = tuple[str, bool]  # (text, italic)


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


def _end(text: str) -> str:
    """A title or sentence closed with a full stop, unless it already ends in punctuation."""
    return text if re.search(r"[.?!…]$", text) else text + "."


def _us_date(date_text: str) -> str:
    date = dt.date.fromisoformat(date_text)
    return f"{date.strftime('%B')} {date.day}, {date.year}"


# --- names --------------------------------------------------------------------------------


def chicago_names(authors: list[Author]) -> str:
    names = [f"{a.family}, {a.given}".strip(", ") if i == 0 else a.name for i, a in enumerate(authors)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]


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
    m = f.meta
    head = f"{_safe(_end(chicago_names(f.creators)))} {f.year}. “{_safe(_end(f.config.title))}”"
    if f.is_journal_article:
        where = _it(m.get("container", ""))
        if m.get("volume"):
            where += f" {_safe(m['volume'])}"
        if m.get("issue"):
            where += f" ({_safe(m['issue'])})"
        if m.get("pages"):
            where += f": {_safe(m['pages'])}"
        tail = f" {where}."
    else:
        interview = f" Interview by {_safe(plain_names(f.interviewers))}." if f.interviewers else ""
        tail = f"{interview} {_it(m.get('container', ''))}, {_us_date(f.config.date)}."
    link = f" {f.original_url}." if f.original_url else ""
    return Citation("Chicago (author-date)", "original", _runs(head + tail + link))


def apa_original(f: TextFacts) -> Citation:
    m = f.meta
    if f.is_journal_article:
        date = f"({f.year})"
        where = _it(m.get("container", ""))
        if m.get("volume"):
            where += ", " + _it(m["volume"])
            if m.get("issue"):
                where += f"({_safe(m['issue'])})"
        if m.get("pages"):
            where += f", {_safe(m['pages'])}"
        body = f"{_safe(_end(f.config.title))} {where}."
    else:
        published = f.published
        date = f"({published.year}, {published.strftime('%B')} {published.day})"
        role = ""
        if f.interviewers:
            people = ", ".join(f"{initials(a.given)} {a.family}" for a in f.interviewers)
            role = f" ({_safe(people)}, Interviewer)"
        body = f"{_safe(f.config.title)}{role}. {_it(m.get('container', ''))}."
    link = f" {f.original_url}" if f.original_url else ""
    return Citation("APA", "original", _runs(f"{_safe(apa_names(f.creators))} {date}. {body}{link}"))


# --- this edition --------------------------------------------------------------------------


def chicago_edition(f: TextFacts) -> Citation:
    head = f"{_safe(_end(chicago_names(f.creators)))} {f.year}. “{_safe(_end(f.config.title))}”"
    built = f"{f.built.strftime('%B')} {f.built.day}, {f.built.year}"
    link = f" {f.edition_url}." if f.edition_url else ""
    return Citation("Chicago (author-date)", "edition",
                    _runs(f"{head} In {_it(f.edition_title)}, edition of {built}.{link}"))


def apa_edition(f: TextFacts) -> Citation:
    built = f"{f.built.strftime('%B')} {f.built.day}, {f.built.year}"
    link = f" {f.edition_url}" if f.edition_url else ""
    return Citation("APA", "edition", _runs(
        f"{_safe(apa_names(f.creators))} ({f.year}). {_safe(_end(f.config.title))} In {_it(f.edition_title)} "
        f"(Edition of {built}).{link}"))


def citations(f: TextFacts) -> list[Citation]:
    return [chicago_original(f), apa_original(f), chicago_edition(f), apa_edition(f)]


# --- BibTeX and RIS --------------------------------------------------------------------------

_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\^{}"}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in text)


def bibtex_key(f: TextFacts) -> str:
    first = f.creators[0].family if f.creators else f.slug
    return re.sub(r"[^a-z0-9]", "", first.lower()) + str(f.year)


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields if value]
    return f"@{kind}{{{key},\n" + "\n".join(lines) + "\n}\n"


def bibtex(f: TextFacts) -> str:
    """Two entries: the original work, and this edition of it (which `crossref`s nothing: BibTeX
    styles differ too much in what they do with it)."""
    m = f.meta
    authors = " and ".join(f"{bibtex_escape(a.family)}, {bibtex_escape(a.given)}".strip(", ") for a in f.creators)
    title = "{" + bibtex_escape(f.config.title) + "}"  # braces keep the title's capitals
    common = [("author", authors), ("title", title), ("year", str(f.year)), ("date", f.config.date)]
    if f.is_journal_article:
        kind = "article"
        fields = [*common, ("journal", bibtex_escape(m.get("container", ""))), ("volume", m.get("volume", "")),
                  ("number", m.get("issue", "")), ("pages", m.get("pages", "").replace("–", "--")),
                  ("publisher", bibtex_escape(m.get("publisher", ""))), ("doi", m.get("doi", "")),
                  ("keywords", bibtex_escape(", ".join(f.keywords)))]
    else:
        kind = "misc"
        note = f"Interview by {plain_names(f.interviewers)}" if f.interviewers else ""
        fields = [*common, ("howpublished", bibtex_escape(m.get("container", ""))),
                  ("note", bibtex_escape(note)), ("url", m.get("url", ""))]
    fields.append(("language", f.config.language))
    edition = [*common, ("howpublished", bibtex_escape(f.edition_title)), ("url", f.edition_url or ""),
               ("urldate", f.built.isoformat()),
               ("note", bibtex_escape(f"Reading edition, {long_date(f.built)}; cite by paragraph (¶)"))]
    return _bibtex_entry(kind, bibtex_key(f), fields) + "\n" + _bibtex_entry("misc", bibtex_key(f) + "edition",
                                                                              edition)


def _ris_record(tags: list[tuple[str, str]]) -> str:
    return "".join(f"{tag}  - {value}\r\n" for tag, value in tags if value) + "ER  - \r\n"


def ris(f: TextFacts) -> str:
    """RIS (CRLF line ends, as the format asks): the original, then this edition."""
    m = f.meta
    authors = [("AU", f"{a.family}, {a.given}".strip(", ")) for a in f.creators]
    date = f.published.strftime("%Y/%m/%d")
    if f.is_journal_article:
        original = [("TY", "JOUR"), *authors, ("TI", f.config.title), ("T2", m.get("container", "")),
                    ("VL", m.get("volume", "")), ("IS", m.get("issue", "")), ("SP", f.first_page),
                    ("EP", f.last_page), ("PY", str(f.year)), ("DA", date), ("PB", m.get("publisher", "")),
                    ("DO", m.get("doi", "")), ("UR", f.doi_url or ""), *[("KW", k) for k in f.keywords]]
    else:
        note = f"Interview by {plain_names(f.interviewers)}" if f.interviewers else ""
        original = [("TY", "MGZN"), *authors, ("TI", f.config.title), ("T2", m.get("container", "")),
                    ("PY", str(f.year)), ("DA", date), ("PB", m.get("publisher", "")), ("UR", m.get("url", "")),
                    ("N1", note)]
    original.append(("LA", f.config.language))
    edition = [("TY", "ELEC"), *authors, ("TI", f.config.title), ("T2", f.edition_title), ("PY", str(f.year)),
               ("UR", f.edition_url or ""), ("Y2", f.built.strftime("%Y/%m/%d")),
               ("N1", f"Reading edition, {long_date(f.built)}; cite by paragraph (¶)"), ("LA", f.config.language)]
    return _ris_record(original) + _ris_record(edition)
