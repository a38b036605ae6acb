"""``cli.py`` is the one entry of the command line; its commands live in ``cli_commands/``, one
module per area, at the top of the layers beside ``cli.py``."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import cli
import cli_commands
from assessment.cohort import CohortFilter

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def imported(package: str) -> dict[str, set[str]]:
    """The top-level packages each module of ``package`` imports."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_cli_commands_sits_at_the_top_beside_cli_py():
    below = ["ui", "reports", "benchmarks", "assessment", "questionnaires", "perf"]
    assert [name for pkg in below for name, names in imported(pkg).items() if "cli_commands" in names] == []
    assert {name: names & {"ui", "app", "cli", "tests"} for name, names in imported("cli_commands").items()} == {
        name: set() for name in imported("cli_commands")
    }


def test_every_area_module_contributes_commands_to_the_root():
    areas = {m.name for m in pkgutil.iter_modules(cli_commands.__path__)} - {"common"}
    used = {f.__module__.rsplit(".", 1)[1] for f in cli.COMMANDS.values()}
    used |= {
        g.registered_callback.callback.__module__.rsplit(".", 1)[1]
        if g.registered_callback
        else g.registered_commands[0].callback.__module__.rsplit(".", 1)[1]
        for g in cli.GROUPS.values()
    }
    assert used == areas


def test_the_root_lists_commands_in_the_order_cli_py_gives():
    root = typer.main.get_command(cli.app)
    assert list(root.commands) == [*cli.COMMANDS, *cli.GROUPS]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["user", "add", "x", "--role", "boss", "--password", "p"], "'boss' is not one of 'enterprise', 'analyst'"),
        (["import", "{tmp}/a.csv", "--source", "self"], "'self' is not one of 'import', 'onsite'"),
        (["report", "cohort", "-q", "sme-2024", "--source", "web", "-o", "{tmp}/c.pdf"], "'web' is not one of 'self'"),
        (["verification", "sample", "--size", "3", "--seed", "1", "-q", "sme-2024", "--size-class", "x"], "'x'"),
        (["programme", "enrol", "p", "C", "--provider", "P", "--start", "2025-13-01"], "'2025-13-01' does not match"),
    ],
)
def test_a_value_outside_an_options_choices_or_type_is_one_line_and_exit_1(tmp_path, args, says):
    result = runner.invoke(cli.app, [a.format(tmp=tmp_path) for a in args] + ["--db", str(tmp_path / "a.db")])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 Error: 参数值无效 / Invalid value for '--"), lines
    assert says in lines[0]
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "c.pdf").exists()


def test_a_missing_option_is_still_clicks_usage_error():
    result = runner.invoke(cli.app, ["benchmark"])
    assert result.exit_code == 2 and "Missing option" in result.output


def test_the_cohort_filter_options_make_one_filter(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr("benchmarks.cohorts.benchmark", lambda store, flt: seen.append(flt) or {"count": 0})
    args = ["benchmark", "-q", "sme-2024", "--park", "P", "--industry", "I", "--size", "small", "--round", "2025"]
    result = runner.invoke(cli.app, [*args, "--source", "onsite", "--version", "1.0", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 0, result.output
    assert seen == [CohortFilter("sme-2024", "1.0", "P", "I", "small", "2025", "onsite")]
