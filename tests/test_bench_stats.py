"""The bench's timing helper: a quick function is run until it has been measured long enough."""

from __future__ import annotations

import time

from bench.stats import timed_cpu


def _busy(seconds: float) -> None:
    """Burn CPU (not sleep: the helper measures CPU time) for about `seconds`."""
    until = time.process_time() + seconds
    while time.process_time() < until:
        pass


def test_a_quick_function_is_run_until_its_runs_add_up_to_the_time_asked() -> None:
    _wall, cpu = timed_cpu(lambda: _busy(0.005), 3, cold=False, at_least_seconds=0.05, most_runs=100)
    assert cpu.runs >= 9  # (ten runs of 5 ms make 50: nine at least, whatever the clock's grain)
    assert cpu.runs * cpu.high >= 0.05


def test_the_runs_stop_at_the_most_asked_and_never_go_below_the_runs_asked() -> None:
    _wall, cpu = timed_cpu(lambda: _busy(0.002), 2, cold=False, at_least_seconds=10.0, most_runs=4)
    assert cpu.runs == 4
    _wall, cpu = timed_cpu(lambda: _busy(0.002), 3, cold=False)
    assert cpu.runs == 3  # (no time asked: the runs asked, as before)
