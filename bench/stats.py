"""Small helpers shared by the benchmarks: timing summaries, machine facts, subprocess JSON."""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Summary:
    """A figure measured several times: its median, with the spread, so noise is visible."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: list[float]) -> Summary:
        if not values:
            raise ValueError("no measurements")
        return cls(statistics.median(values), min(values), max(values), len(values))

    def scaled(self, factor: float) -> Summary:
        """The same figure in other units (for a rate, `factor` / time inverts min and max)."""
        return Summary(self.median * factor, self.low * factor, self.high * factor, self.runs)

    def rate(self, amount: float) -> Summary:
        """`amount` per second, from a summary of durations in seconds."""
        return Summary(amount / self.median, amount / self.high, amount / self.low, self.runs)

    def format(self, unit: str = "s", digits: int = 2) -> str:
        return (f"{self.median:,.{digits}f} {unit} "
                f"({self.low:,.{digits}f}–{self.high:,.{digits}f}, n={self.runs})")


def timed(function: Callable[[], object], runs: int) -> Summary:
    """Wall-clock seconds of `runs` calls of `function`."""
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return Summary.of(times)


def clear_project_caches() -> None:
    """Empty every functools cache of build_tools (and the regex cache), so that each measured
    run starts as cold as a fresh build would: a second run must not reuse what the first
    one formatted, parsed or compiled."""
    for name, module in list(sys.modules.items()):
        if name == "build_tools" or name.startswith("build_tools."):
            for value in list(vars(module).values()):
                if isinstance(value, type):
                    continue  # a class defining cache_clear: its instances are the caches
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()
    re.purge()


def timed_cpu(function: Callable[[], object], runs: int, cold: bool = True,
              at_least_seconds: float = 0.0, most_runs: int = 0) -> tuple[Summary, Summary]:
    """Wall-clock and CPU seconds (this process and its children) of `runs` calls of `function`.

    On a busy machine the wall clock includes waiting for a core; CPU time does not, so the
    two together tell a slow program from a crowded machine. `cold`: caches emptied before
    each run (not timed). `at_least_seconds`: more runs after the `runs`, until their CPU
    seconds add up to this many (or `most_runs` were made): a function that takes a twentieth of
    a second is otherwise measured within a quarter of a second, which one slow patch of a
    shared machine can cover whole.
    """
    walls: list[float] = []
    cpus: list[float] = []
    while len(cpus) < runs or (sum(cpus) < at_least_seconds and len(cpus) < most_runs):
        if cold:
            clear_project_caches()
        cpu_before, started = cpu_seconds(), time.perf_counter()
        function()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_seconds() - cpu_before)
    return Summary.of(walls), Summary.of(cpus)


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return {"cores": str(cores), "cpu": cpu, "memory": memory, "os": platform.platform(),
            "python": platform.python_version()}


def versions(names: tuple[str, ...] = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "typst",
                                       "PyYAML", "jsonschema")) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def run_json(module: str, *args: str, timeout: float = 1800) -> dict[str, Any]:
    """Run `python -m module args` in a fresh interpreter (clean memory figures); parse its JSON."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    loaded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded
