"""The EPUB's cover, made at build time from the edition's title (no image is downloaded or kept).

An SVG (a core media type of EPUB 3) of the title, the texts and who edited which version, set
in the reading system's own serif, and the XHTML page that shows it with the same words as its
text alternative. Every value is XML-escaped, so markup in a title reads as text.
"""

from __future__ import annotations

import textwrap
from html import escape

from build_tools.load.seeds import Seed
from build_tools.render.book_meta import EditionInfo

WIDTH, HEIGHT = 1600, 2400
TITLE_CHARACTERS = 16  # per line of the title at its size: about 0.55 em a character
INK, PAPER, ACCENT = "#f7f4ec", "#37474f", "#ff7043"  # the site's blue grey and deep orange


def _esc(text: str) -> str:
    return escape(text, quote=True)


def _joined(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _lines(text: str, width: int, most: int) -> list[str]:
    lines = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    return [*lines[:most - 1], " ".join(lines[most - 1:])] if len(lines) > most else lines


def cover_words(info: EditionInfo, seeds: list[Seed]) -> tuple[str, list[str], str]:
    """(title, the texts as 'Author, “Title”', who edited which version)."""
    title = info.title.split(" — ")[0] if " — " in info.title else info.title
    texts = [f"{_joined([a.name for a in seed.config.authors])}, “{seed.config.title}”" for seed in seeds]
    who = info.identity
    credit = ". ".join(p for p in (who.edited_by[:1].upper() + who.edited_by[1:] if who.editors else "",
                                   who.version_line) if p)
    return title, texts, credit


def cover_alt(info: EditionInfo, seeds: list[Seed]) -> str:
    _title, texts, credit = cover_words(info, seeds)
    return f"Cover: {info.title}. " + " ".join(f"{t}." for t in texts) + (f" {credit}." if credit else "")


def cover_svg(info: EditionInfo, seeds: list[Seed]) -> str:
    title, texts, credit = cover_words(info, seeds)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="cover-title">',
           f'<title id="cover-title">{_esc(cover_alt(info, seeds))}</title>',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{PAPER}"/>',
           f'<rect x="120" y="300" width="{WIDTH - 240}" height="12" fill="{ACCENT}"/>',
           f'<g fill="{INK}" font-family="serif">']
    y = 560
    for line in _lines(title, TITLE_CHARACTERS, 5):
        out.append(f'<text x="120" y="{y}" font-size="170">{_esc(line)}</text>')
        y += 200
    y += 40
    if " — " in info.title:
        out.append(f'<text x="120" y="{y}" font-size="80" font-style="italic">'
                   f'{_esc(info.title.split(" — ", 1)[1])}</text>')
        y += 160
    for text in texts[:6]:
        for line in _lines(text, 40, 3):
            out.append(f'<text x="120" y="{y}" font-size="62">{_esc(line)}</text>')
            y += 80
        y += 50
    if len(texts) > 6:
        out.append(f'<text x="120" y="{y}" font-size="62">and {len(texts) - 6} more</text>')
    for index, line in enumerate(reversed(_lines(credit, 44, 3))):
        out.append(f'<text x="120" y="{HEIGHT - 200 - index * 76}" font-size="56">{_esc(line)}</text>')
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)


def cover_xhtml(info: EditionInfo, seeds: list[Seed]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{_esc(info.language)}" xml:lang="{_esc(info.language)}">\n<head><meta charset="UTF-8"/>'
            f'<title>Cover</title><style>body{{margin:0;text-align:center}}img{{max-width:100%;max-height:100vh}}'
            f'</style></head>\n<body>\n<section epub:type="cover">'
            f'<img src="cover.svg" alt="{_esc(cover_alt(info, seeds))}"/></section>\n</body>\n</html>\n')
