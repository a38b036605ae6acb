"""AppTest: the results page (shared with the bureau's drill-down) shows the programmes the
enterprise qualifies for and the nearest one with what stands between, linked to the plan's
actions, as ``assessment.programmes.standing`` computes them."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from assessment import accounts, lifecycle
from assessment.access import CLI, Actor
from assessment.programmes import versions
from assessment.programmes.eligibility import eligible_report
from assessment.programmes.standing import enterprise_programmes
from benchmarks.cohorts import peer_view
from tests.programme_builders import NEXT_STEP, PASSWORD, as_yaml, use
from tests.support.pages import APP, texts


def results_page(actor: Actor, aid: int, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["actor"] = actor
    at.session_state["last_seen"] = time.time()
    at.session_state["results_assessment"] = aid
    at.switch_page("ui/pages/results.py")
    return at.run()


def test_an_enterprise_sees_what_it_qualifies_for_and_what_stands_between(programme_db, tmp_path, monkeypatch):
    store = use(programme_db, tmp_path, monkeypatch)
    versions.activate(store, CLI, as_yaml(NEXT_STEP), "next-step.yaml")
    demo = versions.get(store, "demo-sme-pilot")
    code = eligible_report(store, CLI, demo)["enterprises"][0]["credit_code"]
    accounts.add_user(store, CLI, code, "enterprise", PASSWORD, credit_code=code)
    me = Actor(code, "enterprise", code)
    rows = [r for r in lifecycle.assessments_of(store, me, code) if r["status"] == "submitted"]
    aid = max((r for r in rows if r["questionnaire"] == "sme-2024"), key=lambda r: (r["round"], r["id"]))["id"]
    found = enterprise_programmes(store, me, code, peer_view(store, me, aid)["plan"])
    assert [s["programme"] for s in found["eligible"]] == ["demo-sme-pilot"]
    near = found["nearest"]
    assert near["programme"] == "next-step"
    for lang in ("zh", "en"):
        at = results_page(me, aid, lang)
        assert not at.exception
        shown = texts(at)
        assert ("扶持项目（免申即享）" if lang == "zh" else "Programmes (no application needed)") in shown
        assert demo.name.model_dump()[lang] in shown
        assert near["name"][lang] in shown
        assert near["missing"][0]["gap"][lang] in shown
        for action in near["missing"][0]["actions"]:
            assert action["name"][lang] in shown
    assert near["missing"][0]["actions"], "a level to reach is linked to the plan's actions"


def test_without_an_active_programme_there_is_no_section(tmp_path, monkeypatch):
    from tests.conftest import make_enterprise
    from tests.support.pages import full_sme_answers

    store = use(None, tmp_path, monkeypatch)
    me = make_enterprise(store, 1)
    from questionnaires import get

    with store.write() as db:
        aid = lifecycle.record_submitted(db, CLI, me.credit_code, get("sme-2024"), "2025", "self", full_sme_answers())
    at = results_page(me, aid, "zh")
    assert not at.exception
    assert "扶持项目" not in texts(at)
