"""On-site verification in a real browser, with evidence files: the enterprise answers (every
item at the same level), attaches a file and submits; the bureau sees the assessment flagged in
its queue and assigns it; the assessor sees the file, verifies two items lower and asks for more
evidence; the enterprise attaches one more file on its history page and answers; the assessor sees
both files, downloads one (audited) and submits; the enterprise sees both levels on its results
page and in its PDF. Each person works in a browser context of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import accounts, lifecycle
from assessment.access import CLI
from assessment.db import Store
from questionnaires import get
from tests import evidence_samples as samples
from tests.browser import driver as d
from tests.browser.driver import wait_idle
from tests.conftest import code, make_enterprise, open_rounds
from tests.support.reports import flat, pdf_text

DCMM = "dcmm-2025"
ANALYST, ASSESSOR = "analyst-v", "assessor-v"
PASSWORD = "Hn4$wQz7Lp2#Vk"
FIRM = "Qv8#tLm2pRx9wZ"  # tests.conftest's enterprise password
NAME = "青岛核查示范有限公司"


@pytest.fixture(scope="module")
def app_db(tmp_path_factory):
    """An analyst, an assessor of an outside agency, and one enterprise with a draft answered at
    level 4 throughout (a straight line: flagged once submitted), not yet submitted."""
    path = tmp_path_factory.mktemp("verification") / "assessment.db"
    store = open_rounds(Store(path))
    accounts.add_user(store, CLI, ANALYST, "analyst", PASSWORD)
    accounts.add_user(store, CLI, ASSESSOR, "assessor", PASSWORD, display_name="王核查", agency="青岛评测中心")
    firm = make_enterprise(store, 77, name=NAME)
    draft = lifecycle.start_or_resume(store, firm, firm.credit_code, DCMM, "2025")
    for item in get(DCMM).items:
        lifecycle.save_answer(store, firm, draft, item.id, 4)
    store.close()
    return path


def attach(page, aid: int, item_id: str, path: Path, description: str) -> None:
    """Through the item's "附件" expander and the page's real file chooser."""
    chooser = d.widget(page, f"ev_file_{aid}_{item_id}_0")
    if not chooser.is_visible():
        page.get_by_text("附件", exact=True).first.click()  # the item's expander, still empty
        wait_idle(page)
    chooser.locator("input[type='file']").set_input_files(str(path))
    wait_idle(page)
    d.text(page, f"ev_desc_{aid}_{item_id}", description)
    d.widget(page, f"ev_add_{aid}_{item_id}").locator("button").click()
    wait_idle(page)
    assert page.get_by_text(f"已附加：{path.name}").count() == 1


def open_expanders(page, label: str) -> None:
    for summary in page.get_by_text(label, exact=True).all():
        summary.click()
        wait_idle(page)


def test_attach_flag_assign_verify_ask_add_a_file_submit_and_see_both_levels(browser, app_url, app_db, tmp_path):
    store = Store(app_db)
    firm = code(77)
    q = get(DCMM)
    self_id = store.db.execute("SELECT id FROM assessments WHERE credit_code = ?", [firm]).fetchone()[0]
    items = q.items[:2]
    first, second = tmp_path / "数据战略规划.pdf", tmp_path / "数据战略发布通知.pdf"
    first.write_bytes(samples.pdf("data strategy"))
    second.write_bytes(samples.pdf("data strategy issued"))
    contexts = []
    try:
        # the enterprise attaches a file while answering, then submits
        ctx, enterprise = d.open_as(browser, app_url, "answer", firm, FIRM)
        contexts.append(ctx)
        d.select(enterprise, f"section_{self_id}", q.areas[0].name.zh)
        attach(enterprise, self_id, items[0].id, first, "公司数据战略规划（2025）")
        d.select(enterprise, f"section_{self_id}", "检查并提交")
        d.button(enterprise, "提交评估")
        enterprise.get_by_role("heading", name="评估结果").wait_for()
        status = store.db.execute("SELECT status FROM assessments WHERE id = ?", [self_id]).fetchone()[0]
        assert status == "submitted"

        # the bureau sees it flagged in the queue, then assigns it
        ctx, bureau = d.open_as(browser, app_url, "bureau_verification", ANALYST, PASSWORD)
        contexts.append(ctx)
        d.select(bureau, "flt_questionnaire", f"{q.title.zh} ({DCMM})")
        assert d.metric(bureau, "有疑点") == "1"
        explained = bureau.locator("[data-testid='stExpander']").filter(has_text=f"{NAME} · {firm} · 2025")
        explained.get_by_text(f"{NAME} · {firm} · 2025").click()
        wait_idle(bureau)
        assert "答案一律" in explained.inner_text()  # every item at the same level: straight_line
        d.select(bureau, "assign_assessment", f"#{self_id} · {NAME} · 2025 · 自评 4 级")
        d.select(bureau, "assign_to", f"{ASSESSOR} · 王核查 · 青岛评测中心")
        d.button(bureau, "安排")
        assert f"已将评估 {self_id} 安排给 {ASSESSOR}" in d.alert_texts(bureau)

        # the assessor sees the flag and the file, verifies two items lower and asks for more
        ctx, assessor = d.open_as(browser, app_url, "assessor", ASSESSOR, PASSWORD)
        contexts.append(ctx)
        main = assessor.locator("[data-testid='stMain']")
        assert "答案一律" in main.inner_text() and "尚无佐证材料" not in main.inner_text()
        assert assessor.get_by_text("附件（1）", exact=True).count() == 1
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

        # the enterprise adds one more file on its history page (open while the request is
        # unanswered), then answers
        d.nav(enterprise, "历次评估")
        request = store.db.execute("SELECT id FROM evidence_requests").fetchone()[0]
        assert enterprise.get_by_text("请提供数据战略的发布文件").count() >= 1
        d.select(enterprise, f"ev_target_{self_id}", f"{items[1].clause} {items[1].name.zh}")
        attach(enterprise, self_id, items[1].id, second, "数据战略发布通知")
        d.shot(enterprise, "verification-history-evidence")
        box = d.widget(enterprise, f"evidence_answer_{request}").locator("textarea")
        box.fill("已于 2025 年 3 月发布，通知见附件")
        box.press("Tab")
        wait_idle(enterprise)
        d.button(enterprise, "发送回复")
        assert d.widget(enterprise, f"ev_add_{self_id}_{items[1].id}").count() == 0  # answered: closed again
        names = [r[0] for r in store.db.execute("SELECT name FROM evidence ORDER BY id")]
        assert names == [first.name, second.name]

        # the assessor sees the answer and both files, downloads one (audited) and submits
        d.nav(assessor, "现场核查")
        assert assessor.get_by_text("企业回复：已于 2025 年 3 月发布，通知见附件").count() == 1
        open_expanders(assessor, "附件（1）")
        for path in (first, second):
            assert assessor.get_by_text(f"{path.name} · PDF", exact=False).count() == 1
        assessor.get_by_text("佐证材料", exact=True).scroll_into_view_if_needed()
        d.shot(assessor, "verification-assessor-files")
        second_id = store.db.execute("SELECT id FROM evidence WHERE name = ?", [second.name]).fetchone()[0]
        with assessor.expect_download() as download:
            d.widget(assessor, f"ev_dl_{second_id}").locator("button").click()
        saved = tmp_path / "back.pdf"
        download.value.save_as(saved)
        assert saved.read_bytes() == second.read_bytes()
        audited = store.db.execute(
            "SELECT actor, outcome FROM audit WHERE action = 'evidence.download' ORDER BY id"
        ).fetchall()
        assert [tuple(r) for r in audited] == [(ASSESSOR, "ok")]
        d.button(assessor, "提交核查")
        assert assessor.get_by_text("核查人：王核查（青岛评测中心）", exact=False).count() == 1

        # the enterprise sees both levels and the two items that differ, on the page and in the PDF
        d.nav(enterprise, "评估结果")
        assert enterprise.get_by_text("自评与现场核查").count() == 1
        verified = lifecycle.result(store, CLI, onsite)["overall"]["level"]
        assert d.metric(enterprise, "自评等级") == "4" and d.metric(enterprise, "核查等级") == str(verified)
        assert enterprise.get_by_text("有 2 项核查结果与自评不同", exact=False).count() == 1
        d.shot(enterprise, "verification-results-side-by-side")
        with enterprise.expect_download() as download:
            d.widget(enterprise, "report_pdf").locator("button").click()
        report = tmp_path / "report.pdf"
        download.value.save_as(report)
        text = flat(pdf_text(report.read_bytes()))
        assert "自评与现场核查" in text and "以下2项核查结果与自评不同" in text and "青岛评测中心" in text
        assert flat(f"{items[0].clause} {items[0].name.zh}") in text and "未见经审批的数据战略文件" in text
    finally:
        for ctx in contexts:
            ctx.close()
        store.close()
