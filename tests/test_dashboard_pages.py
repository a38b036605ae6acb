"""AppTest: the bureau's cohort pages (dashboard, archetypes, progress, enterprises, reports):
they agree with `benchmarks.cohorts.benchmark`, the filters change the numbers, the drill-down
shows an enterprise as it sees itself, and the pages refuse enterprise users and ask anonymous
users to sign in. With the core functions behind them (benchmarks.dashboard, assessment.uptake)."""

from __future__ import annotations

import shlex
import time

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assessment import accounts, lifecycle, uptake
from assessment.access import CLI, Actor
from assessment.cohort import CohortFilter
from assessment.db import Store
from benchmarks import cohorts, dashboard
from benchmarks.demo import generate
from benchmarks.statistics import MIN_COHORT, progress_pairs
from questionnaires import get
from tests.conftest import make_enterprise, open_rounds
from tests.support.pages import APP, copy_for_app, full_sme_answers, opened, sealed, texts

Q = "sme-2024"
PAGES = ("dashboard", "bureau_archetypes", "bureau_progress", "enterprises", "bureau_reports")
ANALYST = Actor("analyst1", "analyst")


@pytest.fixture(scope="module")
def cohort_db(tmp_path_factory):
    """A demo cohort (synthetic), archetypes fitted on sme-2024, and an analyst."""
    path = tmp_path_factory.mktemp("cohort") / "cohort.db"
    store = open_rounds(Store(path))
    generate(store, 160, 5)
    cohorts.fit(store, CLI, Q)
    accounts.add_user(store, CLI, ANALYST.username, "analyst", "Hn4$wQz7Lp2#Vk")
    return sealed(store)


@pytest.fixture
def db(cohort_db, tmp_path, monkeypatch):
    """A copy of the cohort for one test (tests may write), used by the app."""
    yield from copy_for_app(cohort_db, tmp_path, monkeypatch)


def open_page(page: str, actor: Actor | None = ANALYST, lang: str = "zh", **state) -> AppTest:
    return opened(f"ui/pages/{page}.py", actor, lang, **state)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


TABLES = {  # a table of a page, told by its columns (AppTest does not keep a table's key)
    "stats_table": {"部分", "均值", "P50"},
    "lagging_table": {"园区中位数", "差距"},
    "profiles": {"编号", "模型中评估数"},
    "pairs_table": {"变化", "2024 得分"},
    "ent_table": {"统一社会信用代码", "类型", "来源"},
}


def tables(at: AppTest, key: str) -> list[pd.DataFrame]:
    return [d.value for d in [*at.dataframe, *at.table] if TABLES[key] <= set(d.value.columns)]


def table(at: AppTest, key: str) -> pd.DataFrame:
    return tables(at, key)[0]


def expected_rows(stats: dict) -> list[list[str]]:
    """The summary table as the page must print it: two decimals of `benchmark`'s figures."""
    keys = ["mean", "p10", "p25", "p50", "p75", "p90"]
    rows = [[f"{stats['overall'][k]:.2f}" for k in keys]]
    for part in ("foundation", "management", "results", "operations"):
        rows.append([f"{stats['areas'][part][k]:.2f}" for k in keys])
    return rows


def small_park_filter(store: Store) -> CohortFilter:
    """A filter (park and industry) with between 1 and 4 assessments."""
    frame = cohorts.load(store, CohortFilter(Q))
    sizes = frame.groupby(["park", "industry"]).size()
    park, industry = sizes[(sizes > 0) & (sizes < 5)].index[0]
    return CohortFilter(Q, park=park, industry=industry)


# --------------------------------------------------------------------------- the dashboard


def test_dashboard_shows_the_benchmark_figures(db):
    at = open_page("dashboard")
    assert not at.exception
    stats = cohorts.benchmark(db, CohortFilter(Q))
    frame = cohorts.load(db, CohortFilter(Q))
    assert metric(at, "评估数") == f"{stats['count']:,}"
    assert metric(at, "企业数") == f"{frame['credit_code'].nunique():,}"
    assert metric(at, "平均等级") == f"{frame['level'].mean():.2f}"
    shown = table(at, "stats_table")
    assert shown.iloc[:, 1:].values.tolist() == expected_rows(stats)
    assert "合成演示数据" in texts(at)  # the demo cohort is labelled synthetic
    assert f"python cli.py benchmark --questionnaire {Q}" in "\n".join(c.value for c in at.code)
    # every figure has a text form: the heat map's numbers in its cells and in a table
    heat = next(c for c in at.get("plotly_chart") if c.key == "heatmap")
    assert f"{stats['areas']['foundation']['mean']:.2f}" in heat.proto.spec
    # the scales and the cohort minimum are the questionnaire's and the core's, not the page's
    q = get(Q)
    shown_text = texts(at)
    assert all(f"{d.name.zh} {d.max_points:g}" in shown_text for d in q.dimensions)
    assert f"{len(q.scenarios)} 个场景" in shown_text and f"少于 {MIN_COHORT} 条评估的园区" in shown_text


def test_filters_change_the_numbers_and_follow_the_analyst(db):
    at = open_page("dashboard")
    everyone = metric(at, "评估数")
    park = "耀州新经济产业园"
    at.selectbox(key="flt_park").set_value(park).run()
    assert not at.exception
    stats = cohorts.benchmark(db, CohortFilter(Q, park=park))
    assert metric(at, "评估数") == f"{stats['count']:,}" != everyone
    assert table(at, "stats_table").iloc[:, 1:].values.tolist() == expected_rows(stats)
    assert f"--park {shlex.quote(park)}" in "\n".join(c.value for c in at.code)
    at.selectbox(key="flt_round").set_value("2025").run()
    stats = cohorts.benchmark(db, CohortFilter(Q, park=park, round="2025"))
    assert metric(at, "评估数") == f"{stats['count']:,}"
    # the filter follows the analyst to the other pages
    at.switch_page("ui/pages/enterprises.py").run()
    assert not at.exception
    assert at.selectbox(key="flt_park").value == park
    assert at.selectbox(key="flt_round").value == "2025"
    assert "当前范围" in texts(at) and "全部来源" in texts(at)
    at.button(key="flt_clear").click().run()
    assert at.selectbox(key="flt_park").value == ""


def test_source_filter_keeps_sources_apart(db):
    at = open_page("dashboard")
    at.selectbox(key="flt_source").set_value("onsite").run()
    stats = cohorts.benchmark(db, CohortFilter(Q, source="onsite"))
    assert metric(at, "评估数") == f"{stats['count']:,}"


def test_a_small_cohort_is_too_few_to_compare(db):
    flt = small_park_filter(db)
    at = open_page("dashboard")
    at.selectbox(key="flt_park").set_value(flt.park).run()
    at.selectbox(key="flt_industry").set_value(flt.industry).run()
    assert not at.exception
    assert "样本不足，暂不比较" in texts(at)
    assert not tables(at, "stats_table")


def test_dashboard_in_english(db):
    at = open_page("dashboard", lang="en")
    assert not at.exception
    assert at.title[0].value == "Cohort dashboard"
    assert "Synthetic demo data" in texts(at)
    assert metric(at, "Completion rate").endswith("%")


def test_a_new_submission_shows_up_despite_the_cache(db):
    at = open_page("dashboard")
    before = int(metric(at, "评估数").replace(",", ""))
    who = make_enterprise(db, 77)
    aid = lifecycle.start_or_resume(db, who, who.credit_code, Q, "2025")
    for qid, value in full_sme_answers().items():
        lifecycle.save_answer(db, who, aid, qid, value)
    at.run()
    assert metric(at, "完成率") != "100.0%"  # a started, unsubmitted assessment
    lifecycle.submit(db, who, aid)
    at.run()
    assert int(metric(at, "评估数").replace(",", "")) == before + 1


def test_the_furthest_behind_table_shows_names_as_text_not_markdown(db):
    """A name cannot become a link ("sign in again") or formatting in the table (st.table renders
    Markdown)."""
    at = open_page("dashboard")
    code = table(at, "lagging_table")["统一社会信用代码"].iloc[0]
    db.db.execute(
        "UPDATE enterprises SET name = ? WHERE credit_code = ?", ["[请重新登录](http://evil.example/) **A**", code]
    )
    db.db.conn.commit()
    st.cache_data.clear()
    st.cache_resource.clear()
    lagging = table(open_page("dashboard"), "lagging_table")
    row = lagging[lagging["统一社会信用代码"] == code].iloc[0]
    assert row["企业"] == "\\[请重新登录\\]\\(http\\://evil.example/\\) \\*\\*A\\*\\*"


def test_lagging_enterprise_opens_in_the_drill_down(db):
    at = open_page("dashboard")
    lagging = table(at, "lagging_table")
    assert len(lagging) > 0
    code = at.selectbox(key="lagging_pick").value
    at.button(key="lagging_open").click().run()
    assert not at.exception
    assert at.session_state["drill_code"] == code
    assert "企业名录" in [t.value for t in at.title]


# ---------------------------------------------------------------------- archetypes, progress


def test_archetypes_page_and_refit(db):
    at = open_page("bureau_archetypes")
    assert not at.exception
    model = cohorts.active_model(db, Q)
    profiles = table(at, "profiles")
    assert list(profiles.iloc[:, 0]) == [a["id"] for a in model["archetypes"]]
    assert any(c.proto.spec for c in at.get("plotly_chart"))
    at.button(key="fit_archetypes").click().run()
    assert not at.exception
    assert cohorts.active_model(db, Q)["model_id"] > model["model_id"]
    assert "聚类完成" in texts(at)


def test_archetypes_page_shows_archetype_by_level_with_small_cells_hidden(db):
    at = open_page("bureau_archetypes")
    assert not at.exception
    model = cohorts.active_model(db, Q)
    frame = cohorts.load(db, CohortFilter(Q))
    by_level = next(d.value for d in at.dataframe if any(str(c).endswith("级") for c in d.value.columns))
    level_columns = [c for c in by_level.columns if str(c).endswith("级")]
    assert len(by_level) == len(model["archetypes"])
    cells = [v for c in level_columns for v in by_level[c]]
    # every shown count is 0 or at least 5; the rest are hidden, and all of them add up to the cohort
    assert all(v == "<5（不公布）" or int(v) == 0 or int(v) >= 5 for v in cells)
    assert sum(int(v) for v in cells if v != "<5（不公布）") <= len(frame.dropna(subset=["archetype"]))
    if model.get("structure") is False:
        assert "没有形成稳定的共同类型" in texts(at)


def test_archetypes_page_without_a_model(db):
    at = open_page("bureau_archetypes")
    at.selectbox(key="flt_questionnaire").set_value("dcmm-2025").run()
    assert not at.exception
    assert "尚未聚类" in texts(at)


def test_progress_page_pairs_the_rounds(db):
    at = open_page("bureau_progress")
    assert not at.exception
    frame = cohorts.load(db, CohortFilter(Q))
    pairs = progress_pairs(frame, "2024", "2025")
    assert metric(at, "两轮都参评") == f"{len(pairs):,}"
    assert metric(at, "平均得分变化") == f"{pairs['change'].mean():+.2f}"
    assert len(table(at, "pairs_table")) == len(pairs)


# ------------------------------------------------------------------------ enterprises


def test_enterprise_table_search_sort_and_drill_down(db):
    at = open_page("enterprises")
    assert not at.exception
    rows = table(at, "ent_table")
    frame = cohorts.load(db, CohortFilter(Q))
    assert len(rows) == min(len(frame), 500)
    target = frame.sort_values("score").iloc[0]
    at.text_input(key="ent_search").input(target["credit_code"][-6:]).run()
    rows = table(at, "ent_table")
    assert target["name"] in set(rows.iloc[:, 0])
    at.text_input(key="ent_search").input("").run()
    at.selectbox(key="ent_sort").set_value("score").run()
    assert table(at, "ent_table").iloc[0, 0] == target["name"]
    at.selectbox(key="drill_code").set_value(target["credit_code"]).run()
    assert not at.exception
    assert f"### {target['name']}" in texts(at)
    # the view the enterprise sees: the same level and score as its results page
    shown = at.session_state["drill_assessment"]
    result = lifecycle.result(db, ANALYST, shown)["overall"]
    assert metric(at, "等级") == result["level_name"]["zh"]
    assert metric(at, "得分").startswith(f"{result['score']:.2f}")
    assert any(b.label == "下载该企业的 PDF 报告" for b in at.get("download_button"))


def test_drill_down_from_a_link(db):
    frame = cohorts.load(db, CohortFilter(Q))
    row = frame.iloc[3]
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.session_state["actor"] = ANALYST
    at.session_state["last_seen"] = time.time()
    at.query_params["a"] = str(row["assessment_id"])
    at.switch_page("ui/pages/enterprises.py").run()
    assert not at.exception
    assert at.session_state["drill_code"] == row["credit_code"]
    assert at.session_state["drill_assessment"] == row["assessment_id"]
    assert f"### {row['name']}" in texts(at)


# --------------------------------------------------------------------------- reports


def test_reports_page_offers_every_download_and_builds_a_zip(db):
    at = open_page("bureau_reports")
    assert not at.exception
    labels = {b.label for b in at.get("download_button")}
    assert {"下载群体报告 PDF", "下载该企业报告 PDF", "下载 Excel"} <= labels
    flt = small_park_filter(db)
    at.selectbox(key="flt_park").set_value(flt.park).run()
    at.selectbox(key="flt_industry").set_value(flt.industry).run()
    at.button(key="batch_build").click().run()
    assert not at.exception
    assert any(b.label.startswith("下载 ZIP") for b in at.get("download_button"))


# ------------------------------------------------------------------------- who may see it


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_users_get_the_sign_in_form(db, page):
    at = open_page(page, actor=None)
    assert not at.exception
    assert "请先登录" in texts(at)
    assert "gate_user" in [w.key for w in at.text_input]
    assert not at.metric and not at.dataframe


@pytest.mark.parametrize("page", PAGES)
def test_enterprise_users_never_see_a_bureau_page(db, page):
    who = make_enterprise(db, 78)
    at = open_page(page, actor=who)
    assert not at.exception
    assert not at.title  # the page stops before its title
    assert [e.value for e in at.error] == ["当前账户无权访问此页面。"]
    assert not at.metric and not at.dataframe
    others = cohorts.load(db, CohortFilter(Q))["name"]
    shown = texts(at)
    assert not any(name in shown for name in others)


def test_enterprise_user_asking_for_another_enterprises_result_is_refused(db):
    who = make_enterprise(db, 79)
    aid = lifecycle.start_or_resume(db, who, who.credit_code, Q, "2025")
    for qid, value in full_sme_answers().items():
        lifecycle.save_answer(db, who, aid, qid, value)
    lifecycle.submit(db, who, aid)
    other = cohorts.load(db, CohortFilter(Q)).iloc[0]
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.session_state["actor"] = who
    at.session_state["last_seen"] = time.time()
    at.query_params["a"] = str(other["assessment_id"])
    at.switch_page("ui/pages/results.py").run()
    assert not at.exception
    assert "未找到该记录，或当前账户无权访问" in texts(at)
    assert other["name"] not in texts(at)
    assert at.selectbox(key="results_pick").value == aid  # its own result instead
    at.query_params["a"] = "not-a-number"
    at.run()
    assert not at.exception


# ------------------------------------------------------------------- the core behind them


def test_started_and_submitted_counts_slots_not_revisions(db):
    flt = CohortFilter(Q, round="2031")
    assert uptake.started_and_submitted(db, flt) == (0, 0)
    who = make_enterprise(db, 80)
    aid = lifecycle.start_or_resume(db, who, who.credit_code, Q, "2031")
    assert uptake.started_and_submitted(db, flt) == (1, 0)
    for qid, value in full_sme_answers().items():
        lifecycle.save_answer(db, who, aid, qid, value)
    lifecycle.submit(db, who, aid)
    before = uptake.generation(db)
    assert uptake.started_and_submitted(db, flt) == (1, 1)
    lifecycle.reopen(db, who, aid)  # a revision in progress: still one slot, still submitted
    assert uptake.started_and_submitted(db, flt) == (1, 1)
    assert uptake.generation(db) != before
    assert uptake.started_and_submitted(db, CohortFilter(Q, round="2031", park="青峰数字港（虚构）")) == (0, 0)


def test_headline_and_search_are_plain_functions():
    frame = pd.DataFrame(
        {
            "credit_code": ["A1", "A1", "B2", "C3"],
            "name": ["甲公司", "甲公司", "乙公司", "Bee Ltd"],
            "round": ["2024", "2025", "2025", "2025"],
            "score": [1.0, 2.0, 3.0, 4.0],
            "level": [1, 2, 3, 4],
        }
    )
    h = dashboard.headline(frame, started=5, submitted=4)
    assert (h["enterprises"], h["assessments"], h["completion"], h["mean_level"]) == (3, 4, 0.8, None)
    assert h["suppressed"]
    assert list(dashboard.search(frame, "bee")["name"]) == ["Bee Ltd"]
    assert list(dashboard.search(frame, "", "score", descending=True)["score"]) == [4.0, 3.0, 2.0, 1.0]


def test_statistics_table_is_benchmark_itself(db):
    flt = CohortFilter(Q, park="金水创新产业园")
    stats = cohorts.benchmark(db, flt)
    rows = dashboard.statistics_table(stats, get(Q))
    assert rows.iloc[0]["p50"] == stats["overall"]["p50"]
    assert rows.set_index("part").loc["operations", "p90"] == stats["areas"]["operations"]["p90"]
    bands = dashboard.bands(stats, get(Q))
    assert bands.set_index("part").loc["foundation", "p50_pct"] == pytest.approx(
        100 * stats["areas"]["foundation"]["p50"] / 50
    )


def test_drill_down_shows_a_name_as_text_not_markdown(db):
    who = make_enterprise(db, 81, name="青岛A*B*[链接](http://x)公司")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.session_state["actor"] = ANALYST
    at.session_state["last_seen"] = time.time()
    at.query_params["e"] = who.credit_code
    at.switch_page("ui/pages/enterprises.py").run()
    assert not at.exception
    assert "### 青岛A\\*B\\*\\[链接\\]\\(http\\://x\\)公司" in texts(at)
    assert "该企业还没有已提交的评估" in texts(at)
