"""The cohort CLI on a demo database: benchmark, clusters, plan — reproducible, suppressed below
five, and clear about bad filters."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assessment import lifecycle
from assessment.access import CLI
from assessment.answers import check_answers
from assessment.cohort import CohortFilter, cohort_frame
from assessment.db import Store
from assessment.directory import park_names
from assessment.scoring import score
from benchmarks.demo import generate
from cli import app
from tests.support.records import add

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_dbs(tmp_path_factory):
    paths = []
    for n in range(2):
        path = tmp_path_factory.mktemp(f"demo{n}") / "assessment.db"
        generate(Store(path), 120, seed=5)
        paths.append(str(path))
    return paths


def run(*args):
    return runner.invoke(app, list(args))


def test_benchmark_is_reproducible_and_matches_pandas(demo_dbs):
    first = run("benchmark", "--questionnaire", "sme-2024", "--db", demo_dbs[0])
    second = run("benchmark", "--questionnaire", "sme-2024", "--db", demo_dbs[1])
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    stats = json.loads(first.stdout)
    frame = cohort_frame(Store(demo_dbs[0]), CohortFilter("sme-2024"))
    assert stats["count"] == len(frame)
    assert stats["overall"]["mean"] == pytest.approx(frame["score"].mean())
    assert stats["overall"]["p75"] == pytest.approx(frame["score"].quantile(0.75))
    assert stats["areas"]["foundation"]["p50"] == pytest.approx(frame["foundation"].median())
    assert set(stats["areas"]) == {"foundation", "management", "results", "operations"}
    assert sum(stats["levels"].values()) == stats["count"]


def test_clusters_are_reproducible_with_the_same_names(demo_dbs):
    fits = [run("clusters", "fit", "--questionnaire", "dcmm-2025", "--db", db) for db in demo_dbs]
    assert all(f.exit_code == 0 for f in fits), fits[0].stderr
    a, b = (json.loads(f.stdout) for f in fits)
    assert a["k"] == b["k"] and a["archetypes"] == b["archetypes"]
    names = [x["name"]["zh"] for x in a["archetypes"]]
    assert len(names) == len(set(names))
    assert sum(x["size"] for x in a["archetypes"]) == a["data_count"]
    shown = json.loads(run("clusters", "show", "--questionnaire", "dcmm-2025", "--db", demo_dbs[0]).stdout)
    assert shown["archetypes"] == a["archetypes"]


def test_small_cohort_is_suppressed(store, admin):
    """Three assessments in one park are suppressed; five in another are shown."""
    small_park, large_park = park_names()[:2]
    for n in range(1, 4):
        add(store, admin, n, park=small_park)
    for n in range(4, 9):
        add(store, admin, n, park=large_park)
    small = run("benchmark", "--questionnaire", "sme-2024", "--park", small_park, "--db", str(store.path))
    assert small.exit_code == 0, small.stderr
    assert json.loads(small.stdout) == {"count": 3, "suppressed": True}
    large = json.loads(
        run("benchmark", "--questionnaire", "sme-2024", "--park", large_park, "--db", str(store.path)).stdout
    )
    assert large["count"] == 5 and "suppressed" not in large


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--questionnaire", "sme-2024", "--park", "火星产业园"], "unknown park '火星产业园'"),
        (["--questionnaire", "sme-1999"], "unknown questionnaire 'sme-1999'"),
        (["--questionnaire", "sme-2024", "--size", "huge"], "'huge' is not one of 'micro', 'small'"),
        (["--questionnaire", "sme-2024", "--round", "1999"], "unknown round '1999'"),
    ],
)
def test_bad_filters_are_one_clear_line(demo_dbs, args, fragment):
    result = run("benchmark", *args, "--db", demo_dbs[0])
    assert result.exit_code == 1
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_plan_cli_what_if_equals_scoring(demo_dbs):
    store = Store(demo_dbs[0])
    aid = int(cohort_frame(store, CohortFilter("sme-2024")).iloc[0]["assessment_id"])
    result = run("plan", str(aid), "--db", demo_dbs[0])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    row = lifecycle.get(store, CLI, aid)
    q = lifecycle.questionnaire_of(row)
    given = check_answers(q, lifecycle.answers(store, CLI, aid))
    assert plan["score"] == pytest.approx(score(q, given)["overall"]["score"])
    assert plan["actions"] and set(plan["roadmap"]) == {"3", "6", "12"}
    first = plan["actions"][0]
    after = score(q, check_answers(q, {**given, **first["changes"]}))
    assert plan["what_if"][1]["score"] == pytest.approx(after["overall"]["score"])
    missing = run("plan", "999999", "--db", demo_dbs[0])
    assert missing.exit_code == 1 and "assessment 999999 does not exist" in missing.stderr
