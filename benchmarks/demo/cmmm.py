"""Simulated CMMM answers (cmmm-2020, manufacturers only): each sub-domain has a capability on the
level scale from the general capability (with a little of its domain's latent dimension), the
size class and a planted shape; requirements are answered 0 / 0.5 / 0.8 / 1 from it, or, in
quick mode, each sub-domain gets the level its detailed answers would reach (the scorer's own
rule), sometimes one higher, with the check question answered. The firm's path and the
sub-domains it marks not applicable are drawn with the cohort (``benchmarks.demo.generation``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE, check_id, needs_check
from assessment.cmmm_scoring import NOT_QUICK, layout, reached, subdomain_scores
from benchmarks.demo.draws import logit
from benchmarks.demo.model import COL, MODEL
from questionnaires.schema import CmmmQuestionnaire

PRODUCT_DESIGN = "design.product"
PRODUCT_SERVICE = "service.product"


@dataclass
class CmmmFirms:
    """What the CMMM answers need of each assessed manufacturer besides its propensities."""

    size: np.ndarray  # the size term on the level scale (the model's cmmm.size)
    path: np.ndarray  # index into the bank's paths
    na: dict[str, np.ndarray]  # sub-domain id -> marked not applicable
    quick: np.ndarray  # answers in quick mode
    offset: dict[str, np.ndarray] = field(default_factory=dict)  # domain id -> shape offset (levels)


def cmmm_width(q: CmmmQuestionnaire) -> int:
    """Random numbers per CMMM assessment: one per requirement, four per sub-domain (capability
    noise, optimism, the check answer, "not sure")."""
    return len(q.requirement_by_id) + 4 * len(q.subdomains)


def cmmm_answers(q: CmmmQuestionnaire, latent: np.ndarray, u: np.ndarray, firms: CmmmFirms) -> list[dict]:
    """Answers of ``len(latent)`` CMMM assessments: latent (m x LATENT), u (m x cmmm_width)
    uniforms. Detailed mode answers each requirement 0 / 0.5 / 0.8 / 1; quick mode gives each
    sub-domain the level its detailed answers would reach (``cmmm_scoring.reached``, the one
    level rule), sometimes one higher, with the check question of levels 3+ answered."""
    p = MODEL.cmmm
    m = len(latent)
    lay = layout(q)
    reqs = list(q.requirement_by_id)
    subs = q.subdomains
    n_req, n_sub = len(reqs), len(subs)
    sub_col = [COL[p.domain_latent.get(q.domain_of_subdomain[sub.id], "general")] for sub in subs]
    zero = np.zeros(m)
    shape = np.stack([firms.offset.get(q.domain_of_subdomain[sub.id], zero) for sub in subs], axis=1)
    capability = (
        p.base
        + p.slope * ((1 - p.own) * latent[:, [COL["general"]]] + p.own * latent[:, sub_col])
        + firms.size[:, None]
        + shape
        + p.noise * logit(u[:, n_req : n_req + n_sub])
    )
    margin = capability[:, lay.req_sub] - lay.req_level + 0.5 + p.requirement_noise * logit(u[:, :n_req])
    steps = np.array([0.0, *sorted(set(q.answer_values) - {0.0})])  # none, partly, mostly, fully
    values = steps[(margin[:, :, None] > np.array(p.cuts)).sum(axis=2)]
    # the level each sub-domain's detailed answers reach, by the scorer's own rule
    detailed = np.full((m, n_sub), NOT_QUICK, dtype=np.int8)
    per_level = subdomain_scores(lay, values, detailed).transpose(0, 2, 1)
    sub_level = reached(per_level, lay.threshold).astype(int)
    extra = u[:, n_req + n_sub : n_req + 2 * n_sub]
    quick_level = np.minimum(5, sub_level + (extra < p.optimism))
    check_no = u[:, n_req + 2 * n_sub : n_req + 3 * n_sub] < p.check_no
    unsure = u[:, n_req + 3 * n_sub :] < p.unsure
    out = []
    for r in range(m):
        given: dict = {PATH_KEY: q.paths[int(firms.path[r])]}
        path = given[PATH_KEY]
        for j, sub in enumerate(subs):
            if not q.applies(sub.id, path):
                continue
            if sub.may_be_na and sub.id in firms.na and firms.na[sub.id][r]:
                given[sub.id] = NOT_APPLICABLE
            elif firms.quick[r]:
                level = int(quick_level[r, j])
                given[sub.id] = UNSURE if unsure[r, j] else level
                if needs_check(given[sub.id]):
                    # asked whether the level holds: an honest "no" when it was optimism
                    given[check_id(sub.id)] = not (check_no[r, j] or level > sub_level[r, j])
            else:
                given.update(zip(sub.requirement_ids, values[r, lay.req_sub == j].tolist()))
        out.append(given)
    return out
