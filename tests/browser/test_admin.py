"""The administrator in a real browser: an Excel import with one bad row writes nothing and the
error table names the row; the corrected file imports. And a look at every administration page."""

from __future__ import annotations

import sqlite3

import pytest

from assessment import accounts
from assessment.access import CLI
from assessment.db import Store
from tests.browser import driver as d
from tests.browser.driver import wait_idle
from tests.support.import_files import dcmm_workbook

PASSWORD = "Jc6!rTy3Nm8@Bx"


@pytest.fixture(scope="module")
def administrator(app_db):
    store = Store(app_db)
    try:
        accounts.add_user(store, CLI, "admin.browser", "admin", PASSWORD)
    finally:
        store.close()
    return "admin.browser"


def sign_in(page, url, username, lang="zh"):
    page.goto(f"{url}/?lang={lang}")
    wait_idle(page)
    d.nav(page, "登录" if lang == "zh" else "Sign in")
    page.locator(d.css_key("sign_in_user") + " input").fill(username)
    page.locator(d.css_key("sign_in_password") + " input").fill(PASSWORD)
    page.get_by_role("button", name="登录" if lang == "zh" else "Sign in", exact=True).last.click()
    wait_idle(page)


def upload(page, key: str, path) -> None:
    d.widget(page, key).locator("input[type='file']").set_input_files(str(path))
    wait_idle(page)


def counts(db_path) -> tuple[int, int]:
    with sqlite3.connect(db_path) as conn:
        return (
            conn.execute("SELECT count(*) FROM enterprises WHERE name LIKE '青岛导入页面测试%'").fetchone()[0],
            conn.execute("SELECT count(*) FROM assessments WHERE source = 'import'").fetchone()[0],
        )


def grid_rows(page) -> list[list[str]]:
    """The data rows of the first table on the page. The grid is drawn on a canvas; its cells are
    also kept, hidden, as an accessible table in the DOM, which the grid fills in a moment after
    the frame itself appears: wait for its first cell before reading."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.locator("[role='gridcell']").first.wait_for(state="attached", timeout=15_000)
    rows = []
    for row in grid.locator("[role='row']").all():
        cells = row.locator("[role='gridcell']").all_text_contents()
        if cells:
            rows.append(cells)
    return rows


def test_an_excel_import_with_a_bad_row_writes_nothing_then_the_corrected_file_imports(
    page, app_url, app_db, administrator, tmp_path
):
    bad = tmp_path / "returns-bad.xlsx"
    bad.write_bytes(dcmm_workbook(bad_level=9))
    good = tmp_path / "returns.xlsx"
    good.write_bytes(dcmm_workbook())
    sign_in(page, app_url, administrator)
    d.nav(page, "数据导入")
    upload(page, "import_file", bad)
    d.button(page, "检查文件（不写入）")
    assert "未写入任何数据" in d.alert_texts(page)
    table = page.locator("[data-testid='stDataFrame']").first
    table.scroll_into_view_if_needed()
    d.shot(page, "zh-admin-import-bad-row")
    rows = grid_rows(page)
    assert [r[:2] for r in rows] == [["3", "strategy.planning"]]  # spreadsheet row 3, the column
    assert "收到 9" in rows[0][3]
    assert page.get_by_role("button", name="导入", exact=True).count() == 0
    assert counts(app_db) == (0, 0)

    upload(page, "import_file", good)
    d.button(page, "检查文件（不写入）")
    assert "检查通过（尚未写入）" in d.alert_texts(page)
    assert counts(app_db) == (0, 0)
    d.button(page, "导入")
    # the import ends with a rerun of its own: wait for its message rather than the first idle moment
    page.locator("[data-testid='stAlert']").filter(has_text="已导入").first.wait_for(timeout=60_000)
    assert "已导入" in d.alert_texts(page)
    d.shot(page, "zh-admin-import-done")
    assert counts(app_db) == (3, 3)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_administration_page_draws(page, app_url, administrator, lang):
    names = {
        "zh": ["账户与访问码", "数据导入", "问卷版本", "基准与备份", "审计日志"],
        "en": ["Accounts", "Import", "Questionnaire versions", "Benchmarks and backups", "Audit log"],
    }[lang]
    sign_in(page, app_url, administrator, lang)
    for n, name in enumerate(names):
        d.nav(page, name)
        assert page.locator("[data-testid='stException']").count() == 0
        d.shot(page, f"{lang}-admin-{n + 1}")
