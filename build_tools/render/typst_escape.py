"""Escaping for Typst: every character of a source text must print as itself.

Typst markup gives meaning to much of ASCII punctuation (`#` code, `$` maths, `*` strong,
`_` emphasis, `@` references, `<…>` labels, `[ ]` content, `\\` escapes, backticks raw, `~`
no-break space, `//` comments, `--` dashes, `...` ellipsis, `'`/`"` smart quotes, `=`/`-`/
`+`/`/` at a line start headings and lists, and URLs become links by themselves). Rather
than track which of these matter where, every ASCII punctuation character is written with
a backslash, which Typst reads as "this character, literally". Letters, digits and all
non-ASCII characters (the texts' curly quotes and dashes) pass through unchanged.
"""

from __future__ import annotations

import string

_SPECIAL = frozenset(string.punctuation)
_ESCAPES = {ord(c): "\\" + c for c in _SPECIAL}


def escape_text(text: str) -> str:
    """Text for Typst markup, shown literally; line breaks become spaces (a newline means nothing)."""
    return text.replace("\r", " ").replace("\n", " ").translate(_ESCAPES)


def string_literal(text: str) -> str:
    """A Typst string literal (`"…"`) holding `text` exactly, for function arguments and metadata."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    body = body.replace("\t", "\\t")
    return f'"{body}"'


def label_name(*parts: str) -> str:
    """A Typst label name from ids (`curtis-2018`, `p3`): only characters labels allow, and distinct
    ids stay distinct (a note labelled `*` and one labelled `†` must not share a label)."""
    name = "-".join(parts)
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_.:" else f"_u{ord(c):x}_" for c in name)
