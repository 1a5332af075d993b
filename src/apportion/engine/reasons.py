"""Minimal decisive reasons: which inputs actually decided a value on one row.

Kleene logic lets many inputs go unread: a false operand settles a conjunction whatever
the others are, a condition picks one branch of an ``if``, a known value makes its
``otherwise`` default moot. :func:`decisive` walks an expression on an (interpreted) row
and keeps only the facts and rules that decided it; :func:`rule_reasons` does the same
for a defeasible rule (its default or the exception that applied, the exceptions that
were ruled out and would have changed the value, and the ones still open).

Every rule: a value that is unknown is explained by the unknown inputs that left it open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from apportion.engine.expr import (
    And,
    Arith,
    Coalesce,
    Compare,
    Const,
    Expr,
    Extreme,
    IfThen,
    IsKnown,
    MulDiv,
    Not,
    Or,
    Ref,
    Row,
)
from apportion.engine.rules import AS_OF, Exception_, Rule, in_force


def decisive(expr: Expr, row: Row) -> list[Ref]:
    """The facts and rules whose values decide ``expr`` on ``row``, in reading order."""
    found: dict[str, Ref] = {}
    _collect(expr, row, found)
    return list(found.values())


def _collect(expr: Expr, row: Row, found: dict[str, Ref]) -> None:
    if isinstance(expr, Ref):
        found.setdefault(expr.id, expr)
        return
    if isinstance(expr, Const):
        return
    for child in _deciding_children(expr, row):
        _collect(child, row, found)


def _deciding_children(expr: Expr, row: Row) -> tuple[Expr, ...]:
    if isinstance(expr, And | Or):
        settles = isinstance(expr, Or)  # True settles an Or, False settles an And
        values = [(op, op.eval(row)) for op in expr.children()]
        value = expr.eval(row)
        if value is settles:
            return tuple(op for op, v in values if v is settles)
        if value is None:
            return tuple(op for op, v in values if v is None)
        return expr.children()
    if isinstance(expr, IfThen):
        cond = expr.cond.eval(row)
        if cond is None:
            return (expr.cond,)
        return (expr.cond, expr.then if cond else expr.orelse)
    if isinstance(expr, Coalesce):
        return (expr.value,) if expr.value.eval(row) is not None else (expr.default,)
    if isinstance(expr, MulDiv):
        if expr.c.eval(row) == 0:
            return (expr.c,)
        return _open_or_all(expr, row)
    if isinstance(expr, Compare | Arith | Extreme):
        return _open_or_all(expr, row)
    if isinstance(expr, Not | IsKnown):
        return expr.children()
    return expr.children()  # a node type this module does not know: every input counts


def _open_or_all(expr: Expr, row: Row) -> tuple[Expr, ...]:
    """An unknown result is explained by its unknown operands; a known one by all."""
    if expr.eval(row) is None:
        return tuple(child for child in expr.children() if child.eval(row) is None)
    return expr.children()


@dataclass
class ExceptionReasons:
    """An exception and the inputs that decided its condition (ruled out, or left open)."""

    exception: Exception_
    reasons: list[Ref]
    in_force: bool = True


@dataclass
class RuleReasons:
    """Why a defeasible rule has its value on one row, minimally."""

    value: Any
    applied: Exception_ | None
    deciding: list[Ref]
    set_aside: list[Ref] = field(default_factory=list)
    ruled_out: list[ExceptionReasons] = field(default_factory=list)
    undecided: list[ExceptionReasons] = field(default_factory=list)


def rule_reasons(rule: Rule, row: Row) -> RuleReasons:
    """The minimal reasons for ``rule`` on ``row`` (which must hold its inputs' values).

    - An exception applied: its condition's and its value's decisive inputs.
    - The default held: the default's decisive inputs, and each exception that would
      have given another value, with why its condition is false (or that it was not in
      force on the row's date). Exceptions that would give the same value do not matter.
      (Listed also while the value is open, beside the exceptions that left it open.)
    - The value is open: the open exceptions that would change it, by their unknown
      inputs, plus the base value's own unknown inputs if it is itself unknown.
    """
    decision = rule.decide(row)
    as_of: dt.date | None = row.get(AS_OF)
    applied = decision.applied
    parts = [applied.when, applied.value] if applied is not None else [rule.default]
    base = applied.value.eval(row) if applied is not None else rule.default.eval(row)
    undecided = [
        ExceptionReasons(exc, decisive(exc.when, row))
        for exc in rule.exceptions
        if exc.id in decision.undecided and exc.value.eval(row) != base
    ]
    deciding: dict[str, Ref] = {}
    if decision.value is not None or base is None:
        for part in parts:
            for ref in decisive(part, row):
                deciding.setdefault(ref.id, ref)
    for open_exc in undecided:
        for ref in open_exc.reasons:
            deciding.setdefault(ref.id, ref)
    read = {ref.id: ref for part in parts for ref in part.refs()}
    set_aside = [ref for ref_id, ref in read.items() if ref_id not in deciding]
    ruled_out: list[ExceptionReasons] = []
    if applied is None:
        for exc in rule.exceptions:
            if exc.value.eval(row) == base:
                continue  # it would not change the value: not a reason either way
            if as_of is not None and not in_force(exc, as_of):
                ruled_out.append(ExceptionReasons(exc, [], in_force=False))
            elif exc.when.eval(row) is False:
                ruled_out.append(ExceptionReasons(exc, decisive(exc.when, row)))
    return RuleReasons(
        decision.value, applied, list(deciding.values()), set_aside, ruled_out, undecided
    )
