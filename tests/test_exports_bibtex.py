"""BibTeX written by apparatus/exports.py reads back, after LaTeX decoding, as the record's own text.

bibtexparser parses the file (its default stack takes off the field's braces); pylatexenc then
decodes the LaTeX as a LaTeX run would read it. Its context is the default one plus the three text
commands of the LaTeX kernel it lacks or maps to a look-alike (`\\textbraceleft`,
`\\textbraceright` to nothing, `\\textasciicircum` to U+02C6 MODIFIER LETTER CIRCUMFLEX): the kernel
prints `{`, `}` and `^` with them. `url` and `doi` are verbatim fields in biblatex's data model
(biber reads them as written), so they are compared undecoded.
"""

from __future__ import annotations

import re
from typing import Any

import bibtexparser
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from build_tools.apparatus import exports

_CONTEXT = get_default_latex_context_db()
_CONTEXT.add_context_category("latex-kernel-text-commands", prepend=True, macros=[
    MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"), MacroTextSpec("textasciicircum", "^")])
_DECODER = LatexNodes2Text(latex_context=_CONTEXT, math_mode="verbatim", strict_latex_spaces=True)
VERBATIM = {"url", "doi"}
SPECIALS = "\\~^{}_%&$#"


def decoded(value: str) -> str:
    return _DECODER.latex_to_text(value)


def parse(item: dict[str, Any]) -> dict[str, str]:
    library = bibtexparser.parse_string(exports.bibtex([item]))
    assert not library.failed_blocks, exports.bibtex([item])
    [entry] = library.entries
    return {key: field.value if key in VERBATIM else decoded(field.value) for key, field in entry.fields_dict.items()}


def record(title: str, **more: Any) -> dict[str, Any]:
    return {"id": "x-2000", "type": "chapter", "title": title, "issued": {"date-parts": [[2000]]}, **more}


def test_every_special_character_round_trips() -> None:
    title = r"A \ b ~ c ^ d { e } f _ g % h & i $ j # k"
    fields = parse(record(title, **{"container-title": "Ö'Brien’s {book}: ŁÓDŹ — “Σ” naïve",
                                    "publisher": "100% & $5 #1_a", "note": r"\textbf{x}"}))
    assert fields["title"] == title
    assert fields["booktitle"] == "Ö'Brien’s {book}: ŁÓDŹ — “Σ” naïve"
    assert fields["publisher"] == "100% & $5 #1_a"
    assert fields["note"] == r"\textbf{x}"  # a command in the data is text, not a command


def test_ligature_pairs_stay_the_characters_written() -> None:
    title = "A--B---C ``q'' !` ?` 'single' x-y"
    assert parse(record(title))["title"] == title


def test_braces_in_the_file_balance_even_when_the_text_has_a_lone_one() -> None:
    """BibTeX and biber count every brace, escaped or not: a lone `\\{` would end the field elsewhere."""
    text = exports.bibtex([record("an { unclosed and a } stray }} brace")])
    body = text.split("\n", 2)[2]
    depth = 0
    for char in body:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_url_and_doi_are_written_verbatim() -> None:
    url = "https://example.org/a_b%20c&d#e~f?x=1^2$"
    fields = parse(record("T", URL=url, DOI="10.1000/a_b%c&d#e"))
    assert fields["url"] == url
    assert fields["doi"] == "10.1000/a_b%c&d#e"
    raw = exports.bibtex([record("T", URL=url)])
    assert f"url = {{{url}}}" in raw  # not a single backslash added


def test_names_with_specials_commas_and_and_stay_one_name() -> None:
    authors = [{"family": "Smith, Jr.", "given": "A_B"}, {"family": "Bellamy Foster", "given": "John"},
               {"family": "Ö{}", "given": "Tom and Jerry"}]
    library = bibtexparser.parse_string(exports.bibtex([record("T", author=authors)]))
    value = library.entries[0]["author"]
    names = re.split(r"\s+and\s+(?![^{]*})", value)  # BibTeX splits on " and " outside braces
    assert len(names) == 3
    assert decoded(value.replace("{Smith, Jr.}", "Smith, Jr.")).startswith("Smith, Jr., A_B and Bellamy Foster")


def test_pages_range_is_an_en_dash() -> None:
    raw = exports.bibtex([record("T", page="75-90")])
    assert "pages = {75--90}" in raw


_TEXT = st.text(alphabet=st.sampled_from(list(SPECIALS + "-`'!? aZ0Öé—“”‘’ŁΣ\t\n\\")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example(SPECIALS)
@example("\\\\{{}}^^~~")
@example("a -- b ``c'' !`")
def test_any_text_round_trips(text: str) -> None:
    """Any title, written and read back, is the title (white space collapsed to single spaces,
    as one field is one line)."""
    expected = " ".join(text.split())
    assert parse(record(text))["title"] == expected
