"""cmmm-2020 in the cohort figures: levels 0-5 (0 = below level 1), the 12 domains on 0-5,
archetypes named by domain, progress transitions, doubt flags of its own kind, and the bureau's
dashboard and archetype pages with cmmm selected."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assessment import accounts, doubt
from assessment.access import CLI, Actor
from assessment.cohort import CohortFilter
from assessment.db import Store
from benchmarks import archetypes, cohorts, dashboard, progress
from benchmarks.demo import generate
from benchmarks.statistics import MIN_COHORT, cohort_statistics, level_range
from questionnaires import get
from questionnaires.parts import part_ids
from tests.conftest import open_rounds
from tests.support.pages import copy_for_app, opened, sealed, texts

CMMM = "cmmm-2020"
ANALYST = Actor("analyst1", "analyst")


@pytest.fixture(scope="module")
def q():
    return get(CMMM)


def frame_of(q, rng: np.random.Generator, n: int = 240) -> pd.DataFrame:
    """A cohort frame of ``n`` cmmm results in three planted shapes over a general level."""
    domains = part_ids(q)
    shapes = np.zeros((3, len(domains)))
    shapes[1, [domains.index("equipment"), domains.index("network")]] = 1.2
    shapes[1, [domains.index("data"), domains.index("integration")]] = -1.2
    shapes[2, [domains.index("strategy"), domains.index("skills")]] = 1.2
    shapes[2, [domains.index("production"), domains.index("design")]] = -1.2
    general = rng.uniform(1.0, 3.5, n)
    shape = rng.integers(0, 3, n)
    scores = np.clip(general[:, None] + shapes[shape] + 0.15 * rng.standard_normal((n, len(domains))), 0, 5)
    frame = pd.DataFrame(scores, columns=domains)
    frame["score"] = scores.mean(axis=1)
    frame["level"] = np.floor(np.clip(frame["score"] - 0.8 + 1, 0, 5)).astype(int)
    frame["assessment_id"] = np.arange(1, n + 1)
    frame["park"] = [f"park{k % 4}" for k in range(n)]
    return frame


# ------------------------------------------------------------------------------- the scales


def test_levels_run_from_below_level_1_to_5(q):
    assert list(level_range(q)) == [0, 1, 2, 3, 4, 5]
    assert list(level_range(get("sme-2024"))) == [0, 1, 2, 3, 4]
    assert list(level_range(get("dcmm-2025"))) == [1, 2, 3, 4, 5]


def test_domains_and_the_overall_score_are_on_0_to_5(q):
    names = dashboard.part_names(q)
    assert list(names) == [d.id for d in q.domains] and len(names) == 12
    assert names["production"] == {"zh": "生产", "en": "Production"}
    assert dashboard.part_range(q, dashboard.OVERALL) == (0.0, 5.0)
    assert all(dashboard.part_range(q, p) == (0.0, 5.0) for p in names)
    assert dashboard.share_of_scale(q, "design", 2.5) == 50.0
    # the other kinds keep their scales
    assert dashboard.part_range(get("sme-2024"), "operations") == (0.0, 4.0)
    assert dashboard.part_range(get("dcmm-2025"), dashboard.OVERALL) == (1.0, 5.0)


def test_statistics_count_every_level_from_0_and_hide_small_cohorts(q):
    frame = frame_of(q, np.random.default_rng(1))
    frame.loc[:9, "level"] = 0
    stats = cohort_statistics(frame, q)
    assert list(stats["levels"]) == ["0", "1", "2", "3", "4", "5"]
    assert sum(stats["levels"].values()) == len(frame) and stats["levels"]["0"] >= 10
    assert set(stats["areas"]) == set(part_ids(q))
    table = dashboard.level_distribution(stats, q)
    assert list(table["level"]) == [0, 1, 2, 3, 4, 5] and table["share"].sum() == pytest.approx(1.0)
    assert cohort_statistics(frame.head(MIN_COHORT - 1), q) == {"count": MIN_COHORT - 1, "suppressed": True}
    bands = dashboard.bands(stats, q)
    assert ((bands["p50_pct"] >= 0) & (bands["p50_pct"] <= 100)).all()


def test_progress_transitions_cover_levels_0_to_5(q):
    pairs = pd.DataFrame({"level_before": [0, 0, 1, 4, 5], "level_after": [1, 0, 2, 5, 5]})
    moves = progress.transitions(pairs, q)
    assert list(moves.index) == list(moves.columns) == [0, 1, 2, 3, 4, 5]
    assert moves.loc[0, 1] == 1 and moves.loc[0, 0] == 1 and moves.loc[4, 5] == 1 and int(moves.to_numpy().sum()) == 5


# ------------------------------------------------------------------------------- archetypes


def test_archetypes_find_the_planted_domain_shapes_and_name_them_by_domain(q):
    frame = frame_of(q, np.random.default_rng(7))
    model, labels = archetypes.fit_archetypes(frame, q, k=3, random_state=0)
    assert model["parts"] == part_ids(q) and model["highs"] == [5.0] * 12 and model["lows"] == [0.0] * 12
    by_name = {a["name"]["zh"]: a for a in model["archetypes"]}
    machines = next(a for a in model["archetypes"] if a["strengths"][:1] in (["equipment"], ["network"]))
    assert set(machines["gaps"][:2]) == {"data", "integration"}
    assert machines["name"]["zh"].startswith("重装备") or machines["name"]["zh"].startswith("重网络")
    assert machines["service"]["zh"] == get_service("data" if machines["gaps"][0] == "data" else "integration", q)
    # actions raise the gap domains through their sub-domains
    subdomains = {s.id for d in q.domains for s in d.subdomains}
    assert {i["id"] for action in machines["actions"] for i in action["items"]} <= subdomains
    assert len(by_name) == 3 and len(labels) == len(frame)
    # placing one result uses the same 0-5 scale
    row = frame.iloc[0]
    assert archetypes.place(model, {p: float(row[p]) for p in part_ids(q)}) == labels.iloc[0]


def get_service(part: str, q) -> str:
    from questionnaires.parts import part_service

    found = part_service(part, q)
    assert found is not None and found != part_service(part)  # not the DCMM area's service
    return found["zh"]


# ------------------------------------------------------------------------------- doubt flags


def detailed(q, value: float) -> dict:
    return {"path": "discrete", **{r: value for r in q.requirement_by_id}}


def test_straight_line_reads_requirement_values_and_quick_levels(q):
    everything = doubt.straight_line(q, detailed(q, 1.0))
    assert everything is not None and everything.severity == "high" and everything.detail["scale"] == "requirements"
    nothing = doubt.straight_line(q, detailed(q, 0.0))
    assert nothing is not None and nothing.severity == "low"
    mostly = doubt.straight_line(q, detailed(q, 0.8))
    assert mostly is not None and mostly.severity == "medium"
    quick = {"path": "process", **{s.id: 2 for s in q.subdomains}}
    flag = doubt.straight_line(q, quick)
    assert flag is not None and flag.detail == {"scale": "subdomains", "value": 2, "count": 20, "answers": 20}
    # "na" and "unsure" are no value on the scale: 9 levels left are too few to judge
    mixed = {"path": "process", **{s.id: ("na" if k % 2 else "unsure") for k, s in enumerate(q.subdomains)}}
    mixed.update({s.id: 3 for s in q.subdomains[:9]})
    assert doubt.straight_line(q, mixed) is None


def test_not_cumulative_flags_a_higher_level_fully_met_over_an_unmet_lower_one(q):
    sub = q.subdomain_by_id["production.scheduling"]
    answers = {"path": "discrete", **{r: 0.5 for r in q.requirement_by_id}}
    assert doubt.not_cumulative(q, answers) is None  # evenly partly met: cumulative enough
    for r in sub.requirements_by_level[1]:
        answers[r] = 0.0
    for r in sub.requirements_by_level[3]:
        answers[r] = 1.0
    flag = doubt.not_cumulative(q, answers)
    assert flag is not None and flag.detail == {"items": ["production.scheduling"]} and flag.severity == "low"
    assert flag.zh.startswith(sub.name.zh) and "子域" not in flag.zh
    # one requirement of level 3 only mostly met: no longer "fully met"
    answers[sub.requirements_by_level[3][0]] = 0.8
    assert doubt.not_cumulative(q, answers) is None
    # quick answers are cumulative by rule
    quick = {"path": "discrete", **{s.id: 4 for s in q.subdomains}}
    assert doubt.not_cumulative(q, quick) is None


def test_a_jump_of_a_point_on_the_0_to_5_scale_is_medium_and_two_levels_high(q):
    before = doubt.Standing("2024", 1, 1.3)
    assert doubt.jump(q.kind, doubt.Standing("2025", 1, 1.9), before) is None
    medium = doubt.jump(q.kind, doubt.Standing("2025", 2, 2.35), before)
    assert medium is not None and medium.severity == "medium"
    high = doubt.jump(q.kind, doubt.Standing("2025", 3, 3.1), before)
    assert high is not None and high.severity == "high"
    assert "CMMM" in doubt.rules()["jump"]["en"] and "CMMM" in doubt.rules()["not_cumulative"]["en"]


# ------------------------------------------------------------------------------------ pages


@pytest.fixture(scope="module")
def cmmm_db(tmp_path_factory):
    """A demo cohort with cmmm archetypes fitted, and an analyst."""
    path = tmp_path_factory.mktemp("cmmm") / "cohort.db"
    store = open_rounds(Store(path))
    generate(store, 400, 4)
    cohorts.fit(store, CLI, CMMM, k=4)
    accounts.add_user(store, CLI, ANALYST.username, "analyst", "Hn4$wQz7Lp2#Vk")
    return sealed(store)


@pytest.fixture
def db(cmmm_db, tmp_path, monkeypatch):
    yield from copy_for_app(cmmm_db, tmp_path, monkeypatch)


def open_page(page: str, lang: str = "zh") -> AppTest:
    return opened(f"ui/pages/{page}.py", ANALYST, lang, timeout=180, cohort_filter={"questionnaire": CMMM})


def cells(at: AppTest) -> str:
    """Every column name and cell of the page's tables, as text."""
    frames = [df.value for df in at.dataframe] + [t.value for t in at.table]
    return "\n".join(
        "\n".join(map(str, frame.columns)) + "\n" + "\n".join(map(str, frame.to_numpy().ravel())) for frame in frames
    )


def test_dashboard_with_cmmm_shows_levels_from_below_level_1_and_the_estimate_note(db, q):
    at = open_page("dashboard")
    assert not at.exception
    shown, table = texts(at), cells(at)
    assert "0 · 一级以下" in table and "5 · 引领级" in table
    assert q.estimate_note.zh in shown and "总分（0–5）" in table
    stats = cohorts.benchmark(db, CohortFilter(CMMM))
    assert f"共 {stats['count']:,} 条评估" in shown
    assert all(name in table for name in ("组织战略", "生产", "服务"))


def test_archetype_page_with_cmmm_names_domains_and_level_0(db):
    at = open_page("bureau_archetypes", lang="en")
    assert not at.exception
    model = cohorts.active_model(db, CMMM)
    shown = texts(at) + cells(at)
    assert model["k"] >= 3 and all(a["name"]["en"] in shown for a in model["archetypes"])
    assert "Level 0 · Below level 1" in cells(at)
