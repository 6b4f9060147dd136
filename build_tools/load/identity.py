"""The edition as a publication: who edited and published it, its licence, version and date.

Read from `seeds/edition.yml` (validated by `schemas/edition.schema.json`; a problem is a coded
Y diagnostic naming the line). It is the one place these facts are stated: the home page, every
"Cite this", the footer, the PDF title page and colophon and the EPUB's metadata take them from
here, and its `date` is the single edition date of the site, the PDFs and the EPUB. An edition
without the file (a test's seeds, a new project) gets a neutral identity: no editor named, the
edition dated by its newest text, and no claim it cannot back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.diagnostics import Diagnostics
from build_tools.load.yaml_data import read_yaml

EDITION_FILE = "edition.yml"


@dataclass(frozen=True)
class Editor:
    name: str
    family: str = ""  # a person's: "Family, Given" in a citation; empty for a collective
    given: str = ""

    @property
    def inverted(self) -> str:
        return f"{self.family}, {self.given}" if self.family and self.given else self.name


@dataclass(frozen=True)
class Version:
    version: str
    date: dt.date
    summary: str


@dataclass(frozen=True)
class Identity:
    """What `seeds/edition.yml` says (or the neutral defaults when there is none)."""

    title: str = ""  # empty: mkdocs.yml's site_name
    editors: tuple[Editor, ...] = ()
    publisher: str = ""
    place: str = ""
    licence_name: str = ""
    licence_url: str = ""
    licence_covers: str = ""
    rights: str = ""
    version: str = ""
    date: dt.date | None = None  # None: no edition.yml; the caller dates the edition otherwise
    versions: tuple[Version, ...] = field(default_factory=tuple)

    @property
    def editors_phrase(self) -> str:
        """'A', 'A and B', 'A, B, and C' (Chicago's serial comma)."""
        names = [e.name for e in self.editors]
        if len(names) <= 2:
            return " and ".join(names)
        return ", ".join(names[:-1]) + ", and " + names[-1]

    @property
    def edited_by(self) -> str:
        """'edited by …' with the name's leading article lower-cased inside a sentence."""
        phrase = self.editors_phrase
        return "edited by " + (phrase[0].lower() + phrase[1:] if phrase.startswith("The ") else phrase)

    @property
    def version_line(self) -> str:
        """'Version 0.3.0, 6 December 2026' (empty parts left out)."""
        parts = [f"Version {self.version}" if self.version else "", long_date(self.date) if self.date else ""]
        return ", ".join(p for p in parts if p)

    @property
    def licence_line(self) -> str:
        """'Licence of the editorial apparatus (…): CC BY 4.0.' (empty without a licence)."""
        if not self.licence_name:
            return ""
        return f"Licence of {self.licence_covers or 'the edition'}: {self.licence_name}."


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def load_identity(seeds_dir: Path, display: str, diagnostics: Diagnostics) -> Identity:
    """`seeds/edition.yml` read and validated; problems recorded (Y001–Y006), defaults returned."""
    path = seeds_dir / EDITION_FILE
    if not path.exists():
        return Identity()
    loaded = read_yaml(path, display, "edition", diagnostics)
    if loaded is None or not isinstance(loaded.data, dict):
        return Identity()
    data = loaded.data
    licence: dict[str, Any] = data["licence"] if isinstance(data.get("licence"), dict) else {}
    editors = tuple(Editor(_text(e.get("name")), _text(e.get("family")), _text(e.get("given")))
                    for e in data.get("editors") or [] if isinstance(e, dict))
    versions = []
    for item in data.get("versions") or []:
        when = _date(item.get("date")) if isinstance(item, dict) else None
        if when is not None:
            versions.append(Version(_text(item.get("version")), when, _text(item.get("summary"))))
    when = _date(data.get("date"))
    if when is None:  # the schema's `format: date` lets a well-formed impossible date (2026-02-30) through
        diagnostics.error("Y002", f"bad value for 'date': {data.get('date')!r} is not a calendar date", display,
                          loaded.line_of("date"), hint="write the date as YYYY-MM-DD")
    return Identity(_text(data.get("title")), editors, _text(data.get("publisher")), _text(data.get("place")),
                    _text(licence.get("name")), _text(licence.get("url")), _text(licence.get("covers")),
                    _text(data.get("rights")), _text(data.get("version")), when, tuple(versions))


def read_identity(seeds_dir: Path) -> Identity:
    """The identity without reporting (a caller outside the build: the print edition's tests)."""
    return load_identity(seeds_dir, f"seeds/{EDITION_FILE}", Diagnostics())
