"""What every command shares: the bad-input exit and the `--as-of` date option."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import typer


def fail(error: Exception, source: object = "matter") -> NoReturn:
    """Bad input: every problem on stderr, exit 2 (1 if an output could not be written),
    nothing on stdout. A rule conflict is an answer too: the rulebook cannot decide the
    claim, and each line says why (``source``: the claim: the rule, each exception)."""
    from apportion.engine import RuleConflict

    if isinstance(error, RuleConflict):
        for where, reason in error.problems():
            typer.echo(f"{source}: {where}: {reason}", err=True)
        raise typer.Exit(2)
    typer.echo(str(error), err=True)
    raise typer.Exit(getattr(error, "exit_code", 2))


def date_option(option: str, value: str | None) -> dt.date | None:
    from apportion.io.load import InputError
    from apportion.model.limits import check_day

    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        reason = f"expected YYYY-MM-DD, got {value!r}"
        if len(value) == 10 and value[4] == value[7] == "-":
            reason = f"{value} is not a date on the calendar ({exc})"
        raise InputError("command line", [(option, reason)]) from None
    try:
        return check_day(day)
    except ValueError as exc:
        raise InputError("command line", [(option, str(exc))]) from None
