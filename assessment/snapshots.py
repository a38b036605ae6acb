"""The benchmark snapshot in the store: the peer cohort of each questionnaire and round, frozen
when the bureau refreshes it (``benchmarks.cohorts.refresh_snapshot``), so that the peer figures
an enterprise sees do not move when it resubmits (else resubmitting different scores and
reading the percentile would give the other enterprises' scores away).

Each (questionnaire, round) keeps its latest snapshot as one JSON table; older ones are
deleted when a new one is taken."""

from __future__ import annotations

import json
import math

import pandas as pd

from assessment.access import Actor
from assessment.audit import record
from assessment.db import Store, now


def _cell(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value  # numpy scalars


def _encode(frame: pd.DataFrame) -> str:
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return json.dumps({"columns": list(frame.columns), "rows": rows}, ensure_ascii=False)


def save(store: Store, actor: Actor, questionnaire: str, frames: dict[str, pd.DataFrame], **detail) -> str:
    """Store the peer cohort of each round of a questionnaire (round -> frame) as its latest
    snapshot, in one transaction; returns the time it was taken."""
    stamp = now()
    with store.write() as db:
        for round_, frame in frames.items():
            db.execute("DELETE FROM benchmark_snapshots WHERE questionnaire = ? AND round = ?", [questionnaire, round_])
            db.execute(
                "INSERT INTO benchmark_snapshots (questionnaire, round, taken_at, taken_by, enterprises, frame) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [questionnaire, round_, stamp, actor.username, int(frame["credit_code"].nunique()), _encode(frame)],
            )
        record(
            db,
            actor,
            "benchmarks.snapshot",
            "questionnaire",
            questionnaire,
            detail={"rounds": {r: int(len(f)) for r, f in frames.items()}, **detail},
        )
    return stamp


def load(store: Store, questionnaire: str, round_: str) -> tuple[pd.DataFrame, str] | None:
    """The latest snapshot of a questionnaire and round and the time it was taken, or None."""
    row = store.db.execute(
        "SELECT frame, taken_at FROM benchmark_snapshots WHERE questionnaire = ? AND round = ? "
        "ORDER BY id DESC LIMIT 1",
        [questionnaire, round_],
    ).fetchone()
    if row is None:
        return None
    data = json.loads(row[0])
    return pd.DataFrame(data["rows"], columns=data["columns"]), row[1]


def listing(store: Store) -> list[dict]:
    """Every snapshot kept: questionnaire, round, time, who took it, how many enterprises."""
    return list(
        store.db.query(
            "SELECT questionnaire, round, taken_at, taken_by, enterprises FROM benchmark_snapshots "
            "ORDER BY questionnaire, round"
        )
    )
