"""The bibliography's downloads are valid files: each parses back, with a well-kept reader, to the records."""

from __future__ import annotations

import json
from typing import Any

import bibtexparser
import pytest
import rispy

from build_tools.apparatus import exports
from build_tools.edition import Edition


@pytest.fixture(scope="module")
def records(edition: Edition) -> list[dict[str, Any]]:
    assert edition.apparatus is not None
    return edition.apparatus.bibliography.csl_json()


def test_csl_json_round_trip(edition: Edition, records: list[dict[str, Any]]) -> None:
    loaded = json.loads(edition.pages["downloads/bibliography.json"])
    assert loaded == records
    assert all({"id", "type", "title", "issued"} <= set(item) for item in loaded)


def test_bibtex_round_trip(edition: Edition, records: list[dict[str, Any]]) -> None:
    library = bibtexparser.parse_string(edition.pages["downloads/bibliography.bib"])
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    assert list(entries) == [item["id"] for item in records]
    for item in records:
        entry = entries[item["id"]]
        assert entry.entry_type == exports.BIBTEX_TYPES[item["type"]]
        assert entry["year"] == exports.year_of(item)
        assert entry["title"].removeprefix("{").removesuffix("}").replace("\\&", "&") == item["title"]
        if "DOI" in item:
            assert entry["doi"] == item["DOI"]
    assert entries["bellamy-foster-2000"]["author"] == "{Bellamy Foster}, J."
    assert entries["koonings-kruijt-2015"]["booktitle"] == "Violence and resilience in Latin American cities"
    assert entries["acuto-2011"]["pages"] == "2953--73"


def test_ris_round_trip(edition: Edition, records: list[dict[str, Any]]) -> None:
    loaded = rispy.loads(edition.pages["downloads/bibliography.ris"])
    assert [entry["id"] for entry in loaded] == [item["id"] for item in records]
    for entry, item in zip(loaded, records, strict=True):
        assert entry["type_of_reference"] == exports.RIS_TYPES[item["type"]]
        assert entry["title"] == item["title"]
        assert entry["year"] == exports.year_of(item)
        assert entry["authors"] == [exports.name(p) for p in item.get("author", [])]
        if "DOI" in item:
            assert entry["doi"] == item["DOI"]
    acuto = next(e for e in loaded if e["id"] == "acuto-rayner-2016")
    assert (acuto["start_page"], acuto["end_page"], acuto["volume"], acuto["number"]) == ("1147", "1166", "92", "5")


def test_bibtex_escapes_what_latex_would_read_as_markup() -> None:
    item = {"id": "x-2000", "type": "book", "title": "Cities & 100% of #1_things {x}",
            "issued": {"date-parts": [[2000]]}, "author": [{"family": "Ö'Brien", "given": "A."}]}
    library = bibtexparser.parse_string(exports.bibtex([item]))
    assert library.entries[0]["title"] == r"{Cities \& 100\% of \#1\_things \textbraceleft{}x\textbraceright{}}"
