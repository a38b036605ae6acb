"""AppTest: every page renders without exception, and the key flows of the enterprise journey."""

from __future__ import annotations

import json
import time

import pytest

from assessment import accounts, lifecycle
from assessment.access import CLI
from tests.conftest import code, make_enterprise
from tests.support.pages import full_sme_answers, start, texts


def test_home_anonymous_in_both_languages(app):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "数字化转型评估工具箱"
    assert "中小企业数字化水平评测" in texts(at)
    at.sidebar.radio(key="lang_switch").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Digital Transformation Assessment Toolkit"
    assert "Which questionnaire?" in texts(at)


def test_questionnaires_page(app):
    at = app()
    at.switch_page("ui/pages/questionnaires.py").run()
    assert not at.exception
    assert "33 个能力项" in texts(at)
    assert "20 个能力子域" in texts(at)


def test_sign_in_wrong_password_then_right(app, store, enterprise):
    at = app()
    at.switch_page("ui/pages/sign_in.py").run()
    at.text_input(key="sign_in_user").input(enterprise.username)
    at.text_input(key="sign_in_password").input("wrong-pass-1")
    at.button[0].click().run()
    assert not at.exception
    assert "用户名或密码错误" in texts(at)
    assert "actor" not in at.session_state
    at.text_input(key="sign_in_password").input("Qv8#tLm2pRx9wZ")
    at.button[0].click().run()
    assert at.session_state["actor"] == enterprise


def test_register_checks_the_credit_code_as_typed_and_registers(app, store):
    at = app()
    at.switch_page("ui/pages/register.py").run()
    at.text_input(key="reg_code").input(code(5)[:-1] + ("0" if code(5)[-1] != "0" else "1")).run()
    assert "校验位错误" in texts(at)
    at.text_input(key="reg_code").input(code(5)).run()
    assert "校验位正确" in texts(at)
    at.text_input(key="reg_name").input("青岛A&B<公司>有限公司")
    at.selectbox(key="reg_park").set_value("金水创新产业园")
    at.number_input(key="reg_employees").set_value(120)
    at.number_input(key="reg_revenue").set_value(5000.0)
    at.text_input(key="reg_pw1").input("Pk9&zTw3Hn6@Fb")
    at.text_input(key="reg_pw2").input("Pk9&zTw3Hn6@Fb")
    at.button(key="reg_submit").click().run()
    assert not at.exception
    assert at.session_state["actor"].credit_code == code(5)
    row = store.db.execute("SELECT name, size FROM enterprises WHERE credit_code = ?", [code(5)]).fetchone()
    assert row == ("青岛A&B<公司>有限公司", "small")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "密码太容易被猜到：这与一个常用密码很相似"),
        ("en", "too easy to guess: This is similar to a commonly used"),
    ],
)
def test_register_explains_a_guessable_password_in_the_forms_language(app, store, lang, expected):
    at = app(lang=lang)
    at.switch_page("ui/pages/register.py").run()
    at.text_input(key="reg_code").input(code(6))
    at.text_input(key="reg_name").input("青岛测试")
    at.text_input(key="reg_pw1").input("password12345")
    at.text_input(key="reg_pw2").input("password12345")
    at.button(key="reg_submit").click().run()
    assert not at.exception
    assert expected in "\n".join(e.value for e in at.error)
    assert "actor" not in at.session_state


def test_register_refuses_mismatched_passwords(app, store):
    at = app()
    at.switch_page("ui/pages/register.py").run()
    at.text_input(key="reg_code").input(code(6))
    at.text_input(key="reg_name").input("青岛测试")
    at.text_input(key="reg_pw1").input("Pk9&zTw3Hn6@Fb")
    at.text_input(key="reg_pw2").input("Pk9&zTw3Hn6@Fc")
    at.button(key="reg_submit").click().run()
    assert "两次输入的密码不一致" in texts(at)
    assert store.db.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 0


def test_answer_sme_saves_each_answer_and_resumes(app, store, enterprise):
    at = start(app, enterprise)
    aid = at.session_state["assessment_id"]
    key = f"q_{aid}_foundation.information_systems"
    at.radio(key=key).set_value("several").run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid)["foundation.information_systems"] == "several"
    multi = f"q_{aid}_foundation.network"
    at.multiselect(key=multi).set_value(["none", "control_network"]).run()
    assert "cannot be ticked with others" in json.dumps(texts(at)) or "不能与其他选项同时选择" in texts(at)
    assert "foundation.network" not in lifecycle.answers(store, enterprise, aid)
    # a fresh session (a refresh, then sign in again) shows the saved answer
    again = app(enterprise)
    again.switch_page("ui/pages/answer.py").run()
    assert again.session_state["assessment_id"] == aid
    assert again.radio(key=key).value == "several"


def test_review_lists_unanswered_and_submit_is_refused(app, store, enterprise):
    at = start(app, enterprise)
    aid = at.session_state["assessment_id"]
    at.selectbox(key=f"section_{aid}").set_value("review").run()
    assert "题未回答" in texts(at)
    at.button(key="submit").click().run()
    assert "不能提交" in texts(at)
    assert lifecycle.get(store, enterprise, aid)["status"] == "draft"


def test_submit_then_results_and_history(app, store, enterprise):
    at = start(app, enterprise)
    aid = at.session_state["assessment_id"]
    for qid, value in full_sme_answers().items():
        lifecycle.save_answer(store, enterprise, aid, qid, value)
    at.selectbox(key=f"section_{aid}").set_value("review").run()
    assert "全部题目已回答" in texts(at)
    at.button(key="submit").click().run()
    assert not at.exception
    assert lifecycle.get(store, enterprise, aid)["status"] == "submitted"
    results = app(enterprise, results_assessment=aid)
    results.switch_page("ui/pages/results.py").run()
    assert not results.exception
    stored = lifecycle.result(store, enterprise, aid)["overall"]
    assert any(m.value == stored["level_name"]["zh"] for m in results.metric)
    assert any(m.value.startswith(f"{stored['score']:.2f}") for m in results.metric)
    assert "样本不足" in texts(results)  # a cohort of one: too few to compare
    results.slider(key="what_if").set_value(2).run()
    assert "完成前 2 项后" in texts(results)
    history = app(enterprise)
    history.switch_page("ui/pages/history.py").run()
    assert not history.exception
    history.selectbox(key="reassess_round").set_value("2027")
    history.button[0].click().run()
    assert not history.exception
    drafts = [r for r in lifecycle.assessments_of(store, enterprise, enterprise.credit_code) if r["round"] == "2027"]
    assert len(drafts) == 1
    assert lifecycle.answers(store, enterprise, drafts[0]["id"]) == lifecycle.answers(store, enterprise, aid)


def test_dcmm_quick_mode_answers(app, store, enterprise):
    at = start(app, enterprise, "dcmm-2025", "quick")
    aid = at.session_state["assessment_id"]
    at.radio(key=f"q_{aid}_strategy.planning").set_value(3).run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid) == {"strategy.planning": 3}


def test_dcmm_detailed_mode_shows_criteria(app, store, enterprise):
    at = start(app, enterprise, "dcmm-2025", "detailed")
    aid = at.session_state["assessment_id"]
    at.segmented_control(key=f"q_{aid}_strategy.planning.l2.1").set_value(True).run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid) == {"strategy.planning.l2.1": True}


def test_enterprise_cannot_open_another_enterprises_assessment(app, store, enterprise):
    other = make_enterprise(store, 2)
    theirs = lifecycle.start_or_resume(store, other, other.credit_code, "sme-2024", "2026")
    at = app(enterprise, assessment_id=theirs)
    at.switch_page("ui/pages/answer.py").run()
    assert not at.exception
    assert "未找到该记录，或当前账户无权访问" in texts(at)


def test_pages_refuse_anonymous_users(app):
    for page in ("answer", "results", "history"):
        at = app()
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception


def test_session_expires_after_idle_time(app, enterprise):
    at = app(enterprise)
    at.session_state["last_seen"] = time.time() - 3 * 3600
    at.run()
    assert "actor" not in at.session_state
    assert "已自动退出" in "\n".join(w.value for w in at.sidebar.warning)


def test_empty_database_offers_demo_data_to_an_administrator_only(app, store):
    at = app()
    at.run()
    assert "数据库是空的" not in texts(at) and "demo" not in [b.key for b in at.button]
    # a signed-in session needs its account (ui.state ends one whose account is gone)
    at = app(accounts.add_user(store, CLI, "admin1", "admin", "Qv8#tLm2pRx9wZ"))
    at.run()
    assert "数据库是空的" in texts(at)
    at.button(key="demo").click().run(timeout=300)
    assert not at.exception
    assert store.db.execute("SELECT count(*) FROM enterprises WHERE synthetic = 1").fetchone()[0] == 1000
    assert "合成演示数据" in texts(at)
    assert "数据库是空的" not in texts(at)
