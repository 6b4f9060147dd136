"""How diagnostics are printed: in full for errors, grouped for warnings and pending work.

A new text can raise dozens of warnings of one kind (a flattened table: one "paragraph ends
without closing punctuation" per cell). Printed one per line they bury the few that matter, so
each (file, code) group of more than `GROUP_LIMIT` is shown by its first examples and a count;
`--verbose` prints everything. Lost words (W001) come first: they are the one error that is a
bug of the generator rather than of the sources.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from build_tools.diagnostics import CODES, Diagnostic, Diagnostics, Severity

GROUP_LIMIT = 3  # a group this small is printed whole
EXAMPLES = 2  # lines shown of a larger group


def _order(item: Diagnostic) -> int:
    if item.code == "W001":
        return 0
    return {Severity.ERROR: 1, Severity.PENDING: 2, Severity.WARNING: 3}[item.severity]


def report_lines(diagnostics: Diagnostics, verbose: bool = False) -> list[str]:
    """The lines to print, most urgent first (a stable sort keeps each kind in source order)."""
    items = sorted(diagnostics.items, key=_order)
    if verbose:
        return [item.format() for item in items]
    groups: dict[tuple[str, str, Severity], list[Diagnostic]] = defaultdict(list)
    for item in items:
        groups[(item.file, item.code, item.severity)].append(item)
    lines: list[str] = []
    shown: set[tuple[str, str, Severity]] = set()
    for item in items:
        key = (item.file, item.code, item.severity)
        group = groups[key]
        if item.severity is Severity.ERROR or len(group) <= GROUP_LIMIT:
            lines.append(item.format())
            continue
        if key in shown:
            continue
        shown.add(key)
        lines.extend(example.format() for example in group[:EXAMPLES])
        lines.append(f"{item.file}: {item.severity.value} {item.code} … and {len(group) - EXAMPLES} more like these "
                     f"({CODES.get(item.code, item.code)}; `--verbose` lists them all)")
    return lines


def counts_by_code(items: list[Diagnostic]) -> str:
    """"P002 ×12, C001 ×3": a text's warnings and pending work at a glance."""
    counts = Counter(item.code for item in items)
    return ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
