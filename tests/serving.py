"""Tests that start a server (`edition serve`, `make serve`'s command): a free port, and the first
answer at an address once the server is up."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

STARTUP_SECONDS = 120  # a cold build of the edition comes first


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def first_answer(server: subprocess.Popen[str], url: str) -> str:
    """The page at `url` as soon as the server answers ("" if it stopped or never answered)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return str(answer.read().decode("utf-8"))
        except OSError:
            time.sleep(0.5)
    return ""
