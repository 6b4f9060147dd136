"""Fast paths of the second round on the text passes change nothing: each is checked against
the straightforward version it replaced, on generated input.

- parse_inline: the superscripts' set spelled as two sets each repeated by itself (compiled without
  the map of 65,536 characters), against the one set as the profile's pattern writes it.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.passes import parse_inline

# --- parse_inline: the superscripts in two small sets ---------------------------------------------------

SUPERSCRIPT_TEXT = st.text(alphabet=parse_inline.SUPERSCRIPT_DIGITS + "1a *<\u2071\u2080\u00b4\u00b8", max_size=24)


@settings(max_examples=1500, deadline=None)
@given(SUPERSCRIPT_TEXT)
@example("¹²³⁰⁴⁵⁶⁷⁸⁹")
@example("a¹⁰²b³⁴⁹")
def test_the_note_group_matches_the_run_the_one_set_matches(text: str) -> None:
    one_set = re.compile(parse_inline.NOTE)
    small_sets = re.compile(parse_inline._NOTE_IN_SMALL_SETS)
    for position in range(len(text) + 1):
        expected, found = one_set.match(text, position), small_sets.match(text, position)
        assert (expected and expected.span("note")) == (found and found.span("note"))


MARKUP_WORDS = ["*", "**", "a", " ", "<https://a.b>", "¹", "²³", "⁰", "⁴⁹", "¹⁰", "\n", "b c"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(MARKUP_WORDS), max_size=14).map("".join), st.booleans(), st.booleans())
def test_the_pattern_without_strong_matches_as_the_profiles_pattern(text: str, emphasis: bool,
                                                                     autolinks: bool) -> None:
    profile: Any = SimpleNamespace(strong=True, emphasis=emphasis, autolinks=autolinks, superscript_notes=True)
    source = parse_inline._source(profile)
    assert source is not None
    rest = parse_inline._without_strong_branch(source)
    assert rest is not None
    # the same branches with the superscripts as the profile writes them (the one set)
    reference = re.compile(rest.pattern.replace(parse_inline._NOTE_IN_SMALL_SETS, parse_inline.NOTE))
    assert reference.pattern != rest.pattern
    for position in range(len(text) + 1):
        expected, found = reference.match(text, position), rest.match(text, position)
        assert (expected and (expected.span(), expected.groupdict())) == (found and (found.span(), found.groupdict()))
