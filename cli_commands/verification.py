"""Doubt flags and verification on site: the reproducible sample, assignments to assessors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from assessment.access import CLI
from cli_commands.common import (
    DB_OPTION,
    JSON_FIRST_OPTION,
    echo_rows,
    emit,
    fail,
    open_store,
    with_cohort_filter,
)

if TYPE_CHECKING:
    from assessment.cohort import CohortFilter

flags_app = typer.Typer(
    invoke_without_command=True,
    help="Doubt flags of the cohort's current assessments as JSON, most severe first: `[{assessment_id, "
    "credit_code, questionnaire, round, flags: [{code, severity, message: {zh, en}}]}]`. `flags refresh` "
    "computes the stored flags of assessments submitted before (the backfill).",
)


verification_app = typer.Typer(
    no_args_is_help=True, help="Verification on site: a random sample for routine checks, assignments to assessors."
)


@flags_app.callback()
@with_cohort_filter(questionnaire_required=False, questionnaire_help="Required unless refreshing.")
def flags_command(
    ctx: typer.Context,
    flt: CohortFilter | None = None,  # the filter's options: with_cohort_filter
    everyone: bool = typer.Option(False, "--all", help="Also list assessments without flags."),
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Doubt flags of the cohort's current assessments: `[{assessment_id, credit_code,
    questionnaire, round, flags: [{code, severity, message: {zh, en}}]}]`, most severe first."""
    if ctx.invoked_subcommand is not None:
        return
    from benchmarks import verification

    if flt is None:
        fail("请用 -q 指定问卷 / give the questionnaire with -q")
    store = open_store(db)
    found = verification.cohort_flags(store, CLI, flt, everyone=everyone)
    if found["unchecked"]:
        typer.echo(
            f"注意 Warning: {found['unchecked']} 条评估尚未计算疑点，请运行 flags refresh / "
            f"{found['unchecked']} assessments not checked yet: run `flags refresh`",
            err=True,
        )
    if as_json:
        emit(found["assessments"])
        return
    for a in found["assessments"]:
        codes = ", ".join(f"{f['code']} ({f['severity']})" for f in a["flags"]) or "-"
        echo_rows([(a["assessment_id"], a["credit_code"], a["questionnaire"], a["round"], codes)])


@flags_app.command("refresh")
def flags_refresh(
    every: bool = typer.Option(False, "--all", help="Recompute every current assessment, not only the unchecked."),
    db: str | None = DB_OPTION,
) -> None:
    """Compute the stored flags of current assessments not checked under the current rules (the
    backfill after an upgrade, or after a rule changed)."""
    from assessment import flag_store

    store = open_store(db)

    def progress(done: int, total: int) -> None:
        typer.echo(f"疑点 flags: {done}/{total}", err=True)

    summary = flag_store.refresh(store, CLI, every=every, progress=progress)
    emit(summary)


@verification_app.command("sample")
@with_cohort_filter(size_flag="--size-class")
def verification_sample(
    size_n: int = typer.Option(..., "--size", help="How many enterprises to draw."),
    seed: int = typer.Option(..., "--seed", help="The same seed (and data) draws the same enterprises."),
    flt: CohortFilter | None = None,  # the filter's options: with_cohort_filter
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """A reproducible random sample of the cohort's enterprises, stratified by park (at least one
    per park where the size allows, the rest in proportion); the seed and the draw are audited."""
    from benchmarks import verification

    store = open_store(db)
    drawn = verification.sample(store, CLI, flt, size_n, seed)
    if as_json:
        emit(drawn)
        return
    echo_rows([("population", drawn["population"]), ("drawn", len(drawn["sample"]))])
    echo_rows((e["credit_code"], e["name"], e["park"], e["assessment_id"], e["round"]) for e in drawn["sample"])


@verification_app.command("assign")
def verification_assign(
    assessment_id: int = typer.Argument(..., metavar="ASSESSMENT_ID", help="The submitted self-assessment."),
    assessor: str = typer.Argument(..., metavar="ASSESSOR", help="The assessor's username."),
    db: str | None = DB_OPTION,
) -> None:
    """Assign an assessment to an assessor for verification on site (audited)."""
    from assessment import verification

    verification.assign(open_store(db), CLI, assessment_id, assessor)
    typer.echo(f"{assessment_id}\t{assessor}")
