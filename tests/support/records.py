"""Stored records the tests start from: an enterprise with a submitted assessment, a self-assessment
for on-site verification, SME answers at one level."""

from __future__ import annotations

import random

from assessment import lifecycle
from assessment.answers import check_answers
from assessment.enterprises import check_profile, save_profile
from questionnaires import get
from tests.conftest import code
from tests.support.import_files import as_answers, sme_answers

SME, DCMM = "sme-2024", "dcmm-2025"
PASSWORD = "Rk7#pWz2Lq9$Xm"  # of the assessor and bureau accounts the verification tests add


def dcmm_answers(seed: int) -> dict:
    """Complete dcmm-2025 answers: about a third of the items in quick mode, the rest criterion by
    criterion."""
    q = get(DCMM)
    rng = random.Random(seed)
    answers = {}
    for item in q.items:
        if rng.random() < 0.3:
            answers[item.id] = rng.randint(1, 5)
        else:
            answers.update({c.id: rng.random() < 0.7 for c in item.criteria})
    return answers


def add(store, admin, n: int, qid: str = SME, round_: str = "2025", source: str = "self", **profile) -> int:
    """Enterprise n with one submitted assessment; returns its id."""
    q = get(qid)
    given = as_answers(sme_answers(n)) if qid == SME else check_answers(q, dcmm_answers(n))
    data = {"credit_code": code(n), "name": f"导出测试企业{n}", "park": "金水创新产业园", "industry": "啤酒饮料"}
    data |= {"employees": 30 + n} | profile
    with store.write() as db:
        save_profile(db, check_profile(data), admin)
        return lifecycle.record_submitted(db, admin, code(n), q, round_, source, given)


def self_assessed(store, firm, level: int = 4) -> int:
    """``firm``'s submitted dcmm-2025 self-assessment in round 2025, every item at ``level`` in quick
    mode; returns its id."""
    draft = lifecycle.start_or_resume(store, firm, firm.credit_code, DCMM, "2025")
    for item in get(DCMM).items:
        lifecycle.save_answer(store, firm, draft, item.id, level)
    lifecycle.submit(store, firm, draft)
    return draft


def sme_answers_at(level: int) -> dict:
    """Complete SME answers with every scenario at ``level`` and the options picked to match."""
    q = get(SME)
    answers = {}
    for x in q.questions:
        if x.type == "single":
            answers[x.id] = x.options[min(level, len(x.options) - 1)].id
        elif x.type == "multi":
            answers[x.id] = [o.id for o in x.options if not o.exclusive][: level + 1]
        else:
            answers[x.id] = 15.0 * level + 5
    answers.update({s.id: (level + k % 2) % 5 for k, s in enumerate(q.scenarios)})
    return answers


def save_all(store, actor, assessment_id, answers: dict) -> None:
    """Save every answer of ``answers`` one by one, as the answer page does."""
    for qid, value in answers.items():
        lifecycle.save_answer(store, actor, assessment_id, qid, value)
