"""Performance runner: prints a table of figures against their targets.

    .venv/bin/python -m perf.run            # every benchmark
    .venv/bin/python -m perf.run scoring    # only those whose name contains "scoring"

Figures, not timed tests: nothing here fails the test suite.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable

from perf import scoring, storage_save

SUITES: list[tuple[str, Callable[[], list[tuple[str, float, str, str]]]]] = [
    ("scoring", scoring.benchmarks),
    ("storage", storage_save.benchmarks),
    ("demo", lambda: __import__("perf.demo", fromlist=["benchmarks"]).benchmarks()),  # lazy: a 10,000-firm run
    ("import-export", lambda: __import__("perf.storage_io", fromlist=["benchmarks"]).benchmarks()),  # lazy
    ("import-memory", lambda: __import__("perf.import_memory", fromlist=["benchmarks"]).benchmarks()),  # lazy
    ("app", lambda: __import__("perf.app", fromlist=["benchmarks"]).benchmarks()),
    ("cohort", lambda: __import__("perf.cohort", fromlist=["benchmarks"]).benchmarks()),
    ("reports", lambda: __import__("perf.reports", fromlist=["benchmarks"]).benchmarks()),  # lazy: builds a 10k db
    ("dashboard", lambda: __import__("perf.dashboard", fromlist=["benchmarks"]).benchmarks()),  # lazy: a 100k db
    ("verification", lambda: __import__("perf.verification", fromlist=["benchmarks"]).benchmarks()),  # a 100k db
    ("programmes", lambda: __import__("perf.programmes", fromlist=["benchmarks"]).benchmarks()),  # a 100k db
    ("sign-in", lambda: __import__("perf.sign_in", fromlist=["benchmarks"]).benchmarks()),  # lazy: real argon2
    ("evidence", lambda: __import__("perf.evidence", fromlist=["benchmarks"]).benchmarks()),  # 10 MB uploads
]


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(fn: Callable[[], object]) -> float:
    """Peak Python memory of one run, in MB."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main(argv: list[str]) -> None:
    wanted = argv[1:] or [""]
    print(f"{'benchmark':58} {'figure':>14}  {'target':>12}  ok")
    print("-" * 92)
    for name, suite in SUITES:
        if not any(w in name for w in wanted):
            continue
        for label, value, unit, target in suite():
            ok = ""
            if target:
                limit = float(target.split()[1])
                ok = "yes" if value <= limit else "NO"
            print(f"{label:58} {value:>10.3f} {unit:3}  {target:>12}  {ok}")


if __name__ == "__main__":
    main(sys.argv)
