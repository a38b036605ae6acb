"""The enterprise's journey in a real browser: register, answer half, reload, sign in, every
answer still there, finish, the results equal `cli.py score`; in Chinese and in English; and a
DCMM quick-mode journey, and detailed mode saving each criterion."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from questionnaires import get
from tests.browser import driver as d
from tests.browser.checks import answers_in_db, cli_score, draft_id
from tests.browser.driver import wait_idle
from tests.conftest import code

LABELS = {
    "zh": {
        "register": "企业注册",
        "submit_register": "注册并登录",
        "answer": "填写问卷",
        "start": "开始",
        "next": "下一节",
        "sign_in": "登录",
        "submit": "提交评估",
        "results": "评估结果",
        "level": "等级",
        "score": "得分",
        "pdf": "下载 PDF 报告",
    },
    "en": {
        "register": "Register",
        "submit_register": "Register and sign in",
        "answer": "Answer",
        "start": "Start",
        "next": "Next section",
        "sign_in": "Sign in",
        "submit": "Submit",
        "results": "Results",
        "level": "Level",
        "score": "Score",
        "pdf": "Download the PDF report",
    },
}
PASSWORD = "Xt9#bQm3Ws7!Kf"


def register(page, lang, credit_code, name):
    t = LABELS[lang]
    d.sign_up(page, credit_code, name, PASSWORD, t["register"], t["submit_register"])


def sign_in(page, lang, username):
    t = LABELS[lang]
    d.nav(page, t["sign_in"])
    page.locator(d.css_key("sign_in_user") + " input").fill(username)
    page.locator(d.css_key("sign_in_password") + " input").fill(PASSWORD)
    page.get_by_role("button", name=t["sign_in"], exact=True).last.click()
    wait_idle(page)


def answer_sme_question(page, aid, x, lang, k):
    """Answer one SME question by its type; returns the value given."""
    key = f"q_{aid}_{x.id}"
    if x.type == "single":
        index = min(k % len(x.options) + 1, len(x.options) - 1)
        d.radio(page, key, index)
        return x.options[index].id
    if x.type == "multi":
        normal = [o for o in x.options if not o.exclusive][: 1 + k % 3]
        d.multiselect(page, key, [o.text.get(lang) for o in normal])
        return [o.id for o in normal]
    value = float(10 + 13 * k % 80)
    d.number(page, key, value)
    return value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sme_journey_survives_a_reload_and_matches_the_cli(page, app_url, app_db, lang):
    q = get("sme-2024")
    t = LABELS[lang]
    credit_code = code(900 + (lang == "en"))
    d.open_app(page, app_url, lang)
    register(page, lang, credit_code, f"青岛旅程测试{lang}有限公司")
    d.nav(page, t["answer"])
    d.shot(page, f"{lang}-answer-start")
    d.button(page, t["start"])
    aid = draft_id(app_db, credit_code)
    given: dict = {}
    # the first half: the foundation and management dimensions
    for k, x in enumerate(q.dimensions[0].questions + q.dimensions[1].questions):
        given[x.id] = answer_sme_question(page, aid, x, lang, k)
        if x is q.dimensions[0].questions[-1]:
            d.shot(page, f"{lang}-answer-foundation")
            d.button(page, t["next"])
    d.shot(page, f"{lang}-answer-management")

    # a refresh starts a new browser session: sign in again, and every answer is there
    page.reload()
    wait_idle(page)
    # the page asks for a sign-in in place, then shows the draft where it was
    page.locator(d.css_key("gate_user") + " input").fill(credit_code)
    page.locator(d.css_key("gate_password") + " input").fill(PASSWORD)
    page.get_by_role("button", name=t["sign_in"], exact=True).click()
    wait_idle(page)
    page.locator(d.css_key(f"section_{aid}") + " input").click()
    page.get_by_role("option").first.click()
    wait_idle(page)
    for x in q.dimensions[0].questions:
        key = f"q_{aid}_{x.id}"
        if x.type == "single":
            assert d.radio_index(page, key) == [o.id for o in x.options].index(given[x.id])
        elif x.type == "multi":
            labels = {o.id: o.text.get(lang) for o in x.options}
            assert sorted(d.chips(page, key)) == sorted(labels[i] for i in given[x.id])
        else:
            assert float(d.number_value(page, key)) == given[x.id]
    d.shot(page, f"{lang}-answer-resumed")

    # finish: the results dimension and the scenarios, section by section
    d.button(page, t["next"])
    d.button(page, t["next"])
    for k, x in enumerate(q.dimensions[2].questions):
        given[x.id] = answer_sme_question(page, aid, x, lang, k)
    d.button(page, t["next"])
    groups = []
    for s in q.scenarios:
        if not groups or groups[-1][0] != s.group.zh:
            groups.append((s.group.zh, []))
        groups[-1][1].append(s)
    for n, (_, members) in enumerate(groups):
        for k, s in enumerate(members):
            level = (k + n) % 5
            d.radio(page, f"q_{aid}_{s.id}", level)
            given[s.id] = level
        d.shot(page, f"{lang}-answer-scenarios-{n + 1}")
        d.button(page, t["next"])
    d.shot(page, f"{lang}-review")
    d.button(page, t["submit"])
    page.wait_for_url("**/results**")
    wait_idle(page)
    d.shot(page, f"{lang}-results")
    expected = cli_score(given, "sme-2024")
    assert d.metric(page, t["level"]) == expected["level_name"][lang]
    assert d.metric(page, t["score"]).startswith(f"{expected['score']:.2f}")
    # the PDF report downloads and opens, and carries the same score
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=t["pdf"]).click()
    path = download.value.path()
    reader = PdfReader(path)
    text = "".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 2
    assert f"{expected['score']:.2f}" in text


def test_dcmm_quick_mode_journey(page, app_url, app_db):
    q = get("dcmm-2025")
    credit_code = code(910)
    d.open_app(page, app_url, "zh")
    register(page, "zh", credit_code, "青岛快速模式测试有限公司")
    d.start(page, q.title.zh, 0)  # quick
    aid = draft_id(app_db, credit_code)
    given = {}
    for n, area in enumerate(q.areas):
        for k, item in enumerate(area.items):
            level = 1 + (n + k) % 4
            d.radio(page, f"q_{aid}_{item.id}", level - 1)
            given[item.id] = level
        if n == 0:
            d.shot(page, "zh-dcmm-quick-strategy")
        d.button(page, "下一节")
    d.button(page, "提交评估")
    page.wait_for_url("**/results**")
    wait_idle(page)
    d.shot(page, "zh-dcmm-quick-results")
    expected = cli_score(given, "dcmm-2025")
    assert d.metric(page, "等级") == f"{expected['level']} · {expected['level_name']['zh']}"
    assert d.metric(page, "得分").startswith(f"{expected['score']:.2f}")


def test_dcmm_detailed_mode_saves_each_criterion_and_shows_it_after_a_reload(page, app_url, app_db):
    q = get("dcmm-2025")
    item = q.areas[0].items[0]
    criteria = [c for c in item.criteria if c.level == 2]
    credit_code = code(911)
    d.open_app(page, app_url, "zh")
    register(page, "zh", credit_code, "青岛详细模式测试有限公司")
    d.start(page, q.title.zh, 1)  # detailed
    aid = draft_id(app_db, credit_code)
    given = {c.id: n % 2 == 0 for n, c in enumerate(criteria)}
    for cid, met in given.items():
        d.widget(page, f"q_{aid}_{cid}").locator("button", has_text="是" if met else "否").click()
        wait_idle(page)
    d.shot(page, "zh-dcmm-detailed-strategy")
    assert answers_in_db(app_db, aid) == given

    page.reload()
    wait_idle(page)
    sign_in(page, "zh", credit_code)
    d.nav(page, "填写问卷")
    d.shot(page, "zh-dcmm-detailed-after-reload")
    for cid, met in given.items():
        chosen = d.widget(page, f"q_{aid}_{cid}").locator("button[aria-checked='true']")
        assert chosen.count() == 1, cid
        assert ("是" if met else "否") in chosen.inner_text()
