"""Scraped pages in the shapes lynx, w3m and html2text give a documentation or blog page.

The dumps are generated here from one small page written for these tests (`PAGE`: a site's name,
the piece's title, paragraphs, section headings, code listings and shell sessions right under the
sentence that introduces them, a list, a rule), rendered as each tool lays a page out: lynx sets
text three spaces in and prints headings and <pre> at the left edge (a listing with no blank line
above it); w3m prints everything at the edge and draws <hr> with box-drawing lines; html2text marks
headings with `#` and sets <pre> four spaces in. Each dump must build with its headings as
headings, its code as code (and no sentence in it), its title guessed, and no word lost.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from build_tools.diagnostics import Diagnostics
from build_tools.edition import build_text
from build_tools.load.seeds import discover
from build_tools.model import Document, Heading, Preformatted, Role
from build_tools.sniff.web import guess_web
from tests.seedkit import make_seeds_dir

SITE = "The Brewlog Handbook"
TITLE = "Getting started"
# (kind, content): h1, h2, p, pre (lines), ul (items), hr. A page of our own about a made-up tool.
PAGE: list[tuple[str, Any]] = [
    ("h1", SITE),
    ("h1", TITLE),
    ("p", "Brewlog keeps a record of every batch you brew: what went into it, how warm the room was, "
          "and how long it took to clear. This chapter shows how to install it and how to log a first batch."),
    ("h2", "Installing brewlog"),
    ("p", "Open a terminal and install the tool with the package manager of your system:"),
    ("pre", ["$ pip install brewlog"]),
    ("p", "Then create a log in the folder where you keep your recipes. The tool asks for a name and "
          "writes a configuration file next to your recipes:"),
    ("pre", ["$ brewlog init --name cellar", "Created cellar/brewlog.toml"]),
    ("h2", "Logging a batch"),
    ("p", "In recipes/stout.py, the tool has written a sample recipe. Delete it and replace it with this:"),
    ("pre", ["def stout(log):", "    batch = log.start(\"stout\")", "",
             "    for day in range(14):", "        batch.note(day, temperature=18)", "",
             "    return batch"]),
    ("p", "Run the recipe once a day and the log will keep the readings in order. A reading that "
          "comes late is placed where it belongs, so you never need to edit the file by hand."),
    ("h2", "What the log records"),
    ("p", "Each reading keeps three things, which the summary prints side by side:"),
    ("ul", ["the day of the batch and the hour of the reading",
            "the temperature of the room, as the thermometer gave it",
            "a free note, for what no number says"]),
    ("hr", None),
    ("p", "The next chapter explains how to compare two batches, and how to share a log with a friend."),
]

WIDTHS = {"lynx": 74, "w3m": 79, "html2text": 78}


def lynx(page: list[tuple[str, Any]]) -> str:
    out: list[str] = []
    for kind, content in page:
        if kind in ("h1", "h2"):
            out += ["", content, ""]
        elif kind == "p":
            out += ["   " + line for line in textwrap.wrap(content, WIDTHS["lynx"])] + [""]
        elif kind == "pre":
            while out and not out[-1]:
                out.pop()  # lynx prints <pre> right under the paragraph before it
            out += [*content, ""]
        elif kind == "ul":
            for item in content:
                lines = textwrap.wrap(item, WIDTHS["lynx"] - 4)
                out += ["     * " + lines[0]] + ["       " + line for line in lines[1:]]
            out.append("")
        elif kind == "row":  # a table's row: lynx prints it at the margin, one line, no blank after
            out += ["   " + content]
        elif kind == "hr":
            out += ["     " + "_" * 66, ""]
    return "\n".join(out) + "\n"


def w3m(page: list[tuple[str, Any]]) -> str:
    out: list[str] = []
    for kind, content in page:
        if kind in ("h1", "h2"):
            out += [content, ""]
        elif kind == "p":
            out += [*textwrap.wrap(content, WIDTHS["w3m"]), ""]
        elif kind == "pre":
            out += [*content, ""]
        elif kind == "ul":
            for item in content:
                lines = textwrap.wrap(item, WIDTHS["w3m"] - 4)
                out += ["  • " + lines[0]] + ["    " + line for line in lines[1:]]
            out.append("")
        elif kind == "hr":
            out += ["━" * WIDTHS["w3m"], ""]
    return "\n".join(out) + "\n"


def html2text(page: list[tuple[str, Any]]) -> str:
    out: list[str] = []
    for kind, content in page:
        if kind in ("h1", "h2"):
            out += [("# " if kind == "h1" else "## ") + content, ""]
        elif kind == "p":
            out += [*textwrap.wrap(content, WIDTHS["html2text"]), ""]
        elif kind == "pre":
            out += ["    ", "    "] + ["    " + line if line else "    " for line in content] + ["    ", ""]
        elif kind == "ul":
            out += ["  * " + item for item in content] + [""]
        elif kind == "hr":
            out += ["* * *", ""]
    return "\n".join(out) + "\n"


DUMPS = {"lynx": lynx, "w3m": w3m, "html2text": html2text}
HEADINGS = [c for k, c in PAGE if k == "h2"]
LISTINGS = ["\n".join(c) for k, c in PAGE if k == "pre"]


def _build(tmp_path: Path, raw: str, title: str = TITLE) -> tuple[Document, Diagnostics]:
    data: dict[str, object] = {"profile": "web-page", "kind": "essay", "language": "en",
                               "metadata": {"title": title, "date": "2024-05-01",
                                            "authors": [{"given": "Jane", "family": "Doe"}]}}
    diagnostics = Diagnostics()
    [seed] = discover(make_seeds_dir(tmp_path, {"sample": (raw, data)}), diagnostics, tmp_path)
    return build_text(seed, diagnostics).doc, diagnostics


def test_each_dump_keeps_headings_code_and_words(tmp_path: Path) -> None:
    for tool, render in DUMPS.items():
        raw = render(PAGE)
        assert guess_web(raw).title == TITLE, tool  # the page's own heading, not the site's name
        doc, diagnostics = _build(tmp_path / tool, raw)
        assert not diagnostics.errors, (tool, [d.format() for d in diagnostics.errors])  # no word lost
        headings = [h.text for h in doc.blocks if isinstance(h, Heading) and h.level == 2]
        assert headings == HEADINGS, tool
        listings = [b.text for b in doc.blocks if isinstance(b, Preformatted)]
        assert listings == LISTINGS, tool  # each listing whole, its sentence outside it
        body = [p.text for p in doc.paragraphs(Role.BODY)]
        assert any(p.startswith("In recipes/stout.py, the tool") and p.endswith("with this:") for p in body), tool
        assert any(p.startswith("Open a terminal") for p in body), tool
        items = [p for p in body if p.startswith("• ")]  # each tool's bullet printed as one
        assert items == ["• " + item for k, c in PAGE if k == "ul" for item in c], tool
        assert not any(r.rule == "pull-quote" for r in doc.removals), tool


def test_a_lynx_heading_is_known_by_its_margin_not_by_the_paragraph_under_it(tmp_path: Path) -> None:
    # A heading over a short paragraph: only the layout says it is a heading (the shape rule for
    # bare lines asks for a paragraph under it); a flush-left line run on from text is code.
    page: list[tuple[str, Any]] = [("h1", TITLE), ("p", "A page of running text that opens the piece and "
                                                        "sets the scene for what follows in it."),
                                   ("h2", "Short answers"), ("p", "Yes"),
                                   ("p", "Then type this, which prints nothing:"), ("pre", ["$ brewlog check"]),
                                   ("p", "That is all there is to it."),
                                   ("row", "> reading > limit Greater than the limit ReadingOrder"),
                                   ("row", ">= reading >= limit Greater than or equal to the limit ReadingOrder"),
                                   ("row", "* reading * factor Scaled reading"), ("row", "+ reading + offset Sum")]
    doc, diagnostics = _build(tmp_path, lynx(page))
    assert not diagnostics.errors
    # a row at the margin that opens with an operator is no list item: its `*` stays; and a row
    # is no pull quote of the next, longer row (set off by its `>` as a quotation is)
    assert [p.text for p in doc.paragraphs(Role.BODY)][-4:] == [
        "> reading > limit Greater than the limit ReadingOrder",
        ">= reading >= limit Greater than or equal to the limit ReadingOrder",
        "* reading * factor Scaled reading", "+ reading + offset Sum"]
    assert [h.text for h in doc.blocks if isinstance(h, Heading) and h.level == 2] == ["Short answers"]
    assert [b.text for b in doc.blocks if isinstance(b, Preformatted)] == ["$ brewlog check"]


def test_w3m_rules_and_wrapped_prose_with_code_words_stay_text(tmp_path: Path) -> None:
    page: list[tuple[str, Any]] = [("h1", TITLE), ("p", "Let us see an example coming from the standard library "
                                                        "by taking a look at the brewlog::batch::start() function:"),
                                   ("p", "It opens a batch and returns it, ready for the first reading of the day."),
                                   ("h2", "Why readings matter"), ("p", "So why keep them at all?"),
                                   ("p", "Consider this batch:"),
                                   ("p", "It cleared in nine days at eighteen degrees, and in fourteen at sixteen."),
                                   ("hr", None)]
    raw = w3m(page)
    doc, diagnostics = _build(tmp_path, raw)
    assert not diagnostics.errors
    assert not [b for b in doc.blocks if isinstance(b, Preformatted)]
    assert any("brewlog::batch::start()" in p.text for p in doc.paragraphs(Role.BODY))
    assert [r.rule for r in doc.removals if "━" in r.text] == ["thematic-break"]
    # a question right under a heading is the section's first sentence, not a second heading
    assert [h.text for h in doc.blocks if isinstance(h, Heading) and h.level == 2] == ["Why readings matter"]


def test_a_furniture_region_never_takes_the_piece(tmp_path: Path) -> None:
    # "Posted by …" opens the blog software's footer (to the page's end); above the piece it is
    # a byline, and the piece under it is kept, with the editorial item T007 to check.
    paragraph = ("Brewlog keeps a record of every batch you brew, what went into it and how warm the "
                 "room was. It grew out of a notebook that got wet once too often. ")
    raw = f"{TITLE}\n\nPosted by Jane Doe\n\n" + "\n\n".join(paragraph * 2 for _ in range(4)) + "\n"
    doc, diagnostics = _build(tmp_path, raw)
    assert not diagnostics.errors
    assert len(list(doc.paragraphs(Role.BODY))) == 4
    assert [d.code for d in diagnostics.items if d.code == "T007"] == ["T007"]
    # a chrome line rule that meets running text keeps it too
    raw = f"{TITLE}\n\n" + paragraph + "Share on Twitter if you like it, or tell a friend. " * 3 + "\n"
    doc, diagnostics = _build(tmp_path / "share", raw)
    assert any("Share on Twitter" in p.text for p in doc.paragraphs(Role.BODY))


def test_a_faq_page_is_titled_by_its_heading_and_its_questions_are_headings(tmp_path: Path) -> None:
    # The first question stands right under the page's heading: the heading is the title.
    page: list[tuple[str, Any]] = [
        ("h1", SITE), ("h1", "Frequently asked questions"),
        ("h2", "Does brewlog work with cider?"), ("p", "Yes!"),
        ("p", "Cider, mead and wine are logged as beer is, with the same readings and the same notes, "
              "since the tool knows nothing of what ferments in the jar, and cares only about the "
              "hour of each reading."),
        ("h2", "Can two people share a log?"),
        ("p", "They can, if both write to the same folder. The log takes the readings in the order of "
              "their hours, whoever writes them."),
    ]
    for tool in ("lynx", "w3m"):
        raw = DUMPS[tool](page)
        title = guess_web(raw).title
        assert title == "Frequently asked questions", tool
        doc, diagnostics = _build(tmp_path / tool, raw, title)
        assert not diagnostics.errors, tool
        assert [h.text for h in doc.blocks if isinstance(h, Heading) and h.level == 2] == [
            "Does brewlog work with cider?", "Can two people share a log?"], tool


def test_html2text_listing_of_a_markdown_sample_stays_whole(tmp_path: Path) -> None:
    # A <pre> that shows a Markdown file: its `# heading` and its fence are lines of the listing.
    sample = ["# Cellar", "", "Logs of the *stout* batches.", "", "```toml", "name = \"cellar\"", "```"]
    page: list[tuple[str, Any]] = [("h1", TITLE), ("p", PAGE[2][1]),
                                   ("p", "Create a README.md next to the log with these contents:"),
                                   ("pre", sample), ("p", "The tool shows it on the first page of the log.")]
    doc, diagnostics = _build(tmp_path, html2text(page))
    assert not diagnostics.errors
    assert [b.text for b in doc.blocks if isinstance(b, Preformatted)] == ["\n".join(sample)]
    assert not [b for b in doc.blocks if isinstance(b, Heading) and b.level > 1]
    assert not [r for r in doc.removals if r.rule == "code-fence"]
