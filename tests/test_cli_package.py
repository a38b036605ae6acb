"""``cli.py`` is the one entry of the command line; its commands live in ``cli_commands/``, one
module per area, at the top of the layers beside ``cli.py``."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import typer

import cli
import cli_commands

ROOT = Path(__file__).resolve().parent.parent


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
