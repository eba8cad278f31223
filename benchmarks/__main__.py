"""``python -m benchmarks [name ...] [--sizes 1000,10000,100000] [--repeats 15]``."""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from . import BENCHMARKS
from .common import RESULTS_FILE, BenchResult, Options, merge_results


def _parse(argv: list[str]) -> tuple[list[str], Options]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], help="default: all")
    parser.add_argument("--sizes", default="1000,10000,100000", help="response counts")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    return args.names or list(BENCHMARKS), Options(sizes, args.warmup, args.repeats)


def _print(name: str, result: BenchResult) -> None:
    width = max((len(label) for label, _ in result.table), default=10)
    print(f"\n{name}")
    print("-" * (width + 30))
    for label, value in result.table:
        print(f"{label:<{width}}  {value:>28}")
    for check, ok in result.checks:
        print(f"{'PASS' if ok else 'FAIL'}  {check}")


def main(argv: list[str] | None = None) -> int:
    names, options = _parse(sys.argv[1:] if argv is None else argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="survey-bench-") as workdir:
        options = Options(options.sizes, options.warmup, options.repeats, Path(workdir))
        for name in names:
            module = importlib.import_module(BENCHMARKS[name])
            result: BenchResult = module.run(options)
            result.figures[f"{name}_measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
            result.figures[f"{name}_environment"] = {
                "python": platform.python_version(),
                "sqlite": sqlite3.sqlite_version,
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "load_average_1m": round(os.getloadavg()[0], 2),
            }
            merge_results(result.figures)
            _print(name, result)
            failed |= not all(ok for _, ok in result.checks)
    print(f"\nWrote {RESULTS_FILE}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
