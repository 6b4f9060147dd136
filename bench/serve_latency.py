"""`mkdocs serve` latency: from saving an edit to a seed's YAML to the rebuilt page being served.

Runs on a temporary copy of the project (never on the working tree): starts
`mkdocs serve` on a free port of 127.0.0.1, waits for the first build, then several times
changes the title in one text's YAML (a change the reader sees, that removes no word) and
polls the text's page until the new title is in what the server sends. The time is taken
from the moment the file is closed, so it includes the watcher's delay, the rebuild (the
hook runs the whole pipeline and the print edition) and the serving.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bench.corpus import write_corpus
from bench.stats import ROOT, Summary

COPIED = ("mkdocs.yml", "docs", "overrides", "seeds", "build_tools")
_TITLE_LINE = re.compile(r"^(?P<indent>[ \t]+)title:[ \t]*(?P<value>.+)$", re.MULTILINE)
POLL_SECONDS = 0.02
START_TIMEOUT = 1800.0  # the first build of 1,000 texts (pipeline, site, PDFs) takes minutes
EDIT_TIMEOUT = 120.0  # a shared machine may leave a rebuild waiting for a core


def copy_project(target: Path, root: Path = ROOT) -> None:
    target.mkdir(parents=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: `!ENV [NAME, default]` gives the variable or the default."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    else:
        names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else []
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[str(v)] for v in variables if str(v) in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)  # other tags (!!python/name …)


def site_prefix(config_text: str) -> str:
    """`mkdocs serve` mounts the site at the path of `site_url`."""
    config = yaml.load(config_text, Loader=_ConfigLoader)  # a safe loader with two extra tags
    site_url = config.get("site_url") if isinstance(config, dict) else None
    path = urlsplit(site_url).path if isinstance(site_url, str) else "/"
    return path if path.endswith("/") else path + "/"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, timeout: float, server: subprocess.Popen[bytes]) -> float:
    """Seconds until `needle` is in the page at `url`; raises if it never is."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError("mkdocs serve stopped")
        body = fetch(url)
        if body is not None and needle in body:
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"{needle!r} did not appear at {url} within {timeout:.0f} s")


def set_title(yaml_path: Path, title: str) -> None:
    text = yaml_path.read_text(encoding="utf-8")
    match = _TITLE_LINE.search(text)
    if match is None:
        raise RuntimeError(f"{yaml_path} has no title line")
    line = f"{match.group('indent')}title: {json.dumps(title, ensure_ascii=False)}"
    with yaml_path.open("w", encoding="utf-8") as handle:
        handle.write(text[:match.start()] + line + text[match.end():])


_NOTE_VALUE = re.compile(r"^note_on_text:[ \t]*(?:[>|]-?[ \t]*\n[ \t]+|['\"])?", re.MULTILINE)


def set_note(yaml_path: Path, original: str, words: str) -> None:
    """The text's `note_on_text` (shown on its own page only) with `words` in front: the edit an
    editor makes most (the source itself is never edited; its MANIFEST checksum forbids it)."""
    match = _NOTE_VALUE.search(original)
    if match is not None:
        changed = original[:match.end()] + f"{words} " + original[match.end():]
    else:
        changed = original.rstrip("\n") + f"\nnote_on_text: {json.dumps(words)}\n"
    with yaml_path.open("w", encoding="utf-8") as handle:
        handle.write(changed)


def measure(edits: int, slug: str, work: Path | None = None, root: Path = ROOT, texts: int = 0,
            edit: str = "note", dirty: bool = True, details: list[dict[str, Any]] | None = None) -> Summary:
    """`texts` > 0: on a generated corpus of that many texts (bench/corpus.py) instead of the seeds;
    `slug` is then the generated text to edit (see `corpus_slug`). `edit`: "note" (the text's
    note on the text, on its own page only) or "title" (in the navigation of every page).
    `dirty`: `mkdocs serve --dirty`, as `make serve` runs it. `details` receives, per edit, the
    seconds until MkDocs logged the rebuild done (print edition and search index included)."""
    work = work or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    copy_project(project, root)
    if texts:
        shutil.rmtree(project / "seeds")
        write_corpus(project / "seeds", texts, root / "seeds", root, with_seeds=True)  # docs/ links to the seeds
    port = free_port()
    url = f"http://127.0.0.1:{port}{site_prefix((project / 'mkdocs.yml').read_text(encoding='utf-8'))}texts/{slug}/"
    yaml_path = project / "seeds" / "texts" / slug / "text.yml"
    original = _TITLE_LINE.search(yaml_path.read_text(encoding="utf-8"))
    if original is None:
        raise RuntimeError(f"{yaml_path} has no title line")
    title = json.loads(original.group("value")) if original.group("value").startswith('"') else original.group("value")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)
    env.pop("EDITION_SEEDS_DIR", None)
    log = (work / "serve.log").open("wb")
    original_yaml = yaml_path.read_text(encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []),
               "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    log_path = work / "serve.log"
    try:
        wait_for(url, "</html>", START_TIMEOUT, server)
        _wait_built(log_path, 1, START_TIMEOUT)
        _wait_built(log_path, 1, START_TIMEOUT, _SETTLED)  # the first print edition is set in the background
        latencies: list[float] = []
        for number in range(1, edits + 1):
            marker = f"Benchedit{number}x{time.time_ns() % 1_000_000}"
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            saved, cpu_before = time.perf_counter(), _cpu(server.pid)
            if edit == "title":
                set_title(yaml_path, f"{title} ({marker})")
            else:
                set_note(yaml_path, original_yaml, marker)
            latencies.append(wait_for(url, marker, EDIT_TIMEOUT + texts / 10, server))
            built = _wait_built(log_path, number, EDIT_TIMEOUT + texts, _REBUILT)
            cpu = _cpu(server.pid) - cpu_before
            settled = _wait_built(log_path, number + 1, EDIT_TIMEOUT + texts, _SETTLED)
            if details is not None:
                details.append({"page": latencies[-1], "built": built - saved, "cpu": cpu,
                                "settled": settled - saved, "cpu_settled": _cpu(server.pid) - cpu_before})
        return Summary.of(latencies)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_BUILT = re.compile(rb"Documentation built in [0-9.]+ seconds")
# A rebuild done, as the server logs it when it has reloaded the browsers. (Not "Documentation built
# in …": MkDocs drops a message its build logger has logged before, so a second rebuild that took
# as long as another one to the hundredth of a second is not logged at all.)
_REBUILT = re.compile(rb"Reloading browsers")
_SETTLED = re.compile(rb"Search index and print files written in [0-9.]+ seconds")  # serve_incremental.py


def _wait_built(log_path: Path, count: int, timeout: float, line: re.Pattern[bytes] = _BUILT) -> float:
    """The moment (perf_counter) MkDocs's log has `line` (by default: a build done) `count` times."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if len(line.findall(log_path.read_bytes())) >= count:
            return time.perf_counter()
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"build {count} of mkdocs serve did not finish within {timeout:.0f} s (see {log_path})")


def corpus_slug(texts: int, number: int = 0) -> str:
    """The folder name bench/corpus.py gives generated text `number` of `texts` (a copy of the first seed)."""
    from bench.corpus import templates

    base = templates(ROOT / "seeds", ROOT)[number % 2].slug
    return f"gen-{number:0{len(str(texts))}d}-{base}"


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.serve_latency --texts 2 100 1000`: edit latency at each size (2: the seeds)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.serve_latency")
    parser.add_argument("--texts", type=int, nargs="*", default=[2, 100, 1000])
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--edit", choices=("note", "title"), default="note",
                        help="note: the text's note_on_text (its own page); title: its title (every page's nav)")
    parser.add_argument("--no-dirty", action="store_true", help="plain `mkdocs serve` (every page rendered)")
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    for texts in args.texts:
        details: list[dict[str, Any]] = []
        work = args.work_dir / f"serve-{texts}" if args.work_dir else None
        if texts <= 2:
            slug = max((p.parent.name for p in (ROOT / "seeds" / "texts").glob("*/source.txt")),
                       key=lambda name: (ROOT / "seeds" / "texts" / name / "source.txt").stat().st_size)
            summary = measure(args.edits, slug, work, edit=args.edit, dirty=not args.no_dirty, details=details)
        else:
            summary = measure(args.edits, corpus_slug(texts), work, texts=texts, edit=args.edit,
                              dirty=not args.no_dirty, details=details)
        print(json.dumps({"texts": texts, "edit": args.edit, "dirty": not args.no_dirty, "median": summary.median,
                          "low": summary.low, "high": summary.high,
                          "built": sorted(d["built"] for d in details),
                          "cpu": sorted(d["cpu"] for d in details),
                          "settled": sorted(d["settled"] for d in details),
                          "cpu_settled": sorted(d["cpu_settled"] for d in details)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
