"""Authorisation is checked in the core: every read and write refuses the wrong user with
PermissionDenied, writes nothing, and leaves an audit row with outcome 'denied'.

To cover a new core function, add a line to DENIED (and, for reads, to READS).
"""

import inspect
from dataclasses import dataclass

import pytest

from assessment import accounts, audit, enterprises, lifecycle, rounds
from assessment.access import Actor, PermissionDenied
from assessment.db import Store
from assessment.errors import AssessmentError
from questionnaires import get
from tests.conftest import code, make_enterprise

DCMM = "dcmm-2025"
DATA_TABLES = ("enterprises", "users", "access_codes", "assessments", "answers", "results", "result_parts")


pytestmark = pytest.mark.usefixtures("cheap_argon2")


@dataclass
class World:
    store: Store
    a: Actor  # enterprise A, the owner of the records
    b: Actor  # enterprise B, another enterprise
    analyst: Actor
    admin: Actor
    a_draft: int  # complete: a missing check would let it be submitted
    a_done: int  # submitted, round 2024

    def who(self, name: str) -> Actor:
        return getattr(self, name)


@pytest.fixture
def world(store, admin, analyst) -> World:
    a, b = make_enterprise(store, 1), make_enterprise(store, 2)
    quick = {item.id: 3 for item in get(DCMM).items}
    done = lifecycle.start_or_resume(store, a, a.credit_code, DCMM, "2024")
    draft = lifecycle.start_or_resume(store, a, a.credit_code, DCMM, "2025")
    for assessment_id in (done, draft):
        for qid, value in quick.items():
            lifecycle.save_answer(store, a, assessment_id, qid, value)
    lifecycle.submit(store, a, done)
    accounts.issue_access_code(store, admin, a.credit_code)
    return World(store, a, b, analyst, admin, draft, done)


ITEM = "strategy.planning"

# (case id, who acts, the call). Each call would succeed for the right user.
DENIED = [
    # enterprise B on enterprise A's records
    ("get", "b", lambda w, me: lifecycle.get(w.store, me, w.a_draft)),
    ("answers", "b", lambda w, me: lifecycle.answers(w.store, me, w.a_draft)),
    ("result", "b", lambda w, me: lifecycle.result(w.store, me, w.a_done)),
    ("assessments_of", "b", lambda w, me: lifecycle.assessments_of(w.store, me, w.a.credit_code)),
    ("start_or_resume", "b", lambda w, me: lifecycle.start_or_resume(w.store, me, w.a.credit_code, DCMM, "2026")),
    ("save_answer", "b", lambda w, me: lifecycle.save_answer(w.store, me, w.a_draft, ITEM, 5)),
    ("save_answer_clear", "b", lambda w, me: lifecycle.save_answer(w.store, me, w.a_draft, ITEM, None)),
    ("submit", "b", lambda w, me: lifecycle.submit(w.store, me, w.a_draft)),
    ("reopen", "b", lambda w, me: lifecycle.reopen(w.store, me, w.a_done)),
    ("reassess", "b", lambda w, me: lifecycle.reassess(w.store, me, w.a.credit_code, DCMM, "2026")),
    (
        "reassess_from_other",
        "b",
        lambda w, me: lifecycle.reassess(w.store, me, me.credit_code, DCMM, "2026", start_from=w.a_done),
    ),
    ("enterprises.get", "b", lambda w, me: enterprises.get(w.store, me, w.a.credit_code)),
    (
        "enterprises.upsert",
        "b",
        lambda w, me: enterprises.upsert(w.store, me, {"credit_code": w.a.credit_code, "name": "被改名"}),
    ),
    # the bureau reads but never writes an enterprise's answers; neither does an administrator
    ("start_or_resume", "analyst", lambda w, me: lifecycle.start_or_resume(w.store, me, w.a.credit_code, DCMM, "2026")),
    ("save_answer", "analyst", lambda w, me: lifecycle.save_answer(w.store, me, w.a_draft, ITEM, 5)),
    ("submit", "analyst", lambda w, me: lifecycle.submit(w.store, me, w.a_draft)),
    ("reopen", "analyst", lambda w, me: lifecycle.reopen(w.store, me, w.a_done)),
    (
        "reassess",
        "analyst",
        lambda w, me: lifecycle.reassess(w.store, me, w.a.credit_code, DCMM, "2026", start_from=w.a_done),
    ),
    (
        "enterprises.upsert",
        "analyst",
        lambda w, me: enterprises.upsert(w.store, me, {"credit_code": w.a.credit_code, "name": "被改名"}),
    ),
    ("save_answer", "admin", lambda w, me: lifecycle.save_answer(w.store, me, w.a_draft, ITEM, 5)),
    ("submit", "admin", lambda w, me: lifecycle.submit(w.store, me, w.a_draft)),
    ("reopen", "admin", lambda w, me: lifecycle.reopen(w.store, me, w.a_done)),
    # the list of rounds: the bureau's
    ("rounds.add", "a", lambda w, me: rounds.add(w.store, me, "2030")),
    ("rounds.list_rounds", "a", lambda w, me: rounds.list_rounds(w.store, me)),
    ("rounds.set_open", "a", lambda w, me: rounds.set_open(w.store, me, "2025", False)),
    # account administration: administrators only
    *[
        case
        for who in ("a", "analyst")
        for case in [
            ("add_user", who, lambda w, me: accounts.add_user(w.store, me, "intruder", "admin", "Fy8&pCt3Lx7^Wr")),
            ("list_users", who, lambda w, me: accounts.list_users(w.store, me)),
            ("set_disabled", who, lambda w, me: accounts.set_disabled(w.store, me, w.b.username)),
            ("reset_password", who, lambda w, me: accounts.reset_password(w.store, me, w.b.username, "Ur2#hVm9Zq5$Dj")),
            ("issue_access_code", who, lambda w, me: accounts.issue_access_code(w.store, me, w.b.credit_code)),
            ("revoke_access_codes", who, lambda w, me: accounts.revoke_access_codes(w.store, me, w.a.credit_code)),
            ("audit.entries", who, lambda w, me: audit.entries(w.store, me)),
            ("enterprises.confirm", who, lambda w, me: enterprises.confirm(w.store, me, w.b.credit_code)),
            ("enterprises.unconfirmed", who, lambda w, me: enterprises.unconfirmed(w.store, me)),
        ]
    ],
]

# Reads that the owner, the bureau and the administrator may all do.
READS = [
    ("get", lambda w, me: lifecycle.get(w.store, me, w.a_done)),
    ("answers", lambda w, me: lifecycle.answers(w.store, me, w.a_done)),
    ("result", lambda w, me: lifecycle.result(w.store, me, w.a_done)),
    ("assessments_of", lambda w, me: lifecycle.assessments_of(w.store, me, w.a.credit_code)),
    ("enterprises.get", lambda w, me: enterprises.get(w.store, me, w.a.credit_code)),
]

# Functions of (store, actor, ...) that refuse nobody, and why.
NOT_GUARDED = {
    "enterprises.listing": "an enterprise user gets only its own row",
    "audit.record_alone": "writes the audit row itself",
    "may_reopen": "answers whether a page should offer reopening; changes and reveals nothing",
}


def data_counts(store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATA_TABLES}


def audit_rows(store) -> list[dict]:
    return list(store.db.query("SELECT * FROM audit ORDER BY id"))


@pytest.mark.parametrize(("name", "who", "call"), DENIED, ids=[f"{who}-{name}" for name, who, _ in DENIED])
def test_wrong_user_is_refused_audited_and_nothing_is_written(world, name, who, call):
    me = world.who(who)
    before_data, before_audit = data_counts(world.store), len(audit_rows(world.store))
    draft_answers = world.store.db.execute("SELECT * FROM answers ORDER BY 1, 2").fetchall()

    with pytest.raises(PermissionDenied) as info:
        call(world, me)

    error = info.value
    assert isinstance(error, AssessmentError)
    assert error.zh and error.en and error.zh != error.en
    assert error.message("zh") == error.zh and error.message("en") == error.en
    new = audit_rows(world.store)[before_audit:]
    assert [(r["actor"], r["role"], r["outcome"]) for r in new] == [(me.username, me.role, "denied")]
    assert data_counts(world.store) == before_data
    assert world.store.db.execute("SELECT * FROM answers ORDER BY 1, 2").fetchall() == draft_answers
    assert lifecycle.get(world.store, world.a, world.a_draft)["status"] == "draft"


@pytest.mark.parametrize("who", ["a", "analyst", "admin"])
@pytest.mark.parametrize(("name", "call"), READS, ids=[name for name, _ in READS])
def test_owner_bureau_and_administrator_may_read(world, who, name, call):
    assert call(world, world.who(who))
    assert not [r for r in audit_rows(world.store) if r["outcome"] == "denied"]


def test_an_enterprise_lists_only_itself(world):
    rows = enterprises.listing(world.store, world.b)
    assert [r["credit_code"] for r in rows] == [world.b.credit_code]
    assert len(enterprises.listing(world.store, world.analyst)) == 2


def test_refusals_show_in_the_audit_log(world):
    with pytest.raises(PermissionDenied):
        lifecycle.submit(world.store, world.b, world.a_draft)
    denied = audit.entries(world.store, world.admin, outcome="denied")
    assert [(r["actor"], r["action"], r["record_id"]) for r in denied] == [
        (world.b.username, "assessment.submit", world.a.credit_code)
    ]


def test_a_disabled_enterprise_cannot_be_re_enabled_by_another(world):
    accounts.set_disabled(world.store, world.admin, world.b.username)
    with pytest.raises(PermissionDenied):
        accounts.set_disabled(world.store, world.a, world.b.username, False)
    row = world.store.db.execute("SELECT disabled FROM users WHERE username = ?", [world.b.username]).fetchone()
    assert row == (1,)


def guarded_functions() -> set[str]:
    found = set()
    for module in (lifecycle, enterprises, accounts, audit, rounds):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(fn).parameters)
            if params[:2] == ["store", "actor"]:
                prefix = "" if module is lifecycle or module is accounts else module.__name__.split(".")[-1] + "."
                found.add(prefix + name)
    return found


def test_every_core_function_with_an_actor_is_covered():
    covered = {name for name, _, _ in DENIED} | set(NOT_GUARDED)
    assert guarded_functions() - covered == set()


def test_unknown_enterprise_code_is_not_a_way_around(world):
    with pytest.raises(PermissionDenied):
        lifecycle.assessments_of(world.store, world.b, code(99))


def test_an_enterprise_cannot_tell_a_missing_assessment_from_another_enterprises(world):
    """Issue 10, item 9: an assessment id reveals nothing to an enterprise."""
    missing = world.a_draft + 10_000
    for call in (
        lambda aid: lifecycle.get(world.store, world.b, aid),
        lambda aid: lifecycle.answers(world.store, world.b, aid),
        lambda aid: lifecycle.save_answer(world.store, world.b, aid, f"{ITEM}", 2),
        lambda aid: lifecycle.submit(world.store, world.b, aid),
        lambda aid: lifecycle.reassess(world.store, world.b, world.b.credit_code, DCMM, "2026", start_from=aid),
    ):
        messages = []
        for aid in (world.a_draft, missing):
            with pytest.raises(PermissionDenied) as info:
                call(aid)
            messages.append((info.value.zh, info.value.en))
        assert messages[0] == messages[1]
