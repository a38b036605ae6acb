"""On-site verification in a real browser: the bureau assigns a self-assessment to an assessor;
the assessor verifies two items lower with a comment and asks for more evidence; the enterprise
answers on its history page; the assessor submits; the enterprise sees both levels and the items
that differ on its results page. Each person works in a browser context of its own."""

from __future__ import annotations

import pytest

from assessment import accounts, lifecycle
from assessment.access import CLI
from assessment.db import Store
from questionnaires import get
from tests.browser import driver as d
from tests.browser.driver import wait_idle
from tests.conftest import code, make_enterprise, open_rounds

DCMM = "dcmm-2025"
ANALYST, ASSESSOR = "analyst-v", "assessor-v"
PASSWORD = "Hn4$wQz7Lp2#Vk"
FIRM = "Qv8#tLm2pRx9wZ"  # tests.conftest's enterprise password


@pytest.fixture(scope="module")
def app_db(tmp_path_factory):
    """An analyst, an assessor of an outside agency, and one enterprise with a submitted
    self-assessment at level 4 throughout."""
    path = tmp_path_factory.mktemp("verification") / "assessment.db"
    store = open_rounds(Store(path))
    accounts.add_user(store, CLI, ANALYST, "analyst", PASSWORD)
    accounts.add_user(store, CLI, ASSESSOR, "assessor", PASSWORD, display_name="王核查", agency="青岛评测中心")
    firm = make_enterprise(store, 77, name="青岛核查示范有限公司")
    draft = lifecycle.start_or_resume(store, firm, firm.credit_code, DCMM, "2025")
    for item in get(DCMM).items:
        lifecycle.save_answer(store, firm, draft, item.id, 4)
    lifecycle.submit(store, firm, draft)
    store.close()
    return path


def open_as(browser, url: str, path: str, username: str, password: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1800})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{url}/{path}?lang=zh")
    wait_idle(page)
    d.sign_in_at_the_gate(page, username, password)
    return context, page


def test_assign_verify_ask_answer_submit_and_see_both_levels(browser, app_url, app_db):
    store = Store(app_db)
    firm = code(77)
    self_id = store.db.execute("SELECT id FROM assessments WHERE credit_code = ?", [firm]).fetchone()[0]
    items = get(DCMM).items[:2]
    contexts = []
    try:
        # the bureau assigns from the queue page
        ctx, bureau = open_as(browser, app_url, "bureau_verification", ANALYST, PASSWORD)
        contexts.append(ctx)
        d.select(bureau, "flt_questionnaire", f"{get(DCMM).title.zh} ({DCMM})")
        d.select(bureau, "assign_assessment", f"#{self_id} · 青岛核查示范有限公司 · 2025 · 自评 4 级")
        d.select(bureau, "assign_to", f"{ASSESSOR} · 王核查 · 青岛评测中心")
        d.button(bureau, "安排")
        assert f"已将评估 {self_id} 安排给 {ASSESSOR}" in d.alert_texts(bureau)

        # the assessor verifies two items lower and asks for more evidence
        ctx, assessor = open_as(browser, app_url, "assessor", ASSESSOR, PASSWORD)
        contexts.append(ctx)
        assert "本评估未附证据文件" in d.alert_texts(assessor)
        d.button(assessor, "开始核查")
        onsite = store.db.execute("SELECT id FROM assessments WHERE verifies = ?", [self_id]).fetchone()[0]
        for item, level in zip(items, (2, 3), strict=True):
            d.select(assessor, f"verified_{onsite}_{item.id}", str(level))
        d.text(assessor, f"comment_{onsite}_{items[0].id}", "未见经审批的数据战略文件")
        box = d.widget(assessor, "evidence_request_text").locator("textarea")
        box.fill("请提供数据战略的发布文件")
        box.press("Tab")
        d.button(assessor, "发送要求")
        assert assessor.get_by_text("企业尚未回复。").count() == 1
        d.shot(assessor, "verification-assessor-page")
        assessor.locator("h1").first.scroll_into_view_if_needed()
        d.shot(assessor, "verification-assessor-page-top")

        # the enterprise answers on its history page
        ctx, enterprise = open_as(browser, app_url, "history", firm, FIRM)
        contexts.append(ctx)
        request = store.db.execute("SELECT id FROM evidence_requests").fetchone()[0]
        assert enterprise.get_by_text("请提供数据战略的发布文件").count() >= 1
        box = d.widget(enterprise, f"evidence_answer_{request}").locator("textarea")
        box.fill("已于 2025 年 3 月发布")
        box.press("Tab")
        wait_idle(enterprise)
        d.button(enterprise, "发送回复")

        # the assessor sees the answer and submits
        d.nav(assessor, "现场核查")
        assert assessor.get_by_text("企业回复：已于 2025 年 3 月发布").count() == 1
        d.button(assessor, "提交核查")
        assert assessor.get_by_text("核查人：王核查（青岛评测中心）", exact=False).count() == 1

        # the enterprise sees both levels and the two items that differ, with the comment
        d.nav(enterprise, "评估结果")
        assert enterprise.get_by_text("自评与现场核查").count() == 1
        verified = lifecycle.result(store, CLI, onsite)["overall"]["level"]
        assert d.metric(enterprise, "自评等级") == "4" and d.metric(enterprise, "核查等级") == str(verified)
        assert enterprise.get_by_text("有 2 项核查结果与自评不同", exact=False).count() == 1
        d.shot(enterprise, "verification-results-side-by-side")
    finally:
        for ctx in contexts:
            ctx.close()
        store.close()
