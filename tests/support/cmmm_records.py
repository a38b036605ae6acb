"""A manufacturer's submitted cmmm-2020 self-assessment for the evidence, verification and
programme tests: quick mode, discrete path, every sub-domain at one level, some marked not
applicable."""

from __future__ import annotations

from assessment import doubt, lifecycle
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


def doubt_flags_ready() -> bool:
    """Whether ``assessment.doubt`` reads cmmm answers (taught in a parallel change); until it does,
    the tests that submit cmmm records store no doubt flags for them (``patch_doubt``)."""
    q, answers = get(CMMM), {"path": "discrete", "strategy.organisation": 2}
    try:
        doubt.straight_line(q, answers)
        doubt.not_cumulative(q, answers)
        doubt.contradiction(q, answers)
    except (AttributeError, KeyError, TypeError):
        return False
    return True


def patch_doubt(monkeypatch) -> None:
    if not doubt_flags_ready():
        from assessment import flag_store

        real = flag_store.assessment_flags
        monkeypatch.setattr(flag_store, "assessment_flags", lambda q, *args: [] if q.kind == "cmmm" else real(q, *args))


def patch_part_scale(monkeypatch) -> None:
    """Until ``questionnaires.parts.part_max`` knows the CMMM domains' 0-5 scale (a parallel
    change), the verification queue's peer check reads 5 for them here."""
    from benchmarks import verification as queue
    from questionnaires.parts import part_max

    q = get(CMMM)
    try:
        part_max(q, q.domains[0].id)
    except AttributeError:
        monkeypatch.setattr(queue, "part_max", lambda q, part: 5.0 if q.kind == "cmmm" else part_max(q, part))
