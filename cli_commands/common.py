"""What every command shares: the root group that shows a user's error as one line, the options
defined once (``--db``, the cohort filter, ``--lang``, ``--date``) and the ways to print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import typer
from typer.core import TyperGroup

from assessment.db import Store, resolve_path
from assessment.errors import AssessmentError


class Commands(TyperGroup):
    """The root command group: an error a user can cause (an ``AssessmentError``, raised by any
    command) is printed as one line and exits 1, here once for every command."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AssessmentError as exc:
            fail(str(exc))


def fail(message: str) -> NoReturn:
    typer.echo(f"错误 Error: {message}", err=True)
    raise typer.Exit(1)


def emit(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def open_store(db: str | None) -> Store:
    try:
        return Store(db)
    except Exception as exc:  # an unreadable or foreign file: say which, never a traceback
        fail(f"无法打开数据库 {resolve_path(db)} / cannot open the database {resolve_path(db)}: {exc}")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        fail(f"无法读取 {path} / cannot read {path}: {exc.strerror or exc}")


def write_output(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        fail(f"无法写入 {path} / cannot write {path}: {exc.strerror or exc}")


def print_problems(problems) -> NoReturn:
    """A file's `PATH: field: message` lines on stderr, then exit 1."""
    for line in problems:
        typer.echo(line, err=True)
    raise typer.Exit(1)


def cohort_filter(questionnaire, park, industry, size, round_, source, version=None):
    from assessment.cohort import CohortFilter

    return CohortFilter(
        questionnaire, version=version, park=park, industry=industry, size=size, round=round_, source=source
    )


DB_OPTION = typer.Option(None, "--db", help="Database file (default: $ASSESSMENT_DB, else data/assessment.db).")
# the cohort filter's options, shared by benchmark, clusters, export and the report commands
QUESTIONNAIRE_OPTION = typer.Option(..., "--questionnaire", "-q")
PARK_OPTION = typer.Option(None, "--park")
INDUSTRY_OPTION = typer.Option(None, "--industry")
SIZE_OPTION = typer.Option(None, "--size", help="micro, small, medium or large.")
SOURCE_OPTION = typer.Option(None, "--source", help="self, import or onsite.")
VERSION_OPTION = typer.Option(None, "--version")
LANG_OPTION = typer.Option("zh", "--lang", help="zh (default) or en.")
DATE_OPTION = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Report date (default: today).")
PASSWORD_OPTION = typer.Option(None, "--password", envvar="ASSESSMENT_PASSWORD", help="Prompted for when not given.")
