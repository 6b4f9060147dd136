"""Fast paths of the one-time work of a run (a profile's rules read, reference entries parsed) change
nothing: each is checked against the straightforward version it replaced, on generated input.

- the analyses of `regex_literals` read one shared parsed form (`parsed_form`), which none of them
  changes: asked in any order, they answer as on a fresh parse;
- `regex_literals.scans_far` reads past a zero-width or optional opening ("^\\b.*x"), and says "far"
  wherever the first reading did;
- strip_chrome's anchored alternatives tried by their rule's whole pattern (compiled when the profile
  was read) instead of alone: the same rules found at every block, and a pattern with an alternative
  that runs far never stands in; a page's blocks tried at once, grouped by their first character,
  against the alternation;
- a pattern's top-level alternatives found by a search for the characters that open or close
  something, against the loop over every character;
- a reference entry's title cut at the first sentence end by a search that opens with the stop,
  against the split by the pattern that opened with a look back;
- an editor's phrase found by its words, quotes made straight, against its compiled pattern;
- parse_inline's pattern without its strong branch, its look-ahead and its superscripts' set of
  four runs, against the regular expression's own matches (the whole pattern is not compiled);
- the first characters of a pattern's matches as a text has them (`first_chars`), each case of a
  letter the pattern ignores the case of: against `re.match`, and the characters IGNORECASE matches
  to an ASCII one found among every code point;
- the anchors' slug of a name or year of ASCII letters and digits, against `slugify`.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import references
from build_tools.passes import emendations, parse_inline, regex_literals, strip_chrome
from build_tools.passes.anchor_headings import slugify
from build_tools.passes.reference_entries import _slug

# --- one parsed form shared by the analyses ---------------------------------------------------------

ANALYSED = [r"^Social Europe$", r"^\s*•\s", r"(?i)\bshare on (?:x|y)\b", r"^(?:«\s*)?previous (?:post|article)\b.*",
            r"^.*\bnext (?:post|article)\s*»$", r"^(?:a|.+b)", r"[*<¹²]", r"[0-9]", r"x", r"(?i)^kelvin", r"^$",
            r"(?i:^[a-c]x)", r"^\b.*x", r"^(?=.*x)a", r"^(?:a)?.*x", r"(", r"(?i)©.{0,3}|straße", r"(?m)^a"]


def _analyses(source: str) -> tuple[Any, ...]:
    return (regex_literals.required_literals(source), regex_literals.scans_far(source),
            regex_literals.set_characters(source), regex_literals.anchored_at_start(source),
            regex_literals.first_keys(source), regex_literals.required_literals(source, re.IGNORECASE),
            regex_literals.first_keys(source, re.IGNORECASE))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ANALYSED), min_size=1, max_size=8))
def test_the_analyses_answer_on_the_shared_parse_as_on_a_fresh_one(sources: list[str]) -> None:
    regex_literals.parsed_form.cache_clear()
    shared = [_analyses(source) for source in sources]  # (later ones read forms the earlier ones read)
    fresh = []
    for source in sources:
        regex_literals.parsed_form.cache_clear()
        fresh.append(_analyses(source))
    assert shared == fresh


# --- scans_far reads past a zero-width or optional opening -------------------------------------------


def _first_reading(items: list[tuple[Any, Any]]) -> bool:
    """`scans_far` as it was: the first item only."""
    sre = regex_literals.sre
    if not items:
        return False
    op, arg = items[0]
    if op is sre.SUBPATTERN:
        return _first_reading(list(arg[3]))
    if op is sre.ATOMIC_GROUP:
        return _first_reading(list(arg))
    if op is sre.BRANCH:
        return any(_first_reading(list(alternative)) for alternative in arg[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        _low, high, body = arg
        return (high > regex_literals._FAR and regex_literals._broad(list(body))) or _first_reading(list(body))
    return False


FAR_PIECES = ["^", "a", "b", ".*", r"\s*", r"\b", "(?=.*x)", "(?!y)", "(?:a)?", "(?:a|.+)", "x{2,5}", "[^x]{30}",
              "(?:ab)*", r"\w+", "(?>a)", "(?:.*a|b)"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(FAR_PIECES), min_size=1, max_size=4).map("".join))
def test_scans_far_says_far_wherever_the_first_reading_did(source: str) -> None:
    parsed = regex_literals.sre_parse.parse(source)
    items = list(parsed)
    if items and items[0] == (regex_literals.sre.AT, regex_literals.sre.AT_BEGINNING):
        items = items[1:]
    if _first_reading(items):
        assert regex_literals.scans_far(source)


def test_scans_far_reads_past_what_may_match_nothing() -> None:
    for far in (r"^\b.*x", r"^(?=.*x)a", r"^(?:a)?.*x", r"^(?:«\s*)?\s*x", r"^(?:a|)[^b]{30}"):
        assert regex_literals.scans_far(far), far
    for near in (r"^(?:«\s*)?previous", r"^a.*x", r"^\bab", r"^(?=a)abc", r"^(?:a)?b.*", r"\badvertisement$"):
        assert not regex_literals.scans_far(near), near


# --- strip_chrome: anchored alternatives tried by their whole pattern ---------------------------------

# Patterns of several alternatives: anchored ones with unanchored siblings, one running far
STAND_IN_PATTERNS = [r"^Share$|^Tweet$", r"(?i)^(?:read more|related)$|\bsee also\b", r"^_{4,}$|\(BUTTON\)|^menu$",
                     r"^(?:a|b)c|^.*\bnext post$", r"^ab|^ba|x$", r"(?i)^kelvin|^«x|side\b", r"^#.*Feed|^alt(?:\s*)+$",
                     r"^x|^.*y", r"(?s)^x.y|^yy", r"^[a-c]x|^\w+z$", r"^(?:«\s*)?prev|^←", r"^a$", r"(?i)^ſtop|^İx"]
STAND_IN_WORDS = ["Share", "Tweet", "read more", "Related", "see also", "____", "(BUTTON)", "menu", "ac", "bc",
                  "next post", "ab", "ba", "x", "y", "KELVIN", "\u212aelvin", "«x", "side", "#", "Feed", "alt", " ",
                  "\n", "z", "« prev", "←", "a", "ſtop", "STOP", "İx", "ix"]
STAND_IN_TEXTS = st.lists(st.lists(st.sampled_from(STAND_IN_WORDS), max_size=5).map("".join), max_size=8)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.builds(lambda line, start: strip_chrome.ChromeRule(
    "r", "why", re.compile(line) if line else None, re.compile(start) if start else None),
    st.sampled_from([None, *STAND_IN_PATTERNS]), st.sampled_from([None, *STAND_IN_PATTERNS])), max_size=5),
    STAND_IN_TEXTS, st.booleans())
def test_anchored_alternatives_tried_by_their_pattern_find_the_rule_the_rules_find(
        rules: list[strip_chrome.ChromeRule], texts: list[str], join_soon: bool) -> None:
    plain = [next((r for r in rules if strip_chrome._starts(r, text)), None) for text in texts]
    strip_chrome.any_rule_prefilter.cache_clear()
    joining = strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER
    try:
        if join_soon:  # (the alternatives a first character selects joined at the second block they serve)
            strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER = 2, 0
        for _ in range(3):
            assert strip_chrome.starting_rules(tuple(rules), texts) == plain
    finally:
        strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER = joining
        strip_chrome.any_rule_prefilter.cache_clear()


def test_a_pattern_stands_in_for_its_anchored_alternatives_unless_one_runs_far() -> None:
    near, far, one = re.compile(r"^ab|^ba|x$"), re.compile(r"^ac|^.*\bnext$"), re.compile(r"^(?:«\s*)?prev")
    prefilter = strip_chrome.any_rule_prefilter((strip_chrome.ChromeRule("near", "why", near),
                                                 strip_chrome.ChromeRule("far", "why", far),
                                                 strip_chrome.ChromeRule("one", "why", one)))
    assert prefilter is not None
    stand_ins = {alternative.scoped: alternative.stand_in for alternative in prefilter.at_start._alternatives}
    # `x$` is tried at a block's start only; `^.*\bnext$` would run through every block starting with "a"
    assert stand_ins == {"(?:^ab)": near, "(?:^ba)": near, "(?:^ac)": None, r"(?:^(?:«\s*)?prev)": one}
    assert [pattern.pattern for pattern in prefilter.searched] == ["(?:x$)"]
    # the two alternatives of `near` that the first character "a" or "b" selects: its pattern, tried once
    alone = strip_chrome._compiled_alone("(?:^ac)")
    assert prefilter.at_start._matchers(prefilter.at_start._by_key["a"])[0] == (near.match, alone.match)


def _branches_as_they_were(source: str) -> list[str]:
    """`top_level_branches` as it was: a loop over every character."""
    branches: list[str] = []
    depth, start, index, in_set = 0, 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            index += 1 if source[index + 1:index + 2] == "^" else 0
            index += 1 if source[index + 1:index + 2] == "]" else 0
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(source[start:index])
            start = index + 1
        index += 1
    branches.append(source[start:])
    return branches


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="a|()[]^\\\n", max_size=14))
@example(r"[]|]|a")
@example(r"[^]|]|a")
@example(r"(?:a|b)|\||[\]|]")
@example("a\\")
def test_the_top_level_branches_are_those_the_character_loop_found(source: str) -> None:
    # (a source whose groups do not balance is now one piece, where the loop split it anyway)
    balanced = regex_literals._structure(source).balanced
    expected = _branches_as_they_were(source) if balanced else [source]
    assert regex_literals.top_level_branches(source) == expected


def test_global_flags_after_the_leading_ones_are_not_taken_apart() -> None:
    # ("(?i:(?s)^x)" does not compile: the rules are then tried one by one, as for a pattern with groups)
    assert strip_chrome._alternatives(re.compile(r"(?i)(?s)^x.y")) is None
    assert strip_chrome._alternatives(re.compile(r"(?i)(?:^x)|y")) == [("(?:^x)", "(?i:(?:^x))"), ("y", "(?i:y)")]


# --- a reference entry's title: up to the first sentence end ------------------------------------------

_SENTENCE_END_AS_IT_WAS = re.compile(r"(?<=[^\s.][.?!])\s+(?=\S)|(?<=[^\s.][.?!][’”])\s+(?=\S)")


def _split_as_it_was(text: str) -> tuple[str, str]:
    parts = _SENTENCE_END_AS_IT_WAS.split(text, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab .?!’”\"\n\t\u00a0", max_size=16))
@example("Title. Rest")
@example("“Quoted.” Rest")
@example("a.” b")
@example("a.. b")
@example(". a")
@example("ab.  ")
def test_the_title_is_cut_where_the_look_back_split_cut_it(text: str) -> None:
    assert references.split_at_sentence_end(text) == _split_as_it_was(text)


# --- the anchors' slugs ----------------------------------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="aZ09é-. ’ÅßΣ\u00b2ǅ", max_size=8))
@example("2014")
@example("n.d.")
@example("")
@example("Acuto")
def test_a_slug_of_ascii_letters_and_digits_is_the_slugify_one(text: str) -> None:
    assert _slug(text) == slugify(text)


# --- a pattern anchored at the start, read without parsing it ---------------------------------------------

ANCHOR_PIECES = ["^", r"\A", "a", "b", "|", "(?:", ")", "[|]", r"\|", "(?m)", "(?#|)", "x*", "$", "(?=a)", "[]|]"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(ANCHOR_PIECES), min_size=1, max_size=6).map("".join),
       st.text(alphabet="ab|x\n", max_size=6), st.sampled_from([0, re.MULTILINE, re.VERBOSE]))
def test_a_pattern_read_as_anchored_without_parsing_matches_only_at_the_start(source: str, text: str,
                                                                              flags: int) -> None:
    try:
        pattern = re.compile(source, flags)
    except re.error:
        return
    regex_literals.parsed_form.cache_clear()
    parsed = regex_literals.parsed_form(source, flags)
    by_parse = not parsed.state.flags & re.MULTILINE and regex_literals._opens_at_start(parsed.data)
    assert regex_literals.anchored_at_start(source, flags) == by_parse
    if by_parse:
        assert (pattern.search(text) is None) == (pattern.match(text) is None)


# --- an editor's phrase found without compiling its pattern ------------------------------------------------

PHRASE_ALPHABET = "ab '‘’\"“”\t\n\u00a0\x1c"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=PHRASE_ALPHABET, max_size=6), st.text(alphabet=PHRASE_ALPHABET, max_size=20))
@example("a b", "a  b a\tb ab a\u00a0b")
@example("that's \"it\"", "that’s “it” and that's \"it\"")
@example("aa", "aaaaa")
@example(" ", "a b")
@example("", "ab")
def test_a_phrase_is_found_where_its_pattern_matches(phrase: str, text: str) -> None:
    expected = [match.group(0) for match in emendations.anchor_pattern(phrase).finditer(text)]
    assert emendations.phrase_matches(text, phrase) == expected


# --- parse_inline: the pattern without its strong branch -----------------------------------------------


def test_the_superscripts_in_small_sets_are_the_superscripts() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    one_set = re.compile(parse_inline.NOTE).findall(every_character)
    two_sets = re.compile(parse_inline._NOTE_IN_SMALL_SETS).findall(every_character)
    assert one_set == two_sets and sorted("".join(one_set)) == sorted(parse_inline.SUPERSCRIPT_DIGITS)


MARKUP_WORDS = ["*", "**", "a", " ", "<https://a.b>", "¹", "²³", "⁰", "⁴⁹", "\n", "_", "b c"]
MARKUP_PIECES = st.lists(st.sampled_from(MARKUP_WORDS), max_size=14).map("".join)


@settings(max_examples=800, deadline=None)
@given(MARKUP_PIECES, st.booleans(), st.booleans(), st.booleans())
def test_the_profiles_parser_finds_what_the_regular_expression_finds(text: str, emphasis: bool, autolinks: bool,
                                                                     notes: bool) -> None:
    profile: Any = SimpleNamespace(strong=True, emphasis=emphasis, autolinks=autolinks, superscript_notes=notes)
    source = parse_inline._source(profile)
    assert source is not None
    assert parse_inline._parser(source, True)(text) == parse_inline.parse_with_regex(text, re.compile(source))


# --- strip_chrome: the anchored alternatives tried on a page's blocks at once ------------------------------

FIRST_OF_ALTERNATIVES = ["^Share$", "(?i:^«x|^←y)", "(?i:^(?:read more|related(?: posts)?)$)", "^_{4,}$", "^(?:a|b)c",
                         "^[a-z]+,", "(?i:^kelvin)", "(?i:^ſtop|^İx)", "^(?:«\\s*)?prev", "^$", "^(?=S)Sh", "^\\w"]
FIRST_WORDS = ["Share", "«X", "←Y", "share", "Read more", "related", "____", "ac", "bc", "a,", "KELVIN", "\u212aelvin",
               "ſtop", "STOP", "İx", "ix", "« prev", "prev", "", "Sh", "z", " "]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(FIRST_OF_ALTERNATIVES), max_size=6),
       st.lists(st.lists(st.sampled_from(FIRST_WORDS), max_size=3).map("".join), max_size=10), st.booleans())
def test_the_blocks_matched_at_once_are_those_their_alternation_matches(alternatives: list[str], texts: list[str],
                                                                        join_soon: bool) -> None:
    alternation = re.compile("|".join(alternatives) or "(?!)")
    expected = {index for index, text in enumerate(texts) if alternation.match(text) is not None}
    joining = strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER
    try:
        if join_soon:
            strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER = 2, 0
        rules = strip_chrome.AnchoredRules([strip_chrome.Anchored(alternative, regex_literals.first_chars(alternative),
                                                                  None) for alternative in alternatives])
        assert [rules.matching(texts) for _ in range(3)] == [expected] * 3
        assert {index for index, text in enumerate(texts) if rules.match(text) is not None} == expected
    finally:
        strip_chrome._JOIN_AFTER, strip_chrome._JOIN_PER_CHARACTER = joining


# --- the first characters of a pattern's matches, as a text has them ---------------------------------------

FIRST_CHAR_PATTERNS = ["^Share$", "(?i:^«x|^←y)", "(?i:^(?:read more|related(?: posts)?)$)", "^_{4,}$", "^(?:a|B)c",
                       "^[a-z]+,", "(?i)^kelvin", "(?i:^ſtop|^İx)", "(?i)^(?:«\\s*)?prev", "^\\s*•", "^$",
                       "(?i)^[a-c]x", "^É", "(?i:^é)", "(?i)^1", "(?i)^[i-k]", "(?i)^S", "^(?:ab)?c", "(?i)^(?=S)Sh"]
FIRST_CHAR_TEXTS = st.lists(st.sampled_from(["Share", "share", "SHARE", "«X", "←Y", "Read more", "related", "____",
                                             "ac", "Bc", "bc", "a,", "KELVIN", "\u212aelvin", "ſtop", "STOP", "İx",
                                             "ıx", "ix", "« prev", "Prev", "•", "", "Ax", "É", "é", "1", "I", "J",
                                             "K", "ſ", "c", "Sh", "sh"]), max_size=3).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(FIRST_CHAR_PATTERNS), FIRST_CHAR_TEXTS)
def test_a_pattern_matches_only_texts_opening_with_a_character_it_names(source: str, text: str) -> None:
    chars = regex_literals.first_chars(source)
    if chars is not None and re.match(source, text):
        assert text[:1] in chars


def test_ignorecase_matches_an_ascii_character_to_these_alone() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    beyond_ascii = set(re.findall(r"(?i)[\x00-\x7f]", every_character)) - {chr(code) for code in range(128)}
    assert beyond_ascii == set("".join(regex_literals._ALSO_MATCHED.values()))
    for letter, others in regex_literals._ALSO_MATCHED.items():
        assert all(re.fullmatch(f"(?i){letter}", other) for other in others)
    assert regex_literals.first_chars("(?i)^k") == frozenset("kK\u212a")
    assert regex_literals.first_chars("^Share") == frozenset("S")  # (not "s": a block "share…" is not tried)


@pytest.mark.parametrize("source", [
    "^foo(?#a|b)bar|^.*zz", "(?x)^foo # a|b\n|^.*zz", "^foo(?#a|b)bar|^baz", "(?x) ^foo  # a|b\n | ^bar",
    "(?x)^foo # a(b\n|^bar", "^a(?x: b # c|d\n)|^e", "^(?#[)x|^y", "(?x)^foo # a)b\n|^bar",
])
def test_a_rule_whose_comment_holds_a_bar_or_a_parenthesis_finds_what_it_finds_alone(source: str) -> None:
    # (a `|` or `(` in a comment is no alternation's or group's: the prefilter must not split there)
    rules = (strip_chrome.ChromeRule("commented", "why", line=re.compile(source)),)
    strip_chrome.any_rule_prefilter.cache_clear()
    texts = ["foobar", "baz", "bar", "a b", "ab", "e", "x", "y", "zzz", "foo zz"] * 40
    assert strip_chrome.starting_rules(rules, texts) == [strip_chrome._first_starting(rules, t) for t in texts]
