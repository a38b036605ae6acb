"""Export to Excel / CSV (issue 3, point 6): columns, filters, who sees which rows, formula
injection, and the round trip export → import."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from typer.testing import CliRunner

from assessment import lifecycle
from assessment.access import Actor
from assessment.answers import check_answers
from assessment.enterprises import check_profile, save_profile
from assessment.exporter import ExportError, export, export_file, export_frame
from assessment.importer import import_file
from assessment.neutralise import neutralise
from assessment.scoring import score
from assessment.sheet_columns import EXPORT_COLUMNS, part_ids
from cli import app
from questionnaires import get
from tests.conftest import code, open_rounds
from tests.support.import_files import sme_answers
from tests.support.records import add, dcmm_answers

SME, DCMM = "sme-2024", "dcmm-2025"
runner = CliRunner()


def read_xlsx(path) -> list[dict]:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_one_row_per_assessment_with_scores_and_part_columns(store, admin, tmp_path):
    ids = [add(store, admin, n) for n in (1, 2)] + [add(store, admin, 3, DCMM)]
    report = export(store, admin, tmp_path / "out.xlsx")
    rows = read_xlsx(tmp_path / "out.xlsx")
    assert report.rows == 3 and len(rows) == 3
    header = list(rows[0])
    parts = list(dict.fromkeys(part_ids(get(DCMM)) + part_ids(get(SME))))
    assert header[: len(EXPORT_COLUMNS)] == list(EXPORT_COLUMNS)
    assert sorted(header[len(EXPORT_COLUMNS) :]) == sorted(parts)
    assert "operations" in header
    for assessment_id, row in zip(ids, sorted(rows, key=lambda r: r["credit_code"])):
        data = lifecycle.result(store, admin, assessment_id)
        assert row["overall_score"] == pytest.approx(data["overall"]["score"])
        assert row["overall_level"] == data["overall"]["level"]
        assert (row["status"], row["source"], row["round"], row["synthetic"]) == ("submitted", "self", "2025", 0)
        first_part = next(iter(data["areas"] if data["kind"] == "dcmm" else data["dimensions"]))
        assert row[first_part] == pytest.approx(
            (data["areas"] if data["kind"] == "dcmm" else data["dimensions"])[first_part]["score"]
        )
        others = [p for p in parts if p not in (part_ids(get(row["questionnaire"])))]
        assert all(row[p] is None for p in others)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_same_assessments(store, admin, tmp_path, suffix):
    for n in range(1, 5):
        add(store, admin, n)
    add(store, admin, 5, DCMM, round_="2026", park="耀州新经济产业园", size="medium")
    add(store, admin, 6, DCMM, name="=SUM(A1:A2)")
    path = tmp_path / f"out{suffix}"
    export(store, admin, path, answers=True)

    from assessment.db import Store

    target = open_rounds(Store(tmp_path / "copy.db"))
    report = import_file(target, admin, path)
    assert report.assessments == 6

    def snapshot(s):
        out = {}
        for row in s.db.query(
            "SELECT a.id, a.credit_code, a.questionnaire, a.version, a.round, e.name, e.park, e.industry, e.size, "
            "r.score, r.level FROM current_assessments a JOIN enterprises e USING (credit_code) "
            "JOIN results r ON r.assessment_id = a.id"
        ):
            answers = dict(s.db.execute("SELECT question_id, value FROM answers WHERE assessment_id = ?", [row["id"]]))
            key = (row.pop("credit_code"), row.pop("questionnaire"), row.pop("round"))
            row.pop("id")
            out[key] = (row, {k: json.loads(v) for k, v in answers.items()})
        return out

    before, after = snapshot(store), snapshot(target)
    assert before.keys() == after.keys()
    for key in before:
        assert before[key][1] == after[key][1], key  # the same answers, value for value
        assert before[key][0] == pytest.approx(after[key][0]), key
    assert after[(code(6), DCMM, "2025")][0]["name"] == "=SUM(A1:A2)"
    target.close()


def test_formula_injection_is_neutralised_in_xlsx_and_csv(store, admin, tmp_path):
    add(store, admin, 1, name='=HYPERLINK("http://x","点我")', park="+园区", industry="@行业")
    add(store, admin, 2, name="-负号公司")
    export(store, admin, tmp_path / "out.xlsx")
    export(store, admin, tmp_path / "out.csv")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb.active
    header = [c.value for c in ws[1]]
    cells = [ws.cell(row=r, column=header.index(col) + 1) for r in (2, 3) for col in ("name", "park", "industry")]
    assert all(c.data_type == "s" for c in cells), "no cell may be a formula"
    texts = {c.value for c in cells}
    assert {'\'=HYPERLINK("http://x","点我")', "'+园区", "'@行业", "'-负号公司"} <= texts
    csv_names = {r["name"] for r in read_csv(tmp_path / "out.csv")}
    assert csv_names == {'\'=HYPERLINK("http://x","点我")', "'-负号公司"}
    assert neutralise("\tx") == "'\tx" and neutralise("ok=1") == "ok=1" and neutralise(-1) == -1


def test_filters_and_unknown_filter_values(store, admin, tmp_path):
    add(store, admin, 1, park="耀州新经济产业园")
    add(store, admin, 2, industry="生物医药", round_="2026")
    add(store, admin, 3, DCMM)
    assert list(export_frame(store, admin, park="耀州新经济产业园")["credit_code"]) == [code(1)]
    assert list(export_frame(store, admin, industry="生物医药")["credit_code"]) == [code(2)]
    assert list(export_frame(store, admin, round_="2026")["credit_code"]) == [code(2)]
    assert list(export_frame(store, admin, questionnaire=DCMM)["credit_code"]) == [code(3)]
    assert len(export_frame(store, admin, park="华澜现代金融产业园")) == 0  # known park, no rows
    for kw, word in (({"park": "火星园"}, "park"), ({"industry": "炼金"}, "industry"), ({"round_": "1999"}, "round")):
        with pytest.raises(ExportError) as info:
            export(store, admin, tmp_path / "x.xlsx", **kw)
        assert word in info.value.en and "known" in info.value.en
    with pytest.raises(ExportError, match="nope"):
        export(store, admin, tmp_path / "x.xlsx", questionnaire="nope")
    with pytest.raises(ExportError, match=".xlsx or .csv"):
        export(store, admin, tmp_path / "x.pdf")
    assert not (tmp_path / "x.xlsx").exists()


def test_an_enterprise_gets_only_its_own_rows_analysts_everything(store, admin, analyst, tmp_path):
    for n in (1, 2, 3):
        add(store, admin, n)
    own = Actor(code(2), "enterprise", code(2))
    assert list(export_frame(store, own)["credit_code"]) == [code(2)]
    assert len(export_frame(store, analyst)) == 3


def test_current_revisions_only_and_drafts_on_request(store, admin, tmp_path):
    add(store, admin, 1)
    add(store, admin, 1)  # a later submission of the same enterprise, questionnaire, round and source
    latest = store.db.execute("SELECT max(id) FROM assessments").fetchone()[0]
    with store.write() as db:
        save_profile(db, check_profile({"credit_code": code(2), "name": "草稿企业"}), admin)
        draft = lifecycle._new_draft(db, Actor(code(2), "enterprise", code(2)), code(2), get(SME), "2025", "self")
    frame = export_frame(store, admin)
    assert len(frame) == 1 and frame["overall_score"][0] == pytest.approx(
        store.db.execute("SELECT score FROM results WHERE assessment_id = ?", [latest]).fetchone()[0]
    )
    with_drafts = export_frame(store, admin, include_drafts=True)
    assert sorted(with_drafts["status"]) == ["draft", "submitted"]
    row = with_drafts[with_drafts["status"] == "draft"].iloc[0]
    assert row["credit_code"] == code(2) and row["overall_score"] != row["overall_score"]  # NaN: no score
    assert draft


def test_answers_columns_hold_import_format_values(store, admin, tmp_path):
    add(store, admin, 1, DCMM)
    add(store, admin, 2)
    export(store, admin, tmp_path / "out.csv", answers=True)
    rows = {r["credit_code"]: r for r in read_csv(tmp_path / "out.csv")}
    dcmm, sme = rows[code(1)], rows[code(2)]
    given = dcmm_answers(1)
    some_criterion = next(k for k, v in given.items() if isinstance(v, bool))
    assert dcmm[some_criterion] == ("1" if given[some_criterion] else "0")
    multi = sme_answers(2)["foundation.network"]
    assert sme["foundation.network"] == multi and sme["scenario.hr"] == str(sme_answers(2)["scenario.hr"])
    assert sme[some_criterion] == "" and dcmm["scenario.hr"] == ""


def test_an_empty_export_has_the_header(store, admin, tmp_path):
    report = export(store, admin, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert report.rows == 0 and [c.value for c in wb.active[1]] == list(EXPORT_COLUMNS)


def test_exports_are_audited(store, admin, tmp_path):
    add(store, admin, 1)
    export(store, admin, tmp_path / "out.csv", park="金水创新产业园")
    detail = store.db.execute("SELECT detail FROM audit WHERE action = 'export'").fetchone()[0]
    assert json.loads(detail) == {"park": "金水创新产业园", "rows": 1, "answers": False}


@pytest.mark.parametrize("name", ["out.xlsx", "out.csv"])
def test_an_export_for_a_download_is_bytes_and_audited(store, admin, tmp_path, name):
    add(store, admin, 1)
    made = export_file(store, admin, name, park="金水创新产业园")
    assert (made.name, made.rows, made.columns) == (name, 1, len(EXPORT_COLUMNS) + len(part_ids(get(SME))))
    if name.endswith(".xlsx"):
        header = [c.value for c in openpyxl.load_workbook(io.BytesIO(made.data)).active[1]]
    else:
        header = next(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert header[: len(EXPORT_COLUMNS)] == list(EXPORT_COLUMNS)
    audit = store.db.execute("SELECT record_id, detail FROM audit WHERE action = 'export'").fetchall()
    assert [(t, json.loads(d)) for t, d in audit] == [(name, {"park": "金水创新产业园", "rows": 1, "answers": False})]
    with pytest.raises(ExportError):
        export_file(store, admin, "out.pdf")


def test_cli_export(store, admin, tmp_path):
    add(store, admin, 1)
    store.close()
    db = str(tmp_path / "assessment.db")
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["export", "-o", str(out), "--answers", "--db", db])
    assert result.exit_code == 0 and "1 条评估 assessments" in result.stdout
    assert read_xlsx(out)[0]["credit_code"] == code(1)
    bad = runner.invoke(app, ["export", "-o", str(out), "--park", "火星园", "--db", db])
    assert bad.exit_code == 1 and bad.stderr.startswith("错误 Error:") and "火星园" in bad.stderr
    assert "Traceback" not in bad.output


def test_scores_in_the_export_are_those_of_the_scoring_engine(store, admin, tmp_path):
    add(store, admin, 4, DCMM)
    frame = export_frame(store, admin)
    expected = score(get(DCMM), check_answers(get(DCMM), dcmm_answers(4)))
    assert frame["overall_score"][0] == pytest.approx(expected["overall"]["score"])
    for area, value in expected["areas"].items():
        assert frame[area][0] == pytest.approx(value["score"])
