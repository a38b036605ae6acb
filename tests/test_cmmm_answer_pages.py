"""AppTest of answering the smart-manufacturing maturity bank (cmmm-2020) on the same answer page
as DCMM and SME: the path first, quick mode by domain (level 0 to 5, not sure, the check of a
level of 3 or more, not applicable where the bank allows it), detailed mode by sub-domain (each
requirement fully / mostly / partly / not met), the switch between them, and submitting."""

from __future__ import annotations

from assessment import lifecycle
from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE
from questionnaires import get
from tests.support.pages import start, texts

CMMM = "cmmm-2020"


def test_the_bank_list_counts_the_cmmm_bank_and_says_its_level_is_an_estimate(app):
    q = get(CMMM)
    at = app()
    at.switch_page("ui/pages/questionnaires.py").run()
    assert not at.exception
    shown = texts(at)
    counts = (
        f"{len(q.elements)} 个要素 · {len(q.domains)} 个能力域 · {len(q.subdomains)} 个能力子域 · "
        f"{len(q.requirement_by_id)} 条要求"
    )
    assert counts in shown and "离散型制造、流程型制造" in shown
    assert q.estimate_note.zh in shown
    assert shown.index("中小企业数字化水平评测") < shown.index(q.title.zh)  # SME, DCMM, then CMMM
    en = app(lang="en")
    en.switch_page("ui/pages/questionnaires.py").run()
    assert f"{len(q.subdomains)} sub-domains · {len(q.requirement_by_id)} requirements" in texts(en)


def test_the_path_comes_first_and_the_other_sections_wait_for_it(app, store, enterprise):
    q = get(CMMM)
    at = start(app, enterprise, CMMM, "quick")
    aid = at.session_state["assessment_id"]
    assert at.selectbox(key=f"section_{aid}").value == PATH_KEY
    assert at.radio(key=f"q_{aid}_{PATH_KEY}").options == [q.path_names[p].zh for p in q.paths]
    assert q.estimate_note.zh in texts(at)
    at.selectbox(key=f"section_{aid}").set_value(q.domains[0].id).run()
    assert "请先在“制造类型”一节选择" in texts(at)
    assert not [r for r in at.radio if r.key == f"q_{aid}_{q.subdomains[0].id}"]
    at.button(key="to_path").click().run()
    assert at.selectbox(key=f"section_{aid}").value == PATH_KEY
    at.radio(key=f"q_{aid}_{PATH_KEY}").set_value("discrete").run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid) == {PATH_KEY: "discrete"}
    at.button(key="next_section").click().run()
    assert at.selectbox(key=f"section_{aid}").value == q.domains[0].id
    assert "请先在" not in texts(at)


def test_quick_mode_levels_check_not_applicable_and_submit(app, store, enterprise):
    q = get(CMMM)
    at = start(app, enterprise, CMMM, "quick")
    aid = at.session_state["assessment_id"]
    at.radio(key=f"q_{aid}_{PATH_KEY}").set_value("discrete").run()
    at.selectbox(key=f"section_{aid}").set_value("strategy").run()
    shown = texts(at)
    assert "选择某一级，表示**这一级和它以下各级**的描述如今都已做到" in shown  # the cumulative rule

    radio = at.radio(key=f"q_{aid}_strategy.organisation")
    assert radio.options[0] == "**0 · 一级以下**：以上都还没有做到"
    plain = q.plain_description("strategy.organisation", 2).zh
    precise = q.subdomain_by_id["strategy.organisation"].levels[1].description.zh
    assert radio.options[2] == f"**2 · {q.level_name(2).zh}**：{plain}  \n:gray[{precise}]"
    assert radio.options[-1].startswith("**不确定**：按“一级以下”计")
    assert not any(o.startswith("**不适用**") for o in radio.options)  # not allowed here

    radio.set_value(4).run()
    check = at.segmented_control(key=f"q_{aid}_strategy.organisation.check")
    assert q.check_question("strategy.organisation", 4).zh in check.label
    check.set_value(False).run()
    assert not at.exception

    at.selectbox(key=f"section_{aid}").set_value("design").run()
    design = at.radio(key=f"q_{aid}_design.product")
    na = next(o for o in design.options if o.startswith("**不适用**"))
    assert q.subdomain_by_id["design.product"].na_reason.zh in na
    design.set_value(NOT_APPLICABLE).run()
    at.radio(key=f"q_{aid}_design.process").set_value(UNSURE).run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid) == {
        PATH_KEY: "discrete",
        "strategy.organisation": 4,
        "strategy.organisation.check": False,
        "design.product": NOT_APPLICABLE,
        "design.process": UNSURE,
    }

    at.selectbox(key=f"section_{aid}").set_value("review").run()
    assert "还有 17 题未回答" in texts(at)
    for sub in q.subdomains:
        if sub.id not in ("strategy.organisation", "design.product", "design.process"):
            lifecycle.save_answer(store, enterprise, aid, sub.id, 2)
    at.selectbox(key=f"section_{aid}").set_value("strategy").run()  # progress is read afresh
    at.selectbox(key=f"section_{aid}").set_value("review").run()
    assert "全部题目已回答" in texts(at)
    at.button(key="submit").click().run()
    assert lifecycle.get(store, enterprise, aid)["status"] == "submitted"
    result = lifecycle.result(store, enterprise, aid)
    assert result["kind"] == "cmmm" and result["path"] == "discrete"
    assert result["subdomains"]["design.product"]["mode"] == "na"
    assert result["subdomains"]["strategy.organisation"]["quick"] == {"answer": 4, "check": False}


def test_detailed_mode_answers_requirements_and_marks_a_sub_domain_not_applicable(app, store, enterprise):
    q = get(CMMM)
    at = start(app, enterprise, CMMM, "detailed")
    aid = at.session_state["assessment_id"]
    at.radio(key=f"q_{aid}_{PATH_KEY}").set_value("process").run()
    names = at.selectbox(key=f"section_{aid}").options
    assert names[1] == q.subdomains[0].name.zh  # one section per sub-domain
    at.button(key="next_section").click().run()
    sub = q.subdomains[0]
    first = sub.requirements[0]
    control = at.segmented_control(key=f"q_{aid}_{first.id}")
    assert control.label == first.text.zh
    assert control.options == ["全部满足", "大部分满足", "部分满足", "不满足"]
    assert first.evidence.zh in control.help
    control.set_value(0.8).run()
    at.segmented_control(key=f"q_{aid}_{sub.requirements[1].id}").set_value(0.5).run()
    assert not at.exception
    assert lifecycle.answers(store, enterprise, aid) == {
        PATH_KEY: "process",
        first.id: 0.8,
        sub.requirements[1].id: 0.5,
    }
    assert not [t for t in at.toggle if t.key == f"q_{aid}_{sub.id}.na"]  # not allowed here
    assert "第 1 级（规划级）" in texts(at)

    at.selectbox(key=f"section_{aid}").set_value("design.product").run()
    at.segmented_control(key=f"q_{aid}_design.product.l1.1").set_value(1.0).run()
    toggle = at.toggle(key=f"q_{aid}_design.product.na")
    toggle.set_value(True).run()
    assert not at.exception
    saved = lifecycle.answers(store, enterprise, aid)
    assert saved["design.product"] == NOT_APPLICABLE and "design.product.l1.1" not in saved
    assert "已标为不适用" in texts(at)
    assert not [s for s in at.segmented_control if s.key == f"q_{aid}_design.product.l1.1"]
    at.toggle(key=f"q_{aid}_design.product.na").set_value(False).run()
    assert "design.product" not in lifecycle.answers(store, enterprise, aid)


def test_the_mode_can_be_switched_while_answering(app, store, enterprise):
    at = start(app, enterprise, CMMM, "quick")
    aid = at.session_state["assessment_id"]
    at.radio(key=f"q_{aid}_{PATH_KEY}").set_value("discrete").run()
    at.selectbox(key=f"section_{aid}").set_value("strategy").run()
    at.radio(key=f"q_{aid}_strategy.organisation").set_value(2).run()
    at.segmented_control(key=f"answer_mode_{aid}").set_value("detailed").run()
    assert not at.exception
    at.selectbox(key=f"section_{aid}").set_value("strategy.organisation").run()
    assert "本子域已在快速模式中选择了等级" in texts(at)
    at.segmented_control(key=f"q_{aid}_strategy.organisation.l1.1").set_value(1.0).run()
    assert lifecycle.answers(store, enterprise, aid) == {PATH_KEY: "discrete", "strategy.organisation.l1.1": 1.0}
    at.segmented_control(key=f"answer_mode_{aid}").set_value("quick").run()
    at.selectbox(key=f"section_{aid}").set_value("strategy").run()
    assert "本项已在详细模式中逐条回答" in texts(at)


def test_cmmm_answer_page_in_english(app, store, enterprise):
    q = get(CMMM)
    at = start(app, enterprise, CMMM, "quick")
    aid = at.session_state["assessment_id"]
    at.radio(key=f"q_{aid}_{PATH_KEY}").set_value("discrete").run()
    en = app(enterprise, lang="en", assessment_id=aid)
    en.switch_page("ui/pages/answer.py").run()
    en.selectbox(key=f"section_{aid}").set_value("design").run()
    assert not en.exception
    options = en.radio(key=f"q_{aid}_design.product").options
    assert options[0] == "**0 · Below level 1**: none of these yet"
    assert options[-1] == "**Not applicable**: " + q.subdomain_by_id["design.product"].na_reason.en
    assert "and every level below it" in texts(en)
