"""Fast paths of the mention passes (link_entities, link_terms) change nothing: each is checked
against the straightforward version it replaced, on generated documents and inline trees.

- `TreeMentions.wrap_first_each`: a text's trees wrapped in one call, `linked` cleared where a
  section starts (or for every tree, whose references are then read only at its first mention
  it may claim), wraps what `wrap_first` called tree by tree wrapped;
- the passes' loops over it: link_terms' sections (headings, turns, notes) read in one walk of the
  blocks, link_entities' items, as the loops calling `wrap_first` for each tree linked them;
- `TreeMentions._split`: a tree with one text to split, or several in one list, rebuilt as the
  general grouping by container rebuilt it.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus.mentions import Holder, MakeRef, TreeMentions
from build_tools.model import (
    Document,
    Emphasis,
    EntityRef,
    Footnote,
    Heading,
    Inline,
    Paragraph,
    Role,
    Span,
    TermRef,
    Text,
    plain_text,
)
from build_tools.passes import link_entities, link_terms
from tests.test_fastpaths_linking import make_entity, make_term, trees_with_refs
from tests.test_fastpaths_mentions_blocks import MATCHER_NAMES, MATCHERS, NAMES, TERMS

SPAN = Span("t.txt", 1, 1)

# --- wrap_first_each against wrap_first tree by tree --------------------------------------------


def wrapped_one_by_one(found: TreeMentions, trees: list[list[Inline]], starts: list[bool] | None, make_ref: MakeRef,
                       cited: bool) -> list[list[Inline]]:
    """The passes' loops as they were: `wrap_first` for each tree, `linked` cleared at each start."""
    held_keys = link_terms._term_ids if make_ref is make_term else link_entities._entity_keys
    linked: set[str] = set()
    wrapped = []
    for number, tree in enumerate(trees):
        if starts is None or starts[number]:
            linked.clear()
        wrapped.append(found.wrap_first(tree, make_ref, linked, held_keys, cited=cited))
    return wrapped


@settings(max_examples=800, deadline=None)
@given(MATCHER_NAMES, st.lists(trees_with_refs(), max_size=5), st.lists(st.booleans(), min_size=5, max_size=5),
       st.booleans(), st.booleans(), st.booleans())
@example("terms", [[TermRef("city", "d", [])], [Text("city, city")], [Text("global city")]],
         [True, False, True, True, True], True, True, True)  # a term linked before counts from its paragraph on
@example("names", [[EntityRef("person", "sassen", "x", []), Text("Sassen, Harvey (2012), Harvey")]],
         [True] * 5, False, False, False)  # a name linked before, then named in a citation, then not
def test_the_trees_wrapped_at_once_as_one_by_one(name: str, trees: list[list[Inline]], starts: list[bool],
                                                 alone: bool, cited: bool, terms: bool) -> None:
    matcher = MATCHERS[name]
    make_ref = make_term if terms else make_entity
    held_keys = link_terms._term_ids if terms else link_entities._entity_keys
    sections = None if alone else starts[:len(trees)]
    slow = copy.deepcopy(trees)
    slow = wrapped_one_by_one(TreeMentions(matcher, slow, citations=not terms), slow, sections, make_ref, cited)
    fast = copy.deepcopy(trees)
    fast = TreeMentions(matcher, fast, citations=not terms).wrap_first_each(make_ref, held_keys, sections, cited=cited)
    assert fast == slow


def test_the_trees_are_wrapped_at_once_only_if_none_was_before() -> None:
    trees: list[list[Inline]] = [[Text("global city")], [Text("city")]]
    found = TreeMentions(MATCHERS["terms"], trees)
    found.wrap_first(trees[0], make_term, set(), link_terms._term_ids)
    with pytest.raises(ValueError):
        found.wrap_first_each(make_term, link_terms._term_ids)
    with pytest.raises(ValueError):  # a start (or not) for each tree
        TreeMentions(MATCHERS["terms"], trees).wrap_first_each(make_term, link_terms._term_ids, [True])


def test_a_tree_alone_has_its_references_read_only_for_a_mention_it_may_claim() -> None:
    """What `starts=None` spares (and the property above can fail: read them too late, a name
    the item links already would be linked again)."""
    read: list[list[Inline]] = []

    def held_keys(nodes: list[Inline], linked: set[str]) -> None:
        read.append(nodes)
        link_entities._entity_keys(nodes, linked)

    cited: list[Inline] = [EntityRef("person", "harvey", "x", []), Text("Harvey (2012)")]
    named: list[Inline] = [EntityRef("person", "sassen", "x", []), Text("Sassen")]
    wrapped = TreeMentions(MATCHERS["names"], [cited, named]).wrap_first_each(make_entity, held_keys, cited=False)
    assert read == [[named[0]]]  # (the first tree names Harvey in a citation only)
    assert wrapped == [cited, named]  # (Sassen linked already)


# --- the passes ------------------------------------------------------------------------------

BLOCK_KINDS = st.sampled_from(["heading", "body", "body", "body", "turn", "abstract", "reference"])


def make_block(kind: str, inlines: list[Inline]) -> Heading | Paragraph:
    if kind == "heading":
        return Heading(2, inlines, SPAN)
    role = {"abstract": Role.ABSTRACT, "reference": Role.REFERENCE}.get(kind, Role.BODY)
    return Paragraph(inlines, SPAN, role, turn_start=kind == "turn")


def documents() -> st.SearchStrategy[Document]:
    blocks = st.lists(st.tuples(BLOCK_KINDS, trees_with_refs()).map(lambda pair: make_block(*pair)), max_size=6)
    notes = st.lists(trees_with_refs(), max_size=3)
    return st.tuples(blocks, notes).map(lambda parts: Document(
        "t", "t.txt", parts[0], footnotes=[Footnote(str(n), inlines, SPAN) for n, inlines in enumerate(parts[1])]))


GLOSSARY = SimpleNamespace(terms=[SimpleNamespace(id=entry.key, definition=f"d {entry.key}") for entry in TERMS])
ENTITIES = {entry.key: SimpleNamespace(kind=entry.key.split("/")[0], id=entry.key.split("/")[1],
                                       name=entry.variants[0], identification="x") for entry in NAMES}
CTX = SimpleNamespace(indexes=SimpleNamespace(
    glossary=GLOSSARY, term_matcher=MATCHERS["terms"],
    registers=SimpleNamespace(by_key=lambda: ENTITIES), entity_matcher=MATCHERS["names"]))


def link_terms_as_it_was(doc: Document) -> None:
    def make_ref(term_id: str, children: list[Inline]) -> Inline:
        return TermRef(term_id, f"d {term_id}", children)

    linked: set[str] = set()
    paragraphs = [block for block in doc.blocks if isinstance(block, Paragraph) and block.role is Role.BODY]
    found = TreeMentions(MATCHERS["terms"], [*(p.inlines for p in paragraphs), *(n.inlines for n in doc.footnotes)],
                         citations=False)
    for block in doc.blocks:
        if isinstance(block, Heading) or (isinstance(block, Paragraph) and block.turn_start):
            linked.clear()
        if isinstance(block, Paragraph) and block.role is Role.BODY:
            block.inlines = found.wrap_first(block.inlines, make_ref, linked, link_terms._term_ids)
    for note in doc.footnotes:
        linked.clear()
        note.inlines = found.wrap_first(note.inlines, make_ref, linked, link_terms._term_ids)


def link_entities_as_it_was(doc: Document) -> None:
    def make_ref(key: str, children: list[Inline]) -> Inline:
        entity = ENTITIES[key]
        shown = plain_text(children)
        about = entity.identification if shown == entity.name else f"{entity.name}: {entity.identification}"
        return EntityRef(entity.kind, entity.id, about, children)

    linked: set[str] = set()
    items: list[Paragraph | Footnote] = [*doc.paragraphs(Role.BODY), *doc.footnotes]
    found = TreeMentions(MATCHERS["names"], [item.inlines for item in items])
    for item in items:
        linked.clear()
        item.inlines = found.wrap_first(item.inlines, make_ref, linked, link_entities._entity_keys, cited=False)


@settings(max_examples=600, deadline=None)
@given(documents())
def test_the_passes_link_as_their_loops_did(doc: Document) -> None:
    for run, as_it_was in ((link_entities.run, link_entities_as_it_was), (link_terms.run, link_terms_as_it_was)):
        old = copy.deepcopy(doc)
        as_it_was(old)
        run(doc, CTX)  # type: ignore[arg-type]
        assert doc == old


def test_the_sections_of_link_terms() -> None:
    """A heading, a turn (even in a paragraph not of the body) and a note start a section."""
    doc = Document("t", "t.txt", [
        Paragraph([Text("global city")], SPAN, Role.BODY), Paragraph([Text("global city")], SPAN, Role.BODY),
        Heading(2, [Text("x")], SPAN), Paragraph([Text("global city")], SPAN, Role.BODY),
        Paragraph([], SPAN, Role.ABSTRACT, turn_start=True), Paragraph([Text("global city")], SPAN, Role.BODY),
        Paragraph([Text("global city")], SPAN, Role.BODY, turn_start=True),
    ], footnotes=[Footnote("1", [Text("global city")], SPAN)])
    link_terms.run(doc, CTX)  # type: ignore[arg-type]
    linked = [isinstance(item.inlines[0], TermRef) for item in [*doc.blocks, *doc.footnotes] if item.inlines]
    assert linked == [True, False, False, True, True, True, True]


# --- _split --------------------------------------------------------------------------------------


def split_as_it_was(found: TreeMentions, tree: list[Inline], claimed: list[tuple[int, list[tuple[str, int, int]]]],
                    make_ref: MakeRef) -> list[Inline]:
    places, texts = found._places, found._texts
    container, _ = places[claimed[0][0]]
    if all(places[index][0] is container for index, _ in claimed):
        return found._rebuilt(tree, container, [(places[index][1], texts[index], mentions)
                                                for index, mentions in claimed], make_ref)
    splits: dict[int, tuple[Holder, list[tuple[int, str, list[tuple[str, int, int]]]]]] = {}
    for index, mentions in claimed:
        holder, position = places[index]
        splits.setdefault(id(holder), (holder, []))[1].append((position, texts[index], mentions))
    for holder, pieces in splits.values():
        tree = found._rebuilt(tree, holder, pieces, make_ref)
    return tree


@settings(max_examples=800, deadline=None)
@given(MATCHER_NAMES, trees_with_refs(), st.data())
@example("terms", [Text("global city"), Emphasis([Text("city")]), Text("city")], None)
def test_a_tree_split_as_by_its_containers(name: str, tree: list[Inline], data: st.DataObject | None) -> None:
    found = TreeMentions(MATCHERS[name], [copy.deepcopy(tree)])
    claimed: dict[int, list[tuple[str, int, int]]] = {}
    for index, key, start, end, _ in found._found:
        if data is None or data.draw(st.booleans()):
            claimed.setdefault(index, []).append((key, start, end))
    if not claimed:
        return
    fast_tree = copy.deepcopy(tree)
    fast = TreeMentions(MATCHERS[name], [fast_tree])._split(fast_tree, list(claimed.items()), make_term)
    slow_tree = copy.deepcopy(tree)
    slow = split_as_it_was(TreeMentions(MATCHERS[name], [slow_tree]), slow_tree, list(claimed.items()), make_term)
    assert fast == slow
