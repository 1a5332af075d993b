"""Relevance: which unknown facts could still change a goal, row by row, vectorized.

A fact is *relevant* to a goal on a row when some value of it, the row's other facts as
they are (known or not), gives the goal a different value than it has now. Every
candidate answer becomes one row of a single frame evaluated by the compiled plan, so a
whole portfolio is checked in one pass.

Candidate values, by kind:

- bool: true and false; enum: each of its values.
- date, int, money, share: the constants and the other columns it is compared with in
  any rule, each at, just below and just above that point, plus a few representative
  values (zero, one, a large amount; for shares 0 %, 50 %, 100 %; very early and very
  late dates). Comparisons of a single fact against fixed points change truth value only
  at those points, so for them this is exact. Its limit: a threshold reached only by a
  *combination* (a sum of amounts compared with a constant) may be crossed by no
  candidate, and so be missed; amounts that flow into arithmetic are caught because any
  two distinct candidates change the arithmetic.

Kleene logic can hide a fact that matters only together with another (``if c then a
else b`` with all three unknown: no single answer settles it; ``(a and b) otherwise
false``: only both true changes it). For a goal that no single fact can change, pairs of
its unknown facts are tried (and larger groups up to ``together``); each fact of a group
that changes the goal is relevant *together with* the others. Larger groups than
``together`` are not tried (a documented limit), and the work per row is bounded by
``GROUP_LIMIT`` candidate rows per group size.

Facts declared with ``asked=False`` (overrides a matter sets deliberately) are never
relevant questions.
"""

from __future__ import annotations

import datetime as dt
import itertools
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apportion.engine.expr import Coalesce, Compare, Const, Expr, Kind, Ref, structure
from apportion.engine.lazy import lazy_module
from apportion.engine.plan import CONFLICT_PREFIX, Rulebook
from apportion.engine.rules import AS_OF, Fact, RuleConflict

if TYPE_CHECKING:
    import polars as pl

    Inputs = pl.DataFrame | Sequence[Mapping[str, Any]]
    """Rows of facts: a frame (facts as columns) or plain rows (a value by fact id)."""
else:
    pl = lazy_module("polars")

ROW = "__row__"
VARIANT = "__variant__"
TOGETHER = 2
"""By default, facts are tried alone and in pairs."""
ROW_PATH_AT_MOST = 64
"""Frames of at most this many rows are searched on the row path (see :func:`questions`)."""
GROUP_LIMIT = 5_000
"""Most candidate rows tried per row for groups of one size (a bound on the work)."""

_MONEY = (0, 1, 10_000_000, 100_000_000_000)
_SHARE = (0, 1, 5_000, 9_999, 10_000)
_INT = (0, 1, 2, 100)
_DATES = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))


@dataclass(frozen=True)
class Question:
    """An unknown fact whose answer could change goals on one row."""

    row: int
    fact: Fact
    changes: tuple[str, ...]
    """Goals some answer changes."""
    decides: tuple[str, ...]
    """Goals now unknown that some answer makes known."""
    together_with: tuple[str, ...] = ()
    """Set when the fact matters only together with one of these other unknown facts."""

    @property
    def alone(self) -> bool:
        return not self.together_with


@dataclass
class _Candidates:
    """For one fact, the values to try: literals and other columns (with day/unit offsets)."""

    literals: list[Any] = field(default_factory=list)
    others: dict[str, Expr] = field(default_factory=dict)
    """Non-constant sides it is compared with (other facts, rules, date arithmetic)."""


def candidate_values(rulebook: Rulebook, fact: Fact) -> tuple[list[Any], list[pl.Expr]]:
    """Literal candidates, and candidates derived row by row (polars expressions over the
    facts and rule columns: evaluate them on :func:`with_rules` of the frame)."""
    literals, others = _points(rulebook, fact)
    date = fact.kind is Kind.DATE
    columns = [
        other.to_polars(pl.col) + (pl.duration(days=offset) if date else offset)
        for other in others
        for offset in _OFFSETS
    ]
    if date:
        columns += [pl.col(AS_OF) + pl.duration(days=d) for d in _OFFSETS]
    return list(literals), columns


def row_candidates(rulebook: Rulebook, fact: Fact, enriched: Mapping[str, Any]) -> list[Any]:
    """:func:`candidate_values` on one row: ``enriched`` holds its facts and every rule's
    value. In the same order; an unknown derived point gives no candidate."""
    literals, others = _points(rulebook, fact)
    if not others and fact.kind is not Kind.DATE:
        return literals
    points = [other.eval(enriched) for other in others]
    if fact.kind is Kind.DATE:
        points.append(enriched.get(AS_OF))
    out = list(literals)
    for point in points:
        if point is None:
            continue
        for offset in _OFFSETS:
            try:
                out.append(
                    point + (dt.timedelta(days=offset) if fact.kind is Kind.DATE else offset)
                )
            except OverflowError:  # beyond the calendar: no such date to try
                continue
    return out


_OFFSETS = (-1, 0, 1)
_POINTS: weakref.WeakKeyDictionary[Rulebook, dict[str, tuple[list[Any], list[Expr]]]] = (
    weakref.WeakKeyDictionary()
)


def _points(rulebook: Rulebook, fact: Fact) -> tuple[list[Any], list[Expr]]:
    """A fact's literal candidates and the expressions it is compared with (made once)."""
    cache = _POINTS.setdefault(rulebook, {})
    found = cache.get(fact.id)
    if found is None:
        found = cache[fact.id] = _points_of(rulebook, fact)
    return found


def _points_of(rulebook: Rulebook, fact: Fact) -> tuple[list[Any], list[Expr]]:
    found = _compared_with(rulebook).get(fact.id, _Candidates())
    if fact.kind is Kind.BOOL:
        return [True, False], []
    if fact.kind is Kind.ENUM:
        return list(fact.values), []
    step: Any = dt.timedelta(days=1) if fact.kind is Kind.DATE else 1
    base: tuple[Any, ...] = {
        Kind.MONEY: _MONEY,
        Kind.SHARE: _SHARE,
        Kind.INT: _INT,
        Kind.DATE: _DATES,
    }[fact.kind]
    literals = list(base)
    for point in found.literals:
        literals += [point - step, point, point + step]
    if fact.kind is not Kind.DATE:
        literals = [v for v in literals if v >= 0]
    return list(dict.fromkeys(literals)), list(found.others.values())


_COMPARED: weakref.WeakKeyDictionary[Rulebook, dict[str, _Candidates]] = weakref.WeakKeyDictionary()


def _compared_with(rulebook: Rulebook) -> dict[str, _Candidates]:
    """Per fact: the constants and other columns it is compared with anywhere."""
    cached = _COMPARED.get(rulebook)
    if cached is not None:
        return cached
    found: dict[str, _Candidates] = {}
    for rule in rulebook.rules.values():
        for part in rule.parts():
            for node in _nodes(part):
                if not isinstance(node, Compare):
                    continue
                for this, other in ((node.left, node.right), (node.right, node.left)):
                    ref = _fact_ref(this)
                    if ref is None or ref.id not in rulebook.facts:
                        continue
                    entry = found.setdefault(ref.id, _Candidates())
                    if isinstance(other, Const) and other.value is not None:
                        entry.literals.append(other.value)
                    elif ref.id not in {r.id for r in other.refs()}:
                        # Another fact, a rule, date arithmetic: its value on each row is
                        # a point where the comparison turns.
                        entry.others.setdefault(structure(other), other)
    _COMPARED[rulebook] = found
    return found


def with_rules(rulebook: Rulebook, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every rule's column, to evaluate row-derived candidates on."""
    out = rulebook.plan(frame.lazy()).collect()
    return out.drop([c for c in out.columns if c.startswith(CONFLICT_PREFIX)])


def candidate_series(
    rulebook: Rulebook, frame: pl.DataFrame, enriched: pl.DataFrame, fact: Fact
) -> list[pl.Series]:
    """Every candidate for ``fact`` as a series aligned with ``frame``'s rows."""
    literals, columns = candidate_values(rulebook, fact)
    dtype = fact.kind.dtype
    out = [pl.repeat(v, frame.height, dtype=dtype, eager=True) for v in literals]
    if columns:
        derived = enriched.select([c.cast(dtype).alias(f"c{i}") for i, c in enumerate(columns)])
        out += derived.get_columns()
    return out


def _fact_ref(expr: Expr) -> Ref | None:
    while isinstance(expr, Coalesce):
        expr = expr.value
    return expr if isinstance(expr, Ref) else None


def _nodes(expr: Expr) -> Iterator[Expr]:
    yield expr
    for child in expr.children():
        yield from _nodes(child)


def askable(rulebook: Rulebook, goals: Sequence[str]) -> list[Fact]:
    """The facts the goals depend on that may be put to the user, in declaration order."""
    return [f for f in rulebook.cone(goals)[1] if f.asked]


def as_frame(rulebook: Rulebook, data: Inputs) -> pl.DataFrame:
    if isinstance(data, Sequence):
        return pl.from_dicts([dict(row) for row in data], schema=rulebook.input_schema())
    return data


def as_rows(rulebook: Rulebook, data: Inputs) -> list[dict[str, Any]]:
    if isinstance(data, Sequence):  # plain rows need no polars (the row path)
        names = rulebook.input_names()
        return [{name: row.get(name) for name in names} for row in data]
    return _typed(rulebook, data).to_dicts()


def questions(
    rulebook: Rulebook,
    data: Inputs,
    goals: Sequence[str],
    together: int = TOGETHER,
    open_values: Mapping[str, Any] | None = None,
    path: str = "auto",
) -> list[Question]:
    """Every relevant unknown fact on every row of ``data``.

    ``together`` is the largest group of facts tried jointly for goals no smaller group
    changes. ``open_values`` names, per goal, a value that means "not yet determined"
    (besides unknown), e.g. a status ``"undetermined"``: an answer that moves a goal off
    it *decides* the goal.

    Ordered row by row: facts that could decide more goals first, then those that change
    more goals, then facts that matter alone before those that matter only with others,
    then the order the rulebook declares them in (its doctrine order).

    ``path`` is ``"rows"`` (each candidate on the row path, recomputing only the rules it
    moves), ``"frame"`` (every candidate a row of one compiled plan) or ``"auto"``: the
    row path for frames of at most :data:`ROW_PATH_AT_MOST` rows. Both give the same
    questions (the tests check it).
    """
    facts = askable(rulebook, goals)
    opens = dict(open_values or {})
    search = None
    if on_rows(len(data), path):
        search = _RowSearch.of(rulebook, as_rows(rulebook, data), goals, opens)
    if search is not None:
        singles = search.singles(facts)
    else:
        frame = _typed(rulebook, as_frame(rulebook, data)).with_row_index(ROW)
        base = _outcomes(rulebook, frame, goals)
        enriched = with_rules(rulebook, frame)
        variants = [
            v for v in (_single_variants(rulebook, frame, enriched, f) for f in facts) if v.height
        ]
        singles = (
            _compare(
                _tried(rulebook, pl.concat(variants, how="vertical"), goals), base, goals, opens
            )
            if variants
            else {}
        )
    found: dict[tuple[int, str], Question] = {}
    for (row, fact_id), (changes, decides) in singles.items():
        found[(row, fact_id)] = Question(row, rulebook.facts[fact_id], changes, decides)
    moved = {(row, g) for (row, _), (changes, _) in singles.items() for g in changes}
    for size in range(2, together + 1):
        groups = (
            search.groups(moved, size)
            if search is not None
            else _groups(rulebook, frame, base, goals, moved, size, opens)
        )
        for row, members, changes, decides in groups:
            moved.update((row, g) for g in changes)
            for fact_id in members:
                key = (row, fact_id)
                old = found.get(key)
                if old is not None and old.alone:
                    continue
                others = {m for m in members if m != fact_id}
                found[key] = Question(
                    row,
                    rulebook.facts[fact_id],
                    tuple(g for g in goals if g in changes or (old and g in old.changes)),
                    tuple(g for g in goals if g in decides or (old and g in old.decides)),
                    tuple(sorted(others | set(old.together_with if old else ()))),
                )
    order = {fact_id: i for i, fact_id in enumerate(rulebook.facts)}
    return sorted(
        found.values(),
        key=lambda q: (q.row, -len(q.decides), -len(q.changes), not q.alone, order[q.fact.id]),
    )


def on_rows(count: int, path: str) -> bool:
    """Whether ``count`` rows are searched on the row path (see :func:`questions`)."""
    if path not in ("auto", "rows", "frame"):
        raise ValueError(f"path is 'auto', 'rows' or 'frame', not {path!r}")
    return path == "rows" or (path == "auto" and count <= ROW_PATH_AT_MOST)


class _RowSearch:
    """Candidates tried one by one on the row path: each recomputes only the rules of the
    goals' cone that its change moves (:meth:`Rulebook.rerun`)."""

    def __init__(
        self,
        rulebook: Rulebook,
        rows: list[dict[str, Any]],
        bases: list[dict[str, Any]],
        goals: Sequence[str],
        opens: Mapping[str, Any],
    ) -> None:
        self.rulebook, self.rows, self.bases = rulebook, rows, bases
        self.goals, self.opens = tuple(goals), opens
        self._partial: dict[tuple[int, tuple[str, ...], tuple[Any, ...]], Any] = {}
        # Rulebook.rerun's lookups, made once: a search reruns thousands of candidates.
        self._program, self._within = rulebook.program(), rulebook.rules_for(goals)[1]

    @classmethod
    def of(
        cls,
        rulebook: Rulebook,
        rows: list[dict[str, Any]],
        goals: Sequence[str],
        opens: Mapping[str, Any],
    ) -> _RowSearch | None:
        """The search over ``rows``; None where a rule outside the goals' cone clashes on
        a row (the plan then gives its value, the row path cannot)."""
        bases = []
        for i, row in enumerate(rows):
            try:
                bases.append(rulebook.run(row))
            except RuleConflict as clash:
                if clash.rule_id in rulebook.rules_for(goals)[1]:
                    raise RuleConflict(clash.rule_id, clash.exception_ids, i) from None
                return None
        return cls(rulebook, rows, bases, goals, opens)

    def tried(self, row: int, changed: Mapping[str, Any]) -> dict[str, Any] | None:
        """The goals' values with ``changed`` answered; None where two exceptions clash
        (an impossible world)."""
        try:
            return self._program.rerun(self.bases[row], changed, self._within)
        except RuleConflict:
            return None

    def tried_jointly(
        self, row: int, ids: Sequence[str], values: Sequence[Any]
    ) -> dict[str, Any] | None:
        """As :meth:`tried` with ``ids`` set to ``values``: the row with all but the last
        set is found once (a pair's first member recurs in many pairs), then only the last
        fact's downstream is recomputed from it. Where the partial row clashes, the whole
        change is tried at once (the last fact may settle the clash)."""
        key = (row, tuple(ids[:-1]), tuple(values[:-1]))
        partial = self._partial.get(key, False)
        if partial is False:
            first = dict(zip(ids[:-1], values[:-1], strict=True))
            partial = self._partial[key] = self.tried(row, first)
        if partial is None:
            return self.tried(row, dict(zip(ids, values, strict=True)))
        try:
            return self._program.rerun(partial, {ids[-1]: values[-1]}, self._within)
        except RuleConflict:
            return None

    def moves(self, row: int, new: Mapping[str, Any], changes: set[str], decides: set[str]) -> None:
        base = self.bases[row]
        for g in self.goals:
            if new[g] != base[g]:
                changes.add(g)
                if self.is_open(g, base[g]) and not self.is_open(g, new[g]):
                    decides.add(g)

    def is_open(self, goal: str, value: Any) -> bool:
        return value is None or (goal in self.opens and value == self.opens[goal])

    def singles(
        self, facts: Sequence[Fact]
    ) -> dict[tuple[int, str], tuple[tuple[str, ...], tuple[str, ...]]]:
        found: dict[tuple[int, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for row, base in enumerate(self.bases):
            for fact in facts:
                if base[fact.id] is not None:
                    continue
                changes: set[str] = set()
                decides: set[str] = set()
                for value in row_candidates(self.rulebook, fact, base):
                    new = self.tried(row, {fact.id: value})
                    if new is not None:
                        self.moves(row, new, changes, decides)
                if changes:
                    found[(row, fact.id)] = (self.ordered(changes), self.ordered(decides))
        return found

    def groups(
        self, moved: set[tuple[int, str]], size: int
    ) -> list[tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        """As :func:`_groups`, one candidate at a time."""
        rulebook, goals = self.rulebook, self.goals
        cones = {g: {f.id for f in askable(rulebook, [g])} for g in goals}
        found = []
        for row, base in enumerate(self.bases):
            stuck = [g for g in goals if (row, g) not in moved]
            if not stuck:
                continue
            near = set().union(*(cones[g] for g in stuck))
            unknown = [f for f in rulebook.facts.values() if f.id in near and base[f.id] is None]
            tried = 0
            for group in itertools.combinations(unknown, size):
                if tried >= GROUP_LIMIT:
                    break
                if not any(all(f.id in cones[g] for f in group) for g in stuck):
                    continue
                ids = [f.id for f in group]
                changes: set[str] = set()
                decides: set[str] = set()
                for combo in itertools.product(*(literal_candidates(rulebook, f) for f in group)):
                    tried += 1
                    new = self.tried_jointly(row, ids, combo)
                    if new is not None:
                        self.moves(row, new, changes, decides)
                fresh = tuple(g for g in self.ordered(changes) if (row, g) not in moved)
                if fresh:
                    found.append(
                        (
                            row,
                            tuple(ids),
                            fresh,
                            tuple(g for g in goals if g in decides and g in fresh),
                        )
                    )
        return found

    def ordered(self, names: set[str]) -> tuple[str, ...]:
        return tuple(g for g in self.goals if g in names)


def _typed(rulebook: Rulebook, frame: pl.DataFrame) -> pl.DataFrame:
    schema = rulebook.input_schema()
    missing = [pl.lit(None, dtype=d).alias(n) for n, d in schema.items() if n not in frame.columns]
    casts = [
        pl.col(n).cast(d) for n, d in schema.items() if n in frame.columns and frame.schema[n] != d
    ]
    return frame.with_columns(missing + casts) if missing or casts else frame


def _outcomes(rulebook: Rulebook, frame: pl.DataFrame, goals: Sequence[str]) -> pl.DataFrame:
    return rulebook.evaluate(frame, goals).select(ROW, *goals)


def _single_variants(
    rulebook: Rulebook, frame: pl.DataFrame, enriched: pl.DataFrame, fact: Fact
) -> pl.DataFrame:
    unknown = frame.get_column(fact.id).is_null()
    if not unknown.any():
        return pl.DataFrame()
    parts = [
        frame.with_columns(values.alias(fact.id), pl.lit(fact.id).alias(VARIANT)).filter(
            unknown & values.is_not_null()
        )
        for values in candidate_series(rulebook, frame, enriched, fact)
    ]
    return pl.concat(parts, how="vertical")


def _tried(rulebook: Rulebook, variants: pl.DataFrame, goals: Sequence[str]) -> pl.DataFrame:
    """Evaluate candidate rows; rows where the candidate makes two exceptions clash are
    impossible worlds and are dropped (not counted as a change)."""
    out = rulebook.plan(variants.lazy(), goals).collect()
    flags = [c for c in out.columns if c.startswith(CONFLICT_PREFIX)]
    if flags:
        out = out.filter(~pl.any_horizontal(flags)).drop(flags)
    return out


def _is_open(column: str, goal: str, opens: Mapping[str, Any]) -> pl.Expr:
    col = pl.col(column)
    if goal not in opens:
        return col.is_null()
    return col.is_null() | (col == pl.lit(opens[goal])).fill_null(False)


def _compare(
    tried: pl.DataFrame,
    base: pl.DataFrame,
    goals: Sequence[str],
    opens: Mapping[str, Any],
) -> dict[tuple[int, str], tuple[tuple[str, ...], tuple[str, ...]]]:
    joined = tried.select(ROW, VARIANT, *goals).join(base, on=ROW, suffix="__base")
    summary = joined.group_by(ROW, VARIANT).agg(
        *[pl.col(g).ne_missing(pl.col(f"{g}__base")).any().alias(f"{g}__changes") for g in goals],
        *[
            (_is_open(f"{g}__base", g, opens) & ~_is_open(g, g, opens)).any().alias(f"{g}__decides")
            for g in goals
        ],
    )
    result: dict[tuple[int, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for rec in summary.iter_rows(named=True):
        changes = tuple(g for g in goals if rec[f"{g}__changes"])
        if changes:
            decides = tuple(g for g in goals if rec[f"{g}__decides"])
            result[(rec[ROW], rec[VARIANT])] = (changes, decides)
    return result


def _groups(
    rulebook: Rulebook,
    frame: pl.DataFrame,
    base: pl.DataFrame,
    goals: Sequence[str],
    moved: set[tuple[int, str]],
    size: int,
    opens: Mapping[str, Any],
) -> list[tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """Groups of ``size`` unknown facts that jointly change a goal no smaller group changes
    (``moved`` holds the row-goal pairs already changed by smaller groups)."""
    cones = {g: {f.id for f in askable(rulebook, [g])} for g in goals}
    literals = {f.id: literal_candidates(rulebook, f) for f in rulebook.facts.values()}
    parts: list[pl.DataFrame] = []
    for row in base.get_column(ROW).to_list():
        stuck = [g for g in goals if (row, g) not in moved]
        if not stuck:
            continue
        one = frame.slice(row, 1)  # the row index is the position
        values = one.row(0, named=True)
        near = set().union(*(cones[g] for g in stuck))
        unknown = [f for f in rulebook.facts.values() if f.id in near and values[f.id] is None]
        # Built column by column: the other unknown facts stay unknown (null) in every
        # candidate row, so one repetition of the row plus a column per fact suffices.
        settings: list[tuple[tuple[Fact, ...], tuple[Any, ...]]] = []
        labels: list[str] = []
        for group in itertools.combinations(unknown, size):
            if len(labels) >= GROUP_LIMIT:
                break
            if not any(all(f.id in cones[g] for f in group) for g in stuck):
                continue
            label = "|".join(f.id for f in group)
            for combo in itertools.product(*(literals[f.id] for f in group)):
                settings.append((group, combo))
                labels.append(label)
        columns: dict[str, list[Any]] = {f.id: [None] * len(labels) for f in unknown}
        for position, (group, combo) in enumerate(settings):
            for fact, value in zip(group, combo, strict=True):
                columns[fact.id][position] = value
        if labels:
            repeated = one.select(pl.all().gather([0] * len(labels)))
            parts.append(
                repeated.with_columns(
                    *[pl.Series(f.id, columns[f.id], dtype=f.kind.dtype) for f in unknown],
                    pl.Series(VARIANT, labels, dtype=pl.String),
                )
            )
    if not parts:
        return []
    tried = _tried(rulebook, pl.concat(parts, how="vertical"), goals)
    found = []
    for (row, variant), (changes, decides) in _compare(tried, base, goals, opens).items():
        new = tuple(g for g in changes if (row, g) not in moved)
        if new:
            found.append(
                (row, tuple(variant.split("|")), new, tuple(g for g in decides if g in new))
            )
    return found


def literal_candidates(rulebook: Rulebook, fact: Fact) -> list[Any]:
    """The literal candidates of :func:`candidate_values` (made once, without polars)."""
    return _points(rulebook, fact)[0]
