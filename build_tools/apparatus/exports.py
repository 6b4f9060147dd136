"""The bibliography as files a reader's reference manager imports: CSL-JSON, BibTeX, RIS.

CSL-JSON is the records themselves. BibTeX and RIS are written here from the same records,
field by field (both are simple line formats, and writing them ourselves keeps the output
stable and free of a library's defaults); tests/test_bibliography_exports.py parses each file
back with a well-kept reader (bibtexparser, rispy) and compares it with the records.
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
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def year_of(csl: dict[str, Any]) -> str:
    return str(csl.get("issued", {}).get("date-parts", [[""]])[0][0])


def name(person: dict[str, str]) -> str:
    return f"{person['family']}, {person['given']}" if person.get("given") else person["family"]


def csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _bibtex_value(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}").replace("~", r"\textasciitilde{}").replace("^", r"\^{}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def _bibtex_names(people: list[dict[str, str]]) -> str:
    names: list[str] = []
    for person in people:
        family = _bibtex_value(person["family"])
        if " " in family:  # "Bellamy Foster": braced, so that BibTeX keeps the family name whole
            family = "{" + family + "}"
        given = _bibtex_value(person.get("given", ""))
        names.append(f"{family}, {given}" if given else family)
    return " and ".join(names)


def bibtex_entry(item: dict[str, Any]) -> str:
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", _bibtex_names(item["author"])))
    if item.get("editor"):
        fields.append(("editor", _bibtex_names(item["editor"])))
    fields.append(("title", _bibtex_value(item.get("title", ""))))
    container = "booktitle" if item.get("type") == "chapter" else "journal"
    for csl, bib in (("container-title", container), ("volume", "volume"), ("issue", "number"),
                     ("publisher", "publisher"), ("publisher-place", "address"), ("DOI", "doi"),
                     ("ISBN", "isbn"), ("URL", "url")):
        if item.get(csl):
            fields.append((bib, _bibtex_value(str(item[csl]))))
    if item.get("page"):
        fields.append(("pages", str(item["page"]).replace("-", "--")))
    fields.append(("year", year_of(item)))
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@{BIBTEX_TYPES.get(item.get('type', ''), 'misc')}{{{item['id']},\n{body}\n}}\n"


def bibtex(items: list[dict[str, Any]]) -> str:
    header = "% The edition's bibliography, generated from its CSL-JSON records (UTF-8).\n\n"
    return header + "\n".join(bibtex_entry(item) for item in items)


def ris_entry(item: dict[str, Any]) -> str:
    lines = [("TY", RIS_TYPES.get(item.get("type", ""), "GEN")), ("ID", item["id"])]
    lines += [("AU", name(p)) for p in item.get("author", [])]
    lines += [("ED", name(p)) for p in item.get("editor", [])]
    lines += [("PY", year_of(item)), ("TI", item.get("title", ""))]
    for csl, tag in (("container-title", "T2"), ("volume", "VL"), ("issue", "IS"), ("publisher", "PB"),
                     ("publisher-place", "CY"), ("DOI", "DO"), ("ISBN", "SN"), ("URL", "UR")):
        if item.get(csl):
            lines.append((tag, str(item[csl])))
    if item.get("page"):
        first, _, last = str(item["page"]).partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}" for tag, value in lines)


def ris(items: list[dict[str, Any]]) -> str:
    return "\n\n".join(ris_entry(item) for item in items) + "\n"
