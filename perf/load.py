"""Load generator: N enterprises answering at once, over Streamlit's own websocket protocol.

    .venv/bin/python -m perf.load --sessions 10 50 100 200 --duration 120 --think-time 5

For each N it starts the app (``streamlit run app.py`` on 127.0.0.1, a free port) on a fresh
copy of a demo database with accounts made for the run, lets N simulated enterprises sign in
(spread over a ramp), each answer the SME questionnaire and then DCMM (quick mode) section by
section with a think time between clicks, submit, and go on; then it stops by itself, checks
the database (every acknowledged answer stored with the value sent, nothing extra, no
assessment twice, every acknowledged submission submitted with its result) and prints:

* interactions/s served (every run a user asked for: answers, section moves, sign-ins, submits)
* p50/p95/p99 of an answer, from the widget change sent to the run's ``script_finished``
* errors (exceptions, error messages, timeouts, dropped connections)
* server CPU (percent of one core) and RSS per session (growth over the warmed-up server, / N)
* the load average of the machine at the start and the end (the generator shares the machine)

``--url URL --db PATH`` drives an app already running (several workers behind nginx): accounts
are added to PATH, and ``--server-pid`` names the processes whose CPU and memory to report.
Figures, not a test: nothing here fails the suite (tests/test_load.py runs a 5-session smoke).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from perf.app_server import start_healthy, stop
from perf.streamlit_client import AppError, StreamlitClient

PASSWORD = "Lt7#kWq2Zp9xRm"  # every account of the run
QUESTIONNAIRES = ("sme-2024", "dcmm-2025")  # answered in turn, DCMM in quick mode
DEMO_ENTERPRISES = 300  # the demo cohort under the run's accounts (as `./dev run` starts)
MIN_ACCOUNTS = 201
CACHE = Path(os.environ.get("PERF_LOAD_CACHE", tempfile.gettempdir()))


# ------------------------------------------------------------------ database
def account(n: int) -> str:
    from assessment.credit_code import complete

    return complete(f"91370213LT{n:07d}")


CAMPAIGN_ROUND = "2026"


def _register(args: tuple[str, int]) -> None:
    from assessment import accounts
    from assessment.db import Store

    path, n = args
    store = Store(path, migrate=False)
    accounts.register_enterprise(
        store, {"credit_code": account(n), "name": f"负载测试企业 {n}（合成）", "park": None}, PASSWORD
    )
    store.close()


def base_database(accounts: int, *, exact: bool = False) -> Path:
    """A demo database with ``accounts`` enterprise accounts (at least MIN_ACCOUNTS unless
    ``exact``: one database serves every run up to 200 sessions), built once, kept in CACHE."""
    accounts = accounts if exact else max(accounts, MIN_ACCOUNTS)
    path = CACHE / f"perf-load-{DEMO_ENTERPRISES}-{accounts}-v4.db"  # v4: the current argon2 parameters
    if path.exists():
        return path
    from assessment import rounds
    from assessment.access import CLI
    from assessment.db import Store
    from benchmarks.demo import generate_and_fit

    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    store = Store(tmp)
    generate_and_fit(store, CLI, DEMO_ENTERPRISES, 2026)
    rounds.add(store, CLI, CAMPAIGN_ROUND)  # the campaign's round: the answer page preselects it
    store.close()
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:  # argon2 hashing
        list(pool.map(_register, [(str(tmp), n) for n in range(accounts)]))
    _checkpoint(tmp)
    tmp.rename(path)
    return path


def _checkpoint(path: Path) -> None:
    """Fold the WAL into one self-contained file (a consistent copy), so that copies are cheap."""
    from assessment.access import CLI
    from assessment.backup import backup
    from assessment.db import Store

    copy = path.with_suffix(".copy")
    store = Store(path, migrate=False)
    backup(store, CLI, copy)
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    copy.rename(path)


def copy_database(accounts: int, folder: Path, *, exact: bool = False) -> Path:
    target = folder / "assessment.db"
    shutil.copyfile(base_database(accounts, exact=exact), target)
    return target


# ------------------------------------------------------------------ the server (perf/app_server.py starts it)
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return total


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


# ------------------------------------------------------------------ one enterprise
@dataclass
class Ledger:
    """What the run sent and what the app acknowledged, to check against the database."""

    started: dict[int, tuple[str, str]] = field(default_factory=dict)  # aid -> (account, questionnaire)
    sent: dict[int, set[str]] = field(default_factory=dict)  # aid -> question ids sent
    acked: dict[int, dict[str, object]] = field(default_factory=dict)  # aid -> {question: value}
    submitted: set[int] = field(default_factory=set)


@dataclass
class Timing:
    kind: str
    at: float  # when the interaction started (monotonic)
    seconds: float | None  # None: failed
    error: str = ""


class Enterprise:
    """One simulated enterprise: signs in, answers, submits, at a user's pace."""

    def __init__(self, url: str, username: str, think: float, stop_at: float, rng: random.Random, out: dict):
        self.client = StreamlitClient(url)
        self.username = username
        self.think_time = think
        self.stop_at = stop_at
        self.rng = rng
        self.ledger: Ledger = out["ledger"]
        self.timings: list[Timing] = out["timings"]

    async def think(self) -> bool:
        """Pause like a reader (uniform 0.5–1.5 × the think time); False when the run is over."""
        await asyncio.sleep(self.think_time * self.rng.uniform(0.5, 1.5))
        return time.monotonic() < self.stop_at

    async def act(self, kind: str, **run):
        at = time.monotonic()
        try:
            result = await self.client.run(**run)
        except Exception as exc:  # any failure (app error, timeout, dropped connection) counts
            self.timings.append(Timing(kind, at, None, f"{type(exc).__name__}: {exc}"))
            raise
        if result.errors:
            self.timings.append(Timing(kind, at, None, "; ".join(result.errors)))
            raise AppError(result.errors[0])
        self.timings.append(Timing(kind, at, result.seconds))
        return result

    async def journey(self) -> None:
        c = self.client
        try:
            await c.open()
            await self.act("page", page="answer")  # the answer page asks for a sign-in
            c.set_text("gate_user", self.username)
            c.set_text("gate_password", PASSWORD)
            if not await self.think():
                return
            await self.act("sign-in", triggers=(c.press(c.submit_button("gate_user")),))
            for qid in QUESTIONNAIRES:
                if not await self.answer(qid):
                    return
        except Exception:  # recorded as the failed interaction's error; this session ends
            return
        finally:
            await c.close()

    async def answer(self, qid: str) -> bool:
        from assessment.sections import sections
        from questionnaires import get

        c = self.client
        q = get(qid)
        titles = list(c.widget("start_q").proto.options)
        c.set_option("start_q", titles.index(q.title.zh))
        c.set_option("start_mode", 0)  # quick
        if not await self.think():
            return False
        await self.act("start", triggers=(c.press(c.submit_button("start_q")),))
        aid = int(c.query["a"])
        self.ledger.started[aid] = (self.username, qid)
        for section in sections(q, "quick"):
            for question_id in section.required:
                if not await self.think():
                    return False
                value = self.choose(q, aid, question_id)
                self.ledger.sent.setdefault(aid, set()).add(question_id)
                await self.act("answer")
                self.ledger.acked.setdefault(aid, {})[question_id] = value
            if not await self.think():
                return False
            await self.act("next section", triggers=(c.press("next_section"),))
        if not await self.think():
            return False
        await self.act("submit", triggers=(c.press("submit"),))
        self.ledger.submitted.add(aid)
        await self.act("page", page="answer")  # back to the start form
        return True

    def choose(self, q, aid: int, question_id: str):
        """Set the widget of ``question_id`` to a random answer; return the value to be stored."""
        c, key = self.client, f"q_{aid}_{question_id}"
        if q.kind == "dcmm":
            item = q.item_by_id[question_id]
            i = self.rng.randrange(len(item.levels))
            c.set_option(key, i)
            return item.levels[i].level
        if question_id in q.scenario_by_id:
            levels = [0, *(lv.level for lv in q.scenario_by_id[question_id].levels)]
            i = self.rng.randrange(len(levels))
            c.set_option(key, i)
            return levels[i]
        question = q.question_by_id[question_id]
        if question.type == "single":
            i = self.rng.randrange(len(question.options))
            c.set_option(key, i)
            return question.options[i].id
        if question.type == "multi":
            i = self.rng.randrange(len(question.options))
            c.set_options(key, [i])
            return [question.options[i].id]
        low, high = question.bands[0].min, question.bands[-1].max
        value = float(self.rng.randint(int(low), int(min(high, low + 1000))))
        c.set_number(key, value)
        return value


# ------------------------------------------------------------------ checking the database
def check_database(db: Path, ledger: Ledger) -> list[str]:
    """Problems found: acknowledged answers missing or different, answers never sent, an
    assessment started twice, an acknowledged submission not stored."""
    from assessment import lifecycle
    from assessment.access import CLI
    from assessment.db import Store

    store = Store(db, migrate=False)
    problems: list[str] = []
    try:
        for aid, (username, qid) in ledger.started.items():
            stored = lifecycle.answers(store, CLI, aid)
            for question_id, value in ledger.acked.get(aid, {}).items():
                if question_id not in stored:
                    problems.append(f"assessment {aid}: acknowledged answer {question_id} missing")
                elif stored[question_id] != value:
                    problems.append(f"assessment {aid}: {question_id} stored {stored[question_id]!r}, sent {value!r}")
            extra = set(stored) - ledger.sent.get(aid, set())
            if extra:
                problems.append(f"assessment {aid}: answers never sent: {sorted(extra)[:3]}")
            row = lifecycle.get(store, CLI, aid)
            if aid in ledger.submitted and (row["status"] != "submitted" or lifecycle.result(store, CLI, aid) is None):
                problems.append(f"assessment {aid}: submission acknowledged but not stored")
            same = [
                r
                for r in lifecycle.assessments_of(store, CLI, username)
                if r["questionnaire"] == qid and r["round"] == row["round"]
            ]
            if len(same) != 1:
                problems.append(f"{username} {qid}: {len(same)} assessments for one round")
    finally:
        store.close()
    return problems


# ------------------------------------------------------------------ one run
@dataclass
class RunFigures:
    sessions: int
    interactions_per_s: float
    p50: float
    p95: float
    p99: float
    answers: int
    errors: int
    cpu_percent: float | None
    rss_per_session_mb: float | None  # (RSS at the end of the run - RSS warmed up) / sessions
    rss_mb: float | None  # the peak
    load_start: float
    load_end: float
    sign_in_p95: float
    settled_p95: float  # p95 of the answers after the last sign-in
    settled_answers: int
    cpu_ms_per_interaction: float | None  # server CPU per interaction, everyone signed in
    submitted: int
    problems: list[str]
    error_samples: list[str]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


async def drive(url: str, sessions: int, duration: float, think: float, ramp: float, seed: int, first: int):
    out = {"ledger": Ledger(), "timings": []}
    start = time.monotonic()
    stop_at = start + duration
    rng = random.Random(seed)

    async def one(n: int) -> None:
        await asyncio.sleep(ramp * n / sessions)
        e = Enterprise(url, account(first + n), think, stop_at, random.Random(rng.random()), out)
        await e.journey()

    await asyncio.gather(*(one(n) for n in range(sessions)))
    return out, start


async def warm_up(url: str) -> None:
    """One enterprise signs in and opens the answer page, then leaves: the server has imported
    its pages and libraries before the sessions are counted (the warm-up account is number 0)."""
    c = StreamlitClient(url)
    await c.open()
    await c.run(page="answer")
    c.set_text("gate_user", account(0))
    c.set_text("gate_password", PASSWORD)
    await c.run(triggers=(c.press(c.submit_button("gate_user")),))
    await asyncio.sleep(8)  # the app's own background warm-up (plotly, banks) a moment after
    await c.close()
    await asyncio.sleep(1)


def run_once(
    sessions: int,
    duration: float,
    think: float,
    *,
    ramp: float | None = None,
    seed: int = 1,
    url: str | None = None,
    db: Path | None = None,
    pids: list[int] | None = None,
    exact_accounts: bool = False,
    register: bool = True,
    warm_urls: list[str] | None = None,
) -> RunFigures:
    """One run of ``sessions`` enterprises; with ``url``, against the app there on ``db``
    (``register=False``: its accounts 0..sessions exist already, as in a copy of base_database)."""
    # sessions start spread over the ramp (sign-ins cost argon2 hashing): at least two think
    # times, 0.15 s a session, at most a third of the run
    ramp = min(duration / 3, max(think * 2, 0.15 * sessions)) if ramp is None else ramp
    folder = Path(tempfile.mkdtemp(prefix="perf-load-"))
    proc = None
    first = 1
    if url is None:
        db = copy_database(sessions + 1, folder, exact=exact_accounts)
        proc, url = start_healthy(db, folder / "server.log")
        pids = [proc.pid]
    elif register:
        # an app already running on ``db``: this run's accounts are added to it, numbered past
        # those of earlier runs (account 0, the warm-up's, once)
        first = 1000 + int(time.time()) % 100_000 * 10
        numbers = [first + n for n in range(sessions)] + ([] if _exists(db, account(0)) else [0])
        with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
            list(pool.map(_register, [(str(db), n) for n in numbers]))
    pids = pids or []
    try:
        for u in warm_urls or [url]:  # each worker, when several are behind ``url``
            asyncio.run(warm_up(u))
        load_start = os.getloadavg()[0]
        base_rss = rss_mb(pids) if pids else None
        peak = [base_rss or 0.0]
        cpu_samples: list[tuple[float, float]] = []  # (when, server CPU seconds so far)
        held = [base_rss or 0.0]  # at the end, every session open: argon2's 64 MiB a sign-in gone

        async def main():
            async def sample():
                end = time.monotonic() + duration - 1
                while time.monotonic() < end:
                    await asyncio.sleep(min(1.0, max(0.0, end - time.monotonic())))
                    peak[0] = max(peak[0], rss_mb(pids))
                    cpu_samples.append((time.monotonic(), cpu_seconds(pids)))
                held[0] = rss_mb(pids)

            sampler = asyncio.create_task(sample()) if pids else None
            try:
                return await drive(url, sessions, duration, think, ramp, seed, first)
            finally:
                if sampler:
                    sampler.cancel()

        cpu0 = cpu_seconds(pids) if pids else 0.0
        wall0 = time.monotonic()
        (out, start) = asyncio.run(main())
        wall = time.monotonic() - wall0
        cpu = (cpu_seconds(pids) - cpu0) / wall * 100 if pids else None
        load_end = os.getloadavg()[0]
    finally:
        if proc is not None:
            stop(proc)
    timings: list[Timing] = out["timings"]
    steady = [t for t in timings if t.at >= start + ramp]
    window = max(duration - ramp, 1e-9)
    answers = [t.seconds for t in steady if t.kind == "answer" and t.seconds is not None]
    signs = [t.seconds for t in timings if t.kind == "sign-in" and t.seconds is not None]
    failed = [t for t in timings if t.seconds is None]
    # once every session has signed in (argon2: a fifth of a second of CPU each, queued)
    settled_at = max((t.at + t.seconds for t in timings if t.kind == "sign-in" and t.seconds), default=start)
    settled = [t.seconds for t in timings if t.kind == "answer" and t.seconds is not None and t.at >= settled_at]
    problems = check_database(db, out["ledger"])
    # the server's CPU per interaction once every session has signed in: what one core costs,
    # whatever share of the machine the server got (the generator shares it with others)
    after = [(w, c) for w, c in cpu_samples if w >= settled_at]
    done = [t for t in timings if t.seconds is not None and after and after[0][0] <= t.at + t.seconds <= after[-1][0]]
    cpu_ms = (after[-1][1] - after[0][1]) / len(done) * 1e3 if len(after) > 1 and done else None
    figures = RunFigures(
        sessions=sessions,
        interactions_per_s=sum(1 for t in steady if t.seconds is not None and t.at < start + duration) / window,
        p50=percentile(answers, 50),
        p95=percentile(answers, 95),
        p99=percentile(answers, 99),
        answers=sum(1 for t in timings if t.kind == "answer" and t.seconds is not None),
        errors=len(failed),
        cpu_percent=cpu,
        rss_per_session_mb=(held[0] - base_rss) / sessions if base_rss is not None else None,
        rss_mb=peak[0] if pids else None,
        load_start=load_start,
        load_end=load_end,
        sign_in_p95=percentile(signs, 95),
        settled_p95=percentile(settled, 95),
        cpu_ms_per_interaction=cpu_ms,
        settled_answers=len(settled),
        submitted=len(out["ledger"].submitted),
        problems=problems,
        error_samples=sorted({f"{t.kind}: {t.error}"[:160] for t in failed})[:5],
    )
    if proc is not None and not (failed or problems):
        shutil.rmtree(folder, ignore_errors=True)
    elif proc is not None:
        figures.error_samples.append(f"server log kept: {folder / 'server.log'}")
    return figures


def _exists(db: Path, username: str) -> bool:
    from assessment import accounts
    from assessment.access import CLI
    from assessment.db import Store

    store = Store(db, migrate=False)
    try:
        return any(u["username"] == username for u in accounts.list_users(store, CLI))
    finally:
        store.close()


# ------------------------------------------------------------------ the command
HEADER = (
    f"{'N':>4} {'int/s':>7} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7} {'answers':>8} {'errors':>6} "
    f"{'CPU %':>6} {'RSS/sess MB':>11} {'peak MB':>7} {'sign-in p95':>11} {'p95 signed-in':>13} "
    f"{'CPU ms/int':>10} {'submitted':>9} {'load avg':>11}"
)


def row(f: RunFigures) -> str:
    def num(v, fmt):
        return "-" if v is None else format(v, fmt)

    return (
        f"{f.sessions:>4} {f.interactions_per_s:>7.1f} {f.p50:>7.3f} {f.p95:>7.3f} {f.p99:>7.3f} {f.answers:>8} "
        f"{f.errors:>6} {num(f.cpu_percent, '>6.0f')} {num(f.rss_per_session_mb, '>11.2f')} "
        f"{num(f.rss_mb, '>7.0f')} {f.sign_in_p95:>11.3f} {f.settled_p95:>6.3f} ({f.settled_answers:>4}) "
        f"{num(f.cpu_ms_per_interaction, '>10.1f')} {f.submitted:>9} "
        f"{f.load_start:>5.2f}→{f.load_end:<5.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m perf.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10], help="N, one run per value")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of each run")
    parser.add_argument("--think-time", type=float, default=5.0, help="mean seconds between clicks")
    parser.add_argument("--ramp", type=float, default=None, help="seconds over which sessions start")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="drive an app already running here (with --db)")
    parser.add_argument("--db", type=Path, help="the database of the app at --url")
    parser.add_argument("--server-pid", type=int, action="append", help="a server process to measure")
    parser.add_argument("--json", type=Path, help="append each run's figures to this JSON-lines file")
    args = parser.parse_args(argv)
    if args.url and not args.db:
        parser.error("--url needs --db (the accounts are made there, and the answers checked)")
    print(
        f"think time {args.think_time} s, duration {args.duration} s, {os.cpu_count()} cores; "
        f"`uptime` load average now {os.getloadavg()[0]:.2f}"
    )
    print(HEADER)
    bad = 0
    for n in args.sessions:
        f = run_once(
            n,
            args.duration,
            args.think_time,
            ramp=args.ramp,
            seed=args.seed,
            url=args.url,
            db=args.db,
            pids=args.server_pid,
        )
        print(row(f), flush=True)
        for sample in f.error_samples:
            print(f"     error: {sample}")
        for problem in f.problems[:10]:
            print(f"     DATABASE: {problem}")
        bad += len(f.problems)
        if args.json:
            with args.json.open("a") as fh:
                fh.write(
                    json.dumps(
                        {**f.__dict__, "think_time": args.think_time, "duration": args.duration, "url": args.url}
                    )
                    + "\n"
                )
    print("database check:", "every acknowledged answer stored once" if not bad else f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
