"""Fast paths of the citation, reference-list and emendation passes change nothing: each is checked
against the straightforward version it replaced, on generated input.

- the citation parser: a name's letters taken possessively, against the pattern giving them back;
  the words before a name read with str methods (`_previous_word`, the test for small capitals)
  against the regex and the letter list; one name split without the separators' pattern; one
  year read as the whole years group; `_not_names` against its old form;
- the reading order made as a list in one walk, and `rewrite_texts` without a generator, against
  their generator forms;
- the reference-list parser: its literal tests before the patterns (identifier, APA container,
  place in parentheses, et al.), the full stop found before its look back, names parted by
  str.split; a marked entry parsed from its shape (the cache's key) as from its nodes;
- the bibliography: corrections copied without deepcopy, the list's names of several words read
  from its index;
- emendations: the items a phrase can be in found by its longest literal run;
- link_entities: the names linked before looked for at an item's first mention, against before
  every item;
- link_citations: the text spliced around its citations without a generator, against `splice`;
  narrative citations searched parenthesis by parenthesis, against the pattern's search of the whole
  text; titles' look-behind tested by hand, against the pattern opening with it; a parenthesis's
  year found from its first digit, against the pattern opening with `\\b`;
- emendations: the items and their texts in one walk, against the reading order and walk_inlines;
  every item's text joined in one join, against the items joined, then joined;
- archive_links: its items, against the reading order's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import bibliography, citations, places, references
from build_tools.apparatus.mentions import MatchEntry, Matcher, Mention, wrap_mentions
from build_tools.model import (
    Block,
    Citation,
    Document,
    Emphasis,
    EntityRef,
    Footnote,
    FootnoteRef,
    Inline,
    Link,
    Paragraph,
    Role,
    Span,
    Strong,
    Text,
    plain_text,
    splice,
    walk_inlines,
)
from build_tools.passes import archive_links, emendations, link_citations, link_entities

# --- the citation parser --------------------------------------------------------------------------

# Letters, capitals, small capitals, other scripts, white space of several kinds, digits and marks.
WORDY = st.text(alphabet="aAbBvV. \t\n\u00a0\u2003,’'-()Ⓐⓐǅ李1925", max_size=40)


@settings(max_examples=1500, deadline=None)
@given(WORDY)
@example("Hadley v. ")
@example("Big Data ")
@example("x \n")
@example(" \u2003")
def test_the_previous_word_is_the_regex_s(before: str) -> None:
    found = citations._PREVIOUS_WORD.search(before)
    expected = (found.group(1), found.start()) if found else ("", 0)
    assert citations._previous_word(before) == expected


def old_small_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="aAZbBLǅⓐⒶ李É é.-’1", max_size=8))
@example("ⓐBC")
@example("MORALITY")
@example("Acuto")
def test_small_capitals_as_the_letters_say(word: str) -> None:
    assert citations._small_capitals(word) == old_small_capitals(word)


def old_split_citation_names(names: str) -> tuple[str, ...]:
    names = citations._ET_AL.sub(" et al.", names) if "et" in names else names
    return tuple(n.strip() for n in citations._NAME_SEPARATOR.split(names) if n.strip())


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["Acuto", "and", "&", ",", " ", "et", "al", ".", "Candace", "\t", "Bet"]), max_size=8)
       .map("".join))
def test_one_name_is_split_as_the_separators_would(names: str) -> None:
    assert citations.split_names(names) == old_split_citation_names(names)


_CASE_NAME = citations._CASE_NAME
_CAPITALISED_END = citations._CAPITALISED_END


def old_not_names(names: tuple[str, ...], text: str, start: int) -> bool:
    for name in names:
        bare = name.removesuffix(" et al.")
        letters = [c for c in bare if c.isalpha()]
        if bare in citations._MONTHS or (len(letters) >= 2 and all(c.isupper() for c in letters)):
            return True
    before = text[max(0, start - 40):start]
    if _CASE_NAME.search(before):
        return True
    previous = citations._PREVIOUS_WORD.search(before)
    if previous:
        word = previous.group(1)
        earlier = before[: previous.start()].rstrip()
        run_on = _CAPITALISED_END.search(earlier) is not None
        if word[:1].isupper() and word[-1].isalpha() and run_on:
            return True
    return False


CITING_WORDS = st.sampled_from(["Sassen", "Big", "Data", "v.", "v", "Hadley", "July", "MORALITY", "see", "the",
                                "(", ")", "2011", "(1991)", ",", " ", "  ", "\n", "Polanyi’s", "Karl", "et al.",
                                "and", "Shlali", "David", "Ⓐ"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(CITING_WORDS, max_size=14).map(" ".join), st.data())
def test_not_names_as_before(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    names = data.draw(st.lists(CITING_WORDS.filter(lambda w: w.strip() != ""), max_size=3).map(tuple))
    assert citations._not_names(names, text, start) == old_not_names(names, text, start)


CITATION_TEXT = st.lists(st.sampled_from(["Acuto", "Sassen’s", "(", ")", "2011", "2011a", "2011s", "1991b", "2020",
                                          ",", ";", " ", ": 4", ", 8–12", "see", "and", "et al.", "st", "s",
                                          "Bellamy Foster"]), max_size=14).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(CITATION_TEXT)
@example("Acuto (2011a)")
@example("(Acuto 2011, 2012)")
def test_a_years_group_without_a_comma_is_its_one_year(text: str) -> None:
    """`_split_years` takes a group without a comma as one year, the group itself: what
    `_SINGLE_YEAR.finditer` reads in it, wherever the patterns match."""
    part, narrative, bare = citations._patterns(("Bellamy Foster",))
    groups = [m.group("years") for m in narrative.finditer(text)]
    for piece in re.findall(r"[^;]+", text):
        for pattern in (part, bare):
            matched = pattern.match(piece)
            if matched:
                groups.append(matched.group("years"))
    for years in groups:
        if "," not in years:
            assert [m.group() for m in citations._SINGLE_YEAR.finditer(years)] == [years]


def greedy_names(pattern: str) -> str:
    """A pattern of the citation parser as it was: a name's letters given back one by one."""
    return pattern.replace(r"[\w-]*+", r"[\w-]*")


NARRATIVE_WORDS = st.sampled_from(["Sassen", "The", "Bellamy Foster", "Bellamy Fosters", "McGuirk", "xSassen", "Soja",
                                   "Robinson-Garcia", "Van", "Dijkstra", "Van Dijk", "de la Cruz", "Polèse", "et al.",
                                   "et al", "and", "(1991)", "(2013, 8–12)", "(1991", "(see", "2000)", "(Acuto 2011)"])
NARRATIVE_GAPS = st.sampled_from(["", " ", "  ", ", ", " and ", " & ", "’s ", "'s ", "-", "; "])
NARRATIVE_TEXT = st.lists(st.tuples(NARRATIVE_WORDS, NARRATIVE_GAPS), max_size=8).map(
    lambda pairs: "".join(word + gap for word, gap in pairs))


@settings(max_examples=1500, deadline=None)
@given(NARRATIVE_TEXT, st.sampled_from([(), ("Bellamy Foster",), ("Bellamy Foster", "Van Dijk"), ("de la Cruz",)]))
@example("The Sassen (1991)", ())
@example("Bellamy Fosters (2000)", ("Bellamy Foster",))
def test_names_taken_possessively_match_as_given_back(text: str, multiword: tuple[str, ...]) -> None:
    narrative = citations.narrative_pattern(multiword)
    assert "*+" in narrative
    spans = [(m.span(), m.groupdict()) for m in re.finditer(narrative, text)]
    assert spans == [(m.span(), m.groupdict()) for m in re.finditer(greedy_names(narrative), text)]
    part, _narrative, _bare = citations._patterns(multiword)
    for piece in re.findall(r"[^;]+", text):
        fast, slow = part.match(piece), re.match(greedy_names(part.pattern), piece)
        assert (fast and (fast.span(), fast.groupdict())) == (slow and (slow.span(), slow.groupdict()))


# --- the reading order and the rewriting of texts ------------------------------------------------


def old_reading_order(doc: Document) -> Iterator[tuple[Block | Footnote, list[Inline]]]:
    notes = {note.label: note for note in doc.footnotes}
    read: set[str] = set()
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.role is Role.REFERENCE:
            continue
        yield block, block.inlines
        for node in walk_inlines(block.inlines):
            if isinstance(node, FootnoteRef) and node.label in notes and node.label not in read:
                read.add(node.label)
                yield notes[node.label], notes[node.label].inlines
    for note in doc.footnotes:
        if note.label not in read:
            yield note, note.inlines


LABELS = st.sampled_from(["1", "2", "3", "x"])


def inline_trees(depth: int = 2) -> st.SearchStrategy[list[Inline]]:
    leaf = st.one_of(st.sampled_from(["", "a", "Sassen (1991)", " "]).map(Text), LABELS.map(FootnoteRef))
    if depth == 0:
        return st.lists(leaf, max_size=4)
    inner = inline_trees(depth - 1)
    return st.lists(st.one_of(leaf, inner.map(Emphasis), inner.map(Strong), inner.map(lambda c: Link("u", c))),
                    max_size=4)


SPAN = Span("s.txt", 1, 1)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(inline_trees(), st.sampled_from([Role.BODY, Role.REFERENCE]))),
       st.lists(st.tuples(LABELS, inline_trees(1))))
def test_the_reading_order_as_its_generator_gave_it(blocks: list[tuple[list[Inline], Role]],
                                                    notes: list[tuple[str, list[Inline]]]) -> None:
    doc = Document("t", "s.txt", [Paragraph(inlines, SPAN, role) for inlines, role in blocks],
                   footnotes=[Footnote(label, inlines, SPAN) for label, inlines in notes])
    got = [(id(item), id(inlines)) for item, inlines in places.reading_order(doc)]
    assert got == [(id(item), id(inlines)) for item, inlines in old_reading_order(doc)]


def old_rewrite_texts(nodes: list[Inline], split: places.Splitter) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            replaced = split(node)
            out.extend(node_ for node_ in (replaced if replaced is not None else [node])
                       if not (isinstance(node_, Text) and not node_.text))
        elif isinstance(node, (Emphasis, Strong)):
            node.children = old_rewrite_texts(node.children, split)
            out.append(node)
        else:
            out.append(node)
    return out


def split_years(node: Text) -> list[Inline] | None:
    if "(1991)" not in node.text:
        return None
    before, _, after = node.text.partition("(1991)")
    return [Text(before), Emphasis([Text("1991")]), Text(after)]  # (empty texts among them)


@settings(max_examples=600, deadline=None)
@given(inline_trees())
def test_rewrite_texts_as_with_its_generator(nodes: list[Inline]) -> None:
    assert places.rewrite_texts(copy.deepcopy(nodes), split_years) == \
        old_rewrite_texts(copy.deepcopy(nodes), split_years)


# --- the reference-list parser ---------------------------------------------------------------------

ENTRY_WORDS = st.sampled_from(["Acuto,", "M.", "and", "&", "S.", "Curtis", "(2014)", "2014.", "“Title.”", "Title.",
                               "Title?", "In", "Eds.", "(Eds.),", "London:", "Verso.", "(London:", "Verso).",
                               "Journal,", "12(3),", "4–5.", ", 12", ",12", "https://doi.org/10.1/x.",
                               "doi:10.2/y", "www.example.org", "http://a.b", "et", "al.", "et al.,", "Candace",
                               "a.", "ab.", " ", "  ", "n.d.", "———.", "1.", "[2]", "Smith AB,", "2019;4:1–2."])
ENTRIES = st.lists(ENTRY_WORDS, max_size=16).map(" ".join)


def old_split_names(authors: str) -> list[dict[str, str]]:
    text = references._ET_AL.sub("", authors.strip(" ,;"))
    parts = [p.strip(" ,;") for p in re.split(r",|\s+(?:and|&)\s+|\s*&\s*", text)]
    parts = [p for p in parts if p]
    names: list[dict[str, str]] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        given = following is not None and (references._INITIALS.match(following) is not None or (
            index == 0 and " " not in part and references._GIVEN.match(following) is not None))
        if following is not None and given and not references._INITIALS.match(part):
            names.append({"family": part, "given": following})
            index += 2
            continue
        names.append(references._name(part))
        index += 1
    return names


@settings(max_examples=1500, deadline=None)
@given(ENTRIES)
@example("Acuto, M. and S. Curtis")
@example("Huang, C.-K., Neylon, C., & Ozaygen, A., et al.")
def test_reference_names_parted_as_by_the_pattern(authors: str) -> None:
    assert references.split_names(authors) == old_split_names(authors)


@settings(max_examples=1500, deadline=None)
@given(ENTRIES)
def test_the_parser_s_literal_tests_pass_every_match(text: str) -> None:
    """Each literal tested before a pattern is in every text the pattern matches."""
    if references._IDENTIFIER.search(text):
        assert "doi" in text or "http" in text or "www." in text
    if references._APA_CONTAINER.match(text):
        assert references._VOLUME_AFTER_COMMA.search(text)
    if references._PLACE_IN_PARENS.search(text):
        assert "(" in text
    if references._ET_AL.search(text):
        assert "et" in text


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="ab. \t\n?", max_size=20), ENTRIES)
@example("ab. cd", "")
@example("a. b", "")
@example("ab.. c", "")
def test_the_full_stop_found_first_splits_as_the_look_back(short: str, entry: str) -> None:
    for text in (short, entry):
        assert references._FULL_STOP.split(text) == re.split(r"(?<=[^\s.]{2})\.\s+", text)


MARKED = st.lists(st.one_of(ENTRY_WORDS.map(Text),
                            st.lists(ENTRY_WORDS.map(Text), min_size=1, max_size=3).map(Emphasis),
                            st.lists(st.one_of(ENTRY_WORDS.map(Text), st.just(FootnoteRef("1"))), min_size=1,
                                     max_size=2).map(Strong)),
                  min_size=1, max_size=6)


@settings(max_examples=800, deadline=None)
@given(MARKED, st.sampled_from(["", "Acuto, M."]))
def test_a_marked_entry_parsed_from_its_shape_as_from_its_nodes(inlines: list[Inline], previous: str) -> None:
    references._parse_marked.cache_clear()
    expected = _outcome(references._parse, inlines, previous)
    assert _outcome(references.shared_entry, inlines, previous) == expected
    assert _outcome(references.parse_entry, inlines, previous) == expected


def _outcome(parse: Any, inlines: list[Inline], previous: str) -> object:
    """What a parser gives, or the kind of error it raises (a bold run with no text has no volume)."""
    try:
        return parse(inlines, previous)
    except ValueError as error:
        return type(error), str(error)


# --- the bibliography ------------------------------------------------------------------------------

JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=3)),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.text(max_size=3), inner, max_size=3)),
                    max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(max_size=5), JSON, max_size=4))
def test_corrections_copied_as_deepcopy_copies_them(fields: dict[str, Any]) -> None:
    copied = bibliography._copied(fields)
    assert copied == copy.deepcopy(fields)
    # its own: changing the copy anywhere leaves the fields as they were
    before = copy.deepcopy(fields)
    _scribble(copied)
    assert fields == before


def _scribble(value: Any) -> None:
    if isinstance(value, dict):
        for key in list(value):
            _scribble(value[key])
        value["scribbled"] = True
    elif isinstance(value, list):
        for item in value:
            _scribble(item)
        value.append("scribbled")


FAMILIES = st.lists(st.sampled_from(["Acuto", "Bellamy Foster", "de la Cruz", "Soja", ""]), max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FAMILIES, st.sampled_from([2000, 2011]))))
def test_the_names_of_several_words_read_from_the_index(works: list[tuple[list[str], int]]) -> None:
    own = bibliography.Bibliography()
    for index, (families, year) in enumerate(works):
        own.records[f"w{index}"] = bibliography.Record(
            f"w{index}", {"author": [{"family": f} for f in families], "issued": {"date-parts": [[year]]}}, "list")
    by_names = own._lookup()
    assert {name for families, _year in by_names for name in families if " " in name} == own.multiword_names()


# --- emendations: the items a phrase can be in ------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="ab \n\t'’\"“x\x00", max_size=8), max_size=3), max_size=4),
       st.text(alphabet="ab \n\t'’\"“”‘x\x00", max_size=6))
def test_a_phrase_is_found_where_its_literal_run_is(items: list[list[str]], phrase: str) -> None:
    nodes = object.__new__(emendations._TextNodes)
    nodes.items = [None] * len(items)  # type: ignore[list-item]
    nodes.texts = [[Text(text) for text in item] for item in items]
    nodes._whole, nodes._changed = None, {}
    pattern = emendations.anchor_pattern(phrase)
    expected = [(index, node, match.group(0)) for index, texts in enumerate(nodes.texts) for node in texts
                for match in pattern.finditer(node.text)]
    assert nodes.containing(phrase) == expected
    run = emendations.literal_run(phrase)
    assert all(run in match for _index, _node, match in expected)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="ab \x00", max_size=5), max_size=3), max_size=5))
def test_the_whole_text_as_the_items_joined_then_joined(items: list[list[str]]) -> None:
    texts = [[Text(text) for text in item] for item in items]
    joined = [emendations._TextNodes._joined(nodes) for nodes in texts]
    whole, starts = emendations._whole(texts)
    assert whole == emendations._SEPARATOR.join(joined)
    assert starts == [sum(len(text) + 1 for text in joined[:index]) for index in range(len(joined))]


def test_a_phrase_is_found_in_the_text_an_earlier_rule_changed() -> None:
    # the items' text searched at once is made again after a replacement: the words a rule put in are found
    doc = Document("t", "t.txt", [Paragraph([Text("one were to take")], Span("t.txt", 1, 1)),
                                  Paragraph([Text("two were to give")], Span("t.txt", 3, 3))])
    nodes = emendations._TextNodes(doc)
    assert [index for index, _node, _words in nodes.containing("were to give")] == [1]
    index, node, words = nodes.containing("were to give")[0]
    nodes.replace(index, node, [Text("we were to bequeath")], words)
    assert [(index, words) for index, _node, words in nodes.containing("to bequeath")] == [(1, "to bequeath")]
    assert nodes.containing("two were to give") == []


# --- link_entities: the names linked before, looked for at an item's first mention ------------------

ENTITIES = {"person/sassen": SimpleNamespace(kind="person", id="sassen", name="Saskia Sassen", identification="s."),
            "place/london": SimpleNamespace(kind="place", id="london", name="London", identification="l.")}
ENTITY_MATCHER = Matcher([MatchEntry("person/sassen", ("Saskia Sassen", "Sassen")),
                          MatchEntry("place/london", ("London",))], fold_first_letter=False)
ENTITY_WORDS = st.sampled_from(["Sassen", "London", "Saskia Sassen", "Sassen 2011", " ", "and", ""])


def entity_trees(depth: int = 2) -> st.SearchStrategy[list[Inline]]:
    text = st.lists(ENTITY_WORDS, max_size=3).map(lambda words: Text(" ".join(words)))
    ref = st.tuples(st.sampled_from(["person/sassen", "place/london"]), ENTITY_WORDS).map(
        lambda pair: EntityRef(*pair[0].split("/"), "x", [Text(pair[1])]))
    if depth == 0:
        return st.lists(st.one_of(text, ref), max_size=3)
    inner = entity_trees(depth - 1)
    return st.lists(st.one_of(text, ref, inner.map(Emphasis), inner.map(lambda c: Link("u", c))), max_size=4)


def old_link_entities(doc: Document) -> None:
    """The pass as it was: every item's linked names looked for before its mentions."""
    def make_ref(key: str, children: list[Inline]) -> Inline:
        entity = ENTITIES[key]
        shown = plain_text(children)
        about = entity.identification if shown == entity.name else f"{entity.name}: {entity.identification}"
        return EntityRef(entity.kind, entity.id, about, children)

    linked: set[str] = set()

    def first_in_paragraph(mention: Mention) -> bool:
        if mention.in_citation or mention.key in linked:
            return False
        linked.add(mention.key)
        return True

    for item in [*doc.paragraphs(Role.BODY), *doc.footnotes]:
        linked.clear()
        link_entities._entity_keys(item.inlines, linked)
        item.inlines = wrap_mentions(item.inlines, ENTITY_MATCHER, make_ref, first_in_paragraph)


@settings(max_examples=800, deadline=None)
@given(st.lists(entity_trees(), max_size=3), st.lists(entity_trees(1), max_size=2))
def test_linked_names_looked_for_at_the_first_mention(blocks: list[list[Inline]], notes: list[list[Inline]]) -> None:
    doc = Document("t", "s.txt", [Paragraph(inlines, SPAN, Role.BODY) for inlines in blocks],
                   footnotes=[Footnote(str(n), inlines, SPAN) for n, inlines in enumerate(notes)])
    old = copy.deepcopy(doc)
    old_link_entities(old)
    registers = SimpleNamespace(by_key=lambda: ENTITIES)
    ctx = SimpleNamespace(indexes=SimpleNamespace(registers=registers, entity_matcher=ENTITY_MATCHER))
    link_entities.run(doc, ctx)  # type: ignore[arg-type]
    assert doc == old


# --- link_citations: the text spliced around its citations --------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab(1)", max_size=12), st.data())
def test_spliced_as_splice_keeping_empty_gaps(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    spans = [SimpleNamespace(start=a, end=b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]

    def make(match: Any, whole: str) -> list[Inline]:
        return [Citation(whole[match.start:match.end], [])]

    expected = splice(text, ((m.start, m.end, make(m, text)) for m in spans), keep_empty=True)
    assert link_citations._spliced(text, spans, make) == expected


# --- narrative citations searched parenthesis by parenthesis -------------------------------------------

# Names, words that join them or stop them, the full stop of "et al." and of a sentence, parentheses
# opening with a year or not, white space of several kinds.
FLOOR_WORDS = st.sampled_from(["Sassen", "The", "Bellamy Foster", "McGuirk", "xSassen", "Soja", "Robinson-Garcia",
                               "Van Dijk", "St. John", "O’Neill", "Polèse", "et al.", "et al", "and", "&", "meanwhile",
                               "(1991)", "(2013, 8–12)", "(1991", "(see", "2000)", "(Acuto 2011)", "(2020:4)",
                               "(1990s)", "(1991a, 1991b)", ".", "—", ";", "“Q”", ")", "(", "1991", "’s", "'s"])
FLOOR_GAPS = st.sampled_from(["", " ", "  ", ", ", " and ", " & ", "’s ", "'s ", "-", "; ", ". ", "\n", "\u2009",
                              "\u00a0", "."])
FLOOR_TEXT = st.lists(st.tuples(FLOOR_WORDS, FLOOR_GAPS), max_size=10).map(
    lambda pairs: "".join(word + gap for word, gap in pairs))


@settings(max_examples=3000, deadline=None)
@given(FLOOR_TEXT, st.sampled_from([(), ("Bellamy Foster",), ("Bellamy Foster", "Van Dijk"), ("St. John",),
                                    ("O’Neill", "Van Dijk"), ("A (b)",)]))
@example("Meanwhile, Siler et al.’s (2019) and Sassen (1991)", ())
@example("as St. John (2001) wrote. Smith and Jones (2000), Brown (1999)", ("St. John",))
@example("Smith (see) and Jones (2000) x (1991) Soja (1991", ())
def test_narratives_by_parenthesis_as_the_whole_text_search(text: str, multiword: tuple[str, ...]) -> None:
    _part, narrative, _bare = citations._patterns(multiword)
    fast = [(m.span(), m.groupdict()) for m in citations.narrative_matches(narrative, text, multiword)]
    assert fast == [(m.span(), m.groupdict()) for m in narrative.finditer(text)]


# --- works named by title: the look-behind tested by hand -------------------------------------------------


def old_split_mentions(node: Text, phrases: dict[str, str]) -> list[Inline] | None:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    out: list[Inline] = []
    position = 0
    for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", node.text):
        out.append(Text(node.text[position:match.start()]))
        out.append(Citation(match.group(), [Text(match.group())], key=phrases[match.group()]))
        position = match.end()
    if not out:
        return None
    out.append(Text(node.text[position:]))
    return out


TITLE_TEXT = st.lists(st.sampled_from(["After Nativism", "After", "Nativism", "Nativisms", "A-B", "A", "x", "-", "_",
                                       "é", " ", ",", "9"]), max_size=10).map("".join)


@settings(max_examples=2000, deadline=None)
@given(TITLE_TEXT, st.sampled_from([{"After Nativism": "a", "Nativism": "n"}, {"A": "a", "A-B": "b"},
                                    {"x x": "q", "é": "e", "Nativism": "n"}]))
@example("xNativism Nativism", {"Nativism": "n"})
def test_titles_found_as_with_the_look_behind(text: str, phrases: dict[str, str]) -> None:
    linker = SimpleNamespace(_linked=lambda node, key: setattr(node, "key", key) or node)
    pattern = link_citations._Linker.mention_splitter(linker, phrases)  # type: ignore[arg-type]
    assert pattern is not None
    got = link_citations._Linker.split_mentions(linker, Text(text), pattern, phrases)  # type: ignore[arg-type]
    assert got == old_split_mentions(Text(text), phrases)


# --- emendations: the items and their texts in one walk --------------------------------------------------


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(inline_trees(), st.sampled_from([Role.BODY, Role.REFERENCE]))),
       st.lists(st.tuples(LABELS, inline_trees(1))))
def test_reading_texts_as_the_reading_order_then_its_texts(blocks: list[tuple[list[Inline], Role]],
                                                           notes: list[tuple[str, list[Inline]]]) -> None:
    doc = Document("t", "s.txt", [Paragraph(inlines, SPAN, role) for inlines, role in blocks],
                   footnotes=[Footnote(label, inlines, SPAN) for label, inlines in notes])
    items, texts = emendations.reading_texts(doc)
    expected = [item for item, _inlines in places.reading_order(doc)]
    assert [id(item) for item in items] == [id(item) for item in expected]
    assert [[id(node) for node in found] for found in texts] == \
        [[id(node) for node in walk_inlines(item.inlines) if isinstance(node, Text)] for item in expected]


# --- a parenthesis's year looked for from its first digit --------------------------------------------------


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="12059 as_x(é١-’", max_size=12))
@example("x1991")
@example("1991s")
@example("1991a")
@example("(2019")
def test_a_year_found_from_its_first_digit_as_after_a_boundary(content: str) -> None:
    fast = citations._HAS_YEAR.search(content)
    slow = re.search(rf"\b{citations._YEAR}\b", content)
    assert (fast and fast.span()) == (slow and slow.span())


# --- archive links: the items taken in any order when no message needs theirs ------------------------------


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(inline_trees(), st.sampled_from([Role.BODY, Role.REFERENCE]))),
       st.lists(st.tuples(LABELS, inline_trees(1))))
def test_archive_items_are_the_reading_order_s(blocks: list[tuple[list[Inline], Role]],
                                               notes: list[tuple[str, list[Inline]]]) -> None:
    doc = Document("t", "s.txt", [Paragraph(inlines, SPAN, role) for inlines, role in blocks],
                   footnotes=[Footnote(label, inlines, SPAN) for label, inlines in notes])
    got = sorted((id(item), id(inlines)) for item, inlines in archive_links._items(doc))
    assert got == sorted((id(item), id(inlines)) for item, inlines in places.reading_order(doc))
