"""Cohort work over the store: what the CLI, the pages and the reports call, so that all of
them show the same figures."""

from __future__ import annotations

import pandas as pd

from assessment import archetype_store, enterprises, lifecycle, snapshots
from assessment.access import Actor, require_bureau
from assessment.answers import check_answers
from assessment.cohort import CohortFilter, check_filter, cohort_frame
from assessment.db import Store
from assessment.directory import SIZES, industry_names, park_names
from assessment.lifecycle import questionnaire_of
from assessment.plan import improvement_plan
from benchmarks import archetypes
from benchmarks.statistics import (
    MIN_COHORT,
    PEER_GROUPS,
    cohort_statistics,
    part_ids,
    peer_medians,
    peer_percentiles,
    percentile_band,
)
from questionnaires import available, get

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
    return archetype_store.active_model(store, questionnaire)  # type: ignore[return-value]  # just saved


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


# ------------------------------------------------------------------- the benchmark snapshot


def snapshot_frames(store: Store, questionnaire: str, rounds: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The peer cohort of each round of a questionnaire (or of ``rounds``) as it is now: the
    confirmed enterprises' current assessments with the columns the peer figures read."""
    frame = cohort_frame(store, CohortFilter(questionnaire))
    columns = [
        "assessment_id",
        "credit_code",
        *PEER_GROUPS,
        "score",
        *(p for p in part_ids(get(questionnaire)) if p in frame),
    ]
    wanted = sorted(frame["round"].unique()) if rounds is None else rounds
    return {r: frame.loc[frame["round"] == r, columns].reset_index(drop=True) for r in wanted}


def refresh_snapshot(store: Store, actor: Actor, questionnaires: list[str] | None = None) -> dict[str, dict]:
    """Freeze the peer cohorts that enterprises are compared with (the bureau's refresh, by
    hand or nightly): per questionnaire, the time and the enterprises counted per round."""
    require_bureau(store, actor, "benchmarks.snapshot")
    out = {}
    for qid in questionnaires or list(available()):
        frames = snapshot_frames(store, qid)
        taken = snapshots.save(store, actor, qid, frames)
        out[qid] = {"taken_at": taken, "rounds": {r: int(len(f)) for r, f in frames.items()}}
    return out


def snapshot_listing(store: Store, actor: Actor) -> list[dict]:
    """The snapshots kept, per questionnaire and round, with their time (the bureau's view)."""
    require_bureau(store, actor, "benchmarks.snapshot.list")
    return snapshots.listing(store)


def peer_frame(store: Store, actor: Actor, questionnaire: str, round_: str) -> tuple[pd.DataFrame, str]:
    """The snapshot of a round's peer cohort and when it was taken. A round that has none yet
    (a new installation, a new round) gets one on its first view; from then on it changes
    only when the bureau refreshes the snapshot."""
    found = snapshots.load(store, questionnaire, round_)
    if found is None:
        taken = snapshots.save(store, actor, questionnaire, snapshot_frames(store, questionnaire, [round_]), first=True)
        found = snapshots.load(store, questionnaire, round_) or (pd.DataFrame(), taken)
    return found


def peer_view(store: Store, actor: Actor, assessment_id: int) -> dict:
    """Where a submitted assessment stands among its peers of the benchmark snapshot: its
    percentile band in park, industry and size class, the peers' medians per part, its
    archetype, and the improvement plan."""
    row = lifecycle.get(store, actor, assessment_id)
    q = questionnaire_of(row)
    given = check_answers(q, lifecycle.answers(store, actor, assessment_id))
    result = lifecycle.result(store, actor, assessment_id)
    profile = enterprises.get(store, actor, row["credit_code"])
    frame, taken = peer_frame(store, actor, q.id, row["round"])
    model = archetype_store.active_model(store, q.id)
    return standing(frame, q, model, assessment_id, result, given, profile, taken)[0]


def standing(
    frame: pd.DataFrame,
    q,
    model: dict | None,
    assessment_id: int,
    result: dict | None,
    given: dict,
    profile: dict,
    snapshot_at: str | None = None,
) -> tuple[dict, pd.DataFrame, dict]:
    """``peer_view`` on a round's snapshot frame already at hand (reports keep one per round):
    the view, and the peers and the enterprise's own row it was computed from.

    The peers are every enterprise of the snapshot but this one. The percentile is that of the
    enterprise's own entry in the snapshot (its answers when the snapshot was taken), shown as
    a band of 10; an enterprise not in the snapshot (submitted since, or not yet confirmed)
    has none until the next refresh. Nothing shown here moves when the enterprise resubmits."""
    code = profile["credit_code"]
    mine = frame[frame["credit_code"] == code] if not frame.empty else frame
    peers = frame[frame["credit_code"] != code] if not frame.empty else frame
    if mine.empty:
        me_row = {k: profile[k] for k in PEER_GROUPS}
    else:
        me_row = mine.iloc[0].to_dict()
    medians = peer_medians(peers, q, me_row)
    archetype_id = (result or {}).get("archetype") or (
        archetypes.place(model, lifecycle.result_parts(result)) if model and result else None
    )
    archetype = archetypes.archetype_of(model, archetype_id)
    view = {
        "assessment_id": assessment_id,
        "percentiles": peer_bands(peers, me_row),
        "peer_medians": medians,
        "peer_p75": _peer_quantile(peers, q, me_row, 0.75),
        "archetype": archetype,
        "archetype_next": archetypes.one_level_up(archetype, result),
        "plan": improvement_plan(q, given, medians),
        "snapshot_at": snapshot_at,
        # its own entry in the snapshot, when it is from other answers than these
        "snapshot_assessment": None if mine.empty else int(me_row["assessment_id"]),
        "in_benchmarks": bool(profile.get("confirmed")),
    }
    return view, peers, me_row


def peer_bands(peers: pd.DataFrame, row: dict) -> dict[str, dict]:
    """``peer_percentiles`` of the enterprise's snapshot entry, with each percentile replaced by
    its band of 10 (``percentile_band``); ``pending`` when the enterprise has no entry."""
    own = row.get("score")
    known = own is not None and own == own  # NaN: no entry of its own
    out = {}
    for group, entry in peer_percentiles(peers, {**row, "score": own if known else 0.0}).items():
        if "percentile" in entry:
            percentile = entry.pop("percentile")
            entry.update({"band": list(percentile_band(percentile))} if known else {"pending": True})
        out[group] = entry
    return out


def _peer_quantile(frame: pd.DataFrame, q, row: dict, quantile: float) -> dict | None:
    if frame.empty:
        return None
    peers = frame[frame["park"] == row.get("park")]
    if len(peers) < MIN_COHORT:
        peers = frame
    if len(peers) < MIN_COHORT:
        return None
    return {p: float(peers[p].quantile(quantile)) for p in part_ids(q) if p in peers}
