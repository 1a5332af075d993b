"""Ranges over completions: the least and the most an amount takes over every completion
of the unknown facts a record allows.

The rules give each amount a *low* and a *high* end (each unknown resolved against, or in
favour of, the claimant). Those ends bound the amount itself, but not every part of it: an
owner's part at the total's low end is not that owner's least. So the unknown facts are
*completed*: each yes/no fact both ways, each enum fact with each of its values, the
unknown members of a group of shares at the corners of what the known members leave
(every member 0, 1 unit, all but 1 unit or all of what is left, the last one taking the
rest, so the group adds up to its whole exactly). A completion is explored only as far as
it matters: a fact is completed only while a rule reading it is unknown, and a row stops
branching once every amount's low and high ends agree (it is *settled*).

Over the settled completions an amount's least and most are exact (some completion attains
them). A completion that cannot be settled (an unknown date or amount, a point the law
leaves open, a rule conflict, or more completions than ``limit``) gives only a *bound*: an
amount its own low and high ends, a part of another amount (an owner's part of the
recovery) from 0 to the other's high end. A bound is marked as such wherever it decides
an end; an unknown high end means "no known most". The engine knows no law: the law
names the amounts, their ends, which is part of which, and the share groups
(:class:`RangeSpec`).
"""

from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apportion.engine.expr import Coalesce, Expr, Kind, Ref
from apportion.engine.lazy import lazy_module
from apportion.engine.plan import CONFLICT_PREFIX, Rulebook
from apportion.engine.rules import Fact, Rule, RuleConflict

if TYPE_CHECKING:
    import polars as pl
else:
    pl = lazy_module("polars")

ROW = "__completion_row__"
PINNED = "__pinned__"
"""Set on a completion that fixed a rule rather than facts: its values are bounds."""


@dataclass(frozen=True)
class Pair:
    """An amount and the rules that give its low and high ends."""

    name: str
    low: str
    high: str
    part_of: str | None = None
    """The pair whose high end bounds this one where a completion is unsettled (an
    owner's part of the recovery); None: its own ends bound it."""


@dataclass(frozen=True)
class ShareGroup:
    """Shares that add up to ``whole`` exactly once every one is known."""

    facts: tuple[str, ...]
    whole: int


@dataclass(frozen=True)
class RangeSpec:
    pairs: tuple[Pair, ...]
    shares: tuple[ShareGroup, ...] = ()
    standing: tuple[str, ...] = ()
    """Yes/no rules through which alone the amounts read their facts: completed both
    ways in place of those facts, first (exact: each value is some completion's)."""
    pins: tuple[str, ...] = ()
    """Yes/no rules that may stay unknown once every fact is completed (an open point of
    law, an unknown date): completed both ways, last, as bounds."""
    limit: int = 256
    """Most completions explored per row; beyond, the row's ranges are bounds."""


@dataclass(frozen=True)
class End:
    cents: int | None
    """None at the high end: no known most."""
    exact: bool


@dataclass(frozen=True)
class Range:
    least: End
    most: End

    @property
    def exact(self) -> bool:
        return self.least.exact and self.most.exact


@dataclass(frozen=True)
class Option:
    """One choice a completion makes: a fact, a share group, or a rule fixed by its pin."""

    sets: tuple[str, ...]
    """The columns it sets."""
    domain: tuple[tuple[Any, ...], ...]
    """Its values (empty for a share group: computed from the known shares)."""
    when_unknown: tuple[str, ...]
    """It is open while all of these are unknown (the fact or rule itself)..."""
    readers: tuple[str, ...] = ()
    """...and one of these is (the rules reading a fact: none unknown, it cannot matter)..."""
    gates: tuple[str, ...] = ()
    """...and every one of these is (the rules through which alone the amounts read it)."""
    group: ShareGroup | None = None
    bound: bool = False
    """A rule fixed although facts could not settle it: its values are bounds."""

    def is_open(self, row: Mapping[str, Any]) -> bool:
        if self.group is not None:
            return any(row.get(f) is None for f in self.sets) and all(
                row.get(g) is None for g in self.gates
            )
        return (
            all(row.get(n) is None for n in self.when_unknown)
            and (not self.readers or any(row.get(r) is None for r in self.readers))
            and all(row.get(g) is None for g in self.gates)
        )

    def completions(self, row: Mapping[str, Any]) -> list[dict[str, Any]]:
        if self.group is not None:
            values = [row.get(f) for f in self.group.facts]
            return [
                dict(zip(self.sets, v, strict=True))
                for v in share_completions(values, self.group.whole)
            ]
        return [dict(zip(self.sets, v, strict=True)) for v in self.domain]


@dataclass
class _Choices:
    book: Rulebook
    """The rulebook with the fixable rules open to pins (:func:`pinnable`)."""
    goals: list[str]
    options: list[Option]
    option_exprs: dict[frozenset[str], pl.Expr] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def table(self) -> tuple[pl.DataFrame, list[int]]:
        """The options' values as one table, made once (:func:`_choice_table`)."""
        return _choice_table(self)


# By rulebook object (weakly: a rulebook's id may be reused once it is gone).
_CHOICES: weakref.WeakKeyDictionary[Rulebook, dict[RangeSpec, _Choices]] = (
    weakref.WeakKeyDictionary()
)


def choices(rulebook: Rulebook, spec: RangeSpec) -> _Choices:
    """What a completion may set, in the order it is tried: the standing rules; the
    yes/no and enum facts the amounts read whose unknown value the rules do not read as
    an answer (a fact read as ``fact.otherwise(default)`` means ``default`` when unknown)
    and that an interview may ask (facts not asked are deliberate overrides);
    the share groups; last the rules left open once facts are exhausted."""
    cache = _CHOICES.setdefault(rulebook, {})
    found = cache.get(spec)
    if found is not None:
        return found
    book = pinnable(rulebook, (*spec.standing, *spec.pins))
    goals = [end for p in spec.pairs for end in (p.low, p.high)]
    rules, facts = book.cone(goals)
    grouped = {f for g in spec.shares for f in g.facts}
    defaulted = _read_with_default(rules)
    chosen = [
        f
        for f in facts
        if f.kind in (Kind.BOOL, Kind.ENUM) and f.asked and f.id not in defaulted
        if f.id not in grouped
    ]
    readers: dict[str, list[str]] = {f: [] for f in [c.id for c in chosen] + sorted(grouped)}
    for rule in rules:
        for ref in rule.inputs():
            if ref.id in readers:
                readers[ref.id].append(rule.id)
    reached = _facts_reached(book, goals, frozenset())
    gates: dict[str, list[str]] = {i: [] for i in readers}
    for gate in (*spec.standing, *spec.pins):
        for i in set(readers) & (reached - _facts_reached(book, goals, frozenset({gate}))):
            gates[i].append(gate)
    both = ((True,), (False,))
    # A standing rule is completed in place of its facts only once the facts it shares
    # with other paths to the amounts are known: those are completed before it.
    shared: set[str] = set()
    for rule_id in spec.standing:
        upstream = _facts_reached(book, [rule_id], frozenset())
        shared |= upstream & _facts_reached(book, goals, frozenset({rule_id}))
    fact_options: list[Option] = []
    for fact in chosen:
        domain = tuple((v,) for v in fact.values) if fact.kind is Kind.ENUM else both
        fact_options.append(
            Option((fact.id,), domain, (fact.id,), tuple(readers[fact.id]), tuple(gates[fact.id]))
        )
    group_options = [
        Option(group.facts, (), (), (), tuple(gates[group.facts[0]]), group=group)
        for group in spec.shares
    ]
    first = [o for o in (*fact_options, *group_options) if shared & set(o.sets)]
    options = [
        *first,
        *(Option((PIN + r,), both, (r,)) for r in spec.standing),
        *(o for o in (*fact_options, *group_options) if o not in first),
        *(Option((PIN + r,), both, (r,), bound=True) for r in spec.pins),
    ]
    found = cache[spec] = _Choices(book, goals, options)
    return found


def _facts_reached(rulebook: Rulebook, goals: Sequence[str], cut: frozenset[str]) -> set[str]:
    """The facts ``goals`` read, not reading through the rules in ``cut``."""
    facts: set[str] = set()
    seen: set[str] = set()
    stack = list(goals)
    while stack:
        name = stack.pop()
        if name in seen or name in cut:
            continue
        seen.add(name)
        rule = rulebook.rules.get(name)
        if rule is None:
            facts.add(name)
            continue
        stack.extend(ref.id for ref in rule.inputs())
    return facts


def _read_with_default(rules: Sequence[Any]) -> set[str]:
    """Facts some rule reads as ``fact.otherwise(default)``: the law gives their silence a
    meaning, so they are not completed (completing one there could move an amount the
    other way from what its silence gave: Kleene's known values would not hold)."""
    defaulted: set[str] = set()

    def walk(expr: Expr, under_default: bool) -> None:
        if isinstance(expr, Ref):
            if under_default:
                defaulted.add(expr.id)
            return
        if isinstance(expr, Coalesce):
            walk(expr.value, True)
            walk(expr.default, False)
            return
        for child in expr.children():
            walk(child, False)

    for rule in rules:
        for part in rule.parts():
            walk(part, False)
    return defaulted


def share_completions(values: Sequence[int | None], whole: int) -> list[tuple[int, ...]]:
    """The corners of what known shares leave: the unknown members at 0, 1, all but 1 or
    all of the gap, the last unknown taking the rest; none if the known exceed the whole."""
    unknown = [i for i, v in enumerate(values) if v is None]
    gap = whole - sum(v for v in values if v is not None)
    if not unknown or gap < 0:
        return []
    points = sorted({p for p in (0, 1, gap - 1, gap) if 0 <= p <= gap})
    found: set[tuple[int, ...]] = set()
    for head in itertools.product(points, repeat=len(unknown) - 1):
        last = gap - sum(head)
        if last < 0:
            continue
        filled = list(values)
        for i, v in zip(unknown, (*head, last), strict=True):
            filled[i] = v
        found.add(tuple(int(v) for v in filled))  # type: ignore[arg-type]
    return sorted(found)


PIN = "__pin__"
FREE = "__free"


def pinnable(rulebook: Rulebook, rule_ids: Sequence[str]) -> Rulebook:
    """``rulebook`` with each of ``rule_ids`` open to being fixed: rule ``r`` becomes
    ``__pin__r`` (a fact, unasked) where known, else ``r`` as the law has it (now
    ``r__free``). Nothing else changes, so a completion may fix a rule, on the row path
    and in the plan alike. Made once per rulebook."""
    cache = _PINNABLE.setdefault(rulebook, {})
    key = tuple(rule_ids)
    found = cache.get(key)
    if found is not None:
        return found
    rules: list[Rule] = []
    pins: list[Fact] = []
    for rule in rulebook.rules.values():
        if rule.id not in rule_ids:
            rules.append(rule)
            continue
        free = Rule(
            rule.id + FREE,
            rule.label,
            rule.default,
            words=rule.words_text,
            cites=rule.authorities,
            exceptions=rule.exceptions,
            kind=rule.kind,
            unsettled=rule.unsettled,
            doctrine=rule.doctrine,
        )
        pin = Fact(PIN + rule.id, rule.kind, f"(a completion fixing {rule.id})", asked=False)
        pins.append(pin)
        rules += [free, Rule(rule.id, rule.label, Coalesce(pin, free), kind=rule.kind)]
    earlier = {}
    for name, law in rulebook.earlier.items():
        head, _, tail = name.partition("/")
        earlier[(head + FREE if head in rule_ids else head) + (f"/{tail}" if tail else "")] = law
    found = cache[key] = Rulebook(
        rulebook.name,
        rulebook.version,
        [*rulebook.facts.values(), *pins],
        rules,
        since=rulebook.since,
        earlier=earlier,
        replaced=rule_ids,
    )
    return found


_PINNABLE: weakref.WeakKeyDictionary[Rulebook, dict[tuple[str, ...], Rulebook]] = (
    weakref.WeakKeyDictionary()
)


# --- one row at a time (a matter's few claims) ------------------------------------------


def row_ranges(rulebook: Rulebook, facts: Mapping[str, Any], spec: RangeSpec) -> dict[str, Range]:
    """Each pair's range over the completions of ``facts`` (a row of facts), on the row
    path: a depth-first search that recomputes only what each choice moves."""
    found = choices(rulebook, spec)
    book = found.book
    leaves: list[tuple[Mapping[str, Any], bool]] = []
    pins = {n: None for o in found.options if o.sets[0].startswith(PIN) for n in o.sets}
    root = book.run({**facts, **pins}, found.goals)
    stack: list[Mapping[str, Any]] = [root]
    explored = 1
    while stack:
        row = stack.pop()
        if _settled(row, spec):
            leaves.append((row, True))
            continue
        option = next((o for o in found.options if o.is_open(row)), None)
        branches = option.completions(row) if option is not None else []
        if not branches:
            leaves.append((row, False))
            continue
        explored += len(branches)
        if explored > spec.limit:  # too many: the row's own ends, as bounds
            return _aggregate([_leaf(root, False, spec)], spec)
        for changed in branches:
            if option is not None and option.bound:
                changed[PINNED] = True
            try:
                stack.append(book.rerun(row, changed, found.goals))
            except RuleConflict:
                leaves.append((row, False))  # the law gives no answer there: a bound
    return _aggregate([_leaf(row, settled, spec) for row, settled in leaves], spec)


def _settled(row: Mapping[str, Any], spec: RangeSpec) -> bool:
    return all(row[p.low] is not None and row[p.low] == row[p.high] for p in spec.pairs)


def _leaf(
    row: Mapping[str, Any], settled: bool, spec: RangeSpec
) -> dict[str, tuple[int, int | None, bool]]:
    """Per pair: (least, most, exact) of one completion."""
    if settled:
        exact = not row.get(PINNED)
        return {p.name: (row[p.low], row[p.low], exact) for p in spec.pairs}
    out: dict[str, tuple[int, int | None, bool]] = {}
    for p in spec.pairs:
        whole = _pair(spec, p.part_of) if p.part_of else None
        if whole is None:
            out[p.name] = (row[p.low] or 0, row[p.high], False)
        else:
            out[p.name] = (0, row[whole.high], False)
    return out


def _pair(spec: RangeSpec, name: str) -> Pair:
    return next(p for p in spec.pairs if p.name == name)


def _aggregate(
    leaves: list[dict[str, tuple[int, int | None, bool]]], spec: RangeSpec
) -> dict[str, Range]:
    out: dict[str, Range] = {}
    for p in spec.pairs:
        ends = [leaf[p.name] for leaf in leaves]
        out[p.name] = Range(_least(ends), _most(ends))
    return out


def _least(ends: list[tuple[int, int | None, bool]]) -> End:
    exact = [lo for lo, _, ok in ends if ok]
    bound = [lo for lo, _, ok in ends if not ok]
    least = min(exact + bound)
    # Attained when a settled completion reaches it and no bound could go below it.
    return End(least, bool(exact) and min(exact) == least and (not bound or min(bound) >= least))


def _most(ends: list[tuple[int, int | None, bool]]) -> End:
    if any(hi is None for _, hi, _ in ends):
        return End(None, False)
    exact = [hi for _, hi, ok in ends if ok and hi is not None]
    bound = [hi for _, hi, ok in ends if not ok and hi is not None]
    most = max(exact + bound)
    return End(most, bool(exact) and max(exact) == most and (not bound or max(bound) <= most))


# --- a frame at a time (a book) ---------------------------------------------------------


def frame_ranges(rulebook: Rulebook, evaluated: pl.DataFrame, spec: RangeSpec) -> pl.DataFrame:
    """Per row of ``evaluated`` (facts with the rules the pairs need, as the plan gives
    them), each pair's range: columns ``<pair>_least``, ``<pair>_most`` (null: no known
    most) and ``<pair>_exact`` (both ends attained). Rows already settled cost one
    comparison; the others are completed round by round, each round one run of the plan
    over the open completions, making the same choices as :func:`row_ranges`."""
    found = choices(rulebook, spec)
    book = found.book
    if evaluated.height == 0:
        return _aggregate_frame(
            _leaf_frame(
                evaluated.with_row_index(ROW).with_columns(pl.lit(False).alias(PINNED)),
                spec,
                settled=True,
            ),
            spec,
            0,
        )
    inputs = book.input_names(found.goals)
    pins = [n for o in found.options if o.sets[0].startswith(PIN) for n in o.sets]
    frame = evaluated.with_row_index(ROW).with_columns(
        [pl.lit(None, dtype=pl.Boolean).alias(n) for n in pins] + [pl.lit(False).alias(PINNED)]
    )
    roots = _leaf_frame(frame, spec, settled=False)  # a row's own ends, as bounds
    given_up: list[pl.Series] = []
    leaves: list[pl.DataFrame] = []
    explored = pl.DataFrame(
        {ROW: frame.get_column(ROW), "__n": pl.Series([1] * frame.height, dtype=pl.Int64)}
    )
    while frame.height:
        settled = _settled_expr(spec)
        leaves.append(_leaf_frame(frame.filter(settled), spec, settled=True))
        open_ = frame.filter(~settled).with_columns(_option_expr(found, frame).alias("__option"))
        leaves.append(_leaf_frame(open_.filter(pl.col("__option").is_null()), spec, settled=False))
        open_ = open_.filter(pl.col("__option").is_not_null())
        if not open_.height:
            break
        expanded = _expand(open_, found, [ROW, PINNED, *inputs])
        # A row with no completion (known shares beyond their whole) is a bound as it is.
        none = open_.filter(~pl.col(ROW).is_in(expanded.get_column(ROW).unique().implode()))
        leaves.append(_leaf_frame(none, spec, settled=False))
        # A row whose completions would pass the limit gives up: its own ends, as bounds.
        explored = explored.join(
            expanded.group_by(ROW).agg(pl.len().alias("__new")), on=ROW, how="left"
        ).select(ROW, pl.col("__n") + pl.col("__new").fill_null(0))
        over = explored.filter(pl.col("__n") > spec.limit).get_column(ROW)
        given_up.append(over)
        expanded = expanded.filter(~pl.col(ROW).is_in(over.implode()))
        planned = book.plan(expanded.lazy(), found.goals)
        frame = planned.select(_read_by_rounds(found, planned.collect_schema().names())).collect()
        flags = [c for c in frame.columns if c.startswith(CONFLICT_PREFIX)]
        if flags:  # the law gives no answer there: the row it came from is a bound
            clash = pl.any_horizontal(pl.col(f) for f in flags).fill_null(False)
            leaves.append(_leaf_frame(frame.filter(clash), spec, settled=False))
            frame = frame.filter(~clash)
    gone = pl.concat(given_up).implode() if given_up else pl.Series([], dtype=pl.UInt32).implode()
    kept = pl.concat(leaves, how="vertical").filter(~pl.col(ROW).is_in(gone))
    fallback = roots.filter(pl.col(ROW).is_in(gone))
    return _aggregate_frame(pl.concat([kept, fallback], how="vertical"), spec, evaluated.height)


def _read_by_rounds(found: _Choices, columns: Sequence[str]) -> list[str]:
    """Of a round's columns, those the next round reads: the row, the inputs, the ends
    and what the options test (the rules between them are not kept: fewer columns to
    filter and copy)."""
    read = {ROW, PINNED, *found.book.input_names(found.goals), *found.goals}
    for option in found.options:
        read.update((*option.sets, *option.when_unknown, *option.readers, *option.gates))
    return [c for c in columns if c in read or c.startswith(CONFLICT_PREFIX)]


def _settled_expr(spec: RangeSpec) -> pl.Expr:
    return pl.all_horizontal(
        [(pl.col(p.low) == pl.col(p.high)).fill_null(False) for p in spec.pairs]
    )


def _option_expr(found: _Choices, frame: pl.DataFrame) -> pl.Expr:
    """The index of the first open option, per row (as :meth:`Option.is_open`). Made
    once per set of columns (a round's frame has the plain rulebook's columns or the
    pinnable one's: built for every round, the expression cost a tenth of a small batch)."""
    present = frozenset(frame.columns)
    made = found.option_exprs.get(present)
    if made is None:
        made = found.option_exprs[present] = _make_option_expr(found, present)
    return made


def _make_option_expr(found: _Choices, present: frozenset[str]) -> pl.Expr:

    def column(name: str) -> str:
        # The first round is the plain rulebook's: a rule's free copy is the rule itself.
        return name if name in present else name.removesuffix(FREE)

    def unknown(names: Sequence[str]) -> list[pl.Expr]:
        return [
            pl.col(column(n)).is_null() if column(n) in present else pl.lit(True) for n in names
        ]

    found_any: list[pl.Expr] = []
    for i, option in enumerate(found.options):
        if option.group is not None:
            test = pl.any_horizontal(unknown(option.sets)) & pl.all_horizontal(
                [pl.lit(True), *unknown(option.gates)]
            )
        else:
            test = pl.all_horizontal([pl.lit(True), *unknown(option.when_unknown)])
            if option.readers:
                test &= pl.any_horizontal([pl.lit(False), *unknown(option.readers)])
            test &= pl.all_horizontal([pl.lit(True), *unknown(option.gates)])
        found_any.append(pl.when(test).then(pl.lit(i, dtype=pl.Int32)))
    return pl.coalesce(found_any) if found_any else pl.lit(None, dtype=pl.Int32)


def _expand(open_: pl.DataFrame, found: _Choices, keep: list[str]) -> pl.DataFrame:
    """Each open row once per value of its first open option. The facts and pins the
    options set come from one table of every option's values, joined on the option:
    one join for all options rather than a split of the rows by option."""
    table, grouped = found.table
    by_option = pl.col("__option")
    rows = open_.select(*keep, by_option)
    parts: list[pl.DataFrame] = []
    if table.height:
        # The values as the rows type them (an enum fact may be read as a polars Enum).
        have, want = table.schema, rows.schema  # (each .schema makes a new one)
        names = _set_names(table.columns)
        table = table.with_columns(
            pl.col(f"__to:{n}").cast(want[n]) for n in names if have[f"__to:{n}"] != want[n]
        )
        joined = rows.join(table, on="__option", how="inner")
        parts.append(
            joined.with_columns(
                *(
                    pl.when(pl.col(f"__sets:{n}"))
                    .then(pl.col(f"__to:{n}"))
                    .otherwise(pl.col(n))
                    .alias(n)
                    for n in names
                ),
                (pl.col(PINNED) | pl.col("__bound")).alias(PINNED),
            ).select(keep)
        )
    for index in grouped:
        group = found.options[index].group
        assert group is not None
        mine = rows.filter(by_option == index).select(keep)
        if mine.height:
            parts.append(_expand_shares(mine, group))
    return pl.concat(parts, how="vertical") if parts else rows.select(keep).clear()


def _set_names(columns: Sequence[str]) -> list[str]:
    """The facts and pins a choice table sets (from its ``__sets:`` columns)."""
    return [n.removeprefix("__sets:") for n in columns if n.startswith("__sets:")]


def _choice_table(found: _Choices) -> tuple[pl.DataFrame, list[int]]:
    """A row per value of each option that is not a share group (the option's index, for
    each column any option sets: whether this one sets it and to what, and whether its
    values are bounds), and the indexes of the share groups."""
    schema = found.book.input_schema()
    names = list(dict.fromkeys(n for o in found.options if o.group is None for n in o.sets))
    data: dict[str, list[Any]] = {"__option": [], "__bound": []}
    data |= {f"__sets:{n}": [] for n in names} | {f"__to:{n}": [] for n in names}
    for index, option in enumerate(found.options):
        if option.group is not None:
            continue
        for values in option.domain:
            data["__option"].append(index)
            data["__bound"].append(option.bound)
            given = dict(zip(option.sets, values, strict=True))
            for n in names:
                data[f"__sets:{n}"].append(n in given)
                data[f"__to:{n}"].append(given.get(n))
    types: dict[str, pl.DataType] = {"__option": pl.Int32(), "__bound": pl.Boolean()}
    types |= {f"__sets:{n}": pl.Boolean() for n in names}
    types |= {f"__to:{n}": schema[n] for n in names}
    table = pl.DataFrame(data, schema=types)
    grouped = [i for i, o in enumerate(found.options) if o.group is not None]
    return table, grouped


def _expand_shares(rows: pl.DataFrame, group: ShareGroup) -> pl.DataFrame:
    """Each row with its share completions (few rows reach here: done in Python)."""
    facts = list(group.facts)
    chosen: dict[str, list[Any]] = {ROW: [], **{f: [] for f in facts}}
    for record in rows.select(ROW, *facts).iter_rows(named=True):
        for filled in share_completions([record[f] for f in facts], group.whole):
            chosen[ROW].append(record[ROW])
            for f, v in zip(facts, filled, strict=True):
                chosen[f].append(v)
    types = rows.schema
    schema = {ROW: types[ROW], **{f: types[f] for f in facts}}
    table = pl.DataFrame(chosen, schema=schema)
    return rows.drop(facts).join(table, on=ROW, how="inner").select(rows.columns)


def _leaf_frame(frame: pl.DataFrame, spec: RangeSpec, *, settled: bool) -> pl.DataFrame:
    columns: list[pl.Expr] = [pl.col(ROW)]
    for p in spec.pairs:
        if settled:
            low, high = pl.col(p.low), pl.col(p.low)
        elif p.part_of is None:
            low, high = pl.col(p.low).fill_null(0), pl.col(p.high)
        else:
            low, high = pl.lit(0, dtype=pl.Int64), pl.col(_pair(spec, p.part_of).high)
        columns += [
            low.cast(pl.Int64).alias(f"{p.name}.lo"),
            high.cast(pl.Int64).alias(f"{p.name}.hi"),
        ]
    exact = ~pl.col(PINNED) if settled else pl.lit(False)
    columns.append(exact.alias("__exact"))
    return frame.select(columns)


def _aggregate_frame(leaves: pl.DataFrame, spec: RangeSpec, height: int) -> pl.DataFrame:
    # Each end split by exactness into columns first, so the grouping needs only plain
    # min, max and any (polars' fast aggregations, not a filter inside each group).
    exact = pl.col("__exact")
    parts: list[pl.Expr] = []
    aggs: list[pl.Expr] = []
    for p in spec.pairs:
        lo, hi, n = pl.col(f"{p.name}.lo"), pl.col(f"{p.name}.hi"), p.name
        parts += [
            pl.when(exact).then(lo).alias(f"{n}.lo_exact"),
            pl.when(~exact).then(lo).alias(f"{n}.lo_bound"),
            pl.when(exact).then(hi).alias(f"{n}.hi_exact"),
            pl.when(~exact).then(hi).alias(f"{n}.hi_bound"),
            hi.is_null().alias(f"{n}.unbounded"),
        ]
        aggs += [
            lo.min().alias(f"{n}.least"),
            hi.max().alias(f"{n}.hi_max"),
            *(pl.col(f"{n}.{c}").min() for c in ("lo_exact", "lo_bound")),
            *(pl.col(f"{n}.{c}").max() for c in ("hi_exact", "hi_bound")),
            pl.col(f"{n}.unbounded").any(),
        ]
    grouped = leaves.with_columns(parts).group_by(ROW).agg(aggs).sort(ROW)
    ends: list[pl.Expr] = []
    for p in spec.pairs:
        n = p.name

        def c(suffix: str, n: str = n) -> pl.Expr:
            return pl.col(f"{n}.{suffix}")

        least, unbounded = c("least"), c("unbounded")
        most = pl.when(unbounded).then(None).otherwise(c("hi_max"))
        exact_least = (
            c("lo_exact").is_not_null()
            & (c("lo_exact") == least)
            & (c("lo_bound").is_null() | (c("lo_bound") >= least))
        )
        exact_most = (
            ~unbounded
            & c("hi_exact").is_not_null()
            & (c("hi_exact") == most)
            & (c("hi_bound").is_null() | (c("hi_bound") <= most))
        )
        ends += [
            least.alias(f"{n}_least"),
            most.alias(f"{n}_most"),
            (exact_least & exact_most).fill_null(False).alias(f"{n}_exact"),
        ]
    out = grouped.select(ROW, *ends)
    if out.height != height:
        raise AssertionError(f"ranges for {out.height} of {height} rows")
    return out.drop(ROW)
