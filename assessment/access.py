"""Who is acting, and what they may do. Authorisation is checked here, in the core, on every
read and write; a refusal is a named exception and goes to the audit log.

* enterprise users reach only their own enterprise;
* bureau analysts read everything and write nothing of an enterprise's own answers;
* a record the bureau entered (source ``import`` or ``onsite``) is corrected only by analysts and
  administrators; an enterprise's correction is always a new record of its own (source ``self``);
* administrators manage accounts, access codes and imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.audit import record_alone
from assessment.db import Store
from assessment.directory import SOURCES
from assessment.errors import AssessmentError

ROLES = ("enterprise", "analyst", "admin")


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
    """Reading an enterprise's data: itself, an analyst or an administrator."""
    if actor.role == "enterprise" and actor.credit_code != credit_code:
        deny(store, actor, action, "enterprise", credit_code, *NOT_YOURS)


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
    """``may_write_record``, or a refusal (audited) that says why."""
    if may_write_record(actor, credit_code, source):
        return
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
}
