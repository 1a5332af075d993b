"""`apportion batch` (a whole portfolio through the compiled plan) and `apportion flatten`
(a folder of matter files as a portfolio table)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from apportion.portfolio.batch import BatchResult, OpenFacts
    from apportion.portfolio.summary import Deadlines, Summary


_OPEN = ("status", ("undetermined",))
"""Triage: an undetermined status is the open value worth chasing."""


def register(app: typer.Typer) -> None:
    app.command()(batch)
    app.command()(flatten)


def batch(
    source: Annotated[
        str,
        typer.Argument(
            help="portfolio table: .parquet, .csv or .jsonl (--engine spark: a Parquet file "
            "or directory of part files, any path or URI Spark reads)"
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="results: .parquet/.csv/.jsonl (--engine spark: a directory of Parquet parts)",
        ),
    ],
    errors: Annotated[
        Path | None, typer.Option(help="bad rows with their reason (default OUT.errors.csv)")
    ] = None,
    chart: Annotated[
        Path | None, typer.Option(help="summary chart, SVG (default OUT.summary.svg)")
    ] = None,
    summary_json: Annotated[
        Path | None, typer.Option("--summary-json", help="also write the summary as JSON")
    ] = None,
    key: Annotated[
        list[str] | None, typer.Option(help="another column to pass through (repeatable)")
    ] = None,
    keep_facts: Annotated[bool, typer.Option(help="copy the facts into the results")] = False,
    compression: Annotated[
        str | None,
        typer.Option(
            help="Parquet codec of the results: snappy (default, fastest), zstd "
            "(smallest), lz4, gzip or uncompressed"
        ),
    ] = None,
    progress: Annotated[bool, typer.Option(help="show a progress bar on stderr")] = True,
    engine: Annotated[
        str, typer.Option(help="local (polars, streaming, one machine) or spark")
    ] = "local",
    master: Annotated[
        str | None,
        typer.Option(help="--engine spark: the Spark master URL (default local[*])"),
    ] = None,
    open_facts: Annotated[
        bool,
        typer.Option(
            "--open-facts",
            help="for each undetermined claim, the unknown facts its status may turn on",
        ),
    ] = False,
    deadlines: Annotated[
        bool,
        typer.Option(
            "--deadlines",
            help="add each unfiled claim's filing deadline (the last safe day and each "
            "view's day), days left, and the summary's counts of claims expiring",
        ),
    ] = False,
    as_of_today: Annotated[
        str | None,
        typer.Option(
            "--as-of-today",
            help="with --deadlines: count days left from this day, YYYY-MM-DD (default "
            "today); calendar days in California",
        ),
    ] = None,
) -> None:
    """Assess every candidate claim in a portfolio table, streaming, with a summary."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from apportion.cli.common import fail
    from apportion.io.load import InputError
    from apportion.law.california import DEADLINE_GOALS, GOALS, RULEBOOK
    from apportion.portfolio.batch import count_rows, run_batch, side_file
    from apportion.portfolio.chart import summary_svg

    err = Console(stderr=True)
    bar = Progress(
        TextColumn("[bold]assessing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not progress,
        transient=True,
    )
    if engine not in ("local", "spark"):
        fail(InputError("command line", [("--engine", "use local or spark")]))
    if master is not None and engine != "spark":
        fail(InputError("command line", [("--master", "applies to --engine spark only")]))
    watch = None
    if as_of_today is not None and not deadlines:
        fail(InputError("command line", [("--as-of-today", "applies with --deadlines only")]))
    if deadlines:
        if engine != "local":
            fail(InputError("command line", [("--deadlines", "applies to --engine local only")]))
        watch = _deadlines(as_of_today)
    if engine == "spark":
        from apportion.portfolio.spark import default_side_file

        chart_path = chart or default_side_file(output, ".summary.svg")
    else:
        chart_path = chart or side_file(Path(output), ".summary.svg")
    title = f"Portfolio triage of {source.rstrip('/').rpartition('/')[2]}"
    sides: dict[Path, Callable[[Summary], str]] = {
        chart_path: lambda summary: summary_svg(summary, title)
    }
    if summary_json is not None:
        sides[summary_json] = lambda summary: json.dumps(summary.to_dict(), indent=2) + "\n"
    try:
        if engine == "spark":
            result = _spark_batch(
                source,
                output,
                master,
                errors,
                tuple(key or ()),
                keep_facts,
                compression,
                progress,
                sides,
                _OPEN if open_facts else None,
            )
            _print_summary(result.summary.to_dict(), output, result.errors, chart_path)
            return
        total = count_rows(Path(source))
        with bar:
            task = bar.add_task("rows", total=total)
            result = run_batch(
                Path(source),
                Path(output),
                RULEBOOK,
                (*GOALS, *DEADLINE_GOALS) if watch else GOALS,
                errors=errors,
                keys=tuple(key or ()),
                keep_facts=keep_facts,
                compression=compression,
                # No progress bar, no progress consumer: it is one more branch to feed.
                on_batch=(lambda n: bar.advance(task, n)) if progress else None,
                side_files=sides,
                # Triage: an undetermined status is the open value worth chasing.
                open_facts=_OPEN if open_facts else None,
                deadlines=watch,
            )
    except InputError as error:
        fail(error)
    _print_summary(result.summary.to_dict(), result.output, result.errors, chart_path)


def _deadlines(as_of_today: str | None) -> Deadlines:
    from apportion.cli.common import fail
    from apportion.io.load import InputError
    from apportion.law.california import DEADLINE_GOALS, RULEBOOK
    from apportion.portfolio.summary import Deadlines

    today = dt.date.today()
    try:
        if as_of_today:
            today = dt.date.fromisoformat(as_of_today)
    except ValueError:
        fail(InputError("command line", [("--as-of-today", "a date, YYYY-MM-DD")]))
    due, day, *views = DEADLINE_GOALS
    dates = tuple(g for g in (day, *views) if RULEBOOK.rules[g].kind.value == "date")
    return Deadlines(due=due, day=day, days=dates, today=today)


def _spark_batch(
    source: str,
    output: str,
    master: str | None,
    errors: Path | None,
    keys: tuple[str, ...],
    keep_facts: bool,
    compression: str | None,
    progress: bool,
    sides: dict[Path, Callable[[Summary], str]],
    open_facts: OpenFacts | None,
) -> BatchResult:
    from apportion.law.california import GOALS, RULEBOOK
    from apportion.portfolio.spark import active_session, run_spark_batch, spark_session

    running = active_session()  # a notebook's or a test's: used, and left running
    session = running or spark_session(master, progress=progress)
    try:
        return run_spark_batch(
            session,
            source,
            output,
            RULEBOOK,
            GOALS,
            errors=errors,
            keys=keys,
            keep_facts=keep_facts,
            compression=compression,
            side_files=sides,
            open_facts=open_facts,
        )
    finally:
        if running is None:
            session.stop()


def _print_summary(data: dict[str, object], output: Path | str, errors: Path, chart: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console(soft_wrap=True)
    out.print(
        f"[bold]{data['rows']:,}[/] rows: {data['evaluated']:,} assessed into {output}, "
        f"{data['rejected']:,} rejected into {errors}"
    )
    for title, key in (("status", "by_status"), ("decided by", "by_decided_by")):
        table = Table(title=f"candidate claims by {title}", title_justify="left")
        table.add_column(title)
        table.add_column("claims", justify="right")
        counts = data[key]
        assert isinstance(counts, dict)
        for name, n in counts.items():
            table.add_row(str(name), f"{n:,}")
        out.print(table)
    owners = data["recoverable_cents_by_owner"]
    assert isinstance(owners, dict)
    table = Table(title="recoverable by owner", title_justify="left")
    table.add_column("owner")
    table.add_column("least", justify="right")
    table.add_column("most", justify="right")
    for name, ends in owners.items():
        table.add_row(name, *(_dollars(ends[end]) for end in ("low", "high")))
    out.print(table)
    found = data.get("filing_deadlines")
    if isinstance(found, dict):
        table = Table(
            title=f"filing deadlines from {found['counted_from']} ({found['days']})",
            title_justify="left",
        )
        table.add_column("unfiled claims")
        table.add_column("claims", justify="right")
        for name, label in (
            ("expired", "already expired"),
            ("within_30_days", "expiring within 30 days"),
            ("within_60_days", "expiring within 60 days"),
            ("within_90_days", "expiring within 90 days"),
            ("no_safe_day", "no safe day given (a fact or period unknown)"),
        ):
            table.add_row(label, f"{found[name]:,}")
        out.print(table)
    if data.get("rows_with_bounds"):
        out.print(
            f"{data['rows_with_bounds']:,} rows hold a bound (at least / at most) rather than "
            f"an exact end; {data.get('rows_without_known_most', 0):,} have no known most"
        )
    out.print(f"chart: {chart}")


def _dollars(cents: int | None) -> str:
    if cents is None:
        return "no known most"
    return f"${cents // 100:,}.{cents % 100:02d}"


def flatten(
    folder: Annotated[Path, typer.Argument(help="folder of matter files (YAML or JSON)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="table: .parquet/.csv/.jsonl")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="law as of YYYY-MM-DD for every matter")
    ] = None,
) -> None:
    """Turn a folder of matter files into a portfolio table, one row per candidate claim."""
    from apportion.cli.common import date_option, fail
    from apportion.io.atomic import check_target
    from apportion.io.load import InputError
    from apportion.law.california import RULEBOOK
    from apportion.portfolio.folder import flatten_folder, write_table

    try:
        when: dt.date | None = date_option("--as-of", as_of)
        check_target(output)
        frame = flatten_folder(folder, RULEBOOK, when)
        write_table(frame, output)
    except InputError as error:
        fail(error)
    typer.echo(f"{frame.height} candidate claims from {folder} into {output}")
