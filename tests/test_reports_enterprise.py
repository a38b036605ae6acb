"""The enterprise report: embedded fonts, escaping, visible fallback, determinism, the numbers
of the scoring result and the peer statistics, clean structure, non-blank pages, both languages."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab import rl_config

from assessment import lifecycle
from assessment.access import CLI, Actor, PermissionDenied
from assessment.credit_code import CreditCodeError
from assessment.db import Store
from assessment.enterprises import NotFound
from benchmarks import cohorts
from reports import enterprise_pdf
from reports.bundle import ReportError, enterprise_bundle
from reports.enterprise import EnterpriseReport
from reports.text import fmt, fmt_band, fmt_part, fmt_score, markup
from tests.support.reports import (
    SMALL_PARK,
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


def latest_id(store, n: int) -> int:
    rows = lifecycle.assessments_of(store, CLI, code(n))
    return max((r for r in rows if r["status"] == "submitted"), key=lambda r: (r["round"], r["id"]))["id"]


@pytest.fixture(scope="module")
def reports(report_store):
    """The PDFs the tests read, built once: DCMM (the nasty name) and SME, in both languages."""
    out = {}
    for n in (1, 200):
        bundle = enterprise_bundle(report_store, CLI, code(n), report_date=DAY)
        for lang in ("zh", "en"):
            out[(n, lang)] = EnterpriseReport(lang, invariant=True).build(bundle)
        out[(n, "bundle")] = bundle
    return out


def test_every_font_is_embedded_and_a_second_font_draws_what_the_first_lacks(reports, tmp_path):
    names = assert_fonts_embedded(reports[(1, "zh")], tmp_path)
    assert any("WenQuanYi" in n for n in names)
    assert any("DejaVu" in n or "Vera" in n for n in names)  # for ∛ in the name
    assert_fonts_embedded(reports[(200, "en")], tmp_path)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_user_strings_print_literally(reports, lang):
    text = pdf_text(reports[(1, lang)])
    assert "A&B <公司> <b>x</b>" in text
    # and through pypdf as well
    reader = PdfReader(io.BytesIO(reports[(1, lang)]))
    assert "A&B <公司> <b>x</b>" in reader.pages[0].extract_text()


def test_a_character_no_font_has_is_shown_as_a_marker_never_dropped(reports):
    text = pdf_text(reports[(1, "zh")])
    assert "[U+20000]" in text
    assert "∛" in text
    assert "\x00" not in text
    assert "[U+20000]" in markup("𠀀") and "#B00020" in markup("𠀀")  # red, so it is seen


def test_same_inputs_give_the_same_bytes(report_store):
    def build():
        bundle = enterprise_bundle(report_store, CLI, code(1), report_date=DAY)
        return hashlib.sha256(EnterpriseReport("zh", invariant=True).build(bundle)).hexdigest()

    assert build() == build()


def test_invariant_mode_of_rl_config_is_honoured(report_store, monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    bundle = enterprise_bundle(report_store, CLI, code(200), report_date=DAY)
    first = EnterpriseReport("en").build(bundle)
    assert hashlib.sha256(first).digest() == hashlib.sha256(EnterpriseReport("en").build(bundle)).digest()


def test_numbers_equal_the_scoring_result_and_the_peer_statistics(report_store, reports):
    n = 1
    assessment_id = latest_id(report_store, n)
    result = lifecycle.result(report_store, CLI, assessment_id)
    view = cohorts.peer_view(report_store, CLI, assessment_id)  # the benchmark figures
    text = flat(pdf_text(reports[(n, "zh")]))
    overall = result["overall"]
    assert flat(fmt_score(overall["score"])) in text
    assert flat(f"{overall['level']} 级 · {overall['level_name']['zh']}") in text
    for area in result["areas"].values():
        assert fmt(area["score"], 2) in text
    for entry in view["percentiles"].values():
        if entry.get("suppressed"):
            assert flat(f"样本过少，不作比较（同组其他企业 {entry['count']} 家") in text
        else:
            assert flat(f"{fmt_band(entry['band'], 'zh')}（同组其他 {entry['count']} 家企业）") in text
    for part, value in view["peer_medians"].items():
        assert fmt_part(value, "dcmm", part) in text
    for part, value in view["peer_p75"].items():
        assert fmt_part(value, "dcmm", part) in text
    assert flat(view["archetype"]["name"]["zh"]) in text
    # the what-if after all actions, as the plan computed it
    assert fmt(view["plan"]["what_if"][-1]["score"], 2) in text


def test_english_numbers_and_ordinals(report_store, reports):
    assessment_id = latest_id(report_store, 1)
    view = cohorts.peer_view(report_store, CLI, assessment_id)
    text = flat(pdf_text(reports[(1, "en")]))
    for entry in view["percentiles"].values():
        if not entry.get("suppressed"):
            assert flat(f"{fmt_band(entry['band'], 'en')} ({entry['count']} other enterprises)") in text


def test_sme_report_shows_points_dimensions_and_level_checks(report_store, reports):
    assessment_id = latest_id(report_store, 200)
    result = lifecycle.result(report_store, CLI, assessment_id)
    text = flat(pdf_text(reports[(200, "zh")]))
    assert flat(fmt_score(result["overall"]["score"])) in text
    assert flat(result["overall"]["level_name"]["zh"]) in text
    for dimension in result["dimensions"].values():
        assert fmt(dimension["score"], 1) in text
    for check in result["checks"].values():
        assert flat(f"{fmt(check['score'], 1)} / {fmt(check['min_score'], 1)}") in text
    assert "业务场景" in text or "数字化经营" in text


def test_bundle_peer_figures_equal_peer_view(report_store):
    for n in (1, 200, 300):
        bundle = enterprise_bundle(report_store, CLI, code(n), report_date=DAY)
        view = cohorts.peer_view(report_store, CLI, bundle.assessment["id"])
        assert json.dumps(bundle.peers, sort_keys=True, default=str) == json.dumps(view, sort_keys=True, default=str)


@pytest.mark.parametrize("key", [(1, "zh"), (1, "en"), (200, "zh"), (200, "en")])
def test_structure_is_clean_and_every_page_has_ink(reports, key, tmp_path):
    pdf = reports[key]
    assert_qpdf_clean(pdf, tmp_path)
    shares = ink_shares(pdf, tmp_path)
    assert len(shares) >= 5
    assert min(shares) > 0.01, shares


def test_synthetic_mark_on_the_cover_and_every_page(reports):
    pages = page_texts(reports[(1, "zh")])
    assert "合成演示数据 · 本报告中的企业与数据均为虚构" in pages[0]
    assert all("合成演示数据" in page for page in pages)
    pages = page_texts(reports[(1, "en")])
    assert all("SYNTHETIC DEMO DATA" in page for page in pages)


def test_real_enterprise_alone_in_its_park_has_no_mark_and_too_few_to_compare(report_store):
    pdf = EnterpriseReport("zh", invariant=True).build(enterprise_bundle(report_store, CLI, code(300), report_date=DAY))
    text = pdf_text(pdf)
    assert "合成演示数据" not in text
    assert flat(f"{SMALL_PARK}：样本过少，不作比较（同组其他企业 0 家") in flat(text)


@pytest.mark.parametrize("n", [1, 200])
def test_english_report_has_no_untranslated_chinese(report_store, reports, n):
    bundle = reports[(n, "bundle")]
    q = bundle.questionnaire
    # names: the enterprise's, the standard's, the cited sources' titles, and the official names
    # that the question bank's own English notes quote (专精特新, a document number)
    allowed = [bundle.enterprise["name"], q.standard] + [s.title for s in q.sources] + [n.text.en for n in q.notes]
    text = pdf_text(reports[(n, "en")])
    assert untranslated(text, allowed) == []
    assert "Executive summary" in text and "Improvement roadmap" in text and "Appendix B" in text


def test_progress_since_the_previous_round(report_store, reports):
    bundle = reports[(1, "bundle")]
    assert bundle.previous is not None and bundle.previous["assessment"]["round"] == "2024"
    before = bundle.previous["result"]["overall"]["score"]
    text = flat(pdf_text(reports[(1, "zh")]))
    assert "与上一轮相比" in text
    assert fmt(before, 2) in text
    assert fmt(bundle.result["overall"]["score"] - before, 2).lstrip("-") in text


def test_previous_round_on_the_2018_edition_is_mapped(report_store):
    bundle = enterprise_bundle(report_store, CLI, code(100), report_date=DAY)
    assert bundle.previous["mapped"] and bundle.previous["questionnaire"].id == "dcmm-2018"
    assert "assets" not in bundle.previous["parts"]  # the 2025 area with no 2018 item
    text = flat(pdf_text(EnterpriseReport("zh", invariant=True).build(bundle)))
    assert flat("上一轮使用 dcmm-2018 版问卷") in text


def test_a_chosen_assessment_and_the_errors_a_user_can_cause(report_store):
    first = min(r["id"] for r in lifecycle.assessments_of(report_store, CLI, code(1)))
    bundle = enterprise_bundle(report_store, CLI, code(1), first, report_date=DAY)
    assert bundle.assessment["round"] == "2024" and bundle.previous is None
    with pytest.raises(CreditCodeError):
        enterprise_bundle(report_store, CLI, "12345")
    with pytest.raises(NotFound):
        enterprise_bundle(report_store, CLI, code(999))
    with pytest.raises(NotFound):
        enterprise_bundle(report_store, CLI, code(1), 10**6)
    other = latest_id(report_store, 2)
    with pytest.raises(ReportError, match="不属于"):
        enterprise_bundle(report_store, CLI, code(1), other)


def test_an_enterprise_user_gets_its_own_report_only(report_store):
    me = Actor(code(1), "enterprise", code(1))
    assert enterprise_pdf(report_store, me, code(1), report_date=DAY)[:5] == b"%PDF-"
    with pytest.raises(PermissionDenied):
        enterprise_pdf(report_store, me, code(2), report_date=DAY)


def test_a_draft_has_no_report(store, enterprise):
    from assessment.lifecycle import start_or_resume

    draft = start_or_resume(store, enterprise, enterprise.credit_code, "dcmm-2025", "2025")
    with pytest.raises(ReportError, match="尚未提交"):
        enterprise_bundle(store, CLI, enterprise.credit_code, draft)
    with pytest.raises(ReportError, match="尚无已提交"):
        enterprise_bundle(store, CLI, enterprise.credit_code)


def test_language_is_checked():
    with pytest.raises(ValueError):
        EnterpriseReport("fr")
