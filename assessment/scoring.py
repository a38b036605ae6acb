"""The scoring engine: pure functions of a questionnaire and checked answers (DESIGN.md §4).

Results are plain dicts in the result JSON of DESIGN.md §5. Scores are unrounded; round only
for display. Every result explains itself: for DCMM the unmet criteria of each item's next level
and the red lines (key conditions this tool sets; the standard's own are not public) that cap the
overall level; for SME every level condition with what is short.
"""

from __future__ import annotations

import math

import numpy as np

from assessment.answers import UNSURE, Value, check_id, needs_check
from assessment.cmmm_scoring import score_cmmm
from assessment.item_level import compile_criteria, item_scores
from questionnaires.schema import (
    AnyQuestionnaire,
    CmmmQuestionnaire,
    DcmmItem,
    DcmmQuestionnaire,
    SmeQuestion,
    SmeQuestionnaire,
)

EPS = 1e-9  # float noise: 0.7 * 13 + 0.9 must reach 10


def floor_level(score: float, low: int = 1, high: int = 5) -> int:
    return max(low, min(high, math.floor(score + EPS)))


def weighted_mean(values: list[float], weights: list[float]) -> float:
    return math.fsum(v * w for v, w in zip(values, weights)) / math.fsum(weights)


def score(q: AnyQuestionnaire, answers: dict[str, Value]) -> dict:
    """Score checked answers (see ``assessment.answers.check_answers``)."""
    if isinstance(q, DcmmQuestionnaire):
        return score_dcmm(q, answers)
    if isinstance(q, CmmmQuestionnaire):
        return score_cmmm(q, answers)
    return score_sme(q, answers)


# --------------------------------------------------------------------------------------- DCMM


def quick_level(answer: Value, check: Value | None, unsure_level: int) -> int:
    """The level a quick-mode answer counts as.

    "Not sure" counts as the item's ``unsure_level`` (the lowest plausible level, set per item in
    the quick-mode companion). A level of 3 or more answered "no" at its check counts one level
    lower: the check tests the chosen level's key criterion, so the answers support the levels
    below it, whose descriptions the respondent also affirmed by choosing it (levels are
    cumulative). An unanswered check leaves the chosen level.
    """
    if answer == UNSURE:
        return unsure_level
    if check is False and needs_check(answer):
        return int(answer) - 1
    return int(answer)  # type: ignore[arg-type]  # a checked answer (assessment.answers): a level here


def item_result(item: DcmmItem, answers: dict[str, Value], detailed: tuple[int, float], unsure_level: int = 1) -> dict:
    """Score, level, unmet criteria of the next level, mode and share answered of one item;
    ``detailed`` is the item's level and score from its criteria (``assessment.item_level``)."""
    by_level = item.criteria_by_level
    quick = answers.get(item.id)
    if quick is not None:
        check = answers.get(check_id(item.id))
        level = quick_level(quick, check, unsure_level)
        missing = [] if level == 5 else list(by_level[level + 1])
        return {
            "score": float(level),
            "level": level,
            "missing": missing,
            "mode": "quick",
            "answered": 1.0,
            # what was answered: a level or "unsure", and the check's answer (None: not asked or
            # not answered), so that results can say why the level differs from the choice
            "quick": {"answer": quick, "check": check if needs_check(quick) else None},
        }
    level, value = detailed
    missing = [] if level == 5 else [cid for cid in by_level[level + 1] if answers.get(cid) is not True]
    ids = item.criterion_ids
    answered = sum(cid in answers for cid in ids) / len(ids)
    return {"score": value, "level": level, "missing": missing, "mode": "detailed", "answered": answered}


def red_line_breaches(q: DcmmQuestionnaire, answers: dict[str, Value]) -> list[dict]:
    """Unmet red-line criteria (key conditions set by this tool, not by the standard), each with
    the overall level it caps to."""
    breaches = []
    for item_id, c in q.red_line_criteria:
        quick = answers.get(item_id)
        if quick is not None:
            met = quick_level(quick, answers.get(check_id(item_id)), q.unsure_level(item_id)) >= c.level
        else:
            met = answers.get(c.id) is True
        if not met:
            breaches.append({"criterion": c.id, "item": item_id, "level": c.level, "cap": c.level - 1})
    return breaches


def score_dcmm(q: DcmmQuestionnaire, answers: dict[str, Value]) -> dict:
    met = np.array([[answers.get(cid) is True for cid in q.criterion_by_id]], dtype=bool)
    levels, scores = item_scores(met, compile_criteria(q))
    items = {
        item.id: item_result(item, answers, (int(levels[0, j]), float(scores[0, j])), q.unsure_level(item.id))
        for j, item in enumerate(q.items)
    }
    areas = {}
    for area in q.areas:
        value = weighted_mean([items[i.id]["score"] for i in area.items], [i.weight for i in area.items])
        areas[area.id] = {"score": value, "level": floor_level(value)}
    overall = weighted_mean([areas[a.id]["score"] for a in q.areas], [a.weight for a in q.areas])
    uncapped = floor_level(overall)
    breaches = red_line_breaches(q, answers)
    cap = min((b["cap"] for b in breaches), default=5)
    level = max(1, min(uncapped, cap))
    name = q.level_name(level)
    completeness = math.fsum(r["answered"] for r in items.values()) / len(items)
    next_level = None
    if level < 5:
        target = level + 1
        next_level = {
            "level": target,
            "score_needed": max(0.0, target - overall),
            "red_lines": [b["criterion"] for b in breaches if b["cap"] < target],
            "items_below": [i for i, r in items.items() if r["level"] < target],
        }
    return {
        "questionnaire": q.id,
        "version": q.version,
        "kind": "dcmm",
        "overall": {
            "score": overall,
            "level": level,
            "level_name": name.model_dump() if name else None,
            "uncapped_level": uncapped,
        },
        "areas": areas,
        "items": {
            i: {k: r[k] for k in ("score", "level", "missing", "mode", "quick") if k in r} for i, r in items.items()
        },
        "red_lines": breaches,
        "next_level": next_level,
        "completeness": completeness,
    }


# ---------------------------------------------------------------------------------------- SME


def question_points(question: SmeQuestion, value: Value | None) -> float:
    """Points of one answer; an unanswered question scores 0."""
    if value is None:
        return 0.0
    if question.type == "single":
        return next(o.points for o in question.options if o.id == value)
    if question.type == "multi":
        chosen = set(value)  # type: ignore[arg-type]  # a checked answer: a list of option ids
        return min(question.max_points, math.fsum(o.points for o in question.options if o.id in chosen))
    for band in question.bands:
        if value <= band.max:  # type: ignore[operator]  # a checked answer: a number
            return band.points
    return question.bands[-1].points


def level_checks(q: SmeQuestionnaire, base: float, scenarios: dict[str, int]) -> dict[str, dict]:
    """Every level rule with what the enterprise has and what it lacks."""
    constraint = {s.id for s in q.scenarios if s.constraint}
    checks = {}
    for rule in sorted(q.level_rules, key=lambda r: -r.level):
        at = [sid for sid, lv in scenarios.items() if lv >= rule.level]
        n_constraint = sum(sid in constraint for sid in at)
        check = {
            "min_score": rule.min_score,
            "score": base,
            "score_short": max(0.0, rule.min_score - base) if base + EPS < rule.min_score else 0.0,
            "min_scenarios": rule.min_scenarios,
            "scenarios": len(at),
            "scenarios_short": max(0, rule.min_scenarios - len(at)),
            "min_constraint": rule.min_constraint,
            "constraint": n_constraint,
            "constraint_short": max(0, rule.min_constraint - n_constraint),
        }
        check["met"] = check["score_short"] == 0 and check["scenarios_short"] == 0 and check["constraint_short"] == 0
        checks[str(rule.level)] = check
    return checks


def score_sme(q: SmeQuestionnaire, answers: dict[str, Value]) -> dict:
    points = {x.id: question_points(x, answers.get(x.id)) for x in q.questions}
    dimensions = {
        d.id: {"score": math.fsum(points[x.id] for x in d.questions), "max": d.max_points} for d in q.dimensions
    }
    base = math.fsum(points.values())
    scenarios = {s.id: int(answers.get(s.id, 0)) for s in q.scenarios}  # type: ignore[arg-type]  # checked: 0-4
    checks = level_checks(q, base, scenarios)
    level = max((int(lv) for lv, c in checks.items() if c["met"]), default=0)
    name = q.level_name(level)
    asked = [x.id for x in q.questions] + [s.id for s in q.scenarios]
    completeness = sum(k in answers for k in asked) / len(asked)
    return {
        "questionnaire": q.id,
        "version": q.version,
        "kind": "sme",
        "overall": {"score": base, "level": level, "level_name": name.model_dump() if name else None},
        "dimensions": dimensions,
        "questions": points,
        "scenarios": scenarios,
        "checks": checks,
        "next_level": checks.get(str(level + 1)),
        "completeness": completeness,
    }


def score_document(doc: object) -> dict | list[dict]:
    """Score an answers document, or a list of them (then a list of results, in order)."""
    from assessment.answers import parse_document
    from assessment.errors import AnswerError

    if isinstance(doc, list):
        results = []
        for n, one in enumerate(doc, 1):
            try:
                results.append(score(*parse_document(one)))
            except AnswerError as exc:
                raise AnswerError(f"第 {n} 份答案：{exc.zh}", f"answers #{n}: {exc.en}") from None
        return results
    return score(*parse_document(doc))
