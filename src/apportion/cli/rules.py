"""`apportion rules`: the rulebook as a document (rules, or with --facts, the facts)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)


def rules(
    format: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.text,
    facts: Annotated[
        bool, typer.Option("--facts", help="list the facts (ids, types, values, questions)")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write to this file, not stdout")
    ] = None,
) -> None:
    """List every rule with its doctrine and authority; `-f markdown` writes the readable
    rulebook a lawyer reviews; `--facts` lists every fact a matter can answer."""
    from apportion.law.california import MODULES, RULEBOOK
    from apportion.report import rulebook as doc

    order = [m.DOCTRINE for m in MODULES]
    if facts:
        text = {
            RulesFormat.text: lambda: doc.facts_text(RULEBOOK),
            RulesFormat.markdown: lambda: doc.facts_markdown(RULEBOOK),
            RulesFormat.json: lambda: json.dumps(doc.facts_data(RULEBOOK), indent=2) + "\n",
        }[format]()
    else:
        text = {
            RulesFormat.text: lambda: doc.rules_text(RULEBOOK, order),
            RulesFormat.markdown: lambda: doc.rules_markdown(RULEBOOK, order),
            RulesFormat.json: lambda: (
                json.dumps(doc.rules_data(RULEBOOK, order), indent=2, ensure_ascii=False) + "\n"
            ),
        }[format]()
    if output is None:
        sys.stdout.write(text)
        return
    from apportion.cli.common import fail
    from apportion.io.atomic import write_text
    from apportion.io.load import InputError

    try:
        write_text(output, text)
    except InputError as error:
        fail(error)
