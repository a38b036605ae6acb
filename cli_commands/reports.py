"""PDF reports: an enterprise's, a cohort's, and ZIP batches of enterprise reports."""

from __future__ import annotations

from pathlib import Path

import typer

from assessment.access import CLI
from cli_commands.common import (
    DATE_OPTION,
    DB_OPTION,
    INDUSTRY_OPTION,
    LANG_OPTION,
    PARK_OPTION,
    QUESTIONNAIRE_OPTION,
    SIZE_OPTION,
    SOURCE_OPTION,
    VERSION_OPTION,
    cohort_filter,
    fail,
    open_store,
    write_output,
)

report_app = typer.Typer(no_args_is_help=True, help="PDF reports: an enterprise's, a cohort's, a ZIP batch.")


def report_date(value: str | None):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        fail(f"日期应为 YYYY-MM-DD：{value} / the date must be YYYY-MM-DD: {value!r}")


def report_lang(value: str) -> str:
    if value not in ("zh", "en"):
        fail(f"语言应为 zh 或 en：{value} / the language must be zh or en: {value!r}")
    return value


@report_app.command("enterprise")
def report_enterprise(
    credit_code: str = typer.Argument(..., metavar="CREDIT_CODE"),
    assessment: int | None = typer.Option(None, "--assessment", help="An assessment id (default: the latest)."),
    lang: str = LANG_OPTION,
    output: Path = typer.Option(..., "--output", "-o", help="The PDF file to write."),
    day: str | None = DATE_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """The improvement report of an enterprise (its latest submitted assessment by default)."""
    from reports import enterprise_pdf

    lang, when = report_lang(lang), report_date(day)
    pdf = enterprise_pdf(open_store(db), CLI, credit_code, assessment, lang=lang, report_date=when)
    write_output(output, pdf)
    typer.echo(f"{output}: {len(pdf):,} bytes")


@report_app.command("cohort")
def report_cohort(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: str | None = SIZE_OPTION,
    round_: str | None = typer.Option(None, "--round", help="The round of the cross-section (default: the latest)."),
    source: str | None = SOURCE_OPTION,
    version: str | None = VERSION_OPTION,
    lang: str = LANG_OPTION,
    output: Path = typer.Option(..., "--output", "-o", help="The PDF file to write."),
    day: str | None = DATE_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """The bureau's cohort report for a filter: levels, parks, heat map, archetypes, progress."""
    from reports import cohort_pdf

    lang, when = report_lang(lang), report_date(day)
    flt = cohort_filter(questionnaire, park, industry, size, round_, source, version)
    pdf = cohort_pdf(open_store(db), CLI, flt, lang=lang, report_date=when)
    write_output(output, pdf)
    typer.echo(f"{output}: {len(pdf):,} bytes")


@report_app.command("batch")
def report_batch(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: str | None = SIZE_OPTION,
    round_: str | None = typer.Option(None, "--round", help="Default: each enterprise's latest round."),
    source: str | None = SOURCE_OPTION,
    version: str | None = VERSION_OPTION,
    lang: str = LANG_OPTION,
    output: Path = typer.Option(..., "--output", "-o", help="The ZIP file to write."),
    day: str | None = DATE_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """A ZIP of the enterprise reports of a filter, one PDF per enterprise, with index.csv."""
    from reports import batch_zip

    lang, when = report_lang(lang), report_date(day)
    flt = cohort_filter(questionnaire, park, industry, size, round_, source, version)
    shown = {"step": -1}

    def progress(done: int, total: int) -> None:
        step = done * 10 // total if total else 10
        if step != shown["step"]:  # about ten lines for any size
            shown["step"] = step
            typer.echo(f"报告 reports: {done}/{total}", err=True)

    data = batch_zip(open_store(db), CLI, flt, lang=lang, report_date=when, progress=progress)
    write_output(output, data)
    typer.echo(f"{output}: {len(data):,} bytes")
