"""The audit log: who did what to which record, and when."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from assessment.db import Store, now

if TYPE_CHECKING:
    import sqlite_utils

# What a user typed reaches the audit log (usernames at sign-in, file names, record ids): each
# field is capped before it is recorded, so that the log cannot be used to fill the disk.
MAX_FIELD = 200  # actor, action, record type, record id; each text inside the detail
MAX_ITEMS = 50  # entries of a list or keys of a mapping inside the detail
MAX_DETAIL = 4000  # the detail as JSON
MARK = "…"


def cap(text: object, limit: int = MAX_FIELD) -> str | None:
    """``text`` as a string of at most ``limit`` characters (ending in … when it was cut)."""
    if text is None:
        return None
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + MARK


def _cap_detail(value: object) -> object:
    if isinstance(value, str):
        return cap(value)
    if isinstance(value, dict):
        items = list(value.items())
        capped = {cap(k): _cap_detail(v) for k, v in items[:MAX_ITEMS]}
        if len(items) > MAX_ITEMS:
            capped[MARK] = len(items) - MAX_ITEMS
        return capped
    if isinstance(value, list | tuple | set):
        items = list(value)
        return [_cap_detail(v) for v in items[:MAX_ITEMS]] + ([MARK] if len(items) > MAX_ITEMS else [])
    return value


def detail_json(detail: dict | None) -> str | None:
    """The detail as JSON, every part capped; past ``MAX_DETAIL`` characters, only its keys."""
    if not detail:
        return None
    text = json.dumps(_cap_detail(detail), ensure_ascii=False, default=str)
    if len(text) > MAX_DETAIL:
        text = json.dumps({"truncated": True, "keys": [cap(k, 40) for k in list(detail)[:MAX_ITEMS]]})
    return text


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
            cap(actor.username),
            actor.role,
            cap(action),
            cap(record_type),
            cap(record_id),
            cap(outcome),
            detail_json(detail),
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
