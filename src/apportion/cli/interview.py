"""`apportion interview FILE`: ask, one at a time, only what could still change a result."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from apportion.decide.interview import Answer, Interview, Skipped

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
    from apportion.decide.decision import amount_of
    from apportion.decide.interview import Interview, hint
    from apportion.engine import RuleConflict
    from apportion.io.atomic import check_target
    from apportion.io.load import InputError, read_document
    from apportion.report import format as fmt

    try:
        session = Interview(read_document(file), str(file), date_option("--as-of", as_of))
        if write:  # before the first question: answers must never be lost at the end
            _round_trip(file)
            check_target(file)
    except (InputError, RuleConflict) as error:
        fail(error, file)
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
        typer.echo(session.wording(question))
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
            typer.echo(_withdrawn(session, withdrawn))
            continue
        if command == "skip":
            session.skip(question)
            continue
        if command == "?":
            _why(session, question)
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
    rb = final.rulebook
    for index, claim in enumerate(final.claims):
        decided = claim.values["decided_by"]
        by = rb.rules[decided].label if decided in rb.rules else "nothing yet: facts are open"
        recoverable = fmt.amount(amount_of(claim, "recoverable"))
        typer.echo(
            f"{_label(session, index)}: {claim.status.upper()} "
            f"(decided by {by}; recoverable {recoverable})"
        )
    left = session.pending()
    still = session.skipped_that_matter()
    if left:
        typer.echo(f"Stopped with {len(left)} question(s) still open.")
    elif still:
        keys = ", ".join(dict.fromkeys(q.fact.id for q in still))
        typer.echo(
            f"Nothing more to ask, but {len(still)} skipped question(s) could still change a "
            f"result: {keys}."
        )
    elif asked_any:
        typer.echo("Nothing more to ask: no unknown fact could change any result.")
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


def _withdrawn(session: Interview, move: Answer | Skipped | None) -> str:
    from apportion.decide.interview import Skipped

    if move is None:
        return "  nothing to revise yet"
    fact = session.assessment().rulebook.facts[move.fact]
    if isinstance(move, Skipped):
        return f"  took back the skip: {fact.label} ({move.fact}) will be asked again"
    shown = {True: "yes", False: "no"}.get(move.value, str(move.value))
    return f"  withdrew: {fact.label} = {shown} ({move.fact})"


def _why(session: Interview, question: Any) -> None:
    """The rule that asks, in its words and with its authority, and what an answer could
    change, in words."""
    result = session.assessment()
    claim = result.claims[question.row]
    names = {p.id: p.name for p in result.matter.parties}
    from apportion.decide.decision import question_of
    from apportion.decide.words import first_sentence

    typed = question_of(
        result.rulebook, question, claim, names[claim.row.claimant], names[claim.row.respondent]
    )
    if typed.could_decide:
        typer.echo(
            f"  An answer could decide {'; '.join(typed.could_decide)} (now {claim.status})."
        )
    typer.echo(f"  An answer could change {'; '.join(typed.could_change)}.")
    if typed.together_with:
        typer.echo(f"  Only together with: {', '.join(typed.together_with)}.")
    for rule in typed.asked_by[:3]:
        cite = f" ({rule.authorities[0].text()})" if rule.authorities else ""
        typer.echo(f"  Asked by the rule: {rule.label}{cite}. {first_sentence(rule.words)}")
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
