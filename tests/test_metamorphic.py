"""Metamorphic tests: the same words laid out or encoded differently make the same edition.

Each seed is rewritten the ways real files differ — re-wrapped at 70 columns with hyphens at
line ends, CRLF line endings, a byte-order mark, Unicode NFD, trailing spaces — into a
temporary seeds folder, and must build to exactly the edition page of the original.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.edition import Edition, build_edition
from tests.fixtures.variants import ROOT, crlf, make_seeds, nfd, rewrap, seed_text, seed_yaml, trailing_spaces, with_bom

SLUGS = ["curtis-2018", "amin-wilson-2023"]
ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "crlf": crlf,
    "bom": with_bom,
    "nfd": nfd,
    "trailing-spaces": trailing_spaces,
}


def build_variant(tmp_path: Path, slug: str, raw: bytes, profiles: dict[str, str] | None = None,
                  yaml_text: str | None = None) -> Edition:
    """The edition with one text replaced by its variant (the other text stays: pages link across texts)."""
    texts = {other: (seed_text(other).encode("utf-8"), seed_yaml(other)) for other in SLUGS}
    texts[slug] = (raw, yaml_text or seed_yaml(slug))
    return build_edition(ROOT, make_seeds(tmp_path / "seeds", texts, profiles))


def page(edition: Edition, slug: str) -> str:
    return edition.pages[f"texts/{slug}.md"]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encoding_variants_build_the_same_edition(edition: Edition, tmp_path: Path, slug: str, name: str) -> None:
    variant = build_variant(tmp_path, slug, ENCODINGS[name](seed_text(slug)))
    assert page(variant, slug) == page(edition, slug)
    where = str(tmp_path / "seeds") + "/"  # the report names the raw file; the variant's is elsewhere
    assert _report_section(variant, slug).replace(where, "seeds/") == _report_section(edition, slug)


def _report_section(edition: Edition, slug: str) -> str:
    report = edition.pages["removals.md"]
    start = report.index(f"{{ #{slug} }}")
    following = [report.find("\n## ", start)]
    return report[start:following[0] if following[0] > 0 else len(report)]


def test_curtis_rewrapped_with_hyphens_builds_the_same_edition(edition: Edition, tmp_path: Path) -> None:
    original = seed_text("curtis-2018")
    wrapped = rewrap(original, width=70, hyphenate=True)
    assert wrapped.count("-\n") > 40  # the variant really breaks words at line ends
    variant = build_variant(tmp_path, "curtis-2018", wrapped.encode("utf-8"))
    assert page(variant, "curtis-2018") == page(edition, "curtis-2018")
    result = next(t for t in variant.texts if t.seed.config.slug == "curtis-2018")
    assert not [d for d in variant.diagnostics.items if d.code == "P005"]
    joined = [r for r in result.doc.removals if r.rule == "line-end-hyphen"]
    # the wrapper breaks only unhyphenated words, so every line-end hyphen is the typesetter's
    assert len(joined) == wrapped.count("-\n") - original.count("-\n")


def _lines_profile_as_paragraphs() -> str:
    """The Social Europe profile for a page whose scrape wraps each paragraph and leaves a blank
    line between paragraphs: the same rules, with blank-line blocks and line-end hyphens mended."""
    profile = (ROOT / "seeds" / "profiles" / "social-europe.yml").read_text(encoding="utf-8")
    assert "blocks: lines" in profile
    profile = profile.replace("name: social-europe", "name: social-europe-wrapped")
    profile = profile.replace("blocks: lines", "blocks: paragraphs")
    return profile + "\nlines:\n  dehyphenate: true\n"


def test_amin_rewrapped_with_hyphens_builds_the_same_edition(edition: Edition, tmp_path: Path) -> None:
    original = seed_text("amin-wilson-2023")
    wrapped = rewrap(original, width=70, hyphenate=True, blank_between=True)
    assert wrapped.count("-\n") > 20
    yaml_text = seed_yaml("amin-wilson-2023").replace("profile: social-europe", "profile: social-europe-wrapped")
    variant = build_variant(tmp_path, "amin-wilson-2023", wrapped.encode("utf-8"),
                            {"social-europe-wrapped": _lines_profile_as_paragraphs()}, yaml_text)
    assert page(variant, "amin-wilson-2023") == page(edition, "amin-wilson-2023")


def test_all_variants_at_once(edition: Edition, tmp_path: Path) -> None:
    """CRLF + BOM + NFD + trailing spaces + wrapping together, on the article."""
    wrapped = rewrap(seed_text("curtis-2018"), width=64, hyphenate=True)
    raw = b"\xef\xbb\xbf" + trailing_spaces(wrapped).decode("utf-8").replace("\n", "\r\n").encode("utf-8")
    raw = nfd(raw.decode("utf-8"))
    variant = build_variant(tmp_path, "curtis-2018", raw)
    assert page(variant, "curtis-2018") == page(edition, "curtis-2018")
