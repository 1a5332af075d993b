"""Words for the values of a Decision: money, shares, yes/no, amounts and their bounds,
and one line per arithmetic step. Shared by every presenter; computes nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # presenters read a Decision's shape; they never build one
    from apportion.model.decision import (
        Amount,
        Claim,
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
