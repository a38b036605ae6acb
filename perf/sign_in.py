"""Figures for sign-in (issue 10, item 9): the cost of a refused sign-in for a known and for an
unknown username (the same by design: an unknown one is verified against a dummy hash), and the
answer-save p95 while a flood of bad sign-ins runs in parallel threads (argon2 runs outside any
write transaction, so the flood competes for the CPU, not for SQLite's write lock)."""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from assessment import accounts, lifecycle, rounds, throttle
from assessment.access import CLI, Actor
from assessment.credit_code import complete
from assessment.db import Store
from perf.storage_save import percentiles_ms
from questionnaires import get

TRIES = 7
FLOOD_PER_S = 20
FLOOD_THREADS = 20  # one bad sign-in a second each
SAVES = 200
PASSWORD = "Vg4@kLr8Zn2%Qd"
ONE_ADDRESS = "10.200.0.1"


def _median_ms(fn, tries: int = TRIES) -> float:
    times = []
    for k in range(tries):
        start = time.perf_counter()
        fn(k)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def _refused(store: Store, username: str, address: str) -> None:
    try:
        accounts.authenticate(store, username, "wrong-pass-0", address=address)
    except accounts.AuthError:
        return
    raise AssertionError("a wrong password was accepted")


def _saves(store: Store, me: Actor, draft: int, criteria: list[str]) -> list[float]:
    times = []
    for i in range(SAVES):
        start = time.perf_counter()
        lifecycle.save_answer(store, me, draft, criteria[i % len(criteria)], i % 3 != 0)
        times.append(time.perf_counter() - start)
        time.sleep(0.01)  # a person answering, not a loop
    return times


def _under_flood(store: Store, me: Actor, draft: int, criteria: list[str], code: str, *, one_address: bool):
    """Answer saves while FLOOD_THREADS threads try FLOOD_PER_S bad sign-ins a second in all,
    from one address (soon throttled) or each from a new address (every one reaches argon2);
    returns the save times and the sign-in rate achieved."""
    if one_address:  # already throttled: the flood's steady state, not its first 20 hashes
        with store.write() as db:
            for k in range(throttle.MAX_ADDRESS_FAILURES):
                throttle.record_failure(db, f"earlier{k}", ONE_ADDRESS, datetime.now(UTC))
    stop = threading.Event()
    done = [0] * FLOOD_THREADS  # one slot per thread: no shared counter

    def flood(n: int) -> None:
        k = 0
        next_at = time.perf_counter() + n / FLOOD_PER_S
        while not stop.is_set():
            delay = next_at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            address = ONE_ADDRESS if one_address else f"10.{n}.{k // 250}.{k % 250}"
            _refused(store, code if k % 2 else f"nobody{n}", address)
            k += 1
            done[n] = k
            next_at += FLOOD_THREADS / FLOOD_PER_S

    threads = [threading.Thread(target=flood, args=(n,), daemon=True) for n in range(FLOOD_THREADS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(1.0)
    saves = _saves(store, me, draft, criteria)
    stop.set()
    for t in threads:
        t.join()
    return saves, sum(done) / (time.perf_counter() - started)


def benchmarks() -> list[tuple[str, float, str, str]]:
    q = get("dcmm-2025")
    criteria = list(q.criterion_by_id)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "perf.db")
        try:
            code = complete("91370213MA9999998")
            me = accounts.register_enterprise(store, {"credit_code": code, "name": "性能测试企业"}, PASSWORD)
            _refused(store, "nobody", "10.9.9.9")  # the dummy hash is made on first use
            # a new address each time: no lock-out cuts the work short
            known = _median_ms(lambda k: _refused(store, code, f"10.1.0.{k}"))
            unknown = _median_ms(lambda k: _refused(store, f"nobody{k}", f"10.2.0.{k}"))
            right = _median_ms(lambda k: accounts.authenticate(store, code, PASSWORD, address="10.3.0.1"), 3)

            rounds.add(store, CLI, "2026")  # enterprises start only in a round the bureau opened
            draft = lifecycle.start_or_resume(store, me, code, q.id, "2026")
            lifecycle.save_answer(store, me, draft, criteria[0], True)
            quiet = _saves(store, me, draft, criteria)

            spread, spread_rate = _under_flood(store, me, draft, criteria, code, one_address=False)
            single, single_rate = _under_flood(store, me, draft, criteria, code, one_address=True)
        finally:
            store.close()

    _, quiet95 = percentiles_ms(quiet)
    _, spread95 = percentiles_ms(spread)
    _, single95 = percentiles_ms(single)
    return [
        ("sign-in refused, known username (argon2 verify)", known, "ms", ""),
        ("sign-in refused, unknown username (dummy hash)", unknown, "ms", ""),
        ("sign-in accepted", right, "ms", ""),
        (f"answer save p95, quiet ({SAVES} saves)", quiet95, "ms", "<= 5"),
        (
            f"answer save p95, {FLOOD_PER_S} bad sign-ins/s, {FLOOD_THREADS} threads, new addresses",
            spread95,
            "ms",
            "<= 100",
        ),
        ("  bad sign-ins a second achieved (each one argon2: CPU-bound)", spread_rate, "/s", ""),
        (
            f"answer save p95, {FLOOD_PER_S} bad sign-ins/s, {FLOOD_THREADS} threads, one address",
            single95,
            "ms",
            "<= 100",
        ),
        ("  bad sign-ins a second achieved (the address throttled: no argon2)", single_rate, "/s", ""),
    ]
