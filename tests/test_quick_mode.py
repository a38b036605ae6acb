"""Quick mode that a small firm answers right: "not sure" as an answer, the yes/no check before a
level of 3 or more is trusted, the companion files that carry both, and the glossary."""

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import lifecycle
from assessment.answers import UNSURE, check_answers, check_id
from assessment.batch import score_batch
from assessment.errors import AnswerError
from assessment.plan import improvement_plan
from assessment.scoring import score
from questionnaires import QuestionnaireError, get
from questionnaires.glossary import glossary, load_glossary
from questionnaires.quick import QuickGuide, guide_problems, load_guide, shipped_guide
from tests.builders import t, tiny_dcmm
from tests.conftest import code, open_rounds
from tests.strategies import dcmm_answers

UNSURE_LEVEL = {"a.x": 2, "a.y": 1, "b.z": 1}


def guide_entry(unsure_level: int) -> dict:
    return {
        "unsure_level": unsure_level,
        "plain": {lv: t(f"plain {lv}") for lv in range(1, 6)},
        "checks": {lv: t(f"is level {lv} written down?") for lv in (3, 4, 5)},
    }


def tiny_quick():
    """The tiny DCMM bank with a quick-mode companion: a.x answered "not sure" counts as 2."""
    q = tiny_dcmm()
    data = {"questionnaire": q.id, "items": {i: guide_entry(lv) for i, lv in UNSURE_LEVEL.items()}}
    q.attach_quick(QuickGuide.model_validate(data))
    return q


# ------------------------------------------------------------------------------- scoring


def test_not_sure_scores_as_the_items_conservative_level_and_counts_as_answered():
    q = tiny_quick()
    r = score(q, check_answers(q, {"a.x": UNSURE, "a.y": UNSURE, "b.z": 4}))
    assert r["items"]["a.x"]["level"] == 2 and r["items"]["a.x"]["score"] == 2.0
    assert r["items"]["a.y"]["level"] == 1
    assert r["items"]["a.x"]["quick"] == {"answer": UNSURE, "check": None}
    assert r["items"]["a.x"]["missing"] == ["a.x.l3.1", "a.x.l3.2", "a.x.l3.3"]
    assert r["completeness"] == pytest.approx(1.0)


def test_a_failed_check_lowers_the_chosen_level_by_one_and_a_passed_one_keeps_it():
    q = tiny_quick()
    base = {"a.x": 4, "a.y": 3, "b.z": 5}
    failed = score(q, check_answers(q, {**base, "a.x.check": False, "a.y.check": False, "b.z.check": True}))
    assert failed["items"]["a.x"]["level"] == 3
    assert failed["items"]["a.x"]["quick"] == {"answer": 4, "check": False}
    assert failed["items"]["a.y"]["level"] == 2
    assert failed["items"]["b.z"]["level"] == 5
    unchecked = score(q, check_answers(q, base))
    assert [unchecked["items"][i]["level"] for i in ("a.x", "a.y", "b.z")] == [4, 3, 5]


def test_a_failed_check_also_counts_for_the_key_conditions():
    # b.z.l3.1 is a key condition at level 3: b.z chosen at 3 but not confirmed falls to 2 and
    # caps the overall level at 2
    q = tiny_quick()
    answers = {"a.x": 5, "a.y": 5, "b.z": 3}
    assert score(q, check_answers(q, answers))["red_lines"] == []
    r = score(q, check_answers(q, {**answers, "b.z.check": False}))
    assert [b["criterion"] for b in r["red_lines"]] == ["b.z.l3.1"]
    assert r["overall"]["level"] <= 2


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"a.x": 2, "a.x.check": True}, "a.x.check"),  # level 2 is not checked
        ({"a.x": UNSURE, "a.x.check": False}, "a.x.check"),
        ({"a.x.check": True}, "a.x.check"),  # a check without its level
        ({"a.x": 3, "a.x.check": "yes"}, "true or false"),
        ({"a.x": "maybe"}, "unsure"),
        ({"a.x": 4, "zz.check": True}, "zz.check"),  # not an item's check
    ],
)
def test_answers_that_do_not_fit_quick_mode_are_refused_by_name(answers, words):
    with pytest.raises(AnswerError) as exc:
        check_answers(tiny_quick(), answers)
    assert words in exc.value.en


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_batch_scoring_of_not_sure_and_checks_equals_single_scoring(data):
    q = tiny_quick()
    many = [check_answers(q, data.draw(dcmm_answers(q))) for _ in range(6)]
    frame = score_batch(q, many)
    for row, answers in zip(frame.itertuples(index=False), many):
        single = score(q, answers)
        assert row.score == pytest.approx(single["overall"]["score"], abs=1e-9)
        assert row.level == single["overall"]["level"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(level=st.integers(1, 5), check=st.sampled_from([None, True, False]))
def test_the_check_rule_over_every_level(level, check):
    q = tiny_quick()
    answers = {"a.x": level} | ({} if check is None or level < 3 else {"a.x.check": check})
    got = score(q, check_answers(q, answers))["items"]["a.x"]["level"]
    assert got == (level - 1 if check is False and level >= 3 else level)


# ---------------------------------------------------------------------------------- plan


def test_the_plan_says_find_out_first_for_not_sure_and_quotes_a_failed_check():
    q = tiny_quick()
    answers = check_answers(q, {"a.x": UNSURE, "a.y": 4, "a.y.check": False, "b.z": 2})
    plan = improvement_plan(q, answers)
    assert plan["actions"][0]["target"] == "a.x"  # finding out comes first
    actions = {a["target"]: a for a in plan["actions"]}
    assert actions["a.x"]["find_out_first"] is True
    assert "not sure" in actions["a.x"]["steps"][0]["en"]
    assert actions["a.y"]["find_out_first"] is False
    assert "is level 4 written down?" in actions["a.y"]["steps"][0]["en"]
    # the action reaches the level that was chosen: the failed check goes with the old answer
    assert actions["a.y"]["to_level"] == 4 and actions["a.y"]["gain"] > 0


# ------------------------------------------------------------------------------- storage


def test_a_check_is_saved_only_after_a_checked_level_and_goes_when_the_level_changes(store, enterprise):
    aid = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, "dcmm-2025", "2025")
    item = get("dcmm-2025").items[0].id
    with pytest.raises(AnswerError):
        lifecycle.save_answer(store, enterprise, aid, check_id(item), True)  # no level yet
    lifecycle.save_answer(store, enterprise, aid, item, 2)
    with pytest.raises(AnswerError):
        lifecycle.save_answer(store, enterprise, aid, check_id(item), True)  # level 2 is not checked
    lifecycle.save_answer(store, enterprise, aid, item, 4)
    lifecycle.save_answer(store, enterprise, aid, check_id(item), False)
    assert lifecycle.answers(store, enterprise, aid) == {item: 4, check_id(item): False}
    lifecycle.save_answer(store, enterprise, aid, item, 4)  # the same level again keeps its check
    assert check_id(item) in lifecycle.answers(store, enterprise, aid)
    lifecycle.save_answer(store, enterprise, aid, item, 3)  # another level: its check is asked anew
    assert lifecycle.answers(store, enterprise, aid) == {item: 3}
    lifecycle.save_answer(store, enterprise, aid, check_id(item), True)
    lifecycle.save_answer(store, enterprise, aid, item, None)
    assert lifecycle.answers(store, enterprise, aid) == {}
    lifecycle.save_answer(store, enterprise, aid, item, UNSURE)
    assert lifecycle.answers(store, enterprise, aid) == {item: UNSURE}


# ----------------------------------------------------------------------- companion files


@pytest.mark.parametrize("qid", ["dcmm-2025", "dcmm-2018"])
def test_every_item_of_the_shipped_banks_has_its_quick_mode_texts(qid):
    q = get(qid)
    guide = shipped_guide(qid)
    assert set(guide.items) == set(q.item_by_id)
    for item in q.items:
        assert 1 <= q.unsure_level(item.id) <= 2
        for level in range(1, 6):
            plain = q.plain_description(item.id, level)
            assert plain.zh != item.levels[level - 1].description.zh
            assert len(plain.zh) <= 80, (item.id, level)
        for level in (3, 4, 5):
            assert q.check_question(item.id, level).zh.endswith("？")
            assert q.check_question(item.id, level).en.endswith("?")


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_companion_missing_a_level_names_the_field(tmp_path):
    path = write(
        tmp_path,
        "dcmm-2025.yaml",
        "questionnaire: dcmm-2025\nitems:\n  strategy.planning:\n    unsure_level: 1\n"
        "    plain: {1: {zh: 甲, en: a}}\n    checks: {3: {zh: 乙, en: b}, 4: {zh: 丙, en: c}, 5: {zh: 丁, en: d}}\n",
    )
    with pytest.raises(QuestionnaireError) as exc:
        load_guide(path)
    assert exc.value.problems[0].startswith(f"{path}: items.strategy.planning: ")
    assert "each level 1..5" in exc.value.problems[0]


def test_a_companion_with_a_bad_conservative_level_names_the_field(tmp_path):
    entry = "unsure_level: 4, plain: {}, checks: {}"
    path = write(tmp_path, "x.yaml", "questionnaire: dcmm-2025\nitems:\n  strategy.planning: {" + entry + "}\n")
    with pytest.raises(QuestionnaireError) as exc:
        load_guide(path)
    assert f"{path}: items.strategy.planning.unsure_level: " in exc.value.problems[0]


def test_a_companion_naming_an_item_the_bank_lacks_is_refused_by_field():
    data = {"questionnaire": "dcmm-2025", "items": {"strategy.nowhere": guide_entry(1)}}
    problems = guide_problems(QuickGuide.model_validate(data), get("dcmm-2025"))
    assert problems == [("items.strategy.nowhere", "not an item of dcmm-2025 version " + get("dcmm-2025").version)]


def test_the_glossary_explains_the_specialist_terms_of_quick_mode():
    g = glossary()
    zh = {term.term.zh for term in g.terms}
    assert {"元数据", "数据元", "血缘", "主数据", "参考数据"} <= zh
    found = g.found_in(["在某个业务领域建立了元模型和集中的元数据存储库，能做基本的血缘分析。"], "zh")
    assert [term.id for term in found] == ["metadata", "metamodel", "lineage"]
    assert [term.id for term in g.found_in(["Master data has one source."], "en")] == ["master-data"]


def test_a_glossary_term_without_english_names_the_field(tmp_path):
    path = write(tmp_path, "glossary.yaml", "terms:\n- id: x\n  term: {zh: 元数据}\n  definition: {zh: 甲, en: a}\n")
    with pytest.raises(QuestionnaireError) as exc:
        load_glossary(path)
    assert exc.value.problems == [f"{path}: terms.0.term.en: Field required"]


# ----------------------------------------------------------------------------------- PDF


def test_the_pdf_shows_not_sure_and_a_failed_check_and_calls_key_conditions_what_they_are(store, enterprise):
    import io

    from pypdf import PdfReader

    from reports import enterprise_pdf

    q = get("dcmm-2025")
    aid = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, q.id, "2026")
    for item in q.items:
        lifecycle.save_answer(store, enterprise, aid, item.id, 2)
    lifecycle.save_answer(store, enterprise, aid, q.items[0].id, UNSURE)
    lifecycle.save_answer(store, enterprise, aid, q.items[1].id, 4)
    lifecycle.save_answer(store, enterprise, aid, check_id(q.items[1].id), False)
    lifecycle.submit(store, enterprise, aid)
    pages = {}
    for lang in ("zh", "en"):
        pdf = enterprise_pdf(store, enterprise, enterprise.credit_code, aid, lang=lang)
        pages[lang] = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    zh, en = (" ".join(pages[lang].split()) for lang in ("zh", "en"))
    assert "不确定，按 1 级计" in zh and "选择 4 级，核对题答“否”，按 3 级计" in zh
    assert "not sure, counted as level 1" in en and "answered 'no' at its check, counted as level 3" in en
    assert "本工具设定的关键条件" in zh and "key conditions set by this tool" in en
    assert "先弄清现状" in zh and "Find out first" in en
    assert "术语解释" in zh and "元数据" in zh and "Glossary" in en
    assert "红线标准未满足，总体等级限定为" not in zh


def test_an_imported_return_may_answer_a_quick_mode_item_not_sure(store, admin, tmp_path):
    from assessment.importer import BASE_COLUMNS, import_file, question_ids
    from tests.support.import_files import write_xlsx

    q = get("dcmm-2025")
    row = {"credit_code": code(1), "name": "甲", "questionnaire": q.id, "round": "2025"}
    row |= {item.id: 3 for item in q.items} | {q.items[0].id: "不确定", q.items[1].id: "unsure"}
    import_file(store, admin, write_xlsx(tmp_path / "d.xlsx", [row], list(BASE_COLUMNS) + question_ids(q)))
    stored = dict(store.db.execute("SELECT question_id, value FROM answers").fetchall())
    assert stored[q.items[0].id] == stored[q.items[1].id] == '"unsure"'
    (result,) = store.db.execute("SELECT result FROM results").fetchone()
    assert '"answer": "unsure"' in result


def test_an_export_with_not_sure_and_checks_imports_back_the_same(store, admin, tmp_path):
    from assessment.db import Store
    from assessment.enterprises import check_profile, save_profile
    from assessment.exporter import export
    from assessment.importer import import_file

    q = get("dcmm-2025")
    answers = {item.id: 3 for item in q.items}
    answers |= {q.items[0].id: UNSURE, check_id(q.items[1].id): False, check_id(q.items[2].id): True}
    with store.write() as db:
        save_profile(db, check_profile({"credit_code": code(1), "name": "甲", "park": "金水创新产业园"}), admin)
        lifecycle.record_submitted(db, admin, code(1), q, "2025", "self", check_answers(q, answers))
    export(store, admin, tmp_path / "out.xlsx", answers=True)
    target = Store(tmp_path / "copy.db")
    open_rounds(target, ["2025"])
    assert import_file(target, admin, tmp_path / "out.xlsx").assessments == 1
    stored = {k: json.loads(v) for k, v in target.db.execute("SELECT question_id, value FROM answers")}
    assert stored == answers
    original, copied = (s.db.execute("SELECT score, level FROM results").fetchone() for s in (store, target))
    assert copied == pytest.approx(original)


def test_an_imported_check_beside_a_level_it_does_not_check_is_refused_by_cell(store, admin, tmp_path):
    from assessment.importer import BASE_COLUMNS, ImportRejected, import_file, question_ids
    from tests.support.import_files import write_xlsx

    q = get("dcmm-2025")
    row = {"credit_code": code(1), "name": "甲", "questionnaire": q.id, "round": "2025"}
    row |= {item.id: 2 for item in q.items} | {check_id(q.items[0].id): "否"}
    header = list(BASE_COLUMNS) + question_ids(q) + [check_id(q.items[0].id)]
    with pytest.raises(ImportRejected) as exc:
        import_file(store, admin, write_xlsx(tmp_path / "d.xlsx", [row], header))
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, check_id(q.items[0].id))]


def test_questionnaire_validate_checks_a_companion_against_its_bank_and_the_glossary(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["questionnaire", "validate", "questionnaires/quick/dcmm-2018.yaml"])
    assert ok.exit_code == 0 and "quick-mode companion of dcmm-2018" in ok.output
    assert runner.invoke(app, ["questionnaire", "validate", "questionnaires/glossary.yaml"]).exit_code == 0
    # a 2.0 item in the 2018 companion: refused, naming the item
    data = {"questionnaire": "dcmm-2018", "items": {"assets.valuation": guide_entry(1)}}
    path = write(tmp_path, "q.yaml", yaml.safe_dump(data, allow_unicode=True))
    bad = runner.invoke(app, ["questionnaire", "validate", str(path)])
    assert bad.exit_code == 1
    assert f"{path}: items.assets.valuation: not an item of dcmm-2018" in bad.output
