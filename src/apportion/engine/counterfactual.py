"""Counterfactuals: the smallest sets of fact changes that would change a goal.

For each row, every fact in the goal's dependency cone is tried at its other candidate
values (see :func:`apportion.engine.relevance.candidate_values`); changes that move the
goal are *flips*. Where no single change flips a row, pairs of changes are tried, never
a pair that contains a change which flips the goal alone (so each pair is minimal).
All candidates of one size become rows of one frame, evaluated by the compiled plan.

A flip to a value listed in ``open_values`` (e.g. a status "undetermined") is not a flip:
the question is what would *decide* the goal otherwise, not what would leave it open.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from apportion.engine.lazy import lazy_module
from apportion.engine.plan import CONFLICT_PREFIX, Rulebook
from apportion.engine.relevance import (
    ROW,
    VARIANT,
    as_frame,
    as_rows,
    candidate_series,
    literal_candidates,
    on_rows,
    row_candidates,
    with_rules,
)
from apportion.engine.rules import Fact, RuleConflict

if TYPE_CHECKING:
    import polars as pl

    from apportion.engine.relevance import Inputs
else:
    pl = lazy_module("polars")

PAIR_LIMIT = 20_000
"""Most candidate rows tried per row for pairs of changes (a bound on the work)."""


@dataclass(frozen=True)
class Change:
    fact: Fact
    before: Any
    after: Any


@dataclass(frozen=True)
class Flip:
    """Changing ``changes`` together moves ``goal`` on ``row`` from ``before`` to ``after``."""

    row: int
    goal: str
    before: Any
    after: Any
    changes: tuple[Change, ...]
    also: tuple[tuple[str, Any], ...] = ()
    """The values of the ``also`` goals in the flipped world (e.g. the deciding rule)."""


def flips(
    rulebook: Rulebook,
    data: Inputs,
    goal: str,
    *,
    open_values: Collection[Any] = (),
    facts: Sequence[str] | None = None,
    max_size: int = 2,
    also: Sequence[str] = (),
    path: str = "auto",
) -> list[Flip]:
    """The minimal flips of ``goal`` on every row of ``data``: single changes, and pairs
    for rows no single change flips. ``facts`` limits the search (default: the cone).
    ``path`` is as for :func:`apportion.engine.relevance.questions`."""
    from apportion.engine.relevance import _typed

    cone = [f for f in rulebook.cone([goal])[1] if facts is None or f.id in facts]
    if on_rows(len(data), path):
        rows = as_rows(rulebook, data)
        found = _row_flips(rulebook, rows, goal, cone, set(open_values), also, max_size)
        if found is not None:
            return found
    frame = _typed(rulebook, as_frame(rulebook, data)).with_row_index(ROW)
    base = rulebook.evaluate(frame, [goal]).select(ROW, goal)
    before = dict(base.iter_rows())
    singles = _singles(rulebook, frame, goal, cone, before, set(open_values), also)
    found = list(singles)
    if max_size >= 2:
        flipped_rows = {f.row for f in singles}
        # One frame for every row's pairs, evaluated once.
        parts = [
            candidates
            for row in before
            if row not in flipped_rows
            # the row index is the row's position
            and (candidates := _pair_candidates(rulebook, frame.slice(row, 1), cone)) is not None
        ]
        if parts:
            tried = _evaluate(rulebook, pl.concat(parts, how="vertical"), [goal, *also])
            found += _pair_flips(rulebook, frame, tried, goal, before, set(open_values), also)
    return sorted(found, key=lambda f: (f.row, len(f.changes)))


def _row_flips(
    rulebook: Rulebook,
    rows: list[dict[str, Any]],
    goal: str,
    cone: list[Fact],
    opens: set[Any],
    also: Sequence[str],
    max_size: int,
) -> list[Flip] | None:
    """:func:`flips` on the row path, each candidate recomputing only the rules its change
    moves; None where a rule outside the goal's cone clashes (the plan then decides)."""
    goals = (goal, *also)
    found: list[Flip] = []
    for row, facts in enumerate(rows):
        try:
            base = rulebook.run(facts)
        except RuleConflict as clash:
            if clash.rule_id in rulebook.rules_for([goal])[1]:
                raise RuleConflict(clash.rule_id, clash.exception_ids, row) from None
            return None
        before = base[goal]

        def flipped(changed: dict[str, Any], base: dict[str, Any] = base) -> dict[str, Any] | None:
            try:
                new = rulebook.rerun(base, changed, goals)
            except RuleConflict:
                return None  # an impossible world
            after = new[goal]
            return None if after == base[goal] or after is None or after in opens else new

        singles: dict[tuple[str, Any], Flip] = {}
        for fact in cone:
            current = facts[fact.id]
            for value in row_candidates(rulebook, fact, base):
                if value == current:
                    continue
                new = flipped({fact.id: value})
                if new is not None and (fact.id, new[goal]) not in singles:
                    change = Change(fact, current, value)
                    context = tuple((g, new[g]) for g in also)
                    singles[(fact.id, new[goal])] = Flip(
                        row, goal, before, new[goal], (change,), context
                    )
        found += singles.values()
        if singles or max_size < 2:
            continue
        pairs: dict[tuple[str, str, Any], Flip] = {}
        for a, b, va, vb in _pair_settings(rulebook, facts, cone):
            new = flipped({a.id: va, b.id: vb})
            if new is not None and (a.id, b.id, new[goal]) not in pairs:
                changes = (Change(a, facts[a.id], va), Change(b, facts[b.id], vb))
                context = tuple((g, new[g]) for g in also)
                pairs[(a.id, b.id, new[goal])] = Flip(
                    row, goal, before, new[goal], changes, context
                )
        found += pairs.values()
    return sorted(found, key=lambda f: (f.row, len(f.changes)))


def _pair_settings(
    rulebook: Rulebook, current: dict[str, Any], cone: list[Fact]
) -> list[tuple[Fact, Fact, Any, Any]]:
    """A row's candidate pairs of changes (up to ``PAIR_LIMIT``), in the order tried."""
    options = {
        f.id: [v for v in literal_candidates(rulebook, f) if v != current[f.id]] for f in cone
    }
    chosen: list[tuple[Fact, Fact, Any, Any]] = []
    for a, b in itertools.combinations(cone, 2):
        if len(chosen) >= PAIR_LIMIT:
            break
        for va, vb in itertools.product(options[a.id], options[b.id]):
            chosen.append((a, b, va, vb))
    return chosen


def _singles(
    rulebook: Rulebook,
    frame: pl.DataFrame,
    goal: str,
    cone: list[Fact],
    before: dict[int, Any],
    opens: set[Any],
    also: Sequence[str],
) -> list[Flip]:
    enriched = with_rules(rulebook, frame)
    parts = []
    for fact in cone:
        current = frame.get_column(fact.id)
        for values in candidate_series(rulebook, frame, enriched, fact):
            parts.append(
                frame.with_columns(values.alias(fact.id), pl.lit(fact.id).alias(VARIANT)).filter(
                    values.is_not_null() & values.ne_missing(current)
                )
            )
    if not parts:
        return []
    tried = _evaluate(rulebook, pl.concat(parts, how="vertical"), [goal, *also])
    found: dict[tuple[int, str, Any], Flip] = {}
    for rec in tried.iter_rows(named=True):
        row, fact_id, after = rec[ROW], rec[VARIANT], rec[goal]
        if after == before[row] or after is None or after in opens:
            continue
        key = (row, fact_id, after)
        if key not in found:  # the first candidate value that flips it is enough
            fact = rulebook.facts[fact_id]
            old = frame.get_column(fact_id)[row]
            change = Change(fact, old, rec[fact_id])
            context = tuple((g, rec[g]) for g in also)
            found[key] = Flip(row, goal, before[row], after, (change,), context)
    return list(found.values())


def _pair_candidates(
    rulebook: Rulebook, one: pl.DataFrame, cone: list[Fact]
) -> pl.DataFrame | None:
    """One row's candidate pairs of changes, as rows (up to ``PAIR_LIMIT``)."""
    current = one.row(0, named=True)
    chosen = [(a.id, va, b.id, vb) for a, b, va, vb in _pair_settings(rulebook, current, cone)]
    if not chosen:
        return None
    columns: dict[str, list[Any]] = {f.id: [current[f.id]] * len(chosen) for f in cone}
    for position, (a_id, va, b_id, vb) in enumerate(chosen):
        columns[a_id][position] = va
        columns[b_id][position] = vb
    return one.select(pl.all().gather([0] * len(chosen))).with_columns(
        *[pl.Series(f.id, columns[f.id], dtype=f.kind.dtype) for f in cone],
        pl.Series(VARIANT, [f"{a}|{b}" for a, _, b, _ in chosen], dtype=pl.String),
    )


def _pair_flips(
    rulebook: Rulebook,
    frame: pl.DataFrame,
    tried: pl.DataFrame,
    goal: str,
    before: dict[int, Any],
    opens: set[Any],
    also: Sequence[str],
) -> list[Flip]:
    found: dict[tuple[int, str, Any], Flip] = {}
    for rec in tried.iter_rows(named=True):
        row, after = rec[ROW], rec[goal]
        if after == before[row] or after is None or after in opens:
            continue
        key = (row, rec[VARIANT], after)
        if key in found:
            continue
        ids = rec[VARIANT].split("|")
        changes = tuple(Change(rulebook.facts[i], frame.get_column(i)[row], rec[i]) for i in ids)
        context = tuple((g, rec[g]) for g in also)
        found[key] = Flip(row, goal, before[row], after, changes, context)
    return list(found.values())


def _evaluate(rulebook: Rulebook, variants: pl.DataFrame, goals: list[str]) -> pl.DataFrame:
    """Evaluate candidate rows, dropping those where two exceptions would clash."""
    out = rulebook.plan(variants.lazy(), goals).collect()
    flags = [c for c in out.columns if c.startswith(CONFLICT_PREFIX)]
    if flags:
        out = out.filter(~pl.any_horizontal(flags)).drop(flags)
    return out
