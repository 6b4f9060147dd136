"""The Bibliography and Editorial apparatus pages, and the bibliography's download files.

Built once all texts are through the pipeline, because both pages gather from every text:
each work's back-references ("cited in ¶ 4, ¶ 17, note 1"), and every editor's note with a
link to its place. Anchors are the ones the texts link to: `#ref-<id>` for a work (the same
id as the entry in the article's own reference list), `#edref-<letter>` for a note's place.

At scale (issue 15) both pages are split into sub-pages beyond `ENTRIES_PER_BIBLIOGRAPHY_PAGE`
entries and `TEXTS_PER_APPARATUS_PAGE` texts (`split_pages.py`), and a work cited by more than
`entry_pages.TEXTS_SHOWN` texts lists its first texts and links to its own page with them all.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.apparatus import bibliography as bib
from build_tools.apparatus import editorial, exports
from build_tools.apparatus.entry_pages import TEXTS_SHOWN, Entry, entry_pages, more_link
from build_tools.apparatus.places import Place, place_of, reading_order
from build_tools.apparatus.split_pages import Layout, Section, Split, split_page
from build_tools.diagnostics import Diagnostic, Diagnostics
from build_tools.model import Citation, Document, Link, walk_inlines
from build_tools.render.markdown_escape import escape_text

BIBLIOGRAPHY_PAGE = "bibliography.md"
APPARATUS_PAGE = "apparatus.md"
ENTRIES_PER_BIBLIOGRAPHY_PAGE = 200  # works and cross-references on one page; beyond, split (split_pages.py)
TEXTS_PER_APPARATUS_PAGE = 40  # texts' sections of the Editorial apparatus on one page; likewise
WAYBACK = "https://web.archive.org/web/"
DOWNLOADS = {"csl-json": "downloads/bibliography.json", "bibtex": "downloads/bibliography.bib",
             "ris": "downloads/bibliography.ris"}


@dataclass(frozen=True)
class TextInfo:
    """What the pages need to know of a text: how to name it and where its page is."""

    slug: str
    label: str  # "Curtis 2018"
    page: str  # "texts/curtis-2018.md"
    doc: Document


@dataclass
class ApparatusResult:
    bibliography: bib.Bibliography
    cited: dict[str, list[tuple[TextInfo, Place]]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    routes: dict[str, dict[str, str]] = field(default_factory=dict)  # of the split pages (split_pages.py)


def citations_by_work(texts: list[TextInfo]) -> dict[str, list[tuple[TextInfo, Place]]]:
    """Every place each work is cited or named, in reading order, one entry per place."""
    cited: dict[str, list[tuple[TextInfo, Place]]] = defaultdict(list)
    for info in texts:
        # A place is listed once per work; the places already listed are this text's own (the
        # texts are distinct), so a set per text replaces a scan of the work's whole list, which
        # grew with the edition for a work that every text cites (issue 15).
        listed: set[tuple[str, Place]] = set()
        for item, inlines in reading_order(info.doc):
            place = place_of(item)
            for node in walk_inlines(inlines):
                if isinstance(node, Citation) and node.key and (node.key, place) not in listed:
                    listed.add((node.key, place))
                    cited[node.key].append((info, place))
    return dict(cited)


def label(text: str) -> str:
    """A place's label for a page: "¶ 4" and "note 1" never break across lines."""
    return escape_text(text).replace(" ", "\u00a0")


def _link(info: TextInfo, place: Place, from_page: str = "") -> str:
    target = "../" * from_page.count("/") + info.page + (f"#{place.fragment}" if place.fragment else "")
    return f"[{label(place.label)}]({target})"


def _place_order(place: Place) -> tuple[int, int, str]:
    """Paragraphs first, then notes, each by number: "¶ 4, ¶ 17, note 1"."""
    kind, _, number = place.label.partition(" ")
    rank = {"¶": 0, "note": 1}.get(kind, 2)
    return (rank, int(number) if number.isdigit() else 0, place.label)


def _by_text(places: list[tuple[TextInfo, Place]]) -> list[tuple[TextInfo, list[Place]]]:
    """The places grouped per text: paragraphs first, then notes, each text where its first comes."""
    grouped: dict[str, tuple[TextInfo, list[Place]]] = {}
    for info, place in sorted(places, key=lambda item: _place_order(item[1])):
        grouped.setdefault(info.slug, (info, []))[1].append(place)
    return list(grouped.values())


def _text_places(info: TextInfo, here: list[Place], from_page: str = "") -> str:
    return f"*{escape_text(info.label)}* " + ", ".join(_link(info, place, from_page) for place in here)


def _back_references(record: bib.Record, places: list[tuple[TextInfo, Place]], pages: dict[str, str]) -> str:
    """Where the work is cited, text by text: its first `TEXTS_SHOWN` texts, then a link to the
    work's own page (added to `pages`), which lists them all, so no entry grows with the edition."""
    groups = _by_text(places)
    shown = "; ".join(_text_places(info, here) for info, here in groups[:TEXTS_SHOWN])
    if len(groups) <= TEXTS_SHOWN:
        return shown
    work = Entry("work", record.id, record.label, f"{BIBLIOGRAPHY_PAGE}#{bib.anchor(record.id)}",
                 "Every place the texts cite or name the work, text by text.")
    pages.update(entry_pages(work, [_places_line(info, here) for info, here in groups]))
    return f"{shown}; {more_link(work, len(groups) - TEXTS_SHOWN, len(groups))}"


def _places_line(info: TextInfo, here: list[Place]) -> Callable[[str], str]:
    return lambda page: _text_places(info, here, page)


def entry(record: bib.Record, formatted: bib.Formatted, places: list[tuple[TextInfo, Place]],
          texts: dict[str, TextInfo], pages: dict[str, str] | None = None) -> str:
    """The work's entry; `pages` gets the work's own page if it is cited in too many texts to list."""
    lines = [f'<div class="bib-entry" id="{bib.anchor(record.id)}" markdown="1">', "", formatted.markdown, ""]
    notes: list[str] = []
    if places:
        verb = "Named in " if record.origin == "work" else "Cited in "  # by title, or author and year
        notes.append(verb + _back_references(record, places, {} if pages is None else pages) + ".")
    elif record.origin == "list":
        source = texts.get(record.text)
        where = f" (in the reference list of *{escape_text(source.label)}*)" if source else ""
        notes.append(f'<span class="bib-uncited">Not cited in the text</span>{where}.')
    if record.origin == "text" and record.id in texts:
        notes.append(f"A text of this edition: [read it]({texts[record.id].page}).")
    elif record.origin == "work":
        notes.append("Added by the editor: not in the reference list.")
    if record.correction:
        notes.append(f"Editor: {escape_text(record.correction)}")
    lines += [" ".join(notes), '{: .bib-refs }', "", "</div>", ""]
    return "\n".join(lines)


def bibliography_page(result: ApparatusResult, texts: list[TextInfo]) -> Split:
    """The Bibliography (split beyond `ENTRIES_PER_BIBLIOGRAPHY_PAGE` entries), with the own pages
    of the works cited in too many texts to list on it."""
    formatted = bib.formatted(result.bibliography)
    by_slug = {info.slug: info for info in texts}
    policy = ("; given names are shortened to initials throughout, as most entries of the reference lists give "
              "them; works by the same authors in one year are told apart by a, b, c after the year"
              if result.bibliography.given_names == "initials" else
              "; works by the same authors in one year are told apart by a, b, c after the year")
    uncited = sum(1 for key, r in result.bibliography.records.items() if r.origin == "list" and key not in result.cited)
    downloads = " · ".join(f"[{label}]({path})" for label, path in
                           (("CSL-JSON", DOWNLOADS["csl-json"]), ("BibTeX", DOWNLOADS["bibtex"]),
                            ("RIS", DOWNLOADS["ris"])))
    front = ("search:", "  exclude: true")
    out = [
        "---", "title: Bibliography",
        "description: Every work the texts of the edition cite or name, with links to each place.",
        # Out of the search index, which every reader downloads on a first visit (page weight): the
        # works are found in the texts' own reference lists, which are searched.
        *front, "---", "",
        "# Bibliography", "",
        f"{len(result.bibliography.records):,} works: the entries of the texts’ own reference lists (parsed from "
        "them, corrected where the editor says so), the books the texts name, and the texts of this edition. "
        f"Formatted in the Chicago author-date style{policy}. Works in a reference list that the text never "
        f"cites ({uncited}) are marked so.",
        "{: .bib-intro }", "",
        f"Download the whole bibliography: {downloads}",
        "{: .bib-downloads }", "",
    ]
    records = result.bibliography.records
    own_pages: dict[str, str] = {}
    entries: list[tuple[Any, Section]] = [
        (bib.sort_key(record), Section(record.label, entry(record, formatted[key], result.cited.get(key, []), by_slug,
                                                           own_pages)))
        for key, record in ((key, records[key]) for key in formatted)]
    # Each cross-reference goes before the first entry that sorts after it. The entries come in
    # the bibliography's order, so that place is found by bisection (a scan of every entry for
    # each text's cross-reference was quadratic in the edition); in any other order, by the scan.
    in_order = all(a[0] <= b[0] for a, b in itertools.pairwise(entries))
    for xref_key, label_, xref in cross_references(result.bibliography, by_slug):
        position = bisect.bisect_right(entries, xref_key, key=_first) if in_order else \
            next((i for i, (k, _t) in enumerate(entries) if k > xref_key), len(entries))
        entries.insert(position, (xref_key, Section(label_, xref)))
    layout = Layout("Bibliography", ("entry", "entries"), front, "the works and the cross-references between them")
    split = split_page(BIBLIOGRAPHY_PAGE, out, [section for _key, section in entries],
                       ENTRIES_PER_BIBLIOGRAPHY_PAGE, layout)
    split.pages.update(own_pages)
    return split


def _first(item: tuple[Any, object]) -> Any:
    return item[0]


def cite_label(record: bib.Record, suffix: str) -> str:
    """How an author–date citation names the entry, with its year suffix: "Amin 2023b"."""
    return record.label.removesuffix(str(record.csl.get("year-suffix", ""))) + suffix \
        if record.csl.get("year-suffix") else record.label + suffix


def cross_references(bibliography: bib.Bibliography, texts: dict[str, TextInfo]) -> list[tuple[Any, str, str]]:
    """An entry under each text's short title ("Amin and Wilson 2023"), the form the edition asks
    readers to cite a passage by, when the text's own entry is under another ("Amin 2023b"): a
    Chicago cross-reference, "See …", so that every form the site gives leads to an entry."""
    out: list[tuple[Any, str, str]] = []  # (sort key, label, Markdown)
    for key, record in bibliography.records.items():
        info = texts.get(key)
        if record.origin != "text" or info is None:
            continue
        cited_as = cite_label(record, bibliography.suffixes.get(key, ""))
        if " ".join(info.label.split()) == cited_as:
            continue
        sort = (((bib.fold(info.label.rsplit(" ", 1)[0]), ""),), info.label.rsplit(" ", 1)[-1], "")
        out.append((sort, info.label, "\n".join([
            f'<div class="bib-entry bib-xref" id="{bib.anchor(key)}-as-cited" markdown="1">', "",
            f"{escape_text(info.label)}. See [{escape_text(cited_as)}](#{bib.anchor(key)}).", "",
            "The form this edition gives for citing the text by paragraph (“"
            f"{escape_text(info.label)}, ¶ 1”): the text’s entry is under its author.", "{: .bib-refs }", "",
            "</div>", ""])))
    return out


def apparatus_page(texts: list[TextInfo], result: ApparatusResult, data: editorial.EditorialData,
                   pending: list[Diagnostic] | None = None) -> Split:
    """The Editorial apparatus: a section per text with editor's notes (split beyond
    `TEXTS_PER_APPARATUS_PAGE` of them), then the corrections, archived pages and pending work."""
    pending = pending or []
    front = ("search:", "  exclude: true")
    out = [
        "---", "title: Editorial apparatus",
        "description: Every emendation, citation resolution and editor's note of the edition, with its place.",
        # Out of the search index (page weight): every note and emendation listed here is also on its
        # text's page, which is searched.
        *front, "---", "", "# Editorial apparatus", "",
        "The editor’s interventions in the texts, each with a link to its place. In the texts, the editor’s "
        "notes are lettered (a, b, c…) and set apart from the authors’ numbered footnotes; emendations add "
        "words in [brackets] and keep the source’s reading in the note; a slip that adding words cannot mend "
        "(a wrong word) is left as the source has it and flagged with a note saying what to read; additions "
        "such as links to archived copies of cited web pages are marked “Editor”. The data is in `seeds/apparatus/` "
        "(`citations.yml`, `emendations.yml`, `bibliography.yml`).",
        "",
    ]
    kinds = {"citation": "Citation resolved", "emendation": "Emendation", "context": "Context",
             "slip": "Slip flagged"}
    sections: list[Section] = []
    for info in texts:
        notes = info.doc.editor_notes
        if not notes:
            continue
        lines = [f"## {escape_text(info.label)} {{ #{info.slug} }}", "",
                 "| Note | Kind | Where | What |", "|---|---|---|---|"]
        for note in notes:
            where = ", ".join(f"[{label(text)}]({info.page}#{anchor})" for text, anchor in note.places)
            what = escape_text(note.summary).replace("|", "\\|")
            lines.append(f"| [{note.letter}]({info.page}#ed-{note.letter}) | {kinds.get(note.kind, note.kind)} "
                         f"| {where} | {what} |")
        lines.append("")
        sections.append(Section(info.label, "\n".join(lines)))
    corrections = [r for r in result.bibliography.records.values() if r.correction]
    if corrections:
        lines = ["## Corrections to the reference lists { #corrections }", "",
                 "What the editor added to or corrected in entries of the reference lists (the texts keep the "
                 "entries as their authors wrote them; the Bibliography shows the corrected records).", ""]
        lines += [f"- [{escape_text(r.label)}]({BIBLIOGRAPHY_PAGE}#{bib.anchor(r.id)}): {escape_text(r.correction)}"
                  for r in corrections]
        lines.append("")
        sections.append(Section("Corrections to the reference lists", "\n".join(lines), alone=True))
    archived = sum(1 for info in texts for note in info.doc.footnotes
                   if any(isinstance(n, Link) and n.url.startswith(WAYBACK) for n in walk_inlines(note.inlines)))
    if archived:
        sections.append(Section("Archived copies of cited web pages", "\n".join([
            "## Archived copies of cited web pages { #archived }", "",
            f"{archived} footnotes cite a web page with the date the author consulted it. Each gets a link "
            "to the Internet Archive’s Wayback Machine at that date (the snapshot nearest to it), marked "
            "“Editor” in the note.", ""]), alone=True))
    if pending:
        sections.append(Section("Pending editorial work", "\n".join(pending_section(texts, pending)), alone=True))
    return split_page(APPARATUS_PAGE, out, sections, TEXTS_PER_APPARATUS_PAGE,
                      Layout("Editorial apparatus", ("text", "texts"), front))


def _place_of(info: TextInfo, line: int) -> str:
    """A link to the block of the text that holds a source line (the page itself if none does)."""
    for block in info.doc.blocks:
        if block.anchor and block.span.line <= line <= block.span.end_line:
            return f"[{label(block.text[:40] or info.label)}]({info.page}#{block.anchor})"
    return f"[{label(info.label)}]({info.page})"


def pending_section(texts: list[TextInfo], pending: list[Diagnostic]) -> list[str]:
    """What the draft build left for an editor (`build --strict` refuses to publish while any is left)."""
    if not pending:
        return []
    by_file = {info.doc.source_file: info for info in texts}
    out = ["## Pending editorial work { #pending }", "",
           "This is a draft: the build found what only an editor can settle, and published the text without "
           "deciding it (an unmatched citation is left unlinked, an unattributed turn is marked so). Each item "
           "names its diagnostic code; `python -m build_tools lint` lists them with the line of the source, and "
           "`python -m build_tools build --strict` refuses to publish while any is left.", "",
           "| Text | Where | Code | What |", "|---|---|---|---|"]
    for item in pending:
        info = by_file.get(item.file)
        where = _place_of(info, item.line) if info is not None and item.line else f"line {item.line}"
        text = escape_text(info.label) if info is not None else escape_text(item.file)
        cells = [text, where, item.code, escape_text(item.message)]
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    out.append("")
    return out


def check_chapters(texts: list[TextInfo], bibliography: bib.Bibliography, diagnostics: Diagnostics) -> None:
    """C007, pending: a chapter in a reference list without its book's editors or its own pages — what a
    reference manager would ask for. Settled by a correction in bibliography.yml (which adds them, or
    records in its `why` that the edition cannot)."""
    by_slug = {info.slug: info for info in texts}
    for key, record in bibliography.records.items():
        if record.origin != "list" or record.correction or record.csl.get("type") != "chapter":
            continue
        lacks = [what for what, field_ in (("editors", "editor"), ("pages", "page")) if not record.csl.get(field_)]
        if not lacks:
            continue
        info = by_slug.get(record.text)
        block = next((b for b in info.doc.blocks if b.anchor == bib.anchor(key)), None) if info else None
        diagnostics.pending("C007", f"the chapter “{record.csl.get('title', key)}” has no {' and no '.join(lacks)} "
                            "in its reference list", info.doc.source_file if info else record.text,
                            block.span.line if block else 0,
                            hint=f"add them under `corrections: {key}:` in bibliography.yml (`editor:`, `page:`, "
                                 "with `why:`), or say there why the edition cannot")


def build(texts: list[TextInfo], seeds_dir: Path, diagnostics: Diagnostics) -> ApparatusResult:
    """The bibliography of the whole edition, its pages and its downloads."""
    data = editorial.cached(seeds_dir)  # its problems were reported before the texts were built
    result = ApparatusResult(bib.from_documents([t.doc for t in texts], data))
    result.cited = citations_by_work(texts)
    check_chapters(texts, result.bibliography, diagnostics)
    items = result.bibliography.csl_json()
    for home, split in ((BIBLIOGRAPHY_PAGE, bibliography_page(result, texts)),
                        (APPARATUS_PAGE, apparatus_page(texts, result, data, diagnostics.pending_work))):
        result.pages[home] = split.top
        result.pages.update(split.pages)
        if split.routes:
            result.routes[home] = split.routes
    result.pages |= {
        DOWNLOADS["csl-json"]: exports.csl_json(items),
        DOWNLOADS["bibtex"]: exports.bibtex(items),
        DOWNLOADS["ris"]: exports.ris(items),
    }
    return result
