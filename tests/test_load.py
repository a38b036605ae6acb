"""Smoke run of the load generator (perf/load.py): five enterprises for ten seconds against a
real server over Streamlit's websocket protocol. It checks that the generator works and that
the database is consistent afterwards, never how fast anything was.

Deselect with ``-m "not slow"``."""

from __future__ import annotations

import pytest

from perf import load

pytestmark = pytest.mark.slow


def test_five_sessions_answer_and_leave_the_database_consistent(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "CACHE", tmp_path)
    figures = load.run_once(5, 10.0, 0.2, ramp=1.0, exact_accounts=True)

    assert figures.errors == 0, figures.error_samples
    assert figures.problems == []  # every acknowledged answer stored once, with the value sent
    assert figures.answers > 0  # the sessions signed in, started a questionnaire and answered


def test_the_database_check_finds_an_answer_that_was_not_stored(tmp_path, monkeypatch):
    from assessment import accounts, lifecycle
    from assessment.db import Store

    monkeypatch.setattr(load, "CACHE", tmp_path)
    db = load.copy_database(1, tmp_path, exact=True)
    store = Store(db)
    who = accounts.authenticate(store, load.account(0), load.PASSWORD)
    aid = lifecycle.start_or_resume(store, who, who.credit_code, "sme-2024", load.CAMPAIGN_ROUND)
    lifecycle.save_answer(store, who, aid, "scenario.finance", 2)
    store.close()
    ledger = load.Ledger(
        started={aid: (who.credit_code, "sme-2024")},
        sent={aid: {"scenario.finance", "scenario.marketing"}},
        acked={aid: {"scenario.finance": 3, "scenario.marketing": 1}},
        submitted={aid},
    )

    problems = load.check_database(db, ledger)

    assert any("scenario.finance stored 2, sent 3" in p for p in problems)
    assert any("scenario.marketing missing" in p for p in problems)
    assert any("submission acknowledged but not stored" in p for p in problems)
