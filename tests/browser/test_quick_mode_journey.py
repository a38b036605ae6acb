"""A quick-mode journey in a real browser: sign up, answer DCMM quick mode with one item "not sure"
and one level whose check is answered "no", submit; the results say both and equal `cli.py score`.
The quick-mode page is also shown in English on the way."""

from __future__ import annotations

from questionnaires import get
from tests.browser import driver as d
from tests.browser.checks import answers_in_db, cli_score, draft_id
from tests.browser.driver import wait_idle
from tests.conftest import code

PASSWORD = "Qv8#tLm2pRx9wZ"


def test_quick_mode_with_not_sure_and_a_failed_check(page, app_url, app_db):
    q = get("dcmm-2025")
    unsure_item, checked_item = q.areas[0].items[0], q.areas[0].items[1]
    credit_code = code(920)
    d.open_app(page, app_url, "zh")
    d.sign_up(page, credit_code, "青岛快速核对测试有限公司", PASSWORD)
    d.start(page, q.title.zh, 0)  # quick
    aid = draft_id(app_db, credit_code)
    assert "如今都已做到" in d.alert_texts(page)

    d.radio(page, f"q_{aid}_{unsure_item.id}", 5)  # the sixth option: not sure
    d.radio(page, f"q_{aid}_{checked_item.id}", 3)  # level 4
    check = d.widget(page, f"q_{aid}_{checked_item.id}.check")
    assert q.check_question(checked_item.id, 4).zh in check.inner_text()
    check.locator("button", has_text="否").click()
    wait_idle(page)
    given = {unsure_item.id: "unsure", checked_item.id: 4, f"{checked_item.id}.check": False}
    assert answers_in_db(app_db, aid) == given  # saved the moment they were given
    d.shot(page, "zh-quick-mode-checks")

    d.radio(page, "lang_switch", 1)  # English, then back
    assert "true today" in d.alert_texts(page)
    assert q.check_question(checked_item.id, 4).en in d.widget(page, f"q_{aid}_{checked_item.id}.check").inner_text()
    d.shot(page, "en-quick-mode-checks")
    d.radio(page, "lang_switch", 0)

    for area in q.areas:
        for item in area.items:
            if item.id not in given:
                d.radio(page, f"q_{aid}_{item.id}", 1)  # level 2: no check asked
                given[item.id] = 2
        d.button(page, "下一节")
    assert answers_in_db(app_db, aid) == given
    d.button(page, "提交评估")
    page.wait_for_url("**/results**")
    wait_idle(page)
    d.shot(page, "zh-quick-mode-results")
    alerts = d.alert_texts(page)
    assert f"{unsure_item.name.zh}：按第 1 级计" in alerts
    assert f"{checked_item.name.zh}：选择第 4 级，核对题答“否”，按第 3 级计" in alerts
    expected = cli_score(given, "dcmm-2025")
    assert d.metric(page, "等级") == f"{expected['level']} · {expected['level_name']['zh']}"
    assert d.metric(page, "得分").startswith(f"{expected['score']:.2f}")
