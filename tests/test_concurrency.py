"""Many processes saving answers into one database file at once (DESIGN.md §6: WAL, busy
timeout, BEGIN IMMEDIATE): no lost or duplicated answer, no "database is locked", an intact file.

Eight writer processes, two per draft on distinct questions of a shared draft (so that they also
contend on the same assessment row), and a reader that keeps reading every draft meanwhile.
"""

import multiprocessing
import threading
import time
import traceback
from pathlib import Path

import pytest

from assessment import lifecycle
from assessment.access import Actor
from assessment.db import Store
from questionnaires import get
from tests.conftest import make_enterprise, open_rounds

DCMM = "dcmm-2025"
WRITERS = 8
PER_DRAFT = 2
SAVES = 200
TIMEOUT_S = 120


def questions_of(worker: int) -> list[str]:
    """The criteria worker ``worker`` answers: distinct from its draft partner's."""
    criteria = sorted(get(DCMM).criterion_by_id)
    start = (worker % PER_DRAFT) * SAVES
    return criteria[start : start + SAVES]


def value_of(worker: int, i: int) -> bool:
    return (worker * 7 + i) % 3 != 0


def writer(path: str, worker: int, actor: Actor, draft: int, gate, results) -> None:
    errors, saved = [], 0
    try:
        store = Store(path)
        questions = questions_of(worker)  # also warms the questionnaire cache before the gate
        gate.wait()
        for i, qid in enumerate(questions):
            # first a wrong value, then the right one: the last value must win
            for value in ([not value_of(worker, i)] if i % 10 == 0 else []) + [value_of(worker, i)]:
                try:
                    lifecycle.save_answer(store, actor, draft, qid, value)
                    saved += 1
                except Exception:
                    errors.append(traceback.format_exc(limit=3))
        store.close()
    except Exception:
        errors.append(traceback.format_exc())
    results.put(("writer", worker, errors, saved))


def reader(path: str, actor: Actor, drafts: list[int], gate, stop, results) -> None:
    errors, reads = [], 0
    try:
        store = Store(path)
        seen = dict.fromkeys(drafts, 0)
        gate.wait()
        while not stop.is_set():
            for draft in drafts:
                try:
                    count = len(lifecycle.answers(store, actor, draft))
                    reads += 1
                except Exception:
                    errors.append(traceback.format_exc(limit=3))
                    continue
                if count < seen[draft]:
                    errors.append(f"draft {draft}: {seen[draft]} answers, then {count}")
                seen[draft] = count
        store.close()
    except Exception:
        errors.append(traceback.format_exc())
    results.put(("reader", 0, errors, reads))


@pytest.mark.usefixtures("cheap_argon2")
def test_parallel_saves_lose_nothing_and_never_lock(tmp_path):
    path = Path(tmp_path) / "shared.db"
    store = open_rounds(Store(path))
    users = [make_enterprise(store, n) for n in range(1, WRITERS // PER_DRAFT + 1)]
    drafts = [lifecycle.start_or_resume(store, u, u.credit_code, DCMM, "2025") for u in users]
    get(DCMM)  # parsed once here, inherited by forked children
    store.close()  # no open sqlite connection may cross the fork

    # fork is quick (the parsed questionnaires are inherited) but unsafe once other threads run
    ctx = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    gate = ctx.Barrier(WRITERS + 2, timeout=TIMEOUT_S)
    stop, results = ctx.Event(), ctx.Queue()
    writers = [
        ctx.Process(
            target=writer,
            args=(str(path), k, users[k // PER_DRAFT], drafts[k // PER_DRAFT], gate, results),
        )
        for k in range(WRITERS)
    ]
    watcher = ctx.Process(target=reader, args=(str(path), Actor("bureau", "analyst"), drafts, gate, stop, results))
    for p in [*writers, watcher]:
        p.start()

    outcomes = []
    try:
        gate.wait()
        started = time.perf_counter()
        outcomes = [results.get(timeout=TIMEOUT_S) for _ in range(WRITERS)]
        elapsed = time.perf_counter() - started
        stop.set()
        outcomes.append(results.get(timeout=TIMEOUT_S))
    finally:
        stop.set()
        for p in [*writers, watcher]:
            p.join(timeout=TIMEOUT_S)
            if p.is_alive():
                p.terminate()

    assert [p.exitcode for p in [*writers, watcher]] == [0] * (WRITERS + 1)
    errors = [error for _, _, errs, _ in outcomes for error in errs]
    assert errors == [], "".join(errors[:3])
    assert not any("locked" in e for e in errors)
    expected_saves = SAVES + SAVES // 10
    assert sorted(n for kind, _, _, n in outcomes if kind == "writer") == [expected_saves] * WRITERS
    assert next(n for kind, _, _, n in outcomes if kind == "reader") > 0

    check = Store(path)
    try:
        for d, (user, draft) in enumerate(zip(users, drafts)):
            expected = {}
            for worker in range(d * PER_DRAFT, (d + 1) * PER_DRAFT):
                expected.update({qid: value_of(worker, i) for i, qid in enumerate(questions_of(worker))})
            assert len(expected) == PER_DRAFT * SAVES
            assert lifecycle.answers(check, user, draft) == expected
        rows = check.db.execute("SELECT count(*), count(DISTINCT assessment_id || ' ' || question_id) FROM answers")
        assert rows.fetchone() == (WRITERS * SAVES, WRITERS * SAVES)
        assert check.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert check.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        check.close()
    print(f"{WRITERS} writers x {expected_saves} saves in {elapsed:.1f} s")


@pytest.mark.usefixtures("cheap_argon2")
def test_two_tabs_starting_at_once_get_one_draft(store):
    """Threads share the Store object but each has its own connection; the check-then-insert of
    start_or_resume runs in BEGIN IMMEDIATE, so they all find the same draft."""
    from concurrent.futures import ThreadPoolExecutor

    me = make_enterprise(store, 1)
    gate = threading.Barrier(8)

    def start(_):
        gate.wait()
        return lifecycle.start_or_resume(store, me, me.credit_code, DCMM, "2025")

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(start, range(8)))
    assert len(set(ids)) == 1
    assert store.db.execute("SELECT count(*) FROM assessments").fetchone() == (1,)
