"""Find author–year citations in a run of text.

The forms an author–year text uses, each a fixture in tests/test_citations_parse.py:

- parenthetical: "(Acuto 2011)", with a prefix or a comment: "(see Brenner and Keil 2006,
  for an overview)", grouped: "(Soja 2000; Panitch and Gindin 2013; Gill 2003)";
- narrative: "Sassen (1991)", possessive: "Polanyi’s (1957)", with pages: "Gilbert (2013, 8–12)".

Names are capitalised words ("DeLanda", "McGuirk", "Polèse") joined by commas and "and";
family names of more than one word ("Bellamy Foster") are passed in from the bibliography,
so that the parser needs no list of its own. A parenthesis that holds a year but reads as
none of these forms is returned as a problem: it may be a citation the parser cannot see,
and the build must not pass over it in silence (only a parenthesis with a capitalised name
right before a year is worth that; "(for 2017)" or "(June 12, 2013)" is not).

Other styles (fixtures in tests/test_citations_styles.py): APA "(Piwowar et al., 2019)",
"(Robinson-Garcia et al., 2019; 2020)", "(Author, 2019a, 2019b)", "(Author & Other, 1978, p. 4)";
ASA "(Author 1978:45)"; and numeric "[12]", "[6, 7]", "[43–45]", "[22, 26–34]"
(`find_numeric`). Words before a year that name no author (a month, small capitals of a legal
citation, a case name) are not taken for a citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

_YEAR = r"(?:1[5-9]|20)\d\d(?!s\b)[a-z]?"
_YEARS = rf"{_YEAR}(?:\s*,\s*{_YEAR})*"  # "2019a, 2019b", "2019, 2020"
_LOCATOR = r"(?:,\s*(?:pp?\.\s*)?\d+(?:\s*[–-]\s*\d+)?(?:,\s*\d+(?:\s*[–-]\s*\d+)?)*|:\s*\d+(?:\s*[–-]\s*\d+)?)"
_PREFIX = r"(?:see also|see|cf\.|e\.g\.,?|compare)\s+"
# `\b{_YEAR}\b`, written to open with the set of a year's first digits so that `re` skips to them in C
# (a pattern opening with `\b` is tried at every position): the `\b` before a digit, a word character,
# is "no word character before it", looked for behind the digit once it is read.
_HAS_YEAR = re.compile(r"[12](?<!\w.)(?:(?<=1)[5-9]|(?<=2)0)\d\d(?!s\b)[a-z]?\b")
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_SINGLE_YEAR = re.compile(_YEAR)
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
           "Dec", "Spring", "Summer", "Autumn", "Fall", "Winter"}
# What a parenthesis must look like to be worth an editor's look when it reads as no citation:
# a capitalised name right before a year ("(Smith 2019)", "(Bellamy Foster, 2000)").
_CITATION_LIKE = re.compile(rf"[A-Z][\w'’-]+(?:\s+et\s+al\.?)?,?\s+{_YEAR}\b")
_BRACKETS = re.compile(r"\[(\d{1,4}(?:\s*[–-]\s*\d{1,4})?(?:\s*,\s*\d{1,4}(?:\s*[–-]\s*\d{1,4})?)*)\]")
_ET_AL = re.compile(r",?\s+et\s+al\b\.?")
_NAME_SEPARATOR = re.compile(r",?\s+and\s+|,\s*|\s+&\s+")
_CASE_NAME = re.compile(r"\bv\.?\s+(?:\S+\s+){0,2}$")
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_CAPITALISED_END = re.compile(r"(?:^|\s)[A-Z][\w'’-]*$")
_LAST_JOINED = re.compile(r"\s(?:and|&)\s")
_NUMBER_OR_RANGE = re.compile(r"(?P<first>\d{1,4})(?:\s*[–-]\s*(?P<last>\d{1,4}))?")


@dataclass(slots=True)  # (not frozen: a frozen dataclass is made field by field through object.__setattr__)
class CitationMatch:
    """One citation found in a text: where it is, and what it cites as the source writes it."""

    start: int
    end: int  # the span to link, e.g. "Acuto 2011" or "Polanyi’s (1957)"
    names: tuple[str, ...]  # family names as written ("Brenner", "Schmid")
    year: str
    locator: str = ""  # pages, e.g. "8–12"
    narrative: bool = False

    @property
    def cited(self) -> str:
        """The citation as an editor writes it in citations.yml: "Brenner and Schmid 2000"."""
        if len(self.names) == 1:
            names = self.names[0]
        else:
            names = ", ".join(self.names[:-1]) + " and " + self.names[-1]
        return f"{names} {self.year}"


@dataclass(frozen=True)
class NumericMatch:
    """A number of a numeric citation ("[12]", one end of "[26–34]"), to link to entry `number`;
    `implied` are the numbers a range names between its ends."""

    start: int
    end: int
    number: str
    implied: tuple[str, ...] = ()

    @property
    def cited(self) -> str:
        return f"[{self.number}]"


@dataclass(frozen=True)
class Unparsed:
    """A parenthesis that holds a year but no citation the parser understands."""

    start: int
    text: str


def _names(multiword: tuple[str, ...], charset_first: bool) -> str:
    """The names of a citation: family names of one capitalised word, or of several known ones.

    `charset_first`: the same names, written to open with the set of capitals when every known
    name starts with one, so that `re` skips in C to the capitals of a text (a pattern opening
    with the alternation of the known names and a set is tried at every position). Each known
    name's branch then checks, looking back, that it follows the name's own first letter."""
    # A name's letters are taken possessively (`*+`): what may follow a name (a comma, a space, an
    # apostrophe) is no letter, so a shorter name can never match where the whole one failed, and
    # at each capital of a text that starts no citation ("The global…") the pattern fails once,
    # not once per letter given back.
    ordered = sorted(multiword, key=len, reverse=True)
    known = "|".join(re.escape(name) for name in ordered)
    name = rf"(?:{known}|[A-Z][\w-]*+)" if known else r"[A-Z][\w-]*+"
    first = name
    if charset_first and known and all("A" <= known_name[:1] <= "Z" for known_name in ordered):
        tails = "|".join(f"(?<={known_name[0]}){re.escape(known_name[1:])}" for known_name in ordered)
        first = rf"[A-Z](?:{tails}|[\w-]*+)"
    return rf"(?P<names>{first}(?:(?:,\s*|,?\s+and\s+|\s+&\s+){name})*(?:,?\s+et\s+al\b\.?)?)"


def narrative_pattern(multiword: tuple[str, ...], charset_first: bool = True) -> str:
    """"Sassen (1991)", "Polanyi’s (1957)", "Gilbert (2013, 8–12)"."""
    return (rf"{_names(multiword, charset_first)}(?P<possessive>’s|'s)?\s+"
            rf"\((?P<years>{_YEARS})(?P<locator>{_LOCATOR})?\)")


@cache
def _patterns(multiword: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The part, narrative and bare-years patterns for a set of known names (each compiled once)."""
    return _part_pattern(multiword), _narrative_pattern(multiword), _BARE_YEARS


@cache
def _part_pattern(multiword: tuple[str, ...]) -> re.Pattern[str]:
    """One piece of a parenthesis ("see Brenner and Keil 2006, 4, for an overview")."""
    names = _names(multiword, charset_first=False)  # (matched at the start of a piece: no search)
    return re.compile(rf"^\s*(?P<prefix>{_PREFIX})?{names},?\s+(?P<years>{_YEARS})(?P<locator>{_LOCATOR})?"
                      r"(?P<comment>(?:,?\s+\D[^;]*)?)\s*$")


@cache
def _narrative_pattern(multiword: tuple[str, ...]) -> re.Pattern[str]:
    """`narrative_pattern(multiword)` compiled; with no known name, the one compiled at load."""
    return re.compile(narrative_pattern(multiword)) if multiword else _NARRATIVE


# The narrative pattern without known names, compiled with the module: a set of known names is
# written in few of the windows a narrative citation is searched in, and those that hold none are
# searched with this one (`_narrative_for`, `_narrative_in`), so most editions compile no narrative
# pattern of their own (about 0.5 ms a set, a tenth of a small edition's one-time work).
_NARRATIVE = re.compile(narrative_pattern(()))


def _patterns_for(multiword: tuple[str, ...], text: str) -> re.Pattern[str]:
    """`_part_pattern(multiword)`, or the pattern compiled already for other known names that matches
    in `text` exactly what that one would (`_set_for`). (An edition whose texts know different names,
    or none, mostly mention none of them in a paragraph, and compiles one set instead of one per set.)"""
    return _part_pattern(_set_for(_compiled_name_sets(), multiword, text))


def _narrative_for(multiword: tuple[str, ...], text: str) -> re.Pattern[str] | None:
    """The narrative pattern to search the whole of `text` with, by `_set_for`'s rule but compiling
    nothing: None when the text writes a name that tells `multiword` from every compiled set, for
    `_narrative_in` to decide window by window (most windows do not write it, and are searched with
    the set without names, compiled at load: most editions compile no narrative pattern)."""
    compiled = _compiled_narrative_sets()
    shared = multiword if multiword in compiled else _shared_set(compiled, multiword, text)
    return None if shared is None else _narrative_pattern(shared)


def _narrative_in(multiword: tuple[str, ...], text: str, start: int, end: int) -> re.Pattern[str]:
    """The narrative pattern to search `text[start:end]` with, when `text` writes a known name."""
    return _narrative_pattern(_set_for(_compiled_narrative_sets(), multiword, text[start:end]))


def _set_for(compiled: dict[tuple[str, ...], None], multiword: tuple[str, ...], window: str) -> tuple[str, ...]:
    """The set of names whose pattern to match `window` with: `multiword` once its pattern is compiled;
    else the first set compiled already that finds the same there (`_shared_set`); else `multiword`,
    registered in `compiled` (its pattern is compiled by the caller)."""
    if multiword not in compiled:
        other = _shared_set(compiled, multiword, window)
        if other is not None:
            return other
        compiled[multiword] = None
    return multiword


def _shared_set(compiled: dict[tuple[str, ...], None], multiword: tuple[str, ...],
                window: str) -> tuple[str, ...] | None:
    """The first set of names with a compiled pattern that differs from `multiword` by no name
    written in `window` (None: none does). A known name's branch matches only where the name is
    written, so where no name known to one set and not the other is written, both sets' patterns
    find the same matches, groups and all."""
    for other in compiled:
        # (a loop, no generator: asked once per text; against the set without names, most often
        # the only one compiled, the names that differ are the text's own)
        for name in set(multiword).symmetric_difference(other) if other else multiword:
            if name in window:
                break
        else:
            return other
    return None


@cache
def _compiled_name_sets() -> dict[tuple[str, ...], None]:
    """The sets of known names whose part patterns `_patterns_for` had compiled (in a cache, emptied
    with `_part_pattern`'s)."""
    return {}


@cache
def _compiled_narrative_sets() -> dict[tuple[str, ...], None]:
    """The sets of known names whose narrative patterns `_narrative_in` had compiled: at first the
    set without names, whose pattern is compiled at load."""
    return {(): None}


# "2020" after "A et al., 2019;": the same for every text (compiled once, not once per set of known names).
_BARE_YEARS = re.compile(rf"^\s*(?P<years>{_YEARS})(?P<locator>{_LOCATOR})?\s*$")


def split_names(names: str) -> tuple[str, ...]:
    if "," not in names and "&" not in names and "and" not in names and "et" not in names:
        # one name (most citations): no separator can match, nothing to rewrite
        name = names.strip()
        return (name,) if name else ()
    names = _ET_AL.sub(" et al.", names) if "et" in names else names  # "Huang et al" and "Smith, et al." as "… et al."
    return tuple([name for part in _NAME_SEPARATOR.split(names) if (name := part.strip())])


def _locator(raw: str | None) -> str:
    return raw.lstrip(",: ").strip() if raw else ""


def _not_names(names: tuple[str, ...], text: str, start: int) -> bool:
    """Words before a year that are no authors: a month ("July 2019"), small capitals of a legal
    citation ("MORALITY (2010)"), a case name ("Hadley v. Baxendale (1854)"), or a name that a
    capitalised word runs into ("Big Data Analysis (2023)", "Shlali David (2004)")."""
    for name in names:
        bare = name.removesuffix(" et al.")
        if bare in _MONTHS or _small_capitals(bare):
            return True
    if not text[start - 1:start].isspace():
        # The window before the name ends with no space (a name right after "(", most citations
        # of a parenthesis, or the text's start): `_CASE_NAME` ends with a space and
        # `_previous_word` finds no word, so neither test can hold.
        return False
    before = text[max(0, start - 40):start]
    if "v" in before and _CASE_NAME.search(before):  # (the pattern's one letter: most windows lack it)
        return True
    word, word_start = _previous_word(before)
    # two capitalised words before the name: a title or a name of several words, not a
    # given name ("Karl Polanyi’s (1957)" is a citation)
    return word[:1].isupper() and word[-1].isalpha() and \
        _CAPITALISED_END.search(before[:word_start].rstrip()) is not None


def _small_capitals(word: str) -> bool:
    """Two letters or more, every one a capital ("MORALITY")."""
    second = word[1:2]
    if second.isalpha() and not second.isupper():  # "Acuto": a small second letter settles it
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _previous_word(before: str) -> tuple[str, int]:
    """What `_PREVIOUS_WORD` finds, without the regex: the last word of `before` when white space
    ends it, and where the word starts ("", 0 when none). (`\\s` is `str.isspace`, as rstrip and
    split without arguments take it; the search's leftmost match is the last word whole.)"""
    if not before[-1:].isspace():
        return "", 0
    stripped = before.rstrip()
    if not stripped:
        return "", 0
    word = stripped.rsplit(None, 1)[-1]
    return word, len(stripped) - len(word)


def _split_years(match: re.Match[str], offset: int, names: tuple[str, ...], narrative: bool,
                 start: int) -> list[CitationMatch]:
    """One citation per year of a group ("A et al., 2019; 2020", "A (2019a, 2019b)"); the first
    spans the names, the others only their year."""
    written, raw_locator = match.group("years", "locator")
    locator = _locator(raw_locator)
    if "," not in written:
        # One year (most citations): the group is that year as `_SINGLE_YEAR` reads it (a year
        # ending in "s" before a non-letter, which it would not read, fails the group too).
        end = match.end() if narrative else (match.end("locator") if raw_locator else match.end("years"))
        return [CitationMatch(start, offset + end, names, written, locator, narrative)]
    years = list(_SINGLE_YEAR.finditer(written))
    base = offset + match.start("years")
    found: list[CitationMatch] = []
    for index, year in enumerate(years):
        single = len(years) == 1
        begin = start if index == 0 else base + year.start()
        if single:
            end = offset + (match.end() if narrative else
                            (match.end("locator") if match.group("locator") else match.end("years")))
        else:
            end = base + year.end()
        found.append(CitationMatch(begin, end, names, year.group(), locator if single or index == len(years) - 1
                                   else "", narrative))
    return found


# Where a narrative citation's parenthesis opens: with its year.
_NARRATIVE_OPENING = re.compile(r"\([12]")


@cache
def _names_run(multiword: tuple[str, ...]) -> re.Pattern[str] | None:
    """The characters the names of a narrative citation (and what follows them up to the
    parenthesis) can hold, but for the full stop of "et al.": as a run to match on a reversed text.
    None when a known name holds a parenthesis (the names' run would then not end at the first
    parenthesis after it; `narrative_matches` searches the whole text)."""
    extra = "".join(sorted(set("".join(multiword))))
    if "(" in extra or ")" in extra:
        return None
    # Only what the base set lacks changes the set: most names add nothing (letters and spaces),
    # and share the base run, compiled once, rather than each set of names compiling its own.
    extra = "".join(re.escape(char) for char in extra if _NAMES_RUN.fullmatch(char) is None)
    return re.compile(f"[{_NAMES_RUN_CHARS}{extra}]*") if extra else _NAMES_RUN


_NAMES_RUN_CHARS = r"\w\s,&’'\-"  # what the names of a narrative citation hold (and the known names' characters)
_NAMES_RUN = re.compile(f"[{_NAMES_RUN_CHARS}]*")


def narrative_matches(pattern: re.Pattern[str] | None, text: str, multiword: tuple[str, ...]) -> list[re.Match[str]]:
    """`pattern.finditer(text)` for the narrative pattern of `multiword`, searched only from where a
    match could start before each parenthesis that opens with a year ("(1", "(2" after a space).

    The pattern was tried at every capital of the text. A match holds no parenthesis before its own,
    which holds none either: a match starting at i ends at the ")" after the first "(" after i, so
    the matches are found parenthesis by parenthesis, each the leftmost from the last one's end.
    Before that parenthesis, a match holds only the characters of `_names_run`, and a full stop
    only in the trailing "et al.’s " (stripped before the run is measured): no match starts before
    the last other character. So each search is over a sentence or less, not the whole text.

    `pattern` None: the pattern of `multiword` or one that finds the same (`_narrative_for`)."""
    first = _NARRATIVE_OPENING.search(text)  # (faster than `"(1" in text` on a text of wide characters)
    if first is None:  # no parenthesis opens with a year: no narrative citation (two texts in three)
        return []
    run = _names_run(multiword)
    if run is None:
        whole = pattern or _narrative_for(multiword, text) or _narrative_in(multiword, text, 0, len(text))
        return list(whole.finditer(text))
    if pattern is None:
        pattern = _narrative_for(multiword, text)  # (None: a known name is written: window by window)
    found: list[re.Match[str]] = []
    resume = 0  # where the last match ended: finditer goes on from there
    for opening in _NARRATIVE_OPENING.finditer(text, first.start()):
        paren = opening.start()
        if paren < resume or not text[paren - 1:paren].isspace():  # (`\s+\(`: a space before it)
            continue
        close = text.find(")", paren)
        if close < 0:  # (no later parenthesis closes either)
            break
        start = max(resume, text.rfind("(", resume, paren) + 1)
        names = text[start:paren].rstrip().rstrip("’'s.")
        reversed_run = run.match(names[::-1])  # (a run of none or more: always a match)
        floor = start + len(names) - (reversed_run.end() if reversed_run is not None else 0)
        # (the end bounded just after the ")": the pattern looks at nothing beyond its own ")")
        searched = pattern or _narrative_in(multiword, text, floor, close + 1)
        match = searched.search(text, floor, close + 1)
        if match is not None:
            found.append(match)
            resume = match.end()
    return found


def find_citations(text: str, multiword_names: Iterable[str] = ()) -> tuple[list[CitationMatch], list[Unparsed]]:
    """Every citation in `text`, in order, and the parentheses that look like citations (a name
    right before a year) but read as none of the forms."""
    if "(" not in text:  # both forms need a parenthesis; most paragraphs of an interview have none
        return [], []
    if "1" not in text and "2" not in text:
        # Every citation and every problem holds a year, which opens with "1" or "2" (`_YEAR`,
        # `_HAS_YEAR`): a text with a parenthesis but neither digit (a seventh of those asked on the
        # bench) has neither, and is not scanned parenthesis by parenthesis for them.
        return [], []
    return _scanned(text, multiword_names)


def _scanned(text: str, multiword_names: Iterable[str]) -> tuple[list[CitationMatch], list[Unparsed]]:
    """`find_citations` once its cheap tests have not ruled the text out."""
    names = multiword_names if isinstance(multiword_names, tuple) else tuple(sorted(set(multiword_names)))
    part_pattern = _patterns_for(names, text)  # (a tuple is taken as it is: sorted once)
    found: list[CitationMatch] = []
    problems: list[Unparsed] = []
    narrative_parens: set[int] = set()
    for match in narrative_matches(None, text, names):
        written, start = match.group("names"), match.start()
        narrative_parens.add(match.end() - 1)
        if "," in written and not _LAST_JOINED.search(written):
            # a list of names ends with "and X": "Meanwhile, Siler et al." is a word and one name
            cut = written.rindex(",") + 1
            start += cut + len(written[cut:]) - len(written[cut:].lstrip())
            written = written[cut:].strip()
        cited = split_names(written)
        if _not_names(cited, text, start):
            continue
        found.extend(_split_years(match, 0, cited, True, start))
    for paren in _PARENTHESIS.finditer(text):
        if narrative_parens and paren.end() - 1 in narrative_parens:
            continue
        content = paren.group(1)
        offset = paren.start(1)
        if ";" not in content:
            # One piece (most parentheses): `_pieces` for it, without its loop and its list, and
            # without the test for a year first: the part pattern and `_CITATION_LIKE` find one
            # only where `_HAS_YEAR` does (a year after a space, before no letter or digit).
            part = part_pattern.match(content)
            if part is not None:
                start = offset + part.start("names")
                cited = split_names(part.group("names"))
                if not _not_names(cited, text, start):
                    found.extend(_split_years(part, offset, cited, False, start))
                    continue
        elif not _HAS_YEAR.search(content):
            continue
        else:
            parsed = _pieces(part_pattern, text, content, offset)
            if parsed:
                found.extend(parsed)
                continue
        if _CITATION_LIKE.search(content) and not any(w in _MONTHS for w in re.findall(r"[A-Z][a-z]+", content)):
            problems.append(Unparsed(paren.start(), paren.group()))
    if narrative_parens:  # (the parentheses' citations alone are found in order)
        found.sort(key=lambda c: c.start)
    return found, problems


def _pieces(part_pattern: re.Pattern[str], text: str, content: str, offset: int) -> list[CitationMatch]:
    """The citations of a parenthesis of several pieces ("Soja 2000; Gill 2003", "A et al., 2019;
    2020") at `offset` in `text`; none when a piece reads as none."""
    parsed: list[CitationMatch] = []
    next_at = offset
    for piece in content.split(";"):  # (the pieces `[^;]+` finds, without its iterator and matches)
        at, next_at = next_at, next_at + len(piece) + 1
        if not piece:
            continue
        part = part_pattern.match(piece)
        if part is not None:
            start = at + part.start("names")
            cited = split_names(part.group("names"))
            if not parsed and _not_names(cited, text, start):
                return []
            parsed.extend(_split_years(part, at, cited, False, start))
            continue
        years = _BARE_YEARS.match(piece)
        if years is not None and parsed:
            parsed.extend(_split_years(years, at, parsed[-1].names, False, at + years.start("years")))
            continue
        return []
    return parsed


def find_numeric(text: str) -> list[NumericMatch]:
    """Every number of the numeric citations in `text` ("[6, 7]", "[43–45]", "[22, 26–34]"): each
    number linked by itself; a range by its two ends, which carry the numbers between them."""
    if "[" not in text:
        return []
    found: list[NumericMatch] = []
    for bracket in _BRACKETS.finditer(text):
        for item in _NUMBER_OR_RANGE.finditer(bracket.group(1)):
            base = bracket.start(1)
            first, last = item.group("first"), item.group("last")
            found.append(NumericMatch(base + item.start("first"), base + item.end("first"), first))
            if last:
                between = tuple(str(n) for n in range(int(first) + 1, int(last)))
                found.append(NumericMatch(base + item.start("last"), base + item.end("last"), last,
                                          between if int(last) - int(first) < 200 else ()))
    return found
