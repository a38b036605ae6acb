"""On-site verification in the core: the assessor role and what it may reach, assignments, the
on-site record linked to the self-assessment it verifies (source, signature, scoring through the
lifecycle), evidence requests, the comparison, and the migration of an old database."""

import sqlite3

import pytest

from assessment import accounts, enterprises, exporter, lifecycle, verification
from assessment.access import CLI, BureauRecord, PermissionDenied
from assessment.cohort import CohortFilter, cohort_frame
from assessment.db import Store
from assessment.errors import AssessmentError
from assessment.schema import migrations
from benchmarks import verification as queue
from benchmarks import verification_gaps
from questionnaires import get
from reports import batch_zip, cohort_pdf, enterprise_pdf
from reports.bundle import cohort_bundle
from tests.conftest import make_enterprise, open_rounds
from tests.support.records import PASSWORD, self_assessed
from tests.support.reports import flat, pdf_text

DCMM = "dcmm-2025"


pytestmark = pytest.mark.usefixtures("cheap_argon2")


@pytest.fixture
def setting(store, analyst):
    firm, other = make_enterprise(store, 1), make_enterprise(store, 2)
    assessor = accounts.add_user(store, CLI, "assessor1", "assessor", PASSWORD, agency="青岛评测中心")
    mine, theirs = self_assessed(store, firm), self_assessed(store, other)
    verification.assign(store, analyst, mine, assessor.username)
    return store, analyst, firm, other, assessor, mine, theirs


def test_an_assessor_account_names_its_agency_and_only_assessors_do(store):
    accounts.add_user(store, CLI, "assessor2", "assessor", PASSWORD, agency="外部机构")
    rows = {r["username"]: r for r in accounts.list_users(store, CLI)}
    assert rows["assessor2"]["role"] == "assessor" and rows["assessor2"]["agency"] == "外部机构"
    with pytest.raises(accounts.AccountError):
        accounts.add_user(store, CLI, "analyst9", "analyst", PASSWORD, agency="外部机构")


def test_assignment_is_the_bureaus_audited_and_only_to_an_assessor(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    rows = verification.assignments(store, analyst)
    assert [(r["assessment_id"], r["assessor"], r["agency"]) for r in rows] == [(mine, "assessor1", "青岛评测中心")]
    audit = store.db.execute(
        "SELECT actor, record_id, detail FROM audit WHERE action = 'verification.assign'"
    ).fetchall()
    assert audit == [("analyst1", str(mine), '{"assessor": "assessor1"}')]
    with pytest.raises(AssessmentError):
        verification.assign(store, analyst, theirs, "analyst1")  # not an assessor
    with pytest.raises(PermissionDenied):
        verification.assign(store, firm, theirs, "assessor1")
    with pytest.raises(PermissionDenied):
        verification.assign(store, assessor, theirs, "assessor1")
    assert verification.assignments(store, assessor)[0]["assessment_id"] == mine


def test_an_assessor_sees_only_what_was_assigned_and_never_a_cohort(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    assert lifecycle.get(store, assessor, mine)["id"] == mine
    assert [e["credit_code"] for e in enterprises.listing(store, assessor)] == [firm.credit_code]
    with pytest.raises(PermissionDenied):
        lifecycle.get(store, assessor, theirs)
    with pytest.raises(PermissionDenied):
        lifecycle.answers(store, assessor, theirs)
    with pytest.raises(PermissionDenied):
        lifecycle.assessments_of(store, assessor, other.credit_code)
    with pytest.raises(PermissionDenied):
        enterprises.get(store, assessor, other.credit_code)
    with pytest.raises(PermissionDenied):
        enterprise_pdf(store, assessor, other.credit_code)
    flt = CohortFilter(DCMM)
    with pytest.raises(PermissionDenied):
        queue.queue(store, assessor, flt)
    with pytest.raises(PermissionDenied):
        queue.cohort_flags(store, assessor, flt)
    with pytest.raises(PermissionDenied):
        cohort_bundle(store, assessor, flt)
    with pytest.raises(PermissionDenied):
        batch_zip(store, assessor, flt)
    with pytest.raises(PermissionDenied):
        exporter.export_frame(store, assessor)
    # another self-assessment of the assigned enterprise is not assigned either
    lifecycle.reopen(store, firm, mine)
    later = lifecycle.assessments_of(store, firm, firm.credit_code)[0]["id"]
    with pytest.raises(PermissionDenied):
        lifecycle.get(store, assessor, later)
    assert [r["id"] for r in lifecycle.assessments_of(store, assessor, firm.credit_code)] == [mine]


def verify(store, assessor, mine, lower: dict[str, int]) -> int:
    onsite = verification.start(store, assessor, mine)
    for item_id, level in lower.items():
        verification.save_item(store, assessor, onsite, item_id, level, comment=f"{item_id}: 证据不足")
    return onsite


def test_the_verification_is_an_onsite_record_linked_signed_and_scored(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    items = [i.id for i in get(DCMM).items]
    onsite = verify(store, assessor, mine, {items[0]: 2, items[1]: 3})
    assert verification.start(store, assessor, mine) == onsite  # resumed, not a second draft
    data = verification.submit(store, assessor, onsite)
    row = lifecycle.get(store, analyst, onsite)
    assert (row["source"], row["verifies"], row["created_by"], row["status"]) == (
        "onsite",
        mine,
        "assessor1",
        "submitted",
    )
    assert data["items"][items[0]]["level"] == 2 and data["items"][items[2]]["level"] == 4
    both = verification.comparison(store, firm, mine)
    assert both == verification.comparison(store, firm, onsite)
    assert both["signed"]["by"] == "assessor1" and both["signed"]["agency"] == "青岛评测中心"
    assert both["signed"]["at"] == row["submitted_at"]
    differs = [(i["id"], i["self"], i["verified"], i["comment"]) for i in both["items"] if i["differs"]]
    assert differs == [(items[0], 4.0, 2.0, f"{items[0]}: 证据不足"), (items[1], 4.0, 3.0, f"{items[1]}: 证据不足")]
    # statistics take the verified record as the best source
    frame = cohort_frame(store, CohortFilter(DCMM, round="2025"))
    assert frame.set_index("credit_code").loc[firm.credit_code, "source"] == "onsite"
    with pytest.raises(AssessmentError):
        verification.start(store, assessor, mine)  # verified once; the bureau corrects
    with pytest.raises(PermissionDenied):
        lifecycle.reopen(store, assessor, onsite)


def test_the_enterprise_cannot_change_the_verification_and_the_bureau_corrects_it_as_a_revision(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    item = get(DCMM).items[0].id
    onsite = verify(store, assessor, mine, {item: 2})
    with pytest.raises(PermissionDenied):
        lifecycle.save_answer(store, firm, onsite, item, 5)
    with pytest.raises(PermissionDenied):
        verification.submit(store, firm, onsite)
    verification.submit(store, assessor, onsite)
    with pytest.raises(BureauRecord):
        lifecycle.reopen(store, firm, onsite)
    correction = lifecycle.reopen(store, analyst, onsite)
    row = lifecycle.get(store, analyst, correction)
    assert (row["source"], row["verifies"], row["revision_of"]) == ("onsite", mine, onsite)


def test_an_assessor_cannot_verify_or_write_what_is_not_assigned(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    with pytest.raises(PermissionDenied):
        verification.start(store, assessor, theirs)
    with pytest.raises(PermissionDenied):
        lifecycle.save_answer(store, assessor, mine, get(DCMM).items[0].id, 1)  # the self-assessment itself
    with pytest.raises(PermissionDenied):
        verification.ask_for_evidence(store, assessor, theirs, "请提供数据战略文件")
    second = accounts.add_user(store, CLI, "assessor2", "assessor", PASSWORD)
    onsite = verification.start(store, assessor, mine)
    with pytest.raises(PermissionDenied):
        verification.save_item(store, second, onsite, get(DCMM).items[0].id, 1)
    with pytest.raises(AssessmentError):
        verification.assign(store, analyst, mine, "assessor2")  # started: no reassignment


def test_evidence_requests_are_answered_by_the_enterprise_until_the_verification_is_submitted(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    request = verification.ask_for_evidence(store, assessor, mine, "请提供数据管理制度的发布文件")
    with pytest.raises(AssessmentError):
        verification.ask_for_evidence(store, assessor, mine, "   ")
    assert [r["request"] for r in verification.open_requests(store, firm, firm.credit_code)] == [
        "请提供数据管理制度的发布文件"
    ]
    with pytest.raises(PermissionDenied):
        verification.answer_evidence(store, other, request, "不是我的")
    with pytest.raises(PermissionDenied):
        verification.answer_evidence(store, assessor, request, "代答")
    verification.answer_evidence(store, firm, request, "制度已于 2025 年 3 月发布，文号见附件")
    answered = verification.evidence_requests(store, assessor, mine)[0]
    assert answered["answer"].startswith("制度已于") and answered["answered_by"] == firm.username
    verification.submit(store, assessor, verification.start(store, assessor, mine))
    assert verification.open_requests(store, firm, firm.credit_code) == []
    with pytest.raises(AssessmentError):
        verification.answer_evidence(store, firm, request, "再补充")
    audit = store.db.execute(
        "SELECT actor, action FROM audit WHERE outcome = 'ok' "
        "AND (action LIKE 'verification.%' OR action LIKE 'evidence.%') ORDER BY id"
    ).fetchall()
    assert audit == [
        ("analyst1", "verification.assign"),
        ("assessor1", "evidence.request"),
        (firm.username, "evidence.answer"),
        ("assessor1", "verification.start"),
        ("assessor1", "verification.submit"),
    ]


def test_the_migration_keeps_every_user_and_index_of_an_old_database(tmp_path):
    path = tmp_path / "old.db"
    # a database as it was before this migration: every earlier migration applied
    old = Store(path, migrate=False)
    with old.write() as db:
        migrations.apply(db, stop_before="0012_verification")
    assert "verifies" not in old.db["assessments"].columns_dict
    with old.write() as db:
        db.execute(
            "INSERT INTO users (username, role, password_hash, created_at, disabled) VALUES "
            "('admin1', 'admin', 'h1', '2025-01-01', 0), ('analyst7', 'analyst', 'h2', '2025-01-02', 1)"
        )
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO users (username, role, created_at) VALUES ('a', 'assessor', 'x')")
        # a view and a trigger naming the table survive the rebuild
        db.execute("CREATE VIEW enabled_users AS SELECT username FROM users WHERE disabled = 0")
        db.execute(
            "CREATE TRIGGER users_audit AFTER UPDATE OF disabled ON users BEGIN "
            "INSERT INTO audit (at, actor, role, action) VALUES ('t', NEW.username, NEW.role, 'trigger'); END"
        )
    before = old.db.execute("SELECT * FROM users ORDER BY id").fetchall()
    indexes = old.db.execute(
        "SELECT type, name FROM sqlite_master WHERE tbl_name IN ('users', 'enabled_users') ORDER BY name"
    ).fetchall()
    old.close()
    new = open_rounds(Store(path))
    after = new.db.execute("SELECT * FROM users ORDER BY id").fetchall()
    assert [row[:-1] for row in after] == before and [row[-1] for row in after] == [None, None]  # agency
    assert (
        new.db.execute(
            "SELECT type, name FROM sqlite_master WHERE tbl_name IN ('users', 'enabled_users') ORDER BY name"
        ).fetchall()
        == indexes
    )
    assert new.db.execute("SELECT username FROM enabled_users").fetchall() == [("admin1",)]
    with new.write() as db:
        db.execute("UPDATE users SET disabled = 0 WHERE username = 'analyst7'")
    assert new.db.execute("SELECT count(*) FROM audit WHERE action = 'trigger'").fetchone()[0] == 1
    assert new.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert new.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    accounts.add_user(new, CLI, "assessor1", "assessor", PASSWORD, agency="评测中心")
    with pytest.raises(sqlite3.IntegrityError):  # the other rules of the table still hold
        with new.write() as db:
            db.execute("INSERT INTO users (username, role, created_at) VALUES ('b', 'enterprise', 'x')")
    new.close()


def verified_setting(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    items = get(DCMM).items
    onsite = verify(store, assessor, mine, {items[0].id: 2, items[1].id: 3})
    verification.submit(store, assessor, onsite)
    return items


def test_the_cohort_summary_counts_the_verified_the_gaps_by_item_and_the_flags_that_proved_right(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    items = verified_setting(setting)
    found = verification_gaps.summary(store, analyst, CohortFilter(DCMM))
    assert (found["enterprises"], found["verified"], found["share"], found["pairs"]) == (2, 1, 0.5, 1)
    top = found["items"].head(2)
    assert top["item"].tolist() == [items[0].id, items[1].id] and top["mean_gap"].tolist() == [2.0, 1.0]
    assert found["items"]["mean_gap"].iloc[2:].eq(0).all()
    flags = found["flags"]
    flagged = bool(verification.flags_of(store, analyst, mine))
    lower = found["lower"] == 1
    assert (flags["flagged"], flags["flagged_lower"]) == ((1, int(lower)) if flagged else (0, 0))
    with pytest.raises(PermissionDenied):
        verification_gaps.summary(store, assessor, CohortFilter(DCMM))


def test_the_enterprise_pdf_shows_both_levels_and_the_differing_items_with_comments(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    items = verified_setting(setting)
    text = flat(pdf_text(enterprise_pdf(store, firm, firm.credit_code, mine)))
    assert "自评与现场核查" in text and "以下2项核查结果与自评不同" in text
    assert flat(f"{items[0].clause} {items[0].name.zh}") in text and flat(f"{items[0].id}: 证据不足") in text
    assert "青岛评测中心" in text
    english = flat(pdf_text(enterprise_pdf(store, firm, firm.credit_code, mine, lang="en")))
    assert "Verifiedonsitebyassessor1" in english
    unverified = flat(pdf_text(enterprise_pdf(store, other, other.credit_code, theirs)))
    assert "自评与现场核查" not in unverified


def test_the_cohort_pdf_has_a_verification_section(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    items = verified_setting(setting)
    for n in (3, 4, 5):  # a cohort report needs 5 enterprises
        self_assessed(store, make_enterprise(store, n), level=3)
    text = flat(pdf_text(cohort_pdf(store, analyst, CohortFilter(DCMM))))
    assert "9现场核查" in text and "5家企业中，1家的结果来自现场核查（20.0%）" in text
    assert "自评等级平均比核查等级高" in text
    assert flat(items[0].name.zh) in text


def test_the_cli_creates_an_assessor_and_assigns(setting, monkeypatch):
    from typer.testing import CliRunner

    from cli import app

    store, analyst, firm, other, assessor, mine, theirs = setting
    monkeypatch.setenv("ASSESSMENT_PASSWORD", PASSWORD)
    runner = CliRunner()
    db = ["--db", str(store.path)]
    made = runner.invoke(app, ["user", "add", "assessor9", "--role", "assessor", "--agency", "评测中心", *db])
    assert made.exit_code == 0, made.output
    done = runner.invoke(app, ["verification", "assign", str(theirs), "assessor9", *db])
    assert done.exit_code == 0 and done.output.strip() == f"{theirs}\tassessor9"
    assert {r["assessment_id"]: r["assessor"] for r in verification.assignments(store, analyst)}[theirs] == "assessor9"
    refused = runner.invoke(app, ["verification", "assign", str(theirs), "analyst1", *db])
    assert refused.exit_code == 1 and "不是启用的评估人员账户" in refused.output


def test_comments_and_submissions_are_refused_where_they_do_not_fit(setting):
    store, analyst, firm, other, assessor, mine, theirs = setting
    item = get(DCMM).items[0].id
    onsite = verification.start(store, assessor, mine)
    with pytest.raises(AssessmentError, match="1000"):
        verification.save_comment(store, assessor, onsite, item, "长" * 1001)
    with pytest.raises(AssessmentError):
        verification.save_comment(store, assessor, onsite, "no.such.item", "意见")
    with pytest.raises(PermissionDenied):
        verification.save_comment(store, assessor, mine, item, "写在自评上")
    with pytest.raises(PermissionDenied):
        verification.save_comment(store, firm, onsite, item, "企业代写")
    with pytest.raises(AssessmentError):
        verification.submit(store, analyst, mine)  # not a verification record
    verification.submit(store, assessor, onsite)
    with pytest.raises(AssessmentError):
        verification.save_comment(store, assessor, onsite, item, "提交之后")
    with pytest.raises(AssessmentError):
        verification.ask_for_evidence(store, assessor, mine, "提交之后再要")
    assert verification.comments(store, firm, mine) == {}


def test_evidence_closes_when_verification_starts_and_reopens_while_more_is_asked_for(setting):
    from assessment import evidence
    from tests import evidence_samples as samples

    store, analyst, firm, other, assessor, mine, theirs = setting
    item = get(DCMM).items[0].id
    # theirs is not assigned: its enterprise still attaches; mine is assigned: closed
    assert evidence.evidence_open(store, theirs) and not evidence.evidence_open(store, mine)
    with pytest.raises(AssessmentError):
        evidence.add(store, firm, mine, item, "制度.pdf", samples.pdf(), "数据战略规划文件")
    request = verification.ask_for_evidence(store, assessor, mine, "请补充数据战略规划的审批记录")
    assert evidence.evidence_open(store, mine)
    added = evidence.add(store, firm, mine, item, "审批记录.pdf", samples.pdf(), "审批记录")
    # the assigned assessor reads it (audited); another enterprise and another assessment do not
    meta, data = evidence.read(store, assessor, added["id"])
    assert data == samples.pdf() and meta["name"] == "审批记录.pdf"
    assert (
        store.db.execute(
            "SELECT count(*) FROM audit WHERE actor = 'assessor1' AND action LIKE 'evidence.%' AND outcome = 'ok'"
        ).fetchone()[0]
        >= 1
    )
    with pytest.raises(PermissionDenied):
        evidence.read(store, other, added["id"])
    theirs_file = evidence.add(store, other, theirs, item, "他家.pdf", samples.pdf(), "他家的文件")
    with pytest.raises(PermissionDenied):
        evidence.read(store, assessor, theirs_file["id"])
    verification.answer_evidence(store, firm, request, "已上传审批记录")
    assert not evidence.evidence_open(store, mine)
