"""AppTest: the bureau's Programmes page — the active programme's rules, the eligible list with
its basis, the one-rule-short list, the enrolled enterprises and the impact as the core computes
them; an empty installation's hint; refusals for enterprise users."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessment import accounts
from assessment.access import CLI, Actor
from assessment.programmes import versions
from assessment.programmes.eligibility import eligible_report
from benchmarks.programme_impact import impact
from tests.programme_builders import PASSWORD, as_yaml, pilot, use
from tests.support.pages import opened, table_with, texts

ANALYST = Actor("analyst1", "analyst")
PAGE = "ui/pages/bureau_programmes.py"


def open_page(actor: Actor | None = ANALYST, lang: str = "zh") -> AppTest:
    return opened(PAGE, actor, lang)


def test_the_page_shows_the_programme_as_the_core_sees_it(programme_db, tmp_path, monkeypatch):
    store = use(programme_db, tmp_path, monkeypatch)
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "惠企项目"
    programme = versions.get(store, "demo-sme-pilot")
    found = eligible_report(store, CLI, programme, almost=True)
    eligible = table_with(at, "依据")
    assert eligible["统一社会信用代码"].tolist() == [e["credit_code"] for e in found["enterprises"]]
    assert "sme-2024 等级 ≤ 1" in eligible["依据"].iloc[0]
    assert len(table_with(at, "差的条件")) == found["almost_count"]
    enrolled = store.db.execute("SELECT count(*) FROM programme_enrolments").fetchone()[0]
    assert len(table_with(at, "开始")) == enrolled > 0
    result = impact(store, CLI, programme, seed=0)
    shown = next(m.value for m in at.metric if m.label == "双重差分")
    assert shown == f"{result['difference']['estimate']:+.1f}"
    assert "这是示例项目，不是区政策。" in texts(at)
    assert "平行趋势" in texts(at)
    assert len(at.get("plotly_chart")) == 1


def test_the_page_in_english(programme_db, tmp_path, monkeypatch):
    use(programme_db, tmp_path, monkeypatch)
    at = open_page(lang="en")
    assert not at.exception
    assert at.title[0].value == "Programmes"
    assert "parallel trends" in texts(at)


def test_without_an_active_programme_the_page_says_how_to_activate_one(tmp_path, monkeypatch):
    use(None, tmp_path, monkeypatch)
    at = open_page()
    assert not at.exception
    assert "programme activate" in at.info[0].value


def test_an_enterprise_user_may_not_open_the_page(programme_db, tmp_path, monkeypatch):
    store = use(programme_db, tmp_path, monkeypatch)
    code = store.db.execute("SELECT credit_code FROM enterprises LIMIT 1").fetchone()[0]
    accounts.add_user(store, CLI, code, "enterprise", PASSWORD, credit_code=code)
    at = open_page(Actor(code, "enterprise", code))
    assert not at.exception
    assert not at.dataframe and not at.title


def test_the_bureau_enrols_from_the_eligible_list_and_exports_it(programme_db, tmp_path, monkeypatch):
    store = use(programme_db, tmp_path, monkeypatch)
    at = open_page()
    before = store.db.execute("SELECT count(*) FROM programme_enrolments").fetchone()[0]
    pick = at.multiselect(key="enrol_pick")
    chosen = pick.options[:3]
    for option in chosen:
        pick.select(option)
    at.selectbox(key="enrol_provider").select(at.selectbox(key="enrol_provider").options[0])
    at.button[0].click() if at.button[0].label == "登记参加" else next(
        b for b in at.button if b.label == "登记参加"
    ).click()
    at.run()
    assert not at.exception
    assert store.db.execute("SELECT count(*) FROM programme_enrolments").fetchone()[0] == before + 3
    assert "已登记 3 家企业。" in [s.value for s in at.success]
    assert len(table_with(at, "开始")) == before + 3
    assert [d.label for d in at.get("download_button")] == ["导出 Excel"]
    audit = store.db.execute("SELECT count(*) FROM audit WHERE action = 'programme.enrol' AND actor = 'analyst1'")
    assert audit.fetchone()[0] == 3


def test_an_administrator_checks_and_activates_a_file_on_the_page(tmp_path, monkeypatch):
    store = use(None, tmp_path, monkeypatch)
    accounts.add_user(store, CLI, "admin1", "admin", PASSWORD)
    admin = Actor("admin1", "admin")
    at = open_page(admin)
    broken = as_yaml(pilot(eligibility=[]))
    at.file_uploader(key="programme_upload").upload("broken.yaml", broken).run()
    assert not at.exception
    assert "broken.yaml: eligibility:" in at.code[0].value
    assert versions.listing(store, CLI) == []
    at.file_uploader(key="programme_upload").clear().upload("pilot.yaml", as_yaml(pilot())).run()
    assert "pilot 1：检查通过" in at.success[0].value
    next(b for b in at.button if b.key == "programme_activate").click().run()
    assert not at.exception
    assert [(r["id"], r["active"]) for r in versions.listing(store, CLI)] == [("pilot", True)]
    assert store.db.execute("SELECT actor FROM audit WHERE action = 'programme.activate'").fetchone()[0] == "admin1"


def test_an_analyst_sees_no_upload(programme_db, tmp_path, monkeypatch):
    use(programme_db, tmp_path, monkeypatch)
    at = open_page()
    assert not at.get("file_uploader")


def test_an_anonymous_visitor_is_asked_to_sign_in(programme_db, tmp_path, monkeypatch):
    use(programme_db, tmp_path, monkeypatch)
    at = open_page(None)
    assert not at.exception
    assert not at.dataframe and "请先登录" in texts(at)
