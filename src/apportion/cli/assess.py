"""`apportion assess FILE` and `apportion schema`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from apportion.cli.common import date_option, fail


def register(app: typer.Typer) -> None:
    app.command()(assess)
    app.command()(schema)


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def assess(
    file: Annotated[Path, typer.Argument(help="matter file (YAML or JSON)")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    as_of: Annotated[str | None, typer.Option("--as-of", help="law as of YYYY-MM-DD")] = None,
) -> None:
    """Assess every candidate claim in a matter: status, amounts, owners and reasons."""
    from apportion.decide.assessment import assess as run
    from apportion.io.load import InputError, load_matter
    from apportion.report.text import render

    try:
        when = date_option("--as-of", as_of)
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
