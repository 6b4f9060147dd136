"""The edition's search index: paragraph-level, chunked, static, read only when a reader searches.

Why not Material's search: it indexes one entry per section (a whole interview is one entry) and
every page load fetches the whole index (1.16 MB gzip at 100 texts). Why not Pagefind: with one
record per paragraph its metadata file, which every search loads first, grows by about 5 KB gzip
per 1,000 records (about 260 KB at 1,000 texts), and its Python API takes 0.1 s per record.

What is written into `site/search/`:

- `index.json`: the manifest (a few KB at 1,000 texts): the build's id, the number of records,
  their mean length, the first term of each term shard, the stopwords, the chunk size.
- `t/<id>-<n>.bin`: term shards, gzip-compressed JSON `{term: [postings]}`, terms in sorted
  ranges of about `SHARD_BYTES` each, so one word costs one shard at any corpus size. A posting is
  a flat run of integers per record: record id (delta from the previous one), record length,
  number of positions, positions (each a delta): positions make exact phrases checkable from the
  index alone.
- `d/<id>-<n>.bin`: records in chunks of `CHUNK` (url, title, text), fetched only for the results
  shown.

The tokenizer is the contract with the browser's (`overrides/assets/javascripts/search.js`,
`tokens`): both fold case, accents, curly apostrophes and typographic hyphens the same way, so a
reader's "let's", "lets" and "let’s" meet; a hyphenated word is indexed as its parts and as the
joined word ("thrown-togetherness" is found as "thrown togetherness" and "throwntogetherness").
Files are pre-compressed (gzip, mtime 0: byte-identical builds) so a plain static server sends
them small; the browser inflates them with `DecompressionStream`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Words too common to narrow a search: left out of the postings (the largest of them, at scale),
# still counted in positions, so a phrase's other words keep their distances.
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "with",
})
SHARD_BYTES = 48_000   # raw JSON per term shard (about 12–20 KB gzip)
CHUNK = 16             # records per chunk of the record store
INDEX_DIR = "search"

_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                              "\u2010": "-", "\u2011": "-", "\u00ad": None})
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@dataclass(frozen=True)
class Record:
    """One search result: a paragraph, a note, an index entry or a page's section."""

    url: str     # relative to the site's root: "texts/curtis-2018/#p14"
    title: str   # "Curtis 2018, ¶ 14 — Introduction"
    text: str    # what the reader sees, whitespace collapsed


def normalize(text: str) -> str:
    """Case, accents, ligatures, curly apostrophes and typographic hyphens folded."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().translate(_APOSTROPHES)


def word_terms(word: str) -> list[str]:
    """The terms of one normalized word: its hyphen-separated parts (apostrophes dropped, a
    possessive 's removed)."""
    if word.endswith("'s"):
        word = word[:-2]
    return [part for part in word.replace("'", "").split("-") if part]


def tokens(text: str) -> list[tuple[str, int]]:
    """(term, position) in reading order; a hyphenated word adds its joined form at its first position."""
    out: list[tuple[str, int]] = []
    position = 0
    for match in _WORD.finditer(normalize(text)):
        parts = word_terms(match.group(0))
        if not parts:
            continue
        if len(parts) > 1:
            out.append(("".join(parts), position))
        for part in parts:
            out.append((part, position))
            position += 1
    return out


def _gzip(data: str) -> bytes:
    return gzip.compress(data.encode("utf-8"), compresslevel=9, mtime=0)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build(records: list[Record]) -> dict[str, bytes]:
    """{path under search/: bytes} for the records, in the order given (their ids)."""
    postings: dict[str, list[int]] = {}
    last_id: dict[str, int] = {}
    total_length = 0
    for rid, record in enumerate(records):
        found = tokens(record.text)
        length = sum(1 for _term, _pos in found)
        total_length += length
        positions: dict[str, list[int]] = {}
        for term, position in found:
            if term not in STOPWORDS:
                positions.setdefault(term, []).append(position)
        for term, where in positions.items():
            run = postings.setdefault(term, [])
            run += [rid - last_id.get(term, 0), length, len(where)]
            previous = 0
            for position in where:
                run.append(position - previous)
                previous = position
            last_id[term] = rid
    shards: list[dict[str, list[int]]] = []
    size = SHARD_BYTES
    for term in sorted(postings):
        entry = len(term) + 6 + 3 * len(postings[term])  # about its JSON size
        if size + entry > SHARD_BYTES and (not shards or shards[-1]):
            shards.append({})
            size = 0
        shards[-1][term] = postings[term]
        size += entry
    shard_data = [_gzip(_dumps(shard)) for shard in shards] or [_gzip("{}")]
    chunk_data = [_gzip(_dumps([[r.url, r.title, r.text] for r in records[i:i + CHUNK]]))
                  for i in range(0, len(records), CHUNK)]
    digest = hashlib.sha256()
    for blob in (*shard_data, *chunk_data):
        digest.update(hashlib.sha256(blob).digest())
    build_id = digest.hexdigest()[:10]
    manifest = {
        "v": 1, "id": build_id, "records": len(records), "chunk": CHUNK,
        "avgdl": round(total_length / len(records), 2) if records else 1,
        "stop": sorted(STOPWORDS),
        "shards": [min(shard) if shard else "" for shard in shards] or [""],
    }
    files = {"index.json": _dumps(manifest).encode("utf-8")}
    files.update({f"t/{build_id}-{n}.bin": blob for n, blob in enumerate(shard_data)})
    files.update({f"d/{build_id}-{n}.bin": blob for n, blob in enumerate(chunk_data)})
    return files


def write(records: Iterable[Record], site_dir: Path) -> dict[str, bytes]:
    """The index of `records` written to `site_dir/search/` (replacing what was there)."""
    files = build(list(records))
    target = site_dir / INDEX_DIR
    if target.exists():
        shutil.rmtree(target)
    for path, data in files.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(data)
    return files
