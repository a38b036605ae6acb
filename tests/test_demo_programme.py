"""The demo cohort's example programme: activated and marked synthetic, half of its eligible pairs
served by two invented providers, and a planted effect that the impact's interval covers."""

from __future__ import annotations

import pytest

from assessment import lifecycle
from assessment.access import CLI
from assessment.answers import check_answers
from assessment.programmes import versions
from assessment.programmes.eligibility import evaluate, result_frame
from assessment.programmes.enrolment import enrolments, providers
from assessment.scoring import score
from benchmarks.demo import generate
from benchmarks.demo.programme import PROVIDERS, improved, plant
from benchmarks.programme_impact import impact
from questionnaires import get


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from assessment.db import Store
    from tests.conftest import open_rounds

    store = open_rounds(Store(tmp_path_factory.mktemp("demo-programme") / "assessment.db"))
    generate(store, 500, 2026)
    summary = plant(store, 2026)
    yield store, summary
    store.close()


def test_the_demo_programme_is_active_and_says_it_is_synthetic(demo):
    store, summary = demo
    programme = versions.get(store, summary["programme"])
    assert programme.example and "合成" in programme.name.zh and "synthetic" in programme.name.en
    assert [p["name"] for p in providers(store, CLI)] == sorted(PROVIDERS)


def test_half_of_the_eligible_pairs_are_served_and_rated_on_site(demo):
    store, summary = demo
    programme = versions.get(store, summary["programme"])
    eligible = set(evaluate(store, programme).eligible_codes())
    paired = eligible & set(result_frame(store, "sme-2024", "2025", None).index)
    served = {r["credit_code"] for r in enrolments(store, CLI, programme.id)}
    assert summary["served"] == len(served) == len(paired) // 2 >= 10
    assert served <= paired
    onsite = result_frame(store, "sme-2024", "2025", "onsite")
    assert served <= set(onsite.index)


def test_the_impact_interval_covers_the_planted_effect(demo):
    store, summary = demo
    out = impact(store, CLI, versions.get(store, summary["programme"]), n_resamples=2000, seed=1)
    lo, hi = out["difference"]["ci95"]
    assert lo <= summary["planted_effect"] <= hi
    assert summary["planted_effect"] > 5 and lo > 0
    assert out["served"]["n"] == summary["served"]
    assert out["target"]["reached"] > 0


def test_the_transformation_never_lowers_a_score(demo):
    store, _ = demo
    q = get("sme-2024")
    ids = [r[0] for r in store.db.execute("SELECT id FROM assessments WHERE questionnaire = 'sme-2024' LIMIT 40")]
    for aid in ids:
        given = check_answers(q, lifecycle.answers(store, CLI, aid))
        assert score(q, improved(q, given))["overall"]["score"] >= score(q, given)["overall"]["score"]
