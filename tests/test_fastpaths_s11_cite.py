"""Fast paths of link_citations, its parser and the bibliography's matching change nothing: each is
checked against the straightforward version it replaced, on generated input.

- link_citations: a text's citations spliced by `_Linker._cited` (no empty gap made, a citation of
  the list made in place), against `_spliced` with `_Linker.citation`, once `rewrite_texts` has
  dropped the empty texts; the problems reported alike;
- the citation parser: `_not_names` settling a name with no space before it without its window,
  against its old form; a parenthesis of one piece read without the pieces' loop, the pieces'
  citations left unsorted when no narrative citation is found, and a text without "(1" or "(2" not
  searched for narrative citations, against the old scan (which searched the whole text with the
  set's own narrative pattern); `_shared_set` without its generator, against it;
- the bibliography: a record's family names and year read in one call, against the properties; the
  list matched through its index by names and year and, for "et al.", by first author (made from the
  first index when asked), against a scan of the records in order.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.apparatus import bibliography, citations
from build_tools.apparatus.places import rewrite_texts
from build_tools.model import Inline, Text
from build_tools.passes import link_citations

# --- texts that cite ------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "Acuto", "Sassen", "Bellamy Foster", "Brenner and Schmid", "Gill", "Huang et al.", "Smith, et al.", "July",
    "MORALITY", "Hadley v.", "Big Data", "Karl", "see", "see also", "e.g.,", "cf.", " ", "  ", "", ", ", "; ", ",",
    "(", ")", "((", "2011", "2000", "1991a", "2019b", "1990s", "2013, 8–12", "2006, 4", ": 45", "p. 4",
    "for an overview", "’s", "'s", "and", "&", "\n", "Ⓐ", "1", "2", "Acuto 2011", "Acuto (2011, 4)", "(Gill 2003",
])
_CITING = st.lists(_PIECES, max_size=24).map("".join)
_SPACED = st.lists(_PIECES, max_size=18).map(" ".join)
_TEXTS = st.one_of(_CITING, _SPACED)
_KNOWN = st.sampled_from([(), ("Bellamy Foster",), ("Bellamy Foster", "Van Dijk"), ("Big Data",)])


# --- the parser -----------------------------------------------------------------------------------

def old_not_names(names: tuple[str, ...], text: str, start: int) -> bool:
    """`_not_names` before the test of the character before the name."""
    for name in names:
        bare = name.removesuffix(" et al.")
        if bare in citations._MONTHS or citations._small_capitals(bare):
            return True
    before = text[max(0, start - 40):start]
    if "v" in before and citations._CASE_NAME.search(before):
        return True
    word, word_start = citations._previous_word(before)
    return word[:1].isupper() and word[-1].isalpha() and \
        citations._CAPITALISED_END.search(before[:word_start].rstrip()) is not None


@settings(max_examples=2000, deadline=None)
@given(_TEXTS, st.data())
@example("Hadley v. (Baxendale 1854)", None)
@example("(Big Data 2023)", None)
def test_not_names_as_before(text: str, data: st.DataObject | None) -> None:
    starts = range(len(text) + 1) if data is None else [data.draw(st.integers(0, len(text)))]
    for start in starts:
        for names in [("Acuto",), ("July",), ("MORALITY",), ("Baxendale",), ("Analysis",), ("A", "B et al.")]:
            assert citations._not_names(names, text, start) == old_not_names(names, text, start)


def old_scanned(text: str, names: tuple[str, ...]) -> tuple[list[citations.CitationMatch], list[citations.Unparsed]]:
    """`_scanned` before: the whole text searched with the set's own narrative pattern, every
    parenthesis read piece by piece, the citations sorted."""
    part_pattern = citations._part_pattern(names)
    found: list[citations.CitationMatch] = []
    problems: list[citations.Unparsed] = []
    narrative_parens: set[int] = set()
    for match in citations._narrative_pattern(names).finditer(text):
        written, start = match.group("names"), match.start()
        narrative_parens.add(match.end() - 1)
        if "," in written and not citations._LAST_JOINED.search(written):
            cut = written.rindex(",") + 1
            start += cut + len(written[cut:]) - len(written[cut:].lstrip())
            written = written[cut:].strip()
        cited = citations.split_names(written)
        if old_not_names(cited, text, start):
            continue
        found.extend(citations._split_years(match, 0, cited, True, start))
    for paren in citations._PARENTHESIS.finditer(text):
        content = paren.group(1)
        if paren.end() - 1 in narrative_parens or not citations._HAS_YEAR.search(content):
            continue
        parsed: list[citations.CitationMatch] = []
        for piece in re.finditer(r"[^;]+", content):
            at = paren.start(1) + piece.start()
            part = part_pattern.match(piece.group())
            if part is not None:
                cited = citations.split_names(part.group("names"))
                if old_not_names(cited, text, at + part.start("names")) and not parsed:
                    parsed = []
                    break
                parsed.extend(citations._split_years(part, at, cited, False, at + part.start("names")))
                continue
            years = citations._BARE_YEARS.match(piece.group())
            if years is not None and parsed:
                parsed.extend(citations._split_years(years, at, parsed[-1].names, False, at + years.start("years")))
                continue
            parsed = []
            break
        if parsed:
            found.extend(parsed)
        elif citations._CITATION_LIKE.search(content) and \
                not any(w in citations._MONTHS for w in re.findall(r"[A-Z][a-z]+", content)):
            problems.append(citations.Unparsed(paren.start(), paren.group()))
    found.sort(key=lambda c: c.start)
    return found, problems


@settings(max_examples=2000, deadline=None)
@given(_TEXTS, _KNOWN)
@example("Sassen (1991) and (Acuto 2011; 2012; Gill 2003)", ())
@example("(Acuto 2011) Sassen (1991)", ("Bellamy Foster",))
@example("(Bellamy Foster 2000; Latour 1993) Bellamy Foster (2000)", ("Bellamy Foster",))
@example("(July 2019) (MORALITY 2010; Acuto 2011) (Acuto 2011; MORALITY 2010)", ())
@example("(Acuto 2011s) (Acuto 20111) (Acuto x2011) (Acuto 2011a) (Acuto, 2011b, 2012) (Acuto 2011-12)", ())
@example("(Acuto 1990s, for an overview) (see Acuto 2011, 4, for an overview) (Acuto\n2011)", ())
def test_citations_found_as_by_the_old_scan(text: str, names: tuple[str, ...]) -> None:
    assert citations.find_citations(text, names) == old_scanned(text, names)


def old_shared_set(compiled: dict[tuple[str, ...], None], multiword: tuple[str, ...],
                   window: str) -> tuple[str, ...] | None:
    for other in compiled:
        if not any(name in window for name in set(multiword).symmetric_difference(other)):
            return other
    return None


_SETS = st.lists(st.sampled_from(["Bellamy Foster", "Van Dijk", "Ab Cd", "Big Data"]), max_size=3) \
    .map(lambda names: tuple(sorted(set(names))))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_SETS, max_size=4), _SETS, _TEXTS)
def test_shared_set_as_with_its_generator(compiled: list[tuple[str, ...]], multiword: tuple[str, ...],
                                          window: str) -> None:
    sets = dict.fromkeys(compiled)
    assert citations._shared_set(sets, multiword, window) == old_shared_set(sets, multiword, window)


# --- link_citations -------------------------------------------------------------------------------

def _record(key: str, families: list[str], year: int, origin: str = "list", text: str = "t") -> bibliography.Record:
    return bibliography.Record(key, {"author": [{"family": f} for f in families], "issued": {"date-parts": [[year]]}},
                               origin, text)


_LISTED = {(("Acuto",), "2011"): _record("acuto-2011", ["Acuto"], 2011),
           (("Brenner", "Schmid"), "2000"): _record("brenner-schmid-2000", ["Brenner", "Schmid"], 2000)}
_RESOLVED = _record("gill-2003", ["Gill"], 2003, origin="work")


class _Targets:
    """A text's list as `_Linker` asks it: two works in it, one resolved by the editor."""

    def match(self, names: tuple[str, ...], year: str) -> bibliography.Record | None:
        return _LISTED.get((names, year))

    def record(self, key: str) -> bibliography.Record | None:
        return _RESOLVED if key == _RESOLVED.id else None


class _Data:
    citations_file = "citations.yml"

    def resolution(self, slug: str, cited: str) -> Any:
        if cited.startswith("Gill"):
            return SimpleNamespace(work=_RESOLVED.id, comment="", line=3)
        return None


def _linker() -> link_citations._Linker:
    linker = object.__new__(link_citations._Linker)
    linker.doc = SimpleNamespace(slug="t", editor_notes=[])  # type: ignore[assignment]
    linker.ctx = SimpleNamespace()  # type: ignore[assignment]
    linker.data = _Data()  # type: ignore[assignment]
    linker.targets = _Targets()  # type: ignore[assignment]
    linker.notes, linker.item, linker._place, linker.unmatched = {}, None, None, {}
    linker.source_line = lambda line: ""
    return linker


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=3))
@example(["(Acuto 2011)Sassen (1991)(Gill 2003; Brenner and Schmid 2000)"])
@example(["Acuto (2011) (Gill 2003) (Gill 2003)"])
@example(["(Acuto 2011, 4; Brenner and Schmid 2000: 45) Acuto (2011, 8–12)"])
def test_citations_spliced_as_by_citation(texts: list[str]) -> None:
    fast, plain = _linker(), _linker()

    def fast_split(node: Text) -> list[Inline] | None:
        matches, _problems = citations.find_citations(node.text)
        return fast._cited(node.text, matches) if matches else None

    def plain_split(node: Text) -> list[Inline] | None:
        matches, _problems = citations.find_citations(node.text)
        return link_citations._spliced(node.text, matches, plain.citation) if matches else None

    for text in texts:
        assert rewrite_texts([Text(text)], fast_split) == rewrite_texts([Text(text)], plain_split)
    assert fast.unmatched == plain.unmatched
    assert fast.doc.editor_notes == plain.doc.editor_notes


# --- the bibliography -----------------------------------------------------------------------------

_AUTHORS = st.lists(st.one_of(st.fixed_dictionaries({"family": st.sampled_from(["Acuto", "Gill", "Van Dijk", ""])},
                                                    optional={"given": st.just("M.")}),
                              st.just({"literal": "UN-Habitat"})), max_size=3)
_ISSUED = st.one_of(st.fixed_dictionaries({}, optional={"date-parts": st.just([[2011]]), "literal": st.just("n.d.")}),
                    st.just({"date-parts": [["2019", 3]]}))
_CSL = st.fixed_dictionaries({}, optional={"author": _AUTHORS, "issued": _ISSUED,
                                           "year-suffix": st.sampled_from(["a", "b", 1])})


@settings(max_examples=1000, deadline=None)
@given(_CSL)
def test_families_and_year_as_the_properties(csl: dict[str, Any]) -> None:
    record = bibliography.Record("k", csl, "list")
    assert bibliography._families_and_year(csl) == (record.families, record.year)


def scanned_match(records: dict[str, bibliography.Record], names: tuple[str, ...], year: str, text: str,
                  skip: tuple[str, ...]) -> bibliography.Record | None:
    """The first record, in order, with these names and year (or, for "et al.", this first name)."""
    et_al = bool(names) and names[-1].endswith("et al.")
    for record in records.values():
        families = record.families
        first = families[0] if families else ""
        if record.year != year or not (families == names or (et_al and first == names[0].removesuffix(" et al."))):
            continue
        if (record.origin == "list" and record.text != text) or record.id in skip:
            continue
        return record
    return None


_ENTRIES = st.lists(st.tuples(st.lists(st.sampled_from(["Acuto", "Gill", "Smith", "Van Dijk"]), max_size=3),
                              st.sampled_from([2000, 2011]), st.sampled_from(["t", "u"]),
                              st.sampled_from(["list", "work"])), max_size=8)
_CITED = st.tuples(st.lists(st.sampled_from(["Acuto", "Gill", "Smith", "Van Dijk", "Smith et al.", "Acuto et al."]),
                            max_size=3).map(tuple), st.sampled_from(["2000", "2011"]))


@settings(max_examples=1500, deadline=None)
@given(_ENTRIES, _ENTRIES, st.lists(_CITED, min_size=1, max_size=4), st.lists(st.sampled_from(["r0", "r2"]),
                                                                                 max_size=2).map(tuple))
def test_matched_through_the_index_as_by_a_scan(first: list[Any], later: list[Any], cited: list[Any],
                                                skip: tuple[str, ...]) -> None:
    own = bibliography.Bibliography()
    for batch, prefix in ((first, "r"), (later, "s")):  # (records added after a match: the index made again)
        for index, (families, year, text, origin) in enumerate(batch):
            own.records[f"{prefix}{index}"] = _record(f"{prefix}{index}", families, year, origin, text)
        for names, year in cited:
            assert own.match(names, year, "t", skip) is scanned_match(own.records, names, year, "t", skip)
