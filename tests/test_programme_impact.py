"""Impact of a programme: Wilson's interval against published values, the bootstrap intervals on
synthetic cohorts with a planted effect (coverage, width), suppression, and the whole computation
on a hand-built store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.access import CLI, Actor, PermissionDenied
from assessment.programmes import versions
from assessment.programmes.enrolment import add_provider, enrol
from benchmarks.intervals import bootstrap_difference, bootstrap_mean, wilson
from benchmarks.programme_impact import ImpactError, impact, impact_of
from tests.programme_builders import as_yaml, firm, pilot, result

# ------------------------------------------------------------------------------ Wilson


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # statsmodels.stats.proportion.proportion_confint(..., method="wilson") / Newcombe (1998)
        (8, 10, 0.4902, 0.9433),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (1, 1, 0.2065, 1.0),
    ],
)
def test_wilson_matches_known_values(successes, n, low, high):
    lo, hi = wilson(successes, n)
    assert lo == pytest.approx(low, abs=1e-4) and hi == pytest.approx(high, abs=1e-4)


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError):
        wilson(0, 0)
    with pytest.raises(ValueError):
        wilson(6, 5)


def test_bootstrap_of_constant_values_is_the_value():
    rng = np.random.default_rng(0)
    assert bootstrap_mean([2.0] * 8, 1000, rng) == (2.0, 2.0)
    assert bootstrap_difference([3.0] * 6, [1.0] * 7, 1000, rng) == (2.0, 2.0)


# ------------------------------------------------------------------------------ impact_of, synthetic

METHOD = {"zh": "方法", "en": "method"}
RULE = {"zh": "目标", "en": "target"}


def synthetic(rng, n_served: int, n_comparison: int, effect: float, providers=("A", "B")):
    """Pairs where everyone drifts by +3 (sd 6) and the served gain ``effect`` more."""
    before_s = rng.normal(35, 10, n_served)
    served = pd.DataFrame(
        {
            "before": before_s,
            "after": before_s + 3 + effect + rng.normal(0, 6, n_served),
            "provider": [providers[i % len(providers)] for i in range(n_served)],
        }
    )
    before_c = rng.normal(35, 10, n_comparison)
    comparison = pd.DataFrame({"before": before_c, "after": before_c + 3 + rng.normal(0, 6, n_comparison)})
    return served, comparison


def run(served, comparison, *, reached=0, enrolled=None, n_resamples=1000, seed=0):
    return impact_of(
        served,
        comparison,
        target_rule=RULE,
        reached=reached,
        enrolled=len(served) if enrolled is None else enrolled,
        method=METHOD,
        n_resamples=n_resamples,
        seed=seed,
    )


def test_the_json_has_the_issue_shape():
    served, comparison = synthetic(np.random.default_rng(1), 40, 60, 5.0)
    out = run(served, comparison, reached=30)
    assert list(out) == ["served", "comparison", "difference", "target", "by_provider", "method"]
    assert set(out["served"]) == {"n", "before_mean", "after_mean", "change"}
    assert set(out["served"]["change"]) == {"mean", "ci95"}
    assert out["served"]["n"] == 40 and out["comparison"]["n"] == 60
    assert out["served"]["before_mean"] == pytest.approx(served["before"].mean())
    change = (served["after"] - served["before"]).mean() - (comparison["after"] - comparison["before"]).mean()
    assert out["difference"]["estimate"] == pytest.approx(change)
    lo, hi = out["difference"]["ci95"]
    assert lo < out["difference"]["estimate"] < hi
    assert out["target"] == {"rule": RULE, "reached": 30, "share": 0.75, "ci95": list(wilson(30, 40))}
    assert [p["provider"] for p in out["by_provider"]] == ["A", "B"]
    assert all(p["n"] == 20 and "change" in p for p in out["by_provider"])
    assert out["method"] == METHOD


def test_the_same_seed_gives_the_same_intervals():
    served, comparison = synthetic(np.random.default_rng(2), 30, 30, 2.0)
    assert run(served, comparison, seed=4) == run(served, comparison, seed=4)
    assert run(served, comparison, seed=4)["difference"] != run(served, comparison, seed=5)["difference"]


def test_the_interval_is_wide_when_n_is_small():
    rng = np.random.default_rng(3)
    small = run(*synthetic(rng, 5, 5, 5.0))
    large = run(*synthetic(rng, 500, 500, 5.0))

    def width(out):
        lo, hi = out["difference"]["ci95"]
        return hi - lo

    assert width(small) > 5 * width(large)
    assert width(small) > 5  # on a drift of sd 6, five enterprises a side say little


def coverage(simulations: int, n_served: int, n_comparison: int, effect: float) -> int:
    covered = 0
    for seed in range(simulations):
        served, comparison = synthetic(np.random.default_rng(1000 + seed), n_served, n_comparison, effect)
        lo, hi = run(served, comparison, seed=seed)["difference"]["ci95"]
        covered += lo <= effect <= hi
    return covered


@pytest.mark.slow
def test_the_difference_interval_covers_the_planted_effect_in_90_of_100_simulations():
    assert coverage(100, 40, 60, effect=4.0) >= 90


def test_groups_below_five_are_suppressed():
    served, comparison = synthetic(np.random.default_rng(4), 4, 30, 5.0)
    out = run(served, comparison, reached=2)
    assert out["served"] == {"n": 4, "suppressed": True}
    assert out["difference"] == {"suppressed": True}
    assert out["target"] == {"rule": RULE, "suppressed": True}
    assert "change" in out["comparison"]
    assert all(p.get("suppressed") for p in out["by_provider"])


def test_a_lone_small_provider_takes_the_next_smallest_with_it():
    served, _ = synthetic(np.random.default_rng(5), 30, 0, 5.0)
    served["provider"] = ["A"] * 3 + ["B"] * 8 + ["C"] * 19
    _, comparison = synthetic(np.random.default_rng(6), 1, 30, 0.0)
    out = run(served, comparison)
    shown = {p["provider"]: p for p in out["by_provider"]}
    assert shown["A"] == {"provider": "A", "n": 3, "suppressed": True}
    assert shown["B"] == {"provider": "B", "n": 8, "suppressed": True}  # else A = total - B - C
    assert shown["C"]["n"] == 19 and "change" in shown["C"]


def test_too_few_resamples_are_refused():
    served, comparison = synthetic(np.random.default_rng(7), 10, 10, 1.0)
    with pytest.raises(ImpactError):
        run(served, comparison, n_resamples=10)


# ------------------------------------------------------------------------------ from the store


@pytest.fixture
def programme_store(store):
    """Pilot (sme-2024 level <= 1 in 2025, target verified level >= 2 in 2026), verified results in
    both rounds: 6 served by 甲 gaining 20 points, 6 eligible not served gaining 5, and the
    enterprises that the pairs leave out."""
    with store.write() as db:
        served, comparison = [], []
        for n in range(1, 7):
            c = firm(db, n)
            result(db, c, "sme-2024", "2025", "onsite", 1, 20 + n)
            result(db, c, "sme-2024", "2026", "onsite", 2 if n <= 4 else 1, 40 + n)
            served.append(c)
        for n in range(11, 17):
            c = firm(db, n)
            result(db, c, "sme-2024", "2025", "onsite", 1, 20 + n)
            result(db, c, "sme-2024", "2026", "onsite", 1, 25 + n)
            comparison.append(c)
        late = firm(db, 7)  # served, no verified 2026 result: not paired, not at target
        result(db, late, "sme-2024", "2025", "onsite", 1, 30)
        result(db, late, "sme-2024", "2026", "self", 3, 80)
        high = firm(db, 21)  # not eligible (level 3 in 2025): not in the comparison group
        result(db, high, "sme-2024", "2025", "onsite", 3, 70)
        result(db, high, "sme-2024", "2026", "onsite", 3, 90)
    versions.activate(store, CLI, as_yaml(pilot()), "pilot.yaml")
    add_provider(store, CLI, "服务商甲")
    for c in [*served, late]:
        enrol(store, CLI, "pilot", c, "服务商甲", "2025-03-01")
    return store


def test_impact_from_the_store(programme_store):
    out = impact(programme_store, CLI, versions.get(programme_store, "pilot"), n_resamples=500, seed=1)
    assert out["served"]["n"] == 6 and out["comparison"]["n"] == 6
    assert out["served"]["before_mean"] == pytest.approx(23.5)
    assert out["served"]["change"]["mean"] == pytest.approx(20.0)
    assert out["comparison"]["change"]["mean"] == pytest.approx(5.0)
    assert out["difference"]["estimate"] == pytest.approx(15.0)
    assert out["difference"]["ci95"] == pytest.approx([15.0, 15.0])  # every change exactly the same
    # 4 of the 7 enrolled reached a verified level 2; the late one's self-assessed 3 does not count
    assert out["target"]["reached"] == 4 and out["target"]["share"] == pytest.approx(4 / 7)
    assert out["target"]["rule"]["en"] == "sme-2024 level ≥ 2 (round 2026, verified on site)"
    assert out["by_provider"] == [{"provider": "服务商甲", "n": 6, "change": {"mean": 20.0, "ci95": [20.0, 20.0]}}]
    assert "parallel trends" in out["method"]["en"] and "平行趋势" in out["method"]["zh"]


def test_impact_needs_a_target_and_the_bureau(programme_store):
    programme = versions.get(programme_store, "pilot")
    code = programme_store.db.execute("SELECT credit_code FROM enterprises LIMIT 1").fetchone()[0]
    with pytest.raises(PermissionDenied):
        impact(programme_store, Actor(code, "enterprise", code), programme)
    versions.activate(programme_store, CLI, as_yaml(pilot(version="2", target=None)), "no-target.yaml")
    with pytest.raises(ImpactError):
        impact(programme_store, CLI, versions.get(programme_store, "pilot"))


@given(st.integers(min_value=1, max_value=5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_holds_the_share_inside_zero_and_one(counts):
    successes, n = counts
    lo, hi = wilson(successes, n)
    assert 0 <= lo <= successes / n <= hi <= 1
    if 0 < successes < n:
        assert lo > 0 and hi < 1
    # four times the enterprises at the same share: a narrower interval
    lo4, hi4 = wilson(4 * successes, 4 * n)
    assert hi4 - lo4 < hi - lo
