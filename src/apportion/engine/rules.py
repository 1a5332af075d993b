"""Facts, cited rules and defeasible rules (a default plus labelled exceptions).

A rule's value is its default unless an exception applies. Exceptions that
apply together with different values are a conflict: an error naming both,
never a silent pick. An exception whose condition is unknown makes the rule
unknown only when its value would differ from the rule's value otherwise.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from apportion.engine.expr import Expr, Kind, Ref, Row, lift

AS_OF = "as_of"
"""The column holding the date whose law applies to a row."""


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: a full citation, a pinpoint and a short quote.

    ``dated`` is the day the authority speaks from (a decision's filing, a statute's
    operation): a matter decided as of an earlier day is not told it is the law then.
    ``retrospective`` marks a later authority cited only for the earlier law it
    describes, which may be shown for any day, labelled as such.
    """

    cite: str
    pinpoint: str | None = None
    quote: str | None = None
    dated: dt.date | None = None
    retrospective: bool = False

    def text(self) -> str:
        return f"{self.cite}, {self.pinpoint}" if self.pinpoint else self.cite

    def speaks_on(self, as_of: dt.date | None) -> bool:
        """Whether this may be cited as the law of ``as_of`` (unknown: any day)."""
        return self.retrospective or self.dated is None or as_of is None or self.dated <= as_of


def earliest(cites: Sequence[Citation]) -> dt.date | None:
    """The first day any of ``cites`` speaks from as the law then (retrospective ones,
    which only describe earlier law, aside); None if none is dated."""
    days = [c.dated for c in cites if c.dated is not None and not c.retrospective]
    return min(days) if days else None


@dataclass(frozen=True)
class Earlier:
    """The law before a rule's (or an exception's) earliest authority: what it was, on
    what authority (decided by then, or later decisions describing it), and whether it was
    unsettled. A rulebook needs one wherever a rule is in force before its authorities."""

    words: str
    cites: tuple[Citation, ...] = ()
    unsettled: bool = False
    before: Earlier | None = None
    """The law before this earlier law's own authorities, where they are later still."""

    def on(self, as_of: dt.date) -> Earlier:
        """The earlier law that governs on ``as_of``."""
        law = self
        while law.before is not None and (first := earliest(law.cites)) and as_of < first:
            law = law.before
        return law


class Fact(Ref):
    """An input: answered by the matter, by a portfolio column, or still unknown."""

    def __init__(
        self,
        id: str,
        kind: Kind,
        question: str,
        *,
        label: str | None = None,
        values: Sequence[str] = (),
        help: str = "",
        asked: bool = True,
    ) -> None:
        super().__init__(id, kind, label or id.replace("_", " "))
        self.question = question
        self.values = tuple(values)
        self.help = help
        # False for overrides (e.g. electing a minority view): set deliberately in the
        # matter, never put to the user as a question by an interview.
        self.asked = asked
        if kind is Kind.ENUM and not self.values:
            raise ValueError(f"enum fact {id!r} needs its values")


@dataclass(frozen=True)
class Exception_:
    """One labelled exception to a rule's default."""

    id: str
    when: Expr
    value: Expr
    words: str
    authorities: tuple[Citation, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None  # exclusive
    unsettled: bool = False


def unless(
    id: str,
    when: Expr,
    *,
    then: Expr | bool | int,
    words: str,
    cites: Sequence[Citation] = (),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    unsettled: bool = False,
) -> Exception_:
    return Exception_(id, when, lift(then), words, tuple(cites), valid_from, valid_until, unsettled)


class Rule(Ref):
    """A named conclusion: words, authorities, a default and its exceptions."""

    def __init__(
        self,
        id: str,
        label: str,
        default: Expr | bool | int,
        *,
        words: str = "",
        cites: Sequence[Citation] = (),
        exceptions: Sequence[Exception_] = (),
        kind: Kind | None = None,
        unsettled: bool = False,
        doctrine: str = "",
    ) -> None:
        default_expr = lift(default)
        super().__init__(id, kind or default_expr.kind, label)
        self.default = default_expr
        self.words_text = words or label
        self.authorities = tuple(cites)
        self.exceptions = tuple(exceptions)
        self.unsettled = unsettled
        self.doctrine = doctrine
        seen: set[str] = set()
        for exc in self.exceptions:
            if exc.id in seen:
                raise ValueError(f"rule {id!r} has two exceptions named {exc.id!r}")
            seen.add(exc.id)

    def inputs(self) -> list[Ref]:
        """Every fact and rule this rule reads (its default and its exceptions); found
        once (a rule's parts are not changed after it is made)."""
        found = _INPUTS.get(self)
        if found is None:
            refs: dict[str, Ref] = {}
            for expr in self.parts():
                for ref in expr.refs():
                    refs.setdefault(ref.id, ref)
            found = _INPUTS[self] = tuple(refs.values())
        return list(found)

    def parts(self) -> list[Expr]:
        parts = [self.default]
        for exc in self.exceptions:
            parts += [exc.when, exc.value]
        return parts

    # Row-at-a-time semantics; the compiler in plan.py must agree with this.
    def decide(self, row: Row) -> Decision:
        fired: list[tuple[Exception_, Any]] = []
        pending: list[tuple[Exception_, Any]] = []
        for exc in self.exceptions:
            cond = applies(exc, row)
            if cond is True:
                fired.append((exc, exc.value.eval(row)))
            elif cond is None:
                pending.append((exc, exc.value.eval(row)))
        if fired:
            if len({repr(v) for _, v in fired}) > 1:
                raise RuleConflict(self.id, [e.id for e, _ in fired])
            value, applied = fired[0][1], fired[0][0]
        else:
            value, applied = self.default.eval(row), None
        # An exception we cannot rule out leaves the value open if it would change it.
        if any(v != value for _, v in pending):
            value = None
        return Decision(value, applied, [e.id for e, _ in pending])


def in_force(exc: Exception_, as_of: dt.date) -> bool:
    if exc.valid_from is not None and as_of < exc.valid_from:
        return False
    return not (exc.valid_until is not None and as_of >= exc.valid_until)


def dated(exc: Exception_) -> bool:
    """Whether the exception holds only for a while (and so reads the row's ``as_of``)."""
    return exc.valid_from is not None or exc.valid_until is not None


def applies(exc: Exception_, row: Row) -> bool | None:
    """Whether ``exc`` applies on ``row``: in force on its ``as_of`` and its condition
    true, in Kleene logic. An unknown ``as_of`` leaves a dated exception open unless
    its condition is false. Rows need an ``as_of`` only for dated exceptions."""
    if not dated(exc):
        cond: bool | None = exc.when.eval(row)
        return cond
    as_of = row[AS_OF]
    if as_of is not None and not in_force(exc, as_of):
        return False
    return applies_on(exc, as_of, exc.when.eval(row))


def applies_on(exc: Exception_, as_of: dt.date | None, cond: bool | None) -> bool | None:
    """:func:`applies` given the row's ``as_of`` and the value of the exception's
    condition on the row."""
    if not dated(exc):
        return cond
    if cond is False or (as_of is not None and not in_force(exc, as_of)):
        return False
    return None if as_of is None or cond is None else True


@dataclass
class Decision:
    value: Any
    applied: Exception_ | None
    undecided: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Clashing:
    """One of the exceptions that clash on a row: what it says, the value it gives, the
    authorities it rests on and the facts (with their values) that made it apply."""

    id: str
    words: str
    value: Any
    authorities: tuple[str, ...]
    facts: tuple[tuple[str, Any], ...]


# Beside the rule, not on it: the lowering reads a node's attributes as its operands.
_INPUTS: weakref.WeakKeyDictionary[Rule, tuple[Ref, ...]] = weakref.WeakKeyDictionary()


class RuleConflict(Exception):
    """Two exceptions to one rule apply together with different values: the rulebook
    cannot decide the row. ``rule_id`` and ``exception_ids`` always; ``row`` (the row's
    index), ``where`` (what the row is, e.g. a claim), ``label`` (the rule's) and
    ``exceptions`` (each :class:`Clashing`) once known (:meth:`Rulebook.conflict_on`)."""

    def __init__(
        self,
        rule_id: str,
        exception_ids: Sequence[str],
        row: int | None = None,
        *,
        label: str | None = None,
        exceptions: Sequence[Clashing] = (),
        where: str | None = None,
    ) -> None:
        self.rule_id, self.exception_ids, self.row = rule_id, list(exception_ids), row
        self.label, self.exceptions, self.where = label, tuple(exceptions), where
        place = f" ({where})" if where else f" (row {row})" if row is not None else ""
        super().__init__(
            "\n".join(
                [
                    f"rule {rule_id!r}: exceptions {' and '.join(map(repr, exception_ids))} "
                    f"both apply with different values{place}",
                    *(reason for _, reason in self.problems()[1:]),
                ]
            )
        )

    def at(self, row: int | None, where: str | None) -> RuleConflict:
        """The same conflict, placed on row ``row`` described as ``where``."""
        return RuleConflict(
            self.rule_id,
            self.exception_ids,
            row,
            label=self.label,
            exceptions=self.exceptions,
            where=where,
        )

    def problems(self) -> list[tuple[str, str]]:
        """The conflict as (where, reason) lines: the rule, then each exception with its
        value, its authorities and the facts that fired it."""
        where = self.where or (f"row {self.row}" if self.row is not None else "rule")
        label = f" ({self.label})" if self.label else ""
        ids = " and ".join(map(repr, self.exception_ids))
        lines = [
            (
                where,
                f"rule {self.rule_id!r}{label}: exceptions {ids} both apply with different "
                "values, so the rulebook cannot decide it",
            )
        ]
        for exc in self.exceptions:
            cites = "; ".join(exc.authorities) or "no authority given"
            fired = ", ".join(f"{name} = {_shown(value)}" for name, value in exc.facts)
            lines.append(
                (
                    where,
                    f"exception {exc.id!r} gives {_shown(exc.value)} ({cites}): {exc.words} "
                    f"It applies because {fired or 'its condition holds'}.",
                )
            )
        return lines


def _shown(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
