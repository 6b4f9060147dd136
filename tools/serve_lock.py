"""Write requirements-serve.lock: the pins of requirements.lock that building and serving need.

`make serve` installs only these (the generator's `dependencies` in pyproject.toml and what they
require, transitively); `make test` installs the whole of requirements.lock. The closure is read
from the packages installed in this environment (which `make lock` has just frozen), offline.
Run: python tools/serve_lock.py  (from the repository; `make lock` does). With --check it writes
nothing and exits 1 if requirements-serve.lock is not what it would write (tests/test_install.py).
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
HEADER = ("# What building and serving the edition need (`make serve`), pinned: the generator's dependencies\n"
          "# (pyproject.toml) and theirs, with the versions of requirements.lock. Regenerate: make lock.\n")


def closure(roots: list[Requirement]) -> set[str]:
    """The canonical names of `roots` and of everything they require, as installed here."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen or (requirement.marker is not None and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        for line in metadata.requires(requirement.name) or []:
            todo.append(Requirement(line))
    return seen


def main(argv: list[str]) -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = closure([Requirement(line) for line in project["dependencies"]])
    pins = [line for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    kept = [line for line in pins if canonicalize_name(re.split(r"[=<>!~ ]", line, maxsplit=1)[0]) in needed]
    missing = needed - {canonicalize_name(re.split(r"[=<>!~ ]", line, maxsplit=1)[0]) for line in kept}
    if missing:
        print(f"requirements.lock pins none of: {', '.join(sorted(missing))} (run `make lock`)", file=sys.stderr)
        return 1
    text = HEADER + "\n".join(kept) + "\n"
    path = ROOT / "requirements-serve.lock"
    if "--check" in argv:
        if path.read_text(encoding="utf-8") == text:
            return 0
        print("requirements-serve.lock is out of date with pyproject.toml and requirements.lock "
              "(run `python tools/serve_lock.py`, or `make lock`)", file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"requirements-serve.lock: {len(kept)} of {len(pins)} pins")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
