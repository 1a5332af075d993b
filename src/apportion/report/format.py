"""Words for the values of a Decision: money, shares, yes/no, amounts and their bounds,
and one line per arithmetic step. Shared by every presenter; computes nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # presenters read a Decision's shape; they never build one
    from apportion.model.decision import (
        Amount,
        Authority,
        Claim,
        Deadline,
        Decision,
        FactValue,
        Flip,
        Operand,
        Owner,
        Question,
        Step,
        Value,
    )


def money(cents: int | None) -> str:
    if cents is None:
        return "unknown"
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}${whole:,}.{part:02d}"


def percent(bp: int | None) -> str:
    if bp is None:
        return "unknown"
    whole, part = divmod(bp, 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}%"


def value(kind: str, v: Value) -> str:
    if v is None:
        return "unknown"
    if kind == "bool":
        return "yes" if v else "no"
    if kind == "money" and isinstance(v, int):
        return money(v)
    if kind == "share" and isinstance(v, int):
        return percent(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).replace("_", " ") if kind == "enum" else str(v)


def fact(f: FactValue) -> str:
    return f"{f.label} = {value(f.kind, f.value)}"


def amount(a: Amount) -> str:
    """Exact cents when certain; else the least and the most, each end labelled "at least"
    or "at most" where it is only a bound."""
    if a.cents is not None:
        return money(a.cents)
    least = ("" if a.least.exact else "at least ") + money(a.least.cents)
    if a.most.cents is None:
        return f"{least}, no known most"
    most = ("" if a.most.exact else "at most ") + money(a.most.cents)
    return f"{least} to {most}"


def owner(o: Owner) -> str:
    names = ", ".join(p.name for p in o.parties)
    basis = "own loss" if o.basis == "own" else f"{o.layer} insurer, by subrogation"
    return f"{names} ({basis})"


def status(claim: Claim) -> str:
    return claim.status.upper()


def operand(o: Operand) -> str:
    return money(o.value) if o.unit == "cents" else percent(o.value)


def arithmetic(step: Step) -> str:
    """The step as arithmetic: ``$1.00 + $2.00 = $3.00``."""
    ops = [operand(o) for o in step.operands]
    result = f" = {operand(step.result)}" if step.result is not None else ""
    if step.operation == "sum":
        return " + ".join(ops) + result
    if step.operation == "difference":
        return " − ".join(ops) + result
    if step.operation == "least":
        return "least of " + " and ".join(ops) + result
    if step.operation in ("share", "split"):
        return f"{ops[0]} × {ops[1]} ÷ {ops[2]}{result}"
    given = ", ".join(f"{o.label} {operand(o)}" for o in step.operands)
    return (given + ("; " if given and result else "") + result.removeprefix(" = ")).strip()


def operands(step: Step) -> str:
    """What the operands are, in words."""
    return ", ".join(o.label for o in step.operands)


def could(q: Question) -> str:
    if q.could_decide:
        return "could decide " + "; ".join(q.could_decide)
    return "could change " + "; ".join(q.could_change)


def flip(f: Flip, claim: Claim) -> str:
    """E.g. "BARRED if the respondent settled in good faith = yes (now no)"."""
    change = " and ".join(
        f"{c.label} = {value(c.kind, c.after)} (now {value(c.kind, c.before)})"
        + (" [an election]" if c.election else "")
        for c in f.changes
    )
    by = f", by {f.decided_by.label}" if f.decided_by else ""
    return f"{f.status.upper()} if {change}{by}"


def header(d: Decision) -> str:
    rb = d.rulebook
    return (
        f"Law as of {d.as_of.isoformat()} · rulebook {rb.name} {rb.version} ({rb.digest}) · "
        f"input {d.input_digest}"
    )


CALENDAR_DAYS = "calendar days in California"


def _cites(authorities: list[Authority]) -> str:
    return "; ".join(a.text() for a in authorities)


def file_by(d: Deadline) -> str:
    """The "File by" line: the last safe day, the days left or since when it may be barred."""
    if d.file_by is None:
        return f"no safe day can be given: {d.why_open}".rstrip(": ")
    day = d.file_by.isoformat()
    if d.barred_since is not None:
        when = f"may be time-barred since {d.barred_since.isoformat()}"
    else:
        when = f"{d.days_left} days left"
    setting = [v for v in d.views if v.day == d.file_by]
    basis = ""
    if setting:
        v = setting[0]
        cite = f", {v.rule.authorities[0].text()}" if v.rule.authorities else ""
        basis = f": {v.label}{cite}"
    return f"{day}{basis} ({when}; {CALENDAR_DAYS})"


def deadline_basis(d: Deadline) -> str:
    cite = f" ({_cites(d.basis.authorities)})" if d.basis.authorities else ""
    return f"{first_words(d.basis.words)}{cite}"


def deadline_views(d: Deadline) -> list[str]:
    """One line per view of the law that may govern the claim: its day, rule and authority."""
    lines = []
    for v in d.views:
        day = v.day.isoformat() if v.day is not None else "unknown"
        cite = f" ({_cites(v.rule.authorities)})" if v.rule.authorities else ""
        lines.append(f"{v.label}: {day}{cite}")
    return lines


def deadline_moved_by(d: Deadline) -> str:
    """Which answers could move the day (each unknown fact taken at its soonest)."""
    if not d.moved_by:
        return ""
    keys = ", ".join(f"{f.id} ({f.label})" for f in d.moved_by)
    return f"taken at their soonest, these unknown facts could move it: {keys}"


def first_words(words: str) -> str:
    """A rule's words up to its first colon or full stop (the lead of its reasoning)."""
    return words.split(". ")[0].rstrip(".") + "."
