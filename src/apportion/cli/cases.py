"""`apportion cases DIR`: run every case-law scenario in a folder and report agreement."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    app.command("cases")(cases)


def cases(
    folder: Annotated[
        Path, typer.Argument(help="folder of scenario files (YAML or JSON), or one file")
    ],
    show_coverage: Annotated[
        bool,
        typer.Option("--coverage", help="list each exception and the cases in which it decides"),
    ] = False,
) -> None:
    """Check the rulebook against published cases: outcome and deciding rule for each.

    Exit 0 if every case agrees, 1 if any disagrees, 2 on a bad scenario file.
    """
    from apportion.decide.scenarios import check, coverage, load_folder
    from apportion.io.load import InputError

    try:
        results = [check(s) for s in load_folder(folder)]
    except InputError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    lines: list[str] = []
    for result in results:
        n = len(result.checks)
        mark = "agree   " if result.agrees else "DISAGREE"
        lines.append(f"{mark} {result.scenario.path.name}: {result.scenario.title} ({n} expected)")
        for checked in result.checks:
            if checked.agrees:
                continue
            lines.append(f"    {checked.label()}")
            if checked.expectation.why:
                lines.append(f"      the court: {checked.expectation.why}")
            lines.append(f"      deciding rule: {checked.decided_by or 'none (undetermined)'}")
            for m in checked.mismatches:
                lines.append(f"      {m.what}: expected {_show(m.expected)}, got {_show(m.got)}")
    agree = sum(r.agrees for r in results)
    if show_coverage:
        table = coverage(results)
        used = sum(bool(cases) for cases in table.values())
        lines += ["", f"Exceptions decided by a published case: {used} of {len(table)}"]
        for name, cases in table.items():
            lines.append(f"  {name}: {', '.join(cases) if cases else '(no case)'}")
        lines.append("")
    varied = sum(r.scenario.is_variation for r in results)
    lines.append(f"published decisions: {len(results) - varied}, variations: {varied}")
    lines.append(f"{agree} of {len(results)} agree")
    sys.stdout.write("\n".join(lines) + "\n")
    if agree != len(results):
        raise typer.Exit(1)


def _show(value: Any) -> str:
    return "unknown" if value is None else repr(value)
