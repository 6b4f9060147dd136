"""Writing outputs so that a failed build never leaves a half-written folder.

Everything is written into `<target>.new` first and swapped into place only when complete;
the previous good output stays until then.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path


def staging_for(target: Path) -> Path:
    """An empty folder beside `target` to write the new output into."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` with the finished `staging` folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_tree(pages: Mapping[str, str], target: Path) -> None:
    """Replace `target` with exactly these text files."""
    staging = staging_for(target)
    for relative, content in sorted(pages.items()):
        path = staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
    swap_into_place(staging, target)
