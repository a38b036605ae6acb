"""Clear messages for wrong input at the door, and no view of another enterprise's data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assessment import accounts, lifecycle
from assessment.access import CLI
from assessment.db import Store
from tests.browser import driver as d
from tests.browser.driver import wait_idle
from tests.conftest import code, make_enterprise


def test_wrong_credit_code_while_registering(page, app_url):
    page.goto(f"{app_url}/?lang=zh")
    wait_idle(page)
    d.nav(page, "企业注册")
    good = code(920)
    d.text(page, "reg_code", good[:-1] + ("1" if good[-1] != "1" else "2"))
    assert "校验位错误" in d.alert_texts(page)
    d.text(page, "reg_code", good[:10])
    assert "应为 18 位" in d.alert_texts(page)
    d.shot(page, "zh-register-wrong-code")


def test_wrong_password(page, app_url, app_db):
    who = make_enterprise(Store(app_db), 921)
    page.goto(f"{app_url}/?lang=en")
    wait_idle(page)
    d.nav(page, "Sign in")
    page.locator(d.css_key("sign_in_user") + " input").fill(who.username)
    page.locator(d.css_key("sign_in_password") + " input").fill("not-the-password-1")
    page.get_by_role("button", name="Sign in", exact=True).last.click()
    wait_idle(page)
    assert "wrong username or password" in d.alert_texts(page)
    d.shot(page, "en-sign-in-wrong-password")


def test_expired_access_code(page, app_url, app_db):
    store = Store(app_db)
    make_enterprise(store, 922)
    issued = accounts.issue_access_code(store, CLI, code(922), days=1, at=datetime.now(UTC) - timedelta(days=3))
    page.goto(f"{app_url}/?lang=zh")
    wait_idle(page)
    d.nav(page, "登录")
    page.get_by_role("tab", name="访问码首次登录").click()
    page.locator(d.css_key("code_credit") + " input").fill(code(922))
    page.locator(d.css_key("code_value") + " input").fill(issued["code"])
    page.locator(d.css_key("code_pw1") + " input").fill("Mb8!pWx5Rt3#Jz")
    page.locator(d.css_key("code_pw2") + " input").fill("Mb8!pWx5Rt3#Jz")
    page.get_by_role("button", name="验证并登录").click()
    wait_idle(page)
    assert "访问码已于" in d.alert_texts(page) and "过期" in d.alert_texts(page)
    d.shot(page, "zh-access-code-expired")


def test_a_second_browser_as_another_enterprise_sees_nothing_of_the_first(browser, app_url, app_db):
    store = Store(app_db)
    first = make_enterprise(store, 923, name="青岛甲方数据有限公司")
    second = make_enterprise(store, 924, name="青岛乙方制造有限公司")
    theirs = lifecycle.start_or_resume(store, first, first.credit_code, "sme-2024", "2026")
    lifecycle.save_answer(store, first, theirs, "foundation.information_systems", "all")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 1600}) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        for pg, who in ((a, first), (b, second)):
            pg.goto(f"{app_url}/?lang=zh")
            wait_idle(pg)
            d.nav(pg, "登录")
            pg.locator(d.css_key("sign_in_user") + " input").fill(who.username)
            pg.locator(d.css_key("sign_in_password") + " input").fill("Qv8#tLm2pRx9wZ")
            pg.get_by_role("button", name="登录", exact=True).last.click()
            wait_idle(pg)
        # the second enterprise asks for the first one's draft by its id in the URL
        d.nav(b, "填写问卷")
        b.goto(f"{app_url}/answer?lang=zh&a={theirs}")
        wait_idle(b)
        b.locator(d.css_key("gate_user") + " input").fill(second.username)
        b.locator(d.css_key("gate_password") + " input").fill("Qv8#tLm2pRx9wZ")
        b.get_by_role("button", name="登录", exact=True).click()
        b.locator(d.css_key("gate_user")).wait_for(state="detached")
        wait_idle(b)
        body = b.locator("[data-testid='stMain']").inner_text()
        assert "未找到该记录，或当前账户无权访问" in body
        assert "青岛甲方数据有限公司" not in body and first.credit_code not in body
        d.shot(b, "zh-second-enterprise-refused")
        # and its results page lists only its own assessments
        d.nav(b, "评估结果")
        assert "青岛甲方数据有限公司" not in b.locator("[data-testid='stMain']").inner_text()
        # the first enterprise, meanwhile, still has its answer
        d.nav(a, "填写问卷")
        assert d.radio_index(a, f"q_{theirs}_foundation.information_systems") == 4
    finally:
        for c in contexts:
            c.close()
