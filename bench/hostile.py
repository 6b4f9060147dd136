"""Time and memory on hostile paragraphs: `python -m bench.hostile [--full]` (issue 17).

A source may hold one enormous paragraph made of what a pass's regular expressions try to
match: unclosed `**`, lone `*`, `<https://` without `>`, superscript digits, author–year
look-alikes, one word without spaces. Each is set at 100 KB and 400 KB (and 1 MB with
`--full`) into a short article, and every pass's CPU time is measured. A pass in linear time
takes about 4× as long on 4× the text; a quadratic one 16×. The budget: no pass grows more
than 8× from 100 to 400 KB, and no pass takes more than 1 s on 1 MB; the whole pipeline stays
under BUILD_SECONDS and the process under BUILD_MEGABYTES of memory. Exit 1 when a budget is
missed (the table says where). Not part of `make test`: its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from bench.corpus import write_manifest
from bench.profile import per_pass_seconds
from bench.stats import ROOT
from build_tools.apparatus import editorial

ARTICLE = "A Short Article\n\nIntroduction\n\n{paragraph}\n\nCities grow when trade grows.\n"
YAML = ("profile: pdf-extraction\nkind: journal-article\nlanguage: en\nmetadata:\n  title: A Short Article\n"
        "  authors:\n    - {given: Ada, family: Example}\n  date: 2020-01-01\n")
UNITS = {
    "unclosed-strong": "**word ",
    "lone-asterisks": "*word ",
    "open-autolinks": "<https://example.org/a ",
    "superscripts": "word¹ ",
    "author-year": "Sassen (1991) and ",
    "parentheses": "((( word ",
    "one-long-word": "x",
}
GROWTH_LIMIT = 8.0  # 400 KB over 100 KB: linear is ~4, quadratic ~16
PASS_SECONDS_AT_1MB = 1.0
BUILD_SECONDS = 60.0
BUILD_MEGABYTES = 2048


def measure(unit: str, size: int, scratch: Path) -> dict[str, float]:
    paragraph = (unit * (size // len(unit) + 1))[:size]
    seeds = scratch / f"{len(unit)}-{size}"
    shutil.rmtree(seeds, ignore_errors=True)
    shutil.copytree(ROOT / "seeds" / "profiles", seeds / "profiles")
    (seeds / "texts" / "sample").mkdir(parents=True)
    (seeds / "texts" / "sample" / "source.txt").write_text(ARTICLE.format(paragraph=paragraph), encoding="utf-8")
    (seeds / "texts" / "sample" / "text.yml").write_text(YAML, encoding="utf-8")
    write_manifest(seeds)
    with editorial.build_scope():
        return per_pass_seconds(seeds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile")
    parser.add_argument("--full", action="store_true", help="also 1 MB paragraphs (slow if a pass is quadratic)")
    args = parser.parse_args(argv)
    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        scratch = Path(folder)
        for name, unit in UNITS.items():
            small, large = measure(unit, 100_000, scratch), measure(unit, 400_000, scratch)
            huge = measure(unit, 1_000_000, scratch) if args.full else {}
            total = sum((huge or large).values())
            print(f"{name}: pipeline {total:.2f} s at {'1 MB' if huge else '400 KB'}")
            for pass_name in small:
                growth = large[pass_name] / max(small[pass_name], 0.005)
                flag = ""
                if growth > GROWTH_LIMIT and large[pass_name] > 0.05:
                    flag = "  <- superlinear"
                    missed.append(f"{name}/{pass_name}: {growth:.1f}× from 100 to 400 KB")
                if huge and huge[pass_name] > PASS_SECONDS_AT_1MB:
                    flag += "  <- over 1 s at 1 MB"
                    missed.append(f"{name}/{pass_name}: {huge[pass_name]:.2f} s at 1 MB")
                if large[pass_name] > 0.02 or flag:
                    at_1mb = f"{huge[pass_name]:7.3f} s" if huge else ""
                    print(f"  {pass_name:24} {small[pass_name]:7.3f} s {large[pass_name]:7.3f} s {at_1mb}{flag}")
            if total > BUILD_SECONDS:
                missed.append(f"{name}: pipeline {total:.1f} s")
    megabytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {megabytes:,.0f} MB")
    if megabytes > BUILD_MEGABYTES:
        missed.append(f"peak memory {megabytes:,.0f} MB")
    for line in missed:
        print("budget missed:", line, file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
