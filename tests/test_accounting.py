"""The word accounting fails the build when a word is lost, and only then."""

from __future__ import annotations

from build_tools.accounting import check, missing_words
from build_tools.diagnostics import Diagnostics
from build_tools.edition import Edition


def test_the_real_edition_accounts_for_every_word(edition: Edition) -> None:
    for result in edition.texts:
        assert not missing_words(result.seed.text, result.markdown, "\n".join(r.text for r in result.doc.removals))


def test_a_lost_word_is_reported_with_its_line() -> None:
    source = "First line.\nThe quick brown fox.\n"
    diagnostics = Diagnostics()
    lost = check(source, "seeds/x/source.txt", "First line. The quick fox.", "", diagnostics)
    assert lost == 1
    [error] = diagnostics.errors
    assert error.code == "W001" and error.line == 2 and error.col == 11 and "brown" in error.message


def test_words_hidden_by_markup_are_lost() -> None:
    # a word that the Markdown turns into markup (an HTML comment) is not shown to readers
    assert missing_words("keep this word", "keep this <!-- word -->", "") == {"word": 1}


def test_words_in_the_removal_report_are_accounted_for() -> None:
    assert not missing_words("Advertisement here. Text.", "Text.", "- Advertisement here.")
