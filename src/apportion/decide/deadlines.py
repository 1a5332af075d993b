"""By when to file: the filing deadline of a claim not yet filed, for the Decision.

The law gives the days (``filing_deadline`` and one rule per view); this module reads them
on the claim's row, names the unknown facts whose answer would move the day (each probed
on the row path) and counts the calendar days left from the assessment date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apportion.decide.words import authority, rule_ref
from apportion.engine import Kind, Rulebook
from apportion.law.california import DEADLINE_GOALS, DEADLINE_VIEWS
from apportion.model.decision import Deadline, DeadlineView, FactValue, RuleRef

GOAL, DUE = "filing_deadline", "filing_deadline_due"
# Probe values for an unknown fact: a date well after any period, a long tolling.
_PROBE_DAYS = 3650


def deadline_of(rb: Rulebook, facts: dict[str, Any], as_of: dt.date) -> Deadline | None:
    """The filing deadline of one claim's row, or None when it needs none (not an
    indemnity claim, or already filed)."""
    if GOAL not in rb.rules:
        return None
    row = rb.run(facts, DEADLINE_GOALS)
    if row[DUE] is False:  # not an indemnity claim, or filed already
        return None
    day = row[GOAL]
    trace = rb.trace(row, GOAL)
    basis = rule_ref(rb, GOAL)
    if trace.applied:
        basis = RuleRef(
            id=f"{GOAL}/{trace.applied}",
            label=basis.label,
            words=trace.applied_words or basis.words,
            authorities=[authority(c) for c in trace.authorities],
            unsettled=trace.unsettled,
        )
    views = [
        DeadlineView(view=view, label=rule.label, day=row[rule.id], rule=rule_ref(rb, rule.id))
        for view, rule, may in DEADLINE_VIEWS
        if may is None or row.get(may.id) is not False
    ]
    why = ""
    if day is None:
        if facts.get("claimant_has_paid") is False:
            why = (
                "The claim has not accrued: the periods run from payment (a cross-complaint "
                "may be filed before it)."
            )
        elif trace.applied:
            why = trace.applied_words or ""
        else:
            why = "A date the periods run from is unknown (the payment date)."
    return Deadline(
        file_by=day,
        basis=basis,
        views=views,
        moved_by=_moved_by(rb, facts, day),
        barred_since=day + dt.timedelta(days=1) if day is not None and as_of > day else None,
        days_left=(day - as_of).days if day is not None else None,
        why_open=why,
    )


def _moved_by(rb: Rulebook, facts: dict[str, Any], day: dt.date | None) -> list[FactValue]:
    """The unknown facts some answer to which gives another day (or a day at all)."""
    _, cone = rb.cone([GOAL])
    found = []
    for fact in cone:
        if facts.get(fact.id) is not None:
            continue
        if any(
            rb.run({**facts, fact.id: value}, [GOAL])[GOAL] != day
            for value in _probes(fact.kind, fact.values, facts)
        ):
            found.append(FactValue(id=fact.id, label=fact.label, kind=fact.kind.value))
    return found


def _probes(kind: Kind, values: tuple[str, ...], facts: dict[str, Any]) -> list[Any]:
    if kind is Kind.BOOL:
        return [True, False]
    if kind is Kind.ENUM:
        return list(values)
    if kind is Kind.DATE:
        paid = facts.get("last_payment_date") or facts.get("as_of") or dt.date(2000, 1, 1)
        return [paid, paid + dt.timedelta(days=_PROBE_DAYS)]
    if kind is Kind.INT:
        return [_PROBE_DAYS]
    return []
