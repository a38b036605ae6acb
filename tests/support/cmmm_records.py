"""A manufacturer's submitted cmmm-2020 self-assessment for the evidence, verification and
programme tests: quick mode, discrete path, every sub-domain at one level, some marked not
applicable."""

from __future__ import annotations

from assessment import lifecycle
from assessment.answers import PATH_KEY, check_id
from questionnaires import get

CMMM = "cmmm-2020"


def cmmm_self_assessed(
    store, firm, level: int = 2, na: tuple[str, ...] = ("design.product",), round_: str = "2025", check: bool = True
) -> int:
    """``firm``'s submitted cmmm-2020 self-assessment in ``round_``: discrete path, the sub-domains
    in ``na`` marked not applicable, every other one at ``level`` in quick mode (a checked level
    answered "yes"); returns its id."""
    q = get(CMMM)
    draft = lifecycle.start_or_resume(store, firm, firm.credit_code, CMMM, round_)
    lifecycle.save_answer(store, firm, draft, PATH_KEY, "discrete")
    for sub in q.subdomains:
        lifecycle.save_answer(store, firm, draft, sub.id, "na" if sub.id in na else level)
        if sub.id not in na and q.check_question(sub.id, level) is not None:
            lifecycle.save_answer(store, firm, draft, check_id(sub.id), check)
    lifecycle.submit(store, firm, draft)
    return draft
