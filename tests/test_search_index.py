"""The search index's Python side: words folded as the browser folds them, records cut from a
page as a reader lands on them, and the files written small and byte-identical."""

from __future__ import annotations

import gzip
import json

from build_tools.web.search_index import Record, build, tokens
from build_tools.web.search_records import page_records

PAGE = """<html><body><article class="md-content__inner md-typeset">
<h1 id="title">A Text<a class="headerlink" href="#title">#</a></h1>
<p class="standfirst">An opening line.</p>
<details id="cite-this"><summary>Cite this</summary><p>Doe 2020, ¶ 1</p></details>
<h2 id="intro">Introduction<a class="headerlink" href="#intro">#</a></h2>
<p class="para" id="p1"><a class="para-num" href="#p1">1</a> Cities are <em>thrown-togetherness</em>,
let’s say.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> More words.</p>
<p class="see-also" data-search-exclude>See also — Themes ¶ 4</p>
<div class="turn"><p class="para" id="p2"><a class="para-num" href="#p2">2</a>
<span class="speaker">Ash Amin</span> Well, sacks of potatoes.</p></div>
<div class="footnote"><ol><li id="fn:1"><p>A note. <a class="footnote-backref" href="#fnref:1">↩</a></p></li></ol></div>
</article></body></html>"""


def test_words_fold_case_accents_apostrophes_and_hyphens() -> None:
    assert [t for t, _ in tokens("Let’s see Napoléon’s ﬁrst")] == ["let", "see", "napoleon", "first"]
    assert tokens("thrown-togetherness now") == [("throwntogetherness", 0), ("thrown", 0),
                                                  ("togetherness", 1), ("now", 2)]
    assert [t for t, _ in tokens("co\u2011operation")] == [t for t, _ in tokens("co-operation")]


def test_a_text_page_gives_one_record_per_paragraph_and_note() -> None:
    records = {r.url: r for r in page_records(PAGE, "texts/doe-2020/", "A Text", "Doe 2020")}
    assert records["texts/doe-2020/#p1"].title == "Doe 2020, ¶ 1 — Introduction"
    assert records["texts/doe-2020/#p1"].text == "Cities are thrown-togetherness, let’s say. More words."
    assert records["texts/doe-2020/#p2"].title == "Doe 2020, ¶ 2 — Ash Amin"
    assert records["texts/doe-2020/#fn:1"].text == "A note."
    front = records["texts/doe-2020/"].text
    assert "An opening line." in front and "Cite this" not in front
    assert not any("See also" in r.text for r in records.values())


def test_the_index_holds_positions_and_is_reproducible() -> None:
    records = [Record("a/#p1", "A, ¶ 1", "the tenement packed city centers"),
               Record("a/#p2", "A, ¶ 2", "packed trains; city centres")]
    files = build(records)
    assert files == build(records)  # byte-identical
    manifest = json.loads(files["index.json"])
    assert manifest["records"] == 2 and "the" in manifest["stop"]
    shards: dict[str, list[int]] = {}
    for path, data in files.items():
        if path.startswith("t/"):
            shards.update(json.loads(gzip.decompress(data)))
    assert "the" not in shards
    # "packed": record 0 (length 5) at position 2, record 1 (length 4) at position 0
    assert shards["packed"] == [0, 5, 1, 2, 1, 4, 1, 0]
    chunk = json.loads(gzip.decompress(files[f"d/{manifest['id']}-0.bin"]))
    assert chunk[1] == ["a/#p2", "A, ¶ 2", "packed trains; city centres"]
