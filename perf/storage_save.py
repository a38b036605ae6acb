"""Figures for the store (issue: storage): saving one answer the moment it is given, on a file
database, with the questionnaire cache warm."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from assessment import enterprises, lifecycle, rounds
from assessment.access import CLI, Actor
from assessment.credit_code import complete
from assessment.db import Store
from questionnaires import get

SAVES = 500
QUESTIONNAIRE = "dcmm-2025"


def percentiles_ms(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1e3, cuts[94] * 1e3


def benchmarks() -> list[tuple[str, float, str, str]]:
    q = get(QUESTIONNAIRE)  # warm: parsed once per process, as in the app
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "perf.db")
        try:
            code = complete("91370213MA9999999")
            # created by the administrator, so that no password is hashed here
            enterprises.upsert(store, CLI, {"credit_code": code, "name": "性能测试企业"})
            me = Actor(code, "enterprise", code)
            rounds.add(store, CLI, "2026")  # enterprises start only in a round the bureau opened
            draft = lifecycle.start_or_resume(store, me, code, QUESTIONNAIRE, "2026")
            criteria = list(q.criterion_by_id)
            items = [item.id for item in q.items]
            lifecycle.save_answer(store, me, draft, criteria[0], True)  # first write out of the timing

            saves = []
            for i in range(SAVES):
                qid = criteria[i % len(criteria)]
                start = time.perf_counter()
                lifecycle.save_answer(store, me, draft, qid, i % 3 != 0)
                saves.append(time.perf_counter() - start)

            answered = len(lifecycle.answers(store, me, draft))
            start = time.perf_counter()
            for _ in range(20):
                lifecycle.answers(store, me, draft)
            resume = (time.perf_counter() - start) / 20

            quick = []
            for i in range(len(items)):  # a quick level also deletes the item's criteria answers
                start = time.perf_counter()
                lifecycle.save_answer(store, me, draft, items[i], 1 + i % 5)
                quick.append(time.perf_counter() - start)

            start = time.perf_counter()
            lifecycle.submit(store, me, draft)
            submit = time.perf_counter() - start
        finally:
            store.close()

    p50, p95 = percentiles_ms(saves)
    q50, q95 = percentiles_ms(quick)
    return [
        (f"save one answer, file DB, {SAVES} saves: p50", p50, "ms", ""),
        (f"save one answer, file DB, {SAVES} saves: p95", p95, "ms", "<= 5"),
        (f"save a quick-mode level ({len(items)} saves, clears criteria): p95", q95, "ms", "<= 5"),
        ("  and its p50", q50, "ms", ""),
        (f"resume: read all {answered} answers of a draft", resume * 1e3, "ms", ""),
        (f"submit a complete {QUESTIONNAIRE} draft (score + store)", submit * 1e3, "ms", ""),
    ]
