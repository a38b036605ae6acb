"""Nothing is fetched from outside the machine (issue 10, point 17): every request the browser
makes during a full journey — each role signs in and opens each of its pages, with charts drawn
on a demo cohort — goes to the app's own origin."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from assessment import accounts
from assessment.access import CLI
from assessment.db import Store
from benchmarks import cohorts
from benchmarks.demo import generate
from tests.browser import driver as d
from tests.browser.driver import wait_idle

PASSWORD = "Qv8#tLm2pRx9wZ"
PAGES = {
    "enterprise": ["首页", "填写问卷", "评估结果", "历次评估", "问卷说明"],
    "analyst": ["群体看板", "企业类型", "进步情况", "企业名录", "报告与导出"],
    "admin": ["账户与访问码", "数据导入", "问卷版本", "基准与备份", "审计日志", "群体看板"],
}
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(scope="module")
def app_db(tmp_path_factory):
    """A demo cohort with archetypes; an analyst, an administrator, and an account for one demo
    enterprise that has a submitted assessment (so that its results page draws its charts)."""
    path = tmp_path_factory.mktemp("offline") / "assessment.db"
    store = Store(path)
    generate(store, 60, 4)
    cohorts.fit(store, CLI, "sme-2024")
    accounts.add_user(store, CLI, "analyst.offline", "analyst", PASSWORD)
    accounts.add_user(store, CLI, "admin.offline", "admin", PASSWORD)
    firm = store.db.execute(
        "SELECT credit_code FROM assessments WHERE status = 'submitted' AND questionnaire = 'sme-2024' LIMIT 1"
    ).fetchone()[0]
    accounts.add_user(store, CLI, firm, "enterprise", PASSWORD, credit_code=firm)
    store.close()
    return path, firm


@pytest.fixture(scope="module")
def app_url(app_db, tmp_path_factory):
    from perf.app_server import running_app

    with running_app(app_db[0], tmp_path_factory.mktemp("logs") / "server.log") as url:
        yield url


def sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/?lang=zh")
    wait_idle(page)
    d.nav(page, "登录")
    page.locator(d.css_key("sign_in_user") + " input").fill(username)
    page.locator(d.css_key("sign_in_password") + " input").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).last.click()
    wait_idle(page)


def test_a_full_journey_fetches_nothing_from_outside(browser, app_url, app_db):
    origin = urlsplit(app_url)
    requests: list[str] = []
    for role, username in (("enterprise", app_db[1]), ("analyst", "analyst.offline"), ("admin", "admin.offline")):
        context = browser.new_context(viewport={"width": 1280, "height": 1800})
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.on("websocket", lambda ws: requests.append(ws.url))
        page.set_default_timeout(30_000)
        try:
            sign_in(page, app_url, username)
            for name in PAGES[role]:
                d.nav(page, name)
                page.wait_for_load_state("networkidle")
            d.shot(page, f"offline-{role}")
        finally:
            context.close()
    outside = sorted(
        {
            u
            for u in requests
            if urlsplit(u).scheme not in LOCAL_SCHEMES
            and (urlsplit(u).hostname, urlsplit(u).port) != (origin.hostname, origin.port)
        }
    )
    assert len(requests) > 50, "the journey made too few requests to mean anything"
    assert outside == []
