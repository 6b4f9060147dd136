"""Fast paths made for the benchmarks (bench/) change nothing: each is checked against the
straightforward version it replaced, on generated text.

- the mention matcher's trie regex (both its forms: opening with a look-behind, and opening
  with the set of first characters) against a flat "longest variant first" alternation;
- `unwrap_lines.break_at_end` against searching the whole paragraph, and its vocabulary
  counted by Counter against the per-word loop;
- `comparable` and `repeat_key` (str.translate / split) against their regex versions;
- the note-marker patterns that open with a lookahead against the plain lookbehind ones;
- typography's number-range pattern, opening with a digit, against the lookbehind one;
- parse_inline's pattern, opening with a lookahead, against the plain alternation;
- strip_chrome's pull-quote search against comparing every pair of blocks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.apparatus.mentions import _AFTER, _BEFORE, MatchEntry, Matcher
from build_tools.passes import parse_inline, strip_chrome
from build_tools.passes.attribute_turns import comparable
from build_tools.passes.plain_note_markers import _GLUED_DIGITS, _GLUED_SYMBOLS, SYMBOLS
from build_tools.passes.strip_page_furniture import repeat_key
from build_tools.passes.typography import RANGE
from build_tools.passes.unwrap_lines import _BREAK_END, break_at_end, vocabulary

# --- the matcher ------------------------------------------------------------------------------

ENTRIES = [
    MatchEntry("london", ("London",)),
    MatchEntry("lse", ("London School of Economics", "LSE")),
    MatchEntry("ucl", ("University College London",)),
    MatchEntry("city", ("global city", "global cities", "city")),
    MatchEntry("polanyi", ("Polanyi", "Karl Polanyi"), ("Polanyi Institute",)),
    MatchEntry("oneill", ("O'Neill",)),
    MatchEntry("de", ("de-globalization",)),
    # first characters that are not capitals: an apostrophe, lower case, a letter re.escape escapes
    MatchEntry("den-bosch", ("'s-Hertogenbosch",)),
    MatchEntry("gogh", ("van Gogh", "Gogh")),
    MatchEntry("osaka", ("Ōsaka",)),
]
WORDS = st.sampled_from(["London", "School", "of", "Economics", "LSE", "University", "College", "global",
                         "Global", "city", "cities", "City", "Polanyi", "Karl", "Institute", "O’Neill", "O'Neill",
                         "de-globalization", "de", "-", "x", "2012", "(", ")", "’s",
                         "'s-Hertogenbosch", "’s-Hertogenbosch", "s", "van", "Van", "Gogh", "Ōsaka", "ōsaka"])
SEPARATORS = st.sampled_from([" ", "  ", "\u00a0", "", "-", ", ", "\n"])
TEXTS = st.lists(st.tuples(WORDS, SEPARATORS), max_size=14).map(lambda pairs: "".join(w + s for w, s in pairs))


def flat_alternation(entries: list[MatchEntry], fold: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    """The matcher as it was: one named group per variant, longest first."""

    def pattern(variant: str) -> str:
        parts = []
        for index, word in enumerate(variant.split()):
            first = ""
            if index == 0 and fold and word[:1].isalpha():
                first, word = f"[{word[0].lower()}{word[0].upper()}]", word[1:]
            parts.append(first + "".join("['’]" if c in "'’" else re.escape(c) for c in word))
        return r"[\s\u00a0]+".join(parts)

    groups: dict[str, str] = {}
    alternatives = []
    for entry in entries:
        for variant in entry.variants:
            group = f"v{len(groups)}"
            groups[group] = entry.key
            alternatives.append((len(variant), group, pattern(variant)))
    alternatives.sort(key=lambda item: -item[0])
    body = "|".join(f"(?P<{g}>{p})" for _, g, p in alternatives)
    return re.compile(f"{_BEFORE}(?:{body}){_AFTER}"), groups


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.booleans())
def test_the_trie_finds_what_the_flat_alternation_found(text: str, fold: bool) -> None:
    entries = [MatchEntry(e.key, e.variants) for e in ENTRIES]  # exclusions are checked apart
    flat, groups = flat_alternation(entries, fold)
    expected = [(groups[m.lastgroup or ""], m.start(), m.end()) for m in flat.finditer(text)]
    found = [(m.key, m.start, m.end) for m in Matcher(entries, fold_first_letter=fold).finditer(text)]
    assert found == expected


def test_an_excluded_phrase_hides_only_its_own_entry() -> None:
    matcher = Matcher(ENTRIES, fold_first_letter=False)
    assert [m.key for m in matcher.finditer("the Polanyi Institute in London")] == ["london"]
    assert [m.key for m in matcher.finditer("Karl Polanyi, not the Polanyi  Institute")] == ["polanyi"]


# --- unwrap_lines -------------------------------------------------------------------------------

BREAK_TEXTS = st.text(alphabet="ab é-‐\u00ad1_\n.Ω", max_size=14)


@settings(max_examples=500, deadline=None)
@given(BREAK_TEXTS)
def test_break_at_end_equals_searching_the_whole_text(text: str) -> None:
    found, expected = break_at_end(text), _BREAK_END.search(text)
    assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


def vocabulary_word_by_word(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for form in re.findall(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*", text):
        form = form.lower().replace("\u2010", "-")
        counts[form] += 1
        if "-" in form:
            counts[form.split("-")[0] + "-"] += 1
    return counts


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abAB -‐\u00ad1 \nÉé", max_size=40))
def test_vocabulary_counts_as_the_word_loop_did(text: str) -> None:
    assert vocabulary(text) == vocabulary_word_by_word(text)


# --- comparable, repeat_key ---------------------------------------------------------------------

FOLD_TEXTS = st.text(alphabet="a1 \t\n\f\u00a0\u2003‘’“”–—‐e\u0301\x1c\x85″′", max_size=16)


@settings(max_examples=400, deadline=None)
@given(FOLD_TEXTS)
def test_comparable_and_repeat_key_equal_their_regex_versions(text: str) -> None:
    folded = unicodedata.normalize("NFC", text)
    folded = re.sub(r"[‘’‚‛′]", "'", folded)
    folded = re.sub(r"[“”„‟″]", '"', folded)
    folded = re.sub(r"[‐‑‒–—]", "-", folded)
    assert comparable(text) == re.sub(r"\s+", " ", folded).strip()
    assert repeat_key(text) == re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.replace("\f", ""))).strip()


# --- plain note markers -------------------------------------------------------------------------

PLAIN_DIGITS = re.compile(r"(?<=[a-z.,;:!?)’”'\"])(?<!\d[.,])(\d{1,3})(?=[\s.,;:)]|$)")
PLAIN_SYMBOLS = re.compile(rf"(?<=[^\W\d_]|[.,;:!?)’”'\"])([{re.escape(SYMBOLS)}])(?=[\s.,;:)]|$)")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ1 2.,;)’*†\n_", max_size=16))
def test_marker_patterns_find_what_the_lookbehind_versions_found(text: str) -> None:
    assert [m.span(1) for m in _GLUED_DIGITS.finditer(text)] == [m.span(1) for m in PLAIN_DIGITS.finditer(text)]
    assert [m.span(1) for m in _GLUED_SYMBOLS.finditer(text)] == [m.span(1) for m in PLAIN_SYMBOLS.finditer(text)]


# --- typography's number ranges -------------------------------------------------------------------

RANGE_TEXTS = st.text(alphabet="12-.– a", max_size=16)


@settings(max_examples=800, deadline=None)
@given(RANGE_TEXTS)
def test_the_digit_first_range_pattern_replaces_what_the_lookbehind_one_did(text: str) -> None:
    plain = re.compile(r"(?<![\d.-])(\d+)-(\d+)(?!\d|-\d|\.\d)")
    assert RANGE.sub(r"\1–\2", text) == plain.sub(r"\1–\2", text)


# --- parse_inline's pattern ---------------------------------------------------------------------

INLINE_TEXTS = st.text(alphabet="**a b<>:/httpsw.¹²⁰-_\n", max_size=24) | st.lists(
    st.sampled_from(["*", "**", "a", " ", "<https://x.org/a>", "¹", "²³", "x*", "*y", "<", ">", "\n"]),
    max_size=12).map("".join)


@settings(max_examples=800, deadline=None)
@given(INLINE_TEXTS)
def test_the_lookahead_inline_pattern_matches_what_the_plain_alternation_did(text: str) -> None:
    everything = SimpleNamespace(strong=True, emphasis=True, autolinks=True, superscript_notes=True)
    fast = parse_inline._pattern(everything)  # type: ignore[arg-type]
    plain = re.compile("|".join([
        r"\*\*(?P<strong>\S(?:.*?\S)?)\*\*", r"(?<![\*\w])\*(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*(?![\*\w])",
        r"<(?P<url>https?://[^\s<>]+)>", f"(?P<note>[{parse_inline.SUPERSCRIPT_DIGITS}]+)"]))
    assert fast is not None
    assert parse_inline.parse(text, fast) == parse_inline.parse(text, plain)


# --- strip_chrome's pull quotes ------------------------------------------------------------------

PHRASES = st.lists(st.sampled_from(["a", "b", "city", "“", "”", " ", "\x00"]), max_size=12).map(" ".join)


def with_longer_copies(base: list[str], picks: list[int], around: str) -> list[str]:
    """The blocks, and longer blocks that hold some of them (as pull quotes are held)."""
    return base + [around.replace("#", base[i % len(base)]) for i in picks] if base else base


BLOCK_TEXTS = st.builds(with_longer_copies, st.lists(PHRASES, max_size=6), st.lists(st.integers(0, 5), max_size=3),
                        st.sampled_from(["# x", "b #", "“#”", "# # a", "#"]))


@settings(max_examples=800, deadline=None)
@given(BLOCK_TEXTS)
def test_the_pull_quote_search_finds_what_comparing_every_pair_did(folded: list[str]) -> None:
    plain = []
    for index, text in enumerate(folded):
        quote = text.strip(strip_chrome._QUOTES)
        plain.append(len(quote.split()) >= strip_chrome._MIN_PULL_QUOTE_WORDS and any(
            other != index and len(folded[other]) > len(text) and quote in folded[other]
            for other in range(len(folded))))
    assert strip_chrome.repeated_in_a_longer_block(folded) == plain
