"""The audit log cannot be used to fill the disk, nor the database with a demo cohort (issue 10,
point 14)."""

from __future__ import annotations

import json

import pytest

from assessment import accounts, audit
from assessment.access import CLI, Actor, PermissionDenied
from assessment.errors import AssessmentError
from benchmarks.demo import generate_and_fit


def last(store) -> dict:
    return next(store.db.query("SELECT * FROM audit ORDER BY id DESC LIMIT 1"))


def test_every_user_supplied_field_is_capped(store):
    huge = "界" * 1_000_000
    actor = Actor(huge, "enterprise")
    detail = {"file": huge, "rows": list(range(10_000)), huge: 1, "nested": {"x": [huge] * 3}}
    with store.write() as db:
        audit.record(db, actor, huge, huge, huge, outcome="denied", detail=detail)
    row = last(store)
    assert all(len(row[k]) <= audit.MAX_FIELD for k in ("actor", "action", "record_type", "record_id"))
    assert row["actor"].endswith("…") and len(row["detail"]) <= audit.MAX_DETAIL
    detail = json.loads(row["detail"])
    assert len(detail["file"]) == audit.MAX_FIELD and len(detail["rows"]) == audit.MAX_ITEMS + 1


def test_a_detail_too_large_even_when_capped_keeps_only_its_keys(store):
    with store.write() as db:
        audit.record(db, CLI, "import", detail={f"k{n}": "x" * 190 for n in range(40)})
    detail = json.loads(last(store)["detail"])
    assert detail["truncated"] is True and detail["keys"][:2] == ["k0", "k1"]


def test_a_sign_in_with_a_megabyte_username_is_recorded_capped(store):
    with pytest.raises(AssessmentError):
        accounts.authenticate(store, "u" * 1_000_000, "Qv8#tLm2pRx9wZ")
    rows = store.db.execute("SELECT max(length(actor)), max(length(record_id)) FROM audit").fetchone()
    assert all(n is None or n <= audit.MAX_FIELD for n in rows)


def test_only_an_administrator_or_the_command_line_adds_the_demo_cohort(store):
    with pytest.raises(PermissionDenied):
        generate_and_fit(store, None, 5, 1)
    with pytest.raises(PermissionDenied):
        generate_and_fit(store, Actor("analyst1", "analyst"), 5, 1)
    with pytest.raises(PermissionDenied):
        generate_and_fit(store, Actor("91370213MA0000001X", "enterprise", "91370213MA0000001X"), 5, 1)
    assert store.db.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 0
    assert (
        store.db.execute("SELECT count(*) FROM audit WHERE action = 'demo' AND outcome = 'denied'").fetchone()[0] == 2
    )
    assert generate_and_fit(store, CLI, 5, 1).enterprises == 5
