"""The programme commands, in-process: list, check (and its dry run), activate, eligible (and
--almost), providers, enrol (one and a CSV list), enrolments, impact."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import open_rounds
from tests.programme_builders import as_yaml, firm, pilot, result

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


@pytest.fixture
def db(tmp_path, store):
    """A store with 12 eligible enterprises (6 of them to be served) and one that is too large."""
    open_rounds(store)
    with store.write() as w:
        for n in range(1, 13):
            c = firm(w, n)
            result(w, c, "sme-2024", "2025", "onsite", 1, 20 + n)
            result(w, c, "sme-2024", "2026", "onsite", 2 if n <= 6 else 1, (40 if n <= 6 else 25) + n)
        big = firm(w, 13, size="large")
        result(w, big, "sme-2024", "2025", "self", 1, 30)
    return str(store.path)


@pytest.fixture
def pilot_file(tmp_path):
    path = tmp_path / "pilot.yaml"
    path.write_bytes(as_yaml(pilot()))
    return str(path)


def test_check_says_ok_and_the_dry_run_counts(db, pilot_file):
    out = run("programme", "check", pilot_file)
    assert out.exit_code == 0 and out.stdout.strip() == f"{pilot_file}: ok (pilot 1)"
    out = run("programme", "check", pilot_file, "--dry-run", "--db", db)
    assert out.exit_code == 0
    assert "would qualify: 12" in out.stdout and "one rule short: 1" in out.stdout
    assert json.loads(run("programme", "list", "--json", "--db", db).stdout) == []  # nothing activated


def test_check_of_a_broken_file_prints_field_lines_and_exits_1(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(as_yaml(pilot(rounds={"before": "2026", "after": "2025"}, eligibility=[])))
    out = run("programme", "check", str(path))
    assert out.exit_code == 1
    lines = out.stderr.strip().splitlines()
    assert any(line.startswith(f"{path}: rounds:") for line in lines)
    assert any(line.startswith(f"{path}: eligibility:") for line in lines)


def test_activate_list_and_a_new_version(db, pilot_file, tmp_path):
    assert run("programme", "activate", pilot_file, "--db", db).stdout.strip() == "pilot\t1\tactive"
    again = run("programme", "activate", pilot_file, "--db", db)
    assert again.exit_code == 1 and "version" in again.stderr
    second = tmp_path / "pilot-2.yaml"
    second.write_bytes(as_yaml(pilot(version="2")))
    assert run("programme", "activate", str(second), "--db", db).exit_code == 0
    listed = json.loads(run("programme", "list", "--json", "--db", db).stdout)
    assert [(r["id"], r["version"], r["active"]) for r in listed] == [("pilot", "2", True), ("pilot", "1", False)]


def test_eligible_json_and_almost(db, pilot_file):
    run("programme", "activate", pilot_file, "--db", db)
    out = run("programme", "eligible", "pilot", "--json", "--db", db)
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == ["programme", "version", "rules", "count", "enterprises"]
    assert data["count"] == 12 and len(data["enterprises"]) == 12
    assert set(data["enterprises"][0]) == {"credit_code", "name", "park", "basis"}
    almost = json.loads(run("programme", "eligible", "pilot", "--almost", "--db", db).stdout)
    assert almost["almost_count"] == 1
    assert almost["almost"][0]["missing"] == {"rule": "eligibility.0", "value": "large"}
    assert almost["rules"][0]["text"]["en"] == "size in micro, small, medium"
    assert json.loads(run("programme", "eligible", "pilot", "--size", "large", "--db", db).stdout)["count"] == 0
    unknown = run("programme", "eligible", "nope", "--db", db)
    assert unknown.exit_code == 1 and "no activated programme nope" in unknown.stderr


def test_providers_enrolment_and_impact(db, pilot_file, tmp_path):
    run("programme", "activate", pilot_file, "--db", db)
    assert run("programme", "providers", "add", "服务商甲", "--db", db).exit_code == 0
    assert run("programme", "providers", "add", "服务商甲", "--db", db).exit_code == 1
    data = json.loads(run("programme", "eligible", "pilot", "--db", db).stdout)
    codes = sorted(e["credit_code"] for e in data["enterprises"])
    first = run("programme", "enrol", "pilot", codes[0], "--provider", "服务商甲", "--start", "2025-03-01", "--db", db)
    assert first.exit_code == 0, first.stderr
    bad = run("programme", "enrol", "pilot", codes[1], "--provider", "无此服务商", "--db", db)
    assert bad.exit_code == 1 and "provider" in bad.stderr
    listing = tmp_path / "list.csv"
    listing.write_text(
        "credit_code,provider,start,end\n" + "".join(f"{c},服务商甲,2025-03-01,2025-12-31\n" for c in codes[1:6]),
        "utf-8",
    )
    assert run("programme", "enrol", "pilot", "--csv", str(listing), "--db", db).stdout.strip().endswith("5")
    rejected = run("programme", "enrol", "pilot", "--csv", str(listing), "--db", db)
    assert rejected.exit_code == 1 and rejected.stderr.startswith("2\tcredit_code\t")
    assert json.loads(run("programme", "providers", "list", "--json", "--db", db).stdout)[0]["enrolled"] == 6
    assert len(json.loads(run("programme", "enrolments", "pilot", "--json", "--db", db).stdout)) == 6
    out = run("programme", "impact", "pilot", "--bootstrap", "500", "--seed", "3", "--json", "--db", db)
    assert out.exit_code == 0, out.stderr
    impact = json.loads(out.stdout)
    assert list(impact) == ["served", "comparison", "difference", "target", "by_provider", "method"]
    assert impact["served"]["n"] == 6 and impact["comparison"]["n"] == 6
    assert impact["difference"]["estimate"] == pytest.approx(15.0)
    assert impact["target"]["reached"] == 6
    assert out.stdout == run("programme", "impact", "pilot", "--bootstrap", "500", "--seed", "3", "--db", db).stdout
    few = run("programme", "impact", "pilot", "--bootstrap", "5", "--db", db)
    assert few.exit_code == 1 and "--bootstrap" in few.stderr
