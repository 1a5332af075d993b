"""The command line (typer): one module per command, each with ``register(app)``.

The commands are the edge of the application: they read input, call ``apportion.decide``
and hand the result to a presenter in ``apportion.report``.
"""

from __future__ import annotations

import typer

from apportion.cli import (
    assess,
    cases,
    deadlines,
    interview,
    portfolio,
    rules,
    serve,
    users,
    whatif,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Executable, explained rules for sharing a malpractice loss.",
)

for _command in (assess, interview, whatif, rules, cases, portfolio, serve, deadlines, users):
    _command.register(app)


def main() -> None:
    app()
