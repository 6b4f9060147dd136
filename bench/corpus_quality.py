"""How well the generator does on real texts nobody wrote rules for: `python -m bench.corpus_quality`.

Each raw text of `tests/corpus/` (and, with `--extra DIR`, those of another folder that have a
truth file here) is added to an empty edition with `add-text`'s guessed YAML alone, built as a
draft, and compared with its truth file (`tests/corpus/truth/<name>.yml` and `.refs.yml`,
written by reading the source): words lost, footnotes at their markers, note text left in the
body, headings found and false, title, furniture and chrome left, references found, citations
linked, turns right and spurious, front matter. `tests/test_corpus.py` holds every text of
`tests/corpus/` to the bar below, with these same functions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools import add_text
from build_tools.diagnostics import BuildFailed, Severity
from build_tools.edition import build_edition
from build_tools.model import Citation, Document, FootnoteRef, Heading, Paragraph, Role, plain_text, walk_inlines

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
TRUTH = CORPUS / "truth"

# The bar of issues #12 and #13.
BAR = {"notes_at_markers": 0.95, "headings_found": 0.90, "citations_linked": 0.90}


def normal(text: str) -> str:
    """Text compared as a reader compares it: quotes, dashes, spaces, case and soft hyphens aside."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"[‘’‛′`]", "'", text)
    text = re.sub(r"[“”„″]", '"', text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    text = text.replace("…", "...")
    return " ".join(text.split()).lower()


def loose(text: str) -> str:
    """Letters and digits only: for titles and headings, whose punctuation and numbering vary."""
    return re.sub(r"[^\w]+", "", normal(text))


@dataclass
class Measure:
    name: str
    built: bool = False
    errors: list[str] = field(default_factory=list)
    words_lost: int = 0
    seconds: float = 0.0
    title: str = ""
    title_right: bool | None = None
    notes_total: int = 0
    notes_at_markers: int = 0
    notes_in_body: list[str] = field(default_factory=list)
    headings_total: int = 0
    headings_found: int = 0
    headings_false: list[str] = field(default_factory=list)
    furniture_left: list[str] = field(default_factory=list)
    references_truth: int | None = None
    references_found: int = 0
    citations_total: int = 0
    citations_linked: int = 0
    citations_missed: list[str] = field(default_factory=list)
    turns_total: int = 0
    turns_right: int = 0
    turns_spurious: list[str] = field(default_factory=list)
    turns_wrong: list[str] = field(default_factory=list)
    front_matter_total: int = 0
    front_matter_right: int = 0
    front_matter_missed: list[str] = field(default_factory=list)
    warnings: int = 0
    pending: int = 0

    def rate(self, part: int, total: int) -> float:
        return part / total if total else 1.0

    def failures(self) -> list[str]:
        """What falls short of the bar (empty: this text meets it)."""
        out = []
        if not self.built:
            out.append("not built: " + "; ".join(self.errors[:3]))
        if self.words_lost:
            out.append(f"{self.words_lost} words lost")
        if self.rate(self.notes_at_markers, self.notes_total) < BAR["notes_at_markers"]:
            out.append(f"notes at markers {self.notes_at_markers}/{self.notes_total}")
        if self.notes_in_body:
            out.append(f"note text in the body: {self.notes_in_body[:3]}")
        if self.rate(self.headings_found, self.headings_total) < BAR["headings_found"]:
            out.append(f"headings found {self.headings_found}/{self.headings_total}")
        if self.headings_false:
            out.append(f"false headings: {self.headings_false[:5]}")
        if self.title_right is False:
            out.append(f"title wrong: {self.title!r}")
        if self.furniture_left:
            out.append(f"furniture/chrome left: {self.furniture_left[:5]}")
        if self.rate(self.citations_linked, self.citations_total) < BAR["citations_linked"]:
            out.append(f"citations linked {self.citations_linked}/{self.citations_total}: {self.citations_missed[:4]}")
        if self.turns_right < self.turns_total or self.turns_spurious:
            out.append(f"turns right {self.turns_right}/{self.turns_total}, spurious {len(self.turns_spurious)}: "
                       f"{(self.turns_wrong + self.turns_spurious)[:3]}")
        if self.front_matter_right < self.front_matter_total:
            out.append(f"front matter {self.front_matter_right}/{self.front_matter_total}: "
                       f"{self.front_matter_missed[:3]}")
        return out


def load_truth(name: str) -> dict[str, Any]:
    truth: dict[str, Any] = yaml.safe_load((TRUTH / f"{name}.yml").read_text(encoding="utf-8")) or {}
    refs = TRUTH / f"{name}.refs.yml"
    if refs.exists():
        truth.update(yaml.safe_load(refs.read_text(encoding="utf-8")) or {})
    return truth


def corpus_files(extra: Path | None = None) -> list[Path]:
    """The raw texts with a truth file: those of tests/corpus/, then those only in `extra`."""
    files = sorted(p for p in CORPUS.glob("*.txt") if (TRUTH / f"{p.stem}.yml").exists())
    if extra is not None:
        have = {p.name for p in files}
        files += sorted(p for p in extra.glob("*.txt") if p.name not in have and (TRUTH / f"{p.stem}.yml").exists())
    return files


def _edition_seeds(folder: Path) -> Path:
    """An empty edition: the project's profiles, no editorial apparatus, no texts."""
    seeds = folder / "seeds"
    (seeds / "texts").mkdir(parents=True)
    (seeds / "apparatus").mkdir()
    shutil.copytree(ROOT / "seeds" / "profiles", seeds / "profiles")
    (seeds / "MANIFEST.yml").write_text("texts:\n", encoding="utf-8")
    return seeds


def build_one(raw: Path) -> tuple[Measure, Document | None, str]:
    """`raw` added with add-text's YAML alone and built as a draft: (measure so far, document, title)."""
    measure = Measure(raw.stem)
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        seeds = _edition_seeds(Path(tmp))
        added = add_text.add(raw, seeds)
        if isinstance(added, str):
            measure.errors.append(added)
            return measure, None, ""
        measure.title = added.guess.title
        started = time.perf_counter()
        try:
            edition = build_edition(ROOT, seeds, workers=1)
        except BuildFailed as failed:
            measure.errors = [d.format() for d in failed.diagnostics.errors]
            measure.words_lost = sum(1 for d in failed.diagnostics.errors if d.code == "W001")
            return measure, None, added.guess.title
        measure.seconds = time.perf_counter() - started
        measure.built = True
        items = edition.diagnostics.items
        measure.warnings = sum(1 for d in items if d.severity is Severity.WARNING and "/texts/" in d.file)
        measure.pending = sum(1 for d in items if d.severity is Severity.PENDING)
        return measure, edition.texts[0].doc, added.guess.title


def _body_texts(doc: Document) -> list[str]:
    """The text of every block the reader reads as the work (front matter and notes aside)."""
    return [normal(b.text) for b in doc.blocks
            if isinstance(b, Heading) or (isinstance(b, Paragraph) and b.role in (Role.BODY, Role.RAW))]


def measure_doc(measure: Measure, doc: Document, truth: dict[str, Any]) -> None:
    body = _body_texts(doc)
    everything = body + [normal(b.text) for b in doc.blocks if isinstance(b, Paragraph)] + \
        [normal(plain_text(n.inlines)) for n in doc.footnotes]
    if truth.get("title"):
        measure.title_right = loose(measure.title) == loose(truth["title"])
    _measure_notes(measure, doc, truth.get("notes") or [], body)
    _measure_headings(measure, doc, truth.get("headings") or [], truth.get("title", ""))
    for line in truth.get("furniture") or []:
        if any(normal(line) in text for text in everything):
            measure.furniture_left.append(line)
    if "references" in truth:
        measure.references_truth = truth["references"]
    measure.references_found = sum(1 for _ in doc.paragraphs(Role.REFERENCE))
    _measure_citations(measure, doc, truth.get("citations") or [])
    _measure_turns(measure, doc, truth.get("turns") or [])
    _measure_front_matter(measure, doc, truth.get("front_matter") or {})


def _measure_notes(measure: Measure, doc: Document, notes: list[dict[str, str]], body: list[str]) -> None:
    """A note is at its marker when a lifted note starts with its words (under its number, for a
    numbered note; a symbol note may be renumbered) and a marker in the text points to it."""
    markers = {n.label for b in doc.blocks for n in walk_inlines(b.inlines) if isinstance(n, FootnoteRef)}
    lifted = [(note.label, normal(plain_text(note.inlines))) for note in doc.footnotes]
    measure.notes_total = len(notes)
    for note in notes:
        label, starts = str(note["label"]), normal(note["starts"])
        numbered = label.isdigit()
        if any(text.startswith(starts) and found in markers and (found == label or not numbered)
               for found, text in lifted):
            measure.notes_at_markers += 1
        if len(starts) >= 12 and any(starts in text for text in body):
            measure.notes_in_body.append(f"{label}: {note['starts']}")


def _measure_headings(measure: Measure, doc: Document, headings: list[str], title: str) -> None:
    """Headings of the truth found among the document's; false ones are the rest (the title as
    the truth or text.yml gives it is the page's own heading, never false)."""
    guessed = loose(measure.title)
    found = [loose(h.text) for h in doc.headings()]
    wanted = [loose(h) for h in headings]
    measure.headings_total = len(wanted)
    measure.headings_found = sum(1 for h in wanted if h in found)
    measure.headings_false = [h.text for h in doc.headings()
                              if loose(h.text) not in wanted and loose(h.text) not in (loose(title), guessed)]


def _measure_citations(measure: Measure, doc: Document, samples: list[str]) -> None:
    cited = [(normal(plain_text(n.children)), n.key is not None)
             for item in [*doc.blocks, *doc.footnotes] for n in walk_inlines(item.inlines) if isinstance(n, Citation)]
    measure.citations_total = len(samples)
    for sample in samples:
        want = normal(sample).strip("()[]")
        if any(linked and (text.strip("()[]") in want or want in text) for text, linked in cited if text):
            measure.citations_linked += 1
        else:
            measure.citations_missed.append(sample)


def _speaker_names(doc: Document) -> dict[str, tuple[str, str]]:
    return {s.id: (s.name, s.role) for s in doc.speakers}


_TIMESTAMP = re.compile(r"^\\?\[\d{1,2}:\d{2}(?::\d{2})?\\?\]\s*")


def _measure_turns(measure: Measure, doc: Document, turns: list[dict[str, str]]) -> None:
    speakers = _speaker_names(doc)
    # A transcript's timestamp ("[07:54]") may open a turn; the truth quotes the words after it.
    starts = [(_TIMESTAMP.sub("", normal(p.text)).lstrip("\"' "), speakers.get(p.speaker or "", ("", "")))
              for p in doc.paragraphs(Role.BODY) if p.turn_start]
    measure.turns_total = len(turns)
    matched: set[int] = set()
    for turn in turns:
        want, who = normal(turn["starts"]).lstrip("\"' "), normal(turn["speaker"])
        hit = next((i for i, (text, _) in enumerate(starts) if i not in matched and text.startswith(want)), None)
        if hit is None:
            measure.turns_wrong.append(f"not a turn: {turn['starts']}")
            continue
        matched.add(hit)
        name, role = starts[hit][1]
        if who in (normal(name), normal(role)):
            measure.turns_right += 1
        else:
            measure.turns_wrong.append(f"{turn['starts']}: {name or '?'} for {turn['speaker']}")
    if turns:
        measure.turns_spurious = [text[:40] for i, (text, _) in enumerate(starts) if i not in matched]


_ROLES = {"byline": Role.BYLINE, "date": Role.BYLINE, "standfirst": Role.STANDFIRST,
          "captions": Role.CAPTION, "caption": Role.CAPTION,
          "bio": Role.BIO, "series_note": Role.SERIES_NOTE, "abstract": Role.ABSTRACT}


def _measure_front_matter(measure: Measure, doc: Document, front: dict[str, Any]) -> None:
    for key, wanted in front.items():
        role = _ROLES.get(key)
        for starts in wanted if isinstance(wanted, list) else [wanted]:
            measure.front_matter_total += 1
            texts = [normal(p.text) for p in doc.paragraphs(role)] if role else []
            # a date is part of the byline it is printed on or under
            found = (any(normal(str(starts)) in t for t in texts) if key == "date"
                     else any(t.startswith(normal(str(starts))) for t in texts))
            if found:
                measure.front_matter_right += 1
            else:
                measure.front_matter_missed.append(f"{key}: {starts}")


def measure_file(raw: Path) -> Measure:
    measure, doc, _ = build_one(raw)
    if doc is not None:
        measure_doc(measure, doc, load_truth(raw.stem))
    return measure


BASELINE = CORPUS / "baseline.yml"
# Figures where more is better, and where less is better: a text may not get worse at either.
HIGHER = ("notes_at_markers", "headings_found", "citations_linked", "turns_right", "front_matter_right")
LOWER = ("words_lost", "headings_false", "notes_in_body", "furniture_left", "turns_spurious")


def figures(measure: Measure) -> dict[str, int | bool]:
    """The figures of a measure that the baseline records."""
    out: dict[str, int | bool] = {"built": measure.built, "title_right": measure.title_right is not False}
    for name in HIGHER:
        out[name] = int(getattr(measure, name))
    for name in LOWER:
        value = getattr(measure, name)
        out[name] = len(value) if isinstance(value, list) else int(value)
    return out


def regressions(measure: Measure, baseline: dict[str, int | bool]) -> list[str]:
    """Where a text does worse than its recorded baseline (empty: as good or better)."""
    now = figures(measure)
    out = [f"{name}: {now[name]} < {baseline[name]}" for name in ("built", "title_right", *HIGHER)
           if name in baseline and now[name] < baseline[name]]
    out += [f"{name}: {now[name]} > {baseline[name]}" for name in LOWER
            if name in baseline and now[name] > baseline[name]]
    return out


def _pct(part: int, total: int) -> str:
    return f"{part}/{total}" if total else "–"


def table(measures: list[Measure]) -> str:
    head = ("| text | built | lost | notes | in body | headings | false | title | furniture | refs | cited "
            "| turns | spurious | front | warn | pending |")
    lines = [head, "|" + "---|" * 16]
    for m in measures:
        refs = f"{m.references_found}/{m.references_truth}" if m.references_truth is not None else "–"
        title = {True: "yes", False: "NO", None: "–"}[m.title_right]
        lines.append(f"| {m.name} | {'yes' if m.built else 'NO'} | {m.words_lost} | "
                     f"{_pct(m.notes_at_markers, m.notes_total)} | {len(m.notes_in_body)} | "
                     f"{_pct(m.headings_found, m.headings_total)} | {len(m.headings_false)} | {title} | "
                     f"{len(m.furniture_left)} | {refs} | {_pct(m.citations_linked, m.citations_total)} | "
                     f"{_pct(m.turns_right, m.turns_total)} | {len(m.turns_spurious)} | "
                     f"{_pct(m.front_matter_right, m.front_matter_total)} | {m.warnings} | {m.pending} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus_quality", description=__doc__.split("\n")[0])
    parser.add_argument("--extra", type=Path, default=None,
                        help="also measure the texts of this folder that have a truth file (e.g. ../shared/corpus)")
    parser.add_argument("--only", default=None, help="only the texts whose name contains this")
    parser.add_argument("--details", action="store_true", help="print what falls short, text by text")
    parser.add_argument("--write-baseline", action="store_true",
                        help=f"record these figures in {BASELINE.relative_to(ROOT)} (tests/test_corpus.py holds every "
                             "text to them: none may get worse)")
    args = parser.parse_args(argv)
    files = [f for f in corpus_files(args.extra) if args.only is None or args.only in f.stem]
    measures = [measure_file(f) for f in files]
    print(table(measures))
    if args.write_baseline:
        shipped = {p.stem for p in CORPUS.glob("*.txt")}
        data = {m.name: {**figures(m), "meets_bar": not m.failures()} for m in measures if m.name in shipped}
        BASELINE.write_text("# Written by `python -m bench.corpus_quality --write-baseline`: the figures each text of\n"
                            "# tests/corpus/ reached. tests/test_corpus.py fails if a text does worse.\n"
                            + yaml.safe_dump(data, sort_keys=True), encoding="utf-8")
    short = [(m.name, m.failures()) for m in measures if m.failures()]
    print(f"\n{len(measures) - len(short)} of {len(measures)} texts meet the bar")
    if args.details or short:
        for name, failures in short:
            print(f"- {name}: " + "; ".join(failures))
    return 0 if not short else 1


if __name__ == "__main__":
    sys.exit(main())
