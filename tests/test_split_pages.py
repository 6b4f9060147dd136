"""A page of sections is one page up to its limit, a list of sub-pages beyond it; links into it
(from other pages, and between its own sections) are sent to the sub-page with the anchor."""

from __future__ import annotations

import re

from build_tools.apparatus.split_pages import Layout, Section, rebase, route_links, split_page

HEAD = ["---", "title: Works", "---", "", "# Works", ""]
LAYOUT = Layout("Works", ("work", "works"), ("search:", "  exclude: true"))


def _sections(count: int) -> list[Section]:
    out = []
    for n in range(count):
        # each links to a text, to the next entry in the page, and to the outside world
        out.append(Section(f"Work {n}", "\n".join([
            f'<div id="ref-w{n}" markdown="1">', "", f"W{n}. [read it](texts/t{n}.md#p1) · [next](#ref-w{n + 1}) · "
            f"[elsewhere](https://example.org/a#b)", "", "</div>", ""])))
    return out


def test_under_the_limit_the_page_is_whole_and_unchanged() -> None:
    sections = _sections(3)
    split = split_page("works.md", HEAD, sections, 3, LAYOUT)
    assert split.pages == {} and split.routes == {}
    assert split.top == "\n".join([*HEAD, *(s.markdown for s in sections)]).rstrip() + "\n"


def test_the_limit_counts_the_regular_sections() -> None:
    notes = Section("Notes", "## Notes { #notes }\n", alone=True)
    assert split_page("works.md", HEAD, [*_sections(3), notes], 3, LAYOUT).pages == {}
    assert len(split_page("works.md", HEAD, [*_sections(4), notes], 3, LAYOUT).pages) == 3


def test_beyond_the_limit_each_sub_page_holds_at_most_the_limit() -> None:
    sections = [*_sections(7), Section("Notes", "## Notes { #notes }\n\nA few words.\n", alone=True)]
    split = split_page("works.md", HEAD, sections, 3, LAYOUT)
    assert sorted(split.pages) == [f"works/{n}.md" for n in range(1, 5)]
    assert "ref-w0" not in split.top and "(works/4.md)" in split.top and "[Work 0 – Work 2](works/1.md)" in split.top
    assert [page.count("<div id=") for page in split.pages.values()] == [3, 3, 1, 0]  # the notes alone
    assert split.routes["ref-w4"] == "works/2.md" and split.routes["notes"] == "works/4.md"
    page = split.pages["works/2.md"]
    assert "title: \"Works: Work 3 – Work 5\"" in page and "search:\n  exclude: true" in page
    assert "(../texts/t4.md#p1)" in page  # rebased for the folder
    assert "(https://example.org/a#b)" in page  # an address left alone
    assert "[previous page](1.md)" in page and "[next page](3.md)" in page and "(../works.md)" in page
    # Routed: an in-page link to an entry on the same sub-page, and one on the next.
    routed = route_links(page, "works/2.md", {"works.md": split.routes})
    assert "[next](#ref-w4)" in routed and "[next](3.md#ref-w6)" in routed
    assert "works.md#" not in routed


def test_links_from_other_pages_go_to_the_sub_page() -> None:
    split = split_page("works.md", HEAD, _sections(5), 2, LAYOUT)
    routes = {"works.md": split.routes}
    text = "See [W3](../works.md#ref-w3 \"W3.\"){ .citation } and [all](../works.md) and [W9](../works.md#ref-w9)."
    routed = route_links(text, "texts/t1.md", routes)
    assert routed == ("See [W3](../works/2.md#ref-w3 \"W3.\"){ .citation } and [all](../works.md) and "
                      "[W9](../works.md#ref-w9).")  # an anchor no sub-page has is left for the link check
    assert route_links("[a](index/x.md)", "index.md", routes) == "[a](index/x.md)"
    deep = route_links("[back](../../works.md#ref-w0)", "index/entry/w0.md", routes)
    assert deep == "[back](../../works/1.md#ref-w0)"
    assert re.fullmatch(r"\[W\]\(works/3\.md#ref-w4\)", route_links("[W](works.md#ref-w4)", "about.md", routes))
    # A source's text that looks like a link is escaped (markdown_escape.py), and stays as it is.
    escaped = "A source writes x\\](works.md#ref-w4) and y\\\\](works.md#ref-w4)."
    assert route_links(escaped, "about.md", routes) == escaped.replace("\\\\](works.md", "\\\\](works/3.md")
    assert rebase(escaped, "about.md", "works/1.md") == escaped.replace("\\\\](works.md", "\\\\](../works.md")
