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


@dataclass(frozen=True)
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
    first_chars = "".join(atom[1:-1] if atom.startswith("[") else atom for atom in firsts)
    if fold_first_letter:
        # A look-ahead at the set of first characters ahead of the look-behind: most positions
        # fail on it at once (20 % faster than opening with the look-behind, on the registers).
        return f"(?=[{first_chars}]){_BEFORE}(?:{_emit(root)}){_AFTER}"
    # Names begin with a capital, which few positions of a text hold. A pattern that opens with
    # a set of characters lets `re` skip to the next candidate in C (it cannot when the pattern
    # opens with a look-behind or a look-ahead, as the folded one does), 2.6 times faster on the registers. The
    # first character is then checked to start a word, and each branch of the trie checks
    # (looking back) that it follows its own first character. Folded terms keep the plain
    # form: their first letters include lower-case ones, which start most words, and there
    # the branch-by-branch look-back costs more than it saves.
    branches = "|".join(f"(?<={atom}){_emit(root[atom])}" for atom in firsts)
    return f"[{first_chars}](?<![\\w-].)(?:{branches}){_AFTER}"


def _emit(node: Trie) -> str:
    branches = [atom + _emit(child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


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

    def finditer(self, text: str) -> Iterator[Mention]:
        if self.pattern is None:
            return
        excluded: list[tuple[set[str], int, int]] | None = None  # looked for once a mention could be excluded
        for match in self.pattern.finditer(text):
            key = self._key(match.group())
            if key in self.excludable:
                if excluded is None:
                    excluded = self._excluded_spans(text)
                if any(key in keys and start <= match.start() and match.end() <= end for keys, start, end in excluded):
                    continue
            in_citation = bool(_CITATION_AFTER.match(text, match.end()))
            yield Mention(key, match.start(), match.end(), in_citation)


# --- turning mentions into reference nodes ------------------------------------------

MakeRef = Callable[[str, list[Inline]], Inline]
Claim = Callable[[Mention], bool]


def wrap_mentions(nodes: list[Inline], matcher: Matcher, make_ref: MakeRef, claim: Claim) -> list[Inline]:
    """`nodes` with the mentions that `claim` accepts (asked in reading order) wrapped by `make_ref`.

    Descends into emphasis and strong only: the text of links, note markers and other
    references (citations, terms, names) is never touched.
    """
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            out.extend(_split_text(node, matcher, make_ref, claim))
        elif isinstance(node, (Emphasis, Strong)):
            node.children = wrap_mentions(node.children, matcher, make_ref, claim)
            out.append(node)
        else:
            out.append(node)
    return out


def _split_text(node: Text, matcher: Matcher, make_ref: MakeRef, claim: Claim) -> list[Inline]:
    pieces: list[Inline] = []
    position = 0
    for mention in matcher.finditer(node.text):
        if not claim(mention):
            continue
        if mention.start > position:
            pieces.append(Text(node.text[position:mention.start]))
        pieces.append(make_ref(mention.key, [Text(node.text[mention.start:mention.end])]))
        position = mention.end
    if position == 0:
        return [node]
    if position < len(node.text):
        pieces.append(Text(node.text[position:]))
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
                for key in dict.fromkeys(m.key for m in matcher.finditer(prose)):
                    places.setdefault(key, []).append(place)
    return found
