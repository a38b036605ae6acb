"""Simulated DCMM answers (dcmm-2025 and dcmm-2018): every item gets a capability on the 1-5 scale
from the propensity of its area; a criterion of level L is met with probability
``logistic(k * (capability - L + 0.5))``, so higher levels are much less likely to be met. Quick
mode answers the level the criteria would reach (the scorer's own rule), sometimes one higher."""

from __future__ import annotations

import numpy as np

from assessment.item_level import compile_criteria, item_levels
from benchmarks.demo.draws import logit, sigmoid
from benchmarks.demo.model import COL, MODEL
from questionnaires.schema import DcmmQuestionnaire


def dcmm_width(q: DcmmQuestionnaire) -> int:
    """Random numbers per assessment: one per criterion, two per item (noise, optimism)."""
    return len(q.criterion_by_id) + 2 * len(q.items)


def dcmm_answers(q: DcmmQuestionnaire, latent: np.ndarray, u: np.ndarray, quick: np.ndarray) -> list[dict]:
    """Answers of ``len(latent)`` assessments: latent (m x LATENT), u (m x dcmm_width) uniforms,
    quick (m bools: quick mode)."""
    p = MODEL.dcmm
    m = len(latent)
    crits = list(q.criterion_by_id.values())
    n_crit, n_items = len(crits), len(q.items)
    item_index = {item.id: j for j, item in enumerate(q.items)}
    area_col = [COL[p.area_latent.get(q.area_of_item[item.id], "general")] for item in q.items]
    capability = (
        p.base
        + p.slope * latent[:, area_col]
        + p.noise * logit(u[:, n_crit : n_crit + n_items])  # item-specific strength
    )
    crit_item = np.array([item_index[q.item_of_criterion[c.id]] for c in crits])
    crit_level = np.array([c.level for c in crits])
    p_met = sigmoid(p.k * (capability[:, crit_item] - crit_level + 0.5))
    met = u[:, :n_crit] < p_met

    level = item_levels(met, compile_criteria(q)).astype(int)
    optimistic = u[:, n_crit + n_items :] < p.quick_optimism
    quick_level = np.minimum(5, level + optimistic)

    crit_ids = [c.id for c in crits]
    item_ids = [item.id for item in q.items]
    out = []
    for r in range(m):
        if quick[r]:
            out.append(dict(zip(item_ids, quick_level[r].tolist())))
        else:
            out.append(dict(zip(crit_ids, met[r].tolist())))
    return out
