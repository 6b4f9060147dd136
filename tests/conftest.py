"""Shared fixtures: the project root, the edition built once per session, the built site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from build_tools.edition import Edition, build_edition
from build_tools.load.seeds import PROJECT_DIR_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
TEST_SITE_URL = "https://example.org/global-cities-edition/"  # a published address, for the test site
# The edition the tests build is this repository's, from whatever folder pytest is started
# (the commands otherwise take the working directory; tests of that unset it).
os.environ.setdefault(PROJECT_DIR_VARIABLE, str(ROOT))
# The property tests (test_properties.py) draw new inputs on every run at a desk, where a new find is
# welcome (each becomes an @example); CI draws the same inputs every time, so that whether a change
# lands never depends on luck.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") or os.environ.get("HYPOTHESIS_PROFILE") == "ci":
    settings.load_profile("ci")


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
    # built as it is published (the Pages workflow sets the address): canonical links, sitemap, and
    # a 404 page under the site's path; a build without the address is tested in test_web.py
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EDITION_SITE_URL=TEST_SITE_URL)
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
