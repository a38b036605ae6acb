"""What one enterprise sees of the programmes: the active programmes it qualifies for now and,
for the nearest one it does not yet qualify for, what stands between, in plain words, with the
improvement plan's actions that close each gap.

``programme_standing`` is the pure part (one programme, the enterprise's rule outcomes and its
plan); ``enterprise_programmes`` reads the store (the enterprise itself, or the bureau, or an
assessor assigned to it) and returns ``{eligible: [...], nearest: ... | None}``.

A rule the enterprise cannot change (its park, industry or size, or a result above a programme's
ceiling) makes a programme not "near": the nearest programme is the one with the fewest rules
short, all of which the enterprise can close (a result to raise, an on-site verification to
have, the bureau's confirmation of its profile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from assessment.access import Actor, require_read
from assessment.db import Store
from assessment.programmes import versions
from assessment.programmes.eligibility import enterprise_frame, evaluate_rule, read_results, result_frame, rule_paths
from assessment.programmes.model import SOURCE_NAMES, ConfirmedRule, Programme, ResultRule
from questionnaires import available
from questionnaires.parts import part_names

KIND_NAMES = {
    "sme": ("中小企业数字化水平", "SME digital level"),
    "dcmm": ("DCMM", "DCMM"),
    "cmmm": ("智能制造能力成熟度", "smart-manufacturing maturity"),  # a level here is the estimate
}
ACTIONS_SHOWN = 5


@dataclass(frozen=True)
class RuleSeen:
    """One eligibility rule for one enterprise: met or not, the value seen and its source, and
    (for a rule asking for a verified result) the enterprise's own self-assessed value."""

    path: str
    rule: object
    met: bool
    value: object = None
    source: str | None = None
    self_value: float | None = None


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def _measure(rule: ResultRule) -> tuple[str, str]:
    """The measure a result rule reads, in words: "SME digital level level", "数据安全"."""
    q = available().get(rule.questionnaire)
    kind_zh, kind_en = KIND_NAMES.get(getattr(q, "kind", ""), (rule.questionnaire, rule.questionnaire))
    if rule.type == "part":
        names = dict(part_names(q)) if q is not None else {}
        name = names.get(rule.part, {"zh": rule.part, "en": rule.part})  # type: ignore[arg-type]  # a part rule names its part
        return name["zh"], name["en"]
    if rule.type == "level":
        return f"{kind_zh}等级", f"{kind_en}" if kind_en.endswith("level") else f"{kind_en} level"
    return f"{kind_zh}总分", f"{kind_en} overall score"


def gap_text(programme: Programme, seen: RuleSeen) -> tuple[dict, bool, bool]:
    """``({zh, en}, closable, by_plan)``: what stands between for a rule not met, in plain words;
    whether the enterprise can close it; and whether the plan's actions close it (an on-site
    verification of a self-assessment that already meets the rule needs no action of the plan)."""
    rule = seen.rule
    if isinstance(rule, ConfirmedRule):
        text = {"zh": "主管部门尚未确认企业信息", "en": "the bureau has not yet confirmed your enterprise's profile"}
        return text, True, False
    if not isinstance(rule, ResultRule):
        label = programme.rule_label(rule)
        return {"zh": f"不符合：{label.zh}", "en": f"not met: {label.en}"}, False, False
    zh, en = _measure(rule)
    round_ = programme.rounds.resolve(rule.round)
    value = cast(float | None, seen.value)  # a result rule's value: a number, or None without a result
    if value is None and seen.self_value is not None:
        shown = _number(seen.self_value)
        if rule.met(seen.self_value):
            bound = _number(rule.min if rule.min is not None else rule.max)  # type: ignore[arg-type]  # a rule has a bound
            return (
                {
                    "zh": f"经现场核验的{zh} {bound}：自评为 {shown}，尚未经现场核验（{round_} 轮）",
                    "en": f"verified {en} {bound}: your self-assessment says {shown}, not yet verified "
                    f"(round {round_})",
                },
                True,
                False,
            )
        if rule.min is not None and seen.self_value < rule.min:
            return (
                {
                    "zh": f"{zh}提升到 {_number(rule.min)} 并经现场核验（自评为 {shown}，{round_} 轮）",
                    "en": f"{en} to {_number(rule.min)}, verified on site (your self-assessment says {shown}, "
                    f"round {round_})",
                },
                True,
                True,
            )
    if value is None:
        src_zh, src_en = SOURCE_NAMES[rule.source]
        return (
            {
                "zh": f"尚无 {round_} 轮的{zh}结果（{src_zh}）",
                "en": f"no {en} result for round {round_} yet ({src_en})",
            },
            True,
            True,
        )
    if rule.max is not None and value > rule.max:
        return (
            {
                "zh": f"{zh}高于本项目上限 {_number(rule.max)}（目前 {_number(value)}）",
                "en": f"{en} above this programme's ceiling of {_number(rule.max)} (now {_number(value)})",
            },
            False,
            False,
        )
    return (
        {
            "zh": f"{zh}提升到 {_number(rule.min)}（目前 {_number(value)}，{round_} 轮）",  # type: ignore[arg-type]  # not above max: below min
            "en": f"{en} to {_number(rule.min)} (now {_number(value)}, round {round_})",  # type: ignore[arg-type]
        },
        True,
        True,
    )


def closing_actions(rule, plan: dict | None) -> list[dict]:
    """The plan's actions that close a result rule's gap (``rank``: the place in the plan): for a
    part, the actions on that part; for a level or score, the plan's first actions up to where its
    what-if reaches the bound. None for a plan of another questionnaire (or no plan)."""
    if not isinstance(rule, ResultRule) or not plan or plan.get("questionnaire") != rule.questionnaire:
        return []
    actions = plan["actions"]
    rank = {a["id"]: n + 1 for n, a in enumerate(actions)}
    if rule.min is None:
        return []
    if rule.type == "part":
        chosen = [a for a in actions if a["part"] == rule.part]
    else:
        key = "level" if rule.type == "level" else "score"
        reach = next((p["n"] for p in plan["what_if"] if p[key] >= rule.min), len(actions))
        chosen = actions[: max(reach, 1)]
    return [
        {"id": a["id"], "rank": rank[a["id"]], "name": a["name"], "part": a["part"], "horizon": a["horizon"]}
        for a in chosen[:ACTIONS_SHOWN]
    ]


def programme_standing(programme: Programme, seen: list[RuleSeen], plan: dict | None = None) -> dict:
    """One programme for one enterprise: ``{programme, version, name, benefit, eligible, met:
    [{rule, text}], missing: [{rule, text, gap, closable, actions}], closable}``."""
    met, missing = [], []
    for s in seen:
        text = programme.rule_label(s.rule).model_dump()
        if s.met:
            met.append({"rule": s.path, "text": text})
            continue
        gap, closable, by_plan = gap_text(programme, s)
        missing.append(
            {
                "rule": s.path,
                "text": text,
                "value": s.value,
                "source": s.source,
                "gap": gap,
                "closable": closable,
                "actions": closing_actions(s.rule, plan) if by_plan else [],
            }
        )
    return {
        "programme": programme.id,
        "version": programme.version,
        "name": programme.name.model_dump(),
        "benefit": programme.benefit.model_dump(),
        "eligible": not missing,
        "met": met,
        "missing": missing,
        "closable": all(m["closable"] for m in missing),
    }


def nearest(standings: list[dict]) -> dict | None:
    """The programme not yet qualified for with the fewest rules short, all closable."""
    near = [s for s in standings if not s["eligible"] and s["closable"]]
    return min(near, key=lambda s: (len(s["missing"]), s["programme"])) if near else None


def _self_value(store: Store, programme: Programme, rule: ResultRule, code: str) -> float | None:
    q, round_ = rule.questionnaire, programme.rounds.resolve(rule.round)
    found = result_frame(store, q, round_, "self", [rule.part] if rule.part else [], credit_code=code)
    if code not in found.index:
        return None
    value = found.at[code, rule.part if rule.type == "part" else rule.type]
    return None if value is None or np.isnan(value) else float(value)


def rules_seen(store: Store, programme: Programme, code: str) -> list[RuleSeen] | None:
    """Each eligibility rule of the programme for enterprise ``code`` (None: no such enterprise)."""
    rules = rule_paths(programme)
    firms = enterprise_frame(store, credit_code=code)
    if firms.empty:
        return None
    results = read_results(store, programme, [r for _, r in rules], credit_code=code)
    out = []
    for path, rule in rules:
        outcome = evaluate_rule(programme, rule, firms, results)
        met = bool(outcome.met[0])
        value = outcome.values[0]
        source = outcome.sources[0] if outcome.sources is not None else None
        self_value = None
        if not met and isinstance(rule, ResultRule) and rule.source == "verified" and value is None:
            self_value = _self_value(store, programme, rule, code)
        out.append(RuleSeen(path, rule, met, value, source, self_value))
    return out


def enterprise_programmes(store: Store, actor: Actor, credit_code: str, plan: dict | None = None) -> dict:
    """``{active, eligible: [standing], nearest: standing | None}`` (``active``: how many
    programmes are active) over the active programmes for one
    enterprise, linked to its improvement ``plan``. Only the enterprise itself, the bureau or an
    assessor assigned to it."""
    require_read(store, actor, credit_code, "programme.standing")
    standings = []
    with store.read():
        for programme in versions.active(store):
            seen = rules_seen(store, programme, credit_code)
            if seen is not None:
                standings.append(programme_standing(programme, seen, plan))
    return {
        "active": len(standings),
        "eligible": [s for s in standings if s["eligible"]],
        "nearest": nearest(standings),
    }
