"""`apportion deadlines`: every unfiled claim's last safe day to file, for a calendar
(.ics) or a docketing system (.csv). Dates are calendar days in California."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from apportion.cli.common import date_option, fail

MATTER_SUFFIXES = (".yaml", ".yml", ".json")


def register(app: typer.Typer) -> None:
    app.command()(deadlines)


def deadlines(
    matters: Annotated[
        list[Path], typer.Argument(help="matter files, or folders of them (YAML or JSON)")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="deadlines.ics (iCalendar) or deadlines.csv")
    ],
    as_of_today: Annotated[
        str | None,
        typer.Option("--as-of-today", help="count days left from YYYY-MM-DD (default today)"),
    ] = None,
    reminder_days: Annotated[
        int, typer.Option(min=0, max=365, help="the reminder, days before the last safe day")
    ] = 14,
) -> None:
    """Each unfiled claim's last safe day to file (the earliest day any view of the law
    that may govern it could bar it), with its basis: one calendar event per claim with a
    reminder, or one CSV row per claim. Dates are calendar days in California."""
    import datetime as dt

    from apportion.decide.decision import decide
    from apportion.engine import RuleConflict
    from apportion.io.atomic import check_target, write_bytes
    from apportion.io.load import InputError, load_matter
    from apportion.report.calendar import render_csv, render_ics

    suffix = output.suffix.lower()
    try:
        if suffix not in (".ics", ".csv"):
            raise InputError("command line", [("--output", "name a .ics or a .csv file")])
        today = date_option("--as-of-today", as_of_today) or dt.date.today()
        check_target(output)
        files = _files(matters)
        if not files:
            raise InputError("command line", [("MATTERS", "no matter file found")])
        found = []
        for file in files:
            try:
                found.append((file.name, decide(load_matter(file), today)))
            except (InputError, RuleConflict) as error:
                fail(error, file)
    except InputError as error:
        fail(error)
    if suffix == ".ics":
        write_bytes(output, render_ics(found, reminder_days))
    else:
        write_bytes(output, render_csv(found).encode("utf-8"))
    due = sum(1 for _, d in found for c in d.claims if c.deadline is not None)
    typer.echo(
        f"{due} unfiled claims from {len(found)} matters into {output} "
        "(calendar days in California)"
    )


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in MATTER_SUFFIXES)
        else:
            found.append(path)
    return found
