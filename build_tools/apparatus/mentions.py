"""Finding the words of a text that name an index entry: a glossary term, a person, a place…

The glossary and the registers share this engine. Each index becomes one `Matcher`: every
variant of every entry is one alternative of a single regular expression, longest first,
so that "Council of Europe" wins over "Europe" and "University College London" over
"London". Only whole words match ("Polanyi" never inside "Polanyian", "globalization" never
inside "de-globalization"), and an entry can list phrases in which it must not be found
("After Nativism", a book title, is not the concept of nativism).

Two uses, kept apart on purpose:

- `wrap_mentions` turns chosen mentions into reference nodes. It reads only `Text` nodes
  reached through emphasis and strong, never the inside of a link, a note marker or another
  reference, so it can never nest a link in a link.
- `find_places` lists every block that mentions an entry, for the "appears in" back-references.
  It reads a block's prose whatever node it sits in (a citation, an emphasis…), so that a name
  that only occurs inside a citation still counts as named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import AnyStr

from build_tools.model import (
    Document,
    Emphasis,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    Paragraph,
    Role,
    Strong,
    Text,
)

# Whole words: no letter, digit or joining hyphen may touch a match on either side.
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w]|-\w)"
# A name directly followed by a year, "Sassen (1991)", "Polanyi’s (1957)", "(Harvey 2012;",
# "Acuto and Curtis (2014)", is a citation: the bibliography links it, the register does not.
_CITATION_AFTER = re.compile(
    r"(?:\s+(?:and|&)\s+[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)?(?:’s|'s)?,?\s*\(?\s*(?:1[5-9]|20)\d\d\b")


@dataclass(slots=True)  # (not frozen: made for every mention, and frozen fields are set one by one, slowly)
class Mention:
    """One place in a string where an entry is named."""

    key: str  # the entry's key in its matcher (e.g. "global-city", "person:sassen")
    start: int
    end: int
    in_citation: bool  # followed by a year: part of an author-date citation


@dataclass(frozen=True)
class MatchEntry:
    """What the matcher needs to know about one entry."""

    key: str
    variants: tuple[str, ...]
    exclude: tuple[str, ...] = ()


def variant_atoms(variant: str, fold_first_letter: bool) -> list[str]:
    """A variant as a sequence of small regular expressions, one per character: any run of
    spaces between words, either apostrophe, and (if folded) either case of the first letter."""
    atoms: list[str] = []
    for index, word in enumerate(variant.split()):
        if index:
            atoms.append(r"[\s\u00a0]+")
        for position, char in enumerate(word):
            if index == 0 and position == 0 and fold_first_letter and char.isalpha():
                atoms.append(f"[{char.lower()}{char.upper()}]")
            elif char in "'’":
                atoms.append("['’]")
            else:
                atoms.append(re.escape(char))
    return atoms


def normalise_variant(variant: str, fold_first_letter: bool) -> str:
    """The form two variants are compared in (to find one claimed by two entries), and the
    form a matched string is looked up in: spaces and apostrophes made uniform."""
    text = " ".join(variant.replace("'", "’").split())
    return text[:1].lower() + text[1:] if fold_first_letter else text


_END = ""  # marks, in a trie node, that a variant ends there


Trie = dict[str, "Trie"]  # atom → child node; _END → {}


def trie_pattern(variants: Iterable[str], fold_first_letter: bool) -> str | None:
    """One regular expression matching any of `variants` as whole words, written as a trie.

    Why a trie and not "variant1|variant2|…": Python's `re` tries every alternative at every
    position of the text, so a flat alternation of a hundred names runs at a few hundred
    thousand words a second; the trie shares common prefixes and rejects a position on its
    first character, twenty times faster. Longer variants still win: a shorter one that ends
    inside a longer one is an optional tail, and the regex engine tries the tail first.
    """
    root: Trie = {}
    for variant in variants:
        node = root
        for atom in variant_atoms(variant, fold_first_letter):
            node = node.setdefault(atom, {})
        node[_END] = {}
    firsts = [atom for atom in root if atom != _END]
    if not firsts:
        return None
    if fold_first_letter:
        first_chars = "".join(atom[1:-1] if atom.startswith("[") else atom for atom in firsts)
        # A look-ahead at the set of first characters ahead of the look-behind: most positions
        # fail on it at once (20 % faster than opening with the look-behind, on the registers).
        return f"(?=[{first_chars}]){_BEFORE}(?:{_emit(root)}){_AFTER}"
    # Names begin with a capital, which few positions of a text hold. A pattern whose branches all
    # open with a literal character lets `re` skip to the next candidate in C (it gathers their
    # first characters into a set; it cannot when the pattern opens with a look-behind or a
    # look-ahead, as the folded one does), and reject each branch on that character without
    # entering it; the character before is then checked not to be part of a word. (Opening with
    # the set of first characters, each branch looking back at its own, took 25 % longer on the
    # registers: 8.0 against 6.4 ns a character.) Folded terms keep the plain form: their first
    # letters include lower-case ones, which start most words, and one branch per case doubles
    # the pattern for no gain (it searches a text only where `candidate_pattern` finds a candidate).
    branches = [f"{re.escape(char)}(?<![\\w-].){_emit(root[atom])}" for atom in firsts for char in _atom_chars(atom)]
    return f"(?:{'|'.join(branches)}){_AFTER}"


def _atom_chars(atom: str) -> list[str]:
    """The characters an unfolded first atom matches: its one character, or either apostrophe."""
    if atom == "['’]":
        return ["'", "’"]
    return [atom[-1]] if atom.startswith("\\") else [atom]


def _emit(node: Trie) -> str:
    branches = [atom + _emit(child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


# --- where a folded term may start: the title-cased copy of a text --------------------------
#
# The folded pattern opens with look-arounds (any letter of either case may start a term), so
# `re` tries it at every position of a text, ~40 ns a character. `str.title()` (in C, a few ns a
# character) upper-cases the first letter of every word and lower-cases the rest, so in the
# title-cased copy a term can only start at one of a few capitals: a pattern opening with those
# capitals lets `re` skip to them in C. Each candidate is then confirmed by the real pattern at
# the same position of the real text, so the copy only has to never miss a mention:
#
# - `title()` decides each character's case from whether the character before it is "cased"; a
#   mention starts after a character that is neither a word character nor "-", and the only
#   such characters that are cased are the few of `_TITLE_UNSAFE` (tests recompute the list);
# - inside a mention the text holds the term's own characters, or characters of the same kind
#   (any space for a space, either apostrophe; none of them cased), so it title-cases as the
#   term does, except for capital sigma, whose lower case depends on the next letters (in
#   `_TITLE_UNSAFE` too);
# - a character whose title or lower case is longer than one character changes the length:
#   such a text is searched as before.
_TITLE_UNSAFE = re.compile("[\u0345\u03a3\u24b6-\u24e9\U0001f130-\U0001f189]")


def _first_chars(key: str) -> set[str]:
    """The characters the folded pattern takes for the first one of `key` (see `variant_atoms`)."""
    first = key[0]
    return set(first.lower() + first.upper()) if first.isalpha() else {"'", "’"} if first in "'’" else {first}


def candidate_pattern(keys: Iterable[str]) -> str | None:
    """A pattern matching the first character of every place of a title-cased text where one of
    the folded `keys` (normalised variants) may start; None if some key cannot be read that way."""
    root: Trie = {}
    for key in keys:
        if not key:
            return None
        for char in _first_chars(key):  # the first letter may be written in either case
            titled = (char + key[1:]).title()
            if len(titled) != len(key):
                return None
            node = root.setdefault(re.escape(titled[0]), {})
            for atom in variant_atoms(titled, False)[1:]:
                node = node.setdefault(atom, {})
            node[_END] = {}
    # Each branch opens with a literal: `re` gathers them into one set it skips to in C.
    return "|".join(first + _emit(rest) for first, rest in root.items())


def _compile_candidates(keys: Iterable[str]) -> re.Pattern[str] | None:
    pattern = candidate_pattern(keys)
    return re.compile(pattern) if pattern else None


# Faster still, for a text that Windows-1252 can encode (English prose with its curly quotes and
# dashes, most accented Latin letters): its bytes title-cased by `bytes.title()`, which knows only
# the ASCII letters as cased, so that nothing before a mention (no word character, no "-") can be
# cased, and which changes no length; encoding and title-casing the bytes cost half what
# `str.title()` and the look for `_TITLE_UNSAFE` do. The candidates are the terms' bytes, title-cased
# the same way; a term Windows-1252 cannot encode is in no text read this way.
_CP1252 = "cp1252"
_CP1252_SPACES = bytes(byte for byte in range(256)
                       if re.fullmatch(r"[\s\u00a0]", bytes([byte]).decode(_CP1252, "replace")))
_CP1252_APOSTROPHES = "'’".encode(_CP1252)


def byte_candidate_pattern(keys: Iterable[str]) -> bytes | None:
    """`candidate_pattern` for the Windows-1252 bytes of a text title-cased by `bytes.title()`."""
    root: dict[bytes, Trie] = {}
    spaces = b"[" + re.escape(_CP1252_SPACES) + b"]+"
    apostrophes = b"[" + re.escape(_CP1252_APOSTROPHES) + b"]"
    for key in keys:
        if not key:
            return None
        for char in _first_chars(key):
            try:
                titled = (char + key[1:]).encode(_CP1252).title()
            except UnicodeEncodeError:
                continue
            node = root.setdefault(re.escape(titled[:1]), {})
            for byte in titled[1:]:  # (a normalised key has one space between words, and ’ for ')
                atom = spaces if byte == 0x20 else apostrophes if byte in _CP1252_APOSTROPHES else \
                    re.escape(bytes([byte]))
                node = node.setdefault(atom.decode("latin-1"), {})  # (latin-1: a byte a character)
            node[_END] = {}
    if not root:
        return None
    return b"|".join(first + _emit(rest).encode("latin-1") for first, rest in root.items())


def _compile_byte_candidates(keys: Iterable[str]) -> re.Pattern[bytes] | None:
    pattern = byte_candidate_pattern(keys)
    return re.compile(pattern) if pattern else None


def _at_candidates(pattern: re.Pattern[str], candidates: re.Pattern[AnyStr], text: str,
                   titled: AnyStr) -> list[re.Match[str]]:
    """`pattern.finditer(text)`, trying `pattern` only where `candidates` matches `titled`: a
    match of finditer starts at a candidate, at or after the end of the match before it. (Each
    search starts right after the last candidate, not at its end: a candidate that is no mention
    may hold the start of one.)"""
    found: list[re.Match[str]] = []
    position = 0
    search, match = candidates.search, pattern.match
    while (candidate := search(titled, position)) is not None:
        at = candidate.start()
        mention = match(text, at)
        if mention is None:
            position = at + 1
        else:
            position = mention.end()
            found.append(mention)
    return found


class Matcher:
    """Finds mentions of a set of entries in plain strings.

    `fold_first_letter`: a capital first letter also matches (a term at the start of a
    sentence); names of persons and places are matched exactly as written. The matched
    string, normalised, names its entry.
    """

    def __init__(self, entries: Iterable[MatchEntry], *, fold_first_letter: bool) -> None:
        self.fold_first_letter = fold_first_letter
        self.keys: dict[str, str] = {}  # normalised variant → entry key (the first entry to claim it)
        self.exclude_keys: dict[str, set[str]] = {}  # normalised phrase → keys it is excluded for
        for entry in entries:
            for variant in entry.variants:
                self.keys.setdefault(normalise_variant(variant, fold_first_letter), entry.key)
            for phrase in entry.exclude:
                self.exclude_keys.setdefault(normalise_variant(phrase, fold_first_letter), set()).add(entry.key)
        self.pattern = self._compile(self.keys)
        self.exclude_pattern = self._compile(self.exclude_keys)
        # The entries some phrase is excluded for: only a mention of one of them needs the text
        # searched for excluded phrases (most texts match many mentions and none of these).
        self.excludable: set[str] = set().union(*self.exclude_keys.values())
        self._matched_keys: dict[str, str] = {}  # matched string → its entry (a text repeats its terms)
        # Folded terms: where a mention may start, found in the text's title-cased copy (see
        # `candidate_pattern`); the registers' pattern already skips to capitals by itself.
        self.candidates = _compile_candidates(self.keys) if fold_first_letter and self.pattern else None
        self.byte_candidates = _compile_byte_candidates(self.keys) if self.candidates else None
        # A mention is at least as long as its normalised form (a space matches one or more).
        self._shortest = min(map(len, self.keys), default=0)

    def _compile(self, forms: Iterable[str]) -> re.Pattern[str] | None:
        pattern = trie_pattern(forms, self.fold_first_letter)
        return re.compile(pattern) if pattern else None

    def _key(self, matched: str) -> str:
        key = self._matched_keys.get(matched)
        if key is None:
            key = self._matched_keys[matched] = self.keys[normalise_variant(matched, self.fold_first_letter)]
        return key

    def _excluded_spans(self, text: str) -> list[tuple[set[str], int, int]]:
        if self.exclude_pattern is None:
            return []
        return [(self.exclude_keys[normalise_variant(m.group(), self.fold_first_letter)], m.start(), m.end())
                for m in self.exclude_pattern.finditer(text)]

    def _matches(self, text: str) -> Iterable[re.Match[str]]:
        """`self.pattern.finditer(text)`, for folded terms searched only where a mention may start."""
        assert self.pattern is not None
        if self.candidates is None:
            return self.pattern.finditer(text)
        if self.byte_candidates is not None:
            try:
                data = text.encode("ascii") if text.isascii() else text.encode(_CP1252)  # (ASCII: a copy)
            except UnicodeEncodeError:
                pass
            else:
                return _at_candidates(self.pattern, self.byte_candidates, text, data.title())
        titled = text.title()
        if len(titled) != len(text) or (not text.isascii() and _TITLE_UNSAFE.search(text)):
            return self.pattern.finditer(text)  # (a title case the candidates cannot be read in)
        return _at_candidates(self.pattern, self.candidates, text, titled)

    def finditer(self, text: str, *, citations: bool = True) -> Iterator[Mention]:
        """The mentions in `text`, in order; with `citations=False` none is said to be in a
        citation (a caller that never asks is spared the look at what follows each mention)."""
        return iter(self.mentions(text, citations=citations))

    def mentions(self, text: str, *, citations: bool = True) -> list[Mention]:
        """`finditer` as a list (empty, and false, for most texts)."""
        found: list[Mention] = []
        if self.pattern is None or len(text) < self._shortest:  # (", " between two references…)
            return found
        excluded: list[tuple[set[str], int, int]] | None = None  # looked for once a mention could be excluded
        for match in self._matches(text):
            key = self._key(match.group())
            start, end = match.span()
            if key in self.excludable:
                if excluded is None:
                    excluded = self._excluded_spans(text)
                if any(key in keys and begin <= start and end <= stop for keys, begin, stop in excluded):
                    continue
            found.append(Mention(key, start, end, citations and _CITATION_AFTER.match(text, end) is not None))
        return found


# --- turning mentions into reference nodes ------------------------------------------

MakeRef = Callable[[str, list[Inline]], Inline]
Claim = Callable[[Mention], bool]


def wrap_mentions(nodes: list[Inline], matcher: Matcher, make_ref: MakeRef, claim: Claim, *,
                  citations: bool = True) -> list[Inline]:
    """`nodes` with the mentions that `claim` accepts (asked in reading order) wrapped by `make_ref`.

    Descends into emphasis and strong only: the text of links, note markers and other
    references (citations, terms, names) is never touched. `citations=False`: `claim` never
    asks whether a mention is part of a citation.
    """
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            mentions = matcher.mentions(node.text, citations=citations)
            if mentions:
                out.extend(_split_text(node, mentions, make_ref, claim))
            else:
                out.append(node)
        elif isinstance(node, (Emphasis, Strong)):
            node.children = wrap_mentions(node.children, matcher, make_ref, claim, citations=citations)
            out.append(node)
        else:
            out.append(node)
    return out


def _split_text(node: Text, mentions: list[Mention], make_ref: MakeRef, claim: Claim) -> list[Inline]:
    text = node.text
    pieces: list[Inline] = []
    position = 0
    for mention in mentions:
        if not claim(mention):
            continue
        if mention.start > position:
            pieces.append(Text(text[position:mention.start]))
        pieces.append(make_ref(mention.key, [Text(text[mention.start:mention.end])]))
        position = mention.end
    if position == 0:
        return [node]
    if position < len(text):
        pieces.append(Text(text[position:]))
    return pieces


# --- where entries are mentioned, for back-references ---------------------------------


def searchable_text(nodes: list[Inline]) -> str:
    """The prose of an inline tree: every text except link text (often a bare URL) and markers."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (Link, FootnoteRef)):
            continue
        else:
            children = getattr(node, "children", None)
            if isinstance(children, list):
                parts.append(searchable_text(children))
    return "".join(parts)


@dataclass(frozen=True)
class Place:
    """A block of a text that readers can be sent to: a ¶, a note, or a framing block."""

    slug: str
    page: str  # docs-relative page of the text, e.g. "texts/curtis-2018.md"
    anchor: str
    label: str  # "¶ 12", "note 3", "standfirst"
    number: int | None  # the ¶ number, for body paragraphs
    order: int  # reading order within the text

    def href(self, from_page: str = "") -> str:
        """A link to the place from a page at the docs root (or from `from_page`'s folder)."""
        prefix = "../" * from_page.count("/")
        return f"{prefix}{self.page}#{self.anchor}"


# Framing blocks that name people and places and have no ¶ number; linked by their role.
FRAMING_LABELS: dict[Role, str] = {
    Role.ABSTRACT: "abstract",
    Role.STANDFIRST: "standfirst",
    Role.CAPTION: "image caption",
    Role.SERIES_NOTE: "series note",
    Role.BIO: "about the author",
}


def text_places(doc: Document, page: str) -> Iterator[tuple[Place, str]]:
    """Every block of a text that back-references may point to, with its searchable prose."""
    section_anchor = "title"
    order = 0
    for block in doc.blocks:
        order += 1
        if isinstance(block, Heading):
            section_anchor = block.anchor or section_anchor
            continue
        if not isinstance(block, Paragraph):
            continue
        if block.role is Role.BODY and block.number is not None and block.anchor:
            yield Place(doc.slug, page, block.anchor, f"¶ {block.number}", block.number, order), \
                searchable_text(block.inlines)
        elif block.role in FRAMING_LABELS:
            yield Place(doc.slug, page, block.anchor or section_anchor, FRAMING_LABELS[block.role], None, order), \
                searchable_text(block.inlines)
    for note in doc.footnotes:
        order += 1
        yield Place(doc.slug, page, f"fn:{note.label}", f"note {note.label}", None, order), \
            searchable_text(note.inlines)


def find_places(matcher: Matcher, texts: Iterable[tuple[Document, str]]) -> dict[str, list[Place]]:
    """Entry key → every place (in edition and reading order) that mentions it, once per place."""
    return find_places_each([matcher], texts)[0]


def find_places_each(matchers: list[Matcher], texts: Iterable[tuple[Document, str]]) -> list[dict[str, list[Place]]]:
    """`find_places` for each matcher (the glossary's, the registers'), the texts' blocks and their
    searchable prose gathered once for all of them."""
    found: list[dict[str, list[Place]]] = [{} for _ in matchers]
    for doc, page in texts:
        for place, prose in text_places(doc, page):
            for matcher, places in zip(matchers, found, strict=True):
                for key in dict.fromkeys(m.key for m in matcher.mentions(prose, citations=False)):
                    places.setdefault(key, []).append(place)
    return found
