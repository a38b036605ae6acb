"""Commands that print JSON by default print lines for a person with ``--no-json``; the JSON is
the same whichever way ``--json`` is given. The core's figures are stood in for: these tests are
about what the command line prints."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app

runner = CliRunner()

STATS = {
    "count": 12,
    "levels": {"1": 4, "2": 8},
    "overall": {"mean": 50.0, "p10": 30.0, "p25": 40.0, "p50": 50.0, "p75": 60.0, "p90": 70.125},
    "areas": {"foundation": {"mean": 20.0, "p10": 10.0, "p25": 15.0, "p50": 20.0, "p75": 25.0, "p90": 30.0}},
}
MODEL = {
    "k": 2,
    "stability": 0.81234,
    "silhouette": 0.3,
    "archetypes": [{"id": "A1", "name": {"zh": "甲", "en": "First"}, "size": 7, "centroid": {}, "description": {}}],
}
PLAN = {
    "score": 61.075,
    "level": 2,
    "actions": [{"id": "scenario.x>3", "name": {"zh": "生产", "en": "Production"}, "gain": 1.5, "level_after": 3}],
}
FLAGGED = [
    {
        "assessment_id": 12,
        "credit_code": "C1",
        "questionnaire": "sme-2024",
        "round": "2025",
        "flags": [{"code": "contradiction", "severity": "high", "message": {"zh": "矛盾", "en": "contradiction"}}],
    }
]
DRAWN = {
    "population": 68,
    "sample": [{"credit_code": "C1", "name": "甲公司", "park": "园", "assessment_id": 73, "round": "2025"}],
}
IMPACT = {
    "served": {"n": 6, "change": {"mean": 2.0, "ci95": [1.0, 3.0]}},
    "comparison": {"n": 3, "suppressed": True},
    "difference": {"suppressed": True},
    "target": {"rule": {}, "reached": 3, "share": 0.5, "ci95": [0.2, 0.8]},
    "by_provider": [{"provider": "P", "n": 6, "change": {"mean": 2.0, "ci95": [1.0, 3.0]}}],
    "method": {},
}


@pytest.fixture
def core(monkeypatch):
    """The core functions the commands call, answering the figures above."""
    monkeypatch.setattr("benchmarks.cohorts.benchmark", lambda store, flt: STATS)
    monkeypatch.setattr("benchmarks.cohorts.active_model", lambda store, q: MODEL)
    monkeypatch.setattr("benchmarks.archetypes.public_model", lambda model: model)
    monkeypatch.setattr("benchmarks.cohorts.fit", lambda store, actor, q, k, random_state: MODEL)
    monkeypatch.setattr("benchmarks.cohorts.assignments", lambda store, q: [])
    monkeypatch.setattr("benchmarks.cohorts.peer_view", lambda store, actor, aid: {"plan": PLAN})
    monkeypatch.setattr(
        "benchmarks.verification.cohort_flags",
        lambda store, actor, flt, everyone: {"assessments": FLAGGED, "unchecked": 0},
    )
    monkeypatch.setattr("benchmarks.verification.sample", lambda store, actor, flt, n, seed: DRAWN)
    monkeypatch.setattr("assessment.programmes.versions.get", lambda store, pid: None)
    monkeypatch.setattr("benchmarks.programme_impact.impact", lambda store, actor, p, n_resamples, seed: IMPACT)


COMMANDS = {
    "benchmark": (["benchmark", "-q", "sme-2024"], STATS),
    "clusters fit": (["clusters", "fit", "-q", "sme-2024"], {**MODEL, "assignments": []}),
    "clusters show": (["clusters", "show", "-q", "sme-2024"], MODEL),
    "plan": (["plan", "7"], PLAN),
    "flags": (["flags", "-q", "sme-2024"], FLAGGED),
    "verification sample": (["verification", "sample", "--size", "1", "--seed", "1", "-q", "sme-2024"], DRAWN),
    "programme impact": (["programme", "impact", "pilot"], IMPACT),
}
TEXT = {
    "benchmark": "enterprises\t12\nlevel 1\t4\nlevel 2\t8\n\tmean\tp10\tp25\tp50\tp75\tp90\n"
    "overall\t50.00\t30.00\t40.00\t50.00\t60.00\t70.12\nfoundation\t20.00\t10.00\t15.00\t20.00\t25.00\t30.00\n",
    "clusters fit": "k\t2\nstability\t0.812\nsilhouette\t0.300\nA1\t7\t甲\tFirst\n",
    "clusters show": "k\t2\nstability\t0.812\nsilhouette\t0.300\nA1\t7\t甲\tFirst\n",
    "plan": "score\t61.08\nlevel\t2\n1\tscenario.x>3\tProduction\t+1.50\tL3\n",
    "flags": "12\tC1\tsme-2024\t2025\tcontradiction (high)\n",
    "verification sample": "population\t68\ndrawn\t1\nC1\t甲公司\t园\t73\t2025\n",
    "programme impact": "served\t6\t+2.00 [+1.00, +3.00]\ncomparison\t3\tsuppressed\ndifference\t\tsuppressed\n"
    "target reached\t3\t50% [20%, 80%]\nP\t6\t+2.00 [+1.00, +3.00]\n",
}


@pytest.mark.parametrize("name", COMMANDS)
def test_json_is_the_default_and_no_json_prints_lines(core, tmp_path, name):
    args, data = COMMANDS[name]
    db = ["--db", str(tmp_path / "a.db")]
    default, explicit = runner.invoke(app, [*args, *db]), runner.invoke(app, [*args, "--json", *db])
    assert default.exit_code == 0 and explicit.exit_code == 0, default.output
    assert json.loads(default.stdout) == json.loads(explicit.stdout) == data
    text = runner.invoke(app, [*args, "--no-json", *db])
    assert text.exit_code == 0, text.output
    assert text.stdout == TEXT[name]


def test_a_suppressed_benchmark_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr("benchmarks.cohorts.benchmark", lambda store, flt: {"count": 3, "suppressed": True})
    result = runner.invoke(app, ["benchmark", "-q", "sme-2024", "--no-json", "--db", str(tmp_path / "a.db")])
    assert result.stdout == "enterprises\t3\tfewer than 5: suppressed\n"
