"""`edition new DIR`: a fresh edition that builds as it is, to be filled with its own texts.

The scaffold ships in the package (`template/`): mkdocs.yml, docs/, the general profiles, the
theme overrides, a Pages workflow, a README and a short sample text (an original essay with a
footnote, CC0). In the generator's own repository `template/overrides` and the profiles are
links to the repository's `overrides/` and `seeds/profiles/`, so the scaffold never drifts from
the edition the repository builds; a wheel holds copies of them.

What depends on the new edition is written here: its title, the MANIFEST entry of the sample
(the SHA-256 of its bytes as written), the hook that hands MkDocs to the generator, and the
requirements file that pins this version of the generator.
"""

from __future__ import annotations

import hashlib
import html
import json
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from build_tools.load.seeds import manifest_lines

DISTRIBUTION = "global-cities-edition"  # the generator's name on an index (pyproject.toml)
SAMPLE = "sample-essay"
# Package data cannot hold dot-files portably (setuptools' globs skip them): renamed when written.
RENAMES = {"dot-github": ".github", "dot-gitignore": ".gitignore"}

HOOK = '''"""The edition's MkDocs hook: the generator (the `build_tools` package, installed with the
`edition` command) builds the pages, the nav, the PDFs and the EPUB of the texts under seeds/."""

from build_tools.mkdocs_hook import *  # noqa: F403  (its on_* event functions)
'''

MANIFEST_HEAD = """\
# The raw texts of the edition, exactly as received. The build refuses to run if a file
# listed here no longer has the SHA-256 recorded for it: sources are never edited by hand;
# every change is made by the build and recorded. `edition add-text` adds the entries.
texts:
"""


def template() -> Traversable:
    return resources.files(__package__ or "build_tools.scaffold") / "template"


def generator_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return ""


def refusal(target: Path) -> str | None:
    """Why `target` cannot become a new edition (None if it can): it must be new, or an empty folder."""
    if target.exists() and not target.is_dir():
        return f"{target}: error S014 a file is in the way (hint: name a new folder for the edition)"
    if target.is_dir() and any(target.iterdir()):
        return (f"{target}: error S014 the folder is not empty; `edition new` writes only into a new or empty "
                "folder (hint: name a new folder, e.g. `edition new my-edition`)")
    return None


def create(target: Path, title: str | None = None) -> list[Path]:
    """Write a new edition into `target` (new or empty); the files written, in order."""
    title = title or target.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "An edition"
    written: list[Path] = []
    _copy(template(), target, title, written)
    extra = {
        "hooks/edition.py": HOOK,
        "seeds/MANIFEST.yml": MANIFEST_HEAD + _sample_entry(target) + "\n",
        "requirements.txt": _requirements(),
    }
    for name, text in extra.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _copy(source: Traversable, target: Path, title: str, written: list[Path]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        path = target / RENAMES.get(entry.name, entry.name)
        if entry.is_dir():
            _copy(entry, path, title, written)
            continue
        data = entry.read_bytes()
        if entry.name in ("mkdocs.yml", "index.md", "README.md") and b"@EDITION_TITLE" in data:
            data = _with_title(data.decode("utf-8"), title).encode("utf-8")
        path.write_bytes(data)
        written.append(path)


def _with_title(text: str, title: str) -> str:
    """The edition's title in YAML (a JSON string is a YAML string: no tag or anchor can slip in) and
    in Markdown (HTML-escaped, so markup in a title reads as text)."""
    safe = html.escape(" ".join(title.split()), quote=False)
    for character in "\\`*_[]#":
        safe = safe.replace(character, "\\" + character)
    return text.replace('"@EDITION_TITLE_YAML@"', json.dumps(" ".join(title.split()), ensure_ascii=False)) \
               .replace("@EDITION_TITLE@", safe)


def _sample_entry(target: Path) -> str:
    raw = (target / "seeds" / "texts" / SAMPLE / "source.txt").read_bytes()
    return manifest_lines(SAMPLE, "source.txt", "on-keeping-the-margins.txt", hashlib.sha256(raw).hexdigest())


def _requirements() -> str:
    version = generator_version()
    pin = f"{DISTRIBUTION}=={version}" if version else DISTRIBUTION
    return ("# The generator this edition is built with, pinned so that it builds the same way on every\n"
            "# machine. If it is not on your package index, name a wheel or a git URL instead, e.g.\n"
            f"# {DISTRIBUTION} @ git+https://github.com/OWNER/REPO@vX.Y.Z\n"
            f"{pin}\n")
