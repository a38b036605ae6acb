"""The demo cohort's example programme, with served and non-served enterprises and a planted
effect, so that the programme pages and commands have something true to show.

``plant(store, seed)`` runs after ``benchmarks.demo.generate`` (``generate_and_fit`` calls it):

* activates ``DEMO_PROGRAMME`` (an SME pilot of the demo's rounds, 2024 → 2025, marked synthetic:
  SMEs at SME level ≤ 1 in 2024, target a verified level ≥ 2 in 2025);
* lists two invented providers and enrols half of the eligible enterprises that have an
  sme-2024 result in both rounds (drawn with the seed), alternating providers;
* plants the effect: each served enterprise gets an on-site 2025 record whose answers are its
  2025 answers improved by the transformation — every single-choice question one option up, one
  more option ticked in every multiple-choice question, every scenario one level up (at most 4).

Without the programme, served and non-served enterprises drift alike (they were drawn at
random from the same eligible group), so the difference in differences estimates the planted
effect: the mean, over the served, of the improved score minus their own 2025 score
(``planted_effect`` in the returned summary).
"""

from __future__ import annotations

import numpy as np

from assessment import lifecycle
from assessment.access import CLI
from assessment.answers import check_answers
from assessment.programmes import versions
from assessment.programmes.eligibility import evaluate, result_frame
from assessment.programmes.enrolment import add_provider, enrol
from assessment.programmes.model import parse
from assessment.scoring import score
from questionnaires import get

SME = "sme-2024"
PROVIDERS = ("演示服务商甲（虚构）", "演示服务商乙（虚构）")
START = "2024-09-01"
END = "2025-06-30"
RATED = "2025-07-15T10:00:00+00:00"  # the on-site rating after the transformation

DEMO_PROGRAMME = {
    "id": "demo-sme-pilot",
    "version": "demo",
    "example": True,
    "name": {
        "zh": "中小企业数字化转型试点（演示，合成数据）",
        "en": "SME digital-transformation pilot (demo, synthetic)",
    },
    "description": {
        "zh": "演示数据：数字化水平一级及以下的中小企业由服务商改造，改造后现场评测。不是区政策。",
        "en": "Demo data: SMEs at digital level 1 or below are transformed by a provider and rated on site "
        "afterwards. Not district policy.",
    },
    "benefit": {"zh": "示例：改造费用按比例补助", "en": "Example: a share of the transformation cost is subsidised"},
    "period": {"start": "2024-01-01", "end": "2025-12-31"},
    "rounds": {"before": "2024", "after": "2025"},
    "eligibility": [
        {"type": "size", "in": ["micro", "small", "medium"]},
        {"type": "confirmed"},
        {"type": "level", "questionnaire": SME, "round": "before", "source": "any", "max": 1},
    ],
    "target": {"type": "level", "questionnaire": SME, "round": "after", "source": "verified", "min": 2},
    # the comparison group has no on-site ratings: compare the strongest result of each round
    "impact": {"measure": "score", "source": "any"},
}


def improved(q, given: dict) -> dict:
    """The answers after the transformation (see the module docstring)."""
    out = dict(given)
    for x in q.questions:
        value = given.get(x.id)
        if x.type == "single" and value is not None:
            ids = [o.id for o in x.options]
            out[x.id] = ids[min(len(ids) - 1, ids.index(value) + 1)]
        elif x.type == "multi":
            ticked = [v for v in (value or []) if not next(o for o in x.options if o.id == v).exclusive]
            more = next((o.id for o in x.options if not o.exclusive and o.id not in ticked), None)
            out[x.id] = ticked + ([more] if more else []) or value
    for s in q.scenarios:
        if s.id in given:
            out[s.id] = min(4, int(given[s.id]) + 1)
    return check_answers(q, out)


def plant(store, seed: int) -> dict:
    """Activate the demo programme, enrol half of its eligible pairs and plant the effect;
    returns ``{programme, served, planted_effect}`` (the effect None when nobody is served)."""
    programme = parse(DEMO_PROGRAMME, "demo-sme-pilot")
    versions.activate(store, CLI, _yaml(DEMO_PROGRAMME), "benchmarks/demo/programme.py")
    for name in PROVIDERS:
        add_provider(store, CLI, name, "演示数据，虚构 / demo data, invented")
    eligible = evaluate(store, programme).eligible_codes()
    after = result_frame(store, SME, "2025", None)
    paired = sorted(set(eligible) & set(after.index))
    rng = np.random.default_rng(seed)
    served = sorted(rng.choice(paired, size=len(paired) // 2, replace=False).tolist()) if paired else []
    q = get(SME)
    gains = []
    for k, code in enumerate(served):
        enrol(store, CLI, programme.id, code, PROVIDERS[k % len(PROVIDERS)], START, END)
        before = check_answers(q, lifecycle.answers(store, CLI, int(after.loc[code, "assessment_id"])))
        better = improved(q, before)
        with store.write() as db:
            lifecycle.record_submitted(db, CLI, code, q, "2025", "onsite", better, synthetic=True, stamp=RATED)
        gains.append(score(q, better)["overall"]["score"] - score(q, before)["overall"]["score"])
    return {
        "programme": programme.id,
        "served": len(served),
        "planted_effect": float(np.mean(gains)) if gains else None,
    }


def _yaml(data: dict) -> bytes:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
