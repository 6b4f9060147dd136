"""Serve a built site on 127.0.0.1 as GitHub Pages would: gzip-compressed, with cache headers,
and the site's own 404.html (status 404) for a missing page.

Why: Lighthouse judges performance by what the server sends, and `python -m http.server`
neither compresses nor caches; measuring with it understates the published site.

    python tools/serve_compressed.py site/ --port 8770 [--prefix /global-cities-edition/]
"""

from __future__ import annotations

import argparse
import functools
import gzip
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".bib", ".ris", ".map")


class CompressingHandler(SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside__")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's 404 page, as GitHub Pages serves it (not the bare
        "Error response" of http.server); other errors stay as they are."""
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if wants_gzip:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if wants_gzip:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()  # the redirect to the slash
                return
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants_gzip or path.suffix not in COMPRESSIBLE:
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8770)
    parser.add_argument("--prefix", default="/", help="serve the site under this path (default /)")
    args = parser.parse_args(argv)
    prefix = args.prefix if args.prefix.endswith("/") else args.prefix + "/"
    handler_class = type("Handler", (CompressingHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", args.port), functools.partial(handler_class, directory=str(args.site)))
    print(f"serving {args.site} at http://127.0.0.1:{args.port}{prefix} (gzip)")
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
