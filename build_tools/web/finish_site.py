"""One step over a built site folder: the named HTML fixes and the edition's minified assets.

Whatever engine wrote `site/` (MkDocs, ProperDocs, or one that runs no hook), the same step
finishes it: every page gets the repairs of `html_fixes.py` and each numbered paragraph its
length for the browser's layout (`layout_hints.py`), and the edition's own CSS and JS are
minified in place (`minify.py`). Each fix must have changed at least one page, and each own
asset must be there: a fix that matches nothing means the theme's HTML changed under it (a new
theme version, another engine), and the repair it names is silently lost — so that is an error
(B012), not a quiet no-op. The MkDocs hook runs it after every build (`on_post_build`, so
`mkdocs serve` gets it too); for a site built without the hook:
`python -m build_tools.web.finish_site site/`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.web import html_fixes, minify, not_found
from build_tools.web.layout_hints import add_paragraph_lengths


@dataclass
class Finished:
    pages: int = 0
    changed: dict[str, int] = field(default_factory=dict)  # fix name -> pages it changed
    minified: list[str] = field(default_factory=list)
    hinted: int = 0  # pages whose paragraphs got their lengths (a site without texts has none)
    missing_assets: list[str] = field(default_factory=list)

    @property
    def unmatched(self) -> list[str]:
        return [name for name, count in self.changed.items() if count == 0]

    def problem(self) -> str | None:
        """Why the site is not finished as it should be, or None."""
        parts = []
        if self.unmatched:
            parts.append(f"HTML fix(es) {', '.join(self.unmatched)} matched none of {self.pages} page(s): the "
                         "theme's HTML changed under them (hint: check each against the new HTML in "
                         "build_tools/web/html_fixes.py, then update or remove it)")
        if self.missing_assets:
            parts.append(f"the edition's own asset(s) {', '.join(self.missing_assets)} are not in the site "
                         "(hint: the engine must copy overrides/assets/ as the theme's custom_dir)")
        return "error B012 " + "; ".join(parts) if parts else None


def new_run() -> Finished:
    return Finished(changed={fix.name: 0 for fix in html_fixes.FIXES})


def finish_page(html: str, done: Finished) -> str:
    """One page's HTML fixed and hinted (counted in `done`). The MkDocs hook calls it for each page
    as it is rendered (`on_post_page`), so `serve --dirty` finishes only the pages it rendered."""
    text = add_paragraph_lengths(html)
    done.hinted += text != html
    for fix in html_fixes.FIXES:
        fixed = fix.apply(text)
        if fixed != text:
            done.changed[fix.name] += 1
            text = fixed
    done.pages += 1
    return text


def finish(site_dir: Path) -> Finished:
    """Fix every page and minify the own assets of `site_dir`, in place."""
    done = new_run()
    for page in sorted(site_dir.rglob("*.html")):
        original = page.read_text("utf-8")
        text = finish_page(original, done)
        if text != original:
            page.write_text(text, "utf-8")
    return finish_assets(site_dir, done)


STATIC_PAGES = ("404.html",)  # pages the theme writes from a template of its own, not from a page


def finish_static_pages(site_dir: Path, done: Finished) -> None:
    """The fixes for the pages no `on_post_page` sees (the hook finishes the others one by one)."""
    for name in STATIC_PAGES:
        page = site_dir / name
        if page.is_file():
            original = page.read_text("utf-8")
            if (text := finish_page(original, done)) != original:
                page.write_text(text, "utf-8")


def finish_assets(site_dir: Path, done: Finished) -> Finished:
    """After the pages: the 404 page made portable and the own assets minified."""
    _portable_404(site_dir)
    for path, minified in minify.minify_site_assets(site_dir).items():
        (done.minified if minified else done.missing_assets).append(path)
    return done


_SITE_PATH = re.compile(r'href="(/[^"]*?)assets/')  # the site's own stylesheet, by its site-absolute path


def _portable_404(site_dir: Path) -> None:
    """The 404 page made to find the site's stylesheets and pages wherever it is served (its links
    relative to a `<base>`: build_tools/web/not_found.py). The site's path is the one its links give."""
    page = site_dir / "404.html"
    if not page.is_file():
        return
    html = page.read_text("utf-8")
    found = _SITE_PATH.search(html)
    if found is not None and "<base " not in html:
        page.write_text(not_found.portable_404(html, found.group(1)), "utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python -m build_tools.web.finish_site SITE_DIR (a built site folder)", file=sys.stderr)
        return 2
    done = finish(Path(argv[0]))
    fixes = ", ".join(f"{name} ×{count}" for name, count in done.changed.items())
    print(f"finished {argv[0]}: {done.pages} page(s); fixes: {fixes}; paragraph lengths on {done.hinted} page(s); "
          f"minified: {', '.join(done.minified) or 'none'}")
    problem = done.problem()
    if problem:
        print(problem, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
