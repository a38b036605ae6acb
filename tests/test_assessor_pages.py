"""AppTest: the assessor's page (its assignments only, item by item verification saved at once,
evidence requests, the submission), the enterprise answering a request on its history page, the
side-by-side view on the results page, the bureau's assign form, and the refusals of cohort pages
to an assessor."""

from __future__ import annotations

import pytest

from assessment import accounts, lifecycle, verification
from assessment.access import CLI
from questionnaires import get
from tests.conftest import code, make_enterprise
from tests.support.pages import table_with, texts
from tests.support.records import PASSWORD, self_assessed

DCMM = "dcmm-2025"


pytestmark = pytest.mark.usefixtures("cheap_argon2")


@pytest.fixture
def assigned(store, analyst):
    firm, other = make_enterprise(store, 1), make_enterprise(store, 2)
    assessor = accounts.add_user(store, CLI, "assessor1", "assessor", PASSWORD, agency="青岛评测中心")
    mine = self_assessed(store, firm)
    self_assessed(store, other)
    verification.assign(store, analyst, mine, assessor.username)
    return firm, assessor, mine


def test_the_assessor_sees_only_its_own_page_and_assignment(app, assigned):
    firm, assessor, mine = assigned
    at = app(assessor).run()
    assert not at.exception
    links = [p.proto.page for p in at.sidebar.get("page_link")]
    assert links == ["", "assessor", "questionnaires"]  # url paths: the home page is the root
    at.switch_page("ui/pages/assessor.py").run()
    assert not at.exception
    table = table_with(at, "安排时间（UTC）")
    assert table["评估"].tolist() == [mine] and table["状态"].tolist() == ["待核查"]
    for page in ("dashboard", "bureau_verification", "enterprises", "bureau_reports", "results"):
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception
        assert "当前账户无权访问此页面" in texts(at)


def test_the_assessor_verifies_item_by_item_asks_for_evidence_and_submits(app, store, assigned):
    firm, assessor, mine = assigned
    items = [i.id for i in get(DCMM).items]
    at = app(assessor)
    at.switch_page("ui/pages/assessor.py").run()
    assert "尚无佐证材料" in texts(at)  # where evidence files will go
    at.button(key="start_verification").click().run()
    assert not at.exception
    onsite = verification.assignments(store, assessor)[0]["onsite_id"]
    at.selectbox(key=f"verified_{onsite}_{items[0]}").set_value(2).run()
    at.text_input(key=f"comment_{onsite}_{items[0]}").input("未见制度发布记录").run()
    at.selectbox(key=f"verified_{onsite}_{items[1]}").set_value(3).run()
    assert not at.exception
    assert lifecycle.answers(store, assessor, onsite)[items[0]] == 2
    assert verification.comments(store, assessor, onsite) == {items[0]: "未见制度发布记录"}
    at.text_area(key="evidence_request_text").input("请提供数据战略的发布文件")
    at.button(key="evidence_request_send").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert [r["request"] for r in verification.evidence_requests(store, assessor, mine)] == ["请提供数据战略的发布文件"]

    # the enterprise answers on its history page
    page = app(firm)
    page.switch_page("ui/pages/history.py").run()
    assert "请提供数据战略的发布文件" in texts(page)
    request_id = verification.evidence_requests(store, firm, mine)[0]["id"]
    page.text_area(key=f"evidence_answer_{request_id}").input("已于 2025 年 3 月发布，文号 青数〔2025〕1 号").run()
    page.button(key=f"evidence_send_{request_id}").click().run()
    assert not page.exception
    assert verification.evidence_requests(store, firm, mine)[0]["answer"].startswith("已于")

    at.run()
    assert "已于 2025 年 3 月发布" in texts(at)
    at.button(key="submit_verification").click().run()
    assert not at.exception
    assert lifecycle.get(store, assessor, onsite)["status"] == "submitted"
    assert "核查人：assessor1（青岛评测中心）" in texts(at)

    # the enterprise sees both levels and the items that differ, with the comment
    page = app(firm)
    page.switch_page("ui/pages/results.py").run()
    page.selectbox(key="results_pick").set_value(mine).run()
    assert not page.exception
    shown = texts(page)
    assert "自评与现场核查" in shown and "有 2 项核查结果与自评不同" in shown
    metrics = {m.label: m.value for m in page.metric}
    verified_level = lifecycle.result(store, firm, onsite)["overall"]["level"]
    assert verified_level < 4  # two items lower (a key condition may cap the whole level)
    assert metrics["自评等级"] == "4" and metrics["核查等级"] == str(verified_level)
    table = table_with(page, "核查意见")
    assert table["核查"].tolist() == ["2", "3"] and table["核查意见"].tolist()[0] == "未见制度发布记录"
    assert "请提供数据战略的发布文件" not in texts(app(firm).switch_page("ui/pages/history.py").run())


def test_the_bureau_assigns_from_the_queue_page(app, store, analyst, assigned):
    firm, assessor, mine = assigned
    theirs = lifecycle.assessments_of(store, analyst, code(2))[0]["id"]
    at = app(analyst)
    at.switch_page("ui/pages/bureau_verification.py").run()
    at.selectbox(key="flt_questionnaire").set_value(DCMM).run()
    assert not at.exception
    assert len(at.selectbox(key="assign_assessment").options) == 2
    at.selectbox(key="assign_assessment").set_value(theirs)
    at.selectbox(key="assign_to").set_value("assessor1")
    at.button(key="assign_button").click().run()
    assert not at.exception
    assert {r["assessment_id"] for r in verification.assignments(store, analyst)} == {mine, theirs}
    assert next(m.value for m in at.metric if m.label == "已现场核查的企业占比") == "0.0%"


def test_the_queue_page_shows_the_share_verified_and_the_gaps_by_item(app, store, analyst, assigned):
    firm, assessor, mine = assigned
    item = get(DCMM).items[3]
    onsite = verification.start(store, assessor, mine)
    verification.save_item(store, assessor, onsite, item.id, 2, "未见记录")
    verification.submit(store, assessor, onsite)
    at = app(analyst)
    at.switch_page("ui/pages/bureau_verification.py").run()
    at.selectbox(key="flt_questionnaire").set_value(DCMM).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已现场核查的企业占比"] == "50.0%" and metrics["已核查的自评"] == "1"
    gaps = table_with(at, "平均差")
    assert gaps.iloc[0].tolist()[:3] == [f"{item.clause} {item.name.zh}", 2.0, 1]


def test_an_sme_verification_uses_the_question_widgets_and_shows_scenario_levels(app, store, analyst):
    from tests.support.records import SME, sme_answers_at

    firm = make_enterprise(store, 5)
    accounts.add_user(store, CLI, "assessor5", "assessor", PASSWORD)
    with store.write() as db:
        mine = lifecycle.record_submitted(db, firm, firm.credit_code, get(SME), "2025", "self", sme_answers_at(3))
    verification.assign(store, analyst, mine, "assessor5")
    assessor = accounts.actor_of({"username": "assessor5", "role": "assessor", "credit_code": None})
    onsite = verification.start(store, assessor, mine)
    scenario = get(SME).scenarios[0]
    at = app(assessor)
    at.switch_page("ui/pages/assessor.py").run()
    assert not at.exception
    at.radio(key=f"q_{onsite}_{scenario.id}").set_value(1).run()
    at.text_input(key=f"comment_{onsite}_{scenario.id}").input("系统只在一个车间试用").run()
    assert not at.exception
    assert lifecycle.answers(store, assessor, onsite)[scenario.id] == 1
    at.button(key="submit_verification").click().run()
    assert not at.exception
    both = verification.comparison(store, firm, mine)
    assert [(i["id"], i["self"], i["verified"], i["comment"]) for i in both["items"] if i["differs"]] == [
        (scenario.id, float(sme_answers_at(3)[scenario.id]), 1.0, "系统只在一个车间试用")
    ]
    assert table_with(at, "核查意见")["项目"].tolist() == [scenario.name.zh]


def test_an_administrator_creates_an_assessor_with_its_agency_on_the_accounts_page(app, store):
    boss = accounts.add_user(store, CLI, "boss1", "admin", PASSWORD)
    at = app(boss)
    at.switch_page("ui/pages/admin_accounts.py").run()
    at.selectbox(key="add_role").set_value("assessor")
    at.text_input(key="add_username").input("li.assessor")
    at.text_input(key="add_display").input("李评估")
    at.text_input(key="add_agency").input("山东数据评测中心")
    at.text_input(key="add_pw1").input("Rm8#wXk2Tj5!Gq")
    at.text_input(key="add_pw2").input("Rm8#wXk2Tj5!Gq")
    at.button(key="add_submit").click().run()
    assert not at.exception
    users = table_with(at, "评估机构").set_index("用户名")
    assert users.loc["li.assessor", "评估机构"] == "山东数据评测中心"
    assert accounts.authenticate(store, "li.assessor", "Rm8#wXk2Tj5!Gq").role == "assessor"
