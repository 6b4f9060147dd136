"""One text's facts as the web edition needs them, gathered once from the validated YAML."""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.load.config import Author, TextConfig
from build_tools.load.identity import Identity

READING_WORDS_PER_MINUTE = 230  # a common figure for attentive reading of prose


def edition_date(text_fallback_epoch: int | None = None, root: Path | None = None) -> dt.date:
    """The date this edition was made, the same on every build of the same inputs.

    SOURCE_DATE_EPOCH when set (the reproducible-builds convention; the Pages workflow sets it
    to the date of the commit). The command line, when its caller sets none, passes down the
    newest text's date (`text_fallback_epoch`): reproducible, but as "the date of the edition"
    it would claim the edition was made the day the newest text appeared. Then the date of the
    last commit is used instead, when the project is a git checkout. Without either: today (UTC).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and not (text_fallback_epoch is not None and int(epoch) == text_fallback_epoch):
        return _utc_date(int(epoch))
    committed = _last_commit_epoch(root)
    if committed is not None:
        return _utc_date(committed)
    if epoch.isdigit():
        return _utc_date(int(epoch))
    return dt.datetime.now(tz=dt.UTC).date()


def _utc_date(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()


def _last_commit_epoch(root: Path | None) -> int | None:
    if root is None or not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


@dataclass(frozen=True)
class TextFacts:
    """Everything the head tags, citations and the Cite box say about one text."""

    config: TextConfig
    words: int
    edition_title: str
    edition_url: str | None  # absolute URL of the text's page (None without site_url)
    pdf_url: str | None  # absolute URL of the text's PDF, only when the build has one
    built: dt.date
    # the works of the text's reference list, as CSL-JSON (from the edition's bibliography)
    references: tuple[dict[str, Any], ...] = ()
    identity: Identity = field(default_factory=Identity)  # seeds/edition.yml: editors, publisher, version
    given_names: str = "as-given"  # the Bibliography's names policy (bibliography.yml), which citations follow
    year_suffix: str = ""  # the text's "a"/"b" in the Bibliography, when its author has another work that year

    @property
    def slug(self) -> str:
        return self.config.slug

    @property
    def meta(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.config.metadata.items() if isinstance(v, (str, int, float))}

    @property
    def is_journal_article(self) -> bool:
        return self.config.kind == "journal-article" or bool(self.meta.get("volume"))

    @property
    def is_interview(self) -> bool:
        return self.config.kind == "interview"

    @property
    def creators(self) -> list[Author]:
        """The people a citation names first: everyone but the interviewer(s) and the editors of the
        book a chapter is in (the CSL record has them as `editor`) — the editors when nobody else."""
        named = self.config.interviewer_and_interviewees[1]
        return [a for a in named if a.role != "editor"] or named

    @property
    def interviewers(self) -> list[Author]:
        return self.config.interviewer_and_interviewees[0]

    @property
    def published(self) -> dt.date:
        return dt.date.fromisoformat(self.config.date)

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def first_page(self) -> str:
        return _pages(self.meta.get("pages", ""))[0]

    @property
    def last_page(self) -> str:
        return _pages(self.meta.get("pages", ""))[1]

    @property
    def doi_url(self) -> str | None:
        doi = self.meta.get("doi")
        return f"https://doi.org/{doi}" if doi else None

    @property
    def original_url(self) -> str | None:
        """Where the original is found: its DOI, else the address of the web page."""
        return self.doi_url or self.meta.get("url") or None

    @property
    def keywords(self) -> list[str]:
        value = self.config.metadata.get("keywords") or []
        return [str(k) for k in value] if isinstance(value, list) else []

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / READING_WORDS_PER_MINUTE))


def _pages(pages: str) -> tuple[str, str]:
    for dash in ("–", "—", "-"):
        if dash in pages:
            first, last = pages.split(dash, 1)
            return first.strip(), last.strip()
    return pages.strip(), ""
