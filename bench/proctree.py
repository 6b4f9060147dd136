"""Every process of a command, sampled from /proc: each one's peak resident memory and CPU time.

`getrusage(RUSAGE_CHILDREN)` gives the largest process's peak and the CPU of all of them
together; the issue asks for "every process (the main and its workers, Typst)". So the
command's process tree is sampled every `interval` seconds while it runs: for each process,
its name (the command line, shortened), its largest resident set seen and its last CPU time
(user + system). A process that lives less than one interval may be missed; its CPU still
counts in the total, which comes from getrusage.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


@dataclass
class Seen:
    name: str
    peak_mb: float = 0.0
    cpu: float = 0.0


@dataclass
class Measured:
    code: int
    wall: float
    cpu: float  # every process of the command, from getrusage (exact)
    peak_mb: float  # the largest process's peak, from getrusage (exact)
    processes: dict[int, Seen] = field(default_factory=dict)
    tail: str = ""

    def as_json(self) -> dict[str, Any]:
        rows = sorted(self.processes.values(), key=lambda seen: -seen.cpu)
        return {"code": self.code, "wall": self.wall, "cpu": self.cpu, "peak_mb": self.peak_mb,
                "processes": [{"name": s.name, "peak_mb": round(s.peak_mb, 1), "cpu": round(s.cpu, 2)}
                              for s in rows]}


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(parent pid, CPU seconds, resident MB) of a process, or None if it has gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()  # after "(comm)": state is fields[0]
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS, int(fields[21]) * _PAGE_MB


def _name(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [part.decode(errors="replace") for part in argv if part]
    words = [w.rsplit("/", 1)[-1] if w.startswith("/") else w for w in words]
    return " ".join(words)[:80]


def descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(int(entry))) is not None:
            parents[int(entry)] = found[0]
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def run(command: list[str], env: dict[str, str], cwd: Path, interval: float = 0.5) -> Measured:
    """Run `command`, sampling its processes; exact totals from getrusage (this process must have
    no other children running at the time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    log = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen: dict[int, Seen] = {}
    tail = bytearray()
    assert log.stdout is not None
    os.set_blocking(log.stdout.fileno(), False)
    while log.poll() is None:
        for pid in descendants(log.pid):
            if (found := _stat(pid)) is None:
                continue
            entry = seen.setdefault(pid, Seen(_name(pid)))
            entry.peak_mb, entry.cpu = max(entry.peak_mb, found[2]), max(entry.cpu, found[1])
        chunk = log.stdout.read()
        if chunk:
            tail = (tail + chunk)[-3000:]
        time.sleep(interval)
    rest = log.stdout.read()
    if rest:
        tail = (tail + rest)[-3000:]
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(log.returncode, wall, cpu, after.ru_maxrss / 1024, seen, tail.decode(errors="replace"))


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.proctree COMMAND …`: run it in this fresh process, print one JSON line."""
    import json
    import sys

    command = list(sys.argv[1:] if argv is None else argv)
    measured = run(command, dict(os.environ), Path.cwd())
    print(json.dumps({**measured.as_json(), "tail": measured.tail[-1500:]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
