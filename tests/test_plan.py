"""The improvement plan: ranking, roadmap, and a what-if that equals the scoring engine."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers import check_answers
from assessment.plan import actions_from_plan, apply_actions, improvement_plan, what_if
from assessment.scoring import score
from questionnaires import get
from tests.builders import tiny_cmmm, tiny_dcmm, tiny_sme
from tests.strategies import answers_for


def dcmm_answers(seed: int, q=None):
    q = q or get("dcmm-2025")
    rnd = random.Random(seed)
    return q, check_answers(
        q,
        {c.id: rnd.random() < {2: 0.9, 3: 0.6, 4: 0.3, 5: 0.1}[c.level] for c in q.criterion_by_id.values()},
    )


@pytest.mark.parametrize(
    "q",
    [tiny_dcmm(), tiny_sme(), tiny_cmmm(), get("dcmm-2025"), get("sme-2024"), get("cmmm-2020")],
    ids=lambda q: q.id,
)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_if_equals_scoring_the_modified_answers(q, data):
    answers = check_answers(q, data.draw(answers_for(q)))
    plan = improvement_plan(q, answers)
    actions = actions_from_plan(plan)
    for point in plan["what_if"]:
        modified = check_answers(q, apply_actions(answers, actions[: point["n"]]))
        expected = score(q, modified)["overall"]
        assert point["score"] == pytest.approx(expected["score"])
        assert point["level"] == expected["level"]
    # every action gains something alone, and doing all never lowers the score
    assert all(a["gain"] > 0 or a["priority"] > 0 for a in plan["actions"])
    assert plan["what_if"][-1]["score"] >= plan["what_if"][0]["score"] - 1e-9


def test_dcmm_plan_puts_red_lines_first_and_lists_unmet_criteria():
    q, answers = dcmm_answers(1)
    result = score(q, answers)
    plan = improvement_plan(q, answers)
    assert result["red_lines"], "this seed breaches a red line"
    first = plan["actions"][0]
    assert first["clears_red_line"] is True
    assert first["criteria"] == result["items"][first["target"]]["missing"]
    assert first["steps"] and first["effort"] in ("low", "medium", "high")
    assert [a["id"] for a in plan["actions"]] == [a for m in ("3", "6", "12") for a in plan["roadmap"][m]]
    priorities = [a["priority"] for a in plan["actions"]]
    assert priorities == sorted(priorities, reverse=True)


def test_peers_raise_the_priority_of_areas_below_their_median():
    q, answers = dcmm_answers(4)
    plain = improvement_plan(q, answers)
    area_scores = score(q, answers)["areas"]
    weakest = min(area_scores, key=lambda a: area_scores[a]["score"])
    peers = {a: 1.0 for a in area_scores} | {weakest: 5.0}
    boosted = improvement_plan(q, answers, peers)
    rank = lambda plan: next(i for i, a in enumerate(plan["actions"]) if a["part"] == weakest)  # noqa: E731
    assert rank(boosted) <= rank(plain)
    assert any(a["part"] == weakest for a in boosted["actions"][:3])


def test_sme_plan_reaches_the_next_level_first():
    q = tiny_sme()
    # 45 points, L1 met; L2 needs 50 points and 3 scenarios >= 2 (2 constraint)
    answers = check_answers(q, {"d1.q1": ["a"], "d1.q2": 60, "d2.q3": "x", "s1": 2, "s2": 2, "s3": 1, "s4": 1})
    assert score(q, answers)["overall"]["level"] == 1
    plan = improvement_plan(q, answers)
    after_two = what_if(q, answers, actions_from_plan(plan), 2)
    assert after_two["overall"]["level"] == 2


# ------------------------------------------------------------------------------------ CMMM
# The tiny bank (tests/builders.py) on the discrete path: A(L) = ½ org.main + ¼ design + ¼ prod,
# design = mean(design.product, design.process), prod = prod.ops (prod.extra is process only).


def _cmmm(answers: dict, peers=None):
    q = tiny_cmmm()
    checked = check_answers(q, {"path": "discrete", **answers})
    return q, checked, improvement_plan(q, checked, peers)


def test_cmmm_plan_ranks_sub_domains_by_how_much_they_raise_the_next_level_score():
    # all four sub-domains at level 2 in quick mode: level 2, A(3) = 0, score 2
    q, answers, plan = _cmmm({"org.main": 2, "design.product": 2, "design.process": 2, "prod.ops": 2})
    assert (plan["level"], plan["score"]) == (2, 2.0)
    # closing a sub-domain at level 3 raises A(3) by its share: org ½, prod.ops ¼, design ⅛ each
    assert [(a["id"], a["priority"]) for a in plan["actions"]] == [
        ("org.main>3", pytest.approx(0.5)),
        ("prod.ops>3", pytest.approx(0.25)),
        ("design.process>3", pytest.approx(0.125)),
        ("design.product>3", pytest.approx(0.125)),
    ]
    first = plan["actions"][0]
    assert first["kind"] == "subdomain" and first["part"] == "org" and first["to_level"] == 3
    assert first["changes"] == {"org.main": 3}  # quick mode: answered at the next level
    assert first["criteria"] == ["org.main.l3.1", "org.main.l3.2"]
    assert first["steps"] == [q.subdomain_by_id["org.main"].guidance[2].steps[0].model_dump()]
    assert first["effort"] == "low"
    # n + A(n+1): 2.5, 2.75, then A(3) = 0.875 ≥ 0.8 reaches level 3 (score 3 + A(4) = 3)
    assert [(p["level"], p["score"]) for p in plan["what_if"]] == [
        (2, pytest.approx(2.0)),
        (2, pytest.approx(2.5)),
        (2, pytest.approx(2.75)),
        (3, pytest.approx(3.0)),
        (3, pytest.approx(3.0)),
    ]


def test_cmmm_plan_in_detailed_mode_meets_the_unmet_requirements_and_skips_what_does_not_apply():
    # product design not applicable: A = ½ org.main + ¼ design.process + ¼ prod.ops
    level_one = {f"{s}.l1.{n}": 1 for s in ("org.main", "design.process") for n in (1, 2)} | {
        f"prod.ops.l1.{n}": 1 for n in (1, 2, 3, 4)
    }
    level_two = {"org.main.l2.1": 0.5, "org.main.l2.2": 0.5, "design.process.l2.1": 1, "design.process.l2.2": 1}
    level_two |= {"prod.ops.l2.1": 1, "prod.ops.l2.2": 1, "prod.ops.l2.3": 0.8, "prod.ops.l2.4": 0}
    _, _, plan = _cmmm({"design.product": "na", **level_one, **level_two})
    # A(2) = ½·0.5 + ¼·1 + ¼·0.7 = 0.675 < 0.8: level 1, score 1.675
    assert plan["level"] == 1 and plan["score"] == pytest.approx(1.675)
    by_id = {a["id"]: a for a in plan["actions"]}
    assert list(by_id) == ["org.main>2", "prod.ops>2"]  # design.process is at 1.0; product design n/a
    org, ops = by_id["org.main>2"], by_id["prod.ops>2"]
    assert org["changes"] == {"org.main.l2.1": 1.0, "org.main.l2.2": 1.0}
    assert ops["changes"] == {"prod.ops.l2.3": 1.0, "prod.ops.l2.4": 1.0}
    assert ops["criteria"] == ["prod.ops.l2.3", "prod.ops.l2.4"]
    # org.main alone: A(2) = 0.925, level 2 (score 2 + A(3) = 2); prod.ops alone: A(2) = 0.75
    assert org["priority"] == pytest.approx(0.25) and org["level_after"] == 2
    assert org["gain"] == pytest.approx(2.0 - 1.675)
    assert ops["priority"] == pytest.approx(0.075) and ops["level_after"] == 1
    assert ops["gain"] == pytest.approx(0.075)


def test_cmmm_plan_below_level_one_starts_by_finding_out():
    # org.main "not sure" counts as level 0 (the tiny bank has no quick companion):
    # A(1) = ½·0 + ½·1 = 0.5, below level 1, score A(1)
    _, _, plan = _cmmm({"org.main": "unsure", "design.product": 2, "design.process": 2, "prod.ops": 2})
    assert plan["level"] == 0 and plan["score"] == pytest.approx(0.5)
    [action] = plan["actions"]
    assert action["id"] == "org.main>1" and action["find_out_first"] is True
    assert "not sure" in action["steps"][0]["en"]
    # answered at level 1: A(1) = 1, A(2) = 0.5, level 1, score 1.5
    assert plan["what_if"][-1] == {"n": 1, "score": pytest.approx(1.5), "level": 1}


def test_cmmm_plan_at_level_five_has_nothing_to_do():
    _, _, plan = _cmmm({s: 5 for s in ("org.main", "design.product", "design.process", "prod.ops")})
    assert plan["level"] == 5 and plan["actions"] == []


def test_cmmm_peers_raise_domains_below_their_median():
    # design's domain score is 2 (level 2 + A(3) = 0); the peers' median 4 makes the factor 3
    _, _, plan = _cmmm(
        {"org.main": 2, "design.product": 2, "design.process": 2, "prod.ops": 2},
        peers={"org": 0.0, "design": 4.0, "prod": 0.0},
    )
    assert [(a["id"], a["priority"]) for a in plan["actions"]] == [
        ("org.main>3", pytest.approx(0.5)),
        ("design.process>3", pytest.approx(0.375)),
        ("design.product>3", pytest.approx(0.375)),
        ("prod.ops>3", pytest.approx(0.25)),
    ]


def test_cmmm_quick_check_answered_no_is_replaced_by_the_next_level():
    # org.main level 3 with its check answered "no" counts as 2: level 2, A(3) = 0
    q, answers, plan = _cmmm(
        {"org.main": 3, "org.main.check": False, "design.product": 2, "design.process": 2, "prod.ops": 2}
    )
    assert plan["level"] == 2
    action = plan["actions"][0]
    assert action["id"] == "org.main>3" and action["priority"] == pytest.approx(0.5)
    # answered at level 3 again, the failed check goes: org.main counts 3
    changed = apply_actions(answers, actions_from_plan({"actions": [action]}))
    assert "org.main.check" not in changed and changed["org.main"] == 3
    assert score(q, check_answers(q, changed))["levels"]["3"] == pytest.approx(0.5)
