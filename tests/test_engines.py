"""The edition built by each supported engine (MkDocs 1.6, ProperDocs) gives readers the same site.

Each engine builds the whole edition (`python -m build_tools build --engine …`, site, PDFs and
EPUB) in its own process — ProperDocs takes `mkdocs`' place in the process that chooses it
(build_tools/engines.py) — and what a reader gets is compared: the same files, byte for byte but
for the `generator` tag; on each, ¶ anchors, the author's notes, the head metadata, the downloads,
and the search index finding a phrase of a paragraph. Strict mode fails the build on a broken link
and names it, under either engine. (Zensical's differences are listed in README's "Engines".)
"""

from __future__ import annotations

import gzip
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_tools import engines
from build_tools.cli import EXIT_BUILD_FAILED
from build_tools.web.search_index import normalize, tokens
from tests.serving import first_answer, free_port

ROOT = Path(__file__).resolve().parents[1]
SUPPORTED = ("mkdocs", "properdocs")
SITE_URL = "https://example.org/edition/"
GENERATOR = re.compile(r'\s*<meta name="generator" content="[^"]*">')


def _environment() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), EDITION_SITE_URL=SITE_URL, SOURCE_DATE_EPOCH="1764547200")
    env.pop(engines.ENGINE_VARIABLE, None)
    return env


def test_every_supported_engine_is_installed() -> None:
    """Both are pinned in requirements.lock: a missing one is a broken set-up, not a skip."""
    assert set(SUPPORTED) == set(engines.ENGINES)
    for name in SUPPORTED:
        assert importlib.util.find_spec(name) is not None, f"{name} is not installed: pip install -r requirements.lock"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built: dict[str, Path] = {}
    for name in SUPPORTED:
        out = tmp_path_factory.mktemp(name)
        done = subprocess.run([sys.executable, "-m", "build_tools", "build", "--engine", name,
                               "--markdown-dir", str(out / "md"), "--site-dir", str(out / "site"),
                               "--pdf-dir", str(out / "pdf")],
                              cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "WARNING" not in done.stderr, done.stderr
        built[name] = out / "site"
    return built


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_engines_write_the_same_site(sites: dict[str, Path]) -> None:
    reference = _files(sites["mkdocs"])
    for name in SUPPORTED[1:]:
        other = _files(sites[name])
        assert sorted(other) == sorted(reference), name
        differing = []
        for path, data in reference.items():
            if path.endswith(".html"):
                same = GENERATOR.sub("", data.decode()) == GENERATOR.sub("", other[path].decode())
            else:
                same = data == other[path]
            if not same:
                differing.append(path)
        assert differing == [], f"{name} differs from MkDocs in {differing}"


def test_the_generator_tag_names_the_engine(sites: dict[str, Path]) -> None:
    for name, title in (("mkdocs", "mkdocs-1.6"), ("properdocs", "ProperDocs 1.6")):
        page = (sites[name] / "index.html").read_text("utf-8")
        assert title in GENERATOR.search(page).group(0), name  # type: ignore[union-attr]


def _paragraph(page: str, anchor: str) -> str:
    found = re.search(rf'<p [^>]*id="{anchor}"[^>]*>(.*?)</p>', page, re.S)
    assert found, anchor
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def search(site: Path, phrase: str) -> list[str]:
    """The URLs of the records holding every word of the phrase, in order, read from the site's
    index files as the edition's search script reads them (build_tools/web/search_index.py)."""
    folder = site / "search"
    manifest = json.loads((folder / "index.json").read_text("utf-8"))
    postings: dict[str, list[int]] = {}
    for shard in (folder / "t").glob(f"{manifest['id']}-*.bin"):
        postings.update(json.loads(gzip.decompress(shard.read_bytes())))
    chunks = sorted((folder / "d").glob(f"{manifest['id']}-*.bin"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    records = [record for chunk in chunks for record in json.loads(gzip.decompress(chunk.read_bytes()))]
    assert len(records) == manifest["records"]
    holding: set[int] | None = None
    for term, _ in tokens(phrase):
        if term in manifest["stop"]:
            continue
        run, rid, found = postings.get(term, []), 0, set()
        i = 0
        while i < len(run):  # (record id delta, length, count, position deltas…) per record
            rid += run[i]
            found.add(rid)
            i += 3 + run[i + 2]
        holding = found if holding is None else holding & found
    assert holding is not None
    return [records[r][0] for r in sorted(holding) if normalize(phrase) in normalize(records[r][2])]


@pytest.mark.parametrize("name", SUPPORTED)
def test_what_readers_get(sites: dict[str, Path], name: str) -> None:
    site = sites[name]
    page = (site / "texts" / "curtis-2018" / "index.html").read_text("utf-8")
    # ¶ anchors and the author's notes
    assert re.search(r'<p [^>]*id="p1"', page) and re.search(r'<a class="para-num" href="#p1"', page)
    assert 'class="footnote"' in page and re.search(r'id="fn:1"', page)
    # the head's metadata: Highwire, Dublin Core, Open Graph, JSON-LD
    head = page.split("</head>")[0]
    for tag in ('name="citation_title"', 'name="citation_doi"', 'name="DC.title"', 'property="og:title"',
                'type="application/ld+json"', f'<link rel="canonical" href="{SITE_URL}texts/curtis-2018/"'):
        assert tag in head, (name, tag)
    # the downloads, linked from the page and present
    for download in ("curtis-2018.pdf", "curtis-2018.bib", "curtis-2018.ris", "edition.epub", "bibliography.bib"):
        assert (site / "downloads" / download).stat().st_size > 0, download
    assert "downloads/curtis-2018.pdf" in page and "downloads/curtis-2018.bib" in page
    # the search index finds a phrase of a paragraph, at that paragraph
    words = _paragraph(page, "p3").split()[2:8]
    phrase = " ".join(words)
    assert "texts/curtis-2018/#p3" in search(site, phrase), phrase


BROKEN_LINK_BUILD = textwrap.dedent("""
    import sys
    import build_tools.cli as cli
    real = cli.build_edition
    def with_broken_link(*args, **kwargs):
        built = real(*args, **kwargs)
        built.pages["stray.md"] = "# Stray\\n\\nA link to [nowhere](nowhere.md).\\n"
        return built
    cli.build_edition = with_broken_link
    sys.exit(cli.main(sys.argv[1:]))
""")


@pytest.mark.parametrize("name", SUPPORTED)
def test_strict_mode_names_the_broken_link(tmp_path: Path, name: str) -> None:
    done = subprocess.run([sys.executable, "-c", BROKEN_LINK_BUILD, "build", "--engine", name, "--no-pdf",
                           "--markdown-dir", str(tmp_path / "md"), "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=600)
    assert done.returncode == EXIT_BUILD_FAILED, done.stdout + done.stderr
    assert "nowhere.md" in done.stderr and "strict mode" in done.stderr, done.stderr
    assert f"{engines.ENGINES[name].title} stopped" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


def test_an_engine_that_is_not_there_is_refused(tmp_path: Path) -> None:
    env = dict(_environment(), EDITION_ENGINE="zensical")
    done = subprocess.run([sys.executable, "-m", "build_tools", "build", "--no-pdf", "--markdown-dir",
                           str(tmp_path / "md"), "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 2 and "error B011 unknown engine 'zensical'" in done.stderr, done.stderr
    assert not (tmp_path / "md").exists()


def test_properdocs_cannot_be_chosen_after_mkdocs_was_imported() -> None:
    """In a process that has imported MkDocs already, ProperDocs would serve only some modules."""
    script = ("import mkdocs.config; from build_tools import engines; "
              "print(engines.activate(engines.ENGINES['properdocs']))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=_environment(), capture_output=True,
                          text=True, timeout=120)
    assert "error B011 MkDocs was imported before ProperDocs" in done.stdout, done.stdout + done.stderr


# --- the render folder: everything the site needs as files, no hook --------------------------------


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`build --no-site --render-dir`, then that folder built by MkDocs *without the hook* and finished."""
    out = tmp_path_factory.mktemp("render")
    done = subprocess.run([sys.executable, "-m", "build_tools", "build", "--no-site", "--render-dir",
                           str(out / "render"), "--markdown-dir", str(out / "md"), "--pdf-dir", str(out / "pdf")],
                          cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    folder = out / "render"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(folder / "mkdocs.yml")],
                           cwd=folder, env=dict(_environment(), NO_MKDOCS_2_WARNING="1"), capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    finished = subprocess.run([sys.executable, "-m", "build_tools.web.finish_site", str(folder / "site")],
                              cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    return folder


def test_the_render_folder_holds_the_pages_nav_and_downloads(render: Path) -> None:
    config = (render / "mkdocs.yml").read_text("utf-8")
    assert "\nhooks:" not in config and "\nwatch:" not in config and "\ndocs_dir: docs\n" in config
    assert "texts/curtis-2018.md" in config.split("\nnav:\n", 1)[1]
    for download in ("curtis-2018.pdf", "curtis-2018.bib", "curtis-2018.ris", "amin-wilson-2023.pdf",
                     "edition.pdf", "edition.epub", "bibliography.bib", "bibliography.json"):
        assert (render / "docs" / "downloads" / download).stat().st_size > 0, download
    page = (render / "docs" / "texts" / "curtis-2018.md").read_text("utf-8")
    front = page.split("\n---\n", 1)[0]
    assert "\nedition_head: " in front and "citation_title" in front
    assert '<details class="ed-cite" id="cite-this"' in page and '<p class="ed-reading">' in page
    assert (render / "docs" / "about.md").is_file() and (render / "overrides" / "main.html").is_file()


def _part(html_text: str, tag: str) -> str:
    found = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", html_text, re.S)
    return found.group(1) if found else ""


def test_an_engine_without_the_hook_gives_readers_the_same_pages(render: Path, sites: dict[str, Path]) -> None:
    """What the hook still adds — the header's search box and the search index — is all that differs."""
    hooked, bare = sites["mkdocs"], render / "site"
    pages = sorted(p.relative_to(hooked) for p in hooked.rglob("*.html"))
    assert pages == sorted(p.relative_to(bare) for p in bare.rglob("*.html"))
    for page in pages:
        a, b = (hooked / page).read_text("utf-8"), (bare / page).read_text("utf-8")
        assert _part(a, "head") == _part(b, "head"), page
        assert _part(a, "article") == _part(b, "article"), page
    assert _files(hooked / "downloads") == _files(bare / "downloads")
    assert _files(hooked / "assets" / "stylesheets") == _files(bare / "assets" / "stylesheets")
    assert (hooked / "search" / "index.json").is_file() and not (bare / "search").exists()



def test_properdocs_serves_the_edition() -> None:
    """`edition serve --engine properdocs` (what `ENGINE=properdocs make serve` runs) answers with a text's page."""
    port = free_port()
    env = {**_environment(), "EDITION_PRINT": "0"}
    del env["EDITION_SITE_URL"]  # served at the root of the address, as `make serve` does
    server = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--engine", "properdocs",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = first_answer(server, f"http://127.0.0.1:{port}/texts/curtis-2018/")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert 'id="cite-this"' in page and 'name="citation_title"' in page, output
    assert "with ProperDocs" in output and "ProperDocs 1.6" in GENERATOR.search(page).group(0)  # type: ignore[union-attr]


def test_serve_refuses_an_engine_that_is_not_there() -> None:
    done = subprocess.run([sys.executable, "-m", "build_tools", "serve"], cwd=ROOT,
                          env={**_environment(), "EDITION_ENGINE": "zensical"}, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and "error B011 unknown engine 'zensical'" in done.stderr, done.stderr
