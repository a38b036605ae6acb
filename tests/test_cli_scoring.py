"""The public CLI: questionnaires, questionnaire export/validate, score (DESIGN.md §5)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assessment.answers import check_answers
from assessment.scoring import score
from questionnaires import available, get
from tests.support.cli import run, write

ROOT = Path(__file__).resolve().parent.parent


def test_questionnaires_lists_every_shipped_edition():
    result = run("questionnaires", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == {"dcmm-2025", "dcmm-2018", "sme-2024", "cmmm-2020"}
    assert all(set(r) == {"id", "version", "kind", "title"} for r in rows)
    assert next(r for r in rows if r["id"] == "cmmm-2020")["kind"] == "cmmm"
    plain = run("questionnaires")
    assert "dcmm-2025" in plain.stdout and "sme-2024" in plain.stdout and "cmmm-2020\t" in plain.stdout


@pytest.mark.parametrize("qid", ["dcmm-2025", "dcmm-2018", "sme-2024"])
def test_export_has_the_contract_fields_and_matches_the_file(qid):
    result = run("questionnaire", "export", qid)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"id", "version", "kind", "title"} <= set(data)
    file_data = yaml.safe_load((ROOT / "questionnaires" / f"{qid}.yaml").read_text("utf-8"))
    assert data["id"] == file_data["id"] and data["version"] == str(file_data["version"])
    if data["kind"] == "dcmm":
        item = data["areas"][0]["items"][0]
        assert {"id", "clause", "name", "weight", "levels", "criteria"} <= set(item)
        assert {"id", "level", "text", "evidence", "red_line"} <= set(item["criteria"][0])
    else:
        question = data["dimensions"][0]["questions"][0]
        assert {"id", "name", "text", "type", "max_points", "options", "bands", "unit"} <= set(question)
        assert {"id", "group", "name", "constraint", "levels"} <= set(data["scenarios"][0])
        assert {"level", "min_score", "min_scenarios", "min_constraint"} <= set(data["level_rules"][0])


def test_export_unknown_questionnaire_is_one_clear_line():
    result = run("questionnaire", "export", "nope")
    assert result.exit_code == 1
    assert "unknown questionnaire 'nope'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_validate_accepts_shipped_files():
    for qid in available():
        result = run("questionnaire", "validate", str(ROOT / "questionnaires" / f"{qid}.yaml"))
        assert result.exit_code == 0, result.stderr


def test_validate_names_file_and_field_of_each_problem(tmp_path):
    data = yaml.safe_load((ROOT / "questionnaires" / "sme-2024.yaml").read_text("utf-8"))
    data["dimensions"][0]["questions"][1]["type"] = "maybe"
    data["scenarios"][0]["constraint"] = "often"
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True), "broken.yaml")
    result = run("questionnaire", "validate", path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"{path}: dimensions.0.questions.1.type: ") for line in lines)
    assert any(line.startswith(f"{path}: scenarios.0.constraint: ") for line in lines)
    assert "Traceback" not in result.output


def test_validate_reports_points_that_do_not_add_up(tmp_path):
    data = yaml.safe_load((ROOT / "questionnaires" / "sme-2024.yaml").read_text("utf-8"))
    data["dimensions"][0]["max_points"] = 55
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True), "sum.yaml")
    result = run("questionnaire", "validate", path)
    assert result.exit_code == 1
    assert f"{path}: dimensions.0.max_points: 55" in result.stderr


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (": not yaml : [", "line 1"),
        ("- just a list", "(root): expected a mapping"),
        ("kind: other", "kind: must be"),
    ],
)
def test_validate_bad_yaml(tmp_path, content, fragment):
    path = write(tmp_path, content, "bad.yaml")
    result = run("questionnaire", "validate", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: ")
    assert fragment in result.stderr


def test_validate_missing_file(tmp_path):
    result = run("questionnaire", "validate", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1 and "missing.yaml: (file):" in result.stderr


def sme_answers():
    q = get("sme-2024")
    answers = {}
    for x in q.questions:
        if x.type == "single":
            answers[x.id] = x.options[-1].id
        elif x.type == "multi":
            answers[x.id] = [o.id for o in x.options if not o.exclusive]
        else:
            answers[x.id] = x.bands[-1].max
    answers.update({s.id: 4 for s in q.scenarios})
    return answers


def test_score_single_document_full_marks_sme(tmp_path):
    result = run("score", write(tmp_path, {"questionnaire": "sme-2024", "answers": sme_answers()}))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["overall"]["score"] == pytest.approx(100)
    assert data["overall"]["level"] == 4
    assert data["completeness"] == 1
    assert set(data) >= {
        "questionnaire",
        "version",
        "overall",
        "dimensions",
        "questions",
        "scenarios",
        "checks",
        "completeness",
    }


def test_score_array_in_array_out_equals_core(tmp_path):
    q = get("dcmm-2025")
    first = {c: True for c in q.criterion_by_id}
    second = {item.id: 3 for item in q.items}
    docs = [
        {"questionnaire": "dcmm-2025", "answers": first},
        {"questionnaire": "dcmm-2025", "answers": second},
        {"questionnaire": "sme-2024", "answers": {}},
    ]
    result = run("score", write(tmp_path, docs))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["overall"]["level"] for d in data] == [5, 3, 0]
    assert data[1] == json.loads(json.dumps(score(q, check_answers(q, second)), ensure_ascii=False))
    assert set(data[0]) >= {"questionnaire", "version", "overall", "areas", "items", "completeness"}
    assert data[0]["overall"]["level_name"] == {"zh": "优化级", "en": "Optimizing"}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"questionnaire": "sme-2024", "answers": {', "malformed JSON at line 1"),
        ('{"questionnaire": "dcmm-1999", "answers": {}}', "unknown questionnaire 'dcmm-1999'"),
        ('{"answers": {}}', "missing field 'questionnaire'"),
        ('{"questionnaire": "sme-2024"}', "missing field 'answers'"),
        ('{"questionnaire": "sme-2024", "answers": {"nope": 1}}', "unknown question id 'nope'"),
        ('{"questionnaire": "sme-2024", "answers": {"scenario.finance": 7}}', "integer 0-4"),
        (
            '{"questionnaire": "sme-2024", "answers": {"foundation.network": ["none", "control_network"]}}',
            "cannot be ticked with others",
        ),
        (
            '{"questionnaire": "dcmm-2025", "answers": {"strategy.planning.l2.1": "yes"}}',
            "expected true or false",
        ),
        (
            '[{"questionnaire": "sme-2024", "answers": {}}, {"questionnaire": "x", "answers": {}}]',
            "answers #2",
        ),
        ("42", "must be a JSON object"),
    ],
)
def test_score_bad_input_is_one_clear_line(tmp_path, content, fragment):
    result = run("score", write(tmp_path, content))
    assert result.exit_code == 1
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert " / " in result.stderr  # Chinese / English


def test_score_missing_file():
    result = run("score", "/nonexistent/answers.json")
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_cli_runs_as_a_script_and_reads_stdin():
    doc = json.dumps({"questionnaire": "sme-2024", "answers": {}})
    proc = subprocess.run(
        [sys.executable, "cli.py", "score", "-"],
        input=doc,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["overall"]["level"] == 0
    bad = subprocess.run(
        [sys.executable, "cli.py", "score", "-"],
        input="{",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
