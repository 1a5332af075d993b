"""`apportion users create`: an account that signs in to the web app."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from apportion.cli.serve import Database, DataDir, _settings, _shown

users_app = typer.Typer(no_args_is_help=True, help="People who sign in to the web app.")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


@users_app.command("create")
def create(
    org: Annotated[str, typer.Option("--org", help="the organisation the person acts for")],
    email: Annotated[str, typer.Option("--email", help="the address they sign in with")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from standard input")
    ] = False,
    data_dir: DataDir = None,
    database: Database = None,
) -> None:
    """Make an account of an organisation (made if new); the password is asked for (or
    read from stdin) and only its Argon2 hash is kept."""
    from apportion.service.db import open_archive
    from apportion.web.accounts import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = _settings(data_dir, database)
    engine, sessions = open_archive(settings.database_url)
    try:
        with sessions() as session:
            user = create_user(session, org, email, password)
    except ValueError as error:
        typer.echo(f"command line: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(f"account {user.email} of {org.strip()} (archive: {_shown(settings.database_url)})")
