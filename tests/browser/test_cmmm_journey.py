"""A manufacturer's smart-manufacturing maturity journey in a real browser: sign up, start
cmmm-2020 in quick mode, choose the discrete path, mark product design not applicable, give every
other sub-domain a level (one of 3, whose check is answered "yes"), submit; the results show the
level `cli.py score` gives and say it is a self-assessment estimate; the PDF report downloads.
The quick and the detailed answer pages are kept as screenshots on the way."""

from __future__ import annotations

from pypdf import PdfReader

from assessment.answers import NOT_APPLICABLE, PATH_KEY
from questionnaires import get
from tests.browser import driver as d
from tests.browser.checks import answers_in_db, cli_score, draft_id
from tests.browser.driver import wait_idle
from tests.conftest import code

PASSWORD = "Qv8#tLm2pRx9wZ"
CMMM = "cmmm-2020"


def test_a_manufacturer_answers_cmmm_in_quick_mode_and_sees_an_estimated_level(page, app_url, app_db):
    q = get(CMMM)
    credit_code = code(930)
    d.open_app(page, app_url, "zh")
    d.sign_up(page, credit_code, "青岛智造测试服装有限公司", PASSWORD)
    d.start(page, q.title.zh, 0)  # quick
    aid = draft_id(app_db, credit_code)

    # the path first; until it is chosen the domains ask for it
    d.select(page, f"section_{aid}", q.domains[0].name.zh)
    assert "请先在“制造类型”一节选择" in d.alert_texts(page)
    d.button(page, "去选择制造类型")
    d.radio(page, f"q_{aid}_{PATH_KEY}", q.paths.index("discrete"))
    assert answers_in_db(app_db, aid) == {PATH_KEY: "discrete"}
    d.shot(page, "zh-cmmm-path")

    given: dict = {PATH_KEY: "discrete"}
    for domain in q.domains:
        d.button(page, "下一节")
        assert "这一级和它以下各级" in d.alert_texts(page)  # the cumulative rule
        for sub in domain.subdomains:
            if sub.id == "design.product":
                d.radio(page, f"q_{aid}_{sub.id}", 7)  # levels 0-5, not sure, then not applicable
                given[sub.id] = NOT_APPLICABLE
            elif sub.id == "strategy.organisation":
                d.radio(page, f"q_{aid}_{sub.id}", 3)  # level 3: its check is asked
                check = d.widget(page, f"q_{aid}_{sub.id}.check")
                assert q.check_question(sub.id, 3).zh in check.inner_text()
                check.locator("button", has_text="是").click()
                wait_idle(page)
                given |= {sub.id: 3, f"{sub.id}.check": True}
            else:
                d.radio(page, f"q_{aid}_{sub.id}", 2)
                given[sub.id] = 2
        if domain.id in ("strategy", "design"):
            d.shot(page, f"zh-cmmm-quick-{domain.id}")
    assert answers_in_db(app_db, aid) == given  # saved the moment they were given

    # the detailed page, seen on the way (and back, without answering there)
    d.widget(page, f"answer_mode_{aid}").locator("button", has_text="详细模式").click()
    wait_idle(page)
    d.select(page, f"section_{aid}", q.subdomain_by_id["design.product"].name.zh)
    d.shot(page, "zh-cmmm-detailed-na")
    d.select(page, f"section_{aid}", q.subdomains[0].name.zh)
    d.shot(page, "zh-cmmm-detailed")
    d.widget(page, f"answer_mode_{aid}").locator("button", has_text="快速模式").click()
    wait_idle(page)
    assert answers_in_db(app_db, aid) == given

    d.select(page, f"section_{aid}", "检查并提交")
    assert "全部题目已回答" in d.alert_texts(page)
    d.button(page, "提交评估")
    page.wait_for_url("**/results**")
    wait_idle(page)
    d.shot(page, "zh-cmmm-results")
    expected = cli_score(given, CMMM)
    level = expected["level"]
    assert level == 2
    assert d.metric(page, "等级") == f"{level} · {q.level_name(level).zh}"
    assert q.estimate_note.zh in d.alert_texts(page)

    # the PDF report downloads and is a PDF
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="下载 PDF 报告").click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert len(PdfReader(path).pages) >= 1
