"""Restore accepts only our schema (issue 10, point 15): a backup with an extra table, view,
trigger or index, or a changed table, is refused and the database left alone."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from assessment.backup import BackupError, backup, check_backup, restore
from assessment.schema import migrations
from tests.conftest import make_enterprise

EXTRAS = {
    "table": "CREATE TABLE notes (x TEXT)",
    "view": "CREATE VIEW everyone AS SELECT * FROM users",
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM users; END",
    "index": "CREATE INDEX by_name ON enterprises (name)",
    "changed table": "ALTER TABLE users ADD COLUMN note TEXT",
}


@pytest.mark.parametrize("kind", list(EXTRAS))
def test_a_backup_with_anything_but_our_schema_is_refused(store, admin, tmp_path, kind):
    make_enterprise(store, 1)
    copy = backup(store, admin, tmp_path / "b.db").path
    with sqlite3.connect(copy) as conn:
        conn.execute(EXTRAS[kind])
    before = store.db.execute("SELECT count(*) FROM enterprises").fetchone()[0]
    with pytest.raises(BackupError) as info:
        restore(store, admin, copy)
    assert "objects our database does not have" in info.value.en
    assert store.db.execute("SELECT count(*) FROM enterprises").fetchone()[0] == before


def test_our_own_backup_and_one_of_an_earlier_schema_pass(store, admin, tmp_path):
    check_backup(backup(store, admin, tmp_path / "b.db").path)
    names = [m.name for m in migrations.applied(store.db)]
    old = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(old, stop_before=names[-1])
    old.conn.close()
    check_backup(tmp_path / "old.db")
