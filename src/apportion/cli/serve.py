"""`apportion serve` (the decision service) and `apportion keys` (its API keys)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from apportion.service.settings import Settings

keys_app = typer.Typer(no_args_is_help=True, help="API keys of the service, one organisation each.")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="the service's data (default $APPORTION_DATA_DIR, else ~/.local/share/apportion)",
    ),
]
Database = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="database URL (default: the SQLite file archive.sqlite3 in the data dir; "
        "postgresql://USER:PASSWORD@HOST/NAME for PostgreSQL)",
    ),
]


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")


def _settings(data_dir: Path | None, database: str | None) -> Settings:
    from apportion.service.settings import Settings, default_data_dir

    return Settings(data_dir=data_dir or default_data_dir(), database_url=database or "")


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    data_dir: DataDir = None,
    database: Database = None,
    max_upload_mib: Annotated[
        int, typer.Option("--max-upload-mib", min=1, help="largest book upload, in MiB")
    ] = 512,
) -> None:
    """Serve the decision API (/v1, documented at /docs) over an archive of every
    decision: SQLite in the data dir unless --database names another."""
    import uvicorn

    from apportion.service.app import create_app

    settings = dataclasses.replace(
        _settings(data_dir, database), max_upload_bytes=max_upload_mib * 2**20
    )
    try:
        app = create_app(settings)
    except Exception as exc:  # an unreachable database, a bad URL
        typer.echo(f"--database: cannot open {_shown(settings.database_url)}: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"archive: {_shown(settings.database_url)}")
    typer.echo(f"serving on http://{host}:{port} (web app /, API /v1, docs /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


@keys_app.command("create")
def create(
    org: Annotated[str, typer.Option("--org", help="the organisation the key acts for")],
    name: Annotated[
        str | None, typer.Option("--name", help="who holds it (recorded as 'asked by')")
    ] = None,
    data_dir: DataDir = None,
    database: Database = None,
) -> None:
    """Make an API key for an organisation and print it, this once: only its hash is
    kept."""
    from apportion.service.auth import create_key
    from apportion.service.db import open_archive

    org = org.strip()
    if not org or len(org) > 200 or not org.isprintable():
        typer.echo("command line: --org: a name of 1 to 200 printable characters", err=True)
        raise typer.Exit(2)
    settings = _settings(data_dir, database)
    engine, sessions = open_archive(settings.database_url)
    with sessions() as session:
        row, key = create_key(session, org, name)
    engine.dispose()
    typer.echo(key)
    typer.echo(
        f"key {row.id} for {org}; shown this once (archive: {_shown(settings.database_url)})",
        err=True,
    )


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="the key's id (the part after ak_), or the key")],
    data_dir: DataDir = None,
    database: Database = None,
) -> None:
    """Revoke a key: requests with it are refused (401) from now on."""
    from apportion.service.auth import revoke_key
    from apportion.service.db import open_archive

    settings = _settings(data_dir, database)
    engine, sessions = open_archive(settings.database_url)
    with sessions() as session:
        row = revoke_key(session, key_id)
    engine.dispose()
    if row is None:
        typer.echo(f"command line: KEY_ID: no key {key_id!r}", err=True)
        raise typer.Exit(2)
    typer.echo(f"revoked key {row.id}")


@keys_app.command("list")
def list_keys(data_dir: DataDir = None, database: Database = None) -> None:
    """Every key: id, organisation, name, made and revoked (never the key itself)."""
    from sqlalchemy import select

    from apportion.service.db import ApiKey, Organisation, open_archive

    settings = _settings(data_dir, database)
    engine, sessions = open_archive(settings.database_url)
    with sessions() as session:
        rows = session.execute(
            select(ApiKey, Organisation.name)
            .join(Organisation, ApiKey.organisation_id == Organisation.id)
            .order_by(ApiKey.created_at)
        ).all()
        for key, org in rows:
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            typer.echo(f"{key.id}\t{org}\t{key.name}\t{key.created_at:%Y-%m-%d}\t{state}")
    engine.dispose()
