"""The removal report: every block the build took out of a source, by rule, with its lines.

It is published with the edition (linked from "About this edition") and it is half of the
word accounting: a word of a source must be in the edition or here.
"""

from __future__ import annotations

from collections import defaultdict

from build_tools.accounting import words
from build_tools.load.seeds import Seed
from build_tools.model import Document, Removal
from build_tools.render.markdown_escape import escape_text


def count_words(text: str) -> int:
    return len(words(text))


def render_text_section(seed: Seed, doc: Document) -> str:
    """The report for one text (also used alone, for the word accounting)."""
    title = escape_text(seed.config.title)
    out = [f"## {title} {{ #{seed.config.slug} }}", ""]
    if not doc.removals:
        out += [f"Nothing was removed from `{seed.source_display}`: every word is in the edition.", ""]
        return "\n".join(out)
    by_rule: dict[str, list[Removal]] = defaultdict(list)
    for removal in doc.removals:
        by_rule[removal.rule].append(removal)
    words = sum(count_words(r.text) for r in doc.removals)
    out += [f"From `{seed.source_display}` (profile `{seed.profile.name}`), {len(doc.removals)} lines "
            f"({words} words) were removed by {len(by_rule)} rules.", "",
            "| Rule | Why | Lines | Words |", "|---|---|---:|---:|"]
    for rule, removals in by_rule.items():
        out.append(f"| [`{rule}`](#{seed.config.slug}-{rule}) | {escape_text(removals[0].why)} | {len(removals)} "
                   f"| {sum(count_words(r.text) for r in removals)} |")
    out.append("")
    for rule, removals in by_rule.items():
        out += [f"### `{rule}` {{ #{seed.config.slug}-{rule} }}", "", escape_text(removals[0].why), ""]
        for removal in removals:
            where = f"line {removal.span.line}" if removal.span.line == removal.span.end_line else \
                f"lines {removal.span.line}–{removal.span.end_line}"
            out.append(f"- <span class=\"removed-where\">{where}</span> {escape_text(removal.text)}")
        out.append("")
    return "\n".join(out)


_INTRO = ("The raw texts carry material that is not part of the works: a web page's navigation, "
          "advertisements and footer. The build removes it only by named rules of the text's profile "
          "(`seeds/profiles/`), and lists here every line it removed, with the rule and the line numbers "
          "in the raw file. Every word of every source is either in the edition or in this report; the build "
          "checks that on every run and fails otherwise.")

# At scale (issue 15) the report of every text on one page grew with the edition (1 MB of HTML at
# 100 texts). Beyond REPORT_ON_ONE_PAGE texts, each text's report is a page of its own
# (`removals/<slug>.md`), and the report lists the texts with their counts, REPORT_ROWS to a page.
REPORT_ON_ONE_PAGE = 12
REPORT_ROWS = 100
REPORT_DIR = "removals"


def render_report(items: list[tuple[Seed, Document]]) -> str:
    out = ["---", "title: Removal report", "---", "", "# Removal report", "", _INTRO, ""]
    for seed, doc in items:
        out.append(render_text_section(seed, doc))
    return "\n".join(out).rstrip() + "\n"


def render_report_pages(items: list[tuple[Seed, Document]], page: str = "removals.md") -> dict[str, str]:
    """The removal report at `page`: on one page for a small edition; for a larger one, a list of
    the texts (with what was removed from each) on pages of REPORT_ROWS, and a page per text."""
    if len(items) <= REPORT_ON_ONE_PAGE:
        return {page: render_report(items)}
    pages: dict[str, str] = {}
    chunks = [items[at:at + REPORT_ROWS] for at in range(0, len(items), REPORT_ROWS)]
    listing = [page, *(f"{REPORT_DIR}/pages/{n}.md" for n in range(2, len(chunks) + 1))]  # no slug has a /
    for number, chunk in enumerate(chunks, start=1):
        here = listing[number - 1]
        up = "../" * here.count("/")
        out = ["---", "title: Removal report", "---", "", "# Removal report", "",
               _INTRO, "", f"Texts {(number - 1) * REPORT_ROWS + 1:,}–{(number - 1) * REPORT_ROWS + len(chunk):,} "
               f"of {len(items):,}; each text's removals are on a page of their own.", ""]
        if len(chunks) > 1:
            links = [f"[{n}]({up}{target})" if n != number else f"**{n}**"
                     for n, target in enumerate(listing, start=1)]
            out += ["Pages: " + " · ".join(links), ""]
        out += ["| Text | Lines removed | Words removed |", "|---|---:|---:|"]
        for seed, doc in chunk:
            removed = sum(count_words(r.text) for r in doc.removals)
            cell = escape_text(seed.config.title).replace("|", "\\|")  # a table cell
            out.append(f"| [{cell}]({up}{REPORT_DIR}/{seed.config.slug}.md) | {len(doc.removals)} | {removed} |")
        pages[here] = "\n".join(out) + "\n"
    for seed, doc in items:
        title = escape_text(seed.config.title)
        pages[f"{REPORT_DIR}/{seed.config.slug}.md"] = "\n".join(
            ["---", "title: Removal report", "---", "",
             f"[Removal report](../{page}) of every text.", "", render_text_section(seed, doc).replace(
                 f"## {title} {{ #{seed.config.slug} }}", f"# {title} {{ #{seed.config.slug} }}", 1).rstrip(), ""])
    return pages
