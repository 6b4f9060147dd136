"""What the offline editions (PDF, EPUB) say about themselves and their sources.

The title page, the source details under each title and the suggested citation are built
here once, as inline nodes of the document model (`Text`, `Emphasis`, `Link`), so that the
Typst and the EPUB renderers set them with their own per-node functions and cannot drift
apart. The edition's own name, address and rights come from `mkdocs.yml`, the one place the
site already states them; the sources' facts come from each text's YAML.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools.load.seeds import Seed
from build_tools.model import Emphasis, Inline, Link, Text
from build_tools.render.source_facts import long_date, where


@dataclass(frozen=True)
class EditionInfo:
    """The edition as a publication: its title, web address and rights statement."""

    title: str
    url: str
    rights: str
    language: str = "en"

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


def _mkdocs_config(root: Path) -> dict[str, Any]:
    config = root / "mkdocs.yml"
    if config.exists():
        loaded = yaml.load(config.read_text("utf-8"), Loader=_LenientLoader)  # a SafeLoader subclass
        return loaded if isinstance(loaded, dict) else {}
    return {}


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


def edition_info(root: Path) -> EditionInfo:
    """The edition's name and address as `mkdocs.yml` states them (defaults if it is missing)."""
    data = _mkdocs_config(root)
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    language = str(theme.get("language", "en")) if theme else "en"
    return EditionInfo(str(data.get("site_name", "Reading edition")), str(data.get("site_url", "") or ""),
                       str(data.get("copyright", "") or ""), language)


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


def suggested_citation(seed: Seed, info: EditionInfo) -> list[Inline]:
    """Cite the source, then this edition by paragraph: the ¶ numbers are the same in print and online."""
    who, asked = _names(seed)
    out: list[Inline] = [Text(f"{who}{', in conversation with ' + asked if asked else ''}. "
                              f"{seed.config.date[:4]}. “{seed.config.title.rstrip('.')}.” ")]
    published_in = where(seed.config.metadata)
    if published_in:
        out += [*published_in, Text(". ")]
    if not seed.config.metadata.get("volume"):
        out.append(Text(f"{long_date(seed.config.date)}. "))
    link = _link_to_source(seed)
    if link:
        out += [*link, Text(". ")]
    out += [Text("Cited by paragraph (¶) from "), Emphasis([Text(info.title)])]
    url = info.text_url(seed.config.slug)
    out += [Text(", "), Link(url, [Text(url)]), Text(".")] if url else [Text(".")]
    return out
