"""The public CLI with the cmmm-2020 bank: `questionnaire export` in the shape of DESIGN.md §5,
`score` with requirement values, quick-mode levels and "na", bad input as one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from assessment.answers import parse_document
from assessment.scoring import score
from questionnaires import get
from tests.support.cli import run, write

ROOT = Path(__file__).resolve().parent.parent
CMMM = "cmmm-2020"


def exported() -> dict:
    result = run("questionnaire", "export", CMMM)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_export_has_the_shape_of_the_cmmm_contract():
    data = exported()
    assert {"id", "version", "kind", "title", "levels", "paths", "scoring", "elements"} <= set(data)
    assert (data["id"], data["kind"]) == (CMMM, "cmmm") and set(data["title"]) == {"zh", "en"}
    assert [lv["level"] for lv in data["levels"]] == [1, 2, 3, 4, 5]
    assert all({"level", "name", "meaning"} <= set(lv) for lv in data["levels"])
    assert all(set(lv["name"]) == set(lv["meaning"]) == {"zh", "en"} for lv in data["levels"])
    assert data["paths"] == ["discrete", "process"]
    assert data["scoring"]["values"] == {"full": 1, "mostly": 0.8, "partly": 0.5, "none": 0}
    assert data["scoring"]["threshold"] == 0.8
    assert data["scoring"]["final_score"] in ("n_plus_next", "n_minus_1_plus_current_plus_next")
    requirements = []
    for element in data["elements"]:
        assert {"id", "name", "weight", "domains"} <= set(element)
        for domain in element["domains"]:
            assert {"id", "name", "weight", "subdomains"} <= set(domain)
            for sub in domain["subdomains"]:
                assert {"id", "name", "weight", "paths", "may_be_na", "requirements"} <= set(sub)
                assert set(sub["paths"]) <= {"discrete", "process"} and isinstance(sub["may_be_na"], bool)
                for r in sub["requirements"]:
                    assert {"id", "level", "text", "evidence"} <= set(r) and 1 <= r["level"] <= 5
                    requirements.append(r["id"])
    assert len(data["elements"]) == 4
    assert sum(len(d["subdomains"]) for e in data["elements"] for d in e["domains"]) == 20
    assert len(requirements) == len(set(requirements)) == len(get(CMMM).requirement_by_id)


def test_export_carries_every_id_and_field_of_the_file():
    data = exported()
    file_data = yaml.safe_load((ROOT / "questionnaires" / f"{CMMM}.yaml").read_text("utf-8"))

    def same(from_file, from_export, where):
        if isinstance(from_file, dict):
            assert set(from_file) <= set(from_export), where
            for key, value in from_file.items():
                same(value, from_export[key], f"{where}.{key}")
        elif isinstance(from_file, list):
            assert len(from_file) == len(from_export), where
            for i, (a, b) in enumerate(zip(from_file, from_export)):
                same(a, b, f"{where}[{i}]")
        else:
            assert from_export == (str(from_file) if where == "$.version" else from_file), where

    same(file_data, data, "$")


def test_export_of_an_unknown_version_is_one_clear_line():
    result = run("questionnaire", "export", CMMM, "--version", "1999")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def doc(answers: dict, path: str | None = "discrete") -> dict:
    out: dict = {"questionnaire": CMMM, "answers": answers}
    if path is not None:
        out["path"] = path
    return out


def core(document: dict) -> dict:
    return json.loads(json.dumps(score(*parse_document(document)), ensure_ascii=False))


def test_score_requirement_values_gives_the_result_contract(tmp_path):
    q = get(CMMM)
    answers = {rid: (1 if r.level <= 2 else 0.8 if r.level == 3 else 0.5) for rid, r in q.requirement_by_id.items()}
    result = run("score", write(tmp_path, doc(answers, "process")))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"questionnaire", "version", "path", "overall", "levels", "subdomains", "completeness"} <= set(data)
    assert data["path"] == "process" and data["kind"] == "cmmm"
    assert {"score", "level"} <= set(data["overall"]) and data["overall"]["estimate"] is True
    assert data["levels"] == {"1": 1.0, "2": 1.0, "3": pytest.approx(0.8), "4": 0.5, "5": 0.5}
    assert data["overall"]["level"] == 3 and data["overall"]["score"] == pytest.approx(3.5)
    sub = data["subdomains"][q.subdomains[0].id]
    assert {"level", "scores"} <= set(sub) and set(sub["scores"]) == {"1", "2", "3", "4", "5"}
    assert data["completeness"] == 1.0
    assert data == core(doc(answers, "process"))


def test_score_quick_levels_and_not_applicable(tmp_path):
    q = get(CMMM)
    na_sub = next(s for s in q.subdomains if s.may_be_na)
    answers = {s.id: 2 for s in q.subdomains} | {na_sub.id: "na", q.subdomains[0].id: 0}
    result = run("score", write(tmp_path, doc(answers)))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["subdomains"][na_sub.id] | {"missing": None} == {
        "level": None,
        "score": None,
        "scores": None,
        "applicable": False,
        "mode": "na",
        "missing": None,
    }
    assert data["subdomains"][q.subdomains[1].id]["level"] == 2
    assert data["subdomains"][q.subdomains[1].id]["quick"] == {"answer": 2, "check": None}
    assert data["subdomains"][q.subdomains[0].id]["level"] == 0
    assert data == core(doc(answers))


@pytest.mark.parametrize(
    ("answers", "path", "fragment"),
    [
        ({"strategy.organisation.l1.1": 0.7}, "discrete", "requirement strategy.organisation.l1.1: expected"),
        ({"strategy.organisation.l1.1": "full"}, "discrete", "requirement strategy.organisation.l1.1: expected"),
        ({"strategy.organisation": 6}, "discrete", "sub-domain strategy.organisation (quick mode)"),
        ({"strategy.organisation": "na"}, "discrete", "sub-domain strategy.organisation"),
        ({"nope": 1}, "discrete", "unknown question id 'nope'"),
        ({}, "batch", "path: expected discrete or process"),
        (
            {"strategy.organisation": 2, "strategy.organisation.l1.1": 1},
            "discrete",
            "sub-domain strategy.organisation: answered both",
        ),
        ({"strategy.organisation": 2, "strategy.organisation.check": True}, "discrete", "strategy.organisation.check"),
    ],
)
def test_score_bad_cmmm_input_is_one_clear_line_naming_the_id(tmp_path, answers, path, fragment):
    result = run("score", write(tmp_path, doc(answers, path)))
    assert result.exit_code == 1
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert " / " in result.stderr and "Traceback" not in result.output


def test_score_an_array_of_documents_mixing_banks(tmp_path):
    q = get(CMMM)
    docs = [
        doc({s.id: 5 for s in q.subdomains}),
        doc({rid: 0 for rid in q.requirement_by_id}, None),
        {"questionnaire": "sme-2024", "answers": {}},
        doc({s.id: 3 for s in q.subdomains} | {f"{s.id}.check": False for s in q.subdomains}, "process"),
    ]
    result = run("score", write(tmp_path, docs))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["questionnaire"] for d in data] == [CMMM, CMMM, "sme-2024", CMMM]
    assert [d["overall"]["level"] for d in data] == [5, 0, 0, 2]
    assert data[1]["overall"]["level_name"] == {"zh": "一级以下", "en": "Below level 1"}
    assert data[1]["path"] == "discrete"
    assert data[3] == core(docs[3])
    bad = run("score", write(tmp_path, [docs[0], doc({"strategy.organisation.l1.1": 2})], "bad.json"))
    assert bad.exit_code == 1 and "answers #2: requirement strategy.organisation.l1.1" in bad.stderr
