"""The bureau in a real browser: an analyst signs in, filters one park and sees the figures of
`cli.py benchmark` for that park, opens an enterprise, downloads the cohort PDF and it opens;
an enterprise user reaches no bureau page by its URL and no other enterprise's result by
its id in the URL."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from pypdf import PdfReader

from assessment import accounts
from assessment.access import CLI
from assessment.cohort import CohortFilter
from assessment.db import Store
from benchmarks import cohorts
from benchmarks.demo import generate
from perf.app_server import ROOT
from tests.browser import driver as d
from tests.browser.driver import wait_idle
from tests.conftest import code, make_enterprise

Q = "sme-2024"
PARK = "金水创新产业园"
ANALYST, ANALYST_PASSWORD = "analyst-b", "Hn4$wQz7Lp2#Vk"
ENTERPRISE = 931  # its password is tests.conftest's: Qv8#tLm2pRx9wZ


@pytest.fixture(scope="module")
def app_db(tmp_path_factory):
    """A synthetic demo cohort with archetypes, an analyst and one registered enterprise."""
    path = tmp_path_factory.mktemp("bureau") / "assessment.db"
    store = Store(path)
    generate(store, 150, 8)
    cohorts.fit(store, CLI, Q)
    accounts.add_user(store, CLI, ANALYST, "analyst", ANALYST_PASSWORD)
    make_enterprise(store, ENTERPRISE, name="青岛门外企业有限公司")
    store.close()
    return path


def sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/?lang=zh")
    wait_idle(page)
    d.nav(page, "登录")
    page.locator(d.css_key("sign_in_user") + " input").fill(username)
    page.locator(d.css_key("sign_in_password") + " input").fill(password)
    page.get_by_role("button", name="登录", exact=True).last.click()
    wait_idle(page)


def table_row(page, first_cell: str) -> list[str]:
    """The cells of the row of a text table (st.table) that starts with ``first_cell``."""
    row = page.locator("[data-testid='stTable'] tr").filter(has=page.get_by_text(first_cell, exact=True)).first
    return [c.strip() for c in row.locator("th, td").all_inner_texts()]


def cli_benchmark(db, **filters) -> dict:
    command = [sys.executable, "cli.py", "benchmark", "--questionnaire", Q, "--db", str(db)]
    for name, value in filters.items():
        command += [f"--{name}", value]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_analyst_filters_a_park_and_sees_the_cli_figures(page, app_url, app_db):
    sign_in(page, app_url, ANALYST, ANALYST_PASSWORD)
    d.nav(page, "群体看板")
    assert "合成演示数据" in d.alert_texts(page)
    everyone = cli_benchmark(app_db)
    assert d.metric(page, "评估数") == f"{everyone['count']:,}"
    d.shot(page, "zh-dashboard-all")

    d.select(page, "flt_park", PARK)
    expected = cli_benchmark(app_db, park=PARK)
    assert d.metric(page, "评估数") == f"{expected['count']:,}"
    overall = table_row(page, "总分（0–100）")  # the overall score with its scale
    assert overall[1] == f"{expected['overall']['mean']:.2f}"  # mean
    assert overall[4] == f"{expected['overall']['p50']:.2f}"  # P50
    foundation = table_row(page, "数字化基础")
    assert foundation[1] == f"{expected['areas']['foundation']['mean']:.2f}"
    assert foundation[4] == f"{expected['areas']['foundation']['p50']:.2f}"
    assert f"--park '{PARK}'" in page.locator("[data-testid='stCode']").inner_text()
    d.shot(page, "zh-dashboard-park")

    # the filter follows to the other pages
    d.nav(page, "企业类型")
    d.shot(page, "zh-bureau-archetypes")
    d.nav(page, "进步情况")
    d.shot(page, "zh-bureau-progress")
    d.nav(page, "企业名录")
    assert page.locator(d.css_key("flt_park") + " input").input_value() == PARK
    frame = cohorts.load(Store(app_db), CohortFilter(Q, park=PARK))
    lowest = frame.sort_values("score").iloc[0]
    d.text(page, "ent_search", lowest["credit_code"])
    d.select(page, "drill_code", f"{lowest['name']} · {lowest['credit_code']}")
    assert lowest["name"] in main_text(page)
    assert "评估结果（企业看到的页面）" in main_text(page)
    d.shot(page, "zh-bureau-enterprise")

    # the cohort PDF of the park opens
    d.nav(page, "报告与导出")
    d.shot(page, "zh-bureau-reports")
    with page.expect_download(timeout=120_000) as caught:
        page.get_by_role("button", name="下载群体报告 PDF").click()
    download = caught.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    assert len(reader.pages) > 0
    assert PARK in "".join(p.extract_text() or "" for p in reader.pages[:2])


def test_analyst_dashboard_in_english(page, app_url):
    page.goto(f"{app_url}/dashboard?lang=en")
    wait_idle(page)
    assert "Please sign in first." in d.alert_texts(page)
    d.sign_in_at_the_gate(page, ANALYST, ANALYST_PASSWORD, "Sign in")
    assert page.get_by_role("heading", name="Cohort dashboard").count()
    assert "Synthetic demo data" in d.alert_texts(page)
    d.shot(page, "en-dashboard-all")


def test_an_enterprise_reaches_no_bureau_page_by_its_url(page, app_url, app_db):
    names = list(cohorts.load(Store(app_db), CohortFilter(Q))["name"])
    for path in ("dashboard", "enterprises", "bureau_reports"):
        page.goto(f"{app_url}/{path}?lang=zh")
        wait_idle(page)
        assert "请先登录" in d.alert_texts(page)  # not without signing in
        assert not page.locator("[data-testid='stMetric']").count()
        d.sign_in_at_the_gate(page, code(ENTERPRISE), "Qv8#tLm2pRx9wZ")
        # signed in as an enterprise, the bureau page says it may not be opened, and shows nothing
        assert page.url.split("?")[0].endswith(f"/{path}")
        assert "当前账户无权访问此页面" in d.alert_texts(page)
        text = main_text(page)
        assert "群体看板" not in text and "企业名录" not in text
        assert not any(name in text for name in names)
        assert not page.locator("[data-testid='stMetric']").count()
    d.shot(page, "zh-enterprise-at-a-bureau-url")


def test_an_enterprise_cannot_open_another_enterprises_result_by_its_id(page, app_url, app_db):
    theirs = cohorts.load(Store(app_db), CohortFilter(Q)).iloc[0]
    page.goto(f"{app_url}/results?lang=zh&a={theirs['assessment_id']}")
    wait_idle(page)
    d.sign_in_at_the_gate(page, code(ENTERPRISE), "Qv8#tLm2pRx9wZ")
    text = main_text(page)
    assert "未找到该记录，或当前账户无权访问" in text
    assert theirs["name"] not in text and theirs["credit_code"] not in text
    d.shot(page, "zh-enterprise-other-result-refused")
