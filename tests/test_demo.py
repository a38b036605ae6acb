"""The demo cohort (the package benchmarks/demo/) and the `demo` command: reproducible, labelled synthetic,
realistic in shape."""

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from assessment import credit_code as cc
from assessment.directory import INDUSTRIES, PARKS, size_class
from assessment.enterprises import check_profile
from assessment.scoring import question_points
from benchmarks.demo import DemoError, generate, generation
from cli import app
from questionnaires import get
from tests.conftest import make_enterprise

N = 400
SEED = 11
MANUFACTURING = tuple(i["name"] for i in INDUSTRIES if i["manufacturing"])
FINANCE = "现代金融"
# columns that assessment/ stamps with the wall clock itself (everything else must repeat)
VOLATILE: dict[str, set[str]] = {}  # every column is reproducible, timestamps included
TABLES = {
    "enterprises": "credit_code",
    "assessments": "id",
    "answers": "assessment_id, question_id",
    "results": "assessment_id",
    "result_parts": "assessment_id, part",
}


def dump(store) -> dict[str, list[tuple]]:
    out = {}
    for table, order in TABLES.items():
        cols = [c.name for c in store.db[table].columns if c.name not in VOLATILE.get(table, set())]
        out[table] = store.db.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}").fetchall()
    return out


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    from assessment.db import Store

    store = Store(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = generate(store, N, SEED)
    frame = pd.DataFrame(
        store.db.query(
            "SELECT a.id, a.credit_code, a.questionnaire, a.round, a.source, a.synthetic, a.status, "
            "a.submitted_at, r.score, r.level, r.result, e.industry, e.size, e.park "
            "FROM assessments a JOIN results r ON r.assessment_id = a.id JOIN enterprises e USING (credit_code)"
        )
    )
    frame["result"] = frame["result"].map(json.loads)
    yield store, summary, frame
    store.close()


def of(frame: pd.DataFrame, qid: str) -> pd.DataFrame:
    return frame[frame["questionnaire"] == qid]


def answers_of(store, assessment_id: int) -> dict:
    rows = store.db.execute("SELECT question_id, value FROM answers WHERE assessment_id = ?", [assessment_id])
    return {k: json.loads(v) for k, v in rows}


# ------------------------------------------------------------------------- reproducibility


def test_same_seed_gives_the_same_tables_and_another_seed_does_not(tmp_path):
    from assessment.db import Store

    a, b, c = (Store(tmp_path / f"{name}.db") for name in "abc")
    generate(a, 60, 5)
    generate(b, 60, 5)
    generate(c, 60, 6)
    first, second, other = dump(a), dump(b), dump(c)
    assert first == second
    assert first["enterprises"] and first["answers"]
    assert first["enterprises"] != other["enterprises"]
    assert first["answers"] != other["answers"]


def test_progress_is_reported_after_each_chunk(tmp_path, monkeypatch):
    from assessment.db import Store

    monkeypatch.setattr(generation, "CHUNK", 25)
    calls = []
    summary = generate(Store(tmp_path / "p.db"), 60, 1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(25, 60), (50, 60), (60, 60)]
    assert summary.enterprises == 60


# ---------------------------------------------------------------------------- the records


def test_summary_counts_what_was_written(cohort):
    store, summary, frame = cohort
    assert summary.enterprises == N == store.db["enterprises"].count
    assert summary.total_assessments == len(frame)
    counted = frame.groupby(["questionnaire", "round"]).size().to_dict()
    assert {(q, r): n for q, rounds in summary.assessments.items() for r, n in rounds.items()} == counted


def test_every_record_is_synthetic_and_submitted(cohort):
    store, _, frame = cohort
    assert {row["synthetic"] for row in store.db.query("SELECT synthetic FROM enterprises")} == {1}
    assert set(frame["synthetic"]) == {1}
    assert set(frame["status"]) == {"submitted"}


def test_credit_codes_are_valid_unique_and_from_licang(cohort):
    store, _, _ = cohort
    codes = [r["credit_code"] for r in store.db.query("SELECT credit_code FROM enterprises")]
    assert len(set(codes)) == N
    assert all(cc.is_valid(code) and code.startswith("91370213") for code in codes)


def test_profiles_are_complete_unique_and_consistent(cohort):
    store, _, _ = cohort
    rows = list(store.db.query("SELECT * FROM enterprises"))
    assert len({r["name"] for r in rows}) == N
    for r in rows:
        assert r["name"].startswith("青岛") and r["name"].endswith("有限公司")
        assert r["size"] == size_class(r["employees"], r["revenue"])
        assert r["contact_phone"].startswith("0532-8") and len(r["contact_phone"]) == 13
        assert r["contact_email"].endswith((".example.com", ".example.net", ".example.org"))
        assert r["confirmed"] == 1  # the bureau's own demo data counts in its figures
        profile = {
            k: r[k] for k in r if k not in ("created_at", "updated_at", "confirmed", "confirmed_by", "confirmed_at")
        }
        assert check_profile(profile)["size"] == r["size"]
    assert {r["park"] for r in rows} == {p["name"] for p in PARKS}
    assert {r["industry"] for r in rows} == {i["name"] for i in INDUSTRIES}
    assert {r["size"] for r in rows} == {"micro", "small", "medium", "large"}


def test_all_questionnaires_rounds_and_sources_are_used(cohort):
    _, _, frame = cohort
    pairs = set(zip(frame["questionnaire"], frame["round"]))
    both = {(qid, round_) for qid in ("sme-2024", "dcmm-2025", "cmmm-2020") for round_ in ("2024", "2025")}
    assert pairs == both | {("dcmm-2018", "2024")}
    assert set(frame["source"]) == {"self", "onsite", "import"}
    assert set(frame.loc[frame["source"] == "onsite", "questionnaire"]) == {"sme-2024"}
    # most take the SME questionnaire, and some take both kinds
    kinds = frame.assign(dcmm=frame["questionnaire"].str.startswith("dcmm")).groupby("credit_code")["dcmm"]
    assert (~kinds.all()).mean() > 0.5
    assert (kinds.any() & ~kinds.all()).sum() > 0
    assert all(stamp.startswith(round_ + "-") for stamp, round_ in zip(frame["submitted_at"], frame["round"]))


def test_about_a_third_have_two_rounds(cohort):
    _, summary, frame = cohort
    rounds = frame.groupby("credit_code")["round"].nunique()
    assert 0.25 < (rounds == 2).mean() < 0.42
    assert summary.two_rounds == (rounds == 2).sum()


def test_dcmm_2018_is_followed_by_dcmm_2025(cohort):
    _, _, frame = cohort
    old = set(of(frame, "dcmm-2018")["credit_code"])
    later = frame[frame["credit_code"].isin(old) & (frame["round"] == "2025")]
    assert len(later) > 0
    assert "dcmm-2018" not in set(later["questionnaire"])
    dcmm_later = later[later["questionnaire"].str.startswith("dcmm")]
    assert set(dcmm_later["questionnaire"]) == {"dcmm-2025"}


def test_second_rounds_show_plausible_progress(cohort):
    _, _, frame = cohort
    two = frame.sort_values("round").groupby(["credit_code", "questionnaire"])["score"]
    change = two.agg(lambda s: s.iloc[-1] - s.iloc[0])[two.size() == 2]
    dcmm, sme = change.xs("dcmm-2025", level=1), change.xs("sme-2024", level=1)
    assert 0.1 < dcmm.mean() < 0.6
    assert 2 < sme.mean() < 10
    assert (sme < 0).any() and (sme < 0).mean() < 0.3  # some regress, most do not


# --------------------------------------------------------------------------------- answers


def test_answers_fit_their_questions(cohort):
    store, _, frame = cohort
    sme = get("sme-2024")
    for assessment_id in of(frame, "sme-2024")["id"].head(60):
        given = answers_of(store, assessment_id)
        for question in sme.questions:
            value = given[question.id]
            if question.type == "multi":
                exclusive = {o.id for o in question.options if o.exclusive}
                assert not (exclusive & set(value)) or len(value) == 1
        digital = given["foundation.equipment_digital.digital_devices"]
        networked = given["foundation.equipment_networked.networked_devices"]
        devices = given["foundation.equipment_digital.production_devices"]
        assert networked <= digital <= devices == given["foundation.equipment_networked.production_devices"]
        for qid, part in (("foundation.equipment_digital", digital), ("foundation.equipment_networked", networked)):
            question = sme.question_by_id[qid]
            assert question_points(question, given[qid]) == question_points(question, 100 * part / devices)
        spend, revenue = given["management.funding.digital_spend"], given["management.funding.revenue"]
        funding = sme.question_by_id["management.funding"]
        assert question_points(funding, given["management.funding"]) == question_points(funding, 100 * spend / revenue)


def test_both_dcmm_modes_occur(cohort):
    store, _, frame = cohort
    q = get("dcmm-2025")
    modes = set()
    for assessment_id in of(frame, "dcmm-2025")["id"]:
        keys = set(answers_of(store, assessment_id))
        modes.add("quick" if keys <= set(q.item_by_id) else "detailed")
        if len(modes) == 2:
            break
    assert modes == {"quick", "detailed"}


# ------------------------------------------------------------------------ statistical shape


def _parts(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return pd.DataFrame([{k: v["score"] for k, v in r[key].items()} for r in frame["result"]], index=frame.index)


def test_finance_is_stronger_in_security_than_manufacturing(cohort):
    _, _, frame = cohort
    dcmm = of(frame, "dcmm-2025")
    security = _parts(dcmm, "areas")["security"]
    assert security[dcmm["industry"] == FINANCE].mean() > security[dcmm["industry"].isin(MANUFACTURING)].mean()
    sme = of(frame, "sme-2024")
    points = pd.DataFrame([r["questions"] for r in sme["result"]], index=sme.index)
    sme_security = points["foundation.network_security"] + points["foundation.data_security"]
    assert sme_security[sme["industry"] == FINANCE].mean() > sme_security[sme["industry"].isin(MANUFACTURING)].mean()


def test_manufacturing_is_stronger_in_equipment_networking_and_production(cohort):
    _, _, frame = cohort
    sme = of(frame, "sme-2024")
    points = pd.DataFrame([r["questions"] for r in sme["result"]], index=sme.index)
    networked = points["foundation.equipment_networked"]
    making = sme["industry"].isin(MANUFACTURING)
    assert networked[making].mean() > networked[sme["industry"] == FINANCE].mean()
    scenarios = pd.DataFrame([r["scenarios"] for r in sme["result"]], index=sme.index)
    production = scenarios[["scenario.production_control", "scenario.equipment", "scenario.energy"]].mean(axis=1)
    assert production[making].mean() > production[~making].mean() + 0.5


def test_larger_firms_score_higher(cohort):
    _, _, frame = cohort
    for qid in ("sme-2024", "dcmm-2025"):
        by_size = of(frame, qid).groupby("size")["score"].mean()
        assert by_size["large"] > by_size["small"] > by_size["micro"], qid
        assert by_size["medium"] > by_size["micro"], qid


def test_industries_and_parks_differ(cohort):
    _, _, frame = cohort
    sme = of(frame, "sme-2024")
    by_industry = sme.groupby("industry")["score"].mean()
    assert by_industry.max() - by_industry.min() > 8
    assert by_industry["文化旅游"] < by_industry[list(MANUFACTURING)].min()
    assert sme.groupby("park")["score"].mean().std() > 1


def test_areas_are_positively_correlated(cohort):
    _, _, frame = cohort
    for qid, key in (("dcmm-2025", "areas"), ("sme-2024", "dimensions")):
        corr = _parts(of(frame, qid), key).corr().to_numpy()
        assert corr[np.triu_indices_from(corr, 1)].mean() > 0.3, qid


def test_level_distributions_are_not_degenerate(cohort):
    _, _, frame = cohort
    dcmm = frame[frame["questionnaire"].str.startswith("dcmm")]
    assert dcmm["level"].nunique() >= 3
    assert {0, 1, 2} <= set(of(frame, "sme-2024")["level"])
    items = pd.Series([item["level"] for r in dcmm["result"] for item in r["items"].values()])
    share = items.value_counts(normalize=True)
    assert share.reindex([1, 2, 3]).sum() > 0.8  # mostly 1-3
    assert 0 < share.get(4, 0) < 0.15 and share.get(5, 0) < 0.05  # few 4, rare 5


# ------------------------------------------------------------------------------- refusals


def test_a_database_with_real_enterprises_needs_force(store):
    make_enterprise(store, 1)
    with pytest.raises(DemoError, match="--force"):
        generate(store, 20, 1)
    assert store.db["enterprises"].count == 1
    generate(store, 20, 1, force=True)
    assert store.db["enterprises"].count == 21
    real = list(store.db.query("SELECT * FROM enterprises WHERE synthetic = 0"))
    assert [r["name"] for r in real] == ["青岛测试企业1有限公司"]


def test_running_twice_is_refused(store):
    generate(store, 20, 1)
    with pytest.raises(DemoError, match="demo cohort"):
        generate(store, 20, 1)
    assert store.db["enterprises"].count == 20


@pytest.mark.parametrize("n, seed", [(0, 1), (-3, 1), (5, -1)])
def test_bad_arguments_are_refused(store, n, seed):
    with pytest.raises(DemoError):
        generate(store, n, seed)


# ------------------------------------------------------------------------------------ CLI

runner = CliRunner()


def test_cli_demo_prints_a_summary_and_refuses_a_second_run(tmp_path):
    path = str(tmp_path / "cli.db")
    first = runner.invoke(app, ["demo", "--enterprises", "30", "--seed", "2", "--db", path, "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["enterprises"] == 30 and summary["synthetic"] is True
    assert "30/30" in first.stderr
    again = runner.invoke(app, ["demo", "--enterprises", "30", "--seed", "2", "--db", path])
    assert again.exit_code == 1
    assert again.stderr.startswith("错误 Error:") and again.stderr.count("\n") == 1
    assert "Traceback" not in again.output


# ------------------------------------------------------------------------------------ CMMM


def test_only_manufacturers_take_cmmm_with_a_path_that_fits_their_industry(cohort):
    store, _, frame = cohort
    cmmm = of(frame, "cmmm-2020")
    assert len(cmmm) > 0 and set(cmmm["industry"]) <= set(MANUFACTURING)
    paths = {}
    for assessment_id, industry in zip(cmmm["id"], cmmm["industry"]):
        paths.setdefault(industry, []).append(answers_of(store, assessment_id)["path"])
    process = {industry: np.mean([p == "process" for p in found]) for industry, found in paths.items()}
    assert process["啤酒饮料"] > 0.6 and process["服装与衣联网"] < 0.3


def test_cmmm_answers_use_both_modes_and_mark_product_design_not_applicable(cohort):
    store, _, frame = cohort
    q = get("cmmm-2020")
    modes, design_na = set(), 0
    for assessment_id in of(frame, "cmmm-2020")["id"]:
        given = answers_of(store, assessment_id)
        quick = [s for s in q.subdomains if s.id in given and given[s.id] != "na"]
        detailed = [s for s in q.subdomains if all(r in given for r in s.requirement_ids)]
        modes.add("quick" if quick else "detailed")
        assert not (quick and detailed)  # one mode per assessment
        design_na += given.get("design.product") == "na"
        assert set(v for k, v in given.items() if k in q.requirement_by_id) <= set(q.answer_values)
    assert modes == {"quick", "detailed"}
    assert design_na > 0
    results = of(frame, "cmmm-2020")["result"]
    assert any(r["subdomains"]["design.product"]["mode"] == "na" for r in results)


def test_cmmm_levels_resemble_the_national_self_diagnosis(tmp_path):
    """End-2021 self-diagnosis: <= L1 69 %, L2 15 %, L3 7 %, >= L4 9 % (reference/cmmm.md); the
    default demo's 1,000 enterprises give 200+ manufacturers on cmmm-2020."""
    from assessment.db import Store

    store = Store(tmp_path / "cmmm.db")
    generate(store, 1000, 2026)
    levels = pd.Series(
        [
            r["level"]
            for r in store.db.query(
                "SELECT r.level FROM assessments a JOIN results r ON r.assessment_id = a.id "
                "WHERE a.questionnaire = 'cmmm-2020'"
            )
        ]
    )
    firms = store.db.execute("SELECT count(DISTINCT credit_code) FROM assessments WHERE questionnaire = 'cmmm-2020'")
    assert firms.fetchone()[0] >= 200
    share = levels.value_counts(normalize=True)
    assert 0.6 < share.reindex([0, 1]).sum() < 0.78
    assert 0.1 < share.get(2, 0) < 0.2
    assert 0.03 < share.get(3, 0) < 0.12
    assert 0.03 < share.reindex([4, 5]).sum() < 0.14
    assert share.get(0, 0) > 0.1  # below level 1 occurs


def test_second_cmmm_rounds_show_progress(cohort):
    _, _, frame = cohort
    two = of(frame, "cmmm-2020").sort_values("round").groupby("credit_code")["score"]
    change = two.agg(lambda s: s.iloc[-1] - s.iloc[0])[two.size() == 2]
    assert len(change) >= 5
    assert 0.05 < change.mean() < 0.8
