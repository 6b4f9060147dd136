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
    compound_heads: tuple[str, ...] = ()
    page_furniture: tuple[FurnitureRule, ...] = ()
    numbered_headings: bool = False
    pull_quotes: ChromeRule | None = None

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
            compound_heads=tuple(word.lower() for word in data.get("lines", {}).get("compound_heads", [])),
            page_furniture=tuple(_furniture_rule(rule) for rule in data.get("page_furniture", [])),
            numbered_headings=bool(headings.get("numbered", False)),
            pull_quotes=_pull_quote_rule(conversation.get("pull_quotes")),
        )


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _note_markers(value: str | list[str]) -> tuple[str, ...]:
    """`markers:` is one style or a list of styles; "none" is the empty list."""
    styles = [value] if isinstance(value, str) else list(value)
    return tuple(style for style in styles if style != "none")


def _furniture_rule(data: dict[str, Any]) -> FurnitureRule:
    return FurnitureRule(rule=data["rule"], why=data["why"], line=_compile(data.get("line")),
                         repeated=data.get("repeated"))


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

    @property
    def interviewer_and_interviewees(self) -> tuple[list[Author], list[Author]]:
        interviewers = [a for a in self.authors if a.role == "interviewer"]
        return interviewers, [a for a in self.authors if a.role != "interviewer"]
