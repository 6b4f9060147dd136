"""Parse one entry of an author–year reference list into a CSL-JSON record.

CSL-JSON is the interchange format of citation processors (Zotero, citeproc, pandoc), so
a record made here can be formatted in any CSL style and exported to BibTeX or RIS.
The parser takes the entry *as the entry gives it*: authors as "Family, I." or "I.
Family", the year in parentheses, a title (quoted for an article or chapter), then either
a journal (in italics, with its volume in bold) or "In Editors (Eds.), Book", and the
place and publisher ("London, Verso", "London. Verso", "(Place: Publisher)"). What an
entry leaves out or gets wrong is corrected in `seeds/apparatus/bibliography.yml`, never
guessed here.

Besides that Chicago author–date form, it reads the other common forms of a list (fixtures in
tests/test_references_parse.py): APA ("Author, A. B., & Other, C. (2019, May 6). Title.
Container, 12(3), 4–5. https://doi.org/…", with `et al.`, `2020a`, `n.d.`), numbered entries
("1." or "[1]", whose number a numeric citation names) and Vancouver ("Author AB, Other C.
Title. Journal 2019 Jul;12(3):4–5."), institutional authors ("DFG, Title; 2019."), and the
repeated-author dash ("———.", "---,"), which stands for the previous entry's authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from build_tools.model import Emphasis, Inline, Strong, Text, plain_text

_YEAR = re.compile(r"\(?\b(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z]?)\b\)?[.,]?\s*")
# APA's date: "(2019)", "(2020a)", "(2019, November 6)", "(n.d.)", "(in press)"
_APA_DATE = re.compile(r"\((?:(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z]?)(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?"
                       r"(?:[–-]\d{1,2})?)?|(?P<undated>n\.\s?d\.|in press|forthcoming))\)[.,]?\s*")
_UNDATED = re.compile(r"\b(?P<undated>n\.\s?d\.)(?=[\s.,;)]|$)[.,]?\s*")
_QUOTED_TITLE = re.compile(r"^[‘“\"'](?P<title>.+?)[’”\"'](?=[.,]?(?:\s|$))[.,]?\s*")
_IN_EDITORS = re.compile(r"^In\s+(?P<editors>.+?)\s*\((?:Eds?|eds?)\.\),\s*(?P<container>.+?)\s+"
                         r"(?P<place>[A-Z][\w.]*(?:,?\s[A-Z][\w.]*)*):\s*(?P<publisher>.+?)\.?$")
_PLACE_IN_PARENS = re.compile(r"\s*\((?P<place>[^():]+):\s*(?P<publisher>[^()]+)\)\.?$")
# The end of a sentence: the white space after a stop (or a stop and a closing quote) that follows
# neither space nor stop, and before more text. The stop is matched first and looked back at, so that
# `re` skips in C to the stops (the white space is the group `space`); the same white space as
# r"(?<=[^\s.][.?!])\s+(?=\S)|(?<=[^\s.][.?!][’”])\s+(?=\S)", which, opening with a look back, was tried
# at every character of every entry's rest (its costliest search).
_SENTENCE_END = re.compile(r"[.?!](?<=[^\s.][.?!])[’”]?(?P<space>\s+)(?=\S)")
_PAGES = re.compile(r"(?P<first>\d+)\s*[–-]\s*(?P<last>\d+)")
_ISSUE = re.compile(r"^\s*\((?P<issue>[\w/–-]+)\)")
# "1. ", "[1] ", "1) " at the start of a numbered entry
LABEL = re.compile(r"^\s*(?:\[(?P<bracketed>\d{1,4})\]|(?P<number>\d{1,4})[.)])(?:\s+|$)")
# "———.", "——,", "---." : the previous entry's authors, repeated
AUTHOR_DASH = re.compile(r"^\s*(?:[—–_]{2,}|-{2,}|—)\s*[.,]?\s*")
_IDENTIFIER = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi\.org/|\bdoi:\s*)(?P<doi>10\.\S+?)[.,;]?(?=\s|$)"
                         r"|(?P<url>(?:https?://|www\.)\S+?)[.,;]?(?=\s|$)")
# APA's container after the title: "Journal Name, 12(3), 4–5." / "PeerJ, e4375." / "Science, 363, 1–2."
_APA_CONTAINER = re.compile(r"^(?P<container>[^,.]+(?:[.,]\s+[^,.\d][^,.]*)*?),\s*(?P<volume>\d[\w.]*)"
                            r"(?:\s*\((?P<issue>[^)]+)\))?(?:,\s*(?P<page>[A-Za-z]?\d+\w*(?:\s*[–-]\s*\d+)?))?\.?\s*$")
# What every match of _APA_CONTAINER holds (", 12"): searched for first, as a literal comma is found
# in C, while the container's lazy repetition backtracks through a book's whole rest before failing.
_VOLUME_AFTER_COMMA = re.compile(r",\s*\d")
# Vancouver: "Family AB" (family words, then the initials in capitals without stops)
_VANCOUVER_NAME = re.compile(r"^(?:(?:[a-z]{1,4}\s+)*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|[a-z]{1,4}\s+[A-Z][\w'’-]*)"
                             r"\s+[A-Z]{1,3}$")
_VANCOUVER_ISSUE = re.compile(r";\s*(?P<volume>\d+)(?:\s*\((?P<issue>[^)]+)\))?"
                              r"(?::\s*(?P<page>[\w]+(?:\s*[–-]\s*\w+)?))?")
_ET_AL = re.compile(r",?\s*\bet\s+al\.?,?$")
# "C.-K.", "J. P.", "M", "R. (Karl)": the given part of an inverted APA / Chicago name
_GIVEN = re.compile(r"^[A-Z][\w'’-]+\.?(?:\s+[A-Z](?:\.|[\w'’-]+))*$")  # "Jane", "Jane W.", "John Paul"
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?(?:\s*-\s*|\s+)?)+(?:\s*\([^)]*\))?$")


@dataclass
class ParsedEntry:
    """A reference-list entry split into its parts, and the CSL-JSON record made from them."""

    families: list[str]
    year: str
    csl: dict[str, Any] = field(default_factory=dict)
    number: str = ""  # the entry's number in a numbered list ("12"), which numeric citations name
    authors_text: str = ""  # the authors as the entry writes them, for a following dash to repeat


def _name(part: str) -> dict[str, str]:
    """One name not inverted: "S. Curtis" → given S., family Curtis; a one-word name is a family."""
    words = part.split()
    if len(words) == 1:
        return {"family": part}
    given_words = [w for w in words[:-1] if w.endswith(".") or len(w) <= 2 or w[:1].isupper()]
    return {"family": words[-1], "given": " ".join(given_words)}


_NAMES_APART = re.compile(r",|\s+(?:and|&)\s+|\s*&\s*")


def split_names(authors: str) -> list[dict[str, str]]:
    """ "Acuto, M. and S. Curtis" → [{family: Acuto, given: M.}, {family: Curtis, given: S.}].

    An inverted name is a family name followed by its initials ("Huang, C.-K., Neylon, C., &
    Ozaygen, A."), a name in reading order has the family name last ("S. Curtis").

    Each caller gets names of its own (a record's authors may be corrected); the split itself is
    made once per authors' text: a list names the same authors again and again ("Sassen, S."
    thrice), and splitting them cost a fifth of an entry's parse."""
    return [dict(name) for name in _split_names(authors)]


def _split_names(authors: str) -> tuple[dict[str, str], ...]:
    """`split_names`, shared: the cache's own dicts, copied by `split_names` before they leave."""
    return _names_and_families(authors)[0]


@lru_cache(maxsize=8192)
def _names_and_families(authors: str) -> tuple[tuple[dict[str, str], ...], tuple[str, ...]]:
    """`_split_names` and the family name of each (which an entry's parse gives as its `families`)."""
    names = tuple(_names_apart(authors))
    return names, tuple(name["family"] for name in names)


def _names_apart(authors: str) -> list[dict[str, str]]:
    """`split_names` made anew (tests/test_fastpaths_s11_text.py holds the two equal)."""
    text = authors.strip(" ,;")
    text = _ET_AL.sub("", text) if "et" in text else text  # (the pattern's one literal; tried everywhere)
    # Without "and" or "&" only the comma can part names: str.split says the same as the pattern
    # (which, opening with an optional space, is tried at every position).
    split = text.split(",") if "&" not in text and "and" not in text else _NAMES_APART.split(text)
    parts = [p.strip(" ,;") for p in split]
    parts = [p for p in parts if p]
    names: list[dict[str, str]] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        # "Huang, C.-K." (initials), or the first name's given name written out ("Jacobs, Jane")
        given = following is not None and (_INITIALS.match(following) is not None or (
            index == 0 and " " not in part and _GIVEN.match(following) is not None))
        if following is not None and given and not _INITIALS.match(part):
            names.append({"family": part, "given": following})
            index += 2
            continue
        names.append(_name(part))
        index += 1
    return names


def _strip(text: str) -> str:
    return text.strip().strip(" ,;.").strip()


# (compiled here: asked of most books, where `re.match` of the source looked it up in `re`'s cache each time)
_PLACE_COLON = re.compile(r"[A-Z][^:]{1,40}:\s+\S")


def _place_and_publisher(segments: list[str]) -> tuple[str, str, list[str]]:
    """The last segments of a book entry: "Cambridge, MA: Harvard University Press", "London, Verso",
    "London. Verso" or "Verso"."""
    if not segments:
        return "", "", []
    last = segments[-1]
    # "Cambridge, MA: Harvard University Press" (Place: Publisher); the colon is in every match, found in C
    if ":" in last and _PLACE_COLON.match(last):
        place, publisher = last.split(":", 1)
        return _strip(place), _strip(publisher), segments[:-1]
    if "," in last:
        place, publisher = last.rsplit(",", 1)
        return _strip(place), _strip(publisher), segments[:-1]
    if len(segments) >= 2 and len(segments[-2].split()) <= 3 and ":" not in segments[-2]:
        return _strip(segments[-2]), _strip(last), segments[:-2]
    return "", _strip(last), segments[:-1]


def _journal(record: dict[str, Any], inlines: list[Inline], after_title: str) -> None:
    """Container (italics, else the text before the bold volume), volume, issue and pages."""
    volume_node = next(n for n in inlines if isinstance(n, Strong))
    volume = plain_text(volume_node.children)
    emphasis = next((n for n in inlines if isinstance(n, Emphasis)), None)
    before, _, after = after_title.partition(volume)
    record["type"] = "article-journal"
    record["container-title"] = _strip(plain_text(emphasis.children)) if emphasis else _strip(before)
    record["volume"] = volume
    issue = _ISSUE.match(after)
    if issue:
        record["issue"] = issue.group("issue")
        after = after[issue.end():]
    pages = _PAGES.search(after)
    if pages:
        record["page"] = f"{pages.group('first')}-{pages.group('last')}"


def _identifier(record: dict[str, Any], text: str) -> str:
    """The entry's DOI or URL into the record; the text without it."""
    if "doi" not in text and "http" not in text and "www." not in text:
        return text  # (every branch of the pattern holds one of these: most entries have none)
    found = _IDENTIFIER.search(text)
    if found is None:
        return text
    if found.group("doi"):
        record["DOI"] = found.group("doi")
    else:
        url = found.group("url")
        record["URL"] = url if "://" in url else "https://" + url
    return (text[: found.start()] + text[found.end():]).strip()


def _title_and_rest(record: dict[str, Any], rest: str) -> str:
    # (a title in quotes opens with one: most titles do not, and are not matched)
    quoted = _QUOTED_TITLE.match(rest) if rest[:1] in _OPENING_QUOTES else None
    if quoted:
        record["title"] = _strip(quoted.group("title")) if quoted.group("title").endswith(".") \
            else quoted.group("title").strip()
        return rest[quoted.end():]
    title, rest = split_at_sentence_end(rest)
    record["title"] = title.rstrip(".").strip()
    return rest


_OPENING_QUOTES = "‘“\"'"  # what `_QUOTED_TITLE` opens with


def split_at_sentence_end(text: str) -> tuple[str, str]:
    """`text` up to its first sentence end (see _SENTENCE_END), and after the white space there;
    all of it and "" if it has none."""
    end = _SENTENCE_END.search(text)
    return (text, "") if end is None else (text[:end.start("space")], text[end.end():])


def _issued(year: str, undated: str) -> dict[str, Any]:
    return {"date-parts": [[int(year)]]} if year else {"literal": undated}


def parse_entry(inlines: list[Inline], previous_authors: str = "") -> ParsedEntry | None:
    """One reference-list entry (its inline nodes) → a CSL-JSON record; None if it has neither a
    year nor a number. `previous_authors` stands in for a leading repeated-author dash.

    An entry of plain text is parsed once per process (the anchors and the bibliography both ask,
    and `mkdocs serve` rebuilds); each caller gets its own top-level record to correct."""
    if all(isinstance(node, Text) for node in inlines):
        cached = _parse_plain(" ".join(plain_text(inlines).split()), previous_authors)
        return None if cached is None else replace(cached, csl=dict(cached.csl))
    return _parse(inlines, previous_authors)


@lru_cache(maxsize=8192)
def spaced(text: str) -> str:
    """`" ".join(text.split())`, remembered by the text: the anchors' pass and the bibliography ask
    for each entry of a list in turn, with the same string (its hash known already, found in the
    cache by identity). The string it gives back is the same object each time, so the parse's
    cache finds it the same way: no new string split, joined, hashed and compared letter for letter."""
    return " ".join(text.split())


def shared_entry(inlines: list[Inline], previous_authors: str = "") -> ParsedEntry | None:
    """`parse_entry`'s result without the copy: for an entry of plain text, the one the cache
    shares (read it; copy `csl` before changing it). `add_reference_list` copies only `csl`."""
    if len(inlines) == 1 and isinstance(inlines[0], Text):  # (most entries: no generator for them)
        return shared_plain_entry(inlines[0].text, previous_authors)
    if all(isinstance(node, Text) for node in inlines):
        return _parse_plain(spaced(plain_text(inlines)), previous_authors)
    if all(isinstance(node, _MARKED) for node in inlines):
        # A title in italics, a volume in bold: `_parse` reads only the entry's text, which top-level
        # nodes are bold or italic, and their texts; those are the key (the anchors' pass parses
        # the plain text, so the bibliography parsed these anew for every text that lists them).
        return _parse_marked(tuple((type(node), plain_text([node])) for node in inlines), previous_authors)
    return _parse(inlines, previous_authors)


def shared_plain_entry(text: str, previous_authors: str = "") -> ParsedEntry | None:
    """`shared_entry` of an entry of one text, given as its text (no node made to be looked into)."""
    return _parse_plain(spaced(text), previous_authors)


_MARKED = (Text, Emphasis, Strong)


@lru_cache(maxsize=8192)
def _parse_marked(shape: tuple[tuple[type, str], ...], previous_authors: str) -> ParsedEntry | None:
    """`_parse` of an entry of plain, italic and bold text, each top-level node given by its kind
    and its text (the same text, the same kinds where `_parse` looks: the same entry to it)."""
    return _parse([Text(text) if kind is Text else kind([Text(text)]) for kind, text in shape], previous_authors)


@lru_cache(maxsize=8192)
def _parse_plain(text: str, previous_authors: str) -> ParsedEntry | None:
    """`_parse` of an entry of one text, given spaced (as `spaced` gives it: not split and joined again)."""
    return _parse([Text(text)], previous_authors, text)


def _parse(inlines: list[Inline], previous_authors: str, spaced_text: str | None = None) -> ParsedEntry | None:
    """`inlines` parsed (`spaced_text`: their text with its white space made single spaces, if known)."""
    text = " ".join(plain_text(inlines).split()) if spaced_text is None else spaced_text
    number = ""
    # (the two patterns anchored at the start are asked only of a text whose first character can
    # open a match of theirs: most entries open with an author's name)
    label = LABEL.match(text) if _may_open(text, "[") else None
    if label:
        number = label.group("bracketed") or label.group("number") or ""
        text = text[label.end():]
    dash = AUTHOR_DASH.match(text) if previous_authors and _may_open(text, _DASHES) else None
    if dash:
        text = previous_authors.rstrip(" .,") + ". " + text[dash.end():]
    if number and _looks_vancouver(text):
        return _vancouver(text, number)
    apa = _APA_DATE.search(text)
    # A year before the APA date would win over it: its first digit ("1" or "2") stands before
    # the date's "(". Without one there, `_YEAR` (tried at every character, as it opens with
    # an optional parenthesis) need not be searched.
    year = _YEAR.search(text) if apa is None or _digit_before(text, apa.start()) else None
    if apa is not None and (year is None or apa.start() <= year.start()):
        start, end = apa.start(), apa.end()
        year_text, suffix, undated = apa.group("year", "suffix", "undated")  # (one call for the three)
        year_text, suffix, undated = year_text or "", suffix or "", undated or ""
    elif year is not None:
        start, end = year.start(), year.end()
        year_text, suffix, undated = year.group("year"), year.group("suffix"), ""
    else:
        return _vancouver(text, number) if number else None
    authors_text = text[:start]
    shared_names, families = _names_and_families(authors_text)
    names = [dict(name) for name in shared_names]  # (`split_names`: the record's own)
    record: dict[str, Any] = {"type": "book", "author": names, "issued": _issued(year_text, undated)}
    rest = _identifier(record, text[end:].strip().lstrip(":").strip())  # "(2005): Title" (Econometrica)
    rest = _title_and_rest(record, rest)
    if not (len(inlines) == 1 and type(inlines[0]) is Text) and any(isinstance(n, Strong) for n in inlines):
        _journal(record, inlines, rest)
    elif rest.startswith("In") and (chapter := _IN_EDITORS.match(rest)) is not None:
        record.update({"type": "chapter", "editor": split_names(chapter.group("editors")),
                       "container-title": _strip(chapter.group("container")),
                       "publisher-place": _strip(chapter.group("place")),
                       "publisher": _strip(chapter.group("publisher"))})
    elif "," in rest and _VOLUME_AFTER_COMMA.search(rest) and (container := _APA_CONTAINER.match(rest)) is not None:
        record.update({"type": "article-journal", "container-title": _strip(container.group("container")),
                       "volume": container.group("volume")})
        if container.group("issue"):
            record["issue"] = container.group("issue")
        if container.group("page"):
            record["page"] = re.sub(r"\s*[–-]\s*", "-", container.group("page"))
    else:
        _book(record, rest)
    return ParsedEntry(list(families), (year_text + suffix) if year_text else undated, record, number, authors_text)


_DASHES = "—–_-"  # what `AUTHOR_DASH` opens with, after white space


def _may_open(text: str, openings: str) -> bool:
    """Whether `text`'s first character may open a match of `LABEL` (`openings` "[", besides a
    digit and white space) or of `AUTHOR_DASH` (`_DASHES`): `isdecimal` and `isspace` are `re`'s
    `\\d` and `\\s`. (A digit cannot open a dash: asked of it too, it only lets the pattern decide.)"""
    first = text[:1]
    return first != "" and (first in openings or first.isdecimal() or first.isspace())


def _digit_before(text: str, end: int) -> bool:
    """Whether `text[:end]` holds a "1" or a "2", one of which every match of `_YEAR` opens its year with."""
    return text.find("1", 0, end) != -1 or text.find("2", 0, end) != -1


# A full stop after two letters that are neither space nor stop, and the space after it: the
# literal stop first (the look back after it), so that `re` skips to the stops in C; the same
# spans as r"(?<=[^\s.]{2})\.\s+", which opens with the look back and is tried everywhere.
_FULL_STOP = re.compile(r"\.(?<=[^\s.]{2}\.)\s+")


def _book(record: dict[str, Any], rest: str) -> None:
    # (the pattern opens with white space, so is tried everywhere: a title without "(" has no match)
    in_parens = _PLACE_IN_PARENS.search(record["title"]) if "(" in record["title"] else None
    if in_parens:
        record["title"] = record["title"][: in_parens.start()].strip()
        place, publisher = in_parens.group("place"), in_parens.group("publisher")
    else:
        place, publisher, container = _book_tail(rest)
        if container:
            record.update({"type": "chapter", "container-title": container})
    if place:
        record["publisher-place"] = place
    if publisher:
        record["publisher"] = _strip(publisher)


@lru_cache(maxsize=8192)
def _book_tail(rest: str) -> tuple[str, str, str]:
    """A book's place, publisher and container ("" for none) read from what follows its title: once
    per text of it, as a list's entries end alike ("London, Verso.", "New York, Routledge.")."""
    place, publisher, middle = _place_and_publisher(
        [stripped for part in _FULL_STOP.split(rest) if (stripped := _strip(part))])
    # (`middle` holds no empty segment: joined, it is "" only when there is none)
    return place, publisher, " ".join(middle)


def _vancouver_authors(text: str) -> tuple[list[dict[str, str]], str, str]:
    """The names at the head of a Vancouver entry, the authors as written, and what follows.

    The names are comma-separated "Family AB"; the first may be an institution ("DFG", "The
    Event Horizon Telescope Collaboration"). They end at a full stop after initials or `et al.`,
    or at the first part that is no name (the title, in entries that put a comma before it)."""
    names: list[dict[str, str]] = []
    position = 0
    for match in re.finditer(r"[^,.;]+(?:\.(?=\S))?[^,.;]*[,.;]?", text):
        part = match.group().strip()
        bare = part.rstrip(",.;").strip()
        if not bare:
            break
        if re.fullmatch(r"et\s+al", bare):
            position = match.end()
            if part.endswith("."):
                break
            continue
        if _VANCOUVER_NAME.match(bare):
            family, _, initials = bare.rpartition(" ")
            names.append({"family": family, "given": initials})
        elif not names and not part.endswith(";") and len(bare.split()) <= 8:
            names.append({"family": bare})  # an institution as author
        else:
            break
        position = match.end()
        if part.endswith(".") or part.endswith(";"):
            break
    return names, text[:position], text[position:].strip()


def _looks_vancouver(text: str) -> bool:
    """A numbered entry that opens with "Family AB", or that has no APA/Chicago date in
    parentheses and no inverted "Family, I."."""
    if _VANCOUVER_NAME.match(re.split(r"[,.;]", text, maxsplit=1)[0].strip()):
        return True
    return not (re.search(r"\((?:1[5-9]|20)\d\d[a-z]?[,)]|\(n\.\s?d\.\)", text[:400])
                or re.match(r"^[^,(]+,\s+[A-Z]\.", text))


def _vancouver(text: str, number: str) -> ParsedEntry:
    """A numbered entry in Vancouver style: "Author AB, Other C. Title. Journal 2019;12(3):4–5."."""
    names, authors_text, rest = _vancouver_authors(text)
    record: dict[str, Any] = {"type": "book", "author": names}
    rest = _identifier(record, rest)
    # the year stands before the issue or the end ("Nature 2019 Jul;571", "…; 2019."); a volume
    # number that looks like one ("vol. 1686") does not
    year = re.search(r"\b(?P<year>(?:19|20)\d\d)\b(?=\s*(?:[A-Z][a-z]{2,8}\.?\s*)?[;.:]|\s*$)", rest) \
        or re.search(r"\b(?P<year>(?:19|20)\d\d)\b(?![–-]\d)", rest)
    title_end = re.search(r"(?<=[^\s.]{2})[.?!;](?:\s|$)", rest)
    title = rest[: title_end.start() + (1 if rest[title_end.start()] == "?" else 0)] if title_end else rest
    record["title"] = title.strip(" .,;") or (names[0]["family"] if names else "")
    after = rest[title_end.end():] if title_end else ""
    if year is not None:
        record["issued"] = {"date-parts": [[int(year.group("year"))]]}
        journal = after[: after.find(year.group())] if year.group() in after else ""
        volume = _VANCOUVER_ISSUE.search(after)
        if journal.strip(" .,;") and volume:
            record.update({"type": "article-journal", "container-title": journal.strip(" .,;"),
                           "volume": volume.group("volume")})
            if volume.group("issue"):
                record["issue"] = volume.group("issue")
            if volume.group("page"):
                record["page"] = re.sub(r"\s*[–-]\s*", "-", volume.group("page"))
        elif journal.strip(" .,;"):
            record["publisher"] = journal.strip(" .,;")
    families = [name["family"] for name in names]
    return ParsedEntry(families, year.group("year") if year else "", record, number, authors_text)
