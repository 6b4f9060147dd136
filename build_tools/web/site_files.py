"""Everything the site needs, as files: a folder any MkDocs-family engine renders without the hook.

`python -m build_tools build --no-site` writes it (`build/render/`, or `--render-dir`):

    mkdocs.yml    the project's, without `hooks:` and `watch:`, with `docs_dir: docs` and the nav
    docs/         docs/'s hand-written pages, the generated pages — each text's completed with its
                  head metadata (front matter), reading facts and Cite box (web/pages.py) — and
                  downloads/: the PDFs and EPUB, each text's BibTeX and RIS, the bibliography
    overrides/    the theme's overrides, as the project has them

Then any engine builds it (`mkdocs build -f build/render/mkdocs.yml`, `properdocs build -f …`,
`zensical build -f …`) and `python -m build_tools.web.finish_site build/render/site` finishes the
site. The MkDocs hook builds the same pages in memory (`nav`, `pages.completed_pages`): one code
path, two ways to hand it over. What only the hook still does is listed in README, "Engines".
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from build_tools import edition as edition_module
from build_tools import print_edition
from build_tools.outputs import mark, staging_for, swap_into_place
from build_tools.render.identity import CHANGELOG_PAGE, footer_html, home_markdown
from build_tools.web import contents_pages
from build_tools.web import pages as web_pages

if TYPE_CHECKING:
    from build_tools.edition import Edition
    from build_tools.print_edition import PrintEdition

INDEX_PAGES = [("Glossary", "glossary.md"), ("Persons", "persons.md"), ("Places", "places.md"),
               ("Organisations", "organisations.md"), ("Themes", "themes.md")]
CONFIG_NAME = "mkdocs.yml"
DEFAULT_RENDER_DIR = Path("build") / "render"


def nav_label(title: str) -> str:
    """A navigation label from YAML text: HTML-escaped (the theme does not escape it)."""
    return html.escape(title, quote=True)


def nav(edition: Edition) -> list[Any]:
    """The site's navigation: the texts in the manifest's order, the indexes the edition has."""
    # Material writes nav labels (and the page title it takes from them) into the HTML unescaped:
    # a title from text.yml is escaped here, so that `<img onerror=…>` in it reads as text.
    # (an edition of many texts lists them on pages of their own: web/contents_pages.py)
    texts: list[Any] | str = [{nav_label(t.seed.config.title): t.page} for t in edition.texts] \
        if contents_pages.listed_in_nav(edition) else contents_pages.CONTENTS_PAGE
    # The indexes (glossary, registers, themes), each only if the edition has its YAML.
    index: list[Any] = [{title: page} for title, page in INDEX_PAGES if page in edition.pages]
    # The bibliography heads the index; the Editorial apparatus page sits with the editorial principles.
    if "bibliography.md" in edition.pages:
        index.insert(0, {"Bibliography": "bibliography.md"})
    apparatus: list[Any] = [{"Editorial apparatus": "apparatus.md"}] if "apparatus.md" in edition.pages else []
    return [
        {"Home": "index.md"},
        {"Texts": texts},
        *([{"Index": index}] if index else []),
        {"About this edition": [{"Editorial principles": "about.md"}, *apparatus,
                                {"Removal report": edition_module.REPORT_PAGE},
                                *([{"Changelog": CHANGELOG_PAGE}] if CHANGELOG_PAGE in edition.pages else [])]},
    ]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV` tags as MkDocs does: the variable, else the fallback."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        names = [str(v) for v in loader.construct_sequence(node)]
    else:
        names = [str(loader.construct_scalar(node))]  # type: ignore[arg-type]
    *variables, fallback = names if len(names) > 1 else [*names, None]
    return next((os.environ[str(v)] for v in variables if os.environ.get(str(v))), fallback)


_ConfigLoader.add_constructor("!ENV", _env)


def settings_of(config_file: Path) -> web_pages.SiteSettings:
    data = yaml.load(config_file.read_text("utf-8"), Loader=_ConfigLoader) or {}
    return web_pages.SiteSettings(str(data.get("site_name", "")), data.get("site_url") or None,
                                  str(data.get("site_description") or ""))


def _without_top_level_keys(text: str, keys: tuple[str, ...]) -> str:
    """The YAML text without these top-level keys and their blocks (comments and order kept)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if line[:1] not in ("", " ", "\t", "\n", "#"):
            skipping = re.match(rf"({'|'.join(map(re.escape, keys))}):", line) is not None
        if not skipping:
            out.append(line)
    return "".join(out)


def config_text(project_config: str, edition: Edition) -> str:
    """The render folder's mkdocs.yml: the project's, without the hook, with the docs and the nav."""
    text = _without_top_level_keys(project_config, ("hooks", "watch", "docs_dir", "site_dir", "nav", "copyright"))
    # (the footer's line, as the hook writes it: from seeds/edition.yml, escaped)
    fallback = next((line.split(":", 1)[1].strip().strip("\"'") for line in project_config.splitlines()
                     if line.startswith("copyright:")), "")
    generated = {"docs_dir": "docs", "site_dir": "site", "nav": nav(edition),
                 "copyright": footer_html(edition.identity, fallback)}
    note = ("# Written by `python -m build_tools build --no-site`: the pages are files in docs/,\n"
            "# so no hook is needed (build_tools/web/site_files.py).\n")
    return (text.rstrip("\n") + "\n\n" + note
            + yaml.safe_dump(generated, allow_unicode=True, sort_keys=False, width=1000))


def files(edition: Edition, printed: PrintEdition | None, root: Path) -> dict[str, str | bytes]:
    """{path in the render folder: content} for everything but overrides/."""
    config_file = root / CONFIG_NAME
    settings = settings_of(config_file)
    web_pages.remember_build(edition)  # (the edition's identity and date, as the hook's on_config takes them)
    downloads: dict[str, str | bytes] = dict(printed.files) if printed is not None else {}
    downloads.update(web_pages.download_files(edition, settings))
    present = set(downloads) | {p for p in edition.pages if p.startswith(f"{print_edition.DOWNLOADS}/")}
    pages: dict[str, str | bytes] = {}
    docs = root / "docs"
    for found in sorted(docs.rglob("*")) if docs.is_dir() else []:
        if found.is_file():
            pages[found.relative_to(docs).as_posix()] = found.read_bytes()
    pages.update(web_pages.completed_pages(edition, settings, present))
    pages.update(downloads)
    out: dict[str, str | bytes] = {}
    for path, content in pages.items():
        if path.endswith(".md"):  # as the hook's `on_page_markdown` and `on_page_context` do
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            if path == "index.md":  # (who made it, which words changed: from the edition's data)
                text = home_markdown(text, edition)
            content = _description_escaped(print_edition.unlink_absent_downloads(text, present))
        out[f"docs/{path}"] = content
    out[CONFIG_NAME] = config_text(config_file.read_text("utf-8"), edition)
    return out


_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?\n)---\n", re.S)


def _description_escaped(markdown: str) -> str:
    """The front matter's `description`, HTML-escaped: the theme writes it into an attribute as it
    is, under MkDocs and Zensical alike (the hook does this on the page object; here no hook runs).
    The other keys are written back as they were read."""
    front = _FRONT_MATTER.match(markdown)
    meta = yaml.safe_load(front.group("yaml")) if front else None
    if not isinstance(meta, dict) or not isinstance(meta.get("description"), str):
        return markdown
    meta["description"] = html.escape(meta["description"], quote=True)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{dumped}---\n" + markdown[front.end():]  # type: ignore[union-attr]


def write(target: Path, edition: Edition, printed: PrintEdition | None, root: Path, swap: bool = True) -> Path:
    """Write the render folder beside `target` (`<target>.new`), swapped into place only when
    complete unless `swap` is False (the caller swaps it with the build's other outputs)."""
    staged = staging_for(target)
    staged.mkdir(parents=True)
    for relative, content in sorted(files(edition, printed, root).items()):
        path = staged / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
    overrides = root / "overrides"
    if overrides.is_dir():
        shutil.copytree(overrides, staged / "overrides")
    mark(staged)
    if swap:
        swap_into_place(staged, target)
    return staged
