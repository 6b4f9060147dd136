"""The typed document model every pass reads and writes.

A raw seed becomes a `Document`: an ordered list of blocks (headings, paragraphs,
reference entries, turns of a conversation), the author's footnotes, and a record of
every block the build removed and why.  Every block remembers the lines of the raw
file it came from (`Span`), so that diagnostics and the removal report can point an
editor at the exact place.

Inline content is a small tree (`Text`, `Emphasis`, `Strong`, `FootnoteRef`, `Link`), to
which the apparatus passes add references that wrap the words they link (`TermRef` to the
glossary, `EntityRef` to a register, `Citation` …). Passes that rewrite words (typography)
touch only `Text` nodes, so no pass ever has to dodge markup with a regex.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Span(NamedTuple):
    """Where a piece of the document came from: a file and an inclusive line range (1-based).

    A named tuple, not a frozen dataclass: every block and removal has one, and a frozen
    dataclass is made by three `object.__setattr__` calls (0.8 µs; a tuple, 0.2 µs)."""

    file: str
    line: int
    end_line: int

    def merge(self, other: Span) -> Span:
        return Span(self.file, min(self.line, other.line), max(self.end_line, other.end_line))

    def __str__(self) -> str:
        if self.line == self.end_line:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}-{self.end_line}"


# --- inline nodes -----------------------------------------------------------------


@dataclass(slots=True)
class Text:
    """Plain words and punctuation, exactly as they will be read."""

    text: str


@dataclass(slots=True)
class Emphasis:
    """Italic text (`*…*` in the extraction)."""

    children: list[Inline]


@dataclass(slots=True)
class Strong:
    """Bold text (`**…**` in the extraction, e.g. volume numbers in references)."""

    children: list[Inline]


@dataclass(slots=True)
class FootnoteRef:
    """The place of an author's footnote marker; `label` is the author's number as a string."""

    label: str
    mark: str = ""  # the marker as the source prints it when that is not the label (`†`, or `1` in `debt.1`)


@dataclass(slots=True)
class Link:
    """A hyperlink; the target is never touched by text passes."""

    url: str
    children: list[Inline]


@dataclass(slots=True)
class TermRef:
    """Words of the text that name a glossary term (`seeds/apparatus/glossary.yml`).

    `definition` is the glossary's definition, carried so the renderer can show it on hover
    without looking the term up again. Passes that rewrite words still reach `children`.
    """

    term_id: str
    definition: str
    children: list[Inline]


@dataclass(slots=True)
class EntityRef:
    """Words of the text that name a person, place or organisation of a register.

    `kind` is the register (`person`, `place`, `organisation`); `identification` its one-line
    identification, shown on hover.
    """

    kind: str
    entity_id: str
    identification: str
    children: list[Inline]


@dataclass(slots=True)
class Citation:
    """An author–year citation in the text ("Acuto 2011", "Sassen (1991)"), linked to its work.

    `cited` is the citation as the source gives it (names and year, possessive dropped),
    `key` the bibliography id it resolves to (set by `passes/link_citations.py`), and
    `reference` the formatted reference, carried so the renderer can show it on hover.
    """

    cited: str
    children: list[Inline]
    key: str | None = None
    reference: str = ""
    locator: str = ""


@dataclass(slots=True)
class EditorNoteRef:
    """The place an editor's note refers to; `note_id` names a `Document.editor_notes` entry.

    Letters (a, b, c…) are given in reading order by `passes/editor_notes.py`; `anchor` is
    this reference's own id (`edref-a`, `edref-a-2` for a note referred to twice).
    """

    note_id: str
    letter: str = ""
    anchor: str = ""
    summary: str = ""  # the note's text, for the hover title


@dataclass(slots=True)
class Emendation:
    """Words the editor supplied to mend an evident slip; `children` read with the additions in
    [brackets], `source` is the source's reading (kept in the editor's note, so no word is lost)."""

    source: str
    children: list[Inline]


@dataclass(slots=True)
class EditorAddition:
    """Something the editor added inside the author's text (e.g. a link to an archived copy of a
    cited web page); rendered visibly marked as the editor's."""

    children: list[Inline]


Inline = Text | Emphasis | Strong | FootnoteRef | Link | TermRef | EntityRef | Citation | EditorNoteRef \
    | Emendation | EditorAddition


# The inline nodes with children (Text, note markers and editor's note markers have none).
_CONTAINERS = (Emphasis, Strong, Link, TermRef, EntityRef, Citation, Emendation, EditorAddition)


def walk_inlines(nodes: list[Inline]) -> Iterator[Inline]:
    """Every inline node, depth first, in reading order."""
    for node in nodes:
        yield node
        if isinstance(node, _CONTAINERS):
            yield from walk_inlines(node.children)


def splice(text: str, pieces: Iterable[tuple[int, int, Sequence[Inline]]], keep_empty: bool = False) -> list[Inline]:
    """The text with each span (start, end) replaced by its nodes, in order; the text between stays
    Text (an empty one only with `keep_empty`, for a pass that keeps one node per gap)."""
    out: list[Inline] = []
    position = 0
    for start, end, nodes in pieces:
        if keep_empty or start > position:
            out.append(Text(text[position:start]))
        out.extend(nodes)
        position = end
    if keep_empty or position < len(text):
        out.append(Text(text[position:]))
    return out


def plain_text(nodes: list[Inline]) -> str:
    """The readable text of an inline tree (markers and markup dropped)."""
    if len(nodes) == 1 and isinstance(nodes[0], Text):  # most paragraphs, until the linking passes
        return nodes[0].text
    parts: list[str] = []
    _texts(nodes, parts)
    return "".join(parts)


def _texts(nodes: list[Inline], parts: list[str]) -> None:
    """walk_inlines' order without its generators: the passes ask for a paragraph's text often."""
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, _CONTAINERS):
            _texts(node.children, parts)


# --- blocks -------------------------------------------------------------------------


class Role(StrEnum):
    """What a paragraph is for; only `BODY` paragraphs are numbered."""

    RAW = "raw"  # not yet classified
    BODY = "body"
    ABSTRACT = "abstract"
    STANDFIRST = "standfirst"
    BYLINE = "byline"
    CAPTION = "caption"
    SERIES_NOTE = "series-note"
    BIO = "bio"
    FOOTNOTE = "footnote"  # a footnote text still sitting where a page broke
    REFERENCE = "reference"  # an entry of the reference list
    PREFORMATTED = "preformatted"  # code or other text whose lines and spacing are its meaning


@dataclass(frozen=True, slots=True)
class SeeAlso:
    """A "see also" pointer from a paragraph to related paragraphs of another text.

    Set by the cross-linking step (`build_tools/apparatus/themes.py`) from a theme of
    `seeds/apparatus/themes.yml`; `page` is docs-relative (`texts/<slug>.md`).
    """

    theme_id: str
    theme_title: str
    page: str
    text_label: str  # how readers cite the other text, e.g. "Amin and Wilson 2023"
    numbers: tuple[int, ...]  # ¶ numbers there


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the edition (or, before classification, a raw block of text)."""

    inlines: list[Inline]
    span: Span
    role: Role = Role.RAW
    number: int | None = None  # the stable ¶ number, body paragraphs only
    anchor: str | None = None
    speaker: str | None = None  # speaker id, for paragraphs of an interview
    turn: int | None = None  # 1-based turn index, for paragraphs of an interview
    turn_start: bool = False  # first paragraph of its turn (carries the label)
    credit: str | None = None  # for captions: the image credit
    see_also: list[SeeAlso] = field(default_factory=list)  # cross-links to the other texts (themes)
    # How its "see also" line is shown (apparatus/themes.py, group_see_also): a run of paragraphs
    # with the same line shows it once, under the last of them, saying which ¶ it is for.
    see_also_folded: bool = False  # the line is shown under a later paragraph of its run
    see_also_for: tuple[int, ...] = ()  # on the run's last paragraph: the ¶ numbers the line is for
    hint: str | None = None  # what the page layout says the block is ("heading"), for the later passes

    @property
    def text(self) -> str:
        # (`plain_text`'s first case written here: the passes ask a paragraph's text six hundred
        # times a text, most often of one Text node, and a call is a third of the time it costs)
        inlines = self.inlines
        if len(inlines) == 1 and type(inlines[0]) is Text:
            return inlines[0].text
        return plain_text(inlines)


@dataclass(slots=True)
class Preformatted(Paragraph):
    """A block printed as it stands, line for line (a code listing of a web page).

    Its characters are in `code`, not in inline nodes, so the passes that rewrite words or link
    them (typography, index links), which walk `inlines`, leave it alone; `text` is the code, so
    the passes that read blocks still see its words. Renderers print it verbatim and escaped.
    """

    code: str = ""

    @property
    def text(self) -> str:
        return self.code


@dataclass(slots=True)
class Heading:
    level: int
    inlines: list[Inline]
    span: Span
    anchor: str | None = None

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


Block = Paragraph | Heading


@dataclass(slots=True)
class Footnote:
    """An author's footnote, lifted out of the flow."""

    label: str
    inlines: list[Inline]
    span: Span


@dataclass(slots=True)
class Removal:
    """A block of the raw file that is not part of the work, and the named rule that removed it."""

    rule: str
    why: str
    text: str
    span: Span


@dataclass(slots=True)
class Speaker:
    id: str
    name: str
    role: str  # "interviewer" or "interviewee"


@dataclass(slots=True)
class EditorNote:
    """An editor's note (lettered a, b, c…, never numbered like the author's footnotes).

    `kind` says what it carries: a citation resolution, an emendation or context. `places`
    lists the places that refer to it, for its back-links and the Editorial apparatus page.
    """

    id: str
    kind: str  # "citation", "emendation", "context"
    inlines: list[Inline]
    letter: str = ""
    summary: str = ""  # one line for the apparatus page, e.g. "Brenner and Schmid (2000) → 2011"
    places: list[tuple[str, str]] = field(default_factory=list)  # (label "¶ 4", anchor of the reference)
    yaml_file: str = ""
    yaml_line: int = 0


@dataclass(slots=True)
class Document:
    """One text of the edition, as the passes see it."""

    slug: str
    source_file: str
    blocks: list[Block]
    footnotes: list[Footnote] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    editor_notes: list[EditorNote] = field(default_factory=list)  # lettered, in reading order

    def paragraphs(self, *roles: Role) -> Iterator[Paragraph]:
        for block in self.blocks:
            if isinstance(block, Paragraph) and (not roles or block.role in roles):
                yield block

    def headings(self) -> Iterator[Heading]:
        for block in self.blocks:
            if isinstance(block, Heading):
                yield block
