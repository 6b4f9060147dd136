"""Guess a scraped web page's metadata for `add-text`: profile, kind, title, authors, date, speakers.

Everything here reads the page's shape, never one site's words (except the site profiles,
which are recognised by the site's own name, as their profile files say). The editor reviews
the guess: what is unsure goes to `Guess.notes`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import datetime

from build_tools.passes.anchor_headings import slugify
from build_tools.sniff.guess import Guess, GuessedAuthor, GuessedSpeaker

# Site profiles layered on web-page, recognised by the site's name printed on its own line.
SITE_PROFILES = {"social-europe": re.compile(r"^\s*Social Europe\s*$", re.M)}
SITE_NAMES = {"social-europe": "Social Europe"}

_WEB_SIGNS = [
    re.compile(r"^\s*(?:Skip to (?:main )?content|\(BUTTON\)|Share|Related posts?|Read more|Primary Menu|"
               r"Show navigation|Search)\b", re.M | re.I),
    re.compile(r"^\s*(?:[•*□]|\d{1,3}\.)\s+\S.{0,30}$", re.M),  # menus
    re.compile(r"\]\(https?://|^#{1,6}\s|&#\d+;|\*\*[^*\n]+:\*\*", re.M),  # Markdown, entities, bold labels
    re.compile(r"©|Privacy|Terms of use|Cookie|Subscribe|Newsletter", re.I),
]
_PDF_SIGNS = re.compile(r"\f|<<PAGE_BREAK>>|Electronic copy available|^\s*\d{1,3}\s*$", re.M)

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATES = [
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+(\d{{4}})\b"), "dmy"),
    (re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), "mdy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
]
_LABEL = re.compile(r"^[ \t]*(?:\*\*|__)?(?P<name>[A-Z][\w.’' -]{0,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+\S", re.M)
_PSEUDO = re.compile(r"^(?:Break|Ad break|Intro|Outro|Music|Sponsor|Transition|Note|Update|Photo|Source|Image|"
                     r"Credit|Tags?|Categories|Share|By|Email|Contact|Posted|Published)$", re.I)
_QUESTION_HEADING = re.compile(r"^#{1,6}\s+\*\*[^\n]*?\?\*\*\s*$|^#{1,6}\s+\*\*[^\n]*\n[^\n]*\?\*\*\s*$", re.M)
_BYLINE = re.compile(r"^\s*(?:By\s+(?P<by>[A-Z][\w.'’ -]{2,60}?)(?:\s*[•·|,]|\s+\d|\s*$)|"
                     r".*\bby\s+(?P<by2>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\.?\s*$|"
                     r"Posted by\s+(?P<by3>[A-Z][\w.'’ -]{2,60}?)\.?\s*$)", re.M)
_PERSON = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w.'’-]*){1,3}$")
_NAME_DATE = re.compile(rf"^\s*(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w.'’-]+){{1,3}}),? "
                        rf"(?:\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})|(?:{_MONTHS}) \d{{1,2}},?) \d{{4}}\s*$", re.M)
_AVATAR = re.compile(r"!\[Image of ([^\]]+)\]")


# Shapes of a whole dump rather than of one line: lynx's three-space margin and its bracketed
# links and images ("[RSS of Blog]", "[logo_2x]"); a page saved as text, one line per paragraph;
# a transcript's turns, two or more speakers labelled again and again.
_LYNX_MARGIN = re.compile(r"^   \S")
_LYNX_BRACKETS = re.compile(r"^\s*\[[\w.-]*[A-Za-z][\w.-]*\]\s*$"
                            r"|\[(?:RSS|IMG|BUTTON|LINK|INLINE|image)\b[^\]\n]{0,40}\]", re.M)
_SHAPE_SHARE = 0.3  # of the non-blank lines (of the long ones, for one line per paragraph)
_PARAGRAPH_LINE = 200  # characters: no printed page has lines this long
_TURNS_PER_SPEAKER = 3


def _dump_shapes(head: str) -> int:
    """How many of the whole-dump shapes above the text has."""
    lines = [line for line in head.split("\n") if line.strip()]
    if not lines:
        return 0
    long_lines = [line for line in lines if len(line) > 40]
    labels = Counter(m.group("name").strip() for m in _LABEL.finditer(head))
    speakers = [name for name, count in labels.items() if count >= _TURNS_PER_SPEAKER and len(name.split()) <= 3
                and not re.search(r"\d", name) and not _PSEUDO.match(name)]
    return sum([
        sum(1 for line in lines if _LYNX_MARGIN.match(line)) >= _SHAPE_SHARE * len(lines),
        len(_LYNX_BRACKETS.findall(head)) >= 2,
        bool(long_lines)
        and sum(1 for line in long_lines if len(line) > _PARAGRAPH_LINE) >= _SHAPE_SHARE * len(long_lines),
        len(speakers) >= 2,
    ])


def looks_like_web(text: str) -> float:
    """How much the text looks like a scraped web page (0..1); the PDF sniffer has its own score."""
    head = text[:200_000]
    score = sum(0.2 for sign in _WEB_SIGNS if sign.search(head))
    if _LABEL.search(head):
        score += 0.1
    score += 0.2 * _dump_shapes(head)
    pdf = len(_PDF_SIGNS.findall(head))
    score -= min(0.5, pdf / 40)
    return max(0.0, min(1.0, score + 0.1))


def _iso(match: re.Match[str], order: str) -> str:
    try:
        if order == "iso":
            return datetime(int(match.group(1)), int(match.group(2)), int(match.group(3))).date().isoformat()
        day, month, year = ((match.group(1), match.group(2), match.group(3)) if order == "dmy"
                            else (match.group(2), match.group(1), match.group(3)))
        return datetime.strptime(f"{int(day)} {month} {year}", "%d %B %Y").date().isoformat()
    except ValueError:
        return ""


_DATE_LINE_WORDS = 10


def _date(lines: list[str], near: int) -> str:
    """The first date printed within a few lines of the title (else on a short line anywhere, as a
    footer's "Posted on …"; a date inside a sentence of the body is no date of the page)."""
    windows = [lines[max(0, near - 6):near + 8], [line for line in lines if len(line.split()) <= _DATE_LINE_WORDS]]
    for window in windows:
        for line in window:
            for pattern, order in _DATES:
                match = pattern.search(line)
                if match and (found := _iso(match, order)):
                    return found
    return ""


def _blocks(text: str) -> list[str]:
    """Paragraph-like blocks: runs of non-blank lines joined."""
    return [" ".join(line.strip() for line in chunk.split("\n")) for chunk in re.split(r"\n\s*\n", text)
            if chunk.strip()]


_CHROME_TITLE = re.compile(r"(?i)^(?:skip to|menu\b|show navigation|search|related|share|\(button\)|"
                           r"primary menu|back to|tag cloud|powered by|news|blog|home)\b")
_BYLINE_START = re.compile(r"(?i)^(?:by|posted|published|written|words|text|interview)\b")  # a byline, not the title
_STRIP = re.compile(r"!?\[\s*([^\]]*?)\s*\]\([^)]*\)|^#{1,6}\s+|\s+#$|[*_]{1,2}|\s*\(BUTTON\).*$")


def _clean(line: str) -> str:
    return " ".join(_STRIP.sub(r"\1", line).split()).strip()


def _first_prose_line(lines: list[str]) -> int:
    """The line where the first paragraph of running text (30 words or more) starts."""
    start, words = 0, 0
    for number, line in enumerate(lines):
        if not line.strip():
            start, words = number + 1, 0
            continue
        words += len(line.split())
        if words >= _BODY_WORDS and re.search(r"[a-z]{3,}[,.;]?\s+[a-z]{3,}\s+[a-z]{3,}", line):
            return start
    return len(lines)


def _title(text: str) -> tuple[str, int]:
    """The page's title and its line: a Markdown `# ` heading that is not the site's name, else the
    line right above the first date line, else the first plausible short line."""
    lines = text.split("\n")
    body_starts = _first_prose_line(lines)
    # A `# ` line inside the piece is a code sample's; of those above it, the last is the piece's
    # (a site may set its own name as a `# ` heading too, higher up).
    marked = [(_clean(line), number) for number, line in enumerate(lines[:body_starts])
              if re.match(r"^#{1,2}\s+\S", line) and "](" not in line]
    if marked:
        return marked[-1]
    for number, line in enumerate(lines[:body_starts]):  # a date in the body is no dateline
        if any(pattern.search(line) for pattern, _ in _DATES) and len(line.split()) <= 14:
            for back in range(number - 1, max(-1, number - 5), -1):
                candidate = _clean(lines[back])
                if (3 <= len(candidate.split()) <= 20 and not _CHROME_TITLE.match(candidate)
                        and not _BYLINE_START.match(candidate)
                        and not candidate.endswith((".", ":")) and not re.match(r"^[•*□\d]", candidate)):
                    return candidate, back
            break
    return _title_above_body(text)


_BODY_WORDS = 30


def _margin(text: str) -> int:
    """The indentation most long lines have (lynx sets its text three spaces in)."""
    counts = Counter(len(line) - len(line.lstrip(" ")) for line in text.split("\n") if len(line.strip()) > 40)
    return max(counts, key=lambda k: (counts[k], -k)) if counts else 0


def _title_above_body(text: str) -> tuple[str, int]:
    """The last heading-like block above the first long paragraph (the body's start)."""
    chunks = [(m.start(), m.group(0)) for m in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", text)]
    blocks = [(offset, " ".join(line.strip() for line in chunk.split("\n"))) for offset, chunk in chunks]
    margin = _margin(text)
    # lynx sets the text in and its headings at the edge: a line at the margin is no title
    set_in = [margin >= 2 and len(chunk) - len(chunk.lstrip(" ")) >= margin for _, chunk in chunks]
    body = next((i for i, (_, block) in enumerate(blocks) if len(block.split()) >= _BODY_WORDS), len(blocks))
    nearest = True  # no short line between this block and the body yet
    for at in range(body - 1, -1, -1):
        offset, block = blocks[at]
        candidate = _clean(block)
        # A title of one or two words ("Aliasing") only right above the body (a sentence or a list
        # may stand between), where the page's own heading stands; higher up, short lines are the
        # site's menus and name.
        least = 1 if nearest else 3
        nearest = nearest and bool(re.match(r"^\s*[•*□-]\s", block) or re.search(r"[.:!?]\s*$", block))
        if set_in[at]:
            continue
        exclaims = candidate.endswith("!") and 2 <= len(candidate.split()) <= 6  # "Hello, World!", not "Yes!"
        if (least <= len(candidate.split()) <= 20 and not _CHROME_TITLE.match(candidate) and candidate[:1].isupper()
                and not _BYLINE_START.match(candidate)
                and (exclaims or not candidate.endswith((".", ":", "…", "!"))) and "_" not in candidate.split()[0]
                and not re.match(r"^[•*□\[\d]", block.strip())):
            if candidate.endswith("?") and at > 0:
                # A question right under a heading that is none (a FAQ's first question under
                # "Frequently Asked Questions"): the heading above is the page's title.
                above_offset, above = blocks[at - 1]
                upper = _clean(above)
                if (3 <= len(upper.split()) <= 12 and upper[:1].isupper() and not _CHROME_TITLE.match(upper)
                        and not re.search(r"[.:!?…,;]$", upper) and not re.match(r"^[•*□\[\d]", above.strip())):
                    return upper, text.count("\n", 0, above_offset)
            return candidate, text.count("\n", 0, offset)
    return "", 0


def _split_name(name: str) -> GuessedAuthor:
    parts = name.split()
    return GuessedAuthor(family=parts[-1] if parts else name, given=" ".join(parts[:-1]))


def _slug(name: str) -> str:
    found = slugify(name)  # ("Tomás Ribeiro" → tomas-ribeiro)
    return "speaker" if found == "section" and "section" not in name.lower() else found


def guess_web(text: str) -> Guess:
    """What `add-text` proposes for a scraped page's text.yml."""
    text = html.unescape(text) if re.search(r"&#\d+;|&quot;|&amp;", text) else text
    profile = next((name for name, sign in SITE_PROFILES.items() if sign.search(text)), "web-page")
    title, at = _title(text)
    lines = text.split("\n")
    guess = Guess(profile=profile, kind="essay", title=title, date=_date(lines, at),
                  container=SITE_NAMES.get(profile, ""))
    labels = Counter(_as_printed(m.group("name").strip(), text) for m in _LABEL.finditer(text))
    named = [name for name in labels if _PERSON.match(name) and not _PSEUDO.match(name)]
    speakers = [(name, count) for name, count in labels.most_common()
                if not _PSEUDO.match(name) and len(name.split()) <= 4
                and (count >= 2 or (len(named) >= 2 and name in named))]
    # "MK:" after "MARIA KELLER:": a named speaker's initials, the same speaker (attribute_turns knows them)
    initials = {"".join(w[0] for w in name.split()).upper() for name in named}
    speakers = [(name, count) for name, count in speakers if name not in initials or name in ("Q", "A")]
    qa = {"Q", "A"} <= {name for name, _ in speakers}
    questions = len(_QUESTION_HEADING.findall(text))
    authors = _authors(text, lines, at)
    if qa:
        # The page names only the person asked: the title's subject ("Introducing Jane Doe, …"),
        # else the byline's name; a page that names nobody gets the role as the name.
        interviewee = next((a for a in authors if a.family), None)
        subject = _subject(title) or (f"{interviewee.given} {interviewee.family}".strip() if interviewee else "")
        guess.speakers = [GuessedSpeaker("interviewer", "Interviewer", "interviewer", ["Q"]),
                          GuessedSpeaker(_slug(subject) if subject else "interviewee",
                                         subject or "Interviewee", "interviewee", ["A"])]
        guess.notes.append("Q:/A: labels: name the interviewer and check the interviewee")
    elif len(speakers) >= 2:
        first = _first_label(text, [name for name, _ in speakers])
        guess.speakers = [GuessedSpeaker(_slug(name), _as_name(name), "interviewer" if name == first else "interviewee")
                          for name, _ in speakers if name not in ("Q", "A")]
    elif questions >= 2:
        guess.speakers = [GuessedSpeaker("interviewer", "Interviewer", "interviewer")]
        subject = _subject(title)
        guess.speakers.append(GuessedSpeaker(_slug(subject) if subject else "interviewee",
                                             subject or "Interviewee", "interviewee"))
        guess.notes.append("questions set as headings: check the interviewer's and interviewee's names")
    if guess.speakers:
        guess.kind = "interview"
        interviewers = [s for s in guess.speakers if s.role == "interviewer"]
        others = [s for s in guess.speakers if s.role != "interviewer"]
        if len(interviewers) == 1 and len(others) == 1:
            guess.alternation = [interviewers[0].id, others[0].id]
        roles = {s.name: s.role for s in guess.speakers}
        authors = [GuessedAuthor(a.family, a.given, roles.get(f"{a.given} {a.family}".strip(), a.role))
                   for a in authors]
        for s in guess.speakers:  # every named speaker is an author of an interview
            if s.name not in ("Interviewer", "Interviewee") and all(
                    f"{a.given} {a.family}".strip() != s.name for a in authors):
                authors.append(GuessedAuthor(_split_name(s.name).family, _split_name(s.name).given, s.role))
        if not authors:
            authors = [GuessedAuthor(_split_name(s.name).family, _split_name(s.name).given,
                                     s.role) for s in guess.speakers if s.name not in ("Interviewer", "Interviewee")]
    guess.authors = authors
    if not title:
        guess.notes.append("no title found on the page: write it in text.yml")
    return guess


def _as_name(label: str) -> str:
    """A speaker's name as written in a byline: "MARIA KELLER" → "Maria Keller" (a label in capitals)."""
    return label.title() if label.isupper() and len(label) > 3 else label


def _first_label(text: str, names: list[str]) -> str:
    match = next((m for m in _LABEL.finditer(text) if _as_printed(m.group("name").strip(), text) in names), None)
    return _as_printed(match.group("name").strip(), text) if match else ""


def _as_printed(label: str, text: str) -> str:
    """A label in capitals ("ROBIN WILSON:", as news sites print them) as the page writes the name
    elsewhere ("By Robin Wilson"), else in title case; any other label as it stands."""
    if not (label.isupper() and len(label.replace(" ", "")) > 3 and " " in label):
        return label
    pattern = r"\b" + r"\s+".join(re.escape(part) for part in label.split()) + r"\b"
    written = next((m.group(0) for m in re.finditer(pattern, text, re.I) if not m.group(0).isupper()), None)
    return " ".join(written.split()) if written else label.title()


_NAME = r"(?!(?:The|Our|Your|My|A|An|This|New)\b)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,2}"
# Titles that name the person a profile interview is about: "Leader spotlight: Jane Doe",
# "Introducing Jane Doe, new CEO at …", "Meet Jane Doe", "An interview with Jane Doe", "Q&A with …".
_SUBJECT = [re.compile(rf"(?::|—|–|-)\s*(?P<name>{_NAME})\s*$"),
            re.compile(rf"\b(?:Introducing|Meet|[Ii]nterview(?:ing)? with|Q ?& ?A with|[Cc]onversation with|"
                       rf"[Tt]alking (?:to|with)|[Ss]potlight on|[Gg]etting to know)\s+(?P<name>{_NAME})"
                       rf"(?=\s*(?:[,:—–(]|-\s|’s\b|'s\b|$))")]


def _subject(title: str) -> str:
    """The person a profile interview is about, from its title."""
    for shape in _SUBJECT:
        match = shape.search(title)
        if match:
            return " ".join(match.group("name").split())
    return ""


def _authors(text: str, lines: list[str], at: int) -> list[GuessedAuthor]:
    window = "\n".join(lines[at:at + 10])
    for source in (window, text):
        dated = _NAME_DATE.search(source)
        if dated:
            return [_split_name(dated.group("name"))]
        avatar = _AVATAR.search(source)
        if avatar:
            return [_split_name(" ".join(avatar.group(1).split()))]
        match = _BYLINE.search(source)
        if match:
            name = (match.group("by") or match.group("by2") or match.group("by3") or "").strip().rstrip(".")
            if name:
                return [_split_name(name)]
    return []
