"""What every command shares: the bad-input exit and the `--as-of` date option."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import typer

from apportion.io.load import InputError


def fail(error: Exception) -> NoReturn:
    """Bad input: every problem on stderr, exit 2, nothing on stdout."""
    typer.echo(str(error), err=True)
    raise typer.Exit(2)


def date_option(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problem = (option, f"expected YYYY-MM-DD, got {value!r}")
        raise InputError("command line", [problem]) from None
