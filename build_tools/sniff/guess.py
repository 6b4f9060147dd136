"""What a guesser proposes for a new text's `text.yml`: the editor reviews it, never trusts it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GuessedAuthor:
    family: str
    given: str = ""
    role: str = "author"  # "author", "interviewer", "interviewee"


@dataclass
class GuessedSpeaker:
    id: str  # a slug of the name ("robin-wilson"), or of the label ("q") when no name is given
    name: str  # as the page names the speaker ("Robin Wilson"); the label ("Q") when nothing better
    role: str  # "interviewer" or "interviewee"
    aliases: list[str] = field(default_factory=list)  # other labels the page uses ("RW", "R.W.", "Q")


@dataclass
class Guess:
    """Everything a guesser found; empty fields mean "not found" (add-text writes a placeholder)."""

    profile: str  # "pdf-extraction", "web-page", or a site profile layered on web-page
    kind: str  # journal-article, interview, essay, report, book-chapter
    title: str = ""
    authors: list[GuessedAuthor] = field(default_factory=list)
    date: str = ""  # ISO 8601 (YYYY-MM-DD, or YYYY-01-01 when only the year is known)
    container: str = ""
    speakers: list[GuessedSpeaker] = field(default_factory=list)
    alternation: list[str] = field(default_factory=list)  # speaker ids, when turns alternate
    notes: list[str] = field(default_factory=list)  # what the guesser was unsure of, for the editor
