"""The assessment lifecycle: start or resume a draft, save answers the moment they are given,
submit (score and freeze), reopen as a new revision, re-assess in a new round.

Submitted assessments are immutable; a correction is a new revision (``revision_of``). For
statistics, the current assessment of an enterprise, questionnaire, round and source is its
latest submitted revision (the view ``current_assessments``).

Who may change what (``access.may_write_record``): an enterprise its own self-assessments, the
bureau its imports and on-site ratings. An enterprise that wants to redo a bureau record starts
a new self-assessment from its answers (``reassess``), which never replaces the bureau's record.
Enterprises work only in rounds the bureau has opened (``assessment.rounds``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from assessment import credit_code as cc
from assessment import evidence, flag_store, rounds
from assessment.access import (
    NOT_YOURS,
    Actor,
    deny,
    may_assessor_reach,
    may_write_record,
    require_answer_write,
    require_assessment_read,
    require_read,
    require_record_write,
)
from assessment.answers import (
    PATH_KEY,
    Value,
    check_answer,
    check_answers,
    check_id,
    checked_item,
    require_checkable,
)
from assessment.audit import record
from assessment.db import Store, now
from assessment.enterprises import NotFound
from assessment.errors import AssessmentError
from assessment.rounds import check_round
from assessment.scoring import score
from questionnaires import get as get_questionnaire
from questionnaires.schema import AnyQuestionnaire, CmmmQuestionnaire, DcmmQuestionnaire, SmeQuestionnaire

SOURCES = ("self", "import", "onsite")


class LifecycleError(AssessmentError):
    """A step that does not fit the assessment's state (e.g. editing a submitted one)."""


class IncompleteError(LifecycleError):
    """Submit refused: ``missing`` lists the unanswered question ids."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        shown = "、".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        super().__init__(
            f"还有 {len(missing)} 题未回答，不能提交：{shown}",
            f"{len(missing)} questions are unanswered, so it cannot be submitted: "
            + ", ".join(missing[:10])
            + (" ..." if len(missing) > 10 else ""),
        )


def required_questions(q: AnyQuestionnaire, answers: dict) -> list[str]:
    """Question ids that must still be answered before submitting.

    DCMM: every item needs a level (quick mode) or an answer to each of its criteria.
    SME: every scored question and every scenario (raw figures are optional).
    CMMM: the path, then every sub-domain assessed on it needs a level, "na" (where allowed) or
    an answer to each of its requirements.
    """
    if isinstance(q, CmmmQuestionnaire):
        path = answers.get(PATH_KEY)
        missing = [] if path in q.paths else [PATH_KEY]
        for sub in q.subdomains:
            if sub.id in answers or (path in q.paths and not q.applies(sub.id, path)):
                continue
            missing += [rid for rid in sub.requirement_ids if rid not in answers]
        return missing
    if isinstance(q, DcmmQuestionnaire):
        missing = []
        for item in q.items:
            if item.id in answers:
                continue
            missing += [c.id for c in item.criteria if c.id not in answers]
        return missing
    asked = [x.id for x in q.questions] + [s.id for s in q.scenarios]
    return [k for k in asked if k not in answers]


# ------------------------------------------------------------------------------------ reading


def _row(db, assessment_id: int) -> dict:
    rows = list(db.query("SELECT * FROM assessments WHERE id = ?", [assessment_id]))
    if not rows:
        raise NotFound(f"评估 {assessment_id} 不存在", f"assessment {assessment_id} does not exist")
    return rows[0]


def questionnaire_of(row: dict):
    return get_questionnaire(row["questionnaire"], row["version"])


def _row_for(store: Store, actor: Actor, assessment_id: int, action: str) -> dict:
    """The assessment, for ``actor``: an enterprise asking for an id that does not exist is
    refused exactly as for another enterprise's (``access.NOT_YOURS``), so ids reveal nothing."""
    try:
        return _row(store.db, assessment_id)
    except NotFound:
        if actor.role == "enterprise":
            deny(store, actor, action, "assessment", assessment_id, *NOT_YOURS)
        raise


def get(store: Store, actor: Actor, assessment_id: int) -> dict:
    row = _row_for(store, actor, assessment_id, "assessment.read")
    require_assessment_read(store, actor, row, "assessment.read")
    return row


def _answers(db, assessment_id: int) -> dict[str, Value]:
    rows = db.execute("SELECT question_id, value FROM answers WHERE assessment_id = ?", [assessment_id]).fetchall()
    return {qid: json.loads(value) for qid, value in rows}


def answers(store: Store, actor: Actor, assessment_id: int) -> dict[str, Value]:
    get(store, actor, assessment_id)
    return _answers(store.db, assessment_id)


def result(store: Store, actor: Actor, assessment_id: int) -> dict | None:
    """The stored scoring JSON of a submitted assessment (None for a draft)."""
    get(store, actor, assessment_id)
    row = store.db.execute("SELECT result, archetype FROM results WHERE assessment_id = ?", [assessment_id]).fetchone()
    if row is None:
        return None
    data = json.loads(row[0])
    data["archetype"] = row[1]
    return data


def assessments_of(store: Store, actor: Actor, credit_code: str) -> list[dict]:
    """Every assessment of an enterprise, newest first, with score and level where submitted."""
    code = cc.normalise(credit_code)
    require_read(store, actor, code, "assessment.list")
    rows = list(
        store.db.query(
            "SELECT a.*, r.score, r.level, r.completeness, r.archetype FROM assessments a "
            "LEFT JOIN results r ON r.assessment_id = a.id WHERE a.credit_code = ? ORDER BY a.id DESC",
            [code],
        )
    )
    if actor.role == "assessor":  # only what was assigned, and its own records of it
        rows = [r for r in rows if may_assessor_reach(store, actor, r)]
    return rows


# ------------------------------------------------------------------------------------ writing


def _new_draft(db, actor: Actor, code: str, q, round_: str, source: str, revision_of=None) -> int:
    stamp = now()
    synthetic = db.execute("SELECT synthetic FROM enterprises WHERE credit_code = ?", [code]).fetchone()
    if synthetic is None:
        raise NotFound(f"未找到企业 {code}", f"no enterprise with credit code {code}")
    new_id = (
        db["assessments"]
        .insert(
            {
                "credit_code": code,
                "questionnaire": q.id,
                "version": q.version,
                "round": round_,
                "status": "draft",
                "source": source,
                "revision_of": revision_of,
                "synthetic": synthetic[0],
                "created_by": actor.username,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        .last_pk
    )
    record(
        db,
        actor,
        "assessment.start",
        "assessment",
        new_id,
        detail={"questionnaire": q.id, "round": round_, "revision_of": revision_of},
    )
    return new_id


def start_or_resume(store: Store, actor: Actor, credit_code: str, questionnaire: str, round_: str) -> int:
    """The enterprise's open draft for this questionnaire and round, or a new one. The round must
    be one the bureau has listed and keeps open."""
    code = cc.normalise(credit_code)
    require_answer_write(store, actor, code, "assessment.start")
    round_ = check_round(round_)
    q = get_questionnaire(questionnaire)
    with store.write() as db:
        rounds.require_open(db, round_)
        draft = db.execute(
            "SELECT id FROM assessments WHERE credit_code = ? AND questionnaire = ? AND round = ? "
            "AND source = 'self' AND status = 'draft'",
            [code, q.id, round_],
        ).fetchone()
        if draft:
            return draft[0]
        done = db.execute(
            "SELECT id FROM assessments WHERE credit_code = ? AND questionnaire = ? AND round = ? "
            "AND source = 'self' AND status = 'submitted' ORDER BY id DESC LIMIT 1",
            [code, q.id, round_],
        ).fetchone()
        if done:
            raise LifecycleError(
                f"{round_} 轮的该问卷已提交（评估 {done[0]}）；如需修改请“重新打开”",
                f"this questionnaire was already submitted for round {round_} (assessment {done[0]}); "
                "reopen it to make changes",
            )
        return _new_draft(db, actor, code, q, round_, "self")


def may_write(actor: Actor, row: dict) -> bool:
    """Whether ``actor`` may answer or submit this draft (pages use it to offer only what works)."""
    return may_write_record(actor, row["credit_code"], row["source"])


def may_reopen(store: Store, actor: Actor, row: dict) -> bool:
    """Whether ``actor`` may reopen this submitted assessment as a new revision: its own kind of
    record, and for an enterprise a round still open."""
    if row["status"] != "submitted" or not may_write(actor, row):
        return False
    return actor.role != "enterprise" or row["round"] in rounds.open_rounds(store)


def _require_writer(store: Store, actor: Actor, assessment_id: int, action: str) -> None:
    # checked before the write transaction opens: a refusal raised inside it would roll back
    # the refusal's own audit row along with the transaction
    row = _row_for(store, actor, assessment_id, action)
    require_record_write(store, actor, row["credit_code"], row["source"], assessment_id, action)


def _require_open_for(db, actor: Actor, row: dict) -> None:
    # closing a round ends enterprises' submissions and corrections in it; the bureau's own
    # records stay correctable
    if actor.role == "enterprise":
        rounds.require_open(db, row["round"])


def _editable(store: Store, actor: Actor, db, assessment_id: int, action: str) -> dict:
    row = _row(db, assessment_id)
    require_record_write(store, actor, row["credit_code"], row["source"], assessment_id, action)
    if row["status"] != "draft":
        raise LifecycleError(
            f"评估 {assessment_id} 已提交，不能再修改；可“重新打开”生成新的修订版",
            f"assessment {assessment_id} is submitted and cannot change; reopen it as a new revision",
        )
    return row


def save_answer(store: Store, actor: Actor, assessment_id: int, question_id: str, value: Value | None) -> None:
    """Save one answer now (idempotent); ``None`` clears it. In DCMM, answering an item in quick
    mode clears its criteria answers, and answering a criterion clears the item's quick level;
    a quick-mode check belongs to the level it checked, so a changed level clears it, and a check
    is refused unless the saved level is one that is checked."""
    _require_writer(store, actor, assessment_id, "answer.save")
    with store.write() as db:
        row = _editable(store, actor, db, assessment_id, "answer.save")
        q = questionnaire_of(row)
        if value is None:
            cleared = [question_id]
            if not isinstance(q, SmeQuestionnaire) and question_id in q.quick_item_ids:
                cleared.append(check_id(question_id))
            db.execute(
                "DELETE FROM answers WHERE assessment_id = ? AND question_id IN (?, ?)",
                [assessment_id, cleared[0], cleared[-1]],
            )
        else:
            value = check_answer(q, question_id, value)
            if not isinstance(q, SmeQuestionnaire) and question_id != PATH_KEY:
                _keep_checks_consistent(db, q, assessment_id, question_id, value)
                _clear_other_mode(db, q, assessment_id, question_id)
            db.execute(
                "INSERT INTO answers (assessment_id, question_id, value, answered_by, answered_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, question_id) DO UPDATE SET "
                "value = excluded.value, answered_by = excluded.answered_by, answered_at = excluded.answered_at",
                [assessment_id, question_id, json.dumps(value, ensure_ascii=False), actor.username, now()],
            )
        db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now(), assessment_id])


def _keep_checks_consistent(
    db, q: DcmmQuestionnaire | CmmmQuestionnaire, assessment_id: int, question_id: str, value: Value
) -> None:
    item_id = checked_item(q, question_id)
    if item_id is not None:
        stored = _answers(db, assessment_id).get(item_id)
        require_checkable(item_id, stored)
        return
    item_id = question_id if question_id in q.quick_item_ids else q.quick_item_of.get(question_id)
    if item_id is not None and _answers(db, assessment_id).get(item_id) != value:
        db.execute(
            "DELETE FROM answers WHERE assessment_id = ? AND question_id = ?",
            [assessment_id, check_id(item_id)],
        )


def _clear_other_mode(db, q: DcmmQuestionnaire | CmmmQuestionnaire, assessment_id: int, question_id: str) -> None:
    if checked_item(q, question_id) is not None:
        return
    if question_id in q.quick_item_ids:
        ids = q.detail_ids(question_id)
    else:
        ids = [q.quick_item_of[question_id]]
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM answers WHERE assessment_id = ? AND question_id IN ({marks})", [assessment_id, *ids])


def result_parts(data: dict) -> dict[str, float]:
    """The per-part scores kept for cohort work: DCMM areas; SME dimensions plus ``operations``,
    the mean scenario level (0-4), so that the fourth SME dimension (数字化经营) can be compared;
    CMMM domains (0-5)."""
    if data["kind"] == "dcmm":
        return {k: v["score"] for k, v in data["areas"].items()}
    if data["kind"] == "cmmm":
        return {k: v["score"] for k, v in data["domains"].items() if v["score"] is not None}
    parts = {k: v["score"] for k, v in data["dimensions"].items()}
    levels = list(data["scenarios"].values())
    parts["operations"] = sum(levels) / len(levels)
    return parts


def _store_result(db, assessment_id: int, data: dict, archetype: str | None, stamp: str | None = None) -> None:
    parts = result_parts(data)
    db.execute(
        "INSERT OR REPLACE INTO results (assessment_id, score, level, completeness, result, archetype, scored_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            assessment_id,
            data["overall"]["score"],
            data["overall"]["level"],
            data["completeness"],
            json.dumps(data, ensure_ascii=False),
            archetype,
            stamp or now(),
        ],
    )
    db.execute("DELETE FROM result_parts WHERE assessment_id = ?", [assessment_id])
    db.conn.executemany(
        "INSERT INTO result_parts (assessment_id, part, score) VALUES (?, ?, ?)",
        [(assessment_id, part, value) for part, value in parts.items()],
    )


Placer = Callable[[object, dict], str | None]


def submit(store: Store, actor: Actor, assessment_id: int, *, place: Placer | None = None) -> dict:
    """Score and freeze a draft. Refused with the list of unanswered questions unless the
    questionnaire allows partial submission. ``place`` (questionnaire, result) -> archetype
    is given by callers that have a fitted archetype model."""
    _require_writer(store, actor, assessment_id, "assessment.submit")
    with store.write() as db:
        row = _editable(store, actor, db, assessment_id, "assessment.submit")
        _require_open_for(db, actor, row)
        q = questionnaire_of(row)
        given = check_answers(q, _answers(db, assessment_id))
        missing = required_questions(q, given)
        if missing and not q.allow_partial_submit:
            raise IncompleteError(missing)
        data = score(q, given)
        _store_result(db, assessment_id, data, place(q, data) if place else None)
        stamp = now()
        db.execute(
            "UPDATE assessments SET status = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?",
            [stamp, stamp, assessment_id],
        )
        flag_store.store_flags(db, [assessment_id])
        record(
            db,
            actor,
            "assessment.submit",
            "assessment",
            assessment_id,
            detail={"score": data["overall"]["score"], "level": data["overall"]["level"]},
        )
    return data


def _copy_answers(db, q, source_id: int, target_id: int, actor: Actor) -> int:
    """Copy the answers that still fit ``q`` (a later version may have dropped a question)."""
    kept = []
    for qid, value in _answers(db, source_id).items():
        try:
            kept.append(
                (
                    target_id,
                    qid,
                    json.dumps(check_answer(q, qid, value), ensure_ascii=False),
                    actor.username,
                    now(),
                )
            )
        except AssessmentError:
            continue
    db.conn.executemany(
        "INSERT INTO answers (assessment_id, question_id, value, answered_by, answered_at) VALUES (?, ?, ?, ?, ?)",
        kept,
    )
    return len(kept)


def reopen(store: Store, actor: Actor, assessment_id: int) -> int:
    """A new draft revision of a submitted assessment, with its answers; the original stays.
    An enterprise reopens only its own self-assessments, in a round still open; the bureau
    reopens its imports and on-site ratings."""
    _require_writer(store, actor, assessment_id, "assessment.reopen")
    if actor.role == "assessor":  # a submitted verification is corrected by the bureau
        deny(
            store,
            actor,
            "assessment.reopen",
            "assessment",
            assessment_id,
            "已提交的核查结果只能由主管部门更正",
            "a submitted verification is corrected by the bureau only",
        )
    with store.write() as db:
        row = _row(db, assessment_id)
        require_record_write(store, actor, row["credit_code"], row["source"], assessment_id, "assessment.reopen")
        if row["status"] != "submitted":
            raise LifecycleError(
                f"评估 {assessment_id} 尚未提交，可直接修改",
                f"assessment {assessment_id} is still a draft: edit it directly",
            )
        _require_open_for(db, actor, row)
        # an enterprise's revision is always its own record, whatever it started from
        source = "self" if actor.role == "enterprise" else row["source"]
        open_draft = db.execute(
            "SELECT id FROM assessments WHERE credit_code = ? AND questionnaire = ? AND round = ? "
            "AND source = ? AND status = 'draft'",
            [row["credit_code"], row["questionnaire"], row["round"], source],
        ).fetchone()
        if open_draft:
            return open_draft[0]
        q = get_questionnaire(row["questionnaire"])  # a revision is answered on the current version
        new_id = _new_draft(db, actor, row["credit_code"], q, row["round"], source, revision_of=assessment_id)
        if source == row["source"] and row.get("verifies"):  # a correction still verifies the same
            db.execute("UPDATE assessments SET verifies = ? WHERE id = ?", [row["verifies"], new_id])
        _copy_answers(db, q, assessment_id, new_id, actor)
        evidence.carry_forward(db, assessment_id, new_id)
        return new_id


def reassess(
    store: Store,
    actor: Actor,
    credit_code: str,
    questionnaire: str,
    round_: str,
    *,
    start_from: int | None = None,
) -> int:
    """A new round; with ``start_from``, that assessment's answers are the starting point."""
    if start_from is not None:
        # checked before anything is written (and outside a transaction, so that a refusal's
        # audit row is kept)
        source = _row_for(store, actor, start_from, "assessment.read")
        require_read(store, actor, source["credit_code"], "assessment.read")
        if source["credit_code"] != cc.normalise(credit_code) or source["questionnaire"] != questionnaire:
            raise LifecycleError(
                "只能以本企业同一问卷的评估作为起点",
                "the starting point must be this enterprise's assessment on the same questionnaire",
            )
    draft_id = start_or_resume(store, actor, credit_code, questionnaire, round_)
    if start_from is not None:
        with store.write() as db:
            if not db.execute("SELECT 1 FROM answers WHERE assessment_id = ? LIMIT 1", [draft_id]).fetchone():
                _copy_answers(db, questionnaire_of(_row(db, draft_id)), start_from, draft_id, actor)
    return draft_id


def _json_value(value: Value) -> str:
    # the demo and imports write millions of answers: skip json.dumps for the common scalars
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def record_submitted(
    db,
    actor: Actor,
    credit_code: str,
    q,
    round_: str,
    source: str,
    given: dict[str, Value],
    *,
    synthetic: bool = False,
    stamp: str | None = None,
    place: Placer | None = None,
) -> int:
    """Write a complete, already-checked assessment as submitted, inside the caller's
    transaction (imports and the demo cohort). Returns its id."""
    stamp = stamp or now()
    data = score(q, given)
    # a plain INSERT: bulk callers write thousands of these in one transaction, and the
    # sqlite-utils insert opens a savepoint for each
    new_id = db.conn.execute(
        "INSERT INTO assessments (credit_code, questionnaire, version, round, status, source, revision_of, "
        "synthetic, created_by, created_at, updated_at, submitted_at) "
        "VALUES (?, ?, ?, ?, 'submitted', ?, NULL, ?, ?, ?, ?, ?)",
        [credit_code, q.id, q.version, round_, source, int(synthetic), actor.username, stamp, stamp, stamp],
    ).lastrowid
    db.conn.executemany(
        "INSERT INTO answers (assessment_id, question_id, value, answered_by, answered_at) VALUES (?, ?, ?, ?, ?)",
        [(new_id, qid, _json_value(v), actor.username, stamp) for qid, v in given.items()],
    )
    _store_result(db, new_id, data, place(q, data) if place else None, stamp)
    return new_id


def start_verification_draft(db, actor: Actor, verified: dict) -> int:
    """A new on-site draft verifying the submitted assessment ``verified`` (inside the caller's
    transaction): same enterprise, questionnaire and round, created by ``actor``, linked by
    ``verifies``, starting from the verified record's answers (the assessor changes what it
    finds otherwise). Submitting it is ``submit``, the same scoring as every other record."""
    q = get_questionnaire(verified["questionnaire"])
    new_id = _new_draft(db, actor, verified["credit_code"], q, verified["round"], "onsite")
    db.execute("UPDATE assessments SET verifies = ? WHERE id = ?", [verified["id"], new_id])
    _copy_answers(db, q, verified["id"], new_id, actor)
    return new_id
