"""strip_chrome's fast paths of the second round of session 11:

- `spaced_once`: a text whose words are parted by single spaces is returned as it is, where
  `" ".join(text.split())` splits and joins it (the folding of the pull-quote comparison);
- the one-time reading of a site's rules (`regex_literals`): `_Structure` finds the characters that
  open or close something with the escapes passed over in C, as the search that found escapes too
  did; `_sequence` reads an ASCII literal from a table, as `_literal_char` reads it. (The opening
  read without the matching, for a plain character not repeated, is checked against the parsed form
  by tests/test_fastpaths_once.py.)
"""

from __future__ import annotations

import re
import sys
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.passes import regex_literals, strip_chrome

# Spaces (single, double, leading, trailing), the other white space characters of ASCII and beyond,
# unprintable characters that are no white space, and letters.
SPACED = st.text(alphabet="ab \t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u2002\u2028\u202f\u3000\u00ad\u200b\x00é", max_size=16)


@settings(max_examples=3000, deadline=None)
@given(SPACED)
def test_spaced_once_is_the_split_and_join(text: str) -> None:
    assert strip_chrome.spaced_once(text) == " ".join(text.split())


def test_every_white_space_character_but_the_space_is_unprintable() -> None:
    """What `spaced_once` relies on, over every code point: `str.split` parts a text at exactly the
    characters `isspace` tells, and every one of them but the space is unprintable."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert len(f"a{char}b".split()) == (2 if char.isspace() else 1)
        assert code == 0x20 or not char.isspace() or not char.isprintable()


def test_the_folding_keeps_the_spacing_of_each_text() -> None:
    texts = ["One  two", " three ", "Four\u00a0five six", "", "seven", "eight\tnine é"]
    assert strip_chrome.folded_for_comparison(texts) == ["one two", "three", "four five six", "", "seven",
                                                         "eight nine é"]


# --- regex_literals: the reading of a site's rules ---------------------------------------------------

# Pieces of patterns: characters with and without case, escapes (of the characters that open or close
# something too), sets (with `]` or `^` first), groups, alternatives, repeats, and a lone backslash.
_PIECES = ["a", "B", "k", "é", "É", "ſ", "İ", "\u212a", "«", " ", "\\n", "\n", "1", "\\(", "\\)", "\\[", "\\]",
           "\\|", "\\\\", "\\s", "\\b", ".", "[ab]", "[]a]", "[^]a]", "[\\]|(]", "[a-z]", "(?:", "(", ")", "|", "(?i:",
           "?", "*", "+", "{2,}", "^", "$", "\\"]
SOURCES = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


def _tokens_as_they_were(source: str) -> list[tuple[str, int]]:
    """The characters `_Structure` reads, as it found them before: every escape and every such
    character found by one search, the escapes then passed over one by one."""
    return [(token.group(), token.start()) for token in re.finditer(r"\\.|[\[\]()|]", source, re.DOTALL)
            if len(token.group()) == 1]


@settings(max_examples=3000, deadline=None)
@given(SOURCES)
def test_the_structure_finds_the_characters_it_found_one_escape_at_a_time(source: str) -> None:
    found = []
    position = 0
    while (token := regex_literals._NEXT_STRUCTURAL.match(source, position)) is not None:
        position = token.end()
        found.append((source[position - 1], position - 1))
    assert found == _tokens_as_they_were(source)


def _sequence_as_it_was(items: list[tuple[Any, Any]], ignore_case: bool) -> regex_literals.Clauses:
    """`regex_literals._sequence` as it read each literal before (`_literal_char` of every one)."""
    clauses: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= regex_literals.MIN_LITERAL or any(
                not char.isascii() and char not in regex_literals._COMMON_MARKS for char in run):
            clauses.append(frozenset(["".join(run)]))
        run.clear()

    for op, arg in items:
        char = regex_literals._literal_char(arg, ignore_case) if op is regex_literals.sre.LITERAL else None
        if char is not None:
            run.append(char)
            continue
        close_run()
        clauses.extend(regex_literals._item(op, arg, ignore_case))
    close_run()
    return tuple(clauses)


@pytest.mark.filterwarnings("ignore::FutureWarning")  # ("[[" drawn: `re` warns of a future set syntax)
@settings(max_examples=3000, deadline=None)
@given(SOURCES, st.sampled_from([0, re.IGNORECASE]))
def test_the_literals_a_pattern_needs_are_read_as_they_were(source: str, flags: int) -> None:
    try:
        re.compile(source, flags)
    except re.error:
        return  # (only alternatives of compiled patterns are asked)
    found = regex_literals.required_literals(source, flags)
    with mock.patch.object(regex_literals, "_sequence", _sequence_as_it_was):
        assert found == regex_literals.required_literals(source, flags)


def test_every_ascii_literal_is_read_as_literal_char_reads_it() -> None:
    for ignore_case in (False, True):
        assert regex_literals._ASCII_LITERAL_CHARS[ignore_case] == tuple(
            regex_literals._literal_char(code, ignore_case) for code in range(128))
