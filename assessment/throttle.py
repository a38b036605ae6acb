"""Sign-in lock-out and throttle, counted per account *and* client address.

* ``MAX_FAILURES`` wrong passwords for one username from one address within ``LOCK_MINUTES``
  lock that username *for that address* until the oldest of them is ``LOCK_MINUTES`` old. The
  owner signing in from another address is not affected, so a stranger who knows a username (an
  enterprise's public credit code, an administrator's name) cannot lock its owner out.
* ``MAX_ADDRESS_FAILURES`` wrong passwords from one address within ``LOCK_MINUTES``, whatever the
  usernames, throttle that address: it cannot sign in to any account until the window clears.
* Usernames are counted as typed (normalised): an unknown one locks exactly like a known one,
  so a lock tells nothing about whether an account exists.

Each failure is a row of ``sign_in_failures``; rows older than the window are pruned as new
ones are written. Counting reads two short index ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
LOCK_MINUTES = 15
NAME_MAX = 64  # a typed username is stored at most this long


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Block:
    """Why a sign-in is refused before its password is checked, and until when (ISO, UTC)."""

    reason: str  # "locked" (this username from this address) or "throttled" (this address)
    until: str


def _until(db: sqlite_utils.Database, where: str, params: list, limit: int, moment: datetime) -> str | None:
    # the limit-th most recent failure inside the window: the block lasts until it leaves it
    window = _iso(moment - timedelta(minutes=LOCK_MINUTES))
    row = db.execute(
        f"SELECT at FROM sign_in_failures WHERE {where} AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
        [*params, window, limit - 1],
    ).fetchone()
    if row is None:
        return None
    return _iso(datetime.fromisoformat(row[0]) + timedelta(minutes=LOCK_MINUTES))


def block(db: sqlite_utils.Database, username: str, address: str, moment: datetime) -> Block | None:
    """The block on ``username`` from ``address`` at ``moment``, or None."""
    name = username[:NAME_MAX]
    until = _until(db, "username = ? AND address = ?", [name, address], MAX_FAILURES, moment)
    if until:
        return Block("locked", until)
    until = _until(db, "address = ?", [address], MAX_ADDRESS_FAILURES, moment)
    return Block("throttled", until) if until else None


def record_failure(db: sqlite_utils.Database, username: str, address: str, moment: datetime) -> int:
    """Count one wrong password (inside the caller's transaction); returns the failures of this
    username from this address inside the window, this one included."""
    stamp = _iso(moment)
    window = _iso(moment - timedelta(minutes=LOCK_MINUTES))
    db.execute("DELETE FROM sign_in_failures WHERE at <= ?", [window])
    name = username[:NAME_MAX]
    db.execute("INSERT INTO sign_in_failures (at, username, address) VALUES (?, ?, ?)", [stamp, name, address])
    return db.execute(
        "SELECT count(*) FROM sign_in_failures WHERE username = ? AND address = ? AND at > ?",
        [name, address, window],
    ).fetchone()[0]


def clear(db: sqlite_utils.Database, username: str, address: str | None = None) -> None:
    """Forget the failures of ``username`` (from ``address`` only, when given): after a right
    password from there, or everywhere when an administrator resets the password."""
    if address is None:
        db.execute("DELETE FROM sign_in_failures WHERE username = ?", [username[:NAME_MAX]])
    else:
        db.execute("DELETE FROM sign_in_failures WHERE username = ? AND address = ?", [username[:NAME_MAX], address])


def account_summary(db: sqlite_utils.Database, moment: datetime) -> dict[str, tuple[int, str | None]]:
    """Per username with recent failures: (failures inside the window, from all addresses; the
    latest time until which one of its addresses is locked, or None). For the accounts page."""
    window = _iso(moment - timedelta(minutes=LOCK_MINUTES))
    summary: dict[str, tuple[int, str | None]] = {}
    rows = db.execute(
        "SELECT username, address, count(*) FROM sign_in_failures WHERE at > ? GROUP BY username, address",
        [window],
    ).fetchall()
    for username, address, count in rows:
        total, locked = summary.get(username, (0, None))
        until = None
        if count >= MAX_FAILURES:
            until = _until(db, "username = ? AND address = ?", [username, address], MAX_FAILURES, moment)
        summary[username] = (total + count, max(filter(None, (locked, until)), default=None))
    return summary
