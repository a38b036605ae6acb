"""Small helpers to drive Streamlit widgets in a real browser by their ``key``."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script and stays idle: an interaction may
    start a rerun a moment later, and ``st.rerun`` chains a second run after the first."""
    idle = "[data-testid='stApp'][data-test-script-state='notRunning']"
    page.wait_for_timeout(200)
    for _ in range(50):
        page.wait_for_selector(idle, timeout=timeout)
        page.wait_for_timeout(250)
        if page.locator(idle).count() and not page.locator("[data-testid='stSkeleton']").count():
            return


def css_key(key: str) -> str:
    """The CSS class Streamlit gives a widget with this key."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def widget(page, key: str):
    return page.locator(css_key(key))


def radio(page, key: str, index: int) -> None:
    widget(page, key).locator("[role='radiogroup'] label").nth(index).click()
    wait_idle(page)


def radio_index(page, key: str) -> int | None:
    """Index of the checked option, or None."""
    inputs = widget(page, key).locator("input[type='radio']")
    for i in range(inputs.count()):
        if inputs.nth(i).is_checked():
            return i
    return None


def multiselect(page, key: str, option_texts: list[str]) -> None:
    for text in option_texts:
        box = widget(page, key).locator("input")
        # in the middle of the viewport: a list opened at its bottom edge may open off-screen
        box.evaluate("element => element.scrollIntoView({block: 'center'})")
        option = page.get_by_role("option", name=text, exact=True)
        box.click()
        try:
            option.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeout:  # the click landed while the page was still settling: once more
            box.click()
        option.click()
        wait_idle(page)
    page.keyboard.press("Escape")
    page.locator("h1").first.click()  # move the focus away so the list closes
    wait_idle(page)


def chips(page, key: str) -> list[str]:
    """The option texts shown as selected in a multiselect."""
    tags = widget(page, key).locator(".react-aria-ComboBox [data-tag] span[title]")
    return [t.strip() for t in tags.all_inner_texts()]


def number(page, key: str, value: float) -> None:
    box = widget(page, key).locator("input")
    box.fill(f"{value:g}")
    box.press("Enter")
    wait_idle(page)


def number_value(page, key: str) -> str:
    return widget(page, key).locator("input").input_value()


def text(page, key: str, value: str) -> None:
    box = widget(page, key).locator("input")
    box.fill(value)
    box.press("Tab")
    wait_idle(page)


def select(page, key: str, option_text: str) -> None:
    widget(page, key).locator("input").click()
    page.get_by_role("option", name=option_text, exact=True).click()
    wait_idle(page)


def button(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_idle(page)


def nav(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    wait_idle(page)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def alert_texts(page) -> str:
    return "\n".join(page.locator("[data-testid='stAlert']").all_inner_texts())


def open_app(page, url, lang):
    page.goto(f"{url}/?lang={lang}")
    wait_idle(page)


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def sign_up(
    page, credit_code: str, name: str, password: str, menu: str = "企业注册", submit: str = "注册并登录"
) -> None:
    """Register an enterprise on the registration page (``menu``, ``submit``: its labels in the
    page's language); the app signs it in."""
    nav(page, menu)
    text(page, "reg_code", credit_code)
    text(page, "reg_name", name)
    page.locator(css_key("reg_pw1") + " input").fill(password)
    page.locator(css_key("reg_pw2") + " input").fill(password)
    button(page, submit)


def start(page, questionnaire_title: str, mode: int = 0) -> None:
    """Start an assessment on the answer page (Chinese labels); ``mode`` 0 quick, 1 detailed."""
    nav(page, "填写问卷")
    select(page, "start_q", questionnaire_title)
    radio(page, "start_mode", mode)
    button(page, "开始")


def sign_in_at_the_gate(page, username: str, password: str, button: str = "登录") -> None:
    page.locator(css_key("gate_user") + " input").fill(username)
    page.locator(css_key("gate_password") + " input").fill(password)
    page.get_by_role("button", name=button, exact=True).click()
    page.locator(css_key("gate_user")).wait_for(state="detached")
    wait_idle(page)


def open_as(browser, url: str, path: str, username: str, password: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1800}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{url}/{path}?lang=zh")
    wait_idle(page)
    sign_in_at_the_gate(page, username, password)
    return context, page
