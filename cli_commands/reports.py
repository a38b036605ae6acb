"""PDF reports: an enterprise's, a cohort's, and ZIP batches of enterprise reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assessment.access import CLI
from cli_commands.common import (
    DATE_OPTION,
    DB_OPTION,
    LANG_OPTION,
    Lang,
    as_date,
    open_store,
    with_cohort_filter,
    write_output,
)

if TYPE_CHECKING:
    from assessment.cohort import CohortFilter

report_app = typer.Typer(no_args_is_help=True, help="PDF reports: an enterprise's, a cohort's, a ZIP batch.")


@report_app.command("enterprise")
def report_enterprise(
    credit_code: str = typer.Argument(..., metavar="CREDIT_CODE"),
    assessment: int | None = typer.Option(None, "--assessment", help="An assessment id (default: the latest)."),
    lang: Lang = LANG_OPTION,
    output: Path = typer.Option(..., "--output", "-o", help="The PDF file to write."),
    day: datetime | None = DATE_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """The improvement report of an enterprise (its latest submitted assessment by default)."""
    from reports import enterprise_pdf

    pdf = enterprise_pdf(open_store(db), CLI, credit_code, assessment, lang=lang, report_date=as_date(day))
    write_output(output, pdf)


@report_app.command("cohort")
@with_cohort_filter(round_help="The round of the cross-section (default: the latest).")
def report_cohort(
    flt: CohortFilter | None = None,  # the filter's options: with_cohort_filter
    lang: Lang = LANG_OPTION,
    output: Path = typer.Option(..., "--output", "-o", help="The PDF file to write."),
    day: datetime | None = DATE_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """The bureau's cohort report for a filter: levels, parks, heat map, archetypes, progress."""
    from reports import cohort_pdf

    pdf = cohort_pdf(open_store(db), CLI, flt, lang=lang, report_date=as_date(day))
    write_output(output, pdf)


@report_app.command("batch")
@with_cohort_filter(round_help="Default: each enterprise's latest round.")
def report_batch(
    flt: CohortFilter | None = None,  # the filter's options: with_cohort_filter
    lang: Lang = LANG_OPTION,
    output: Path = typer.Option(..., "--output", "-o", help="The ZIP file to write."),
    day: datetime | None = DATE_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """A ZIP of the enterprise reports of a filter, one PDF per enterprise, with index.csv."""
    from reports import batch_zip

    when = as_date(day)
    shown = {"step": -1}

    def progress(done: int, total: int) -> None:
        step = done * 10 // total if total else 10
        if step != shown["step"]:  # about ten lines for any size
            shown["step"] = step
            typer.echo(f"报告 reports: {done}/{total}", err=True)

    data = batch_zip(open_store(db), CLI, flt, lang=lang, report_date=when, progress=progress)
    write_output(output, data)
