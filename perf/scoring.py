"""Figures for the question banks and the scoring engine (issue: foundation)."""

from __future__ import annotations

import numpy as np

from assessment.answers import check_answers
from assessment.batch import DcmmMatrix, SmeMatrix, score_dcmm_batch, score_sme_batch
from assessment.cmmm_scoring import NOT_QUICK, QUICK_NA, score_cmmm_batch
from assessment.scoring import score
from questionnaires import get, loader

N = 100_000


def random_dcmm(q, n: int, rng: np.random.Generator) -> DcmmMatrix:
    # each assessment has its own propensity, so that levels spread over 1..5
    propensity = rng.beta(4, 2, size=(n, 1))
    met = rng.random((n, len(q.criterion_by_id))) < propensity
    return DcmmMatrix(met=met, quick=np.zeros((n, len(q.items)), dtype=np.int8))


def random_sme(q, n: int, rng: np.random.Generator) -> SmeMatrix:
    choices = {}
    for x in q.questions:
        if x.type == "single":
            choices[x.id] = rng.integers(-1, len(x.options), size=n).astype(np.int16)
        elif x.type == "multi":
            normal = sum(1 << k for k, o in enumerate(x.options) if not o.exclusive)
            choices[x.id] = rng.integers(0, 1 << len(x.options), size=n) & normal
        else:
            choices[x.id] = rng.uniform(x.bands[0].min, x.bands[-1].max, size=n)
    return SmeMatrix(choices=choices, scenarios=rng.integers(0, 5, size=(n, len(q.scenarios))).astype(np.int8))


def random_cmmm(q, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The encoded arrays of ``assessment.cmmm_scoring.score_arrays``: requirement values (each
    assessment with its own propensity, so that levels spread over 0..5), about a fifth of the
    sub-domains in quick mode, "na" now and then where allowed, both paths."""
    allowed = np.array(q.answer_values)  # lowest first: the last is "fully met"
    level = np.array([r.level for r in q.requirement_by_id.values()])
    propensity = rng.beta(4, 2, size=(n, 1))
    fully = rng.random((n, len(level))) < propensity ** (level / 2)  # higher levels are met less often
    partly = allowed[rng.integers(0, len(allowed) - 1, size=fully.shape)]
    values = np.where(fully, allowed[-1], partly)
    quick = np.full((n, len(q.subdomains)), NOT_QUICK, dtype=np.int8)
    in_quick = rng.random(quick.shape) < 0.2
    quick[in_quick] = rng.integers(0, 6, size=int(in_quick.sum()))
    may_na = np.array([s.may_be_na for s in q.subdomains])
    quick[(rng.random(quick.shape) < 0.1) & may_na] = QUICK_NA
    path = rng.integers(0, len(q.paths), size=n).astype(np.intp)
    return values, quick, path


def one_cmmm(q, rng: np.random.Generator) -> dict:
    """A complete cmmm-2020 answer document: the path, three sub-domains in quick mode, the
    rest requirement by requirement."""
    answers: dict = {"path": q.paths[0]}
    for k, sub in enumerate(q.subdomains):
        if k < 3:
            answers[sub.id] = 3
        else:
            answers.update({rid: float(rng.choice(q.answer_values)) for rid in sub.requirement_ids})
    return answers


def benchmarks() -> list[tuple[str, float, str, str]]:
    from perf.run import best_of, peak_memory

    rng = np.random.default_rng(7)
    rows = []

    def load_all():
        loader._catalogue.cache_clear()
        loader._current.cache_clear()
        return loader.available()

    rows.append(("load all questionnaires (parse + validate YAML)", best_of(load_all) * 1e3, "ms", ""))
    dcmm, sme = get("dcmm-2025"), get("sme-2024")
    one_dcmm = {c: bool(rng.random() < 0.6) for c in dcmm.criterion_by_id}
    one_sme = {x.id: x.options[-1].id for x in sme.questions if x.type == "single"}
    rows.append(
        (
            "score one dcmm-2025 assessment (check + score)",
            best_of(lambda: score(dcmm, check_answers(dcmm, one_dcmm)), 50) * 1e3,
            "ms",
            "<= 1",
        )
    )
    rows.append(
        (
            "score one sme-2024 assessment (check + score)",
            best_of(lambda: score(sme, check_answers(sme, one_sme)), 50) * 1e3,
            "ms",
            "<= 1",
        )
    )
    m_dcmm = random_dcmm(dcmm, N, rng)
    rows.append(
        (
            f"batch score {N:,} dcmm-2025 (detailed mode)",
            best_of(lambda: score_dcmm_batch(dcmm, m_dcmm)),
            "s",
            "<= 1",
        )
    )
    rows.append(
        (
            "  peak memory of that batch (inputs excluded)",
            peak_memory(lambda: score_dcmm_batch(dcmm, m_dcmm)),
            "MB",
            "",
        )
    )
    m_sme = random_sme(sme, N, rng)
    rows.append((f"batch score {N:,} sme-2024", best_of(lambda: score_sme_batch(sme, m_sme)), "s", "<= 1"))
    cmmm = get("cmmm-2020")
    one = one_cmmm(cmmm, rng)
    rows.append(
        (
            "score one cmmm-2020 assessment (check + score)",
            best_of(lambda: score(cmmm, check_answers(cmmm, one)), 50) * 1e3,
            "ms",
            "<= 1",
        )
    )
    m_cmmm = random_cmmm(cmmm, N, rng)
    rows.append(
        (
            f"batch score {N:,} cmmm-2020 (encoded arrays)",
            best_of(lambda: score_cmmm_batch(cmmm, *m_cmmm)),
            "s",
            "<= 1",
        )
    )
    rows.append(
        (
            "  peak memory of that batch (inputs excluded)",
            peak_memory(lambda: score_cmmm_batch(cmmm, *m_cmmm)),
            "MB",
            "",
        )
    )
    return rows
