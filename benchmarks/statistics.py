"""Cohort statistics and peer percentiles, pure functions of a cohort DataFrame.

A cohort of fewer than ``MIN_COHORT`` enterprises is never described: the result is
``{"count": n, "suppressed": true}`` so that no enterprise can be singled out. A breakdown shown
beside its total (parks, industries, size classes) also hides groups that are large enough when
showing them would let a small one follow by subtraction (``hidden_groups``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from questionnaires.parts import part_ids

MIN_COHORT = 5
QUANTILES = {"p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90}


def level_range(q) -> range:
    """The overall levels of a questionnaire (``overall_levels`` of its model: DCMM 1-5; CMMM 0-5,
    0 below level 1; SME 0-4, 0 not rated)."""
    return q.overall_levels


def describe(values: pd.Series) -> dict[str, float]:
    """Mean and the 10/25/50/75/90th percentiles (linear interpolation, as pandas does)."""
    clean = values.dropna().astype(float)
    out = {"mean": float(clean.mean())}
    quantiles = clean.quantile(list(QUANTILES.values()))
    out.update({name: float(quantiles.iloc[i]) for i, name in enumerate(QUANTILES)})
    return out


def cohort_statistics(frame: pd.DataFrame, q) -> dict:
    """``{"count", "levels", "overall", "areas"}`` for the cohort, or suppressed below 5."""
    count = int(len(frame))
    if count < MIN_COHORT:
        return {"count": count, "suppressed": True}
    levels = frame["level"].value_counts()
    return {
        "count": count,
        "levels": {str(lv): int(levels.get(lv, 0)) for lv in level_range(q)},
        "overall": describe(frame["score"]),
        "areas": {p: describe(frame[p]) for p in part_ids(q) if p in frame},
    }


def percentile_rank(values: pd.Series | np.ndarray, x: float) -> float:
    """Share of the cohort below ``x``, counting ties as half, in percent (0-100)."""
    arr = np.asarray(values, dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return float("nan")
    below = np.count_nonzero(arr < x - 1e-12)
    ties = np.count_nonzero(np.abs(arr - x) <= 1e-12)
    return float(100.0 * (below + 0.5 * ties) / arr.size)


PEER_GROUPS = ("park", "industry", "size")


def peer_percentiles(frame: pd.DataFrame, row: pd.Series | dict) -> dict[str, dict]:
    """An enterprise's percentile rank among the others (``frame``: its peers, without it) of
    its park, its industry and its size class, each ``{"group", "count", "percentile"}`` or
    ``{"group", "count", "suppressed": true}``: a group needs ``MIN_COHORT`` enterprises other
    than the one compared, so that its rank never describes fewer."""
    out = {}
    for column in PEER_GROUPS:
        group = row.get(column)
        if not isinstance(group, str):  # missing in the profile (None, or NaN out of a frame)
            group = None
        peers = frame[frame[column] == group] if group is not None and not frame.empty else frame.iloc[0:0]
        entry: dict = {"group": group, "count": int(len(peers))}
        if len(peers) < MIN_COHORT:
            entry["suppressed"] = True
        else:
            entry["percentile"] = percentile_rank(peers["score"], float(row["score"]))
        out[column] = entry
    return out


def percentile_band(percentile: float, width: int = 10) -> tuple[int, int]:
    """The band of ``width`` points a percentile rank falls in, as shown to an enterprise (an
    exact rank would tell, from one resubmission to the next, how many peers a score passes):
    ``(60, 70)`` for 63.3; 100 falls in the top band."""
    low = min(int(percentile // width) * width, 100 - width)
    return low, low + width


def peer_medians(frame: pd.DataFrame, q, row: pd.Series | dict, group: str = "park") -> dict[str, float] | None:
    """Median score per part among the enterprise's peers (its park by default), or None when
    the peer group is too small to show."""
    if frame.empty:
        return None
    peers = frame[frame[group] == row.get(group)]
    if len(peers) < MIN_COHORT:
        peers = frame
    if len(peers) < MIN_COHORT:
        return None
    return {p: float(peers[p].median()) for p in part_ids(q) if p in peers}


# the key of the rows whose group is missing (an enterprise without a park): never a row of a
# table, but part of the total, so it takes part in the suppression like any group
MISSING_GROUP = "\x00missing"


def hidden_groups(counts: dict) -> set:
    """The groups of a breakdown not to show when its total is shown (``counts``: group ->
    number of enterprises).

    Primary suppression hides every group under ``MIN_COHORT``. Then, so that subtracting the
    shown groups from the total recovers no hidden group, secondary suppression hides the next
    smallest groups until at least two are hidden and the hidden ones together hold at least
    ``MIN_COHORT`` and more than one enterprise each on average (what subtraction yields is then
    only a sum over several groups, itself not a small cohort, that does not fix any group's
    count). Ties in size are broken by the group's name, so the choice is stable."""
    order = sorted(counts.items(), key=lambda kv: (kv[1], str(kv[0])))
    hidden = [g for g, n in order if n < MIN_COHORT]
    shown = [(g, n) for g, n in order if n >= MIN_COHORT]
    together = sum(counts[g] for g in hidden)
    # hidden groups of one enterprise each would give their counts away (the sum is the number)
    while hidden and shown and (len(hidden) < 2 or together < MIN_COHORT or together == len(hidden)):
        group, n = shown.pop(0)
        hidden.append(group)
        together += n
    return set(hidden)


def group_keys(frame: pd.DataFrame, by: str) -> pd.Series:
    """The column ``by`` with missing values as ``MISSING_GROUP``."""
    return frame[by].astype(object).where(frame[by].notna(), MISSING_GROUP)


def breakdown(frame: pd.DataFrame, q, by: str = "park") -> tuple[pd.DataFrame, int]:
    """One row per shown group (park, industry, size or round): count, mean score, median and
    the mean of each part; and how many groups are hidden (``hidden_groups``). A page or report
    says how many are hidden, never which."""
    keys = group_keys(frame, by)
    hidden = hidden_groups(keys.value_counts().to_dict())
    rows = []
    for name, group in frame.groupby(keys, sort=True):
        if name in hidden or name == MISSING_GROUP:
            continue
        row = {by: name, "count": len(group), "mean": group["score"].mean(), "p50": group["score"].median()}
        for p in part_ids(q):
            if p in group:
                row[p] = group[p].mean()
        rows.append(row)
    columns = [by, "count", "mean", "p50", *(p for p in part_ids(q) if p in frame)]
    return pd.DataFrame(rows, columns=columns), len(hidden)


def comparison_table(frame: pd.DataFrame, q, by: str = "park") -> pd.DataFrame:
    """The shown rows of ``breakdown``."""
    return breakdown(frame, q, by)[0]


def furthest_below(frame: pd.DataFrame, by: str = "park", n: int = 20) -> pd.DataFrame:
    """Enterprises furthest below the median of their group (default: their park)."""
    if frame.empty:
        return frame
    sizes = frame.groupby(by)["score"].transform("size")
    medians = frame.groupby(by)["score"].transform("median")
    out = frame.assign(group_median=medians, gap=frame["score"] - medians)[sizes >= MIN_COHORT]
    return out.sort_values("gap").head(n)


def progress_pairs(frame: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Enterprises assessed in both rounds: score and level in each, and the change."""
    a = frame[frame["round"] == first].set_index("credit_code")
    b = frame[frame["round"] == second].set_index("credit_code")
    both = a.index.intersection(b.index)
    out = pd.DataFrame(
        {
            "name": b.loc[both, "name"],
            "park": b.loc[both, "park"],
            "score_before": a.loc[both, "score"],
            "score_after": b.loc[both, "score"],
            "level_before": a.loc[both, "level"],
            "level_after": b.loc[both, "level"],
        }
    )
    out["change"] = out["score_after"] - out["score_before"]
    return out.reset_index()
