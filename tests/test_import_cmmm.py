"""Import and export of cmmm-2020 assessments: the path column, one column per sub-domain (quick
level 0-5, 不确定, 不适用) with its check, one per requirement (1 / 0.8 / 0.5 / 0 or in words);
problems named by row and column, all or nothing, the template, and export → import."""

from __future__ import annotations

import json
import random

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE, check_answers, check_id, needs_check
from assessment.db import Store
from assessment.enterprises import check_profile, save_profile
from assessment.exporter import export, export_frame
from assessment.importer import ImportRejected, import_file, write_template
from assessment.lifecycle import record_submitted
from assessment.scoring import score
from assessment.sheet_columns import BASE_COLUMNS, answer_ids, question_ids
from questionnaires import get
from tests.conftest import code, open_rounds
from tests.support.import_files import write_csv, write_xlsx

CMMM = "cmmm-2020"
pytestmark = pytest.mark.usefixtures("cheap_argon2")


def q():
    return get(CMMM)


def header() -> list[str]:
    return list(BASE_COLUMNS) + answer_ids(q())


def row(n: int, **cells) -> dict:
    base = {"credit_code": code(n), "name": f"制造企业{n}", "park": "金水创新产业园", "industry": "啤酒饮料"}
    return base | {"size": "small", "questionnaire": CMMM, "round": "2025"} | cells


def complete_answers(seed: int) -> dict:
    """Complete cmmm-2020 answers: the path, some sub-domains in quick mode (levels, not sure,
    checks, not applicable where allowed), the others requirement by requirement."""
    bank = q()
    rng = random.Random(seed)
    answers: dict = {PATH_KEY: rng.choice(bank.paths)}
    for sub in bank.subdomains:
        way = rng.choice(["quick", "detailed", "detailed"] + (["na"] if sub.may_be_na else []))
        if way == "na":
            answers[sub.id] = NOT_APPLICABLE
        elif way == "quick":
            answers[sub.id] = rng.choice([0, 1, 2, 3, 4, 5, UNSURE])
            if needs_check(answers[sub.id]) and rng.random() < 0.7:
                answers[check_id(sub.id)] = rng.random() < 0.5
        else:
            answers.update({rid: rng.choice(bank.answer_values) for rid in sub.requirement_ids})
    return check_answers(bank, answers)


def counts(store) -> tuple:
    return tuple(
        store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("enterprises", "assessments", "answers")
    )


def problems(store, admin, path) -> list[tuple]:
    before = counts(store)
    with pytest.raises(ImportRejected) as info:
        import_file(store, admin, path)
    assert counts(store) == before, "a rejected import writes nothing"
    return [(p.row, p.column) for p in info.value.problems]


def stored(store, assessment_id: int) -> dict:
    rows = store.db.execute("SELECT question_id, value FROM answers WHERE assessment_id = ?", [assessment_id])
    return {k: json.loads(v) for k, v in rows}


# ------------------------------------------------------------------------------------ columns


def test_the_columns_are_the_path_then_each_sub_domain_and_its_requirements_then_the_checks():
    bank = q()
    ids = question_ids(bank)
    assert ids[0] == PATH_KEY
    first = bank.subdomains[0]
    assert ids[1 : 2 + len(first.requirements)] == [first.id, *first.requirement_ids]
    assert len(ids) == 1 + len(bank.subdomains) + len(bank.requirement_by_id)
    assert answer_ids(bank)[len(ids) :] == [check_id(s.id) for s in bank.subdomains]


# ------------------------------------------------------------------------------------ imports


def test_quick_and_detailed_rows_with_numbers_and_words_are_imported_and_scored(store, admin, tmp_path):
    bank = q()
    subs = bank.subdomains
    na_sub = next(s for s in subs if s.may_be_na)
    quick = row(1, path="离散型制造") | {s.id: 3 for s in subs}
    quick |= {subs[0].id: "不确定", subs[1].id: "unsure", na_sub.id: "不适用", check_id(subs[2].id): "否"}
    words = ["全部满足", "大部分满足", "部分满足", "不满足", "full", "Mostly", "partly", "none", 1, 0.8, "0.5", 0]
    value_of = dict(zip(words, [1, 0.8, 0.5, 0] * 3))
    detailed = row(2, path="process")
    for i, rid in enumerate(bank.requirement_by_id):
        detailed[rid] = words[i % len(words)]
    report = import_file(store, admin, write_xlsx(tmp_path / "c.xlsx", [quick, detailed], header()))
    assert report.assessments == 2
    got = stored(store, report.assessment_ids[0])
    assert got[PATH_KEY] == "discrete" and got[subs[0].id] == got[subs[1].id] == UNSURE
    assert got[na_sub.id] == NOT_APPLICABLE and got[check_id(subs[2].id)] is False and got[subs[3].id] == 3
    expected_quick = score(bank, check_answers(bank, got))
    assert expected_quick["subdomains"][na_sub.id]["applicable"] is False
    assert expected_quick["subdomains"][subs[2].id]["quick"] == {"answer": 3, "check": False}
    second = stored(store, report.assessment_ids[1])
    assert second == {PATH_KEY: "process"} | {rid: value_of[detailed[rid]] for rid in bank.requirement_by_id}
    for assessment_id, answers in zip(report.assessment_ids, (got, second)):
        level, value = store.db.execute(
            "SELECT level, score FROM results WHERE assessment_id = ?", [assessment_id]
        ).fetchone()
        expected = score(bank, check_answers(bank, answers))["overall"]
        assert (level, value) == (expected["level"], pytest.approx(expected["score"]))


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_written(store, admin, tmp_path):
    bank = q()
    subs = bank.subdomains
    fixed = next(s for s in subs if not s.may_be_na)
    full = {s.id: 2 for s in subs}
    r1 = subs[4].requirement_ids
    rows = [
        row(1, path="discrete") | full,  # fine
        row(2, path="batch") | full,  # an unknown path
        row(3) | full,  # no path
        row(4, path="discrete") | full | {fixed.id: "不适用"},  # not applicable where it may not be
        row(5, path="discrete") | full | {subs[1].id: 6},  # a level past 5
        row(6, path="discrete") | full | {subs[2].id: None, subs[2].requirement_ids[0]: 1},  # requirements left out
        row(7, path="discrete") | full | {r1[0]: 1},  # a level and a requirement of the same sub-domain
        row(8, path="discrete") | full | {subs[3].id: None, subs[3].requirement_ids[0]: "most"},  # a bad word
        row(9, path="discrete") | full | {check_id(subs[5].id): "是"},  # a check beside level 2
    ]
    found = problems(store, admin, write_xlsx(tmp_path / "bad.xlsx", rows, header()))
    assert (3, PATH_KEY) in found and (4, PATH_KEY) in found
    assert (5, fixed.id) in found and (6, subs[1].id) in found
    assert [p for p in found if p[0] == 7] == [(7, rid) for rid in subs[2].requirement_ids[1:]]
    assert (8, subs[4].id) in found and (9, subs[3].requirement_ids[0]) in found
    assert (10, check_id(subs[5].id)) in found
    assert all(r != 2 for r, _ in found), "the good row has no problem"


def test_messages_name_the_id_and_the_allowed_answers(store, admin, tmp_path):
    bank = q()
    subs = bank.subdomains
    rid = subs[0].requirement_ids[0]
    bad = row(1, path="discrete") | {s.id: 2 for s in subs[1:]} | {rid: "most"}
    partial = row(2, path="discrete") | {s.id: 2 for s in subs[1:]} | {rid: "full"}
    with pytest.raises(ImportRejected) as info:
        import_file(store, admin, write_xlsx(tmp_path / "bad.xlsx", [bad, partial], header()))
    by_column = {(p.row, p.column): p for p in info.value.problems if p.row == 2}
    by_column |= {p.column: p for p in info.value.problems if p.row == 3}
    assert rid in by_column[2, rid].en and "full/mostly/partly/none" in by_column[2, rid].en
    assert "全部满足/大部分满足/部分满足/不满足" in by_column[2, rid].zh
    unanswered = by_column[subs[0].requirement_ids[1]]
    assert unanswered.en == f"requirement {subs[0].requirement_ids[1]} is unanswered (expected 1/0.8/0.5/0)"


def test_a_missing_sub_domain_column_is_reported_once_at_the_header(store, admin, tmp_path):
    bank = q()
    gone = bank.subdomains[0]
    cols = [c for c in header() if c != gone.id and c not in gone.requirement_ids]
    rows = [row(n, path="discrete") | {s.id: 1 for s in bank.subdomains} for n in (1, 2, 3)]
    assert problems(store, admin, write_xlsx(tmp_path / "gone.xlsx", rows, cols)) == [(1, gone.id)]
    no_path = [c for c in header() if c != PATH_KEY]
    assert problems(store, admin, write_xlsx(tmp_path / "np.xlsx", rows, no_path)) == [(1, PATH_KEY)]


def test_a_cmmm_column_on_a_dcmm_row_must_be_empty(store, admin, tmp_path):
    dcmm = get("dcmm-2025")
    cols = list(BASE_COLUMNS) + question_ids(dcmm) + [PATH_KEY]
    dcmm_row = row(1, questionnaire=dcmm.id, path="discrete") | {item.id: 2 for item in dcmm.items}
    assert problems(store, admin, write_xlsx(tmp_path / "x.xlsx", [dcmm_row], cols)) == [(2, PATH_KEY)]


# ---------------------------------------------------------------------------------- template


def test_the_template_has_the_cmmm_columns_labels_and_lists(store, admin, tmp_path):
    bank = q()
    na_sub = next(s for s in bank.subdomains if s.may_be_na)
    path = write_template(CMMM, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[1]] == list(BASE_COLUMNS) + question_ids(bank)
    labels = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]]))
    assert "离散型制造" in labels[PATH_KEY] and "不适用" in labels[na_sub.id]
    first = bank.subdomains[0]
    assert labels[first.requirement_ids[0]] == first.requirements[0].text.zh
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert {'"discrete,process"', '"0,1,2,3,4,5,不确定,不适用"', '"0,1,2,3,4,5,不确定"'} <= formulas
    assert '"1,0.8,0.5,0,全部满足,大部分满足,部分满足,不满足"' in formulas
    ids = [c.value for c in ws[1]]
    filled = row(1, path="流程型制造") | {s.id: 2 for s in bank.subdomains} | {na_sub.id: "不适用"}
    ws.append([filled.get(h) for h in ids])
    wb = ws.parent
    wb.save(path)
    report = import_file(store, admin, path)
    assert report.assessments == 1 and stored(store, report.assessment_ids[0])[PATH_KEY] == "process"


# ------------------------------------------------------------------------------ export → import


def add(store, admin, n: int, answers: dict) -> int:
    data = {"credit_code": code(n), "name": f"制造企业{n}", "park": "金水创新产业园", "industry": "啤酒饮料"}
    with store.write() as db:
        save_profile(db, check_profile(data), admin)
        return record_submitted(db, admin, code(n), q(), "2025", "self", answers)


def snapshot(store) -> dict:
    out = {}
    for assessment_id, credit_code, value, level in store.db.execute(
        "SELECT a.id, a.credit_code, r.score, r.level FROM current_assessments a "
        "JOIN results r ON r.assessment_id = a.id"
    ).fetchall():
        out[credit_code] = (value, level, stored(store, assessment_id))
    return out


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_same_cmmm_assessments(store, admin, tmp_path, suffix):
    for n in range(1, 6):
        add(store, admin, n, complete_answers(n))
    path = tmp_path / f"out{suffix}"
    export(store, admin, path, answers=True)
    target = open_rounds(Store(tmp_path / "copy.db"))
    assert import_file(target, admin, path).assessments == 5
    before, after = snapshot(store), snapshot(target)
    assert before.keys() == after.keys()
    for key, (value, level, answers) in before.items():
        assert after[key][2] == answers, key
        assert after[key][:2] == (pytest.approx(value), level), key
    target.close()


def test_the_export_has_one_score_column_per_domain_and_the_answer_columns(store, admin):
    bank = q()
    assessment_id = add(store, admin, 1, complete_answers(1))
    frame = export_frame(store, admin, answers=True)
    result = score(bank, stored(store, assessment_id))
    for d in bank.domains:
        assert frame.loc[0, d.id] == pytest.approx(result["domains"][d.id]["score"])
    assert frame.loc[0, "overall_level"] == result["overall"]["level"]
    assert frame.loc[0, PATH_KEY] == result["path"]


@st.composite
def spelled(draw) -> tuple[dict, dict]:
    """Complete answers and the cells a person might type for them (numbers as numbers or text,
    words in Chinese or English, levels, 不确定 / 不适用)."""
    bank = q()
    spellings = {1.0: ["1", 1, "全部满足", "full"], 0.8: [0.8, "0.8", "大部分满足", "mostly"]}
    spellings |= {0.5: [0.5, "0.50", "部分满足", "PARTLY"], 0.0: [0, "0", "不满足", "none"]}
    answers: dict = {PATH_KEY: draw(st.sampled_from(bank.paths))}
    cells: dict = {PATH_KEY: draw(st.sampled_from([answers[PATH_KEY], bank.path_names[answers[PATH_KEY]].zh]))}
    for sub in bank.subdomains:
        way = draw(st.sampled_from(["quick", "detailed"] + (["na"] if sub.may_be_na else [])))
        if way == "na":
            answers[sub.id] = NOT_APPLICABLE
            cells[sub.id] = draw(st.sampled_from(["na", "不适用", "N/A"]))
        elif way == "quick":
            answers[sub.id] = draw(st.one_of(st.integers(0, 5), st.just(UNSURE)))
            cells[sub.id] = answers[sub.id] if answers[sub.id] != UNSURE else draw(st.sampled_from(["不确定", UNSURE]))
        else:
            for rid in sub.requirement_ids:
                answers[rid] = draw(st.sampled_from(sorted(spellings)))
                cells[rid] = draw(st.sampled_from(spellings[answers[rid]]))
    return answers, cells


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=spelled())
def test_any_spelling_of_an_answer_imports_as_its_value(tmp_path_factory, admin, data):
    answers, cells = data
    target = open_rounds(Store(tmp_path_factory.mktemp("db") / "a.db"))
    path = write_csv(tmp_path_factory.mktemp("f") / "in.csv", [row(1) | cells], header())
    report = import_file(target, admin, path)
    assert stored(target, report.assessment_ids[0]) == answers
    target.close()


def test_an_imported_cmmm_row_keeps_its_doubt_flags(store, admin, tmp_path):
    from assessment import flag_store

    bank = q()
    every_full = row(1, path="discrete") | {rid: "全部满足" for rid in bank.requirement_by_id}
    spread = row(2, path="discrete") | {s.id: k % 6 for k, s in enumerate(bank.subdomains)}
    report = import_file(store, admin, write_xlsx(tmp_path / "f.xlsx", [every_full, spread], header()))
    kept = flag_store.stored_flags(store)
    assert set(report.assessment_ids) <= flag_store.checked_ids(store)
    first = {f.code: f for f in kept.get(report.assessment_ids[0], [])}
    assert (
        first["straight_line"].severity == "high"
        and f"{len(bank.requirement_by_id)} 条要求" in first["straight_line"].zh
    )
    assert "straight_line" not in {f.code for f in kept.get(report.assessment_ids[1], [])}


def test_the_import_page_offers_the_cmmm_template_and_names_a_bad_cmmm_cell(app, store, tmp_path):
    from assessment import accounts
    from assessment.access import CLI
    from tests.support.pages import texts

    boss = accounts.add_user(store, CLI, "admin1", "admin", "Jc6!rTy3Nm8@Bx")
    bank = q()
    good = row(1, path="discrete") | {s.id: 2 for s in bank.subdomains}
    rid = bank.subdomains[1].requirement_ids[0]
    bad = row(2, path="discrete") | {s.id: 2 for s in bank.subdomains[2:]} | {bank.subdomains[0].id: 1}
    bad |= {r: "全部满足" for r in bank.subdomains[1].requirement_ids} | {rid: "most"}
    at = app(boss)
    at.switch_page("ui/pages/admin_import.py").run()
    assert any("GB/T 39116-2020" in o for o in at.selectbox(key="template_q").options)
    at.selectbox(key="template_q").set_value(CMMM).run()
    assert not at.exception and "template_download" in [b.key for b in at.download_button]
    upload = write_xlsx(tmp_path / "in.xlsx", [good, bad], header()).read_bytes()
    at.file_uploader(key="import_file").upload("returns.xlsx", upload).run()
    at.button(key="import_check").click().run()
    assert not at.exception
    found = [d.value for d in at.dataframe if "单元格" in d.value.columns][0]
    assert list(found["行"]) == ["3"] and list(found["列"]) == [rid]
    assert "未写入任何数据" in texts(at) and counts(store)[1] == 0


def test_cli_writes_the_cmmm_template_and_imports_a_cmmm_file(tmp_path):
    from typer.testing import CliRunner

    from cli import app as cli_app

    runner = CliRunner()
    out = tmp_path / "t.xlsx"
    assert runner.invoke(cli_app, ["import-template", CMMM, "-o", str(out)]).exit_code == 0
    assert [c.value for c in openpyxl.load_workbook(out).active[1]][len(BASE_COLUMNS)] == PATH_KEY
    db = str(tmp_path / "cli.db")
    assert runner.invoke(cli_app, ["round", "add", "2025", "--db", db]).exit_code == 0
    bank = q()
    rows = [row(1, path="discrete") | {s.id: 4 for s in bank.subdomains}, row(2) | {s.id: 9 for s in bank.subdomains}]
    bad = runner.invoke(cli_app, ["import", str(write_xlsx(tmp_path / "b.xlsx", rows, header())), "--db", db])
    assert bad.exit_code == 1
    lines = bad.stderr.strip().splitlines()
    named = {tuple(line.split("\t")[:2]) for line in lines}
    assert {("3", PATH_KEY), ("3", bank.subdomains[0].id)} <= named and "Traceback" not in bad.output
    good = runner.invoke(
        cli_app, ["import", str(write_xlsx(tmp_path / "g.xlsx", rows[:1], header())), "--json", "--db", db]
    )
    assert good.exit_code == 0 and json.loads(good.stdout)["assessments"] == 1
