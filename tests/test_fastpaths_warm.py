"""Fast paths for the time every text costs (warm) change nothing: each is checked against the
straightforward version it replaced, on generated text.

- find_title skips an ASCII block shorter than the title without folding it;
- strip_chrome's test of running text stops at the second sentence end instead of counting all;
- strip_chrome's guarded literals: a literal that holds another of its set is not searched.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.model import Paragraph, Span, Text
from build_tools.passes import classify_page_parts, strip_chrome
from build_tools.passes.attribute_turns import comparable
from build_tools.passes.strip_chrome import GuardedBranch

# --- find_title: an ASCII block shorter than the title cannot print it ---------------------------

MARKUP_ASCII = "aB .*_#[]()!|-:\n\t"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=MARKUP_ASCII, max_size=40))
def test_folding_never_lengthens_an_ascii_text(text: str) -> None:
    assert len(classify_page_parts.bare(text)) <= len(text)


def plain_find_title(texts: list[str], title: str) -> int | None:
    """find_title as it read before its tests of length: every block folded and compared."""
    wanted = classify_page_parts.bare(title).rstrip(".")
    if not wanted:
        return None
    for index, text in enumerate(texts):
        found = classify_page_parts.bare(text).rstrip(".")
        if found == wanted or (found.startswith(wanted)
                               and classify_page_parts._SITE_AFTER_TITLE.match(found[len(wanted):])):
            return index
    return None


TITLE_WORDS = st.sampled_from(["Global", "global", "cities", "**Global**", "_cities_", "[Global](x)", "![g](x)",
                               "ß", "SS", "Ÿ", "’s", "'s", "—", "|", "-", "Site", "a", ".", "#", "## G", "ΐ", "\t",
                               "\u00a0", ""])
TITLE_TEXTS = st.lists(TITLE_WORDS, max_size=6).map(" ".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(TITLE_TEXTS, max_size=6), TITLE_TEXTS)
def test_find_title_finds_what_folding_every_block_finds(texts: list[str], title: str) -> None:
    blocks = [Paragraph([Text(text)], Span("f", 1, 1)) for text in texts]
    expected = plain_find_title(texts, title)
    assert classify_page_parts.find_title(blocks, title, texts) == expected
    assert classify_page_parts.find_title(blocks, title) == expected


# --- strip_chrome: two sentence ends, found without counting them all -----------------------------


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="a .!?…\"'”’)\n\t", max_size=30))
def test_two_sentence_ends_as_counting_every_one(text: str) -> None:
    assert strip_chrome._two_sentence_ends(text) == (len(strip_chrome._SENTENCE_END.findall(text)) >= 2)


# --- strip_chrome: the guarded literals searched ----------------------------------------------------

LITERALS = st.frozensets(st.text(alphabet="ab c", min_size=1, max_size=4), min_size=1, max_size=5)


@settings(max_examples=1000, deadline=None)
@given(LITERALS, st.lists(st.text(alphabet="ab cd", max_size=12), max_size=6))
def test_the_shortest_literals_find_the_texts_every_literal_finds(literals: frozenset[str], texts: list[str]) -> None:
    shortest = strip_chrome._shortest_literals(literals)
    assert set(shortest) <= literals
    for text in texts:
        assert any(literal in text for literal in shortest) == any(literal in text for literal in literals)
    branch = GuardedBranch(pattern=None, literals=literals, folded=False)  # type: ignore[arg-type]
    assert strip_chrome.blocks_holding((branch,), texts) == [
        {index for index, text in enumerate(texts) if any(literal in text for literal in literals)}]


# --- strip_chrome: link lists found as runs of items ------------------------------------------------


def plain_without_link_lists(texts: list[str], min_items: int, max_words: int) -> tuple[list[str], list[str]]:
    """The link-list step as it read before: walked block by block (the texts kept, and removed)."""
    kept: list[str] = []
    removed: list[str] = []
    index = 0
    while index < len(texts):
        end = index
        while end < len(texts) and strip_chrome._short_item(texts[end], max_words):
            end += 1
        introduced = bool(kept) and kept[-1].rstrip().endswith(":")
        if end - index >= min_items and not introduced:
            removed.extend(texts[index:end])
            index = end
            continue
        kept.extend(texts[index:max(end, index + 1)])
        index = max(end, index + 1)
    return kept, removed


LIST_BLOCKS = st.lists(st.sampled_from(["• Home", "• Read [more](x) now", "1. One two three four five six",
                                        "* a.", "- b", "Intro:", "Intro: ", "Some text", "2) x y", "•x", ""]),
                       max_size=12)


@settings(max_examples=1000, deadline=None)
@given(LIST_BLOCKS, st.integers(1, 4), st.integers(1, 5))
def test_link_lists_found_as_runs_remove_what_walking_every_block_did(texts: list[str], min_items: int,
                                                                      max_words: int) -> None:
    blocks: list = [Paragraph([Text(text)], Span("f", index + 1, index + 1)) for index, text in enumerate(texts)]
    doc = SimpleNamespace(removals=[])
    web = SimpleNamespace(link_list_min_items=min_items, link_list_max_words=max_words, why=lambda rule: rule)
    kept_blocks, kept = strip_chrome._without_link_lists(blocks, texts, doc, web)  # type: ignore[arg-type]
    assert (kept, [removal.text for removal in doc.removals]) == plain_without_link_lists(texts, min_items, max_words)
    assert [block.text for block in kept_blocks] == kept
    assert [removal.span.line for removal in doc.removals] == sorted(removal.span.line for removal in doc.removals)


# --- strip_chrome: a page folded text by text, ASCII ones lower-cased ------------------------------

MIXED_TEXTS = st.lists(st.one_of(st.text(alphabet="aB \t\n.“’—-", max_size=10),
                                 st.text(alphabet="aE ß\u03a3\u0130\u017f\ufb01\u0301\u00a0\n“’—-\x00", max_size=10)),
                       max_size=6)


@settings(max_examples=1000, deadline=None)
@given(MIXED_TEXTS)
def test_a_page_folded_text_by_text_is_each_block_folded_alone(texts: list[str]) -> None:
    assert strip_chrome.folded_for_comparison(texts) == [comparable(text).casefold() for text in texts]


# --- find_title: a block told by the first character of its folding ---------------------------------


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aB .*_#[]()!|-:\n\t\u00a0ßΐ‘’“—Σ", max_size=20))
def test_a_blocks_opening_is_the_first_character_of_its_folding(text: str) -> None:
    opening = classify_page_parts._opening(text)
    if opening is not None:
        assert classify_page_parts.bare(text)[:1] == opening


# --- strip_chrome: a region's blocks removed at once ---------------------------------------------

REGION_RULES = (
    strip_chrome.ChromeRule("line", "why", line=re.compile("^L")),
    strip_chrome.ChromeRule("closed", "why", start=re.compile("^S"), end=re.compile("E$")),
    strip_chrome.ChromeRule("to-end", "why", start=re.compile("^T"), to_end=True),
    strip_chrome.ChromeRule("open", "why", start=re.compile("^U")),
)
PROSE = " ".join(["Word"] * 40) + ". And more. Even more."
REGION_BLOCKS = st.lists(st.sampled_from(["L a", "S a", "S E", "E", "a E", "T", "U", "U E", "plain", "more",
                                          PROSE, "L " + PROSE, "S " + PROSE, PROSE + " E"]), max_size=14)


def plain_chrome_loop(blocks: list[Paragraph], rules: tuple[strip_chrome.ChromeRule, ...]) -> tuple:
    """The pass's loop as it read before: each block of a region removed in a turn of its own."""
    scan = strip_chrome._Blocks(blocks, rules)  # type: ignore[arg-type]
    kept: list[int] = []
    removed: list[tuple[str, str]] = []
    pending: list[int] = []
    region = None
    index = 0
    while index < len(blocks):
        text, starting = scan.texts[index], scan.starting[index]
        if region is not None and not region.to_end and starting is not None:
            region = None
        if region is not None:
            removed.append((region.rule, text))
            if region.end is not None and region.end.search(text):
                region = None
            index += 1
            continue
        if starting is not None and scan.prose_words(index):
            pending.append(blocks[index].span.line)
            starting = None
        if starting is not None:
            removed.append((starting.rule, text))
            opens = starting.start is not None and starting.start.search(text) is not None
            closes = starting.end is not None and starting.end.search(text) is not None
            region = starting if opens and not closes else None
            if region is not None:
                end = strip_chrome._region_end(scan, index, region)
                if strip_chrome._region_holds_the_piece(scan, index, end, kept):
                    pending.append(blocks[index + 1].span.line)
                    region = None
            index += 1
            continue
        kept.append(index)
        index += 1
    return [scan.texts[index] for index in kept], removed, pending


@settings(max_examples=1000, deadline=None)
@given(REGION_BLOCKS)
def test_a_region_removed_at_once_removes_what_the_loop_removed_block_by_block(texts: list[str]) -> None:
    blocks = [Paragraph([Text(text)], Span("f", index + 1, index + 1)) for index, text in enumerate(texts)]
    pending: list[int] = []
    diagnostics = SimpleNamespace(pending=lambda code, message, file, line, hint: pending.append(line))
    profile = SimpleNamespace(chrome=REGION_RULES, pull_quotes=None, web=None)
    ctx = SimpleNamespace(seed=SimpleNamespace(profile=profile), diagnostics=diagnostics, file="f")
    doc = SimpleNamespace(blocks=blocks, removals=[])
    strip_chrome.run(doc, ctx)  # type: ignore[arg-type]
    assert ([block.text for block in doc.blocks], [(removal.rule, removal.text) for removal in doc.removals],
            pending) == plain_chrome_loop(blocks, REGION_RULES)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="a. \n", min_size=50, max_size=70))
def test_a_text_too_short_for_running_text_has_too_few_words(text: str) -> None:
    words = len(text.split())
    plain = words if words >= 30 and len(strip_chrome._SENTENCE_END.findall(text)) >= 2 else 0
    assert strip_chrome._prose_words(text) == plain
    shortest = ". . " + " ".join(["a"] * 28)  # (thirty words, two sentence ends, in the fewest characters)
    assert len(shortest) == strip_chrome._PROSE_MIN_LENGTH and strip_chrome._prose_words(shortest) == 30
