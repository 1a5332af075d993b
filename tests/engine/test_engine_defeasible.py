"""Defeasible rules: a default, labelled exceptions, conflicts, unknowns, validity dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from apportion.engine import (
    AS_OF,
    Citation,
    Fact,
    Kind,
    Rule,
    Rulebook,
    RuleConflict,
    unless,
)

DAY = dt.date(2024, 6, 1)
CITE = Citation("Test v. Case (2000) 1 Cal.4th 1", "p. 2")

a = Fact("a", Kind.BOOL, "Does a hold?")
b = Fact("b", Kind.BOOL, "Does b hold?")
amount = Fact("amount", Kind.MONEY, "How much, in cents?")
FACTS = [a, b, amount]
SCHEMA = {AS_OF: pl.Date, "a": pl.Boolean, "b": pl.Boolean, "amount": pl.Int64}


def book_of(*rules: Rule) -> Rulebook:
    return Rulebook("defeasible", "1", FACTS, rules)


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    full = [{AS_OF: DAY, "a": None, "b": None, "amount": None} | r for r in rows]
    return pl.DataFrame(full, schema=SCHEMA)


def both(book: Rulebook, goal: str, *rows: dict[str, Any]) -> list[Any]:
    """The goal on each row, asserting the plan and the interpreter agree."""
    data = frame(*rows)
    planned = book.evaluate(data)[goal].to_list()
    interpreted = [book.interpret(r)[goal] for r in data.iter_rows(named=True)]
    assert planned == interpreted
    return planned


# A money rule: 100 by default, 7 if a, 9 if b.
PAY = Rule(
    "pay",
    "amount payable",
    100,
    kind=Kind.MONEY,
    cites=[CITE],
    exceptions=[
        unless("if_a", a, then=7, words="a reduces it to 7"),
        unless("if_b", b, then=9, words="b reduces it to 9"),
    ],
)


def test_default_applies_when_no_exception_does() -> None:
    assert both(book_of(PAY), "pay", {"a": False, "b": False}) == [100]


def test_an_exception_that_fires_gives_its_value() -> None:
    assert both(book_of(PAY), "pay", {"a": True, "b": False}, {"a": False, "b": True}) == [7, 9]


def test_two_exceptions_with_different_values_conflict_in_the_plan() -> None:
    data = frame({"a": False, "b": False}, {"a": True, "b": False}, {"a": True, "b": True})
    with pytest.raises(RuleConflict) as info:
        book_of(PAY).evaluate(data)
    err = info.value
    assert err.rule_id == "pay"
    assert err.exception_ids == ["if_a", "if_b"]
    assert err.row == 2
    assert "'if_a'" in str(err) and "'if_b'" in str(err) and "row 2" in str(err)


def test_two_exceptions_with_different_values_conflict_in_the_interpreter() -> None:
    with pytest.raises(RuleConflict) as info:
        book_of(PAY).interpret({AS_OF: DAY, "a": True, "b": True, "amount": None})
    assert info.value.rule_id == "pay"
    assert info.value.exception_ids == ["if_a", "if_b"]
    assert info.value.row is None


def test_conflict_is_reported_even_when_only_goal_rules_are_planned() -> None:
    downstream = Rule("double", "twice the amount payable", PAY * 2, kind=Kind.MONEY)
    book = book_of(PAY, downstream)
    with pytest.raises(RuleConflict, match="'pay'"):
        book.evaluate(frame({"a": True, "b": True}), goals=["double"])


def test_exceptions_with_the_same_value_do_not_conflict() -> None:
    same_const = Rule(
        "r",
        "r",
        0,
        kind=Kind.MONEY,
        exceptions=[unless("x", a, then=5, words="x"), unless("y", b, then=5, words="y")],
    )
    # Values that are computed, not constants, but happen to be equal on the row.
    same_computed = Rule(
        "s",
        "s",
        0,
        kind=Kind.MONEY,
        exceptions=[
            unless("x", a, then=amount, words="x"),
            unless("y", b, then=amount + 0, words="y"),
        ],
    )
    # Both unknown values: unknown is the same as unknown, not a clash.
    book = book_of(same_const, same_computed)
    out = both(book, "r", {"a": True, "b": True, "amount": 3})
    assert out == [5]
    assert both(book, "s", {"a": True, "b": True, "amount": 3}, {"a": True, "b": True}) == [
        3,
        None,
    ]


def test_a_fired_unknown_value_clashes_with_a_known_one() -> None:
    rule = Rule(
        "r",
        "r",
        0,
        kind=Kind.MONEY,
        exceptions=[unless("x", a, then=amount, words="x"), unless("y", b, then=5, words="y")],
    )
    book = book_of(rule)
    with pytest.raises(RuleConflict):
        book.evaluate(frame({"a": True, "b": True, "amount": None}))
    with pytest.raises(RuleConflict):
        book.interpret({AS_OF: DAY, "a": True, "b": True, "amount": None})
    assert both(book, "r", {"a": True, "b": True, "amount": 5}) == [5]


def test_an_unknown_exception_leaves_the_rule_open_only_if_it_would_change_it() -> None:
    differs = Rule(
        "differs", "d", 100, kind=Kind.MONEY, exceptions=[unless("x", a, then=7, words="x")]
    )
    same = Rule("same", "s", 100, kind=Kind.MONEY, exceptions=[unless("x", a, then=100, words="x")])
    book = book_of(differs, same)
    rows = ({"a": None}, {"a": False}, {"a": True})
    assert both(book, "differs", *rows) == [None, 100, 7]
    assert both(book, "same", *rows) == [100, 100, 100]


def test_an_unknown_exception_against_one_that_fired() -> None:
    # a fires (7); b is unknown: open if b's value differs from 7, settled if equal.
    open_ = Rule(
        "open",
        "o",
        100,
        kind=Kind.MONEY,
        exceptions=[unless("x", a, then=7, words="x"), unless("y", b, then=9, words="y")],
    )
    settled = Rule(
        "settled",
        "s",
        100,
        kind=Kind.MONEY,
        exceptions=[unless("x", a, then=7, words="x"), unless("y", b, then=7, words="y")],
    )
    book = book_of(open_, settled)
    assert both(book, "open", {"a": True, "b": None}) == [None]
    assert both(book, "settled", {"a": True, "b": None}) == [7]


def test_a_boolean_defeasible_rule() -> None:
    barred = Rule(
        "barred",
        "the claim is barred",
        False,
        exceptions=[unless("settled", a, then=True, words="a settlement bars it")],
    )
    book = book_of(barred)
    assert both(book, "barred", {"a": True}, {"a": False}, {"a": None}) == [True, False, None]
    assert book.evaluate(frame({"a": True})).schema["barred"] == pl.Boolean


FROM, UNTIL = dt.date(2010, 1, 1), dt.date(2020, 1, 1)
DATED = Rule(
    "dated",
    "a rule whose exception held for a while",
    100,
    kind=Kind.MONEY,
    exceptions=[unless("window", a, then=7, words="w", valid_from=FROM, valid_until=UNTIL)],
)
ONE_DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("as_of", "want"),
    [
        (FROM - ONE_DAY, 100),  # not yet in force
        (FROM, 7),  # valid_from is inclusive
        (UNTIL - ONE_DAY, 7),
        (UNTIL, 100),  # valid_until is exclusive
        (UNTIL + ONE_DAY, 100),
    ],
)
def test_validity_dates_against_the_rows_as_of(as_of: dt.date, want: int) -> None:
    assert both(book_of(DATED), "dated", {AS_OF: as_of, "a": True}) == [want]


def test_an_exception_not_in_force_cannot_leave_the_rule_open_or_conflict() -> None:
    rule = Rule(
        "r",
        "r",
        100,
        kind=Kind.MONEY,
        exceptions=[
            unless("old", a, then=1, words="old", valid_until=FROM),
            unless("new", b, then=2, words="new", valid_from=FROM),
        ],
    )
    book = book_of(rule)
    before, after = FROM - ONE_DAY, FROM
    assert both(book, "r", {AS_OF: before, "a": True, "b": True}) == [1]
    assert both(book, "r", {AS_OF: after, "a": True, "b": True}) == [2]
    assert both(book, "r", {AS_OF: before, "a": False, "b": None}) == [100]
    assert both(book, "r", {AS_OF: after, "a": None, "b": False}) == [100]


def test_an_unknown_as_of_leaves_dated_exceptions_open() -> None:
    """Which law applies is unknown: a dated exception that holds may or may not apply."""
    book = book_of(DATED)
    assert both(book, "dated", {AS_OF: None, "a": True}) == [None]
    # ...but if its condition is false it cannot apply on any date.
    assert both(book, "dated", {AS_OF: None, "a": False}) == [100]


def test_rules_without_dated_exceptions_need_no_as_of() -> None:
    rule = Rule(
        "r", "r", amount + 1, kind=Kind.MONEY, exceptions=[unless("x", a, then=0, words="x")]
    )
    book = book_of(rule)
    assert book.interpret({"a": False, "b": None, "amount": 4})["r"] == 5
    data = pl.DataFrame({"a": [False], "amount": [4]})
    assert book.evaluate(data)["r"].to_list() == [5]


def test_duplicate_exception_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="two exceptions named 'x'"):
        Rule(
            "r",
            "r",
            0,
            exceptions=[unless("x", a, then=1, words="x"), unless("x", b, then=2, words="y")],
        )
