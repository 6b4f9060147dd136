"""The "page not found" page, made to work at any path the site is served from.

Why: a server shows 404.html for a missing address at any depth, so the page cannot link to its
stylesheets relatively; MkDocs therefore writes absolute paths from `site_url`
(`/global-cities-edition/assets/…`). Served anywhere else — at the root of a local server
(`tools/serve_compressed.py site/`), or before EDITION_SITE_URL is set — none of them load, and
the page is the theme's logo drawn as large as the window, and no styles.

So the page's own links become relative to a `<base>` element, the first thing in its head:
it names the configured path (so the page works without scripts where it is published), and a
one-line script right after it changes it to the root of the host when the page is not under
that path. (There, the browser's preload scanner, which reads ahead of the script, also asks
for the stylesheets at the configured path, and gets a 404 for each: harmless, and only where
the site is not published.) A short style of its own keeps the icons small even if the
stylesheets do not load.
"""

from __future__ import annotations

import json
import re

# Before the theme's stylesheets, so that theirs win wherever they load: icons at the size of
# a line, not of the window.
_FALLBACK_STYLE = "<style>svg{width:1.2rem;height:1.2rem}body{font-family:system-ui,sans-serif}</style>"


def portable_404(html: str, site_path: str) -> str:
    """404.html with its site-absolute links made relative to a `<base>` that finds the site."""
    if not site_path.startswith("/"):
        site_path = "/" + site_path
    if not site_path.endswith("/"):
        site_path += "/"
    quoted = re.escape(site_path)
    # href="/P/assets/x" → href="assets/x"; href="/P/" and href="/P/." → href="./"
    html = re.sub(rf'(\s(?:href|src|action|data-ed-search)=")({quoted})(\.?)(?=")', r"\1./", html)
    html = re.sub(rf'(\s(?:href|src|action|data-ed-search)="){quoted}', r"\1", html)
    # the theme's scope for what it keeps in localStorage (colour scheme): the site's root
    html = html.replace(f"new URL({json.dumps(site_path)},location)", "new URL(document.baseURI)")
    base = (f'<base href="{site_path}">'
            "<script>(function(){var b=document.querySelector(\"base\"),p=b.getAttribute(\"href\");"
            "if(location.pathname.indexOf(p)!==0){b.setAttribute(\"href\",\"/\")}})()</script>"
            + _FALLBACK_STYLE)
    return re.sub(r"(<head[^>]*>\s*(?:<meta charset=\"[^\"]*\"\s*/?>)?)", lambda m: m.group(1) + base, html, count=1)
