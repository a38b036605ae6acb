"""Backups carry the evidence files: one archive, every byte checked on restore, all or nothing;
plain SQLite backups of earlier versions still restore."""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest
from typer.testing import CliRunner

from assessment import backup as database_backup
from assessment import backup_archive, evidence, lifecycle
from assessment import evidence_files as files
from assessment.backup import BackupError
from assessment.db import Store
from cli import app
from tests import evidence_samples as samples

runner = CliRunner()
ITEM, OTHER = "strategy.planning", "strategy.implementation"


@pytest.fixture
def attached(store, enterprise) -> tuple[int, list[dict]]:
    aid = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, "dcmm-2025", "2025")
    entries = [
        evidence.add(store, enterprise, aid, ITEM, "规划.pdf", samples.pdf(), "数据战略规划"),
        evidence.add(store, enterprise, aid, OTHER, "同一份.pdf", samples.pdf(), "同一文件"),
        evidence.add(store, enterprise, aid, OTHER, "截图.png", samples.png(), "系统截图"),
    ]
    return aid, entries


def state(store) -> tuple[list, list[str]]:
    rows = store.db.execute("SELECT id, question_id, sha256, name FROM evidence ORDER BY id").fetchall()
    return rows, sorted(files.kept(evidence.root(store)))


def rewrite(source, target, change) -> None:
    """Copy the archive ``source`` to ``target``, passing each member through ``change(name, data)``
    (None drops it); ``change`` may return extra ``(name, data)`` pairs under the key ``extra``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for name in src.namelist():
            data = change(name, src.read(name))
            if data is not None:
                out.writestr(name, data)
        for name, data in getattr(change, "extra", []):
            out.writestr(name, data)


def test_round_trip_with_evidence(store, enterprise, attached, admin, tmp_path):
    aid, entries = attached
    before = state(store)
    old = os.umask(0)
    try:
        info = backup_archive.backup(store, admin, tmp_path / "b.zip")
    finally:
        os.umask(old)
    assert info.counts["evidence files"] == 2 and info.counts["assessments"] == 1
    assert stat.S_IMODE((tmp_path / "b.zip").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("assessment.")) == ["b.zip"]
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        names = sorted(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
    assert names == sorted(["manifest.json", "assessment.db", *(f"evidence/{sha}" for sha in before[1])])
    assert set(manifest["evidence"]) == set(before[1])
    # the database moves on: one attachment removed (its file collected), another added
    evidence.remove(store, enterprise, entries[2]["id"])
    evidence.add(store, enterprise, aid, ITEM, "新.txt", "后来加的".encode(), "后来")
    assert state(store) != before
    backup_archive.restore(store, admin, tmp_path / "b.zip")
    assert state(store) == before  # rows and files as backed up; the later file collected
    _, data = evidence.read(store, enterprise, entries[2]["id"])
    assert data == samples.png()
    actions = [r[0] for r in store.db.execute("SELECT action FROM audit WHERE action LIKE '%.archive'")]
    assert actions == ["restore.archive"]  # the backup's own row was written after its copy


def tampered(tmp_path, original, how: str):
    target = tmp_path / f"{how}.zip"

    def change(name, data):
        if how == "evidence bytes" and name.startswith("evidence/"):
            return data[:-1] + bytes([data[-1] ^ 1])
        if how == "database bytes" and name == "assessment.db":
            return data[:-1] + bytes([data[-1] ^ 1])
        if how == "missing evidence" and name.startswith("evidence/"):
            return None
        if how == "manifest" and name == "manifest.json":
            manifest = json.loads(data)
            manifest["evidence"] = {}
            return json.dumps(manifest)
        return data

    change.extra = {"extra member": [("../../evil.sh", b"#!/bin/sh\n")], "extra evidence": []}.get(how, [])
    if how == "extra evidence":
        sha = files.sha256_of(b"stowaway")
        change.extra = [(f"evidence/{sha}", b"stowaway")]

        def with_manifest(name, data, inner=change):
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["evidence"][sha] = len(b"stowaway")
                return json.dumps(manifest)
            return inner(name, data)

        with_manifest.extra = change.extra
        change = with_manifest
    rewrite(original, target, change)
    return target


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("evidence bytes", "fails its sha256 check"),
        ("database bytes", "fails its sha256 check"),
        ("missing evidence", "is missing"),
        ("manifest", "something its manifest does not list"),
        ("extra member", "something its manifest does not list: ../../evil.sh"),
        ("extra evidence", "evidence files the database does not refer to"),
    ],
)
def test_a_tampered_archive_is_refused_and_nothing_changes(store, enterprise, attached, admin, tmp_path, how, says):
    backup_archive.backup(store, admin, tmp_path / "b.zip")
    bad = tampered(tmp_path, tmp_path / "b.zip", how)
    aid, entries = attached
    evidence.remove(store, enterprise, entries[2]["id"])
    before = state(store)
    with pytest.raises(BackupError) as refused:
        backup_archive.restore(store, admin, bad, safety_copy=tmp_path / "safety.zip")
    assert says in refused.value.en and bad.name in refused.value.en
    with pytest.raises(BackupError):
        backup_archive.check_archive(bad)
    assert state(store) == before
    assert not (tmp_path / "safety.zip").exists()  # refused before anything was written
    assert not (tmp_path.parent / "evil.sh").exists() and not (tmp_path / "evil.sh").exists()
    assert [p.name for p in (evidence.root(store) / "tmp").iterdir()] == []  # no staging left behind


def test_junk_is_not_a_backup(store, admin, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(BackupError, match="not a valid backup file"):
        backup_archive.restore(store, admin, junk)


def test_an_old_plain_sqlite_backup_still_restores(store, enterprise, attached, admin, tmp_path):
    before = state(store)
    database_backup.backup(store, admin, tmp_path / "old.db")
    aid, entries = attached
    evidence.remove(store, enterprise, entries[0]["id"])
    assert backup_archive.check_archive(tmp_path / "old.db")["assessments"] == 1
    backup_archive.restore(store, admin, tmp_path / "old.db", safety_copy=tmp_path / "safety.zip")
    assert state(store) == before  # its files were still here
    assert backup_archive.check_archive(tmp_path / "safety.zip")["evidence files"] == 2


def test_a_plain_backup_whose_files_are_gone_is_refused(store, enterprise, attached, admin, tmp_path):
    database_backup.backup(store, admin, tmp_path / "old.db")
    aid, entries = attached
    for entry in entries:
        evidence.remove(store, enterprise, entry["id"])
    with pytest.raises(BackupError, match="refers to 2 evidence files that are not here"):
        backup_archive.restore(store, admin, tmp_path / "old.db")
    assert state(store) == ([], [])


def test_the_safety_copy_restores_what_was_there(store, enterprise, attached, admin, tmp_path):
    before = state(store)
    backup_archive.backup(store, admin, tmp_path / "b.zip")
    aid, entries = attached
    evidence.add(store, enterprise, aid, ITEM, "later.txt", b"added after the backup", "later")
    later = state(store)
    backup_archive.restore(store, admin, tmp_path / "b.zip", safety_copy=tmp_path / "safety.zip")
    assert state(store) == before
    backup_archive.restore(store, admin, tmp_path / "safety.zip")
    assert state(store) == later


def test_cli_backup_restore_and_gc(store, enterprise, attached, admin, tmp_path):
    db = str(store.path)
    done = runner.invoke(app, ["backup", "-o", str(tmp_path / "b.zip"), "--db", db])
    assert done.exit_code == 0, done.output
    assert "evidence files 2" in done.stdout
    aid, entries = attached
    evidence.remove(store, enterprise, entries[2]["id"])
    back = runner.invoke(app, ["restore", str(tmp_path / "b.zip"), "--db", db])
    assert back.exit_code == 0, back.output
    assert backup_archive.check_archive(store.path.with_name("assessment.db.pre-restore"))["evidence files"] == 1
    assert len(state(Store(db))[1]) == 2
    stray = files.sha256_of(b"stray")
    files.keep(evidence.root(store), stray, files.write_temporary(evidence.root(store), b"stray"))
    gc = runner.invoke(app, ["evidence", "gc", "--db", db])
    assert gc.exit_code == 0 and "removed 1" in gc.stdout
    assert stray not in files.kept(evidence.root(store))
    bad = tmp_path / "bad.zip"
    rewrite(tmp_path / "b.zip", bad, lambda name, data: data + b"x" if name.startswith("evidence/") else data)
    refused = runner.invoke(app, ["restore", str(bad), "--db", db])
    assert refused.exit_code == 1 and "size its manifest states" in refused.stderr and "Traceback" not in refused.output


def test_a_restore_failing_after_the_files_are_placed_leaves_nothing_behind(
    store, enterprise, attached, admin, tmp_path, monkeypatch
):
    backup_archive.backup(store, admin, tmp_path / "b.zip")
    aid, entries = attached
    for entry in entries:
        evidence.remove(store, enterprise, entry["id"])
    before = state(store)

    def broken(*args, **kwargs):
        raise BackupError("磁盘已满", "the disk is full")

    monkeypatch.setattr(database_backup, "restore", broken)
    with pytest.raises(BackupError, match="the disk is full"):
        backup_archive.restore(store, admin, tmp_path / "b.zip")
    assert state(store) == before == ([], [])
