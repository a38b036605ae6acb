"""Progress between rounds, in one place: the Progress page, the cohort PDF and
``python cli.py progress`` all call ``compare`` (through ``progress_view`` for a store), so the
three agree to the digit.

Enterprises are paired across two rounds (``benchmarks.statistics.progress_pairs``). For a
questionnaire that an earlier edition maps onto (dcmm-2018 onto dcmm-2025) the earlier edition's
results take part, expressed on this edition's areas (``benchmarks.editions.earlier_frame``);
where an enterprise has both in one round, this edition's result counts, then the most trusted
source (``SOURCE_PRIORITY``). Fewer than ``MIN_COHORT`` pairs are not described; a group of a
breakdown is hidden when it is small or would give a small one away (``hidden_groups``).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from assessment.cohort import SOURCE_PRIORITY, CohortFilter
from assessment.db import Store
from assessment.rounds import sort_key
from benchmarks import cohorts, editions
from benchmarks.statistics import (
    MIN_COHORT,
    MISSING_GROUP,
    group_keys,
    hidden_groups,
    level_range,
    progress_pairs,
)
from questionnaires import get

COLUMNS = ["credit_code", "name", "park", "round", "score", "level", "source", "synthetic", "edition"]


def every_round(flt: CohortFilter) -> CohortFilter:
    """The filter without its round (progress compares rounds)."""
    return replace(flt, round=None)


def combined(frame: pd.DataFrame, earlier: pd.DataFrame, questionnaire: str) -> pd.DataFrame:
    """One row per enterprise and round from this edition's ``frame`` and the ``earlier``
    editions' mapped results: this edition first, then the most trusted source."""
    frames = [frame.assign(edition=questionnaire, _rank=0)]
    if not earlier.empty:
        frames.append(earlier.assign(_rank=1))
    both = pd.concat([f[[c for c in [*COLUMNS, "_rank"] if c in f]] for f in frames], ignore_index=True)
    if both.empty:
        return both.drop(columns="_rank")
    return (
        both.assign(_p=both["source"].map(SOURCE_PRIORITY))
        .sort_values(["credit_code", "round", "_rank", "_p"])
        .drop_duplicates(["credit_code", "round"])
        .drop(columns=["_rank", "_p"])
        .reset_index(drop=True)
    )


def choose_rounds(rounds: list[str], latest: str | None, first: str | None, second: str | None) -> tuple[str, str]:
    """The two rounds compared: ``second`` if on offer, else ``latest`` (this edition's latest
    round), else the latest; ``first`` if on offer and not ``second``, else the latest round
    before ``second``, else any other."""
    second = second if second in rounds else (latest if latest in rounds else rounds[-1])
    if first not in rounds or first == second:
        first = max((r for r in rounds if sort_key(r) < sort_key(second)), key=sort_key, default=None)
    if first is None:
        first = next(r for r in rounds if r != second)
    return first, second


def summary(pairs: pd.DataFrame) -> dict:
    """Means before and after, mean change, how many improved / declined / changed level;
    suppressed below ``MIN_COHORT`` pairs."""
    n = int(len(pairs))
    if n < MIN_COHORT:
        return {"count": n, "suppressed": True}
    return {
        "count": n,
        "mean_before": float(pairs["score_before"].mean()),
        "mean_after": float(pairs["score_after"].mean()),
        "mean_change": float(pairs["change"].mean()),
        "improved": int((pairs["change"] > 0).sum()),
        "declined": int((pairs["change"] < 0).sum()),
        "level_up": int((pairs["level_after"] > pairs["level_before"]).sum()),
        "level_down": int((pairs["level_after"] < pairs["level_before"]).sum()),
    }


def progress_by(pairs: pd.DataFrame, by: str = "park") -> pd.DataFrame:
    """Paired progress per group (groups under ``MIN_COHORT`` pairs, and those that would give
    one away beside the summary's total, left out: ``hidden_groups``)."""
    rows = []
    keys = group_keys(pairs, by)
    hidden = hidden_groups(keys.value_counts().to_dict())
    for name, group in pairs.groupby(keys, sort=True):
        if name in hidden or name == MISSING_GROUP:
            continue
        rows.append(
            {
                by: name,
                "count": len(group),
                "mean_before": group["score_before"].mean(),
                "mean_after": group["score_after"].mean(),
                "mean_change": group["change"].mean(),
            }
        )
    return pd.DataFrame(rows, columns=[by, "count", "mean_before", "mean_after", "mean_change"])


def transitions(pairs: pd.DataFrame, q) -> pd.DataFrame:
    """How many enterprises went from each level (rows) to each level (columns)."""
    levels = list(level_range(q))
    table = pd.crosstab(pairs["level_before"], pairs["level_after"]) if len(pairs) else pd.DataFrame()
    return table.reindex(index=levels, columns=levels, fill_value=0).fillna(0).astype(int)


def round_means(frame: pd.DataFrame, by: str = "park") -> pd.DataFrame:
    """Per cohort (not paired): the mean score of each group in each round, groups under
    ``MIN_COHORT`` in a round, and those that would give one away beside the round's total
    (``hidden_groups``), left out; columns ``by``, ``round``, ``count``, ``mean``."""
    if frame.empty:
        return pd.DataFrame(columns=[by, "round", "count", "mean"])
    grouped = frame.groupby([by, "round"], sort=True)["score"].agg(["count", "mean"]).reset_index()
    keep = pd.Series(True, index=grouped.index)
    for round_, in_round in frame.groupby("round"):
        hidden = hidden_groups(group_keys(in_round, by).value_counts().to_dict())
        keep &= ~((grouped["round"] == round_) & grouped[by].isin(hidden))
    return grouped[keep & (grouped["count"] >= MIN_COHORT)].reset_index(drop=True)


def compare(frame: pd.DataFrame, earlier: pd.DataFrame, q, first: str | None = None, second: str | None = None) -> dict:
    """Progress between two rounds of this edition's cohort ``frame`` (every round) and the
    ``earlier`` editions' mapped results: the rounds on offer, the two compared, the pairs (by
    change, smallest first), their summary, per park, level transitions, the per-round cohort
    means, the earlier editions whose results were paired (``mapped``) and the synthetic count."""
    rows = combined(frame, earlier, q.id)
    rounds = sorted(rows["round"].unique(), key=sort_key) if not rows.empty else []
    synthetic = int(rows["synthetic"].sum()) if not rows.empty else 0
    if len(rounds) < 2:
        return {"rounds": rounds, "first": None, "second": None, "synthetic": synthetic, "mapped": []}
    latest = max(frame["round"].unique(), key=sort_key) if not frame.empty else None
    first, second = choose_rounds(rounds, latest, first, second)
    pairs = progress_pairs(rows, first, second).sort_values(["change", "credit_code"]).reset_index(drop=True)
    before = rows[(rows["round"] == first) & rows["credit_code"].isin(pairs["credit_code"])]
    mapped = sorted(set(before["edition"]) - {q.id})
    stats = summary(pairs)
    return {
        "rounds": rounds,
        "first": first,
        "second": second,
        "pairs": pairs,
        "summary": stats,
        "by_park": progress_by(pairs, "park"),
        "by_park_hidden": len(hidden_groups(group_keys(pairs, "park").value_counts().to_dict())),
        "transitions": transitions(pairs, q) if not stats.get("suppressed") else None,
        "round_means": round_means(rows[rows["round"].isin([first, second])], "park"),
        "synthetic": synthetic,
        "mapped": mapped,
    }


def progress_view(
    store: Store,
    flt: CohortFilter,
    first: str | None = None,
    second: str | None = None,
    frame: pd.DataFrame | None = None,
) -> dict:
    """``compare`` for a filter, its own round set aside (``frame``: the cohort frame of the
    filter without its round, when the caller has it)."""
    q = get(flt.questionnaire, flt.version) if flt.version else get(flt.questionnaire)
    flt = every_round(flt)
    frame = cohorts.load(store, flt) if frame is None else frame
    return compare(frame, editions.earlier_frame(store, flt), q, first, second)


def as_json(view: dict) -> dict:
    """The ``progress --json`` contract (DESIGN.md §5): rounds, summary, per park (shown groups
    and how many hidden) and level transitions; never the enterprises themselves."""
    out = {k: view[k] for k in ("rounds", "first", "second", "mapped", "synthetic")}
    if view["first"] is None:
        return out
    out["summary"] = view["summary"]
    if not view["summary"].get("suppressed"):
        out["by_park"] = [
            {k: (v if k == "park" else int(v) if k == "count" else float(v)) for k, v in row.items()}
            for row in view["by_park"].to_dict("records")
        ]
        out["by_park_hidden"] = view["by_park_hidden"]
        moves = view["transitions"]
        out["transitions"] = {str(a): {str(b): int(moves.loc[a, b]) for b in moves.columns} for a in moves.index}
    return out
