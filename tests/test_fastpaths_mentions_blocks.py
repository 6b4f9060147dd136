"""Fast paths of the mention matchers (link_terms, link_entities) change nothing: each is checked
against the straightforward version it replaced, on generated text and inline trees.

- `Matcher.mentions_each`: the Text nodes of a text searched at once, joined by a separator, finds
  what `Matcher.mentions` finds in each text alone (exclusions, citations after a name, texts that
  hold the separator, a form that holds it, a text whose title case is longer);
- the candidates of folded terms and of names in the marked Latin-1 bytes (`marked_candidates`)
  find what the pattern finds everywhere, whatever the characters (Latin-1 or not, cased or not);
- `TreeMentions`: several inline trees wrapped tree by tree after one search gives the trees, and
  asks `claim` the mentions in the order, that `wrap_mentions` as it was (one search per Text
  node) did; `refused` only spares `claim` the mentions it would refuse.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import mentions
from build_tools.apparatus.mentions import MatchEntry, Matcher, Mention, TreeMentions
from build_tools.model import Citation, Emphasis, FootnoteRef, Inline, Link, Strong, TermRef, Text

TERMS = [
    MatchEntry("global-city", ("global city", "global cities", "global city’s")),
    MatchEntry("city", ("city", "City-networks")),
    MatchEntry("nativism", ("nativism", "nativist"), ("After Nativism",)),
    MatchEntry("de", ("de-globalization",)),
    MatchEntry("oneill", ("O'Neill's law",)),
    MatchEntry("hertogenbosch", ("'s-Hertogenbosch",)),  # an apostrophe first
    MatchEntry("osaka", ("Ōsaka",)),  # a first letter Latin-1 has not
    MatchEntry("ecole", ("école normale", "Polèse")),  # letters Latin-1 has, ASCII not
    MatchEntry("sigma", ("σοφία",)),  # no Latin-1 letter at all
]
NAMES = [
    MatchEntry("person/sassen", ("Saskia Sassen", "Sassen")),
    MatchEntry("person/harvey", ("David Harvey", "Harvey"), ("Harvey Road",)),
    MatchEntry("place/osaka", ("Ōsaka",)),
    MatchEntry("place/hertogenbosch", ("’s-Hertogenbosch",)),  # either apostrophe first
    MatchEntry("org/un", ("UN",)),
]
WORDS = st.sampled_from([
    "global", "Global", "GLOBAL", "city", "City", "cities", "city’s", "city's", "networks", "After", "after",
    "Nativism", "nativism", "nativist", "de-globalization", "de", "-", "O'Neill's", "O’Neill’s", "law",
    "'s-Hertogenbosch", "’s-Hertogenbosch", "Ōsaka", "ōsaka", "école", "École", "normale", "Polèse", "σοφία",
    "Σοφία", "I", "i", "Saskia", "Sassen", "Sassen’s", "David", "Harvey", "Road", "UN", "and", "Acuto", "(1991)",
    "1991", "2012", "(", ")", "straße", "ß", "ﬁ", "Ⓐ", "\u0345", "İ", "—", "“", "?", "\x00", "\x01", "x"])
SEPARATORS = st.sampled_from([" ", "  ", "\u00a0", "", "-", ", ", ". ", "\n", "’", "'", "\u2009", "\x00", "?"])
TEXTS = st.lists(st.tuples(WORDS, SEPARATORS), max_size=8).map(lambda pairs: "".join(w + s for w, s in pairs))
MATCHERS = {
    "terms": Matcher(TERMS, fold_first_letter=True),
    "names": Matcher(NAMES, fold_first_letter=False),
    # A form that holds the separator: each text is searched alone.
    "separator": Matcher([*TERMS, MatchEntry("nul", ("global\x00city",))], fold_first_letter=True),
}
MATCHER_NAMES = st.sampled_from(sorted(MATCHERS))


# --- one search of the texts joined --------------------------------------------------------------


def mentions_one_by_one(matcher: Matcher, texts: list[str], citations: bool) -> list[mentions.Found]:
    return [(index, m.key, m.start, m.end, m.in_citation)
            for index, text in enumerate(texts) for m in matcher.mentions(text, citations=citations)]


@settings(max_examples=1500, deadline=None)
@given(MATCHER_NAMES, st.lists(TEXTS, max_size=6), st.booleans())
@example("terms", ["global", "city"], True)  # a mention would span the join of two texts
@example("names", ["Sassen", " (1991)"], True)  # a year in the next text: no citation
@example("names", ["Harvey", " Road", "Harvey Road"], True)  # an excluded phrase in one text only
@example("terms", ["global city", "straße global city"], False)  # a title case longer than the text
@example("separator", ["global\x00city", "global", "city"], False)
def test_the_texts_searched_joined_are_the_texts_searched_one_by_one(
        name: str, texts: list[str], citations: bool) -> None:
    matcher = MATCHERS[name]
    assert matcher.mentions_each(texts, citations=citations) == mentions_one_by_one(matcher, texts, citations)


def test_the_joined_search_would_find_a_mention_across_a_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property above can fail: joined by a space, two texts hold a mention neither holds."""
    matcher = MATCHERS["terms"]
    texts = ["the global", "cities"]
    assert matcher.mentions_each(texts) == mentions_one_by_one(matcher, texts, True) == []
    monkeypatch.setattr(mentions, "_SEPARATOR", " ")
    assert matcher.mentions_each(texts) != []


def test_a_form_that_holds_the_separator_is_searched_text_by_text() -> None:
    assert not MATCHERS["separator"]._joinable
    assert MATCHERS["terms"]._joinable and MATCHERS["names"]._joinable


# --- the marked bytes ------------------------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
@example("Ⓐglobal city, ’s-Hertogenbosch and 's-Hertogenbosch")
@example("“Ōsaka” and ōsaka; σοφία, Σοφία")
@example("École normale, école\u2009normale, Polèse")
@example("the global\u2009city’s law")  # a space and an apostrophe Latin-1 has not
@example("Saskia\u2009Sassen, Saskia\u00a0Sassen, SASSEN, “Ōsaka”, ōsaka, UN, UNESCO, Harvey Road")
def test_the_marked_candidates_find_what_the_pattern_finds_everywhere(text: str) -> None:
    for matcher in (MATCHERS["terms"], MATCHERS["names"]):
        assert matcher.pattern is not None and matcher._marked_candidates is not None
        data = mentions.text_bytes(text)
        marked = (data.title() if matcher.fold_first_letter else data).translate(matcher._marks)
        found = mentions._at_candidates(matcher.pattern, matcher._marked_candidates, text, marked)
        assert [m.span() for m in found] == [m.span() for m in matcher.pattern.finditer(text)]


def test_the_marked_candidates_open_with_the_mark_alone() -> None:
    """What makes them fast: one literal first (the mark), which `re` skips to."""
    matcher = MATCHERS["terms"]
    assert matcher._marked_candidates is not None
    assert matcher._marked_candidates.pattern.startswith(bytes([mentions._MARK]))
    assert bytes([mentions._MARK]) not in matcher._marked_candidates.pattern[1:2]
    assert matcher._marks[ord("G")] == mentions._MARK and matcher._marks[ord("g")] == ord("g")
    marked = mentions.text_bytes("the global city").title().translate(matcher._marks)
    assert matcher._marked_candidates.search(marked).start() == 4  # type: ignore[union-attr]
    assert matcher._marked_candidates.search(b"the Town and the World".title().translate(matcher._marks)) is None
    names = MATCHERS["names"]  # (not title-cased: names are matched as written)
    assert names._marked_candidates is not None
    assert names._marked_candidates.search(b"the Harvey Road".translate(names._marks)).start() == 4  # type: ignore[union-attr]
    assert names._marked_candidates.search(b"the HARVEY road".translate(names._marks)) is None


# --- inline trees wrapped after one search -----------------------------------------------------------


def wrap_each_node(nodes: list[Inline], matcher: Matcher, make_ref: mentions.MakeRef, claim: mentions.Claim, *,
                   citations: bool = True) -> list[Inline]:
    """`wrap_mentions` as it was: each Text node searched alone."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            found = matcher.mentions(node.text, citations=citations)
            pieces: list[Inline] = []
            position = 0
            for mention in found:
                if not claim(mention):
                    continue
                if mention.start > position:
                    pieces.append(Text(node.text[position:mention.start]))
                pieces.append(make_ref(mention.key, [Text(node.text[mention.start:mention.end])]))
                position = mention.end
            if position == 0:
                out.append(node)
                continue
            if position < len(node.text):
                pieces.append(Text(node.text[position:]))
            out.extend(pieces)
        elif isinstance(node, (Emphasis, Strong)):
            node.children = wrap_each_node(node.children, matcher, make_ref, claim, citations=citations)
            out.append(node)
        else:
            out.append(node)
    return out


TEXT_NODES = TEXTS.map(Text)


def inline_trees() -> st.SearchStrategy[list[Inline]]:
    nodes = st.recursive(
        TEXT_NODES,
        lambda children: st.one_of(
            st.lists(children, max_size=3).map(Emphasis), st.lists(children, max_size=3).map(Strong),
            st.lists(children, max_size=2).map(lambda c: Link("u", c)),
            st.lists(children, max_size=2).map(lambda c: Citation("c", c)),
            st.lists(children, max_size=2).map(lambda c: TermRef("t", "d", c))),
        max_leaves=8)
    return st.lists(st.one_of(nodes, st.just(FootnoteRef("1"))), max_size=5)


def make_ref(key: str, children: list[Inline]) -> Inline:
    return TermRef(key, "d", children)


Asked = list[tuple[int, str, int, int, bool, bool]]  # tree, key, start, end, in_citation, linked already


def first_per_tree(asked: Asked, number: list[int], linked: set[str]) -> Callable[[Mention], bool]:
    """A claim like the passes': refuses names in a citation and what was linked already (`linked`,
    cleared at every other tree by the caller); records every mention it is asked about."""
    def claim(mention: Mention) -> bool:
        asked.append((number[0], mention.key, mention.start, mention.end, mention.in_citation, mention.key in linked))
        if mention.in_citation or mention.key in linked:
            return False
        linked.add(mention.key)
        return True
    return claim


def wrap_trees(trees: list[list[Inline]], matcher: Matcher, citations: bool,
               fast: bool) -> tuple[list[list[Inline]], Asked]:
    asked: Asked = []
    number = [0]
    linked: set[str] = set()
    claim = first_per_tree(asked, number, linked)
    found = TreeMentions(matcher, trees, citations=citations) if fast else None
    out: list[list[Inline]] = []
    for index, tree in enumerate(trees):
        number[0] = index
        if index % 2 == 0:
            linked.clear()
        if found is None:
            out.append(wrap_each_node(tree, matcher, make_ref, claim, citations=citations))
        else:
            out.append(found.wrap(tree, make_ref, claim, refused=linked))  # (as the passes give it)
    return out, asked


@settings(max_examples=800, deadline=None)
@given(MATCHER_NAMES, st.lists(inline_trees(), max_size=4), st.booleans())
@example("terms", [[Text("the global"), Emphasis([Text("city and global city")]), Text("global cities")]], False)
@example("names", [[Text("Sassen"), Citation("c", [Text("(1991)")]), Text(" Sassen (1991), Harvey Road")],
                   [Strong([Emphasis([Text("David Harvey")]), Text(" Harvey")])]], True)
def test_the_trees_wrapped_after_one_search_are_the_trees_wrapped_node_by_node(
        name: str, trees: list[list[Inline]], citations: bool) -> None:
    matcher = MATCHERS[name]
    slow, slow_asked = wrap_trees(copy.deepcopy(trees), matcher, citations, fast=False)
    fast, fast_asked = wrap_trees(copy.deepcopy(trees), matcher, citations, fast=True)
    assert fast == slow
    # `claim` is asked what it was asked, in the same order, but the mentions of a key linked already.
    assert fast_asked == [asked for asked in slow_asked if not asked[5]]


@settings(max_examples=300, deadline=None)
@given(MATCHER_NAMES, st.lists(inline_trees(), max_size=4), st.booleans())
def test_without_refused_claim_is_asked_exactly_what_it_was(
        name: str, trees: list[list[Inline]], citations: bool) -> None:
    matcher = MATCHERS[name]
    asked_slow: Asked = []
    asked_fast: Asked = []
    slow = [wrap_each_node(t, matcher, make_ref, first_per_tree(asked_slow, [i], set()), citations=citations)
            for i, t in enumerate(copy.deepcopy(trees))]
    copies = copy.deepcopy(trees)
    found = TreeMentions(matcher, copies, citations=citations)
    fast = [found.wrap(t, make_ref, first_per_tree(asked_fast, [i], set())) for i, t in enumerate(copies)]
    assert fast == slow
    assert asked_fast == asked_slow


def test_the_trees_are_wrapped_in_their_order() -> None:
    trees: list[list[Inline]] = [[Text("global city")], [Text("city")]]
    found = TreeMentions(MATCHERS["terms"], trees)
    with pytest.raises(ValueError):
        found.wrap(trees[1], make_ref, lambda mention: True)
