"""The high-availability drill: the primary dies mid-campaign, the standby takes over.

    .venv/bin/python -m perf.drill --sessions 20 --think-time 2 --fail-after 40

1. The app runs on a copy of the load test's demo database, replicated continuously by
   Litestream (``litestream replicate``, a file replica standing for the standby's disk, one
   second sync interval as in deploy/litestream.yml).
2. ``perf.load`` enterprises answer. After ``--fail-after`` seconds the machine "dies": the app
   and Litestream are both killed at the same instant (SIGKILL, no flush), as in a power cut;
   or (``--mode app-crash``) only the app is killed and Litestream, with the disk, lives on.
3. The standby restores the replica (``litestream restore``) and starts the app on it.
4. Every answer the app had acknowledged to a user (its run finished without an error) is
   looked up in the restored database: the count missing is the recovery point in answers;
   the restore plus the start of the app on the standby is the recovery time.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perf import load
from perf.app_server import start_healthy

LITESTREAM = shutil.which("litestream") or str(Path(sys.executable).parent / "litestream")


def litestream_config(db: Path, replica: Path, sync_interval: str) -> str:
    return (
        "dbs:\n"
        f"  - path: {db}\n"
        "    replica:\n"
        "      type: file\n"
        f"      path: {replica}\n"
        f"      sync-interval: {sync_interval}\n"
    )


def drill(sessions: int, think: float, fail_after: float, sync_interval: str, mode: str = "power-cut") -> dict:
    folder = Path(tempfile.mkdtemp(prefix="perf-drill-"))
    primary = load.copy_database(sessions + 1, folder)
    replica = folder / "replica"
    config = folder / "litestream.yml"
    config.write_text(litestream_config(primary, replica, sync_interval))
    log = (folder / "litestream.log").open("wb")
    stream = subprocess.Popen([LITESTREAM, "replicate", "-config", str(config)], stdout=log, stderr=subprocess.STDOUT)
    server, url = start_healthy(primary, folder / "primary.log")
    asyncio.run(load.warm_up(url))
    failed_at: list[float] = []

    async def campaign():
        async def power_cut():
            await asyncio.sleep(fail_after)
            if mode == "power-cut":  # the machine dies: nothing more leaves it
                for proc in (server, stream):
                    proc.send_signal(signal.SIGKILL)
            else:  # the app dies, the disk and Litestream live on (then are stopped in order)
                server.send_signal(signal.SIGKILL)
                await asyncio.sleep(3)
                stream.send_signal(signal.SIGTERM)
            failed_at.append(time.monotonic())

        cut = asyncio.create_task(power_cut())
        out, _ = await load.drive(url, sessions, fail_after + 60, think, min(10.0, fail_after / 3), 1, 1)
        await cut
        return out

    out = asyncio.run(campaign())
    server.wait()
    stream.wait()
    # the standby: restore the replica, start the app on it
    standby = folder / "standby" / "assessment.db"
    standby.parent.mkdir()
    t0 = time.monotonic()
    subprocess.run([LITESTREAM, "restore", "-o", str(standby), f"file://{replica}"], check=True, capture_output=True)
    restored = time.monotonic() - t0
    server2, url2 = start_healthy(standby, folder / "standby.log")
    serving = time.monotonic() - t0
    server2.terminate()
    server2.wait()
    ledger: load.Ledger = out["ledger"]
    acked = sum(len(v) for v in ledger.acked.values())
    problems = load.check_database(standby, ledger)
    lost = [p for p in problems if "missing" in p or "not stored" in p]
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "sessions": sessions,
        "acknowledged_answers": acked,
        "acknowledged_submissions": len(ledger.submitted),
        "lost": len(lost),
        "lost_samples": lost[:5],
        "other_problems": [p for p in problems if p not in lost][:5],
        "restore_s": restored,
        "standby_serving_s": serving,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m perf.drill", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--think-time", type=float, default=2.0)
    parser.add_argument("--fail-after", type=float, default=40.0, help="seconds of campaign before the power cut")
    parser.add_argument("--sync-interval", default="1s", help="Litestream's sync interval")
    parser.add_argument(
        "--mode",
        choices=["power-cut", "app-crash"],
        default="power-cut",
        help="power-cut: app and Litestream killed at once; app-crash: the app killed, Litestream stopped 3 s later",
    )
    args = parser.parse_args(argv)
    r = drill(args.sessions, args.think_time, args.fail_after, args.sync_interval, args.mode)
    print(
        f"{r['sessions']} sessions; {args.mode} after {args.fail_after:.0f} s; "
        f"{r['acknowledged_answers']} answers and {r['acknowledged_submissions']} submissions acknowledged"
    )
    print(f"lost on the standby (acknowledged, not in the restored database): {r['lost']}")
    for p in r["lost_samples"]:
        print(f"   {p}")
    for p in r["other_problems"]:
        print(f"   other: {p}")
    print(f"restore {r['restore_s']:.1f} s; standby serving {r['standby_serving_s']:.1f} s after the restore began")
    return 0


if __name__ == "__main__":
    sys.exit(main())
