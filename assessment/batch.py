"""Batch scoring for cohort work: many assessments at once, vectorised with numpy.

It implements the same rules as ``assessment.scoring`` (a property test keeps the two equal)
on answers encoded as arrays; the item level itself has one home, ``assessment.item_level``,
which both call:

* DCMM: ``met`` (n × criteria, bool, questionnaire order), ``quick`` (n × items, int8: the
  chosen level, ``UNSURE_CODE`` for "not sure", 0 where the item was answered criterion by
  criterion) and ``check`` (n × items, int8: the quick-mode check, 1 yes, 0 no, -1 not answered;
  None when no check was answered at all).
* SME: ``choices`` (question id → array: option index for single, option bit mask for multi,
  the number for band; -1 / NaN when unanswered) and ``scenarios`` (n × scenarios, int8).

* CMMM: ``assessment.cmmm_scoring`` (requirement values, quick-mode codes, path), whose
  vectorised rules the single scoring shares.

The result is a DataFrame with ``score`` and ``level`` and one score column per area, dimension
or domain, in questionnaire order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.answers import CHECKED_FROM, UNSURE, Value, check_id
from assessment.cmmm_scoring import encode as cmmm_encode
from assessment.cmmm_scoring import score_cmmm_batch
from assessment.item_level import compile_criteria, item_scores
from assessment.scoring import EPS
from questionnaires.schema import AnyQuestionnaire, CmmmQuestionnaire, DcmmQuestionnaire, SmeQuestionnaire

UNSURE_CODE = -1
NO_CHECK = -1


@dataclass(frozen=True)
class DcmmMatrix:
    met: np.ndarray
    quick: np.ndarray
    check: np.ndarray | None = None


@dataclass(frozen=True)
class SmeMatrix:
    choices: dict[str, np.ndarray]
    scenarios: np.ndarray


def _levels(scores: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(np.floor(scores + EPS), low, high).astype(np.int8)


# --------------------------------------------------------------------------------------- DCMM


def encode_dcmm(q: DcmmQuestionnaire, many: list[dict[str, Value]]) -> DcmmMatrix:
    col = {cid: j for j, cid in enumerate(q.criterion_by_id)}
    item_col = {iid: j for j, iid in enumerate(q.item_by_id)}
    check_col = {check_id(iid): j for iid, j in item_col.items()}
    met = np.zeros((len(many), len(col)), dtype=bool)
    quick = np.zeros((len(many), len(item_col)), dtype=np.int8)
    check = np.full((len(many), len(item_col)), NO_CHECK, dtype=np.int8)
    for r, answers in enumerate(many):
        for key, value in answers.items():
            if key in col:
                met[r, col[key]] = value is True
            elif key in item_col:
                quick[r, item_col[key]] = UNSURE_CODE if value == UNSURE else value
            elif key in check_col:
                check[r, check_col[key]] = value is True
    return DcmmMatrix(met, quick, check)


def quick_levels(q: DcmmQuestionnaire, m: DcmmMatrix) -> np.ndarray:
    """The level each quick-mode answer counts as (``assessment.scoring.quick_level``, on arrays):
    "not sure" → the item's unsure level; a checked level answered "no" → one lower; 0 where the
    item was not answered in quick mode."""
    unsure = np.array([q.unsure_level(i.id) for i in q.items], dtype=np.int8)
    level = np.where(m.quick == UNSURE_CODE, unsure[np.newaxis, :], m.quick)
    if m.check is not None:
        level = np.where((m.check == 0) & (m.quick >= CHECKED_FROM), m.quick - 1, level)
    return level.astype(np.int8)


def score_dcmm_batch(q: DcmmQuestionnaire, m: DcmmMatrix) -> pd.DataFrame:
    n = m.met.shape[0]
    col = {cid: j for j, cid in enumerate(q.criterion_by_id)}
    cap = np.full(n, 5, dtype=np.int8)
    quick_level = quick_levels(q, m)
    _, detailed = item_scores(m.met, compile_criteria(q))
    per_item = np.where(quick_level > 0, quick_level, detailed)
    for j, item in enumerate(q.items):
        quick = quick_level[:, j]
        for c in item.criteria:
            if c.red_line:
                unmet = np.where(quick > 0, quick < c.level, ~m.met[:, col[c.id]])
                cap = np.where(unmet, np.minimum(cap, c.level - 1), cap)
    out = {}
    area_scores = []
    start = 0
    for area in q.areas:
        w = np.array([i.weight for i in area.items])
        block = per_item[:, start : start + len(area.items)]
        start += len(area.items)
        area_scores.append(block @ (w / w.sum()))
        out[area.id] = area_scores[-1]
    aw = np.array([a.weight for a in q.areas])
    overall = np.stack(area_scores, axis=1) @ (aw / aw.sum())
    level = np.maximum(1, np.minimum(_levels(overall, 1, 5), cap)).astype(np.int8)
    return pd.DataFrame({"score": overall, "level": level, **out})


# ---------------------------------------------------------------------------------------- SME


def encode_sme(q: SmeQuestionnaire, many: list[dict[str, Value]]) -> SmeMatrix:
    n = len(many)
    choices: dict[str, np.ndarray] = {}
    for x in q.questions:
        index = {o.id: k for k, o in enumerate(x.options)}
        if x.type == "band":
            arr = np.array([a.get(x.id, np.nan) for a in many], dtype=float)
        elif x.type == "single":
            arr = np.array([index[a[x.id]] if x.id in a else -1 for a in many], dtype=np.int16)  # type: ignore[index]  # checked: an option id
        else:
            arr = np.array([sum(1 << index[o] for o in a[x.id]) if x.id in a else 0 for a in many], dtype=np.int64)  # type: ignore[union-attr,misc]  # checked: option ids
        choices[x.id] = arr
    scen = np.array([[a.get(s.id, 0) for s in q.scenarios] for a in many], dtype=np.int8)
    return SmeMatrix(choices, scen.reshape(n, len(q.scenarios)))


def sme_points(q: SmeQuestionnaire, m: SmeMatrix) -> dict[str, np.ndarray]:
    """Points per question, one array each."""
    points = {}
    for x in q.questions:
        arr = m.choices[x.id]
        if x.type == "single":
            table = np.array([o.points for o in x.options] + [0.0])
            points[x.id] = table[arr]  # -1 picks the trailing 0
        elif x.type == "multi":
            total = np.zeros(arr.shape[0])
            for k, o in enumerate(x.options):
                total += ((arr >> k) & 1) * o.points
            points[x.id] = np.minimum(total, x.max_points)
        else:
            maxes = np.array([b.max for b in x.bands])
            table = np.array([b.points for b in x.bands])
            idx = np.searchsorted(maxes, np.nan_to_num(arr, nan=x.bands[0].min), side="left")
            pts = table[np.minimum(idx, len(table) - 1)]
            points[x.id] = np.where(np.isnan(arr), 0.0, pts)
    return points


def score_sme_batch(q: SmeQuestionnaire, m: SmeMatrix) -> pd.DataFrame:
    points = sme_points(q, m)
    dims = {d.id: sum(points[x.id] for x in d.questions) for d in q.dimensions}
    base = sum(dims.values())
    constraint = np.array([s.constraint for s in q.scenarios])
    level = np.zeros(len(base), dtype=np.int8)  # type: ignore[arg-type]  # a sum of arrays: an array
    for rule in sorted(q.level_rules, key=lambda r: r.level):
        at = m.scenarios >= rule.level
        ok = (
            (base + EPS >= rule.min_score)
            & (at.sum(axis=1) >= rule.min_scenarios)
            & (at[:, constraint].sum(axis=1) >= rule.min_constraint)
        )
        level = np.where(ok, rule.level, level).astype(np.int8)
    return pd.DataFrame({"score": base, "level": level, **dims})


def score_batch(q: AnyQuestionnaire, many: list[dict[str, Value]]) -> pd.DataFrame:
    """Score many checked answer mappings of one questionnaire at once."""
    if isinstance(q, DcmmQuestionnaire):
        return score_dcmm_batch(q, encode_dcmm(q, many))
    if isinstance(q, CmmmQuestionnaire):
        return score_cmmm_batch(q, *cmmm_encode(q, many))
    return score_sme_batch(q, encode_sme(q, many))
