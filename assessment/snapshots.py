"""The benchmark snapshot in the store: the peer cohort of each questionnaire and round, frozen
when the bureau refreshes it (``benchmarks.cohorts.refresh_snapshot``), so that the peer figures
an enterprise sees do not move when it resubmits (else resubmitting different scores and
reading the percentile would give the other enterprises' scores away).

Each (questionnaire, round) keeps its latest snapshot as one JSON table; older ones are
deleted when a new one is taken."""

from __future__ import annotations

import json
import threading

import pandas as pd

from assessment.access import Actor
from assessment.audit import record
from assessment.db import Store, now


def _encode(frame: pd.DataFrame) -> str:
    # by column: a list per column crosses into JSON at C speed (a Python loop over 100,000
    # rows of cells took seconds); NaN becomes null
    columns = {c: frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in frame.columns}
    return json.dumps({"columns": columns}, ensure_ascii=False)


def save(store: Store, actor: Actor, questionnaire: str, frames: dict[str, pd.DataFrame], **detail) -> str:
    """Store the peer cohort of each round of a questionnaire (round -> frame) as its latest
    snapshot, in one transaction; returns the time it was taken."""
    stamp = now()
    with store.write() as db:
        for round_, frame in frames.items():
            # the new row first, then the older ones go: ids are never reused (the newest row
            # always stays), so an id names one snapshot for good
            new_id = db.execute(
                "INSERT INTO benchmark_snapshots (questionnaire, round, taken_at, taken_by, enterprises, frame) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [questionnaire, round_, stamp, actor.username, int(frame["credit_code"].nunique()), _encode(frame)],
            ).lastrowid
            db.execute(
                "DELETE FROM benchmark_snapshots WHERE questionnaire = ? AND round = ? AND id < ?",
                [questionnaire, round_, new_id],
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
    """The latest snapshot of a questionnaire and round and the time it was taken, or None.
    The frame is shared by every caller of the same snapshot: read it, never change it."""
    row = store.db.execute(
        "SELECT id, taken_at FROM benchmark_snapshots WHERE questionnaire = ? AND round = ? ORDER BY id DESC LIMIT 1",
        [questionnaire, round_],
    ).fetchone()
    if row is None:
        return None
    return _decoded(store, row[0], row[1]), row[1]


def _decoded(store: Store, snapshot_id: int, taken_at: str) -> pd.DataFrame:
    # a snapshot never changes once written (a refresh writes a new row): decoded once per
    # process and database, as every results page of the round reads the same one (the time
    # is part of the key, in case a restored backup reuses an id)
    key = (str(store.path.resolve()), snapshot_id, taken_at)
    with _LOCK:
        found = _DECODED.get(key)
    if found is not None:
        return found
    text = store.db.execute("SELECT frame FROM benchmark_snapshots WHERE id = ?", [snapshot_id]).fetchone()[0]
    columns = json.loads(text)["columns"]
    frame = pd.DataFrame({c: pd.Series(v, dtype=_dtype(c, v)) for c, v in columns.items()})
    with _LOCK:
        while len(_DECODED) >= DECODED_KEPT:
            _DECODED.pop(next(iter(_DECODED)))
        _DECODED[key] = frame
    return frame


DECODED_KEPT = 8  # snapshots kept decoded (a questionnaire and round each)
_DECODED: dict[tuple[str, int, str], pd.DataFrame] = {}
_LOCK = threading.Lock()


def _dtype(column: str, values: list) -> str | None:
    """Numbers as floats (nulls as NaN), identifiers as int, text as text."""
    if column == "assessment_id":
        return "int64"
    if any(isinstance(v, float) for v in values):
        return "float64"
    return None


def listing(store: Store) -> list[dict]:
    """Every snapshot kept: questionnaire, round, time, who took it, how many enterprises."""
    return list(
        store.db.query(
            "SELECT questionnaire, round, taken_at, taken_by, enterprises FROM benchmark_snapshots "
            "ORDER BY questionnaire, round"
        )
    )
