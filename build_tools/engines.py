"""The static-site engines that render the edition: MkDocs 1.6 and ProperDocs, its maintained fork.

Both read the same mkdocs.yml, theme, `overrides/` and hook, unchanged. ProperDocs installs a
module finder (`properdocs.replacement`) through which every `import mkdocs.…` — the hook's,
Material's, build_tools' own — gets the `properdocs.…` module, so the one code base runs on
either; the choice has to be made before anything imports `mkdocs`, which `activate` checks.

The engine is chosen by `EDITION_ENGINE` (the Makefile's `ENGINE=`) or `build --engine`:
`mkdocs` by default. Moving to ProperDocs is that one setting (README, "Engines").
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass

ENGINE_VARIABLE = "EDITION_ENGINE"


@dataclass(frozen=True)
class Engine:
    name: str  # the command, the package and the value of EDITION_ENGINE
    title: str  # as messages name it
    # the loggers its build writes warnings to: MkDocs' own and the theme's are `mkdocs.…`;
    # ProperDocs' own are `properdocs.…`, the theme's (Material names its loggers) still `mkdocs.…`
    loggers: tuple[str, ...]
    replacement: str | None = None  # the module that, once imported, serves `mkdocs.…` imports


ENGINES = {
    "mkdocs": Engine("mkdocs", "MkDocs", ("mkdocs",)),
    "properdocs": Engine("properdocs", "ProperDocs", ("properdocs", "mkdocs"), "properdocs.replacement"),
}
DEFAULT = "mkdocs"


def chosen(name: str | None = None) -> Engine | str:
    """The engine named (else by EDITION_ENGINE, else MkDocs), or why it cannot be used."""
    name = (name or os.environ.get(ENGINE_VARIABLE, "") or DEFAULT).strip().lower()
    engine = ENGINES.get(name)
    if engine is None:
        return (f"error B011 unknown engine '{name}' (hint: {ENGINE_VARIABLE} or --engine is one of "
                f"{', '.join(ENGINES)})")
    if importlib.util.find_spec(engine.name) is None:
        return (f"error B011 the engine '{name}' is not installed (hint: `pip install {name}` into the "
                "project's environment, pinned in requirements.lock, or choose mkdocs)")
    return engine


def activate(engine: Engine) -> str | None:
    """Make `import mkdocs.…` resolve to the engine: None, or why it could not be done."""
    if engine.replacement is None:
        loaded = sys.modules.get("mkdocs")
        if loaded is not None and getattr(loaded, "__name__", "mkdocs") != "mkdocs":
            return f"error B011 {ENGINES[loaded.__name__.split('.')[0]].title} already serves `mkdocs` here"
        return None
    real = [name for name, module in sys.modules.items() if (name == "mkdocs" or name.startswith("mkdocs."))
            and not getattr(module, "__name__", "").startswith(engine.name)]
    if real:  # MkDocs' own modules, imported before: mixing the two would break in odd places
        return (f"error B011 MkDocs was imported before {engine.title} could take its place ({real[0]}) "
                f"(hint: choose the engine before anything imports mkdocs: set {ENGINE_VARIABLE} at start)")
    importlib.import_module(engine.replacement)
    return None


def active() -> Engine:
    """The engine `import mkdocs` gives in this process."""
    module = importlib.import_module("mkdocs")
    return ENGINES.get(module.__name__.split(".")[0], ENGINES[DEFAULT])
