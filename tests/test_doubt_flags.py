"""Doubt flags (issue 13, item 3): each rule on planted answer sets, the contradiction pairs as
checked bank data, and the flags kept with an assessment on submit, on import and by the
backfill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import doubt, flag_store, lifecycle
from assessment.access import CLI, Actor, PermissionDenied
from assessment.doubt import (
    JUMP_POINTS,
    STRAIGHT_LINE_MIN_ANSWERS,
    TOO_FAST_HIGH_SECONDS,
    TOO_FAST_SECONDS,
    Standing,
    Timing,
)
from assessment.enterprises import check_profile, save_profile
from assessment.importer import import_file
from assessment.lifecycle import record_submitted
from questionnaires import QuestionnaireError, get
from questionnaires.contradictions import contradictions, parse
from tests.builders import tiny_dcmm
from tests.conftest import code
from tests.support.import_files import sme_row, write_csv

DCMM, DCMM_OLD, SME = "dcmm-2025", "dcmm-2018", "sme-2024"


def codes(flags) -> dict[str, str]:
    return {f.code: f.severity for f in flags}


def cumulative(q, levels: dict[str, int]) -> dict:
    """Detailed DCMM answers reaching exactly ``levels[item]`` (default 1) on every item."""
    return {c.id: c.level <= levels.get(item.id, 1) for item in q.items for c in item.criteria}


def sme_plain() -> dict:
    """Complete, consistent, varied SME answers (no pair of contradictions.yaml holds)."""
    q = get(SME)
    answers = {}
    for x in q.questions:
        if x.type == "single":
            answers[x.id] = x.options[len(x.options) // 2].id
        elif x.type == "multi":
            answers[x.id] = [o.id for o in x.options if not o.exclusive]
        else:
            answers[x.id] = 50.0
    answers.update({s.id: k % 4 for k, s in enumerate(q.scenarios)})
    return answers


# ------------------------------------------------------------------------------ straight_line


def test_everything_met_is_a_high_straight_line():
    q = get(DCMM)
    flag = doubt.straight_line(q, {c: True for c in q.criterion_by_id})
    assert (flag.code, flag.severity) == ("straight_line", "high")
    assert flag.detail["count"] == len(q.criterion_by_id)
    assert "100%" in flag.en and flag.zh


def test_nothing_met_is_low_and_a_middle_level_is_medium():
    q = get(DCMM)
    assert doubt.straight_line(q, {c: False for c in q.criterion_by_id}).severity == "low"
    assert doubt.straight_line(q, {i.id: 3 for i in q.items}).severity == "medium"
    sme = get(SME)
    flag = doubt.straight_line(sme, {s.id: 4 for s in sme.scenarios})
    assert flag.severity == "high" and "level 4" in flag.en


def test_nearly_the_same_counts_and_a_mixed_set_does_not():
    q = get(DCMM)
    ids = list(q.criterion_by_id)
    cut = int(len(ids) * 0.07)  # 93 % the same: at or above the 90 % share
    assert doubt.straight_line(q, {c: n >= cut for n, c in enumerate(ids)}).severity == "high"
    cut = int(len(ids) * 0.2)  # 80 %: below
    assert doubt.straight_line(q, {c: n >= cut for n, c in enumerate(ids)}) is None


def test_too_few_answers_on_a_scale_are_not_judged():
    q = get(DCMM)
    few = {i.id: 5 for i in q.items[: STRAIGHT_LINE_MIN_ANSWERS - 1]}
    assert doubt.straight_line(q, few) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=0, max_size=16), st.integers(0, 4))
def test_straight_line_on_scenarios_matches_the_stated_rule(levels, filler):
    q = get(SME)
    answers = {s.id: v for s, v in zip(q.scenarios, levels)}
    flag = doubt.straight_line(q, answers)
    values = list(answers.values())
    top = max((values.count(v) for v in set(values)), default=0)
    expected = len(values) >= STRAIGHT_LINE_MIN_ANSWERS and top >= doubt.STRAIGHT_LINE_SHARE * len(values)
    assert (flag is not None) == expected
    if flag:
        assert flag.detail["count"] == top and flag.severity == {4: "high", 0: "low"}.get(
            flag.detail["value"], "medium"
        )


# ----------------------------------------------------------------------------- not_cumulative


def test_a_level_met_over_an_unmet_lower_level_is_not_cumulative():
    q = tiny_dcmm()
    answers = cumulative(q, {"a.x": 2, "a.y": 3, "b.z": 1})
    assert doubt.not_cumulative(q, answers) is None
    answers["b.z.l3.1"] = True  # level 3 met while level 2 of b.z is not
    flag = doubt.not_cumulative(q, answers)
    assert flag.detail["items"] == ["b.z"]
    assert flag.severity == "high"  # 1 of 3 items: a third of the items answered in detail
    assert "b.z" in flag.en


def test_one_unmet_criterion_of_a_lower_level_is_not_most_of_it():
    q = tiny_dcmm()
    answers = cumulative(q, {"a.x": 3})
    answers["a.x.l3.1"] = False  # level 3 of a.x: 2 of 3 met
    answers["a.x.l4.1"] = True
    assert doubt.non_cumulative_items(q, answers) == []
    answers["a.x.l3.2"] = False  # now 1 of 3 met at level 3, while level 4 has one
    assert doubt.non_cumulative_items(q, answers) == ["a.x"]


def test_not_cumulative_severity_grows_with_the_items():
    q = get(DCMM)
    answers = cumulative(q, {})
    planted = q.items[:2]
    for item in planted:
        answers[next(c.id for c in item.criteria if c.level == 4)] = True
    assert doubt.not_cumulative(q, answers).severity == "low"
    for item in q.items[2:4]:
        answers[next(c.id for c in item.criteria if c.level == 3)] = True
    flag = doubt.not_cumulative(q, answers)
    assert flag.severity == "medium" and len(flag.detail["items"]) == 4
    for item in q.items[4:12]:
        answers[next(c.id for c in item.criteria if c.level == 5)] = True
    assert doubt.not_cumulative(q, answers).severity == "high"  # 12 of 33 items


def test_quick_mode_items_and_sme_are_never_not_cumulative():
    q = get(DCMM)
    assert doubt.not_cumulative(q, {i.id: 5 for i in q.items}) is None
    assert doubt.not_cumulative(get(SME), sme_plain()) is None


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_cumulative_answers_are_never_flagged(data):
    q = get(DCMM)
    levels = {item.id: data.draw(st.integers(1, 5)) for item in q.items}
    assert doubt.not_cumulative(q, cumulative(q, levels)) is None


# ----------------------------------------------------------------------------------- too_fast


def test_too_fast_thresholds():
    assert doubt.too_fast(100 * TOO_FAST_SECONDS, 100) is None
    assert doubt.too_fast(100 * TOO_FAST_SECONDS - 1, 100).severity == "medium"
    assert doubt.too_fast(100 * TOO_FAST_HIGH_SECONDS - 1, 100).severity == "high"
    assert doubt.too_fast(0, 0) is None


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 2000), st.floats(0, 1e6, allow_nan=False))
def test_too_fast_exactly_when_under_the_reading_time(count, seconds):
    flag = doubt.too_fast(seconds, count)
    assert (flag is not None) == (seconds < TOO_FAST_SECONDS * count)
    if flag:
        assert flag.severity == ("high" if seconds < TOO_FAST_HIGH_SECONDS * count else "medium")


def test_imports_and_the_synthetic_demo_are_exempt_from_too_fast():
    q = get(SME)
    result = {"overall": {"level": 1, "score": 30.0}}
    for timing, expected in (
        (Timing("self", False, 1.0), True),
        (Timing("import", False, 1.0), False),
        (Timing("onsite", False, 1.0), False),
        (Timing("self", True, 1.0), False),
    ):
        flags = doubt.assessment_flags(q, sme_plain(), result, timing, None, "2025")
        assert ("too_fast" in codes(flags)) is expected


# --------------------------------------------------------------------------------------- jump


def test_jump_more_than_one_level_or_the_stated_points():
    assert doubt.jump("dcmm", Standing("2025", 3, 3.1), Standing("2024", 1, 1.9)).severity == "high"
    assert doubt.jump("dcmm", Standing("2025", 2, 2.95), Standing("2024", 1, 1.9)).severity == "medium"
    assert doubt.jump("dcmm", Standing("2025", 2, 2.5), Standing("2024", 1, 1.9)) is None
    assert doubt.jump("sme", Standing("2025", 1, 20 + JUMP_POINTS["sme"]), Standing("2024", 1, 20)).severity == "medium"
    assert doubt.jump("sme", Standing("2025", 2, 20), None) is None
    flag = doubt.jump("dcmm", Standing("2025", 4, 4.0), Standing("2024", 2, 2.0))
    assert "2024" in flag.zh and "level 2 → 4" in flag.en


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.floats(1, 5), st.floats(1, 5))
def test_a_decline_or_a_small_rise_is_never_a_jump(before, after, s0, s1):
    flag = doubt.jump("dcmm", Standing("b", after, s1), Standing("a", before, s0))
    assert (flag is not None) == (after - before >= 2 or s1 - s0 >= JUMP_POINTS["dcmm"])


# ------------------------------------------------------------------------------ contradiction


def test_a_scenario_through_systems_with_no_system_is_a_contradiction():
    q = get(SME)
    answers = sme_plain()
    assert doubt.contradiction(q, answers) is None
    answers["foundation.information_systems"] = "none"
    flag = doubt.contradiction(q, answers)
    assert flag.severity == "high" and flag.detail["pairs"] == ["scenarios_without_systems"]
    assert "信息系统" in flag.zh and "information system" in flag.en


def test_several_contradictions_take_the_worst_severity():
    q = get(SME)
    answers = sme_plain()
    answers["foundation.data_collection"] = ["finance"]  # no energy data
    answers["scenario.energy"] = 3
    flag = doubt.contradiction(q, answers)
    assert (flag.severity, flag.detail["pairs"]) == ("medium", ["energy_without_energy_data"])
    answers["foundation.network"] = ["none"]
    answers["foundation.equipment_networked"] = 35.0
    flag = doubt.contradiction(q, answers)
    assert flag.severity == "high" and set(flag.detail["pairs"]) == {
        "networked_without_network",
        "energy_without_energy_data",
    }
    assert "1 more" in flag.en


def test_unanswered_questions_never_contradict():
    q = get(SME)
    assert doubt.contradiction(q, {"scenario.energy": 4, "scenario.quality": 4}) is None


def test_the_shipped_pairs_name_what_the_bank_has():
    pairs = contradictions(SME)
    assert len(pairs) >= 5 and contradictions(DCMM) == []
    q = get(SME)
    for pair in pairs:
        for cond in (pair.when, pair.and_):
            assert cond.any_scenario or cond.question in q.question_by_id or cond.question in q.scenario_by_id


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {
                "sme-2024": [
                    {
                        "id": "x",
                        "severity": "high",
                        "when": {"question": "nope", "any_of": ["a"]},
                        "and": {"any_scenario": True, "at_least": 2},
                        "message": {"zh": "甲", "en": "a"},
                    }
                ]
            },
            "sme-2024.0.when.question: unknown question 'nope'",
        ),
        (
            {
                "sme-2024": [
                    {
                        "id": "x",
                        "severity": "high",
                        "when": {"question": "foundation.information_systems", "any_of": ["nothing"]},
                        "and": {"any_scenario": True, "at_least": 2},
                        "message": {"zh": "甲", "en": "a"},
                    }
                ]
            },
            "foundation.information_systems has no option 'nothing'",
        ),
        (
            {
                "sme-2024": [
                    {
                        "id": "x",
                        "severity": "high",
                        "when": {"question": "management.funding", "any_of": ["a"]},
                        "and": {"any_scenario": True, "at_least": 2},
                        "message": {"zh": "甲", "en": "a"},
                    }
                ]
            },
            "management.funding is a figure: use at_least / at_most",
        ),
        ({"dcmm-2025": []}, "dcmm-2025: contradictions are kept for SME questionnaires only"),
        ({"sme-1999": []}, "sme-1999: unknown questionnaire"),
        (
            {
                "sme-2024": [
                    {
                        "id": "x",
                        "severity": "grave",
                        "when": {"any_scenario": True, "at_least": 2},
                        "and": {"any_scenario": True, "at_least": 2},
                        "message": {"zh": "甲", "en": "a"},
                    }
                ]
            },
            "severity",
        ),
        (
            {
                "sme-2024": [
                    {
                        "id": "x",
                        "severity": "low",
                        "when": {"question": "scenario.energy", "at_least": 2, "at_most": 3},
                        "and": {"any_scenario": True, "at_least": 2},
                        "message": {"zh": "甲", "en": "a"},
                    }
                ]
            },
            "exactly one of",
        ),
    ],
)
def test_broken_pairs_are_refused_with_the_field(data, expected):
    with pytest.raises(QuestionnaireError) as info:
        parse(data, "c.yaml")
    assert any(expected in line and line.startswith("c.yaml: ") for line in info.value.problems), info.value.problems


# --------------------------------------------------------------------------- kept with them


def enterprise(store, n: int, park="金水创新产业园", industry="啤酒饮料") -> Actor:
    profile = check_profile(
        {
            "credit_code": code(n),
            "name": f"青岛疑点测试{n}有限公司",
            "park": park,
            "industry": industry,
            "employees": 50,
            "revenue": 800,
        }
    )
    with store.write() as db:
        save_profile(db, profile, CLI)
    return Actor(code(n), "enterprise", code(n))


def answer(store, who: Actor, questionnaire: str, round_: str, answers: dict, *, spread_s: float) -> int:
    """A draft with ``answers``, opened ``spread_s`` seconds before its last answer (planted
    times: no test waits on the clock)."""
    aid = lifecycle.start_or_resume(store, who, who.credit_code, questionnaire, round_)
    for qid, value in answers.items():
        lifecycle.save_answer(store, who, aid, qid, value)
    last = datetime(2025, 5, 1, 10, tzinfo=UTC)
    with store.write() as db:
        db.execute("UPDATE answers SET answered_at = ? WHERE assessment_id = ?", [last.isoformat(), aid])
        opened = (last - timedelta(seconds=spread_s)).isoformat()
        db.execute("UPDATE assessments SET created_at = ? WHERE id = ?", [opened, aid])
    return aid


def kept(store, aid: int) -> dict[str, str]:
    return dict(store.db.execute("SELECT code, severity FROM doubt_flags WHERE assessment_id = ?", [aid]).fetchall())


def test_submit_keeps_the_flags_with_the_assessment(store):
    who = enterprise(store, 1)
    answers = sme_plain()
    answers["foundation.information_systems"] = "none"
    aid = answer(store, who, SME, "2025", answers, spread_s=3600)
    lifecycle.submit(store, who, aid)
    assert kept(store, aid) == {"contradiction": "high"}
    check = store.db.execute("SELECT rules FROM doubt_checks WHERE assessment_id = ?", [aid]).fetchone()
    assert check == (doubt.RULES_VERSION,)
    detail = store.db.execute(
        "SELECT message_zh, message_en FROM doubt_flags WHERE assessment_id = ?", [aid]
    ).fetchone()
    assert all(detail)


def test_a_clean_submission_is_checked_with_nothing_found(store):
    who = enterprise(store, 2)
    aid = answer(store, who, SME, "2025", sme_plain(), spread_s=3600)
    lifecycle.submit(store, who, aid)
    assert kept(store, aid) == {}
    assert aid in flag_store.checked_ids(store)


def test_a_submission_faster_than_reading_is_too_fast(store):
    who = enterprise(store, 3)
    aid = answer(store, who, SME, "2025", sme_plain(), spread_s=0)  # opened at its last answer
    lifecycle.submit(store, who, aid)
    assert kept(store, aid) == {"too_fast": "high"}


def test_a_correction_counts_the_time_spent_on_the_original(store):
    who = enterprise(store, 4)
    first = answer(store, who, SME, "2025", sme_plain(), spread_s=3600)
    lifecycle.submit(store, who, first)
    again = lifecycle.reopen(store, who, first)
    with store.write() as db:  # the revision itself took no time at all
        db.execute("UPDATE answers SET answered_at = '2025-06-01T10:00:00+00:00' WHERE assessment_id = ?", [again])
        db.execute("UPDATE assessments SET created_at = '2025-06-01T10:00:00+00:00' WHERE id = ?", [again])
    lifecycle.submit(store, who, again)
    assert "too_fast" not in kept(store, again)
    assert flag_store.elapsed_seconds(store.db, again) == 3600


def test_a_jump_over_the_previous_round_and_over_a_mapped_edition(store):
    who = enterprise(store, 5)
    old = get(DCMM_OLD)
    with store.write() as db:  # 2024 on the 2018 edition, everything at level 1
        record_submitted(db, CLI, who.credit_code, old, "2024", "import", cumulative(old, {}))
    q = get(DCMM)
    aid = answer(store, who, DCMM, "2025", {i.id: 3 for i in q.items}, spread_s=3600)
    lifecycle.submit(store, who, aid)
    assert kept(store, aid)["jump"] == "high"
    message = store.db.execute("SELECT message_en FROM doubt_flags WHERE code = 'jump'").fetchone()[0]
    assert "(2024)" in message and "level 1 → 3" in message


def test_the_previous_round_is_its_best_source(store):
    who = enterprise(store, 6)
    q = get(DCMM)
    with store.write() as db:
        record_submitted(db, CLI, who.credit_code, q, "2024", "self", {i.id: 1 for i in q.items})
        record_submitted(db, CLI, who.credit_code, q, "2024", "onsite", {i.id: 2 for i in q.items})
        record_submitted(db, CLI, who.credit_code, q, "2023", "onsite", {i.id: 5 for i in q.items})
    assert flag_store.previous_standing(store.db, who.credit_code, DCMM, "2025") == Standing("2024", 2, 2.0)
    assert flag_store.previous_standing(store.db, who.credit_code, DCMM, "2023") is None


def test_an_import_keeps_the_flags_of_every_row(store, tmp_path):
    rows = [sme_row(n) for n in range(10, 14)]
    rows[0]["foundation.information_systems"] = "none"
    rows[0]["scenario.finance"] = 3
    report = import_file(store, CLI, write_csv(tmp_path / "in.csv", rows))
    checked = flag_store.checked_ids(store)
    assert set(report.assessment_ids) <= checked
    assert kept(store, report.assessment_ids[0])["contradiction"] == "high"
    assert not any("too_fast" in kept(store, a) for a in report.assessment_ids)


def test_the_backfill_checks_what_was_never_checked_once(store):
    who = enterprise(store, 7)
    q = get(DCMM)
    with store.write() as db:  # written before the flags existed: no check kept
        older = record_submitted(db, CLI, who.credit_code, q, "2025", "import", {c: True for c in q.criterion_by_id})
    assert flag_store.checked_ids(store) == set()
    summary = flag_store.refresh(store, CLI)
    assert summary == {"checked": 1, "flags": 1, "rules": doubt.RULES_VERSION}
    assert kept(store, older) == {"straight_line": "high"}
    assert flag_store.refresh(store, CLI)["checked"] == 0
    assert flag_store.refresh(store, CLI, every=True)["checked"] == 1
    audit = store.db.execute("SELECT detail FROM audit WHERE action = 'flags.refresh' ORDER BY id").fetchall()
    assert len(audit) == 3 and '"checked": 1' in audit[0][0]


def test_only_the_bureau_refreshes_flags(store):
    who = enterprise(store, 8)
    with pytest.raises(PermissionDenied):
        flag_store.refresh(store, who)
    denied = store.db.execute("SELECT outcome FROM audit WHERE action = 'flags.refresh'").fetchone()
    assert denied == ("denied",)
