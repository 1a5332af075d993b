"""`apportion assess FILE` and `apportion schema`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from apportion.cli.common import date_option, fail

if TYPE_CHECKING:
    from apportion.model.decision import Decision


def register(app: typer.Typer) -> None:
    app.command()(assess)
    app.command()(schema)


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    docx = "docx"


def assess(
    file: Annotated[Path, typer.Argument(help="matter file (YAML or JSON)")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write to this file (docx needs one)")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="law as of YYYY-MM-DD")] = None,
) -> None:
    """Assess every candidate claim in a matter: status, amounts, owners and reasons
    (text, Markdown, HTML, the Decision as JSON, or a DOCX memo)."""
    from apportion.decide.decision import decide
    from apportion.engine import RuleConflict
    from apportion.io.atomic import check_target, write_bytes
    from apportion.io.load import InputError, load_matter

    try:
        when = date_option("--as-of", as_of)
        if format is Format.docx and output is None:
            raise InputError("command line", [("--output", "a DOCX memo needs -o FILE.docx")])
        if output is not None:
            check_target(output)  # before any work
        decision = decide(load_matter(file), when)
    except (InputError, RuleConflict) as error:
        fail(error, file)
    data = present(decision, format)
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    try:
        write_bytes(output, data)
    except InputError as error:  # an OutputError: nothing replaced, exit 1
        fail(error)


def present(decision: Decision, format: Format) -> bytes:
    """The decision in ``format``, as the bytes to print or write."""
    if format is Format.docx:
        from apportion.report.memo import render_memo

        return render_memo(decision)
    if format is Format.json:
        text = decision.model_dump_json(indent=2)
    elif format is Format.html:
        from apportion.report.html import render_html

        text = render_html(decision)
    else:
        from apportion.report.text import render

        text = render(decision, markdown=format is Format.markdown)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def schema(
    portfolio: Annotated[
        bool, typer.Option("--portfolio", help="the portfolio table's columns instead")
    ] = False,
    decision: Annotated[
        bool, typer.Option("--decision", help="the Decision that `assess -f json` prints")
    ] = False,
) -> None:
    """Print the JSON Schema of the matter format (or of the portfolio table, or of the
    Decision)."""
    if portfolio:
        from apportion.law.california import RULEBOOK
        from apportion.portfolio.schema import describe

        typer.echo(json.dumps(describe(RULEBOOK), indent=2))
        return
    if decision:
        from apportion.model.decision import Decision

        typer.echo(json.dumps(Decision.model_json_schema(), indent=2))
        return
    from apportion.model.matter import Matter

    typer.echo(json.dumps(Matter.model_json_schema(by_alias=True), indent=2))
