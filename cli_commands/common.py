"""What every command shares: the root group that shows a user's error as one line, the options
defined once (``--db``, the cohort filter, ``--lang``, ``--date``) and the ways to print."""

from __future__ import annotations

import functools
import inspect
import json
from datetime import date, datetime
from pathlib import Path
from typing import Literal, NoReturn

import typer
from typer.core import TyperGroup

from assessment.access import BUREAU_SOURCES, ROLES
from assessment.db import Store, resolve_path
from assessment.directory import SIZES, SOURCES
from assessment.errors import AssessmentError
from questionnaires.schema import Text


class Commands(TyperGroup):
    """The root command group: an error a user can cause (an ``AssessmentError``, raised by any
    command) is printed as one line and exits 1, here once for every command."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AssessmentError as exc:
            fail(str(exc))
        except typer.BadParameter as exc:  # a value outside an option's choices or type
            if type(exc) is not typer.BadParameter:
                raise  # a missing argument or option: click's usage message, exit 2
            fail(f"参数值无效 / {exc.format_message().replace('Value error, ', '')}")


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


def cannot_write(path: Path, exc: OSError) -> NoReturn:
    fail(f"无法写入 {path} / cannot write {path}: {exc.strerror or exc}")


def write_output(path: Path, data: bytes) -> None:
    """Write a file the command made and say so: `PATH: N bytes`."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        cannot_write(path, exc)
    typer.echo(f"{path}: {len(data):,} bytes")


def print_problems(problems) -> NoReturn:
    """A file's `PATH: field: message` lines on stderr, then exit 1."""
    for line in problems:
        typer.echo(line, err=True)
    raise typer.Exit(1)


def as_date(value: datetime | None) -> date | None:
    """The date of a ``--date``-style option (typer's date type is a datetime at midnight)."""
    return value.date() if value is not None else None


# the choices of options, from the vocabulary of the core: typer checks them and --help lists them
Size = Literal[tuple(SIZES)]  # type: ignore[valid-type]
Source = Literal[tuple(SOURCES)]  # type: ignore[valid-type]
BureauSource = Literal[BUREAU_SOURCES]  # type: ignore[valid-type]
Role = Literal[ROLES]  # type: ignore[valid-type]
Lang = Literal[tuple(Text.model_fields)]  # type: ignore[valid-type]

DB_OPTION = typer.Option(None, "--db", help="Database file (default: $ASSESSMENT_DB, else data/assessment.db).")
QUESTIONNAIRE_OPTION = typer.Option(..., "--questionnaire", "-q")
PARK_OPTION = typer.Option(None, "--park")
INDUSTRY_OPTION = typer.Option(None, "--industry")
SIZE_OPTION = typer.Option(None, "--size")
LANG_OPTION = typer.Option("zh", "--lang", help="The report's language.")
DATE_FORMATS = ["%Y-%m-%d"]
DATE_OPTION = typer.Option(
    None, "--date", formats=DATE_FORMATS, metavar="YYYY-MM-DD", help="Report date (default: today)."
)


def with_cohort_filter(
    *,
    round_help: str | None = None,
    size_flag: str = "--size",
    questionnaire_required: bool = True,
    questionnaire_help: str | None = None,
):
    """Give a command the cohort filter's options (questionnaire, park, industry, size, round,
    source, version) in place of its ``flt`` parameter, and call it with the ``CohortFilter``
    they make (``None`` when the questionnaire is optional and not given)."""
    options = {
        "questionnaire": (
            str if questionnaire_required else str | None,
            typer.Option(... if questionnaire_required else None, "--questionnaire", "-q", help=questionnaire_help),
        ),
        "park": (str | None, PARK_OPTION),
        "industry": (str | None, INDUSTRY_OPTION),
        "size": (Size | None, typer.Option(None, size_flag)),
        "round_": (str | None, typer.Option(None, "--round", help=round_help)),
        "source": (Source | None, typer.Option(None, "--source")),
        "version": (str | None, typer.Option(None, "--version")),
    }
    keyword = inspect.Parameter.KEYWORD_ONLY

    def decorate(func):
        params = []
        for param in inspect.signature(func).parameters.values():
            if param.name == "flt":
                params += [inspect.Parameter(n, keyword, default=o, annotation=a) for n, (a, o) in options.items()]
            else:
                params.append(param.replace(kind=keyword))

        @functools.wraps(func)
        def command(**kwargs):
            values = {name: kwargs.pop(name) for name in options}
            flt = None if values["questionnaire"] is None else cohort_filter(**values)
            return func(flt=flt, **kwargs)

        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        # typer reads the other annotations (strings here) through get_type_hints
        command.__annotations__ = {k: v for k, v in func.__annotations__.items() if k != "flt"}
        return command

    return decorate


def cohort_filter(questionnaire, park, industry, size, round_, source, version=None):
    from assessment.cohort import CohortFilter

    return CohortFilter(
        questionnaire, version=version, park=park, industry=industry, size=size, round=round_, source=source
    )


# --json: JSON for a program, else lines for a person; commands whose output is mainly read by
# programs print JSON unless told --no-json
JSON_OPTION = typer.Option(False, "--json", help="Print JSON (else text).")
JSON_FIRST_OPTION = typer.Option(True, "--json/--no-json", help="Print JSON (the default), or text.")


def echo_rows(rows) -> None:
    """Rows of a table as tab-separated lines."""
    for row in rows:
        typer.echo("\t".join("" if v is None else str(v) for v in row))


PASSWORD_OPTION = typer.Option(None, "--password", envvar="ASSESSMENT_PASSWORD", help="Prompted for when not given.")
