"""The generator on real texts nobody wrote rules for (tests/corpus/, truth files by reading).

Each text is added with `add-text`'s guessed YAML alone and built as a draft (what an editor
gets before touching any YAML), then compared with its truth file by `bench/corpus_quality.py`:
every text must build without losing a word, and must meet the issues' bar (notes at their
markers, headings, title, furniture, citations, turns, front matter) — or, where the baseline
records a text still short of it, do no worse than `tests/corpus/baseline.yml`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.corpus_quality import BASELINE, CORPUS, corpus_files, measure_file, regressions

FILES = corpus_files()
BASELINES = yaml.safe_load(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}


def test_the_corpus_is_here_with_its_truth() -> None:
    shipped = sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert [p.stem for p in FILES] == shipped  # every shipped text has a truth file
    assert any(name.startswith("pdf-") for name in shipped) and any(name.startswith("web-") for name in shipped)
    assert set(BASELINES) == set(shipped)


@pytest.mark.parametrize("raw", FILES, ids=[p.stem for p in FILES])
def test_corpus_text_builds_from_guessed_yaml_and_meets_its_bar(raw: Path) -> None:
    measure = measure_file(raw)
    assert measure.built, measure.errors[:5]
    assert measure.words_lost == 0
    assert regressions(measure, BASELINES[raw.stem]) == [], measure.failures()
    if BASELINES[raw.stem].get("meets_bar", False):
        assert measure.failures() == []


PAGED = [p for p in FILES if p.stem.startswith("pdf-") and "\f" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("raw", PAGED, ids=[p.stem for p in PAGED])
def test_page_break_markers_instead_of_form_feeds_give_the_same_edition(raw: Path, tmp_path: Path) -> None:
    """A repository's text dump marks its pages with `<<PAGE_BREAK>>` lines where pdftotext writes a
    form feed: the same text so marked meets the same figures (the title page's note included)."""
    assert PAGED, "the corpus has extractions with form feeds"
    marked = tmp_path / raw.name  # (the truth file is found by the name)
    marked.write_text(raw.read_text(encoding="utf-8").replace("\f", "\n<<PAGE_BREAK>>\n"), encoding="utf-8")
    measure = measure_file(marked)
    assert measure.built and measure.words_lost == 0
    assert measure.failures() == []
