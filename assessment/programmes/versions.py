"""Programme versions in the store (table ``programme_versions``): checked, activated by an
administrator, audited. Activating a new version of an id makes it the active one and keeps every
older version (enrolments name the version they were made under)."""

from __future__ import annotations

import json

from assessment.access import Actor, require_bureau, require_role
from assessment.audit import record
from assessment.db import Store, now
from assessment.errors import AssessmentError
from assessment.programmes.model import Programme, ProgrammeError, load_bytes, parse


class UnknownProgramme(AssessmentError):
    """A programme id (or version) that has not been activated."""

    def __init__(self, pid: str, version: str | None = None):
        shown = pid if version is None else f"{pid} {version}"
        super().__init__(f"未找到已启用的项目 {shown}", f"no activated programme {shown}")


def activate(store: Store, actor: Actor, data: bytes, filename: str) -> Programme:
    """Validate a programme file and make it the active version of its id (administrators).

    Raises ProgrammeError (problem lines) for an invalid file or a version that exists already;
    nothing is written then."""
    require_role(store, actor, "admin", "programme.activate")
    programme = load_bytes(data, filename)
    with store.write() as db:
        taken = db.execute(
            "SELECT 1 FROM programme_versions WHERE id = ? AND version = ?", [programme.id, programme.version]
        ).fetchone()
        if taken:
            raise ProgrammeError(
                [
                    f"{filename}: version: 项目 {programme.id} 版本 {programme.version} 已存在 / "
                    f"{programme.id} version {programme.version} exists"
                ]
            )
        previous = db.execute("SELECT version FROM programme_versions WHERE id = ? AND active = 1", [programme.id])
        previous = previous.fetchone()
        db.execute("UPDATE programme_versions SET active = 0 WHERE id = ?", [programme.id])
        db.execute(
            "INSERT INTO programme_versions (id, version, document, filename, active, activated_by, activated_at) "
            "VALUES (?, ?, ?, ?, 1, ?, ?)",
            [
                programme.id,
                programme.version,
                programme.model_dump_json(by_alias=True),
                filename,
                actor.username,
                now(),
            ],
        )
        record(
            db,
            actor,
            "programme.activate",
            "programme",
            programme.id,
            detail={"version": programme.version, "previous": previous[0] if previous else None, "file": filename},
        )
    return programme


def get(store: Store, pid: str, version: str | None = None) -> Programme:
    """The active version of a programme (or the named version)."""
    if version is None:
        row = store.db.execute("SELECT document FROM programme_versions WHERE id = ? AND active = 1", [pid]).fetchone()
    else:
        row = store.db.execute(
            "SELECT document FROM programme_versions WHERE id = ? AND version = ?", [pid, version]
        ).fetchone()
    if row is None:
        raise UnknownProgramme(pid, version)
    return parse(json.loads(row[0]), f"{pid}@{version or 'active'}")


def listing(store: Store, actor: Actor) -> list[dict]:
    """Every activated version, the active one of each id first (the bureau)."""
    require_bureau(store, actor, "programme.list")
    rows = store.db.execute(
        "SELECT id, version, document, filename, active, activated_by, activated_at FROM programme_versions "
        "ORDER BY id, active DESC, activated_at DESC, version DESC"
    ).fetchall()
    out = []
    for pid, version, document, filename, active, by, at in rows:
        doc = json.loads(document)
        out.append(
            {
                "id": pid,
                "version": version,
                "active": bool(active),
                "example": doc.get("example", False),
                "name": doc["name"],
                "period": doc["period"],
                "rounds": doc["rounds"],
                "file": filename,
                "activated_by": by,
                "activated_at": at,
            }
        )
    return out


def active(store: Store) -> list[Programme]:
    """The active version of every programme, by id (what enterprises see; no listing rights
    needed: each caller checks whose standing it reads)."""
    rows = store.db.execute("SELECT id, document FROM programme_versions WHERE active = 1 ORDER BY id").fetchall()
    return [parse(json.loads(document), f"{pid}@active") for pid, document in rows]
