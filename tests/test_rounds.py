"""Rounds are the bureau's list (assessment.rounds): added, opened and closed by the bureau only
(audited); enterprises start only in open rounds; imports name listed rounds; existing databases
migrate; the demo lists its rounds; odd labels never become the latest round."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from assessment import lifecycle, rounds
from assessment.access import CLI, PermissionDenied
from assessment.db import Store
from assessment.importer import ImportRejected, import_file
from assessment.rounds import ClosedRound, RoundError, UnknownRound
from benchmarks.dashboard import lagging
from benchmarks.demo import ROUNDS as DEMO_ROUNDS
from benchmarks.demo import generate
from cli import app
from questionnaires import get
from tests.support.import_files import sme_row, write_csv

DCMM = "dcmm-2025"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("cheap_argon2")


@pytest.fixture
def bare(tmp_path) -> Store:
    """A database with no rounds listed (the shared ``store`` fixture lists the tests' rounds)."""
    s = Store(tmp_path / "bare.db")
    yield s
    s.close()


def audit_of(store, action: str) -> list[tuple]:
    return store.db.execute(
        "SELECT actor, record_id, outcome FROM audit WHERE action = ? ORDER BY id", [action]
    ).fetchall()


# ------------------------------------------------------------------------------ the list


def test_the_bureau_adds_opens_and_closes_rounds_and_each_change_is_audited(bare, analyst):
    rounds.add(bare, analyst, "2026")
    rounds.add(bare, CLI, "2025H2", is_open=False)
    listed = rounds.list_rounds(bare, analyst)
    assert [(r["label"], r["open"], r["created_by"]) for r in listed] == [
        ("2025H2", False, "cli"),
        ("2026", True, analyst.username),
    ]
    assert rounds.open_rounds(bare) == ["2026"]
    rounds.set_open(bare, analyst, "2026", False)
    rounds.set_open(bare, CLI, "2025H2", True)
    assert rounds.open_rounds(bare) == ["2025H2"]
    assert audit_of(bare, "round.add") == [(analyst.username, "2026", "ok"), ("cli", "2025H2", "ok")]
    assert audit_of(bare, "round.close") == [(analyst.username, "2026", "ok")]
    assert audit_of(bare, "round.open") == [("cli", "2025H2", "ok")]


@pytest.mark.parametrize(
    "label", ["~", "下一轮", "abc", "2025 年", "", "25", "2025/26", "2025<b>", "2" * 21, "２０２５", "١٢٣٤"]
)
def test_a_new_round_starts_with_its_year(bare, label):
    with pytest.raises(RoundError) as info:
        rounds.add(bare, CLI, label)
    assert info.value.zh and info.value.en
    assert rounds.list_rounds(bare, CLI) == []


def test_a_round_is_listed_once_and_unknown_ones_cannot_be_opened(bare):
    rounds.add(bare, CLI, "2026")
    with pytest.raises(RoundError, match="already exists"):
        rounds.add(bare, CLI, " 2026 ")
    with pytest.raises(UnknownRound):
        rounds.set_open(bare, CLI, "2099", True)
    assert [r["label"] for r in rounds.list_rounds(bare, CLI)] == ["2026"]


def test_an_enterprise_cannot_add_open_or_close_rounds(store, enterprise):
    for call in (
        lambda: rounds.add(store, enterprise, "2030"),
        lambda: rounds.set_open(store, enterprise, "2025", False),
        lambda: rounds.list_rounds(store, enterprise),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert "2030" not in rounds.known(store.db) and "2025" in rounds.open_rounds(store)
    denied = store.db.execute("SELECT action FROM audit WHERE outcome = 'denied' ORDER BY id").fetchall()
    assert denied == [("round.add",), ("round.close",), ("round.list",)]


# ------------------------------------------------------------------------------ enterprises


@pytest.mark.parametrize(("label", "error"), [("~", UnknownRound), ("2099", UnknownRound), ("2024", ClosedRound)])
def test_an_enterprise_starts_only_in_an_open_listed_round(store, enterprise, label, error):
    rounds.set_open(store, CLI, "2024", False)
    with pytest.raises(error) as info:
        lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, label)
    assert label in info.value.zh and label in info.value.en
    with pytest.raises(error):
        lifecycle.reassess(store, enterprise, enterprise.credit_code, DCMM, label)
    assert store.db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0


def test_an_enterprise_starts_once_the_bureau_opens_the_round(bare):
    from tests.conftest import make_enterprise

    me = make_enterprise(bare, 1)
    with pytest.raises(UnknownRound):
        lifecycle.start_or_resume(bare, me, me.credit_code, DCMM, "2026")
    rounds.add(bare, CLI, "2026")
    draft = lifecycle.start_or_resume(bare, me, me.credit_code, DCMM, "2026")
    assert lifecycle.get(bare, me, draft)["round"] == "2026"


# ------------------------------------------------------------------------------ order


def test_an_odd_label_never_becomes_the_latest_round():
    assert rounds.latest(["2024", "~", "zzz", "2025", "2025H2"]) == "2025H2"
    assert sorted(["~", "2025", "2024", "2025H2", "2026"], key=rounds.sort_key) == [
        "~",
        "2024",
        "2025",
        "2025H2",
        "2026",
    ]
    assert rounds.latest([]) is None


def test_the_dashboards_latest_round_ignores_an_odd_label(store):
    import pandas as pd

    frame = pd.DataFrame(
        {
            "assessment_id": range(12),
            "credit_code": [f"c{n}" for n in range(12)],
            "name": [f"n{n}" for n in range(12)],
            "park": ["p"] * 12,
            "industry": ["i"] * 12,
            "size": ["small"] * 12,
            "score": [float(n % 6) for n in range(12)],
            "level": [1] * 12,
            "round": ["2025"] * 6 + ["~"] * 6,
        }
    )
    assert lagging(frame)[1] == "2025"


# ------------------------------------------------------------------------------ migration and demo


def test_an_existing_database_lists_its_rounds_when_migrated(tmp_path):
    from tests.conftest import make_enterprise

    path = tmp_path / "old.db"
    store = Store(path)
    me = make_enterprise(store, 1)
    with store.write() as db:  # back to the schema before 0004, then rounds typed as free text
        db.execute("DROP TABLE rounds")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_rounds'")
        for label in ("2024", "2025", "2025", "~"):
            lifecycle.record_submitted(db, CLI, me.credit_code, get(DCMM), label, "self", {})
    store.close()
    migrated = Store(path)
    listed = rounds.list_rounds(migrated, CLI)
    assert [(r["label"], r["open"], r["created_by"]) for r in listed] == [
        ("~", False, "migration"),
        ("2024", True, "migration"),
        ("2025", True, "migration"),
    ]
    migrated.close()


def test_the_demo_lists_its_rounds(bare):
    generate(bare, 12, 3)
    used = {r for (r,) in bare.db.execute("SELECT DISTINCT round FROM assessments")}
    assert used <= set(DEMO_ROUNDS)
    assert rounds.open_rounds(bare) == list(DEMO_ROUNDS)


# ------------------------------------------------------------------------------ imports


def test_an_import_names_a_listed_round_open_or_closed(store, tmp_path):
    rounds.set_open(store, CLI, "2024", False)
    rows = [sme_row(1, round="2024"), sme_row(2, round="2099"), sme_row(3, round="~"), sme_row(4)]
    with pytest.raises(ImportRejected) as info:
        import_file(store, CLI, write_csv(tmp_path / "in.csv", rows))
    problems = [(p.row, p.column) for p in info.value.report.problems]
    assert problems == [(3, "round"), (4, "round")]
    assert "2099" in info.value.report.problems[0].zh and "2099" in info.value.report.problems[0].en
    assert store.db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
    report = import_file(store, CLI, write_csv(tmp_path / "ok.csv", [rows[0], rows[3]]))
    assert report.assessments == 2


# ------------------------------------------------------------------------------ command line


def test_cli_round_add_list_close_open(tmp_path):
    db = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["round", "add", "2026", "--db", db]).stdout == "2026\topen\n"
    assert runner.invoke(app, ["round", "add", "2025", "--closed", "--db", db]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["round", "list", "--json", "--db", db]).stdout)
    assert [(r["label"], r["open"], r["created_by"]) for r in listed] == [("2025", False, "cli"), ("2026", True, "cli")]
    assert runner.invoke(app, ["round", "close", "2026", "--db", db]).stdout == "2026\tclosed\n"
    assert runner.invoke(app, ["round", "open", "2025", "--db", db]).exit_code == 0
    plain = runner.invoke(app, ["round", "list", "--db", db]).stdout.splitlines()
    assert [line.split("\t")[:2] for line in plain] == [["2025", "open"], ["2026", "closed"]]
    for args in (["round", "add", "~"], ["round", "add", "2026"], ["round", "close", "2099"]):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 1 and result.stderr.startswith("错误 Error:")
        assert "Traceback" not in result.output


@given(st.lists(st.text(max_size=24), max_size=8))
def test_any_label_the_list_accepts_is_dated_and_outranks_every_undated_one(labels):
    accepted = []
    for label in labels:
        try:
            accepted.append(rounds.check_new_label(label))
        except RoundError:
            continue

    def dated(label: str) -> bool:
        return label[:4].isascii() and label[:4].isdigit() and len(label) >= 4

    for label in accepted:
        assert dated(label) and len(label) <= rounds.MAX_LENGTH and not any(c.isspace() for c in label)
    undated = [label.strip() for label in labels if label.strip() and not dated(label.strip())]
    if accepted:
        assert rounds.latest(undated + accepted) == max(accepted)
