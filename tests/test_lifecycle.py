"""The assessment lifecycle: drafts saved answer by answer, submit, revisions, new rounds, and a
store that loses nothing when it is closed and opened again."""

import json
import random

import pytest

from assessment import lifecycle
from assessment.answers import check_answers
from assessment.db import Store
from assessment.errors import AnswerError
from assessment.lifecycle import IncompleteError, LifecycleError
from assessment.rounds import RoundError
from assessment.scoring import score
from questionnaires import get
from tests.conftest import make_enterprise
from tests.support.records import save_all

DCMM, SME = "dcmm-2025", "sme-2024"
TABLES = ("assessments", "answers", "results", "result_parts", "audit")


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def dcmm_answers(seed: int, q=None) -> dict:
    """Complete answers: about a third of the items in quick mode, the rest criterion by criterion."""
    q = q or get(DCMM)
    rng = random.Random(seed)
    answers = {}
    for item in q.items:
        if rng.random() < 0.3:
            answers[item.id] = rng.randint(1, 5)
        else:
            answers.update({c.id: rng.random() < 0.75 for c in item.criteria})
    return answers


def sme_answers() -> dict:
    q = get(SME)
    answers = {}
    for x in q.questions:
        if x.type == "single":
            answers[x.id] = x.options[-1].id
        elif x.type == "multi":
            answers[x.id] = [o.id for o in x.options if not o.exclusive][:2]
        else:
            answers[x.id] = x.bands[-1].max
    answers.update({s.id: k % 5 for k, s in enumerate(q.scenarios)})
    return answers


def counts(store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def stored_answers(store, assessment_id) -> list[tuple]:
    return store.db.execute(
        "SELECT question_id, value FROM answers WHERE assessment_id = ? ORDER BY question_id", [assessment_id]
    ).fetchall()


def current_id(store, actor, round_="2025", questionnaire=DCMM):
    row = store.db.execute(
        "SELECT id FROM current_assessments WHERE credit_code = ? AND questionnaire = ? AND round = ?",
        [actor.credit_code, questionnaire, round_],
    ).fetchone()
    return row and row[0]


@pytest.fixture
def draft(store, enterprise) -> int:
    return lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2025")


@pytest.fixture
def submitted(store, enterprise, draft) -> int:
    save_all(store, enterprise, draft, dcmm_answers(1))
    lifecycle.submit(store, enterprise, draft)
    return draft


# ------------------------------------------------------------------------------ drafts


def test_start_or_resume_returns_the_same_draft(store, enterprise, draft):
    again = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code.lower(), DCMM, " 2025 ")
    assert again == draft
    assert counts(store)["assessments"] == 1
    row = lifecycle.get(store, enterprise, draft)
    assert (row["status"], row["questionnaire"], row["version"], row["round"], row["source"]) == (
        "draft",
        DCMM,
        get(DCMM).version,
        "2025",
        "self",
    )


def test_other_round_or_questionnaire_is_another_draft(store, enterprise, draft):
    other_round = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2026")
    other_q = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, SME, "2025")
    assert len({draft, other_round, other_q}) == 3


@pytest.mark.parametrize("round_", ["", "  ", "2025 年", "x" * 21, None])
def test_bad_round_is_refused(store, enterprise, round_):
    with pytest.raises(RoundError):
        lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, round_)
    assert counts(store)["assessments"] == 0


def test_start_after_submit_points_to_reopen(store, enterprise, submitted):
    with pytest.raises(LifecycleError, match="reopen"):
        lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2025")


# ------------------------------------------------------------------------------ saving answers


def test_save_is_idempotent_and_the_last_value_wins(store, enterprise, draft):
    cid = get(DCMM).items[0].criteria[0].id
    lifecycle.save_answer(store, enterprise, draft, cid, True)
    lifecycle.save_answer(store, enterprise, draft, cid, True)
    assert stored_answers(store, draft) == [(cid, "true")]
    lifecycle.save_answer(store, enterprise, draft, cid, False)
    assert lifecycle.answers(store, enterprise, draft) == {cid: False}
    assert counts(store)["answers"] == 1


def test_none_clears_an_answer(store, enterprise, draft):
    item = get(DCMM).items[0]
    lifecycle.save_answer(store, enterprise, draft, item.criteria[0].id, True)
    lifecycle.save_answer(store, enterprise, draft, item.criteria[1].id, False)
    lifecycle.save_answer(store, enterprise, draft, item.criteria[0].id, None)
    assert lifecycle.answers(store, enterprise, draft) == {item.criteria[1].id: False}
    lifecycle.save_answer(store, enterprise, draft, item.criteria[0].id, None)  # clearing twice is fine
    assert lifecycle.answers(store, enterprise, draft) == {item.criteria[1].id: False}


def test_every_kind_of_sme_answer_reads_back_equal(store, enterprise):
    draft = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, SME, "2025")
    answers = sme_answers()
    save_all(store, enterprise, draft, answers)
    assert lifecycle.answers(store, enterprise, draft) == answers


@pytest.mark.parametrize(
    ("question", "value"),
    [("no.such.question", True), ("strategy.planning", 6), ("strategy.planning", True), ("strategy.planning", "3")],
)
def test_bad_answer_is_refused_and_writes_nothing(store, enterprise, draft, question, value):
    before = counts(store)
    with pytest.raises(AnswerError):
        lifecycle.save_answer(store, enterprise, draft, question, value)
    assert counts(store) == before


def test_quick_level_clears_the_items_criteria_and_vice_versa(store, enterprise, draft):
    q = get(DCMM)
    item, neighbour = q.items[0], q.items[1]
    save_all(store, enterprise, draft, {c.id: True for c in item.criteria[:3]})
    lifecycle.save_answer(store, enterprise, draft, neighbour.criteria[0].id, True)
    lifecycle.save_answer(store, enterprise, draft, item.id, 3)
    assert lifecycle.answers(store, enterprise, draft) == {item.id: 3, neighbour.criteria[0].id: True}
    lifecycle.save_answer(store, enterprise, draft, item.criteria[5].id, False)
    assert lifecycle.answers(store, enterprise, draft) == {item.criteria[5].id: False, neighbour.criteria[0].id: True}


def test_saving_touches_the_draft(store, enterprise, draft):
    store.db.execute("UPDATE assessments SET updated_at = '2000-01-01' WHERE id = ?", [draft])
    lifecycle.save_answer(store, enterprise, draft, get(DCMM).items[0].id, 2)
    assert lifecycle.get(store, enterprise, draft)["updated_at"] > "2000-01-01"


# ------------------------------------------------------------------------------ submitting


def test_incomplete_submit_lists_what_is_missing_and_writes_nothing(store, enterprise, draft):
    q = get(DCMM)
    answers = dcmm_answers(2)
    first, last = q.items[0], q.items[-1]
    for item in (first, last):
        answers.pop(item.id, None)
        for c in item.criteria:
            answers.pop(c.id, None)
    answers[first.criteria[0].id] = True  # partly answered
    save_all(store, enterprise, draft, answers)
    before = counts(store)
    with pytest.raises(IncompleteError) as info:
        lifecycle.submit(store, enterprise, draft)
    assert info.value.missing == [c.id for c in first.criteria[1:]] + [c.id for c in last.criteria]
    assert f"{len(info.value.missing)}" in info.value.zh and "unanswered" in info.value.en
    assert counts(store) == before
    assert lifecycle.get(store, enterprise, draft)["status"] == "draft"
    assert lifecycle.result(store, enterprise, draft) is None


def test_empty_draft_cannot_be_submitted(store, enterprise, draft):
    with pytest.raises(IncompleteError) as info:
        lifecycle.submit(store, enterprise, draft)
    assert len(info.value.missing) == len(get(DCMM).criterion_by_id)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_submit_stores_the_score_of_the_saved_answers(store, enterprise, draft, seed):
    q = get(DCMM)
    answers = dcmm_answers(seed)
    save_all(store, enterprise, draft, answers)
    data = lifecycle.submit(store, enterprise, draft)

    expected = json.loads(json.dumps(score(q, check_answers(q, answers))))
    assert json.loads(json.dumps(data)) == expected
    assert lifecycle.result(store, enterprise, draft) == {**expected, "archetype": None}
    row = lifecycle.get(store, enterprise, draft)
    assert row["status"] == "submitted" and row["submitted_at"]
    stored = next(store.db.query("SELECT * FROM results WHERE assessment_id = ?", [draft]))
    assert (stored["score"], stored["level"], stored["completeness"]) == (
        expected["overall"]["score"],
        expected["overall"]["level"],
        expected["completeness"],
    )
    parts = dict(store.db.execute("SELECT part, score FROM result_parts WHERE assessment_id = ?", [draft]).fetchall())
    assert parts == {area: value["score"] for area, value in expected["areas"].items()}
    assert len(parts) == len(q.areas)
    audit = list(store.db.query("SELECT * FROM audit WHERE action = 'assessment.submit'"))
    assert [(a["actor"], a["record_id"], a["outcome"]) for a in audit] == [(enterprise.username, str(draft), "ok")]


def test_submit_sme_stores_its_dimensions(store, enterprise):
    q = get(SME)
    draft = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, SME, "2025")
    answers = sme_answers()
    save_all(store, enterprise, draft, answers)
    data = lifecycle.submit(store, enterprise, draft)
    assert json.loads(json.dumps(data)) == json.loads(json.dumps(score(q, check_answers(q, answers))))
    parts = dict(store.db.execute("SELECT part, score FROM result_parts WHERE assessment_id = ?", [draft]).fetchall())
    for dimension, value in data["dimensions"].items():
        assert parts[dimension] == value["score"]


def test_submit_passes_the_result_to_the_placer(store, enterprise, draft):
    save_all(store, enterprise, draft, dcmm_answers(4))
    seen = []
    lifecycle.submit(store, enterprise, draft, place=lambda q, data: seen.append(q.id) or "数据驱动型")
    assert seen == [DCMM]
    assert lifecycle.result(store, enterprise, draft)["archetype"] == "数据驱动型"


def test_submitted_assessment_is_frozen(store, enterprise, submitted):
    before_answers, before = stored_answers(store, submitted), counts(store)
    item = get(DCMM).items[0]
    for value in (3, None):
        with pytest.raises(LifecycleError, match="reopen"):
            lifecycle.save_answer(store, enterprise, submitted, item.id, value)
    with pytest.raises(LifecycleError):
        lifecycle.submit(store, enterprise, submitted)
    assert stored_answers(store, submitted) == before_answers
    assert counts(store) == before


# ------------------------------------------------------------------------------ revisions and rounds


def test_reopen_makes_a_revision_and_leaves_the_original(store, enterprise, submitted):
    original_row = lifecycle.get(store, enterprise, submitted)
    original_answers = lifecycle.answers(store, enterprise, submitted)
    original_result = lifecycle.result(store, enterprise, submitted)

    revision = lifecycle.reopen(store, enterprise, submitted)
    assert revision != submitted
    assert lifecycle.reopen(store, enterprise, submitted) == revision  # one open revision at a time
    row = lifecycle.get(store, enterprise, revision)
    assert (row["status"], row["revision_of"], row["round"]) == ("draft", submitted, "2025")
    assert lifecycle.answers(store, enterprise, revision) == original_answers
    assert current_id(store, enterprise) == submitted  # a draft revision does not count yet

    item = get(DCMM).items[0]
    lifecycle.save_answer(store, enterprise, revision, item.id, 5)
    changed = lifecycle.submit(store, enterprise, revision)

    assert current_id(store, enterprise) == revision
    assert lifecycle.get(store, enterprise, submitted) == original_row
    assert lifecycle.answers(store, enterprise, submitted) == original_answers
    assert lifecycle.result(store, enterprise, submitted) == original_result
    assert changed["items"][item.id]["level"] == 5
    views = store.db.execute("SELECT count(*) FROM current_assessments").fetchone()[0]
    assert views == 1


def test_reopen_of_a_draft_is_refused(store, enterprise, draft):
    with pytest.raises(LifecycleError):
        lifecycle.reopen(store, enterprise, draft)


def test_reassess_in_a_new_round_copies_the_starting_point(store, enterprise, submitted):
    new = lifecycle.reassess(store, enterprise, enterprise.credit_code, DCMM, "2026", start_from=submitted)
    row = lifecycle.get(store, enterprise, new)
    assert (row["round"], row["status"], row["revision_of"]) == ("2026", "draft", None)
    assert lifecycle.answers(store, enterprise, new) == lifecycle.answers(store, enterprise, submitted)
    # resuming the new round neither duplicates nor re-copies
    lifecycle.save_answer(store, enterprise, new, get(DCMM).items[0].id, 1)
    again = lifecycle.reassess(store, enterprise, enterprise.credit_code, DCMM, "2026", start_from=submitted)
    assert again == new
    assert lifecycle.answers(store, enterprise, new)[get(DCMM).items[0].id] == 1
    assert current_id(store, enterprise, "2025") == submitted and current_id(store, enterprise, "2026") is None


def test_reassess_without_a_starting_point_is_empty(store, enterprise, submitted):
    new = lifecycle.reassess(store, enterprise, enterprise.credit_code, DCMM, "2026")
    assert lifecycle.answers(store, enterprise, new) == {}


def test_reassess_from_another_questionnaire_is_refused_and_writes_nothing(store, enterprise, submitted):
    before = counts(store)
    with pytest.raises(LifecycleError):
        lifecycle.reassess(store, enterprise, enterprise.credit_code, SME, "2026", start_from=submitted)
    assert counts(store) == before


def test_assessments_of_lists_newest_first_with_scores(store, enterprise, submitted):
    revision = lifecycle.reopen(store, enterprise, submitted)
    rows = lifecycle.assessments_of(store, enterprise, enterprise.credit_code)
    assert [r["id"] for r in rows] == [revision, submitted]
    assert rows[0]["score"] is None and rows[1]["score"] is not None


# ------------------------------------------------------------------------------ refresh loses nothing


def test_answers_survive_closing_and_reopening_the_store(store, enterprise, draft):
    answers = dcmm_answers(5)
    save_all(store, enterprise, draft, answers)
    path = store.path
    store.close()

    fresh = Store(path)
    try:
        assert lifecycle.start_or_resume(fresh, enterprise, enterprise.credit_code, DCMM, "2025") == draft
        assert lifecycle.answers(fresh, enterprise, draft) == answers
        lifecycle.submit(fresh, enterprise, draft)
    finally:
        fresh.close()
    again = Store(path)
    try:
        assert lifecycle.get(again, enterprise, draft)["status"] == "submitted"
    finally:
        again.close()


def test_two_enterprises_never_see_each_others_answers(store):
    a, b = make_enterprise(store, 1), make_enterprise(store, 2)
    da = lifecycle.start_or_resume(store, a, a.credit_code, DCMM, "2025")
    db_ = lifecycle.start_or_resume(store, b, b.credit_code, DCMM, "2025")
    item = get(DCMM).items[0]
    lifecycle.save_answer(store, a, da, item.id, 4)
    lifecycle.save_answer(store, b, db_, item.id, 2)
    assert lifecycle.answers(store, a, da) == {item.id: 4}
    assert lifecycle.answers(store, b, db_) == {item.id: 2}
