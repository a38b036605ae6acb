"""The cohort report: the numbers of the benchmark statistics, suppression of small groups,
progress across editions, both languages, fonts, structure, ink, determinism."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from assessment.access import CLI, Actor, PermissionDenied
from assessment.cohort import CohortFilter, FilterError, cohort_frame
from assessment.db import Store
from benchmarks.statistics import cohort_statistics, comparison_table, furthest_below
from questionnaires import get
from reports import cohort_pdf
from reports.bundle import cohort_bundle
from reports.cohort import CohortReport
from reports.text import fmt, fmt_share
from tests.support.reports import (
    SMALL_PARK,
    analyst_actor,
    assert_fonts_embedded,
    assert_qpdf_clean,
    code,
    flat,
    ink_shares,
    page_texts,
    pdf_text,
    report_db_path,
    untranslated,
)


@pytest.fixture(scope="module")
def report_store(tmp_path_factory):
    store = Store(report_db_path(tmp_path_factory))
    yield store
    store.close()


DAY = date(2025, 7, 1)


@pytest.fixture(scope="module")
def reports(report_store):
    out = {}
    for qid in ("dcmm-2025", "sme-2024"):
        bundle = cohort_bundle(report_store, analyst_actor(), CohortFilter(qid), report_date=DAY)
        out[(qid, "bundle")] = bundle
        for lang in ("zh", "en"):
            out[(qid, lang)] = CohortReport(lang, invariant=True).build(bundle)
    return out


def test_numbers_equal_the_benchmark_statistics(report_store, reports):
    q = get("dcmm-2025")
    frame = cohort_frame(report_store, CohortFilter("dcmm-2025", round="2025"))  # the latest round
    stats = cohort_statistics(frame, q)
    text = flat(pdf_text(reports[("dcmm-2025", "zh")]))
    assert flat(f"企业数{stats['count']}") in text
    assert flat(f"平均{fmt(stats['overall']['mean'], 2)}") in text
    assert flat(f"中位数{fmt(stats['overall']['p50'], 2)}") in text
    for level, count in stats["levels"].items():
        assert flat(f"{level} 级 · {q.level_name(int(level)).zh}") in text
        assert flat(f"{count} · {fmt_share(count, stats['count'])}") in text  # written at the bar's end
    for quantiles in [stats["overall"], *stats["areas"].values()]:
        row = "".join(fmt(quantiles[k], 2) for k in ("p10", "p25", "p50", "p75", "p90", "mean"))
        assert row in text
    for _, park in comparison_table(frame, q, by="park").iterrows():
        assert flat(f"{park['park']}{int(park['count'])}{fmt(park['mean'], 2)}{fmt(park['p50'], 2)}") in text
        assert "".join(fmt(park[a.id], 2) for a in q.areas) in text  # the heat-map row
    for _, r in furthest_below(frame, "park", 20).iterrows():
        assert flat(r["name"]) in text
        assert fmt(r["gap"], 2) in text


def test_sme_cohort_report_shows_points_and_scenario_levels(report_store, reports):
    q = get("sme-2024")
    frame = cohort_frame(report_store, CohortFilter("sme-2024", round="2025"))
    stats = cohort_statistics(frame, q)
    text = flat(pdf_text(reports[("sme-2024", "zh")]))
    assert flat(f"企业数{stats['count']}") in text
    assert "".join(fmt(stats["overall"][k], 2) for k in ("p10", "p25", "p50", "p75", "p90", "mean")) in text
    ops = stats["areas"]["operations"]
    assert "".join(fmt(ops[k], 2) for k in ("p10", "p25", "p50", "p75", "p90", "mean")) in text


def test_small_groups_are_never_described(report_store):
    bundle = cohort_bundle(report_store, analyst_actor(), CohortFilter("dcmm-2025", park=SMALL_PARK), report_date=DAY)
    text = pdf_text(CohortReport("zh", invariant=True).build(bundle))
    assert "仅有 1 家企业，少于 5 家，不作统计" in flat(text) or "仅有1家企业" in flat(text)
    assert "等级分布" not in text and "青岛真实示例有限公司" not in text
    # in the full cohort, the small park is left out of the comparison and the lagging list
    full = flat(
        pdf_text(
            CohortReport("zh", invariant=True).build(
                cohort_bundle(report_store, CLI, CohortFilter("dcmm-2025"), report_date=DAY)
            )
        )
    )
    # how many groups are hidden, never which (nor the park beside it that would give it away)
    assert flat("个组未单独列出") in full and SMALL_PARK not in full
    assert "青岛真实示例有限公司" not in full


def test_progress_counts_the_earlier_edition(reports):
    text = flat(pdf_text(reports[("dcmm-2025", "zh")]))
    # 30 enterprises on dcmm-2025 in both rounds, 6 that answered dcmm-2018 in 2024
    assert flat("2024 轮与 2025 轮均有评估的企业：36 家") in text
    assert flat("上一轮部分企业使用 dcmm-2018 版问卷") in text


def test_archetypes_with_their_sizes(reports):
    bundle = reports[("dcmm-2025", "bundle")]
    text = flat(pdf_text(reports[("dcmm-2025", "zh")]))
    in_scope = bundle.cross["archetype"].value_counts()
    for a in bundle.model["archetypes"]:
        assert flat(a["name"]["zh"]) in text
        assert flat(f"{a['size']}{int(in_scope.get(a['id'], 0))}") in text


@pytest.mark.parametrize("qid", ["dcmm-2025", "sme-2024"])
def test_english_report_has_no_untranslated_chinese(report_store, reports, qid):
    bundle = reports[(qid, "bundle")]
    q = bundle.questionnaire
    allowed = list(bundle.frame["name"]) + [q.standard] + [s.title for s in q.sources] + [n.text.en for n in q.notes]
    text = pdf_text(reports[(qid, "en")])
    assert untranslated(text, allowed) == []
    assert "Level distribution" in text and "Heat map" in text


@pytest.mark.parametrize("key", [("dcmm-2025", "zh"), ("dcmm-2025", "en"), ("sme-2024", "zh"), ("sme-2024", "en")])
def test_fonts_structure_and_ink(reports, key, tmp_path):
    pdf = reports[key]
    assert_fonts_embedded(pdf, tmp_path)
    assert_qpdf_clean(pdf, tmp_path)
    shares = ink_shares(pdf, tmp_path)
    assert min(shares) > 0.01, shares


def test_synthetic_mark_on_every_page(reports):
    pages = page_texts(reports[("dcmm-2025", "zh")])
    assert "含合成演示数据" in pages[0]
    assert all("合成演示数据" in page for page in pages)


def test_same_inputs_give_the_same_bytes(report_store):
    def build():
        bundle = cohort_bundle(report_store, CLI, CohortFilter("sme-2024"), report_date=DAY)
        return hashlib.sha256(CohortReport("en", invariant=True).build(bundle)).hexdigest()

    assert build() == build()


def test_a_round_filter_sets_the_cross_section(report_store):
    bundle = cohort_bundle(report_store, CLI, CohortFilter("dcmm-2025", round="2024"), report_date=DAY)
    assert set(bundle.cross["round"]) == {"2024"} and len(bundle.cross) == 30
    text = pdf_text(CohortReport("zh", invariant=True).build(bundle))
    assert "没有可比较的两轮评估" in text


def test_only_the_bureau_and_only_known_filters(report_store):
    with pytest.raises(PermissionDenied):
        cohort_pdf(report_store, Actor(code(1), "enterprise", code(1)), CohortFilter("dcmm-2025"))
    with pytest.raises(FilterError):
        cohort_bundle(report_store, CLI, CohortFilter("dcmm-2025", park="nowhere"))
    with pytest.raises(FilterError):
        cohort_bundle(report_store, CLI, CohortFilter("dcmm-2025", round="1999"))
