"""Coded diagnostics: every problem the build finds is a `Diagnostic` with a stable code.

Codes come in families, so an editor can tell at a glance what kind of problem it is:

- `S…` seed files (encoding, emptiness, manifest, missing YAML)
- `Y…` editorial YAML (schema, unknown keys, references to things that do not exist)
- `F…` footnotes (markers and notes that do not pair up)
- `T…` turns of a conversation (speakers, labels, alternation)
- `P…` paragraphs and page-break joins
- `W…` word accounting (a word of the source neither kept nor reported removed)
- `G…` the glossary, registers and themes (seeds/apparatus/)
- `C…` citations and the bibliography; `E…` the editor's notes and emendations
- `L…` what only `python -m build_tools lint` checks
- `B…` the site or PDF build itself

Diagnostics are collected rather than raised at the first problem, and printed as
`file:line:col: severity CODE message (hint: …)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

CODES: dict[str, str] = {
    "S001": "seed file cannot be read",
    "S002": "seed file is not UTF-8",
    "S003": "seed file is empty",
    "S004": "seed file has no YAML beside it",
    "S005": "seed file does not match the manifest",
    "S006": "seed file holds a NUL byte (binary)",
    "S007": "seed file is too large",
    "S008": "seed file looks like mojibake (UTF-8 once read as Windows-1252)",
    "S009": "seed file holds control characters (dropped)",
    "S010": "a text's slug (its folder name) is not allowed: wrong form, or a name the edition reserves",
    "S011": "a seed path is not a regular file inside the text's folder (absolute, `..`, a link out, a FIFO…)",
    "S012": "a seed or YAML file cannot be read: permission denied",
    "S013": "a text is not recorded in seeds/MANIFEST.yml, or its entry names another file",
    "S014": "not an edition's folder (no mkdocs.yml or seeds/), or `edition new` given a folder that is not empty",
    "Y001": "YAML cannot be parsed",
    "Y002": "YAML does not match its schema",
    "Y003": "YAML names a profile that does not exist",
    "Y004": "YAML refers to text that is not in the source",
    "Y005": "YAML is too large, or its aliases expand it beyond the limit",
    "Y006": "YAML is nested too deeply",
    "Y007": "text.yml still holds a placeholder add-text wrote (authors or date not found)",
    "F001": "footnote marker has no note",
    "F002": "footnote note has no marker",
    "F003": "footnote number used twice",
    "F004": "digits glued to a word look like a note marker but no note pairs with them (kept as text)",
    "T001": "speaker label in the source names no declared speaker",
    "T002": "turn list in the YAML does not match the source",
    "T003": "turn does not alternate as declared",
    "T004": "source label contradicts the YAML attribution",
    "T005": "a turn or front-matter block the build could not attribute (pending)",
    "T006": "the title of text.yml is printed below running text: no site header removed (check the title)",
    "T007": "a chrome rule would have removed running text: the text was kept (check the rule or the page)",
    "P001": "paragraph continues after a page break but the previous one looks complete",
    "P002": "paragraph ends without closing punctuation",
    "P003": "heading not recognised",
    "P004": "a paragraph seems to run on across a removed page edge but the next page starts with a capital",
    "P005": "a hyphen at a line end may be the author's or the typesetter's (kept)",
    "P006": "a line looks like page furniture but is not at a page's top or foot (kept)",
    "P007": "a paragraph too long to set in one piece in the PDF is set in several pieces",
    "W001": "a word of the source is neither in the edition nor in the removal report",
    "G001": "an id is used twice in a glossary or register",
    "G002": "one form of a name or term is claimed by two entries",
    "G003": "a glossary pointer names a text or ¶ that does not exist",
    "G004": "a glossary pointer names a ¶ that does not mention the term",
    "G005": "a theme names an unknown term, register entry, text or ¶",
    "G006": "a glossary term is never found in the texts",
    "G007": "a register entry is never named in the texts",
    "G008": "a glossary term names an unknown related term",
    "G009": "a register file declares the wrong register",
    "G010": "an index points to a text that is not in the edition (ignored)",
    "C001": "a citation matches no reference-list entry and no resolution in citations.yml",
    "C002": "a parenthesis holds a year but reads as no citation (check it by eye)",
    "C003": "citations.yml or bibliography.yml names a work or text the bibliography does not have",
    "C004": "a resolution in citations.yml is never used (the citation it resolves is not in the text)",
    "C005": "a phrase that names a work (bibliography.yml mentions) is not in the text",
    "C006": "a correction in bibliography.yml names no entry of a reference list",
    "C007": "a chapter's entry lacks its book's editors or its pages (pending until bibliography.yml corrects it)",
    "E001": "the words an emendation or context note is placed at are not in the text",
    "E002": "an emendation's reading without its [bracketed] additions is not the source's reading",
    "E003": "the words an emendation or context note is placed at occur more than once",
    "E004": "a footnote's access date cannot be read as a date (no archive link made)",
    "L001": "a YAML file in seeds/apparatus/ has no schema in build_tools/schemas/",
    "L002": "a YAML text field holds HTML, Markdown or template markup (shown as text)",
    "B001": "site build failed",
    "B002": "PDF build failed",
    "B003": "Typst warned while setting a PDF (the PDF was written)",
    "B004": "an output folder is refused: it is, holds or lies inside the project's own files",
    "B005": "another build of this project is running (the build lock is held)",
    "B006": "the disk is full (or over quota)",
    "B007": "permission denied while writing an output",
    "B008": "out of memory",
    "B009": "the file system refused an output (a file where a folder belongs, or the reverse)",
    "B010": "EDITION_SITE_URL is not set: the site has no address (no canonical links; citations give none)",
    "B011": "the engine asked for (EDITION_ENGINE, --engine) is unknown, not installed, or came too late",
    "B012": "a built site is not finished: an HTML fix matched no page, or an own asset is missing",
    "B900": "internal error: a bug in build_tools (reported without a traceback)",
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    # Work an editor still has to do (an unmatched citation shown unlinked, a turn not attributed,
    # a doubtful heading): the draft build makes the edition anyway and lists it under "Pending
    # editorial work"; `build --strict` (CI, the Pages workflow) refuses it like an error.
    PENDING = "pending"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    file: str
    line: int = 0
    col: int = 0
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.severity.value} {self.code} {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


@dataclass
class Diagnostics:
    """A collector passed through the pipeline."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, file: str, line: int = 0, col: int = 0, hint: str = "") -> None:
        self.items.append(Diagnostic(code, _bounded(message), file, line, col, _bounded(hint), Severity.ERROR))

    def warning(self, code: str, message: str, file: str, line: int = 0, col: int = 0, hint: str = "") -> None:
        self.items.append(Diagnostic(code, _bounded(message), file, line, col, _bounded(hint), Severity.WARNING))

    def pending(self, code: str, message: str, file: str, line: int = 0, col: int = 0, hint: str = "") -> None:
        """Editorial work still to do: a warning in a draft build, an error under `--strict`."""
        self.items.append(Diagnostic(code, _bounded(message), file, line, col, _bounded(hint), Severity.PENDING))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def pending_work(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.PENDING]

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)


MAX_MESSAGE = 500  # characters: a message quoting a huge value is cut, the rest of it is noise


def _bounded(text: str) -> str:
    """A message or hint of at most MAX_MESSAGE characters, on one line."""
    if len(text) <= MAX_MESSAGE and "\n" not in text:
        return text
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_MESSAGE else flat[: MAX_MESSAGE - 1] + f"… ({len(flat):,} characters)"


class BuildFailed(Exception):
    """Raised when errors make it unsafe to go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics
