"""The audit log: who did what to which record, and when."""

from __future__ import annotations

import json

import sqlite_utils

from assessment.db import Store, now


def record(
    db: sqlite_utils.Database,
    actor,
    action: str,
    record_type: str | None = None,
    record_id: object = None,
    *,
    outcome: str = "ok",
    detail: dict | None = None,
) -> None:
    """Write one audit row inside the caller's transaction."""
    db.execute(
        "INSERT INTO audit (at, actor, role, action, record_type, record_id, outcome, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            now(),
            actor.username,
            actor.role,
            action,
            record_type,
            None if record_id is None else str(record_id),
            outcome,
            json.dumps(detail, ensure_ascii=False) if detail else None,
        ],
    )


def record_alone(store: Store, actor, action: str, record_type=None, record_id=None, **kw) -> None:
    """Write one audit row in its own transaction (for refusals, whose work is rolled back)."""
    with store.write() as db:
        record(db, actor, action, record_type, record_id, **kw)


def entries(
    store: Store,
    actor,
    *,
    user: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
    since: str | None = None,
    limit: int = 500,
) -> list[dict]:
    """Audit rows, newest first (administrators only)."""
    from assessment.access import require_role

    require_role(store, actor, "admin", "audit.read")
    where, params = [], []
    for column, value in (("actor", user), ("action", action), ("outcome", outcome)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since:
        where.append("at >= ?")
        params.append(since)
    sql = "SELECT * FROM audit" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY id DESC LIMIT ?"
    return list(store.db.query(sql, [*params, limit]))
