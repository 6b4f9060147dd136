"""Fast paths of the mid-size passes (attribute_turns, parse_inline, …) against the straightforward
forms they replaced, on generated inputs."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.passes import attribute_turns

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
