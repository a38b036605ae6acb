"""On-site verification (评测验收): the bureau assigns a submitted self-assessment to an assessor;
the assessor verifies it item by item in an on-site record of its own (source ``onsite``,
``verifies`` the self-assessment), comments per item, asks the enterprise for more evidence, and
submits. The on-site record is scored by ``lifecycle.submit`` like every other record, is
signed by its creator and submission time, and an enterprise can never change it
(``access.require_record_write``); the bureau corrects it as a new revision, which keeps the link.

Every step is audited. Who may do what:

* assign: the bureau (analysts, administrators), to an enabled assessor account, while no
  verification of the assessment has started;
* start, save, comment, submit: the assigned assessor only;
* ask for evidence: the assigned assessor (or the bureau); answer: the enterprise itself, until
  the verification is submitted;
* read the comparison: whoever may read the self-assessment.
"""

from __future__ import annotations

from assessment import lifecycle
from assessment.access import (
    NOT_YOURS,
    Actor,
    assigned_ids,
    deny,
    require_bureau,
    require_read,
    require_record_write,
)
from assessment.answers import Value
from assessment.audit import record
from assessment.db import Store, now
from assessment.doubt import Flag, by_severity
from assessment.enterprises import NotFound
from assessment.errors import AssessmentError
from assessment.verified_items import item_ids, item_levels
from questionnaires.schema import CmmmQuestionnaire

MAX_TEXT = 1000  # characters of a comment, a request or an answer


class VerificationError(AssessmentError):
    """A verification step that does not fit (nothing to verify, already verified, empty text)."""


def _text(value: str | None, zh: str, en: str) -> str:
    text = (value or "").strip()
    if not text:
        raise VerificationError(f"请填写{zh}", f"the {en} is empty")
    if len(text) > MAX_TEXT:
        raise VerificationError(f"{zh}不能超过 {MAX_TEXT} 个字符", f"the {en} is longer than {MAX_TEXT} characters")
    return text


def _assessment(db, assessment_id: int) -> dict:
    rows = list(db.query("SELECT * FROM assessments WHERE id = ?", [assessment_id]))
    if not rows:
        raise NotFound(f"评估 {assessment_id} 不存在", f"assessment {assessment_id} does not exist")
    return rows[0]


def _verifications(db, assessment_id: int) -> list[dict]:
    """The on-site records verifying an assessment, oldest first."""
    return list(db.query("SELECT * FROM assessments WHERE verifies = ? ORDER BY id", [assessment_id]))


def assessors(store: Store, actor: Actor) -> list[dict]:
    """Enabled assessor accounts, for the bureau to choose from."""
    require_bureau(store, actor, "assessor.list")
    return list(
        store.db.query(
            "SELECT username, display_name, agency FROM users WHERE role = 'assessor' AND disabled = 0 "
            "ORDER BY username"
        )
    )


def assign(store: Store, actor: Actor, assessment_id: int, assessor: str) -> None:
    """Assign a submitted self-assessment (or import) to an assessor; a new assignment replaces an
    earlier one while no verification has started."""
    require_bureau(store, actor, "verification.assign")
    with store.write() as db:
        row = _assessment(db, assessment_id)
        if row["status"] != "submitted" or row["source"] == "onsite":
            raise VerificationError(
                f"评估 {assessment_id} 不是已提交的自评或录入记录，不能安排核查",
                f"assessment {assessment_id} is not a submitted self-assessment or import; it cannot be verified",
            )
        user = db.execute("SELECT role, disabled FROM users WHERE username = ?", [assessor]).fetchone()
        if user is None or user[0] != "assessor" or user[1]:
            raise VerificationError(
                f"{assessor} 不是启用的评估人员账户", f"{assessor} is not an enabled assessor account"
            )
        if _verifications(db, assessment_id):
            raise VerificationError(
                f"评估 {assessment_id} 的核查已经开始，不能改派",
                f"the verification of assessment {assessment_id} has started; it cannot be reassigned",
            )
        db.execute(
            "INSERT INTO verification_assignments (assessment_id, assessor, assigned_by, assigned_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET assessor = excluded.assessor, "
            "assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at",
            [assessment_id, assessor, actor.username, now()],
        )
        record(db, actor, "verification.assign", "assessment", assessment_id, detail={"assessor": assessor})


def assignments(store: Store, actor: Actor) -> list[dict]:
    """The assignments an actor sees (the bureau all, an assessor its own), newest first: the
    assessment, its enterprise, the assessor and agency, and the on-site record (``onsite_id``,
    ``onsite_status``) where the verification has started."""
    if actor.role != "assessor":
        require_bureau(store, actor, "verification.assignments")
    where, params = ("WHERE v.assessor = ?", [actor.username]) if actor.role == "assessor" else ("", [])
    return list(
        store.db.query(
            "SELECT v.assessment_id, a.credit_code, e.name, a.questionnaire, a.round, a.source, r.level, "
            "v.assessor, u.display_name AS assessor_name, u.agency, v.assigned_by, v.assigned_at, "
            "o.id AS onsite_id, o.status AS onsite_status, o.submitted_at AS verified_at "
            "FROM verification_assignments v JOIN assessments a ON a.id = v.assessment_id "
            "JOIN enterprises e ON e.credit_code = a.credit_code "
            "LEFT JOIN results r ON r.assessment_id = a.id "
            "LEFT JOIN users u ON u.username = v.assessor "
            "LEFT JOIN assessments o ON o.id = (SELECT max(id) FROM assessments WHERE verifies = v.assessment_id) "
            f"{where} ORDER BY v.assigned_at DESC, v.assessment_id DESC",
            params,
        )
    )


def _require_assigned(store: Store, actor: Actor, assessment_id: int, action: str) -> None:
    if actor.role != "assessor" or assessment_id not in assigned_ids(store, actor):
        deny(store, actor, action, "assessment", assessment_id, *NOT_YOURS)


def start(store: Store, actor: Actor, assessment_id: int) -> int:
    """The assessor's on-site draft of an assigned assessment: resumed, or started from the
    self-assessment's answers. Refused once the verification is submitted."""
    _require_assigned(store, actor, assessment_id, "verification.start")
    with store.write() as db:
        done = [r for r in _verifications(db, assessment_id) if r["status"] == "submitted"]
        if done:
            raise VerificationError(
                f"评估 {assessment_id} 已核查（现场记录 {done[-1]['id']}）；更正由主管部门进行",
                f"assessment {assessment_id} is verified (on-site record {done[-1]['id']}); the bureau corrects it",
            )
        drafts = [r for r in _verifications(db, assessment_id) if r["created_by"] == actor.username]
        if drafts:
            return drafts[-1]["id"]
        verified = _assessment(db, assessment_id)
        clash = db.execute(
            "SELECT id FROM assessments WHERE credit_code = ? AND questionnaire = ? AND round = ? "
            "AND source = 'onsite' AND status = 'draft'",
            [verified["credit_code"], verified["questionnaire"], verified["round"]],
        ).fetchone()
        if clash:
            raise VerificationError(
                f"该企业本轮已有未提交的现场记录（评估 {clash[0]}），请先由主管部门处理",
                f"this enterprise already has an unsubmitted on-site record in this round (assessment {clash[0]})",
            )
        onsite_id = lifecycle.start_verification_draft(db, actor, verified)
        record(db, actor, "verification.start", "assessment", assessment_id, detail={"onsite": onsite_id})
        return onsite_id


def save_item(
    store: Store, actor: Actor, onsite_id: int, question_id: str, value: Value | None, comment: str | None = None
) -> None:
    """The verified answer of one item (DCMM: a level 1–5, or a criterion; SME: a question's
        answer or a scenario's level; CMMM: a sub-domain's level 0–5 or "na", or a requirement's
        value 1 / 0.8 / 0.5 / 0) and the assessor's comment on it (on an item only: a criterion or a
    requirement takes none). The answer goes through
        ``lifecycle.save_answer`` (its checks, its access rule)."""
    lifecycle.save_answer(store, actor, onsite_id, question_id, value)
    # comments are kept per verified item: a detailed answer (criterion, requirement) takes none
    if comment is not None or question_id in item_ids(
        lifecycle.questionnaire_of(lifecycle.get(store, actor, onsite_id))
    ):
        save_comment(store, actor, onsite_id, question_id, comment)


def detail_subdomain(store: Store, actor: Actor, onsite_id: int, subdomain_id: str) -> dict[str, float]:
    """CMMM: turn a sub-domain answered as a whole (a quick level) into one answer per requirement,
    so the assessor can verify requirement by requirement (fully / mostly / partly / not) from
    where the self-assessment stood: every requirement of the levels up to what the answer counts
    as (``cmmm_scoring.quick_code``: "not sure" and a check answered "no" included) fully met, the
    others not; from "not applicable" or no answer, none met. Returns the values saved; nothing
    changes when the sub-domain is already answered requirement by requirement."""
    from assessment.cmmm_scoring import quick_code

    row = lifecycle.get(store, actor, onsite_id)
    if row["status"] != "draft" or not row["verifies"]:
        raise VerificationError(
            f"评估 {onsite_id} 不是未提交的核查记录", f"assessment {onsite_id} is not a verification in progress"
        )
    q = lifecycle.questionnaire_of(row)
    if not isinstance(q, CmmmQuestionnaire) or subdomain_id not in q.subdomain_by_id:
        raise VerificationError(f"问卷中没有子域 {subdomain_id}", f"no sub-domain {subdomain_id} in the questionnaire")
    given = lifecycle.answers(store, actor, onsite_id)
    sub = q.subdomain_by_id[subdomain_id]
    if subdomain_id not in given and any(rid in given for rid in sub.requirement_ids):
        return {}
    level = quick_code(q, subdomain_id, given)  # negative: not applicable or unanswered
    full, none = q.scoring.values["full"], q.scoring.values["none"]
    values = {r.id: full if r.level <= level else none for r in sub.requirements}
    for rid, value in values.items():  # the first clears the level (lifecycle's one-mode rule)
        lifecycle.save_answer(store, actor, onsite_id, rid, value)
    return values


def save_comment(store: Store, actor: Actor, onsite_id: int, question_id: str, comment: str | None) -> None:
    """The assessor's comment on one item of its on-site draft (empty: none)."""
    text = (comment or "").strip()
    if len(text) > MAX_TEXT:
        raise VerificationError(f"意见不能超过 {MAX_TEXT} 个字符", f"a comment is at most {MAX_TEXT} characters")
    row = lifecycle.get(store, actor, onsite_id)
    require_record_write(store, actor, row["credit_code"], row["source"], onsite_id, "verification.comment")
    if row["status"] != "draft" or not row["verifies"]:
        raise VerificationError(
            f"评估 {onsite_id} 不是未提交的核查记录", f"assessment {onsite_id} is not a verification in progress"
        )
    q = lifecycle.questionnaire_of(row)
    if question_id not in item_ids(q):
        raise VerificationError(f"问卷中没有题目 {question_id}", f"no question {question_id} in the questionnaire")
    with store.write() as db:
        if text:
            db.execute(
                "INSERT INTO verification_comments (assessment_id, question_id, comment, written_by, written_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, question_id) DO UPDATE SET "
                "comment = excluded.comment, written_by = excluded.written_by, written_at = excluded.written_at",
                [onsite_id, question_id, text, actor.username, now()],
            )
        else:
            db.execute(
                "DELETE FROM verification_comments WHERE assessment_id = ? AND question_id = ?",
                [onsite_id, question_id],
            )


def flags_of(store: Store, actor: Actor, assessment_id: int) -> list[Flag]:
    """The doubt flags kept with one assessment, most severe first."""
    lifecycle.get(store, actor, assessment_id)
    rows = store.db.execute(
        "SELECT code, severity, message_zh, message_en FROM doubt_flags WHERE assessment_id = ?", [assessment_id]
    ).fetchall()
    return by_severity([Flag(*r) for r in rows])


def comments(store: Store, actor: Actor, assessment_id: int) -> dict[str, str]:
    """The assessor's comments per item of a verification (an on-site record, or the
    self-assessment it verifies); a bureau correction keeps the comments of the records before
    it unless it wrote its own."""
    row = lifecycle.get(store, actor, assessment_id)
    verified = row["verifies"] or row["id"]
    ids = [r["id"] for r in _verifications(store.db, verified) if r["id"] <= max(row["id"], verified)]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.db.execute(
        f"SELECT question_id, comment FROM verification_comments WHERE assessment_id IN ({marks}) "
        "ORDER BY assessment_id",
        ids,
    ).fetchall()
    return dict(rows)


def submit(store: Store, actor: Actor, onsite_id: int) -> dict:
    """Submit the assessor's on-site record: scored and frozen by ``lifecycle.submit``."""
    row = lifecycle.get(store, actor, onsite_id)
    if row["source"] != "onsite" or not row["verifies"]:
        raise VerificationError(
            f"评估 {onsite_id} 不是核查记录", f"assessment {onsite_id} is not a verification record"
        )
    data = lifecycle.submit(store, actor, onsite_id)
    with store.write() as db:
        record(db, actor, "verification.submit", "assessment", row["verifies"], detail={"onsite": onsite_id})
    return data


# --------------------------------------------------------------------------- evidence requests


def ask_for_evidence(store: Store, actor: Actor, assessment_id: int, text: str) -> int:
    """The assigned assessor (or the bureau) asks the enterprise for more evidence."""
    if actor.role == "assessor":
        _require_assigned(store, actor, assessment_id, "evidence.request")
    else:
        require_bureau(store, actor, "evidence.request")
    request = _text(text, "需要补充的材料", "request")
    with store.write() as db:
        _assessment(db, assessment_id)
        if any(r["status"] == "submitted" for r in _verifications(db, assessment_id)):
            raise VerificationError("核查已提交，不能再要求补充材料", "the verification is submitted; no more requests")
        new_id = db.conn.execute(
            "INSERT INTO evidence_requests (assessment_id, request, asked_by, asked_at) VALUES (?, ?, ?, ?)",
            [assessment_id, request, actor.username, now()],
        ).lastrowid
        record(db, actor, "evidence.request", "assessment", assessment_id, detail={"request": new_id})
    return new_id  # type: ignore[return-value]  # an INSERT's lastrowid


def answer_evidence(store: Store, actor: Actor, request_id: int, text: str) -> None:
    """The enterprise answers a request with text (files come with the evidence files), until
    the verification is submitted. Only the enterprise itself answers."""
    row = store.db.execute("SELECT assessment_id FROM evidence_requests WHERE id = ?", [request_id]).fetchone()
    if row is None:
        deny(store, actor, "evidence.answer", "evidence_request", request_id, *NOT_YOURS)
    verified = lifecycle.get(store, actor, row[0])
    if actor.role != "enterprise":
        deny(
            store,
            actor,
            "evidence.answer",
            "evidence_request",
            request_id,
            "只有企业本身可以回复补充材料要求",
            "only the enterprise itself answers a request for evidence",
        )
    answer = _text(text, "回复", "answer")
    with store.write() as db:
        if any(r["status"] == "submitted" for r in _verifications(db, verified["id"])):
            raise VerificationError("核查已提交，不能再回复", "the verification is submitted; it takes no more answers")
        db.execute(
            "UPDATE evidence_requests SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?",
            [answer, actor.username, now(), request_id],
        )
        record(db, actor, "evidence.answer", "assessment", verified["id"], detail={"request": request_id})


def evidence_requests(store: Store, actor: Actor, assessment_id: int) -> list[dict]:
    """The requests for evidence on an assessment, oldest first, with their answers."""
    lifecycle.get(store, actor, assessment_id)
    return list(store.db.query("SELECT * FROM evidence_requests WHERE assessment_id = ? ORDER BY id", [assessment_id]))


def open_requests(store: Store, actor: Actor, credit_code: str) -> list[dict]:
    """Requests an enterprise can still answer: on its assessments whose verification is not
    submitted, newest first (answered ones too, so that an answer can be improved)."""
    require_read(store, actor, credit_code, "evidence.list")
    return list(
        store.db.query(
            "SELECT q.*, a.questionnaire, a.round FROM evidence_requests q "
            "JOIN assessments a ON a.id = q.assessment_id "
            "WHERE a.credit_code = ? AND NOT EXISTS (SELECT 1 FROM assessments o WHERE o.verifies = a.id "
            "AND o.status = 'submitted') ORDER BY q.id DESC",
            [credit_code],
        )
    )


# ------------------------------------------------------------------------------- side by side


def signature(db, row: dict) -> dict:
    """Who verified and when: the on-site record's creator (name, agency) and submission time."""
    user = db.execute("SELECT display_name, agency, role FROM users WHERE username = ?", [row["created_by"]]).fetchone()
    return {
        "by": row["created_by"],
        "name": user[0] if user else None,
        "agency": user[1] if user else None,
        "role": user[2] if user else None,
        "at": row["submitted_at"],
    }


def comparison(store: Store, actor: Actor, assessment_id: int) -> dict | None:
    """The self-assessment and its latest submitted verification side by side, for an
    assessment that is either of them; None when it has no submitted verification.
    ``{self_id, onsite_id, self_level, verified_level, self_score, verified_score, self_path,
    verified_path, signed, items: [{id, self, verified, differs, comment}]}`` (items in
    questionnaire order: ``verified_items``; a CMMM sub-domain not assessed compares as None;
    the paths are None but for CMMM)."""
    row = lifecycle.get(store, actor, assessment_id)
    self_id = row["verifies"] or row["id"]
    done = [r for r in _verifications(store.db, self_id) if r["status"] == "submitted"]
    if not done:
        return None
    onsite = done[-1]
    self_row = lifecycle.get(store, actor, self_id)
    q_self, q_onsite = lifecycle.questionnaire_of(self_row), lifecycle.questionnaire_of(onsite)
    self_result = lifecycle.result(store, actor, self_id)
    onsite_result = lifecycle.result(store, actor, onsite["id"])
    assert self_result is not None and onsite_result is not None  # both submitted: both scored
    mine, theirs = item_levels(q_self, self_result), item_levels(q_onsite, onsite_result)
    notes = comments(store, actor, onsite["id"])
    items = [
        {"id": k, "self": mine[k], "verified": theirs[k], "differs": mine[k] != theirs[k], "comment": notes.get(k)}
        for k in theirs
        if k in mine
    ]
    return {
        "self_id": self_id,
        "onsite_id": onsite["id"],
        "questionnaire": onsite["questionnaire"],
        "self_level": self_result["overall"]["level"],
        "verified_level": onsite_result["overall"]["level"],
        "self_score": self_result["overall"]["score"],
        "verified_score": onsite_result["overall"]["score"],
        "self_path": self_result.get("path"),  # CMMM: the manufacturing path each side scored on
        "verified_path": onsite_result.get("path"),
        "signed": signature(store.db, onsite),
        "items": items,
    }


def verified_pairs(store: Store, questionnaire: str) -> list[dict]:
    """Every self-assessment (or import) of a questionnaire with a submitted verification: its
    latest on-site record's id, the two results (JSON) and the self-assessment's stored flag codes.
    For cohort figures (``benchmarks.verification_gaps``); callers check the bureau role."""
    import json

    rows = store.db.execute(
        "SELECT s.id, s.credit_code, s.round, o.id, rs.result, ro.result, "
        "(SELECT group_concat(code) FROM doubt_flags f WHERE f.assessment_id = s.id) "
        "FROM assessments s JOIN assessments o ON o.id = (SELECT max(id) FROM assessments x "
        "WHERE x.verifies = s.id AND x.status = 'submitted') "
        "JOIN results rs ON rs.assessment_id = s.id JOIN results ro ON ro.assessment_id = o.id "
        "WHERE s.questionnaire = ? ORDER BY s.id",
        [questionnaire],
    ).fetchall()
    return [
        {
            "self_id": r[0],
            "credit_code": r[1],
            "round": r[2],
            "onsite_id": r[3],
            "self_result": json.loads(r[4]),
            "verified_result": json.loads(r[5]),
            "flags": r[6].split(",") if r[6] else [],
        }
        for r in rows
    ]
