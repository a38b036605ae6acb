"""What the bureau checks on site: the doubt flags of a cohort, the verification queue ranked by
them, and a reproducible random sample stratified by park for routine checks.

Rules (the README states them too):

* ``peer_outlier`` (computed here, where the cohort is at hand, never stored): a part is far
  above the peers when its robust z-score against the enterprise's park-and-industry group in
  the same round — (score − median) / max(IQR / 1.349, ``PEER_SPREAD_FLOOR`` of the part's
  scale) — is at least ``PEER_OUTLIER_Z``. Flagged when that holds on more than half of the
  parts (medium), on every part (high). Only groups of at least ``PEER_MIN_GROUP`` (itself and
  5 peers) are judged; where the frame says which enterprises are confirmed, only confirmed
  ones make up the group.
* The queue: each enterprise's latest current result in the filter that is not already an
  on-site rating, ranked by its flag score (high 3, medium 2, low 1, summed), then by the gap
  between its level and its peers' median level (park and industry in the same round when
  that group is large enough, else the whole round), then by what rides on the level (its
  level, plus ``CANDIDATE_WEIGHT`` when ``candidate`` says it is a candidate for a programme).
* The sample: the same population as the queue, stratified by park; ``allocate`` gives each
  park at least one draw when the sample is at least as large as the number of parks, and
  shares the rest in proportion to the parks' remaining sizes (largest remainders, ties by park
  name); within a park the draw is uniform without replacement from ``numpy``'s generator
  seeded with ``seed``, parks taken in name order and enterprises in credit-code order, so
  the same seed and data give the same enterprises. Every draw is audited.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from assessment import doubt, flag_store
from assessment.access import Actor, require_bureau
from assessment.audit import record_alone
from assessment.cohort import CohortFilter
from assessment.db import Store
from assessment.doubt import SEVERITY_POINTS, SEVERITY_RANK, Flag, by_severity
from assessment.errors import AssessmentError
from benchmarks import cohorts
from benchmarks.statistics import MIN_COHORT
from questionnaires import get
from questionnaires.parts import part_ids, part_max, part_min

PEER_OUTLIER_Z = 2.0
PEER_SPREAD_FLOOR = 0.05  # of the part's scale: a group that answered alike is not infinitely tight
PEER_MIN_GROUP = MIN_COHORT + 1  # the enterprise and at least 5 peers
PEER_KEYS = ["park", "industry", "round"]
CANDIDATE_WEIGHT = 2  # levels' worth of stakes for a candidate of a programme


class SampleError(AssessmentError):
    """A sample that cannot be drawn as asked (size, seed)."""


# ------------------------------------------------------------------------------ peer_outlier


def _peers(frame: pd.DataFrame) -> pd.DataFrame:
    if "confirmed" in frame.columns:
        return frame[frame["confirmed"].astype(bool)]
    return frame


def peer_outliers(frame: pd.DataFrame, q) -> dict[int, Flag]:
    """``peer_outlier`` flags of a cohort frame's assessments (vectorised over the frame)."""
    parts = [p for p in part_ids(q) if p in frame.columns]
    if frame.empty or not parts:
        return {}
    keys = frame[PEER_KEYS].fillna("")
    peers = _peers(frame)
    grouped = peers.assign(**{k: peers[k].fillna("") for k in PEER_KEYS}).groupby(PEER_KEYS)[parts]
    size = grouped.size().rename("_n")
    median = grouped.median()
    spread = (grouped.quantile(0.75) - grouped.quantile(0.25)) / 1.349
    floor = pd.Series({p: PEER_SPREAD_FLOOR * (part_max(q, p) - part_min(q, p)) for p in parts})
    spread = spread.clip(lower=floor, axis=1)
    index = pd.MultiIndex.from_frame(keys)
    n = size.reindex(index).to_numpy()
    z = (frame[parts].to_numpy(dtype=float) - median.reindex(index).to_numpy()) / spread.reindex(index).to_numpy()
    above = np.nan_to_num(z, nan=-np.inf) >= PEER_OUTLIER_Z
    count = above.sum(axis=1)
    judged = np.nan_to_num(n, nan=0) >= PEER_MIN_GROUP
    flagged = judged & (count * 2 > len(parts))
    out = {}
    for i in np.flatnonzero(flagged):
        k, peers_n = int(count[i]), int(n[i]) - 1
        severity = "high" if k == len(parts) else "medium"
        out[int(frame["assessment_id"].iat[i])] = Flag(
            "peer_outlier",
            severity,
            f"{len(parts)} 个部分中有 {k} 个远高于同园区同行业的 {peers_n} 家同行（稳健 z ≥ {PEER_OUTLIER_Z:g}）",
            f"far above its {peers_n} peers of the same park and industry on {k} of {len(parts)} parts "
            f"(robust z ≥ {PEER_OUTLIER_Z:g})",
            {"parts": [p for p, a in zip(parts, above[i]) if a]},
        )
    return out


def rules() -> dict[str, dict[str, str]]:
    """Every flag's rule in one line per language, ``peer_outlier`` included."""
    z, peers = f"{PEER_OUTLIER_Z:g}", PEER_MIN_GROUP - 1
    return {
        **doubt.rules(),
        "peer_outlier": {
            "zh": f"多数部分远高于同园区、同行业、同轮次的同行（稳健 z ≥ {z}，至少 {peers} 家同行；全部部分为高）",
            "en": f"far above its peers of the same park, industry and round on most parts (robust z ≥ {z}, "
            f"at least {peers} peers; every part: high)",
        },
    }


# ------------------------------------------------------------------------------- the flags


def _merged(store: Store, frame: pd.DataFrame, q) -> dict[int, list[Flag]]:
    stored = flag_store.stored_flags(store)
    flags = {aid: stored[aid] for aid in frame["assessment_id"].tolist() if aid in stored}
    for aid, flag in peer_outliers(frame, q).items():
        flags.setdefault(aid, []).append(flag)
    return {aid: fl if len(fl) == 1 else by_severity(fl) for aid, fl in flags.items()}


def _worst(flags: list[Flag]) -> tuple[int, int]:
    """A sort key, most severe first: the worst severity, then the larger flag score."""
    return (min(SEVERITY_RANK[f.severity] for f in flags), -sum(SEVERITY_POINTS[f.severity] for f in flags))


def cohort_flags(store: Store, actor: Actor, flt: CohortFilter, *, everyone: bool = False) -> dict:
    """The doubt flags of the cohort's current assessments (every round unless the filter
    names one), most severe first: ``{"assessments": [...], "unchecked": n}`` where each entry
    is ``{assessment_id, credit_code, questionnaire, round, flags: [{code, severity, message}]}``
    and ``unchecked`` counts assessments whose stored flags are not computed yet (see
    ``flags refresh``). ``everyone`` keeps the assessments without flags too."""
    require_bureau(store, actor, "flags.read")
    frame = cohorts.load(store, flt)
    q = get(flt.questionnaire)
    flags = _merged(store, frame, q)
    rows = []
    for aid, code, round_ in zip(frame["assessment_id"], frame["credit_code"], frame["round"]):
        found = flags.get(int(aid), [])
        if found or everyone:
            rows.append((int(aid), code, round_, found))
    rows.sort(key=lambda r: (*(_worst(r[3]) if r[3] else (len(SEVERITY_RANK), 0)), r[0]))
    unchecked = len(set(frame["assessment_id"].tolist()) - flag_store.checked_ids(store))
    return {
        "assessments": [
            {
                "assessment_id": aid,
                "credit_code": code,
                "questionnaire": flt.questionnaire,
                "round": round_,
                "flags": [f.public() for f in found],
            }
            for aid, code, round_, found in rows
        ],
        "unchecked": unchecked,
    }


# ------------------------------------------------------------------------------- the queue


def _population(frame: pd.DataFrame) -> pd.DataFrame:
    """Each enterprise's latest round in the frame, unless that result is already on site."""
    if frame.empty:
        return frame
    latest = frame.sort_values(["credit_code", "round"]).drop_duplicates("credit_code", keep="last")
    return latest[latest["source"] != "onsite"]


def peer_levels(frame: pd.DataFrame) -> pd.Series:
    """The median level of each row's peers: its park-and-industry group in the same round
    when the group has at least ``PEER_MIN_GROUP`` members, else its whole round."""
    keys = frame[PEER_KEYS].fillna("")
    group = frame.assign(**{k: keys[k] for k in PEER_KEYS}).groupby(PEER_KEYS)["level"]
    near, n = group.transform("median"), group.transform("size")
    whole = frame.groupby("round")["level"].transform("median")
    return near.where(n >= PEER_MIN_GROUP, whole)


def queue(
    store: Store,
    actor: Actor,
    flt: CohortFilter,
    *,
    candidate: Callable[[pd.DataFrame], pd.Series] | None = None,
) -> pd.DataFrame:
    """The verification queue of a cohort, first to check first: one row per enterprise with
    ``assessment_id, credit_code, name, park, industry, synthetic, round, source, level, score,
    peer_level, gap, flag_points, candidate, stakes, flags`` (a list of ``Flag``). The
    assessment id is what an assignment to an assessor will name.
    ``candidate(frame) -> bool Series`` marks candidates for a programme (none by default)."""
    require_bureau(store, actor, "verification.queue")
    frame = cohorts.load(store, flt)
    q = get(flt.questionnaire)
    flags = _merged(store, frame, q)
    rows = _population(frame).copy()
    columns = [
        "assessment_id",
        "credit_code",
        "name",
        "park",
        "industry",
        "synthetic",
        "round",
        "source",
        "level",
        "score",
    ]
    if rows.empty:
        extra = ["peer_level", "gap", "flag_points", "candidate", "stakes", "flags"]
        return pd.DataFrame(columns=columns + extra)
    rows["peer_level"] = peer_levels(frame).loc[rows.index]
    rows["gap"] = rows["level"] - rows["peer_level"]
    rows["flags"] = [flags.get(int(a), []) for a in rows["assessment_id"]]
    rows["flag_points"] = [sum(SEVERITY_POINTS[f.severity] for f in fl) for fl in rows["flags"]]
    rows["candidate"] = candidate(rows).astype(bool).to_numpy() if candidate else False
    rows["stakes"] = rows["level"] + CANDIDATE_WEIGHT * rows["candidate"].astype(int)
    rows = rows.sort_values(
        ["flag_points", "gap", "stakes", "credit_code"], ascending=[False, False, False, True], kind="stable"
    )
    return rows[[*columns, "peer_level", "gap", "flag_points", "candidate", "stakes", "flags"]].reset_index(drop=True)


def queue_view(
    store: Store, actor: Actor, flt: CohortFilter, *, candidate: Callable[[pd.DataFrame], pd.Series] | None = None
) -> dict:
    """What the queue page shows: the queue, how many of its assessments have no stored flags
    yet (``flags refresh``), how many are synthetic, and the rules."""
    rows = queue(store, actor, flt, candidate=candidate)
    unchecked = len(set(rows["assessment_id"].astype(int)) - flag_store.checked_ids(store))
    synthetic = int(rows["synthetic"].astype(int).sum()) if len(rows) else 0
    return {"queue": rows, "unchecked": unchecked, "synthetic": synthetic, "rules": rules()}


# ------------------------------------------------------------------------------ the sample

NO_PARK = ""  # the stratum of enterprises without a park


def allocate(counts: dict[str, int], size: int) -> dict[str, int]:
    """How many to draw per park: at least one each when ``size`` ≥ the number of parks, the
    rest in proportion to what remains of each park (largest remainders, ties by park name);
    never more than a park has. A ``size`` of the whole population or more takes everyone."""
    strata = sorted(k for k, n in counts.items() if n > 0)
    total = sum(counts[k] for k in strata)
    if size >= total:
        return {k: counts[k] for k in strata}
    base = {k: 1 if size >= len(strata) else 0 for k in strata}
    rest = size - sum(base.values())
    room = {k: counts[k] - base[k] for k in strata}
    whole = sum(room.values())
    quota = {k: rest * room[k] / whole if whole else 0.0 for k in strata}
    out = {k: base[k] + math.floor(quota[k]) for k in strata}
    left = size - sum(out.values())
    for k in sorted(strata, key=lambda k: (-(quota[k] - math.floor(quota[k])), k)):
        if left <= 0:
            break
        if out[k] < counts[k]:
            out[k] += 1
            left -= 1
    return out


def draw(population: pd.DataFrame, size: int, seed: int) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    """The stratified sample of ``population`` (columns ``credit_code`` and ``park``) and the
    allocation ``{park: {"enterprises": n, "drawn": k}}``. Pure: the same arguments give the
    same rows."""
    strata = population.assign(_park=population["park"].fillna(NO_PARK)).sort_values(["_park", "credit_code"])
    counts = strata.groupby("_park").size().to_dict()
    quota = allocate(counts, size)
    rng = np.random.default_rng(seed)
    picked = []
    for park in sorted(quota):
        members = strata[strata["_park"] == park]
        chosen = np.sort(rng.choice(len(members), size=quota[park], replace=False))
        picked.append(members.iloc[chosen])
    sample = pd.concat(picked) if picked else strata.iloc[:0]
    allocation = {park: {"enterprises": int(counts[park]), "drawn": int(quota[park])} for park in sorted(quota)}
    return sample.drop(columns="_park").reset_index(drop=True), allocation


def sample(store: Store, actor: Actor, flt: CohortFilter, size: int, seed: int) -> dict:
    """A reproducible random sample of the cohort's enterprises for routine checks, stratified
    by park (see ``allocate``), from the same population as the queue. The seed, the filter and
    the enterprises drawn go to the audit log."""
    require_bureau(store, actor, "verification.sample")
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise SampleError(
            f"样本量应为正整数，收到 {size!r}", f"the sample size must be a whole number >= 1, got {size!r}"
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SampleError(f"随机种子应为非负整数，收到 {seed!r}", f"the seed must be a whole number >= 0, got {seed!r}")
    population = _population(cohorts.load(store, flt))
    drawn, allocation = draw(population, size, seed)
    entries = [
        {
            "credit_code": r.credit_code,
            "name": r.name,
            "park": r.park,
            "industry": r.industry,
            "assessment_id": int(r.assessment_id),
            "round": r.round,
            "source": r.source,
            "level": int(r.level),
        }
        for r in drawn.itertuples()
    ]
    out = {
        "filter": flt.as_dict(),
        "seed": seed,
        "size": size,
        "population": len(population),
        "allocation": allocation,
        "sample": entries,
    }
    record_alone(
        store,
        actor,
        "verification.sample",
        "cohort",
        json.dumps(flt.as_dict(), ensure_ascii=False, sort_keys=True),
        detail={
            "seed": seed,
            "size": size,
            "population": len(population),
            "drawn": [e["credit_code"] for e in entries],
        },
    )
    return out
