"""The key property: the compiled polars plan agrees with both row paths.

Hypothesis builds random rule graphs (nested expressions over a handful of facts,
defeasible rules with dated exceptions, rules reading earlier rules) and random
input frames with unknowns, and checks that ``Rulebook.evaluate``,
``Rulebook.interpret`` (the reference) and ``Rulebook.run`` (generated code) give the
same value on every row and column, and that one raises ``RuleConflict`` exactly when
the others do.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import polars as pl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from apportion.engine import (
    AS_OF,
    Const,
    Expr,
    Fact,
    Kind,
    MulDiv,
    Ref,
    Rule,
    Rulebook,
    RuleConflict,
    greatest,
    if_,
    least,
    unknown,
    unless,
)

ENUM_VALUES = ("a", "b", "c")
DATES = [dt.date(2000, 1, 1), dt.date(2005, 6, 30), dt.date(2010, 1, 1), dt.date(2015, 3, 1)]

FACTS = [
    Fact("p", Kind.BOOL, "p?"),
    Fact("q", Kind.BOOL, "q?"),
    Fact("r", Kind.BOOL, "r?"),
    Fact("m", Kind.MONEY, "m?"),
    Fact("n", Kind.MONEY, "n?"),
    Fact("s", Kind.SHARE, "s?"),
    Fact("e", Kind.ENUM, "e?", values=ENUM_VALUES),
    Fact("d", Kind.DATE, "d?"),
]
AS_OF_REF = Ref(AS_OF, Kind.DATE, "the date")
MAX_DEPTH = 3
# Magnitudes stay far inside Int64 (polars wraps on overflow; Python does not):
# facts are at most 10**4, `*` only by -2..2, a MulDiv is at most 10**8, depth <= 3,
# and at most 5 rules deep: 10**8 * 64**5 < 2**63.
MONEY_VALUES = st.integers(-(10**4), 10**4)
SHARE_VALUES = st.integers(0, 10**4)

Draw = Callable[[st.SearchStrategy[Any]], Any]


class Scope:
    """The facts and earlier rules an expression may read, by kind."""

    def __init__(self) -> None:
        self.refs: dict[Kind, list[Ref]] = {k: [] for k in Kind}
        for fact in FACTS:
            self.refs[fact.kind].append(fact)
        self.refs[Kind.DATE].append(AS_OF_REF)

    def add(self, rule: Rule) -> None:
        self.refs[rule.kind].append(rule)

    def ref(self, draw: Draw, kind: Kind) -> Expr:
        ref: Ref = draw(st.sampled_from(self.refs[kind]))
        if isinstance(ref, Rule) and draw(st.booleans()):
            return Ref(ref.id, ref.kind, ref.label)  # a reference by id, not the object
        return ref


def leaf(draw: Draw, scope: Scope, kind: Kind) -> Expr:
    choice = draw(st.sampled_from(["ref", "ref", "ref", "const", "const", "unknown"]))
    if choice == "ref" or (choice == "const" and kind is Kind.SHARE):
        return scope.ref(draw, kind) if scope.refs[kind] else unknown(kind)
    if choice == "unknown":
        return unknown(kind)
    return const(draw, kind)


def const(draw: Draw, kind: Kind) -> Expr:
    if kind is Kind.BOOL:
        return Const(draw(st.booleans()))
    if kind is Kind.MONEY:
        return Const(draw(st.integers(-100, 100)), Kind.MONEY)
    if kind is Kind.ENUM:
        return Const(draw(st.sampled_from(ENUM_VALUES)))
    if kind is Kind.DATE:
        return Const(draw(st.sampled_from(DATES)))
    raise AssertionError(kind)


def expr(draw: Draw, scope: Scope, kind: Kind, depth: int) -> Expr:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return leaf(draw, scope, kind)
    builder = {
        Kind.BOOL: bool_node,
        Kind.MONEY: money_node,
        Kind.ENUM: enum_node,
        Kind.DATE: date_node,
    }[kind]
    return builder(draw, scope, depth - 1)


def common_node(draw: Draw, scope: Scope, kind: Kind, depth: int, op: str) -> Expr:
    """Nodes every kind has: if-then-else, a visible default for unknown."""
    sub = expr(draw, scope, kind, depth)
    if op == "if":
        cond = expr(draw, scope, Kind.BOOL, depth)
        other = expr(draw, scope, kind, depth)
        if kind is not Kind.BOOL and draw(st.booleans()):
            # if_ lifts plain Python values for either branch.
            return (
                if_(cond, sub, draw(st.integers(-5, 5)))
                if kind is Kind.MONEY
                else if_(cond, unknown(kind), other)
            )
        return if_(cond, sub, other)
    return sub.otherwise(expr(draw, scope, kind, depth))


def bool_node(draw: Draw, scope: Scope, depth: int) -> Expr:
    op = draw(
        st.sampled_from(
            [
                "and",
                "or",
                "not",
                "rand",
                "ror",
                "cmp_money",
                "cmp_const",
                "cmp_date",
                "eq_bool",
                "enum_eq",
                "enum_ne",
                "isin",
                "known",
                "if",
                "otherwise",
            ]
        )
    )
    sub = lambda k=Kind.BOOL: expr(draw, scope, k, depth)  # noqa: E731
    if op == "and":
        return sub() & sub()
    if op == "or":
        return sub() | sub()
    if op == "not":
        return ~sub()
    if op == "rand":
        return draw(st.booleans()) & sub()
    if op == "ror":
        return draw(st.booleans()) | sub()
    if op == "cmp_money":
        left, right = sub(Kind.MONEY), sub(Kind.MONEY)
        return compare(draw, left, right)
    if op == "cmp_const":
        return compare(draw, sub(Kind.MONEY), draw(st.integers(-100, 100)))
    if op == "cmp_date":
        return compare(draw, sub(Kind.DATE), draw(st.sampled_from([*DATES, AS_OF_REF])))
    if op == "eq_bool":
        return sub().eq(sub()) if draw(st.booleans()) else sub().ne(sub())
    if op == "enum_eq":
        return sub(Kind.ENUM).eq(draw(st.sampled_from(ENUM_VALUES)))
    if op == "enum_ne":
        return sub(Kind.ENUM).ne(sub(Kind.ENUM))
    if op == "isin":
        return sub(Kind.ENUM).isin(draw(st.lists(st.sampled_from(ENUM_VALUES), max_size=3)))
    if op == "known":
        kind = draw(st.sampled_from([Kind.BOOL, Kind.MONEY, Kind.ENUM, Kind.DATE, Kind.SHARE]))
        return (FACTS[5] if kind is Kind.SHARE else sub(kind)).known()
    return common_node(draw, scope, Kind.BOOL, depth, op)


def compare(draw: Draw, left: Expr, right: Any) -> Expr:
    op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "==":
        return left.eq(right)
    return left.ne(right)


def money_node(draw: Draw, scope: Scope, depth: int) -> Expr:
    op = draw(
        st.sampled_from(
            [
                "add",
                "sub",
                "mul",
                "radd",
                "rsub",
                "rmul",
                "least",
                "greatest",
                "muldiv",
                "if",
                "otherwise",
            ]
        )
    )
    sub = lambda: expr(draw, scope, Kind.MONEY, depth)  # noqa: E731
    small = draw(st.integers(-2, 2))
    if op == "add":
        return sub() + sub()
    if op == "sub":
        return sub() - sub()
    if op == "mul":
        return sub() * small
    if op == "radd":
        return small + sub()
    if op == "rsub":
        return small - sub()
    if op == "rmul":
        return small * sub()
    if op in ("least", "greatest"):
        parts = [sub() for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            parts.append(Const(draw(st.integers(-100, 100)), Kind.MONEY))
        return least(*parts) if op == "least" else greatest(*parts)
    if op == "muldiv":
        # Only facts and constants inside a MulDiv, to bound the product.
        base = draw(
            st.sampled_from(
                [FACTS[3], FACTS[4], Const(draw(MONEY_VALUES), Kind.MONEY), unknown(Kind.MONEY)]
            )
        )
        share = draw(st.sampled_from([FACTS[5], Const(draw(SHARE_VALUES), Kind.SHARE)]))
        basis = draw(st.sampled_from([FACTS[3], FACTS[4], draw(st.integers(-3, 10_000))]))
        return MulDiv(base, share, basis)
    return common_node(draw, scope, Kind.MONEY, depth, op)


def enum_node(draw: Draw, scope: Scope, depth: int) -> Expr:
    return common_node(draw, scope, Kind.ENUM, depth, draw(st.sampled_from(["if", "otherwise"])))


def date_node(draw: Draw, scope: Scope, depth: int) -> Expr:
    op = draw(st.sampled_from(["least", "greatest", "if", "otherwise"]))
    if op in ("least", "greatest"):
        parts = [expr(draw, scope, Kind.DATE, depth) for _ in range(draw(st.integers(1, 3)))]
        return least(*parts) if op == "least" else greatest(*parts)
    return common_node(draw, scope, Kind.DATE, depth, op)


@st.composite
def rulebooks(draw: Draw) -> Rulebook:
    scope = Scope()
    rules: list[Rule] = []
    for i in range(draw(st.integers(1, 5))):
        kind = draw(
            st.sampled_from([Kind.BOOL, Kind.BOOL, Kind.MONEY, Kind.MONEY, Kind.ENUM, Kind.DATE])
        )
        default = expr(draw, scope, kind, draw(st.integers(0, MAX_DEPTH)))
        exceptions = []
        for j in range(draw(st.integers(0, 3))):
            when = expr(draw, scope, Kind.BOOL, draw(st.integers(0, 2)))
            # Constants from a small set make clashes and agreements both likely.
            if draw(st.integers(0, 2)):
                value = (
                    const(draw, kind)
                    if kind is not Kind.MONEY
                    else Const(draw(st.integers(0, 2)), Kind.MONEY)
                )
            else:
                value = expr(draw, scope, kind, draw(st.integers(0, 2)))
            start = draw(st.none() | st.sampled_from(DATES))
            end = draw(st.none() | st.sampled_from(DATES))
            exceptions.append(
                unless(
                    f"x{j}",
                    when,
                    then=value,
                    words=f"exception {j}",
                    valid_from=start,
                    valid_until=end,
                )
            )
        rule = Rule(f"rule{i}", f"rule {i}", default, kind=kind, exceptions=exceptions)
        rules.append(rule)
        scope.add(rule)
    order = draw(st.permutations(rules))  # declaration order must not matter
    return Rulebook("random", "1", FACTS, order)


def column(kind: Kind) -> st.SearchStrategy[Any]:
    values: st.SearchStrategy[Any] = {
        Kind.BOOL: st.booleans(),
        Kind.MONEY: MONEY_VALUES | st.sampled_from([0, 1, -1]),
        Kind.SHARE: SHARE_VALUES,
        Kind.ENUM: st.sampled_from(ENUM_VALUES),
        Kind.DATE: st.sampled_from(DATES) | st.dates(dt.date(1995, 1, 1), dt.date(2020, 1, 1)),
    }[kind]
    return st.one_of(st.none(), values, values, values)  # about one value in four unknown


@st.composite
def frames(draw: Draw) -> pl.DataFrame:
    size = draw(st.integers(1, 8))
    data: dict[str, list[Any]] = {
        AS_OF: draw(
            st.lists(
                st.one_of(
                    st.sampled_from(DATES),
                    st.dates(dt.date(1995, 1, 1), dt.date(2020, 1, 1)),
                    st.sampled_from(DATES),
                    st.none(),
                ),
                min_size=size,
                max_size=size,
            )
        )
    }
    for fact in FACTS:
        data[fact.id] = draw(st.lists(column(fact.kind), min_size=size, max_size=size))
    if draw(st.booleans()):
        schema = {AS_OF: pl.Date(), **{f.id: f.kind.dtype for f in FACTS}}
        return pl.DataFrame(data, schema=schema)
    return pl.DataFrame(data)  # inferred: an all-unknown column is dtype Null


def same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def row_by_row(
    path: Callable[[dict[str, Any], list[str] | None], dict[str, Any]],
    frame: pl.DataFrame,
    goals: list[str] | None,
) -> list[dict[str, Any] | RuleConflict]:
    out: list[dict[str, Any] | RuleConflict] = []
    for row in frame.iter_rows(named=True):
        try:
            out.append(path(row, goals))
        except RuleConflict as err:
            out.append(err)
    return out


def check(book: Rulebook, frame: pl.DataFrame, goals: list[str] | None) -> None:
    try:
        planned: pl.DataFrame | None = book.evaluate(frame, goals)
        plan_error: RuleConflict | None = None
    except RuleConflict as err:
        planned, plan_error = None, err

    interpreted = row_by_row(book.interpret, frame, goals)
    compiled = row_by_row(book.run, frame, goals)
    conflicts = [i for i, r in enumerate(interpreted) if isinstance(r, RuleConflict)]
    assert conflicts == [i for i, r in enumerate(compiled) if isinstance(r, RuleConflict)]
    for want, got in zip(interpreted, compiled, strict=True):
        if isinstance(want, RuleConflict):
            assert isinstance(got, RuleConflict)
            assert (got.rule_id, got.exception_ids) == (want.rule_id, want.exception_ids)

    event(f"conflict: {plan_error is not None}")
    if plan_error is not None:
        assert conflicts, f"only the plan found a conflict: {plan_error}"
        assert plan_error.row in conflicts
        seen = interpreted[plan_error.row]
        assert isinstance(seen, RuleConflict)
        if seen.rule_id == plan_error.rule_id:
            assert seen.exception_ids == plan_error.exception_ids
        assert len(plan_error.exception_ids) >= 2
        return
    assert not conflicts, f"only the interpreter found a conflict: {interpreted[conflicts[0]]}"
    assert planned is not None
    rules = book.cone(goals)[0] if goals else list(book.rules.values())
    assert [c for c in planned.columns if c.startswith("__")] == []
    known = sum(v is not None for r in rules for v in planned[r.id].to_list())
    event(f"known rule values: {'none' if known == 0 else 'some'}")
    event(f"rules with exceptions: {sum(bool(r.exceptions) for r in rules)}")
    for rule in rules:
        assert planned.schema[rule.id] == rule.kind.dtype, rule.id
        for i, got in enumerate(planned[rule.id].to_list()):
            for path, rows in (("interpreter", interpreted), ("generated code", compiled)):
                want = rows[i]
                assert isinstance(want, dict)
                assert same(got, want[rule.id]) or (got is None and want[rule.id] is None), (
                    f"row {i}, rule {rule.id}: plan {got!r}, {path} {want[rule.id]!r}\n"
                    f"facts {frame.row(i, named=True)}"
                )
    for want in interpreted:
        assert isinstance(want, dict)
        check_traces(book, want, rules[-1].id)


def check_traces(book: Rulebook, row: dict[str, Any], goal: str) -> None:
    """Every node of the explanation shows the value the interpreter gave that rule."""
    trace = book.trace(row, goal)
    for node in trace.walk():
        assert same(node.value, row[node.id]) or node.value is row[node.id] is None
        assert node.id in book.rules
        for fact in node.facts:
            assert same(fact.value, row[fact.id]) or fact.value is row[fact.id] is None
    json.dumps(trace.to_dict())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rulebooks(), frames(), st.booleans())
def test_compiled_plan_agrees_with_the_interpreter(
    book: Rulebook, frame: pl.DataFrame, only_last: bool
) -> None:
    goals = [list(book.rules)[-1]] if only_last else None
    check(book, frame, goals)
