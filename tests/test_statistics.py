"""Cohort statistics and percentiles against plain pandas, on small hand-made cohorts."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.statistics import (
    cohort_statistics,
    comparison_table,
    furthest_below,
    peer_percentiles,
    percentile_rank,
    progress_pairs,
)
from questionnaires import get

Q = get("dcmm-2025")
AREAS = [a.id for a in Q.areas]


def cohort(n: int, seed: int = 0, **columns) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    scores = rng.uniform(1, 5, size=(n, len(AREAS)))
    frame = pd.DataFrame(scores, columns=AREAS)
    frame["score"] = frame[AREAS].mean(axis=1)
    frame["level"] = np.floor(frame["score"]).astype(int)
    frame["credit_code"] = [f"c{i}" for i in range(n)]
    frame["name"] = [f"企业{i}" for i in range(n)]
    frame["assessment_id"] = range(1, n + 1)
    frame["park"] = columns.get("park", ["P1"] * n)
    frame["industry"] = columns.get("industry", ["I1"] * n)
    frame["size"] = columns.get("size", ["small"] * n)
    frame["round"] = columns.get("round", ["2025"] * n)
    return frame


def test_statistics_equal_plain_pandas():
    frame = cohort(12)
    stats = cohort_statistics(frame, Q)
    assert stats["count"] == 12
    assert stats["overall"]["mean"] == pytest.approx(frame["score"].mean())
    for name, q in (("p10", 0.1), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p90", 0.9)):
        assert stats["overall"][name] == pytest.approx(frame["score"].quantile(q))
        assert stats["areas"]["security"][name] == pytest.approx(frame["security"].quantile(q))
    assert stats["levels"] == {str(lv): int((frame["level"] == lv).sum()) for lv in range(1, 6)}
    assert sum(stats["levels"].values()) == 12


def test_cohort_below_five_is_suppressed():
    assert cohort_statistics(cohort(4), Q) == {"count": 4, "suppressed": True}
    assert cohort_statistics(cohort(0), Q) == {"count": 0, "suppressed": True}
    assert "overall" in cohort_statistics(cohort(5), Q)


def test_percentile_rank_hand_worked():
    values = [1.0, 2.0, 2.0, 3.0, 4.0]
    assert percentile_rank(values, 2.0) == pytest.approx(100 * (1 + 0.5 * 2) / 5)  # 40
    assert percentile_rank(values, 0.5) == 0
    assert percentile_rank(values, 9) == 100


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(1, 5), min_size=1, max_size=40), st.floats(1, 5))
def test_percentile_rank_matches_pandas_definition(values, x):
    s = pd.Series(values)
    expected = 100 * ((s < x - 1e-12).mean() + 0.5 * ((s - x).abs() <= 1e-12).mean())
    assert percentile_rank(s, x) == pytest.approx(expected)


def test_peer_percentiles_by_park_industry_size_with_suppression():
    parks = ["P1"] * 6 + ["P2"] * 3
    frame = cohort(9, park=parks, industry=["I1"] * 9, size=["small"] * 4 + ["large"] * 5)
    me = frame.iloc[0]
    view = peer_percentiles(frame, me)
    p1 = frame[frame["park"] == "P1"]["score"]
    assert view["park"]["percentile"] == pytest.approx(percentile_rank(p1, me["score"]))
    assert view["park"]["count"] == 6
    assert view["industry"]["count"] == 9
    assert view["size"] == {"group": "small", "count": 4, "suppressed": True}
    other = frame.iloc[7]
    assert peer_percentiles(frame, other)["park"]["suppressed"] is True


def test_comparison_table_leaves_out_small_groups_and_furthest_below():
    frame = cohort(13, park=["P1"] * 8 + ["P2"] * 5)
    table = comparison_table(frame, Q, "park")
    assert list(table["park"]) == ["P1", "P2"]
    assert table.loc[0, "mean"] == pytest.approx(frame[frame["park"] == "P1"]["score"].mean())
    small = cohort(9, park=["P1"] * 6 + ["P2"] * 3)  # P1 beside the total would give P2 away
    assert list(comparison_table(small, Q, "park")["park"]) == []
    assert list(comparison_table(cohort(14, park=["P1"] * 6 + ["P2"] * 3 + ["P3"] * 5), Q, "park")["park"]) == ["P1"]
    below = furthest_below(frame, "park", n=3)
    assert len(below) == 3
    assert (below["gap"].diff().dropna() >= 0).all()


def test_progress_pairs_only_enterprises_in_both_rounds():
    a = cohort(6, round=["2024"] * 6)
    b = cohort(6, seed=1, round=["2025"] * 6).iloc[:4]
    pairs = progress_pairs(pd.concat([a, b]), "2024", "2025")
    assert len(pairs) == 4
    assert pairs["change"].to_numpy() == pytest.approx(b["score"].to_numpy() - a["score"].to_numpy()[:4])


def test_peer_percentiles_of_an_enterprise_without_a_park():
    frame = cohort(6, park=[None] * 6)
    view = peer_percentiles(frame, frame.iloc[0])
    assert view["park"] == {"group": None, "count": 0, "suppressed": True}
