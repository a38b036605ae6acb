"""One backup file for the database and its evidence files (issue 13, point 1).

A backup is a zip archive holding ``manifest.json``, the database copy (``assessment.db``, taken
by ``assessment.backup``) and every evidence file the copy refers to (``evidence/<sha256>``).
The manifest names each member with its size and sha256. Restoring checks everything before
anything changes: the archive holds exactly the manifest's members (nothing extra, nothing
missing), every member's bytes match its sha256 (an evidence file's name is its hash), the
database passes ``assessment.backup.check_backup``, and it refers to exactly the evidence files
the archive carries. Only then are the files put in place (they are content-addressed, so adding
them changes nothing the live database sees), the database is restored in one transaction, and
the files no row refers to any more are collected. A failure at any point leaves the live
database as it was.

A plain SQLite backup (made before evidence existed) is still restored, after checking that any
evidence it refers to is present beside the live database.

The database copy and the list of its evidence are taken under the database's write lock, and the
files are hard-linked into a staging folder before it is released, so a removal and collection
running meanwhile cannot take a file the copy needs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from assessment import backup as database_backup
from assessment import evidence
from assessment import evidence_files as files
from assessment.access import Actor, require_role
from assessment.audit import record_alone
from assessment.backup import BackupError, BackupInfo
from assessment.db import Store, now

FORMAT = "assessment-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "assessment.db"
EVIDENCE = "evidence/"
SQLITE_HEADER = b"SQLite format 3\x00"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
CHUNK = 1024 * 1024


def is_plain_database(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _referenced(db_path: Path) -> set[str]:
    """The evidence files a database copy refers to (none before the evidence migration)."""
    conn = sqlite3.connect(f"file:{quote(str(db_path.resolve()))}?mode=ro", uri=True)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'evidence'").fetchone():
            return set()
        return {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM evidence")}
    finally:
        conn.close()


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    os.chmod(target, 0o600)


@contextmanager
def _staging(store: Store, prefix: str):
    """A private folder inside the evidence folder (same file system: files are linked, not copied)."""
    tmp = files.folder(store.path) / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp.parent, 0o700)
    os.chmod(tmp, 0o700)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=tmp))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# -------------------------------------------------------------------------------------- backup


def backup(store: Store, actor: Actor, target: str | os.PathLike) -> BackupInfo:
    """The database and its evidence files in one archive at ``target`` (administrators only)."""
    require_role(store, actor, "admin", "backup")
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} 是文件夹，请给出文件名", f"{target} is a folder: give a file name")
    folder = files.folder(store.path)
    with _staging(store, "backup-") as staging:
        copy = staging / DATABASE
        with store.write():  # nothing is removed or collected while the copy and its files are taken
            info = database_backup.backup(store, actor, copy)
            wanted = sorted(_referenced(copy))
            missing = [sha for sha in wanted if not files.blob_path(folder, sha).is_file()]
            if missing:
                raise BackupError(
                    f"数据库引用的 {len(missing)} 个佐证文件在服务器上缺失（如 {missing[0][:12]}…），未生成备份",
                    f"{len(missing)} evidence files the database refers to are missing (e.g. {missing[0][:12]}…): "
                    "no backup was made",
                )
            for sha in wanted:
                _link_or_copy(files.blob_path(folder, sha), staging / sha)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": now(),
            "database": {"name": DATABASE, "bytes": copy.stat().st_size, "sha256": _sha256_file(copy)},
            "evidence": {sha: (staging / sha).stat().st_size for sha in wanted},
        }
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                # readable by the service account only, whatever the umask (it holds every account's hash)
                fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as archive:
                        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
                        archive.write(copy, DATABASE)
                        for sha in wanted:  # evidence is mostly compressed already
                            archive.write(staging / sha, EVIDENCE + sha, compress_type=zipfile.ZIP_STORED)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
        except OSError as exc:
            raise BackupError(
                f"无法写入备份 {target}：{exc.strerror or exc}",
                f"cannot write the backup {target}: {exc.strerror or exc}",
            ) from None
    counts = {**info.counts, "evidence files": len(wanted)}
    detail = {"bytes": target.stat().st_size, **counts}
    record_alone(store, actor, "backup.archive", "file", str(target), detail=detail)
    return BackupInfo(target, target.stat().st_size, counts)


# ------------------------------------------------------------------------------------- checking


def _refuse(path: Path, zh: str, en: str) -> BackupError:
    return BackupError(f"{path.name} 未恢复：{zh}", f"{path.name} was not restored: {en}")


def _extract(path: Path, archive: zipfile.ZipFile, member: str, size: int, sha256: str, target: Path) -> None:
    info = archive.getinfo(member)
    if info.file_size != size:
        raise _refuse(path, f"{member} 的大小与清单不符", f"{member} does not have the size its manifest states")
    digest = hashlib.sha256()
    written = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, archive.open(info) as src:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > size:
                raise _refuse(
                    path, f"{member} 的大小与清单不符", f"{member} does not have the size its manifest states"
                )
            digest.update(chunk)
            out.write(chunk)
    if written != size or digest.hexdigest() != sha256:
        raise _refuse(path, f"{member} 的校验值不符（文件被改动）", f"{member} fails its sha256 check (it was altered)")


def _read_manifest(path: Path, archive: zipfile.ZipFile) -> dict:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise _refuse(path, "缺少清单 manifest.json", "it has no manifest.json") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _refuse(path, "清单过大", "its manifest is too large")
    try:
        manifest = json.loads(archive.read(info))
        assert manifest["format"] == FORMAT and isinstance(manifest["version"], int)
        database, kept = manifest["database"], manifest["evidence"]
        assert database["name"] == DATABASE and isinstance(database["bytes"], int)
        assert isinstance(database["sha256"], str) and isinstance(kept, dict)
        assert all(files.SHA256.fullmatch(sha) and isinstance(n, int) for sha, n in kept.items())
    except (ValueError, KeyError, TypeError, AssertionError, zipfile.BadZipFile):
        raise _refuse(path, "清单无效，不是本工具的备份", "its manifest is not one of this toolkit's") from None
    if manifest["version"] > FORMAT_VERSION:
        raise _refuse(path, "由更新版本的工具生成，请先升级", "it was made by a newer version: upgrade first")
    return manifest


def _unpack(path: Path, staging: Path) -> tuple[dict, dict[str, int]]:
    """Check the archive at ``path`` whole and unpack it into ``staging``; returns the manifest
    and the database's row counts. Raises BackupError naming the first problem found."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, f"不是有效的备份文件（{exc}）", f"not a valid backup file ({exc})") from None
    with archive:
        names = archive.namelist()
        manifest = _read_manifest(path, archive)
        expected = {MANIFEST, DATABASE} | {EVIDENCE + sha for sha in manifest["evidence"]}
        extra = sorted(set(names) - expected) + sorted({n for n in names if names.count(n) > 1})
        if extra:
            raise _refuse(
                path, f"含有清单以外的内容：{extra[0]}", f"it holds something its manifest does not list: {extra[0]}"
            )
        absent = sorted(expected - set(names))
        if absent:
            raise _refuse(path, f"缺少 {absent[0]}", f"{absent[0]} is missing")
        database = manifest["database"]
        try:
            _extract(path, archive, DATABASE, database["bytes"], database["sha256"], staging / DATABASE)
            for sha, size in manifest["evidence"].items():
                _extract(path, archive, EVIDENCE + sha, size, sha, staging / sha)
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise _refuse(path, f"压缩包已损坏（{exc}）", f"the archive is damaged ({exc})") from None
    counts = database_backup.check_backup(staging / DATABASE)
    referenced = _referenced(staging / DATABASE)
    carried = set(manifest["evidence"])
    if referenced - carried:
        raise _refuse(path, "数据库引用的佐证文件不在备份中", "the database refers to evidence files it does not carry")
    if carried - referenced:
        raise _refuse(path, "含有数据库未引用的佐证文件", "it carries evidence files the database does not refer to")
    return manifest, {**counts, "evidence files": len(carried)}


def check_archive(path: str | os.PathLike) -> dict[str, int]:
    """Check a backup (an archive, or a plain SQLite file of an earlier version) without changing
    anything; returns its row counts, or raises BackupError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}", f"no backup file at {path}")
    if is_plain_database(path):
        return database_backup.check_backup(path)
    with tempfile.TemporaryDirectory(prefix="assessment-check-") as staging:
        return _unpack(path, Path(staging))[1]


# ------------------------------------------------------------------------------------ restoring


def _place(store: Store, staging: Path, shas) -> None:
    folder = files.folder(store.path)
    for sha in shas:
        target = files.blob_path(folder, sha)
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(target.parent, 0o700)
            _link_or_copy(staging / sha, target)


def restore(
    store: Store, actor: Actor, source: str | os.PathLike, *, safety_copy: str | os.PathLike | None = None
) -> BackupInfo:
    """Replace the database and its evidence with the backup at ``source``, all or nothing, after
    checking every byte of it (administrators only). With ``safety_copy``, the current database and
    its evidence are backed up there first (as an archive)."""
    require_role(store, actor, "admin", "restore")
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}", f"no backup file at {source}")
    if is_plain_database(source):
        database_backup.check_backup(source)
        folder = files.folder(store.path)
        missing = [sha for sha in _referenced(source) if not files.blob_path(folder, sha).is_file()]
        if missing:
            raise _refuse(
                source,
                f"它引用的 {len(missing)} 个佐证文件不在本机",
                f"it refers to {len(missing)} evidence files that are not here",
            )
        kept = backup(store, actor, safety_copy).path if safety_copy is not None else None
        info = database_backup.restore(store, actor, source)
        evidence.collect(store)
        return BackupInfo(source, info.bytes, info.counts, kept)
    with _staging(store, "restore-") as staging:
        manifest, counts = _unpack(source, staging)
        kept = backup(store, actor, safety_copy).path if safety_copy is not None else None
        try:
            _place(store, staging, manifest["evidence"])
            database_backup.restore(store, actor, staging / DATABASE)
            _place(store, staging, manifest["evidence"])  # again, should a collection have run meanwhile
        finally:
            # after a restore, the old database's files; after a failure, the files just placed
            evidence.collect(store)
    record_alone(store, actor, "restore.archive", "file", str(source), detail=counts)
    return BackupInfo(source, source.stat().st_size, counts, kept)
