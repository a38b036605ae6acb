"""Secondary suppression: a breakdown shown beside its total (parks, industries, size classes)
never lets a hidden group's count or values follow by subtracting the shown groups from the
total. Checked as an attacker would: for every hidden group there is another cohort that
publishes exactly the same figures and in which that group's mean is different; and what
subtraction gives of the counts is a sum over several hidden groups that more than one sharing
of enterprises between them explains."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.statistics import MIN_COHORT, breakdown, cohort_statistics, hidden_groups
from questionnaires import get

Q = get("dcmm-2025")
AREAS = [a.id for a in Q.areas]


def cohort(sizes: list[int], missing: int, seed: int) -> pd.DataFrame:
    """Groups G0, G1, ... of the given sizes, plus ``missing`` enterprises without a park."""
    parks = [f"G{g}" for g, n in enumerate(sizes) for _ in range(n)] + [None] * missing
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.uniform(1, 5, size=(len(parks), len(AREAS))).round(2), columns=AREAS)
    frame["score"] = frame[AREAS].mean(axis=1)
    frame["level"] = np.floor(frame["score"]).astype(int)
    frame["park"] = parks
    return frame


def published(frame: pd.DataFrame) -> tuple:
    """Everything a page or report shows of the breakdown: the shown rows, the total's count
    and means, and how many groups are hidden."""
    table, hidden = breakdown(frame, Q, "park")
    stats = cohort_statistics(frame, Q)
    rows = tuple(tuple(round(float(v), 9) if not isinstance(v, str) else v for v in r) for r in table.itertuples(False))
    total = (len(frame), *(round(float(frame[c].mean()), 9) for c in ["score", *AREAS])) if len(frame) else ()
    return rows, total, hidden, stats.get("suppressed", False)


def hidden_names(frame: pd.DataFrame) -> set:
    counts = frame["park"].fillna("none").value_counts().to_dict()
    return {g for g in hidden_groups(counts) if g != "none"}


sizes = st.lists(st.integers(1, 14), min_size=1, max_size=7)


@settings(max_examples=200, deadline=None)
@given(sizes, st.integers(0, 6))
def test_the_rule_hides_at_least_two_groups_holding_at_least_five(group_sizes, missing):
    counts = {f"G{g}": n for g, n in enumerate(group_sizes)} | ({"none": missing} if missing else {})
    hidden = hidden_groups(counts)
    assert all(counts[g] >= MIN_COHORT for g in set(counts) - hidden)  # primary
    if hidden and hidden != set(counts):
        assert len(hidden) >= 2  # secondary: never exactly one
        assert sum(counts[g] for g in hidden) >= MIN_COHORT
    shown = sorted(counts[g] for g in set(counts) - hidden)
    secondary = [counts[g] for g in hidden if counts[g] >= MIN_COHORT]
    assert not shown or not secondary or max(secondary) <= shown[0]  # the next smallest, not any


@settings(max_examples=120, deadline=None)
@given(sizes, st.integers(0, 3), st.integers(0, 2**16))
def test_no_hidden_groups_mean_follows_by_subtraction(group_sizes, missing, seed):
    frame = cohort(group_sizes, missing, seed)
    if len(frame) < MIN_COHORT:
        return
    shown = published(frame)
    keys = frame["park"].fillna("none")
    hidden = sorted(hidden_groups(keys.value_counts().to_dict()))
    for g in hidden:
        others = [h for h in hidden if h != g]
        if not others:  # only when every group is hidden: then nothing but the total is shown
            assert shown[0] == ()
            continue
        # move some score from one member of g to one member of another hidden group
        twin = frame.copy()
        a, b = keys.index[keys == g][0], keys.index[keys == others[0]][0]
        twin.loc[a, AREAS] += 0.5
        twin.loc[b, AREAS] -= 0.5
        twin["score"] = twin[AREAS].mean(axis=1)
        assert published(twin) == shown
        assert twin.loc[keys == g, "score"].mean() != frame.loc[keys == g, "score"].mean()


@settings(max_examples=300, deadline=None)
@given(sizes, st.integers(0, 3))
def test_no_hidden_groups_count_follows_by_subtraction(group_sizes, missing):
    counts = {f"G{g}": n for g, n in enumerate(group_sizes)} | ({"none": missing} if missing else {})
    if sum(counts.values()) < MIN_COHORT:
        return
    hidden = hidden_groups(counts)
    if not hidden or hidden == set(counts):
        return  # nothing hidden, or only the total shown (then nothing is subtracted)
    # total minus the shown groups is the hidden groups' count together: more enterprises than
    # groups, so it can be shared between them in more than one way (one or more each)
    together = sum(counts[g] for g in hidden)
    assert together > len(hidden) >= 2


def test_exactly_one_small_group_takes_the_next_smallest_with_it():
    frame = cohort([9, 3, 6, 12], 0, 1)
    table, hidden = breakdown(frame, Q, "park")
    assert list(table["park"]) == ["G0", "G3"] and hidden == 2
    # the heat map row of the whole filter stays; the two hidden parks are not named
    assert hidden_names(frame) == {"G1", "G2"}


def test_progress_tables_hide_the_same_way():
    from benchmarks.progress import progress_by, round_means

    frame = cohort([9, 3, 6, 12], 0, 1).assign(round="2025")
    assert sorted(round_means(frame)["park"]) == ["G0", "G3"]
    pairs = frame.assign(score_before=frame["score"] - 0.5, score_after=frame["score"], change=0.5)
    assert sorted(progress_by(pairs)["park"]) == ["G0", "G3"]
