"""The command line: every batch job of the toolkit (DESIGN.md section 5). Thin: parse, call the
core, print. Errors a user can cause print one line (Chinese / English) and exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from assessment import accounts
from assessment.access import CLI
from assessment.db import Store, resolve_path
from assessment.errors import AssessmentError
from assessment.scoring import score_document
from questionnaires import QuestionnaireError, available, get
from questionnaires.files import check_file


class Commands(TyperGroup):
    """The root command group: an error a user can cause (an ``AssessmentError``, raised by any
    command) is printed as one line and exits 1, here once for every command."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AssessmentError as exc:
            fail(str(exc))


app = typer.Typer(
    cls=Commands,
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="数字化转型评估工具箱 · Digital Transformation Assessment Toolkit",
)
questionnaire_app = typer.Typer(no_args_is_help=True, help="One questionnaire: export or validate.")
app.add_typer(questionnaire_app, name="questionnaire")
db_app = typer.Typer(no_args_is_help=True, help="The database file.")
app.add_typer(db_app, name="db")
user_app = typer.Typer(no_args_is_help=True, help="Accounts: enterprise users, bureau analysts, administrators.")
app.add_typer(user_app, name="user")
code_app = typer.Typer(no_args_is_help=True, help="Enterprise access codes for a first sign-in.")
app.add_typer(code_app, name="access-code")

DB_OPTION = typer.Option(None, "--db", help="Database file (default: $ASSESSMENT_DB, else data/assessment.db).")
# the cohort filter's options, shared by benchmark, clusters, export and the report commands
QUESTIONNAIRE_OPTION = typer.Option(..., "--questionnaire", "-q")
PARK_OPTION = typer.Option(None, "--park")
INDUSTRY_OPTION = typer.Option(None, "--industry")
SIZE_OPTION = typer.Option(None, "--size", help="micro, small, medium or large.")
SOURCE_OPTION = typer.Option(None, "--source", help="self, import or onsite.")
VERSION_OPTION = typer.Option(None, "--version")


def open_store(db: str | None) -> Store:
    try:
        return Store(db)
    except Exception as exc:  # an unreadable or foreign file: say which, never a traceback
        fail(f"无法打开数据库 {resolve_path(db)} / cannot open the database {resolve_path(db)}: {exc}")


def fail(message: str) -> None:
    typer.echo(f"错误 Error: {message}", err=True)
    raise typer.Exit(1)


def emit(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("questionnaires")
def list_questionnaires(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
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
        for line in exc.problems:
            typer.echo(line, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{path}: ok ({what})")


@app.command("score")
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


@db_app.command("init")
def db_init(db: str | None = DB_OPTION, quiet: bool = typer.Option(False, "--quiet", "-q")) -> None:
    """Create the database (or bring its schema up to date)."""
    store = open_store(db)
    if not quiet:
        typer.echo(f"{store.path}: ok")


PASSWORD_OPTION = typer.Option(None, "--password", envvar="ASSESSMENT_PASSWORD", help="Prompted for when not given.")


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="Login name; for an enterprise user, its credit code."),
    role: str = typer.Option(..., "--role", help="enterprise, analyst, admin or assessor."),
    credit_code: str | None = typer.Option(None, "--credit-code", help="The enterprise of an enterprise user."),
    name: str | None = typer.Option(None, "--name", help="Display name."),
    agency: str | None = typer.Option(None, "--agency", help="An assessor's assessment agency."),
    password: str | None = PASSWORD_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Create an account. The first administrator: `user add NAME --role admin`."""
    store = open_store(db)
    password = password or typer.prompt("密码 Password", hide_input=True, confirmation_prompt=True)
    who = accounts.add_user(
        store, CLI, username, role, password, credit_code=credit_code, display_name=name, agency=agency
    )
    typer.echo(f"{who.username}\t{who.role}")


@user_app.command("list")
def user_list(db: str | None = DB_OPTION, as_json: bool = typer.Option(False, "--json")) -> None:
    """List accounts."""
    rows = accounts.list_users(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['username']}\t{r['role']}\t{r['credit_code'] or ''}\t{r['state']}")


@user_app.command("disable")
def user_disable(
    username: str,
    enable: bool = typer.Option(False, "--enable", help="Enable again instead."),
    db: str | None = DB_OPTION,
) -> None:
    """Disable (or with --enable, re-enable) an account."""
    accounts.set_disabled(open_store(db), CLI, username, not enable)
    typer.echo(f"{username}\t{'enabled' if enable else 'disabled'}")


@user_app.command("reset-password")
def user_reset_password(
    username: str,
    password: str | None = PASSWORD_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Set a new password for an account (and lift a lock-out)."""
    store = open_store(db)
    password = password or typer.prompt("新密码 New password", hide_input=True, confirmation_prompt=True)
    accounts.reset_password(store, CLI, username, password)
    typer.echo(f"{username}\tpassword set")


@code_app.command("issue")
def code_issue(
    credit_code: str,
    days: int = typer.Option(accounts.CODE_DAYS, "--days", help="Days until it expires."),
    db: str | None = DB_OPTION,
) -> None:
    """Issue an access code for an enterprise (shown once; stored hashed)."""
    issued = accounts.issue_access_code(open_store(db), CLI, credit_code, days=days)
    emit(issued)


@code_app.command("revoke")
def code_revoke(credit_code: str, db: str | None = DB_OPTION) -> None:
    """Revoke every unused access code of an enterprise."""
    count = accounts.revoke_access_codes(open_store(db), CLI, credit_code)
    typer.echo(f"{count} revoked")


# ------------------------------------------------------------------- rounds

round_app = typer.Typer(no_args_is_help=True, help="Assessment rounds: the bureau's list that enterprises choose from.")
app.add_typer(round_app, name="round")


@round_app.command("add")
def round_add(
    label: str = typer.Argument(..., help="Starts with its four-digit year: 2026, 2026H2."),
    closed: bool = typer.Option(False, "--closed", help="Add it closed (for imports of past rounds only)."),
    db: str | None = DB_OPTION,
) -> None:
    """Add a round; enterprises can start in it while it is open."""
    from assessment import rounds

    added = rounds.add(open_store(db), CLI, label, is_open=not closed)
    typer.echo(f"{added['label']}\t{'open' if added['open'] else 'closed'}")


@round_app.command("list")
def round_list(db: str | None = DB_OPTION, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the rounds, oldest first, with their state."""
    from assessment import rounds

    rows = rounds.list_rounds(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['label']}\t{'open' if r['open'] else 'closed'}\t{r['created_by']}\t{r['created_at']}")


def _set_round_open(label: str, is_open: bool, db: str | None) -> None:
    from assessment import rounds

    rounds.set_open(open_store(db), CLI, label, is_open)
    typer.echo(f"{label}\t{'open' if is_open else 'closed'}")


@round_app.command("close")
def round_close(label: str, db: str | None = DB_OPTION) -> None:
    """Close a round: enterprises can no longer start, submit or correct in it."""
    _set_round_open(label, False, db)


@round_app.command("open")
def round_open(label: str, db: str | None = DB_OPTION) -> None:
    """Open a closed round again."""
    _set_round_open(label, True, db)


# ------------------------------------------------------------------- benchmarks and plans

clusters_app = typer.Typer(no_args_is_help=True, help="Archetypes: cluster enterprises by profile.")
app.add_typer(clusters_app, name="clusters")


def cohort_filter(questionnaire, park, industry, size, round_, source, version=None):
    from assessment.cohort import CohortFilter

    return CohortFilter(
        questionnaire, version=version, park=park, industry=industry, size=size, round=round_, source=source
    )


@app.command("benchmark")
def benchmark_command(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: str | None = SIZE_OPTION,
    round_: str | None = typer.Option(None, "--round"),
    source: str | None = SOURCE_OPTION,
    version: str | None = VERSION_OPTION,
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the default)."),
    db: str | None = DB_OPTION,
) -> None:
    """Cohort statistics: count, levels, mean and percentiles of the overall score and each area.
    A cohort of fewer than 5 enterprises is suppressed."""
    from benchmarks import cohorts

    store = open_store(db)
    stats = cohorts.benchmark(store, cohort_filter(questionnaire, park, industry, size, round_, source, version))
    emit(stats)


@app.command("progress")
def progress_command(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: str | None = SIZE_OPTION,
    round_: str | None = typer.Option(None, "--round", help="The later round (default: the latest)."),
    source: str | None = SOURCE_OPTION,
    version: str | None = VERSION_OPTION,
    since: str | None = typer.Option(None, "--since", help="The earlier round (default: the one before)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (else a short table)."),
    db: str | None = DB_OPTION,
) -> None:
    """Round-to-round change of the enterprises assessed in both rounds, as the Progress page and
    the cohort PDF show it (an earlier edition mapped onto this one counts). Fewer than 5 pairs,
    and parks that are small or would give one away, are suppressed."""
    from benchmarks import progress

    store = open_store(db)
    flt = cohort_filter(questionnaire, park, industry, size, None, source, version)
    data = progress.as_json(progress.progress_view(store, flt, since, round_))
    if as_json:
        emit(data)
        return
    if data["first"] is None:
        typer.echo("fewer than two rounds: nothing to compare")
        return
    s = data["summary"]
    typer.echo(f"{data['first']} -> {data['second']}\tpairs {s['count']}")
    if s.get("suppressed"):
        typer.echo("fewer than 5 pairs: suppressed")
        return
    typer.echo(f"mean\t{s['mean_before']:.2f} -> {s['mean_after']:.2f}\t{s['mean_change']:+.2f}")
    typer.echo(f"improved / declined\t{s['improved']} / {s['declined']}")
    typer.echo(f"level up / down\t{s['level_up']} / {s['level_down']}")
    for row in data["by_park"]:
        typer.echo(f"{row['park']}\t{row['count']}\t{row['mean_change']:+.2f}")


@clusters_app.command("fit")
def clusters_fit(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    k: int | None = typer.Option(None, "--k", help="Number of archetypes (default: the most stable k, 3-8)."),
    seed: int = typer.Option(0, "--seed", help="random_state of the clustering."),
    as_json: bool = typer.Option(True, "--json/--no-json"),
    db: str | None = DB_OPTION,
) -> None:
    """Fit the archetypes of a questionnaire, store the model and label its assessments."""
    from benchmarks import archetypes, cohorts

    store = open_store(db)
    model = cohorts.fit(store, CLI, questionnaire, k=k, random_state=seed)
    emit({**archetypes.public_model(model), "assignments": cohorts.assignments(store, questionnaire)})


@clusters_app.command("show")
def clusters_show(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    as_json: bool = typer.Option(True, "--json/--no-json"),
    db: str | None = DB_OPTION,
) -> None:
    """Print the stored archetype model of a questionnaire."""
    from benchmarks import archetypes, cohorts

    model = cohorts.active_model(open_store(db), questionnaire)
    if model is None:
        fail(
            f"{questionnaire} 尚未聚类，请先运行 clusters fit / no archetypes fitted for {questionnaire} yet: "
            "run `clusters fit` first"
        )
    emit(archetypes.public_model(model))


@app.command("plan")
def plan_command(
    assessment_id: int = typer.Argument(..., metavar="ASSESSMENT_ID"),
    as_json: bool = typer.Option(True, "--json/--no-json"),
    db: str | None = DB_OPTION,
) -> None:
    """The improvement plan of an assessment: ranked actions, roadmap and what-if."""
    from benchmarks import cohorts

    view = cohorts.peer_view(open_store(db), CLI, assessment_id)
    emit(view["plan"])


# ------------------------------------------------------------------- doubt flags, verification

flags_app = typer.Typer(
    invoke_without_command=True,
    help="Doubt flags of the cohort's current assessments as JSON, most severe first: `[{assessment_id, "
    "credit_code, questionnaire, round, flags: [{code, severity, message: {zh, en}}]}]`. `flags refresh` "
    "computes the stored flags of assessments submitted before (the backfill).",
)
app.add_typer(flags_app, name="flags")
verification_app = typer.Typer(
    no_args_is_help=True, help="Verification on site: a random sample for routine checks, assignments to assessors."
)
app.add_typer(verification_app, name="verification")


@flags_app.callback()
def flags_command(
    ctx: typer.Context,
    questionnaire: str | None = typer.Option(None, "--questionnaire", "-q", help="Required unless refreshing."),
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: str | None = SIZE_OPTION,
    round_: str | None = typer.Option(None, "--round"),
    source: str | None = SOURCE_OPTION,
    version: str | None = VERSION_OPTION,
    everyone: bool = typer.Option(False, "--all", help="Also list assessments without flags."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the default)."),
    db: str | None = DB_OPTION,
) -> None:
    """Doubt flags of the cohort's current assessments: `[{assessment_id, credit_code,
    questionnaire, round, flags: [{code, severity, message: {zh, en}}]}]`, most severe first."""
    if ctx.invoked_subcommand is not None:
        return
    from benchmarks import verification

    if questionnaire is None:
        fail("请用 -q 指定问卷 / give the questionnaire with -q")
    store = open_store(db)
    flt = cohort_filter(questionnaire, park, industry, size, round_, source, version)
    found = verification.cohort_flags(store, CLI, flt, everyone=everyone)
    if found["unchecked"]:
        typer.echo(
            f"注意 Warning: {found['unchecked']} 条评估尚未计算疑点，请运行 flags refresh / "
            f"{found['unchecked']} assessments not checked yet: run `flags refresh`",
            err=True,
        )
    emit(found["assessments"])


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
def verification_sample(
    size_n: int = typer.Option(..., "--size", help="How many enterprises to draw."),
    seed: int = typer.Option(..., "--seed", help="The same seed (and data) draws the same enterprises."),
    questionnaire: str = QUESTIONNAIRE_OPTION,
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: str | None = typer.Option(None, "--size-class", help="micro, small, medium or large."),
    round_: str | None = typer.Option(None, "--round"),
    source: str | None = SOURCE_OPTION,
    version: str | None = VERSION_OPTION,
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the default)."),
    db: str | None = DB_OPTION,
) -> None:
    """A reproducible random sample of the cohort's enterprises, stratified by park (at least one
    per park where the size allows, the rest in proportion); the seed and the draw are audited."""
    from benchmarks import verification

    store = open_store(db)
    flt = cohort_filter(questionnaire, park, industry, size, round_, source, version)
    emit(verification.sample(store, CLI, flt, size_n, seed))


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


# ------------------------------------------------------------------------------ demo cohort


@app.command("demo")
def demo_command(
    enterprises: int = typer.Option(..., "--enterprises", "-n", help="How many enterprises to invent."),
    seed: int = typer.Option(..., "--seed", help="The same seed (and number) gives the same cohort."),
    force: bool = typer.Option(False, "--force", help="Write even if the database holds real enterprises."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing (exit 0) unless the database is empty."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
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


# ----------------------------------------------------------------- import, export, backups

PHASES = {"read": "读取 read", "check": "检查 check", "write": "写入 write"}


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="An .xlsx or .csv file, one row per assessment."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    source: str = typer.Option("import", "--source", help="import (survey returns) or onsite (rated on site)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
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


@app.command("import-template")
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
        fail(f"无法写入 {output} / cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"{path}: ok")


@app.command("export")
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
        fail(f"无法写入 {output} / cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"{report.path}: {report.rows} 条评估 assessments, {report.columns} 列 columns")


@app.command("backup")
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


@app.command("restore")
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
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("gc")
def evidence_gc_command(db: str | None = DB_OPTION) -> None:
    """Remove evidence files no assessment refers to (and unfinished uploads older than an hour)."""
    from assessment import evidence

    store = open_store(db)
    removed = evidence.collect(store)
    typer.echo(f"{evidence.root(store)}: 已删除 removed {len(removed)} 个无引用文件 unreferenced files")


# ------------------------------------------------------------------------------- PDF reports

report_app = typer.Typer(no_args_is_help=True, help="PDF reports: an enterprise's, a cohort's, a ZIP batch.")
app.add_typer(report_app, name="report")
LANG_OPTION = typer.Option("zh", "--lang", help="zh (default) or en.")
DATE_OPTION = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Report date (default: today).")


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


def write_output(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        fail(f"无法写入 {path} / cannot write {path}: {exc.strerror or exc}")


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


# ------------------------------------------------------------------- enterprise confirmation

enterprise_app = typer.Typer(no_args_is_help=True, help="Enterprises: the bureau's confirmation of self-registrations.")
app.add_typer(enterprise_app, name="enterprise")


@enterprise_app.command("confirm")
def enterprise_confirm(credit_code: str = typer.Argument(..., metavar="CODE"), db: str | None = DB_OPTION) -> None:
    """Confirm a self-registered enterprise: from now on it counts in cohort figures."""
    from assessment import enterprises

    changed = enterprises.confirm(open_store(db), CLI, credit_code)
    typer.echo(f"{credit_code.strip().upper()}\t{'confirmed' if changed else 'already confirmed'}")


@enterprise_app.command("unconfirmed")
def enterprise_unconfirmed(db: str | None = DB_OPTION, as_json: bool = typer.Option(False, "--json")) -> None:
    """List self-registered enterprises waiting for confirmation, oldest first."""
    from assessment import enterprises

    rows = enterprises.unconfirmed(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['credit_code']}\t{r['name']}\t{r['park'] or ''}\t{r['created_at']}")


# ------------------------------------------------------------------- the benchmark snapshot

snapshot_app = typer.Typer(no_args_is_help=True, help="The benchmark snapshot: the peer figures enterprises are shown.")
app.add_typer(snapshot_app, name="snapshot")


@snapshot_app.command("refresh")
def snapshot_refresh(
    questionnaire: list[str] | None = typer.Option(None, "--questionnaire", "-q", help="Default: every one."),
    db: str | None = DB_OPTION,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Freeze the current confirmed cohorts as the peer figures enterprises see (nightly)."""
    from benchmarks import cohorts

    done = cohorts.refresh_snapshot(open_store(db), CLI, questionnaire or None)
    if as_json:
        emit(done)
        return
    for qid, taken in done.items():
        rounds = ", ".join(f"{r}: {n}" for r, n in taken["rounds"].items()) or "-"
        typer.echo(f"{qid}\t{taken['taken_at']}\t{rounds}")


@snapshot_app.command("show")
def snapshot_show(db: str | None = DB_OPTION, as_json: bool = typer.Option(False, "--json")) -> None:
    """List the snapshots kept: questionnaire, round, time, enterprises."""
    from benchmarks import cohorts

    rows = cohorts.snapshot_listing(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['questionnaire']}\t{r['round']}\t{r['taken_at']}\t{r['enterprises']}")


# ------------------------------------------------------------------------------ programmes

programme_app = typer.Typer(
    no_args_is_help=True,
    help="Programmes as data: check and activate versions, who qualifies, enrolment with providers, impact.",
)
app.add_typer(programme_app, name="programme")
providers_app = typer.Typer(no_args_is_help=True, help="The bureau's list of service providers.")
programme_app.add_typer(providers_app, name="providers")


def _programme_problems(exc) -> None:
    for line in exc.problems:
        typer.echo(line, err=True)
    raise typer.Exit(1)


@programme_app.command("list")
def programme_list(
    db: str | None = DB_OPTION, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
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
        _programme_problems(exc)
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
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"无法读取 {file} / cannot read {file}: {exc.strerror or exc}")
    try:
        programme = versions.activate(store, CLI, data, str(file))
    except ProgrammeError as exc:
        _programme_problems(exc)
    typer.echo(f"{programme.id}\t{programme.version}\tactive")


@programme_app.command("eligible")
def programme_eligible(
    pid: str = typer.Argument(..., metavar="ID"),
    park: str | None = PARK_OPTION,
    industry: str | None = INDUSTRY_OPTION,
    size: str | None = SIZE_OPTION,
    almost: bool = typer.Option(False, "--almost", help="Add the enterprises exactly one rule short, and which."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the default)."),
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
        _programme_problems(exc)
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
    start: str | None = typer.Option(None, "--start", metavar="YYYY-MM-DD", help="Default: today."),
    end: str | None = typer.Option(None, "--end", metavar="YYYY-MM-DD"),
    csv_file: Path | None = typer.Option(
        None, "--csv", help="A UTF-8 CSV with columns credit_code, provider, start[, end]: all or nothing."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Enrol an enterprise in a programme with its provider and dates (audited), or a whole CSV list."""
    import datetime as dt

    from assessment.programmes import enrolment

    store = open_store(db)
    if csv_file is not None:
        try:
            count = enrolment.enrol_csv(store, CLI, pid, csv_file.read_bytes())
        except OSError as exc:
            fail(f"无法读取 {csv_file} / cannot read {csv_file}: {exc.strerror or exc}")
        except enrolment.EnrolmentRejected as exc:
            for p in exc.problems:
                typer.echo(f"{p.row}\t{p.column}\t{p.zh} / {p.en}", err=True)
            fail(str(exc))
        typer.echo(f"已参加 enrolled: {count}")
        return
    if credit_code is None or provider is None:
        fail("请给出企业代码和 --provider，或 --csv 名单 / give CODE and --provider, or --csv FILE")
    row = enrolment.enrol(store, CLI, pid, credit_code, provider, start or dt.date.today().isoformat(), end)
    typer.echo(f"{row['credit_code']}\t{pid} {row['version']}\t{row['provider']}\t{row['start_date']}")


@programme_app.command("enrolments")
def programme_enrolments(
    pid: str = typer.Argument(..., metavar="ID"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
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
def providers_list(
    db: str | None = DB_OPTION, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
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
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the default)."),
    db: str | None = DB_OPTION,
) -> None:
    """Impact, paired per enterprise: `{served, comparison, difference, target, by_provider, method}`
    (difference in differences against eligible enterprises not served; bootstrap and Wilson 95 %
    intervals; groups below 5 suppressed)."""
    from assessment.programmes import ProgrammeError, versions
    from benchmarks.programme_impact import impact

    store = open_store(db)
    try:
        emit(impact(store, CLI, versions.get(store, pid), n_resamples=bootstrap, seed=seed))
    except ProgrammeError as exc:
        _programme_problems(exc)


if __name__ == "__main__":
    app()
