"""A catalogue of malformed inputs: each gives its coded message (file, line, hint) or its
documented normalisation, the exit status says what happened, and no traceback is printed.

Every case is a small seeds folder built with `python -m build_tools check --seeds-dir …`
(through `cli.main`, as the command line runs it). A case names what the editor must see:
the exit status, the diagnostic codes, and where the first one points.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import markdown as python_markdown
import pytest

from build_tools import cli
from build_tools.accounting import MARKDOWN_EXTENSIONS
from build_tools.cli import EXIT_BUILD_FAILED, EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE, main
from build_tools.diagnostics import CODES
from build_tools.outputs import MARKER
from tests.fixtures.variants import make_seeds

SLUG = "sample"
ARTICLE = """\
A Short Article On Cities

Abstract

A short abstract about cities and trade.

Introduction

Cities grow when trade grows.¹ They shrink when it stops, as every merchant knows.

¹ A note about trade and its seasons.
"""
YAML = """\
profile: pdf-extraction
kind: journal-article
language: en
metadata:
  title: A Short Article On Cities
  authors:
    - {given: Ada, family: Example}
  date: 2020-01-01
"""
INTERVIEW = """\
A Conversation About Cities

Ada Example 1st January 2020

Ada Example talks to Bob Sample about cities and trade.

Bob Sample: Why do cities grow?

Ada Example: Because trade grows, and people follow it.

Bob Sample: And when trade stops?

Ada Example: Then they shrink, as every merchant knows.
"""
INTERVIEW_YAML = """\
profile: social-europe
kind: interview
language: en
metadata:
  title: A Conversation About Cities
  authors:
    - {given: Ada, family: Example, role: interviewee}
    - {given: Bob, family: Sample, role: interviewer}
  date: 2020-01-01
speakers:
  - {id: sample, name: Bob Sample, role: interviewer}
  - {id: example, name: Ada Example, role: interviewee}
alternation: [sample, example]
"""


@dataclass
class Case:
    """One malformed input and what the build must say about it."""

    source: bytes
    exit: int
    codes: set[str] = field(default_factory=set)  # diagnostic codes that must appear
    where: str = ""  # "source.txt:7" or "text.yml:3": the first diagnostic points there
    yaml: str = YAML
    markdown_has: tuple[str, ...] = ()  # for inputs that build: what the page's HTML must show, literally
    markdown_lacks: tuple[str, ...] = ()  # … and what it must not have (markup the text only looked like)
    profile: str | None = None  # an extra profile `bad` (yaml text)
    files: dict[str, str] = field(default_factory=dict)  # more editorial YAML, e.g. apparatus/emendations.yml


def article(old: str, new: str) -> bytes:
    """The article with `old` replaced by `new` (which must be there)."""
    assert old in ARTICLE
    return ARTICLE.replace(old, new).encode("utf-8")


def with_body(line: str) -> bytes:
    """The article with one more body paragraph (a whole line) before the note."""
    return ARTICLE.replace("\n¹ A note", f"\n{line}\n\n¹ A note").encode("utf-8")


CASES: dict[str, Case] = {
    # --- the raw file -----------------------------------------------------------------
    "binary-file": Case(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", EXIT_SOURCE_ERRORS, {"S006"}, "source.txt:3"),
    "latin-1": Case(ARTICLE.replace("grow when", "grow in the café when").encode("latin-1"), EXIT_SOURCE_ERRORS,
                    {"S002"}, "source.txt:9:23"),
    "windows-1252": Case("A Short Article On Cities\n\nIt is “quoted” here.\n".encode("cp1252"), EXIT_SOURCE_ERRORS,
                         {"S002"}, "source.txt:3:7"),
    "mojibake": Case(article("grow when", "grow in the cafÃ© when"), EXIT_SOURCE_ERRORS, {"S008"}, "source.txt:9:23"),
    "mojibake-quotes": Case(with_body("It isnâ€™t so."), EXIT_SOURCE_ERRORS, {"S008"}, "source.txt:11:7"),
    "empty-file": Case(b"", EXIT_SOURCE_ERRORS, {"S003"}, "source.txt"),
    "only-whitespace": Case(b"  \n\t\n   \r\n\n", EXIT_SOURCE_ERRORS, {"S003"}, "source.txt"),
    "fifty-megabytes": Case(b"word " * (10 * 1024 * 1024), EXIT_SOURCE_ERRORS, {"S007"}, "source.txt"),
    "nul-byte": Case(article("They shrink", "They\x00shrink"), EXIT_SOURCE_ERRORS, {"S006"}, "source.txt:9"),
    "control-characters": Case(article("They shrink", "They\x07 shrink\x1b"), EXIT_OK, {"S009"}, "source.txt:9:36",
                               markdown_has=("They shrink",)),
    # --- footnotes ----------------------------------------------------------------------
    "marker-without-note": Case(article("stops,", "stops,³"), EXIT_SOURCE_ERRORS, {"F001"}, "source.txt:9"),
    "duplicate-note-number": Case(ARTICLE.replace("¹ A note", "¹ Another note.\n\n¹ A note").encode(),
                                  EXIT_SOURCE_ERRORS, {"F003"}, "source.txt:13"),
    "duplicate-marker": Case(article("stops,", "stops,¹"), EXIT_SOURCE_ERRORS, {"F003"}, "source.txt:9"),
    "stray-symbol-glued-to-a-word": Case(with_body("A stray asterisk* glued to a word, and a dagger†."), EXIT_OK,
                                         {"F004"}, "source.txt:11", markdown_has=("asterisk* glued", "dagger†.")),
    "note-number-never-used": Case((ARTICLE + "\n² A note nobody points to.\n").encode(), EXIT_SOURCE_ERRORS,
                                   {"F002"}, "source.txt:13"),
    # --- text that looks like markup ------------------------------------------------------
    "html-tags": Case(with_body("Trade is <b>bold</b> and <i>brave</i> here."), EXIT_OK,
                      markdown_has=("&lt;b&gt;bold&lt;/b&gt;",), markdown_lacks=("<b>",)),
    "script-tag": Case(with_body("Merchants wrote <script>alert('x')</script> on walls."), EXIT_OK,
                       markdown_has=("&lt;script&gt;alert(",), markdown_lacks=("<script>",)),
    "hash-at-line-start": Case(with_body("# Not a heading but a hash."), EXIT_OK,
                               markdown_has=("# Not a heading",), markdown_lacks=("<h1>Not",)),
    "quote-at-line-start": Case(with_body("> Not a quotation at all."), EXIT_OK,
                                markdown_has=("&gt; Not a quotation",), markdown_lacks=("<blockquote>",)),
    "dash-at-line-start": Case(with_body("- Not a list item, a dash."), EXIT_OK,
                               markdown_has=("- Not a list item",), markdown_lacks=("<ul>",)),
    "number-at-line-start": Case(with_body("1. Not a numbered list either."), EXIT_OK,
                                 markdown_has=("1. Not a numbered",), markdown_lacks=("<li>Not",)),
    "braces": Case(with_body("A set {a, b} and an attribute { #id .class } stay text."), EXIT_OK,
                   markdown_has=("{a, b}", "{ #id .class }"), markdown_lacks=('id="id"',)),
    "footnote-syntax": Case(with_body("Markdown writes [^1] for a note; here it is text."), EXIT_OK,
                            markdown_has=("writes [^1] for",)),
    "asterisks-unpaired": Case(with_body("Five * stars and a lone * asterisk."), EXIT_OK,
                               markdown_has=("Five * stars and a lone * asterisk",), markdown_lacks=("<em>",)),
    "markup-at-line-start-of-a-note": Case(ARTICLE.replace("¹ A note about", "¹ # A note about").encode(), EXIT_OK,
                                           markdown_has=("# A note about",), markdown_lacks=("<h1>",)),
    # --- the editorial YAML ---------------------------------------------------------------
    "yaml-unknown-key": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y002"}, "text.yml:9",
                             yaml=YAML + "colour: blue\n"),
    "yaml-wrong-type": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y002"}, "text.yml:8",
                            yaml=YAML.replace("date: 2020-01-01", "date: 12")),
    "yaml-bad-date": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y002"}, "text.yml:8",
                          yaml=YAML.replace("2020-01-01", "2020-13-45")),
    "yaml-missing-key": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y002"}, "text.yml",
                             yaml=YAML.replace("kind: journal-article\n", "")),
    "yaml-unparsable": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y001"}, "text.yml:6:10",
                            yaml=YAML.replace("  title: A Short", "title: [A Short")),
    "yaml-unknown-profile": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y003"}, "text.yml:1",
                                 yaml=YAML.replace("pdf-extraction", "pdf-extractoin")),
    "profile-bad-regex": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y002"}, "bad.yml",
                              yaml=YAML.replace("pdf-extraction", "bad"),
                              profile="name: bad\nblocks: paragraphs\npage_furniture:\n"
                                      "  - {rule: broken, why: test, line: '^(unclosed'}\n"),
    "turn-that-does-not-exist": Case(INTERVIEW.encode(), EXIT_SOURCE_ERRORS, {"T002"}, "text.yml:16",
                                     yaml=INTERVIEW_YAML + "turns:\n  - {speaker: sample, starts: \"Why do cities\"}\n"
                                     "  - {speaker: example, starts: \"Words nobody said\"}\n"),
    "turn-of-an-undeclared-speaker": Case(INTERVIEW.encode(), EXIT_SOURCE_ERRORS, {"T002"}, "text.yml:15",
                                          yaml=INTERVIEW_YAML + "turns:\n  - {speaker: nobody, starts: \"Why do\"}\n"),
    "label-of-an-undeclared-speaker": Case(INTERVIEW.replace("Ada Example: Because", "Cy Nobody: Because").encode(),
                                           EXIT_SOURCE_ERRORS, {"T001", "T003"}, "source.txt:9", yaml=INTERVIEW_YAML),
    "emendation-of-a-passage-that-does-not-exist": Case(
        ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"E001"}, "emendations.yml:2",
        files={"apparatus/emendations.yml": "emendations:\n  - text: sample\n    source: when trade stop\n"
                                            "    reading: when trade stop[s]\n    why: a test\n"}),
    "resolution-without-its-work": Case(
        with_body("As Nobody (2001) wrote."), EXIT_SOURCE_ERRORS, {"Y002"}, "citations.yml:2",
        files={"apparatus/citations.yml": "resolutions:\n  - text: sample\n    cited: Nobody 2001\n"}),
    # --- hostile or careless YAML and paths (issue 17; more in tests/test_hostile.py) ------
    "yaml-alias-bomb": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y005"}, "text.yml",
                            yaml=YAML + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
                                f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))),
    "yaml-nested-5000-deep": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y006"}, "text.yml",
                                  yaml=YAML + "deep: " + "[" * 5000 + "]" * 5000 + "\n"),
    "yaml-python-tag": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y001"}, "text.yml",
                            yaml=YAML + "x: !!python/object/apply:os.system ['true']\n"),
    "yaml-url-with-space": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y002"}, "text.yml:9",
                                yaml=YAML + "  url: https://example.org/a b\n"),
    "source-absolute-path": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"S011"}, "text.yml:9",
                                 yaml=YAML + "source: /etc/passwd\n"),
    "source-dot-dot": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"S011"}, "text.yml:9",
                           yaml=YAML + "source: ../../MANIFEST.yml\n"),
    "profile-path-traversal": Case(ARTICLE.encode(), EXIT_SOURCE_ERRORS, {"Y002"}, "text.yml:1",
                                   yaml=YAML.replace("pdf-extraction", "../../../etc/passwd")),
    # --- documented normalisations (no word changes) -----------------------------------
    "crlf-bom-nfd": Case(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", ARTICLE.replace("trade.", "café."))
                         .replace("\n", "\r\n").encode(), EXIT_OK, markdown_has=("café",)),
    "old-mac-line-ends": Case(ARTICLE.replace("\n", "\r").encode(), EXIT_OK, markdown_has=("Cities grow",)),
}


def run_case(tmp_path: Path, case: Case, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    profiles = {"bad": case.profile} if case.profile else None
    seeds = make_seeds(tmp_path / "seeds", {SLUG: (case.source, case.yaml)}, profiles, copy_shared=False,
                       files=case.files)
    markdown = tmp_path / "md"
    status = main(["build", "--no-site", "--seeds-dir", str(seeds), "--markdown-dir", str(markdown)])
    captured = capsys.readouterr()
    page = markdown / "texts" / f"{SLUG}.md"
    if not page.exists():
        return status, captured.err, ""
    return status, captured.err, html_of(page.read_text("utf-8"))


def html_of(page: str) -> str:
    """The page's body as Python-Markdown renders it with the site's extensions."""
    return python_markdown.markdown(page.split("\n---\n", 1)[-1], extensions=MARKDOWN_EXTENSIONS)


def test_the_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    case = CASES[name]
    status, err, page = run_case(tmp_path, case, capsys)
    assert "Traceback" not in err and "B900" not in err, err
    assert status == case.exit, err
    lines = [line for line in err.splitlines() if " error " in line or " warning " in line]
    found = {line.split(" error " if " error " in line else " warning ")[1].split()[0] for line in lines}
    assert case.codes <= found, err
    assert found <= set(CODES), err
    if case.where:
        # Errors are printed before warnings, so the line that points at `where` is any of the
        # case's codes, not necessarily the first printed.
        coded = [line for line in lines if any(f" {code} " in line for code in case.codes)]
        at = [line for line in coded if f"{case.where}:" in line or line.split(": ")[0].endswith(case.where)]
        assert at, coded
        assert "(hint: " in at[0]
    if case.exit == EXIT_OK:
        for expected in case.markdown_has:
            assert expected in page, page
        for unexpected in case.markdown_lacks:
            assert unexpected not in page, page
    else:
        assert page == "", "a failed build must write nothing"


def test_broken_editorial_data_is_reported_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The texts are not built on editorial data that failed its schema: every citation its
    dropped resolutions should have linked would be one more error (C001) hiding the cause."""
    _status, err, _page = run_case(tmp_path, CASES["resolution-without-its-work"], capsys)
    codes = {line.split(" error ")[1].split()[0] for line in err.splitlines() if " error " in line}
    assert codes == {"Y002"}, err


# --- the command line: exit statuses, no traceback, nothing written half-way ------------------


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--no-such-option"]) == EXIT_USAGE
    assert main(["publish"]) == EXIT_USAGE
    assert "Traceback" not in capsys.readouterr().err


def test_seeds_dir_without_texts_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--seeds-dir", str(tmp_path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert " S001 " in err and "(hint: " in err


def test_an_internal_error_is_reported_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from build_tools import passes

    def broken(doc: object, ctx: object) -> None:
        raise RuntimeError("a bug")

    seeds = make_seeds(tmp_path / "seeds", {SLUG: (ARTICLE.encode(), YAML)}, copy_shared=False)
    passes.PIPELINE.insert(1, ("broken", broken))  # the list the build runs, changed in place for this test
    try:
        assert main(["check", "--seeds-dir", str(seeds)]) == EXIT_INTERNAL_ERROR
    finally:
        passes.PIPELINE.pop(1)
    err = capsys.readouterr().err
    assert "error B900 internal error: RuntimeError: a bug" in err and "Traceback" not in err


def test_a_failed_build_leaves_the_previous_output_intact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    markdown = tmp_path / "md"
    good = make_seeds(tmp_path / "good", {SLUG: (ARTICLE.encode(), YAML)}, copy_shared=False)
    assert main(["build", "--no-site", "--seeds-dir", str(good), "--markdown-dir", str(markdown)]) == EXIT_OK
    before = {p.relative_to(markdown): p.read_bytes() for p in markdown.rglob("*") if p.is_file()}
    assert Path("texts") / f"{SLUG}.md" in before
    bad = make_seeds(tmp_path / "bad", {SLUG: (ARTICLE.encode() + b"\n\xff\xfe broken\n", YAML)}, copy_shared=False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    (site / MARKER).write_text("made by an earlier build", encoding="utf-8")
    status = main(["build", "--seeds-dir", str(bad), "--markdown-dir", str(markdown), "--site-dir", str(site)])
    assert status == EXIT_SOURCE_ERRORS
    after = {p.relative_to(markdown): p.read_bytes() for p in markdown.rglob("*") if p.is_file()}
    assert after == before
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not list(tmp_path.glob("*.new")) and not list(tmp_path.glob("*.old"))
    assert "nothing was written" in capsys.readouterr().err


def test_markup_in_a_source_is_shown_literally_in_the_built_site(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Through the real build (`mkdocs build --strict` via the CLI): nothing the text holds runs or becomes markup."""
    from tests.fixtures.variants import seed_text, seed_yaml

    lines = ["Merchants wrote <script>alert('owned')</script> on the walls.",
             "A note reference written out: [^1], and a {: #fake .class } attribute list.",
             "# Not a heading", "> Not a quotation", "* Not a list item *nor emphasis"]
    source = ARTICLE.replace("\n¹ A note", "\n" + "\n\n".join(lines) + "\n\n¹ A note")
    texts = {slug: (seed_text(slug).encode("utf-8"), seed_yaml(slug)) for slug in ("curtis-2018", "amin-wilson-2023")}
    texts[SLUG] = (source.encode("utf-8"), YAML)
    seeds = make_seeds(tmp_path / "seeds", texts)
    site = tmp_path / "site"
    status = main(["build", "--seeds-dir", str(seeds), "--markdown-dir", str(tmp_path / "md"),
                   "--site-dir", str(site), "--no-pdf"])
    assert status == EXIT_OK, capsys.readouterr().err
    html = (site / "texts" / SLUG / "index.html").read_text(encoding="utf-8")
    article_html = html[html.index('id="title"'):]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in article_html
    assert "[^1]" in article_html and 'id="fake"' not in html
    assert "# Not a heading" in article_html and "&gt; Not a quotation" in article_html
    assert "* Not a list item *nor emphasis" in article_html
    assert article_html.count('class="footnote-ref"') == 1  # only the real marker ¹


def test_a_failed_site_build_leaves_the_previous_site_intact(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts are fine but MkDocs fails (after the Markdown and the PDFs are set): no output of
    the failed build is swapped in, not the site and not the Markdown or PDFs either."""
    seeds = make_seeds(tmp_path / "seeds", {SLUG: (ARTICLE.encode(), YAML)}, copy_shared=False)
    outputs = {name: tmp_path / name for name in ("site", "md", "pdf")}
    for name, folder in outputs.items():
        folder.mkdir()
        (folder / "index.html").write_text(f"the previous {name}", encoding="utf-8")
        (folder / MARKER).write_text("made by an earlier build", encoding="utf-8")
    monkeypatch.setattr(cli, "run_mkdocs", lambda root, staging: "MkDocs stopped: NotADirectoryError: a test\n")
    status = main(["build", "--seeds-dir", str(seeds), "--markdown-dir", str(outputs["md"]),
                   "--site-dir", str(outputs["site"]), "--pdf-dir", str(outputs["pdf"])])
    err = capsys.readouterr().err
    assert status == EXIT_BUILD_FAILED, err
    assert "error B001" in err and "Traceback" not in err and "MkDocs stopped: NotADirectoryError" in err
    for name, folder in outputs.items():
        assert sorted(p.name for p in folder.iterdir()) == sorted([MARKER, "index.html"]), name
        assert (folder / "index.html").read_text(encoding="utf-8") == f"the previous {name}"
    assert not list(tmp_path.glob("*.new")) and not list(tmp_path.glob("*.old"))
