"""The improvement plan: a ranked list of actions with effort and expected gain, grouped into a
3/6/12-month roadmap, and a "what-if" computed by the real scoring engine.

Pure: it takes the questionnaire, the answers and (optionally) the peers' median per part, which
the caller computes (``assessment`` never imports ``benchmarks``).

* DCMM: one action per item below level 5 — meet the unmet criteria of its next level, with the
  item's guidance for that level. Priority = the overall-score gain of the action (which is the
  item's gap to its next level × its weight) × how far the area lies below the peers' median,
  doubled when the action clears a red line (a key condition this tool sets) that caps the
  overall level. An item answered "not sure" in quick mode starts with finding out where it
  stands, and such actions come first in the plan; an item lowered by its quick-mode check
  starts with what the check asked.
* CMMM: one action per sub-domain below the threshold at the next overall level — meet its
  unmet requirements of that level, with the sub-domain's guidance for that level. Priority =
  how much closing it alone raises the level score A(next) (re-scored by the real scorer), ×
  how far the domain lies below the peers' median. "Not sure" and failed checks start the same
  way as for DCMM items.
* SME: one action per question below full points (the next better answer) and per scenario below
  level 4 (one level up). Priority = how much of the distance to the next overall level the
  action closes (score short, scenarios short, constraint scenarios short), plus a little for
  points gained, × how far the dimension lies below the peers' median.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from assessment.answers import UNSURE, Value, check_id
from assessment.lifecycle import result_parts
from assessment.scoring import score
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire, QuickCompanion, SmeQuestionnaire

EFFORT_POINTS = {"low": 1, "medium": 2, "high": 4}
GREEDY_PICKS = 6
HORIZONS = ((3, 4), (6, 10))  # (months, cumulative effort points that fit by then); the rest: 12


@dataclass
class Action:
    id: str
    kind: str  # item | subdomain | question | scenario
    target: str
    part: str
    to_level: int | None
    name: dict
    steps: list[dict]
    effort: str
    changes: dict[str, Value]
    criteria: list[str] = field(default_factory=list)
    clears_red_line: bool = False
    find_out_first: bool = False  # answered "not sure": establish the facts before acting
    gain: float = 0.0  # overall score gained by this action alone
    level_after: int = 0  # overall level after this action alone
    priority: float = 0.0
    horizon: int = 12

    def as_dict(self) -> dict:
        return asdict(self)


def _peer_factor(part: str, parts_now: dict[str, float], peers: dict[str, float] | None, scale: float) -> float:
    if not peers or part not in peers or part not in parts_now:
        return 1.0
    return 1.0 + max(0.0, peers[part] - parts_now[part]) / scale


# --------------------------------------------------------------------------------------- DCMM


def _dcmm_actions(q: DcmmQuestionnaire, answers: dict, result: dict) -> list[Action]:
    actions = []
    red = {b["criterion"] for b in result["red_lines"]}
    for item in q.items:
        r = result["items"][item.id]
        if r["level"] >= 5:
            continue
        target = r["level"] + 1
        guide = next((g for g in item.guidance if g.level == target), item.guidance[-1])
        changes: dict[str, Value] = {item.id: target} if r["mode"] == "quick" else {cid: True for cid in r["missing"]}
        criteria = list(r["missing"])
        first = _first_steps(q, item.id, r.get("quick"), r["level"])
        # a quick-mode item below a red line's level also breaches it; the action clears it
        actions.append(
            Action(
                id=f"{item.id}>{target}",
                kind="item",
                target=item.id,
                part=q.area_of_item[item.id],
                to_level=target,
                name=item.name.model_dump(),
                steps=first + [s.model_dump() for s in guide.steps],
                effort=guide.effort,
                changes=changes,
                criteria=criteria,
                find_out_first=bool(r.get("quick")) and r["quick"]["answer"] == UNSURE,
            )
        )
        actions[-1].clears_red_line = any(c in red for c in criteria) or any(
            b["item"] == item.id and b["level"] == target for b in result["red_lines"]
        )
    return actions


def _first_steps(q: QuickCompanion, item_id: str, quick: dict | None, level: int) -> list[dict]:
    """Steps that come before the guidance of a DCMM item or CMMM sub-domain in quick mode: find
    out where one answered "not sure" stands; make the answer to a failed check "yes"."""
    if not quick:
        return []
    if quick["answer"] == UNSURE:
        return [
            {
                "zh": f"先弄清现状：请熟悉情况的同事对照各等级描述核实本项实际做到哪一级"
                f"（回答“不确定”时按第 {level} 级计），再决定下一步。",
                "en": f"Find out first: ask a colleague who knows to check the level descriptions and establish "
                f"the level this item really reaches (a 'not sure' answer counts as level {level}), then decide.",
            }
        ]
    if quick["check"] is False:
        question = q.check_question(item_id, int(quick["answer"]))
        if question is not None:
            return [
                {
                    "zh": f"先做到核对题所问的，使答案变为“是”：{question.zh}",
                    "en": f"First make the answer to the check 'yes': {question.en}",
                }
            ]
    return []


def _dcmm_priority(action: Action, before: dict, after: dict, peers) -> float:
    gain = after["overall"]["score"] - before["overall"]["score"]
    boost = 2.0 if action.clears_red_line else 1.0
    return gain * boost * _peer_factor(action.part, result_parts(before), peers, 1.0)


# --------------------------------------------------------------------------------------- CMMM


def _cmmm_actions(q: CmmmQuestionnaire, answers: dict, result: dict) -> list[Action]:
    """One action per sub-domain below the threshold at the next overall level (none at 5)."""
    nxt = result["next_level"]
    if nxt is None:
        return []
    target = nxt["level"]
    actions = []
    for sub_id in nxt["subdomains_below"]:
        sub, r = q.subdomain_by_id[sub_id], result["subdomains"][sub_id]
        guide = next((g for g in sub.guidance if g.level == target), sub.guidance[-1])
        quick = r.get("quick")
        # quick mode: the sub-domain answered at the target level; detailed: the target level's
        # requirements fully met
        changes: dict[str, Value] = {sub_id: target} if quick else {rid: 1.0 for rid in r["missing"]}
        actions.append(
            Action(
                id=f"{sub_id}>{target}",
                kind="subdomain",
                target=sub_id,
                part=q.domain_of_subdomain[sub_id],
                to_level=target,
                name=sub.name.model_dump(),
                steps=_first_steps(q, sub_id, quick, r["level"]) + [s.model_dump() for s in guide.steps],
                effort=guide.effort,
                changes=changes,
                criteria=list(r["missing"]),
                find_out_first=bool(quick) and quick["answer"] == UNSURE,
            )
        )
    return actions


def _cmmm_priority(action: Action, before: dict, after: dict, peers) -> float:
    """How much the action alone raises A(next), the score of the next overall level."""
    target = str(before["next_level"]["level"])
    raised = after["levels"][target] - before["levels"][target]
    return raised * _peer_factor(action.part, result_parts(before), peers, 1.0)


# ---------------------------------------------------------------------------------------- SME


def _better_answer(question, value):
    """The next better answer to a question, or None when it already has full points."""
    if question.type == "single":
        current = next((o.points for o in question.options if o.id == value), 0.0)
        better = sorted((o for o in question.options if o.points > current), key=lambda o: o.points)
        return better[0].id if better else None
    if question.type == "multi":
        ticked = [v for v in (value or []) if not next(o for o in question.options if o.id == v).exclusive]
        have = sum(o.points for o in question.options if o.id in ticked)
        if have >= question.max_points - 1e-9:
            return None
        rest = sorted((o for o in question.options if o.id not in ticked and not o.exclusive), key=lambda o: -o.points)
        return [*ticked, rest[0].id] if rest else None
    current = 0.0
    if value is not None:
        current = next(b.points for b in question.bands if value <= b.max)
    better = [b for b in question.bands if b.points > current]
    return better[0].max if better else None


def _sme_actions(q: SmeQuestionnaire, answers: dict, result: dict) -> list[Action]:
    actions = []
    for x in q.questions:
        nxt = _better_answer(x, answers.get(x.id))
        if nxt is None:
            continue
        guide = x.guidance[0]
        actions.append(
            Action(
                id=f"{x.id}",
                kind="question",
                target=x.id,
                part=q.dimension_of[x.id],
                to_level=None,
                name=x.name.model_dump(),
                steps=[s.model_dump() for s in guide.steps],
                effort=guide.effort,
                changes={x.id: nxt},
            )
        )
    for s in q.scenarios:
        level = result["scenarios"][s.id]
        if level >= 4:
            continue
        guide = next((g for g in s.guidance if g.level == level + 1), s.guidance[-1])
        actions.append(
            Action(
                id=f"{s.id}>{level + 1}",
                kind="scenario",
                target=s.id,
                part="operations",
                to_level=level + 1,
                name=s.name.model_dump(),
                steps=[st.model_dump() for st in guide.steps],
                effort=guide.effort,
                changes={s.id: level + 1},
            )
        )
    return actions


def _distance(q: SmeQuestionnaire, result: dict) -> float:
    """How far the enterprise is from the levels above it: the next level counts fully, the ones
    after it less (so that work towards them still ranks), 0 at the top."""
    level = result["overall"]["level"]
    step = min(r.min_score for r in q.level_rules) or 20.0
    total = 0.0
    for rank, lv in enumerate(sorted(int(k) for k in result["checks"] if int(k) > level)):
        check = result["checks"][str(lv)]
        gap = (
            check["score_short"] / step
            + check["scenarios_short"] / max(check["min_scenarios"], 1)
            + check["constraint_short"] / max(check["min_constraint"], 1)
        )
        total += gap * (1.0, 0.3, 0.1, 0.05)[min(rank, 3)]
    return total


def _sme_priority(q, action: Action, before: dict, after: dict, peers) -> float:
    closed = _distance(q, before) - _distance(q, after)
    if after["overall"]["level"] > before["overall"]["level"]:
        closed = _distance(q, before) + 1.0  # reaches the next level outright
    points = (after["overall"]["score"] - before["overall"]["score"]) / 100.0
    parts_now = {k: v["score"] / v["max"] for k, v in before["dimensions"].items()}
    parts_now["operations"] = sum(before["scenarios"].values()) / (4.0 * len(before["scenarios"]))
    peer_share = None
    if peers:
        peer_share = {
            k: peers[k] / (4.0 if k == "operations" else next(d.max_points for d in q.dimensions if d.id == k))
            for k in peers
        }
    return (max(closed, 0.0) + 0.1 * points) * _peer_factor(action.part, parts_now, peer_share, 0.25)


# ------------------------------------------------------------------------------------ the plan


def _greedy_order(q, answers: dict, actions: list[Action], peers) -> list[Action]:
    """SME conditions interact (points and scenarios both gate a level), so each of the first
    ``GREEDY_PICKS`` actions is the one that helps most given those already chosen; the rest keep
    their order by priority alone. Priorities are kept as computed alone."""
    chosen: list[Action] = []
    rest = list(actions)
    current = dict(answers)
    while rest and len(chosen) < GREEDY_PICKS:
        before = score(q, current)
        best = max(
            rest,
            key=lambda a: (
                _sme_priority(q, a, before, score(q, apply_actions(current, [a])), peers),
                -EFFORT_POINTS[a.effort],
            ),
        )
        chosen.append(best)
        rest.remove(best)
        current = apply_actions(current, [best])
    return chosen + rest


def apply_actions(answers: dict[str, Value], actions: list[Action]) -> dict[str, Value]:
    out = dict(answers)
    for action in actions:
        if action.kind in ("item", "subdomain") and action.target in action.changes:
            # the new level replaces the criteria answers and the check of the old level
            for cid in [k for k in out if k.startswith(action.target + ".l") or k == check_id(action.target)]:
                del out[cid]
        out.update(action.changes)
    return out


def improvement_plan(q, answers: dict[str, Value], peers: dict[str, float] | None = None) -> dict:
    """The ranked actions, the roadmap and the what-if curve for checked ``answers``.

    ``peers`` is the median score per part (area / domain / dimension, plus ``operations`` for SME) of
    the enterprise's peers, or None when there are too few peers to compare.
    """
    before = score(q, answers)
    if isinstance(q, DcmmQuestionnaire):
        actions, priority = _dcmm_actions(q, answers, before), _dcmm_priority
    elif isinstance(q, CmmmQuestionnaire):
        actions, priority = _cmmm_actions(q, answers, before), _cmmm_priority
    else:
        actions = _sme_actions(q, answers, before)
        priority = lambda action, before, after, peers: _sme_priority(q, action, before, after, peers)  # noqa: E731
    for action in actions:
        after = score(q, apply_actions(answers, [action]))
        action.gain = after["overall"]["score"] - before["overall"]["score"]
        action.level_after = after["overall"]["level"]
        action.priority = priority(action, before, after, peers)
    actions = [a for a in actions if a.priority > 0 or a.gain > 0]
    # finding out where a "not sure" item stands comes before any other work
    actions.sort(key=lambda a: (not a.find_out_first, -a.priority, EFFORT_POINTS[a.effort], a.id))
    if isinstance(q, SmeQuestionnaire):
        actions = _greedy_order(q, answers, actions, peers)
    spent = 0
    for n, action in enumerate(actions):
        spent += EFFORT_POINTS[action.effort]
        action.horizon = next((months for months, budget in HORIZONS if spent <= budget), 12)
        if n == 0:
            action.horizon = 3  # always something to start with
    roadmap = {str(m): [a.id for a in actions if a.horizon == m] for m in (3, 6, 12)}
    return {
        "questionnaire": q.id,
        "version": q.version,
        "score": before["overall"]["score"],
        "level": before["overall"]["level"],
        "actions": [{k: v for k, v in a.as_dict().items() if k != "changes"} | {"changes": a.changes} for a in actions],
        "roadmap": roadmap,
        "what_if": what_if_curve(q, answers, actions),
    }


def what_if(q, answers: dict[str, Value], actions: list[Action], n: int) -> dict:
    """The result after the first ``n`` actions, by the real scoring engine."""
    return score(q, apply_actions(answers, actions[:n]))


def what_if_curve(q, answers: dict[str, Value], actions: list[Action]) -> list[dict]:
    """Score and level after the first n actions, for n = 0 .. len(actions)."""
    curve = []
    for n in range(len(actions) + 1):
        r = what_if(q, answers, actions, n)
        curve.append({"n": n, "score": r["overall"]["score"], "level": r["overall"]["level"]})
    return curve


def actions_from_plan(plan: dict) -> list[Action]:
    """Rebuild Action objects from a plan's JSON (for a what-if on a stored plan)."""
    return [Action(**{k: v for k, v in a.items() if k in Action.__dataclass_fields__}) for a in plan["actions"]]
