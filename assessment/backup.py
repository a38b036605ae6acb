"""Backups of the database file (issue 3, point 7).

``backup`` takes a consistent copy while the app runs: SQLite's online backup API copies every
page in one step, inside one read transaction, so the copy is the database as of one moment
(WAL readers do not block writers, so the app keeps working meanwhile). The copy is written to a
temporary file beside the target, switched to rollback-journal mode so that it is one
self-contained file, checked, and only then renamed over the target (``os.replace``): a crash
leaves the old backup or the new one, never half of one.

``restore`` checks the candidate first: it must open as SQLite, pass ``PRAGMA integrity_check``
and ``foreign_key_check``, and carry our schema (the ``_sqlite_migrations`` table with our
migration set, none unknown to this version). Then it is copied INTO the live database with the
same backup API, rather than renaming a file over it: the copy is one write transaction on the
live database, so other connections (the app's threads and processes) see the old data or the
new, never a mix, and a crash or kill in the middle rolls back on the next open (the WAL never
commits the half-written transaction). Renaming a file over a database that others have open
would leave them on the old inode, and their stale ``-wal`` / ``-shm`` files beside the new one
would corrupt it. Before overwriting, a safety copy of the current database is taken when asked.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from assessment.access import Actor, require_role
from assessment.audit import record, record_alone
from assessment.db import BUSY_TIMEOUT_S, Store
from assessment.errors import AssessmentError
from assessment.private_files import create_private
from assessment.schema import apply_migrations, migrations

COUNTED_TABLES = ("enterprises", "assessments", "answers", "results", "users", "audit")
REQUIRED_TABLES = ("enterprises", "assessments", "answers", "results", "result_parts", "users", "audit")


class BackupError(AssessmentError):
    """A backup that cannot be taken, or a file that cannot be restored."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    bytes: int
    counts: dict[str, int] = field(default_factory=dict)
    safety_copy: Path | None = None


def _known_migrations() -> list[str]:
    db = sqlite_utils.Database(memory=True)
    migrations.apply(db)
    return [m.name for m in migrations.applied(db)]


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    """Every table, index, view and trigger as (type, name, table, SQL with blanks collapsed);
    SQLite's own objects (``sqlite_*``) left out."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    )
    return {(t, n, tbl, " ".join((sql or "").split())) for t, n, tbl, sql in rows}


def _expected_schema(applied: list[str]) -> set[tuple[str, str, str, str]]:
    """The schema our migrations make when exactly ``applied`` (a prefix of ours) have run."""
    db = sqlite_utils.Database(memory=True)
    known = _known_migrations()
    migrations.apply(db, stop_before=known[len(applied)] if len(applied) < len(known) else None)
    return _schema(db.conn)


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    out = {}
    for table in COUNTED_TABLES:
        try:
            out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except sqlite3.DatabaseError:
            continue
    return out


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    return conn


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _copy_to_file(source: sqlite3.Connection, target: Path) -> BackupInfo:
    """Copy ``source`` to ``target`` atomically (temporary file, check, rename)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        create_private(tmp)  # the backup holds what the database holds: private from the start
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            source.backup(dst)  # pages=-1: every page in one step, one consistent snapshot
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            status = dst.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":  # pragma: no cover - the backup API does not produce damaged copies
                raise BackupError(f"备份副本校验失败：{status}", f"the copy failed its check: {status}")
            counts = _counts(dst)
        finally:
            dst.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupInfo(target, target.stat().st_size, counts)


def backup(store: Store, actor: Actor, target: str | os.PathLike) -> BackupInfo:
    """A consistent copy of the database at ``target`` (administrators only)."""
    require_role(store, actor, "admin", "backup")
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} 是文件夹，请给出文件名", f"{target} is a folder: give a file name")
    if _same_file(target, store.path):
        raise BackupError("备份文件不能是数据库本身", "the backup file cannot be the database itself")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        source = _connect(store.path)
        try:
            info = _copy_to_file(source, target)
        finally:
            source.close()
    except OSError as exc:
        raise BackupError(
            f"无法写入备份 {target}：{exc.strerror or exc}", f"cannot write the backup {target}: {exc.strerror or exc}"
        ) from None
    record_alone(store, actor, "backup", "file", str(target), detail={"bytes": info.bytes, **info.counts})
    return info


def check_backup(path: str | os.PathLike) -> dict[str, int]:
    """Check that ``path`` is an intact database of ours; return its row counts, or raise
    BackupError saying what is wrong. Reads only."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}", f"no backup file at {path}")
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise BackupError(f"无法打开 {path}：{exc}", f"cannot open {path}: {exc}") from None
    try:
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise BackupError(
                    f"{path.name} 不是有效的数据库文件（{exc}）", f"{path.name} is not a valid database file ({exc})"
                ) from None
            raise BackupError(
                f"{path.name} 已损坏，未恢复：{exc}", f"{path.name} is damaged and was not restored: {exc}"
            ) from None
        if problems != ["ok"]:
            shown = "; ".join(problems[:3])
            raise BackupError(
                f"{path.name} 已损坏，未恢复：{shown}", f"{path.name} is damaged and was not restored: {shown}"
            )
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise BackupError(
                f"{path.name} 的数据引用不一致，未恢复", f"{path.name} has broken references and was not restored"
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_sqlite_migrations" not in tables:
            raise BackupError(
                f"{path.name} 不是本工具的数据库（没有迁移记录）",
                f"{path.name} is not a database of this toolkit (no migration table)",
            )
        applied = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [migrations.name]
            )
        ]
        known = _known_migrations()
        unknown = [name for name in applied if name not in known]
        if not applied or known[0] not in applied:
            raise BackupError(
                f"{path.name} 不是本工具的数据库（迁移记录不符）",
                f"{path.name} is not a database of this toolkit (its migrations do not match)",
            )
        if unknown:
            raise BackupError(
                f"{path.name} 由更新版本的工具生成（未知迁移 {', '.join(unknown)}），请先升级",
                f"{path.name} was made by a newer version (unknown migrations {', '.join(unknown)}): upgrade first",
            )
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise BackupError(f"{path.name} 缺少数据表 {', '.join(missing)}", f"{path.name} lacks tables {missing}")
        if applied != known[: len(applied)]:
            raise BackupError(
                f"{path.name} 不是本工具的数据库（迁移顺序不符）",
                f"{path.name} is not a database of this toolkit (its migrations are out of order)",
            )
        # only our schema: an extra table, view, trigger or index (a trigger would run on the
        # restored database's next write), or a changed one, is refused
        foreign = sorted(f"{kind} {name}" for kind, name, _, _ in _schema(conn) - _expected_schema(applied))
        if foreign:
            shown = ", ".join(foreign[:5])
            raise BackupError(
                f"{path.name} 含有本工具数据库没有的对象（{shown}），未恢复",
                f"{path.name} holds objects our database does not have ({shown}); it was not restored",
            )
        return _counts(conn)
    finally:
        conn.close()


def restore(
    store: Store, actor: Actor, source: str | os.PathLike, *, safety_copy: str | os.PathLike | None = None
) -> BackupInfo:
    """Replace the database's contents with the backup at ``source``, all or nothing, after
    checking it (administrators only). With ``safety_copy``, the current database is backed up
    there first."""
    require_role(store, actor, "admin", "restore")
    source = Path(source)
    if _same_file(source, store.path):
        raise BackupError("不能用数据库本身恢复自己", "cannot restore the database from itself")
    check_backup(source)
    kept = backup(store, actor, safety_copy).path if safety_copy is not None else None
    candidate = sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True, isolation_level=None)
    live = _connect(store.path)
    try:
        page_sizes = (
            candidate.execute("PRAGMA page_size").fetchone()[0],
            live.execute("PRAGMA page_size").fetchone()[0],
        )
        if page_sizes[0] != page_sizes[1] and live.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            raise BackupError(
                f"备份的页大小 {page_sizes[0]} 与数据库的 {page_sizes[1]} 不同，无法在线恢复",
                f"the backup's page size {page_sizes[0]} differs from the database's {page_sizes[1]}",
            )
        candidate.backup(live)  # one write transaction on the live database: all or nothing
        live.execute("PRAGMA journal_mode = WAL")
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _counts(live)
    finally:
        candidate.close()
        live.close()
    with store.write() as db:  # a backup from an earlier version gets the later migrations
        apply_migrations(db)
        record(db, actor, "restore", "file", str(source), detail=counts)
    return BackupInfo(source, source.stat().st_size, counts, kept)
