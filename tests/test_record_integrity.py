"""An enterprise never changes a record the bureau entered (an import or an on-site rating):
reopening, answering and submitting one is refused in the core, named and audited; its
corrections are always new self-assessments. The bureau corrects its own records."""

import pytest

from assessment import lifecycle, rounds
from assessment.access import CLI, BureauRecord, PermissionDenied
from assessment.cohort import CohortFilter, cohort_frame
from assessment.rounds import ClosedRound
from questionnaires import get
from tests.conftest import make_enterprise

DCMM = "dcmm-2025"
TABLES = ("assessments", "answers", "results")


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def quick(level: int) -> dict:
    return {item.id: level for item in get(DCMM).items}


def bureau_record(store, enterprise, source: str, round_: str = "2025", level: int = 4) -> int:
    with store.write() as db:
        return lifecycle.record_submitted(db, CLI, enterprise.credit_code, get(DCMM), round_, source, quick(level))


def counts(store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def denials(store) -> list[tuple]:
    return store.db.execute(
        "SELECT actor, action, record_type, record_id FROM audit WHERE outcome = 'denied' ORDER BY id"
    ).fetchall()


def best(store, enterprise, round_="2025") -> dict:
    frame = cohort_frame(store, CohortFilter(DCMM, round=round_))
    return frame[frame["credit_code"] == enterprise.credit_code].iloc[0].to_dict()


@pytest.mark.parametrize("source", ["onsite", "import"])
def test_an_enterprise_cannot_reopen_a_bureau_record(store, enterprise, source):
    record = bureau_record(store, enterprise, source)
    before = counts(store)
    with pytest.raises(BureauRecord) as info:
        lifecycle.reopen(store, enterprise, record)
    assert "主管部门" in info.value.zh and "bureau" in info.value.en
    assert counts(store) == before
    assert denials(store) == [(enterprise.username, "assessment.reopen", "assessment", str(record))]


@pytest.mark.parametrize("source", ["onsite", "import"])
def test_the_bureau_corrects_its_own_record_as_a_revision_of_the_same_source(store, enterprise, analyst, source):
    record = bureau_record(store, enterprise, source, level=4)
    revision = lifecycle.reopen(store, analyst, record)
    row = lifecycle.get(store, analyst, revision)
    assert (row["source"], row["revision_of"], row["created_by"]) == (source, record, analyst.username)
    item = get(DCMM).items[0].id
    lifecycle.save_answer(store, analyst, revision, item, 2)
    lifecycle.submit(store, analyst, revision)
    assert best(store, enterprise)["assessment_id"] == revision
    assert not denials(store)


def test_an_enterprise_cannot_answer_or_submit_the_bureaus_open_correction(store, enterprise):
    record = bureau_record(store, enterprise, "onsite")
    revision = lifecycle.reopen(store, CLI, record)
    answers = lifecycle.answers(store, CLI, revision)
    item = get(DCMM).items[0].id
    for call, action in (
        (lambda: lifecycle.save_answer(store, enterprise, revision, item, 1), "answer.save"),
        (lambda: lifecycle.submit(store, enterprise, revision), "assessment.submit"),
    ):
        with pytest.raises(BureauRecord):
            call()
        assert denials(store)[-1] == (enterprise.username, action, "assessment", str(revision))
    assert lifecycle.answers(store, CLI, revision) == answers
    assert lifecycle.get(store, CLI, revision)["status"] == "draft"
    # and a page may not offer it to the enterprise
    assert not lifecycle.may_write(enterprise, lifecycle.get(store, enterprise, revision))


def test_the_bureau_still_cannot_touch_a_self_assessment(store, enterprise, analyst):
    draft = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2025")
    for qid, value in quick(3).items():
        lifecycle.save_answer(store, enterprise, draft, qid, value)
    lifecycle.submit(store, enterprise, draft)
    for who in (analyst, CLI):
        with pytest.raises(PermissionDenied) as info:
            lifecycle.reopen(store, who, draft)
        assert not isinstance(info.value, BureauRecord)


def test_another_enterprise_is_told_it_is_not_its_record(store, enterprise):
    record = bureau_record(store, enterprise, "onsite")
    other = make_enterprise(store, 2)
    with pytest.raises(PermissionDenied) as info:
        lifecycle.reopen(store, other, record)
    assert not isinstance(info.value, BureauRecord)  # nothing said about whose record it is
    assert info.value.zh == "未找到该记录，或当前账户无权访问"  # the uniform refusal: reveals nothing


def test_an_enterprises_correction_of_an_onsite_rating_is_a_new_self_record_that_does_not_win(store, enterprise):
    record = bureau_record(store, enterprise, "onsite", level=2)
    copy = lifecycle.reassess(store, enterprise, enterprise.credit_code, DCMM, "2025", start_from=record)
    row = lifecycle.get(store, enterprise, copy)
    assert (row["source"], row["revision_of"], row["round"]) == ("self", None, "2025")
    assert lifecycle.answers(store, enterprise, copy) == lifecycle.answers(store, enterprise, record)
    for qid, value in quick(5).items():
        lifecycle.save_answer(store, enterprise, copy, qid, value)
    lifecycle.submit(store, enterprise, copy)
    counted = best(store, enterprise)
    assert (counted["assessment_id"], counted["source"]) == (record, "onsite")
    assert lifecycle.get(store, enterprise, record)["status"] == "submitted"


def test_may_reopen_offers_only_what_the_account_may_correct(store, enterprise, analyst):
    onsite = lifecycle.get(store, CLI, bureau_record(store, enterprise, "onsite"))
    imported = lifecycle.get(store, CLI, bureau_record(store, enterprise, "import", round_="2024"))
    draft = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2026")
    for qid, value in quick(3).items():
        lifecycle.save_answer(store, enterprise, draft, qid, value)
    lifecycle.submit(store, enterprise, draft)
    own = lifecycle.get(store, enterprise, draft)
    assert [lifecycle.may_reopen(store, enterprise, r) for r in (onsite, imported, own)] == [False, False, True]
    assert [lifecycle.may_reopen(store, analyst, r) for r in (onsite, imported, own)] == [True, True, False]
    rounds.set_open(store, CLI, "2026", False)
    assert not lifecycle.may_reopen(store, enterprise, own)


def test_a_closed_round_ends_an_enterprises_submissions_and_corrections(store, enterprise):
    done = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2024")
    draft = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2025")
    for aid in (done, draft):
        for qid, value in quick(3).items():
            lifecycle.save_answer(store, enterprise, aid, qid, value)
    lifecycle.submit(store, enterprise, done)
    rounds.set_open(store, CLI, "2024", False)
    rounds.set_open(store, CLI, "2025", False)
    before = counts(store)
    with pytest.raises(ClosedRound):
        lifecycle.reopen(store, enterprise, done)
    with pytest.raises(ClosedRound):
        lifecycle.submit(store, enterprise, draft)
    assert counts(store) == before
    assert lifecycle.get(store, enterprise, draft)["status"] == "draft"
    # the bureau's records of a closed round stay correctable by the bureau
    record = bureau_record(store, enterprise, "onsite", round_="2024")
    assert lifecycle.get(store, CLI, lifecycle.reopen(store, CLI, record))["source"] == "onsite"


def test_drafts_an_enterprise_opened_on_bureau_records_become_its_own_when_migrated(tmp_path):
    from assessment.db import Store

    store = Store(tmp_path / "old.db")
    me = make_enterprise(store, 1)
    item = get(DCMM).items[0].id

    def draft(round_: str, source: str, by: str) -> int:
        stamp = "2025-06-01T00:00:00+00:00"
        new_id = store.db.execute(
            "INSERT INTO assessments (credit_code, questionnaire, version, round, status, source, created_by, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?)",
            [me.credit_code, DCMM, get(DCMM).version, round_, source, by, stamp, stamp],
        ).lastrowid
        store.db.execute(
            "INSERT INTO answers (assessment_id, question_id, value, answered_by, answered_at) "
            "VALUES (?, ?, '5', ?, ?)",
            [new_id, item, by, stamp],
        )
        return new_id

    with store.write() as db:  # back to the schema before 0004, with what reopen used to leave
        db.execute("DROP TABLE rounds")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_rounds'")
        kept = draft("2025", "onsite", me.username)  # alone in its slot: becomes a self draft
        own = draft("2024", "self", me.username)
        clashing = draft("2024", "onsite", me.username)  # the slot has a self draft: removed
        older = draft("2023", "onsite", me.username)  # two in one slot: the later one is kept
        later = draft("2023", "import", me.username)
        bureau = draft("2022", "onsite", "cli")  # the bureau's own correction: untouched
    store.close()
    migrated = Store(tmp_path / "old.db")
    rows = {r["id"]: r["source"] for r in migrated.db.query("SELECT id, source FROM assessments")}
    assert rows == {kept: "self", own: "self", later: "self", bureau: "onsite"}
    left = {r[0] for r in migrated.db.execute("SELECT assessment_id FROM answers").fetchall()}
    assert left == {kept, own, later, bureau} and clashing not in left and older not in left
    assert lifecycle.may_write(me, lifecycle.get(migrated, me, kept))
    migrated.close()
