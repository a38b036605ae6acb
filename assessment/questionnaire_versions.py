"""Changing a questionnaire's current version: the administrator's guarded, audited form of
``questionnaires.editions`` (which writes the files and knows nothing of accounts). Every entry
point (the questionnaires page, a CLI command) calls these, so the role check and the audit
record live in one place."""

from __future__ import annotations

from assessment.access import Actor, require_role
from assessment.audit import record_alone
from assessment.db import Store
from questionnaires import editions
from questionnaires.schema import AnyQuestionnaire

ACTION = "questionnaire.activate"


def activate(store: Store, actor: Actor, data: bytes, filename: str) -> AnyQuestionnaire:
    """An administrator saves an uploaded file as a new version and makes it current. Anyone
    else is refused (``PermissionDenied``, the refusal audited) and nothing is written; a file
    that cannot be activated raises ``QuestionnaireError`` (nothing written, nothing audited)."""
    require_role(store, actor, "admin", ACTION)
    q = editions.activate(data, filename)
    record_alone(store, actor, ACTION, "questionnaire", f"{q.id}@{q.version}")
    return q


def make_current(store: Store, actor: Actor, qid: str, version: str) -> AnyQuestionnaire:
    """An administrator makes a version that is already there the current one; audited, as
    ``activate``."""
    require_role(store, actor, "admin", ACTION)
    q = editions.make_current(qid, version)
    record_alone(store, actor, ACTION, "questionnaire", f"{qid}@{version}")
    return q
