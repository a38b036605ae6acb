"""Programmes as data: the document's schema, activated versions, eligibility (each rule type,
verified against self, rounds, the confirmed flag), almost eligible, providers and enrolment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment import lifecycle
from assessment.access import CLI, Actor, PermissionDenied
from assessment.audit import entries
from assessment.programmes import ProgrammeError, load_file, parse, versions
from assessment.programmes.eligibility import eligible_report, evaluate, rule_texts
from assessment.programmes.enrolment import (
    EnrolmentError,
    EnrolmentRejected,
    add_provider,
    enrol,
    enrol_csv,
    enrol_many,
    enrolments,
    providers,
)
from assessment.programmes.export import eligible_workbook
from questionnaires import get
from tests.conftest import code
from tests.programme_builders import as_yaml, firm, pilot, result

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------------------ the document


@pytest.mark.parametrize("path", sorted((ROOT / "programmes").glob("*.yaml")))
def test_the_shipped_examples_are_valid_and_say_they_are_examples(path):
    programme = load_file(path)
    assert programme.example
    assert "示" in programme.name.zh and ("example" in programme.name.en or "illustrative" in programme.name.en)
    assert path.read_text("utf-8").startswith("# EXAMPLE ONLY") or "ILLUSTRATIVE ONLY" in path.read_text("utf-8")


def problems(data) -> list[str]:
    with pytest.raises(ProgrammeError) as caught:
        parse(data, "p.yaml")
    return caught.value.problems


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "Bad Id"}, "p.yaml: id:"),
        ({"version": "1 2"}, "p.yaml: version:"),
        ({"name": {"zh": "只有中文"}}, "p.yaml: name.en:"),
        ({"period": {"start": "2026-01-01", "end": "2025-01-01"}}, "p.yaml: period:"),
        ({"rounds": {"before": "2026", "after": "2025"}}, "p.yaml: rounds:"),
        ({"eligibility": []}, "p.yaml: eligibility:"),
        ({"eligibility": [{"type": "size", "in": ["huge"]}]}, "p.yaml: eligibility.0:"),
        ({"eligibility": [{"type": "colour", "in": ["red"]}]}, "p.yaml: eligibility.0:"),
        ({"eligibility": [{"type": "level", "questionnaire": "sme-2024"}]}, "p.yaml: eligibility.0:"),
        (
            {"eligibility": [{"type": "level", "questionnaire": "sme-2024", "min": 3, "max": 1}]},
            "p.yaml: eligibility.0:",
        ),
        (
            {"eligibility": [{"type": "level", "questionnaire": "sme-2024", "max": 1, "source": "rumour"}]},
            "p.yaml: eligibility.0.source:",
        ),
        (
            {"eligibility": [{"type": "level", "questionnaire": "nope", "max": 1}]},
            "p.yaml: eligibility.0.questionnaire:",
        ),
        ({"eligibility": [{"type": "level", "questionnaire": "sme-2024", "max": 7}]}, "p.yaml: eligibility.0.max:"),
        (
            {"eligibility": [{"type": "part", "questionnaire": "dcmm-2025", "part": "nope", "min": 3}]},
            "p.yaml: eligibility.0.part:",
        ),
        ({"target": {"type": "level", "questionnaire": "sme-2024", "min": 2, "round": "20 26"}}, "p.yaml: target:"),
        ({"benefits": {"zh": "多余", "en": "extra"}}, "p.yaml: benefits:"),
    ],
)
def test_a_bad_document_is_refused_with_the_field_named(change, field):
    found = problems(pilot(**change))
    assert any(line.startswith(field) for line in found), found


def test_broken_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: pilot\nname: [unclosed\n", "utf-8")
    with pytest.raises(ProgrammeError) as caught:
        load_file(path)
    assert caught.value.problems[0].startswith(f"{path}: line ")


# ------------------------------------------------------------------------------ versions


def test_activation_keeps_old_versions_and_is_audited(store):
    versions.activate(store, CLI, as_yaml(pilot()), "pilot-1.yaml")
    versions.activate(store, CLI, as_yaml(pilot(version="2", name={"zh": "试点二", "en": "Pilot 2"})), "pilot-2.yaml")
    listed = versions.listing(store, CLI)
    assert [(r["version"], r["active"]) for r in listed] == [("2", True), ("1", False)]
    assert versions.get(store, "pilot").name.en == "Pilot 2"
    assert versions.get(store, "pilot", "1").name.en == "Pilot"
    audit = [e for e in entries(store, CLI, action="programme.activate")]
    assert [json.loads(e["detail"])["version"] for e in audit] == ["2", "1"]
    assert json.loads(audit[0]["detail"])["previous"] == "1"


def test_an_existing_version_is_refused_and_nothing_changes(store):
    versions.activate(store, CLI, as_yaml(pilot()), "pilot.yaml")
    with pytest.raises(ProgrammeError, match="version"):
        versions.activate(store, CLI, as_yaml(pilot(name={"zh": "改", "en": "changed"})), "again.yaml")
    assert versions.get(store, "pilot").name.en == "Pilot"


def test_only_an_administrator_activates(store, analyst):
    with pytest.raises(PermissionDenied):
        versions.activate(store, analyst, as_yaml(pilot()), "pilot.yaml")
    assert versions.listing(store, analyst) == []
    assert entries(store, CLI, action="programme.activate")[0]["outcome"] == "denied"


def test_an_invalid_upload_is_not_activated(store):
    with pytest.raises(ProgrammeError):
        versions.activate(store, CLI, as_yaml(pilot(eligibility=[])), "bad.yaml")
    with pytest.raises(versions.UnknownProgramme):
        versions.get(store, "pilot")


# ------------------------------------------------------------------------------ eligibility


@pytest.fixture
def cohort(store):
    """Enterprises 1-8 with SME results of 2025 chosen to meet or miss the pilot's rules."""
    with store.write() as db:
        c = {n: None for n in range(1, 9)}
        c[1] = firm(db, 1, size="small")
        result(db, c[1], "sme-2024", "2025", "self", 1, 30)  # eligible on its self-assessment
        c[2] = firm(db, 2, size="large")
        result(db, c[2], "sme-2024", "2025", "self", 1, 30)  # too large: almost
        c[3] = firm(db, 3, size="micro")
        result(db, c[3], "sme-2024", "2025", "self", 1, 30)
        result(db, c[3], "sme-2024", "2025", "onsite", 2, 45)  # verified higher: the verified level wins
        c[4] = firm(db, 4, size="medium")
        result(db, c[4], "sme-2024", "2025", "self", 3, 70)
        result(db, c[4], "sme-2024", "2025", "onsite", 0, 15)  # verified lower: eligible
        c[5] = firm(db, 5, size="small")  # no result at all: almost
        c[6] = firm(db, 6, size="small")
        result(db, c[6], "sme-2024", "2024", "self", 1, 30)  # an earlier round does not count
        c[7] = firm(db, 7, size="large")  # large and no result: two rules short
        c[8] = firm(db, 8, size="small", park="耀州新经济产业园")
        result(db, c[8], "sme-2024", "2025", "import", 0, 10)
    return c


def report(store, data, **kw):
    return eligible_report(store, CLI, parse(data), almost=True, **kw)


def test_the_eligible_list_with_its_basis(store, cohort):
    out = report(store, pilot())
    assert out["programme"] == "pilot" and out["version"] == "1"
    assert out["count"] == 3
    codes = [e["credit_code"] for e in out["enterprises"]]
    assert codes == sorted([cohort[1], cohort[4], cohort[8]])
    by_code = {e["credit_code"]: e for e in out["enterprises"]}
    basis = by_code[cohort[4]]["basis"]
    assert [b["rule"] for b in basis] == ["eligibility.0", "eligibility.1"]
    assert basis[0]["value"] == "medium"
    assert basis[1] == {"rule": "eligibility.1", "value": 0, "source": "onsite"}
    assert out["rules"][1] == {
        "rule": "eligibility.1",
        "text": {
            "zh": "sme-2024 等级 ≤ 1（2025 轮，任一来源，取最可靠的）",
            "en": "sme-2024 level ≤ 1 (round 2025, any source, the strongest)",
        },
    }
    assert by_code[cohort[8]]["park"] == "耀州新经济产业园"
    assert by_code[cohort[8]]["basis"][1]["source"] == "import"


def test_almost_eligible_names_the_one_rule_short(store, cohort):
    out = report(store, pilot())
    almost = {e["credit_code"]: e for e in out["almost"]}
    assert set(almost) == {cohort[2], cohort[3], cohort[5], cohort[6]}
    assert out["almost_count"] == 4
    assert almost[cohort[2]]["missing"]["rule"] == "eligibility.0"
    assert almost[cohort[2]]["missing"]["value"] == "large"
    assert almost[cohort[3]]["missing"]["value"] == 2 and almost[cohort[3]]["missing"]["source"] == "onsite"
    assert almost[cohort[5]]["missing"]["value"] is None  # no assessment in round 2025
    assert [b["rule"] for b in almost[cohort[5]]["basis"]] == ["eligibility.0"]


def level_rule(source, **bounds):
    return {"type": "level", "questionnaire": "sme-2024", "source": source, **bounds}


def eligible_codes(store, data, **kw):
    return {e["credit_code"] for e in report(store, data, **kw)["enterprises"]}


def test_self_and_verified_rules_read_their_own_source(store, cohort):
    assert eligible_codes(store, pilot(eligibility=[level_rule("self", max=1)])) == {cohort[1], cohort[2], cohort[3]}
    assert eligible_codes(store, pilot(eligibility=[level_rule("verified", max=1)])) == {cohort[4]}
    assert eligible_codes(store, pilot(eligibility=[level_rule("verified", min=2)])) == {cohort[3]}


def test_a_rule_reads_the_round_it_names(store, cohort):
    assert eligible_codes(store, pilot(eligibility=[level_rule("any", max=1, round="2024")])) == {cohort[6]}
    rounds = {"before": "2024", "after": "2026"}
    assert eligible_codes(store, pilot(rounds=rounds, eligibility=[level_rule("any", max=1)])) == {cohort[6]}


def test_score_and_profile_rules(store, cohort):
    score = {"type": "score", "questionnaire": "sme-2024", "round": "2025", "min": 20, "max": 40}
    assert eligible_codes(store, pilot(eligibility=[score])) == {cohort[1], cohort[2]}  # 3: verified 45
    park = {"type": "park", "in": ["耀州新经济产业园"]}
    assert eligible_codes(store, pilot(eligibility=[park])) == {cohort[8]}
    industry = {"type": "industry", "in": ["啤酒饮料"]}
    assert len(eligible_codes(store, pilot(eligibility=[industry]))) == 8
    sizes = {"type": "size", "in": ["large"]}
    assert eligible_codes(store, pilot(eligibility=[sizes])) == {cohort[2], cohort[7]}


def test_the_cohort_filters_narrow_the_list(store, cohort):
    assert eligible_codes(store, pilot(), park="耀州新经济产业园") == {cohort[8]}
    assert eligible_codes(store, pilot(), size="medium") == {cohort[4]}


def test_a_part_rule_on_a_real_dcmm_result(store):
    q = get("dcmm-2025")
    area = q.areas[0]
    answers = {item.id: (3 if item in area.items else 2) for a in q.areas for item in a.items}
    with store.write() as db:
        one = firm(db, 21)
        lifecycle.record_submitted(db, CLI, one, q, "2025", "onsite", answers)
        two = firm(db, 22)
        lifecycle.record_submitted(db, CLI, two, q, "2025", "onsite", {i.id: 2 for i in q.items})
    rule = {"type": "part", "questionnaire": "dcmm-2025", "part": area.id, "min": 3, "source": "verified"}
    out = report(store, pilot(eligibility=[rule]))
    assert [e["credit_code"] for e in out["enterprises"]] == [one]
    assert out["enterprises"][0]["basis"][0]["value"] == pytest.approx(3.0)


def test_confirmed_reads_the_bureaus_confirmation(store, cohort):
    rule = [{"type": "confirmed"}]
    assert len(eligible_codes(store, pilot(eligibility=rule))) == 8  # the cohort is confirmed
    store.db.execute("UPDATE enterprises SET confirmed = 0 WHERE credit_code = ?", [cohort[1]])
    assert cohort[1] not in eligible_codes(store, pilot(eligibility=rule))
    both = pilot(eligibility=[*rule, *pilot()["eligibility"]])
    out = report(store, both)
    assert cohort[1] in {e["credit_code"] for e in out["almost"]}
    assert next(e for e in out["almost"] if e["credit_code"] == cohort[1])["missing"]["value"] is False


def test_an_empty_store_has_nobody_eligible(store):
    out = report(store, pilot())
    assert out["count"] == 0 and out["enterprises"] == [] and out["almost"] == []


def test_evaluate_agrees_with_the_rules_one_by_one(store, cohort):
    programme = parse(pilot())
    ev = evaluate(store, programme)
    for k, (_, rule) in enumerate(ev.rules):
        for i, value in enumerate(ev.outcomes[k].values):
            expected = rule.met(value) if hasattr(rule, "met") else value in rule.values
            assert bool(ev.outcomes[k].met[i]) == expected


def test_an_enterprise_may_not_read_the_eligible_list(store, enterprise):
    with pytest.raises(PermissionDenied):
        eligible_report(store, enterprise, parse(pilot()))


# ------------------------------------------------------------------------------ enrolment


@pytest.fixture
def active(store, cohort):
    versions.activate(store, CLI, as_yaml(pilot()), "pilot.yaml")
    add_provider(store, CLI, "服务商甲")
    return cohort


def test_enrolment_records_provider_and_dates_and_is_audited(store, active, analyst):
    row = enrol(store, analyst, "pilot", active[1], "服务商甲", "2025-03-01", "2025-12-31")
    assert row["version"] == "1" and row["provider"] == "服务商甲"
    listed = enrolments(store, analyst, "pilot")
    assert [(r["credit_code"], r["provider"], r["start_date"], r["end_date"]) for r in listed] == [
        (active[1], "服务商甲", "2025-03-01", "2025-12-31")
    ]
    assert providers(store, analyst)[0]["enrolled"] == 1
    audit = entries(store, CLI, action="programme.enrol")[0]
    assert audit["actor"] == "analyst1" and audit["record_id"] == active[1]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((code(99), "服务商甲", "2025-03-01"), "credit_code"),
        (("not-a-code", "服务商甲", "2025-03-01"), "credit_code"),
        ((None, "服务商乙", "2025-03-01"), "provider"),
        ((None, "服务商甲", "2025/03/01"), "start"),
        ((None, "服务商甲", "2025-03-01", "2025-01-01"), "end"),
    ],
)
def test_a_bad_enrolment_is_refused_naming_the_field(store, active, args, field):
    args = (args[0] or active[1], *args[1:])
    with pytest.raises(EnrolmentError) as caught:
        enrol(store, CLI, "pilot", *args)
    assert caught.value.en.startswith(field)
    assert enrolments(store, CLI, "pilot") == []


def test_an_enterprise_is_enrolled_once(store, active):
    enrol(store, CLI, "pilot", active[1], "服务商甲", "2025-03-01")
    with pytest.raises(EnrolmentError, match="already enrolled"):
        enrol(store, CLI, "pilot", active[1], "服务商甲", "2025-04-01")


def test_enrolment_needs_an_activated_programme_and_the_bureau(store, active):
    enterprise = Actor(active[1], "enterprise", active[1])
    with pytest.raises(versions.UnknownProgramme):
        enrol(store, CLI, "nope", active[1], "服务商甲", "2025-03-01")
    with pytest.raises(PermissionDenied):
        enrol(store, enterprise, "pilot", active[1], "服务商甲", "2025-03-01")
    with pytest.raises(PermissionDenied):
        add_provider(store, enterprise, "服务商丙")


def test_a_provider_is_listed_once_with_a_name(store, active):
    with pytest.raises(EnrolmentError, match="already listed"):
        add_provider(store, CLI, " 服务商甲 ")
    with pytest.raises(EnrolmentError, match="provider name"):
        add_provider(store, CLI, "  ")


def test_a_csv_list_is_enrolled_all_or_nothing(store, active):
    good = "credit_code,provider,start,end\n"
    good += f"{active[1]},服务商甲,2025-03-01,\n{active[4]},服务商甲,2025-03-02,2025-09-01\n"
    bad = (
        good + f"{code(99)},服务商甲,2025-03-01,\n{active[8]},服务商乙,2025-03-01,\n{active[1]},服务商甲,2025-03-01,\n"
    )
    with pytest.raises(EnrolmentRejected) as caught:
        enrol_csv(store, CLI, "pilot", bad.encode("utf-8"))
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (4, "credit_code"),
        (5, "provider"),
        (6, "credit_code"),
    ]
    assert enrolments(store, CLI, "pilot") == []
    assert enrol_csv(store, CLI, "pilot", good.encode("utf-8-sig")) == 2
    assert [r["credit_code"] for r in enrolments(store, CLI, "pilot")] == [active[1], active[4]]


def test_a_csv_without_its_columns_is_refused(store, active):
    with pytest.raises(EnrolmentRejected) as caught:
        enrol_csv(store, CLI, "pilot", b"code,who\n1,2\n")
    assert {p.column for p in caught.value.problems} == {"credit_code", "provider", "start"}


def test_several_enterprises_are_enrolled_all_or_none(store, active):
    with pytest.raises(EnrolmentError):
        enrol_many(store, CLI, "pilot", [active[1], code(99)], "服务商甲", "2025-03-01")
    assert enrolments(store, CLI, "pilot") == []
    assert enrol_many(store, CLI, "pilot", [active[1], active[4]], "服务商甲", "2025-03-01") == 2
    assert len(enrolments(store, CLI, "pilot")) == 2


def test_the_eligible_list_reads_back_from_excel(store, cohort):
    import io

    from openpyxl import load_workbook

    out = report(store, pilot())
    rules = rule_texts(parse(pilot()))
    book = load_workbook(io.BytesIO(eligible_workbook(out, "en")))
    rows = list(book["Eligible"].iter_rows(values_only=True))
    assert rows[0] == ("Credit code", "Name", "Park", "size in micro, small, medium", rules[1]["text"]["en"])
    assert [r[0] for r in rows[1:]] == [e["credit_code"] for e in out["enterprises"]]
    assert rows[1][3] in ("micro", "small", "medium") and rows[1][4] in (0, 1)


def test_missing_values_are_null_in_json(store, cohort):
    with store.write() as db:
        db.execute("UPDATE enterprises SET park = NULL WHERE credit_code = ?", [cohort[1]])
    park = {"type": "park", "in": ["金水创新产业园"]}
    out = report(store, pilot(eligibility=[park, *pilot()["eligibility"]]))
    text = json.dumps(out, ensure_ascii=False, allow_nan=False)  # NaN would not be JSON
    short = next(e for e in json.loads(text)["almost"] if e["credit_code"] == cohort[1])
    assert short["park"] is None and short["missing"]["value"] is None
    no_result = next(e for e in out["almost"] if e["credit_code"] == cohort[5])
    assert no_result["missing"]["source"] is None
