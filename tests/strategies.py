"""Hypothesis strategies: any valid answers to a given questionnaire."""

from __future__ import annotations

from hypothesis import strategies as st

from assessment.answers import UNSURE, check_id, needs_check
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire, SmeQuestionnaire


@st.composite
def dcmm_answers(draw, q: DcmmQuestionnaire) -> dict:
    answers: dict = {}
    for item in q.items:
        mode = draw(st.sampled_from(["none", "quick", "detailed", "detailed"]))
        if mode == "quick":
            answers[item.id] = draw(st.one_of(st.integers(1, 5), st.just(UNSURE)))
            if needs_check(answers[item.id]):
                check = draw(st.sampled_from([None, True, False]))
                if check is not None:
                    answers[check_id(item.id)] = check
        elif mode == "detailed":
            for c in item.criteria:
                value = draw(st.sampled_from([None, True, False, True]))
                if value is not None:
                    answers[c.id] = value
    return answers


@st.composite
def sme_answers(draw, q: SmeQuestionnaire) -> dict:
    answers: dict = {}
    for x in q.questions:
        if not draw(st.booleans()) and draw(st.booleans()):
            continue  # about a quarter left unanswered
        if x.type == "single":
            answers[x.id] = draw(st.sampled_from([o.id for o in x.options]))
        elif x.type == "multi":
            normal = [o.id for o in x.options if not o.exclusive]
            exclusive = [o.id for o in x.options if o.exclusive]
            if exclusive and draw(st.booleans()) and draw(st.booleans()):
                answers[x.id] = [exclusive[0]]
            else:
                answers[x.id] = draw(st.lists(st.sampled_from(normal), unique=True))
        else:
            low, high = x.bands[0].min, x.bands[-1].max
            edges = [b.max for b in x.bands] + [low]
            answers[x.id] = draw(st.one_of(st.sampled_from(edges), st.floats(low, high, allow_nan=False)))
    for s in q.scenarios:
        if draw(st.integers(0, 5)) > 0:
            answers[s.id] = draw(st.integers(0, 4))
    return answers


@st.composite
def cmmm_answers(draw, q: CmmmQuestionnaire) -> dict:
    answers: dict = {"path": draw(st.sampled_from(q.paths))}
    for sub in q.subdomains:
        mode = draw(st.sampled_from(["none", "quick", "detailed", "detailed"] + (["na"] if sub.may_be_na else [])))
        if mode == "na":
            answers[sub.id] = "na"
        elif mode == "quick":
            answers[sub.id] = draw(st.one_of(st.integers(0, 5), st.just(UNSURE)))
            if needs_check(answers[sub.id]):
                check = draw(st.sampled_from([None, True, False]))
                if check is not None:
                    answers[check_id(sub.id)] = check
        elif mode == "detailed":
            for rid in sub.requirement_ids:
                value = draw(st.sampled_from([None, 0, 0.5, 0.8, 1, 1]))
                if value is not None:
                    answers[rid] = value
    return answers


def answers_for(q):
    if isinstance(q, DcmmQuestionnaire):
        return dcmm_answers(q)
    return cmmm_answers(q) if isinstance(q, CmmmQuestionnaire) else sme_answers(q)
