"""One family of errors a user can cause, rooted in the lowest layer with its two languages as
fields, and caught once for every command of the command line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assessment.errors import AssessmentError
from cli import app
from questionnaires import errors, get
from questionnaires.loader import UnknownQuestionnaire

runner = CliRunner()


def test_an_unknown_questionnaire_carries_both_languages_as_fields():
    with pytest.raises(UnknownQuestionnaire) as info:
        get("sme-1999")
    exc = info.value
    assert AssessmentError is errors.AssessmentError
    assert isinstance(exc, AssessmentError) and isinstance(exc, KeyError)
    assert exc.zh == "未知问卷 sme-1999"
    assert exc.en.startswith("unknown questionnaire 'sme-1999' (known: ") and "sme-2024" in exc.en
    assert str(exc) == f"{exc.zh} / {exc.en}" and exc.message("en") == exc.en


def test_an_unknown_version_names_it_in_both_languages():
    with pytest.raises(UnknownQuestionnaire) as info:
        get("sme-2024", "9.9")
    assert info.value.zh == "未知问卷 sme-2024 版本 9.9"
    assert info.value.en.startswith("unknown questionnaire 'sme-2024@9.9'")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["questionnaire", "export", "sme-1999"], "未知问卷 sme-1999 / unknown questionnaire 'sme-1999'"),
        (["import-template", "sme-1999", "-o", "{tmp}/t.xlsx"], "未知问卷 sme-1999 / unknown questionnaire"),
        (["report", "cohort", "-q", "sme-1999", "-o", "{tmp}/c.pdf", "--db", "{tmp}/a.db"], "unknown questionnaire"),
        (["plan", "999999", "--db", "{tmp}/a.db"], "999999"),
        (["restore", "{tmp}/missing.db", "--db", "{tmp}/a.db"], "missing.db"),
    ],
)
def test_every_command_shows_a_users_error_as_one_line_and_exits_1(tmp_path, args, fragment):
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 Error: "), result.stderr
    assert fragment in lines[0]
    assert not (tmp_path / "t.xlsx").exists() and not (tmp_path / "c.pdf").exists()
