"""`apportion whatif FILE --set fact=value ...`: what changes, why, and what would flip it."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class WhatIfFormat(StrEnum):
    text = "text"
    json = "json"


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
    flips: Annotated[
        bool, typer.Option("--flips/--no-flips", help="search the changes that flip a status")
    ] = True,
) -> None:
    """Show what changes (status, deciding rule, amounts) when facts are set, with the
    rules that read them, and for each claim the smallest sets of fact changes (one, else
    two) that would flip its status."""
    from apportion.cli.common import date_option, fail
    from apportion.decide.whatif import parse_settings
    from apportion.decide.whatif import whatif as run
    from apportion.io.load import InputError, load_matter
    from apportion.law.california import RULEBOOK
    from apportion.report.whatif import render_whatif, whatif_to_dict

    try:
        when = date_option("--as-of", as_of)
        matter = load_matter(file)
        settings = parse_settings(set_ or [], RULEBOOK)
        result = run(matter, settings, when, with_flips=flips)
    except InputError as error:
        fail(error)
    if format is WhatIfFormat.json:
        text = json.dumps(whatif_to_dict(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_whatif(result)
    sys.stdout.write(text)
