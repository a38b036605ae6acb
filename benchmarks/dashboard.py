"""The bureau's cohort dashboard: every figure its pages show, from the same core calls as the
command line (``benchmarks.cohorts.benchmark``, ``load``, ``active_model``), so that a page and
``python cli.py benchmark`` agree to the digit. Functions of a store take it and a
``CohortFilter``; the rest are pure functions of a cohort frame or of the statistics.

A cohort frame has one row per enterprise and round (``assessment.cohort.cohort_frame``): with
no round chosen, an enterprise assessed in two rounds counts twice, as in ``cli.py benchmark``.
Groups of fewer than ``MIN_COHORT`` rows are never described.
"""

from __future__ import annotations

import pandas as pd

from assessment import uptake
from assessment.cohort import CohortFilter, distinct_values
from assessment.db import Store
from assessment.rounds import sort_key
from benchmarks import archetypes, cohorts
from benchmarks.statistics import (
    MIN_COHORT,
    QUANTILES,
    breakdown,
    cohort_statistics,
    furthest_below,
    level_range,
    part_ids,
)
from questionnaires import get
from questionnaires import parts as scales
from questionnaires.loader import UnknownQuestionnaire

OVERALL = "overall"  # the row of the overall score in the statistics tables
SCATTER_POINTS = 4000  # a sample is drawn beyond this many: enough to see the shapes
TABLE_COLUMNS = [
    "assessment_id",
    "credit_code",
    "name",
    "park",
    "industry",
    "size",
    "round",
    "source",
    "score",
    "level",
    "archetype",
    "synthetic",
]


# ------------------------------------------------------------------------------ the scales


def part_names(q) -> dict[str, dict[str, str]]:
    """Display names (zh, en) of the compared parts, in order (``questionnaires.parts``; the SME
    operations part says here that it is a mean scenario level)."""
    names = dict(scales.part_names(q))
    if scales.OPERATIONS in names:
        names[scales.OPERATIONS] = {"zh": "数字化经营（场景平均等级）", "en": "Operations (mean scenario level)"}
    return names


def part_range(q, part: str) -> tuple[float, float]:
    """The scale of a part (``OVERALL``: the overall score), from ``questionnaires.parts``: DCMM
    1-5; CMMM 0-5 (overall and each domain); an SME dimension 0 to its points, operations 0-4
    (scenario levels), the overall score 0-100."""
    if part == OVERALL:
        return scales.overall_range(q)
    return scales.part_min(q, part), scales.part_max(q, part)


def share_of_scale(q, part: str, value: float) -> float:
    """``value`` as a percentage of its part's scale, so that parts on different scales compare."""
    low, high = part_range(q, part)
    return 100.0 * (value - low) / (high - low)


def versions(store: Store, questionnaire: str) -> list[str]:
    """Versions of a questionnaire that assessments in the store were answered on."""
    found = []
    for version in distinct_values(store, "version"):
        try:
            get(questionnaire, version)
        except UnknownQuestionnaire:
            continue
        found.append(version)
    return found


def generation(store: Store) -> tuple:
    """A key that changes with the data behind the dashboard (see ``assessment.uptake``)."""
    return uptake.generation(store)


# ---------------------------------------------------------------------------- the overview


def headline(frame: pd.DataFrame, started: int, submitted: int) -> dict:
    """Enterprises and assessments in the filter, the completion rate (submitted / started)
    and the mean level; the mean level only for a cohort of at least ``MIN_COHORT``."""
    count = int(len(frame))
    return {
        "enterprises": int(frame["credit_code"].nunique()) if count else 0,
        "assessments": count,
        "started": started,
        "submitted": submitted,
        "completion": submitted / started if started else None,
        "mean_level": float(frame["level"].mean()) if count >= MIN_COHORT else None,
        "suppressed": count < MIN_COHORT,
    }


def statistics_table(stats: dict, q) -> pd.DataFrame:
    """The statistics of ``benchmarks.cohorts.benchmark`` as rows: the overall score (part
    ``OVERALL``), then each part, with the mean and the 10th..90th percentiles (empty when
    suppressed)."""
    columns = ["part", "mean", *QUANTILES]
    if stats.get("suppressed"):
        return pd.DataFrame(columns=columns)
    rows = [{"part": OVERALL, **{k: stats["overall"][k] for k in columns[1:]}}]
    for part in part_ids(q):
        if part in stats["areas"]:
            rows.append({"part": part, **{k: stats["areas"][part][k] for k in columns[1:]}})
    return pd.DataFrame(rows, columns=columns)


def level_distribution(stats: dict, q) -> pd.DataFrame:
    """Count and share of each level (every level of the questionnaire, zeros included)."""
    if stats.get("suppressed"):
        return pd.DataFrame(columns=["level", "count", "share"])
    counts = [stats["levels"].get(str(lv), 0) for lv in level_range(q)]
    total = sum(counts) or 1
    return pd.DataFrame({"level": list(level_range(q)), "count": counts, "share": [c / total for c in counts]})


def heat_table(frame: pd.DataFrame, stats: dict, q, by: str = "park") -> tuple[pd.DataFrame, int]:
    """Mean score of each part per shown group (``benchmarks.statistics.breakdown``: small
    groups, and those that would give a small one away by subtraction, are hidden), and a last
    row for the whole filter (``all`` true) whose means are those of ``benchmark``; with how
    many groups are hidden."""
    parts = [p for p in part_ids(q) if not stats.get("suppressed") and p in stats["areas"]]
    columns = [by, "all", "count", *parts]
    if stats.get("suppressed"):
        return pd.DataFrame(columns=columns), 0
    table, hidden = breakdown(frame, q, by=by)
    table = table.assign(all=False)[columns] if not table.empty else pd.DataFrame(columns=columns)
    overall = {by: "", "all": True, "count": stats["count"], **{p: stats["areas"][p]["mean"] for p in parts}}
    return pd.concat([table, pd.DataFrame([overall], columns=columns)], ignore_index=True), hidden


def bands(stats: dict, q) -> pd.DataFrame:
    """Per part (and overall): the percentiles of ``benchmark`` and the same as a percentage of
    the part's scale (``*_pct``), for a band chart."""
    table = statistics_table(stats, q)
    if table.empty:
        return table
    for k in ("mean", *QUANTILES):
        table[f"{k}_pct"] = [share_of_scale(q, p, v) for p, v in zip(table["part"], table[k])]
    return table


def overview(store: Store, flt: CohortFilter, frame: pd.DataFrame | None = None) -> dict:
    """Everything the dashboard's overview shows for a filter: the ``benchmark`` statistics,
    the headline figures, the level distribution, the park x part heat map, the percentile
    bands and the enterprises furthest below their park. ``frame``: the filter's cohort frame
    (``cohorts.load(store, flt)``) when the caller has it already."""
    q = get(flt.questionnaire)
    frame = cohorts.load(store, flt) if frame is None else frame
    # what ``cohorts.benchmark`` computes, on the frame already loaded (loading 100k rows twice
    # doubled the first render); the CLI and this page call the same cohort_statistics
    stats = cohort_statistics(frame, q)
    started, submitted = uptake.started_and_submitted(store, flt)
    heat = heat_table(frame, stats, q, "park")
    return {
        "stats": stats,
        "headline": headline(frame, started, submitted),
        "levels": level_distribution(stats, q),
        "statistics": statistics_table(stats, q),
        "heat": heat[0],
        "heat_hidden": heat[1],
        "bands": bands(stats, q),
        "synthetic": int(frame["synthetic"].sum()) if not frame.empty else 0,
        "lagging": lagging(frame, "park"),
    }


# ------------------------------------------------------------------------------ lagging


def lagging(frame: pd.DataFrame, by: str = "park", n: int = 20) -> tuple[pd.DataFrame, str | None]:
    """The enterprises furthest below the median of their group, in the latest round of the
    frame (one row per enterprise); with the round used."""
    if frame.empty:
        return frame, None
    latest = max(frame["round"].unique(), key=sort_key)
    cross = frame[frame["round"] == latest]
    below = furthest_below(cross, by, n)
    columns = ["assessment_id", "credit_code", "name", "park", "industry", "size", "score", "level"]
    return below[columns + ["group_median", "gap"]].reset_index(drop=True), latest


# --------------------------------------------------------------------------- archetypes


def archetype_table(model: dict | None, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per archetype of the model: id, names and descriptions, its size in the model,
    how many of the filter it holds, and its profile (centroid per part; none for an archetype
    of fewer than ``MIN_COHORT``, whose centre would describe a handful of enterprises)."""
    if not model:
        return pd.DataFrame()
    held = frame["archetype"].value_counts() if "archetype" in frame else pd.Series(dtype=int)
    rows = []
    for a in model["archetypes"]:
        rows.append(
            {
                "id": a["id"],
                "name_zh": a["name"]["zh"],
                "name_en": a["name"]["en"],
                "description_zh": a["description"]["zh"],
                "description_en": a["description"]["en"],
                "size": a["size"],
                "in_filter": int(held.get(a["id"], 0)),
                **{p: a["centroid"][p] if a["size"] >= MIN_COHORT else None for p in model["parts"]},
            }
        )
    return pd.DataFrame(rows)


def scatter_points(
    frame: pd.DataFrame, model: dict | None, limit: int = SCATTER_POINTS, random_state: int = 0
) -> tuple[pd.DataFrame, int]:
    """PCA coordinates (``benchmarks.archetypes.pca_coordinates``) of the filter's assessments
    with their archetype, and how many there are; a stable random sample beyond ``limit``."""
    if frame.empty or not model:
        return pd.DataFrame(columns=["assessment_id", "x", "y", "archetype", "name", "round"]), 0
    coords = archetypes.pca_coordinates(frame, model, random_state=random_state)
    info = frame.set_index("assessment_id")[["archetype", "name", "round"]]
    points = coords.join(info, on="assessment_id")
    total = len(points)
    if total > limit:
        points = points.sample(n=limit, random_state=random_state).sort_index()
    return points.reset_index(drop=True), total


def archetypes_view(store: Store, flt: CohortFilter, frame: pd.DataFrame | None = None) -> dict:
    """The archetype model of the filter's questionnaire, its profiles and the scatter."""
    frame = cohorts.load(store, flt) if frame is None else frame
    model = cohorts.active_model(store, flt.questionnaire)
    points, total = scatter_points(frame, model) if len(frame) >= MIN_COHORT else (pd.DataFrame(), len(frame))
    return {
        "model": archetypes.public_model(model) if model else None,
        "table": archetype_table(model, frame),
        "points": points,
        "total": total,
        "count": len(frame),
        "unplaced": int(frame["archetype"].isna().sum()) if not frame.empty else 0,
        "synthetic": int(frame["synthetic"].sum()) if not frame.empty else 0,
        "cohort_profile": {p: float(frame[p].mean()) for p in (model or {}).get("parts", []) if p in frame}
        if len(frame) >= MIN_COHORT
        else {},
        "by_level": archetype_by_level(frame, model),
        "by_park": archetype_mix(frame, model, "park"),
        "by_industry": archetype_mix(frame, model, "industry"),
        "moves": archetype_moves(frame, model),
    }


# --------------------------------------------------------------------------- enterprises


def enterprise_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The table of the filter's assessments: one row per enterprise and round."""
    if frame.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    return frame[TABLE_COLUMNS].sort_values(["name", "round"]).reset_index(drop=True)


def search(rows: pd.DataFrame, text: str = "", sort: str = "name", descending: bool = False) -> pd.DataFrame:
    """Rows whose name or credit code contains ``text`` (any case), sorted by ``sort``."""
    text = (text or "").strip().casefold()
    if text:
        hit = rows["name"].str.casefold().str.contains(text, regex=False) | rows[
            "credit_code"
        ].str.casefold().str.contains(text, regex=False)
        rows = rows[hit]
    keys = [sort] + [k for k in ("name", "round") if k != sort]
    ascending = [not descending] + [True] * (len(keys) - 1)
    return rows.sort_values(keys, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ archetypes × level, mix, moves


def _crosstab(rows: pd.Series, columns: pd.Series, row_order: list[str]) -> pd.DataFrame:
    """Counts of rows × columns, each row suppressed with ``archetypes.suppressed_counts``."""
    table = pd.crosstab(rows, columns)
    out = []
    for r in row_order:
        counts = {str(c): int(table.loc[r, c]) if r in table.index else 0 for c in table.columns}
        out.append({"archetype": r, **archetypes.suppressed_counts(counts)})
    return pd.DataFrame(out, columns=["archetype", *[str(c) for c in table.columns]])


def archetype_by_level(frame: pd.DataFrame, model: dict | None) -> pd.DataFrame:
    """Members of each archetype (rows) at each overall level (columns), in the filter;
    small cells suppressed."""
    if not model or frame.empty or "archetype" not in frame:
        return pd.DataFrame()
    placed = frame.dropna(subset=["archetype"])
    return _crosstab(placed["archetype"], placed["level"].astype(int), [a["id"] for a in model["archetypes"]])


def archetype_mix(frame: pd.DataFrame, model: dict | None, by: str) -> pd.DataFrame:
    """Members of each archetype (rows) in each park or industry (columns); small cells suppressed."""
    if not model or frame.empty or "archetype" not in frame:
        return pd.DataFrame()
    placed = frame.dropna(subset=["archetype", by])
    return _crosstab(placed["archetype"], placed[by], [a["id"] for a in model["archetypes"]])


def archetype_moves(frame: pd.DataFrame, model: dict | None) -> tuple[pd.DataFrame, tuple[str, str] | None]:
    """How enterprises moved between archetypes from the second-latest round to the latest
    (rows: archetype before, columns: after), and the two rounds; small cells suppressed."""
    if not model or frame.empty or "archetype" not in frame:
        return pd.DataFrame(), None
    rounds = sorted(frame["round"].dropna().unique())
    if len(rounds) < 2:
        return pd.DataFrame(), None
    before, after = rounds[-2], rounds[-1]
    placed = frame.dropna(subset=["archetype"])
    pairs = placed[placed["round"] == before][["credit_code", "archetype"]].merge(
        placed[placed["round"] == after][["credit_code", "archetype"]], on="credit_code", suffixes=("_before", "_after")
    )
    if pairs.empty:
        return pd.DataFrame(), (before, after)
    ids = [a["id"] for a in model["archetypes"]]
    table = _crosstab(pairs["archetype_before"], pd.Categorical(pairs["archetype_after"], categories=ids), ids)
    return table, (before, after)
