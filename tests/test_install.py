"""The generator installed as a package, run from a folder that is not the repository.

`pip install --target` puts the package as a wheel would (only its declared package data) into a
temporary folder, built offline with this environment's setuptools (`--no-build-isolation`); its
dependencies are this environment's. Then, from another temporary folder: `edition new` and
`edition build --no-pdf`, and `edition serve` answering a request: the site has the sample text's
page with its footnote, and nothing was read from or written into the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import first_answer, free_port

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PHRASE = "Every reading edition begins with a decision"
NOTE_PHRASE = "This note is here to show how the edition treats a footnote"


def _setuptools_version() -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(part) for part in version("setuptools").split(".")[:2] if part.isdigit())


def _source_copy(base: Path) -> Path:
    """What the package is built from, copied: setuptools writes build/ and *.egg-info beside
    pyproject.toml, which must not land in the repository (its build/ is the edition's). The
    scaffold's links into overrides/ and seeds/profiles/ are kept as links, so those come too."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, base / name)
    for name in ("build_tools", "overrides", "seeds/profiles"):
        shutil.copytree(ROOT / name, base / name, symlinks=True, ignore=ignore)
    return base


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """The package installed into a temporary folder, and the environment that runs it."""
    assert _setuptools_version() >= (77,), "setuptools ≥ 77 (PEP 639 licences) is a test dependency: make test"
    source = _source_copy(tmp_path_factory.mktemp("source"))
    target = tmp_path_factory.mktemp("site-packages")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--no-index", "--target", str(target), str(source)],
                          capture_output=True, text=True, timeout=300, cwd=target)
    assert done.returncode == 0, done.stdout + done.stderr
    env = {key: value for key, value in os.environ.items() if not key.startswith("EDITION_")}
    env.update(PYTHONPATH=str(target), EDITION_CACHE="0", NO_MKDOCS_2_WARNING="1")
    yield target, env


def _edition(installed: tuple[Path, dict[str, str]], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    target, env = installed
    script = target / "bin" / "edition"  # the console script of [project.scripts]
    assert script.is_file()
    return subprocess.run([str(script), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_installed_package_is_the_one_that_runs(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    target, env = installed
    done = subprocess.run([sys.executable, "-c", "import build_tools; print(build_tools.__file__)"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert Path(done.stdout.strip()).is_relative_to(target)
    # What belongs to the generator ships with it; nothing of the repository's edition does.
    package = target / "build_tools"
    for name in ("typst/edition.typ", "schemas/text.schema.json", "apparatus/styles/chicago-author-date.csl",
                 "scaffold/template/mkdocs.yml", "scaffold/template/overrides/main.html",
                 "scaffold/template/seeds/profiles/pdf-extraction.yml"):
        assert (package / name).is_file() and not (package / name).is_symlink(), name
    assert not (target / "seeds").exists() and not (target / "mkdocs.yml").exists()


def test_new_then_build_from_any_folder(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    done = _edition(installed, tmp_path, "new", "my-edition", "--title", "Margins")
    assert done.returncode == 0, done.stderr
    edition = tmp_path / "my-edition"
    done = _edition(installed, edition, "build", "--no-pdf", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    page = (edition / "site" / "texts" / "sample-essay" / "index.html").read_text(encoding="utf-8")
    assert SAMPLE_PHRASE in page and NOTE_PHRASE in page
    assert 'class="footnote-ref"' in page and 'class="footnote-backref"' in page
    # The note's citation is linked to the bibliography, set with the CSL style shipped as package data.
    assert "bibliography/#ref-grafton-1997" in page
    bibliography = (edition / "site" / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "Harvard University Press" in bibliography and "Cited in" in bibliography
    assert "Margins" in (edition / "site" / "index.html").read_text(encoding="utf-8")
    assert (edition / "build" / "markdown" / "texts" / "sample-essay.md").is_file()
    # --project-dir from elsewhere names the same edition.
    done = _edition(installed, tmp_path, "check", "--project-dir", str(edition))
    assert done.returncode == 0, done.stderr



def test_serve_answers(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    assert _edition(installed, tmp_path, "new", "ed").returncode == 0
    port = free_port()
    target, env = installed
    server = subprocess.Popen([str(target / "bin" / "edition"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=tmp_path / "ed", env={**env, "EDITION_PRINT": "0"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = first_answer(server, f"http://127.0.0.1:{port}/texts/sample-essay/")
        assert SAMPLE_PHRASE in page and NOTE_PHRASE in page, f"edition serve did not answer (exit {server.poll()})"
    finally:
        server.terminate()  # `edition serve` stops MkDocs, its child, on SIGTERM
        output, _ = server.communicate(timeout=30)
    assert "Serving on" in output
    with pytest.raises(OSError):  # nothing is left serving
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)


def test_the_serve_lock_is_the_runtime_part_of_the_full_lock() -> None:
    """requirements-serve.lock (what `make serve` installs) holds the generator's dependencies and
    theirs, at the versions of requirements.lock, and nothing of the test tools."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "serve_lock.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    serve = {line for line in (ROOT / "requirements-serve.lock").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")}
    full = set((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    assert serve <= full and any(line.startswith("mkdocs==") for line in serve)
    assert not any(line.split("==")[0] in ("pytest", "playwright", "mypy", "ruff") for line in serve)
