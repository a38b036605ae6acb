"""Figures for the question banks and the scoring engine (issue: foundation)."""

from __future__ import annotations

import numpy as np

from assessment.answers import check_answers
from assessment.batch import DcmmMatrix, SmeMatrix, score_dcmm_batch, score_sme_batch
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
    return rows
