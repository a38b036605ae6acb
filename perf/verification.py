"""Figures for the doubt flags and the verification queue (issue 13, items 3 and 4).

* the flags of one submission: ``flag_store.store_flags`` for one assessment (the read of its
  answers, previous round and timing, the rules, the write), in a transaction rolled back
  afterwards; a DCMM assessment answered criterion by criterion (the largest) and an SME one;
* over 100,000 assessments (the dashboard's perf database, copied and backfilled once, outside
  every timing): ``cohort_flags`` (what ``cli.py flags`` prints) and ``queue_view`` (what the
  queue page draws), and the stratified sample.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from pathlib import Path

import numpy as np

from assessment import flag_store, lifecycle, rounds
from assessment.access import CLI, Actor
from assessment.cohort import CohortFilter
from assessment.credit_code import complete
from assessment.db import Store
from assessment.enterprises import check_profile, save_profile
from perf import dashboard as perf_dashboard
from questionnaires import get

DB_PATH = Path(os.environ.get("PERF_FLAGS_DB", f"/tmp/perf-flags-{perf_dashboard.ASSESSMENTS}-v1.db"))


def _one_submission_db(path: Path) -> tuple[Store, int, int]:
    """A small database with a 2024 and a 2025 round of DCMM (detailed) and SME, submitted."""
    store = Store(path)
    code = complete("91370213MD0000001")
    with store.write() as db:
        save_profile(
            db,
            check_profile({"credit_code": code, "name": "性能疑点企业有限公司", "park": "金水创新产业园"}),
            CLI,
        )
    who = Actor(code, "enterprise", code)
    rounds.add(store, CLI, "2025")  # enterprises start only in a round the bureau opened
    rng = random.Random(3)
    dcmm, sme = get("dcmm-2025"), get("sme-2024")
    with store.write() as db:
        lifecycle.record_submitted(db, CLI, code, dcmm, "2024", "import", {i.id: 1 for i in dcmm.items})
    ids = []
    for q, answers in (
        (dcmm, {c: rng.random() < 0.6 for c in dcmm.criterion_by_id}),
        (sme, perf_dashboard.answers_for(sme, 0.6, np.random.default_rng(1))),
    ):
        aid = lifecycle.start_or_resume(store, who, code, q.id, "2025")
        with store.write() as db:  # the answers as the form leaves them, without a write each
            for qid, value in answers.items():
                db.execute(
                    "INSERT INTO answers (assessment_id, question_id, value, answered_by, answered_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [aid, qid, json.dumps(value), code, "2099-01-01T00:00:00+00:00"],
                )
        lifecycle.submit(store, who, aid)
        ids.append(aid)
    return store, ids[0], ids[1]


def _flags_of_one(store: Store, assessment_id: int) -> None:
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        flag_store.store_flags(db, [assessment_id])
    finally:
        db.conn.rollback()


def _big_db() -> tuple[Path, float]:
    """The 100,000-assessment database with its flags computed (built once, kept in /tmp)."""
    if DB_PATH.exists():
        return DB_PATH, 0.0
    source = perf_dashboard.build()
    tmp = DB_PATH.with_name(DB_PATH.name + ".building")
    shutil.copyfile(source, tmp)
    store = Store(tmp)
    start = time.perf_counter()
    flag_store.refresh(store, CLI)
    backfill = time.perf_counter() - start
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(tmp, DB_PATH)
    return DB_PATH, backfill


def _cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def benchmarks() -> list[tuple[str, float, str, str]]:
    import tempfile

    from benchmarks import cohorts, verification
    from perf.run import best_of

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store, dcmm_id, sme_id = _one_submission_db(Path(tmp) / "one.db")
        rows.append(
            (
                "flags of one DCMM submission, 436 criteria (best of 5)",
                best_of(lambda: _flags_of_one(store, dcmm_id), 5) * 1e3,
                "ms",
                "<= 20",
            )
        )
        rows.append(
            (
                "flags of one SME submission (best of 5)",
                best_of(lambda: _flags_of_one(store, sme_id), 5) * 1e3,
                "ms",
                "<= 20",
            )
        )
        store.close()

    path, backfill = _big_db()
    if backfill:
        rows.append(
            (f"backfill of {perf_dashboard.ASSESSMENTS:,} assessments (flags refresh, once)", backfill, "s", "")
        )
    store = Store(path)
    everything = CohortFilter(perf_dashboard.QUESTIONNAIRE)
    flagged = store.db.execute("SELECT count(DISTINCT assessment_id) FROM doubt_flags").fetchone()[0]
    verification.queue_view(store, CLI, everything)  # the file cache warm, as a running server has it
    rows.append((f"  assessments with stored flags among {perf_dashboard.ASSESSMENTS:,}", flagged, "", ""))
    rows.append(
        (
            "flags of 100,000 current assessments (cli flags; best of 3)",
            best_of(lambda: verification.cohort_flags(store, CLI, everything)),
            "s",
            "<= 2",
        )
    )
    rows.append(("  CPU time of it", _cpu(lambda: verification.cohort_flags(store, CLI, everything)), "s", ""))
    rows.append(
        (
            "verification queue of 100,000 (queue page's core call; best of 3)",
            best_of(lambda: verification.queue_view(store, CLI, everything)),
            "s",
            "<= 2",
        )
    )
    rows.append(("  CPU time of it", _cpu(lambda: verification.queue_view(store, CLI, everything)), "s", ""))
    rows.append(
        ("  of which the cohort frame (cohorts.load, CPU)", _cpu(lambda: cohorts.load(store, everything)), "s", "")
    )
    rows.append(
        (
            "stratified sample of 100 among them (audited)",
            best_of(lambda: verification.sample(store, CLI, everything, 100, 7)),
            "s",
            "",
        )
    )
    store.close()
    return rows
