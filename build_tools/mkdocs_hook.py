"""A thin MkDocs hook: the edition's own build feeds MkDocs its generated pages.

The pipeline is the project's step, not a plugin: this hook only calls it and hands
MkDocs the Markdown in memory (`File.generated`), so nothing is written into `docs/` and
`mkdocs serve` (which watches `seeds/`, see `watch:` in mkdocs.yml) rebuilds without a
loop when an editor saves a seed or its YAML.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# MkDocs loads a hook by file path; make the package importable however MkDocs was started.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import build_tools.edition as edition_module
from build_tools.diagnostics import BuildFailed

_current: edition_module.Edition | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _current
    try:
        _current = edition_module.build_edition()
    except BuildFailed as failed:
        lines = [d.format() for d in failed.diagnostics.items]
        raise PluginError("the edition's sources have errors:\n" + "\n".join(lines)) from None
    texts: list[Any] = [{t.seed.config.title: t.page} for t in _current.texts]
    config.nav = [
        {"Home": "index.md"},
        {"Texts": texts},
        {"About this edition": [{"Editorial principles": "about.md"},
                                {"Removal report": edition_module.REPORT_PAGE}]},
    ]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _current is not None
    for path, content in sorted(_current.pages.items()):
        files.append(File.generated(config, path, content=content))
    return files

