"""The database and its data: init, the demo cohort, import and export, backup and restore,
evidence files."""

from __future__ import annotations

from pathlib import Path

import typer

from assessment.access import CLI
from cli_commands.common import (
    DB_OPTION,
    INDUSTRY_OPTION,
    JSON_OPTION,
    PARK_OPTION,
    BureauSource,
    cannot_write,
    emit,
    fail,
    open_store,
)

db_app = typer.Typer(no_args_is_help=True, help="The database file.")


@db_app.command("init")
def db_init(db: str | None = DB_OPTION, quiet: bool = typer.Option(False, "--quiet", "-q")) -> None:
    """Create the database (or bring its schema up to date)."""
    store = open_store(db)
    if not quiet:
        typer.echo(f"{store.path}: ok")


def demo_command(
    enterprises: int = typer.Option(..., "--enterprises", "-n", help="How many enterprises to invent."),
    seed: int = typer.Option(..., "--seed", help="The same seed (and number) gives the same cohort."),
    force: bool = typer.Option(False, "--force", help="Write even if the database holds real enterprises."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing (exit 0) unless the database is empty."),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Fill the database with a reproducible synthetic demo cohort (every record flagged synthetic)
    and fit its archetypes. Refused if the database already holds a demo cohort, or real
    enterprises unless --force."""
    from assessment import enterprises as enterprise_records
    from benchmarks.demo import generate_and_fit

    store = open_store(db)
    if if_empty and enterprise_records.count(store):
        typer.echo(f"{store.path}: 已有数据，未生成演示数据 / not empty, no demo data added", err=True)
        return

    def progress(done: int, total: int) -> None:
        typer.echo(f"演示数据 demo: {done}/{total} 家企业 enterprises", err=True)

    summary = generate_and_fit(store, CLI, enterprises, seed, force=force, progress=progress)
    if as_json:
        emit(summary.as_dict())
        return
    typer.echo(f"{store.path}: {summary.enterprises} 家合成企业 synthetic enterprises (seed {summary.seed})")
    typer.echo(f"两轮评估 two rounds: {summary.two_rounds}")
    for qid, rounds in summary.assessments.items():
        for round_, count in sorted(rounds.items()):
            typer.echo(f"{qid}\t{round_}\t{count}")
    typer.echo(f"评估合计 assessments: {summary.total_assessments}")


PHASES = {"read": "读取 read", "check": "检查 check", "write": "写入 write"}


def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="An .xlsx or .csv file, one row per assessment."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    source: BureauSource = typer.Option("import", "--source", help="import: survey returns; onsite: rated on site."),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Import assessments from Excel or CSV: all or nothing. Problems are printed to stderr as
    `row<TAB>column<TAB>message` lines, and nothing is written."""
    from assessment.importer import ImportRejected, import_file

    store = open_store(db)

    def progress(phase: str, done: int, total: int) -> None:
        shown = f"{done}/{total}" if total else str(done)
        typer.echo(f"导入 import: {PHASES.get(phase, phase)} {shown}", err=True)

    try:
        report = import_file(store, CLI, file, dry_run=dry_run, source=source, progress=progress)
    except ImportRejected as exc:
        for p in exc.problems:
            row = "-" if p.row is None else str(p.row)
            typer.echo(f"{row}\t{p.column or '-'}\t{p.zh} / {p.en}", err=True)
        fail(str(exc))
    if as_json:
        emit(report.summary())
        return
    for zh, en in report.warnings:
        typer.echo(f"注意 Warning: {zh} / {en}", err=True)
    verb = "检查通过（未写入） checked, nothing written (--dry-run)" if dry_run else "已导入 imported"
    typer.echo(f"{file}: {verb}")
    typer.echo(f"行 rows: {report.rows}")
    typer.echo(f"评估 assessments: {report.assessments}")
    typer.echo(f"新建企业 enterprises created: {report.enterprises_created}")
    typer.echo(f"更新企业 enterprises updated: {report.enterprises_updated}")
    typer.echo(f"未变企业 enterprises unchanged: {report.enterprises_unchanged}")


def import_template_command(
    questionnaire: str = typer.Argument(..., metavar="QUESTIONNAIRE"),
    output: Path = typer.Option(..., "-o", "--output", help="The .xlsx file to write."),
    version: str | None = typer.Option(None, "--version", help="A version other than the current one."),
) -> None:
    """Write an Excel template for the import: column ids, their Chinese text, validation lists."""
    from assessment.importer import write_template

    if output.suffix.lower() != ".xlsx":
        fail(f"模板文件应以 .xlsx 结尾 / the template file must end in .xlsx: {output}")
    try:
        path = write_template(questionnaire, output, version=version)
    except OSError as exc:
        cannot_write(output, exc)
    typer.echo(f"{path}: ok")


def export_command(
    output: Path = typer.Option(..., "-o", "--output", help="The .xlsx or .csv file to write."),
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    round_: str | None = typer.Option(None, "--round"),
    questionnaire: str | None = typer.Option(None, "--questionnaire", "-q"),
    answers: bool = typer.Option(False, "--answers", help="Add one column per question."),
    include_drafts: bool = typer.Option(False, "--all", help="Include open drafts (no scores)."),
    db: str | None = DB_OPTION,
) -> None:
    """Export assessments, one row per assessment (the current submitted ones; --all adds drafts)."""
    from assessment.exporter import export

    store = open_store(db)
    try:
        report = export(
            store,
            CLI,
            output,
            park=park,
            industry=industry,
            round_=round_,
            questionnaire=questionnaire,
            answers=answers,
            include_drafts=include_drafts,
        )
    except OSError as exc:
        cannot_write(output, exc)
    typer.echo(f"{report.path}: {report.rows} 条评估 assessments, {report.columns} 列 columns")


def backup_command(
    output: Path = typer.Option(..., "-o", "--output", help="The backup file to write (a zip archive)."),
    db: str | None = DB_OPTION,
) -> None:
    """A consistent copy of the database and its evidence files in one archive, safe to take while the app runs."""
    from assessment.backup_archive import backup

    store = open_store(db)
    info = backup(store, CLI, output)
    counts = ", ".join(f"{k} {v}" for k, v in info.counts.items())
    typer.echo(f"{info.path}: {info.bytes} bytes ({counts})")


def restore_command(
    file: Path = typer.Argument(..., metavar="FILE"),
    safety_copy: bool = typer.Option(
        True, "--safety-copy/--no-safety-copy", help="First back up the current database to DB.pre-restore."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Replace the database and its evidence with a backup, after checking it; all or nothing."""
    from assessment.backup_archive import check_archive, restore

    check_archive(file)  # before open_store: a missing database must not be created for nothing
    store = open_store(db)
    keep = store.path.with_name(store.path.name + ".pre-restore") if safety_copy else None
    info = restore(store, CLI, file, safety_copy=keep)
    if info.safety_copy:
        typer.echo(f"原数据库已备份到 previous database kept at: {info.safety_copy}")
    counts = ", ".join(f"{k} {v}" for k, v in info.counts.items())
    typer.echo(f"{store.path}: 已恢复 restored from {file} ({counts})")


evidence_app = typer.Typer(no_args_is_help=True, help="Evidence files attached to assessments.")


@evidence_app.command("gc")
def evidence_gc_command(db: str | None = DB_OPTION) -> None:
    """Remove evidence files no assessment refers to (and unfinished uploads older than an hour)."""
    from assessment import evidence

    store = open_store(db)
    removed = evidence.collect(store)
    typer.echo(f"{evidence.root(store)}: 已删除 removed {len(removed)} 个无引用文件 unreferenced files")
