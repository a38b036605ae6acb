"""Properties of the scoring engine over any answers (hypothesis), on the tiny questionnaires
and on every shipped questionnaire."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers import check_answers
from assessment.batch import encode_dcmm, score_batch
from assessment.item_level import compile_criteria, item_levels
from assessment.scoring import score
from questionnaires import available
from questionnaires.schema import DcmmQuestionnaire
from tests.builders import tiny_cmmm, tiny_dcmm, tiny_sme
from tests.strategies import answers_for, dcmm_answers

QUESTIONNAIRES = [tiny_dcmm(), tiny_sme(), tiny_cmmm(), *available().values()]
IDS = [q.id for q in QUESTIONNAIRES]
DCMM = [q for q in QUESTIONNAIRES if isinstance(q, DcmmQuestionnaire)]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("q", QUESTIONNAIRES, ids=IDS)
@FAST
@given(data=st.data())
def test_scores_stay_in_range_and_level_obeys_the_rules(q, data):
    answers = check_answers(q, data.draw(answers_for(q)))
    r = score(q, answers)
    assert 0 <= r["completeness"] <= 1
    if q.kind == "dcmm":
        assert all(1 <= i["score"] <= 5 for i in r["items"].values())
        assert all(1 <= a["score"] <= 5 for a in r["areas"].values())
        level = r["overall"]["level"]
        assert 1 <= level <= max(1, math.floor(r["overall"]["score"] + 1e-9))
        assert level <= min([b["cap"] for b in r["red_lines"]] + [5]) or level == 1
    elif q.kind == "cmmm":
        assert 0 <= r["overall"]["score"] <= 5 + 1e-9
        level = r["overall"]["level"]
        assert level <= r["overall"]["score"] + 1e-9 < level + 1 or level == 5
        threshold = q.scoring.threshold
        assert all(r["levels"][str(L)] + 1e-9 >= threshold for L in range(1, level + 1))
        assert level == 5 or r["levels"][str(level + 1)] + 1e-9 < threshold
        assert all(0 <= d["score"] <= 5 + 1e-9 for d in r["domains"].values() if d["score"] is not None)
    else:
        assert 0 <= r["overall"]["score"] <= 100 + 1e-9
        level = r["overall"]["level"]
        if level:
            assert r["checks"][str(level)]["met"]
        higher = r["checks"].get(str(level + 1))
        assert higher is None or not higher["met"]


@pytest.mark.parametrize("q", DCMM, ids=[q.id for q in DCMM])
@FAST
@given(data=st.data())
def test_meeting_one_more_criterion_never_lowers_a_score(q, data):
    answers = data.draw(dcmm_answers(q))
    unmet = [c for c in q.criterion_by_id if answers.get(c) is not True and q.item_of_criterion[c] not in answers]
    if not unmet:
        return
    extra = data.draw(st.sampled_from(unmet))
    before = score(q, answers)
    after = score(q, {**answers, extra: True})
    assert after["overall"]["score"] >= before["overall"]["score"] - 1e-12
    assert after["overall"]["level"] >= before["overall"]["level"]
    for kind in ("items", "areas"):
        for key, value in before[kind].items():
            assert after[kind][key]["score"] >= value["score"] - 1e-12
            assert after[kind][key]["level"] >= value["level"]


@pytest.mark.parametrize("q", QUESTIONNAIRES, ids=IDS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_batch_scoring_equals_single_scoring(q, data):
    many = [check_answers(q, data.draw(answers_for(q))) for _ in range(8)]
    frame = score_batch(q, many)
    for row, answers in zip(frame.itertuples(index=False), many):
        single = score(q, answers)
        assert row.score == pytest.approx(single["overall"]["score"], abs=1e-9)
        assert row.level == single["overall"]["level"]
        parts = {"dcmm": "areas", "cmmm": "domains", "sme": "dimensions"}[q.kind]
        for key, value in single[parts].items():
            assert row._asdict()[key] == pytest.approx(value["score"], abs=1e-9)


@pytest.mark.parametrize("q", DCMM, ids=[q.id for q in DCMM])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_item_levels_of_single_and_batch_come_from_one_rule(q, data):
    """The single scorer's item levels equal ``item_levels`` on the batch encoding, and each
    level L has every criterion of levels 2..L met and, below 5, one of level L + 1 unmet."""
    many = [check_answers(q, data.draw(dcmm_answers(q))) for _ in range(6)]
    levels = item_levels(encode_dcmm(q, many).met, compile_criteria(q))
    for row, answers in zip(levels, many):
        single = score(q, answers)["items"]
        for j, item in enumerate(q.items):
            level = int(row[j])
            if single[item.id]["mode"] == "detailed":
                assert single[item.id]["level"] == level
            met = {c.id for c in item.criteria if answers.get(c.id) is True}
            assert all(c.id in met for c in item.criteria if c.level <= level)
            if level < 5:
                assert any(c.id not in met for c in item.criteria if c.level == level + 1)
