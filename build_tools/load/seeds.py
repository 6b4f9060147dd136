"""Find the texts under `seeds/`, read their raw files safely, and load their YAML.

A raw file is read as bytes and checked before anything else sees it: it must be
UTF-8, not binary, not empty and not absurdly large; if the manifest lists it, its
SHA-256 must match. The text is then normalised in ways that change no word (byte-order
mark dropped, line endings unified, Unicode NFC) so that the passes see one form.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from build_tools.diagnostics import Diagnostics
from build_tools.load.config import Author, Profile, TextConfig, TurnDecision
from build_tools.load.yaml_data import YamlFile, read_yaml

MAX_SEED_BYTES = 5 * 1024 * 1024  # a long book is ~2 MB of text; larger is a wrong file


@dataclass(frozen=True)
class Seed:
    """One text ready for the pipeline: its settings, its profile and its normalised text."""

    config: TextConfig
    profile: Profile
    source_display: str  # path shown in messages, relative to the project
    text: str  # decoded and normalised; the raw bytes are only hashed and decoded, not kept
    # The seeds folder it was found in: the edition-wide editorial YAML (seeds/apparatus/) is there.
    seeds_dir: Path | None = None


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def decode_seed(raw: bytes, display: str, diagnostics: Diagnostics) -> str | None:
    """Check raw bytes and decode them; None (with a diagnostic) if they are unusable."""
    if len(raw) > MAX_SEED_BYTES:
        diagnostics.error("S007", f"seed file is {len(raw):,} bytes; the limit is {MAX_SEED_BYTES:,}", display,
                          hint="split the text into several seeds, or check that this is the right file")
        return None
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw[:offset].count(b"\n") + 1
        diagnostics.error("S006", f"seed file holds a NUL byte at offset {offset}: it looks binary", display, line,
                          hint="export the text as plain UTF-8 text")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error("S002", f"seed file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                          display, line, col,
                          hint="convert it, e.g. `iconv -f windows-1252 -t utf-8`, and check the result")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        diagnostics.error("S003", "seed file is empty (or holds only white space)", display,
                          hint="put the raw text in the file, or remove the text's folder")
        return None
    if not _check_mojibake(text, display, diagnostics):
        return None
    return _drop_control_characters(text, display, diagnostics)


# UTF-8 read as Windows-1252 and saved again: "cafÃ©", "itâ€™s", "Â " (a no-break space).
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€[\u0080-\u00bf™œ“”˜•–—¦¢¹]|Â[\u00a0-\u00bf]")
# C0 and C1 control characters other than tab, line feed and form feed: never text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_mojibake(text: str, display: str, diagnostics: Diagnostics) -> bool:
    """Refuse a text whose UTF-8 was once decoded as Windows-1252: its letters are wrong."""
    match = _MOJIBAKE.search(text)
    if match is None:
        return True
    line, col = _position(text, match.start())
    count = len(_MOJIBAKE.findall(text))
    diagnostics.error("S008", f"seed file looks like mojibake: “{match.group(0)}” ({count}× in the file) is "
                      "UTF-8 read as Windows-1252", display, line, col,
                      hint="get the text again from its original, or repair it with a tool made for this "
                           "(e.g. ftfy) and check every repaired letter")
    return False


def _drop_control_characters(text: str, display: str, diagnostics: Diagnostics) -> str:
    """Control characters (bell, escape, …) carry no word and cannot be shown: dropped, with a warning."""
    match = _CONTROL.search(text)
    if match is None:
        return text
    line, col = _position(text, match.start())
    count = len(_CONTROL.findall(text))
    diagnostics.warning("S009", f"seed file holds {count} control character(s), the first U+{ord(match.group(0)):04X}; "
                        "they are dropped", display, line, col,
                        hint="they are not text; nothing to do unless a character is missing there")
    return _CONTROL.sub("", text)


def read_manifest(seeds_dir: Path, root: Path, diagnostics: Diagnostics) -> dict[str, dict[str, str]]:
    path = seeds_dir / "MANIFEST.yml"
    loaded = read_yaml(path, _display(path, root), "manifest", diagnostics)
    if loaded is None:
        return {}
    return {entry["slug"]: entry for entry in loaded.data["texts"]}


def discover(seeds_dir: Path, diagnostics: Diagnostics, root: Path | None = None) -> list[Seed]:
    """Every text under `seeds/texts/`, in edition order; problems go to `diagnostics`."""
    root = root or project_root()
    manifest = read_manifest(seeds_dir, root, diagnostics)
    seeds: list[Seed] = []
    texts_dir = seeds_dir / "texts"
    folders = sorted(p for p in texts_dir.iterdir() if p.is_dir()) if texts_dir.is_dir() else []
    if not folders:
        diagnostics.error("S001", "no texts found", _display(texts_dir, root),
                          hint="each text is a folder under seeds/texts/ with its raw file and text.yml")
    for folder in folders:
        seed = load_text(folder, seeds_dir, root, manifest, diagnostics)
        if seed is not None:
            seeds.append(seed)
    return sorted(seeds, key=lambda s: (s.config.order, s.config.date, s.config.slug))


def load_text(folder: Path, seeds_dir: Path, root: Path, manifest: dict[str, dict[str, str]],
              diagnostics: Diagnostics) -> Seed | None:
    slug = folder.name
    yaml_path = folder / "text.yml"
    if not yaml_path.exists():
        diagnostics.error("S004", "text has no editorial YAML (text.yml)", _display(folder, root),
                          hint=f"add {_display(yaml_path, root)} with profile, kind, language and metadata")
        return None
    loaded = read_yaml(yaml_path, _display(yaml_path, root), "text", diagnostics)
    if loaded is None:
        return None
    config = text_config(slug, loaded)
    profile = load_profile(seeds_dir, config, loaded, root, diagnostics)
    source_path = folder / config.source_name
    source_display = _display(source_path, root)
    try:
        raw = source_path.read_bytes()
    except OSError as exc:
        diagnostics.error("S001", f"seed file cannot be read: {exc.strerror}", source_display,
                          hint=f"put the raw text at {source_display} or set `source:` in text.yml")
        return None
    entry = manifest.get(slug)
    if entry is not None and hashlib.sha256(raw).hexdigest() != entry["sha256"]:
        diagnostics.error("S005", f"seed file differs from the original {entry['original_name']} "
                          "(SHA-256 does not match seeds/MANIFEST.yml)", source_display,
                          hint="restore the original bytes; record editorial changes in text.yml, never in the source")
        return None
    text = decode_seed(raw, source_display, diagnostics)
    if text is None or profile is None:
        return None
    return Seed(config, profile, source_display, text, seeds_dir)


def load_profile(seeds_dir: Path, config: TextConfig, loaded: YamlFile, root: Path,
                 diagnostics: Diagnostics) -> Profile | None:
    path = seeds_dir / "profiles" / f"{config.profile_name}.yml"
    if not path.exists():
        known = sorted(p.stem for p in (seeds_dir / "profiles").glob("*.yml"))
        diagnostics.error("Y003", f"profile '{config.profile_name}' does not exist", loaded.display,
                          loaded.line_of("profile"), hint="use one of: " + ", ".join(known))
        return None
    profile_yaml = read_yaml(path, _display(path, root), "profile", diagnostics)
    if profile_yaml is None:
        return None
    return Profile.from_data(profile_yaml.data)


def text_config(slug: str, loaded: YamlFile) -> TextConfig:
    data = loaded.data
    meta = data["metadata"]
    authors = tuple(Author(a["family"], a.get("given", ""), a.get("role", "author"), a.get("affiliation", ""))
                    for a in meta["authors"])
    turns = tuple(TurnDecision(t["speaker"], t["starts"], loaded.line_of("turns", i))
                  for i, t in enumerate(data.get("turns", [])))
    return TextConfig(
        slug=slug,
        yaml_file=loaded.display,
        source_name=data.get("source", "source.txt"),
        profile_name=data["profile"],
        kind=data["kind"],
        language=data["language"],
        short_title=data.get("short_title", f"{authors[0].family} {meta['date'][:4]}"),
        order=data.get("order", 0),
        note_on_text=data.get("note_on_text", ""),
        title=meta["title"],
        authors=authors,
        date=meta["date"],
        metadata=meta,
        speakers=tuple((s["id"], s["name"], s["role"]) for s in data.get("speakers", [])),
        alternation=tuple(data.get("alternation", [])),
        turns=turns,
        speakers_line=loaded.line_of("speakers"),
        speaker_aliases=tuple((alias, s["id"]) for s in data.get("speakers", []) for alias in s.get("aliases", [])),
    )
