"""Pass: name the parts of a web page's piece around its body.

After the furniture is gone, a magazine page still presents the piece in parts that are
not body text: the title, the byline (author and date), the standfirst, an image caption
with its credit, and after the body a series note and the author's bio. The profile's
`front_matter:` and `back_matter:` patterns recognise them; everything between is body.

A general web page (`page:` in the profile) is read by its shape: the title is the line that
matches the text's YAML title (text.yml's title wins: if the page has no such line, the YAML's
title is printed); the date line, an image and a short or italic standfirst right under it are
front matter; Markdown headings (`## …`) and bare lines ending in a heading anchor (` #`)
become headings of an article; escapes (`\\[`) and HTML entities (`&#39;`) the scrape left are
undone, each entity recorded. A text's `front_matter:` list in text.yml names the blocks, by
their first words, where guessing fails.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from build_tools.load.config import Profile, WebRules
from build_tools.model import (
    Block,
    Document,
    Emphasis,
    Heading,
    Inline,
    Paragraph,
    Removal,
    Role,
    Span,
    Text,
    walk_inlines,
)
from build_tools.passes.context import PassContext

_MARKUP = re.compile(r"!?\[\s*(?P<text>[^\]]*?)\s*\]\([^)]*\)|^#{1,6}\s+|\s+#$|[*_]{1,2}")
_FOLD = str.maketrans({**dict.fromkeys("‘’‚‛′", "'"), **dict.fromkeys("“”„‟″", '"'),
                       **dict.fromkeys("‐‑‒–—", "-")})


def bare(text: str) -> str:
    """A block's words without Markdown marks, folded for comparison."""
    return " ".join(_MARKUP.sub(lambda m: m.group("text") or " ", text).translate(_FOLD).split()).casefold()


# `bare` keeps or drops each character, or makes one of several (a link, an image): only `casefold`
# lengthens one, to three characters at most ("ΐ").
_MOST_FOLDED_GROWTH = 3


def find_title(blocks: Sequence[Block], title: str, texts: Sequence[str] | None = None) -> int | None:
    """Index of the block that prints the piece's title (its YAML title), if the page has one
    (`texts`: the blocks' texts, if the caller has them: a block's is rebuilt at each reading)."""
    wanted = bare(title).rstrip(".")
    if not wanted:
        return None
    longest = len(wanted) + _SITE_NAME_AFTER_TITLE
    for index, text in enumerate(texts if texts is not None else (block.text for block in blocks)):
        opening = _opening(text)
        if opening is not None and opening != wanted[0]:
            continue  # its folding does not start as the title does (most blocks: told by one character)
        if len(text) < len(wanted) and (text.isascii() or len(text) * _MOST_FOLDED_GROWTH < len(wanted)):
            continue  # too short (a menu's item): folding never lengthens an ASCII text, nor any by more than this
        if _surely_longer(text, longest):
            continue  # most blocks are paragraphs: folding each to compare it costs more than the rest of the pass
        found = bare(text).rstrip(".")
        if found == wanted:
            return index
        # "Title | Site" or "Title - Site": the site's name after a separator
        if found.startswith(wanted) and _SITE_AFTER_TITLE.match(found[len(wanted):]):
            return index
    return None


def _opening(text: str) -> str | None:
    """The first character of `bare(text)`, told without folding the text (None if it is empty, or
    if its first character but white space is one Markdown's marks may take away or replace: `[`, `!`,
    `*`, `_`, `#`). No mark of `_MARKUP` can start at any other character, nor at the white space
    before it (unless the text is that space and "#"), so that character is the first left, and
    folding a string folds each character by itself (`translate`; `casefold` reads no context)."""
    first = text[:1]
    if first.isspace():
        first = text.lstrip()[:1]
    if not first or first in _MAY_BE_MARKUP:
        return None
    return first.translate(_FOLD).casefold()[0]


_MAY_BE_MARKUP = "[!*_#"


# A site's name after the title, as `find_title` accepts it: a separator and at most 41 characters.
_SITE_NAME_MAX = 41
_SITE_AFTER_TITLE = re.compile(rf"^\s*[|·–-]\s*\S.{{0,{_SITE_NAME_MAX - 1}}}$")
# The longest tail that can be: " | " (the folded text has single spaces) and the longest name.
_SITE_NAME_AFTER_TITLE = 3 + _SITE_NAME_MAX


def _surely_longer(text: str, length: int) -> bool:
    """Whether `bare(text).rstrip(".")` is surely longer than `length`, told without folding the text.

    Folding keeps every character but white space (runs of it become one space), Markdown's
    `*`, `_` and `#`, and a link's brackets and address; it never shortens a character
    (`casefold` may lengthen one). So without a link, the characters left when those marks
    (and every full stop, for the `rstrip`) are taken away are a lower bound of its length.
    """
    if "](" in text:
        return False  # a link's address is dropped: the text's length says nothing
    if len(text) <= length:
        return False  # (the characters kept are never more than the text's)
    # The bound of a beginning of the text is a bound of the whole (each character after it is kept
    # or is a mark taken away), so a long paragraph is told by its first few hundred characters.
    head = text[:_HEAD_FACTOR * length]
    return _kept(head) > length or (len(head) < len(text) and _kept(text) > length)


_HEAD_FACTOR = 2


def _kept(text: str) -> int:
    """The characters of `text` but white space, `*`, `_`, `#` and full stops."""
    return sum(map(len, text.split())) - text.count("*") - text.count("_") - text.count("#") - text.count(".")


def run(doc: Document, ctx: PassContext) -> None:
    profile = ctx.seed.profile
    if profile.web is not None:
        _clean_web_text(doc, profile.web)
    if profile.title_first_block:
        _classify_first_block_title(doc, ctx)
    elif profile.web is not None:
        _classify_web_page(doc, ctx, profile.web)
    else:
        return
    _apply_front_matter_decisions(doc, ctx)


def _classify_first_block_title(doc: Document, ctx: PassContext) -> None:
    """A magazine page whose first block (after the furniture) is the title."""
    profile = ctx.seed.profile
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    if not paragraphs:
        return
    title = paragraphs[0]
    doc.blocks[doc.blocks.index(title)] = Heading(1, title.inlines, title.span)
    body_start = 1
    if profile.byline is not None:
        for index, para in enumerate(paragraphs[1:4], start=1):
            if profile.byline.search(para.text):
                para.role = Role.BYLINE
                body_start = index + 1
                if profile.standfirst_after_byline and index + 1 < len(paragraphs):
                    paragraphs[index + 1].role = Role.STANDFIRST
                    body_start = index + 2
                break
    first_turn = _first_labelled(paragraphs, body_start, profile.speaker_label)
    _classify_captions(paragraphs[body_start:first_turn], profile, doc)
    _classify_back_matter(doc, paragraphs, ctx)
    for para in paragraphs[body_start:]:
        if para.role is Role.RAW:
            para.role = Role.BODY


def _classify_captions(paragraphs: list[Paragraph], profile: Profile, doc: Document | None = None) -> None:
    if profile.caption is None:
        return
    for para in paragraphs:
        match = profile.caption.search(para.text)
        if match and para.role is Role.RAW:
            para.role = Role.CAPTION
            para.inlines = [Text(match.group("caption"))]
            para.credit = match.group("credit")
            # "(Photo: …)": the word that introduces the credit; the edition prints "Credit:" instead
            label = match.string[match.end("caption"):match.start("credit")]
            if doc is not None and any(c.isalnum() for c in label):
                why = profile.web.why("credit-label") if profile.web else _CREDIT_LABEL_WHY
                doc.removals.append(Removal("credit-label", why, label.strip(" (:"), para.span))


_CREDIT_LABEL_WHY = "The word that introduces an image's credit (Photo:); the edition prints “Credit:” before it."


_FRONT_SCAN = 6  # blocks under the title that may still be front matter
_STANDFIRST_MAX_WORDS = 30  # an italic standfirst may be longer
_ITALIC = re.compile(r"^([_*])[^_*].*\1$", re.S)


def _classify_web_page(doc: Document, ctx: PassContext, web: WebRules) -> None:
    profile = ctx.seed.profile
    at = find_title(doc.blocks, ctx.seed.config.title)
    title_level = 1
    if at is None:
        # text.yml's title wins: printed above the page's text, which has no title line of its own
        doc.blocks.insert(0, Heading(1, [Text(ctx.seed.config.title)], Span(ctx.file, 1, 1)))
        at = 0
    else:
        title = doc.blocks[at]
        marks = _MD_HEADING.match(title.text) if web.markdown else None
        if marks is not None:  # the page's title is its top level, whatever its marks (a site may take `#`)
            title_level = len(marks.group(1))
        doc.blocks[at] = Heading(1, _without_heading_marks(title.inlines), title.span)
    date = profile.byline or web.date_line
    interview = bool(ctx.seed.config.speakers)
    seen_byline = seen_standfirst = False
    for block in doc.blocks[:at]:  # a date line or picture some sites print above the title
        if isinstance(block, Paragraph):
            _front_part(block, date, web, doc)
    for block in doc.blocks[at + 1:at + 1 + _FRONT_SCAN]:
        if not isinstance(block, Paragraph) or _labelled(block, profile, interview):
            break
        if not seen_byline and date is not None and date.search(block.text):
            block.role = Role.BYLINE
            seen_byline = True
        elif _front_part(block, date, web, doc):
            continue
        elif (profile.standfirst_after_byline and not seen_standfirst
              and (_ITALIC.match(block.text.strip()) or len(block.text.split()) <= _STANDFIRST_MAX_WORDS)
              and not block.text.rstrip().endswith(":") and not _heading_shaped(block)):
            block.role = Role.STANDFIRST
            block.inlines = _without_italic_marks(block, doc, web)
            seen_standfirst = True  # an image may still follow it
        else:
            break
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    for para in paragraphs:
        if para.role is Role.RAW and web.image is not None and web.image.search(para.text):
            _front_part(para, None, web, doc)
    _classify_captions([p for p in paragraphs if p.role is Role.RAW and p.span.line > doc.blocks[at].span.line],
                       profile, doc)
    _classify_back_matter(doc, paragraphs, ctx)
    for para in paragraphs:
        if para.role is Role.RAW:
            para.role = Role.BODY
    if interview:
        for para in paragraphs:
            _set_off_quote(para, doc, web)
    else:
        doc.blocks = [_as_heading(block, web, title_level) for block in doc.blocks]
        found: list[Block] = []
        for index in range(len(doc.blocks)):
            block = _bare_heading(doc.blocks, index)
            if (isinstance(block, Heading) and found and isinstance(found[-1], Heading) and found[-1].level > 1
                    and getattr(doc.blocks[index], "hint", None) != "heading"):
                # right under a section heading, a line of the shape is the section's first
                # sentence ("So why should we care?"): two headings in a row are the layout's only
                block = doc.blocks[index]
            found.append(block)
        doc.blocks = found


def _set_off_quote(para: Paragraph, doc: Document, web: WebRules) -> None:
    """In an interview, a passage set as a heading that is no question (a quotation the page sets
    large, `### _"…"_`) is the speaker's words: its heading and italic marks go, the words stay."""
    text = para.text.strip()
    if (para.role is Role.BODY and web.markdown and _MD_HEADING.match(text)
            and not text.rstrip("*_ ").endswith("?")):
        para.inlines = _without_heading_marks(para.inlines)
        para.inlines = _without_italic_marks(para, doc, web)


def _without_italic_marks(block: Paragraph, doc: Document, web: WebRules) -> list[Inline]:
    """`_A standfirst in italics_` as html2text writes <em>: the marks become emphasis. To the word
    accounting `_A` is a word, so the first and last words as the source has them are recorded."""
    nodes = block.inlines
    if len(nodes) == 1 and isinstance(nodes[0], Text):
        match = _UNDERSCORED.match(nodes[0].text)
        if match is not None:
            words = nodes[0].text.split()
            doc.removals.append(Removal("italic-marks", web.why("italic-marks"), f"{words[0]} … {words[-1]}",
                                        block.span))
            return [Emphasis([Text(match.group(1))])]
    return nodes


_UNDERSCORED = re.compile(r"^\s*_(?!_)(\S(?:.*\S)?)_\s*$", re.S)


def _front_part(block: Paragraph, date: re.Pattern[str] | None, web: WebRules, doc: Document) -> bool:
    """A date line or an image near the title: its role set; False if it is neither."""
    if date is not None and date.search(block.text):
        block.role = Role.BYLINE
        return True
    avatar = _AVATAR_LINK.match(block.text)
    if avatar is not None:  # the author's picture linked to their page, with their name: a byline
        doc.removals.append(Removal("image-alt", web.why("image-alt"), block.text, block.span))
        block.role = Role.BYLINE
        block.inlines = [Text(avatar.group("name"))]
        return True
    match = web.image.search(block.text) if web.image is not None else None
    if match is None:
        return False
    alt = match.group("alt").strip()
    doc.removals.append(Removal("image-alt", web.why("image-alt"), block.text, block.span))
    if alt:
        block.role = Role.CAPTION
        block.inlines = [Text(alt)]
    else:
        doc.blocks.remove(block)
    return True


_AVATAR_LINK = re.compile(r"^\[\s*!\[[^\]]*\]\([^)]*\)\s*(?P<name>[^\]\[]{2,60}?)\s*\]\([^)]*\)$")


def _labelled(block: Paragraph, profile: Profile, interview: bool) -> bool:
    if not interview:
        return False
    text = block.text.strip()
    label = profile.speaker_label
    return bool(label is not None and label.match(text)) or text.startswith("#") or text.rstrip("*_ ").endswith("?")


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$", re.S)
_ANCHORED = re.compile(r"^(?P<text>[A-Z0-9][^\n]{0,100}?)\s+#$")
_BARE_HEADING = re.compile(r"^[A-Z][\w'’,:()&/-]*(?: [\w'’,:()?&/.-]+){1,11}$")


def _as_heading(block: Block, web: WebRules, title_level: int = 1) -> Block:
    """An article's headings: `## Heading` (Markdown) or a bare line ending in its anchor (` #`)."""
    if not isinstance(block, Paragraph) or block.role is not Role.BODY:
        return block
    text = block.text
    marks = _MD_HEADING.match(text) if web.markdown else None
    if marks is not None:
        level = max(2, min(len(marks.group(1)) - title_level + 1, 6))
        return Heading(level, _without_heading_marks(block.inlines), block.span)
    if _ANCHORED.match(text) and _BARE_HEADING.match(text[:-2].strip()):
        return Heading(2, _without_heading_marks(block.inlines), block.span)
    return block


# A heading with no mark at all, as lynx and w3m print an <h2>: a short line that reads as a title
# (no sentence's end, no list item, no clause break), set off by blank lines, with a paragraph of
# running text right under it.
_BARE_LINE = re.compile(r"^(?![•*+□◦▪·-]\s|\d{1,3}[.)]\s)[A-Z0-9“\"‘'][^\n]{0,78}[\w)?’'\"”]$")
_BARE_MAX_WORDS = 10
_SENTENCE_INSIDE = re.compile(r"[.!;:,]\s|\s[–—-]\s")
_PARAGRAPH_MIN_WORDS = 5


def _heading_shaped(block: Paragraph) -> bool:
    """A line the layout or its shape marks as a heading (a FAQ's first question), not a standfirst."""
    text = block.text.strip()
    return block.hint == "heading" or (
        text.endswith("?") and block.span.line == block.span.end_line and _BARE_LINE.match(text) is not None
        and len(text.split()) <= _BARE_MAX_WORDS and not _SENTENCE_INSIDE.search(text))


def _bare_heading(blocks: list[Block], index: int) -> Block:
    block = blocks[index]
    if not isinstance(block, Paragraph) or block.role is not Role.BODY or block.span.line != block.span.end_line:
        return block
    text = block.text.strip()
    if block.hint == "heading":  # set apart by the dump's layout (split_blocks: a margin dump's outdented line)
        return Heading(2, block.inlines, block.span)
    if block.hint == "text":  # at the text's margin in a dump whose headings stand outside it
        return block
    if (not _BARE_LINE.match(text) or len(text.split()) > _BARE_MAX_WORDS or _SENTENCE_INSIDE.search(text)
            or index + 1 >= len(blocks) or index == 0):
        return block
    before, after = blocks[index - 1], blocks[index + 1]
    set_off = before.span.end_line < block.span.line - 1 and after.span.line > block.span.end_line + 1
    paragraph = (isinstance(after, Paragraph) and after.role is Role.BODY
                 and (len(after.text.split()) >= _PARAGRAPH_MIN_WORDS or text.endswith("?"))  # "Yes!"
                 and after.text.rstrip().endswith((".", ":", "”", ")", "!", "?")))
    if set_off and paragraph:
        return Heading(2, block.inlines, block.span)
    return block


def _without_heading_marks(nodes: list[Inline]) -> list[Inline]:
    """The inlines without a Markdown heading's leading `#`s and a trailing anchor `#` (no words)."""
    texts = [node for node in walk_inlines(nodes) if isinstance(node, Text)]
    if texts:
        texts[0].text = re.sub(r"^\s*#{1,6}\s+", "", texts[0].text)
        texts[-1].text = re.sub(r"\s+#\s*$", "", texts[-1].text)
    return nodes


_ESCAPE = re.compile(r"\\([\[\]\\*_#`()>+-.!{}])")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _clean_web_text(doc: Document, web: WebRules) -> None:
    """Markdown escapes (`\\[04:24\\]`) and HTML entities (`I&#39;m`) the scrape left are undone;
    an entity's letters and digits are words to the accounting, so each is recorded."""
    if not web.markdown and not web.entities:
        return  # (a page with neither, a magazine's scrape: its blocks are not walked for nothing)
    for block in doc.blocks:
        texts = [node for node in walk_inlines(block.inlines) if isinstance(node, Text)]
        entities: list[str] = []
        for node in texts:
            if web.markdown:
                node.text = _ESCAPE.sub(r"\1", node.text)
            if web.entities and "&" in node.text:
                entities += _ENTITY.findall(node.text)
                node.text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), node.text)
        if entities:
            doc.removals.append(Removal("html-entity", web.why("html-entity"), " ".join(entities), block.span))


def _first_labelled(paragraphs: list[Paragraph], start: int, label: re.Pattern[str] | None) -> int:
    if label is None:
        return len(paragraphs)
    for index in range(start, len(paragraphs)):
        if label.search(paragraphs[index].text):
            return index
    return len(paragraphs)


def _classify_back_matter(doc: Document, paragraphs: list[Paragraph], ctx: PassContext) -> None:
    profile = ctx.seed.profile
    names = [re.escape(author.name) for author in ctx.seed.config.authors]
    bio = (re.compile(profile.bio_template.replace("{author}", "(?:" + "|".join(names) + ")"))
           if profile.bio_template and names else None)
    for para in paragraphs:
        if para.role is not Role.RAW:
            continue
        if profile.series_note is not None and profile.series_note.search(para.text):
            para.role = Role.SERIES_NOTE
        elif bio is not None and bio.search(para.text):
            para.role = Role.BIO


_ROLES = {"title": None, "byline": Role.BYLINE, "standfirst": Role.STANDFIRST, "caption": Role.CAPTION,
          "series-note": Role.SERIES_NOTE, "bio": Role.BIO, "body": Role.BODY}


def _apply_front_matter_decisions(doc: Document, ctx: PassContext) -> None:
    """text.yml's `front_matter:` (each block's first words and its role) overrides the guess."""
    decisions = ctx.seed.config.front_matter
    for starts, role in decisions:
        wanted = bare(starts)
        index = next((i for i, b in enumerate(doc.blocks) if bare(b.text).startswith(wanted)), None)
        if index is None:
            ctx.diagnostics.pending("T005", f"no block of the page opens with “{starts}” (front_matter: {role})",
                                    ctx.seed.config.yaml_file, 0, 0,
                                    hint="copy the block's first words from the source")
            continue
        block = doc.blocks[index]
        if role == "title":
            doc.blocks[index] = Heading(1, _without_heading_marks(block.inlines), block.span)
            continue
        if isinstance(block, Heading):
            block = Paragraph(block.inlines, block.span)
            doc.blocks[index] = block
        block.role = _ROLES[role] or Role.BODY
