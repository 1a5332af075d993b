"""Small random rulebooks over bool and enum facts, for brute-force checks of reasons,
relevance and counterfactuals against the row interpreter."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import strategies as st

from apportion.engine import (
    AS_OF,
    Const,
    Expr,
    Fact,
    Kind,
    Rule,
    Rulebook,
    RuleConflict,
    if_,
    unless,
)

DAY = dt.date(2020, 1, 1)
FACTS = [
    Fact("a", Kind.BOOL, "a?"),
    Fact("b", Kind.BOOL, "b?"),
    Fact("c", Kind.BOOL, "c?"),
    Fact("d", Kind.BOOL, "d?"),
    Fact("e", Kind.ENUM, "e?", values=("x", "y", "z")),
    Fact("o", Kind.BOOL, "override?", asked=False),
]
VALUES: dict[str, tuple[Any, ...]] = {
    f.id: (f.values if f.kind is Kind.ENUM else (True, False)) for f in FACTS
}
Draw = Callable[[st.SearchStrategy[Any]], Any]


def bool_expr(draw: Draw, refs: list[Expr], depth: int) -> Expr:
    if depth == 0 or draw(st.integers(0, 4)) == 0:
        pick = draw(st.integers(0, len(refs) + 1))
        if pick == len(refs):
            return Const(draw(st.booleans()))
        if pick == len(refs) + 1:
            return FACTS[4].eq(draw(st.sampled_from(VALUES["e"])))
        return refs[pick]
    op = draw(st.sampled_from(["and", "or", "not", "if", "otherwise", "override"]))
    sub = lambda: bool_expr(draw, refs, depth - 1)  # noqa: E731
    if op == "and":
        return sub() & sub()
    if op == "or":
        return sub() | sub()
    if op == "not":
        return ~sub()
    if op == "if":
        return if_(sub(), sub(), sub())
    if op == "override":
        return FACTS[5].otherwise(False) | sub()
    return sub().otherwise(draw(st.booleans()))


@st.composite
def rulebooks(draw: Draw) -> Rulebook:
    refs: list[Expr] = list(FACTS[:4])
    rules: list[Rule] = []
    for i in range(draw(st.integers(1, 3))):
        exceptions = [
            unless(f"x{i}_{j}", bool_expr(draw, refs, 2), then=draw(st.booleans()), words="x")
            for j in range(draw(st.integers(0, 2)))
        ]
        rule = Rule(f"r{i}", f"rule {i}", bool_expr(draw, refs, 3), exceptions=exceptions)
        rules.append(rule)
        refs.append(rule)
    return Rulebook("generated", "1", FACTS, rules)


@st.composite
def rows(draw: Draw) -> dict[str, Any]:
    row: dict[str, Any] = {AS_OF: DAY}
    for fact in FACTS:
        row[fact.id] = draw(st.sampled_from((None, *VALUES[fact.id])))
    return row


def completions(row: dict[str, Any], names: list[str]) -> Iterator[dict[str, Any]]:
    """Every way of answering ``names`` (each with each of its values)."""
    for values in itertools.product(*(VALUES[n] for n in names)):
        yield {**row, **dict(zip(names, values, strict=True))}


def goals_of(book: Rulebook) -> list[str]:
    return list(book.rules)


def outcome(book: Rulebook, row: dict[str, Any]) -> tuple[Any, ...] | None:
    """The goals' values, or None where two exceptions clash (an impossible world)."""
    try:
        done = book.interpret(row)
    except RuleConflict:
        return None
    return tuple(done[g] for g in goals_of(book))
