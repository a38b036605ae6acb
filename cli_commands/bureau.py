"""The bureau's lists: assessment rounds, and the confirmation of self-registered enterprises."""

from __future__ import annotations

import typer

from assessment.access import CLI
from cli_commands.common import DB_OPTION, JSON_OPTION, emit, open_store

round_app = typer.Typer(no_args_is_help=True, help="Assessment rounds: the bureau's list that enterprises choose from.")


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
def round_list(db: str | None = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
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


enterprise_app = typer.Typer(no_args_is_help=True, help="Enterprises: the bureau's confirmation of self-registrations.")


@enterprise_app.command("confirm")
def enterprise_confirm(credit_code: str = typer.Argument(..., metavar="CODE"), db: str | None = DB_OPTION) -> None:
    """Confirm a self-registered enterprise: from now on it counts in cohort figures."""
    from assessment import enterprises

    changed = enterprises.confirm(open_store(db), CLI, credit_code)
    typer.echo(f"{credit_code.strip().upper()}\t{'confirmed' if changed else 'already confirmed'}")


@enterprise_app.command("unconfirmed")
def enterprise_unconfirmed(db: str | None = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List self-registered enterprises waiting for confirmation, oldest first."""
    from assessment import enterprises

    rows = enterprises.unconfirmed(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['credit_code']}\t{r['name']}\t{r['park'] or ''}\t{r['created_at']}")
