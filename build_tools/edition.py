"""The edition as a whole: run the pipeline over every text and render its pages.

This is what both the command line (`python -m build_tools build`) and the MkDocs hook
call. It returns Markdown in memory; writers decide where it goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_tools import accounting
from build_tools.diagnostics import BuildFailed, Diagnostics
from build_tools.load.seeds import Seed, discover, project_root
from build_tools.model import Document, Role
from build_tools.passes import PIPELINE
from build_tools.passes.context import PassContext
from build_tools.render.markdown import render_text_page
from build_tools.render.removal_report import count_words, render_report, render_text_section

TEXTS_DIR = "texts"
REPORT_PAGE = "removals.md"


@dataclass
class TextResult:
    seed: Seed
    doc: Document
    markdown: str
    words_in_source: int
    words_removed: int
    warnings: int

    @property
    def page(self) -> str:
        return f"{TEXTS_DIR}/{self.seed.config.slug}.md"


@dataclass
class Edition:
    texts: list[TextResult] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative path → Markdown
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def run_pipeline(seed: Seed, diagnostics: Diagnostics) -> Document:
    doc = Document(seed.config.slug, seed.source_display, [])
    ctx = PassContext(seed, diagnostics)
    for _name, run in PIPELINE:
        run(doc, ctx)
    return doc


def build_text(seed: Seed, diagnostics: Diagnostics) -> TextResult:
    local = Diagnostics()
    doc = run_pipeline(seed, local)
    page = render_text_page(seed, doc)
    if not local.errors:
        accounting.check(seed.text, seed.source_display, page, render_text_section(seed, doc), local)
    diagnostics.extend(local)
    return TextResult(seed, doc, page, len(accounting.words(seed.text)),
                      sum(count_words(r.text) for r in doc.removals), len(local.warnings))


def build_edition(root: Path | None = None, seeds_dir: Path | None = None) -> Edition:
    """Every text through the pipeline; raises BuildFailed (with every diagnostic) on errors."""
    root = root or project_root()
    edition = Edition()
    seeds = discover(seeds_dir or root / "seeds", edition.diagnostics, root)
    for seed in seeds:
        edition.texts.append(build_text(seed, edition.diagnostics))
    if edition.diagnostics.errors:
        raise BuildFailed(edition.diagnostics)
    for result in edition.texts:
        edition.pages[result.page] = result.markdown
    edition.pages[REPORT_PAGE] = render_report([(t.seed, t.doc) for t in edition.texts])
    return edition


def summary_line(result: TextResult) -> str:
    doc = result.doc
    paragraphs = sum(1 for _ in doc.paragraphs(Role.BODY))
    turns = len({p.turn for p in doc.paragraphs(Role.BODY) if p.turn is not None})
    parts = [f"{paragraphs} ¶", f"{len(doc.footnotes)} notes"]
    if turns:
        parts.append(f"{turns} turns")
    kept = result.words_in_source - result.words_removed
    parts += [f"{kept:,} words kept", f"{result.words_removed:,} removed", f"{result.warnings} warnings"]
    return f"{result.seed.config.slug}: " + ", ".join(parts)
