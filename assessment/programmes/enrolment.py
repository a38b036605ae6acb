"""Service providers (the bureau's list, 服务商库) and the enrolment of enterprises in a programme
with their provider and dates. The bureau (analysts and administrators) keeps both; every change
is audited. An enrolment names the programme version active when it was made."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from assessment import credit_code as cc
from assessment.access import Actor, require_bureau
from assessment.audit import record
from assessment.db import Store, now
from assessment.errors import AssessmentError
from assessment.programmes import versions

PROVIDER_NAME_MAX = 100


class EnrolmentError(AssessmentError):
    """An enrolment or a provider that cannot be recorded; the message names the field."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    zh: str
    en: str


class EnrolmentRejected(AssessmentError):
    """An enrolment file with problems; nothing was written. ``problems`` lists them by row."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(
            f"名单有 {len(problems)} 处问题，未写入任何记录",
            f"the list has {len(problems)} problems; nothing was written",
        )


def add_provider(store: Store, actor: Actor, name: str, note: str | None = None) -> dict:
    """Add a service provider to the bureau's list."""
    require_bureau(store, actor, "programme.provider.add")
    clean = " ".join(str(name or "").split())
    if not clean or len(clean) > PROVIDER_NAME_MAX:
        raise EnrolmentError(
            f"服务商名称：不能为空，且不超过 {PROVIDER_NAME_MAX} 个字符",
            f"provider name: required, at most {PROVIDER_NAME_MAX} characters",
        )
    note = " ".join(str(note).split())[:200] or None if note else None
    with store.write() as db:
        if db.execute("SELECT 1 FROM programme_providers WHERE name = ?", [clean]).fetchone():
            raise EnrolmentError(f"服务商“{clean}”已在列表中", f"provider {clean!r} is already listed")
        row: dict[str, object] = {"name": clean, "note": note, "created_by": actor.username, "created_at": now()}
        row["id"] = db.execute(
            "INSERT INTO programme_providers (name, note, created_by, created_at) VALUES (?, ?, ?, ?)",
            [clean, note, actor.username, row["created_at"]],
        ).lastrowid
        record(db, actor, "programme.provider.add", "provider", row["id"], detail={"name": clean})
    return row


def providers(store: Store, actor: Actor) -> list[dict]:
    """The providers, by name, with how many enterprises each serves."""
    require_bureau(store, actor, "programme.provider.list")
    return list(
        store.db.query(
            "SELECT p.id, p.name, p.note, p.created_by, p.created_at, count(e.id) AS enrolled "
            "FROM programme_providers p LEFT JOIN programme_enrolments e ON e.provider_id = p.id "
            "GROUP BY p.id ORDER BY p.name"
        )
    )


def _date(value: object, field: str, required: bool) -> str | None:
    if value is None or str(value).strip() == "":
        if required:
            raise EnrolmentError(f"{field}：不能为空", f"{field}: is required")
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise EnrolmentError(
            f"{field}：日期应为 YYYY-MM-DD，收到 {value!r}", f"{field}: a date is YYYY-MM-DD, got {value!r}"
        ) from None


def _checked(db, pid: str, code: object, provider: object, start: object, end: object) -> dict:
    """One enrolment checked against the store (inside the caller's transaction)."""
    try:
        code = cc.validate(code)
    except cc.CreditCodeError as exc:
        raise EnrolmentError(f"credit_code：{exc.zh}", f"credit_code: {exc.en}") from None
    if not db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [code]).fetchone():
        raise EnrolmentError(f"credit_code：未找到企业 {code}", f"credit_code: no enterprise {code}")
    name = str(provider or "").strip()
    found = db.execute("SELECT id FROM programme_providers WHERE name = ?", [name]).fetchone()
    if found is None:
        raise EnrolmentError(
            f"provider：服务商“{name}”不在主管部门的服务商列表中",
            f"provider: {name!r} is not on the bureau's list of providers",
        )
    start, end = _date(start, "start", True), _date(end, "end", False)
    if end is not None and end < start:  # type: ignore[operator]  # a required date is there
        raise EnrolmentError("end：结束日期早于开始日期", "end: the end date is before the start date")
    if db.execute("SELECT 1 FROM programme_enrolments WHERE programme = ? AND credit_code = ?", [pid, code]).fetchone():
        raise EnrolmentError(
            f"credit_code：企业 {code} 已参加 {pid}", f"credit_code: {code} is already enrolled in {pid}"
        )
    return {"credit_code": code, "provider_id": found[0], "provider": name, "start_date": start, "end_date": end}


def _insert(db, actor: Actor, pid: str, version: str, row: dict) -> int:
    new_id = db.execute(
        "INSERT INTO programme_enrolments (programme, programme_version, credit_code, provider_id, start_date, "
        "end_date, enrolled_by, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            pid,
            version,
            row["credit_code"],
            row["provider_id"],
            row["start_date"],
            row["end_date"],
            actor.username,
            now(),
        ],
    ).lastrowid
    record(
        db,
        actor,
        "programme.enrol",
        "enterprise",
        row["credit_code"],
        detail={"programme": pid, "version": version, "provider": row["provider"], "start": row["start_date"]},
    )
    return new_id


def enrol(
    store: Store,
    actor: Actor,
    pid: str,
    credit_code: str,
    provider: str,
    start: str | dt.date,
    end: str | dt.date | None = None,
) -> dict:
    """Enrol one enterprise in the active version of a programme, with its provider and dates."""
    require_bureau(store, actor, "programme.enrol")
    programme = versions.get(store, pid)
    with store.write() as db:
        row = _checked(db, pid, credit_code, provider, start, end)
        row["id"] = _insert(db, actor, pid, programme.version, row)
    return {"programme": pid, "version": programme.version, **row}


def enrol_many(
    store: Store,
    actor: Actor,
    pid: str,
    credit_codes: list[str],
    provider: str,
    start: str | dt.date,
    end: str | dt.date | None = None,
) -> int:
    """Enrol several enterprises (picked from the eligible list) with one provider and the same
    dates: all or none."""
    require_bureau(store, actor, "programme.enrol")
    programme = versions.get(store, pid)
    with store.write() as db:
        for code in credit_codes:
            _insert(db, actor, pid, programme.version, _checked(db, pid, code, provider, start, end))
    return len(credit_codes)


ENROLMENT_COLUMNS = ("credit_code", "provider", "start", "end")


def enrol_csv(store: Store, actor: Actor, pid: str, data: bytes) -> int:
    """Enrol every row of a CSV (columns ``credit_code, provider, start[, end]``, UTF-8, a header
    row): all or nothing. Raises EnrolmentRejected listing each row's problem."""
    require_bureau(store, actor, "programme.enrol")
    programme = versions.get(store, pid)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EnrolmentError("名单不是 UTF-8 文本", "the list is not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ENROLMENT_COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        raise EnrolmentRejected([RowProblem(1, c, "缺少此列", "this column is missing") for c in missing])
    problems: list[RowProblem] = []
    with store.write() as db:
        count, seen = 0, set()
        for number, line in enumerate(reader, start=2):
            try:
                row = _checked(
                    db, pid, line.get("credit_code"), line.get("provider"), line.get("start"), line.get("end")
                )
                if row["credit_code"] in seen:
                    raise EnrolmentError("credit_code：名单中重复", "credit_code: listed twice")
            except EnrolmentError as exc:
                column = exc.en.split(":", 1)[0]
                problems.append(RowProblem(number, column, exc.zh, exc.en))
                continue
            seen.add(row["credit_code"])
            _insert(db, actor, pid, programme.version, row)
            count += 1
        if problems:
            raise EnrolmentRejected(problems)  # rolls the transaction back
    return count


def enrolments(store: Store, actor: Actor, pid: str) -> list[dict]:
    """The enterprises enrolled in a programme, with provider and dates."""
    require_bureau(store, actor, "programme.enrolments")
    return list(
        store.db.query(
            "SELECT e.credit_code, f.name, f.park, p.name AS provider, e.start_date, e.end_date, "
            "e.programme_version AS version, e.enrolled_by, e.enrolled_at FROM programme_enrolments e "
            "JOIN enterprises f ON f.credit_code = e.credit_code "
            "JOIN programme_providers p ON p.id = e.provider_id WHERE e.programme = ? ORDER BY e.id",
            [pid],
        )
    )


def served(store: Store, pid: str) -> dict[str, str]:
    """Credit code → provider name of every enterprise enrolled in a programme."""
    rows = store.db.execute(
        "SELECT e.credit_code, p.name FROM programme_enrolments e JOIN programme_providers p ON p.id = e.provider_id "
        "WHERE e.programme = ?",
        [pid],
    ).fetchall()
    return dict(rows)
