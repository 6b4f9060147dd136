"""The edition's own stylesheet and script, minified as they go into the site.

Why: `overrides/assets/` is written to be read (its comments say why each rule exists), and
every reader downloads both files with every text page. Minified, they weigh about 40 %
less compressed (about 5 KB gzip of a text page that must stay under 150 KB with everything
it loads; see BENCHMARKS.md). The files in `overrides/` stay as they are; only the copies in
the site are minified, by rcssmin and rjsmin (whitespace and comments only, nothing renamed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import rcssmin
import rjsmin
from mkdocs.structure.files import File, Files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

OWN_ASSETS: dict[str, Callable[[str], str]] = {
    "assets/stylesheets/edition.css": rcssmin.cssmin,
    "assets/javascripts/edition.js": rjsmin.jsmin,
    # the search, loaded only when a reader searches (overrides/partials/search.html)
    "assets/javascripts/search.js": rjsmin.jsmin,
    "assets/stylesheets/search.css": rcssmin.cssmin,
}


def minify_own_assets(files: Files, config: MkDocsConfig) -> None:
    """Replace the theme-override copies of the edition's CSS and JS by minified ones."""
    for path, minify in OWN_ASSETS.items():
        original = files.get_file_from_path(path)
        if original is None:
            continue
        files.remove(original)
        files.append(File.generated(config, path, content=minify(original.content_string)))
