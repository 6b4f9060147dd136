"""Generated corpora: N texts made from the real seeds, with varied words, in a seeds folder.

The pipeline must be measured on many texts, but the project has two. Each generated text
is a copy of one seed (its profile, its YAML) in which a share of the words is swapped for
other words of the same text, chosen by a seeded random generator: ordinary lower-case
words, and capitalised ones (so that the titles in reference lists differ too and no cache
of formatted references sees the same entry twice). What the passes look for is left as
it was — headings, labels, turn openings, chrome lines, footnote markers, the first and
last words of every line, the authors of reference entries (capitalised words before the
entry's year), a word before a year (a citation), any word the editorial YAML names —
so every generated text still builds without errors. Editorial data kept
beside the texts (e.g. `seeds/apparatus/*.yml`) is copied with every entry about a real
text repeated for each of its copies, except the themes: each theme is copied once per
cluster of a few texts and gathers only those (see `cluster_themes`). The result is a
folder `discover()` accepts as it is.
"""

from __future__ import annotations

import copy
import hashlib
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools.diagnostics import Diagnostics
from build_tools.load.seeds import Seed, discover

_LINE_WORDS = re.compile(r"\S+")
_PLAIN_WORD = re.compile(r"[a-z]{4,}")
_CAPITALISED = re.compile(r"[A-Z][a-z]{3,}")
_ANY_WORD = re.compile(r"[A-Za-z]{4,}")
_YEARISH = re.compile(r"\(?\d{4}")  # a year follows: the word may be an author cited
PROTECTED_LEADING_WORDS = 4  # a line's opening words (chrome rules, bylines, lower-case continuations)
NAME_WORDS = 12  # an entry's authors come before its year, within this many words
SWAP_SHARE = 0.3


@dataclass(frozen=True)
class Template:
    """A real text to copy: its raw text, its YAML as written, and its vocabulary."""

    slug: str
    raw: str
    yaml_text: str
    vocabulary: tuple[str, ...]
    capitalised: tuple[str, ...] = ()


def templates(seeds_dir: Path, root: Path) -> list[Template]:
    """The project's texts, ready to be copied (raises if the real seeds do not load)."""
    diagnostics = Diagnostics()
    seeds = discover(seeds_dir, diagnostics, root)
    if diagnostics.errors:
        raise RuntimeError("the seeds have errors:\n" + "\n".join(d.format() for d in diagnostics.errors))
    named = editorial_words(seeds_dir)
    return [_template(seed, seeds_dir, named) for seed in seeds]


def editorial_words(seeds_dir: Path) -> frozenset[str]:
    """Every word any YAML of the seeds mentions: the passes may look for it in the text."""
    found: set[str] = set()
    for path in seeds_dir.rglob("*.yml"):
        found.update(_ANY_WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


def name_words(text: str) -> set[str]:
    """Capitalised words before a year near the start of a line: the authors of reference entries."""
    found: set[str] = set()
    for line in text.split("\n"):
        tokens = line.split()[:NAME_WORDS + 1]
        year = next((i for i, token in enumerate(tokens) if _YEARISH.match(token)), None)
        for token in tokens[:year]:
            if year is not None:
                found.update(_CAPITALISED.findall(token))
    return found


def _template(seed: Seed, seeds_dir: Path, protected: frozenset[str]) -> Template:
    folder = seeds_dir / "texts" / seed.config.slug
    vocabulary = sorted(set(_PLAIN_WORD.findall(seed.text)) - protected)
    capitalised = sorted(set(_CAPITALISED.findall(seed.text)) - protected - name_words(seed.text))
    return Template(seed.config.slug, seed.text, (folder / "text.yml").read_text(encoding="utf-8"),
                    tuple(vocabulary), tuple(capitalised))


def vary_line(line: str, rng: random.Random, vocabulary: tuple[str, ...], swappable: frozenset[str],
              capitalised: tuple[str, ...] = ()) -> str:
    """The line with some words of `swappable` (lower-case or capitalised) swapped; first and last words kept."""
    tokens = list(_LINE_WORDS.finditer(line))
    if len(tokens) <= PROTECTED_LEADING_WORDS + 1:
        return line
    out: list[str] = []
    position = 0
    for index in range(PROTECTED_LEADING_WORDS, len(tokens) - 1):
        token, word = tokens[index], tokens[index].group()
        if word not in swappable or _YEARISH.match(tokens[index + 1].group()):
            continue
        if _PLAIN_WORD.fullmatch(word):
            choices = vocabulary
        elif capitalised and _CAPITALISED.fullmatch(word):
            choices = capitalised
        else:
            continue
        if rng.random() < SWAP_SHARE:
            out.append(line[position:token.start()])
            out.append(rng.choice(choices))
            position = token.end()
    out.append(line[position:])
    return "".join(out)


def vary_text(raw: str, seed_number: int, vocabulary: tuple[str, ...], capitalised: tuple[str, ...] = ()) -> str:
    rng = random.Random(seed_number)
    swappable = frozenset(vocabulary) | frozenset(capitalised)
    return "\n".join(vary_line(line, rng, vocabulary, swappable, capitalised) for line in raw.split("\n"))


def write_corpus(target: Path, count: int, source_seeds: Path, root: Path, with_seeds: bool = False) -> Path:
    """A seeds folder at `target` holding `count` generated texts; returns `target`. `with_seeds`: the
    real texts too (as they are, beside the copies), so that the project's hand-written pages, which
    link to them, still find them and a whole site can be built (`mkdocs build --strict`)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source_seeds / "profiles", target / "profiles")
    (target / "MANIFEST.yml").write_text("texts: []\n", encoding="utf-8")
    bases = templates(source_seeds, root)
    width = len(str(count))
    copies: dict[str, list[str]] = {base.slug: [base.slug] if with_seeds else [] for base in bases}
    if with_seeds:
        for base in bases:
            shutil.copytree(source_seeds / "texts" / base.slug, target / "texts" / base.slug)
    for number in range(count):
        base = bases[number % len(bases)]
        copies[base.slug].append(f"gen-{number:0{width}d}-{base.slug}")
    copy_editorial_data(source_seeds, target, copies)
    for number in range(count):
        base = bases[number % len(bases)]
        folder = target / "texts" / f"gen-{number:0{width}d}-{base.slug}"
        folder.mkdir(parents=True)
        varied = vary_text(base.raw, number, base.vocabulary, base.capitalised)
        (folder / "source.txt").write_text(varied, encoding="utf-8")
        data = yaml.safe_load(base.yaml_text)
        data["metadata"]["title"] = f"{data['metadata']['title']} ({number + 1})"
        if data.get("short_title"):  # how index pages name the text: each copy its own name, as real texts
            data["short_title"] = f"{data['short_title']} ({number + 1})"
        (folder / "text.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    write_manifest(target)
    return target


def write_manifest(seeds: Path) -> None:
    """MANIFEST.yml recording every generated text with its checksum (the build requires it)."""
    entries = [{"slug": folder.name, "file": f"texts/{folder.name}/source.txt", "original_name": f"{folder.name}.txt",
                "sha256": hashlib.sha256((folder / "source.txt").read_bytes()).hexdigest()}
               for folder in sorted((seeds / "texts").iterdir()) if (folder / "source.txt").is_file()]
    (seeds / "MANIFEST.yml").write_text(yaml.safe_dump({"texts": entries}, sort_keys=False), encoding="utf-8")


def copy_editorial_data(source_seeds: Path, target: Path, copies: dict[str, list[str]]) -> None:
    """The seeds' other folders of YAML (not texts/, profiles/), retargeted at the copies."""
    for folder in sorted(p for p in source_seeds.iterdir() if p.is_dir() and p.name not in {"texts", "profiles"}):
        for path in sorted(folder.rglob("*")):
            destination = target / path.relative_to(source_seeds)
            if path.is_dir():
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix != ".yml":
                shutil.copy2(path, destination)
                continue
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
            data = cluster_themes(loaded, copies) if path.name == "themes.yml" else retarget(loaded, copies)
            destination.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


CLUSTER_TEXTS = 8  # the texts one theme gathers in a generated corpus


def cluster_themes(data: Any, copies: dict[str, list[str]]) -> Any:
    """Themes as an editor of a large edition writes them: each gathers a few texts, not all.

    The copies are taken in corpus order in clusters of CLUSTER_TEXTS; each cluster gets its own
    copy of every theme (`<id>-<n>`), limited to its texts (`texts:`) and with the editor's
    passages of those texts. Copying every theme into every text instead would give each
    passage a "see also" to every other text, which no real edition has.
    """
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        return retarget(data, copies)
    by_copy = {slug: base for base, slugs in copies.items() for slug in slugs}
    ordered = sorted(by_copy, key=lambda slug: slug.split("-")[1])  # gen-<number>-<base>
    themes: list[Any] = []
    for start in range(0, len(ordered), CLUSTER_TEXTS):
        cluster = ordered[start:start + CLUSTER_TEXTS]
        number = start // CLUSTER_TEXTS + 1
        for theme in data["themes"]:
            copied = {key: copy.deepcopy(value) for key, value in theme.items() if key != "passages"}
            copied["id"] = f"{theme['id']}-{number}"
            copied["title"] = f"{theme['title']} ({number})"
            copied["texts"] = cluster
            passages = theme.get("passages") or {}
            chosen = {slug: list(passages[by_copy[slug]]) for slug in cluster if by_copy[slug] in passages}
            if chosen:
                copied["passages"] = chosen
            themes.append(copied)
    return {**{k: v for k, v in data.items() if k != "themes"}, "themes": themes}


def retarget(node: Any, copies: dict[str, list[str]]) -> Any:
    """Editorial data with each entry about a real text repeated for each copy of that text.

    A mapping key that is a slug (`curtis-2018: …`) and a list item whose own field is a slug
    (`- {text: curtis-2018, …}`) become one per copy, with the slug replaced inside.
    """
    if isinstance(node, dict):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            if isinstance(key, str) and key in copies:
                for slug in copies[key]:
                    result[slug] = _replace(retarget(value, copies), key, slug)
            else:
                result[key] = retarget(value, copies)
        return result
    if isinstance(node, list):
        items: list[Any] = []
        for item in node:
            named = _slug_field(item, copies)
            if named is not None:
                items += [_replace(retarget(item, copies), named, slug) for slug in copies[named]]
            elif isinstance(item, str) and item in copies:
                items += copies[item]
            else:
                items.append(retarget(item, copies))
        return items
    return node


def _slug_field(item: Any, copies: dict[str, list[str]]) -> str | None:
    if isinstance(item, dict):
        for value in item.values():
            if isinstance(value, str) and value in copies:
                return value
    return None


def _replace(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {key: _replace(value, old, new) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace(item, old, new) for item in node]
    return new if node == old else copy.copy(node)
