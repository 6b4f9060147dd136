"""Pass: cut the normalised raw text into blocks, remembering each block's lines.

A profile says what a block is: `paragraphs` (a blank line ends a block) or `lines` (a web
page's text: every non-blank line is a block). A block of several lines keeps its line
breaks (`\\n`) for now: `strip_page_furniture` removes whole printed lines (page numbers,
running heads) by their line numbers, and `unwrap_lines` then joins what is left, mending
the typesetter's line-end hyphens. Each line is stripped of the white space around it
(trailing spaces, a form feed at a page's first line), which carries no word.
"""

from __future__ import annotations

import re

from build_tools.model import Document, Paragraph, Preformatted, Removal, Role, Span, Text
from build_tools.passes.context import PassContext


def run(doc: Document, ctx: PassContext) -> None:
    lines = ctx.source_lines
    if ctx.seed.profile.blocks == "web":
        _web_blocks(lines, doc, ctx)
        return
    doc.blocks.extend(_line_blocks(lines, ctx.file, per_line=ctx.seed.profile.blocks == "lines"))


def _line_blocks(lines: list[str], file: str, per_line: bool) -> list[Paragraph]:
    """`paragraphs`: each run of non-blank lines is a block; `lines`: each non-blank line.
    (Every line is stripped once, and a one-line block, the common case, takes its stripped line
    as it is: no per-block join.)"""
    stripped = stripped_lines(lines)
    if per_line:
        return [Paragraph([Text(text)], Span(file, number, number))
                for number, text in enumerate(stripped, start=1) if text]
    blocks: list[Paragraph] = []
    first = -1  # the index of the current block's first line, -1 between blocks
    for index, text in enumerate(stripped):
        if text:
            if first < 0:
                first = index
        elif first >= 0:
            blocks.append(_block(stripped, first, index, file))
            first = -1
    if first >= 0:
        blocks.append(_block(stripped, first, len(stripped), file))
    return blocks


_last_stripped: tuple[list[str] | None, list[str]] = (None, [])


def stripped_lines(lines: list[str]) -> list[str]:
    """Each line stripped of the white space around it (read only). The last list's answer is kept:
    `strip_page_furniture` reads the same lines, the text's `source_lines`, stripped the same way."""
    global _last_stripped
    if _last_stripped[0] is not lines:
        _last_stripped = (lines, [line.strip() for line in lines])
    return _last_stripped[1]


def _block(stripped: list[str], first: int, end: int, file: str) -> Paragraph:
    """The block of the stripped lines `first` to `end` (exclusive), with its 1-based line span."""
    text = stripped[first] if end - first == 1 else "\n".join(stripped[first:end])
    return Paragraph([Text(text)], Span(file, first + 1, end))


# --- `blocks: web`: a scraped page as a browser or html2text dumps it --------------------------
# Lines are either wrapped (lynx, w3m, html2text break paragraphs at ~80 columns) or one per
# paragraph or menu item. A line continues the block above only if its first word could not
# have fitted on the line above at the page's wrap width; a list item or a Markdown heading
# always starts a block. (Kept apart from the PDF modes above: it is the web profile's own.)
_ITEM = re.compile(r"^\s*(?:[•*+\-□◦▪·]|\d{1,3}[.)])(?:\s|$)|^#{1,6}\s")


_STAR_BULLET = re.compile(r"^[*+]\s+(?![*_\s-]+$)(?=\S)")  # not a rule (`* * *`)
_AUTHOR_HYPHEN = re.compile(r"[^\W\d_]-$")


def _wrap_width(lines: list[str]) -> int:
    # html2text leaves a list item on one line however long: it sets no width
    lengths = [len(line.rstrip()) for line in lines if line.strip() and "://" not in line and not _ITEM.match(line)]
    return max(lengths, default=0)


def _web_blocks(lines: list[str], doc: Document, ctx: PassContext) -> None:
    current: list[tuple[int, str]] = []
    margin = _margin(lines)
    headings: set[int] = set()
    if margin >= _DUMP_MARGIN:
        listings, headings = _outdented(lines, margin)
    else:
        listings = _code_listings(lines)
    in_listing = {n for first, last, _ in listings.values() for n in range(first, last + 1)}
    # the wrap width of the text, not of a code line that runs past it
    width = _wrap_width([line for number, line in enumerate(lines, start=1) if number not in in_listing])

    def flush() -> None:
        if current:
            # A list item's `*` (lynx, html2text) is the bullet w3m prints as `•`: printed as one, when
            # the item stands off the text's margin as lists do (a table's row `* expr * expr`, at the
            # margin, starts with an operator).
            first_line = current[0][1]
            text = first_line.strip()
            if len(first_line) - len(first_line.lstrip(" ")) != margin:
                text = _STAR_BULLET.sub("• ", text)
            # A browser wraps only at spaces and after a hyphen the author wrote ("well-" /
            # "being"): the hyphen stays and no space is put after it.
            for _, line in current[1:]:
                text += ("" if _AUTHOR_HYPHEN.search(text) else " ") + line.strip()
            # in a margin dump the layout tells the headings: a line at the margin is text
            hint = "heading" if current[0][0] in headings else "text" if margin >= _DUMP_MARGIN else None
            doc.blocks.append(Paragraph([Text(text)], Span(ctx.file, current[0][0], current[-1][0]), hint=hint))
            current.clear()

    for number, line in enumerate(lines, start=1):
        listing = listings.get(number)
        if listing is not None:
            flush()
            _add_listing(listing, lines, doc, ctx)
        if number in in_listing:
            continue
        if not line.strip():
            flush()
            continue
        if number in headings:
            flush()
        if current:
            previous = current[-1][1].rstrip()
            first_word = line.split()[0]
            wrapped = len(previous) + 1 + len(first_word) > width - 2
            if not wrapped or _ITEM.match(line):
                flush()
        current.append((number, line))
    flush()


# --- a dump with a margin (lynx) ---------------------------------------------------------------
# lynx sets the page's text three spaces in and prints only two things at the left edge: the
# headings (<h1>…<h6>) and preformatted text (<pre>: code, a shell session), the latter with no
# blank line between it and the paragraph that introduces it. So in a dump whose prose has a
# margin, an outdented line is a heading when it stands alone between blank lines, is short,
# does not read as code or close a sentence, and the page's text resumes at the margin under it;
# every other run of outdented lines (with the blank lines inside it) is one preformatted block.
_DUMP_MARGIN = 2
_HEADING_MAX_WORDS = 14
_CLOSES_SENTENCE = re.compile(r"[.,;:!]['’\"”)]*$")


def _outdented(lines: list[str], margin: int) -> tuple[dict[int, tuple[int, int, str]], set[int]]:
    """A margin dump's preformatted blocks (as `_code_listings` gives them) and heading lines."""
    def indent(k: int) -> int:
        return len(lines[k]) - len(lines[k].lstrip(" "))

    def blank(k: int) -> bool:
        return k < 0 or k >= len(lines) or not lines[k].strip()

    def next_text(k: int) -> int:
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k

    outdented = [bool(line.strip()) and indent(k) < margin for k, line in enumerate(lines)]
    headings: set[int] = set()
    for k, line in enumerate(lines):
        after = next_text(k + 1)
        if (outdented[k] and blank(k - 1) and blank(k + 1) and len(line.split()) <= _HEADING_MAX_WORDS
                and not _CLOSES_SENTENCE.search(line.strip()) and not _code_score(line)
                and (after >= len(lines) or indent(after) >= margin)):
            headings.add(k + 1)
    listings: dict[int, tuple[int, int, str]] = {}
    k = 0
    while k < len(lines):
        if not outdented[k] or k + 1 in headings:
            k += 1
            continue
        end = k
        while end < len(lines) and ((outdented[end] and end + 1 not in headings) or blank(end)
                                    or (indent(end) > margin and not _ITEM.match(lines[end].strip()))):
            end += 1  # a code line indented past the margin ("    1 + 1") is still the listing's
        last = end - 1
        # blank lines, or a quotation set past the margin after the listing (it reads as prose)
        while not outdented[last] and (blank(last) or _wordy(lines[last]) or _PROSE_END.search(lines[last])):
            last -= 1
        end = last + 1
        start = k  # a listing's first lines may be set in by its own spaces, right under the text
        while (start > 0 and not blank(start - 1) and indent(start - 1) > margin
               and not _ITEM.match(lines[start - 1].strip()) and not _wordy(lines[start - 1])):
            start -= 1
        single = last == start and blank(start - 1)
        if not single or _reads_as_code([lines[k]], 0):
            listings[start + 1] = (start + 1, last + 1, "")
        k = end
    return listings, headings


# --- code listings --------------------------------------------------------------------------
# A page's code is kept line for line (a `Preformatted` block): a fenced block (```), or a run of
# lines set off by blank lines that reads as code — indented four spaces past the page's margin
# as html2text prints <pre>, or at the margin as w3m and lynx do. Code is told from prose and
# from menus by its form: most of its lines end in `;`, `{` or `}`, call a function, use an
# operator, or are a command line or a comment. A block quote, which text browsers indent too,
# reads as prose and stays a paragraph.
# A fence stands at most three spaces in (as CommonMark has it): deeper, it is a line of a listing
# set in four spaces (html2text's <pre> showing a Markdown sample).
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)\s*$")
_CODE_LINE = [re.compile(pattern) for pattern in (
    r"[;{}]\s*$|^\s*[}\])]",  # statement ends, braces
    r"^\s*(?://|/\*|\*/|#include\b|#define\b|#!|\$ |>>> |% )",  # comments, includes, prompts
    r"^\s*(?:import|from \S+ import|def|class|return|const|let|var|function|public|private|static|int|void|"
    r"char|fn|func|package|if \(|for \(|while \()\b",  # keywords opening a statement
    r"=>|->|::|==|!=|&&|\|\||\+\+|\+=|\s=\s|\w\.\w+\(|\w\(\S*\)$",  # operators, calls
    r"^\s*\((?:[a-z][\w.$-]*)(?:\s|$)",  # an S-expression
    r"^\s*[A-Z][A-Z0-9]*_[A-Z0-9_]+\s*$",  # a macro on its own line
    r"^(?:\$\s)?[a-z][\w.-]*(?:\s+(?:-{1,2}[\w=.-]+|[\w./-]+\.\w+))+\s*$",  # a command line
)]
_PROSE_END = re.compile(r"[.!?:,]\s*$|[.!?]\s+[A-Z]")
_PROMPT = re.compile(r"^\s*(?:\$|>>>|PS>)\s+\S")
_PROMPT_MAX_WORDS = 20
_CMD_PROMPT = re.compile(r"^\s*>\s+[a-z.\\/][\w.\\/-]*(?:\s+\S+){0,6}\s*$")
_CLOSER = re.compile(r"^\s*[}\])][\s}\]);,]*$")
_PROSE_WORDS = 5  # a program's output ("hello, world!") may end like a sentence; a sentence is longer


def _code_score(line: str) -> int:
    return sum(1 for pattern in _CODE_LINE if pattern.search(line))


_PLAIN_WORD = re.compile(r"^[(“\"‘']?[A-Za-z][a-z’']*[)”\"’',.;:!?]{0,2}$")
_WORDY_MIN = 8


def _wordy(line: str) -> bool:
    """A line of running text wrapped at the page's width: eight words or more, nearly all of them
    plain words (a code line has names joined by dots, brackets, operators)."""
    words = line.split()
    return len(words) >= _WORDY_MIN and sum(1 for w in words if _PLAIN_WORD.match(w)) >= 0.8 * len(words)


def _margin(lines: list[str]) -> int:
    """The page's left margin: the indentation most of its prose lines have (lynx: three spaces)."""
    counts: dict[int, int] = {}
    for line in lines:
        if len(line.strip()) > 40:
            indent = len(line) - len(line.lstrip(" "))
            counts[indent] = counts.get(indent, 0) + 1
    return max(counts, key=lambda k: (counts[k], -k)) if counts else 0


def _reads_as_code(chunk: list[str], margin: int) -> bool:
    first = chunk[0][margin:] if chunk[0][:margin].isspace() else chunk[0]
    if _ITEM.match(first):
        return False  # a list (html2text's `  * item`, a tag cloud's `1. word`)
    if _PROMPT.match(first) and len(first.split()) <= _PROMPT_MAX_WORDS:
        return True  # a shell session: the command, then what it prints, whatever that reads as
    if _CMD_PROMPT.match(chunk[0]) and sum(1 for line in chunk if _CMD_PROMPT.match(line)) * 2 >= len(chunk):
        return True  # Windows' prompt (`> cd hello`): a quotation (`> Text`) opens with a capital
    scores = [_code_score(line) for line in chunk]
    coded = sum(1 for score in scores if score)
    prose = sum(1 for line in chunk
                if (_wordy(line) or (_PROSE_END.search(line) and len(line.split()) >= _PROSE_WORDS))
                and not _code_score(line))
    if len(chunk) == 1:
        return scores[0] >= 2 or bool(_CODE_LINE[-1].match(chunk[0].strip()))
    return coded * 2 >= len(chunk) and prose * 3 < len(chunk)


def _code_listings(lines: list[str]) -> dict[int, tuple[int, int, str]]:
    """The code listings of the page: first line number → (first, last line numbers, fence info).
    A fenced listing's numbers include its fences."""
    listings: dict[int, tuple[int, int, str]] = {}
    margin = _margin(lines)
    number = 0
    last_start = -1  # the first line number of the last listing found
    unclosed: set[str] = set()
    last_indent = 0
    while number < len(lines):
        fence = _FENCE.match(lines[number])
        if fence is not None and fence.group("fence") not in unclosed:
            closing = next((k for k in range(number + 1, len(lines))
                            if lines[k].strip().startswith(fence.group("fence"))
                            and not lines[k].strip().strip(fence.group("fence")[0])), None)
            if closing is None:
                unclosed.add(fence.group("fence"))  # none further down either: the text is scanned once per fence
            else:
                listings[number + 1] = (number + 1, closing + 1, "fenced")
                number = closing + 1
                continue
        framed = _framed_pre(lines, number)
        if framed is not None:
            listings[framed[0]] = (framed[0], framed[1], "")
            last_start, last_indent = framed[0], 4
            number = framed[2]
            continue
        set_off = number == 0 or not lines[number - 1].strip()
        if lines[number].strip() and set_off:
            end = number
            while end < len(lines) and lines[end].strip():
                end += 1
            previous = listings.get(last_start)
            indent = _indent(lines[number:end])
            # html2text sets <pre> four spaces in: a chunk right under a listing, as far in, is the
            # listing's ("[dependencies]" after a blank line), whatever it reads as
            # (or set in as deep as the listing's own body: `    return batch` after a blank line)
            inset = (previous is not None and previous[2] == "" and number - previous[1] <= 2
                     and (indent == last_indent > margin
                          or last_indent < indent <= _indent_max(lines[previous[0] - 1:previous[1]])
                          or all(_CLOSER.match(line) for line in lines[number:end]))  # the `}` that ends it
                     and not any(_wordy(line) or _PROSE_END.search(line) for line in lines[number:end]))
            if inset or _reads_as_code(lines[number:end], margin):
                first = number + 1
                opened = previous is not None and (
                    lines[previous[1] - 1].rstrip().endswith(("{", "(", "[", ":", "="))
                    or indent <= _indent_max(lines[previous[0] - 1:previous[1]]))
                if (previous is not None and previous[2] == "" and number - previous[1] <= 2
                        and (indent == last_indent or (indent > last_indent and opened))):
                    # code on either side of a blank line, at one indentation, or deeper under a line
                    # that opens a block or inside a body already open (a function's): one listing
                    first = previous[0]
                else:
                    last_indent = indent
                listings[first] = (first, end, "")
                last_start = first
            number = end
            continue
        number += 1
    return listings


def _framed_pre(lines: list[str], number: int) -> tuple[int, int, int] | None:
    """html2text's <pre>: lines set in four spaces between lines of spaces alone ("    "), which
    no other part of its page has (its blank lines are empty). Whatever the listing holds (a
    Markdown sample's `# Docs`, a ```` ``` ```` fence), it is the listing's. Returns its first and last
    line numbers (1-based) and the index where the scan goes on, or None."""
    if not (lines[number] and not lines[number].strip()) or (number > 0 and lines[number - 1].strip()):
        return None
    end = number
    while end < len(lines) and lines[end] and (not lines[end].strip() or lines[end].startswith("    ")):
        end += 1
    filled = [k for k in range(number, end) if lines[k].strip()]
    if not filled or not lines[end - 1] or lines[end - 1].strip():
        return None  # a listing is closed by a line of spaces, as it opens
    return filled[0] + 1, filled[-1] + 1, end


def _indent_max(chunk: list[str]) -> int:
    return max((len(line) - len(line.lstrip(" ")) for line in chunk if line.strip()), default=0)


def _indent(chunk: list[str]) -> int:
    return min((len(line) - len(line.lstrip(" ")) for line in chunk if line.strip()), default=0)


def _add_listing(listing: tuple[int, int, str], lines: list[str], doc: Document, ctx: PassContext) -> None:
    first, last, kind = listing
    body = lines[first - 1:last]
    if kind == "fenced":
        fences = [body[0].strip(), body[-1].strip()]
        body = body[1:-1]
        words = " ".join(fence for fence in fences if any(c.isalnum() for c in fence))
        if words:  # the fence's language name ("```python") is a word of the source, not of the code
            why = ctx.seed.profile.web.why("code-fence") if ctx.seed.profile.web else "A code block's fence."
            doc.removals.append(Removal("code-fence", why, words, Span(ctx.file, first, first)))
    while body and not body[-1].strip():
        body.pop()
    indents = [len(line) - len(line.lstrip(" ")) for line in body if line.strip()]
    cut = min(indents, default=0)
    code = "\n".join(line[cut:].rstrip() for line in body)
    if code.strip():
        doc.blocks.append(Preformatted([], Span(ctx.file, first, last), Role.PREFORMATTED, code=code))
