"""The batch path of CMMM scoring sums each sub-domain's requirements at a level as one run of
columns: the order a bank lists its requirements in must not change any result."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.cmmm_scoring import NOT_QUICK, QUICK_NA, layout, score_arrays
from questionnaires.loader import parse
from tests.builders import tiny_cmmm, tiny_cmmm_data


def shuffled_bank(seed: int):
    """tiny-cmmm with each sub-domain's requirements listed in a random order."""
    data = tiny_cmmm_data()
    rng = random.Random(seed)
    for element in data["elements"]:
        for domain in element["domains"]:
            for sub in domain["subdomains"]:
                rng.shuffle(sub["requirements"])
    return parse(data, "tiny-cmmm")


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 40))
def test_the_order_requirements_are_listed_in_changes_no_result(seed, n):
    ordered, shuffled = tiny_cmmm(), shuffled_bank(seed)
    assert layout(ordered).req_order is None
    rng = np.random.default_rng(seed)
    values = rng.choice(ordered.answer_values, size=(n, len(ordered.requirement_by_id)))
    quick = rng.choice([NOT_QUICK, NOT_QUICK, QUICK_NA, 0, 1, 2, 3, 4, 5], size=(n, len(ordered.subdomains)))
    quick = quick.astype(np.int8)
    path = rng.integers(0, 2, size=n)
    # the same answers, given in the shuffled bank's column order
    column = {rid: i for i, rid in enumerate(ordered.requirement_by_id)}
    permuted = values[:, [column[rid] for rid in shuffled.requirement_by_id]]
    a = score_arrays(layout(ordered), values, quick, path)
    b = score_arrays(layout(shuffled), permuted, quick, path)
    if n and layout(shuffled).req_order is not None:
        assert not np.array_equal(layout(shuffled).req_order, np.arange(len(column)))
    np.testing.assert_array_equal(a.level, b.level)
    np.testing.assert_allclose(a.score, b.score, atol=1e-12)
    np.testing.assert_allclose(a.sub_levels, b.sub_levels, atol=1e-12)
    np.testing.assert_array_equal(a.applies, b.applies)
