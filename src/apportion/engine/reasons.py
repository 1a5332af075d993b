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
import weakref
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
from apportion.engine.rules import AS_OF, Exception_, Rule, RuleConflict, applies_on, in_force


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
        if any(v is settles for _, v in values):
            return tuple(op for op, v in values if v is settles)
        if any(v is None for _, v in values):
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
    """An unknown result is explained by its unknown operands; a known one by all. (For
    these nodes the result is unknown exactly when an operand is.)"""
    unknown = tuple(child for child in expr.children() if child.eval(row) is None)
    return unknown or expr.children()


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


_REFS: weakref.WeakKeyDictionary[Expr, tuple[Ref, ...]] = weakref.WeakKeyDictionary()


def _refs(part: Expr) -> tuple[Ref, ...]:
    """The facts and rules a rule's part reads, found once per part."""
    found = _REFS.get(part)
    if found is None:
        found = _REFS[part] = tuple(part.refs())
    return found


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
    as_of: dt.date | None = row.get(AS_OF)
    # Each exception's condition and value once (as Rule.decide reads them).
    whens = [exc.when.eval(row) for exc in rule.exceptions]
    values = [exc.value.eval(row) for exc in rule.exceptions]
    conds = [applies_on(e, as_of, w) for e, w in zip(rule.exceptions, whens, strict=True)]
    fired = [i for i, cond in enumerate(conds) if cond is True]
    if len({repr(values[i]) for i in fired}) > 1:
        raise RuleConflict(rule.id, [rule.exceptions[i].id for i in fired])
    applied = rule.exceptions[fired[0]] if fired else None
    parts = [applied.when, applied.value] if applied is not None else [rule.default]
    base = values[fired[0]] if fired else rule.default.eval(row)
    pending = [i for i, cond in enumerate(conds) if cond is None]
    value = None if any(values[i] != base for i in pending) else base
    undecided = [
        ExceptionReasons(rule.exceptions[i], decisive(rule.exceptions[i].when, row))
        for i in pending
        if values[i] != base
    ]
    deciding: dict[str, Ref] = {}
    if value is not None or base is None:
        for part in parts:
            for ref in decisive(part, row):
                deciding.setdefault(ref.id, ref)
    for open_exc in undecided:
        for ref in open_exc.reasons:
            deciding.setdefault(ref.id, ref)
    read = {ref.id: ref for part in parts for ref in _refs(part)}
    set_aside = [ref for ref_id, ref in read.items() if ref_id not in deciding]
    ruled_out: list[ExceptionReasons] = []
    if applied is None:
        for i, exc in enumerate(rule.exceptions):
            if values[i] == base:
                continue  # it would not change the value: not a reason either way
            if as_of is not None and not in_force(exc, as_of):
                ruled_out.append(ExceptionReasons(exc, [], in_force=False))
            elif whens[i] is False:
                ruled_out.append(ExceptionReasons(exc, decisive(exc.when, row)))
    return RuleReasons(value, applied, list(deciding.values()), set_aside, ruled_out, undecided)
