"""`python -m build_tools lint`: every problem an editor can fix, as coded diagnostics.

Lint runs the whole pipeline (so it reports everything the build reports: unresolved
citations C001, YAML against its schema Y002 with unknown keys, emendations that do not
fit E00x …), then the checks in `CHECKS`, which look for what does not stop a build but is
still wrong: editorial data that nothing uses, files nobody validates. Each check is a small
function over a `LintContext` that adds diagnostics; to add one, write the function and
append it to `CHECKS` (the glossary and registers add theirs the same way).

Output is one line per problem, `file:line:col: severity CODE message (hint: …)`, errors
and warnings alike; the exit status is 1 if there is any error, else 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_tools.apparatus import editorial
from build_tools.apparatus.indexes import unused_entries
from build_tools.diagnostics import BuildFailed, Diagnostics
from build_tools.edition import Edition, build_edition
from build_tools.load.yaml_data import read_yaml, schema
from build_tools.model import Citation, walk_inlines


@dataclass
class LintContext:
    root: Path
    seeds_dir: Path
    edition: Edition | None  # None when the sources have errors that stop the build
    data: editorial.EditorialData
    diagnostics: Diagnostics

    def citations(self, slug: str) -> list[Citation]:
        """Every citation node of a text (empty if the build did not get that far)."""
        if self.edition is None:
            return []
        found: list[Citation] = []
        for result in self.edition.texts:
            if result.seed.config.slug != slug:
                continue
            items = [*result.doc.blocks, *result.doc.footnotes]
            for item in items:
                found.extend(n for n in walk_inlines(item.inlines) if isinstance(n, Citation))
        return found


Check = Callable[[LintContext], None]

# YAML files of seeds/apparatus/ whose schema is not named after the file.
APPARATUS_SCHEMAS: dict[str, str] = {"persons": "register", "places": "register", "organisations": "register"}


def check_apparatus_schemas(ctx: LintContext) -> None:
    """Every editorial YAML file has a schema (so the build validates it and knows its keys)."""
    folder = ctx.seeds_dir / "apparatus"
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        name = APPARATUS_SCHEMAS.get(path.stem, path.stem)
        try:
            schema(name)
        except FileNotFoundError:
            ctx.diagnostics.warning("L001", f"no schema validates {path.name}", editorial.display_path(path),
                                    hint=f"add build_tools/schemas/{name}.schema.json, or map the file in "
                                         "lint.APPARATUS_SCHEMAS; until then its keys are not checked")


def check_unused_resolutions(ctx: LintContext) -> None:
    """A resolution whose citation is not in the text: the text changed, or the `cited` form is mistyped."""
    if ctx.edition is None:
        return
    slugs = {t.seed.config.slug for t in ctx.edition.texts}
    for resolution in ctx.data.resolutions:
        if resolution.text not in slugs:
            ctx.diagnostics.error("C003", f"resolution names text '{resolution.text}', which the edition does not "
                                  "have", ctx.data.citations_file, resolution.line,
                                  hint="use the slug of a folder under seeds/texts/: " + ", ".join(sorted(slugs)))
        elif not any(c.cited == resolution.cited for c in ctx.citations(resolution.text)):
            ctx.diagnostics.warning("C004", f"no citation “{resolution.cited}” in {resolution.text}: the resolution "
                                    "is never used", ctx.data.citations_file, resolution.line,
                                    hint="write `cited` as names and year exactly as the text has them, or remove it")


def check_corrections(ctx: LintContext) -> None:
    """A correction must name an entry of a reference list (an anchor without 'ref-')."""
    if ctx.edition is None or ctx.edition.apparatus is None:
        return
    records = ctx.edition.apparatus.bibliography.records
    for key, correction in ctx.data.corrections.items():
        if key not in records or records[key].origin != "list":
            ctx.diagnostics.error("C006", f"correction '{key}' names no entry of a reference list",
                                  ctx.data.bibliography_file, correction.line,
                                  hint="use the entry's anchor without 'ref-' (see the Bibliography page)")


def check_mentions(ctx: LintContext) -> None:
    """Every phrase that names a work (bibliography.yml `mentions`) is linked somewhere in its text."""
    if ctx.edition is None:
        return
    for work in ctx.data.works.values():
        for slug, phrase in work.mentions:
            if not any(c.key == work.id and c.cited == phrase for c in ctx.citations(slug)):
                ctx.diagnostics.warning("C005", f"“{phrase}” (naming work '{work.id}') is not in {slug}",
                                        ctx.data.bibliography_file, work.line,
                                        hint="copy the phrase exactly as the text has it")


def check_index_entries(ctx: LintContext) -> None:
    """G006 / G007: a glossary term or register entry that no text mentions (a mistyped form?)."""
    if ctx.edition is None or ctx.edition.indexes is None or ctx.edition.index_result is None:
        return
    unused_entries(ctx.edition.indexes, ctx.edition.index_result, ctx.diagnostics)


# What in a YAML text field would be markup if an output forgot to escape it: an HTML tag or
# comment, an event handler, a `javascript:` URL, a Markdown link or note, a Jinja or snippet
# directive. Every output escapes it (README, "Robustness"); an editor rarely means it.
_MARKUP = re.compile(r"(?<!\(\?P)<\s*[A-Za-z!/?]|\bon[a-z]+\s*=|javascript:|\]\(|\[\^|\{\{|\{%|--8<--")


def _strings(data: object, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        return [(path, data)]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _strings(value, (*path, key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _strings(value, (*path, i))]
    return []


def check_markup_in_yaml(ctx: LintContext) -> None:
    """L002: markup in a text field of text.yml, seeds/apparatus/ or seeds/edition.yml (shown as text,
    but likely a mistake or a probe)."""
    paths = sorted((ctx.seeds_dir / "texts").glob("*/text.yml")) + sorted((ctx.seeds_dir / "apparatus").glob("*.yml"))
    paths += [path for path in [ctx.seeds_dir / "edition.yml"] if path.exists()]  # the edition's identity
    for path in paths:
        display = editorial.display_path(path)
        loaded = read_yaml(path, display, None, Diagnostics())
        if loaded is None:
            continue
        for key_path, value in _strings(loaded.data):
            match = _MARKUP.search(value)
            if match:
                shown = value if len(value) <= 80 else value[:77] + "…"
                key = ".".join(map(str, key_path))
                ctx.diagnostics.warning("L002", f"'{key}' holds markup ({match.group(0)!r} in “{shown}”); it is "
                                        "shown as text, never run", display, loaded.line_of(*key_path),
                                        hint="write the text as a reader should see it, without HTML or Markdown")


CHECKS: list[tuple[str, Check]] = [
    ("apparatus-schemas", check_apparatus_schemas),
    ("markup-in-yaml", check_markup_in_yaml),
    ("unused-resolutions", check_unused_resolutions),
    ("corrections", check_corrections),
    ("mentions", check_mentions),
    ("index-entries", check_index_entries),  # glossary terms and register entries never found
]


def run(root: Path, seeds_dir: Path | None = None) -> Diagnostics:
    """Build the edition in memory, then run every check; return all diagnostics."""
    seeds_dir = seeds_dir or root / "seeds"
    diagnostics = Diagnostics()
    edition: Edition | None
    try:
        edition = build_edition(root, seeds_dir)
        diagnostics.extend(edition.diagnostics)
    except BuildFailed as failed:
        edition = None
        diagnostics.extend(failed.diagnostics)
    data = editorial.load(seeds_dir, Diagnostics())  # its problems are already reported by the build
    context = LintContext(root, seeds_dir, edition, data, diagnostics)
    for _name, check in CHECKS:
        check(context)
    return diagnostics
