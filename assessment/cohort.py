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
    # a park or industry that only unconfirmed registrations name is not offered
    table = "enterprises WHERE confirmed = 1 AND" if column in ("park", "industry", "size") else "assessments WHERE"
    rows = store.db.execute(f"SELECT DISTINCT {column} FROM {table} {column} IS NOT NULL ORDER BY 1")
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


# Only confirmed enterprises count in any cohort figure (a self-registered one waits for the
# bureau): the few unconfirmed ones are found through the partial index ``enterprises_unconfirmed``.
CONFIRMED_ONLY = "a.credit_code NOT IN (SELECT credit_code FROM enterprises WHERE confirmed = 0)"

FILTER_COLUMNS = (("version", "a"), ("round", "a"), ("source", "a"), ("park", "e"), ("industry", "e"), ("size", "e"))


def filter_sql(flt: CohortFilter) -> tuple[list[str], list]:
    """WHERE conditions and parameters of a filter, over ``assessments a`` joined with
    ``enterprises e`` (confirmed enterprises only)."""
    where = ["a.questionnaire = ?", CONFIRMED_ONLY]
    params: list = [flt.questionnaire]
    for column, table in FILTER_COLUMNS:
        value = getattr(flt, column)
        if value is not None:
            where.append(f"{table}.{column} = ?")
            params.append(value)
    return where, params


# The ids of the current assessments (those of the view ``current_assessments``: the latest
# submitted revision per enterprise, questionnaire, round and source) of one questionnaire, as a
# grouping that the index ``assessments_slot`` serves in one pass; the view's correlated
# subquery costs a lookup per row, which is most of the time at 100,000 assessments.
CURRENT_IDS = (
    "SELECT max(id) AS id FROM assessments WHERE questionnaire = ? AND status = 'submitted'{slot} "
    "GROUP BY credit_code, round, source"
)


def enterprise_filter(flt: CohortFilter) -> dict[str, str]:
    """The filter's conditions on the enterprise (park, industry, size)."""
    return {c: getattr(flt, c) for c, table in FILTER_COLUMNS if table == "e" and getattr(flt, c) is not None}


def _current(flt: CohortFilter, columns: str, joins: str = "", column_params: list | None = None) -> tuple[str, list]:
    """A query of ``columns`` (with their ``column_params``) over the filter's current
    assessments ``a`` (with ``joins``)."""
    slot = [c for c in ("round", "source") if getattr(flt, c) is not None]  # the slot's own columns
    params: list = [*(column_params or []), flt.questionnaire, *(getattr(flt, c) for c in slot)]
    ids = CURRENT_IDS.format(slot="".join(f" AND {c} = ?" for c in slot))
    where, rest = [], []
    if flt.version is not None:
        where.append("a.version = ?")
        rest.append(flt.version)
    enterprise = enterprise_filter(flt)
    if enterprise:
        joins = "JOIN enterprises e ON e.credit_code = a.credit_code " + joins
        where += [f"e.{c} = ?" for c in enterprise]
        rest += list(enterprise.values())
    sql = f"SELECT {columns} FROM ({ids}) c JOIN assessments a ON a.id = c.id {joins}"
    return sql + (" WHERE " + " AND ".join(where) if where else ""), params + rest


def part_names(store: Store, questionnaire: str) -> list[str]:
    """The parts (areas / dimensions) that results of a questionnaire are kept for, in order.
    Every result of one version has the same parts (its bank's), so one result per version
    tells them all."""
    rows = store.db.execute(
        "SELECT DISTINCT part FROM result_parts WHERE assessment_id IN (SELECT max(id) FROM assessments "
        "WHERE questionnaire = ? AND status = 'submitted' GROUP BY version) ORDER BY 1",
        [questionnaire],
    )
    return [r[0] for r in rows]


def cohort_frame(store: Store, flt: CohortFilter, *, with_result: bool = False) -> pd.DataFrame:
    """Current submitted assessments of confirmed enterprises matching the filter, one row per
    enterprise and round,
    with enterprise columns, ``assessment_id``, ``round``, ``source``, ``version``, ``score``,
    ``level``, ``archetype`` and one column per part (area / dimension) score.

    Read in two narrow queries (the assessments with their results and part scores, then the
    enterprises) joined here: fewer values cross from SQLite to Python than in one wide join
    or with one row per part, and that crossing is most of what a cohort of 100,000 costs."""
    parts = part_names(store, flt.questionnaire)
    # the summary columns come from the index ``results_summary``: the results rows themselves
    # hold the scoring JSON, a page each
    results = "JOIN results r " + ("" if with_result else "INDEXED BY results_summary ") + "ON r.assessment_id = a.id"
    scores = "".join(
        f", (SELECT score FROM result_parts WHERE assessment_id = a.id AND part = ?) AS part_{n}"
        for n in range(len(parts))
    )
    sql, params = _current(
        flt,
        "a.id AS assessment_id, a.credit_code, a.round, a.source, a.version, a.submitted_at, "
        "r.score, r.level, r.completeness, r.archetype" + (", r.result" if with_result else "") + scores,
        results,
        parts,
    )
    frame = pd.read_sql_query(sql, store.db.conn, params=params)
    frame = frame.rename(columns={f"part_{n}": part for n, part in enumerate(parts)})
    own = [c for c in frame.columns if c not in ("assessment_id", "credit_code")]
    if frame.empty:
        return pd.DataFrame(columns=["assessment_id", *ENTERPRISE_COLUMNS, *own])
    if flt.source is None and frame.duplicated(["credit_code", "round"]).any():
        frame = (
            frame.assign(_p=frame["source"].map(SOURCE_PRIORITY))
            .sort_values(["credit_code", "round", "_p"])
            .drop_duplicates(["credit_code", "round"])
            .drop(columns="_p")
        )
    enterprise = enterprise_filter(flt)
    firms = pd.read_sql_query(  # confirmed enterprises only: the inner merge drops the others' rows
        f"SELECT {', '.join(ENTERPRISE_COLUMNS)} FROM enterprises WHERE confirmed = 1"
        + "".join(f" AND {c} = ?" for c in enterprise),
        store.db.conn,
        params=list(enterprise.values()),
    )
    frame = frame.merge(firms, on="credit_code", how="inner", sort=False)[["assessment_id", *ENTERPRISE_COLUMNS, *own]]
    return frame.sort_values("assessment_id").reset_index(drop=True)
