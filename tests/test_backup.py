"""Backups (issue 3, point 7): a consistent copy while the app writes, and a restore that checks
first and never leaves a half-restored database."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest
import sqlite_utils
from typer.testing import CliRunner

from assessment import accounts, lifecycle
from assessment.access import PermissionDenied
from assessment.audit import record
from assessment.backup import BackupError, backup, check_backup, restore
from assessment.backup_archive import check_archive
from assessment.db import Store
from assessment.schema import migrations
from cli import app
from questionnaires import get
from tests.conftest import code
from tests.support.records import add

runner = CliRunner()
TABLES = ("enterprises", "assessments", "answers", "results", "result_parts", "users", "access_codes")


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def dump(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in (*TABLES, "audit")}
    finally:
        conn.close()


def filled(store, admin) -> None:
    for n in (1, 2, 3):
        add(store, admin, n)
    accounts.add_user(store, admin, "analyst1", "analyst", "Hn4$wQz7Lp2#Vk")
    accounts.issue_access_code(store, admin, code(1))


def test_backup_then_restore_gives_the_same_data(store, admin, tmp_path):
    filled(store, admin)
    before = dump(store.path)
    info = backup(store, admin, tmp_path / "b.db")
    assert info.counts["assessments"] == 3 and info.bytes == (tmp_path / "b.db").stat().st_size
    # the database moves on: more data, some lost
    add(store, admin, 4)
    with store.write() as db:
        db.execute("DELETE FROM result_parts WHERE assessment_id = 1")
    restored = restore(store, admin, tmp_path / "b.db")
    after = dump(store.path)
    for table in TABLES:
        assert after[table] == before[table], table
    # the audit log is the backup's (the backup's own row is written after the copy), plus the restore
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert [row[4] for row in after["audit"][len(before["audit"]) :]] == ["restore"]
    assert restored.counts["assessments"] == 3
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_backup_is_one_self_contained_file(store, admin, tmp_path):
    filled(store, admin)
    target = tmp_path / "sub" / "b.db"
    backup(store, admin, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.db"]  # no -wal, -shm or temp file
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == 3
    conn.close()
    backup(store, admin, target)  # replacing an older backup works
    assert check_backup(target)["assessments"] == 3


def test_a_backup_taken_while_the_app_writes_is_consistent(store, admin, tmp_path):
    stop = threading.Event()
    errors = []

    def writer():
        # each transaction writes a pair of rows: a consistent copy never holds half a pair
        writer_store = Store(store.path)
        try:
            n = 0
            while not stop.is_set():
                with writer_store.write() as db:
                    record(db, admin, "pair.a", "pair", n)
                    record(db, admin, "pair.b", "pair", n)
                n += 1
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            writer_store.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while store.db.execute("SELECT count(*) FROM audit WHERE action = 'pair.b'").fetchone()[0] < 10:
            assert thread.is_alive(), errors
        copies = []
        for i in range(5):
            copies.append(backup(store, admin, tmp_path / f"b{i}.db").path)
    finally:
        stop.set()
        thread.join()
    assert not errors
    seen = []
    for path in copies:
        check_backup(path)
        conn = sqlite3.connect(path)
        a = conn.execute("SELECT record_id FROM audit WHERE action = 'pair.a' ORDER BY id").fetchall()
        b = conn.execute("SELECT record_id FROM audit WHERE action = 'pair.b' ORDER BY id").fetchall()
        conn.close()
        assert a == b
        seen.append(len(a))
    assert seen[-1] > 0 and seen == sorted(seen)


def test_a_damaged_backup_is_refused_and_the_database_left_alone(store, admin, tmp_path):
    filled(store, admin)
    good = backup(store, admin, tmp_path / "b.db").path
    before = dump(store.path)
    damaged = tmp_path / "damaged.db"
    shutil.copy(good, damaged)
    size = damaged.stat().st_size
    with open(damaged, "r+b") as fh:  # scribble over pages after the schema page
        fh.seek(4096 * 3)
        fh.write(b"\xa5" * min(4096 * 4, size - 4096 * 3))
    with pytest.raises(BackupError, match="damaged and was not restored"):
        restore(store, admin, damaged)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"definitely not sqlite" * 100)
    with pytest.raises(BackupError, match="not a valid database"):
        restore(store, admin, junk)
    with pytest.raises(BackupError, match="no backup file"):
        restore(store, admin, tmp_path / "missing.db")
    assert dump(store.path)["assessments"] == before["assessments"]
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_only_databases_of_this_toolkit_and_version_are_restored(store, admin, tmp_path):
    foreign = tmp_path / "foreign.db"
    sqlite_utils.Database(foreign)["things"].insert({"a": 1})
    with pytest.raises(BackupError, match="not a database of this toolkit"):
        restore(store, admin, foreign)
    newer = tmp_path / "newer.db"
    shutil.copy(backup(store, admin, tmp_path / "b.db").path, newer)
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, '9999_future', 'x')",
        [migrations.name],
    )
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="newer version"):
        restore(store, admin, newer)


def test_a_backup_from_an_earlier_schema_gets_the_later_migrations(store, admin, tmp_path):
    old = tmp_path / "old.db"
    db = sqlite_utils.Database(old)
    migrations.apply(db, stop_before="0002_archetype_models")
    db.close()
    assert "archetype_models" not in sqlite_utils.Database(old).table_names()
    restore(store, admin, old)
    assert "archetype_models" in store.db.table_names()
    assert store.db.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 0


def test_readers_of_the_live_database_see_the_restored_data(store, admin, tmp_path):
    add(store, admin, 1)
    copy = backup(store, admin, tmp_path / "b.db").path
    add(store, admin, 2)
    reader = Store(store.path)  # another connection of the running app
    assert reader.db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 2
    restore(store, admin, copy)
    assert reader.db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 1
    assert lifecycle.result(reader, admin, 1)["questionnaire"] == get("sme-2024").id
    reader.close()


def test_only_administrators_back_up_and_restore(store, analyst, tmp_path):
    with pytest.raises(PermissionDenied):
        backup(store, analyst, tmp_path / "b.db")
    with pytest.raises(PermissionDenied):
        restore(store, analyst, tmp_path / "b.db")
    assert not (tmp_path / "b.db").exists()


def test_cli_backup_and_restore(store, admin, tmp_path):
    add(store, admin, 1)
    store.close()
    db = str(tmp_path / "assessment.db")
    out = tmp_path / "b.db"
    done = runner.invoke(app, ["backup", "-o", str(out), "--db", db])
    assert done.exit_code == 0 and "assessments 1" in done.stdout
    add(Store(db), admin, 2)
    back = runner.invoke(app, ["restore", str(out), "--db", db])
    assert back.exit_code == 0, back.output
    assert check_archive(tmp_path / "assessment.db.pre-restore")["assessments"] == 2  # the safety copy
    assert sqlite3.connect(db).execute("SELECT count(*) FROM assessments").fetchone()[0] == 1
    junk = tmp_path / "junk.db"
    junk.write_text("no")
    bad = runner.invoke(app, ["restore", str(junk), "--db", db])
    assert bad.exit_code == 1 and bad.stderr.startswith("错误 Error:") and "Traceback" not in bad.output
