"""Faults: an import killed with SIGKILL in the middle of writing leaves the database intact and
the import entirely absent (issue 3, point 5)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assessment.access import CLI
from assessment.db import Store
from assessment.importer import import_file
from tests.conftest import open_rounds
from tests.support.import_files import sme_row, write_csv

ROOT = Path(__file__).resolve().parent.parent
ROWS = 6_000
KILL_AFTER = 2_000  # rows written inside the open transaction when the process is killed


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_in_the_middle_of_a_large_import_leaves_nothing_behind(tmp_path):
    db = tmp_path / "assessment.db"
    open_rounds(Store(db)).close()  # a migrated database with its rounds; closing checkpoints it (no -wal)
    source = write_csv(tmp_path / "big.csv", [sme_row(n, seed=n % 40) for n in range(1, ROWS + 1)])
    proc = subprocess.Popen(
        [sys.executable, "cli.py", "import", str(source), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    watchdog = threading.Timer(600, proc.kill)  # never hang the suite
    watchdog.start()
    seen = []
    wal_size = 0
    try:
        for line in proc.stderr:
            seen.append(line.rstrip())
            # progress lines: "导入 import: 写入 write 2000/6000", printed inside the transaction
            if "write" in line and int(line.rsplit(" ", 1)[-1].split("/")[0]) >= KILL_AFTER:
                wal = db.with_name(db.name + "-wal")
                wal_size = wal.stat().st_size if wal.exists() else 0
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=60)
    finally:
        watchdog.cancel()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"the import was not killed mid-way: {seen[-5:]}"
    # the uncommitted rows had reached the disk (the WAL), so recovery really had work to do
    assert wal_size > 0

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for table in ("enterprises", "assessments", "answers", "results", "result_parts"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        assert conn.execute("SELECT count(*) FROM audit WHERE action = 'import'").fetchone()[0] == 0
    finally:
        conn.close()

    # and the database is usable afterwards
    store = Store(db)
    report = import_file(store, CLI, write_csv(tmp_path / "small.csv", [sme_row(1), sme_row(2)]))
    assert report.assessments == 2
    store.close()
