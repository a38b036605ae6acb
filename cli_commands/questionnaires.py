"""The question banks: list, export and validate them; score an answers file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from assessment.scoring import score_document
from cli_commands.common import JSON_OPTION, emit, fail, print_problems
from questionnaires import QuestionnaireError, available, get
from questionnaires.files import check_file

questionnaire_app = typer.Typer(no_args_is_help=True, help="One questionnaire: export or validate.")


def list_questionnaires(as_json: bool = JSON_OPTION) -> None:
    """List the shipped questionnaires: id, version, kind, title."""
    rows = [
        {"id": q.id, "version": q.version, "kind": q.kind, "title": q.title.model_dump()} for q in available().values()
    ]
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['id']}\t{r['version']}\t{r['kind']}\t{r['title']['zh']} / {r['title']['en']}")


@questionnaire_app.command("export")
def export_questionnaire(
    qid: str = typer.Argument(..., metavar="ID"),
    version: str | None = typer.Option(None, help="A version other than the current one."),
) -> None:
    """Print the whole questionnaire as JSON (same ids and fields as its file)."""
    emit(get(qid, version).model_dump(mode="json"))


@questionnaire_app.command("validate")
def validate_questionnaire(path: Path = typer.Argument(..., metavar="PATH")) -> None:
    """Check a questionnaire file; print `PATH: field: message` lines and exit 1 if broken."""
    try:
        what = check_file(path)  # a bank, a quick-mode companion or the glossary
    except QuestionnaireError as exc:
        print_problems(exc.problems)
    typer.echo(f"{path}: ok ({what})")


def score_file(file: str = typer.Argument(..., metavar="ANSWERS.json", help="'-' reads stdin.")) -> None:
    """Score an answers document (or a JSON array of them) and print the result JSON."""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"无法读取 {file} / cannot read {file}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{file} 不是 UTF-8 文本 / {file} is not UTF-8 text")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(
            f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列） / malformed JSON at line "
            f"{exc.lineno} column {exc.colno}: {exc.msg}"
        )
    emit(score_document(doc))
