"""The reports' seams: each section of the enterprise and the cohort report lays out on its own
from a bundle (a function of the language, the bundle, the styles and its number), and the
figures the sections read are the bundle's, equal to the functions behind them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from assessment.access import CLI
from assessment.cohort import CohortFilter
from assessment.db import Store
from assessment.directory import SIZES
from benchmarks import progress as progress_figures
from benchmarks.statistics import breakdown, cohort_statistics, furthest_below
from questionnaires import get
from questionnaires.parts import part_max, part_min, part_names
from reports import cohort as c
from reports import enterprise as e
from reports.bundle import cohort_bundle, enterprise_bundle, scale_share
from reports.cohort import CohortReport
from reports.enterprise import EnterpriseReport
from reports.enterprise.common import EnterpriseText
from reports.layout import render, styles
from reports.text import Localised, fmt, fmt_score, tr
from tests.support.reports import CMMM_DETAILED, analyst_actor, code, flat, pdf_text, report_db_path

DAY = date(2025, 7, 1)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A DCMM enterprise with a previous round, an SME one and a CMMM one; and the DCMM cohort."""
    store = Store(report_db_path(tmp_path_factory))
    try:
        enterprises = {n: enterprise_bundle(store, CLI, code(n), report_date=DAY) for n in (1, 200, CMMM_DETAILED)}
        yield enterprises, cohort_bundle(store, analyst_actor(), CohortFilter("dcmm-2025"), report_date=DAY)
    finally:
        store.close()


@pytest.fixture(scope="module")
def bundles(stored):
    return stored[0]


@pytest.fixture(scope="module")
def cohort(stored):
    return stored[1]


def alone(flowables, lang: str = "en") -> str:
    """The text of a PDF of these flowables and nothing else."""
    pdf = render(flowables, lang=lang, header="", footer="", synthetic=False, title="section", invariant=True)
    return flat(pdf_text(pdf))


# ------------------------------------------------------------------------------- enterprise

ENTERPRISE_SECTIONS = [
    (lambda w, b, st: e.cover.cover(w, b, st), "enterprise_title"),
    (lambda w, b, st: e.summary.summary(w, b, st, 1), "s_summary"),
    (lambda w, b, st: e.profile.profile(w, b, st, 2), None),
    (lambda w, b, st: e.levels.parts(w, b, st, 3), None),
    (lambda w, b, st: e.why.why(w, b, st, 4), "s_why"),
    (lambda w, b, st: e.roadmap.roadmap(w, b, st, 5), "s_roadmap"),
    (lambda w, b, st: e.answers.answers(w, b, st), "s_answers"),
    (lambda w, b, st: e.method.method(w, b, st), "s_method"),
]


@pytest.mark.parametrize("n", [1, 200, CMMM_DETAILED])
@pytest.mark.parametrize("section", range(len(ENTERPRISE_SECTIONS)))
def test_each_enterprise_section_lays_out_alone(bundles, n, section):
    build, title = ENTERPRISE_SECTIONS[section]
    b = bundles[n]
    for lang in ("zh", "en"):
        text = alone(build(EnterpriseText(lang), b, styles(lang)), lang)
        assert text
        if title:
            assert flat(tr(title, lang)) in text


def test_the_progress_section_alone_gives_each_change(bundles):
    b = bundles[1]
    text = alone(e.progress.progress(EnterpriseText("en"), b, styles("en"), 7))
    before, after = b.previous["result"]["overall"]["score"], b.result["overall"]["score"]
    assert flat(f"7 {tr('s_progress', 'en')}") in text
    assert f"{fmt(before)}{fmt(after)}" in text


def test_the_assembled_report_is_its_sections_in_order(bundles):
    text = flat(pdf_text(EnterpriseReport("en", invariant=True).build(bundles[1])))
    heads = ["s_summary", "s_why", "s_roadmap", "s_progress", "s_answers", "s_method"]
    places = [text.index(flat(tr(key, "en"))) for key in heads]
    assert places == sorted(places)


def test_part_gaps_are_to_the_peer_median_in_shares_of_the_scale(bundles):
    for b in bundles.values():
        q, medians = b.questionnaire, b.peers["peer_medians"]
        gaps = b.part_gaps()
        assert [p for p, _, _ in gaps] == [p for p, _ in part_names(q) if p in {p for p, _, _ in gaps}]
        for part, own, gap in gaps:
            if medians and part in medians:
                assert gap == pytest.approx((own - medians[part]) / part_max(q, part))
        # without peers, to the enterprise's own mean: the gaps then add up to nothing
        alone_gaps = replace(b, peers={**b.peers, "peer_medians": None}).part_gaps()
        assert sum(g for _, _, g in alone_gaps) == pytest.approx(0.0)


def test_horizon_ends_count_the_roadmaps_actions_and_one_action_adds_its_gain(bundles):
    for b in bundles.values():
        plan = b.peers["plan"]
        ends = b.horizon_ends()
        assert [m for m, _ in ends] == [3, 6, 12]
        counts = [n for _, n in ends]
        assert counts == sorted(counts)
        assert counts[-1] == sum(len(plan["roadmap"].get(m, [])) for m in ("3", "6", "12"))
        for a in plan["actions"]:
            assert b.score_alone(a) == pytest.approx(plan["what_if"][0]["score"] + a["gain"])


def test_a_score_is_written_with_the_digits_of_every_bank():
    assert fmt_score(2.345) == "2.35" == fmt(2.345, 2)


# ----------------------------------------------------------------------------------- cohort

COHORT_SECTIONS = [
    (lambda w, b, st: c.scope.cover(w, b, st) + c.scope.scope(w, b, st, 1), "s_scope"),
    (lambda w, b, st: c.levels.levels(w, b, st, 2), "s_levels"),
    (lambda w, b, st: c.comparisons.comparisons(w, b, st, 3), "s_parks"),
    (lambda w, b, st: c.heatmap.heatmap(w, b, st, 4), "s_heatmap"),
    (lambda w, b, st: c.percentiles.percentiles(w, b, st, 5), "s_percentiles"),
    (lambda w, b, st: c.archetypes.archetypes(w, b, st, 6), "s_archetypes"),
    (lambda w, b, st: c.progress.progress(w, b, st, 7), "s_cohort_progress"),
    (lambda w, b, st: c.lagging.lagging(w, b, st, 8), "s_lagging"),
    (lambda w, b, st: c.verification.verification(w, b, st, 9), "s_cohort_verification"),
    (lambda w, b, st: c.method.method(w, b, st), "s_method"),
]


@pytest.mark.parametrize("section", range(len(COHORT_SECTIONS)))
def test_each_cohort_section_lays_out_alone(cohort, section):
    build, title = COHORT_SECTIONS[section]
    for lang in ("zh", "en"):
        text = alone(build(Localised(lang), cohort, styles(lang)), lang)
        assert flat(tr(title, lang)) in text


def test_the_programmes_section_alone_says_when_a_programme_has_no_target(cohort):
    b = replace(cohort, programmes=[{"name": {"zh": "甲", "en": "Alpha"}, "version": "v1", "example": False,
                                     "eligible": 3, "enrolled": 1, "impact": None}])  # fmt: skip
    text = alone(c.programmes.programmes(Localised("en"), b, styles("en"), 10))
    assert flat("Alpha · v1") in text and flat(tr("programme_no_target", "en")) in text


def test_the_cohort_bundles_figures_are_the_benchmark_functions(cohort):
    b, q = cohort, cohort.questionnaire
    assert b.statistics == cohort_statistics(b.cross, q)
    table, hidden = b.breakdown("park")
    expected, expected_hidden = breakdown(b.cross, q, by="park")
    assert hidden == expected_hidden and list(table["park"]) == list(expected["park"])
    sizes, _ = b.breakdown("size")
    order = [list(SIZES).index(s) for s in sizes["size"]]
    assert order == sorted(order)  # micro to large, not alphabetical
    for _, r in table.iterrows():
        counts, n = b.level_counts("park", r["park"])
        assert n == int(r["count"]) and sum(counts) == n
    view = progress_figures.compare(b.frame, b.earlier, q, second=b.round)
    assert b.progress["summary"] == view["summary"] and b.progress["transitions"].equals(view["transitions"])
    assert b.lagging(20).equals(furthest_below(b.cross, "park", 20))
    in_scope, unplaced = b.archetype_counts()
    assert int(in_scope.sum()) + unplaced == len(b.cross)
    means = b.part_means()
    assert means == pytest.approx({p: b.cross[p].mean() for p, _ in part_names(q) if p in b.cross})
    assert b.synthetic and b.synthetic_count == int(b.cross["synthetic"].astype(bool).sum())
    assert int(b.per_round().sum()) == len(b.frame)


def test_scale_share_runs_from_a_parts_minimum_to_its_maximum():
    for qid in ("dcmm-2025", "sme-2024", "cmmm-2020"):
        q = get(qid)
        for part, _ in part_names(q):
            assert scale_share(q, part, part_min(q, part)) == 0
            assert scale_share(q, part, part_max(q, part)) == 1


def test_the_cohort_report_is_its_sections_in_order(cohort):
    text = flat(pdf_text(CohortReport("en", invariant=True).build(cohort)))
    heads = ["s_scope", "s_levels", "s_parks", "s_percentiles", "s_archetypes", "s_lagging", "s_method"]
    places = [text.index(flat(tr(key, "en"))) for key in heads]
    assert places == sorted(places)
