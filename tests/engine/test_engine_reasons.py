"""Minimal decisive reasons: only the inputs that decided a value, in Kleene logic."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from random_books import DAY, FACTS, VALUES, rows

from apportion.engine import AS_OF, Fact, Kind, Rule, Rulebook, if_, unless
from apportion.engine.reasons import decisive, rule_reasons

a, b, c, d = FACTS[:4]


def ids(expr: Any, **row: Any) -> list[str]:
    full = {AS_OF: DAY, "a": None, "b": None, "c": None, "d": None, "e": None, "o": None}
    return [r.id for r in decisive(expr, full | row)]


def test_a_false_conjunction_is_decided_by_its_false_operands_only() -> None:
    assert ids(a & b & c, a=True, b=False, c=None) == ["b"]
    assert ids(a & b & c, a=False, b=False, c=True) == ["a", "b"]
    assert ids(a & b, a=True, b=True) == ["a", "b"]
    assert ids(a & b & c, a=True, b=None, c=None) == ["b", "c"]  # open: the open ones


def test_a_true_disjunction_is_decided_by_its_true_operands_only() -> None:
    assert ids(a | b | c, a=None, b=True, c=False) == ["b"]
    assert ids(a | b, a=False, b=False) == ["a", "b"]


def test_if_reads_its_condition_and_the_taken_branch() -> None:
    assert ids(if_(a, b, c), a=True, b=False, c=True) == ["a", "b"]
    assert ids(if_(a, b, c), a=False, b=False, c=True) == ["a", "c"]
    assert ids(if_(a, b, c), a=None, b=True, c=True) == ["a"]


def test_otherwise_reads_the_operand_it_used() -> None:
    assert ids(a.otherwise(False) | b, a=None, b=True) == ["b"]
    assert ids(a.otherwise(b), a=None, b=True) == ["b"]
    assert ids(a.otherwise(b), a=False, b=True) == ["a"]


def test_rule_reasons_skip_exceptions_that_would_not_change_the_value() -> None:
    rule = Rule(
        "r",
        "r",
        a & b,
        exceptions=[
            unless("same", c, then=False, words="gives the same value"),
            unless("other", d, then=True, words="would flip it"),
        ],
    )
    book = Rulebook("t", "1", FACTS, [rule])
    row = book.interpret({AS_OF: DAY, "a": False, "b": None, "c": None, "d": False})
    why = rule_reasons(rule, row)
    assert why.value is False
    assert [r.id for r in why.deciding] == ["a"]
    assert [r.id for r in why.set_aside] == ["b"]
    assert [e.exception.id for e in why.ruled_out] == ["other"]
    assert [r.id for r in why.ruled_out[0].reasons] == ["d"]
    assert why.undecided == []  # "same" is open, but it cannot change the value
    trace = book.trace(row, "r")
    assert trace.undecided == [] and [e.id for e in trace.ruled_out] == ["other"]
    assert [f.id for f in trace.facts] == ["a"]  # b was unknown and did not matter


def test_an_open_value_is_explained_by_the_open_exception() -> None:
    rule = Rule("r", "r", a, exceptions=[unless("flip", c & d, then=False, words="w")])
    book = Rulebook("t", "1", FACTS, [rule])
    row = book.interpret({AS_OF: DAY, "a": True, "c": True, "d": None})
    trace = book.trace(row, "r")
    assert trace.value is None and trace.undecided == ["flip"]
    assert [f.id for f in trace.facts] == ["d"]
    assert [f.id for f in trace.open_exceptions[0].facts] == ["d"]
    assert trace.to_dict()["format_version"] == 3


@settings(max_examples=300, deadline=None)
@given(rows())
def test_decisive_reasons_suffice_and_are_known(row: dict[str, Any]) -> None:
    """For a known value: every reason is known, and changing any known fact that is not
    a reason (to any other value) leaves the value as it is."""
    o = FACTS[5]
    exprs = [
        (a & b) | ~c,
        if_(a, b & c, d | c),
        (o.otherwise(False) | a) & (b.otherwise(c) | d),
        if_(FACTS[4].eq("x"), a, ~(b & d)),
        ~(a | (b & (c | d))),
    ]
    for expr in exprs:
        value = expr.eval(row)
        if value is None:
            continue
        reasons = {r.id for r in decisive(expr, row)}
        assert all(row[r] is not None for r in reasons)
        others = [f.id for f in FACTS if f.id not in reasons and row[f.id] is not None]
        for combo in itertools.product(*(VALUES[n] for n in others)):
            changed = row | dict(zip(others, combo, strict=True))
            assert expr.eval(changed) == value, (expr.words(), row, changed)


def test_an_unknown_read_through_its_default_is_not_a_reason() -> None:
    paid = Fact("paid", Kind.MONEY, "paid?")
    book = Rulebook("t", "1", [paid], [Rule("owed", "owed", paid.otherwise(0) + 1)])
    row = book.interpret({AS_OF: DAY, "paid": None})
    assert book.trace(row, "owed").facts == []  # the default was used: paid did not matter
