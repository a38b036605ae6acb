"""What an enterprise sees of the programmes: those it qualifies for, the nearest one it does not
yet qualify for with what stands between in plain words, the plan's actions that close each gap,
only active programmes, and only its own standing."""

from __future__ import annotations

import pytest

from assessment.access import CLI, Actor, PermissionDenied
from assessment.programmes import parse, versions
from assessment.programmes.standing import RuleSeen, closing_actions, enterprise_programmes, programme_standing
from tests.programme_builders import as_yaml, firm, pilot, result

VERIFIED_TARGET = {"type": "level", "questionnaire": "sme-2024", "source": "verified", "min": 2}
PLAN = {
    "questionnaire": "sme-2024",
    "actions": [
        {"id": "a1", "name": {"zh": "一", "en": "one"}, "part": "foundation", "horizon": 3},
        {"id": "a2", "name": {"zh": "二", "en": "two"}, "part": "management", "horizon": 3},
        {"id": "a3", "name": {"zh": "三", "en": "three"}, "part": "foundation", "horizon": 6},
    ],
    "what_if": [
        {"n": 0, "score": 30, "level": 1},
        {"n": 1, "score": 38, "level": 1},
        {"n": 2, "score": 46, "level": 2},
        {"n": 3, "score": 50, "level": 2},
    ],
}


def growth(**changes):
    """A programme for enterprises already at a verified SME level 2 (a 'next step' programme)."""
    return pilot(
        id="growth",
        name={"zh": "成长", "en": "Growth"},
        eligibility=[{"type": "size", "in": ["small", "micro"]}, VERIFIED_TARGET],
        **changes,
    )


def test_a_verified_rule_met_only_by_the_self_assessment_says_so_in_plain_words():
    programme = parse(growth())
    rule = programme.eligibility[1]
    seen = [
        RuleSeen("eligibility.0", programme.eligibility[0], True, "small"),
        RuleSeen("eligibility.1", rule, False, None, None, 2.0),
    ]
    out = programme_standing(programme, seen, PLAN)
    assert not out["eligible"] and out["closable"]
    gap = out["missing"][0]["gap"]
    assert gap["en"] == "verified SME digital level 2: your self-assessment says 2, not yet verified (round 2025)"
    assert "自评为 2，尚未经现场核验" in gap["zh"]


def test_without_any_result_the_gap_says_so_and_the_plan_leads_there():
    programme = parse(growth())
    seen = [
        RuleSeen("eligibility.0", programme.eligibility[0], True, "small"),
        RuleSeen("eligibility.1", programme.eligibility[1], False),
    ]
    missing = programme_standing(programme, seen, PLAN)["missing"][0]
    assert missing["gap"]["en"] == "no SME digital level result for round 2025 yet (verified on site)"
    assert missing["gap"]["zh"] == "尚无 2025 轮的中小企业数字化水平等级结果（现场核验）"
    assert missing["actions"]


def test_a_level_below_the_bound_links_the_plan_up_to_where_its_what_if_reaches_it():
    programme = parse(growth())
    seen = [
        RuleSeen("eligibility.0", programme.eligibility[0], True, "small"),
        RuleSeen("eligibility.1", programme.eligibility[1], False, 1, "onsite"),
    ]
    missing = programme_standing(programme, seen, PLAN)["missing"][0]
    assert missing["gap"]["en"] == "SME digital level to 2 (now 1, round 2025)"
    assert [(a["id"], a["rank"]) for a in missing["actions"]] == [
        ("a1", 1),
        ("a2", 2),
    ]  # the what-if reaches level 2 after two


def test_a_part_rule_links_the_actions_on_that_part():
    rule = parse(
        pilot(eligibility=[{"type": "part", "questionnaire": "sme-2024", "part": "foundation", "min": 3}])
    ).eligibility[0]
    assert [a["id"] for a in closing_actions(rule, PLAN)] == ["a1", "a3"]
    assert closing_actions(rule, {**PLAN, "questionnaire": "dcmm-2025"}) == []  # another questionnaire's plan
    assert closing_actions(rule, None) == []


def test_a_dcmm_area_gap_is_named_by_the_area():
    from questionnaires import get

    area = get("dcmm-2025").areas[0]
    rule = {"type": "part", "questionnaire": "dcmm-2025", "part": area.id, "min": 3}
    programme = parse(pilot(eligibility=[rule]))
    out = programme_standing(programme, [RuleSeen("eligibility.0", programme.eligibility[0], False, 2.4, "self")])
    assert out["missing"][0]["gap"]["zh"] == f"{area.name.zh}提升到 3（目前 2.40，2025 轮）"
    assert out["missing"][0]["gap"]["en"] == f"{area.name.en} to 3 (now 2.40, round 2025)"


def test_profile_rules_and_ceilings_cannot_be_closed():
    programme = parse(pilot())
    too_large = programme_standing(
        programme,
        [
            RuleSeen("eligibility.0", programme.eligibility[0], False, "large"),
            RuleSeen("eligibility.1", programme.eligibility[1], True, 1),
        ],
    )
    assert not too_large["closable"] and too_large["missing"][0]["actions"] == []
    above = programme_standing(
        programme,
        [
            RuleSeen("eligibility.0", programme.eligibility[0], True, "small"),
            RuleSeen("eligibility.1", programme.eligibility[1], False, 3, "self"),
        ],
    )
    assert not above["closable"]
    assert above["missing"][0]["gap"]["en"] == "SME digital level above this programme's ceiling of 1 (now 3)"


@pytest.fixture
def programmes(store):
    versions.activate(store, CLI, as_yaml(pilot()), "pilot.yaml")
    versions.activate(store, CLI, as_yaml(growth()), "growth.yaml")
    with store.write() as db:
        low = firm(db, 11)
        result(db, low, "sme-2024", "2025", "self", 1, 30)
        mid = firm(db, 12)
        result(db, mid, "sme-2024", "2025", "self", 2, 50)
        large = firm(db, 13, size="large")
        result(db, large, "sme-2024", "2025", "self", 2, 50)
    return {"low": low, "mid": mid, "large": large}


def test_the_store_standing_of_each_enterprise(store, programmes):
    low = enterprise_programmes(store, CLI, programmes["low"], PLAN)
    assert [s["programme"] for s in low["eligible"]] == ["pilot"]
    assert low["nearest"]["programme"] == "growth"
    gap = low["nearest"]["missing"][0]
    assert gap["gap"]["en"] == "SME digital level to 2, verified on site (your self-assessment says 1, round 2025)"
    assert [a["id"] for a in gap["actions"]] == ["a1", "a2"]
    mid = enterprise_programmes(store, CLI, programmes["mid"], PLAN)
    assert mid["eligible"] == []
    assert mid["nearest"]["programme"] == "growth"  # the pilot's ceiling cannot be closed
    assert "your self-assessment says 2, not yet verified" in mid["nearest"]["missing"][0]["gap"]["en"]
    assert mid["nearest"]["missing"][0]["actions"] == []  # nothing of the plan to do: a verification
    large = enterprise_programmes(store, CLI, programmes["large"], PLAN)
    assert large == {"active": 2, "eligible": [], "nearest": None}  # its size is not something to close


def test_only_active_versions_count(store, programmes):
    versions.activate(
        store, CLI, as_yaml(pilot(version="2", eligibility=[{"type": "size", "in": ["large"]}])), "p2.yaml"
    )
    low = enterprise_programmes(store, CLI, programmes["low"])
    assert low["eligible"] == []
    large = enterprise_programmes(store, CLI, programmes["large"])
    assert [(s["programme"], s["version"]) for s in large["eligible"]] == [("pilot", "2")]


def test_an_enterprise_reads_only_its_own_standing(store, programmes, enterprise):
    own = enterprise_programmes(store, enterprise, enterprise.credit_code)
    assert own["eligible"] == []  # no result yet
    with pytest.raises(PermissionDenied):
        enterprise_programmes(store, enterprise, programmes["mid"])
    with pytest.raises(PermissionDenied):
        enterprise_programmes(store, Actor("someone", "enterprise", programmes["low"]), programmes["mid"])


def test_one_enterprise_read_alone_agrees_with_the_eligible_list(store, programmes):
    from assessment.programmes.eligibility import eligible_report

    for pid in ("pilot", "growth"):
        listed = {e["credit_code"] for e in eligible_report(store, CLI, versions.get(store, pid))["enterprises"]}
        alone = {
            code
            for code in programmes.values()
            if pid in {s["programme"] for s in enterprise_programmes(store, CLI, code)["eligible"]}
        }
        assert alone == listed
