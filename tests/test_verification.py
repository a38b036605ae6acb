"""The bureau's verification work (issue 13, item 4): peer outliers on planted cohorts, the
queue's order, and the park-stratified sample (reproducible, proportional, audited)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import flag_store
from assessment.access import CLI, Actor, PermissionDenied
from assessment.cohort import CohortFilter
from assessment.enterprises import check_profile, save_profile
from assessment.lifecycle import record_submitted
from benchmarks import verification
from benchmarks.verification import SampleError, allocate, draw, peer_outliers
from questionnaires import get
from tests.conftest import code
from tests.support.records import sme_answers_at

SME = "sme-2024"
PARTS = ["foundation", "management", "results", "operations"]


def frame(groups: dict[tuple[str, str], list[list[float]]], round_: str = "2025") -> pd.DataFrame:
    rows, n = [], 0
    for (park, industry), profiles in groups.items():
        for profile in profiles:
            n += 1
            rows.append(
                {"assessment_id": n, "park": park, "industry": industry, "round": round_, **dict(zip(PARTS, profile))}
            )
    return pd.DataFrame(rows)


TYPICAL = [
    [20, 12, 8, 1.5],
    [22, 13, 9, 1.6],
    [19, 11, 8, 1.4],
    [21, 12, 7, 1.5],
    [23, 14, 9, 1.7],
    [20, 13, 8, 1.5],
    [18, 12, 9, 1.6],
]


# ------------------------------------------------------------------------------ peer_outlier


def test_far_above_on_every_part_is_high_and_on_most_parts_medium():
    q = get(SME)
    planted = {"P": [45, 28, 18, 3.5], "Q": [45, 28, 18, 1.5], "R": [45, 28, 8, 1.5]}
    f = frame({(park, "I"): [*TYPICAL, profile] for park, profile in planted.items()})
    flags = peer_outliers(f, q)
    assert set(flags) == {8, 16}
    assert flags[8].severity == "high" and flags[8].detail["parts"] == PARTS
    assert flags[16].severity == "medium" and len(flags[16].detail["parts"]) == 3
    assert "7 peers" in flags[8].en and "7 家同行" in flags[8].zh  # above on 2 of 4 parts (R): not most


def test_small_groups_and_other_parks_are_not_peers():
    q = get(SME)
    few = TYPICAL[:4] + [[45, 28, 18, 3.5]]  # itself and 4 peers
    f = frame({("P", "I"): few, ("Q", "I"): TYPICAL})
    assert peer_outliers(f, q) == {}


def test_a_group_that_answered_alike_is_not_infinitely_tight():
    q = get(SME)
    same = [[20, 12, 8, 1.5]] * 7
    f = frame({("P", "I"): [*same, [20.5, 12.5, 8.2, 1.55]]})
    assert peer_outliers(f, q) == {}


def test_only_confirmed_enterprises_make_up_the_peers():
    q = get(SME)
    f = frame({("P", "I"): [*TYPICAL, [45, 28, 18, 3.5]] + [[45, 28, 18, 3.5]] * 6})
    assert 8 not in peer_outliers(f, q)  # among six others as high, it is not an outlier
    f["confirmed"] = [True] * 8 + [False] * 6
    assert peer_outliers(f, q)[8].severity == "high"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.floats(0, 50), st.floats(0, 30), st.floats(0, 20), st.floats(0, 4)),
        min_size=1,
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_peer_outliers_do_not_depend_on_row_order_and_spare_the_median(rows, rnd):
    q = get(SME)
    f = pd.DataFrame(
        [
            {"assessment_id": n, "park": f"P{p}", "industry": "I", "round": "2025", **dict(zip(PARTS, parts))}
            for n, (p, *parts) in enumerate(rows)
        ]
    )
    flags = peer_outliers(f, q)
    shuffled = f.sample(frac=1, random_state=rnd.randint(0, 1000)).reset_index(drop=True)
    assert peer_outliers(shuffled, q) == flags
    medians = f.groupby("park")[PARTS].transform("median")
    at_median = f.assign(**{p: medians[p] for p in PARTS})
    assert peer_outliers(at_median, q) == {}


# ---------------------------------------------------------------------------- allocation


def test_allocation_gives_each_park_one_then_shares_the_rest():
    assert allocate({"a": 100, "b": 10, "c": 1}, 10) == {"a": 7, "b": 2, "c": 1}
    assert allocate({"a": 100, "b": 10, "c": 1}, 2) == {"a": 2, "b": 0, "c": 0}
    assert allocate({"a": 3, "b": 2}, 50) == {"a": 3, "b": 2}


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.integers(1, 300), min_size=1, max_size=8),
    st.integers(1, 500),
)
def test_allocation_is_proportional_with_one_per_park_where_possible(counts, size):
    out = allocate(counts, size)
    total = sum(counts.values())
    assert sum(out.values()) == min(size, total)
    assert all(0 <= out[k] <= counts[k] for k in counts)
    if len(counts) <= size < total:
        assert all(out[k] >= 1 for k in counts)
        rest = size - len(counts)
        remaining = total - len(counts)
        for k in counts:  # the rest within one of its exact share
            assert abs((out[k] - 1) - rest * (counts[k] - 1) / remaining) < 1 + 1e-9
    assert allocate(counts, size) == out


def population(n_per_park: dict[str, int]) -> pd.DataFrame:
    rows = [{"credit_code": f"C{park}{i:04d}", "park": park} for park, n in n_per_park.items() for i in range(n)]
    return pd.DataFrame(rows).sample(frac=1, random_state=1)  # the input's order does not matter


def test_the_same_seed_draws_the_same_enterprises_whatever_the_input_order():
    pop = population({"a": 50, "b": 20, "c": 5})
    first, allocation = draw(pop, 12, seed=7)
    again, _ = draw(pop.sample(frac=1, random_state=2), 12, seed=7)
    assert first["credit_code"].tolist() == again["credit_code"].tolist()
    other, _ = draw(pop, 12, seed=8)
    assert other["credit_code"].tolist() != first["credit_code"].tolist()
    assert first.groupby("park").size().to_dict() == {k: v["drawn"] for k, v in allocation.items()}
    assert allocation == {
        "a": {"enterprises": 50, "drawn": 7},  # 1 + 6.125 of the rest (9 x 49 / 72)
        "b": {"enterprises": 20, "drawn": 3},  # 1 + 2.375
        "c": {"enterprises": 5, "drawn": 2},  # 1 + 0.5: the largest remainder takes the last one
    }
    assert first["credit_code"].is_unique


def test_enterprises_without_a_park_are_a_stratum_of_their_own():
    pop = pd.concat([population({"a": 10}), pd.DataFrame([{"credit_code": "Z1", "park": None}])])
    sample, allocation = draw(pop, 3, seed=1)
    assert allocation[""]["drawn"] == 1 and "Z1" in sample["credit_code"].tolist()


# ------------------------------------------------------------------------ over the store


def firm(db, n: int, park: str, industry: str = "啤酒饮料") -> str:
    profile = check_profile(
        {
            "credit_code": code(n),
            "name": f"青岛核查测试{n}有限公司",
            "park": park,
            "industry": industry,
            "employees": 50,
            "revenue": 800,
        }
    )
    save_profile(db, profile, CLI)
    return profile["credit_code"]


@pytest.fixture
def cohort(store):
    """Two parks of SME self-assessments: park A with 8 firms, park B with 4; firm 1 answers
    with a contradiction, firm 2 jumps two levels since 2024, firm 12 is verified on site."""
    q = get(SME)
    with store.write() as db:
        for n in range(1, 13):
            code_n = firm(db, n, "金水创新产业园" if n <= 8 else "耀州新经济产业园")
            answers = sme_answers_at(1 + n % 2)
            if n == 1:
                answers["foundation.information_systems"] = "none"
            if n == 2:
                record_submitted(db, CLI, code_n, q, "2024", "import", sme_answers_at(0))
                answers = sme_answers_at(3)
            record_submitted(db, CLI, code_n, q, "2025", "onsite" if n == 12 else "import", answers)
    flag_store.refresh(store, CLI)
    return store


def test_the_queue_puts_flags_first_then_the_gap_and_leaves_out_on_site_results(cohort):
    rows = verification.queue(cohort, CLI, CohortFilter(SME))
    assert code(12) not in rows["credit_code"].tolist()  # verified on site already
    assert rows["credit_code"].is_unique and (rows["round"] == "2025").all()
    top = rows.iloc[0]
    assert top["credit_code"] in (code(1), code(2)) and top["flag_points"] >= 3
    assert set(rows["credit_code"][:2]) == {code(1), code(2)}
    unflagged = rows[rows["flag_points"] == 0]
    assert unflagged["gap"].is_monotonic_decreasing
    assert rows["flags"].iloc[0][0].code in ("contradiction", "jump")


def test_a_candidate_for_a_programme_rides_higher(cohort):
    plain = verification.queue(cohort, CLI, CohortFilter(SME))
    last = plain["credit_code"].iloc[-1]
    ranked = verification.queue(cohort, CLI, CohortFilter(SME), candidate=lambda f: f["credit_code"] == last)
    assert ranked.set_index("credit_code").loc[last, "candidate"]
    assert ranked["credit_code"].tolist().index(last) < len(ranked) - 1


def test_cohort_flags_list_the_flagged_most_severe_first(cohort):
    found = verification.cohort_flags(cohort, CLI, CohortFilter(SME))
    entries = found["assessments"]
    assert found["unchecked"] == 0
    assert entries[0]["credit_code"] in (code(1), code(2))
    assert all(e["flags"] for e in entries)
    severities = [min("high medium low".split().index(f["severity"]) for f in e["flags"]) for e in entries]
    assert severities == sorted(severities)
    assert set(entries[0]) == {"assessment_id", "credit_code", "questionnaire", "round", "flags"}
    assert set(entries[0]["flags"][0]) == {"code", "severity", "message"}
    everyone = verification.cohort_flags(cohort, CLI, CohortFilter(SME), everyone=True)["assessments"]
    assert len(everyone) == 13  # every current assessment, both rounds


def test_the_sample_is_reproducible_stratified_and_audited(cohort):
    flt = CohortFilter(SME)
    first = verification.sample(cohort, CLI, flt, 4, 11)
    second = verification.sample(cohort, CLI, flt, 4, 11)
    assert first == second
    assert first["population"] == 11  # the on-site result is not drawn for routine checks
    assert {p: a["drawn"] for p, a in first["allocation"].items()} == {"耀州新经济产业园": 1, "金水创新产业园": 3}
    drawn = [e["credit_code"] for e in first["sample"]]
    audit = cohort.db.execute(
        "SELECT actor, detail, record_id FROM audit WHERE action = 'verification.sample' ORDER BY id"
    ).fetchall()
    assert len(audit) == 2
    detail = json.loads(audit[0][1])
    assert (audit[0][0], detail["seed"], detail["size"], detail["drawn"]) == ("cli", 11, 4, drawn)
    assert json.loads(audit[0][2]) == {"questionnaire": SME}


def test_the_sample_refuses_a_bad_size_or_seed_and_non_bureau_users(cohort):
    with pytest.raises(SampleError):
        verification.sample(cohort, CLI, CohortFilter(SME), 0, 1)
    with pytest.raises(SampleError):
        verification.sample(cohort, CLI, CohortFilter(SME), 3, -1)
    who = Actor(code(1), "enterprise", code(1))
    for call in (
        lambda: verification.sample(cohort, who, CohortFilter(SME), 3, 1),
        lambda: verification.queue(cohort, who, CohortFilter(SME)),
        lambda: verification.cohort_flags(cohort, who, CohortFilter(SME)),
    ):
        with pytest.raises(PermissionDenied):
            call()
    denied = cohort.db.execute("SELECT count(*) FROM audit WHERE outcome = 'denied' AND actor = ?", [code(1)])
    assert denied.fetchone()[0] == 3


def test_an_empty_cohort_has_an_empty_queue_flags_and_sample(store):
    flt = CohortFilter("dcmm-2025")
    assert verification.cohort_flags(store, CLI, flt) == {"assessments": [], "unchecked": 0}
    view = verification.queue_view(store, CLI, flt)
    assert view["queue"].empty and view["unchecked"] == 0 and "flags" in view["queue"].columns
    drawn = verification.sample(store, CLI, flt, 5, 1)
    assert (drawn["population"], drawn["allocation"], drawn["sample"]) == (0, {}, [])
