"""strip_chrome's fast paths of the second round of session 11:

- `spaced_once`: a text whose words are parted by single spaces is returned as it is, where
  `" ".join(text.split())` splits and joins it (the folding of the pull-quote comparison).
"""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.passes import strip_chrome

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
