"""Reading cohorts out of the store for statistics: one row per enterprise and round.

The frames carry enterprise data, so they are for aggregate use (benchmarks) and for bureau
pages; an enterprise user is only ever shown statistics computed from them (and cohorts of
fewer than 5 are suppressed by ``benchmarks``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from assessment.db import Store
from assessment.errors import AssessmentError

# when an enterprise has several sources in one round, the stronger evidence wins
SOURCE_PRIORITY = {"onsite": 0, "import": 1, "self": 2}


class FilterError(AssessmentError):
    """A cohort filter naming something that does not exist."""


@dataclass(frozen=True)
class CohortFilter:
    questionnaire: str
    version: str | None = None
    park: str | None = None
    industry: str | None = None
    size: str | None = None
    round: str | None = None
    source: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


ENTERPRISE_COLUMNS = ["credit_code", "name", "park", "industry", "size", "region", "synthetic"]


def distinct_values(store: Store, column: str) -> list[str]:
    """Values present in the store for a filter column (park, industry, size, round, source)."""
    table = "enterprises" if column in ("park", "industry", "size") else "assessments"
    rows = store.db.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY 1")
    return [r[0] for r in rows]


def check_filter(store: Store, flt: CohortFilter, known: dict[str, list[str]] | None = None) -> None:
    """Raise FilterError for a park, industry, size, round or source that no record has."""
    labels = {
        "park": ("园区", "park"),
        "industry": ("行业", "industry"),
        "size": ("规模", "size"),
        "round": ("轮次", "round"),
        "source": ("来源", "source"),
    }
    for column, (zh, en) in labels.items():
        value = getattr(flt, column)
        if value is None:
            continue
        options = set(distinct_values(store, column)) | set((known or {}).get(column, []))
        if value not in options:
            shown = "、".join(sorted(options)) or "—"
            raise FilterError(
                f"未知{zh}“{value}”，可选：{shown}",
                f"unknown {en} {value!r}; known: {', '.join(sorted(options)) or '-'}",
            )


def filter_sql(flt: CohortFilter) -> tuple[list[str], list]:
    """WHERE conditions and parameters of a filter, over ``assessments a`` joined with
    ``enterprises e``."""
    where = ["a.questionnaire = ?"]
    params: list = [flt.questionnaire]
    for column, table in (
        ("version", "a"),
        ("round", "a"),
        ("source", "a"),
        ("park", "e"),
        ("industry", "e"),
        ("size", "e"),
    ):
        value = getattr(flt, column)
        if value is not None:
            where.append(f"{table}.{column} = ?")
            params.append(value)
    return where, params


def cohort_frame(store: Store, flt: CohortFilter, *, with_result: bool = False) -> pd.DataFrame:
    """Current submitted assessments matching the filter, one row per enterprise and round,
    with enterprise columns, ``assessment_id``, ``round``, ``source``, ``version``, ``score``,
    ``level``, ``archetype`` and one column per part (area / dimension) score."""
    where, params = filter_sql(flt)
    cols = ", ".join(f"e.{c}" for c in ENTERPRISE_COLUMNS)
    sql = (
        f"SELECT a.id AS assessment_id, {cols}, a.round, a.source, a.version, a.submitted_at, "
        "r.score, r.level, r.completeness, r.archetype"
        + (", r.result " if with_result else " ")
        + "FROM current_assessments a JOIN enterprises e ON e.credit_code = a.credit_code "
        "JOIN results r ON r.assessment_id = a.id WHERE " + " AND ".join(where)
    )
    frame = pd.read_sql_query(sql, store.db.conn, params=params)
    if frame.empty:
        return frame
    if flt.source is None and frame.duplicated(["credit_code", "round"]).any():
        frame = (
            frame.assign(_p=frame["source"].map(SOURCE_PRIORITY))
            .sort_values(["credit_code", "round", "_p"])
            .drop_duplicates(["credit_code", "round"])
            .drop(columns="_p")
        )
    parts = pd.read_sql_query(
        "SELECT p.assessment_id, p.part, p.score FROM result_parts p JOIN current_assessments a "
        "ON a.id = p.assessment_id WHERE a.questionnaire = ?",
        store.db.conn,
        params=[flt.questionnaire],
    )
    wide = parts.pivot(index="assessment_id", columns="part", values="score")
    return frame.join(wide, on="assessment_id").reset_index(drop=True)
