"""The improvement plan: ranking, roadmap, and a what-if that equals the scoring engine."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers import check_answers
from assessment.plan import actions_from_plan, apply_actions, improvement_plan, what_if
from assessment.scoring import score
from questionnaires import get
from tests.builders import tiny_dcmm, tiny_sme
from tests.strategies import answers_for


def dcmm_answers(seed: int, q=None):
    q = q or get("dcmm-2025")
    rnd = random.Random(seed)
    return q, check_answers(
        q,
        {c.id: rnd.random() < {2: 0.9, 3: 0.6, 4: 0.3, 5: 0.1}[c.level] for c in q.criterion_by_id.values()},
    )


@pytest.mark.parametrize("q", [tiny_dcmm(), tiny_sme(), get("dcmm-2025"), get("sme-2024")], ids=lambda q: q.id)
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
