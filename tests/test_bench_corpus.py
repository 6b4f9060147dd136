"""The benchmark's generated corpora (bench/corpus.py) keep every text's structure and editorial data.

The harness itself is not part of the suite (its figures depend on the machine), but what
it measures must be a valid edition: these check that copying a text varies its words,
never its structure, and that editorial data about a text follows each of its copies.
"""

from __future__ import annotations

import random

from bench.corpus import PROTECTED_LEADING_WORDS, retarget, vary_line


def test_varying_a_line_keeps_its_opening_words_its_last_word_and_its_length_in_words() -> None:
    line = "Well, cities are certainly not sacks of potatoes at all, if anything they gather people together."
    vocabulary = ("urban", "network", "politics")
    varied = vary_line(line, random.Random(3), vocabulary, frozenset({"anything", "gather", "people", "they"}))
    assert varied.split()[:PROTECTED_LEADING_WORDS] == line.split()[:PROTECTED_LEADING_WORDS]
    assert varied.split()[-1] == line.split()[-1]
    assert len(varied.split()) == len(line.split())
    assert varied != line


def test_a_short_line_is_left_alone() -> None:
    line = "Global Cities and the Ends of Globalism"
    assert vary_line(line, random.Random(1), ("urban",), frozenset({"cities"})) == line


def test_editorial_data_about_a_text_is_repeated_for_each_copy() -> None:
    copies = {"a-2018": ["gen-0-a-2018", "gen-2-a-2018"], "b-2023": ["gen-1-b-2023"]}
    data = {
        "resolutions": [{"text": "a-2018", "cited": "X 2000"}, {"text": "b-2023", "cited": "Y 2001"}],
        "works": {"a-2018": {"from_text": "a-2018"}, "other": {"title": "T", "mentions": [{"text": "b-2023"}]}},
        "themes": [{"id": "t", "texts": {"a-2018": [1, 2]}}],
    }
    assert retarget(data, copies) == {
        "resolutions": [{"text": "gen-0-a-2018", "cited": "X 2000"}, {"text": "gen-2-a-2018", "cited": "X 2000"},
                        {"text": "gen-1-b-2023", "cited": "Y 2001"}],
        "works": {"gen-0-a-2018": {"from_text": "gen-0-a-2018"}, "gen-2-a-2018": {"from_text": "gen-2-a-2018"},
                  "other": {"title": "T", "mentions": [{"text": "gen-1-b-2023"}]}},
        "themes": [{"id": "t", "texts": {"gen-0-a-2018": [1, 2], "gen-2-a-2018": [1, 2]}}],
    }
