"""Fixture tests per pass: tests/pass_fixtures/<pass>.txt holds cases (title, input, expected).

Each case runs the pipeline up to and including the named pass on a small raw text, and
compares a compact dump of the document model with the expected dump. Format of a file:

    # title of the case                 (profile: pdf-extraction unless `@ social-europe`)
    <raw input lines>
    ---
    <expected dump lines>
    ===

A dump has one line per block — `H1 text`, `P:role text`, `N1 note text`, `R rule: text` for
removals, `! CODE line N` for warnings — with anchors as {#id}, turn starts as @speaker and
inline markup shown as *em*, **strong**, <url>, [^1], and index links as [words](term:id) or
[words](place:id).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.apparatus.indexes import load_indexes
from build_tools.diagnostics import Diagnostics
from build_tools.model import (
    Citation,
    Document,
    EditorAddition,
    EditorNoteRef,
    Emendation,
    Emphasis,
    EntityRef,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    Preformatted,
    Strong,
    TermRef,
    Text,
)
from build_tools.passes import PIPELINE
from build_tools.passes.context import PassContext
from tests.seedkit import ARTICLE_YAML, INTERVIEW_YAML, load_one

FIXTURES = Path(__file__).parent / "pass_fixtures"
# The edition's glossary and registers, for the link passes (link_terms, link_entities).
INDEXES = load_indexes(Path(__file__).resolve().parents[1] / "seeds", "seeds", Diagnostics())


@dataclass
class Case:
    pass_name: str
    title: str
    profile: str
    raw: str
    expected: str


def parse_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    for chunk in path.read_text("utf-8").split("\n===\n"):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        header, _, rest = chunk.partition("\n")
        raw, _, expected = rest.partition("\n---\n")
        title, _, profile = header.lstrip("# ").partition(" @ ")
        cases.append(Case(path.stem, title, profile or "pdf-extraction", raw + "\n", expected.strip()))
    return cases


def dump_inlines(nodes: list[Inline]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Emphasis):
            out.append("*" + dump_inlines(node.children) + "*")
        elif isinstance(node, Strong):
            out.append("**" + dump_inlines(node.children) + "**")
        elif isinstance(node, Link):
            out.append("<" + node.url + ">")
        elif isinstance(node, FootnoteRef):
            out.append(f"[^{node.label}]")
        elif isinstance(node, TermRef):  # a glossary link: [words](term:id)
            out.append(f"[{dump_inlines(node.children)}](term:{node.term_id})")
        elif isinstance(node, EntityRef):  # a register link: [words](place:id)
            out.append(f"[{dump_inlines(node.children)}]({node.kind}:{node.entity_id})")
        elif isinstance(node, Citation):  # a citation linked to its work: [words](cite:id)
            out.append(f"[{dump_inlines(node.children)}](cite:{node.key})")
        elif isinstance(node, EditorNoteRef):  # an editor's note: [ed:a] (or its id before lettering)
            out.append(f"[ed:{node.letter or node.note_id}]")
        elif isinstance(node, Emendation):  # words the editor mended: [words](emended)
            out.append(f"[{dump_inlines(node.children)}](emended)")
        elif isinstance(node, EditorAddition):  # the editor's addition: [words](editor)
            out.append(f"[{dump_inlines(node.children)}](editor)")
        else:
            out.append(dump_inlines(getattr(node, "children", [])))
    return "".join(out)


def dump(doc: Document, diagnostics: Diagnostics | None = None) -> str:
    lines: list[str] = [f"! {d.code} line {d.line}" for d in (diagnostics.warnings if diagnostics else [])]
    for removal in doc.removals:
        lines.append(f"R {removal.rule}: {removal.text}")
    for block in doc.blocks:
        if isinstance(block, Heading):
            anchor = f" {{#{block.anchor}}}" if block.anchor else ""
            lines.append(f"H{block.level}{anchor} {dump_inlines(block.inlines)}")
        elif isinstance(block, Preformatted):  # its lines, joined by " | "
            lines.append(f"P:{block.role.value} " + block.code.replace("\n", " | "))
        else:
            extra = f" {{#{block.anchor}}}" if block.anchor else ""
            extra += f" @{block.speaker}" if block.turn_start else ""
            lines.append(f"P:{block.role.value}{extra} {dump_inlines(block.inlines)}")
    for note in doc.footnotes:
        lines.append(f"N{note.label} {dump_inlines(note.inlines)}")
    return "\n".join(lines)


def run_until(case: Case, tmp_path: Path) -> tuple[Document, Diagnostics]:
    data = dict(INTERVIEW_YAML if case.profile == "social-europe" else ARTICLE_YAML)
    seed, diagnostics = load_one(tmp_path, case.raw, data)
    apparatus = FIXTURES / "apparatus" / case.pass_name  # editorial YAML for the text "sample", per pass
    if apparatus.is_dir() and seed.seeds_dir is not None:
        shutil.copytree(apparatus, seed.seeds_dir / "apparatus", dirs_exist_ok=True)
    doc = Document("sample", seed.source_display, [])
    ctx = PassContext(seed, diagnostics, INDEXES)
    names = [name for name, _ in PIPELINE]
    assert case.pass_name in names, f"{case.pass_name}.txt names no pass; passes are {names}"
    for name, run in PIPELINE:
        run(doc, ctx)
        if name == case.pass_name:
            break
    return doc, diagnostics


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in parse_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.pass_name}: {c.title}" for c in CASES])
def test_pass_fixture(case: Case, tmp_path: Path) -> None:
    doc, diagnostics = run_until(case, tmp_path)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    assert dump(doc, diagnostics) == case.expected


def test_every_pass_has_fixtures() -> None:
    covered = {case.pass_name for case in CASES}
    assert covered == {name for name, _ in PIPELINE}
