"""AppTest: the pages follow the record and round rules of the core. An enterprise picks one of
the open rounds (no free text) and is not offered to reopen a record the bureau entered; an
administrator manages the rounds on the Benchmarks and backups page."""

from __future__ import annotations

import time

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assessment import accounts, lifecycle, rounds
from assessment.access import CLI, Actor
from questionnaires import get
from tests.support.pages import APP, texts

DCMM = "dcmm-2025"


pytestmark = pytest.mark.usefixtures("cheap_argon2")


@pytest.fixture
def app(store, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_DB", str(store.path))
    st.cache_resource.clear()
    st.cache_data.clear()

    def make(actor: Actor, page: str, lang: str = "zh") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["actor"] = actor
        at.session_state["last_seen"] = time.time()
        at.switch_page(f"ui/pages/{page}.py")
        return at.run()

    return make


def submitted(store, who: Actor, round_: str) -> int:
    aid = lifecycle.start_or_resume(store, who, who.credit_code, DCMM, round_)
    for item in get(DCMM).items:
        lifecycle.save_answer(store, who, aid, item.id, 3)
    lifecycle.submit(store, who, aid)
    return aid


def bureau_record(store, who: Actor, source: str, round_: str) -> int:
    with store.write() as db:
        return lifecycle.record_submitted(
            db, CLI, who.credit_code, get(DCMM), round_, source, {item.id: 4 for item in get(DCMM).items}
        )


def test_history_offers_reopen_only_of_the_enterprises_own_records(app, store, enterprise):
    own = submitted(store, enterprise, "2026")
    onsite = bureau_record(store, enterprise, "onsite", "2025")
    imported = bureau_record(store, enterprise, "import", "2024")
    at = app(enterprise, "history")
    assert not at.exception
    title = get(DCMM).title.zh
    assert at.selectbox(key="reopen_pick").options == [f"#{own} · {title} · 2026 · 企业自评"]
    # the bureau's records are still starting points for a new self-assessment
    assert at.selectbox(key="reassess_base").options == [
        f"#{imported} · {title} · 2024 · 导入",
        f"#{onsite} · {title} · 2025 · 现场评测",
        f"#{own} · {title} · 2026 · 企业自评",
    ]
    at.button(key="reopen").click().run()
    assert not at.exception
    revision = at.session_state["assessment_id"]
    assert lifecycle.get(store, enterprise, revision)["revision_of"] == own


def test_history_offers_no_reopen_when_every_record_is_the_bureaus(app, store, enterprise):
    bureau_record(store, enterprise, "onsite", "2025")
    at = app(enterprise, "history", lang="en")
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "reopen_pick"]
    assert not [b for b in at.button if b.key == "reopen"]
    assert "Records the bureau entered" in texts(at)


def test_the_start_form_offers_the_open_rounds_only(app, store, enterprise):
    rounds.set_open(store, CLI, "2026", False)
    at = app(enterprise, "answer")
    assert not at.exception
    pick = at.selectbox(key="start_round")
    assert pick.options == ["2024", "2025", "2027", "2031"] and pick.value == "2031"
    assert not at.text_input  # no free text for the round
    pick.set_value("2025")
    at.button[0].click().run()
    assert lifecycle.get(store, enterprise, at.session_state["assessment_id"])["round"] == "2025"


def test_with_no_open_round_nothing_can_be_started(app, store, enterprise):
    for label in rounds.open_rounds(store):
        rounds.set_open(store, CLI, label, False)
    at = app(enterprise, "answer", lang="en")
    assert not at.exception
    assert "no round open" in texts(at)
    assert at.button[0].disabled


def test_the_answer_page_does_not_open_the_bureaus_correction_for_an_enterprise(app, store, enterprise):
    revision = lifecycle.reopen(store, CLI, bureau_record(store, enterprise, "onsite", "2025"))
    at = app(enterprise, "answer")
    assert not at.exception
    assert "assessment_id" not in at.session_state  # not opened as the only draft
    assert "继续未完成的问卷" not in texts(at)  # the bureau's draft is not the enterprise's to resume
    at.session_state["assessment_id"] = revision
    at.run()
    assert "主管部门录入的记录" in texts(at)
    assert "assessment_id" not in at.session_state


def add_button(at: AppTest):
    return next(b for b in at.button if b.label == "添加轮次（开放）")


def test_an_administrator_adds_closes_and_reopens_a_round(app, store):
    boss = accounts.add_user(store, CLI, "admin1", "admin", "Qv8#tLm2pRx9wZ")
    at = app(boss, "admin_maintenance")
    assert not at.exception
    at.text_input(key="round_label").input("~")
    add_button(at).click().run()
    assert "四位年份" in texts(at)
    assert "~" not in rounds.known(store.db)
    at.text_input(key="round_label").input("2032")
    add_button(at).click().run()
    assert not at.exception
    assert "已添加轮次 2032" in texts(at)
    assert rounds.open_rounds(store)[-1] == "2032"
    assert at.selectbox(key="round_pick").value == "2032"
    at.button(key="round_toggle").click().run()
    assert "2032" not in rounds.open_rounds(store)
    at.button(key="round_toggle").click().run()
    assert "2032" in rounds.open_rounds(store)
    actions = store.db.execute(
        "SELECT action FROM audit WHERE actor = 'admin1' AND record_type = 'round' ORDER BY id"
    ).fetchall()
    assert actions == [("round.add",), ("round.close",), ("round.open",)]
