"""Fast paths of the matchers (glossary terms, register names, citations) change nothing: each is
checked against the straightforward version it replaced, on generated text.

- folded terms are searched only where the title-cased copy of a text has a candidate
  (`mentions.candidate_pattern`): the same matches as the pattern's own `finditer` over the text,
  with variants, excluded phrases, both apostrophes, no-break spaces, hyphens and capitals;
- the characters `title()` treats as cased although they are no word characters, recomputed
  from this Python's Unicode tables;
- `Matcher.finditer` against the old one (the pattern searched over the whole text, exclusions,
  the look at a citation after each mention);
- the registers' pattern (branches opening with their literal first character) against the
  pattern as it was (a set of first characters, each branch looking back at its own);
- the folded terms in Windows-1252 text, read as bytes;
- the citation parser's narrative pattern opening with the set of capitals against the plain one;
- link_citations: citations and works named by title split in one walk of the inline tree,
  against the two walks.
"""

from __future__ import annotations

import copy
import re
import sys
from types import SimpleNamespace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import citations, mentions
from build_tools.apparatus.mentions import MatchEntry, Matcher, Mention
from build_tools.apparatus.places import rewrite_texts
from build_tools.model import Citation, Emphasis, FootnoteRef, Inline, Link, Text
from build_tools.passes import link_citations

# --- folded terms: candidates in the title-cased text ------------------------------------------

TERM_ENTRIES = [
    MatchEntry("global-city", ("global city", "global cities", "global city’s")),
    MatchEntry("city", ("city", "City-networks")),
    MatchEntry("nativism", ("nativism", "nativist"), ("After Nativism",)),
    MatchEntry("south", ("global South", "global south")),
    MatchEntry("de", ("de-globalization",)),
    MatchEntry("oneill", ("O'Neill's law",)),
    MatchEntry("hertogenbosch", ("'s-Hertogenbosch",)),
    MatchEntry("osaka", ("Ōsaka",)),
    MatchEntry("new-urban", ("new Urban Agenda", "new")),
    MatchEntry("i", ("I",)),  # one letter long
    MatchEntry("c40", ("c40 cities",)),
    MatchEntry("ecole", ("école normale", "Polèse")),  # letters Windows-1252 encodes, ASCII does not
    MatchEntry("strasse", ("straße",)),  # a letter whose upper case is two letters long
    MatchEntry("sigma", ("ΣΟΦΙΑ", "σοφία", "ΟΔΟΣ")),  # capital sigma: its lower case depends on what follows
]
TERM_WORDS = st.sampled_from([
    "global", "Global", "GLOBAL", "city", "City", "cities", "Cities", "city’s", "city's", "City’S", "South", "south",
    "nativism", "Nativism", "nativist", "After", "after", "de-globalization", "De-globalization", "de", "-",
    "O'Neill's", "O’Neill’s", "o’neill’s", "law", "'s-Hertogenbosch", "’s-Hertogenbosch", "Ōsaka", "ōsaka", "new",
    "New", "Urban", "urban", "Agenda", "I", "i", "C40", "c40", "networks", "Networks", "straße", "Straße", "ßtraße",
    "ΣΟΦΙΑ", "σοφία", "Σοφία", "ΟΔΟΣ", "οδος", "Ⓐ", "ⓐ", "\u0345", "🄰", "x", "xcity", "2012", "(", ")", "’s", "İ",
    "ǅ", "Ǆ", "école", "École", "ÉCOLE", "éCole", "normale", "Normale", "Polèse", "polèse", "POLÈSE", "PolÈse",
    "Š", "—", "“", "\x1c", "\x85"])
SEPARATORS = st.sampled_from([" ", "  ", "\u00a0", "", "-", ", ", ". ", "\n", "’", "'", "_", "Ⓐ", "\u0345", "\x1c",
                              "é", "\u2009"])
TEXTS = st.lists(st.tuples(TERM_WORDS, SEPARATORS), max_size=14).map(lambda pairs: "".join(w + s for w, s in pairs))


def searched_everywhere(matcher: Matcher, text: str) -> list[tuple[int, int]]:
    assert matcher.pattern is not None
    return [m.span() for m in matcher.pattern.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
@example("Ⓐglobal city")  # a cased character that is no word character, before a term
@example("global cityⓐ")
@example("ΟΔΟΣ’s")  # (title case reads a final sigma here: "Οδοσ’S", not "Οδος")
@example("İglobal city")  # a letter whose lower case is two characters long
@example("O'Neill's law, o’Neill’s\u00a0law")  # either apostrophe, in ASCII and in Windows-1252 text
@example("the 's-Hertogenbosch and ’s-Hertogenbosch")
@example("École normale, école\x1cnormale, Polèse")
def test_folded_terms_are_found_where_the_pattern_finds_them(text: str) -> None:
    matcher = Matcher(TERM_ENTRIES, fold_first_letter=True)
    assert matcher.candidates is not None
    assert [m.span() for m in matcher._matches(text)] == searched_everywhere(matcher, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="gGlobalcityCITY’' \u00a0-ⓐⒶΣσς\u0345İß.", max_size=16))
@example("global\x1ccity")
def test_folded_terms_on_any_characters(text: str) -> None:
    matcher = Matcher(TERM_ENTRIES[:5] + TERM_ENTRIES[-2:], fold_first_letter=True)
    assert [m.span() for m in matcher._matches(text)] == searched_everywhere(matcher, text)


def test_a_term_whose_title_case_is_longer_is_searched_everywhere() -> None:
    matcher = Matcher([*TERM_ENTRIES, MatchEntry("ss", ("ßtraße",))], fold_first_letter=True)
    assert matcher.candidates is None
    assert [m.key for m in matcher.finditer("the global city, ßtraße")] == ["global-city", "ss"]


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="gGlobalcityCITYéÉcoleNrmPÈs’'“— \u00a0\x1c\t-_.", max_size=20))
def test_folded_terms_in_windows_1252_text(text: str) -> None:
    """(Texts Windows-1252 encodes are read in bytes.)"""
    matcher = Matcher(TERM_ENTRIES, fold_first_letter=True)
    assert matcher._marked_candidates is not None
    text.encode("cp1252")
    assert [m.span() for m in matcher._matches(text)] == searched_everywhere(matcher, text)


def test_the_candidates_are_not_all_the_pattern_s_positions() -> None:
    """(The check above could pass with a candidate pattern that matched everywhere.)"""
    matcher = Matcher(TERM_ENTRIES, fold_first_letter=True)
    assert matcher.candidates is not None
    assert matcher.candidates.search("The global city".title()).start() == 4
    assert matcher.candidates.search("the Town and the World".title()) is None
    assert matcher._marked_candidates is not None

    def marked(text: str) -> bytes:
        return mentions._cased(mentions.text_bytes(text), True).translate(matcher._marks)

    assert matcher._marked_candidates.search(marked("The global city")).start() == 4
    assert matcher._marked_candidates.search(marked("the Town and the World")) is None


def test_a_candidate_that_is_no_mention_does_not_hide_one() -> None:
    # "Global City" in the title-cased copy of "global City" is no mention ("City" is no folded
    # letter), but "City-networks"… the search goes on right after the candidate's first letter.
    matcher = Matcher([MatchEntry("a", ("global city",)), MatchEntry("b", ("City",))], fold_first_letter=True)
    assert [(m.key, m.start) for m in matcher.finditer("global City")] == [("b", 7)]


def cased(char: str) -> bool:
    """Whether `str.title()` takes `char` for a cased character (the letter after it is lowered)."""
    return ("x" + char + "x").title().endswith("x")


def test_the_title_unsafe_characters_are_all_the_cased_non_word_characters() -> None:
    word = re.compile(r"[\w-]")
    missing = [hex(code) for code in range(sys.maxunicode + 1)
               if not 0xD800 <= code < 0xE000 and cased(chr(code)) and not word.match(chr(code))
               and not mentions._TITLE_UNSAFE.match(chr(code))]
    assert missing == []
    assert mentions._TITLE_UNSAFE.match("Σ")


def old_finditer(matcher: Matcher, text: str) -> list[Mention]:
    """Matcher.finditer as it was: the pattern searched over the whole text."""
    if matcher.pattern is None:
        return []
    excluded = matcher._excluded_spans(text)
    found = []
    for match in matcher.pattern.finditer(text):
        key = matcher.keys[mentions.normalise_variant(match.group(), matcher.fold_first_letter)]
        if any(key in keys and start <= match.start() and match.end() <= end for keys, start, end in excluded):
            continue
        in_citation = bool(mentions._CITATION_AFTER.match(text, match.end()))
        found.append(Mention(key, match.start(), match.end(), in_citation))
    return found


CITED = st.sampled_from(["", " (2012)", "’s (1991)", " 2003", ", (1957"])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(TEXTS, CITED), max_size=3).map(lambda parts: "".join(t + c for t, c in parts)),
       st.booleans())
@example("After Nativism and nativism. Global city (2012)", True)
def test_finditer_finds_what_the_old_finditer_found(text: str, fold: bool) -> None:
    matcher = Matcher(TERM_ENTRIES, fold_first_letter=fold)
    assert list(matcher.finditer(text)) == old_finditer(matcher, text)
    assert [(m.key, m.start, m.end) for m in matcher.finditer(text, citations=False)] == \
        [(m.key, m.start, m.end) for m in old_finditer(matcher, text)]



# --- the citation parser's narrative pattern, opening with the set of capitals ---------------------

CITATION_WORDS = st.sampled_from(["Bellamy Foster", "Bellamy", "Foster", "Dellamy Foster", "Van Der Berg", "Sassen",
                                  "Polanyi’s", "Polanyi's", "and", "&", ",", "et al.", "(1991)", "(2013, 8–12)",
                                  "(1957", "1991)", "(2019a, 2019b)", "see", "xBellamy Foster", "A", "(", ")"])
CITATION_TEXTS = st.lists(st.tuples(CITATION_WORDS, st.sampled_from([" ", "", "  ", ", ", "\n"])), max_size=10) \
    .map(lambda pairs: "".join(w + s for w, s in pairs))
MULTIWORD = st.sampled_from([(), ("Bellamy Foster",), ("Bellamy Foster", "Van Der Berg"),
                             ("Bellamy Foster", "de Vries")])


@settings(max_examples=800, deadline=None)
@given(CITATION_TEXTS, MULTIWORD)
@example("as Bellamy Foster (2000) and Dellamy Foster (2001)", ("Bellamy Foster",))
def test_the_narrative_pattern_opening_with_capitals_finds_what_the_plain_one_found(
        text: str, multiword: tuple[str, ...]) -> None:
    fast = re.compile(citations.narrative_pattern(multiword))
    plain = re.compile(citations.narrative_pattern(multiword, charset_first=False))
    assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
        [(m.span(), m.groupdict()) for m in plain.finditer(text)]


# --- the registers' pattern: branches opening with their first character -------------------------------

def old_register_pattern(variants: list[str]) -> re.Pattern[str]:
    """The unfolded trie as it was: the set of first characters, each branch looking back at its own."""
    root: mentions.Trie = {}
    for variant in variants:
        node = root
        for atom in mentions.variant_atoms(variant, False):
            node = node.setdefault(atom, {})
        node[mentions._END] = {}
    firsts = [atom for atom in root if atom != mentions._END]
    first_chars = "".join(atom[1:-1] if atom.startswith("[") else atom for atom in firsts)
    branches = "|".join(f"(?<={atom}){mentions._emit(root[atom])}" for atom in firsts)
    return re.compile(f"[{first_chars}](?<![\\w-].)(?:{branches}){mentions._AFTER}")


REGISTER_ENTRIES = [*TERM_ENTRIES, MatchEntry("london", ("London", "London School of Economics")),
                    MatchEntry("dash", ("-ism",)), MatchEntry("dot", (".NET",)), MatchEntry("bracket", ("[sic]",))]


@settings(max_examples=800, deadline=None)
@given(st.one_of(TEXTS, st.text(alphabet="London School-ism.NET[sic]' ’\u00a0x", max_size=20)))
@example("’s-Hertogenbosch and 's-Hertogenbosch, London School of Economics")
def test_the_registers_pattern_finds_what_it_found(text: str) -> None:
    matcher = Matcher(REGISTER_ENTRIES, fold_first_letter=False)
    assert matcher.pattern is not None
    old = old_register_pattern(list(matcher.keys))
    assert [m.span() for m in matcher.pattern.finditer(text)] == [m.span() for m in old.finditer(text)]


# --- link_citations: citations and titles split in one walk -------------------------------------------

INLINE_WORDS = st.sampled_from(["Sassen (1991)", "After Nativism", "after", "Nativism", " ", "", "x", "(1991)"])


def inline_trees() -> st.SearchStrategy[list[Inline]]:
    text = st.lists(INLINE_WORDS, max_size=4).map(lambda words: Text(" ".join(words)))
    return st.lists(st.one_of(text, st.lists(text, max_size=2).map(Emphasis),
                              st.just(FootnoteRef("1")), st.lists(text, max_size=1).map(lambda c: Link("u", c))),
                    max_size=4)


def cite_years(node: Text) -> list[Inline] | None:
    """A splitter like `_Linker.split`: "(1991)" becomes a citation, the text around kept (even empty)."""
    if "(1991)" not in node.text:
        return None
    before, _, after = node.text.partition("(1991)")
    return [Text(before), Citation("1991", [Text("(1991)")]), Text(after)]


@settings(max_examples=500, deadline=None)
@given(inline_trees())
def test_citations_then_titles_in_one_walk_is_the_two_walks(nodes: list[Inline]) -> None:
    phrases = {"After Nativism": "after-nativism", "Nativism": "nativism"}
    linker = SimpleNamespace(split=cite_years, _linked=lambda node, key: setattr(node, "key", key) or node)
    linker.split_mentions = lambda node, pattern, phrases: link_citations._Linker.split_mentions(
        linker, node, pattern, phrases)  # type: ignore[arg-type]
    pattern = link_citations._Linker.mention_splitter(linker, phrases)  # type: ignore[arg-type]
    assert pattern is not None
    two = rewrite_texts(rewrite_texts(copy.deepcopy(nodes), cite_years),
                        lambda node: linker.split_mentions(node, pattern, phrases))
    one = rewrite_texts(copy.deepcopy(nodes), link_citations._then_mentions(linker, pattern, phrases))  # type: ignore[arg-type]
    assert one == two
