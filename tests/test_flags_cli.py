"""The command line of the doubt flags and the verification sample, in-process, on demo
databases: `flags`, `flags refresh`, `verification sample`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assessment import flag_store
from assessment.access import CLI
from assessment.cohort import CohortFilter
from assessment.db import Store
from benchmarks import verification
from benchmarks.demo import generate
from cli import app

runner = CliRunner()
SEVERITY = {"high": 0, "medium": 1, "low": 2}


@pytest.fixture(scope="module")
def demo_dbs(tmp_path_factory):
    """Two identical demo databases, their flags computed; and one never refreshed."""
    paths = []
    for n in range(3):
        path = tmp_path_factory.mktemp(f"flags{n}") / "assessment.db"
        store = Store(path)
        generate(store, 150, seed=9)
        if n < 2:
            flag_store.refresh(store, CLI)
        store.close()
        paths.append(str(path))
    return paths


def run(*args):
    return runner.invoke(app, list(args))


def test_flags_are_reproducible_and_most_severe_first(demo_dbs):
    first = run("flags", "-q", "sme-2024", "--json", "--db", demo_dbs[0])
    second = run("flags", "-q", "sme-2024", "--json", "--db", demo_dbs[1])
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout and not first.stderr
    entries = json.loads(first.stdout)
    assert entries, "the demo cohort has doubtful answers"
    for e in entries:
        assert set(e) == {"assessment_id", "credit_code", "questionnaire", "round", "flags"}
        assert e["questionnaire"] == "sme-2024" and e["flags"]
        for f in e["flags"]:
            assert set(f) == {"code", "severity", "message"} and f["message"]["zh"] and f["message"]["en"]
    worst = [min(SEVERITY[f["severity"]] for f in e["flags"]) for e in entries]
    assert worst == sorted(worst)
    expected = verification.cohort_flags(Store(demo_dbs[0]), CLI, CohortFilter("sme-2024"))["assessments"]
    assert entries == expected


def test_flags_take_the_cohort_filters(demo_dbs):
    everyone = json.loads(run("flags", "-q", "sme-2024", "--db", demo_dbs[0]).stdout)
    park = everyone[0]["credit_code"]
    park = Store(demo_dbs[0]).db.execute("SELECT park FROM enterprises WHERE credit_code = ?", [park]).fetchone()[0]
    result = run("flags", "-q", "sme-2024", "--park", park, "--round", "2025", "--db", demo_dbs[0])
    assert result.exit_code == 0, result.stderr
    some = json.loads(result.stdout)
    assert {e["assessment_id"] for e in some} < {e["assessment_id"] for e in everyone}
    assert all(e["round"] == "2025" for e in some)
    full = json.loads(run("flags", "-q", "sme-2024", "--all", "--db", demo_dbs[0]).stdout)
    assert len(full) > len(everyone) and full[-1]["flags"] == []


def test_bad_filters_and_a_missing_questionnaire_print_one_line(demo_dbs):
    for args in (("flags", "-q", "sme-2024", "--park", "无此园区"), ("flags",), ("flags", "-q", "nope-1")):
        result = run(*args, "--db", demo_dbs[0])
        assert result.exit_code == 1
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_the_backfill_command_and_the_warning_before_it(demo_dbs):
    before = run("flags", "-q", "dcmm-2025", "--db", demo_dbs[2])
    assert before.exit_code == 0 and "flags refresh" in before.stderr
    refreshed = run("flags", "refresh", "--db", demo_dbs[2])
    assert refreshed.exit_code == 0, refreshed.stderr
    summary = json.loads(refreshed.stdout)
    assert summary["checked"] > 0 and summary["flags"] > 0
    after = run("flags", "-q", "dcmm-2025", "--db", demo_dbs[2])
    assert "flags refresh" not in after.stderr
    assert json.loads(run("flags", "refresh", "--db", demo_dbs[2]).stdout)["checked"] == 0


def test_the_sample_command_is_reproducible_and_audited(demo_dbs):
    args = ("verification", "sample", "--size", "7", "--seed", "42", "-q", "sme-2024", "--json")
    first, second = run(*args, "--db", demo_dbs[0]), run(*args, "--db", demo_dbs[1])
    assert first.exit_code == 0, first.stderr
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert a == b and len(a["sample"]) == 7
    assert all(x["drawn"] >= 1 for x in a["allocation"].values())  # 7 >= the demo's parks
    assert sum(x["enterprises"] for x in a["allocation"].values()) == a["population"]
    other = json.loads(run(*args[:5], "43", "-q", "sme-2024", "--db", demo_dbs[0]).stdout)
    assert [x["credit_code"] for x in other["sample"]] != [x["credit_code"] for x in a["sample"]]
    audit = Store(demo_dbs[0]).db.execute("SELECT detail FROM audit WHERE action = 'verification.sample'").fetchall()
    assert [json.loads(d[0])["seed"] for d in audit] == [42, 43]


def test_the_sample_command_refuses_a_bad_size(demo_dbs):
    result = run("verification", "sample", "--size", "0", "--seed", "1", "-q", "sme-2024", "--db", demo_dbs[0])
    assert result.exit_code == 1 and "sample size" in result.stderr
    result = run(
        "verification",
        "sample",
        "--size",
        "3",
        "--seed",
        "1",
        "-q",
        "sme-2024",
        "--size-class",
        "huge",
        "--db",
        demo_dbs[0],
    )
    assert result.exit_code == 1 and "huge" in result.stderr
