"""Accounts: enterprise users, bureau analysts, administrators and assessors; enterprise access
codes for a first sign-in."""

from __future__ import annotations

import typer

from assessment import accounts
from assessment.access import CLI
from cli_commands.common import DB_OPTION, JSON_OPTION, PASSWORD_OPTION, Role, emit, open_store

user_app = typer.Typer(no_args_is_help=True, help="Accounts: enterprise users, bureau analysts, administrators.")


code_app = typer.Typer(no_args_is_help=True, help="Enterprise access codes for a first sign-in.")


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="Login name; for an enterprise user, its credit code."),
    role: Role = typer.Option(..., "--role"),
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
def user_list(db: str | None = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
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
