"""AppTest: the assessor's page verifies a cmmm-2020 self-assessment — per sub-domain a level
(with its name; "not applicable" refusable), requirement by requirement where asked, the path,
the verified estimate so far beside the self-assessed one — and after submitting, self and
verified side by side per sub-domain, as estimates; the bureau's verification page shows the
gaps by sub-domain."""

from __future__ import annotations

import pytest

from assessment import accounts, lifecycle, verification
from assessment.access import CLI
from assessment.answers import check_answers
from assessment.scoring import score
from questionnaires import get
from tests.conftest import make_enterprise
from tests.support.cmmm_records import CMMM, cmmm_self_assessed
from tests.support.pages import table_with, texts
from tests.support.records import PASSWORD

pytestmark = pytest.mark.usefixtures("cheap_argon2")

DESIGN, ORG, OPS = "design.product", "strategy.organisation", "production.operations"


@pytest.fixture
def assigned(store, analyst):
    firm = make_enterprise(store, 1)
    assessor = accounts.add_user(store, CLI, "assessor1", "assessor", PASSWORD, agency="青岛评测中心")
    mine = cmmm_self_assessed(store, firm, level=3)
    verification.assign(store, analyst, mine, assessor.username)
    return firm, assessor, mine


def test_the_assessor_verifies_a_cmmm_self_assessment_by_sub_domain_and_requirement(app, store, assigned, analyst):
    firm, assessor, mine = assigned
    q = get(CMMM)
    at = app(assessor)
    at.switch_page("ui/pages/assessor.py").run()
    assert not at.exception
    at.button(key="start_verification").click().run()
    assert not at.exception
    onsite = verification.assignments(store, assessor)[0]["onsite_id"]
    shown = texts(at)
    assert q.estimate_note.zh in shown and "不等于按 GB/T 39117 认证的等级" in shown
    assert "企业标为不适用" in shown  # the na claim is shown with the reason it is allowed
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["自评等级（估算）"] == "3 级 · 集成级" == metrics["核查等级（估算，当前）"]
    assert at.selectbox(key=f"verified_{onsite}_path").value == "discrete"
    design = at.selectbox(key=f"verified_{onsite}_{DESIGN}")
    assert design.value == "na" and design.options[-1] == "不适用"
    assert at.selectbox(key=f"verified_{onsite}_{ORG}").options[0] == "一级以下"

    # refuse the "not applicable", lower a level, rate operations requirement by requirement
    at.selectbox(key=f"verified_{onsite}_{DESIGN}").set_value(1).run()
    at.text_input(key=f"comment_{onsite}_{DESIGN}").input("企业有自主产品，设计适用").run()
    at.selectbox(key=f"verified_{onsite}_{ORG}").set_value(1).run()
    at.button(key=f"by_req_{onsite}_{OPS}").click().run()
    assert not at.exception
    level3 = q.subdomain_by_id[OPS].requirements_by_level[3]
    assert at.selectbox(key=f"verified_{onsite}_{level3[0]}").value == 1.0
    for rid in level3:
        at.selectbox(key=f"verified_{onsite}_{rid}").set_value(0.5).run()
    assert not at.exception
    given = lifecycle.answers(store, assessor, onsite)
    assert given[DESIGN] == 1 and given[ORG] == 1 and OPS not in given
    assert all(given[rid] == 0.5 for rid in level3)
    assert "核查：2 级 · 规范级" in texts(at)  # operations' verified level so far
    so_far = score(q, check_answers(q, given))  # the same scorer as the submission
    assert so_far["levels"]["3"] < 1.0
    metrics = {m.label: m.value for m in at.metric}
    level = so_far["overall"]["level"]
    assert metrics["核查等级（估算，当前）"] == f"{level} 级 · {q.level_name(level).zh}"

    at.button(key="submit_verification").click().run()
    assert not at.exception
    assert lifecycle.get(store, assessor, onsite)["status"] == "submitted"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["自评等级（估算）"] == "3 级 · 集成级"
    assert metrics["核查等级（估算）"] == f"{level} 级 · {q.level_name(level).zh}"
    assert lifecycle.result(store, assessor, onsite)["levels"] == so_far["levels"]
    table = table_with(at, "核查意见").set_index("项目")
    assert table.loc["设计 · 产品设计", "自评"] == "不适用" and table.loc["设计 · 产品设计", "核查"] == "1"
    assert table.loc["组织战略", "核查"] == "1" and table.loc["生产 · 生产作业", "核查"] == "2"
    assert "离散型制造" in texts(at)

    # the bureau's page: gaps by sub-domain
    page = app(analyst)
    page.switch_page("ui/pages/bureau_verification.py").run()
    page.selectbox(key="flt_questionnaire").set_value(CMMM).run()
    assert not page.exception
    gaps = table_with(page, "平均差")
    assert gaps.iloc[0].tolist()[:3] == ["组织战略", 2.0, 1]
    assert "设计 · 产品设计" not in gaps["项目"].tolist()


def test_the_assessor_page_in_english_changes_the_path(app, store, assigned):
    firm, assessor, mine = assigned
    onsite = verification.start(store, assessor, mine)
    at = app(assessor, lang="en")
    at.switch_page("ui/pages/assessor.py").run()
    assert not at.exception
    assert "Below level 1" in at.selectbox(key=f"verified_{onsite}_{ORG}").options
    at.selectbox(key=f"verified_{onsite}_path").set_value("process").run()
    assert not at.exception
    assert lifecycle.answers(store, assessor, onsite)["path"] == "process"


def test_a_level_whose_check_was_answered_no_starts_at_what_it_counts_as(app, store, analyst):
    firm = make_enterprise(store, 3)
    accounts.add_user(store, CLI, "assessor3", "assessor", PASSWORD)
    mine = cmmm_self_assessed(store, firm, level=3, check=False)  # every "level 3" counts as 2
    verification.assign(store, analyst, mine, "assessor3")
    assessor = accounts.actor_of({"username": "assessor3", "role": "assessor", "credit_code": None})
    onsite = verification.start(store, assessor, mine)
    at = app(assessor)
    at.switch_page("ui/pages/assessor.py").run()
    assert not at.exception
    assert at.selectbox(key=f"verified_{onsite}_{ORG}").value == 2
    assert "自评：2 级 · 规范级 · 核对题：否" in texts(at)
    assert lifecycle.result(store, firm, mine)["subdomains"][ORG]["level"] == 2
