"""Fast paths of the mid-size passes (attribute_turns, parse_inline, …) against the straightforward
forms they replaced, on generated inputs."""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.passes import attribute_turns, parse_inline

# --- attribute_turns: a name label without a colon told by str methods, not a pattern per text -------

_NAMES = ["Jane Doe", "Jane", "JANE DOE", "R.W.", "Robin Wilson", "Robin", "Ann Lee", "**Bo Li", "Bo Li", "Bo Li**",
          "Ann_", "A.B."]


def name_label_by_pattern(names: list[str], text: str) -> tuple[str, int] | None:
    """The pattern it replaced: one alternation of the names, longest first, compiled per text."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True) if len(name) > 3)
    pattern = re.compile(rf"^(?:\*\*|__)?(?P<name>{alternatives or '(?!)'})(?:\*\*|__)?\s+(?=[A-Z“\"‘'])")
    found = pattern.match(text)
    return (found.group("name"), found.end()) if found else None


@settings(max_examples=1500, deadline=None)
@example(["**Bo Li", "Bo Li"], ["**Bo Li", " ", "What"])  # the bold before the name is tried first
@given(st.lists(st.sampled_from(_NAMES), unique=True),
       st.lists(st.sampled_from([*_NAMES, "**", "__", "*", "_", " ", "  ", "\u00a0", "\x1c", "\u2003", "\n",
                                 "What", "why", "“So", "‘", "'", "\"", "”", "Lee", "É", "Z"]), max_size=6))
def test_the_name_label_found_by_str_methods_is_the_patterns(names: list[str], words: list[str]) -> None:
    text = "".join(words)
    order = attribute_turns._name_label_order(dict.fromkeys(names, "x"))
    assert attribute_turns._name_label(text, order) == name_label_by_pattern(names, text)


# --- parse_inline: the opening set's candidates listed by str.find, the set not compiled ------------------

_INLINE_PIECES = ["*", "**", "a", " ", "<", ">", "<https://x.y>", "¹", "²", "⁴", "⁰", "\u2071", "µ", "’", "\n", "_"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_INLINE_PIECES), max_size=14).map("".join), st.integers(0, 15),
       st.sampled_from([(True, True, True, True), (True, True, False, True), (True, False, True, False),
                        (True, True, True, False)]))
def test_the_matches_at_listed_candidates_are_the_searches_of_the_compiled_opening(
        text: str, position: int, switches: tuple[bool, bool, bool, bool]) -> None:
    strong, emphasis, autolinks, notes = switches
    profile = SimpleNamespace(strong=strong, emphasis=emphasis, autolinks=autolinks, superscript_notes=notes)
    source = parse_inline._source(profile)  # type: ignore[arg-type]
    assert source is not None
    rest, opening, listed = (parse_inline._without_strong_branch(source), parse_inline._opening_of(source),
                             parse_inline._opening_characters(source))
    if rest is None:
        return
    assert opening is not None and listed is not None
    candidates = parse_inline._opening_positions(text, listed[1] if text.isascii() else listed[0])
    assert candidates == [m.start() for m in opening.finditer(text)]
    fast = parse_inline._match_at_candidates(rest, candidates, text, position)
    slow = parse_inline._search(rest, opening, text, position)
    assert (fast and fast.span()) == (slow and slow.span())
    assert parse_inline.parse_strong(text, source) == parse_inline.parse_with_regex(text, re.compile(source))

