"""Fast paths made for the benchmarks (bench/) change nothing: each is checked against the
straightforward version it replaced, on generated text.

- the mention matcher's trie regex (both its forms: opening with a look-ahead, and opening
  with the set of first characters) against a flat "longest variant first" alternation;
- `unwrap_lines.break_at_end` against searching the whole paragraph, and its vocabulary
  counted by Counter against the per-word loop;
- `comparable` and `repeat_key` (str.replace / split) against their regex versions;
- the note-marker patterns that open with a lookahead against the plain lookbehind ones;
- typography's number-range pattern, opening with a digit, against the lookbehind one;
- parse_inline's pattern, opening with a lookahead (and its set of first characters searched
  first), against the plain alternation;
- strip_chrome's pull-quote search against comparing every pair of blocks, and its prefilter of
  the site's rules (one joined pattern) against trying rule by rule;
- layout_lines' and strip_page_furniture's tests in Python (a word count, the leader's shape)
  placed before their searches;
- unwrap_lines' vocabulary counted on demand, typography's patterns opening with their character;
- attribute_turns' name labels as one alternation against the loop over the names, and
  find_title's length test before folding a block against folding it;
- the citation parser's test for "(1" / "(2" before its narrative search, and layout_lines'
  length test before folding a line to look it up among the section names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from types import SimpleNamespace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import citations
from build_tools.apparatus.mentions import _AFTER, _BEFORE, MatchEntry, Matcher
from build_tools.passes import (
    attribute_turns,
    classify_page_parts,
    layout_lines,
    parse_inline,
    regex_literals,
    strip_chrome,
    typography,
)
from build_tools.passes.attribute_turns import comparable
from build_tools.passes.plain_note_markers import (
    _GLUED_DIGITS,
    _GLUED_SYMBOLS,
    MAY_HOLD_GLUED_DIGITS,
    MAY_HOLD_SYMBOL,
    SYMBOLS,
)
from build_tools.passes.strip_page_furniture import repeat_key
from build_tools.passes.typography import GLUED_PARENTHESIS, RANGE, RULES, SPACED_HYPHEN
from build_tools.passes.unwrap_lines import _BREAK_END, LazyVocabulary, _unbroken, break_at_end, vocabulary

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

PLAIN_DIGITS = re.compile(r"(?<=[a-z.,;:!?)’”'\"])(?<!\d[.,])(\d{1,3})(?=[\s.,;:)]|$)"
                          r"|(?:(?<=[a-z][.!?][’”)] )|(?<=[a-z][.!?] ))(\d{1,3})(?=\s+[A-Z“]|$)")  # (spaced off)
PLAIN_SYMBOLS = re.compile(rf"(?<=[^\W\d_]|[.,;:!?)’”'\"])([{re.escape(SYMBOLS)}])(?=[\s.,;:)]|$)")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ1 2.,;)’*†\n_", max_size=16))
def test_marker_patterns_find_what_the_lookbehind_versions_found(text: str) -> None:
    assert [m.span(m.lastindex or 0) for m in _GLUED_DIGITS.finditer(text)] \
        == [m.span(m.lastindex or 0) for m in PLAIN_DIGITS.finditer(text)]
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
    assert fast is not None and parse_inline._opening(fast) is not None  # (texts without markup: skipped)
    assert parse_inline._opening(plain) is None
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


# --- strip_chrome's rule prefilter ----------------------------------------------------------------

CHROME_PATTERNS = [r"^Share$", r"(?i)^(?:read more|related(?: posts)?)$", r"(?i)\badvertisement$",
                   r"\(BUTTON\)|^_{4,}$", r"^(?:a|b)c|^.*\bnext post$", r"(?m)^menu$", r"(?s)^x.y$",
                   r"(?im)^Menu$", r"(?:^Feed)", r"(?i:^foo)|bar", r"(?=ab)^a", r"^(x)\1$",
                   # guarded by their literals (tried only on the blocks that hold them)
                   r"(?i)\bshare on (?:x|y)\b", r"^\s*•\s", r"(?i)^(?:foo\b.*|.*\bpowered by x|©.{0,3})$",
                   r"(?i)^.*\bnext (?:post|story)\s*»$", r"(?i)side\b"]
CHROME_RULES = st.lists(st.builds(lambda line, start: strip_chrome.ChromeRule(
    "r", "why", re.compile(line) if line else None, re.compile(start) if start else None),
    st.sampled_from([None, *CHROME_PATTERNS]), st.sampled_from([None, *CHROME_PATTERNS])), max_size=5)
CHROME_TEXTS = st.lists(st.lists(st.sampled_from(["Share", "share", "Read more", "related posts", "Related",
                                                  "advertisement", "(BUTTON)", "____", "ac", "bc", "the next post",
                                                  "menu", "Menu", "x", "\n", "y", "Feed", "foo", "bar", "ab",
                                                  " ", "xx", "\u00a0", "share on ", "SHARE ON ", "ſhare on ", "•",
                                                  "©", "powered by ", "NEXT ", "Story", "»", "sİde", "SIDE", "sıde"]),
                                 max_size=6).map("".join), max_size=6)


@settings(max_examples=800, deadline=None)
@given(CHROME_RULES, CHROME_TEXTS)
def test_the_chrome_prefilter_finds_the_rule_the_rule_by_rule_search_found(rules: list[strip_chrome.ChromeRule],
                                                                          texts: list[str]) -> None:
    plain = [next((r for r in rules if strip_chrome._starts(r, text)), None) for text in texts]
    assert strip_chrome.starting_rules(tuple(rules), texts) == plain


def test_the_chrome_prefilter_is_used_and_anchored_patterns_are_told_apart() -> None:
    """The prefilter above must not pass by always saying "maybe": the site rules join."""
    rules = tuple(strip_chrome.ChromeRule("r", "why", re.compile(p)) for p in CHROME_PATTERNS[:5])
    prefilter = strip_chrome.any_rule_prefilter(rules)
    assert prefilter is not None
    assert prefilter.at_start.match("ordinary running text") is None
    assert not any(pattern.search("ordinary text") for pattern in prefilter.searched)
    # `^Share$`, `^(?:read more…)$`, `^_{4,}$` and `^(?:a|b)c` anchored (they fail at the first characters);
    # `\(BUTTON\)` opens with its character and is searched alone; `\badvertisement$` (a look-around first)
    # and `^.*\bnext post$` (which runs through the text) are guarded by their literals
    assert prefilter.at_start.pattern == (r"(?:^Share$)|(?i:^(?:read more|related(?: posts)?)$)|(?:^_{4,}$)"
                                          r"|(?:^(?:a|b)c)")
    assert [pattern.pattern for pattern in prefilter.searched] == [r"(?:\(BUTTON\))"]
    assert [(branch.pattern.pattern, branch.literals, branch.folded) for branch in prefilter.guarded] == [
        (r"(?i)\badvertisement$", {"advertisement"}, True), (r"^(?:a|b)c|^.*\bnext post$", {"next post"}, False)]
    texts = ["an advertisement", "next", "the NEXT POST", "the next post", "Advertisement here"]
    assert strip_chrome.blocks_holding(prefilter.guarded, texts) == [{0, 4}, {3}]
    assert strip_chrome._opens_with_a_literal(r"\(x", 0) and strip_chrome._opens_with_a_literal("ab", 0)
    assert not strip_chrome._opens_with_a_literal("ab", re.IGNORECASE)
    assert not strip_chrome._opens_with_a_literal("a?b", 0) and not strip_chrome._opens_with_a_literal(r"\bab", 0)
    assert not strip_chrome._opens_with_a_literal("[ab]", 0) and not strip_chrome._opens_with_a_literal("(?:a)", 0)


# --- the literals a pattern cannot match without (regex_literals) ---------------------------------

LITERAL_PATTERNS = [r"(?i)\bshare on (?:x|y)\b", r"^.*\bnext (?:post|article)\s*»$", r"(?i)^(?:a+bc|dé?f|.*ghi)$",
                    r"(?:abc)+|x{2,}yz", r"(?i)ſtop|\bİstan", r"(?i:kelvin)|(?-i:Kelvin)", r"a(?=bcd)bcd",
                    r"(?i)©.{0,3}|straße", r"(?x) a b c  # spaced", r"(?i)(?>abc)d|(?:abc)?", r"[^x]{30,}end"]
LITERAL_TEXTS = st.lists(st.sampled_from(["share", "SHARE", "ſhare", " on ", " ON ", "x", "y", "next ", "NEXT ", "post",
                                          "article", "»", "a", "A", "bc", "BC", "d", "é", "f", "F", "ghi", "GHİ",
                                          "gh", "ı", "abc", "ABC", "yz", "ſtop", "STOP", "İstan", "istan", "ıstan",
                                          "kelvin", "\u212aelvin", "Kelvin", "©", "STRASSE", "straße", "end", " ",
                                          "\n", "-"]), max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(LITERAL_PATTERNS), LITERAL_TEXTS)
def test_a_text_a_pattern_matches_holds_the_literals_it_requires(pattern: str, text: str) -> None:
    needs = regex_literals.required_literals(pattern)
    if needs is None or re.search(pattern, text) is None:
        return
    clauses, folded = needs
    haystack = regex_literals.fold_case(text) if folded else text
    assert len(haystack) == len(text)
    assert all(any(literal in haystack for literal in clause) for clause in clauses), (pattern, text, clauses)


def test_required_literals_reads_what_patterns_need() -> None:
    assert regex_literals.required_literals(r"(?i)\bshare on (?:x|y)\b") == ((frozenset({"share on "}),), True)
    assert regex_literals.required_literals(r"^.*\bnext (?:post|article)\s*»$") == (
        (frozenset({"next "}), frozenset({"post", "article"}), frozenset({"»"})), False)
    assert regex_literals.required_literals(r"(?:abc|.*)") is None  # an alternative needs nothing
    assert regex_literals.required_literals(r"(?:ab)?c") is None  # too short; the optional group not read
    assert regex_literals.required_literals(r"a(?i:bcd)e") is None  # a group with flags of its own is not read
    assert regex_literals.required_literals("(") is None


def test_the_case_folds_that_str_lower_misses_are_all_known() -> None:
    """`fold_case` must make a text hold a literal wherever `re.IGNORECASE` finds it: the code points
    that IGNORECASE matches to an ASCII letter and `str.lower` does not map to it, recomputed."""
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    found = {code: chr(code).lower() for code in range(0x80, 0x110000)
             if ascii_letter.fullmatch(chr(code)) and not chr(code).lower().isascii()}
    assert {code: re.sub("[^a-z]", "", regex_literals.fold_case(chr(code))) for code in found} == {
        code: next(c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(c, chr(code), re.IGNORECASE))
        for code in found}
    assert set(found) == set(regex_literals.IGNORECASE_EXTRA_FOLDS)


def test_scans_far_tells_the_anchored_patterns_that_run_through_the_text() -> None:
    assert regex_literals.scans_far(r"^.*\bnext post$") and regex_literals.scans_far(r"^\s*•\s")
    assert regex_literals.scans_far(r"^(?:a|.+b)") and regex_literals.scans_far(r"^[^x]{30}")
    assert not regex_literals.scans_far(r"^Social Europe$") and not regex_literals.scans_far(r"^_{4,}")
    assert not regex_literals.scans_far(r"^\w{2,5}:") and regex_literals.scans_far("(")


# --- layout_lines, strip_page_furniture: tests in Python before the searches ----------------------

LEADER_TEXTS = st.text(alphabet=". 12R\u0663a\t", max_size=16)


@settings(max_examples=800, deadline=None)
@given(LEADER_TEXTS)
def test_a_line_the_leader_test_rules_out_has_no_leader(line: str) -> None:
    if layout_lines._LEADER.search(line):
        assert layout_lines.may_have_leader(line)


def looks_like_heading_searching_first(text: str) -> bool:
    """`_looks_like_heading` as it was, without the word count first."""
    text = re.sub(r"(?<=[^\W\d_])\d{1,3}$", "", text)
    if not text or len(text.split()) > layout_lines._HEADING_WORDS or layout_lines._CLOSING.search(text) \
            or layout_lines._LEADER.search(text) or text.endswith(("-", "\u2010", "\u00ad")) \
            or layout_lines.CAPTION.match(text):
        return False
    return layout_lines._title_words(layout_lines._OUTLINE.sub("", text, count=1))


HEADING_TEXTS = st.lists(st.sampled_from(["Results", "of", "the", "Study", "a", "12", "x3", " ", "  ", "\n", "."]),
                         max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(HEADING_TEXTS)
def test_looks_like_heading_says_what_it_said_before_the_word_count_came_first(text: str) -> None:
    assert layout_lines._looks_like_heading(text) == looks_like_heading_searching_first(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a \n\t\u00a0", max_size=40), st.integers(0, 8))
def test_a_split_bounded_by_maxsplit_counts_past_the_bound_as_the_full_split(text: str, bound: int) -> None:
    assert (len(text.split(maxsplit=bound)) > bound) == (len(text.split()) > bound)


# --- unwrap_lines' vocabulary counted on demand --------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abAB -‐\u00ad\n", max_size=40), st.sampled_from(["ab", "a-", "ab-ab", "aab", "b"]))
def test_the_lazy_vocabulary_counts_what_the_vocabulary_counted(text: str, word: str) -> None:
    assert LazyVocabulary(text)[word] == vocabulary(_unbroken(text))[word]


# --- typography's patterns that open with their character ----------------------------------------


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="a-( Ab\t:;\n", max_size=16))
def test_the_typography_patterns_replace_what_the_lookbehind_ones_did(text: str) -> None:
    assert SPACED_HYPHEN.sub("–", text) == re.sub(r"(?<=\S )-(?= \S)", "–", text)
    assert GLUED_PARENTHESIS.sub(" (", text) == re.sub(r"(?<=[a-z])\((?=[A-Z])", " (", text)
    for rule in RULES:  # what a rule needs is in every text it changes
        if rule.pattern.search(text):
            assert any(needed in text for needed in rule.needs), rule.name


# --- the digit-first guards before the glued-marker searches --------------------------------------


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="aZ1 2.,;:!?)’”'\"\n_-*†\ue001", max_size=14))
@example("principles. 19")  # (markers spaced off a sentence's end)
@example("it.” 2 Then")
def test_a_text_the_glued_marker_guards_rule_out_has_no_glued_marker(text: str) -> None:
    if layout_lines._GLUED.search(text):
        assert layout_lines.MAY_HOLD_GLUED.search(text)
    if _GLUED_DIGITS.search(text):
        assert MAY_HOLD_GLUED_DIGITS.search(text)
    if _GLUED_SYMBOLS.search(text):
        assert MAY_HOLD_SYMBOL.search(text)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.booleans())
def test_exclusions_hide_what_searching_each_text_for_them_hid(text: str, fold: bool) -> None:
    """The matcher looks for excluded phrases only once a mention they could hide is found."""
    matcher = Matcher(ENTRIES, fold_first_letter=fold)
    excluded = matcher._excluded_spans(text)
    plain = [(m.key, m.start, m.end) for m in Matcher([MatchEntry(e.key, e.variants) for e in ENTRIES],
                                                      fold_first_letter=fold).finditer(text)
             if not any(m.key in keys and start <= m.start and m.end <= end for keys, start, end in excluded)]
    assert [(m.key, m.start, m.end) for m in matcher.finditer(text)] == plain


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="a1 .*†‡§\ue001,\n", max_size=12))
def test_the_symbol_first_glued_symbol_pattern_finds_what_the_lookbehind_one_did(text: str) -> None:
    assert layout_lines._GLUED_SYMBOL.findall(text) == re.findall(layout_lines.GLUED_SYMBOL_PLAIN, text)


# --- attribute_turns' name labels: one alternation for the loop over the names ---------------------

LABEL_NAMES = ["Jane Doe", "Jane", "Doe", "JANE DOE", "R.W.", "Robin Wilson", "Robin", "Ann", "Ann Lee"]


def name_label_by_loop(names: list[str], text: str) -> tuple[str, int] | None:
    """The loop it replaced: each name, longest first, tried as a pattern of its own."""
    for name in sorted(names, key=len, reverse=True):
        found = re.match(r"^(?:\*\*|__)?" + re.escape(name) + r"(?:\*\*|__)?\s+(?=[A-Z“\"‘'])", text)
        if found is not None and len(name) > 3:
            return name, found.end()
    return None


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(LABEL_NAMES), unique=True),
       st.lists(st.sampled_from([*LABEL_NAMES, "**", "__", " ", "  ", "What", "why", "“So", "Lee"]), max_size=5))
def test_the_name_label_alternation_finds_what_the_loop_found(names: list[str], words: list[str]) -> None:
    text = "".join(words)
    found = attribute_turns._name_label(text, attribute_turns._name_label_order(dict.fromkeys(names, "")))
    assert found == name_label_by_loop(names, text)


# --- find_title's test of a block's length before folding it ----------------------------------------


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="aB .*_#[]()!|-–ß\u00a0\n’", max_size=30), st.integers(0, 20))
def test_a_block_find_title_skips_folds_longer_than_the_longest_title_line(text: str, length: int) -> None:
    if classify_page_parts._surely_longer(text, length):
        assert len(classify_page_parts.bare(text).rstrip(".")) > length


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="aB .*_#[]()!|\n", max_size=60), st.integers(0, 25))
def test_find_titles_length_test_reads_a_beginning_as_the_whole_text(text: str, length: int) -> None:
    # the bound of the first characters settles a long text: the same answer as the whole text's bound
    assert classify_page_parts._surely_longer(text, length) == \
        ("](" not in text and classify_page_parts._kept(text) > length)


# --- the string tests before the citation parser's narrative search and layout_lines' casefold ---------


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="Ab (12)09,’s-\n", max_size=24))
@example("Sassen (1991)")
@example("Harvey’s (2012, 4)")
def test_a_text_without_a_parenthesis_opening_with_a_year_has_no_narrative_citation(text: str) -> None:
    _part, narrative, _bare = citations._patterns(("Bellamy Foster",))
    if narrative.search(text):
        assert "(1" in text or "(2" in text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aAßẞﬁİı .", max_size=12))
def test_a_line_longer_than_every_name_folds_to_none_of_them(line: str) -> None:
    state = layout_lines._State(references=("references", "ss", "ﬁ".casefold()), known=("appendix", "i̇"))
    if line.casefold() in (*state.references, *state.known):
        assert state.folded_name(line) == line.casefold()


# --- typography: the rules' tests in Python before their patterns --------------------------------

TYPOGRAPHY_TEXTS = st.text(alphabet="12\u0663\u0661-.: ;\ta(x", max_size=24)


@settings(max_examples=2000, deadline=None)
@given(TYPOGRAPHY_TEXTS)
def test_the_typography_rules_python_tests_pass_every_text_their_patterns_match(text: str) -> None:
    rules = {rule.name: rule for rule in typography.RULES}
    for name, test in (("range-en-dash", typography.digit_hyphen_digit),
                       ("no-space-before-colon", typography.space_before_colon)):
        rule = rules[name]
        assert rule.may_match is test
        if rule.pattern.search(text) is not None:
            assert test(text), (name, text)
        # and the test is no stub: it says no where no hyphen or mark has the neighbours it wants
        if name == "range-en-dash" and not re.search(r"\d-\d", text):
            assert not test(text)
        if name == "no-space-before-colon" and not re.search(r"[ \t][:;]", text):
            assert not test(text)


# --- attribute_turns: a turn's opening words compared with the start of a paragraph ----------------

OPENING_TEXTS = st.text(alphabet="ab \u00a0’'“\u0301\u0323\u0300éq\u1100\u1161\u11a8\u0b47\u0b3e—-\n",
                        min_size=40, max_size=120)


@settings(max_examples=3000, deadline=None)
@given(OPENING_TEXTS, OPENING_TEXTS, st.integers(0, 40))
def test_opens_with_answers_as_folding_the_whole_paragraph(text: str, other: str, take: int) -> None:
    for wanted in (comparable(text)[:take], comparable(other)[:take]):  # a true opening, and any other
        assert attribute_turns.opens_with(text, wanted) == comparable(text).startswith(wanted), (text, wanted)


# --- strip_chrome: a page's blocks folded for the pull-quote comparison at once ----------------------


@settings(max_examples=800, deadline=None)
@given(st.lists(st.text(alphabet="aE ß\u03a3\ufb01\u0301\u0327e\u1100\u1161\u00a0\n“’—-\x00", max_size=10), max_size=5))
def test_a_page_folded_at_once_is_each_block_folded_alone(texts: list[str]) -> None:
    assert strip_chrome.folded_for_comparison(texts) == [comparable(text).casefold() for text in texts]


# --- a set of characters tested by `str.find` in an ASCII text -----------------------------------


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([r"[\*<⁰¹²³⁴⁵⁶⁷⁸⁹]", "[a-c*]", "x", "[<>]", r"[\d*]", "[^a]", "(?i)[a]", "ab"]),
       st.text(alphabet="abcx*<>¹9 \u00e9", max_size=12))
def test_a_set_of_characters_is_read_as_the_characters_it_matches(source: str, text: str) -> None:
    chars = regex_literals.set_characters(source)
    if chars is None:  # (a class, a negation, a flag, two characters: not read)
        assert source in (r"[\d*]", "[^a]", "(?i)[a]", "ab")
        return
    assert (re.search(source, text) is not None) == any(char in chars for char in text)


@settings(max_examples=600, deadline=None)
@given(INLINE_TEXTS)
def test_the_markup_test_by_characters_says_what_the_opening_set_says(text: str) -> None:
    everything = SimpleNamespace(strong=True, emphasis=True, autolinks=True, superscript_notes=True)
    pattern = parse_inline._pattern(everything)  # type: ignore[arg-type]
    assert pattern is not None
    may_open, opening = parse_inline._may_open(pattern), parse_inline._opening(pattern)
    assert may_open is not None and opening is not None
    assert may_open(text) == (opening.search(text) is not None)
    assert may_open(text + "a") == (opening.search(text + "a") is not None)  # (ASCII or not)


ANCHORED = ["^a", "(?:^a)|(?:^b)", r"\Aab", "(?>^a)b", "^(a)\\1", "^a|b", "(?m)^a", "(?m:^a)", "a^", "(?=^a)a",
            "(?:^a|x)", "^$"]


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(ANCHORED), st.text(alphabet="abx\n", max_size=8))
def test_a_pattern_read_as_anchored_at_the_start_matches_only_there(source: str, text: str) -> None:
    if regex_literals.anchored_at_start(source):
        assert (re.search(source, text) is None) == (re.match(source, text) is None)
    else:
        assert source in ("^a|b", "(?m)^a", "(?m:^a)", "a^", "(?=^a)a", "(?:^a|x)")


# --- anchored chrome rules tried by a block's first character ----------------------------------------

FIRST_PATTERNS = ["^Share$", "(?i:^«x|^←y)", "(?i:^(?:read more|related(?: posts)?)$)", "^_{4,}$", "^(?:a|b)c",
                  "^[a-z]+,", "(?i)^kelvin", "(?i:^ſtop|^İx)", "^(?:«\\s*)?prev", "^\\s*•", "^$", "^(?=S)Sh",
                  "^#.*Feed", "(?i:^[a-c]x)", "^É", "(?i:^é)", "^(?:x*)y", "^(?:ab)?c", "^[^a]b", "^\\w"]
FIRST_TEXTS = st.lists(st.sampled_from(["Share", "«X", "←Y", "share", "SHARE", "Read more", "related", "____", "ac",
                                        "bc", "a,",
                                        "KELVIN", "\u212aelvin", "ſtop", "STOP", "İx", "ix", "«", " prev", "prev",
                                        "•", "", "#", "Feed", "Ax", "É", "é", "y", "xy", "c", "abc", "bb", "z"]),
                       max_size=4).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(FIRST_PATTERNS), FIRST_TEXTS)
def test_a_pattern_matches_only_texts_whose_first_character_it_names(source: str, text: str) -> None:
    keys = regex_literals.first_keys(source)
    if keys is not None and re.match(source, text):
        assert regex_literals.fold_case(text[:1]) in keys


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(FIRST_PATTERNS), max_size=6), FIRST_TEXTS)
def test_anchored_rules_by_first_character_match_where_their_alternation_does(alternatives: list[str],
                                                                             text: str) -> None:
    scoped = [f"(?:{alternative})" if not alternative.startswith("(?i") else alternative.replace("(?i)", "(?i:") +
              (")" if alternative.startswith("(?i)") else "") for alternative in alternatives]
    expected = re.match("|".join(scoped) or "(?!)", text) is not None
    anchored = [strip_chrome.Anchored(alternative, regex_literals.first_chars(alternative), None)
                for alternative in scoped]
    rules = strip_chrome.AnchoredRules(anchored)
    assert [rules.match(text) is not None for _ in range(3)] == [expected] * 3  # each alternative alone
    joining = strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER
    try:
        # the selected alternatives joined at the second block they serve
        strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER = 2, 0
        rules = strip_chrome.AnchoredRules(anchored)
        assert [rules.match(text) is not None for _ in range(3)] == [expected] * 3
    finally:
        strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER = joining


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="aΐß[]()!*_# ’—\n", max_size=20))
def test_a_block_find_title_skips_as_too_short_folds_no_longer_than_it_allows(text: str) -> None:
    assert len(classify_page_parts.bare(text)) <= len(text) * classify_page_parts._MOST_FOLDED_GROWTH


def test_no_character_casefolds_longer_than_find_title_allows() -> None:
    longest = max(len(chr(code).casefold()) for code in range(0x110000))
    assert longest <= classify_page_parts._MOST_FOLDED_GROWTH


def test_anchored_rules_tell_an_uncased_first_mark_under_ignorecase() -> None:
    # "«" and "←" have no case: read under IGNORECASE too, so that such a rule is not tried on every block
    assert regex_literals.first_keys("(?i:^(?:«\\s*)?previous)") == frozenset("«p")
    assert regex_literals.first_keys("(?i)^←") == frozenset("←")
    assert regex_literals.first_keys("(?i)^é") is None  # (a letter with case: not told)
