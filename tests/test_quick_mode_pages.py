"""AppTest of quick mode: how to answer, "not sure", the check before a level of 3 or more is
trusted, and what the results page says about both."""

from __future__ import annotations

from assessment import lifecycle
from assessment.answers import UNSURE
from questionnaires import get
from tests.support.pages import start, texts

DCMM = "dcmm-2025"


def test_quick_mode_says_how_to_answer_and_names_each_level(app, store, enterprise):
    at = start(app, enterprise, DCMM, "quick")
    assert "如今都已做到" in texts(at) and "有书面规定、适用于所有员工、有明确的负责人" in texts(at)
    aid = at.session_state["assessment_id"]
    radio = at.radio(key=f"q_{aid}_strategy.planning")
    assert radio.options[0].startswith("**1 · 初始级**：")
    assert radio.options[-1].startswith("**不确定**：按第 1 级计")
    at.selectbox(key=f"section_{aid}").set_value("architecture").run()
    assert "**元数据**：“关于数据的数据”" in at.radio(key=f"q_{aid}_architecture.metadata").help  # the glossary
    en = app(enterprise, lang="en")
    en.switch_page("ui/pages/answer.py").run()
    assert not en.exception
    assert "true today" in texts(en)
    assert en.radio(key=f"q_{aid}_strategy.planning").options[2].startswith("**3 · Robust**: ")


def test_not_sure_and_a_failed_check_are_saved_at_once_and_shown_on_the_results(app, store, enterprise):
    q = get(DCMM)
    at = start(app, enterprise, DCMM, "quick")
    aid = at.session_state["assessment_id"]
    first, second = q.areas[0].items[0].id, q.areas[0].items[1].id
    at.radio(key=f"q_{aid}_{first}").set_value(UNSURE).run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid) == {first: UNSURE}
    assert not [s for s in at.segmented_control if s.key == f"q_{aid}_{first}.check"]  # not sure: no check

    at.radio(key=f"q_{aid}_{second}").set_value(4).run()
    check = at.segmented_control(key=f"q_{aid}_{second}.check")
    assert q.check_question(second, 4).zh in check.label
    check.set_value(False).run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid) == {first: UNSURE, second: 4, f"{second}.check": False}

    # another level: the old check goes, and the new level's question is asked unanswered
    at.radio(key=f"q_{aid}_{second}").set_value(3).run()
    assert lifecycle.answers(store, enterprise, aid) == {first: UNSURE, second: 3}
    check = at.segmented_control(key=f"q_{aid}_{second}.check")
    assert q.check_question(second, 3).zh in check.label and check.value is None
    check.set_value(False).run()

    for item in q.items[2:]:
        lifecycle.save_answer(store, enterprise, aid, item.id, 2)
    at.selectbox(key=f"section_{aid}").set_value("review").run()
    at.button(key="submit").click().run()
    assert not at.exception
    assert lifecycle.get(store, enterprise, aid)["status"] == "submitted"

    results = app(enterprise, results_assessment=aid)
    results.switch_page("ui/pages/results.py").run()
    assert not results.exception
    shown = texts(results)
    assert "回答了“不确定”" in shown and f"{q.items[0].name.zh}：按第 1 级计" in shown
    assert f"{q.items[1].name.zh}：选择第 3 级，核对题答“否”，按第 2 级计" in shown
    assert "方法说明" in shown and "不是标准公布的红线" in shown
    assert "红线未满足" not in shown
    assert any("先弄清现状" in e.label for e in results.expander)


def test_the_review_step_counts_unanswered_checks(app, store, enterprise):
    at = start(app, enterprise, DCMM, "quick")
    aid = at.session_state["assessment_id"]
    at.radio(key=f"q_{aid}_strategy.planning").set_value(4).run()
    at.selectbox(key=f"section_{aid}").set_value("review").run()
    assert "还有 1 道核对题未回答" in texts(at)
