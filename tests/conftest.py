"""Shared fixtures: the project root, the edition built once per session, the built site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.edition import Edition, build_edition
from build_tools.load.seeds import PROJECT_DIR_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
# The edition the tests build is this repository's, from whatever folder pytest is started
# (the commands otherwise take the working directory; tests of that unset it).
os.environ.setdefault(PROJECT_DIR_VARIABLE, str(ROOT))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def edition() -> Edition:
    """The edition as the pipeline makes it (Markdown in memory)."""
    return build_edition(ROOT)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once with `mkdocs build --strict` into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current build (then review `git diff tests/golden`)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
