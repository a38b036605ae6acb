"""Results worked out by hand on the tiny questionnaires of tests/builders.py."""

import pytest

from assessment.answers import check_answers
from assessment.errors import AnswerError
from assessment.scoring import score
from tests.builders import tiny_dcmm, tiny_sme

ALL_L2_X = {"a.x.l2.1": True, "a.x.l2.2": True, "a.x.l2.3": True}


def test_dcmm_hand_worked_example():
    q = tiny_dcmm()
    answers = check_answers(
        q,
        {
            **ALL_L2_X,
            "a.x.l3.1": True,
            "a.x.l3.2": True,
            "a.x.l3.3": False,  # a.x: level 2, score 2 + 2/3
            "a.y": 4,  # quick mode: score 4
            "b.z.l2.1": True,  # b.z: level 1, score 1 + 1/3
        },
    )
    r = score(q, answers)
    assert r["items"]["a.x"]["level"] == 2
    assert r["items"]["a.x"]["score"] == pytest.approx(2 + 2 / 3)
    assert r["items"]["a.x"]["missing"] == ["a.x.l3.3"]
    assert r["items"]["a.y"] == {
        "score": 4.0,
        "level": 4,
        "missing": ["a.y.l5.1", "a.y.l5.2", "a.y.l5.3", "a.y.l5.4"],
        "mode": "quick",
        "quick": {"answer": 4, "check": None},
    }
    assert r["items"]["b.z"]["score"] == pytest.approx(4 / 3)
    assert r["areas"]["a"]["score"] == pytest.approx((2 + 2 / 3 + 4) / 2)
    assert r["areas"]["a"]["level"] == 3
    assert r["areas"]["b"]["level"] == 1
    # overall = (10/3 * 1 + 4/3 * 2) / 3 = 2.0 exactly: floor must not fall to 1 on float noise
    assert r["overall"]["score"] == pytest.approx(2.0)
    assert r["overall"]["level"] == 2
    assert r["overall"]["level_name"] == {"zh": "L2（中）", "en": "L2"}
    # b.z.l3.1 is an unmet red line at level 3: it caps the overall level at 2 (no effect here)
    assert [b["criterion"] for b in r["red_lines"]] == ["b.z.l3.1"]
    assert r["next_level"]["level"] == 3
    assert r["next_level"]["red_lines"] == ["b.z.l3.1"]
    # answered: a.x 6 of 12, a.y quick (all), b.z 1 of 12
    assert r["completeness"] == pytest.approx((6 / 12 + 1 + 1 / 12) / 3)


def test_dcmm_red_line_caps_overall_level():
    q = tiny_dcmm()
    everything = {c: True for c in q.criterion_by_id}
    assert score(q, everything)["overall"]["level"] == 5
    everything["a.x.l2.1"] = False  # red line at level 2 -> capped at 1
    r = score(q, everything)
    assert r["overall"]["uncapped_level"] == 4
    assert r["overall"]["level"] == 1
    assert r["red_lines"][0]["cap"] == 1


def test_dcmm_quick_mode_counts_as_meeting_red_lines_up_to_its_level():
    q = tiny_dcmm()
    assert score(q, {"a.x": 2, "a.y": 5, "b.z": 5})["overall"]["level"] == 4  # (3.5+10)/3 = 4.5
    r = score(q, {"a.x": 5, "a.y": 5, "b.z": 2})  # b.z at 2 < red line level 3: cap 2
    assert r["overall"]["level"] == 2
    assert r["red_lines"][0]["criterion"] == "b.z.l3.1"


def test_dcmm_nothing_answered_is_level_one():
    r = score(tiny_dcmm(), {})
    assert r["overall"] == {
        "score": 1.0,
        "level": 1,
        "level_name": {"zh": "L1（中）", "en": "L1"},
        "uncapped_level": 1,
    }
    assert r["completeness"] == 0


def test_dcmm_level_five_item_scores_five():
    q = tiny_dcmm()
    answers = {c: True for c in q.criterion_by_id if c.startswith("a.x")}
    assert score(q, answers)["items"]["a.x"] == {"score": 5.0, "level": 5, "missing": [], "mode": "detailed"}


def test_dcmm_gap_at_lower_level_stops_the_climb():
    q = tiny_dcmm()
    answers = {c: True for c in q.criterion_by_id if c.startswith("a.x") and ".l2." not in c}
    answers["a.x.l2.1"] = True
    r = score(q, answers)["items"]["a.x"]
    assert r["level"] == 1
    assert r["score"] == pytest.approx(1 + 1 / 3)
    assert r["missing"] == ["a.x.l2.2", "a.x.l2.3"]


def test_sme_hand_worked_example():
    q = tiny_sme()
    answers = check_answers(
        q,
        {
            "d1.q1": ["a", "b", "c"],
            "d1.q2": 50,
            "d2.q3": "y",
            "s1": 2,
            "s2": 3,
            "s3": 2,
            "s4": 0,
            "d1.q2.count": 7,
        },
    )
    r = score(q, answers)
    assert r["questions"] == {"d1.q1": 30, "d1.q2": 0, "d2.q3": 20}  # 35 capped at 30; 50 is in 0-50
    assert r["dimensions"] == {"d1": {"score": 30, "max": 60}, "d2": {"score": 20, "max": 40}}
    assert r["overall"]["score"] == 50
    # L2: score 50 >= 50, scenarios >= 2: s1 s2 s3 = 3 >= 3, constraint s1 s2 = 2 >= 2
    assert r["overall"]["level"] == 2
    c3 = r["checks"]["3"]
    assert (c3["met"], c3["score_short"], c3["scenarios"], c3["scenarios_short"]) == (False, 30, 1, 3)
    assert r["next_level"] == c3
    assert r["completeness"] == 1.0  # figures are not questions; s4 = 0 is an answer


def test_sme_band_edges():
    q = tiny_sme()
    pts = lambda v: score(q, {"d1.q2": v})["questions"]["d1.q2"]  # noqa: E731
    assert (pts(0), pts(50), pts(50.0001), pts(100)) == (0, 0, 30, 30)


def test_sme_level_not_rated_when_scenarios_missing():
    q = tiny_sme()
    r = score(q, {"d1.q1": ["a", "b"], "d1.q2": 90, "d2.q3": "z"})
    assert r["overall"]["score"] == 90
    assert r["overall"]["level"] == 0
    assert r["checks"]["1"]["scenarios_short"] == 2
    assert r["checks"]["1"]["constraint_short"] == 1
    assert r["completeness"] == pytest.approx(3 / 7)


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"d1.q1": ["none", "a"]}, "cannot be ticked with others"),
        ({"d1.q1": ["a", "a"]}, "ticked twice"),
        ({"d1.q1": "a"}, "list of option ids"),
        ({"d1.q1": ["zz"]}, "unknown option"),
        ({"d1.q2": 101}, "from 0 to 100"),
        ({"d1.q2": True}, "from 0 to 100"),
        ({"d2.q3": "w"}, "expected one of"),
        ({"s1": 5}, "integer 0-4"),
        ({"s1": 2.0}, "integer 0-4"),
        ({"nope": 1}, "unknown question id 'nope'"),
        ({"d1.q2.count": -1}, "number >= 0"),
    ],
)
def test_sme_bad_answers_name_the_question(answers, fragment):
    with pytest.raises(AnswerError) as info:
        check_answers(tiny_sme(), answers)
    assert fragment in info.value.en
    assert info.value.zh


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"a.x.l2.1": 1}, "expected true or false"),
        ({"a.x": 6}, "integer 1-5"),
        ({"a.x": True}, "integer 1-5"),
        ({"a.x": 3, "a.x.l2.1": True}, "both in quick mode"),
    ],
)
def test_dcmm_bad_answers_name_the_question(answers, fragment):
    with pytest.raises(AnswerError) as info:
        check_answers(tiny_dcmm(), answers)
    assert fragment in info.value.en
