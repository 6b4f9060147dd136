"""Find author–year citations in a run of text.

The forms an author–year text uses, each a fixture in tests/test_citations_parse.py:

- parenthetical: "(Acuto 2011)", with a prefix or a comment: "(see Brenner and Keil 2006,
  for an overview)", grouped: "(Soja 2000; Panitch and Gindin 2013; Gill 2003)";
- narrative: "Sassen (1991)", possessive: "Polanyi’s (1957)", with pages: "Gilbert (2013, 8–12)".

Names are capitalised words ("DeLanda", "McGuirk", "Polèse") joined by commas and "and";
family names of more than one word ("Bellamy Foster") are passed in from the bibliography,
so that the parser needs no list of its own. A parenthesis that holds a year but reads as
none of these forms is returned as a problem: it may be a citation the parser cannot see,
and the build must not pass over it in silence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

_YEAR = r"(?:1[5-9]|20)\d\d(?!s\b)[a-z]?"
_LOCATOR = r",\s*(?:pp?\.\s*)?\d+(?:\s*[–-]\s*\d+)?(?:,\s*\d+(?:\s*[–-]\s*\d+)?)*"
_PREFIX = r"(?:see also|see|cf\.|e\.g\.,?|compare)\s+"
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_PARENTHESIS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class CitationMatch:
    """One citation found in a text: where it is, and what it cites as the source writes it."""

    start: int
    end: int  # the span to link, e.g. "Acuto 2011" or "Polanyi’s (1957)"
    names: tuple[str, ...]  # family names as written ("Brenner", "Schmid")
    year: str
    locator: str = ""  # pages, e.g. "8–12"
    narrative: bool = False

    @property
    def cited(self) -> str:
        """The citation as an editor writes it in citations.yml: "Brenner and Schmid 2000"."""
        if len(self.names) == 1:
            names = self.names[0]
        else:
            names = ", ".join(self.names[:-1]) + " and " + self.names[-1]
        return f"{names} {self.year}"


@dataclass(frozen=True)
class Unparsed:
    """A parenthesis that holds a year but no citation the parser understands."""

    start: int
    text: str


@cache
def _patterns(multiword: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    known = "|".join(re.escape(name) for name in sorted(multiword, key=len, reverse=True))
    name = rf"(?:{known}|[A-Z][\w-]*)" if known else r"[A-Z][\w-]*"
    names = rf"(?P<names>{name}(?:(?:,\s*|\s+and\s+|\s+&\s+){name})*(?:\s+et\s+al\.)?)"
    part = re.compile(rf"^\s*(?P<prefix>{_PREFIX})?{names}\s+(?P<year>{_YEAR})(?P<locator>{_LOCATOR})?"
                      r"(?P<comment>(?:,?\s+\D[^;]*)?)\s*$")
    narrative = re.compile(rf"{names}(?P<possessive>’s|'s)?\s+\((?P<year>{_YEAR})(?P<locator>{_LOCATOR})?\)")
    return part, narrative


def split_names(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r",\s*|\s+and\s+|\s+&\s+", names) if n.strip())


def _locator(raw: str | None) -> str:
    return raw.lstrip(", ").strip() if raw else ""


def find_citations(text: str, multiword_names: Iterable[str] = ()) -> tuple[list[CitationMatch], list[Unparsed]]:
    """Every citation in `text`, in order, and the parentheses with years that are not citations."""
    if "(" not in text:  # both forms need a parenthesis; most paragraphs of an interview have none
        return [], []
    names = multiword_names if isinstance(multiword_names, tuple) else tuple(sorted(set(multiword_names)))
    part_pattern, narrative_pattern = _patterns(names)  # a tuple is taken as it is (sorted once by its maker)
    found: list[CitationMatch] = []
    problems: list[Unparsed] = []
    for match in narrative_pattern.finditer(text):
        found.append(CitationMatch(match.start(), match.end(), split_names(match.group("names")),
                                   match.group("year"), _locator(match.group("locator")), narrative=True))
    narrative_parens = {m.end - 1 for m in found}
    for paren in _PARENTHESIS.finditer(text):
        content = paren.group(1)
        if paren.end() - 1 in narrative_parens or not _HAS_YEAR.search(content):
            continue
        offset = paren.start(1)
        parsed: list[CitationMatch] = []
        for piece in re.finditer(r"[^;]+", content):
            part = part_pattern.match(piece.group())
            if part is None:
                parsed = []
                break
            match = part
            start = offset + piece.start() + match.start("names")
            end = offset + piece.start() + (match.end("locator") if match.group("locator") else match.end("year"))
            parsed.append(CitationMatch(start, end, split_names(match.group("names")), match.group("year"),
                                        _locator(match.group("locator"))))
        if parsed:
            found.extend(parsed)
        else:
            problems.append(Unparsed(paren.start(), paren.group()))
    found.sort(key=lambda c: c.start)
    return found, problems
