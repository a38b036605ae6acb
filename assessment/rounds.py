"""Assessment rounds: the bureau's list (table ``rounds``), not free text.

* Analysts and administrators add rounds and open or close them; every change is audited.
* An enterprise starts or re-assesses only in an *open* round; closing a round ends its
  submissions and corrections by enterprises (the bureau's own records stay correctable).
* An import names a round of the list, open or closed (paper returns come in late).
* A new label starts with its four-digit year (``2025``, ``2025H2``, ``2026-秋季``), so that rounds
  sort by year as text does; labels from before the list (migration ``0004_rounds``) that do not
  start with a year sort before every dated one (``sort_key``), and were closed when migrated, so
  that no odd label can become "the latest round".
"""

from __future__ import annotations

import re

import sqlite_utils

from assessment.access import Actor, require_bureau
from assessment.audit import record
from assessment.db import Store, now
from assessment.errors import AssessmentError

MAX_LENGTH = 20
LABEL = re.compile(r"[0-9]{4}[-_.0-9A-Za-z\u4e00-\u9fff]*")
DATED = re.compile(r"[0-9]{4}")  # ASCII digits only: a regex \d also matches other scripts' digits


class RoundError(AssessmentError):
    """A round label that is malformed, unknown, closed or already listed."""


class UnknownRound(RoundError):
    """A round that is not on the bureau's list."""

    def __init__(self, label: str):
        self.label = label
        super().__init__(
            f"轮次 {label} 不在主管部门设定的轮次列表中",
            f"round {label} is not one of the rounds the bureau has set",
        )


class ClosedRound(RoundError):
    """A round the bureau has closed: no enterprise starts, submits or corrects in it."""

    def __init__(self, label: str):
        self.label = label
        super().__init__(
            f"轮次 {label} 已由主管部门关闭，不能再开始、提交或修改该轮评估",
            f"round {label} has been closed by the bureau: assessments of it can no longer be started, "
            "submitted or corrected",
        )


def check_round(value: object) -> str:
    """The shape every round label has (stored ones included): short, no blanks."""
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > MAX_LENGTH or any(ch.isspace() for ch in text):
        raise RoundError("轮次应为不含空格的短文本，如 2025", "a round is a short label such as 2025")
    return text


def check_new_label(value: object) -> str:
    """A label for a new round: starts with its year; then letters, digits, Chinese, ``- _ .``."""
    text = check_round(value)
    if not LABEL.fullmatch(text):
        raise RoundError(
            f"轮次 {text!r} 应以四位年份开头，其后只能是字母、数字、汉字或 - _ .（如 2025、2025H2）",
            f"round {text!r} must start with its four-digit year, followed only by letters, digits, Chinese "
            "or - _ . (e.g. 2025, 2025H2)",
        )
    return text


def sort_key(label: str) -> tuple[int, str]:
    """Order of rounds, oldest first: dated labels by their text (the year leads), after any
    undated label carried over from before the list."""
    return (1 if DATED.match(label) else 0, label)


def latest(labels) -> str | None:
    """The latest of some round labels (None when there are none)."""
    return max(labels, key=sort_key, default=None)


def _rows(db: sqlite_utils.Database) -> list[dict]:
    rows = list(db.query("SELECT label, open, created_by, created_at FROM rounds"))
    for r in rows:
        r["open"] = bool(r["open"])
    return sorted(rows, key=lambda r: sort_key(r["label"]))


def list_rounds(store: Store, actor: Actor) -> list[dict]:
    """Every round with its state and who added it, oldest first (the bureau)."""
    require_bureau(store, actor, "round.list")
    return _rows(store.db)


def open_rounds(store: Store) -> list[str]:
    """The labels an enterprise may choose, oldest first (labels are not confidential)."""
    return [r["label"] for r in _rows(store.db) if r["open"]]


def known(db: sqlite_utils.Database) -> set[str]:
    """Every listed label, open or closed (imports may name either)."""
    return {label for (label,) in db.execute("SELECT label FROM rounds").fetchall()}


def _state(db: sqlite_utils.Database, label: str) -> bool | None:
    row = db.execute("SELECT open FROM rounds WHERE label = ?", [label]).fetchone()
    return None if row is None else bool(row[0])


def require_open(db: sqlite_utils.Database, label: str) -> str:
    """``label`` checked as a listed, open round (for enterprises' work)."""
    label = check_round(label)
    state = _state(db, label)
    if state is None:
        raise UnknownRound(label)
    if not state:
        raise ClosedRound(label)
    return label


def add(store: Store, actor: Actor, label: str, *, is_open: bool = True) -> dict:
    """Add a round to the list (open unless said otherwise)."""
    require_bureau(store, actor, "round.add")
    label = check_new_label(label)
    with store.write() as db:
        if _state(db, label) is not None:
            raise RoundError(f"轮次 {label} 已存在", f"round {label} already exists")
        row = {"label": label, "open": int(is_open), "created_by": actor.username, "created_at": now()}
        db.table("rounds").insert(row)
        record(db, actor, "round.add", "round", label, detail={"open": is_open})
    return {**row, "open": is_open}


def set_open(store: Store, actor: Actor, label: str, is_open: bool) -> None:
    """Open or close a listed round."""
    action = "round.open" if is_open else "round.close"
    require_bureau(store, actor, action)
    label = check_round(label)
    with store.write() as db:
        if _state(db, label) is None:
            raise UnknownRound(label)
        db.execute("UPDATE rounds SET open = ? WHERE label = ?", [int(is_open), label])
        record(db, actor, action, "round", label)


def ensure(db: sqlite_utils.Database, actor: Actor, labels, *, is_open: bool = True) -> None:
    """Add the rounds that are not listed yet, inside the caller's transaction (the demo
    cohort); listed ones keep their state."""
    stamp = now()
    for label in labels:
        inserted = db.execute(
            "INSERT OR IGNORE INTO rounds (label, open, created_by, created_at) VALUES (?, ?, ?, ?)",
            [check_new_label(label), int(is_open), actor.username, stamp],
        ).rowcount
        if inserted:
            record(db, actor, "round.add", "round", label, detail={"open": is_open})
