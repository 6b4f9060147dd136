"""Fast paths of the linking passes change nothing: each is checked against the straightforward
version it replaced, on generated inline trees and names.

- `TreeMentions.wrap_first`: the first mention of each key not linked yet, claimed in one loop over
  the found tuples, with the keys the tree links already read from the nodes its texts were not
  gathered from, links what `wrap` with the passes' claims linked (link_terms: the tree's terms
  walked for before it is wrapped; link_entities: the item's names walked for at its first mention
  outside a citation), and leaves `linked` as they left it;
- `citations._names_run`: the run shared by every set of known names that adds no character to
  it matches what the run made for the names matched.
"""

from __future__ import annotations

import copy
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import citations
from build_tools.apparatus.mentions import Mention, TreeMentions
from build_tools.model import Emphasis, EntityRef, Inline, Link, TermRef, Text
from build_tools.passes import link_entities, link_terms
from tests.test_fastpaths_mentions_blocks import MATCHER_NAMES, MATCHERS, TEXT_NODES, inline_trees

# --- wrap_first --------------------------------------------------------------------------------

# Trees that also hold references made before (a pass run twice), nested as a pass may leave them.
HELD = st.sampled_from(["global-city", "city", "nativism", "person/sassen", "person/harvey", "org/un"])


def held_refs() -> st.SearchStrategy[Inline]:
    return st.tuples(HELD, st.lists(TEXT_NODES, max_size=2), st.booleans()).map(
        lambda held: TermRef(held[0], "d", held[1]) if held[2] else EntityRef(*held[0].split("/", 1), "x", held[1])
        if "/" in held[0] else TermRef(held[0], "d", held[1]))


def trees_with_refs() -> st.SearchStrategy[list[Inline]]:
    """Inline trees with references made before among their nodes, some inside emphasis or a link."""
    refs = st.one_of(held_refs(), held_refs().map(lambda ref: Emphasis([Text("global "), ref])),
                     held_refs().map(lambda ref: Link("u", [ref])))
    return st.lists(st.one_of(inline_trees(), st.lists(refs, max_size=2)), max_size=3).map(
        lambda parts: [node for part in parts for node in part])


def make_term(key: str, children: list[Inline]) -> Inline:
    return TermRef(key, "d", children)


def make_entity(key: str, children: list[Inline]) -> Inline:
    kind, _, entity_id = key.partition("/")
    return EntityRef(kind, entity_id, "x", children)


def terms_as_they_were(trees: list[list[Inline]], sections: list[bool], found: TreeMentions) -> list[set[str]]:
    """link_terms' loop as it was: the tree's terms walked for, then `wrap` with its claim."""
    linked: set[str] = set()
    states: list[set[str]] = []

    def first_in_section(mention: Mention) -> bool:
        if mention.key in linked:
            return False
        linked.add(mention.key)
        return True

    for index, (tree, new_section) in enumerate(zip(trees, sections, strict=True)):
        if new_section:
            linked.clear()
        link_terms._term_ids(tree, linked)  # (the terms the tree links already, as the pass read them)
        trees[index] = found.wrap(tree, make_term, first_in_section, refused=linked)
        states.append(set(linked))
    return states


def entities_as_they_were(trees: list[list[Inline]], found: TreeMentions) -> None:
    """link_entities' loop as it was: the item's names walked for at its first mention outside a citation."""
    linked: set[str] = set()
    unread: list[list[Inline] | None] = [None]

    def first_in_paragraph(mention: Mention) -> bool:
        if mention.in_citation:
            return False
        item = unread[0]
        if item is not None:
            link_entities._entity_keys(item, linked)
            unread[0] = None
        if mention.key in linked:
            return False
        linked.add(mention.key)
        return True

    for index, tree in enumerate(trees):
        linked.clear()
        unread[0] = tree
        trees[index] = found.wrap(tree, make_entity, first_in_paragraph, refused=linked)


@settings(max_examples=600, deadline=None)
@given(MATCHER_NAMES, st.lists(trees_with_refs(), max_size=5), st.lists(st.booleans(), min_size=5, max_size=5))
@example("terms", [[TermRef("city", "d", [])], [Text("city, city")], [Text("global city")]],
         [True, False, True, True, True])  # a term linked before counts from its paragraph on
def test_wrap_first_links_as_link_terms_did(name: str, trees: list[list[Inline]], sections: list[bool]) -> None:
    matcher = MATCHERS[name]
    sections = sections[:len(trees)]
    slow = copy.deepcopy(trees)
    slow_states = terms_as_they_were(slow, sections, TreeMentions(matcher, slow, citations=False))
    fast = copy.deepcopy(trees)
    found = TreeMentions(matcher, fast, citations=False)
    linked: set[str] = set()
    fast_states: list[set[str]] = []
    for index, new_section in enumerate(sections):
        if new_section:
            linked.clear()
        fast[index] = found.wrap_first(fast[index], make_term, linked, link_terms._term_ids)
        fast_states.append(set(linked))
    assert fast == slow
    assert fast_states == slow_states


@settings(max_examples=600, deadline=None)
@given(MATCHER_NAMES, st.lists(trees_with_refs(), max_size=5))
@example("names", [[EntityRef("person", "sassen", "x", []), Text("Sassen, Harvey (2012), Harvey")]])
def test_wrap_first_links_as_link_entities_did(name: str, trees: list[list[Inline]]) -> None:
    matcher = MATCHERS[name]
    slow = copy.deepcopy(trees)
    entities_as_they_were(slow, TreeMentions(matcher, slow))
    fast = copy.deepcopy(trees)
    found = TreeMentions(matcher, fast)
    for index in range(len(fast)):
        linked: set[str] = set()
        fast[index] = found.wrap_first(fast[index], make_entity, linked, link_entities._entity_keys, cited=False)
    assert fast == slow


def test_wrap_first_keeps_the_order_of_the_trees() -> None:
    trees: list[list[Inline]] = [[Text("global city")], [Text("city")]]
    found = TreeMentions(MATCHERS["terms"], trees)
    try:
        found.wrap_first(trees[1], make_term, set(), link_terms._term_ids)
    except ValueError:
        return
    raise AssertionError("a tree wrapped out of order must be refused")


# --- the names' run of a narrative citation ------------------------------------------------------


def names_run_as_it_was(multiword: tuple[str, ...]) -> re.Pattern[str] | None:
    extra = "".join(sorted(set("".join(multiword))))
    if "(" in extra or ")" in extra:
        return None
    return re.compile(r"[\w\s,&’'\-" + "".join(re.escape(c) for c in extra) + "]*")


NAME_CHARS = st.sampled_from(list("Ab cé-’'.,&()[]^\\_1\u00a0\tσ"))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(NAME_CHARS, max_size=6), max_size=3), st.text(NAME_CHARS, max_size=12))
@example(["St. John"], "nhoJ .tS ,")
@example(["Bellamy Foster"], "retsoF ymalleB")
@example(["a]b^"], "b]^a")
def test_the_shared_names_run_matches_as_the_names_own(names: list[str], reversed_text: str) -> None:
    multiword = tuple(sorted(set(names)))
    citations._names_run.cache_clear()
    fast = citations._names_run(multiword)
    slow = names_run_as_it_was(multiword)
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        fast_match, slow_match = fast.match(reversed_text), slow.match(reversed_text)
        assert fast_match is not None and slow_match is not None
        assert fast_match.end() == slow_match.end()
