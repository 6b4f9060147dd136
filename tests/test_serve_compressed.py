"""tools/serve_compressed.py: a missing page gets the site's 404 page (status 404), compressed
like every other page, not http.server's bare "Error response"."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, gzip_ok: bool) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_missing_page_gets_the_sites_404_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "texts").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>Page not found</h1>" + "padding " * 200, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "tools" / "serve_compressed.py"), str(site),
                               "--port", str(port), "--prefix", "/edition/"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}/edition/"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        status, _, body = fetch(base, gzip_ok=False)
        assert status == 200 and b"Home" in body
        for missing in (base + "no/such/page/", base + "texts/nothing.html", f"http://127.0.0.1:{port}/elsewhere"):
            status, headers, body = fetch(missing, gzip_ok=True)
            assert status == 404, missing
            assert headers.get("Content-Encoding") == "gzip" and headers.get("Content-Type", "").startswith("text/html")
            assert gzip.decompress(body).startswith(b"<h1>Page not found</h1>")
            status, headers, body = fetch(missing, gzip_ok=False)
            assert status == 404 and body.startswith(b"<h1>Page not found</h1>") and "Content-Encoding" not in headers
        (site / "404.html").unlink()   # a site without one: the server's own answer, still 404
        status, _, body = fetch(base + "gone/", gzip_ok=False)
        assert status == 404 and b"Page not found" not in body
    finally:
        server.terminate()
        server.wait(timeout=5)
