"""The command line: `apportion assess`, `apportion schema`, and the commands in
`apportion.commands`."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from apportion.io.load import InputError, load_matter

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Executable, explained rules for sharing a malpractice loss.",
)


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def fail(error: Exception) -> None:
    """Bad input: every problem on stderr, exit 2, nothing on stdout."""
    typer.echo(str(error), err=True)
    raise typer.Exit(2)


@app.command()
def assess(
    file: Annotated[Path, typer.Argument(help="matter file (YAML or JSON)")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    as_of: Annotated[str | None, typer.Option("--as-of", help="law as of YYYY-MM-DD")] = None,
) -> None:
    """Assess every candidate claim in a matter: status, amounts, owners and reasons."""
    from apportion.assessment import assess as run
    from apportion.report.text import render

    try:
        when = _date("--as-of", as_of)
        assessment = run(load_matter(file), when)
    except InputError as error:
        fail(error)
    if format is Format.json:
        text = json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False)
    elif format is Format.html:
        from apportion.report.html import render_html

        text = render_html(assessment)
    else:
        text = render(assessment, markdown=format is Format.markdown)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def schema(
    portfolio: Annotated[
        bool, typer.Option("--portfolio", help="the portfolio table's columns instead")
    ] = False,
) -> None:
    """Print the JSON Schema of the matter format (or the portfolio format)."""
    if portfolio:
        from apportion.law.california import RULEBOOK
        from apportion.portfolio.schema import describe

        typer.echo(json.dumps(describe(RULEBOOK), indent=2))
        return
    from apportion.model.matter import Matter

    typer.echo(json.dumps(Matter.model_json_schema(by_alias=True), indent=2))


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problem = (option, f"expected YYYY-MM-DD, got {value!r}")
        raise InputError("command line", [problem]) from None


def _register_commands() -> None:
    import apportion.commands as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}").register(app)


_register_commands()


def main() -> None:
    app()
