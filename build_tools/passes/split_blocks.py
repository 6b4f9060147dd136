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
    lines = ctx.seed.text.split("\n")
    if ctx.seed.profile.blocks == "web":
        _web_blocks(lines, doc, ctx)
        return
    per_line = ctx.seed.profile.blocks == "lines"
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            text = "\n".join(line.strip() for _, line in current)
            span = Span(ctx.file, current[0][0], current[-1][0])
            doc.blocks.append(Paragraph([Text(text)], span))
            current.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            flush()
            continue
        current.append((number, line))
        if per_line:
            flush()
    flush()


# --- `blocks: web`: a scraped page as a browser or html2text dumps it --------------------------
# Lines are either wrapped (lynx, w3m, html2text break paragraphs at ~80 columns) or one per
# paragraph or menu item. A line continues the block above only if its first word could not
# have fitted on the line above at the page's wrap width; a list item or a Markdown heading
# always starts a block. (Kept apart from the PDF modes above: it is the web profile's own.)
_ITEM = re.compile(r"^\s*(?:[•*+\-□◦▪·]|\d{1,3}[.)])(?:\s|$)|^#{1,6}\s")


_AUTHOR_HYPHEN = re.compile(r"[^\W\d_]-$")


def _wrap_width(lines: list[str]) -> int:
    lengths = [len(line.rstrip()) for line in lines if line.strip() and "://" not in line]
    return max(lengths, default=0)


def _web_blocks(lines: list[str], doc: Document, ctx: PassContext) -> None:
    width = _wrap_width(lines)
    current: list[tuple[int, str]] = []
    listings = _code_listings(lines)
    in_listing = {n for first, last, _ in listings.values() for n in range(first, last + 1)}

    def flush() -> None:
        if current:
            # A browser wraps only at spaces and after a hyphen the author wrote ("well-" /
            # "being"): the hyphen stays and no space is put after it.
            text = current[0][1].strip()
            for _, line in current[1:]:
                text += ("" if _AUTHOR_HYPHEN.search(text) else " ") + line.strip()
            doc.blocks.append(Paragraph([Text(text)], Span(ctx.file, current[0][0], current[-1][0])))
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
        if current:
            previous = current[-1][1].rstrip()
            first_word = line.split()[0]
            wrapped = len(previous) + 1 + len(first_word) > width - 2
            if not wrapped or _ITEM.match(line):
                flush()
        current.append((number, line))
    flush()


# --- code listings --------------------------------------------------------------------------
# A page's code is kept line for line (a `Preformatted` block): a fenced block (```), or a run of
# lines set off by blank lines that reads as code — indented four spaces past the page's margin
# as html2text prints <pre>, or at the margin as w3m and lynx do. Code is told from prose and
# from menus by its form: most of its lines end in `;`, `{` or `}`, call a function, use an
# operator, or are a command line or a comment. A block quote, which text browsers indent too,
# reads as prose and stays a paragraph.
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)\s*$")
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
_PROSE_WORDS = 5  # a program's output ("hello, world!") may end like a sentence; a sentence is longer


def _code_score(line: str) -> int:
    return sum(1 for pattern in _CODE_LINE if pattern.search(line))


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
    scores = [_code_score(line) for line in chunk]
    coded = sum(1 for score in scores if score)
    prose = sum(1 for line in chunk
                if _PROSE_END.search(line) and len(line.split()) >= _PROSE_WORDS and not _code_score(line))
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
        set_off = number == 0 or not lines[number - 1].strip()
        if lines[number].strip() and set_off:
            end = number
            while end < len(lines) and lines[end].strip():
                end += 1
            if _reads_as_code(lines[number:end], margin):
                first = number + 1
                previous = listings.get(last_start)
                indent = _indent(lines[number:end])
                if (previous is not None and previous[2] == "" and number - previous[1] <= 2
                        and indent == last_indent):
                    first = previous[0]  # code on either side of a blank line, at one indentation: one listing
                listings[first] = (first, end, "")
                last_start, last_indent = first, indent
            number = end
            continue
        number += 1
    return listings


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
