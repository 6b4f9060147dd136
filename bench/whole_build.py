"""The whole build split into its parts, and the same pages built by a bare `mkdocs build`.

Parts, measured in this process: the pipeline (`build_edition`: passes, apparatus,
Markdown, word accounting) and the print edition (each PDF through Typst, the EPUB).
Then two `mkdocs build` commands, run alternately so that machine noise hits both alike:

- the project's: the real mkdocs.yml, whose hook runs the pipeline and the print edition;
- the bare one: a copy of mkdocs.yml without `hooks:`/`watch:`, with the nav the hook would
  set written out, over a docs folder that already holds every page and file the hook
  would have generated (taken from the hook itself). Same theme, same overrides, same
  Markdown, no project code: the difference between the two is the project's own cost.

Finally the command an editor runs, `python -m build_tools build` (site and PDF, from
scratch into empty folders), end to end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.stats import ROOT, Summary, cpu_seconds, timed_cpu

_TOP_LEVEL_BLOCK = r"^{key}:.*\n(?:[ \t]+.*\n|[ \t]*\n)*"


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("EDITION_SEEDS_DIR", None)
    return env


def bare_config_text(config_text: str, nav: list[Any]) -> str:
    """mkdocs.yml without the project's hook (and its watch list), with the nav written out."""
    for key in ("hooks", "watch", "nav"):
        config_text = re.sub(_TOP_LEVEL_BLOCK.format(key=key), "", config_text, flags=re.MULTILINE)
    return config_text.rstrip("\n") + "\n\n" + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)


def prepare_bare_project(target: Path) -> Path:
    """A folder with a hook-free mkdocs.yml and docs/ holding every generated page; returns its config."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)  # the hook (a plugin to MkDocs) sets the nav …
    generated = config.plugins.on_files(Files([]), config=config)  # … and generates the pages
    for file in generated:
        path = target / "docs" / file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content_bytes)
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    bare = target / "mkdocs.yml"
    bare.write_text(bare_config_text(config_text, config.nav or []), encoding="utf-8")
    return bare


def mkdocs_build(config: Path, site_dir: Path) -> None:
    shutil.rmtree(site_dir, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--config-file", str(config), "--site-dir", str(site_dir)],
                            cwd=config.parent, env=_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build of {config} failed:\n{result.stdout}{result.stderr}")


def edition_build(work: Path) -> None:
    for name in ("md", "site", "pdf"):
        shutil.rmtree(work / name, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "build_tools", "build", "--markdown-dir", str(work / "md"),
                             "--site-dir", str(work / "site"), "--pdf-dir", str(work / "pdf")],
                            cwd=ROOT, env=_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"python -m build_tools build failed:\n{result.stdout}{result.stderr}")


def measure(runs: int, work: Path | None = None) -> dict[str, Any]:
    """Wall-clock figures, and beside each its CPU time (key + "_cpu"), which a crowded machine does not inflate."""
    from build_tools.edition import build_edition

    work = work or Path(tempfile.mkdtemp(prefix="bench-build-"))
    wall, cpu = timed_cpu(lambda: build_edition(ROOT), runs)
    parts, parts_cpu = {"pipeline": wall}, {"pipeline": cpu}
    for name, (wall, maybe_cpu) in _print_parts(runs).items():
        parts[name] = wall
        if maybe_cpu is not None:
            parts_cpu[name] = maybe_cpu
    bare_config = prepare_bare_project(work / "bare")
    times: dict[str, list[float]] = {"project": [], "bare": [], "project_cpu": [], "bare_cpu": []}
    for _ in range(runs):
        for name, config in (("project", ROOT / "mkdocs.yml"), ("bare", bare_config)):
            cpu_before, started = cpu_seconds(), time.perf_counter()
            mkdocs_build(config, work / f"site-{name}")
            times[name].append(time.perf_counter() - started)
            times[f"{name}_cpu"].append(cpu_seconds() - cpu_before)
    result: dict[str, Any] = {"parts": parts, "parts_cpu": parts_cpu, "site_dir": work / "site-project"}
    for suffix in ("", "_cpu"):
        project, bare = times["project" + suffix], times["bare" + suffix]
        overheads = [p - b for p, b in zip(project, bare, strict=True)]
        result["mkdocs_project" + suffix] = Summary.of(project)
        result["mkdocs_bare" + suffix] = Summary.of(bare)
        result["overhead" + suffix] = Summary.of(overheads)
        result["overhead_ratio" + suffix] = Summary.of([o / b for o, b in zip(overheads, bare, strict=True)])
    result["whole"], result["whole_cpu"] = timed_cpu(lambda: edition_build(work / "edition"), runs)
    return result


def _print_parts(runs: int) -> dict[str, tuple[Summary, Summary | None]]:
    """Seconds (wall, CPU) for the print edition, wall (and size) per PDF and EPUB, if it exists in this checkout."""
    try:
        from build_tools import print_edition
    except ImportError:
        return {}
    from build_tools.edition import build_edition

    edition = build_edition(ROOT)
    seconds: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}

    def build_all() -> None:
        built = print_edition.build_print_edition(edition, ROOT, cache=False)  # every PDF set anew
        for path, value in built.seconds.items():
            seconds.setdefault(path, []).append(value)
            sizes[path] = len(built.files.get(path, b""))  # the same every run: the files are reproducible

    total = timed_cpu(build_all, runs)
    parts: dict[str, tuple[Summary, Summary | None]] = {
        f"print: {path} ({sizes[path] / 1024:,.0f} KiB)": (Summary.of(values), None)
        for path, values in sorted(seconds.items())}
    parts["print edition (all PDFs + EPUB)"] = total
    return parts
