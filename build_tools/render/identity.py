"""The edition's identity (`seeds/edition.yml`) as the site shows it: the home page's statement of
who made which version, the footer line and the Changelog page. Every value from the YAML is
escaped for where it goes (Markdown text or HTML), so markup in it reads as text."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.load.identity import Identity, long_date
from build_tools.render.markdown_escape import escape_text, escape_url

if TYPE_CHECKING:
    from build_tools.edition import Edition

CHANGELOG_PAGE = "changelog.md"
APPARATUS_PAGE = "apparatus.md"


def footer_html(identity: Identity, fallback: str) -> str:
    """The footer's line (mkdocs.yml `copyright`, which the theme writes unescaped): editors,
    version and date, publisher, licence, the texts' rights. `fallback`: mkdocs.yml's own line,
    for an edition without `seeds/edition.yml`."""
    if not identity.editors:
        return escape(fallback)
    parts = [escape(identity.edited_by[0].upper() + identity.edited_by[1:])]
    if identity.version_line:
        parts.append(escape(identity.version_line))
    if identity.publisher:
        parts.append("Published by " + escape(identity.publisher))
    if identity.licence_name:
        licence = escape(identity.licence_name)
        if identity.licence_url:
            licence = f'<a href="{escape(identity.licence_url, quote=True)}" rel="license">{licence}</a>'
        parts.append(f"{escape(identity.licence_covers[:1].upper() + identity.licence_covers[1:])}: {licence}"
                     if identity.licence_covers else licence)
    if identity.rights:
        parts.append(escape(identity.rights))
    return " · ".join(parts)


def home_statement(identity: Identity) -> str:
    """Markdown for the home page: who made this edition, which version, under what licence."""
    if not identity.editors:
        return ""
    lines = [f"This is version {escape_text(identity.version)} of the edition, of "
             f"{long_date(identity.date)}, {escape_text(identity.edited_by)}"
             + (f" and published by {escape_text(identity.publisher)}" if identity.publisher else "") + "."
             if identity.date else f"The edition is {escape_text(identity.edited_by)}."]
    if identity.licence_name:
        name = escape_text(identity.licence_name)
        licence = f"[{name}]({escape_url(identity.licence_url)})" if identity.licence_url else name
        lines.append(f"Licence of {escape_text(identity.licence_covers or 'the edition')}: {licence}.")
    if identity.rights:
        lines.append(escape_text(identity.rights))
    lines.append(f"What changed from version to version: the [changelog]({CHANGELOG_PAGE}).")
    return " ".join(lines)


def changelog_markdown(identity: Identity, changelog: Path | None) -> str:
    """The Changelog page: the versions of `seeds/edition.yml`, then the project's CHANGELOG.md
    (trusted project text, not a source) with its headings one level down."""
    out = ["---", "title: Changelog", "---", "", "# Changelog", ""]
    if identity.version and identity.date:
        out += [f"This is version {escape_text(identity.version)} of the edition, of {long_date(identity.date)}.", ""]
    if identity.versions:
        out += ["| Version | Date | What changed for readers |", "|---|---|---|"]
        out += [f"| {escape_text(v.version)} | {long_date(v.date)} | {escape_text(v.summary)} |"
                for v in identity.versions]
        out.append("")
    text = _read(changelog)
    if text:
        body = text.split("\n", 1)[1] if text.startswith("# ") else text
        out += ["## In detail", ""]
        out += [("#" + line) if line.startswith("#") else line for line in body.strip().splitlines()]
        out.append("")
    return "\n".join(out)


def _read(path: Path | None) -> str:
    try:
        return path.read_text("utf-8") if path is not None else ""
    except (OSError, UnicodeDecodeError):
        return ""


IDENTITY_MARK = "<!-- edition:identity -->"
CHANGES_MARK = "<!-- edition:changes -->"


def home_markdown(markdown: str, edition: Edition) -> str:
    """The home page (docs/index.md) with its marks replaced by what the data says: who made which
    version (IDENTITY_MARK) and which words the edition changed (CHANGES_MARK)."""
    if IDENTITY_MARK in markdown:
        markdown = markdown.replace(IDENTITY_MARK, home_statement(edition.identity))
    if CHANGES_MARK in markdown:
        markdown = markdown.replace(CHANGES_MARK, words_changed(edition))
    return markdown


_ADDITION = re.compile(r"\[([^\]]+)\]")
# Additions (and slips) the home page quotes; beyond, it says how many more, and the Editorial
# apparatus lists them all (an edition of 1,000 texts quoted a thousand: the home page grew with it).
CHANGES_QUOTED = 10
_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _count(n: int, thing: str) -> str:
    return f"{_NUMBERS[n] if n < len(_NUMBERS) else n} {thing}{'' if n == 1 else 's'}"


def words_changed(edition: Edition) -> str:
    """What the edition did to the words of its texts, from the editorial data the build applied:
    each bracketed addition quoted, each flagged slip named (the first `CHANGES_QUOTED` of each), or
    "Nothing" when there is none."""
    labels = {t.seed.config.slug: t.seed.config.short_title for t in edition.texts}
    data = edition.editorial_data
    added = [rule for rule in data.emendations if rule.text in labels]
    slips = [note for note in data.context_notes if note.kind == "slip" and note.text in labels]
    if not added and not slips:
        return "Nothing in the words of the texts."
    out: list[str] = []
    if added:
        words = letters = 0
        for rule in added:
            for match in _ADDITION.finditer(rule.reading):
                before, after = rule.reading[:match.start()], rule.reading[match.end():]
                joined = before[-1:].isalnum() or after[:1].isalnum()
                if joined:  # "underpin[s]": letters added to a word of the source
                    letters += 1
                else:
                    words += len(match[1].split())
        what = " and ".join(x for x in (_count(words, "word") if words else "",
                                        _count(letters, "ending") if letters else "") if x)
        quoted = _first_few([f"“{escape_text(rule.reading)}” ({escape_text(labels[rule.text])})" for rule in added])
        out.append(f"Only {what}, each added in [square brackets] where a source evidently dropped it: {quoted}. "
                   "A lettered note there gives the source’s reading.")
    if slips:
        named = _first_few([f"“{escape_text(note.at)}”, read “{escape_text(note.read)}” "
                            f"({escape_text(labels[note.text])})" for note in slips])
        out.append(f"{_count(len(slips), 'evident slip').capitalize()} that adding words cannot mend "
                   f"{'is' if len(slips) == 1 else 'are'} left as the source has {'it' if len(slips) == 1 else 'them'} "
                   f"and flagged with a note: {named}.")
    out.append(f"The [Editorial apparatus]({APPARATUS_PAGE}) lists every intervention with its place.")
    return " ".join(out)


def _first_few(items: list[str]) -> str:
    shown = "; ".join(items[:CHANGES_QUOTED])
    return shown if len(items) <= CHANGES_QUOTED else f"{shown}; and {len(items) - CHANGES_QUOTED:,} more"
