"""Self-registration cannot manufacture a cohort: a self-registered enterprise counts in no
cohort figure until the bureau confirms it (or it signs in with an access code, or it is
imported); existing enterprises migrate as confirmed; confirmations are audited."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assessment import accounts, enterprises, uptake
from assessment.access import CLI, Actor, PermissionDenied
from assessment.answers import check_answers
from assessment.cohort import CohortFilter, cohort_frame, distinct_values
from assessment.db import Store
from assessment.enterprises import NotFound
from assessment.lifecycle import record_submitted
from benchmarks import cohorts
from cli import app
from questionnaires import get
from tests.conftest import code, make_enterprise

Q = get("sme-2024")
REAL_PARK = "金水创新产业园"


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def submit(store: Store, actor: Actor, n: int, level: int, round_: str = "2025") -> int:
    """A submitted sme-2024 assessment of enterprise n, every scenario at ``level``."""
    given = check_answers(Q, {s.id: level for s in Q.scenarios})
    with store.write() as db:
        return record_submitted(db, actor, code(n), Q, round_, "self", given)


def fake_registrations(store: Store, first: int, count: int, park: str = REAL_PARK) -> list[Actor]:
    users = [
        make_enterprise(store, n, confirmed=False, park=park, name=f"虚构注册{n}") for n in range(first, first + count)
    ]
    for n, user in enumerate(users, start=first):
        submit(store, user, n, 4)
    return users


def test_self_registration_is_unconfirmed_and_counts_nowhere(store):
    real = make_enterprise(store, 1)  # confirmed (the fixture's default)
    submit(store, real, 1, 1)
    fake_registrations(store, 2, 5)  # five fake firms in the real one's park
    flt = CohortFilter("sme-2024", park=REAL_PARK)
    frame = cohort_frame(store, flt)
    assert list(frame["credit_code"]) == [code(1)]
    assert cohorts.benchmark(store, flt) == {"count": 1, "suppressed": True}
    assert uptake.started_and_submitted(store, flt) == (1, 1)
    assert uptake.started_and_submitted(store, CohortFilter("sme-2024")) == (1, 1)
    assert [r["credit_code"] for r in enterprises.unconfirmed(store, CLI)] == [code(n) for n in range(2, 7)]


def test_a_park_only_unconfirmed_registrations_name_is_not_offered(store):
    fake_registrations(store, 2, 1, park="虚构园区")
    assert "虚构园区" not in distinct_values(store, "park")


def test_confirmation_counts_the_enterprise_and_is_audited(store):
    for n in range(1, 6):
        make_enterprise(store, n, confirmed=False)
        submit(store, Actor(code(n), "enterprise", code(n)), n, 2)
    assert cohort_frame(store, CohortFilter("sme-2024")).empty
    for n in range(1, 6):
        assert enterprises.confirm(store, CLI, code(n)) is True
    assert enterprises.confirm(store, CLI, code(1)) is False  # once is enough
    assert len(cohort_frame(store, CohortFilter("sme-2024"))) == 5
    rows = list(store.db.query("SELECT actor, record_id, detail FROM audit WHERE action = 'enterprise.confirm'"))
    assert [r["record_id"] for r in rows] == [code(n) for n in range(1, 6)]
    assert all(r["actor"] == "cli" and json.loads(r["detail"]) == {"by": "bureau"} for r in rows)
    row = store.db.execute(
        "SELECT confirmed, confirmed_by, confirmed_at FROM enterprises WHERE credit_code = ?", [code(1)]
    )
    confirmed, by, at = row.fetchone()
    assert (confirmed, by) == (1, "cli") and at


def test_only_an_administrator_confirms(store, analyst):
    me = make_enterprise(store, 1, confirmed=False)
    for who in (me, analyst):
        with pytest.raises(PermissionDenied):
            enterprises.confirm(store, who, code(1))
        with pytest.raises(PermissionDenied):
            enterprises.unconfirmed(store, who)
    denied = store.db.execute(
        "SELECT count(*) FROM audit WHERE action = 'enterprise.confirm' AND outcome = 'denied'"
    ).fetchone()[0]
    assert denied == 2
    assert store.db.execute("SELECT confirmed FROM enterprises").fetchone()[0] == 0
    with pytest.raises(NotFound):
        enterprises.confirm(store, CLI, code(9))


def test_an_access_code_confirms_the_enterprise(store):
    make_enterprise(store, 1, confirmed=False)
    issued = accounts.issue_access_code(store, CLI, code(1))
    accounts.redeem_access_code(store, code(1), issued["code"], "Qv8#tLm2pRx9wZ")
    assert store.db.execute("SELECT confirmed FROM enterprises").fetchone()[0] == 1
    detail = store.db.execute("SELECT detail FROM audit WHERE action = 'enterprise.confirm'").fetchone()[0]
    assert json.loads(detail) == {"by": "access_code"}


def test_the_bureau_entering_an_enterprise_confirms_it(store):
    enterprises.upsert(store, CLI, {"credit_code": code(3), "name": "主管部门登记企业"})
    assert store.db.execute("SELECT confirmed FROM enterprises").fetchone()[0] == 1


def test_cli_confirms_and_lists_the_queue(tmp_path):
    path = str(tmp_path / "a.db")
    store = Store(path)
    make_enterprise(store, 1, confirmed=False)
    runner = CliRunner()
    listed = runner.invoke(app, ["enterprise", "unconfirmed", "--json", "--db", path])
    assert listed.exit_code == 0 and [r["credit_code"] for r in json.loads(listed.stdout)] == [code(1)]
    done = runner.invoke(app, ["enterprise", "confirm", code(1).lower(), "--db", path])
    assert done.exit_code == 0, done.stderr
    assert "confirmed" in done.stdout
    assert json.loads(runner.invoke(app, ["enterprise", "unconfirmed", "--json", "--db", path]).stdout) == []
    unknown = runner.invoke(app, ["enterprise", "confirm", code(7), "--db", path])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.stderr and code(7) in unknown.stderr


def test_existing_enterprises_migrate_as_confirmed(tmp_path):
    path = tmp_path / "old.db"
    store = Store(path)
    # the database as it was before the migration, with an enterprise in it
    for statement in (
        "DROP INDEX enterprises_unconfirmed",
        "ALTER TABLE enterprises DROP COLUMN confirmed",
        "ALTER TABLE enterprises DROP COLUMN confirmed_by",
        "ALTER TABLE enterprises DROP COLUMN confirmed_at",
        "DROP TABLE benchmark_snapshots",
        "DELETE FROM _sqlite_migrations WHERE name = '0005_confirmation_and_snapshot'",
        "INSERT INTO enterprises (credit_code, name, created_at, updated_at) "
        f"VALUES ('{code(1)}', '老企业', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')",
    ):
        store.db.execute(statement)
    store.close()
    again = Store(path)
    row = again.db.execute("SELECT confirmed, confirmed_by, confirmed_at FROM enterprises").fetchone()
    assert row == (1, "migration", "2024-01-01T00:00:00+00:00")
    again.close()
