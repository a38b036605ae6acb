"""CMMM scoring (DESIGN.md §5), worked by hand on the tiny bank of ``tests/builders.py``.

The tiny bank: element ``people`` → domain ``org`` → ``org.main``; element ``make`` → domain
``design`` → ``design.product`` (may be "na"), ``design.process``; domain ``prod`` →
``prod.ops`` (4 requirements a level), ``prod.extra`` (process path only). Equal weights, so
A(L) = mean(people, make); make = mean(design, prod).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.answers import check_answers, parse_document
from assessment.batch import score_batch
from assessment.errors import AnswerError
from assessment.scoring import score
from tests.builders import tiny_cmmm

SUBS = ("org.main", "design.product", "design.process", "prod.ops", "prod.extra")
A = "n_plus_next"
B = "n_minus_1_plus_current_plus_next"


def _ops(level: int, values: list[float]) -> dict:
    return {f"prod.ops.l{level}.{n}": v for n, v in enumerate(values, 1)}


def _scored(answers: dict, formula: str = A) -> dict:
    q = tiny_cmmm(formula)
    return score(q, check_answers(q, answers))


def _both(answers: dict) -> tuple[dict, dict]:
    return _scored(answers, A), _scored(answers, B)


def test_everything_at_level_two_is_level_two_with_score_two():
    a, b = _both({"path": "discrete", **{s: 2 for s in SUBS if s != "prod.extra"}})
    assert a["levels"] == {"1": 1.0, "2": 1.0, "3": 0.0, "4": 0.0, "5": 0.0}
    assert (a["overall"]["level"], a["overall"]["score"]) == (2, 2.0)
    assert (b["overall"]["level"], b["overall"]["score"]) == (2, 2.0)


def test_level_two_exactly_at_the_threshold_is_reached():
    # A2 = mean(org 1, make mean(design 1 [product na], prod 0.2)) = mean(1, 0.6) = 0.8
    answers = {
        "path": "discrete",
        "org.main": 2,
        "design.product": "na",
        "design.process": 2,
        **_ops(1, [1, 1, 1, 1]),
        **_ops(2, [0.8, 0, 0, 0]),
        **_ops(3, [1, 1, 1, 1]),
    }
    a, b = _both(answers)
    assert a["levels"]["2"] == pytest.approx(0.8)
    # A3 = mean(org 0, make mean(design 0, prod 1)) = 0.25
    assert a["levels"]["3"] == pytest.approx(0.25)
    assert a["overall"]["level"] == b["overall"]["level"] == 2
    assert a["overall"]["score"] == pytest.approx(2.25)  # 2 + A3
    assert b["overall"]["score"] == pytest.approx(2.05)  # 1 + A2 + A3


def test_just_below_the_threshold_stays_at_level_one():
    # prod at L2 = 0.5 / 4 = 0.125 → make = 0.5625 → A2 = 0.78125
    answers = {
        "path": "discrete",
        "org.main": 2,
        "design.product": "na",
        "design.process": 2,
        **_ops(1, [1, 1, 1, 1]),
        **_ops(2, [0.5, 0, 0, 0]),
    }
    a, b = _both(answers)
    assert a["levels"]["2"] == pytest.approx(0.78125)
    assert a["overall"]["level"] == b["overall"]["level"] == 1
    assert a["overall"]["score"] == pytest.approx(1.78125)  # 1 + A2
    assert b["overall"]["score"] == pytest.approx(1.78125)  # 0 + A1 (1) + A2
    assert a["next_level"]["level"] == 2
    assert a["next_level"]["short"] == pytest.approx(0.8 - 0.78125)
    assert a["next_level"]["subdomains_below"] == ["prod.ops"]
    assert a["subdomains"]["prod.ops"]["missing"] == [f"prod.ops.l2.{n}" for n in (1, 2, 3, 4)]


def test_below_level_one():
    # only prod.ops meets level 1: A1 = mean(org 0, make mean(design 0, prod 1)) = 0.25
    answers = {"path": "discrete", "org.main": 0, "design.product": 0, "design.process": 0, **_ops(1, [1, 1, 1, 1])}
    a, b = _both(answers)
    assert a["overall"]["level"] == b["overall"]["level"] == 0
    assert a["overall"]["score"] == b["overall"]["score"] == pytest.approx(0.25)
    assert a["overall"]["level_name"] == {"zh": "一级以下", "en": "Below level 1"}


def test_level_five():
    a, b = _both({"path": "process", **{s: 5 for s in SUBS}})
    assert a["overall"]["level"] == b["overall"]["level"] == 5
    assert a["overall"]["score"] == b["overall"]["score"] == 5.0
    assert a["next_level"] is None


def test_the_two_formulas_differ_between_levels():
    # everything quick 3, then prod.ops detailed with L4 half met: prod L4 = 0.5
    answers = {"path": "discrete", "org.main": 4, "design.product": 4, "design.process": 4, **_ops(1, [1] * 4)}
    answers |= _ops(2, [1] * 4) | _ops(3, [1] * 4) | _ops(4, [1, 1, 0, 0])
    # A4 = mean(1, mean(1, 0.5)) = 0.875 ≥ 0.8 → n = 4; A5 = 0
    a, b = _both(answers)
    assert a["overall"]["level"] == 4
    assert a["overall"]["score"] == pytest.approx(4.0)
    assert b["overall"]["score"] == pytest.approx(3.875)
    answers |= _ops(4, [1, 0, 0, 0])  # prod L4 = 0.25 → A4 = mean(1, 0.625) = 0.8125 → still 4
    a, b = _both(answers)
    assert a["levels"]["4"] == pytest.approx(0.8125)
    assert b["overall"]["score"] == pytest.approx(3 + 0.8125)


def test_not_applicable_drops_out_and_the_weights_renormalise():
    base = {"path": "discrete", "org.main": 2, "design.process": 2, "prod.ops": 2}
    with_zero = _scored({**base, "design.product": 0})
    with_na = _scored({**base, "design.product": "na"})
    assert with_zero["levels"]["1"] == pytest.approx(0.875)  # mean(1, mean(0.5, 1))
    assert with_na["levels"]["1"] == 1.0
    assert with_na["subdomains"]["design.product"]["applicable"] is False
    assert with_na["overall"]["level"] == 2


def test_the_path_decides_which_sub_domains_count():
    answers = {"org.main": 3, "design.product": 3, "design.process": 3, "prod.ops": 3, "prod.extra": 0}
    discrete = _scored({"path": "discrete", **answers})
    process = _scored({"path": "process", **answers})
    assert discrete["levels"]["1"] == 1.0  # prod.extra does not count on the discrete path
    assert process["levels"]["1"] == pytest.approx(0.875)  # mean(1, mean(1, mean(1, 0)))
    assert discrete["overall"]["level"] == process["overall"]["level"] == 3
    assert discrete["subdomains"]["prod.extra"]["applicable"] is False
    assert discrete["path"] == "discrete" and process["path"] == "process"


def test_quick_mode_check_no_lowers_a_level_by_one():
    r = _scored({"path": "discrete", "org.main": 4, "org.main.check": False})
    assert r["subdomains"]["org.main"]["level"] == 3


def test_answers_are_checked_with_named_errors():
    q = tiny_cmmm()
    with pytest.raises(AnswerError, match="org.main.l1.1"):
        check_answers(q, {"org.main.l1.1": 0.7})
    with pytest.raises(AnswerError, match="org.main"):
        check_answers(q, {"org.main": "na"})  # may not be marked not applicable
    with pytest.raises(AnswerError, match="path"):
        check_answers(q, {"path": "continuous"})
    with pytest.raises(AnswerError, match="design.product"):
        check_answers(q, {"design.product": "na", "design.product.l1.1": 1})


def test_the_document_path_field_is_read(monkeypatch):
    q = tiny_cmmm()
    monkeypatch.setattr("assessment.answers.get", lambda qid, version=None: q)
    _, checked = parse_document({"questionnaire": q.id, "path": "process", "answers": {"prod.extra": 1}})
    assert checked["path"] == "process"


# ------------------------------------------------------------------------------- properties

VALUES = st.sampled_from([0, 0.5, 0.8, 1])


@st.composite
def answer_sets(draw):
    q = tiny_cmmm()
    answers: dict = {"path": draw(st.sampled_from(["discrete", "process"]))}
    for sub in q.subdomains:
        ways = ["quick", "detailed", "none"] + (["na"] if sub.may_be_na else [])
        how = draw(st.sampled_from(ways))
        if how == "quick":
            answers[sub.id] = draw(st.integers(0, 5))
        elif how == "na":
            answers[sub.id] = "na"
        elif how == "detailed":
            for rid in sub.requirement_ids:
                if draw(st.booleans()):
                    answers[rid] = draw(VALUES)
    return answers


@given(answer_sets(), st.data())
def test_the_level_never_falls_when_an_answer_rises(answers, data):
    q = tiny_cmmm()
    detailed = [rid for rid in q.requirement_by_id if q.subdomain_of_requirement[rid] not in answers]
    if not detailed:
        return
    rid = data.draw(st.sampled_from(detailed))
    before = score(q, check_answers(q, answers))
    higher = [v for v in (0, 0.5, 0.8, 1) if v > answers.get(rid, 0)]
    if not higher:
        return
    after = score(q, check_answers(q, {**answers, rid: data.draw(st.sampled_from(higher))}))
    assert after["overall"]["level"] >= before["overall"]["level"]
    assert after["overall"]["score"] >= before["overall"]["score"] - 1e-9


@given(st.lists(answer_sets(), min_size=1, max_size=6))
def test_single_and_batch_scoring_agree(many):
    q = tiny_cmmm(B)
    checked = [check_answers(q, a) for a in many]
    batch = score_batch(q, checked)
    for n, answers in enumerate(checked):
        one = score(q, answers)
        assert batch["level"][n] == one["overall"]["level"]
        assert batch["score"][n] == pytest.approx(one["overall"]["score"])
        for domain, part in one["domains"].items():
            assert np.isclose(batch[domain][n], part["score"])


def test_the_shipped_bank_scores_by_the_same_rules():
    from questionnaires import get

    q = get("cmmm-2020")
    assert q.scoring.final_score == A and q.scoring.threshold == 0.8
    at_two = score(q, check_answers(q, {"path": "discrete", **{s.id: 2 for s in q.subdomains}}))
    assert (at_two["overall"]["level"], at_two["overall"]["score"]) == (2, 2.0)
    assert at_two["overall"]["level_name"]["zh"] == "规范级"
    # product design marked not applicable and nothing else answered above level 1 but it
    answers = {"path": "process", "design.product": "na", **{s.id: 1 for s in q.subdomains if s.id != "design.product"}}
    one = score(q, check_answers(q, answers))
    assert one["overall"]["level"] == 1 and one["subdomains"]["design.product"]["applicable"] is False
    assert one["domains"]["design"]["score"] == 1.0  # process design alone carries the design domain
    full = score(q, check_answers(q, {"path": "process", **{rid: 1 for rid in q.requirement_by_id}}))
    assert (full["overall"]["level"], full["overall"]["score"], full["completeness"]) == (5, 5.0, 1.0)
