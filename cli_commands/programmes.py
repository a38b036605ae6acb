"""Programmes as data: check and activate versions, who qualifies, enrolment with providers,
impact."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import typer

from assessment.access import CLI
from cli_commands.common import (
    DATE_FORMATS,
    DB_OPTION,
    INDUSTRY_OPTION,
    JSON_FIRST_OPTION,
    JSON_OPTION,
    PARK_OPTION,
    SIZE_OPTION,
    Size,
    as_date,
    echo_rows,
    emit,
    fail,
    open_store,
    print_problems,
    read_bytes,
)

programme_app = typer.Typer(
    no_args_is_help=True,
    help="Programmes as data: check and activate versions, who qualifies, enrolment with providers, impact.",
)


providers_app = typer.Typer(no_args_is_help=True, help="The bureau's list of service providers.")
programme_app.add_typer(providers_app, name="providers")


@programme_app.command("list")
def programme_list(db: str | None = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List the activated programme versions (the active one of each id first)."""
    from assessment.programmes import versions

    rows = versions.listing(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        state = "active" if r["active"] else "kept"
        example = "\texample" if r["example"] else ""
        typer.echo(f"{r['id']}\t{r['version']}\t{state}\t{r['name']['zh']} / {r['name']['en']}{example}")


@programme_app.command("check")
def programme_check(
    file: Path = typer.Argument(..., metavar="FILE"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Also count who would qualify now (reads the database)."),
    db: str | None = DB_OPTION,
) -> None:
    """Check a programme file; print `FILE: field: message` lines and exit 1 if broken. With
    --dry-run, also say how many enterprises would qualify (and how many are one rule short)."""
    from assessment.programmes import ProgrammeError, load_file

    try:
        programme = load_file(file)
    except ProgrammeError as exc:
        print_problems(exc.problems)
    typer.echo(f"{file}: ok ({programme.id} {programme.version})")
    if dry_run:
        from assessment.programmes.eligibility import evaluate

        ev = evaluate(open_store(db), programme)
        typer.echo(f"符合条件 would qualify: {int(ev.eligible_mask().sum())}")
        typer.echo(f"差一条 one rule short: {int(ev.almost_mask().sum())}")


@programme_app.command("activate")
def programme_activate(file: Path = typer.Argument(..., metavar="FILE"), db: str | None = DB_OPTION) -> None:
    """Activate a programme file as the current version of its id (administrators; audited).
    Older versions are kept."""
    from assessment.programmes import ProgrammeError, versions

    store = open_store(db)
    data = read_bytes(file)
    try:
        programme = versions.activate(store, CLI, data, str(file))
    except ProgrammeError as exc:
        print_problems(exc.problems)
    typer.echo(f"{programme.id}\t{programme.version}\tactive")


@programme_app.command("eligible")
def programme_eligible(
    pid: str = typer.Argument(..., metavar="ID"),
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: Size | None = SIZE_OPTION,
    almost: bool = typer.Option(False, "--almost", help="Add the enterprises exactly one rule short, and which."),
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Who qualifies for a programme: `{programme, version, rules: [{rule, text}], count, enterprises:
    [{credit_code, name, park, basis: [{rule, value, source}]}]}`; --almost adds `almost_count` and
    `almost` (each with the `missing` rule and its value). One line of JSON: the list may hold tens
    of thousands."""
    from assessment.programmes import ProgrammeError, versions
    from assessment.programmes.eligibility import eligible_report

    store = open_store(db)
    try:
        programme = versions.get(store, pid)
        report = eligible_report(store, CLI, programme, almost=almost, park=park, industry=industry, size=size)
    except ProgrammeError as exc:  # a stored version that no longer fits the question banks
        print_problems(exc.problems)
    if as_json:
        # compact: json's C encoder (indent falls back to the Python one, seconds for 40,000 rows)
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    texts = {r["rule"]: r["text"]["en"] for r in report["rules"]}
    for e in report["enterprises"]:
        typer.echo(f"{e['credit_code']}\t{e['name']}\t{e['park'] or ''}")
    for e in report.get("almost", []):
        typer.echo(f"{e['credit_code']}\t{e['name']}\t{e['park'] or ''}\tmissing: {texts[e['missing']['rule']]}")


@programme_app.command("enrol")
def programme_enrol(
    pid: str = typer.Argument(..., metavar="ID"),
    credit_code: str | None = typer.Argument(None, metavar="CODE", help="The enterprise (or --csv for a list)."),
    provider: str | None = typer.Option(None, "--provider", help="A provider of the bureau's list."),
    start: datetime | None = typer.Option(
        None, "--start", formats=DATE_FORMATS, metavar="YYYY-MM-DD", help="Default: today."
    ),
    end: datetime | None = typer.Option(None, "--end", formats=DATE_FORMATS, metavar="YYYY-MM-DD"),
    csv_file: Path | None = typer.Option(
        None, "--csv", help="A UTF-8 CSV with columns credit_code, provider, start[, end]: all or nothing."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Enrol an enterprise in a programme with its provider and dates (audited), or a whole CSV list."""
    from assessment.programmes import enrolment

    store = open_store(db)
    if csv_file is not None:
        try:
            count = enrolment.enrol_csv(store, CLI, pid, read_bytes(csv_file))
        except enrolment.EnrolmentRejected as exc:
            for p in exc.problems:
                typer.echo(f"{p.row}\t{p.column}\t{p.zh} / {p.en}", err=True)
            fail(str(exc))
        typer.echo(f"已参加 enrolled: {count}")
        return
    if credit_code is None or provider is None:
        fail("请给出企业代码和 --provider，或 --csv 名单 / give CODE and --provider, or --csv FILE")
    row = enrolment.enrol(store, CLI, pid, credit_code, provider, as_date(start) or date.today(), as_date(end))
    typer.echo(f"{row['credit_code']}\t{pid} {row['version']}\t{row['provider']}\t{row['start_date']}")


@programme_app.command("enrolments")
def programme_enrolments(
    pid: str = typer.Argument(..., metavar="ID"),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """The enterprises enrolled in a programme, with provider and dates."""
    from assessment.programmes import enrolment

    rows = enrolment.enrolments(open_store(db), CLI, pid)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['credit_code']}\t{r['name']}\t{r['provider']}\t{r['start_date']}\t{r['end_date'] or ''}")


@providers_app.command("add")
def providers_add(
    name: str = typer.Argument(..., metavar="NAME"),
    note: str | None = typer.Option(None, "--note"),
    db: str | None = DB_OPTION,
) -> None:
    """Add a service provider to the bureau's list (audited)."""
    from assessment.programmes import enrolment

    row = enrolment.add_provider(open_store(db), CLI, name, note)
    typer.echo(f"{row['id']}\t{row['name']}")


@providers_app.command("list")
def providers_list(db: str | None = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List the service providers with how many enterprises each serves."""
    from assessment.programmes import enrolment

    rows = enrolment.providers(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['id']}\t{r['name']}\t{r['enrolled']}")


@programme_app.command("impact")
def programme_impact(
    pid: str = typer.Argument(..., metavar="ID"),
    bootstrap: int = typer.Option(2000, "--bootstrap", help="Bootstrap resamples (at least 100)."),
    seed: int = typer.Option(0, "--seed", help="The same seed (and data) gives the same intervals."),
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Impact, paired per enterprise: `{served, comparison, difference, target, by_provider, method}`
    (difference in differences against eligible enterprises not served; bootstrap and Wilson 95 %
    intervals; groups below 5 suppressed)."""
    from assessment.programmes import ProgrammeError, versions
    from benchmarks.programme_impact import impact

    store = open_store(db)
    try:
        found = impact(store, CLI, versions.get(store, pid), n_resamples=bootstrap, seed=seed)
    except ProgrammeError as exc:
        print_problems(exc.problems)
    if as_json:
        emit(found)
        return
    echo_rows(impact_rows(found))


def impact_rows(found: dict) -> list[tuple]:
    """The impact as a table: each group's change with its 95 % interval (or suppressed)."""

    def change(mean: float, ci95: list) -> str:
        return f"{mean:+.2f} [{ci95[0]:+.2f}, {ci95[1]:+.2f}]"

    rows: list[tuple] = []
    for name in ("served", "comparison"):
        g = found[name]
        rows.append((name, g["n"], "suppressed" if g.get("suppressed") else change(**g["change"])))
    d = found["difference"]
    rows.append(("difference", "", "suppressed" if d.get("suppressed") else change(d["estimate"], d["ci95"])))
    target = found["target"]
    if not target.get("suppressed"):
        lo, hi = target["ci95"]
        rows.append(("target reached", target["reached"], f"{target['share']:.0%} [{lo:.0%}, {hi:.0%}]"))
    for p in found["by_provider"]:
        rows.append((p["provider"], p["n"], "suppressed" if p.get("suppressed") else change(**p["change"])))
    return rows
