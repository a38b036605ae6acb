"""Cohort work over the store: what the CLI, the pages and the reports call, so that all of
them show the same figures."""

from __future__ import annotations

import pandas as pd

from assessment import archetype_store, enterprises, lifecycle
from assessment.access import Actor, require_bureau
from assessment.answers import check_answers
from assessment.cohort import CohortFilter, check_filter, cohort_frame
from assessment.db import Store
from assessment.directory import SIZES, industry_names, park_names
from assessment.lifecycle import questionnaire_of
from assessment.plan import improvement_plan
from benchmarks import archetypes
from benchmarks.statistics import MIN_COHORT, cohort_statistics, part_ids, peer_medians, peer_percentiles
from questionnaires import get

KNOWN = {"park": park_names(), "industry": industry_names(), "size": list(SIZES), "source": list(lifecycle.SOURCES)}


def load(store: Store, flt: CohortFilter, **kw) -> pd.DataFrame:
    """The cohort frame after checking the questionnaire and every filter value."""
    get(flt.questionnaire, flt.version) if flt.version else get(flt.questionnaire)
    check_filter(store, flt, KNOWN)
    return cohort_frame(store, flt, **kw)


def benchmark(store: Store, flt: CohortFilter) -> dict:
    """The statistics the CLI ``benchmark`` command prints."""
    return cohort_statistics(load(store, flt), get(flt.questionnaire))


def fit(store: Store, actor: Actor, questionnaire: str, *, k: int | None = None, random_state: int = 0) -> dict:
    """Fit (or refit) the archetypes of a questionnaire on its current assessments, keep the
    labels stable against the active model, store the model and label the assessments."""
    require_bureau(store, actor, "archetypes.fit")
    q = get(questionnaire)
    frame = load(store, CohortFilter(questionnaire))
    previous = archetype_store.active_model(store, questionnaire)
    model, labels = archetypes.fit_archetypes(frame, q, k=k, random_state=random_state, previous=previous)
    model["version"] = q.version
    archetype_store.save_model(store, actor, questionnaire, q.version, model, labels.to_dict())
    return archetype_store.active_model(store, questionnaire)


def assignments(store: Store, questionnaire: str) -> list[dict]:
    """The archetype of each current assessment of a questionnaire (those placed)."""
    frame = load(store, CohortFilter(questionnaire))
    placed = frame.dropna(subset=["archetype"]).sort_values("assessment_id")
    return [
        {"assessment_id": int(a), "credit_code": c, "archetype": x}
        for a, c, x in zip(placed["assessment_id"], placed["credit_code"], placed["archetype"])
    ]


def active_model(store: Store, questionnaire: str) -> dict | None:
    return archetype_store.active_model(store, questionnaire)


def submit(store: Store, actor: Actor, assessment_id: int) -> dict:
    """Submit an assessment and place it among the archetypes of its questionnaire."""
    row = lifecycle.get(store, actor, assessment_id)
    model = archetype_store.active_model(store, row["questionnaire"])
    return lifecycle.submit(store, actor, assessment_id, place=archetypes.placer(model))


def peer_view(store: Store, actor: Actor, assessment_id: int) -> dict:
    """Where a submitted assessment stands: its percentile in park, industry and size class,
    the peers' medians per part, its archetype, and the improvement plan."""
    row = lifecycle.get(store, actor, assessment_id)
    q = questionnaire_of(row)
    given = check_answers(q, lifecycle.answers(store, actor, assessment_id))
    frame = cohort_frame(store, CohortFilter(q.id, round=row["round"]))
    result = lifecycle.result(store, actor, assessment_id)
    profile = enterprises.get(store, actor, row["credit_code"])
    model = archetype_store.active_model(store, q.id)
    return standing(frame, q, model, assessment_id, result, given, profile)[0]


def standing(
    frame: pd.DataFrame, q, model: dict | None, assessment_id: int, result: dict | None, given: dict, profile: dict
) -> tuple[dict, pd.DataFrame, dict]:
    """``peer_view`` on a round's cohort frame already at hand (reports keep one per round):
    the view, and the peers and the assessment's own row it was computed from. An assessment
    not in the frame (a draft, a superseded revision) is compared by its own result."""
    me = frame[frame["assessment_id"] == assessment_id]
    if me.empty:
        me_row = {k: profile[k] for k in ("park", "industry", "size")}
        me_row["score"] = result["overall"]["score"] if result else 0.0
    else:
        me_row = me.iloc[0].to_dict()
    peers = frame[frame["assessment_id"] != assessment_id]
    # peers plus me is the frame itself when I am in it (the order does not change a rank)
    peers_and_me = frame if not me.empty else pd.concat([peers, pd.DataFrame([me_row])], ignore_index=True)
    medians = peer_medians(peers, q, me_row)
    archetype_id = (result or {}).get("archetype") or (
        archetypes.place(model, lifecycle.result_parts(result)) if model and result else None
    )
    view = {
        "assessment_id": assessment_id,
        "percentiles": peer_percentiles(peers_and_me, me_row),
        "peer_medians": medians,
        "peer_p75": _peer_quantile(peers, q, me_row, 0.75),
        "archetype": archetypes.archetype_of(model, archetype_id),
        "archetype_next": archetypes.one_level_up(archetypes.archetype_of(model, archetype_id), result),
        "plan": improvement_plan(q, given, medians),
    }
    return view, peers, me_row


def _peer_quantile(frame: pd.DataFrame, q, row: dict, quantile: float) -> dict | None:
    peers = frame[frame["park"] == row.get("park")]
    if len(peers) < MIN_COHORT:
        peers = frame
    if len(peers) < MIN_COHORT:
        return None
    return {p: float(peers[p].quantile(quantile)) for p in part_ids(q) if p in peers}
