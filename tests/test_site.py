"""End to end: the site built with `mkdocs build --strict`, read back as HTML."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_tools.web.minify import OWN_ASSETS

BOILERPLATE = ["Most Recent Articles", "Most Popular Articles", "advertisement", "Advertisement", "Membership",
               "We need your help", "Click here to become a member", "Our Mission", "ISSN 2628-7641",
               "DOWNLOAD HERE", "EU Forward Project", "city,cities,metropolis"]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of the page (without scripts, and
    without the editor's admonitions, which may well name what was removed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0
        self._div_depth = 0
        self._admonition_at: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "div":
            self._div_depth += 1
            if "admonition" in attributes.get("class", "").split():
                self._admonition_at.append(self._div_depth)
                self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "div":
            if self._admonition_at and self._admonition_at[-1] == self._div_depth:
                self._admonition_at.pop()
                self._skip -= 1
            self._div_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def with_class(self, name: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.tags if name in attrs.get("class", "").split()]


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def article(built_site: Path) -> Elements:
    return parse(built_site / "texts" / "curtis-2018" / "index.html")


@pytest.fixture(scope="module")
def interview(built_site: Path) -> Elements:
    return parse(built_site / "texts" / "amin-wilson-2023" / "index.html")


def test_eleven_footnotes_linked_both_ways(article: Elements) -> None:
    ids = {attrs.get("id", "") for _, attrs in article.tags}
    hrefs = [attrs.get("href", "") for tag, attrs in article.tags if tag == "a"]
    for n in range(1, 12):
        assert f"fn:{n}" in ids and f"fnref:{n}" in ids, n
        assert hrefs.count(f"#fn:{n}") == 1 and hrefs.count(f"#fnref:{n}") == 1, n
    assert f"fn:{12}" not in ids


def test_every_turn_is_labelled(interview: Elements) -> None:
    turns = interview.with_class("turn")
    labels = interview.with_class("speaker")
    assert len(turns) == 16 and len(labels) == 16
    roles = [attrs["class"].split()[1] for attrs in labels]
    assert roles == ["speaker--interviewer", "speaker--interviewee"] * 8


def test_every_body_paragraph_has_a_numbered_permalink(article: Elements, interview: Elements) -> None:
    for page, count in ((article, 45), (interview, 29)):
        numbers = page.with_class("para-num")
        assert [a["href"] for a in numbers] == [f"#p{n}" for n in range(1, count + 1)]
        ids = {attrs.get("id") for _, attrs in page.tags}
        assert all(f"p{n}" in ids for n in range(1, count + 1))


def test_no_boilerplate_left(built_site: Path) -> None:
    for page in ("texts/amin-wilson-2023/index.html", "texts/curtis-2018/index.html", "index.html"):
        text = " ".join(parse(built_site / page).text)
        for phrase in BOILERPLATE:
            assert phrase not in text, (page, phrase)


def test_no_page_break_split_left(article: Elements, built_site: Path) -> None:
    html = (built_site / "texts" / "curtis-2018" / "index.html").read_text("utf-8")
    paragraphs = re.findall(r'<p class="para" id="p\d+"[^>]*>(.*?)</p>', html, flags=re.S)
    assert len(paragraphs) == 45
    for body in paragraphs:
        text = re.sub(r"<[^>]+>", "", body)
        text = re.sub(r"^\s*\d+\s*", "", text).strip()  # the ¶ number
        assert not text[:1].islower(), text[:60]
        assert re.search(r"[.?!…’”:]\s*(\d+)?$", text), text[-60:]
    assert "holds for contemporary attempts to do the same" in html
    assert "the emergence of global cities are both showing" in html


def test_nothing_loaded_from_other_hosts(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        for tag, attrs in parse(page).tags:
            for attr in ("src", "srcset", "data-src"):
                assert not re.match(r"^(https?:)?//", attrs.get(attr, "")), (page, tag, attrs)
            if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "modulepreload", "preconnect",
                                                      "dns-prefetch", "icon"):
                assert not re.match(r"^(https?:)?//", attrs.get("href", "")), (page, attrs)
    for css in built_site.rglob("*.css"):
        assert not re.search(r"@import\s+url\((['\"])?(https?:)?//|url\((['\"])?(https?:)?//",
                             css.read_text("utf-8")), css


def test_removal_report_is_published(built_site: Path) -> None:
    report = " ".join(parse(built_site / "removals" / "index.html").text)
    assert "advertisement" in report and "site-footer" in report and "Most Recent Articles" in report
    about = (built_site / "about" / "index.html").read_text("utf-8")
    assert 'href="../removals/' in about


# --- what keeps a long page quick to start (see edition.css and build_tools/web) -----------------


def test_each_paragraph_carries_its_length_for_the_layout(built_site: Path) -> None:
    """The stylesheet estimates the height of a paragraph not yet laid out from `--ed-chars`."""
    for slug, count in (("curtis-2018", 45), ("amin-wilson-2023", 29)):
        html = (built_site / "texts" / slug / "index.html").read_text("utf-8")
        found = re.findall(r'<p class="para" id="p\d+" style="--ed-chars: (\d+)">(.*?)</p>', html, flags=re.S)
        assert len(found) == count, slug
        for length, body in found:
            assert int(length) == len(unescape(re.sub(r"<[^>]+>", "", body))), body[:60]


def test_the_theme_script_is_deferred_and_runs_before_the_editions(built_site: Path) -> None:
    for page in [*built_site.rglob("index.html"), built_site / "404.html"]:
        sources = [(attrs["src"], "defer" in attrs) for tag, attrs in parse(page).tags
                   if tag == "script" and "src" in attrs]
        names = [src.rsplit("/", 1)[-1] for src, _ in sources]
        assert len(names) == 2 and names[0].startswith("bundle.") and names[1] == "edition.js", (page, names)
        assert all(deferred for _, deferred in sources), (page, sources)


def test_the_editions_own_css_and_js_are_minified_copies_of_overrides(built_site: Path) -> None:
    """What readers download is overrides/'s files minified, nothing else (build_tools/web/minify.py)."""
    root = Path(__file__).resolve().parents[1]
    for path, minify in OWN_ASSETS.items():
        source = (root / "overrides" / path).read_text("utf-8")
        served = (built_site / path).read_text("utf-8")
        assert served == minify(source) and len(served) < 0.75 * len(source), path
