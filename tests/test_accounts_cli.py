"""The account commands: add, list, reset a password, and the refusal to disable the last
administrator, each a clear line and exit 1 on refusal."""

from __future__ import annotations

from typer.testing import CliRunner

from assessment import accounts
from assessment.db import Store
from cli import app

runner = CliRunner()


def run(db, *args: str):
    return runner.invoke(app, [*args, "--db", str(db)])


def test_accounts_from_the_command_line(tmp_path):
    db = tmp_path / "assessment.db"
    added = run(db, "user", "add", "chief", "--role", "admin", "--password", "Kq4!vBn7Sd2@Hm")
    assert added.exit_code == 0, added.output
    assert "chief\tadmin" in run(db, "user", "list").stdout

    refused = run(db, "user", "disable", "chief")
    assert refused.exit_code == 1
    assert "最后一个" in refused.output and "last enabled administrator" in refused.output
    assert "Traceback" not in refused.output

    reset = run(db, "user", "reset-password", "chief", "--password", "Wq6!tMz4Bx8#Lr")
    assert reset.exit_code == 0, reset.output
    assert accounts.authenticate(Store(db), "chief", "Wq6!tMz4Bx8#Lr").role == "admin"

    short = run(db, "user", "reset-password", "chief", "--password", "short")
    assert short.exit_code == 1 and "Traceback" not in short.output
    missing = run(db, "user", "reset-password", "nobody", "--password", "Hz5^rNc2Vk9&Tp")
    assert missing.exit_code == 1 and "nobody" in missing.output
