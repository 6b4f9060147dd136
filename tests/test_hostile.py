"""Hostile and careless input (issue 17): nothing executes, nothing is lost, everything is bounded.

Categories (README, "Robustness"): escaping of YAML text in every output; exports that cannot
be forged; confinement of `source:` and the MANIFEST; slugs; bounded YAML; output folders the
build may replace; one build at a time and all-or-nothing outputs; environment failures with
their own codes; linear-time inline parsing. Script execution in a real browser is checked by
tests/browser/test_hostile_browser.py on the same hostile seeds.
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import os
import re
import threading
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from xml.dom import minidom

import bibtexparser
import pytest
import rispy
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import cli, lint
from build_tools.apparatus import exports
from build_tools.apparatus.bibliography import Record, format_record
from build_tools.cli import EXIT_BUILD_FAILED, EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE, main
from build_tools.diagnostics import CODES, Diagnostics
from build_tools.load.seeds import discover
from build_tools.load.slugs import RESERVED, slug_problem
from build_tools.load.yaml_data import MAX_YAML_DEPTH, is_web_url, read_yaml
from build_tools.outputs import MARKER, output_refusal, project_lock
from build_tools.passes import parse_inline
from tests.fixtures.hostile import PAYLOADS, TITLE, build_hostile_edition
from tests.fixtures.variants import make_seeds, seed_text, seed_yaml

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "A Short Article\n\nIntroduction\n\nCities grow when trade grows. They shrink when it stops.\n"
YAML = ("profile: pdf-extraction\nkind: journal-article\nlanguage: en\nmetadata:\n  title: A Short Article\n"
        "  authors:\n    - {given: Ada, family: Example}\n  date: 2020-01-01\n")


def codes_in(err: str) -> set[str]:
    return set(re.findall(r" (?:error|warning|pending) ([A-Z]\d{3}) ", err))


# --- 1. one escaping rule for every output (a real build of hostile YAML) -----------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_edition(tmp_path_factory.mktemp("hostile"))


def _html_files(base: Path) -> list[Path]:
    return sorted((base / "site").rglob("*.html"))


ACTIVE = {  # what each payload would be in HTML if it were not escaped
    "img-onerror": "<img src=x onerror", "script": "<script>window.__pwned", "attribute-breakout": "<svg onload",
    "script-breakout": "</script><script>window", "markdown-link": 'href="javascript:',
    "html-comment": "<!-- open", "jinja": "<class ", "snippet": "root:x:0:0",
}


@pytest.mark.parametrize("name", sorted(ACTIVE))
def test_no_payload_is_active_in_any_page(hostile_build: Path, name: str) -> None:
    for page in _html_files(hostile_build):
        assert ACTIVE[name] not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("page", ["index.html", "404.html", "texts/curtis-2018/index.html", "bibliography/index.html",
                                  "about/index.html"])
def test_the_hostile_title_reads_as_text_in_the_navigation(hostile_build: Path, page: str) -> None:
    """Issue 17's first finding: the title went raw into the navigation of every page, 404 included."""
    text = (hostile_build / "site" / page).read_text(encoding="utf-8")
    assert html.escape(PAYLOADS["img-onerror"], quote=False) in text or "&lt;img src=x" in text


def test_the_work_title_is_escaped_on_the_bibliography_page(hostile_build: Path) -> None:
    text = (hostile_build / "site" / "bibliography" / "index.html").read_text(encoding="utf-8").lower()
    assert "work &lt;img src=x onerror=window.__pwned=1&gt;" in text  # (the style title-cases a book's title)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text and "[click](javascript:" in text


def test_a_backslash_in_the_title_keeps_the_head_metadata(hostile_build: Path) -> None:
    """`C:\\zone` made the front matter invalid YAML: the page lost every head tag, silently."""
    text = (hostile_build / "site" / "texts" / "curtis-2018" / "index.html").read_text(encoding="utf-8")
    assert 'name="citation_title"' in text and "C:\\zone" in text and "application/ld+json" in text
    front = (hostile_build / "md" / "texts" / "curtis-2018.md").read_text(encoding="utf-8").split("\n---\n")[0]
    assert yaml.safe_load(front.removeprefix("---\n"))["title"] == html.escape(TITLE, quote=True)


def test_json_ld_holds_no_angle_bracket_and_reads_back(hostile_build: Path) -> None:
    text = (hostile_build / "site" / "texts" / "curtis-2018" / "index.html").read_text(encoding="utf-8")
    payload = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in payload and ">" not in payload
    assert json.loads(payload)["headline"] == TITLE


def test_the_epub_is_well_formed_xml_with_the_payloads_as_text(hostile_build: Path) -> None:
    with zipfile.ZipFile(hostile_build / "pdf" / "edition.epub") as book:
        names = [n for n in book.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))]
        texts = {n: book.read(n).decode("utf-8") for n in names}
    for name, text in texts.items():
        minidom.parseString(text.encode("utf-8"))  # raises on ill-formed XML
        assert "<script>window" not in text and "<img src=x" not in text, name
    assert any("window.__pwned" in t for t in texts.values())  # there, as text


def test_the_pdfs_were_set_with_the_typst_payload_as_text(hostile_build: Path) -> None:
    assert (hostile_build / "pdf" / "curtis-2018.pdf").stat().st_size > 10_000


def test_the_bibtex_export_parses_to_the_same_entries(hostile_build: Path) -> None:
    library = bibtexparser.parse_string((hostile_build / "site" / "downloads" / "bibliography.bib").read_text("utf-8"))
    keys = [entry.key for entry in library.entries]
    assert "forged" not in keys and "hostile-2020" in keys and not library.failed_blocks


def test_the_ris_export_has_one_record_per_work(hostile_build: Path) -> None:
    records = rispy.loads((hostile_build / "site" / "downloads" / "bibliography.ris").read_text("utf-8"))
    data = json.loads((hostile_build / "site" / "downloads" / "bibliography.json").read_text("utf-8"))
    assert len(records) == len(data)
    assert not any(r.get("title") == "forged" for r in records)


def test_the_cite_this_downloads_parse(hostile_build: Path) -> None:
    downloads = hostile_build / "site" / "downloads"
    assert len(rispy.loads((downloads / "curtis-2018.ris").read_text("utf-8"))) == 2
    assert len(bibtexparser.parse_string((downloads / "curtis-2018.bib").read_text("utf-8")).entries) == 2


# --- 1b. the formatter and the exports, unit by unit -------------------------------------------

CSL: dict[str, Any] = {"id": "x", "type": "book", "author": [{"family": "O<i>n", "given": "A"}],
                       "issued": {"date-parts": [[2001]]}, "publisher": "P&Q <s>"}


@pytest.mark.parametrize("title", [PAYLOADS["script"], PAYLOADS["img-onerror"], PAYLOADS["markdown-link"],
                                   "*stars* and _under_", "back\\slash"])
def test_citeproc_output_is_escaped_markdown(title: str) -> None:
    import markdown as python_markdown

    formatted = format_record(Record("x", {**CSL, "title": title}, "works"))
    rendered = python_markdown.markdown(formatted.markdown)
    assert "<script" not in rendered and "<img" not in rendered and "javascript:" not in rendered.split('"')[1::2]
    assert "<i>" not in rendered and "<s>" not in rendered
    assert title.lower() in formatted.plain.lower()  # the hover text is the title, literally (title-cased)


def test_bibtex_pages_are_escaped() -> None:
    entry = exports.bibtex_entry({"id": "a", "type": "book", "title": "T", "page": "1-2}, note = {x"})
    assert "pages = {1--2\\textbraceright{}, note = \\textbraceleft{}x}" in entry
    assert len(bibtexparser.parse_string(entry).entries) == 1


@pytest.mark.parametrize(("url", "expected"), [
    ("https://ex.org/a_b?x=1&y=%20", "https://ex.org/a_b?x=1&y=%20"),  # verbatim: no TeX escapes
    ("https://ex.org/}{", "https://ex.org/%7D%7B"),
    ("https://ex.org/a b\nc", "https://ex.org/a%20b%0Ac"),
])
def test_bibtex_urls_are_verbatim_but_cannot_end_the_field(url: str, expected: str) -> None:
    entry = exports.bibtex_entry({"id": "a", "type": "webpage", "title": "T", "URL": url})
    assert f"url = {{{expected}}}" in entry


def test_a_bibtex_key_cannot_open_another_entry() -> None:
    entry = exports.bibtex_entry({"id": "a,\n}@misc{b", "type": "book", "title": "T"})
    assert len(bibtexparser.parse_string(entry).entries) == 1


@pytest.mark.parametrize("field", ["title", "publisher", "note", "URL"])
def test_a_newline_in_a_ris_field_cannot_forge_a_record(field: str) -> None:
    item = {"id": "a", "type": "book", "title": "T", field: "x\r\nER  - \r\nTY  - JOUR\r\nTI  - forged"}
    assert len(rispy.loads(exports.ris([item]))) == 1


# --- lint reports markup in YAML ------------------------------------------------------------------


def test_lint_warns_of_markup_in_a_yaml_text_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = make_seeds(tmp_path / "seeds", {"sample": (ARTICLE.encode(), YAML.replace(
        "title: A Short Article", "title: 'A <img src=x onerror=alert(1)> title'"))}, copy_shared=False)
    main(["lint", "--seeds-dir", str(seeds)])
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if " L002 " in line)
    assert "text.yml:5:" in line and "warning" in line and "(hint: " in line


def test_lint_leaves_named_groups_of_patterns_alone() -> None:
    assert not lint._MARKUP.search(r"(?P<day>\d+)")


# --- 2. confinement of sources and the MANIFEST ----------------------------------------------------


def _build_with(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str | None = None,
                prepare: Any = None) -> tuple[int, str]:
    yaml_text = YAML + (f"source: {json.dumps(source)}\n" if source is not None else "")
    seeds = make_seeds(tmp_path / "seeds", {"sample": (ARTICLE.encode(), yaml_text)}, copy_shared=False)
    if prepare is not None:
        prepare(seeds / "texts" / "sample", seeds)
    status = main(["check", "--seeds-dir", str(seeds)])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("source", ["/etc/passwd", "../../../../etc/passwd", "../other/source.txt", "sub\\..\\x"])
def test_a_source_outside_the_text_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      source: str) -> None:
    status, err = _build_with(tmp_path, capsys, source)
    assert status == EXIT_SOURCE_ERRORS and "S011" in codes_in(err) and "Traceback" not in err


def _link_to(target: str) -> Any:
    def prepare(folder: Path, seeds: Path) -> None:
        (folder / "linked.txt").symlink_to(target)
    return prepare


@pytest.mark.parametrize(("target", "code"), [("/etc/passwd", "S011"), ("/dev/zero", "S011"), ("/dev/null", "S011")])
def test_a_symlink_leaving_seeds_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str,
                                            code: str) -> None:
    status, err = _build_with(tmp_path, capsys, "linked.txt", _link_to(target))
    assert status == EXIT_SOURCE_ERRORS and code in codes_in(err)


def test_a_symlink_inside_seeds_is_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def prepare(folder: Path, seeds: Path) -> None:
        (seeds / "originals").mkdir()
        (folder / "source.txt").rename(seeds / "originals" / "sample.txt")
        (folder / "linked.txt").symlink_to(seeds / "originals" / "sample.txt")
        manifest = (seeds / "MANIFEST.yml").read_text(encoding="utf-8")
        (seeds / "MANIFEST.yml").write_text(manifest.replace("sample/source.txt", "sample/linked.txt"), "utf-8")
    status, err = _build_with(tmp_path, capsys, "linked.txt", prepare)
    assert status == EXIT_OK, err


def test_a_fifo_is_refused_without_hanging(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _build_with(tmp_path, capsys, "pipe.txt", lambda folder, seeds: os.mkfifo(folder / "pipe.txt"))
    assert status == EXIT_SOURCE_ERRORS and "S011" in codes_in(err)


def test_a_folder_as_source_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _build_with(tmp_path, capsys, "dir", lambda folder, seeds: (folder / "dir").mkdir())
    assert status == EXIT_SOURCE_ERRORS and "S011" in codes_in(err)


def test_an_oversized_source_is_refused_before_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def prepare(folder: Path, seeds: Path) -> None:
        with open(folder / "big.txt", "wb") as handle:
            handle.truncate(6 * 1024 * 1024)  # sparse: nothing is written, the size is what counts
    status, err = _build_with(tmp_path, capsys, "big.txt", prepare)
    assert status == EXIT_SOURCE_ERRORS and "S007" in codes_in(err)


def test_a_text_yml_that_is_a_folder_gets_its_own_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def prepare(folder: Path, seeds: Path) -> None:
        (folder / "text.yml").unlink()
        (folder / "text.yml").mkdir()
    status, err = _build_with(tmp_path, capsys, None, prepare)
    assert status == EXIT_SOURCE_ERRORS and "S011" in codes_in(err) and "B900" not in err


def test_a_text_missing_from_the_manifest_is_refused_with_the_line_to_add(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _build_with(tmp_path, capsys, None,
                              lambda folder, seeds: (seeds / "MANIFEST.yml").write_text("texts: []\n", "utf-8"))
    assert status == EXIT_SOURCE_ERRORS and "S013" in codes_in(err)
    digest = hashlib.sha256(ARTICLE.encode()).hexdigest()
    line = next(line for line in err.splitlines() if " S013 " in line)
    added = line.split("MANIFEST.yml (original_name: the name it came with): ", 1)[1].rstrip(")")
    entry = yaml.safe_load("texts:\n" + added)["texts"][0]
    assert entry == {"slug": "sample", "file": "texts/sample/source.txt", "original_name": "source.txt",
                     "sha256": digest}


def test_the_manifest_file_entry_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def prepare(folder: Path, seeds: Path) -> None:
        manifest = (seeds / "MANIFEST.yml").read_text(encoding="utf-8")
        (seeds / "MANIFEST.yml").write_text(manifest.replace("sample/source.txt", "sample/other.txt"), "utf-8")
    status, err = _build_with(tmp_path, capsys, None, prepare)
    assert status == EXIT_SOURCE_ERRORS and "S013" in codes_in(err)


def test_an_edited_source_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _build_with(tmp_path, capsys, None,
                              lambda folder, seeds: (folder / "source.txt").write_text(ARTICLE + "x\n", "utf-8"))
    assert status == EXIT_SOURCE_ERRORS and "S005" in codes_in(err)


def test_an_unreadable_source_gets_the_permission_code(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith("source.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing)
    status, err = _build_with(tmp_path, capsys)
    assert status == EXIT_SOURCE_ERRORS and "S012" in codes_in(err)


# --- 5. slugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["edition", "bibliography", "glossary", "downloads", "search", "assets", "index",
                                  ".hidden", 'q"x<y>', "Upper", "under_score", "-dash", "a" * 65, "", "é-2020"])
def test_a_bad_or_reserved_slug_is_refused(slug: str) -> None:
    assert slug_problem(slug) is not None


@pytest.mark.parametrize("slug", ["curtis-2018", "a", "2020", "x" * 64])
def test_a_good_slug_is_accepted(slug: str) -> None:
    assert slug_problem(slug) is None


@pytest.mark.parametrize("slug", ["edition", ".hidden"])
def test_a_text_folder_with_a_refused_slug_is_a_coded_error(tmp_path: Path, slug: str) -> None:
    seeds = make_seeds(tmp_path / "seeds", {"ok": (ARTICLE.encode(), YAML)}, copy_shared=False)
    (seeds / "texts" / slug).mkdir()
    for name in ("source.txt", "text.yml"):
        (seeds / "texts" / slug / name).write_bytes((seeds / "texts" / "ok" / name).read_bytes())
    diagnostics = Diagnostics()
    discover(seeds, diagnostics, tmp_path)
    assert [d.code for d in diagnostics.errors] == ["S010"]


def test_add_text_never_guesses_a_reserved_slug() -> None:
    from build_tools.add_text import slug_for
    from build_tools.sniff.guess import Guess

    guess = Guess(profile="pdf-extraction", kind="essay", title="Edition")
    assert slug_for(guess, "x.txt", set()) not in RESERVED


# --- 4. bounded YAML ------------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))


@pytest.mark.parametrize(("text", "code"), [
    (BOMB, "Y005"),
    ("a: &a [x, *a]\n", "Y001"),  # a recursive alias: refused by the parser or by the bound
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "Y006"),
    ("a: " + "[" * (MAX_YAML_DEPTH + 5) + "]" * (MAX_YAML_DEPTH + 5) + "\n", "Y006"),
    ("a: " + "{b: " * 200 + "1" + "}" * 200 + "\n", "Y006"),
    ("a: !!python/object/apply:os.system ['echo pwned']\n", "Y001"),
    ("a: " + "x" * (3 * 1024 * 1024) + "\n", "Y005"),
])
def test_hostile_yaml_is_refused_quickly_with_a_code(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "text.yml"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    started = time.perf_counter()
    assert read_yaml(path, "text.yml", "text", diagnostics) is None
    assert time.perf_counter() - started < 20  # a bound against hanging, not a benchmark
    found = {d.code for d in diagnostics.errors}
    assert code in found or (code == "Y001" and found & {"Y001", "Y005", "Y006"}), found


def test_a_yaml_file_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "text.yml")
    diagnostics = Diagnostics()
    assert read_yaml(tmp_path / "text.yml", "text.yml", "text", diagnostics) is None
    assert [d.code for d in diagnostics.errors] == ["S011"]


@pytest.mark.parametrize(("value", "code"), [('"' + "9" * 700_000 + '"', "Y002"), ("9" * 700_000, "Y001")])
def test_a_huge_value_is_cut_short_in_the_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str,
                                                  code: str) -> None:
    """One Y002 message held a 722 KB value on one line; an integer of 700,000 digits was a B900."""
    status, err = _build_with(tmp_path, capsys, None, lambda folder, seeds: (folder / "text.yml").write_text(
        YAML.replace("date: 2020-01-01", "date: " + value), "utf-8"))
    assert status == EXIT_SOURCE_ERRORS and code in codes_in(err) and "B900" not in err
    assert max(len(line) for line in err.splitlines()) < 1200


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a?b=c#d", True), ("http://ex.org:8080/x", True),
    ("https://ex.org/a b", False), ("https://ex.org/<x>", False), ("https://", False),
    ("https://ex.org:port/", False), ('https://ex.org/"x', False), ("javascript:alert(1)", False),
    ("ftp://ex.org/", False),
])
def test_urls_are_checked_with_a_url_parser(url: str, ok: bool) -> None:
    try:
        valid = is_web_url(url)
    except ValueError:
        valid = False
    assert valid is ok


def test_a_bad_url_in_text_yml_is_a_schema_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _build_with(tmp_path, capsys, None, lambda folder, seeds: (folder / "text.yml").write_text(
        YAML + "  url: \"https://ex.org/<a b>\"\n", "utf-8"))
    assert status == EXIT_SOURCE_ERRORS and "Y002" in codes_in(err)


# --- 3. output folders the build may replace ------------------------------------------------------


@pytest.mark.parametrize("flag", ["--site-dir", "--pdf-dir", "--markdown-dir"])
@pytest.mark.parametrize("target", ["seeds", "build_tools", "docs", "overrides", "tests", ".", "..", "seeds/texts",
                                    "build_tools/web", "build"])
def test_an_output_folder_of_the_project_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   flag: str, target: str) -> None:
    before = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert main(["build", flag, str(ROOT / target)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "B004" in codes_in(err) and "(hint: " in err
    assert sorted(p.name for p in (ROOT / "seeds").iterdir()) == before


def test_a_non_empty_folder_the_build_did_not_make_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("years of work", encoding="utf-8")
    refusal = output_refusal(tmp_path / "mine", ROOT)
    assert refusal is not None and refusal.code == "B004"


def test_a_file_as_output_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    refusal = output_refusal(tmp_path / "file", ROOT)
    assert refusal is not None and refusal.code == "B009"


def test_the_seeds_folder_in_use_is_protected(tmp_path: Path) -> None:
    refusal = output_refusal(tmp_path / "seeds" / "site", ROOT, tmp_path / "seeds")
    assert refusal is not None and refusal.code == "B004"


@pytest.mark.parametrize("state", ["missing", "empty", "marked"])
def test_new_empty_and_owned_folders_are_accepted(tmp_path: Path, state: str) -> None:
    target = tmp_path / "out"
    if state != "missing":
        target.mkdir()
    if state == "marked":
        (target / MARKER).write_text("x", encoding="utf-8")
        (target / "index.html").write_text("old", encoding="utf-8")
    assert output_refusal(target, ROOT) is None


def test_every_output_carries_the_marker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = make_seeds(tmp_path / "seeds", {slug: (seed_text(slug).encode(), seed_yaml(slug))
                                            for slug in ("curtis-2018", "amin-wilson-2023")})
    status = main(["build", "--seeds-dir", str(seeds), "--markdown-dir", str(tmp_path / "md"),
                   "--site-dir", str(tmp_path / "site"), "--pdf-dir", str(tmp_path / "pdf")])
    assert status == EXIT_OK, capsys.readouterr().err
    assert all((tmp_path / name / MARKER).exists() for name in ("md", "site", "pdf"))


# --- 3b. one build at a time, all outputs or none, stale staging removed ---------------------------


def _small_build(tmp_path: Path) -> list[str]:
    seeds = make_seeds(tmp_path / "seeds", {"sample": (ARTICLE.encode(), YAML)}, copy_shared=False)
    return ["build", "--seeds-dir", str(seeds), "--markdown-dir", str(tmp_path / "out" / "md"), "--no-site"]


def test_a_second_build_stops_with_a_coded_message_while_one_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    argv = _small_build(tmp_path)
    monkeypatch.setenv("EDITION_BUILD_LOCK_WAIT", "0")
    with project_lock(tmp_path / "out") as busy:
        assert busy is None
        assert main(argv) == EXIT_BUILD_FAILED
    err = capsys.readouterr().err
    assert "B005" in codes_in(err)
    assert not (tmp_path / "out" / "md").exists()


def test_a_second_build_waits_for_the_first(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    argv = _small_build(tmp_path)
    monkeypatch.setenv("EDITION_BUILD_LOCK_WAIT", "60")
    released = threading.Event()

    def hold() -> None:
        with project_lock(tmp_path / "out"):
            released.wait(0.5)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    assert main(argv) == EXIT_OK
    holder.join()
    assert "waiting for another build" in capsys.readouterr().out


def test_stale_staging_folders_are_removed_at_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _small_build(tmp_path)
    (tmp_path / "out").mkdir()
    for stale in ("md.new", "md.old"):
        (tmp_path / "out" / stale).mkdir()
        (tmp_path / "out" / stale / "big.bin").write_bytes(b"x" * 1000)
    assert main(argv) == EXIT_OK
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["md"]


@pytest.mark.parametrize(("error", "code", "status"), [
    (OSError(errno.ENOSPC, "No space left on device", "site.new/x"), "B006", EXIT_BUILD_FAILED),
    (PermissionError(errno.EACCES, "Permission denied", "site.new"), "B007", EXIT_BUILD_FAILED),
    (MemoryError(), "B008", EXIT_BUILD_FAILED),
    (IsADirectoryError(errno.EISDIR, "Is a directory", "md.new/index.md"), "B009", EXIT_BUILD_FAILED),
])
def test_an_environment_failure_has_its_own_code_and_leaves_nothing_behind(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        error: BaseException, code: str, status: int) -> None:
    argv = [*_small_build(tmp_path)[:-1], "--site-dir", str(tmp_path / "out" / "site"), "--no-pdf"]

    def failing(*args: Any, **kwargs: Any) -> bool:
        (tmp_path / "out" / "site.new").mkdir(parents=True)
        raise error

    monkeypatch.setattr(cli, "build_site", failing)
    assert main(argv) == status
    err = capsys.readouterr().err
    assert code in codes_in(err) and "B900" not in err and "(hint: " in err
    assert not list((tmp_path / "out").glob("*.new")) and not (tmp_path / "out" / "md").exists()


def test_every_new_code_is_in_the_table() -> None:
    for code in ("S010", "S011", "S012", "S013", "Y005", "Y006", "L002", "B004", "B005", "B006", "B007", "B008",
                 "B009"):
        assert code in CODES


# --- 4b. linear-time inline parsing ----------------------------------------------------------------

EVERYTHING = SimpleNamespace(strong=True, emphasis=True, autolinks=True, superscript_notes=True)
PIECES = st.lists(st.sampled_from(["*", "**", "***", "a", " ", "<https://x.org/a>", "¹", "x*", "*y", "<", "\n",
                                   "b c", "\t", "\u00a0"]), max_size=24).map("".join)


@settings(max_examples=600, deadline=None)
@given(PIECES)
def test_linear_parsing_finds_what_the_regular_expression_finds(text: str) -> None:
    for profile in (EVERYTHING, SimpleNamespace(strong=True, emphasis=False, autolinks=False, superscript_notes=False)):
        pattern = parse_inline._pattern(profile)  # type: ignore[arg-type]
        assert parse_inline.parse(text, pattern) == parse_inline.parse_with_regex(text, pattern)


@pytest.mark.parametrize("unit", ["**a ", "*a ", "**a", "***b ", "<https://a", "a** "])
def test_inline_parsing_scans_each_character_a_bounded_number_of_times(unit: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear, shown by counting rather than timing: the searches of a 400 KB paragraph scan it a
    few times at most, never once per unclosed "**" (the quadratic regular expression did). (Each
    search tries the pattern only at the characters a match starts with, and no match attempt
    reads past the next such character: `*`, `<` and the superscripts end every branch's runs.)"""
    pattern = parse_inline._pattern(EVERYTHING)  # type: ignore[arg-type]
    assert pattern is not None
    search = parse_inline._search
    scanned = 0

    def counting(rest: re.Pattern[str], opening: re.Pattern[str] | None, text: str,
                 position: int) -> re.Match[str] | None:
        nonlocal scanned
        found = search(rest, opening, text, position)
        scanned += (found.end() if found else len(text)) - position
        return found

    at_candidates = parse_inline._match_at_candidates

    def counting_at_candidates(rest: re.Pattern[str], candidates: list[int], text: str,
                               position: int) -> re.Match[str] | None:
        nonlocal scanned
        found = at_candidates(rest, candidates, text, position)
        scanned += (found.end() if found else len(text)) - position
        return found

    monkeypatch.setattr(parse_inline, "_search", counting)
    monkeypatch.setattr(parse_inline, "_match_at_candidates", counting_at_candidates)  # (the set listed)
    text = unit * (400_000 // len(unit))
    nodes = parse_inline.parse(text, pattern)
    assert nodes
    assert 0 < scanned <= 2 * len(text) + 10


# --- 4c. a paragraph too long for Typst ------------------------------------------------------------


def test_a_long_paragraph_is_split_for_typst_without_losing_a_word() -> None:
    from build_tools.model import Emphasis, Text
    from build_tools.render.typst_markup import split_inlines

    words = " ".join(f"word{i}" for i in range(30_000))
    nodes = [Text(words[:100_000]), Emphasis([Text("kept whole")]), Text(" " + words[100_000:])]
    pieces = split_inlines(nodes, 20_000)
    assert len(pieces) > 5
    from build_tools.model import plain_text
    assert all(len(plain_text(piece)) <= 20_000 for piece in pieces)
    assert " ".join(plain_text(piece).strip() for piece in pieces).split() == plain_text(nodes).split()


def test_a_long_run_without_spaces_is_cut_for_typst_keeping_every_character() -> None:
    from build_tools.model import Text, plain_text
    from build_tools.render.typst_markup import split_inlines

    blob = "".join(chr(0x61 + i % 26) for i in range(70_000))
    nodes = [Text("A line, then " + blob + " and words after it.")]
    pieces = split_inlines(nodes, 20_000)
    assert len(pieces) >= 4
    assert all(len(plain_text(piece)) <= 20_000 for piece in pieces)
    assert blob in "".join(plain_text(piece) for piece in pieces).replace(" ", "")


def test_a_long_paragraph_is_reported_once_per_text() -> None:
    from build_tools.model import Paragraph, Role, Span, Text
    from build_tools.print_edition import warn_long_paragraphs

    para = Paragraph([Text("word " * 5_000)], Span("s.txt", 3, 3), Role.BODY)
    seed = SimpleNamespace(source_display="texts/x/source.txt")
    doc = SimpleNamespace(blocks=[para, para])
    diagnostics = Diagnostics()
    warn_long_paragraphs([(seed, doc)], diagnostics)  # type: ignore[list-item]
    assert [(d.code, d.line) for d in diagnostics.warnings] == [("P007", 3)]


# --- bombs under a memory cap (a real process, as an editor runs it) --------------------------------


@pytest.mark.parametrize(("name", "text_yml", "code"), [
    ("alias-bomb", YAML + BOMB.replace("a:", "x0:", 1), "Y005"),
    ("deep-nesting", YAML + "deep: " + "[" * 100_000 + "]" * 100_000 + "\n", "Y006"),
    ("deep-block-nesting", YAML + "deep:\n  " + "- " * 100_000 + "x\n", "Y006"),  # was a segfault in libyaml
    ("deep-keys", YAML + "deep:\n  " + "? " * 100_000 + "x\n", "Y006"),
])
def test_a_bomb_is_refused_by_the_command_line_under_a_memory_cap(tmp_path: Path, name: str, text_yml: str,
                                                                  code: str) -> None:
    """The alias bomb once grew to 11.9 GB in 223 s: under a 1.5 GB address-space cap the command
    refuses it with its code, and neither crashes nor runs out of memory."""
    import resource
    import subprocess
    import sys

    seeds = make_seeds(tmp_path / "seeds", {"sample": (ARTICLE.encode(), text_yml)}, copy_shared=False)
    cap = 1536 * 1024 * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run([sys.executable, "-m", "build_tools", "check", "--seeds-dir", str(seeds)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, preexec_fn=limit, check=False)
    assert done.returncode == EXIT_SOURCE_ERRORS, done.stderr[-2000:]
    assert code in codes_in(done.stderr) and "Traceback" not in done.stderr and "B900" not in done.stderr
