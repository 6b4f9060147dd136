"""Fast paths of the reference-entry parser and typography change nothing: each is
checked against the straightforward version it replaced, on generated input.

- the reference-entry parser: its patterns asked only where a literal test (first character, a
  "1" or "2" before the date, a colon, a comma, "In", an opening quote) says they may match, and
  the authors' names split once per text of them, against the parse as it was;
- typography: the spaces before a colon taken out from the marks, against the rule's pattern; a
  glued parenthesis looked for from the "(", against the pattern's `sub`.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import references
from build_tools.apparatus.references import (
    _APA_DATE,
    _FULL_STOP,
    _IN_EDITORS,
    _PLACE_COLON,
    _PLACE_IN_PARENS,
    _QUOTED_TITLE,
    _VOLUME_AFTER_COMMA,
    _YEAR,
    AUTHOR_DASH,
    LABEL,
    ParsedEntry,
    _issued,
    _journal,
    _looks_vancouver,
    _strip,
    _vancouver,
    split_at_sentence_end,
)
from build_tools.model import Emphasis, Inline, Strong, Text, plain_text
from build_tools.passes import typography

# --- the reference-entry parser --------------------------------------------------------------------


def old_place_and_publisher(segments: list[str]) -> tuple[str, str, list[str]]:
    if not segments:
        return "", "", []
    last = segments[-1]
    if _PLACE_COLON.match(last):
        place, publisher = last.split(":", 1)
        return _strip(place), _strip(publisher), segments[:-1]
    if "," in last:
        place, publisher = last.rsplit(",", 1)
        return _strip(place), _strip(publisher), segments[:-1]
    if len(segments) >= 2 and len(segments[-2].split()) <= 3 and ":" not in segments[-2]:
        return _strip(segments[-2]), _strip(last), segments[:-2]
    return "", _strip(last), segments[:-1]


def old_book(record: dict[str, Any], rest: str) -> None:
    in_parens = _PLACE_IN_PARENS.search(record["title"]) if "(" in record["title"] else None
    if in_parens:
        record["title"] = record["title"][: in_parens.start()].strip()
        middle: list[str] = []
        place, publisher = in_parens.group("place"), in_parens.group("publisher")
    else:
        place, publisher, middle = old_place_and_publisher(
            [s for s in (_strip(p) for p in _FULL_STOP.split(rest)) if s])
    if middle:
        record.update({"type": "chapter", "container-title": " ".join(middle)})
    if place:
        record["publisher-place"] = place
    if publisher:
        record["publisher"] = _strip(publisher)


def old_title_and_rest(record: dict[str, Any], rest: str) -> str:
    quoted = _QUOTED_TITLE.match(rest)
    if quoted:
        record["title"] = _strip(quoted.group("title")) if quoted.group("title").endswith(".") \
            else quoted.group("title").strip()
        return rest[quoted.end():]
    title, rest = split_at_sentence_end(rest)
    record["title"] = title.rstrip(".").strip()
    return rest


def old_parse(inlines: list[Inline], previous_authors: str) -> ParsedEntry | None:
    """`references._parse` before its literal tests and its names' cache."""
    text = " ".join(plain_text(inlines).split())
    number = ""
    label = LABEL.match(text)
    if label:
        number = label.group("bracketed") or label.group("number") or ""
        text = text[label.end():]
    dash = AUTHOR_DASH.match(text)
    if dash and previous_authors:
        text = previous_authors.rstrip(" .,") + ". " + text[dash.end():]
    if number and _looks_vancouver(text):
        return _vancouver(text, number)
    apa = _APA_DATE.search(text)
    year = _YEAR.search(text)
    if apa is not None and (year is None or apa.start() <= year.start()):
        start, end = apa.start(), apa.end()
        year_text, suffix, undated = apa.group("year") or "", apa.group("suffix") or "", apa.group("undated") or ""
    elif year is not None:
        start, end = year.start(), year.end()
        year_text, suffix, undated = year.group("year"), year.group("suffix"), ""
    else:
        return _vancouver(text, number) if number else None
    authors_text = text[:start]
    names = references._names_apart(authors_text)
    record: dict[str, Any] = {"type": "book", "author": names, "issued": _issued(year_text, undated)}
    rest = references._identifier(record, text[end:].strip().lstrip(":").strip())
    rest = old_title_and_rest(record, rest)
    if any(isinstance(n, Strong) for n in inlines):
        _journal(record, inlines, rest)
    elif (chapter := _IN_EDITORS.match(rest)) is not None:
        record.update({"type": "chapter", "editor": references._names_apart(chapter.group("editors")),
                       "container-title": _strip(chapter.group("container")),
                       "publisher-place": _strip(chapter.group("place")),
                       "publisher": _strip(chapter.group("publisher"))})
    elif _VOLUME_AFTER_COMMA.search(rest) and (container := references._APA_CONTAINER.match(rest)) is not None:
        record.update({"type": "article-journal", "container-title": _strip(container.group("container")),
                       "volume": container.group("volume")})
        if container.group("issue"):
            record["issue"] = container.group("issue")
        if container.group("page"):
            record["page"] = re.sub(r"\s*[–-]\s*", "-", container.group("page"))
    else:
        old_book(record, rest)
    families = [name["family"] for name in names]
    return ParsedEntry(families, (year_text + suffix) if year_text else undated, record, number, authors_text)


ENTRY_PIECES = st.sampled_from([
    "Acuto, M.", "Acuto,", "M.", "and", "S. Curtis", "&", "Huang, C.-K.,", "Jacobs, Jane", "et al.", "DFG,",
    "(2014).", "(2019, May 6).", "(2020a).", "(n.d.).", "(in press).", "2011.", "1999", "(1999)", "2019;4:1–2.",
    "12", "1.", "[2]", "3)", "———.", "---,", "—", "_", "-", "‘Finding", "the", "City’.", "“What", "kind?”.", "'a'",
    "\"b\".", "Title.", "Title?", "In", "In Kees Koonings (Eds.),", "Eds.", "Book", "London:", "London,", "Verso.",
    "(London: Verso).", "London.", "New York, NY,", "Journal,", "Urban Studies", "48(14):", "12(3),", "4–5.",
    "e4375.", ", 12", ",12", "https://doi.org/10.1/x.", "doi:10.2/y", "www.example.org", "Smith AB,",
    "Jones C.", "Nature", "2019 Jul;571(3):4-5.", "vol. 1686", "a.", "ab.", ":", ";", "(", ")", " ", "\t", "\n",
])
ENTRY_TEXTS = st.lists(ENTRY_PIECES, max_size=14).map(" ".join) | st.lists(ENTRY_PIECES, max_size=10).map("".join)
PREVIOUS = st.sampled_from(["", "Acuto, M. ", "Smith, J. and 2011 ", "Huang, C.-K., & Neylon, C.\t"])


@settings(max_examples=2500, deadline=None)
@given(ENTRY_TEXTS, PREVIOUS, st.sampled_from(["", "strong", "emphasis"]))
@example("Davis, M. (2006). Planet of slums. London; New York, Verso.", "", "")
@example("12. Smith 2011 (2019). Title. Cambridge, MA: Harvard.", "", "")
@example("——— (2013). ‘Title’. In A. Editor (Eds.), Book London: Verso.", "Acuto, M. ", "")
@example("Acuto, M. (2011). Title. Urban Studies 48(14): 2953–73.", "", "strong")
def test_the_entry_parse_with_its_literal_tests_is_the_parse_as_it_was(text: str, previous: str, mark: str) -> None:
    inlines: list[Inline] = [Text(text)]
    if mark and " " in text.strip():  # a word in bold (a volume) or in italics (a journal)
        head, _, tail = text.strip().rpartition(" ")
        inlines = [Text(head + " "), (Strong if mark == "strong" else Emphasis)([Text(tail)])]
    fast = references._parse(inlines, previous)
    assert fast == old_parse(inlines, previous)
    assert references.parse_entry(inlines, previous) == old_parse(inlines, previous)


@settings(max_examples=1500, deadline=None)
@given(ENTRY_TEXTS)
def test_the_parser_s_literal_tests_pass_every_match_of_their_patterns(text: str) -> None:
    """Each test before a pattern holds for every text the pattern matches (so a text it fails is
    one the pattern does not match), and is no stub: it fails some text."""
    if LABEL.match(text):
        assert references._may_open(text, "[")
    if AUTHOR_DASH.match(text):
        assert references._may_open(text, references._DASHES)
    apa = _APA_DATE.search(text)
    year = _YEAR.search(text)
    if apa is not None and year is not None and year.start() < apa.start():
        assert references._digit_before(text, apa.start())
    if _QUOTED_TITLE.match(text):
        assert text[:1] in references._OPENING_QUOTES
    if _IN_EDITORS.match(text):
        assert text.startswith("In")
    if _VOLUME_AFTER_COMMA.search(text):
        assert "," in text
    if _PLACE_COLON.match(text):
        assert ":" in text
    assert not references._may_open("Acuto", "[") and not references._digit_before("Acuto, M. (2011)", 10)


@settings(max_examples=800, deadline=None)
@given(ENTRY_TEXTS)
def test_names_split_once_are_the_names_split_anew_and_each_caller_s_own(authors: str) -> None:
    try:
        references._names_apart(authors)
    except IndexError:  # (a part of white space other than spaces, "\t": raised as before, not cached)
        with pytest.raises(IndexError):
            references.split_names(authors)
        return
    first, second = references.split_names(authors), references.split_names(authors)
    assert first == second == references._names_apart(authors)
    for mine, other in zip(first, second, strict=True):
        assert mine is not other  # (a caller's correction of its record does not reach another's)


# --- typography -----------------------------------------------------------------------------------

COLON_TEXTS = st.text(alphabet="a :;\t\n\u00a0\u2003.-(B", max_size=24)


@settings(max_examples=3000, deadline=None)
@given(COLON_TEXTS)
@example("diplomacy : the urban link")
@example("a : ; b")
@example("a  :")
@example("a \t:\n")
def test_the_spaces_before_a_colon_taken_out_from_the_marks_are_the_pattern_s(text: str) -> None:
    rule = next(rule for rule in typography.RULES if rule.name == "no-space-before-colon")
    assert typography.unspace_colons(text) == rule.pattern.sub(rule.replacement, text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aZ (x)B.\u00e9\u00c9", max_size=16), st.text(alphabet="aZ (", max_size=3))
@example("Intolerance(Polity Press)", "")
@example("(Polity)", "ab")
def test_a_glued_parenthesis_is_found_where_the_pattern_replaces_one(text: str, before: str) -> None:
    replaced = typography._sub_after(typography._GLUED_PARENTHESIS, before + text, len(before))
    if not typography.glued_parenthesis(text, before):
        assert replaced == text  # (the pattern's `sub` skipped changed nothing)
    else:
        assert replaced != text  # (and the test is no stub)
