"""Pass: typographic clean-up that changes no word.

Each rule is one substitution with the reason for it and an example that the test suite
runs (tests/test_typography.py). Rules touch `Text` nodes only, never link targets or
markup, so a URL's hyphens and quotes are safe. Quotes are made curly in a second step that
reads the whole paragraph, because whether `'` opens or closes depends on the character
before it, which may sit in the previous node (`‘*relationship*’`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from build_tools.model import Document, Emphasis, EntityRef, Inline, Strong, TermRef, Text
from build_tools.passes.context import PassContext

# "69-83" → "69–83", not inside "1.5-2" or "10-20-30". The look-behind sits after the first
# digit, so that the pattern opens with a digit and `re` skips to the next digit in C (a
# pattern opening with a look-behind is tried at every position of the text).
RANGE = re.compile(r"(\d(?<![\d.-]\d)\d*)-(\d+)(?!\d|-\d|\.\d)")

# Patterns that open with the character they replace, the look-behind after it: `re` then skips
# in C to the next hyphen or parenthesis, where a pattern opening with a look-behind is tried at
# every character (ten times slower on a paragraph). Same matches as `(?<=\S )-(?= \S)` and
# `(?<=[a-z])\((?=[A-Z])` (tests/test_fastpaths.py).
SPACED_HYPHEN = re.compile(r"-(?<=\S -)(?= \S)")
GLUED_PARENTHESIS = re.compile(r"\((?<=[a-z]\()(?=[A-Z])")


@dataclass(frozen=True)
class Rule:
    name: str
    why: str
    pattern: re.Pattern[str]
    replacement: str
    example: tuple[str, str]
    # Substrings at least one of which every match contains: a text holding none of them is
    # left alone without running the regex (most paragraphs have no `...`, no double space).
    needs: tuple[str, ...] = ()
    # Whether a match depends on the characters before it (a look-behind), which may stand in the
    # node before: "*Global Parliament of Mayors* - but" is an emphasis, then " - but".
    reads_before: bool = False
    # A test in Python, after `needs`, that every text the pattern matches passes (cheaper than
    # the pattern where `re` cannot skip through the text in C).
    may_match: Callable[[str], bool] | None = None


def space_before_colon(text: str) -> bool:
    """Whether some colon or semicolon of `text` follows a space or a tab, as in every match of the
    rule (a few colons a paragraph, found by `str.find` in C: the pattern would start at every space)."""
    return _after_space(text, ":") or _after_space(text, ";")


def _after_space(text: str, mark: str) -> bool:
    at = text.find(mark, 1)
    while at != -1:
        if text[at - 1] in " \t":
            return True
        at = text.find(mark, at + 1)
    return False


def digit_hyphen_digit(text: str) -> bool:
    """Whether some hyphen of `text` stands between two digits, as in every match of `RANGE`.
    (`re` tests `\\d` character by character through the Unicode database: a number range's
    hyphens, a few per paragraph, are found faster by `str.find`; `isdecimal` is `\\d`.)"""
    at = text.find("-", 1)
    while at != -1:
        if text[at - 1].isdecimal() and text[at + 1:at + 2].isdecimal():
            return True
        at = text.find("-", at + 1)
    return False


def hyphen_uses(text: str, before: str = "") -> tuple[bool, bool]:
    """Whether some hyphen of `text` has a space on each side (`before` ending `text`'s first
    character's side), as in every match of `SPACED_HYPHEN` in `text`; and whether some hyphen
    stands between two digits of `text`, as `digit_hyphen_digit` says. One walk over the
    hyphens for both rules: `" - " in text` scanned the whole paragraph again."""
    spaced = ranged = False
    at = text.find("-")
    while at != -1:
        preceding = text[at - 1] if at else before[-1:]
        following = text[at + 1:at + 2]
        if preceding == " ":
            spaced = spaced or following == " "
        elif at and preceding.isdecimal() and following.isdecimal():
            ranged = True
        at = text.find("-", at + 1)
    return spaced, ranged


RULES: tuple[Rule, ...] = (
    Rule("collapse-spaces", "runs of spaces are extraction noise, not spacing the author chose",
         re.compile(r"[ \t\u00a0]{2,}"), " ", ("risks  and opportunities", "risks and opportunities"),
         ("  ", "\t", "\u00a0")),
    Rule("no-space-before-colon", "English sets no space before a colon or semicolon (catalogue-style ' : ')",
         re.compile(r"[ \t]+(?=[:;](?:\s|$))"), "", ("diplomacy : the urban link", "diplomacy: the urban link"),
         (":", ";"), may_match=space_before_colon),
    Rule("spaced-hyphen-is-dash", "a hyphen with spaces round it stands for a dash, as the text's spaced en dashes",
         SPACED_HYPHEN, "–", ("the state - one based", "the state – one based"), (" - ",), reads_before=True),
    Rule("range-en-dash", "number ranges take an en dash", RANGE,
         r"\1–\2", ("Development and Change 17: 69-83.", "Development and Change 17: 69–83."), ("-",),
         may_match=digit_hyphen_digit),
    Rule("space-before-parenthesis", "a parenthesis glued to the word before it lost its space in the scrape",
         GLUED_PARENTHESIS, " (", ("Intolerance(Polity Press)", "Intolerance (Polity Press)"),
         ("(",), reads_before=True),
    Rule("ellipsis", "three full stops are an ellipsis", re.compile(r"(?<!\.)\.\.\.(?!\.)"), "…",
         ("and so on...", "and so on…"), ("...",)),
)

_OPENING_CONTEXT = set(" \t\n([{<‘“—–-/") | {""}


CONTEXT = 2  # characters of the text before a node that the look-behinds read


# Each rule as the loop below reads it: the fields unpacked once, not looked up on the rule for every
# text node (six rules on a hundred nodes a text).
_PLAN = tuple((rule, rule.needs, rule.may_match, rule.pattern.sub, rule.replacement, rule.reads_before)
              for rule in RULES)

# The rules by name, for `apply_rules`, which tries them in the order of `RULES`.
(_COLLAPSE, _UNSPACE_COLON, _SPACED_HYPHEN, _RANGE, _GLUED_PARENTHESIS, _ELLIPSIS) = RULES


def apply_rules(text: str, before: str = "") -> str:
    """The rules over `text`; `before` is what a reader reads just before it (the end of the
    previous text node of the paragraph), for the rules that look behind a match. Only matches
    that lie in `text` are replaced: `before` belongs to another node and stays as it is.

    `apply_rules_in_order` written out, rule by rule in the order of `RULES`: this runs on every
    text node of every text, and the table's loop cost more than the substring tests it makes
    (tests/test_fastpaths_pdf_layout.py holds the two equal, and `RULES` to these six). Each
    rule is still tried on the text as the rules before it left it. The two rules that look
    behind a match replace the character they open with (`-`, `(`), which must then be in
    `text` itself (a match in `before` is never replaced): a text without it is left alone
    whatever `before` holds, and one test of that character also spares the two-character
    scans of the rules that need a hyphen (most paragraphs have none).
    """
    if "  " in text or "\t" in text or "\u00a0" in text:
        text = _replace(_COLLAPSE, text)
    if ":" in text or ";" in text:
        text = unspace_colons(text)
    if "-" in text:
        spaced, ranged = hyphen_uses(text, before)
        if spaced:
            text = _sub_after(_SPACED_HYPHEN, before + text, len(before)) if before \
                else _replace(_SPACED_HYPHEN, text)
        if ranged:
            text = _replace(_RANGE, text)
    if "(" in text and glued_parenthesis(text, before):
        text = _sub_after(_GLUED_PARENTHESIS, before + text, len(before)) if before \
            else _replace(_GLUED_PARENTHESIS, text)
    if "..." in text:
        text = _replace(_ELLIPSIS, text)
    return text


def unspace_colons(text: str) -> str:
    """`text` with the rule "no-space-before-colon" applied: each run of spaces and tabs taken out
    that ends at a colon or semicolon followed by white space or the end. Found from the marks, a
    few a paragraph, by `str.find` in C: the pattern, opening with its run of spaces, was tried at
    every space of the paragraph (a tenth of the pass on an article with a few dozen " : ")."""
    if not space_before_colon(text):
        return text  # (most colons follow a word: the marks are not listed)
    kept: list[str] = []
    last = 0  # where the text not yet copied starts
    for mark in _marks(text):
        if text[mark - 1] not in " \t" or not (mark + 1 == len(text) or text[mark + 1].isspace()):
            continue  # (`\s` is `str.isspace`; `$` before a final line break is white space too)
        start = mark - 1
        while start > last and text[start - 1] in " \t":
            start -= 1
        kept.append(text[last:start])
        last = mark
    if not kept:
        return text
    kept.append(text[last:])
    return "".join(kept)


def _marks(text: str) -> list[int]:
    """Where the colons and semicolons of `text` stand after its first character, in order."""
    found: list[int] = []
    for mark in ":;":
        at = text.find(mark, 1)
        while at != -1:
            found.append(at)
            at = text.find(mark, at + 1)
    found.sort()
    return found


def glued_parenthesis(text: str, before: str = "") -> bool:
    """Whether some "(" of `text` follows a lower-case ASCII letter (the last of `before` for the
    first character) and precedes a capital, as in every match of `GLUED_PARENTHESIS` that
    `apply_rules` replaces: a parenthesis is mostly a citation's, after a space, and the pattern's
    `sub` then only copied the text."""
    at = text.find("(")
    while at != -1:
        preceding = text[at - 1] if at else before[-1:]
        if "a" <= preceding <= "z" and "A" <= text[at + 1:at + 2] <= "Z":
            return True
        at = text.find("(", at + 1)
    return False


def _replace(rule: Rule, text: str) -> str:
    return rule.pattern.sub(rule.replacement, text)


def apply_rules_in_order(text: str, before: str = "") -> str:
    """The rules of `RULES` over `text`, each skipped when its `needs` and `may_match` say it
    cannot match: what `apply_rules` does, read from the table (the tests' reference)."""
    for rule, needs, may_match, sub, replacement, reads_before in _PLAN:
        if reads_before and before:
            joined = before + text
            if _holds_any(joined, needs):
                text = _sub_after(rule, joined, len(before))
            continue
        # (`needs` tested inline, not by a call: this runs for every rule on every text node)
        for needed in needs:
            if needed in text:
                break
        else:
            if needs:
                continue  # none of them: no match
        if may_match is None or may_match(text):
            text = sub(replacement, text)
    return text


def _sub_after(rule: Rule, joined: str, start: int) -> str:
    """`rule` over `joined`, replacing only the matches from `start` on; `joined[start:]` after."""
    def replace(match: re.Match[str]) -> str:
        return match.expand(rule.replacement) if match.start() >= start else match.group(0)

    return rule.pattern.sub(replace, joined)[start:]


def _holds_any(text: str, needs: tuple[str, ...]) -> bool:
    """Whether the text holds one of `needs` (any text when there are none). A loop, not
    `any()` over a generator: this runs for every rule on every text node."""
    if not needs:
        return True
    for needed in needs:  # noqa: SIM110 - see above
        if needed in text:
            return True
    return False


_STRAIGHT_QUOTE = re.compile("['\"]")


def curl_quotes(nodes: list[Text], before: str = "") -> None:
    """Make straight quotes curly across a run of text nodes, in reading order.

    Only the quotes are visited (found by a regex), not every character: this pass was the
    pipeline's hot spot. `previous` is the character before a quote as it will be read,
    i.e. already curled when it was a quote itself.
    """
    previous = before
    for node in nodes:
        text = node.text
        if not text:
            continue
        if "'" not in text and '"' not in text:  # most nodes: two scans in C, no list to join
            previous = text[-1]
            continue
        out: list[str] = []
        position = 0
        for match in _STRAIGHT_QUOTE.finditer(text):
            index = match.start()
            if index > position:
                out.append(text[position:index])
                previous = text[index - 1]
            following = text[index + 1:index + 2]
            if text[index] == "'":
                if previous in _OPENING_CONTEXT and (following.isalnum() or following in "\"“*"):
                    char = "‘"
                else:
                    char = "’"  # a closing quote or an apostrophe
            else:
                char = "“" if previous in _OPENING_CONTEXT else "”"
            out.append(char)
            previous = char
            position = index + 1
        if position < len(text):
            out.append(text[position:])
            previous = text[-1]
        node.text = "".join(out)


def prose_texts(inlines: list[Inline]) -> list[Text]:
    """The text nodes a reader reads as prose: not the text of links (often the URL itself)."""
    found: list[Text] = []
    for node in inlines:
        if isinstance(node, Text):
            found.append(node)
        elif isinstance(node, (Emphasis, Strong, TermRef, EntityRef)):  # index refs wrap prose words
            found.extend(prose_texts(node.children))
    return found


def fix_inlines(inlines: list[Inline], transform: Callable[[str, str], str] = apply_rules) -> None:
    if len(inlines) == 1 and type(inlines[0]) is Text:  # most blocks: one text, nothing before it
        node = inlines[0]
        node.text = text = transform(node.text, "")
        if "'" in text or '"' in text:  # (most paragraphs have no straight quote: no list, no call)
            curl_quotes([node])
        return
    texts = prose_texts(inlines)
    before = ""
    for node in texts:
        node.text = text = transform(node.text, before)
        # (a node as long as the context is the context: the whole node not copied to keep its end)
        before = text[-CONTEXT:] if len(text) >= CONTEXT else (before + text)[-CONTEXT:]
    curl_quotes(texts)


def typeset(text: str) -> str:
    """Editorial prose from the YAML gets the same typography as the texts."""
    node = Text(apply_rules(text))
    curl_quotes([node])
    return node.text


def run(doc: Document, ctx: PassContext) -> None:
    for block in doc.blocks:
        fix_inlines(block.inlines)
    for note in doc.footnotes:
        fix_inlines(note.inlines)
