"""Pass: attribute every turn of a conversation to its speaker.

Pages often label only the first turns ("Robin Wilson: …"), or use initials after the first
("RW:", "TR", "H.G.W.:" — the speakers' `aliases:` in the YAML). The editor's attribution of
every turn is data in the text's YAML (`turns:`, each with its speaker and the words its
first paragraph opens with); the source's own labels are stripped from the text (the
edition prints a label on every turn instead) and checked against the YAML. Without a
`turns:` list, the source's labels decide and an unlabelled paragraph continues the turn
before it. Declared alternation (`alternation:`) is checked either way.
"""

from __future__ import annotations

import re
import unicodedata

from build_tools.model import Document, Paragraph, Removal, Role, Span, Speaker, Text
from build_tools.passes.context import PassContext

_FOLD_MARKS = str.maketrans({**dict.fromkeys("‘’‚‛′", "'"), **dict.fromkeys("“”„‟″", '"'),
                             **dict.fromkeys("‐‑‒–—", "-")})


def comparable(text: str) -> str:
    """Text folded for matching an editor's quotation: quotes, dashes and spaces unified."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_FOLD_MARKS).split())


def _strip_label(para: Paragraph, label: re.Pattern[str] | None, names: dict[str, str]) -> tuple[str, str] | None:
    """Remove a speaker label naming a declared speaker (or an alias); return the id and the label.

    The profile's pattern captures the label in the group `name` (and, for initials printed
    without a colon, `initials`); a label that names nobody declared is the author's text.
    """
    if label is None or not para.inlines or not isinstance(para.inlines[0], Text):
        return None
    first = para.inlines[0]
    match = label.match(first.text)
    if match is None:
        return None
    groups = match.groupdict()
    said = groups.get("name") or groups.get("initials")
    if said not in names:
        return None
    first.text = first.text[match.end():]
    return names[said], match.group(0).strip()


def run(doc: Document, ctx: PassContext) -> None:
    config = ctx.seed.config
    if not config.speakers:
        return
    doc.speakers = [Speaker(*speaker) for speaker in config.speakers]
    names = {speaker.name: speaker.id for speaker in doc.speakers} | dict(config.speaker_aliases)
    body = list(doc.paragraphs(Role.BODY))
    stripped = {id(p): _strip_label(p, ctx.seed.profile.speaker_label, names) for p in body}
    source_labels = {key: found[0] if found else None for key, found in stripped.items()}
    _record_aliases(doc, body, stripped)
    _warn_unknown_labels(body, source_labels, ctx)
    if config.turns:
        starts = _turn_starts_from_yaml(body, ctx)
    else:
        starts = _turn_starts_from_labels(body, source_labels, ctx)
    if starts is None:
        return
    _assign(body, starts)
    _check_labels(body, source_labels, ctx)
    _check_alternation(body, ctx)


ALIAS_RULE = "speaker-initials"
ALIAS_WHY = ("The source's own short label for the speaker (initials); the edition prints the speaker's full "
             "name at every turn instead.")


def _record_aliases(doc: Document, body: list[Paragraph], stripped: dict[int, tuple[str, str] | None]) -> None:
    """A label in initials is not in the edition (the full name is), so it goes to the removal report."""
    full_names = {speaker.name for speaker in doc.speakers}
    for para in body:
        found = stripped[id(para)]
        if found is not None and found[1].rstrip(":").strip() not in full_names:
            doc.removals.append(Removal(ALIAS_RULE, ALIAS_WHY, found[1], Span(para.span.file, para.span.line,
                                                                                 para.span.line)))


def _warn_unknown_labels(body: list[Paragraph], labels: dict[int, str | None], ctx: PassContext) -> None:
    """A "Name: " opening that names nobody declared stays text, but the editor should know (T001)."""
    label = ctx.seed.profile.speaker_label
    if label is None:
        return
    for para in body:
        match = label.match(para.text) if labels[id(para)] is None else None
        name = match.groupdict().get("name") if match else None
        if name:
            ctx.diagnostics.warning("T001", f"“{name}:” looks like a speaker label but names no speaker of the YAML; "
                                    "kept as text", ctx.file, para.span.line, 1,
                                    hint=f"if it is a speaker, add them (or an alias) to `speakers:` in "
                                         f"{ctx.seed.config.yaml_file}")


def _turn_starts_from_yaml(body: list[Paragraph], ctx: PassContext) -> dict[int, str] | None:
    starts: dict[int, str] = {}
    known = {speaker[0] for speaker in ctx.seed.config.speakers}
    position = 0
    ok = True
    for decision in ctx.seed.config.turns:
        if decision.speaker not in known:
            ctx.diagnostics.error("T002", f"turn names speaker '{decision.speaker}', who is not in `speakers:`",
                                  ctx.seed.config.yaml_file, decision.yaml_line,
                                  hint="use one of: " + ", ".join(sorted(known)))
            ok = False
            continue
        wanted = comparable(decision.starts)
        found = next((i for i in range(position, len(body)) if comparable(body[i].text).startswith(wanted)), None)
        if found is None:
            ctx.diagnostics.error("T002", f"no paragraph after the previous turn opens with “{decision.starts}”",
                                  ctx.seed.config.yaml_file, decision.yaml_line,
                                  hint="copy the first words of the turn's first paragraph from the source, "
                                       "and keep the turns in the order of the text")
            ok = False
            continue
        starts[found] = decision.speaker
        position = found + 1
    if ok and body and 0 not in starts:
        ctx.diagnostics.error("T002", "the conversation's first paragraph is not the start of any listed turn",
                              ctx.file, body[0].span.line,
                              hint="add a turn for it at the top of `turns:` in " + ctx.seed.config.yaml_file)
        ok = False
    return starts if ok else None


def _turn_starts_from_labels(body: list[Paragraph], labels: dict[int, str | None],
                             ctx: PassContext) -> dict[int, str] | None:
    starts = {i: speaker for i, para in enumerate(body) if (speaker := labels[id(para)]) is not None}
    if body and 0 not in starts:
        ctx.diagnostics.error("T002", "the conversation's first paragraph has no speaker label and the YAML lists "
                              "no turns", ctx.file, body[0].span.line,
                              hint=f"list every turn under `turns:` in {ctx.seed.config.yaml_file}")
        return None
    return starts


def _assign(body: list[Paragraph], starts: dict[int, str]) -> None:
    turn = 0
    speaker = ""
    for index, para in enumerate(body):
        if index in starts:
            turn += 1
            speaker = starts[index]
            para.turn_start = True
        para.speaker = speaker
        para.turn = turn


def _check_labels(body: list[Paragraph], labels: dict[int, str | None], ctx: PassContext) -> None:
    for para in body:
        label = labels[id(para)]
        if label is None:
            continue
        if label != para.speaker or not para.turn_start:
            ctx.diagnostics.error("T004", f"the source labels this paragraph '{label}' but the YAML gives it to "
                                  f"'{para.speaker}'" + ("" if para.turn_start else " as a continuing paragraph"),
                                  ctx.file, para.span.line, 1,
                                  hint=f"correct `turns:` in {ctx.seed.config.yaml_file}")


def _check_alternation(body: list[Paragraph], ctx: PassContext) -> None:
    cycle = ctx.seed.config.alternation
    if not cycle:
        return
    turn_starts = [p for p in body if p.turn_start]
    for index, para in enumerate(turn_starts):
        expected = cycle[index % len(cycle)]
        if para.speaker != expected:
            ctx.diagnostics.error("T003", f"turn {index + 1} is given to '{para.speaker}' but the declared "
                                  f"alternation {list(cycle)} expects '{expected}'", ctx.file, para.span.line,
                                  hint=f"check `turns:` and `alternation:` in {ctx.seed.config.yaml_file}")
            return
