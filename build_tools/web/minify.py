"""The edition's own stylesheet and script, minified as they go into the site.

Why: `overrides/assets/` is written to be read (its comments say why each rule exists), and
every reader downloads both files with every text page. Minified, they weigh about 40 %
less compressed (about 5 KB gzip of a text page that must stay under 150 KB with everything
it loads; see BENCHMARKS.md). The files in `overrides/` stay as they are; only the copies in
the site are minified, by rcssmin and rjsmin (whitespace and comments only, nothing renamed),
after the engine has copied them (`finish_site.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin

OWN_ASSETS: dict[str, Callable[[str], str]] = {
    "assets/stylesheets/edition.css": rcssmin.cssmin,
    "assets/javascripts/edition.js": rjsmin.jsmin,
    # the search, loaded only when a reader searches (overrides/partials/search.html)
    "assets/javascripts/search.js": rjsmin.jsmin,
    "assets/stylesheets/search.css": rcssmin.cssmin,
}


def minify_site_assets(site_dir: Path) -> dict[str, bool]:
    """Minify the site's copies of the edition's CSS and JS in place (run once over a fresh site:
    whitespace and comments go, so a second run changes nothing). {path: whether it was there}."""
    found: dict[str, bool] = {}
    for path, minify in OWN_ASSETS.items():
        target = site_dir / path
        found[path] = target.is_file()
        if found[path]:
            target.write_text(minify(target.read_text("utf-8")), "utf-8")
    return found
