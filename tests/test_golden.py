"""Golden files: the generated Markdown of every page, reviewed as a diff.

After a deliberate change, regenerate with `pytest tests/test_golden.py --update-golden` and
read `git diff tests/golden/` before committing: every changed line is a change readers see.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.edition import Edition
from build_tools.render.identity import CHANGELOG_PAGE

GOLDEN = Path(__file__).parent / "golden"


def _golden_name(page: str) -> str:
    return page.replace("/", "__")


def test_golden_pages(edition: Edition, update_golden: bool) -> None:
    # Not the Changelog: it is the project's CHANGELOG.md, not made from the sources (test_identity.py)
    text_pages = {page: md for page, md in edition.pages.items() if page.endswith(".md") and page != CHANGELOG_PAGE}
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*.md"):
            old.unlink()
        for page, markdown in text_pages.items():
            (GOLDEN / _golden_name(page)).write_text(markdown, encoding="utf-8")
    expected = {p.name for p in GOLDEN.glob("*.md")}
    assert expected == {_golden_name(p) for p in text_pages}, "pages added or removed: run with --update-golden"
    for page, markdown in text_pages.items():
        golden = (GOLDEN / _golden_name(page)).read_text("utf-8")
        if golden != markdown:
            pytest.fail(f"{page} differs from tests/golden/{_golden_name(page)}; if the change is intended, "
                        "run `pytest tests/test_golden.py --update-golden` and review the diff")
