"""`python -m build_tools add-text RAW_FILE`: a new text in the edition, from its raw file alone.

What an editor would otherwise do by hand (README, "Adding a text"), in one step:
1. copy the raw file byte for byte to `seeds/texts/<slug>/source.txt` (never edited afterwards);
2. sniff what kind of source it is (a PDF's text layer, or a scraped web page) and guess its title,
   authors and date (and, for an interview, its speakers) — `build_tools/sniff/`;
3. write a short, commented `text.yml` with those guesses, and the file's entry in `seeds/MANIFEST.yml`;
4. build the edition and print what the build found in the text: paragraphs, notes, headings,
   references, turns, and its warnings and pending editorial work, grouped by code.

The guesses are for the editor to check: the comments in `text.yml` say which ones were unsure.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from build_tools.diagnostics import Diagnostics, Severity
from build_tools.diagnostics_report import counts_by_code, report_lines
from build_tools.load.seeds import PLACEHOLDER_AUTHOR, PLACEHOLDER_DATE, decode_seed
from build_tools.load.slugs import is_allowed, slug_problem
from build_tools.sniff.guess import Guess
from build_tools.sniff.pdf import guess_pdf, pdf_likelihood

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE = 0, 1, 2


def _web_guesser() -> tuple[object, object] | None:
    """The web-page guesser, if this build has it (`build_tools/sniff/web.py`)."""
    try:
        web = importlib.import_module("build_tools.sniff.web")
    except ImportError:
        return None
    return web.guess_web, web.looks_like_web


def sniff(text: str) -> Guess:
    """Guess the kind of source and its metadata: the PDF guesser or the web one, whichever the
    text looks more like (a PDF's text layer has pages, printed lines and typesetter's hyphens; a
    web page has menus, links and one line per paragraph)."""
    pdf_score = pdf_likelihood(text)
    web = _web_guesser()
    if web is not None:
        guess_web, looks_like_web = web
        web_score = float(looks_like_web(text))  # type: ignore[operator]
        if web_score > pdf_score:
            guessed: Guess = guess_web(text)  # type: ignore[operator]
            return guessed
    return guess_pdf(text)


_ORGANISATION = re.compile(r"(?i)^(?:foundation|institute|university|association|society|council|committee|"
                           r"organi[sz]ation|agency|cent(?:er|re)|group|team|project|network|commission|office|"
                           r"ministry|department|press|collective|collaboration|consortium|initiative)$")


def slug_for(guess: Guess, file_name: str, taken: set[str]) -> str:
    """`family-year` of the first author ("huang-2020"), else the title's first words, else the
    file's name; `-2`, `-3`… when the edition already has it."""
    if guess.authors and guess.date:
        first = guess.authors[0]
        # "Wikimedia Foundation" is one name, not a given name and a family name
        name = f"{first.given} {first.family}" if _ORGANISATION.search(first.family) else first.family
        base = f"{name}-{guess.date[:4]}"
    elif guess.title:
        base = " ".join(guess.title.split()[:4])
    else:
        base = Path(file_name).stem
    ascii_only = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:60].strip("-") or "text"
    candidate, n = slug, 2
    while candidate in taken or not is_allowed(candidate):  # `edition`, `bibliography`… name the edition's own files
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _q(value: str) -> str:
    """A YAML scalar that is always read back as this exact string (JSON's quoting is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def text_yaml(guess: Guess, original_name: str) -> str:
    """The commented `text.yml` for a guess: the few keys a build needs, each guess flagged."""
    notes = {note.split(":", 1)[0]: note for note in guess.notes}
    title = guess.title
    authors = guess.authors or []
    author_items = ", ".join(
        "{" + ", ".join(f"{k}: {_q(v)}" for k, v in (("given", a.given), ("family", a.family)) if v)
        + (f", role: {a.role}" if a.role != "author" else "") + "}" for a in authors)
    lines = [
        f"# Added by `python -m build_tools add-text` from {original_name}. Every value is a guess",
        "# from the text: check each against the source, then run `make build` (README, \"Adding a text\").",
        f"profile: {guess.profile}",
        f"kind: {guess.kind}",
        "language: en",
        "metadata:",
        f"  title: {_q(title)}" + ("  # " + notes["title"] if "title" in notes else ""),
        f"  authors: [{author_items}]" if authors else
        f"  authors: [{{family: {_q(PLACEHOLDER_AUTHOR)}}}]  # " + notes.get("authors", "authors: not found"),
        f"  date: {guess.date or PLACEHOLDER_DATE}" + ("  # " + notes["date"] if "date" in notes else
                                                   "" if guess.date else "  # date: not found; write it here"),
    ]
    if guess.container:
        lines.append(f"  container: {_q(guess.container)}")
    if guess.speakers:
        lines.append("speakers:")
        for speaker in guess.speakers:
            aliases = f", aliases: [{', '.join(_q(a) for a in speaker.aliases)}]" if speaker.aliases else ""
            lines.append(f"  - {{id: {speaker.id}, name: {_q(speaker.name)}, role: {speaker.role}{aliases}}}")
        if guess.alternation:
            lines.append(f"alternation: [{', '.join(guess.alternation)}]")
    for key, note in notes.items():
        if key not in ("title", "authors", "date"):
            lines.append(f"# {note}")
    return "\n".join(lines) + "\n"


def manifest_entry(slug: str, original_name: str, sha256: str) -> str:
    return (f"  - slug: {slug}\n    file: texts/{slug}/source.txt\n"
            f"    original_name: {_q(original_name)}\n    sha256: {sha256}\n")


@dataclass
class Added:
    slug: str
    folder: Path
    guess: Guess


def add(raw_path: Path, seeds_dir: Path, slug: str | None = None, profile: str | None = None,
        kind: str | None = None) -> Added | str:
    """Copy the raw file in and write its YAML and manifest entry; a message if it cannot be added."""
    try:
        raw = raw_path.read_bytes()
    except OSError as exc:
        return f"{raw_path}: error S001 cannot read the raw file: {exc.strerror} (hint: give the path of a text file)"
    diagnostics = Diagnostics()
    text = decode_seed(raw, str(raw_path), diagnostics)
    if text is None:
        return "\n".join(item.format() for item in diagnostics.items)
    guess = sniff(text)
    if not guess.title:  # a placeholder would be printed as the title: the file's name reads better
        guess.title = " ".join(re.sub(r"[_\W]+", " ", raw_path.stem).split()).capitalize()
        guess.notes = [n for n in guess.notes if not n.startswith("title:")]
        guess.notes.append("title: none found in the text; this is the file's name")
    if profile:
        guess.profile = profile
    if kind:
        guess.kind = kind
    texts_dir = seeds_dir / "texts"
    taken = {p.name for p in texts_dir.iterdir()} if texts_dir.is_dir() else set()
    if slug is not None:
        if (problem := slug_problem(slug)) is not None:
            return f"{slug[:80]}: error S010 {problem} (hint: e.g. huang-2020)"
        if slug in taken:
            return f"{texts_dir / slug}: error S010 a text with this slug is already in the edition " \
                   "(hint: choose another --slug, or remove that folder first)"
    slug = slug or slug_for(guess, raw_path.name, taken)
    folder = texts_dir / slug
    folder.mkdir(parents=True)
    (folder / "source.txt").write_bytes(raw)
    (folder / "text.yml").write_text(text_yaml(guess, raw_path.name), encoding="utf-8")
    manifest = seeds_dir / "MANIFEST.yml"
    existing = manifest.read_text(encoding="utf-8") if manifest.exists() else "texts:\n"
    if re.search(r"^texts:\s*\[\]\s*$", existing, re.M):
        existing = re.sub(r"^texts:\s*\[\]\s*$", "texts:", existing, flags=re.M)
    if not existing.endswith("\n"):
        existing += "\n"
    manifest.write_text(existing + manifest_entry(slug, raw_path.name, hashlib.sha256(raw).hexdigest()),
                        encoding="utf-8")
    return Added(slug, folder, guess)


def report(added: Added, root: Path, seeds_dir: Path, verbose: bool = False) -> int:
    """Build the edition with the new text and say what the build found in it."""
    from build_tools.diagnostics import BuildFailed
    from build_tools.edition import build_edition
    from build_tools.model import Heading, Role

    guess = added.guess
    print(f"added {added.folder / 'source.txt'} as '{added.slug}' ({guess.profile}, {guess.kind})")
    print(f"  title:   {guess.title or '(not found)'}")
    print(f"  authors: {', '.join(f'{a.given} {a.family}'.strip() for a in guess.authors) or '(not found)'}")
    print(f"  date:    {guess.date or '(not found)'}")
    for speaker in guess.speakers:
        print(f"  speaker: {speaker.name} ({speaker.role})")
    for note in guess.notes:
        print(f"  unsure:  {note}")
    try:
        edition = build_edition(root, seeds_dir)
    except BuildFailed as failed:
        ours = _ours(failed.diagnostics, added)
        for line in report_lines(ours, verbose):
            print(line, file=sys.stderr)
        elsewhere = len(failed.diagnostics.errors) - len(ours.errors)
        if ours.errors:
            print(f"the build stopped on {len(ours.errors)} error(s) in the new text: fix its text.yml as they say, "
                  "then run `python -m build_tools build`", file=sys.stderr)
        if elsewhere:
            print(f"the build stopped on {elsewhere} error(s) elsewhere in the edition (the text is added; "
                  "`python -m build_tools lint` shows them)", file=sys.stderr)
        return EXIT_SOURCE_ERRORS
    result = next(r for r in edition.texts if r.seed.config.slug == added.slug)
    doc = result.doc
    ours = _ours(edition.diagnostics, added)
    turns = len({p.turn for p in doc.paragraphs(Role.BODY) if p.turn is not None})
    found = [f"{sum(1 for _ in doc.paragraphs(Role.BODY))} ¶", f"{len(doc.footnotes)} notes",
             f"{sum(1 for b in doc.blocks if isinstance(b, Heading))} headings",
             f"{sum(1 for _ in doc.paragraphs(Role.REFERENCE))} references"]
    if turns:
        found.append(f"{turns} turns")
    kept = result.words_in_source - result.words_removed
    found += [f"{kept:,} words kept", f"{result.words_removed:,} removed (see the removal report)"]
    print("  found:   " + ", ".join(found))
    for line in report_lines(ours, verbose):
        print(line, file=sys.stderr)
    others = [d for d in ours.items if d.severity is not Severity.ERROR]
    if others:
        print(f"  to look at: {counts_by_code(others)} (`python -m build_tools lint` lists them all)")
    print(f"next: check seeds/texts/{added.slug}/text.yml against the source, then `make build` or `make serve`")
    return EXIT_OK


def _ours(diagnostics: Diagnostics, added: Added) -> Diagnostics:
    """The diagnostics about the new text (its source and its YAML)."""
    mine = Diagnostics()
    mine.items = [d for d in diagnostics.items if f"texts/{added.slug}/" in d.file]
    return mine
