"""The metadata in a text page's <head> that reference managers and scholarly indexes read.

- Highwire Press `citation_*` tags: Google Scholar's and Zotero's first choice.
- Dublin Core (`DC.*`), for library harvesters.
- schema.org JSON-LD: a `ScholarlyArticle` for a journal article; schema.org has no
  interview type, so an interview is an `Article` with `genre: interview`, the interviewer
  a contributor.
- Open Graph, for link previews.

Each set is emitted once, on the text's own (canonical) page, describing the original
publication (what a reader cites) with the edition as the page that carries it.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from build_tools.web.facts import TextFacts


def _meta(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


def highwire(f: TextFacts) -> list[tuple[str, str]]:
    m = f.meta
    tags = [("citation_title", f.config.title)]
    for author in f.creators:
        tags.append(("citation_author", f"{author.family}, {author.given}".strip(", ")))
        if author.affiliation:
            tags.append(("citation_author_institution", author.affiliation))
    tags += [("citation_publication_date", f.published.strftime("%Y/%m/%d")),
             ("citation_date", f.published.strftime("%Y/%m/%d"))]
    if f.is_journal_article:
        tags += [("citation_journal_title", m.get("container", "")), ("citation_volume", m.get("volume", "")),
                 ("citation_issue", m.get("issue", "")), ("citation_firstpage", f.first_page),
                 ("citation_lastpage", f.last_page)]
    tags += [("citation_publisher", m.get("publisher", "")), ("citation_doi", m.get("doi", "")),
             ("citation_language", f.config.language)]
    tags += [("citation_keywords", keyword) for keyword in f.keywords]
    tags += [("citation_reference", reference) for reference in map(citation_reference, f.references) if reference]
    if f.edition_url:
        tags.append(("citation_fulltext_html_url", f.edition_url))
    if f.pdf_url:
        tags.append(("citation_pdf_url", f.pdf_url))
    return [(name, value) for name, value in tags if value]


def full_last_page(first: str, last: str) -> str:
    """A range's last page in full: "2953–73" ends on 2973 (indexes read numbers, not ranges)."""
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        return first[: len(first) - len(last)] + last
    return last


def citation_reference(csl: dict[str, Any]) -> str:
    """One cited work in the `key=value; …` form Google Scholar and OJS use for citation_reference."""

    def clean(value: object) -> str:
        return " ".join(str(value).replace(";", ",").split())

    parts: list[tuple[str, str]] = [("citation_title", clean(csl.get("title", "")))]
    for name in csl.get("author", []):
        if isinstance(name, dict):
            written = ", ".join(p for p in (name.get("family", ""), name.get("given", "")) if p)
            written = written or name.get("literal", "")
            parts.append(("citation_author", clean(written)))
    year = (csl.get("issued", {}).get("date-parts") or [[""]])[0][0]
    parts.append(("citation_publication_date", clean(year)))
    container = "citation_journal_title" if csl.get("type") == "article-journal" else "citation_inbook_title"
    parts += [(container, clean(csl.get("container-title", ""))), ("citation_volume", clean(csl.get("volume", ""))),
              ("citation_issue", clean(csl.get("issue", ""))), ("citation_publisher", clean(csl.get("publisher", "")))]
    pages = str(csl.get("page", "")).replace("—", "–").replace("-", "–").split("–")
    first, last = clean(pages[0]), clean(pages[1]) if len(pages) > 1 else ""
    parts += [("citation_firstpage", first), ("citation_lastpage", full_last_page(first, last))]
    parts += [("citation_doi", clean(csl.get("DOI", ""))), ("citation_isbn", clean(csl.get("ISBN", "")))]
    if not parts[0][1]:
        return ""
    return "; ".join(f"{key}={value}" for key, value in parts if value)


def dublin_core(f: TextFacts) -> list[tuple[str, str]]:
    m = f.meta
    tags = [("DC.title", f.config.title)]
    tags += [("DC.creator", a.name) for a in f.creators]
    tags += [("DC.contributor", a.name) for a in f.interviewers]
    tags += [("DC.date", f.config.date), ("DC.type", "Text"), ("DC.format", "text/html"),
             ("DC.language", f.config.language), ("DC.publisher", m.get("publisher", "")),
             ("DC.source", f.original_url or ""), ("DC.relation.ispartof", m.get("container", "")),
             ("DC.identifier", f.edition_url or "")]
    if m.get("doi"):
        tags.append(("DC.identifier", f"doi:{m['doi']}"))
    tags += [("DC.subject", keyword) for keyword in f.keywords]
    return [(name, value) for name, value in tags if value]


def _person(author: Any) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": author.name, "givenName": author.given,
                              "familyName": author.family}
    if author.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": author.affiliation}
    return person


def json_ld(f: TextFacts) -> dict[str, Any]:
    m = f.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle" if f.is_journal_article else "Article",
        "headline": f.config.title,
        "name": f.config.title,
        "author": [_person(a) for a in f.creators],
        "datePublished": f.config.date,
        "inLanguage": f.config.language,
        "wordCount": f.words,
    }
    if f.is_interview:
        data["genre"] = "interview"
        data["contributor"] = [_person(a) for a in f.interviewers]
    if f.edition_url:
        data["url"] = f.edition_url
        data["mainEntityOfPage"] = f.edition_url
    if f.original_url:
        data["sameAs"] = f.original_url
    if m.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": m["publisher"]}
    if m.get("doi"):
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": m["doi"]}
    if f.keywords:
        data["keywords"] = ", ".join(f.keywords)
    container = m.get("container")
    if container and f.is_journal_article:
        part: dict[str, Any] = {"@type": "Periodical", "name": container}
        if m.get("volume"):
            part = {"@type": "PublicationVolume", "volumeNumber": m["volume"], "isPartOf": part}
        if m.get("issue"):
            part = {"@type": "PublicationIssue", "issueNumber": m["issue"], "isPartOf": part}
        data["isPartOf"] = part
        if f.first_page:
            data["pageStart"] = f.first_page
        if f.last_page:
            data["pageEnd"] = f.last_page
    elif container:
        data["isPartOf"] = {"@type": "Periodical", "name": container}
    if f.pdf_url:
        data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": f.pdf_url}
    return data


def open_graph(f: TextFacts, description: str, site_name: str) -> list[tuple[str, str]]:
    tags = [("og:type", "article"), ("og:title", f.config.title), ("og:description", description),
            ("og:site_name", site_name), ("og:locale", f.config.language.replace("-", "_")),
            ("og:url", f.edition_url or ""), ("article:published_time", f.config.date)]
    tags += [("article:author", a.name) for a in f.creators]
    tags += [("article:tag", keyword) for keyword in f.keywords]
    return [(name, value) for name, value in tags if value]


def json_for_script(data: Any) -> str:
    """JSON safe inside <script>: every `<` (so `</script>` and `<!--` too), `>` and `&` as a
    JSON escape, which a JSON reader reads back as the same character."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head_html(f: TextFacts, description: str, site_name: str) -> str:
    """All of it, as HTML for the page's <head>."""
    lines = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">']
    lines += [_meta(name, value) for name, value in highwire(f)]
    lines += [_meta(name, value) for name, value in dublin_core(f)]
    lines += [_meta(name, value, "property") for name, value in open_graph(f, description, site_name)]
    payload = json_for_script(json_ld(f))
    lines.append(f'<script type="application/ld+json">\n{payload}\n</script>')
    return "\n".join(lines)
