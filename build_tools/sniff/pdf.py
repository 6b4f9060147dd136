"""Guess a PDF extraction's title, authors and date from its first page, for `add-text`.

What a first page of a paper looks like, whatever made the PDF: perhaps a cover page or a
running head, then the title on one to four lines, the authors' names (with superscript
affiliation numbers or note symbols glued on), affiliations, a date, "Abstract". The guess
reads the opening lines in that order and skips what repeats through the text (running heads,
stamps). It never decides anything for the edition: the editor reviews `text.yml`.
"""

from __future__ import annotations

import re
from collections import Counter

from build_tools.sniff.guess import Guess, GuessedAuthor

PAGE_BREAK = re.compile(r"^\s*(?:<<\s*PAGE[_ ]BREAK\s*>>|\f)\s*$|\f")
OPENING_LINES = 60  # the title page's lines we read

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
_MONTH = "|".join(_MONTHS)
_DATE_PATTERNS = [
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),\s+(?P<year>(?:19|20)\d\d)\b"),  # August 12, 2020
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?\s+(?P<year>(?:19|20)\d\d)\b"),  # 05 May 2020
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<year>(?:19|20)\d\d)\b"),  # Winter 2020 is not a month: year only
    re.compile(r"\((?P<year>(?:19|20)\d\d)\)"),  # (2018)
]
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# Symbols glued to names: superscript digits, note symbols, private-use glyphs of lost symbols.
_NAME_MARKS = re.compile(r"[\d*†‡§¶#]+(?:,[\d*†‡§¶#]+)*(?=\s|$|,)|[\u2020\u2021\u00a7\ue000-\uf8ff*]+|\d+(?:,\d+)*")
# A title line ending so goes on to the next line, whatever that looks like.
_RUNS_ON = re.compile(r"(?:[,:;–—-]|\b(?:a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|with))$", re.I)
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*\.?|de|van|von|der|da|del|la|le)(?:\s+(?:[A-Z][\w'’.-]*\.?|de|van|von|der|"
                   r"da|del|la|le|\([A-Z][a-z]+\))){1,4}$")
_NOT_TITLE = re.compile(
    r"(?i)^(?:abstract|keywords?|contents|table of contents|introduction|volume|issue|article|vol\.|no\.|"
    r"follow this|part of|recommended citation|available at|this (?:paper|article)|electronic copy|"
    r"downloaded|https?://|doi|www\.|©|copyright|position paper|working paper|draft|forthcoming)")
_DOUBLED = re.compile(r"(?:(\w)\1){4,}")  # DDeePPaauull: a glyph printed twice over


_MARKER_LINE = re.compile(r"^\s*<<\s*PAGE[_ ]BREAK\s*>>\s*$")


def _pages(text: str) -> list[list[str]]:
    """The text cut at form feeds and `<<PAGE_BREAK>>` lines, empty pages dropped."""
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        if _MARKER_LINE.match(line):
            pages.append([])
            continue
        head, *rest = line.split("\f")
        pages[-1].append(head)
        for part in rest:
            pages.append([part])
    return [page for page in pages if any(line.strip() for line in page)]


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _repeated_shapes(text: str) -> set[str]:
    """Lines with a number that recur through the text (running heads with page numbers, stamps):
    never the title. A running head without a number is often the title itself, so it stays."""
    counts = Counter(_shape(line) for line in text.split("\n") if re.search(r"\d", line))
    return {shape for shape, n in counts.items() if n >= 3}


def _is_cover_page(page: list[str]) -> bool:
    joined = " ".join(page).lower()
    return any(mark in joined for mark in ("follow this and additional works", "can be downloaded without charge",
                                           "recommended citation", "brought to you for free"))


def _looks_like_authors(line: str) -> bool:
    cleaned = _NAME_MARKS.sub(" ", line)
    parts = [p.strip() for p in re.split(r",|&|\band\b|;", cleaned) if p.strip()]
    if not parts or (all(p.isupper() for p in parts) and len(parts) < 2):
        return False
    # Every part a name; in a long list (fifty authors broken over lines) a few may be cut in two.
    return sum(1 for p in parts if _NAME.match(p)) >= len(parts) - len(parts) // 5


def _titleish(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _NOT_TITLE.match(stripped) or _DOUBLED.search(stripped):
        return False
    if re.fullmatch(r"[\d\s.,:;()\[\]-]+", stripped) or "@" in stripped or "...." in stripped:
        return False
    return len(stripped.split()) <= 20


def title_case(text: str) -> str:
    """A title printed in capitals, as a title is written ("Contract Remedies in Action")."""
    if any(c.islower() for c in text):
        return text
    small = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the",
             "to", "via", "with"}
    words = text.lower().split(" ")
    out = [w if (i and w in small and not words[i - 1].endswith(":")) else w[:1].upper() + w[1:]
           for i, w in enumerate(words)]
    return " ".join(out)


def _first_page_lines(text: str) -> list[tuple[int, str]]:
    pages = _pages(text)
    if len(pages) > 1 and _is_cover_page(pages[0]):
        pages = pages[1:]
    repeated = _repeated_shapes(text)
    lines = [line for page in pages[:2] for line in page][:OPENING_LINES]
    return [(i, line.strip()) for i, line in enumerate(lines) if _shape(line) not in repeated]


_BODY_STARTS = re.compile(r"(?i)^(?:abstract|summary|keywords?|introduction|1\.?\s+introduction)\b")
_SEPARATED = re.compile(r",|&|\band\b|;")  # authors' names are a list


def guess_title(lines: list[tuple[int, str]]) -> tuple[str, int]:
    """The first run of title-like lines (one to four, before the authors); its last index."""
    run: list[str] = []
    last = -1
    previous = -2
    following = {index: next((text for i, text in lines if i > index and text), "") for index, _ in lines}
    for index, line in lines:
        if not line:
            if run:
                break
            continue
        if _BODY_STARTS.match(line):
            break  # the abstract or the text begins: the title was above it, or it is not printed
        if not run and not (line[:1].isupper() or line[:1].isdigit() or line[:1] in "‘“\"'("):
            previous = index
            continue  # a line in lower case goes on a sentence: never a title's first line
        if not run and _looks_like_authors(line) and not _SEPARATED.search(line) \
                and _looks_like_authors(following[index]) and len(line.split()) >= 3:
            run.append(line)  # a title in capitals over the authors' names ("Sustaining Research Software")
            last = previous = index
            continue
        if run and re.match(r"(?:by|edited by|with)\s", line):
            break
        if run and not _RUNS_ON.search(run[-1]) and not (run[-1].isupper() and line.isupper()) and (
                _looks_like_authors(line) or _date_of(line, full=True) or index != previous + 1):
            break
        if not run and _date_of(line, full=True):
            previous = index
            continue
        if not _titleish(line) or (not run and _looks_like_authors(line)):
            if run:
                break
            previous = index
            continue
        run.append(line)
        last = previous = index
        if len(run) == 4 or (line.endswith((".", "?")) and len(" ".join(run).split()) > 6):
            break
    title = re.sub(r"\s+", " ", " ".join(run)).strip().rstrip(",")
    return title_case(title), last


def _date_of(line: str, full: bool = False) -> str:
    """The first date on a line, ISO; `full`: only a date with its month ("(2018)" is no date line)."""
    for pattern in _DATE_PATTERNS[:3] if full else _DATE_PATTERNS:
        match = pattern.search(line)
        if match is None:
            continue
        groups = match.groupdict()
        year = groups["year"]
        month = groups.get("month")
        if not month:
            return f"{year}-01-01"
        number = (_MONTHS.index(month) % 12) + 1 if month in _MONTHS[:12] else \
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].index(month[:3]) + 1
        day = int(groups.get("day") or 1)
        return f"{year}-{number:02d}-{day:02d}"
    return ""


def guess_authors(lines: list[tuple[int, str]], after: int) -> list[GuessedAuthor]:
    authors: list[GuessedAuthor] = []
    for index, line in lines:
        if index <= after or not line:
            continue
        if not _looks_like_authors(line):
            if authors:
                break
            if index > after + 3:
                break
            continue
        cleaned = _NAME_MARKS.sub(" ", line)
        for part in re.split(r",|&|\band\b|;", cleaned):
            name = " ".join(part.split())
            if _NAME.match(name):
                given, _, family = name.rpartition(" ")
                authors.append(GuessedAuthor(family=family, given=given))
    return authors


def guess_date(text: str, lines: list[tuple[int, str]]) -> tuple[str, bool]:
    """The date on the title page; else the latest year the text names (a guess, flagged)."""
    for _, line in lines:
        found = _date_of(line, full=True)
        if found:
            return found, True
    for _, line in lines[:12]:  # "(2018)" beside the title or the authors, not a citation further down
        found = _date_of(line)
        if found:
            return found, True
    years = [int(y) for y in _YEAR.findall(text)]
    return (f"{max(years)}-01-01", False) if years else ("", False)


def guess_pdf(text: str) -> Guess:
    lines = _first_page_lines(text)
    title, last = guess_title(lines)
    authors = guess_authors(lines, last)
    date, on_title_page = guess_date(text, lines)
    guess = Guess(profile="pdf-extraction", kind="journal-article", title=title, authors=authors, date=date)
    if not on_title_page and date:
        guess.notes.append("date: no date on the title page; this is the latest year the text names")
    if not title:
        guess.notes.append("title: not found on the first page")
    if not authors:
        guess.notes.append("authors: not found under the title")
    return guess


def pdf_likelihood(text: str) -> float:
    """0..1: how much the raw text looks like a PDF's text layer (pages, printed lines, hyphens)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return 0.0
    score = 0.0
    if re.search(r"^\s*(?:Abstract|ABSTRACT)\b", text, re.M):
        score += 0.3
    if "\f" in text or re.search(r"^\s*<<\s*PAGE[_ ]BREAK\s*>>\s*$", text, re.M):
        score += 0.5
    lengths = sorted(len(line) for line in lines)
    median = lengths[len(lengths) // 2]
    if 45 <= median <= 110:  # one line per printed line (weak alone: lynx and w3m wrap pages so too)
        score += 0.2
    hyphenated = sum(1 for line in lines if re.search(r"[a-z]-$", line))
    if hyphenated / len(lines) > 0.01:
        score += 0.2
    return min(score, 1.0)
