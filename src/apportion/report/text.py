"""Decision reports in words: plain text for the terminal and Markdown for memos."""

from __future__ import annotations

from typing import Any

from apportion.decide.assessment import Assessment, ClaimResult, owners
from apportion.engine import Citation, Kind, Trace
from apportion.engine.plan import ExceptionTrace, FactValue
from apportion.engine.relevance import Question
from apportion.report.money import amounts, money_lines


def money(cents: int | None) -> str:
    if cents is None:
        return "unknown"
    return f"${cents // 100:,}.{cents % 100:02d}"


def show_value(trace: Trace) -> str:
    value = trace.value
    if value is None:
        return "UNKNOWN"
    if trace.kind is Kind.BOOL:
        return "yes" if value else "no"
    if trace.kind is Kind.MONEY:
        return money(value)
    if trace.kind is Kind.SHARE:
        return f"{value / 100:g}%"
    return str(value)


def amount(claim: ClaimResult) -> str:
    low, high = claim.values["recoverable_low"], claim.values["recoverable_high"]
    return money(low) if low == high else f"{money(low)} to {money(high)}"


def owner_lines(assessment: Assessment, claim: ClaimResult) -> list[str]:
    """Who owns the recovery: exact parts, or ranges that add up at either end."""
    v = claim.values
    if not v["recovery_high"]:
        return []
    names = {p.id: p.name for p in assessment.matter.parties}
    out = []
    for owner in owners(assessment, claim):
        cents = owner["cents"]
        low, high = (cents, cents) if isinstance(cents, int) else (cents["low"], cents["high"])
        basis = "own loss" if owner["basis"] == "own" else f"subrogation, {owner['layer']}"
        out.append(
            f"  owned by {names.get(owner['party'], owner['party'])} ({basis}): "
            f"{amounts(low, high)}"
        )
    return out


def render(assessment: Assessment, markdown: bool = False) -> str:
    out: list[str] = []
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    out.append(f"{h1}{assessment.matter.title}")
    out.append(
        f"Law as of {assessment.as_of.isoformat()} · rulebook {assessment.rulebook.name} "
        f"{assessment.rulebook.version} ({assessment.rulebook.digest()}) · "
        f"input {assessment.input_digest}"
    )
    asked = assessment.questions()
    for index, claim in enumerate(assessment.claims):
        names = {p.id: p.name for p in assessment.matter.parties}
        out.append("")
        out.append(
            f"{h2}{names[claim.row.claimant]} v. {names[claim.row.respondent]} "
            f"({claim.row.theory.replace('_', ' ')}): {claim.status.upper()}"
        )
        out.append(f"Decided by: {claim.values['decided_by'] or 'open facts (see below)'}")
        out.append(f"Recoverable: {amount(claim)}")
        out.extend(owner_lines(assessment, claim))
        out.append("")
        out.extend(
            money_lines(assessment.rulebook, assessment.matter, claim.row.facts, claim.row.claimant)
        )
        out.append("")
        out.append("Reasons:" if not markdown else "**Reasons**")
        _tree(claim.trace, out, 0, markdown)
        out.extend(standing_lines(assessment, claim, markdown))
        open_questions = [q for q in asked if q.row == index]
        if open_questions:
            out.append("")
            out.append(
                "Open questions (answers that could still change this result):"
                if not markdown
                else "**Open questions** (answers that could still change this result)"
            )
            for q in open_questions:
                out.append(f"  - {q.fact.question}{_question_note(q)}")
    return "\n".join(out) + "\n"


def _question_note(q: Question) -> str:
    could = ", ".join(q.decides) if q.decides else ", ".join(q.changes)
    verb = "could decide" if q.decides else "could change"
    note = f" [{verb}: {could}"
    if q.together_with:
        note += f"; only together with: {', '.join(q.together_with)}"
    return note + "]"


# Who may pursue an available claim: the insurer by subrogation, the insured for its own part.
STANDING = ("subrogation_permitted", "deductible_owned_by_insured")


def standing_lines(assessment: Assessment, claim: ClaimResult, markdown: bool) -> list[str]:
    book = assessment.rulebook
    if claim.status != "available" or not all(r in book.rules for r in STANDING):
        return []
    row = book.interpret(claim.row.facts, STANDING)
    out = ["", "**Who may pursue it**" if markdown else "Who may pursue it:"]
    for rule_id in STANDING:
        _tree(book.trace(row, rule_id), out, 0, markdown)
    return out


def _tree(trace: Trace, out: list[str], depth: int, markdown: bool) -> None:
    pad = "  " * depth
    bullet = "- " if markdown else "• "
    line = f"{pad}{bullet}{trace.label}: {show_value(trace)}"
    if trace.repeated:
        out.append(line + " (see above)")
        return
    if trace.unsettled:
        line += " [unsettled law]"
    out.append(line)
    if trace.applied_words:
        out.append(f"{pad}    because: {trace.applied_words}")
    elif trace.words and trace.words != trace.label:
        out.append(f"{pad}    {trace.words}")
    if trace.earlier:
        out.append(f"{pad}    the law on this date: {trace.earlier}")
    _cites(trace.authorities, out, pad)
    if trace.facts:
        out.append(f"{pad}    facts: {_facts(trace.facts)}")
    for exc in trace.ruled_out:
        _exception(exc, "ruled out", out, depth, markdown)
    for exc in trace.open_exceptions:
        _exception(exc, "still open", out, depth, markdown)
    if trace.set_aside:
        names = "; ".join(label for _, label in trace.set_aside)
        out.append(f"{pad}    did not matter here: {names}")
    for child in trace.because:
        _tree(child, out, depth + 1, markdown)


def _exception(exc: ExceptionTrace, how: str, out: list[str], depth: int, markdown: bool) -> None:
    pad = "  " * depth
    mark = " [unsettled law]" if exc.unsettled else ""
    out.append(f"{pad}    {how}: {exc.words}{mark}")
    _cites(exc.authorities, out, pad + "    ")
    if not exc.in_force:
        span = _span(exc)
        out.append(f"{pad}        not the law on this date ({span})")
    if exc.facts:
        label = "because" if how == "ruled out" else "until known"
        out.append(f"{pad}        {label}: {_facts(exc.facts)}")
    for child in exc.because:
        _tree(child, out, depth + 3, markdown)


def _span(exc: ExceptionTrace) -> str:
    if exc.valid_from and exc.valid_until:
        return f"in force {exc.valid_from} to {exc.valid_until}"
    if exc.valid_from:
        return f"in force from {exc.valid_from}"
    return f"in force until {exc.valid_until}"


def _cites(cites: list[Citation], out: list[str], pad: str) -> None:
    for cite in cites:
        quote = f' ("{cite.quote}")' if cite.quote else ""
        later = (
            " (a later decision, for the earlier law it describes)" if cite.retrospective else ""
        )
        out.append(f"{pad}    — {cite.text()}{quote}{later}")


def _facts(facts: list[FactValue]) -> str:
    return ", ".join(f"{f.label} = {_fact(f.value, f.kind)}" for f in facts)


def _fact(value: Any, kind: Kind) -> str:
    if value is None:
        return "unknown"
    if kind is Kind.MONEY:
        return money(value)
    if kind is Kind.SHARE:
        return f"{value / 100:g}%"
    if kind is Kind.BOOL:
        return "yes" if value else "no"
    return str(value)
