"""`apportion whatif FILE --set fact=value ...`: what changes, why, and what would flip it."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class WhatIfFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    app.command("whatif")(whatif)


def whatif(
    file: Annotated[Path, typer.Argument(help="matter file (YAML or JSON)")],
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", "-s", help="fact=value (repeatable; value 'unknown' unsets)"),
    ] = None,
    format: Annotated[WhatIfFormat, typer.Option("--format", "-f")] = WhatIfFormat.text,
    as_of: Annotated[str | None, typer.Option("--as-of", help="law as of YYYY-MM-DD")] = None,
    claim: Annotated[
        str | None,
        typer.Option(
            "--claim", help="CLAIMANT:RESPONDENT party ids: set the facts for this claim only"
        ),
    ] = None,
    flips: Annotated[
        bool, typer.Option("--flips/--no-flips", help="search the changes that flip a status")
    ] = True,
    pleaded: Annotated[
        bool,
        typer.Option("--flip-theory", help="let the flips change the pleaded theory too"),
    ] = False,
) -> None:
    """Show what changes (status, amounts, owners) when facts are set, with the rules that
    read them, and for each claim the smallest sets of fact changes (one, else two) that
    would flip its status."""
    from apportion.cli.common import date_option, fail
    from apportion.decide.whatif import parse_settings
    from apportion.decide.whatif import whatif as run
    from apportion.engine import RuleConflict
    from apportion.io.load import InputError, load_matter
    from apportion.law.california import RULEBOOK
    from apportion.report.whatif import render_whatif

    try:
        when = date_option("--as-of", as_of)
        matter = load_matter(file)
        settings = parse_settings(set_ or [], RULEBOOK)
        target = _target(claim)
        result = run(
            matter, settings, when, with_flips=flips, target=target, include_pleaded=pleaded
        )
    except (InputError, RuleConflict) as error:
        fail(error, file)
    if format is WhatIfFormat.json:
        text = result.model_dump_json(indent=2) + "\n"
    else:
        text = render_whatif(result, markdown=format is WhatIfFormat.markdown)
    sys.stdout.write(text)


def _target(claim: str | None) -> tuple[str, str] | None:
    from apportion.io.load import InputError

    if claim is None:
        return None
    claimant, sep, respondent = claim.partition(":")
    if not sep or not claimant or not respondent:
        raise InputError(
            "command line", [("--claim", f"expected CLAIMANT:RESPONDENT, got {claim!r}")]
        )
    return claimant.strip(), respondent.strip()
