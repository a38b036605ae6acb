"""Progress between rounds has one home (benchmarks/progress.py): the CLI, the Progress page and
the cohort PDF agree to the digit on a demo cohort whose 2024 round has dcmm-2018 results that
pair with dcmm-2025 in 2025."""

from __future__ import annotations

import json
import time
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from assessment import accounts
from assessment.access import CLI, Actor
from assessment.cohort import CohortFilter
from assessment.db import Store
from benchmarks import progress
from benchmarks.demo import generate
from benchmarks.statistics import progress_pairs
from cli import app
from reports.bundle import cohort_bundle
from reports.cohort import CohortReport
from reports.text import fmt, fmt_share, fmt_signed
from tests.conftest import open_rounds
from tests.support.pages import APP
from tests.support.reports import flat, pdf_text

Q = "dcmm-2025"
ANALYST = Actor("analyst1", "analyst")


@pytest.fixture(scope="module")
def cohort_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "cohort.db"
    store = open_rounds(Store(path))
    generate(store, 300, 3)
    accounts.add_user(store, CLI, ANALYST.username, "analyst", "Hn4$wQz7Lp2#Vk")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture(scope="module")
def cli_view(cohort_db):
    out = CliRunner().invoke(app, ["progress", "-q", Q, "--json", "--db", str(cohort_db)])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_the_demo_pairs_dcmm_2018_with_dcmm_2025(cohort_db, cli_view):
    store = Store(cohort_db)
    try:
        view = progress.progress_view(store, CohortFilter(Q))
        only_2025 = progress_pairs(progress.cohorts.load(store, CohortFilter(Q)), "2024", "2025")
    finally:
        store.close()
    assert (cli_view["first"], cli_view["second"]) == ("2024", "2025")
    assert cli_view["mapped"] == ["dcmm-2018"]
    # the mapped 2018 results add pairs that dcmm-2025 alone would miss
    assert cli_view["summary"]["count"] == len(view["pairs"]) > len(only_2025) >= 1
    assert set(only_2025["credit_code"]) < set(view["pairs"]["credit_code"])
    moves = cli_view["transitions"]
    assert sum(sum(row.values()) for row in moves.values()) == cli_view["summary"]["count"]


def test_cli_page_and_pdf_agree_to_the_digit(cohort_db, cli_view, monkeypatch):
    s = cli_view["summary"]
    n = s["count"]
    assert not s.get("suppressed")
    # the page
    monkeypatch.setenv("ASSESSMENT_DB", str(cohort_db))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.session_state["actor"] = ANALYST
    at.session_state["last_seen"] = time.time()
    at.switch_page("ui/pages/bureau_progress.py")
    at.run()
    at.selectbox(key="flt_questionnaire").set_value(Q).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["两轮都参评"] == f"{n:,}"
    assert metrics["平均得分变化"] == f"{s['mean_change']:+.2f}"
    assert metrics["得分提高 / 下降"] == f"{s['improved']:,} / {s['declined']:,}"
    assert metrics["升级 / 降级"] == f"{s['level_up']:,} / {s['level_down']:,}"
    assert any("dcmm-2018" in c.value for c in at.caption)
    parks = next(d.value for d in at.dataframe if "平均变化" in d.value.columns and "园区" in d.value.columns)
    assert list(parks["平均变化"]) == [f"{p['mean_change']:+.2f}" for p in cli_view["by_park"]]
    assert list(parks["企业数"]) == [p["count"] for p in cli_view["by_park"]]
    moves = next(t.value for t in at.table if len(t.value) == 5 and len(t.value.columns) == 5)
    expected = pd.DataFrame([[row[b] for b in row] for row in cli_view["transitions"].values()])
    assert moves.to_numpy().tolist() == expected.to_numpy().tolist()
    # the PDF
    store = Store(cohort_db)
    try:
        bundle = cohort_bundle(store, ANALYST, CohortFilter(Q), report_date=date(2025, 7, 1))
    finally:
        store.close()
    text = flat(pdf_text(CohortReport("zh", invariant=True).build(bundle)))
    assert flat(f"2024 轮与 2025 轮均有评估的企业：{n} 家") in text
    assert flat("上一轮部分企业使用 dcmm-2018 版问卷") in text
    for label, value in [
        ("上一轮平均", fmt(s["mean_before"])),
        ("本轮平均", fmt(s["mean_after"])),
        ("平均变化", fmt_signed(s["mean_change"])),
        ("提高", f"{s['improved']} · {fmt_share(s['improved'], n)}"),
        ("下降", f"{s['declined']} · {fmt_share(s['declined'], n)}"),
        ("等级提升", str(s["level_up"])),
        ("等级下降", str(s["level_down"])),
    ]:
        assert flat(label + value) in text, label
    for p in cli_view["by_park"]:
        row = [str(p["count"]), fmt(p["mean_before"]), fmt(p["mean_after"]), fmt_signed(p["mean_change"])]
        assert flat("".join(row)) in text, p["park"]


def test_progress_refuses_an_unknown_filter_value(cohort_db):
    out = CliRunner().invoke(app, ["progress", "-q", Q, "--park", "不存在的园区", "--db", str(cohort_db)])
    assert out.exit_code != 0
    assert "Traceback" not in out.output
    assert "不存在的园区" in out.output


def test_explicit_rounds_give_the_default_comparison(cohort_db, cli_view):
    args = ["progress", "-q", Q, "--json", "--since", "2024", "--round", "2025", "--db", str(cohort_db)]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == cli_view


def test_without_json_a_short_table_of_the_same_figures(cohort_db, cli_view):
    out = CliRunner().invoke(app, ["progress", "-q", Q, "--db", str(cohort_db)])
    assert out.exit_code == 0, out.output
    s = cli_view["summary"]
    assert f"2024 -> 2025\tpairs {s['count']}" in out.stdout
    assert f"{s['mean_change']:+.2f}" in out.stdout
