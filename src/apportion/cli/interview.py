"""`apportion interview FILE`: ask, one at a time, only what could still change a result."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from apportion.decide.interview import Answer, Interview

HELP = "'?' why it matters · 'skip' leave it unknown · 'back' revise the last answer · 'quit'"


def register(app: typer.Typer) -> None:
    app.command("interview")(interview)


def interview(
    file: Annotated[Path, typer.Argument(help="matter file (YAML or JSON)")],
    write: Annotated[
        bool, typer.Option("--write", help="write the answers into the file's facts")
    ] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="law as of YYYY-MM-DD")] = None,
) -> None:
    """Ask only the questions whose answers could still change a claim's status, its
    deciding rule or an amount, the most decisive first; stop when none is left."""
    from apportion.cli.common import date_option, fail
    from apportion.decide.interview import Interview, hint
    from apportion.io.atomic import check_target
    from apportion.io.load import InputError, read_document
    from apportion.report.text import amount

    try:
        session = Interview(read_document(file), str(file), date_option("--as-of", as_of))
        if write:  # before the first question: answers must never be lost at the end
            _round_trip(file)
            check_target(file)
    except InputError as error:
        fail(error)
    before = _statuses(session)
    typer.echo(session.matter().title)
    for label, status in before.items():
        typer.echo(f"  {label}: {status.upper()}")
    if session.next_question() is None:
        typer.echo("Nothing to ask: no unknown fact could change any result.")
    asked_any = False
    while (question := session.next_question()) is not None:
        asked_any = True
        result = session.assessment()
        claim = result.claims[question.row]
        typer.echo("")
        if len(result.claims) > 1:
            typer.echo(f"[{_label(session, question.row)}]")
        typer.echo(question.fact.question)
        typer.echo(f"  ({hint(question.fact)}; {HELP})")
        try:
            text = typer.prompt(">", default="", show_default=False)
        except typer.Abort:
            typer.echo("")
            break
        command = text.strip().lower()
        if command in ("quit", "q", "exit"):
            break
        if command == "back":
            withdrawn = session.back()
            typer.echo(
                f"  withdrew: {withdrawn.fact} = {withdrawn.value}"
                if withdrawn
                else "  nothing to revise yet"
            )
            continue
        if command == "skip":
            session.skip(question)
            continue
        if command == "?":
            _why(question, claim.status)
            continue
        try:
            session.answer(question, text)
        except ValueError as error:
            typer.echo(f"  not accepted: {error}")
            continue
        now = _statuses(session)
        for label, status in now.items():
            if status != before.get(label):
                typer.echo(f"  → {label}: now {status.upper()}")
        before = now
    typer.echo("")
    final = session.assessment()
    for index, claim in enumerate(final.claims):
        typer.echo(
            f"{_label(session, index)}: {claim.status.upper()} "
            f"(decided by {claim.values['decided_by'] or 'open facts'}; "
            f"recoverable {amount(claim)})"
        )
    left = session.pending()
    if not left:
        if asked_any:
            typer.echo("Nothing more to ask: no unknown fact could change any result.")
    else:
        typer.echo(f"Stopped with {len(left)} question(s) open.")
    if session.skipped:
        typer.echo(f"Skipped (left unknown): {', '.join(sorted(f for _, f in session.skipped))}")
    if write and session.answers:
        try:
            write_answers(file, session.answers, session)
        except InputError as error:
            fail(error)
        typer.echo(f"Wrote {len(session.answers)} answer(s) into {file}.")


def _statuses(session: Interview) -> dict[str, str]:
    return {_label(session, i): claim.status for i, claim in enumerate(session.assessment().claims)}


def _label(session: Interview, index: int) -> str:
    result = session.assessment()
    claim = result.claims[index]
    names = {p.id: p.name for p in result.matter.parties}
    theory = claim.row.theory.replace("_", " ")
    return f"{names[claim.row.claimant]} v. {names[claim.row.respondent]} ({theory})"


def _why(question: Any, status: str) -> None:
    if question.decides:
        typer.echo(f"  Some answer would settle: {', '.join(question.decides)} (now {status}).")
    typer.echo(f"  Some answer would change: {', '.join(question.changes)}.")
    if question.together_with:
        typer.echo(f"  Only together with: {', '.join(question.together_with)}.")
    if question.fact.help:
        typer.echo(f"  {question.fact.help}")


def write_answers(path: Path, answers: list[Answer], session: Interview) -> None:
    """Write the answers into the file, atomically: YAML keeps its comments and layout
    (round trip)."""
    from apportion.decide.interview import apply_answers
    from apportion.io.atomic import write_text

    claims = session._claims()
    if path.suffix.lower() == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        apply_answers(document, answers, claims)
        text = json.dumps(document, indent=2, ensure_ascii=False, default=_iso) + "\n"
    else:
        yaml = _round_trip_yaml()
        document = yaml.load(path.read_text(encoding="utf-8"))
        apply_answers(document, answers, claims)
        out = io.StringIO()
        yaml.dump(document, out)
        text = out.getvalue()
    write_text(path, text)


def _round_trip_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: comments, order and flow style are kept
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _round_trip(path: Path) -> None:
    """Refuse now a YAML file the round-trip writer could not read back."""
    if path.suffix.lower() == ".json":
        return
    from ruamel.yaml.error import YAMLError

    from apportion.io.load import InputError

    try:
        _round_trip_yaml().load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        reason = f"cannot be rewritten in place: {' '.join(str(exc).split())}"
        raise InputError(str(path), [("(file)", reason)]) from None


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r}")
