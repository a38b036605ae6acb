"""AppTest: the bureau's verification queue page — the queue as the core ranks it, the flags
explained, the sample drawn and audited, the backfill button for administrators, and refusals
for enterprise users and anonymous visitors."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from assessment import accounts, flag_store
from assessment.access import CLI, Actor
from assessment.cohort import CohortFilter
from assessment.db import Store
from benchmarks import verification
from benchmarks.demo import generate
from tests.support.pages import copy_for_app, opened, sealed, texts

Q = "sme-2024"
ANALYST = Actor("analyst1", "analyst")
ADMIN = Actor("admin1", "admin")
PASSWORD = "Hn4$wQz7Lp2#Vk"
PAGE = "ui/pages/bureau_verification.py"


@pytest.fixture(scope="module")
def cohort_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("queue") / "cohort.db"
    store = Store(path)
    generate(store, 160, 5)
    flag_store.refresh(store, CLI)
    # a session re-checks its account on every run: the page is opened as accounts that exist
    accounts.add_user(store, CLI, ANALYST.username, "analyst", PASSWORD)
    accounts.add_user(store, CLI, ADMIN.username, "admin", PASSWORD)
    code = store.db.execute("SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1").fetchone()[0]
    accounts.add_user(store, CLI, code, "enterprise", PASSWORD, credit_code=code)
    return sealed(store)


@pytest.fixture
def db(cohort_db, tmp_path, monkeypatch):
    yield from copy_for_app(cohort_db, tmp_path, monkeypatch)


def open_page(actor: Actor | None = ANALYST, lang: str = "zh") -> AppTest:
    return opened(PAGE, actor, lang)


def queue_table(at: AppTest):
    return next(d.value for d in at.dataframe if "疑点" in d.value.columns or "Flags" in d.value.columns)


def test_the_page_lists_the_queue_as_the_core_ranks_it(db):
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "核查队列"
    expected = verification.queue(db, CLI, CohortFilter(Q))
    table = queue_table(at)
    assert table["统一社会信用代码"].tolist() == expected["credit_code"].head(len(table)).tolist()
    flagged = expected[expected["flag_points"] > 0]
    assert next(m.value for m in at.metric if m.label == "有疑点") == f"{len(flagged):,}"
    first = flagged.iloc[0]
    assert at.expander[0].label.endswith(f"{first['credit_code']} · {first['round']}")
    shown = "\n".join(m.value for m in at.expander[0].markdown)
    assert first["flags"][0].zh in shown
    assert "合成演示数据" in texts(at)  # the demo cohort is labelled


def test_the_rules_are_stated_on_the_page_in_english_too(db):
    at = open_page(lang="en")
    assert not at.exception
    assert at.title[0].value == "Verification queue"
    rules = "\n".join(m.value for e in at.expander for m in e.markdown)
    assert "90% or more of them the same" in rules and "robust z" in rules
    assert "Flags" in queue_table(at).columns


def test_drawing_a_sample_shows_it_and_audits_it(db):
    at = open_page()
    at.number_input(key="sample_size").set_value(6)
    at.number_input(key="sample_seed").set_value(17)
    at.button(key="sample_draw").click().run()
    assert not at.exception
    expected = verification.sample(db, CLI, CohortFilter(Q), 6, 17)
    sample = next(
        d.value
        for d in at.dataframe
        if "自评等级" in d.value.columns and "轮次" in d.value.columns and "疑点" not in d.value.columns
    )
    assert sample["统一社会信用代码"].tolist() == [e["credit_code"] for e in expected["sample"]]
    audit = db.db.execute("SELECT actor, detail FROM audit WHERE action = 'verification.sample' ORDER BY id").fetchall()
    assert audit[0][0] == ANALYST.username and json.loads(audit[0][1])["seed"] == 17


def test_unchecked_assessments_are_announced_and_an_administrator_computes_them(db):
    db.db.execute("DELETE FROM doubt_checks")
    db.db.execute("DELETE FROM doubt_flags")
    at = open_page()
    assert any("尚未计算疑点" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "flags_refresh"]  # analysts read; the backfill is an admin's
    at = open_page(actor=ADMIN)
    at.button(key="flags_refresh").click().run()
    assert not at.exception
    assert not any("尚未计算疑点" in w.value for w in at.warning)
    assert db.db.execute("SELECT count(*) FROM doubt_checks").fetchone()[0] > 0


def test_enterprise_users_and_anonymous_visitors_never_see_the_queue(db):
    at = open_page(actor=None)
    assert not at.exception and "请先登录" in texts(at) and not at.dataframe
    code = db.db.execute("SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1").fetchone()[0]
    at = open_page(actor=Actor(code, "enterprise", code))
    assert not at.exception and not at.title and not at.dataframe
    assert [e.value for e in at.error] == ["当前账户无权访问此页面。"]
