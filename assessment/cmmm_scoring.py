"""Smart-manufacturing capability maturity (CMMM, ``cmmm-2020``): levels and scores from answers.

The rules (DESIGN.md §5; the bank's ``scoring`` block holds the numbers, this tool's reading of
GB/T 39117, whose formula is not public):

* each requirement is answered fully / mostly / partly / not met (1 / 0.8 / 0.5 / 0); a
  sub-domain answered in quick mode at level k counts every requirement of levels ≤ k fully met
  and none above; unanswered counts 0;
* at each level L a sub-domain's score is the mean of its requirements at L; a domain's is the
  weighted mean of its applicable sub-domains (on the enterprise's path, not marked "na"), an
  element's the weighted mean of its applicable domains, and A(L) the weighted mean of the
  applicable elements: weights renormalise over what applies;
* the level n is the highest L with A(1..L) all ≥ the threshold (0: below level 1);
* the final score is ``n_plus_next`` n + A(n+1), or ``n_minus_1_plus_current_plus_next``
  (n − 1) + A(n) + A(n+1); A(6) = 0; for n = 0 it is A(1).

The same level rule and formula give each sub-domain and each domain its own level and score
(the radar plots domains on the same 0-5 scale). Single and batch scoring share one vectorised
path (``score_arrays``), so they cannot disagree; one assessment is a batch of one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE, Value, check_id, needs_check
from questionnaires.schema import CmmmQuestionnaire

EPS = 1e-9
LEVELS = (1, 2, 3, 4, 5)
NOT_QUICK = -1  # a sub-domain answered requirement by requirement (or not at all)
QUICK_NA = -2  # a sub-domain marked not applicable


@dataclass(frozen=True)
class Layout:
    """A bank compiled to arrays: requirements (R), sub-domains (S), domains (D), elements (E)."""

    req_level: np.ndarray  # (R,) 1..5
    req_sub: np.ndarray  # (R,) sub-domain index
    sub_weight: np.ndarray  # (S,)
    sub_domain: np.ndarray  # (S, D) membership
    domain_weight: np.ndarray  # (D,)
    domain_element: np.ndarray  # (D, E) membership
    element_weight: np.ndarray  # (E,)
    on_path: np.ndarray  # (P, S) bool: sub-domain assessed on path p
    unsure: np.ndarray  # (S,) the level "not sure" counts as
    threshold: float
    formula: str
    # a sub-domain's score at a level is the mean of a run of requirement columns: taken in
    # ``req_order`` (None: as they are), the columns fall into runs of one sub-domain and level
    req_order: np.ndarray | None  # (R,) column permutation that makes the runs contiguous
    run_starts: np.ndarray  # (G,) first column of each run
    run_count: np.ndarray  # (G,) requirements in the run
    run_cell: np.ndarray  # (G,) its place in a (S, 5) sub-domain × level grid, flattened
    has_level: np.ndarray  # (5, S) bool: sub-domain s has requirements at level L


_LAYOUTS: dict[int, tuple[CmmmQuestionnaire, Layout]] = {}


def layout(q: CmmmQuestionnaire) -> Layout:
    """The compiled arrays of ``q``, once per questionnaire object (kept with them, as
    ``item_level.compile_criteria`` does, so that another bank cannot take over its id)."""
    hit = _LAYOUTS.get(id(q))
    if hit is None or hit[0] is not q:
        hit = _LAYOUTS[id(q)] = (q, _compile(q))
    return hit[1]


def _compile(q: CmmmQuestionnaire) -> Layout:
    subs, domains = q.subdomains, q.domains
    sub_index = {s.id: j for j, s in enumerate(subs)}
    reqs = [(r, sub_index[s.id]) for s in subs for r in s.requirements]
    sub_domain = np.zeros((len(subs), len(domains)))
    for d, domain in enumerate(domains):
        for s in domain.subdomains:
            sub_domain[sub_index[s.id], d] = 1.0
    domain_element = np.zeros((len(domains), len(q.elements)))
    domain_index = {d.id: k for k, d in enumerate(domains)}
    for e, element in enumerate(q.elements):
        for domain in element.domains:
            domain_element[domain_index[domain.id], e] = 1.0
    return Layout(
        req_level=np.array([r.level for r, _ in reqs], dtype=np.int8),
        req_sub=np.array([j for _, j in reqs], dtype=np.intp),
        sub_weight=np.array([s.weight for s in subs]),
        sub_domain=sub_domain,
        domain_weight=np.array([d.weight for d in domains]),
        domain_element=domain_element,
        element_weight=np.array([e.weight for e in q.elements]),
        on_path=np.array([[p in s.paths for s in subs] for p in q.paths], dtype=bool),
        unsure=np.array([q.unsure_level(s.id) for s in subs], dtype=np.int8),
        threshold=q.scoring.threshold,
        formula=q.scoring.final_score,
        **_runs(np.array([j * 5 + r.level - 1 for r, j in reqs], dtype=np.intp)),
        has_level=np.array([[bool(s.requirements_by_level[L]) for s in subs] for L in LEVELS]),
    )


def _runs(cell: np.ndarray) -> dict:
    """The runs of requirement columns that share a (sub-domain, level) cell."""
    order = np.argsort(cell, kind="stable")
    ordered = cell[order]
    cells, starts, counts = np.unique(ordered, return_index=True, return_counts=True)
    identity = bool(np.array_equal(order, np.arange(len(cell))))
    return {
        "req_order": None if identity else order,
        "run_starts": starts.astype(np.intp),
        "run_count": counts.astype(float),
        "run_cell": cells,
    }


# ------------------------------------------------------------------------------- the rules


def reached(per_level: np.ndarray, threshold: float) -> np.ndarray:
    """The level reached from scores per level (last axis, levels 1-5): the highest L whose
    score and every lower level's are ≥ the threshold; 0 below level 1."""
    ok = per_level + EPS >= threshold
    return np.cumprod(ok, axis=-1).sum(axis=-1).astype(np.int8)


def final_score(per_level: np.ndarray, level: np.ndarray, formula: str) -> np.ndarray:
    """The final score (see the module's docstring) from the scores per level and the level."""
    padded = np.concatenate(
        [np.zeros(per_level.shape[:-1] + (1,)), per_level, np.zeros(per_level.shape[:-1] + (1,))], axis=-1
    )
    idx = level.astype(np.intp)[..., np.newaxis]
    nxt = np.take_along_axis(padded, idx + 1, axis=-1)[..., 0]
    if formula == "n_plus_next":
        return level + nxt
    current = np.take_along_axis(padded, idx, axis=-1)[..., 0]
    return np.where(level == 0, nxt, level - 1 + current + nxt)


def _weighted(values: np.ndarray, weights: np.ndarray, member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted means over groups: ``values`` (n, 5, K), ``weights`` (n, K) zero where a part
    does not apply, ``member`` (K, G). Returns (n, 5, G) means and (n, G) applicability."""
    den = weights @ member
    num = (values * weights[:, np.newaxis, :]) @ member
    applies = den > 0
    mean = np.divide(num, den[:, np.newaxis, :], out=np.zeros_like(num), where=applies[:, np.newaxis, :])
    return mean, applies


@dataclass(frozen=True)
class Scores:
    """Everything computed for n assessments."""

    sub_levels: np.ndarray  # (n, 5, S) sub-domain score per level
    applies: np.ndarray  # (n, S)
    domain_levels: np.ndarray  # (n, 5, D)
    domain_applies: np.ndarray  # (n, D)
    levels: np.ndarray  # (n, 5) A(L)
    level: np.ndarray  # (n,)
    score: np.ndarray  # (n,)


def score_arrays(lay: Layout, values: np.ndarray, quick: np.ndarray, path: np.ndarray) -> Scores:
    """Score n assessments given as arrays: ``values`` (n, R) requirement answers (0 where
    unanswered), ``quick`` (n, S) the quick-mode level counted (0-5), ``NOT_QUICK`` or
    ``QUICK_NA``, ``path`` (n,) index of the path."""
    sub_levels = subdomain_scores(lay, values, quick)
    applies = lay.on_path[path] & (quick != QUICK_NA)
    domain_levels, domain_applies = _weighted(sub_levels, applies * lay.sub_weight, lay.sub_domain)
    element_levels, element_applies = _weighted(domain_levels, domain_applies * lay.domain_weight, lay.domain_element)
    overall, _ = _weighted(element_levels, element_applies * lay.element_weight, np.ones((len(lay.element_weight), 1)))
    levels = overall[:, :, 0]
    level = reached(levels, lay.threshold)
    return Scores(
        sub_levels, applies, domain_levels, domain_applies, levels, level, final_score(levels, level, lay.formula)
    )


def subdomain_scores(lay: Layout, values: np.ndarray, quick: np.ndarray) -> np.ndarray:
    """(n, 5, S): each sub-domain's score at each level, the mean of its requirements there —
    summed run by run (one pass over the answers, no (n, R) temporary) — or, for a sub-domain
    answered in quick mode at level k, 1 at the levels ≤ k where it has requirements, else 0."""
    n, subs = len(values), len(lay.sub_weight)
    cols = values if lay.req_order is None else values[:, lay.req_order]
    if len(lay.run_cell) == subs * 5 and n:  # every cell has requirements: the runs are the grid
        grid = np.add.reduceat(cols, lay.run_starts, axis=1)
        grid /= lay.run_count
    else:
        grid = np.zeros((n, subs * 5))
        if n and len(lay.run_starts):
            grid[:, lay.run_cell] = np.add.reduceat(cols, lay.run_starts, axis=1) / lay.run_count
    detail = grid.reshape(n, subs, 5).transpose(0, 2, 1)
    level = np.arange(1, 6).reshape(1, 5, 1)
    chosen = quick[:, np.newaxis, :]
    return np.where(chosen >= 0, (level <= chosen) & lay.has_level, detail)


# ----------------------------------------------------------------------------- one answer set


def quick_code(q: CmmmQuestionnaire, sub_id: str, answers: dict[str, Value]) -> int:
    """What a sub-domain's own answer counts as: ``QUICK_NA``, ``NOT_QUICK``, or a level —
    "not sure" is the sub-domain's unsure level, a checked level answered "no" one lower."""
    answer = answers.get(sub_id)
    if answer is None:
        return NOT_QUICK
    if answer == NOT_APPLICABLE:
        return QUICK_NA
    if answer == UNSURE:
        return q.unsure_level(sub_id)
    if answers.get(check_id(sub_id)) is False and needs_check(answer):
        return int(answer) - 1
    return int(answer)  # type: ignore[arg-type]  # a checked answer: a level


def path_index(q: CmmmQuestionnaire, answers: dict[str, Value]) -> int:
    """The answered path, else the bank's first (discrete)."""
    path = answers.get(PATH_KEY)
    return q.paths.index(path) if path in q.paths else 0


def encode(q: CmmmQuestionnaire, many: list[dict[str, Value]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Checked answer mappings as the arrays of ``score_arrays``."""
    req_col = {rid: i for i, rid in enumerate(q.requirement_by_id)}
    values = np.zeros((len(many), len(req_col)))
    quick = np.full((len(many), len(q.subdomains)), NOT_QUICK, dtype=np.int8)
    path = np.zeros(len(many), dtype=np.intp)
    for n, answers in enumerate(many):
        for key, value in answers.items():
            col = req_col.get(key)
            if col is not None:
                values[n, col] = value
        for j, sub in enumerate(q.subdomains):
            if sub.id in answers:
                quick[n, j] = quick_code(q, sub.id, answers)
        path[n] = path_index(q, answers)
    return values, quick, path


def _by_level(row: np.ndarray) -> dict[str, float]:
    return {str(L): float(row[L - 1]) for L in LEVELS}


def score_cmmm(q: CmmmQuestionnaire, answers: dict[str, Value]) -> dict:
    """The result JSON of DESIGN.md §5 for one checked answer set, with what explains it."""
    lay = layout(q)
    values, quick, path = encode(q, [answers])
    s = score_arrays(lay, values, quick, path)
    sub_level = reached(s.sub_levels[0].T, lay.threshold)
    sub_score = final_score(s.sub_levels[0].T, sub_level, lay.formula)
    dom_level = reached(s.domain_levels[0].T, lay.threshold)
    dom_score = final_score(s.domain_levels[0].T, dom_level, lay.formula)
    level = int(s.level[0])
    target = level + 1
    subdomains: dict[str, dict] = {}
    answered = []
    for j, sub in enumerate(q.subdomains):
        applies = bool(s.applies[0, j])
        code = int(quick[0, j])
        entry: dict = {
            "level": int(sub_level[j]) if applies else None,
            "score": float(sub_score[j]) if applies else None,
            "scores": _by_level(s.sub_levels[0, :, j]) if applies else None,
            "applicable": applies,
            "mode": "na" if code == QUICK_NA else "quick" if code >= 0 else "detailed",
        }
        if code >= 0:
            entry["quick"] = {
                "answer": answers[sub.id],
                "check": answers.get(check_id(sub.id)) if needs_check(answers[sub.id]) else None,
            }
        if applies and target <= 5:
            entry["missing"] = [
                rid
                for rid in sub.requirements_by_level[target]
                if code < target and (code >= 0 or answers.get(rid, 0) < 1)  # type: ignore[operator]  # a number
            ]
        if applies:
            ids = sub.requirement_ids
            answered.append(1.0 if code >= 0 else sum(rid in answers for rid in ids) / len(ids))
        subdomains[sub.id] = entry
    domains = {
        d.id: {
            "score": float(dom_score[k]) if s.domain_applies[0, k] else None,
            "level": int(dom_level[k]) if s.domain_applies[0, k] else None,
            "scores": _by_level(s.domain_levels[0, :, k]),
        }
        for k, d in enumerate(q.domains)
    }
    levels = _by_level(s.levels[0])
    name = q.level_name(level)
    next_level = None
    if target <= 5:
        below = [
            sid for sid, e in subdomains.items() if e["applicable"] and e["scores"][str(target)] + EPS < lay.threshold
        ]
        next_level = {
            "level": target,
            "score": levels[str(target)],
            "threshold": lay.threshold,
            "short": max(0.0, lay.threshold - levels[str(target)]),
            "lower_levels_short": [L for L in range(1, target) if levels[str(L)] + EPS < lay.threshold],
            "subdomains_below": below,
        }
    return {
        "questionnaire": q.id,
        "version": q.version,
        "kind": "cmmm",
        "path": q.paths[int(path[0])],
        "overall": {
            "score": float(s.score[0]),
            "level": level,
            "level_name": name.model_dump() if name else None,
            "formula": lay.formula,
            "estimate": True,
        },
        "levels": levels,
        "subdomains": subdomains,
        "domains": domains,
        "next_level": next_level,
        "completeness": math.fsum(answered) / len(answered) if answered else 0.0,
    }


def score_cmmm_batch(q: CmmmQuestionnaire, values: np.ndarray, quick: np.ndarray, path: np.ndarray):
    """Score and level of n assessments, and one score column per domain (the compared parts,
    on the 0-5 scale), as a DataFrame."""
    import pandas as pd

    lay = layout(q)
    s = score_arrays(lay, values, quick, path)
    dom_level = reached(np.swapaxes(s.domain_levels, 1, 2), lay.threshold)
    dom_score = final_score(np.swapaxes(s.domain_levels, 1, 2), dom_level, lay.formula)
    dom_score = np.where(s.domain_applies, dom_score, np.nan)
    columns = {d.id: dom_score[:, k] for k, d in enumerate(q.domains)}
    return pd.DataFrame({"score": s.score, "level": s.level, **columns})
