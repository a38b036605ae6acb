"""Programmes in a real browser: an administrator checks and activates a programme file, the
bureau opens the demo programme, sees the eligible list, enrols three enterprises with a provider;
one of them signs in and sees on its results page the programme it qualifies for."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import accounts
from assessment.access import CLI
from assessment.db import Store
from assessment.programmes import versions
from assessment.programmes.eligibility import eligible_report
from assessment.programmes.enrolment import served
from assessment.programmes.model import load_file
from benchmarks.demo import generate
from benchmarks.demo.programme import DEMO_PROGRAMME, plant
from tests.browser import driver as d
from tests.browser.driver import wait_idle

ANALYST, PASSWORD = "analyst-p", "Hn4$wQz7Lp2#Vk"
ADMIN = "admin-p"
EXAMPLE = Path(__file__).resolve().parents[2] / "programmes" / "sme-pilot-example.yaml"
FIRM_PASSWORD = "Qv8#tLm2pRx9wZ"
PID = DEMO_PROGRAMME["id"]


@pytest.fixture(scope="module")
def app_db(tmp_path_factory):
    """The demo cohort with its example programme, an analyst, and an account for the first of
    three eligible enterprises not enrolled yet (chosen in ``picked``)."""
    path = tmp_path_factory.mktemp("programmes") / "assessment.db"
    store = Store(path)
    generate(store, 150, 8)
    plant(store, 8)
    accounts.add_user(store, CLI, ANALYST, "analyst", PASSWORD)
    accounts.add_user(store, CLI, ADMIN, "admin", PASSWORD)
    store.close()
    return path


@pytest.fixture(scope="module")
def picked(app_db):
    store = Store(app_db)
    found = eligible_report(store, CLI, versions.get(store, PID))["enterprises"]
    taken = set(served(store, PID))
    chosen = [e for e in found if e["credit_code"] not in taken][:3]
    assert len(chosen) == 3
    first = chosen[0]["credit_code"]
    accounts.add_user(store, CLI, first, "enterprise", FIRM_PASSWORD, credit_code=first)
    store.close()
    return chosen


def test_an_administrator_checks_and_activates_a_programme_file(browser, app_url, app_db):
    store = Store(app_db)
    assert "sme-pilot-example" not in {r["id"] for r in versions.listing(store, CLI) if r["active"]}
    ctx, admin = d.open_as(browser, app_url, "bureau_programmes", ADMIN, PASSWORD)
    try:
        admin.get_by_text("检查并启用项目文件（管理员）").click()
        wait_idle(admin)
        d.widget(admin, "programme_upload").locator("input[type='file']").set_input_files(str(EXAMPLE))
        wait_idle(admin)
        would = len(eligible_report(store, CLI, load_file(EXAMPLE))["enterprises"])
        admin.get_by_text(f"sme-pilot-example 2025.1：检查通过；现在符合条件 {would} 家").wait_for()
        d.widget(admin, "programme_activate").locator("button").click()
        wait_idle(admin)

        def active() -> dict:
            return {r["id"]: r["version"] for r in versions.listing(store, CLI) if r["active"]}

        for _ in range(60):  # the activation's own rerun may still be on its way
            if "sme-pilot-example" in active():
                break
            admin.wait_for_timeout(500)
        assert active().get("sme-pilot-example") == "2025.1"
        admin.get_by_text("已启用 sme-pilot-example 2025.1。").wait_for()
        audit = store.db.execute("SELECT actor FROM audit WHERE action LIKE 'programme.activate%'").fetchall()
        assert (ADMIN,) in audit
        d.shot(admin, "programme-activated")
    finally:
        ctx.close()
        store.close()


def test_the_bureau_enrols_three_and_an_enterprise_sees_what_it_qualifies_for(browser, app_url, app_db, picked):
    store = Store(app_db)
    before = len(served(store, PID))
    contexts = []
    try:
        ctx, bureau = d.open_as(browser, app_url, "bureau_programmes", ANALYST, PASSWORD)
        contexts.append(ctx)
        bureau.get_by_role("heading", name="惠企项目").wait_for()
        eligible = len(eligible_report(store, CLI, versions.get(store, PID))["enterprises"])
        bureau.get_by_role("tab", name=f"符合条件（{eligible}）").wait_for()
        bureau.locator("[data-testid='stDataFrame']").first.wait_for()
        d.multiselect(bureau, "enrol_pick", [f"{e['name']} · {e['credit_code']}" for e in picked])
        bureau.get_by_role("button", name="登记参加", exact=True).click()
        wait_idle(bureau)
        bureau.get_by_text("已登记 3 家企业。").wait_for()
        d.shot(bureau, "programme-enrolled")
        now = served(store, PID)
        assert len(now) == before + 3
        assert {e["credit_code"] for e in picked} <= set(now)

        me = picked[0]["credit_code"]
        ctx, firm = d.open_as(browser, app_url, "results", me, FIRM_PASSWORD)
        contexts.append(ctx)
        firm.get_by_text("扶持项目（免申即享）").wait_for()
        name = DEMO_PROGRAMME["name"]["zh"]
        section = firm.locator("[data-testid='stAlert']").filter(has_text=name)
        section.first.wait_for()
        assert "符合条件" in section.first.inner_text()
        section.first.scroll_into_view_if_needed()
        d.shot(firm, "programme-enterprise-results")
    finally:
        for ctx in contexts:
            ctx.close()
        store.close()
