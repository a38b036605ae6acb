"""Programmes on cmmm-2020 levels (0-5, 0 = below level 1): the level scale a rule may use, the
shipped smart-factory tier example (level 2 to be cultivated, level 3 verified on site as the
target, certification stated), who qualifies, what an enterprise sees of its standing, the
impact, and `cli.py programme check`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from assessment import accounts
from assessment.access import CLI, Actor
from assessment.programmes import ProgrammeError, load_file, parse, versions
from assessment.programmes.eligibility import evaluate
from assessment.programmes.enrolment import add_provider, enrol
from assessment.programmes.standing import enterprise_programmes
from benchmarks.programme_impact import impact
from cli import app
from questionnaires import get
from tests.conftest import code, open_rounds
from tests.programme_builders import PASSWORD, firm, pilot, result, use
from tests.support.pages import APP, texts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "programmes" / "smart-factory-tier-example.yaml"
CMMM = "cmmm-2020"


def level_rule(**bounds) -> dict:
    return {"type": "level", "questionnaire": CMMM, "round": "before", "source": "any", **bounds}


@pytest.mark.parametrize(
    ("bounds", "ok"), [({"min": 0}, True), ({"max": 5}, True), ({"min": 6}, False), ({"max": -1}, False)]
)
def test_a_cmmm_level_rule_runs_from_0_to_5(bounds, ok):
    data = pilot(eligibility=[level_rule(**bounds)], target=None)
    if ok:
        assert parse(data).eligibility[0].questionnaire == CMMM
        return
    with pytest.raises(ProgrammeError) as caught:
        parse(data, "p.yaml")
    assert any("cmmm-2020 levels run 0..5" in line for line in caught.value.problems)


def test_the_other_level_scales_are_unchanged():
    with pytest.raises(ProgrammeError):
        parse(pilot(eligibility=[{"type": "level", "questionnaire": "dcmm-2025", "min": 0}], target=None))
    with pytest.raises(ProgrammeError):
        parse(pilot(eligibility=[{"type": "level", "questionnaire": "sme-2024", "min": 5}], target=None))
    assert get(CMMM).overall_levels == range(0, 6) and get("dcmm-2025").overall_levels == range(1, 6)


def test_a_cmmm_part_rule_names_a_domain():
    domain = get(CMMM).domains[0].id
    rule = {"type": "part", "questionnaire": CMMM, "part": domain, "min": 2}
    assert parse(pilot(eligibility=[rule], target=None)).eligibility[0].part == domain
    with pytest.raises(ProgrammeError):
        parse(pilot(eligibility=[{**rule, "part": "strategy.organisation.nope"}], target=None))


def test_the_smart_factory_example_asks_level_2_then_level_3_verified_and_says_certification_is_needed():
    programme = load_file(EXAMPLE)
    assert programme.example and "示例" in programme.name.zh
    rule = programme.eligibility[-1]
    assert (rule.questionnaire, rule.type, rule.min, rule.source) == (CMMM, "level", 2, "any")
    target = programme.target
    assert (target.questionnaire, target.type, target.min, target.source) == (CMMM, "level", 3, "verified")
    for words in ("基础级", "先进级", "卓越级", "GB/T 39117", "不是认证等级"):
        assert words in programme.description.zh
    assert "not certified levels" in programme.description.en and "GB/T 39117" in programme.description.en


def test_cli_programme_check_accepts_the_example():
    out = CliRunner().invoke(app, ["programme", "check", str(EXAMPLE)])
    assert out.exit_code == 0 and out.stdout.strip().endswith("ok (smart-factory-tier-example 2025.1)")


@pytest.fixture
def cohort(store):
    """Manufacturers 1-6 with cmmm levels 0-5 in round 2025 (self-assessed); 4 and 5 verified on
    site at one level lower; in round 2026 firms 2-4 verified at level 3."""
    with store.write() as db:
        for n in range(1, 7):
            c = firm(db, n, industry="机械设备")
            result(db, c, CMMM, "2025", "self", n - 1, n - 1 + 0.4)
            if n in (4, 5):
                result(db, c, CMMM, "2025", "onsite", n - 2, n - 2 + 0.2)
            if n in (2, 3, 4):
                result(db, c, CMMM, "2026", "onsite", 3, 3.1 + n / 10)
    versions.activate(store, CLI, EXAMPLE.read_bytes(), EXAMPLE.name)
    return store


def test_who_qualifies_reads_the_strongest_cmmm_level(cohort):
    qualified = sorted(evaluate(cohort, load_file(EXAMPLE)).eligible_codes())
    # 1 (level 0) and 2 (level 1) do not; 4 verified at 2, 5 verified at 3 (on site wins), 3 and 6 self
    assert qualified == sorted(code(n) for n in (3, 4, 5, 6))


def test_an_enterprise_sees_its_cmmm_standing_in_words(cohort):
    seen = enterprise_programmes(cohort, CLI, code(2))
    near = seen["nearest"]
    assert seen["eligible"] == [] and near["programme"] == "smart-factory-tier-example"
    gap = near["missing"][0]["gap"]
    assert gap["zh"] == "智能制造能力成熟度等级提升到 2（目前 1，2025 轮）"
    assert gap["en"] == "smart-manufacturing maturity level to 2 (now 1, round 2025)"
    assert [s["programme"] for s in enterprise_programmes(cohort, CLI, code(6))["eligible"]] == [
        "smart-factory-tier-example"
    ]


def test_the_impact_counts_the_verified_level_3_target(cohort):
    with cohort.write() as db:  # two more manufacturers at level 2, one verified at 3 a round later
        for n, after in ((7, 3), (8, 2)):
            c = firm(db, n, industry="机械设备")
            result(db, c, CMMM, "2025", "self", 2, 2.5)
            result(db, c, CMMM, "2026", "onsite", after, after + 0.3)
    add_provider(cohort, CLI, "智造服务商")
    for n in (3, 4, 5, 7, 8):
        enrol(cohort, CLI, "smart-factory-tier-example", code(n), "智造服务商", "2025-03-01")
    out = impact(cohort, CLI, versions.get(cohort, "smart-factory-tier-example"), n_resamples=200, seed=1)
    assert out["target"]["reached"] == 3 and out["target"]["share"] == 3 / 5  # 3, 4 and 7 verified at 3
    assert "cmmm-2020" in out["target"]["rule"]["zh"]


def test_an_administrator_activates_the_example_on_the_page_and_sees_who_qualifies(tmp_path, monkeypatch):
    store = open_rounds(use(None, tmp_path, monkeypatch))
    accounts.add_user(store, CLI, "admin1", "admin", PASSWORD)
    with store.write() as db:
        for n in range(1, 4):
            result(db, firm(db, n, industry="机械设备"), CMMM, "2025", "self", n, n + 0.5)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.session_state["actor"] = Actor("admin1", "admin")
    at.session_state["last_seen"] = time.time()
    at.switch_page("ui/pages/bureau_programmes.py").run()
    at.file_uploader(key="programme_upload").upload(EXAMPLE.name, EXAMPLE.read_bytes()).run()
    assert "smart-factory-tier-example 2025.1：检查通过" in at.success[0].value
    next(b for b in at.button if b.key == "programme_activate").click().run()
    assert not at.exception
    eligible = next(d.value for d in at.dataframe if "依据" in d.value.columns)
    assert eligible["统一社会信用代码"].tolist() == [code(2), code(3)]
    assert "cmmm-2020 等级 ≥ 2" in eligible["依据"].iloc[0]
    assert "不是认证等级" in texts(at)  # the description says the tier needs certification
