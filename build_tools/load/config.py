"""Typed views of the validated editorial YAML: a text's settings and its profile."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChromeRule:
    """A named rule that removes site furniture (see seeds/profiles/*.yml)."""

    rule: str
    why: str
    line: re.Pattern[str] | None = None
    start: re.Pattern[str] | None = None
    end: re.Pattern[str] | None = None
    to_end: bool = False
    repeated: bool = False


@dataclass(frozen=True)
class FurnitureRule:
    """A named rule for what a printed page repeats (page numbers, running heads, stamps).

    `line` matches one whole line; `repeated` (a count) matches any short line printed at
    least that many times, digits ignored ("S. Curtis 77" and "S. Curtis 79" are one line).
    """

    rule: str
    why: str
    line: re.Pattern[str] | None = None
    repeated: int | None = None
    page_break: bool = False  # the line marks where a page ends (`<<PAGE_BREAK>>`): a page edge, like a form feed
    cover: re.Pattern[str] | None = None  # a first page with such a line is a repository's cover: all of it goes


@dataclass(frozen=True)
class Profile:
    name: str
    blocks: str
    emphasis: bool
    strong: bool
    autolinks: bool
    superscript_notes: bool
    heading_max_words: int | None
    heading_title_case: bool
    first_heading_is_title: bool
    unnumbered_sections: tuple[str, ...]
    reference_headings: tuple[str, ...]
    rejoin_page_breaks: bool
    chrome: tuple[ChromeRule, ...]
    byline: re.Pattern[str] | None
    standfirst_after_byline: bool
    title_first_block: bool
    caption: re.Pattern[str] | None
    series_note: re.Pattern[str] | None
    bio_template: str | None
    speaker_label: re.Pattern[str] | None
    # Variants of PDF extractions and interview pages (see seeds/profiles/README.md).
    note_markers: tuple[str, ...] = ()  # "superscript", "digits", "symbols"
    dehyphenate: bool = False
    layout_lines: bool = False  # PDF text: paragraphs, notes and headings found from the printed lines' layout
    compound_heads: tuple[str, ...] = ()
    columns: bool = False  # `-layout` PDF text: a two-column page read column by column (split_columns)
    page_furniture: tuple[FurnitureRule, ...] = ()
    numbered_headings: bool = False
    known_sections: tuple[str, ...] = ()  # unnumbered section names a numbered paper may print
    pull_quotes: ChromeRule | None = None
    web: WebRules | None = None  # a web page's shape (`page:`, web keys of `front_matter:`/`conversation:`)
    markdown_links: bool = False  # `[text](url)` of an html2text page → links (`inline: links: markdown`)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Profile:
        inline = data.get("inline", {})
        headings: dict[str, Any] = data.get("headings") or {}
        sectioned = "headings" in data
        front = data.get("front_matter", {})
        back = data.get("back_matter", {})
        conversation = data.get("conversation", {})
        return cls(
            name=data["name"],
            blocks=data["blocks"],
            emphasis=inline.get("emphasis", "none") == "asterisk",
            strong=inline.get("strong", "none") == "double-asterisk",
            autolinks=bool(inline.get("autolinks", False)),
            superscript_notes="superscript" in _note_markers(data.get("footnotes", {}).get("markers", "none")),
            heading_max_words=headings.get("max_words", 12) if sectioned else None,
            heading_title_case=bool(headings.get("title_case", True)),
            first_heading_is_title=sectioned and headings.get("title", "first") == "first",
            unnumbered_sections=tuple(headings.get("unnumbered_sections", [])),
            reference_headings=tuple(headings.get("references", [])),
            rejoin_page_breaks=bool(data.get("page_breaks", {}).get("rejoin", False)),
            chrome=tuple(_chrome_rule(rule) for rule in data.get("chrome", [])),
            byline=_compile(front.get("byline")),
            standfirst_after_byline=front.get("standfirst") == "after-byline",
            title_first_block=front.get("title") == "first-block",
            caption=_compile(front.get("caption")),
            series_note=_compile(back.get("series_note")),
            bio_template=back.get("bio"),
            speaker_label=_compile(conversation.get("label")),
            note_markers=_note_markers(data.get("footnotes", {}).get("markers", "none")),
            dehyphenate=bool(data.get("lines", {}).get("dehyphenate", False)),
            layout_lines=bool(data.get("lines", {}).get("layout", False)),
            compound_heads=tuple(word.lower() for word in data.get("lines", {}).get("compound_heads", [])),
            columns=data.get("lines", {}).get("columns", "off") == "auto",
            page_furniture=tuple(_furniture_rule(rule) for rule in data.get("page_furniture", [])),
            numbered_headings=bool(headings.get("numbered", False)),
            known_sections=tuple(headings.get("known_sections", [])),
            pull_quotes=_pull_quote_rule(conversation.get("pull_quotes")),
            web=WebRules.from_data(data) if "page" in data else None,
            markdown_links=inline.get("links", "none") == "markdown",
        )


@dataclass(frozen=True)
class WebRules:
    """What a web page's shape tells (see seeds/profiles/web-page.yml): where the header ends, which
    lists are menus, how front matter and speaker labels look beyond the `line` rules."""

    header_before_title: bool = False
    link_list_min_items: int = 0  # 0: no link-list rule
    link_list_max_words: int = 0
    image: re.Pattern[str] | None = None  # a line that is only an image: group `alt`
    date_line: re.Pattern[str] | None = None  # a byline or dateline near the title
    markdown: bool = False  # Markdown headings, escapes and links of an html2text dump
    entities: bool = False  # HTML entities (&#39;) left in the text are decoded
    role_labels: tuple[tuple[str, str], ...] = ()  # ("Q", "interviewer"): a label naming a role
    pseudo_turns: re.Pattern[str] | None = None  # labels that are no speaker ("Break")
    question_headings: bool = False  # a question set as a heading or in bold is the interviewer's turn
    name_labels: bool = False  # a declared speaker's name opening a paragraph without a colon is a label
    lead_in: re.Pattern[str] | None = None  # a short unlabelled line that leads in to the next question
    pull_quote_similarity: float = 1.0  # a set-off block this close to a sentence of the body is a pull quote
    chrome_why: tuple[tuple[str, str], ...] = ()  # rule name → why, for the structural rules

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WebRules:
        page: dict[str, Any] = data.get("page") or {}
        front = data.get("front_matter", {})
        conversation = data.get("conversation", {})
        lists = page.get("link_lists") or {}
        return cls(
            header_before_title=page.get("header") == "before-title",
            link_list_min_items=int(lists.get("min_items", 0)),
            link_list_max_words=int(lists.get("max_words", 0)),
            image=_compile(front.get("image")),
            date_line=_compile(front.get("dateline")),
            markdown=bool(page.get("markdown", False)),
            entities=bool(page.get("entities", False)),
            role_labels=tuple((label, role) for label, role in (conversation.get("role_labels") or {}).items()),
            pseudo_turns=_compile(conversation.get("pseudo_turns")),
            question_headings=bool(conversation.get("question_headings", False)),
            name_labels=bool(conversation.get("name_labels", False)),
            lead_in=_compile(conversation.get("lead_in")),
            pull_quote_similarity=float((conversation.get("pull_quotes") or {}).get("similarity", 1.0)),
            chrome_why=tuple((rule["rule"], rule["why"]) for rule in page.get("rules", [])),
        )

    def why(self, rule: str) -> str:
        return dict(self.chrome_why).get(rule, "Site furniture around the piece.")


def merge_profile_data(base: dict[str, Any], site: dict[str, Any]) -> dict[str, Any]:
    """A site profile laid over the profile it extends.

    Mappings merge key by key; a list of named rules (`chrome:`, `page_furniture:`) merges by
    `rule:` name, the site's rules first (they are the more specific) and a rule of the same name
    replacing the base's; any other value of the site profile replaces the base's.
    """
    merged = dict(base)
    for key, value in site.items():
        if key == "extends":
            continue
        old = merged.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            merged[key] = merge_profile_data(old, value)
        elif isinstance(value, list) and isinstance(old, list) and all(isinstance(r, dict) and "rule" in r
                                                                          for r in [*value, *old]):
            names = {rule["rule"] for rule in value}
            merged[key] = [*value, *(rule for rule in old if rule["rule"] not in names)]
        else:
            merged[key] = value
    return merged


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _note_markers(value: str | list[str]) -> tuple[str, ...]:
    """`markers:` is one style or a list of styles; "none" is the empty list."""
    styles = [value] if isinstance(value, str) else list(value)
    return tuple(style for style in styles if style != "none")


def _furniture_rule(data: dict[str, Any]) -> FurnitureRule:
    return FurnitureRule(rule=data["rule"], why=data["why"], line=_compile(data.get("line")),
                         repeated=data.get("repeated"), page_break=bool(data.get("page_break", False)),
                         cover=_compile(data.get("cover")))


def _pull_quote_rule(data: dict[str, Any] | None) -> ChromeRule | None:
    if not data:
        return None
    return ChromeRule(rule=data.get("rule", "pull-quote"), why=data["why"])


def _chrome_rule(data: dict[str, Any]) -> ChromeRule:
    to = data.get("to")
    return ChromeRule(
        rule=data["rule"],
        why=data["why"],
        line=_compile(data.get("line")),
        start=_compile(data.get("from")),
        end=_compile(to) if to and to != "end" else None,
        to_end=to == "end",
        repeated=bool(data.get("repeated", False)),
    )


@dataclass(frozen=True)
class Author:
    family: str
    given: str = ""
    role: str = "author"
    affiliation: str = ""

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class TurnDecision:
    """The editor's attribution of one turn: who speaks, and the words the turn opens with."""

    speaker: str
    starts: str
    yaml_line: int


@dataclass(frozen=True)
class TextConfig:
    slug: str
    yaml_file: str
    source_name: str
    profile_name: str
    kind: str
    language: str
    short_title: str
    order: int
    note_on_text: str
    title: str
    authors: tuple[Author, ...]
    date: str
    metadata: dict[str, Any] = field(hash=False)
    speakers: tuple[tuple[str, str, str], ...] = ()
    alternation: tuple[str, ...] = ()
    turns: tuple[TurnDecision, ...] = ()
    speakers_line: int = 0
    speaker_aliases: tuple[tuple[str, str], ...] = ()  # (label the source uses, speaker id): "TR", "H.G.W."
    front_matter: tuple[tuple[str, str], ...] = ()  # (a block's first words, its role) where guessing fails

    @property
    def interviewer_and_interviewees(self) -> tuple[list[Author], list[Author]]:
        interviewers = [a for a in self.authors if a.role == "interviewer"]
        return interviewers, [a for a in self.authors if a.role != "interviewer"]
