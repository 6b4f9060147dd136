"""Browser fixtures: the built site served on 127.0.0.1 under a sub-path, and Chromium.

The site is served as GitHub Pages serves a project page: under the path of its
`site_url` (`/<repository>/`), with the site's own 404.html for a missing page. Pages use
relative links, so they also work under any other sub-path of any plain static server;
`served_at` serves the same site elsewhere to check that.

Nothing here skips: a missing browser, axe-core or Java is a failure that says what to
install (`bash tools/ensure-test-tools.sh` does it), because a browser suite that quietly
skips in CI tests nothing.
"""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".test-tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "run `bash tools/ensure-test-tools.sh` (installs Chromium, Java, axe-core and vnu-jar)"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require(path: Path | None, what: str) -> Path:
    if path is None or not path.exists():
        pytest.fail(f"{what} is missing ({path}): {INSTALL_HINT}", pytrace=False)
    return path


def chromium_path() -> Path:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return require(Path(found) if found else None, "Chromium")


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site only under `prefix`; a missing file gets the site's 404.html, status 404."""

    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.exists():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def served_at(site: Path, prefix: str) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port) under `prefix`; yields its base URL."""
    handler_class = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def configured_path(site: Path) -> str:
    """The path of the site's `site_url`, read back from the built sitemap (its first <loc>)."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    match = re.search(r"<loc>([^<]+)</loc>", sitemap)
    path = urlsplit(match.group(1)).path if match else "/"
    return path if path.endswith("/") else path + "/"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with served_at(built_site, configured_path(built_site)) as url:
        yield url


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> list[str]:
    """Every page of the site, as a path relative to the site's root ("" is the home page)."""
    pages = []
    for index in sorted(built_site.rglob("index.html")):
        relative = index.parent.relative_to(built_site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    pages.append("404.html")
    return pages


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page with everything it asked the network for and every console error it logged."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != "127.0.0.1"]


def open_page(browser: Any, width: int = 1280, height: int = 900, scheme: str = "light",
              permissions: tuple[str, ...] = ()) -> Watched:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                  permissions=list(permissions))
    page = context.new_page()
    watched = Watched(page)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on("console", lambda message: watched.console_errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: watched.console_errors.append(str(error)))
    # which resource failed, beside the console's bare "Failed to load resource"
    page.on("response", lambda response: watched.console_errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    return watched


@pytest.fixture
def desktop(browser: Any) -> Iterator[Watched]:
    watched = open_page(browser, permissions=("clipboard-read", "clipboard-write"))
    yield watched
    watched.page.context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Watched]:
    watched = open_page(browser, width=390, height=844)
    yield watched
    watched.page.context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return require(AXE, "axe-core").read_text(encoding="utf-8")
