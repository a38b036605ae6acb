"""Who is acting, and what they may do. Authorisation is checked here, in the core, on every
read and write; a refusal is a named exception and goes to the audit log.

* enterprise users reach only their own enterprise;
* bureau analysts read everything and write nothing of an enterprise's own answers;
* a record the bureau entered (source ``import`` or ``onsite``) is corrected only by analysts and
  administrators; an enterprise's correction is always a new record of its own (source ``self``);
* administrators manage accounts, access codes and imports;
* an assessor (评估人员, possibly of an outside agency) reads only the assessments the bureau
  assigned to it (``verification_assignments``), their enterprises and its own on-site records
  of them, writes only those on-site records, and never sees a cohort.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.audit import record_alone
from assessment.db import Store
from assessment.directory import SOURCES
from assessment.errors import AssessmentError

ROLES = ("enterprise", "analyst", "admin", "assessor")


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    credit_code: str | None = None

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")


# The operator of the command line on the server acts as an administrator.
CLI = Actor("cli", "admin")


class PermissionDenied(AssessmentError):
    """The acting user may not do this."""


class BureauRecord(PermissionDenied):
    """An enterprise trying to change a record the bureau entered (an import or an on-site rating)."""


def deny(
    store: Store,
    actor: Actor,
    action: str,
    record_type: str,
    record_id,
    zh: str,
    en: str,
    *,
    error: type[PermissionDenied] = PermissionDenied,
):
    record_alone(store, actor, action, record_type, record_id, outcome="denied")
    raise error(zh, en)


def require_role(store: Store, actor: Actor, role: str, action: str) -> None:
    if actor.role != role:
        deny(
            store,
            actor,
            action,
            "role",
            role,
            f"无权执行此操作（需要{ROLE_NAMES[role][0]}权限）",
            f"not allowed: this needs the {ROLE_NAMES[role][1]} role",
        )


def require_bureau(store: Store, actor: Actor, action: str) -> None:
    """Bureau work (cohort-wide views and refits): analysts and administrators."""
    if actor.role not in ("analyst", "admin"):
        deny(
            store,
            actor,
            action,
            "role",
            "bureau",
            "无权执行此操作（仅限主管部门）",
            "not allowed: this is for the bureau only",
        )


# An enterprise asking for a record that is not its own is told the same as for one that does
# not exist: the refusal must not say whether the record (another enterprise's assessment) exists.
NOT_YOURS = ("未找到该记录，或当前账户无权访问", "no such record for this account")


def require_read(store: Store, actor: Actor, credit_code: str, action: str) -> None:
    """Reading an enterprise's data: itself, an analyst, an administrator, or an assessor with an
    assessment of it assigned."""
    if actor.role == "enterprise" and actor.credit_code != credit_code:
        deny(store, actor, action, "enterprise", credit_code, *NOT_YOURS)
    if actor.role == "assessor" and credit_code not in assigned_enterprises(store, actor):
        deny(store, actor, action, "enterprise", credit_code, *NOT_YOURS)


def assigned_ids(store: Store, actor: Actor) -> set[int]:
    """The self-assessments assigned to this assessor."""
    rows = store.db.execute(
        "SELECT assessment_id FROM verification_assignments WHERE assessor = ?", [actor.username]
    ).fetchall()
    return {r[0] for r in rows}


def assigned_enterprises(store: Store, actor: Actor) -> set[str]:
    rows = store.db.execute(
        "SELECT DISTINCT a.credit_code FROM verification_assignments v JOIN assessments a ON a.id = v.assessment_id "
        "WHERE v.assessor = ?",
        [actor.username],
    ).fetchall()
    return {r[0] for r in rows}


def may_assessor_reach(store: Store, actor: Actor, row: dict) -> bool:
    """An assessor reaches an assigned self-assessment and the on-site records that verify it."""
    mine = assigned_ids(store, actor)
    return row["id"] in mine or row.get("verifies") in mine


def require_assessment_read(store: Store, actor: Actor, row: dict, action: str) -> None:
    """Reading one assessment: ``require_read`` for its enterprise; an assessor only what it was
    assigned (not the enterprise's other assessments)."""
    require_read(store, actor, row["credit_code"], action)
    if actor.role == "assessor" and not may_assessor_reach(store, actor, row):
        deny(store, actor, action, "assessment", row["id"], *NOT_YOURS)


def require_not_assessor(store: Store, actor: Actor, action: str) -> None:
    """Whole-table reads (exports): never an assessor."""
    if actor.role == "assessor":
        deny(store, actor, action, "role", "assessor", *NOT_YOURS)


def require_answer_write(store: Store, actor: Actor, credit_code: str, action: str) -> None:
    """Writing an enterprise's answers: only that enterprise's own users."""
    if actor.role == "enterprise" and actor.credit_code != credit_code:
        deny(store, actor, action, "enterprise", credit_code, *NOT_YOURS)
    if actor.role != "enterprise":
        deny(
            store,
            actor,
            action,
            "enterprise",
            credit_code,
            "只有企业本身可以填写或修改其问卷答案",
            "not allowed: only the enterprise itself can write its answers",
        )


# sources of the records the bureau enters: imported survey returns, on-site ratings
BUREAU_SOURCES = ("import", "onsite")


def may_write_record(actor: Actor, credit_code: str, source: str) -> bool:
    """Whether ``actor`` may change (reopen, answer, submit) an assessment of this enterprise and
    source: the bureau's records only the bureau, self-assessments only the enterprise itself."""
    if source in BUREAU_SOURCES:
        return actor.role in ("analyst", "admin")
    return actor.role == "enterprise" and actor.credit_code == credit_code


def require_record_write(store: Store, actor: Actor, credit_code: str, source: str, record_id, action: str) -> None:
    """``may_write_record``, or a refusal (audited) that says why. An assessor writes only its own
    on-site record of an assessment assigned to it."""
    if may_write_record(actor, credit_code, source):
        return
    if actor.role == "assessor":
        row = store.db.execute(
            "SELECT id, credit_code, source, verifies, created_by FROM assessments WHERE id = ?", [record_id]
        ).fetchone()
        own = row is not None and row[2] == "onsite" and row[4] == actor.username
        if own and may_assessor_reach(store, actor, {"id": row[0], "verifies": row[3]}):
            return
        deny(store, actor, action, "assessment", record_id, *NOT_YOURS)
    if source in BUREAU_SOURCES and actor.credit_code == credit_code:
        deny(
            store,
            actor,
            action,
            "assessment",
            record_id,
            f"评估 {record_id} 是主管部门录入的记录（{SOURCES[source][0]}），只有主管部门可以更正；"
            "如需自评，请在“历次评估”中以它的答案为起点开始新一轮自评",
            f"assessment {record_id} is a record the bureau entered ({SOURCES[source][1].lower()}); only the bureau "
            "can correct it. To assess yourself, start a new self-assessment from its answers under History",
            error=BureauRecord,
        )
    require_answer_write(store, actor, credit_code, action)


ROLE_NAMES = {
    "enterprise": ("企业用户", "enterprise user"),
    "analyst": ("主管部门分析员", "bureau analyst"),
    "admin": ("管理员", "administrator"),
    "assessor": ("评估人员", "assessor"),
}
