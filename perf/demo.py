"""Figures for the demo cohort generator (issue 4)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from assessment.db import Store
from benchmarks.demo import generate
from questionnaires import get

N = 10_000


def benchmarks() -> list[tuple[str, float, str, str]]:
    for qid in ("sme-2024", "dcmm-2018", "dcmm-2025"):
        get(qid)  # parse the banks outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.db"
        store = Store(path)
        start, cpu = time.perf_counter(), time.process_time()
        summary = generate(store, N, 1)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
    return [
        (f"demo cohort: generate {N:,} enterprises (one run)", seconds, "s", ""),
        ("  CPU time of that run (steadier on a busy machine)", cpu, "s", ""),
        (
            f"  {summary.total_assessments:,} assessments written, per second",
            summary.total_assessments / seconds,
            "/s",
            "",
        ),
        ("  database size", size, "MB", ""),
    ]
