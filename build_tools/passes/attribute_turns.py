"""Pass: attribute every turn of a conversation to its speaker.

Pages label turns in many ways: a name and a colon ("Robin Wilson: …", "**Jack Dorsey:**"),
initials after the first turn ("RW:", "TR", "H.G.W.:" — the speakers' `aliases:` in the
YAML, or the initials of a declared name), a declared name with no colon ("Jane Doe Would
you…"), a role ("Q:" / "A:"), or a question set as a heading or in bold (`## **…?**`). The
source's own labels are stripped from the text (the edition prints a label on every turn
instead); a label naming nobody declared stays text (T001), a pseudo-turn ("**Break:**") is
no speaker. An unlabelled paragraph continues the turn before it, unless its form says it is
the interviewer's next question (a short question after an answer, in a text whose labelled
questions are the interviewer's); a paragraph that cannot be told is left unattributed with a
pending T005. The YAML's `turns:` lists only the exceptions (each turn's speaker and the words
its first paragraph opens with, white space normalised); it overrides the guess where it
speaks and is checked against the source's labels (T004). Declared alternation is checked.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from build_tools.load.config import Profile
from build_tools.model import Document, Emphasis, Inline, Paragraph, Removal, Role, Span, Speaker, Strong, Text
from build_tools.passes.context import PassContext

_FOLD_MARKS = [*((mark, "'") for mark in "‘’‚‛′"), *((mark, '"') for mark in "“”„‟″"),
               *((mark, "-") for mark in "‐‑‒–—")]


def fold_marks(text: str) -> str:
    """Every quotation mark, prime and dash made ASCII. One `str.replace` per mark (each a scan
    in C) rather than `str.translate` with a table, which looks up every character in Python's
    dict: ten times slower on a paragraph. The replacements are ASCII, no mark: the order is free."""
    for mark, plain in _FOLD_MARKS:
        text = text.replace(mark, plain)
    return text


def comparable(text: str) -> str:
    """Text folded for matching an editor's quotation: quotes, dashes and spaces unified."""
    return " ".join(fold_marks(unicodedata.normalize("NFC", text)).split())


_LEAD = 64  # characters: white space a paragraph opens with, looked through before the whole is stripped


def opens_with(text: str, wanted: str) -> bool:
    """`comparable(text).startswith(wanted)`, folding only as much of `text` as can matter: a
    paragraph is long, the words the YAML quotes are few.

    The text is cut before an ASCII character, which nothing composes with and which is no
    accent of the character before (Unicode normalises the two sides apart), so the cut's fold
    is the start of the whole text's fold; it is enough when it is as long as `wanted`.
    """
    if wanted and wanted[0].isascii():
        # A first character that is ASCII and another is the answer, before any folding: nothing
        # folds to or from an ASCII character but the marks, and an accent after it makes it no ASCII.
        first = text[:_LEAD].lstrip()[:1] or text.lstrip()[:1]
        if first.isascii() and first != wanted[0]:
            return False
    cut = 2 * len(wanted) + 16
    while cut < len(text) and cut < 4 * len(wanted) + 64 and not text[cut].isascii():
        cut += 1
    if cut < len(text) and text[cut].isascii():
        head = comparable(text[:cut])
        if len(head) >= len(wanted):
            return head.startswith(wanted)
    return comparable(text).startswith(wanted)


@dataclass
class _Label:
    speaker: str | None  # speaker id; None for a pseudo-turn ("Break")
    said: str  # the name or initials the label gives
    printed: str = ""  # the whole label as the source prints it ("R.W.:"), for the removal report


PSEUDO = ""  # the speaker of a pseudo-turn: nobody


def run(doc: Document, ctx: PassContext) -> None:
    config = ctx.seed.config
    if not config.speakers:
        return
    doc.speakers = [Speaker(*speaker) for speaker in config.speakers]
    names = _label_names(doc.speakers, config.speaker_aliases, ctx.seed.profile)
    body = list(doc.paragraphs(Role.BODY))
    said_alone = _name_label_order(names) if ctx.seed.profile.web and ctx.seed.profile.web.name_labels else {}
    labels = {id(p): _strip_label(p, names, said_alone, doc.speakers, ctx) for p in body}
    source_labels = {key: (found.speaker if found else None) for key, found in labels.items()}
    _record_aliases(doc, body, labels)
    starts = {i: source_labels[id(p)] or PSEUDO for i, p in enumerate(body) if labels[id(p)] is not None}
    if config.turns:
        anchored = _turn_starts_from_yaml(body, ctx)
        if anchored is None:
            return
        _check_labels(body, source_labels, anchored, ctx)
        starts.update(anchored)
    if not starts:
        ctx.diagnostics.error("T002", "the conversation's first paragraph has no speaker label and the YAML lists "
                              "no turns", ctx.file, body[0].span.line if body else 0,
                              hint=f"list the turns the labels do not show under `turns:` in {config.yaml_file}")
        return
    set_questions = {i for i, p in enumerate(body) if (found := labels[id(p)]) is not None and found.said == ""}
    _assign(body, starts, set_questions, doc.speakers, ctx)
    _check_alternation(body, ctx)


# --- labels -------------------------------------------------------------------------------

_NAME_PARTS = re.compile(r"[\s-]+")  # (patterns of a module compiled with it: none compiled again by a cold run)


def _initials(name: str) -> list[str]:
    parts = [p for p in _NAME_PARTS.split(name) if p[:1].isupper()]
    if len(parts) < 2:
        return []
    letters = [p[0] for p in parts]
    return ["".join(letters), ".".join(letters) + ".", ". ".join(letters) + "."]


def _label_names(speakers: list[Speaker], aliases: tuple[tuple[str, str], ...], profile: Profile) -> dict[str, str]:
    """Every label that names a speaker: names, aliases, initials of names (when unambiguous), roles."""
    names: dict[str, str] = {}
    derived: dict[str, set[str]] = {}
    for speaker in speakers:
        for form in _initials(speaker.name):
            derived.setdefault(form, set()).add(speaker.id)
    names.update({form: next(iter(ids)) for form, ids in derived.items() if len(ids) == 1})
    web = profile.web
    for label, role in web.role_labels if web else ():
        holders = [s.id for s in speakers if s.role == role]
        if len(holders) == 1:
            names[label] = holders[0]
    names.update({speaker.name.upper(): speaker.id for speaker in speakers if " " in speaker.name})  # "JANE DOE:"
    names.update({speaker.name: speaker.id for speaker in speakers})
    names.update(dict(aliases))
    return names


_BOLD_QUESTION = re.compile(r"^#{1,6}\s+")


def _strip_label(para: Paragraph, names: dict[str, str], said_alone: dict[str, tuple[str, ...]],
                 speakers: list[Speaker], ctx: PassContext) -> _Label | None:
    """Remove a speaker label from the paragraph's start; return whom it names. (`said_alone`: the
    names a label without a colon may give, in the order they are tried, `_name_label_order`.)"""
    profile = ctx.seed.profile
    web = profile.web
    text = para.text
    label = profile.speaker_label
    match = label.match(text) if label is not None else None
    if match is not None:
        groups = match.groupdict()
        said = groups.get("name") or groups.get("initials") or ""
        if said in names:
            _drop_chars(para, match.end())
            return _Label(names[said], said, match.group(0).strip())
        if web is not None and web.pseudo_turns is not None and web.pseudo_turns.match(said):
            return _Label(None, said)
        if groups.get("name"):
            ctx.diagnostics.warning("T001", f"“{said}:” looks like a speaker label but names no speaker of the YAML; "
                                    "kept as text", ctx.file, para.span.line, 1,
                                    hint=f"if it is a speaker, add them (or an alias) to `speakers:` in "
                                         f"{ctx.seed.config.yaml_file}")
    if web is None:
        return None
    if web.name_labels:
        found = _name_label(text, said_alone)
        if found is not None:
            _drop_chars(para, found[1])
            return _Label(names[found[0]], found[0])
    if web.question_headings and _is_set_question(para):
        interviewers = [s.id for s in speakers if s.role == "interviewer"]
        if len(interviewers) == 1:
            heading = _BOLD_QUESTION.match(text)
            if heading is not None:
                _drop_chars(para, heading.end())
            return _Label(interviewers[0], "")
    return None


def _name_label_order(names: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """The names a label without a colon may give ("Jane Doe Would you…"), longest first (the
    longest name that opens the paragraph is the label), by their first character (a paragraph is
    tried against the names it opens with: most open with none); names of three letters or fewer
    are too likely to be a word ("Ash", "Tom")."""
    by_first: dict[str, tuple[str, ...]] = {}
    for name in sorted(names, key=len, reverse=True):
        if len(name) > 3:
            by_first[name[0]] = (*by_first.get(name[0], ()), name)
    return by_first


_MARKUP = ("**", "__")  # bold around a name
_NEXT_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ“\"‘'")  # what the label's next word may open with


def _name_label(text: str, names: dict[str, tuple[str, ...]]) -> tuple[str, int] | None:
    r"""The declared name opening the paragraph without a colon, and where its label ends: the match
    of `^(?:\*\*|__)?(?P<name>…)(?:\*\*|__)?\s+(?=[A-Z“"‘'])` with the names as its alternatives,
    tried in the same order (bold before none, each name in `_name_label_order`'s order, bold after
    it before none: a name not opening with the character there cannot match). Told by
    `str.startswith`s: a pattern of the names would be compiled for each text (each has its own
    speakers), about 0.3 ms, more than all its paragraphs take to be matched."""
    for start in (2, 0) if text.startswith(_MARKUP) else (0,):
        for name in names.get(text[start:start + 1], ()):
            if text.startswith(name, start):
                after = start + len(name)
                for end in (after + 2, after) if text.startswith(_MARKUP, after) else (after,):
                    stop = _spaces_before_word(text, end)
                    if stop is not None:
                        return name, stop
    return None


def _spaces_before_word(text: str, at: int) -> int | None:
    r"""`\s+(?=[A-Z“"‘'])` matched at `at`: where the spaces end (None if they do not, or are not
    followed by a word `_NEXT_WORD` may open). Backtracking through the spaces is of no use: what
    it would leave after them is a space, no opening. (`str.isspace` is what `\s` matches.)"""
    stop = at
    while stop < len(text) and text[stop].isspace():
        stop += 1
    if stop == at or stop == len(text) or text[stop] not in _NEXT_WORD:
        return None
    return stop


def _is_set_question(para: Paragraph) -> bool:
    """A question set as a heading (`## …?`) or wholly in bold."""
    text = para.text.strip()
    if not text.rstrip("*_ ").endswith("?"):
        return False
    if _BOLD_QUESTION.match(text):
        return True
    content = [node for node in para.inlines if not (isinstance(node, Text) and not node.text.strip())]
    return len(content) == 1 and isinstance(content[0], Strong)


def _drop_chars(para: Paragraph, count: int) -> None:
    """Remove the first `count` characters of the paragraph's text (a label), through its markup."""
    _drop_leading(para.inlines, count)
    if para.inlines and isinstance(para.inlines[0], Text):
        para.inlines[0].text = para.inlines[0].text.lstrip()


def _drop_leading(nodes: list[Inline], left: int) -> int:
    """`left` characters dropped from the start of `nodes`; what is still to drop after them.
    (Not a closure: a recursive closure is a reference cycle, left for the cycle collector.)"""
    while nodes and left > 0:
        node = nodes[0]
        if isinstance(node, Text):
            taken = min(left, len(node.text))
            node.text = node.text[taken:]
            left -= taken
        elif isinstance(node, (Strong, Emphasis)):
            left = _drop_leading(node.children, left)
        else:
            break
        if (isinstance(node, Text) and not node.text) or (isinstance(node, (Strong, Emphasis))
                                                           and not node.children):
            nodes.pop(0)
    return left


ALIAS_RULE = "speaker-initials"
ALIAS_WHY = ("The source's own short label for the speaker (initials, or Q and A); the edition prints the speaker's "
             "full name at every turn instead.")


def _record_aliases(doc: Document, body: list[Paragraph], labels: dict[int, _Label | None]) -> None:
    """A label in initials is not in the edition (the full name is), so it goes to the removal report."""
    full_names = {speaker.name for speaker in doc.speakers}
    for para in body:
        found = labels[id(para)]
        if found is not None and found.speaker is not None and found.said and found.said not in full_names:
            span = Span(para.span.file, para.span.line, para.span.line)
            doc.removals.append(Removal(ALIAS_RULE, ALIAS_WHY, found.printed or found.said, span))


# --- the YAML's turns ---------------------------------------------------------------------

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
        found = next((i for i in range(position, len(body)) if opens_with(body[i].text, wanted)), None)
        if found is None:
            ctx.diagnostics.error("T002", f"no paragraph after the previous turn opens with “{decision.starts}”",
                                  ctx.seed.config.yaml_file, decision.yaml_line,
                                  hint="copy the first words of the turn's first paragraph from the source, "
                                       "and keep the turns in the order of the text")
            ok = False
            continue
        starts[found] = decision.speaker
        position = found + 1
    return starts if ok else None


def _check_labels(body: list[Paragraph], labels: dict[int, str | None], anchored: dict[int, str],
                  ctx: PassContext) -> None:
    """A turn the YAML lists where the source's label names someone else: one of them is wrong."""
    for index, speaker in anchored.items():
        label = labels[id(body[index])]
        if label is not None and label != speaker:
            ctx.diagnostics.error("T004", f"the source labels this paragraph '{label}' but the YAML gives it to "
                                  f"'{speaker}'", ctx.file, body[index].span.line, 1,
                                  hint=f"correct `turns:` in {ctx.seed.config.yaml_file}")


# --- turns ----------------------------------------------------------------------------------

_QUESTION_MAX_WORDS = 120  # an interviewer's question may set out a whole argument first


def _assign(body: list[Paragraph], starts: dict[int, str], set_questions: set[int], speakers: list[Speaker],
            ctx: PassContext) -> None:
    roles = {s.id: s.role for s in speakers}
    interviewers = [s.id for s in speakers if s.role == "interviewer"]
    interviewees = [s for s in speakers if s.role == "interviewee"]
    questions = [body[i].text.rstrip().endswith("?") for i, s in starts.items() if roles.get(s) == "interviewer"]
    asks_questions = len(interviewers) == 1 and sum(questions) * 2 > len(questions) > 0
    first = min(starts)
    for para in body[:first]:  # the magazine's introduction before the first turn: front matter
        para.role = Role.STANDFIRST
    turn = 0
    speaker: str | None = None
    resume: str | None = None
    lead_in = ctx.seed.profile.web.lead_in if ctx.seed.profile.web else None
    lead_ins: set[int] = set()
    for index in range(first, len(body)):
        para = body[index]
        said = starts.get(index)
        if said is not None and index - 1 in lead_ins and said == speaker:
            said = None  # the labelled question goes on the turn its lead-in opened
        if said is None and speaker is not None and lead_in is not None and roles.get(speaker) == "interviewee" \
                and _leads_in(body, index, starts, roles, lead_in):
            said = starts[index + 1]
            lead_ins.add(index)
        elif said is None and index - 1 in set_questions:
            # a question set as a heading is one block: the answer follows it
            said = _answerer(interviewees, body[index], ctx)
        elif said is None and speaker is not None and asks_questions and roles.get(speaker) == "interviewee":
            said = (_question_by_form(body, index, starts, interviewers[0], roles, ctx)
                    or _thanks(body[index], interviewees, interviewers[0]))
        if said == PSEUDO:  # a pseudo-turn ("Break") is nobody's and interrupts the turn before it
            resume, speaker = speaker, None
            continue
        if said is not None and speaker is None and said == resume:
            speaker = said  # the same speaker after the break: the turn goes on
            said = None
        if said is not None:
            turn += 1
            speaker = said
            para.turn_start = True
        if speaker is None:
            continue
        para.speaker = speaker
        para.turn = turn


_LEAD_IN_MAX_WORDS = 10


def _leads_in(body: list[Paragraph], index: int, starts: dict[int, str], roles: dict[str, str],
              lead_in: re.Pattern[str]) -> bool:
    """An unlabelled paragraph of its own, short and of a lead-in's form ("Ok, now for a little
    fun."), right before a labelled turn of the interviewer, after an answer: the interviewer's."""
    text = body[index].text.strip()
    following = starts.get(index + 1)
    return (following is not None and roles.get(following) == "interviewer"
            and len(text.split()) <= _LEAD_IN_MAX_WORDS and lead_in.match(text) is not None)


def _answerer(interviewees: list[Speaker], para: Paragraph, ctx: PassContext) -> str:
    if len(interviewees) == 1:
        return interviewees[0].id
    ctx.diagnostics.pending("T005", "speaker not attributed: the answer to a question set as a heading, with "
                            f"{len(interviewees)} interviewees declared", ctx.file, para.span.line, 1,
                            hint=f"list its turn under `turns:` in {ctx.seed.config.yaml_file}")
    return PSEUDO


_THANKS_MAX_WORDS = 8


def _thanks(para: Paragraph, interviewees: list[Speaker], interviewer: str) -> str | None:
    """A short line after an answer that addresses the interviewee by name ("Thanks Jane!") is the interviewer's."""
    text = para.text
    if len(list(itertools.islice(_WORD.finditer(text), _THANKS_MAX_WORDS + 1))) > _THANKS_MAX_WORDS:
        return None  # (most paragraphs: told from their first words, not all of them)
    words = _WORD.findall(text)
    given = {s.name.split()[0] for s in interviewees if s.name.split()}
    return interviewer if given.intersection(words[1:]) else None


_WORD = re.compile(r"\w+")


def _question_by_form(body: list[Paragraph], index: int, starts: dict[int, str], interviewer: str,
                      roles: dict[str, str], ctx: PassContext) -> str | None:
    """An unlabelled paragraph after an answer: the interviewer's if it is a short question that an
    answer follows; a pending T005 if it is a question that is not short."""
    text = body[index].text.rstrip()
    if not text.endswith("?"):
        return None
    following = next((starts[i] for i in range(index + 1, len(body)) if i in starts), None)
    if following is not None and roles.get(following) == "interviewer":
        return None  # the next labelled turn is the interviewer's: this question is the answer's own
    if len(text.split()) <= _QUESTION_MAX_WORDS:
        return interviewer
    ctx.diagnostics.pending("T005", "this paragraph may be the interviewer's next question, but it is long; "
                            "left in the turn before it", ctx.file, body[index].span.line, 1,
                            hint=f"list its turn under `turns:` in {ctx.seed.config.yaml_file} if it is a new turn")
    return None


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
