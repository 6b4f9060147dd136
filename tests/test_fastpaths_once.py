"""Fast paths of the one-time work of a cold run change nothing: each is checked against the
straightforward version, on generated input.

- `regex_literals._quick_opening`: the opening of an alternative ("^Social Europe$",
  "^(?:email address|search for:?)$") read from its text, without `re`'s parser: `scans_far` and
  `first_chars` answer as they do from the parsed form, for any pattern that compiles; and
  `anchored_at_start` says "no" unparsed to one that opens with a character ("\\(BUTTON\\)");
- the citation parser: a text's citations found with the patterns compiled for other known names
  (none of the names known to one set and not the other written in the text), against the patterns
  of the text's own names.
"""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import citations
from build_tools.passes import regex_literals

# --- an alternative's opening read without parsing it -------------------------------------------

# Pieces of patterns: the shapes read (plain characters, escaped marks, `(?:…)` groups, anchors, the
# repeats `?`, `*`, `+`), the ones left to the parse (classes, sets, dots, counted repeats, groups
# with flags, look-arounds), and characters whose case `re` folds differently from `str.lower`.
_ATOMS = ["a", "B", "k", "K", "s", "i", " ", "#", "«", "←", "é", "É", "ſ", "İ", "ı", "\u212a", "1", "-",
          ":", "\\.", "\\*", "\\(", "\\[", "\\-", "\\ ", ".", "\\s", "\\w", "\\d", "[a-z]", "[^x]",
          "[]a]", "[)|]", "\\b", "\\B", "^", "$", "\\A", "\\Z", "{", "}", "]", "\\n"]
_REPEATS = ["", "", "", "?", "*", "+", "??", "*?", "++", "{2,}", "{0,30}", "{1}", "{x"]
_OPENERS = ["(?:", "(?:", "(?i:", "(?-i:", "(?=", "(?!", "(?<=", "(", "(?>", "(?x:"]


def _pattern() -> st.SearchStrategy[str]:
    plain = st.sampled_from(_ATOMS[:21])  # (the characters read, more often than the rest)
    atom = st.builds(lambda a, r: a + r, st.one_of(plain, st.sampled_from(_ATOMS)), st.sampled_from(_REPEATS))

    def grouped(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        alternatives = st.lists(st.lists(inner, max_size=3).map("".join), min_size=1, max_size=3).map("|".join)
        return st.builds(lambda o, body, r: o + body + ")" + r,
                         st.sampled_from(_OPENERS), alternatives, st.sampled_from(_REPEATS))

    item = st.recursive(atom, grouped, max_leaves=8)
    sequence = st.lists(item, min_size=1, max_size=5).map("".join)
    head = st.sampled_from(["", "", "^", "(?i)", "(?m)^", "(?x)", "(?#c)", "\\A"])
    return st.builds(lambda h, body, alternatives: h + "|".join([body, *alternatives]),
                     head, sequence, st.lists(sequence, max_size=1))


def _parsed_only() -> mock._patch[object]:
    """The analyses as they were: every pattern read from `re`'s parsed form."""
    return mock.patch.object(regex_literals, "_quick_opening", lambda source, flags: None)


def _anchored_by_the_parse(source: str, flags: int) -> bool:
    """`anchored_at_start` read from the parsed form alone."""
    parsed = regex_literals.parsed_form(source, flags)
    return parsed is not None and not parsed.state.flags & re.MULTILINE and regex_literals._opens_at_start(parsed.data)


@settings(max_examples=4000, deadline=None)
@given(_pattern(), st.sampled_from([0, re.IGNORECASE, re.MULTILINE, re.VERBOSE, re.IGNORECASE | re.ASCII]))
@example("^Social Europe$", 0)
@example("^(?:email address|search for:?)$", re.IGNORECASE)
@example("^(?:a)?(?:b|)*c", 0)
@example("^(?:ab|ac)K", re.IGNORECASE)
@example("^(?:\\*\\*)?(?:share|tweet)", re.IGNORECASE)
@example("^(?:a+)+x", 0)
@example("^(?:alternate\\s*)+$", 0)
@example("^(?:a\\s)+x", 0)
@example("^(?:a|b.)*x", 0)
@example("^k\u212a", re.IGNORECASE)
def test_an_opening_read_without_parsing_answers_as_the_parsed_form(source: str, flags: int) -> None:
    try:
        re.compile(source, flags)
    except re.error:
        return  # (only alternatives of compiled patterns are asked)
    regex_literals.parsed_form.cache_clear()
    quick = (regex_literals.scans_far(source, flags), regex_literals.first_chars(source, flags),
             regex_literals.anchored_at_start(source, flags))
    with _parsed_only():
        parsed = (regex_literals.scans_far(source, flags), regex_literals.first_chars(source, flags),
                  _anchored_by_the_parse(source, flags))
    assert quick == parsed


def test_the_common_openings_are_read_without_parsing() -> None:
    """The shapes of a site's rules are read from their text (else the fast path would not serve)."""
    ignore = int(re.IGNORECASE)
    assert regex_literals._quick_opening("^Social Europe$", 0) == ({"S"}, False)
    assert regex_literals._quick_opening("^(?:skip to (?:main )?content|jump to)\\b.*$", ignore) == (
        {"s", "S", "\u017f", "j", "J"}, False)
    assert regex_literals._quick_opening("^(?:\\*\\*)?(?:share|tweet)", ignore) == (
        {"*", "s", "S", "\u017f", "t", "T"}, False)
    assert regex_literals._quick_opening("^←\\s*previous", 0) == ({"←"}, False)
    for left_to_the_parse in ("^\\s*•", "^[a-z]+", "^.*x", "(?i)^a", "^(?:a\\s*)+$", "^_{4,}", "^(?i:a)"):
        assert regex_literals._quick_opening(left_to_the_parse, 0) is None, left_to_the_parse


# --- citation patterns shared by sets of known names ----------------------------------------------

_KNOWN = ["Bellamy Foster", "Van Dijk", "de la Cruz", "Van Dijkstra", "Bellamy", "Mc (Guirk)", "O. Neil", "Ab Cd",
          "Ab Ce", "Žižek Slavoj", "Foster Bellamy"]
_NAME_SETS = st.lists(st.sampled_from(_KNOWN), max_size=4).map(lambda names: tuple(sorted(set(names))))
_WORDS = st.sampled_from([*_KNOWN, "Sassen", "The", "Fosters", "Dijk", "Soja", "et al.", "and", "(1991)",
                          "(2013, 8–12)", "(1991", "(see", "2000)", "(Acuto 2011)", "2011", "(", ")", ";", "2011a",
                          ", 4"])
_GAPS = st.sampled_from(["", " ", ", ", " and ", " & ", "’s ", "; "])
_TEXT = st.lists(st.tuples(_WORDS, _GAPS), max_size=10).map(lambda pairs: "".join(w + g for w, g in pairs))


def _found(text: str, names: tuple[str, ...]) -> object:
    return citations.find_citations(text, names)  # (dataclasses: equal field by field)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_NAME_SETS, min_size=1, max_size=3), _NAME_SETS, st.lists(_TEXT, min_size=1, max_size=3))
@example([("Bellamy Foster",)], (), ["Sassen (1991) and Bellamy Foster (2000)"])
@example([("Bellamy Foster",)], (), ["Foster (2000) (Bellamy 2001)"])
@example([()], ("Bellamy Foster",), ["Bellamy Foster (2000) (see Van Dijk 2001)"])
def test_citations_found_with_patterns_compiled_for_other_names(earlier: list[tuple[str, ...]], names: tuple[str, ...],
                                                                texts: list[str]) -> None:
    citations._part_pattern.cache_clear()
    citations._narrative_pattern.cache_clear()
    citations._compiled_name_sets.cache_clear()
    citations._compiled_narrative_sets.cache_clear()
    for other in earlier:  # (patterns compiled for other sets first, by texts that mention none of the names)
        citations.find_citations("(Name (2000) 2001)", other)
    shared = [_found(text, names) for text in texts]
    with mock.patch.object(citations, "_patterns_for", lambda multiword, text: citations._part_pattern(multiword)), \
            mock.patch.object(citations, "_narrative_for",
                              lambda multiword, text: citations._narrative_pattern(multiword)):
        own = [_found(text, names) for text in texts]
    assert shared == own


def test_a_set_of_names_not_written_in_a_text_shares_the_patterns() -> None:
    citations._part_pattern.cache_clear()
    citations._compiled_name_sets.cache_clear()
    bellamy = citations._patterns_for(("Bellamy Foster",), "(Acuto 2011)")
    assert citations._patterns_for((), "(Soja 2000)") is bellamy
    assert citations._patterns_for((), "(Bellamy Foster 2000)") is not bellamy
