"""CSL-JSON records as files a reader's reference manager imports: CSL-JSON, BibTeX, RIS.

CSL-JSON is the records themselves. BibTeX and RIS are written here from the same records,
field by field (both are simple line formats, and writing them ourselves keeps the output
stable and free of a library's defaults); tests/test_bibliography_exports.py parses each file
back with a well-kept reader (bibtexparser, rispy) and compares it with the records. The
edition's bibliography and each text's "Cite this" downloads (`web/citation.py`, the text
and this edition of it) are both written here.
"""

from __future__ import annotations

import json
import re
from typing import Any

BIBTEX_TYPES = {"book": "book", "chapter": "incollection", "article-journal": "article",
                "article-magazine": "article", "article-newspaper": "article", "webpage": "misc",
                "report": "techreport", "thesis": "phdthesis"}
RIS_TYPES = {"book": "BOOK", "chapter": "CHAP", "article-journal": "JOUR", "article-magazine": "MGZN",
             "article-newspaper": "NEWS", "webpage": "ELEC", "report": "RPRT", "thesis": "THES"}
_BIBTEX_SPECIAL = re.compile(r"[&%$#_{}\\~^]")
# Braces and the characters TeX reads as commands, as the kernel's text commands: `\{` would do for
# TeX, but BibTeX and biber count every brace, escaped or not, so a lone `\{` in a title would end
# the field at the wrong place (or never); `\textbraceleft{}` is balanced. `\^{}` is an accent
# on nothing (decoders read it as ""), so the circumflex is `\textasciicircum{}`.
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                        "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
# Pairs TeX sets as one ligature glyph (`--` an en dash, ``` `` ``` and `''` curly quotes, `!``
# and `?`` inverted marks): an empty group between the two keeps the characters the record has.
_TEX_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")


def year_of(csl: dict[str, Any]) -> str:
    return str(csl.get("issued", {}).get("date-parts", [[""]])[0][0])


def _date_parts(csl: dict[str, Any], variable: str) -> list[int]:
    parts = csl.get(variable, {}).get("date-parts", [[]])[0]
    return [int(p) for p in parts]


def iso_date(csl: dict[str, Any], variable: str = "issued") -> str:
    """The full date ("2018-04-17") when the record has a day, else ""."""
    parts = _date_parts(csl, variable)
    return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}" if len(parts) == 3 else ""


def keywords(csl: dict[str, Any]) -> list[str]:
    """CSL-JSON's `keyword` is one string, its keywords separated by commas."""
    return [k.strip() for k in str(csl.get("keyword", "")).split(",") if k.strip()]


def name(person: dict[str, str]) -> str:
    return f"{person['family']}, {person['given']}" if person.get("given") else person["family"]


def csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _bibtex_value(text: str) -> str:
    """Text for a braced BibTeX field: one line, every character TeX reads as syntax escaped
    (a brace in a title cannot close the field and forge another)."""
    text = " ".join(text.split())
    # One pass, so that the braces of `\textbackslash{}` are not escaped again; the escapes hold
    # no ligature character, so breaking ligatures afterwards touches only the record's own.
    escaped = _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENTS.get(m.group(0), "\\" + m.group(0)), text)
    return _TEX_LIGATURE.sub("{}", escaped)


_UNSAFE_IN_URL = re.compile(r"[{}\\\s\x00-\x1f\x7f]")


def _bibtex_verbatim(text: str) -> str:
    """A URL or DOI as written, except what could end the field or the line: braces, backslashes,
    white space and control characters, percent-encoded (as a URL may write any character)."""
    return _UNSAFE_IN_URL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), text.strip())


def bibtex_key(key: str) -> str:
    """An entry key BibTeX can read: the characters a key may hold, others as hyphens."""
    return re.sub(r"[^A-Za-z0-9_:./+-]", "-", key) or "entry"


def _bibtex_names(people: list[dict[str, str]]) -> str:
    names: list[str] = []
    for person in people:
        family = _bibtex_value(person["family"])
        # "Bellamy Foster", "Smith, Jr." or one with " and " in it: braced, so that BibTeX keeps
        # the family name whole rather than splitting it into names or name parts
        if re.search(r"[\s,]", family):
            family = "{" + family + "}"
        given = _bibtex_value(person.get("given", ""))
        if re.search(r",|\band\b", given, re.IGNORECASE):
            given = "{" + given + "}"
        names.append(f"{family}, {given}" if given else family)
    return " and ".join(names)


def bibtex_entry(item: dict[str, Any]) -> str:
    kind = BIBTEX_TYPES.get(item.get("type", ""), "misc")
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", _bibtex_names(item["author"])))
    if item.get("editor"):
        fields.append(("editor", _bibtex_names(item["editor"])))
    # Braced, so that a BibTeX style does not change the case of the title as the record writes it.
    fields.append(("title", "{" + _bibtex_value(item.get("title", "")) + "}"))
    container = {"incollection": "booktitle", "misc": "howpublished"}.get(kind, "journal")
    for csl, bib in (("container-title", container), ("volume", "volume"), ("issue", "number"),
                     ("publisher", "publisher"), ("publisher-place", "address"), ("DOI", "doi"),
                     ("ISBN", "isbn"), ("URL", "url"), ("language", "language"), ("note", "note")):
        if item.get(csl):
            verbatim = bib in ("url", "doi")  # read verbatim by biblatex: not TeX-escaped, only made safe
            fields.append((bib, _bibtex_verbatim(str(item[csl])) if verbatim else _bibtex_value(str(item[csl]))))
    if item.get("page"):  # a range's hyphen as BibTeX's en dash: 75--90
        fields.append(("pages", "--".join(_bibtex_value(part) for part in re.split(r"-+", str(item["page"])))))
    fields.append(("year", year_of(item)))
    for bib, value in (("date", iso_date(item)), ("urldate", iso_date(item, "accessed")),
                       ("keywords", _bibtex_value(", ".join(keywords(item))))):
        if value:
            fields.append((bib, value))
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@{kind}{{{bibtex_key(str(item['id']))},\n{body}\n}}\n"


def bibtex(items: list[dict[str, Any]]) -> str:
    header = "% The edition's bibliography, generated from its CSL-JSON records (UTF-8).\n\n"
    return header + "\n".join(bibtex_entry(item) for item in items)


def ris_entry(item: dict[str, Any]) -> str:
    lines = [("TY", RIS_TYPES.get(item.get("type", ""), "GEN")), ("ID", item["id"])]
    lines += [("AU", name(p)) for p in item.get("author", [])]
    lines += [("ED", name(p)) for p in item.get("editor", [])]
    lines += [("PY", year_of(item)), ("TI", item.get("title", ""))]
    if iso_date(item):
        lines.append(("DA", iso_date(item).replace("-", "/")))
    for csl, tag in (("container-title", "T2"), ("volume", "VL"), ("issue", "IS"), ("publisher", "PB"),
                     ("publisher-place", "CY"), ("DOI", "DO"), ("ISBN", "SN"), ("URL", "UR"), ("language", "LA"),
                     ("note", "N1")):
        if item.get(csl):
            lines.append((tag, str(item[csl])))
    if item.get("DOI") and not item.get("URL"):
        lines.append(("UR", f"https://doi.org/{item['DOI']}"))  # a link readers can open
    if item.get("page"):
        first, _, last = str(item["page"]).partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if iso_date(item, "accessed"):
        lines.append(("Y2", iso_date(item, "accessed").replace("-", "/")))
    lines += [("KW", keyword) for keyword in keywords(item)]
    lines.append(("ER", ""))
    # One line per tag: a line break inside a value (a title typed over two lines, or a forged
    # "\nER  - \nTY  - …") would end the record or start another.
    lines = [(tag, " ".join(str(value).split())) for tag, value in lines]
    # CR LF line ends, as the RIS specification asks (readers accept LF too).
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" if tag == "ER" else f"{tag}  - {value}\r\n"
                   for tag, value in lines)


def ris(items: list[dict[str, Any]]) -> str:
    return "\r\n".join(ris_entry(item) for item in items)
