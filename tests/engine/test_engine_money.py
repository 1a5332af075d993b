"""Integer money: exact floor division, unknown on division by zero, never a float."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apportion.engine import (
    AS_OF,
    Const,
    Fact,
    Kind,
    MulDiv,
    Rule,
    Rulebook,
    greatest,
    if_,
    least,
    unknown,
    unless,
)

DAY = dt.date(2024, 1, 1)
a = Fact("a", Kind.MONEY, "a?")
b = Fact("b", Kind.SHARE, "b?")
c = Fact("c", Kind.INT, "c?")
flag = Fact("flag", Kind.BOOL, "flag?")
kind = Fact("kind", Kind.ENUM, "kind?", values=["one", "two"])
when = Fact("when", Kind.DATE, "when?")
FACTS = [a, b, c, flag, kind, when]

SPLIT = Rule("split", "a times b over c", MulDiv(a, b, c), kind=Kind.MONEY)
SPLIT_BOOK = Rulebook("muldiv", "1", FACTS, [SPLIT])
SCHEMA = SPLIT_BOOK.input_schema()
NULLS = {"a": None, "b": None, "c": None, "flag": None, "kind": None, "when": None}

# Values whose products overflow a float's 53-bit mantissa but not an Int64.
BIG = st.integers(-(10**9), 10**9)


def run(book: Rulebook, goal: str, **facts: Any) -> tuple[Any, Any]:
    row = {AS_OF: DAY} | NULLS | facts
    planned = book.evaluate(pl.DataFrame([row], schema=SCHEMA))[goal][0]
    return planned, book.interpret(row)[goal]


@settings(max_examples=200, deadline=None)
@given(BIG, BIG, BIG.filter(lambda v: v != 0))
def test_muldiv_floors_exactly(x: int, y: int, z: int) -> None:
    planned, interpreted = run(SPLIT_BOOK, "split", a=x, b=y, c=z)
    want = (x * y) // z  # Python integers: exact, floored toward minus infinity
    assert planned == interpreted == want
    assert type(planned) is int and type(interpreted) is int
    # The floor: q <= x*y/z < q + 1, checked without division.
    if z > 0:
        assert z * want <= x * y < z * (want + 1)
    else:
        assert z * want >= x * y > z * (want + 1)


@pytest.mark.parametrize(
    ("x", "y", "z", "want"),
    [
        (-7, 1, 2, -4),  # floor, not truncation toward zero
        (7, 1, -2, -4),
        (-7, 1, -2, 3),
        (1_000_001, 3_333, 10_000, 333_300),  # 333_300.3333 cents floored
        (123_456_789_012_345, 7, 3, 288_065_841_028_805),  # beyond a float's precision
    ],
)
def test_muldiv_examples(x: int, y: int, z: int, want: int) -> None:
    assert run(SPLIT_BOOK, "split", a=x, b=y, c=z) == (want, want)


@pytest.mark.parametrize(
    "facts",
    [
        {"a": 5, "b": 3, "c": 0},
        {"a": 5, "b": None, "c": 2},
        {"a": None, "b": 3, "c": 2},
        {"a": 5, "b": 3, "c": None},
        {"a": 0, "b": 0, "c": 0},
    ],
)
def test_muldiv_is_unknown_without_a_basis(facts: dict[str, Any]) -> None:
    assert run(SPLIT_BOOK, "split", **facts) == (None, None)


MONEY_RULES = [
    Rule("plus", "plus", a + c + 1, kind=Kind.MONEY),
    Rule("minus", "minus", 10 - a - c, kind=Kind.MONEY),
    Rule("times", "times", a * 3, kind=Kind.MONEY),
    Rule("lo", "lo", least(a, c, 5), kind=Kind.MONEY),
    Rule("hi", "hi", greatest(a, 0), kind=Kind.MONEY),
    Rule("pick", "pick", if_(flag, a, 0), kind=Kind.MONEY),
    Rule("or_zero", "or zero", a.otherwise(0), kind=Kind.MONEY),
    Rule("split", "split", MulDiv(a, b, 10_000), kind=Kind.MONEY),
    Rule("share", "share", MulDiv(b, Const(1), 2), kind=Kind.SHARE),
    Rule("count", "count", c * 2, kind=Kind.INT),
    Rule(
        "dated",
        "dated",
        0,
        kind=Kind.MONEY,
        exceptions=[unless("x", flag, then=MulDiv(a, 1, 3), words="x")],
    ),
    Rule("cheap", "cheap", a < 100),
    Rule("is_one", "is one", kind.eq("one")),
    Rule("label", "label", if_(flag, "one", kind)),
    Rule("latest", "latest", greatest(when, DAY)),
    Rule("none_yet", "none yet", unknown(Kind.MONEY)),
]
WANT_DTYPES = {
    "plus": pl.Int64,
    "minus": pl.Int64,
    "times": pl.Int64,
    "lo": pl.Int64,
    "hi": pl.Int64,
    "pick": pl.Int64,
    "or_zero": pl.Int64,
    "split": pl.Int64,
    "share": pl.Int64,
    "count": pl.Int64,
    "dated": pl.Int64,
    "cheap": pl.Boolean,
    "is_one": pl.Boolean,
    "label": pl.String,
    "latest": pl.Date,
    "none_yet": pl.Int64,
}


def test_result_columns_have_their_kinds_dtype_and_never_float() -> None:
    book = Rulebook("dtypes", "1", FACTS, MONEY_RULES)
    frame = pl.DataFrame(
        [
            {AS_OF: DAY} | NULLS,
            {
                AS_OF: DAY,
                "a": 1001,
                "b": 3333,
                "c": 7,
                "flag": True,
                "kind": "two",
                "when": dt.date(2030, 1, 1),
            },
        ],
        schema=SCHEMA,
    )
    out = book.evaluate(frame)
    for rule in MONEY_RULES:
        assert out.schema[rule.id] == WANT_DTYPES[rule.id], rule.id
        # The expression itself, before the rule casts it to its kind, is integer too.
        raw = frame.select(rule.default.to_polars(pl.col).alias("raw")).schema["raw"]
        assert not raw.is_float(), (rule.id, raw)
    row = out.row(1, named=True)
    assert row["split"] == 1001 * 3333 // 10_000 == 333
    assert row["share"] == 1666
    assert row["dated"] == 333
    assert row["minus"] == 10 - 1001 - 7
    interpreted = book.interpret(frame.row(1, named=True))
    assert {r.id: interpreted[r.id] for r in MONEY_RULES} == {r.id: row[r.id] for r in MONEY_RULES}
    assert all(
        type(interpreted[r]) is int
        for r, d in WANT_DTYPES.items()
        if d == pl.Int64 and interpreted[r] is not None
    )


def test_reflected_operators_build_integer_arithmetic() -> None:
    rule = Rule("r", "r", 3 * a - 1, kind=Kind.MONEY)
    book = Rulebook("rmul", "1", [a], [rule])
    assert book.interpret({AS_OF: DAY, "a": 5})["r"] == 14
    out = book.evaluate(pl.DataFrame({"a": [5, None]}, schema={"a": pl.Int64}))
    assert out["r"].to_list() == [14, None]
