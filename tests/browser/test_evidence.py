"""Evidence in a real browser: an enterprise attaches a file to a DCMM item through the page's
file chooser, sees it listed, downloads it back byte for byte (the download audited), and a
renamed executable is refused with one message naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import evidence, lifecycle
from assessment.access import Actor
from assessment.db import Store
from tests import evidence_samples as samples
from tests.browser import driver as d
from tests.browser.driver import wait_idle
from tests.conftest import code, make_enterprise, open_rounds

N = 941
ITEM = "strategy.planning"
PASSWORD = "Qv8#tLm2pRx9wZ"  # tests.conftest.make_enterprise's


@pytest.fixture(scope="module")
def app_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("evidence") / "assessment.db"
    store = open_rounds(Store(path))
    who = make_enterprise(store, N)
    lifecycle.start_or_resume(store, who, who.credit_code, "dcmm-2025", "2025")
    store.close()
    return path


def sign_in_and_answer(page, url, username):
    page.goto(f"{url}/?lang=zh")
    wait_idle(page)
    d.nav(page, "登录")
    page.locator(d.css_key("sign_in_user") + " input").fill(username)
    page.locator(d.css_key("sign_in_password") + " input").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).last.click()
    wait_idle(page)
    d.nav(page, "填写问卷")


def attach(page, aid: int, path: Path, description: str) -> None:
    if not d.widget(page, f"ev_file_{aid}_{ITEM}_0").is_visible():
        page.get_by_text("附件", exact=True).first.click()  # open the first item's expander
        wait_idle(page)
    d.widget(page, f"ev_file_{aid}_{ITEM}_0").locator("input[type='file']").set_input_files(str(path))
    wait_idle(page)
    d.text(page, f"ev_desc_{aid}_{ITEM}", description)
    d.widget(page, f"ev_add_{aid}_{ITEM}").locator("button").click()
    wait_idle(page)


def test_attach_list_and_download_in_the_browser(page, app_url, app_db, tmp_path):
    store = Store(app_db)
    who = Actor(code(N), "enterprise", code(N))
    username = who.username
    aid = store.db.execute("SELECT id FROM assessments").fetchone()[0]
    sign_in_and_answer(page, app_url, username)

    refused = tmp_path / "年报.pdf"
    refused.write_bytes(samples.executable())
    attach(page, aid, refused, "年度报告")
    error = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "文件“年报.pdf”未保存" in error and "ELF executable" in error

    good = tmp_path / "数据战略规划.pdf"
    good.write_bytes(samples.pdf("data strategy"))
    attach(page, aid, good, "公司数据战略规划（2025）")
    assert page.get_by_text("已附加：数据战略规划.pdf").count() == 1
    assert page.get_by_text("数据战略规划.pdf · PDF").count() == 1
    d.shot(page, "evidence-attached")

    [entry] = evidence.list_for(store, who, aid)
    with page.expect_download() as download:
        d.widget(page, f"ev_dl_{entry['id']}").locator("button").click()
    saved = tmp_path / "back.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == good.read_bytes()
    assert download.value.suggested_filename == "数据战略规划.pdf"
    rows = store.db.execute("SELECT actor FROM audit WHERE action = 'evidence.download' AND outcome = 'ok'")
    assert [r[0] for r in rows] == [username]
    store.close()
