"""Small, named repairs of the HTML Material writes, applied to every built page.

They fix what fails an accessibility check (axe-core) or the Nu HTML Checker in the theme's
own templates, and one thing that makes a long page slow to start on a phone, without copying
those templates into overrides/ (a copied partial silently stops receiving the theme's
fixes). Each fix is one substitution with the reason for it; the browser tests check the
result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fix:
    name: str
    why: str
    apply: Callable[[str], str]


def _sub(pattern: str, replacement: str, flags: int = 0) -> Callable[[str], str]:
    compiled = re.compile(pattern, flags)
    return lambda html: compiled.sub(replacement, html)


def _checkbox_without_autocomplete(html: str) -> str:
    def strip(match: re.Match[str]) -> str:
        return re.sub(r'\s+autocomplete="[^"]*"', "", match.group(0))

    return re.sub(r'<input\b[^>]*\btype="checkbox"[^>]*>', strip, html)


FIXES: tuple[Fix, ...] = (
    # (The theme's search dialog lacked an accessible name; the edition's own search box,
    # overrides/partials/search.html, has one, so that fix matched nothing and went: finish_site.py
    # now fails the build on a fix that matches no page.)
    Fix("empty-tabindex",
        'the navigation\'s section labels carry tabindex="" (Nu HTML Checker: not an integer); '
        "an empty value means the default, so the attribute goes",
        _sub(r'\s+tabindex=""', "")),
    Fix("checkbox-autocomplete",
        "autocomplete is not allowed on checkboxes (Nu HTML Checker); the theme's toggles carry it",
        _checkbox_without_autocomplete),
    Fix("defer-theme-script",
        "the theme's script is a parser-blocking <script> at the end of <body>: parsing stops "
        "there until it is fetched and run, and Lighthouse counts it as render-blocking (a text's "
        "first paint on its model phone came 0.4 s later than with it deferred). Deferred, it "
        "runs at the same point of the page's life (after parsing, before DOMContentLoaded, "
        "when the theme starts) and still before the edition's own deferred script, which "
        "needs it",
        _sub(r'(<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js")></script>',
             r"\1 defer></script>")),
)


def fix_page(html: str) -> str:
    for fix in FIXES:
        html = fix.apply(html)
    return html
