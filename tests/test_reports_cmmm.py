"""The reports of smart-manufacturing capability maturity (cmmm-2020) assessments, through the
same paths as DCMM and SME: the enterprise PDF says the level is a self-assessment estimate on its
first page and by the level, names the path, the level (一级以下 below level 1), the formula and
the requirements that stand before the next level; the cohort PDF shows levels 0-5 and hides
small groups; the batch ZIP holds manufacturers."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest

from assessment.access import CLI
from assessment.cohort import CohortFilter
from assessment.db import Store
from assessment.directory import PARKS
from benchmarks.statistics import cohort_statistics
from questionnaires import get
from reports.batch import build_zip
from reports.bundle import cohort_bundle, enterprise_bundle
from reports.cohort import CohortReport
from reports.enterprise import EnterpriseReport, why
from reports.enterprise.common import EnterpriseText
from reports.text import Localised, fmt_share
from tests.builders import tiny_cmmm
from tests.support.reports import (
    CMMM_BELOW,
    CMMM_DETAILED,
    CMMM_QUICK,
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

DAY = date(2025, 7, 1)
Q = get("cmmm-2020")


@pytest.fixture(scope="module")
def report_store(tmp_path_factory):
    store = Store(report_db_path(tmp_path_factory))
    yield store
    store.close()


@pytest.fixture(scope="module")
def reports(report_store):
    out = {}
    for n in (CMMM_QUICK, CMMM_BELOW, CMMM_DETAILED):
        bundle = enterprise_bundle(report_store, CLI, code(n), report_date=DAY)
        out[(n, "bundle")] = bundle
        for lang in ("zh", "en"):
            out[(n, lang)] = EnterpriseReport(lang, invariant=True).build(bundle)
    return out


# ------------------------------------------------------------------------------- enterprise


@pytest.mark.parametrize("n", [CMMM_QUICK, CMMM_BELOW, CMMM_DETAILED])
def test_the_estimate_caveat_is_on_the_first_page_and_by_the_level(reports, n):
    pages = page_texts(reports[(n, "zh")])
    note = flat(Q.estimate_note.zh)
    assert note in flat(pages[0])
    assert flat("自评估算，不是认证等级") in flat(pages[0])
    level = Localised("zh").level(Q, reports[(n, "bundle")].result["overall"]["level"])
    assert flat(level + "（自评估算）") in flat("".join(pages[1:]))  # in the summary and the level section
    en = page_texts(reports[(n, "en")])
    assert flat(Q.estimate_note.en) in flat(en[0])


def test_quick_manufacturer_path_level_meaning_formula_and_not_applicable(reports):
    bundle = reports[(CMMM_QUICK, "bundle")]
    r = bundle.result
    assert r["overall"]["level"] == 2
    text = flat(pdf_text(reports[(CMMM_QUICK, "zh")]))
    assert flat("制造类型离散型制造") in text
    assert flat("2 级 · 规范级") in text
    assert flat(Q.level_meaning(2).zh) in text
    # the score and the formula the bank names, worked out with A(3)
    a3 = r["levels"]["3"]
    assert flat(f"2 + A(3) = 2 + {a3:.2f} = {r['overall']['score']:.2f}") in text
    # product design marked not applicable, with the bank's reason
    assert flat("产品设计不适用不适用") in text
    assert flat(Q.subdomain_by_id["design.product"].na_reason.zh) in text
    # the quick answers in the appendix, "not sure" with the level it counts as
    assert flat("选择 3 级") in text and flat("不确定，按") in text


def test_below_level_1_says_so_and_lists_level_1_requirements_with_their_evidence(reports):
    bundle = reports[(CMMM_BELOW, "bundle")]
    r = bundle.result
    assert r["overall"]["level"] == 0
    text = flat(pdf_text(reports[(CMMM_BELOW, "zh")]))
    assert flat("总体等级一级以下") in text
    assert flat("流程型制造") in text
    assert flat(f"A(1) = {r['overall']['score']:.2f}") in text
    # what stands before level 1: a requirement answered in part, in the bank's words, its evidence
    sub = r["next_level"]["subdomains_below"][0]
    rid = r["subdomains"][sub]["missing"][0]
    requirement = Q.requirement_by_id[rid]
    assert flat(requirement.text.zh) in text
    assert flat("证明材料：" + requirement.evidence.zh) in text
    # the answers appendix in words
    assert flat("全部 / 部分 / 不满足") in text
    en = flat(pdf_text(reports[(CMMM_BELOW, "en")]))
    assert flat("Below level 1") in en and flat("Process manufacturing") in en
    assert flat(requirement.text.en) in en


def test_detailed_manufacturer_sub_domain_table_and_next_level(reports):
    bundle = reports[(CMMM_DETAILED, "bundle")]
    r = bundle.result
    text = flat(pdf_text(reports[(CMMM_DETAILED, "zh")]))
    assert flat("各能力子域结果") in text and flat("各等级得分 A(1)–A(5)") in text
    for domain in Q.domains:
        assert flat(domain.name.zh) in text
    sr = r["subdomains"]["strategy.organisation"]
    row = "".join(f"{sr['scores'][str(lv)]:.2f}" for lv in range(1, 6))
    assert flat(f"{sr['score']:.2f}{row}") in text
    assert flat("产品服务详细不适用") not in text and flat("产品服务不适用不适用") in text
    missing = r["subdomains"][r["next_level"]["subdomains_below"][0]]["missing"]
    assert flat(Q.requirement_by_id[missing[0]].text.zh) in text
    assert flat("（现答：部分）") in text  # level 3 was answered "partly"
    assert flat("大部分") in text


@pytest.mark.parametrize("n", [CMMM_QUICK, CMMM_BELOW])
def test_roadmap_shows_the_plans_actions(reports, n):
    plan = reports[(n, "bundle")].peers["plan"]
    text = flat(pdf_text(reports[(n, "zh")]))
    assert flat("改进路线图") in text
    for action in plan["actions"][:3]:
        assert flat(action["name"]["zh"]) in text


@pytest.mark.parametrize("n", [CMMM_QUICK, CMMM_BELOW])
def test_english_cmmm_report_has_no_untranslated_chinese(reports, n):
    bundle = reports[(n, "bundle")]
    allowed = [bundle.enterprise["name"], Q.standard] + [s.title for s in Q.sources] + [x.text.en for x in Q.notes]
    text = pdf_text(reports[(n, "en")])
    assert untranslated(text, allowed) == []
    assert "Results by sub-domain" in text and "Level scores A(1)–A(5)" in text


@pytest.mark.parametrize("key", [(CMMM_QUICK, "zh"), (CMMM_BELOW, "en"), (CMMM_DETAILED, "zh")])
def test_cmmm_pdf_is_clean_with_embedded_fonts_and_ink_on_every_page(reports, key, tmp_path):
    pdf = reports[key]
    assert_fonts_embedded(pdf, tmp_path)
    assert_qpdf_clean(pdf, tmp_path)
    assert min(ink_shares(pdf, tmp_path)) > 0.005


def test_same_bundle_gives_the_same_bytes(reports):
    bundle = reports[(CMMM_QUICK, "bundle")]
    assert EnterpriseReport("zh", invariant=True).build(bundle) == reports[(CMMM_QUICK, "zh")]


def test_levels_in_words():
    zh, en = Localised("zh"), Localised("en")
    assert zh.level(Q, 0) == "一级以下" and en.level(Q, 0) == "Below level 1"
    assert zh.level(Q, 3) == "3 级 · 集成级" and en.level(Q, 3) == "Level 3 · Integrated"
    assert zh.level_short(Q, 0) == "一级以下" and zh.level_short(Q, 4) == "4 级"


@pytest.mark.parametrize(
    ("formula", "level", "expected"),
    [
        ("n_plus_next", 2, "2 + A(3) = 2 + 0.40 = 2.40"),
        ("n_minus_1_plus_current_plus_next", 2, "(2 − 1) + A(2) + A(3) = 1 + 0.90 + 0.40 = 2.30"),
        ("n_plus_next", 0, "A(1) = 0.60"),
        ("n_plus_next", 5, "5 + A(6) = 5 + 0.00 = 5.00"),
    ],
)
def test_the_score_is_worked_out_by_the_banks_formula(formula, level, expected):
    levels = {"1": 0.6 if level == 0 else 1.0, "2": 0.9, "3": 0.4, "4": 0.0, "5": 0.0}
    score = {"n_plus_next": {2: 2.4, 0: 0.6, 5: 5.0}, "n_minus_1_plus_current_plus_next": {2: 2.3}}[formula][level]
    result = {"overall": {"level": level, "score": score, "formula": formula}, "levels": levels}
    bundle = SimpleNamespace(questionnaire=tiny_cmmm(formula), result=result)
    assert why.worked_score(EnterpriseText("zh"), bundle) == expected


# ----------------------------------------------------------------------------------- cohort


@pytest.fixture(scope="module")
def cohort(report_store):
    bundle = cohort_bundle(report_store, CLI, CohortFilter("cmmm-2020"), report_date=DAY)
    return bundle, {lang: CohortReport(lang, invariant=True).build(bundle) for lang in ("zh", "en")}


def test_cohort_report_levels_0_to_5_domains_and_the_caveat(cohort):
    bundle, pdfs = cohort
    stats = cohort_statistics(bundle.cross, Q)
    assert list(stats["levels"]) == ["0", "1", "2", "3", "4", "5"]
    text = flat(pdf_text(pdfs["zh"]))
    for level, n in stats["levels"].items():
        assert flat(Localised("zh").level(Q, int(level))) in text
        assert flat(f"{n} · {fmt_share(n, stats['count'])}") in text  # written at the bar's end
    assert flat("一级以下") in text and flat(Q.estimate_note.zh) in text
    assert flat("园区 × 能力域热力图") in text
    for domain in Q.domains:  # 12 domains: the heat map turns, a row per domain ending with all parks
        assert flat(f"{domain.name.zh}") in text
        assert flat(f"{bundle.cross[domain.id].mean():.2f}") in text
    assert flat(f"{stats['overall']['p50']:.2f}") in text
    en = pdf_text(pdfs["en"])
    assert "Below level 1" in en and "Level distribution" in en and "Heat map: park × domain" in en
    allowed = list(bundle.frame["name"]) + [Q.standard] + [s.title for s in Q.sources] + [x.text.en for x in Q.notes]
    assert untranslated(en, allowed) == []


def test_cmmm_cohort_hides_small_groups(report_store, cohort):
    """The manufacturers of cmmm-2020: 7 in the first park, 4 in each of the two others."""
    bundle, pdfs = cohort
    assert bundle.cross["park"].value_counts().to_dict() == {
        PARKS[0]["name"]: 7,
        PARKS[1]["name"]: 4,
        PARKS[2]["name"]: 4,
    }
    text = flat(pdf_text(pdfs["zh"]))
    assert flat("个组未单独列出") in text
    assert flat(PARKS[1]["name"]) not in text and flat(PARKS[2]["name"]) not in text
    small = cohort_bundle(report_store, CLI, CohortFilter("cmmm-2020", park=PARKS[1]["name"]), report_date=DAY)
    small_text = flat(pdf_text(CohortReport("zh", invariant=True).build(small)))
    assert flat("仅有 4 家企业，少于 5 家，不作统计") in small_text and flat("等级分布") not in small_text


def test_cmmm_cohort_pdf_is_clean(cohort, tmp_path):
    _, pdfs = cohort
    assert_fonts_embedded(pdfs["zh"], tmp_path)
    assert_qpdf_clean(pdfs["zh"], tmp_path)
    assert min(ink_shares(pdfs["zh"], tmp_path)) > 0.005


# ------------------------------------------------------------------------------------ batch


def test_batch_zip_holds_the_manufacturers(report_store):
    data = build_zip(report_store, CLI, CohortFilter("cmmm-2020"), report_date=DAY, invariant=True, workers=1)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert f"{code(CMMM_BELOW)}_cmmm-2020_2025.pdf" in names and "index.csv" in names
        assert len(names) == 12 + 3 + 1
        below = flat(pdf_text(zf.read(f"{code(CMMM_BELOW)}_cmmm-2020_2025.pdf")))
    assert flat(Q.estimate_note.zh) in below and flat("一级以下") in below
