"""The SQLite store (DESIGN.md §6).

* One file, WAL mode, a busy timeout; a new connection per thread (and per process), never one
  connection shared across Streamlit's threads.
* Read-then-write work runs in ``store.write()``, a ``BEGIN IMMEDIATE`` transaction: a plain
  ``BEGIN`` that reads first and then writes fails at once with "database is locked" under
  concurrency, whatever the timeout.
* The schema is a list of numbered migrations (``assessment.schema``), applied on open.
* All SQL of the product lives in ``assessment/``; nothing else opens the database file.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.private_files import create_private

if TYPE_CHECKING:  # imported where a connection is made: sqlite-utils loads pandas and numpy,
    import sqlite_utils  # about a second that a new server's first page does not need

DEFAULT_PATH = Path("data") / "assessment.db"
BUSY_TIMEOUT_S = 30


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """``--db PATH``, else the ``ASSESSMENT_DB`` environment variable, else data/assessment.db."""
    if path:
        return Path(path)
    env = os.environ.get("ASSESSMENT_DB")
    return Path(env) if env else DEFAULT_PATH


def now() -> str:
    """The current time as stored: ISO 8601, UTC, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: Path) -> sqlite_utils.Database:
    import sqlite_utils

    if str(path) != ":memory:" and path.parent.is_dir():
        create_private(path)  # before SQLite creates it with the umask's mode; WAL and SHM follow it
    # isolation_level=None: no implicit transactions; every transaction is explicit
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn, execute_plugins=False)


@contextmanager
def peek(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A plain ``sqlite3`` connection to the database at ``path`` for a few reads, or None when
    it has no tables yet; no migration runs and no file is created. For the first page of a new
    server, which draws without sqlite-utils (and so without pandas and numpy)."""
    if str(path) == ":memory:" or not path.is_file():
        yield None
        return
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        migrated = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'enterprises'").fetchone()
        yield conn if migrated else None
    finally:
        conn.close()


class Store:
    """The database at ``path``, with one connection per thread and process."""

    def __init__(self, path: str | os.PathLike | None = None, *, migrate: bool = True):
        self.path = resolve_path(path)
        self._local = threading.local()
        if migrate:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            from assessment.schema import apply_migrations

            with self.write() as db:
                apply_migrations(db)

    @property
    def db(self) -> sqlite_utils.Database:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.db = connect(self.path)
            local.pid = os.getpid()
        return local.db

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """A ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back on error."""
        db = self.db
        if db.conn.in_transaction:  # nested: join the outer transaction
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.commit()

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """A consistent snapshot for several reads (a deferred transaction)."""
        db = self.db
        if db.conn.in_transaction:
            yield db
            return
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.conn.rollback()

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None
            self._local.pid = None
