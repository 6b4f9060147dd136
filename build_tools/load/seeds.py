"""Find the texts under `seeds/`, read their raw files safely, and load their YAML.

A raw file is read as bytes and checked before anything else sees it: it must be
UTF-8, not binary, not empty and not absurdly large; if the manifest lists it, its
SHA-256 must match. The text is then normalised in ways that change no word (byte-order
mark dropped, line endings unified, Unicode NFC) so that the passes see one form.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.diagnostics import Diagnostic, Diagnostics
from build_tools.load.config import Author, Profile, TextConfig, TurnDecision, merge_profile_data
from build_tools.load.slugs import slug_problem
from build_tools.load.yaml_data import YamlFile, read_yaml, read_yaml_cached

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


# The edition's folder (mkdocs.yml, seeds/, docs/, overrides/): set by `--project-dir` (the command
# line exports it for the MkDocs hook) or by the caller; else the working directory. What belongs
# to the generator itself (schemas, styles, the Typst template) is found beside its code instead.
PROJECT_DIR_VARIABLE = "EDITION_PROJECT_DIR"


def project_root() -> Path:
    value = os.environ.get(PROJECT_DIR_VARIABLE)
    return Path(value).resolve() if value else Path.cwd().resolve()


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


# Profiles built during one build, by name, with the problems found in them (reported again for
# each text that uses the profile, as when each text read it). One build only: the next one (under
# `mkdocs serve`) builds them again, from files that `read_yaml_cached` reads again if edited.
Profiles = dict[str, tuple[Profile | None, list[Diagnostic]]]


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
    profiles: Profiles = {}  # each profile built once for the whole edition, not once per text
    for folder in folders:
        problem = slug_problem(folder.name)
        if problem is not None:
            diagnostics.error("S010", f"text folder refused: {problem}", _display(folder, root),
                              hint="rename the folder, e.g. family-year (huang-2020), and its MANIFEST entry")
            continue
        seed = load_text(folder, seeds_dir, root, manifest, diagnostics, profiles)
        if seed is not None:
            seeds.append(seed)
    return sorted(seeds, key=lambda s: (s.config.order, s.config.date, s.config.slug))


def load_text(folder: Path, seeds_dir: Path, root: Path, manifest: dict[str, dict[str, str]],
              diagnostics: Diagnostics, profiles: Profiles | None = None) -> Seed | None:
    """One text's seed (None, with diagnostics, if it cannot be built); `profiles`: the profiles
    built so far in this build, by name."""
    slug = folder.name
    yaml_path = folder / "text.yml"
    if not yaml_path.exists():
        diagnostics.error("S004", "text has no editorial YAML (text.yml)", _display(folder, root),
                          hint=f"add {_display(yaml_path, root)} with profile, kind, language and metadata")
        return None
    # (kept: the editorial data reads every text.yml again, for the bibliography's records)
    loaded = read_yaml_cached(yaml_path, _display(yaml_path, root), "text", diagnostics)
    if loaded is None:
        return None
    config = text_config(slug, loaded)
    _report_placeholders(config, loaded, diagnostics)
    profile = load_profile(seeds_dir, config, loaded, root, diagnostics, profiles)
    source_path = folder / config.source_name
    source_display = _display(source_path, root)
    raw = read_source(folder, config.source_name, seeds_dir, source_display, loaded, diagnostics)
    if raw is None:
        return None
    if not _matches_manifest(slug, config.source_name, raw, manifest, seeds_dir, source_display, diagnostics):
        return None
    text = decode_seed(raw, source_display, diagnostics)
    if text is None or profile is None:
        return None
    return Seed(config, profile, source_display, text, seeds_dir)


# What `add-text` writes where it found nothing: printed as they are, so they must be replaced.
PLACEHOLDER_AUTHOR = "Author not found"
PLACEHOLDER_DATE = "1900-01-01"


def _report_placeholders(config: TextConfig, loaded: YamlFile, diagnostics: Diagnostics) -> None:
    """add-text's placeholders still in text.yml: editorial work pending (a draft prints them)."""
    if any(author.family == PLACEHOLDER_AUTHOR for author in config.authors):
        diagnostics.pending("Y007", "text.yml's authors are add-text's placeholder (none was found in the text)",
                            loaded.display, loaded.line_of("metadata", "authors"),
                            hint="write the authors (or the organisation that signs the text) under metadata")
    if config.date == PLACEHOLDER_DATE:
        diagnostics.pending("Y007", "text.yml's date is add-text's placeholder (none was found in the text)",
                            loaded.display, loaded.line_of("metadata", "date"),
                            hint="write the date of publication under metadata (YYYY-MM-DD)")


def read_source(folder: Path, name: str, seeds_dir: Path, display: str, loaded: YamlFile,
                diagnostics: Diagnostics) -> bytes | None:
    """The raw bytes of a text's `source:`, which must be a regular file inside the text's folder.

    Refused before a byte is read: an absolute path or `..` (any file of the machine could be
    published), a symbolic link leading out of seeds/, a FIFO (reading it would hang), a device
    (`/dev/zero` never ends), a folder, a file over the size limit. The file is opened without
    blocking and checked again on the open descriptor, so it cannot be swapped in between.
    """
    line = loaded.line_of("source")
    parts = Path(name).parts
    if not name or Path(name).is_absolute() or ".." in parts or "\\" in name:
        diagnostics.error("S011", f"`source: {name[:200]}` must name a file inside the text's folder", loaded.display,
                          line, hint="copy the raw file into the text's folder and give its name, e.g. source.txt")
        return None
    path = folder / name
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        diagnostics.error("S001", "seed file cannot be read: No such file or directory", display,
                          hint=f"put the raw text at {display} or set `source:` in text.yml")
        return None
    except (OSError, RuntimeError) as exc:  # a symlink loop
        diagnostics.error("S011", f"seed file cannot be resolved: {exc}", display, hint="replace the link by the file")
        return None
    if not real.is_relative_to(seeds_dir.resolve()):
        diagnostics.error("S011", "seed file is a link to a file outside seeds/", display,
                          hint="copy the raw file itself into the text's folder (and record it in MANIFEST.yml)")
        return None
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except PermissionError as exc:
        diagnostics.error("S012", f"seed file cannot be read: {exc.strerror}", display,
                          hint="make it readable by the user who builds (chmod u+r)")
        return None
    except OSError as exc:
        diagnostics.error("S001", f"seed file cannot be read: {exc.strerror}", display,
                          hint=f"put the raw text at {display} or set `source:` in text.yml")
        return None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, socket or device)"
        diagnostics.error("S011", f"seed file is {what}", display, hint="put the raw text in a plain file")
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if info.st_size > MAX_SEED_BYTES:
            diagnostics.error("S007", f"seed file is {info.st_size:,} bytes; the limit is {MAX_SEED_BYTES:,}",
                              display, hint="split the text into several seeds, or check that this is the right file")
            return None
        try:
            return handle.read(MAX_SEED_BYTES + 1)  # decode_seed refuses it if it grew meanwhile
        except OSError as exc:
            diagnostics.error("S001", f"seed file cannot be read: {exc.strerror}", display,
                              hint="check the file and the disk")
            return None


def manifest_lines(slug: str, source_name: str, original_name: str, sha256: str) -> str:
    """The line of seeds/MANIFEST.yml (under `texts:`) that records a text, as its hint gives it:
    one line, in YAML's flow style, so that it can be copied from the message as it is."""
    return (f"  - {{slug: {slug}, file: texts/{slug}/{source_name}, "
            f"original_name: {json.dumps(original_name, ensure_ascii=False)}, sha256: {sha256}}}")


def _matches_manifest(slug: str, source_name: str, raw: bytes, manifest: dict[str, dict[str, str]],
                      seeds_dir: Path, display: str, diagnostics: Diagnostics) -> bool:
    """Every text is recorded in MANIFEST.yml (its file and the SHA-256 of its original bytes):
    an unrecorded text would be built unchecked, an edited one would be published as the source."""
    digest = hashlib.sha256(raw).hexdigest()
    entry = manifest.get(slug)
    if entry is None:
        line = manifest_lines(slug, source_name, source_name, digest)
        diagnostics.error("S013", "text is not recorded in seeds/MANIFEST.yml, so its source cannot be checked",
                          display, hint="if this file is the original exactly as received, add this line under "
                                        "`texts:` in seeds/MANIFEST.yml (original_name: the name it came with): "
                                        + line)
        return False
    expected_file = f"texts/{slug}/{source_name}"
    if entry["file"] != expected_file:
        diagnostics.error("S013", f"MANIFEST.yml records '{entry['file'][:200]}' for this text, but its file is "
                          f"'{expected_file}'", display,
                          hint=f"write `file: {expected_file}` in its MANIFEST entry (or fix `source:` in text.yml)")
        return False
    if digest != entry["sha256"]:
        diagnostics.error("S005", f"seed file differs from the original {entry['original_name'][:200]} "
                          "(SHA-256 does not match seeds/MANIFEST.yml)", display,
                          hint="restore the original bytes; record editorial changes in text.yml, never in the source")
        return False
    return True


def load_profile(seeds_dir: Path, config: TextConfig, loaded: YamlFile, root: Path,
                 diagnostics: Diagnostics, built: Profiles | None = None) -> Profile | None:
    path = seeds_dir / "profiles" / f"{config.profile_name}.yml"
    if not path.exists():
        known = sorted(p.stem for p in (seeds_dir / "profiles").glob("*.yml"))
        diagnostics.error("Y003", f"profile '{config.profile_name}' does not exist", loaded.display,
                          loaded.line_of("profile"), hint="use one of: " + ", ".join(known))
        return None
    if built is not None and config.profile_name in built:
        profile, problems = built[config.profile_name]
        diagnostics.items.extend(problems)
        return profile
    found = Diagnostics()
    data = _profile_data(seeds_dir, path, root, found, [])
    profile = Profile.from_data(data) if data is not None else None
    diagnostics.items.extend(found.items)
    if built is not None:
        built[config.profile_name] = (profile, list(found.items))
    return profile


def _profile_data(seeds_dir: Path, path: Path, root: Path, diagnostics: Diagnostics,
                  seen: list[str]) -> dict[str, Any] | None:
    """A profile's data with the profile it `extends:` underneath (a site profile on `web-page`)."""
    # (kept: the same few profiles serve every text, each read once, not once per text)
    profile_yaml = read_yaml_cached(path, _display(path, root), "profile", diagnostics)
    if profile_yaml is None:
        return None
    data: dict[str, Any] = profile_yaml.data
    parent = data.get("extends")
    if not parent:
        return data
    parent_path = seeds_dir / "profiles" / f"{parent}.yml"
    if parent in seen or not parent_path.exists():
        why = "extends itself (a cycle)" if parent in seen else "does not exist"
        diagnostics.error("Y003", f"profile '{parent}' that this profile extends {why}", profile_yaml.display,
                          profile_yaml.line_of("extends"), hint="name a profile of seeds/profiles/ that does not "
                                                                "extend this one")
        return None
    base = _profile_data(seeds_dir, parent_path, root, diagnostics, [*seen, path.stem])
    return merge_profile_data(base, data) if base is not None else None


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
        front_matter=tuple((part["starts"], part["role"]) for part in data.get("front_matter", [])),
    )
