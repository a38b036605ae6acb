"""Doubt flags kept with their assessments (tables ``doubt_flags`` and ``doubt_checks``).

Computed when an assessment is submitted (``lifecycle.submit``) or imported, inside the same
transaction, by the pure rules of ``assessment.doubt``; assessments submitted before the flags
existed (or after a rule changed) get theirs from ``refresh`` (``cli.py flags refresh``).
``doubt_checks`` records that an assessment was checked, and under which rule set, so that
"checked, nothing found" differs from "not checked yet". ``peer_outlier`` is not stored: it
depends on the cohort and is computed on reading (``benchmarks.verification``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from assessment.access import Actor, require_bureau
from assessment.audit import record
from assessment.cohort import SOURCE_PRIORITY
from assessment.db import Store, now
from assessment.doubt import RULES_VERSION, Flag, Standing, Timing, assessment_flags, seconds_between
from questionnaires import available, get


def mapped_editions(questionnaire: str) -> list[str]:
    """The questionnaire and the editions mapped onto it (dcmm-2018 onto dcmm-2025)."""
    return [questionnaire] + [
        qid for qid, q in available().items() if getattr(q, "maps_to_questionnaire", None) == questionnaire
    ]


def previous_standing(db, credit_code: str, questionnaire: str, round_: str) -> Standing | None:
    """The enterprise's result in its latest earlier round of this questionnaire or an edition
    mapped onto it (the best source of that round: on-site, then import, then self)."""
    editions = mapped_editions(questionnaire)
    rows = db.execute(
        "SELECT a.round, a.source, a.id, r.level, r.score FROM assessments a JOIN results r ON r.assessment_id = a.id "
        f"WHERE a.credit_code = ? AND a.questionnaire IN ({','.join('?' * len(editions))}) "
        "AND a.status = 'submitted' AND a.round < ? ORDER BY a.round DESC",
        [credit_code, *editions, round_],
    ).fetchall()
    if not rows:
        return None
    latest = [r for r in rows if r[0] == rows[0][0]]
    best = min(latest, key=lambda r: (SOURCE_PRIORITY[r[1]], -r[2]))
    return Standing(best[0], int(best[3]), float(best[4]))


def elapsed_seconds(db, assessment_id: int) -> float | None:
    """Seconds from opening each draft to its last answer, summed over a correction's chain of
    revisions (each revision starts from the answers of the one it corrects)."""
    total, current = 0.0, assessment_id
    while current is not None:
        row = db.execute(
            "SELECT a.created_at, a.revision_of, (SELECT max(answered_at) FROM answers WHERE assessment_id = a.id) "
            "FROM assessments a WHERE a.id = ?",
            [current],
        ).fetchone()
        if row is None or row[2] is None:
            return None if current == assessment_id else total
        total += seconds_between(row[0], row[2])
        current = row[1]
    return total


def compute(db, assessment_id: int) -> list[Flag]:
    """The stored flags of one submitted assessment, from the database (no writing)."""
    row = db.execute(
        "SELECT a.credit_code, a.questionnaire, a.version, a.round, a.source, a.synthetic, r.result "
        "FROM assessments a JOIN results r ON r.assessment_id = a.id WHERE a.id = ?",
        [assessment_id],
    ).fetchone()
    code, qid, version, round_, source, synthetic, result = row
    q = get(qid, version)
    answers = {
        k: json.loads(v)
        for k, v in db.execute("SELECT question_id, value FROM answers WHERE assessment_id = ?", [assessment_id])
    }
    timing = Timing(source, bool(synthetic), elapsed_seconds(db, assessment_id) if source == "self" else None)
    previous = previous_standing(db, code, qid, round_)
    return assessment_flags(q, answers, json.loads(result), timing, previous, round_)


def store_flags(db, assessment_ids: Iterable[int]) -> int:
    """Compute and keep the flags of submitted assessments, inside the caller's transaction.
    Returns how many flags were kept."""
    stamp, kept = now(), 0
    for assessment_id in assessment_ids:
        flags = compute(db, assessment_id)
        db.execute("DELETE FROM doubt_flags WHERE assessment_id = ?", [assessment_id])
        db.conn.executemany(
            "INSERT INTO doubt_flags (assessment_id, code, severity, message_zh, message_en, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (assessment_id, f.code, f.severity, f.zh, f.en, json.dumps(f.detail, ensure_ascii=False, default=str))
                for f in flags
            ],
        )
        db.execute(
            "INSERT OR REPLACE INTO doubt_checks (assessment_id, checked_at, rules) VALUES (?, ?, ?)",
            [assessment_id, stamp, RULES_VERSION],
        )
        kept += len(flags)
    return kept


def unchecked_ids(db, *, every: bool = False) -> list[int]:
    """Current submitted assessments never checked (or checked under an older rule set), or
    with ``every`` all of them."""
    sql = "SELECT id FROM current_assessments"
    if not every:
        sql += " WHERE id NOT IN (SELECT assessment_id FROM doubt_checks WHERE rules = ?)"
    return [r[0] for r in db.execute(sql + " ORDER BY id", [] if every else [RULES_VERSION])]


def refresh(store: Store, actor: Actor, *, every: bool = False, progress=None) -> dict:
    """The backfill: compute the flags of every current assessment not checked under the current
    rules (``every``: all of them again). Bureau only; audited."""
    require_bureau(store, actor, "flags.refresh")
    with store.read() as db:
        ids = unchecked_ids(db, every=every)
    kept = 0
    for start in range(0, len(ids), 500):  # short transactions: submissions go on meanwhile
        with store.write() as db:
            kept += store_flags(db, ids[start : start + 500])
        if progress:
            progress(min(start + 500, len(ids)), len(ids))
    with store.write() as db:
        record(db, actor, "flags.refresh", "assessment", None, detail={"checked": len(ids), "flags": kept})
    return {"checked": len(ids), "flags": kept, "rules": RULES_VERSION}


def stored_flags(store: Store, *, with_detail: bool = False) -> dict[int, list[Flag]]:
    """The kept flags of every assessment, by assessment id (``with_detail``: with what each
    rule saw; listing a whole cohort does without, it costs a JSON parse a flag)."""
    out: dict[int, list[Flag]] = {}
    columns = "assessment_id, code, severity, message_zh, message_en" + (", detail" if with_detail else "")
    for row in store.db.execute(f"SELECT {columns} FROM doubt_flags"):
        detail = json.loads(row[5]) if with_detail and row[5] else {}
        flag = Flag(row[1], row[2], row[3], row[4], detail)
        found = out.get(row[0])
        if found is None:
            out[row[0]] = [flag]
        else:
            found.append(flag)
    return out


def checked_ids(store: Store) -> set[int]:
    """Assessments whose flags were computed under the current rules."""
    return {r[0] for r in store.db.execute("SELECT assessment_id FROM doubt_checks WHERE rules = ?", [RULES_VERSION])}


def checked_count(store: Store) -> int:
    """How many assessments were checked under the current rules (a cache key: a refresh
    changes it)."""
    return store.db.execute("SELECT count(*) FROM doubt_checks WHERE rules = ?", [RULES_VERSION]).fetchone()[0]
