"""Fitted archetype models in the store (as JSON: no pickled code is ever loaded), and the
archetype label of each current assessment."""

from __future__ import annotations

import json

from assessment.access import Actor
from assessment.audit import record
from assessment.db import Store, now


def save_model(
    store: Store, actor: Actor, questionnaire: str, version: str, model: dict, labels: dict[int, str]
) -> int:
    """Store a fitted model as the active one for its questionnaire and label the assessments
    it was fitted on (assessment id -> archetype id), in one transaction."""
    with store.write() as db:
        db.execute("UPDATE archetype_models SET active = 0 WHERE questionnaire = ?", [questionnaire])
        model_id = (
            db.table("archetype_models")
            .insert(
                {
                    "questionnaire": questionnaire,
                    "version": version,
                    "fitted_at": now(),
                    "fitted_by": actor.username,
                    "data_count": len(labels),
                    "model": json.dumps(model, ensure_ascii=False),
                    "active": 1,
                }
            )
            .last_pk
        )
        assert model_id is not None  # the new row's id
        db.conn.executemany(
            "UPDATE results SET archetype = ? WHERE assessment_id = ?",
            [(label, int(aid)) for aid, label in labels.items()],
        )
        record(
            db,
            actor,
            "archetypes.fit",
            "archetype_model",
            model_id,
            detail={"questionnaire": questionnaire, "count": len(labels), "k": len(model["archetypes"])},
        )
    return model_id


def active_model(store: Store, questionnaire: str) -> dict | None:
    row = store.db.execute(
        "SELECT id, version, fitted_at, data_count, model FROM archetype_models "
        "WHERE questionnaire = ? AND active = 1 ORDER BY id DESC LIMIT 1",
        [questionnaire],
    ).fetchone()
    if row is None:
        return None
    model = json.loads(row[4])
    model.update({"model_id": row[0], "version": row[1], "fitted_at": row[2], "data_count": row[3]})
    return model
