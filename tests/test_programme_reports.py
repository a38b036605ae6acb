"""The programmes in the reports: the enterprise PDF shows what it qualifies for and the nearest
programme with what stands between and the roadmap's actions that close it (as the core computes
them); an installation without an active programme has no such section."""

from __future__ import annotations

from datetime import date

import pytest

from assessment import accounts
from assessment.access import CLI, Actor
from assessment.db import Store
from assessment.programmes import versions
from assessment.programmes.eligibility import eligible_report
from assessment.programmes.enrolment import served
from reports.bundle import enterprise_bundle
from reports.enterprise import EnterpriseReport
from tests.programme_builders import NEXT_STEP, PASSWORD, as_yaml
from tests.support.reports import flat, pdf_text

DAY = date(2025, 7, 1)


@pytest.fixture(scope="module")
def programme_store(programme_db, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("programme-reports") / "assessment.db"
    shutil.copyfile(programme_db, path)
    store = Store(path)
    versions.activate(store, CLI, as_yaml(NEXT_STEP), "next-step.yaml")
    yield store
    store.close()


def test_the_enterprise_report_shows_its_programmes(programme_store):
    store = programme_store
    code = eligible_report(store, CLI, versions.get(store, "demo-sme-pilot"))["enterprises"][0]["credit_code"]
    accounts.add_user(store, CLI, code, "enterprise", PASSWORD, credit_code=code)
    me = Actor(code, "enterprise", code)
    bundle = enterprise_bundle(store, me, code, report_date=DAY)
    found = bundle.programmes
    assert [s["programme"] for s in found["eligible"]] == ["demo-sme-pilot"]
    near = found["nearest"]
    for lang, title in (("zh", "扶持项目（免申即享）"), ("en", "Programmes (no application needed)")):
        text = flat(pdf_text(EnterpriseReport(lang, invariant=True).build(bundle)))
        assert flat(title) in text
        assert flat(found["eligible"][0]["name"][lang]) in text
        assert flat(near["name"][lang]) in text
        for missing in near["missing"]:
            assert flat(missing["gap"][lang]) in text
            for action in missing["actions"]:
                word = "路线图第" if lang == "zh" else "roadmapaction"
                assert flat(f"{word}{action['rank']}") in text


def test_without_an_active_programme_the_report_has_no_programme_section(store, enterprise):
    from assessment import lifecycle
    from questionnaires import get
    from tests.support.pages import full_sme_answers

    with store.write() as db:
        lifecycle.record_submitted(db, CLI, enterprise.credit_code, get("sme-2024"), "2025", "self", full_sme_answers())
    bundle = enterprise_bundle(store, enterprise, enterprise.credit_code, report_date=DAY)
    assert bundle.programmes == {"active": 0, "eligible": [], "nearest": None}
    assert "扶持项目" not in pdf_text(EnterpriseReport("zh", invariant=True).build(bundle))


def test_the_cohort_report_shows_each_programme_with_its_impact(programme_store):
    from assessment.cohort import CohortFilter
    from benchmarks.programme_impact import impact
    from reports.bundle import cohort_bundle
    from reports.cohort import CohortReport
    from reports.text import fmt, fmt_signed

    store = programme_store
    bundle = cohort_bundle(store, CLI, CohortFilter(questionnaire="sme-2024"), report_date=DAY)
    assert [p["programme"] for p in bundle.programmes] == ["demo-sme-pilot", "next-step"]
    demo = versions.get(store, "demo-sme-pilot")
    expected = impact(store, CLI, demo)
    summary = bundle.programmes[0]
    assert summary["impact"] == expected  # the same computation, not a second one
    assert summary["eligible"] == eligible_report(store, CLI, demo)["count"]
    assert summary["enrolled"] == len(served(store, "demo-sme-pilot")) > 0
    zh = flat(pdf_text(CohortReport("zh", invariant=True).build(bundle)))
    assert flat(f"符合条件：{summary['eligible']}家；已参加：{summary['enrolled']}家。") in zh
    d = expected["difference"]
    assert flat(f"{fmt_signed(d['estimate'], 1)}[{fmt(d['ci95'][0], 1)},{fmt(d['ci95'][1], 1)}]") in zh
    group = expected["served"]
    assert flat(f"{fmt_signed(group['change']['mean'], 1)}[{fmt(group['change']['ci95'][0], 1)},") in zh
    t = expected["target"]
    assert flat(f"{t['reached']}家，占参加企业{fmt(100 * t['share'], 1)}%") in zh
    for provider in expected["by_provider"]:
        assert flat(provider["provider"]) in zh
    # the next-step programme has nobody enrolled: its groups are suppressed, never described
    assert "少于5家，不显示" in zh
    en = flat(pdf_text(CohortReport("en", invariant=True).build(bundle)))
    assert flat("Difference (difference in differences)") in en and "paralleltrends" in en
