"""Who is acting, and what they may do. Authorisation is checked here, in the core, on every
read and write; a refusal is a named exception and goes to the audit log.

* enterprise users reach only their own enterprise;
* bureau analysts read everything and write nothing of an enterprise's answers;
* administrators manage accounts, access codes and imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.audit import record_alone
from assessment.db import Store
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


def deny(store: Store, actor: Actor, action: str, record_type: str, record_id, zh: str, en: str):
    record_alone(store, actor, action, record_type, record_id, outcome="denied")
    raise PermissionDenied(zh, en)


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


ROLE_NAMES = {
    "enterprise": ("企业用户", "enterprise user"),
    "analyst": ("主管部门分析员", "bureau analyst"),
    "admin": ("管理员", "administrator"),
}
