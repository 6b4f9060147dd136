"""What the offline editions (PDF, EPUB) say about themselves and their sources.

The title page, the source details under each title and the suggested citation are built
here once, as inline nodes of the document model (`Text`, `Emphasis`, `Link`), so that the
Typst and the EPUB renderers set them with their own per-node functions and cannot drift
apart. The edition's own name, address and rights come from `mkdocs.yml`, the one place the
site already states them; the sources' facts come from each text's YAML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.apparatus.bibliography import initials
from build_tools.load.config import Author, TextConfig
from build_tools.load.identity import Identity, read_identity
from build_tools.load.seeds import Seed
from build_tools.model import Emphasis, Inline, Link, Text
from build_tools.render.source_facts import long_date, where


@dataclass(frozen=True)
class EditionInfo:
    """The edition as a publication: its title, web address (empty when the build was given none:
    no placeholder is ever printed), rights statement, and who made which version of it when
    (`seeds/edition.yml`)."""

    title: str
    url: str
    rights: str
    language: str = "en"
    identity: Identity = field(default_factory=Identity)
    given_names: str = "as-given"  # "initials": the Bibliography's names policy, which citations follow

    def text_url(self, slug: str) -> str:
        return f"{self.url.rstrip('/')}/texts/{slug}/" if self.url else ""


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV` as MkDocs does; other tags (`!!python/name:` …) mean nothing here."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV VAR` / `!ENV [VAR, …, default]` as MkDocs reads it: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        values = [loader.construct_object(child) for child in node.value]
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
        return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)
    return None


_LenientLoader.add_constructor("!ENV", _env_tag)
_LenientLoader.add_multi_constructor("!", _ignore_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


_READ_CONFIG: dict[Path, tuple[tuple[object, ...], dict[str, Any]]] = {}


def _mkdocs_config(root: Path) -> dict[str, Any]:
    """mkdocs.yml as read (not to be altered: it is shared), read again only when the file or the
    environment its `!ENV` tags read has changed; `mkdocs serve` asks on every rebuild."""
    config = root / "mkdocs.yml"
    try:
        info = config.stat()
    except OSError:
        return {}
    key = (info.st_mtime_ns, info.st_size, info.st_ino, tuple(sorted(os.environ.items())))
    known = _READ_CONFIG.get(config)
    if known is None or known[0] != key:
        loaded = yaml.load(config.read_text("utf-8"), Loader=_LenientLoader)  # a SafeLoader subclass
        known = _READ_CONFIG[config] = (key, loaded if isinstance(loaded, dict) else {})
    return known[1]


# The whole-edition PDF is set by Typst in one piece, in memory: about 40 MB and 0.35 s per text
# (BENCHMARKS.md). Above this many texts it is made only when asked for (`edition_pdf: always`).
EDITION_PDF_MAX_TEXTS = 50
EDITION_PDF_CHOICES = ("auto", "always", "never")


@dataclass(frozen=True)
class PrintSettings:
    """What the offline edition makes: `mkdocs.yml` `extra: print:`, then the environment
    (EDITION_PRINT=0, EDITION_PDF=auto|always|never, which the command line's flags set)."""

    enabled: bool = True  # False: no PDF and no EPUB at all (the site only)
    edition_pdf: str = "auto"  # the whole-edition PDF: auto (up to max_texts), always, never
    max_texts: int = EDITION_PDF_MAX_TEXTS

    def whole_pdf(self, texts: int) -> bool:
        if not self.enabled or self.edition_pdf == "never":
            return False
        return self.edition_pdf == "always" or texts <= self.max_texts


def print_settings(root: Path) -> PrintSettings:
    extra = _mkdocs_config(root).get("extra")
    section = extra.get("print") if isinstance(extra, dict) else None
    section = section if isinstance(section, dict) else {}
    enabled = section.get("enabled", True) is not False
    choice = str(section.get("edition_pdf", "auto"))
    limit = section.get("edition_pdf_max_texts", EDITION_PDF_MAX_TEXTS)
    if os.environ.get("EDITION_PRINT", "") in ("0", "false", "no"):
        enabled = False
    choice = os.environ.get("EDITION_PDF", "") or choice
    return PrintSettings(enabled, choice if choice in EDITION_PDF_CHOICES else "auto",
                         limit if isinstance(limit, int) and limit >= 0 else EDITION_PDF_MAX_TEXTS)


def edition_info(root: Path, identity: Identity | None = None, given_names: str = "as-given") -> EditionInfo:
    """The edition's name and address as `mkdocs.yml` states them (defaults if it is missing), and
    its identity from `seeds/edition.yml` (read here, quietly, when the caller has none)."""
    data = _mkdocs_config(root)
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    language = str(theme.get("language", "en")) if theme else "en"
    identity = identity if identity is not None else read_identity(root / "seeds")
    title = identity.title or str(data.get("site_name", "Reading edition"))
    rights = " ".join(p for p in (identity.licence_line, identity.rights) if p) or str(data.get("copyright", "") or "")
    return EditionInfo(title, str(data.get("site_url", "") or ""), rights, language, identity, given_names)


def _names(seed: Seed) -> tuple[str, str]:
    """(who wrote or spoke, who asked): 'Curtis, Simon' style for the first name only."""
    interviewers, others = seed.config.interviewer_and_interviewees
    names = [f"{a.family}, {a.given}".rstrip(", ") if i == 0 else a.name for i, a in enumerate(others)]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""
    asked = ", ".join(a.name for a in interviewers)
    return who, asked


def _link_to_source(seed: Seed) -> list[Inline]:
    meta = seed.config.metadata
    if meta.get("doi"):
        url = f"https://doi.org/{meta['doi']}"
        return [Link(url, [Text(url)])]
    if meta.get("url"):
        return [Link(str(meta["url"]), [Text(str(meta["url"]))])]
    return []


def source_details(seed: Seed) -> list[Inline]:
    """The published source, as the site shows it under the title: who · where · when · link."""
    _who, asked = _names(seed)
    authors = ", ".join(a.name for a in seed.config.interviewer_and_interviewees[1])
    parts: list[list[Inline]] = [[Text(authors + (f" in conversation with {asked}" if asked else ""))]]
    published_in = where(seed.config.metadata)
    if published_in:
        parts.append(published_in)
    parts.append([Text(long_date(seed.config.date))])
    link = _link_to_source(seed)
    if link:
        parts.append(link)
    out: list[Inline] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Text(" · "))
        out += part
    return out


def chicago_date(day: dt.date) -> str:
    """'December 6, 2026': Chicago's (US) order, as the rest of a Chicago citation."""
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def chicago_names(authors: list[Author]) -> str:
    """'Family, Given', then 'Given Family': 'Acuto, Michele, and Simon Curtis' (Chicago 15.9: the
    comma after the inverted first name comes before 'and' too)."""
    names = [f"{a.family}, {a.given}".strip(", ") if i == 0 else a.name for i, a in enumerate(authors)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _closed(text: str) -> str:
    """A title or sentence closed with a full stop, unless it already ends in punctuation."""
    return text if re.search(r"[.?!…]$", text) else text + "."


# Chicago 8.159: articles, coordinating conjunctions and prepositions are lower case in a title unless
# first or last, or first after a colon or dash (the list citeproc-py's title case uses).
_MINOR = frozenset(["a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
                    "off", "on", "per", "to", "up", "via", "vs"])


def headline(title: str) -> str:
    """A title in headline style, as the Chicago style's `text-case="title"` sets the original's title:
    a word written all in lower case gains a capital unless it is a minor word inside the title; a
    word with a capital already (an acronym, "iPhone") is left as written."""
    words = title.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        starts = index == 0 or index == len(words) - 1 or (out and re.search(r"[:—–?!]$", out[-1]) is not None)
        parts = word.split("-")
        for part_index, part in enumerate(parts):
            bare = re.sub(r"^\W+|\W+$", "", part)
            if bare and bare.islower() and ((bool(starts) and part_index == 0) or bare not in _MINOR):
                at = part.index(bare[0])
                parts[part_index] = part[:at] + part[at].upper() + part[at + 1:]
        out.append("-".join(parts))
    return " ".join(out)


def edition_citation(config: TextConfig, info: EditionInfo, url: str) -> list[Inline]:
    """How to cite a text in this edition, Chicago author-date (a chapter of an edited work published
    online): the same words on the site's "Cite this", the PDF's title page and the EPUB. `url`
    empty: the build was given no address, and the citation names none rather than a placeholder."""
    interviewers, others = config.interviewer_and_interviewees
    if info.given_names == "initials":
        interviewers = [dataclasses.replace(a, given=initials(a.given)) for a in interviewers]
        others = [dataclasses.replace(a, given=initials(a.given)) for a in others]
    asked = ", ".join(a.name for a in interviewers)
    who = chicago_names(others) + (f", in conversation with {asked}" if asked else "")
    out: list[Inline] = [Text(f"{_closed(who)} {config.date[:4]}. “{_closed(headline(config.title.strip()))}” In "),
                         Emphasis([Text(headline(info.title))]), *edition_statement(info)]
    if url:
        out += [Text(" "), Link(url, [Text(url)]), Text(".")]
    return out


def suggested_citation(seed: Seed, info: EditionInfo) -> list[Inline]:
    """The PDF's and the EPUB's suggested citation: the site's "This edition" citation, word for word."""
    return edition_citation(seed.config, info, info.text_url(seed.config.slug))


def edition_statement(info: EditionInfo) -> list[Inline]:
    """', edited by …. Version 0.3.0, December 6, 2026. Publisher.' — the part of a citation that
    names this edition."""
    who = info.identity
    out: list[Inline] = [Text(f", {who.edited_by}." if who.editors else ".")]
    version = ", ".join(p for p in (f"Version {who.version}" if who.version else "",
                                    chicago_date(who.date) if who.date else "") if p)
    if version:
        out.append(Text(f" {version}."))
    if who.publisher:
        out.append(Text(f" {(who.place + ': ') if who.place else ''}{who.publisher}."))
    return out
