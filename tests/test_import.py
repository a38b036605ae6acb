"""Import from Excel / CSV (issue 3, point 5): all or nothing, every problem named by row and
column, the template, and the command line. Fixture files are built here, in code."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from openpyxl.styles import numbers
from typer.testing import CliRunner

from assessment.access import Actor, PermissionDenied
from assessment.importer import ImportRejected, import_file, template_xlsx, write_template
from assessment.scoring import score
from assessment.sheet_columns import BASE_COLUMNS, question_ids
from cli import app
from questionnaires import get
from tests.conftest import code, make_enterprise
from tests.support.import_files import as_answers, sme_header, sme_row, write_csv, write_xlsx

SME, DCMM = "sme-2024", "dcmm-2025"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("cheap_argon2")


# ------------------------------------------------------------------------------ fixture files


def counts(store) -> dict:
    db = store.db
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("enterprises", "assessments", "answers")}


def rejected(store, admin, path, **kw) -> list:
    before = counts(store)
    with pytest.raises(ImportRejected) as info:
        import_file(store, admin, path, **kw)
    assert counts(store) == before, "a rejected import must write nothing"
    return [(p.row, p.column) for p in info.value.problems], info.value


# ------------------------------------------------------------------------------------ imports


def test_rows_are_imported_submitted_and_scored(store, admin, tmp_path):
    rows = [sme_row(n) for n in range(1, 4)]
    report = import_file(store, admin, write_xlsx(tmp_path / "in.xlsx", rows))
    assert (report.assessments, report.enterprises_created, report.rows) == (3, 3, 3)
    got = store.db.execute(
        "SELECT a.credit_code, a.status, a.source, a.round, r.score, r.level FROM assessments a "
        "JOIN results r ON r.assessment_id = a.id ORDER BY a.credit_code"
    ).fetchall()
    q = get(SME)
    for row, (credit, status, source, round_, value, level) in zip(rows, got):
        expected = score(q, as_answers({k: row[k] for k in question_ids(q) if k in row}))
        assert (credit, status, source, round_) == (row["credit_code"], "submitted", "import", "2025")
        assert value == pytest.approx(expected["overall"]["score"]) and level == expected["overall"]["level"]
    stored = dict(store.db.execute("SELECT question_id, value FROM answers WHERE assessment_id = 1").fetchall())
    assert json.loads(stored["foundation.network"]) == rows[0]["foundation.network"].split(";")
    audit = store.db.execute("SELECT actor, outcome, detail FROM audit WHERE action = 'import'").fetchall()
    assert len(audit) == 1 and audit[0][:2] == ("cli", "ok") and json.loads(audit[0][2])["assessments"] == 3


def test_dcmm_rows_in_quick_and_detailed_mode(store, admin, tmp_path):
    q = get(DCMM)
    header = list(BASE_COLUMNS) + question_ids(q)
    quick = {"credit_code": code(1), "name": "甲", "questionnaire": DCMM, "round": 2025}
    quick |= {item.id: 3 for item in q.items}
    detailed = {"credit_code": code(2), "name": "乙", "questionnaire": DCMM, "round": "2025"}
    words = ["是", "否", "TRUE", "FALSE", 1, 0, "true", True]
    for i, c in enumerate(q.criterion_by_id):
        detailed[c] = words[i % len(words)]
    import_file(store, admin, write_xlsx(tmp_path / "d.xlsx", [quick, detailed], header))
    results = dict(
        store.db.execute(
            "SELECT a.credit_code, r.score FROM assessments a JOIN results r ON r.assessment_id = a.id"
        ).fetchall()
    )
    assert results[code(1)] == pytest.approx(3.0)
    truth = {"是": True, "否": False, "TRUE": True, "FALSE": False, 1: True, 0: False, "true": True}
    expected = score(q, {c: truth[detailed[c]] for c in q.criterion_by_id})
    assert results[code(2)] == pytest.approx(expected["overall"]["score"])
    assert store.db.execute("SELECT round FROM assessments WHERE credit_code = ?", [code(1)]).fetchone()[0] == "2025"


def test_an_existing_enterprise_is_matched_by_credit_code_and_keeps_what_the_file_leaves_empty(store, admin, tmp_path):
    make_enterprise(store, 7, contact_name="王经理", employees=50, revenue=800)
    row = sme_row(7, park="耀州新经济产业园", industry=None, size=None)
    report = import_file(store, admin, write_xlsx(tmp_path / "in.xlsx", [row]))
    assert (report.enterprises_created, report.enterprises_updated) == (0, 1)
    assert counts(store)["enterprises"] == 1
    park, industry, contact, employees = store.db.execute(
        "SELECT park, industry, contact_name, employees FROM enterprises WHERE credit_code = ?", [code(7)]
    ).fetchone()
    assert (park, industry, contact, employees) == ("耀州新经济产业园", "啤酒饮料", "王经理", 50)


def test_a_stored_profile_that_no_longer_passes_its_checks_is_reported(store, admin, tmp_path):
    with store.write() as db:  # stored before a rule was tightened, say
        db["enterprises"].insert(
            {"credit_code": code(8), "name": "旧企业", "contact_phone": "call us", "created_at": "x", "updated_at": "x"}
        )
    found, _ = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", [sme_row(1), sme_row(8)]))
    assert found == [(3, "contact_phone")]
    audit = store.db.execute("SELECT outcome FROM audit WHERE action = 'import'").fetchall()
    assert audit == [("failed",)]


def test_dry_run_checks_everything_and_writes_nothing(store, admin, tmp_path):
    make_enterprise(store, 1)
    path = write_xlsx(tmp_path / "in.xlsx", [sme_row(1), sme_row(2)])
    before = counts(store)
    report = import_file(store, admin, path, dry_run=True)
    assert counts(store) == before
    assert (report.assessments, report.enterprises_created, report.enterprises_updated) == (2, 1, 1)
    assert store.db.execute("SELECT count(*) FROM audit WHERE action = 'import'").fetchone()[0] == 0


def test_onsite_source_and_reimport_becomes_the_current_assessment(store, admin, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [sme_row(1)])
    import_file(store, admin, path, source="onsite")
    import_file(store, admin, path, source="onsite")
    rows = store.db.execute("SELECT id, source FROM assessments ORDER BY id").fetchall()
    assert [s for _, s in rows] == ["onsite", "onsite"]
    assert store.db.execute("SELECT id FROM current_assessments").fetchall() == [(rows[-1][0],)]
    with pytest.raises(Exception, match="source"):
        import_file(store, admin, path, source="self")


def test_only_administrators_import(store, analyst, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [sme_row(1)])
    for actor in (analyst, Actor(code(1), "enterprise", code(1))):
        with pytest.raises(PermissionDenied):
            import_file(store, actor, path)
    assert counts(store)["assessments"] == 0
    denied = store.db.execute("SELECT count(*) FROM audit WHERE action = 'import' AND outcome = 'denied'")
    assert denied.fetchone()[0] == 2


# ---------------------------------------------------------------------------------- bad input


def test_missing_and_unknown_columns(store, admin, tmp_path):
    header = [h for h in sme_header() if h != "round"] + ["colour", "企业名称"]
    found, _ = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", [sme_row(1)], header))
    assert (1, "round") in found and (1, "colour") in found and (1, "企业名称") in found


def test_a_missing_answer_column_is_reported_once_not_per_row(store, admin, tmp_path):
    header = [h for h in sme_header() if h != "scenario.finance"]
    found, _ = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", [sme_row(1), sme_row(2)], header))
    assert found == [(1, "scenario.finance")]


def test_wrong_types_are_reported_for_every_row_with_row_and_column(store, admin, tmp_path):
    rows = [
        sme_row(1),  # row 2: fine
        sme_row(2, **{"credit_code": "91370213MA0000002X", "scenario.finance": "high"}),  # row 3
        sme_row(3, **{"foundation.network": "control_network;teleport", "management.funding": "lots"}),  # row 4
        sme_row(4, **{"scenario.hr": 7, "round": "20 25", "questionnaire": "sme-1999"}),  # row 5
        sme_row(5, name="", size="enormous"),  # row 6
        sme_row(6, **{"foundation.information_systems": None}),  # row 7: unanswered
    ]
    found, exc = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", rows))
    assert set(found) == {
        (3, "credit_code"),
        (3, "scenario.finance"),
        (4, "foundation.network"),
        (4, "management.funding"),
        (5, "round"),
        (5, "questionnaire"),
        (6, "name"),
        (6, "size"),
        (7, "foundation.information_systems"),
    }
    by_cell = {(p.row, p.column): p for p in exc.problems}
    assert "teleport" in by_cell[(4, "foundation.network")].en
    assert "校验位" in by_cell[(3, "credit_code")].zh
    assert all(p.zh and p.en for p in exc.problems)


def test_merged_cells_are_refused(store, admin, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [sme_row(1), sme_row(2)])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("C2:D3")
    wb.save(path)
    found, exc = rejected(store, admin, path)
    assert (2, "C") in found
    assert any("C2:D3" in p.zh and "merged" in p.en for p in exc.problems)


def test_formulas_are_refused_naming_the_cell(store, admin, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [sme_row(1), sme_row(2)])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    col = sme_header().index("scenario.finance") + 1
    ws.cell(row=3, column=col, value="=1+1")
    wb.save(path)
    found, exc = rejected(store, admin, path)
    assert found == [(3, "scenario.finance")]
    assert "formula" in exc.problems[0].en and exc.problems[0].cell == f"{ws.cell(3, col).column_letter}3"


def test_error_values_are_refused(store, admin, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [sme_row(1)])
    wb = openpyxl.load_workbook(path)
    cell = wb.active.cell(row=2, column=sme_header().index("scenario.hr") + 1)
    cell.value, cell.data_type = "#DIV/0!", "e"
    wb.save(path)
    found, exc = rejected(store, admin, path)
    assert found == [(2, "scenario.hr")] and "#DIV/0!" in exc.problems[0].en


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(store, admin, tmp_path):
    rows = [sme_row(1), None, None, sme_row(2, **{"scenario.hr": "x"}), None]
    found, _ = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", rows))
    assert found == [(5, "scenario.hr")]
    ok = import_file(store, admin, write_xlsx(tmp_path / "ok.xlsx", [sme_row(1), None, sme_row(2), None]))
    assert ok.rows == 2 and ok.assessments == 2


def test_a_file_with_no_data_rows_is_refused(store, admin, tmp_path):
    found, exc = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", [None, None]))
    assert found == [(None, None)] and "no data rows" in exc.problems[0].en


def test_the_template_label_row_is_skipped(store, admin, tmp_path):
    rows = [sme_row(1), sme_row(2, **{"scenario.hr": -1})]
    found, _ = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", rows, labels=True))
    assert found == [(4, "scenario.hr")]  # header 1, labels 2, data from 3


def test_a_second_sheet_with_data_is_refused_an_empty_one_ignored(store, admin, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [sme_row(1)])
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Sheet2")
    wb.save(path)
    report = import_file(store, admin, path)
    assert report.assessments == 1 and any("Sheet2" in en for _, en in report.warnings)
    path2 = write_xlsx(tmp_path / "in2.xlsx", [sme_row(2)])
    wb = openpyxl.load_workbook(path2)
    wb.create_sheet("第二页")["A1"] = "more data"
    wb.save(path2)
    found, exc = rejected(store, admin, path2)
    assert found == [(None, None)] and "第二页" in exc.problems[0].zh


def test_duplicate_rows_and_conflicting_profiles_in_one_file(store, admin, tmp_path):
    rows = [sme_row(1), sme_row(1, seed=9), sme_row(1, name="另一个名字", round="2026")]
    found, _ = rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", rows))
    assert found == [(3, "credit_code"), (4, "name")]


def test_numbers_dates_and_percentages_from_excel(store, admin, tmp_path):
    from datetime import datetime

    found, exc = rejected(
        store,
        admin,
        write_xlsx(tmp_path / "in.xlsx", [sme_row(1, round=datetime(2025, 1, 1)), sme_row(2, credit_code=9.1e17)]),
    )
    assert found == [(2, "round"), (3, "credit_code")]
    assert "lost digits" in exc.problems[1].en
    path = write_xlsx(tmp_path / "pct.xlsx", [sme_row(3, **{"foundation.equipment_digital": 0.45})])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.cell(
        row=2, column=sme_header().index("foundation.equipment_digital") + 1
    ).number_format = numbers.FORMAT_PERCENTAGE
    wb.save(path)
    import_file(store, admin, path)
    value = store.db.execute("SELECT value FROM answers WHERE question_id = 'foundation.equipment_digital'")
    assert json.loads(value.fetchone()[0]) == 45


def test_a_question_of_another_questionnaire_must_be_empty(store, admin, tmp_path):
    header = sme_header() + ["strategy.planning"]
    found, _ = rejected(
        store, admin, write_xlsx(tmp_path / "in.xlsx", [sme_row(1, **{"strategy.planning": 3})], header)
    )
    assert found == [(2, "strategy.planning")]


def test_neutralised_text_from_an_export_is_read_back(store, admin, tmp_path):
    import_file(store, admin, write_xlsx(tmp_path / "in.xlsx", [sme_row(1, name="'=公司")]))
    assert store.db.execute("SELECT name FROM enterprises").fetchone()[0] == "=公司"


def test_a_rejected_import_is_audited_as_failed(store, admin, tmp_path):
    rejected(store, admin, write_xlsx(tmp_path / "in.xlsx", [sme_row(1, **{"scenario.hr": 9})]))
    rows = store.db.execute("SELECT outcome, detail FROM audit WHERE action = 'import'").fetchall()
    assert len(rows) == 1 and rows[0][0] == "failed" and json.loads(rows[0][1])["problems"] == 1


def test_not_a_spreadsheet(store, admin, tmp_path):
    bad = tmp_path / "in.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    found, exc = rejected(store, admin, bad)
    assert found == [(None, None)] and ".xlsx" in exc.problems[0].en
    old = tmp_path / "in.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    _, exc = rejected(store, admin, old)
    assert ".xls" in exc.problems[0].en


def test_ten_thousand_rows_with_one_bad_row_write_nothing(store, admin, tmp_path):
    path = tmp_path / "big.xlsx"
    header = sme_header()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("assessments")
    ws.append(header)
    for n in range(1, 10_001):
        row = sme_row(n, seed=n % 50)
        if n == 7_777:
            row["scenario.quality"] = 5
        ws.append([row.get(h) for h in header])
    wb.save(path)
    found, exc = rejected(store, admin, path)
    assert found == [(7_778, "scenario.quality")]
    assert exc.report.rows == 10_000


# ------------------------------------------------------------------------------------- CSV


def test_a_gbk_csv_from_excel_is_read(store, admin, tmp_path):
    row = sme_row(1, name="青岛啤酒饮料配套有限公司", park="耀州新经济产业园")
    import_file(store, admin, write_csv(tmp_path / "gbk.csv", [row], encoding="gbk"))
    name, park = store.db.execute("SELECT name, park FROM enterprises").fetchone()
    assert (name, park) == ("青岛啤酒饮料配套有限公司", "耀州新经济产业园")


def test_excel_unicode_text_utf16_with_tabs_is_read(store, admin, tmp_path):
    path = write_csv(tmp_path / "u16.txt", [sme_row(1, name="统一编码公司")], encoding="utf-16")
    path.write_text(path.read_text("utf-16").replace(",", "\t"), "utf-16")
    import_file(store, admin, path)
    assert store.db.execute("SELECT name FROM enterprises").fetchone()[0] == "统一编码公司"


def test_a_utf8_csv_with_all_cells_as_text(store, admin, tmp_path):
    report = import_file(store, admin, write_csv(tmp_path / "u.csv", [sme_row(1), sme_row(2)]))
    assert report.assessments == 2
    found, _ = rejected(store, admin, write_csv(tmp_path / "bad.csv", [sme_row(3, **{"scenario.hr": "2.5"})]))
    assert found == [(2, "scenario.hr")]


# ---------------------------------------------------------------------------------- template


@pytest.mark.parametrize("qid", [SME, DCMM])
def test_the_template_has_ids_labels_validation_and_frozen_headers(tmp_path, qid):
    q = get(qid)
    path = write_template(qid, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert [c.value for c in ws[1]] == list(BASE_COLUMNS) + question_ids(q)
    labels = [c.value for c in ws[2]]
    assert labels[0] == "统一社会信用代码" and all(labels)
    assert ws.freeze_panes == "C3"
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert f'"{qid}"' in formulas
    assert ('"0,1,2,3,4"' if qid == SME else '"1,0"') in formulas


def test_a_filled_template_imports(store, admin, tmp_path):
    path = write_template(SME, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    for n in (1, 2):
        row = sme_row(n)
        ws.append([row.get(h) for h in header])
    wb.save(path)
    report = import_file(store, admin, path)
    assert report.assessments == 2 and report.warnings == []


def test_the_template_is_made_as_bytes_and_written_as_they_are(tmp_path):
    data = template_xlsx(DCMM)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["assessments"] and [c.value for c in wb.active[1]][:2] == ["credit_code", "name"]
    path = write_template(DCMM, tmp_path / "sub" / "t.xlsx")
    written = openpyxl.load_workbook(path)
    assert [[c.value for c in row] for row in written.active.iter_rows(max_row=2)] == [
        [c.value for c in row] for row in wb.active.iter_rows(max_row=2)
    ]


# -------------------------------------------------------------------------------------- CLI


def test_cli_import_reports_problems_as_a_table_and_exits_1(tmp_path):
    db = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["round", "add", "2025", "--db", db]).exit_code == 0
    bad = write_xlsx(tmp_path / "bad.xlsx", [sme_row(1), sme_row(2, **{"scenario.hr": "high"})])
    result = runner.invoke(app, ["import", str(bad), "--db", db])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].split("\t")[:2] == ["3", "scenario.hr"]
    assert lines[-1].startswith("错误 Error:") and "Traceback" not in result.output
    good = write_xlsx(tmp_path / "good.xlsx", [sme_row(1), sme_row(2)])
    dry = runner.invoke(app, ["import", str(good), "--dry-run", "--db", db])
    assert dry.exit_code == 0 and "评估 assessments: 2" in dry.stdout
    done = runner.invoke(app, ["import", str(good), "--json", "--db", db])
    assert done.exit_code == 0 and json.loads(done.stdout)["assessments"] == 2


def test_cli_import_template_and_missing_file(tmp_path):
    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["import-template", SME, "-o", str(out)]).exit_code == 0
    assert out.exists()
    unknown = runner.invoke(app, ["import-template", "nope", "-o", str(out)])
    assert unknown.exit_code == 1 and "nope" in unknown.stderr
    missing = runner.invoke(app, ["import", str(tmp_path / "none.xlsx"), "--db", str(tmp_path / "x.db")])
    assert missing.exit_code == 1 and "none.xlsx" in missing.stderr and "Traceback" not in missing.output
