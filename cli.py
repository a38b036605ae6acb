"""The command line: every batch job of the toolkit (DESIGN.md section 5). Thin: parse, call the
core, print. Errors a user can cause print one line (Chinese / English) and exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from assessment import accounts
from assessment.access import CLI
from assessment.db import Store, resolve_path
from assessment.errors import AssessmentError
from assessment.scoring import score_document
from questionnaires import QuestionnaireError, available, get, load_file
from questionnaires.loader import UnknownQuestionnaire

app = typer.Typer(
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
    try:
        emit(get(qid, version).model_dump(mode="json"))
    except UnknownQuestionnaire as exc:
        fail(str(exc))


@questionnaire_app.command("validate")
def validate_questionnaire(path: Path = typer.Argument(..., metavar="PATH")) -> None:
    """Check a questionnaire file; print `PATH: field: message` lines and exit 1 if broken."""
    try:
        q = load_file(path)
    except QuestionnaireError as exc:
        for line in exc.problems:
            typer.echo(line, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{path}: ok ({q.id} {q.version})")


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
    try:
        emit(score_document(doc))
    except AssessmentError as exc:
        fail(str(exc))


@db_app.command("init")
def db_init(db: str | None = DB_OPTION, quiet: bool = typer.Option(False, "--quiet", "-q")) -> None:
    """Create the database (or bring its schema up to date)."""
    store = open_store(db)
    if not quiet:
        typer.echo(f"{store.path}: ok")


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="Login name; for an enterprise user, its credit code."),
    role: str = typer.Option(..., "--role", help="enterprise, analyst or admin."),
    credit_code: str | None = typer.Option(None, "--credit-code", help="The enterprise of an enterprise user."),
    name: str | None = typer.Option(None, "--name", help="Display name."),
    password: str | None = typer.Option(
        None, "--password", envvar="ASSESSMENT_PASSWORD", help="Prompted for when not given."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Create an account. The first administrator: `user add NAME --role admin`."""
    store = open_store(db)
    if password is None:
        password = typer.prompt("密码 Password", hide_input=True, confirmation_prompt=True)
    try:
        who = accounts.add_user(store, CLI, username, role, password, credit_code=credit_code, display_name=name)
    except AssessmentError as exc:
        fail(str(exc))
    typer.echo(f"{who.username}\t{who.role}")


@user_app.command("list")
def user_list(db: str | None = DB_OPTION, as_json: bool = typer.Option(False, "--json")) -> None:
    """List accounts."""
    rows = accounts.list_users(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        state = "disabled" if r["disabled"] else ("locked" if r["locked_until"] else "active")
        typer.echo(f"{r['username']}\t{r['role']}\t{r['credit_code'] or ''}\t{state}")


@user_app.command("disable")
def user_disable(
    username: str,
    enable: bool = typer.Option(False, "--enable", help="Enable again instead."),
    db: str | None = DB_OPTION,
) -> None:
    """Disable (or with --enable, re-enable) an account."""
    try:
        accounts.set_disabled(open_store(db), CLI, username, not enable)
    except AssessmentError as exc:
        fail(str(exc))
    typer.echo(f"{username}\t{'enabled' if enable else 'disabled'}")


@code_app.command("issue")
def code_issue(
    credit_code: str,
    days: int = typer.Option(accounts.CODE_DAYS, "--days", help="Days until it expires."),
    db: str | None = DB_OPTION,
) -> None:
    """Issue an access code for an enterprise (shown once; stored hashed)."""
    try:
        issued = accounts.issue_access_code(open_store(db), CLI, credit_code, days=days)
    except AssessmentError as exc:
        fail(str(exc))
    emit(issued)


@code_app.command("revoke")
def code_revoke(credit_code: str, db: str | None = DB_OPTION) -> None:
    """Revoke every unused access code of an enterprise."""
    try:
        count = accounts.revoke_access_codes(open_store(db), CLI, credit_code)
    except AssessmentError as exc:
        fail(str(exc))
    typer.echo(f"{count} revoked")


if __name__ == "__main__":
    app()
