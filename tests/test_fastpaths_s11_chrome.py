"""strip_chrome's guarded literals searched in the page's UTF-8 bytes: the blocks found are those
the search in the case-folded text finds (`_blocks_holding_in_text`, the form it replaced)."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.passes import regex_literals, strip_chrome
from build_tools.passes.strip_chrome import GuardedBranch

# Letters in both cases, the four characters that fold to ASCII, letters with case beyond ASCII,
# marks without case, a character beyond the BMP, a line break and a lone surrogate.
CHARACTERS = "abAB cC\u0130\u0131\u017f\u212aK\u00e9\u00c9\u00ab\u2022\u00a9\U0001f600\n\ud800"
TEXTS = st.lists(st.text(alphabet=CHARACTERS, max_size=10), max_size=6)
# A folded literal holds lower-case ASCII and characters without case (`regex_literals._literal_char`);
# an exact one, anything but a line break.
FOLDED_LITERALS = st.frozensets(st.text(alphabet="abck \u00ab\u2022\u00a9\U0001f600", min_size=1, max_size=3),
                                min_size=1, max_size=4)
EXACT_LITERALS = st.frozensets(st.text(alphabet=CHARACTERS.replace("\n", ""), min_size=1, max_size=3),
                               min_size=1, max_size=4)


def _branch(literals: frozenset[str], folded: bool) -> GuardedBranch:
    return GuardedBranch(pattern=None, literals=literals, folded=folded)  # type: ignore[arg-type]


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.one_of(FOLDED_LITERALS.map(lambda ls: (ls, True)),
                                           EXACT_LITERALS.map(lambda ls: (ls, False)))), max_size=3))
def test_the_bytes_find_the_blocks_the_folded_text_finds(texts: list[str],
                                                         branches: list[tuple[tuple[frozenset[str], bool]]]) -> None:
    guarded = tuple(_branch(literals, folded) for ((literals, folded),) in branches)
    expected = strip_chrome._blocks_holding_in_text(guarded, texts, "\n".join(texts))
    assert strip_chrome.blocks_holding(guarded, texts) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abAB c\u00e9\u00c9\u2022", max_size=10), max_size=6), FOLDED_LITERALS)
def test_a_folded_literal_is_found_where_the_texts_lower_case_holds_it(texts: list[str],
                                                                         literals: frozenset[str]) -> None:
    """Against the plain reading (no page with a character that folds to ASCII: the bytes are searched)."""
    found = strip_chrome.blocks_holding((_branch(literals, True),), texts)
    assert found == [{index for index, text in enumerate(texts)
                      if any(literal in text.lower() for literal in literals)}]


def test_the_characters_that_fold_out_of_their_bytes_are_all_known() -> None:
    """The characters beyond ASCII that `fold_case` changes into ASCII, a character without case, or
    more than one character, recomputed from every code point: only a page without them may be
    searched in bytes folded by `bytes.lower` (which leaves every character beyond ASCII as it is)."""
    found = set()
    for code in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        folded = regex_literals.fold_case(char)
        if folded != char and (len(folded) != 1 or folded.isascii() or folded.lower() == folded.upper()):
            found.add(char)
    assert found == set(strip_chrome._FOLDED_TO_ASCII)


# --- strip_chrome: pull quotes looked for in the longer blocks only --------------------------------

WORDY = st.text(alphabet="ab \"“«»'\x00", max_size=24)


@settings(max_examples=2000, deadline=None)
@given(st.lists(WORDY, max_size=7), st.data())
def test_pull_quotes_are_the_blocks_a_longer_block_holds(folded: list[str], data: st.DataObject) -> None:
    # (a block copied into a longer one, as a pull quote is, is drawn too: random texts seldom hold one)
    if folded and data.draw(st.booleans()):
        source = data.draw(st.sampled_from(folded))
        folded.append(data.draw(WORDY) + source + data.draw(WORDY))
    assert strip_chrome.repeated_in_a_longer_block(folded) == strip_chrome._repeated_block_by_block(folded)


def test_a_pull_quote_is_held_by_a_longer_block_only() -> None:
    quote = "one two three four five"
    folded = [quote, quote, f"“{quote}”", f"and {quote} six", "a b c d e f g h i j k", "short"]
    # (a copy of the same length is no source; the quoted copy is longer, and holds the quote)
    assert strip_chrome.repeated_in_a_longer_block(folded) == [True, True, True, False, False, False]
    assert strip_chrome._repeated_block_by_block(folded) == [True, True, True, False, False, False]
    same = ["a b c d e", "a b c d e", "x"]
    assert strip_chrome.repeated_in_a_longer_block(same) == strip_chrome._repeated_block_by_block(same) == [False] * 3
