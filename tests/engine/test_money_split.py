"""The largest-remainder split: exact parts, compiled and interpreted alike."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apportion.engine import Fact, Kind, largest_remainder, split
from apportion.engine.money import SPLIT_LIMIT

TOTAL = Fact("total", Kind.MONEY, "total?")
# Weights of any integer kind are split alike; both kinds are checked.
WEIGHT_KINDS = (Kind.INT, Kind.SHARE)
WEIGHTS = {k: [Fact(f"w{i}", k, f"w{i}?") for i in range(5)] for k in WEIGHT_KINDS}


def compiled(rows: list[dict[str, Any]], n: int, kind: Kind = Kind.INT) -> list[list[int | None]]:
    schema = {"total": pl.Int64} | {f"w{i}": pl.Int64 for i in range(n)}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    parts = split(TOTAL, WEIGHTS[kind][:n])
    out = frame.select([p.to_polars(pl.col).alias(f"p{i}") for i, p in enumerate(parts)])
    return [list(r) for r in out.iter_rows()]


def interpreted(rows: list[dict[str, Any]], n: int) -> list[list[int | None]]:
    parts = split(TOTAL, WEIGHTS[Kind.INT][:n])
    return [[p.eval(r) for p in parts] for r in rows]


def rows_of(total: int | None, weights: list[int | None]) -> dict[str, Any]:
    return {"total": total} | {f"w{i}": w for i, w in enumerate(weights)}


@pytest.mark.parametrize(
    ("total", "weights", "want"),
    [
        (100, [1, 1, 1], [34, 33, 33]),  # ties go to the earlier weight
        (2, [1, 1, 1], [1, 1, 0]),
        (10_500_000, [5_000, 5_000], [5_250_000, 5_250_000]),
        (8_500_000, [6_000, 4_000], [5_100_000, 3_400_000]),
        (1, [3_333, 3_333, 3_334], [0, 0, 1]),  # the largest remainder wins the cent
        (7, [0, 5, 0], [0, 7, 0]),
        (0, [1, 2], [0, 0]),
        (-100, [1, 1, 1], [-33, -33, -34]),
    ],
)
def test_worked_examples(total: int, weights: list[int], want: list[int]) -> None:
    row = rows_of(total, list(weights))
    assert largest_remainder(total, weights) == want
    assert interpreted([row], len(weights)) == [want]
    for kind in WEIGHT_KINDS:
        assert compiled([row], len(weights), kind) == [want], kind


def test_no_basis_or_unknown_gives_unknown() -> None:
    rows = [
        rows_of(100, [0, 0]),  # nothing to divide by
        rows_of(None, [1, 1]),
        rows_of(100, [1, None]),
        rows_of(100, [-1, 3]),  # a negative weight is no proportion
    ]
    want = [[None, None]] * 4
    assert interpreted(rows, 2) == want
    assert compiled(rows, 2) == want
    assert compiled(rows, 2, Kind.SHARE) == want


@pytest.mark.parametrize("n", [2, 3])
def test_no_overflow_on_large_amounts(n: int) -> None:
    # total * weight is far beyond Int64; the compiled split is exact all the same.
    total = SPLIT_LIMIT - 1
    weights = [SPLIT_LIMIT - 3, 3 * 10**12 + 1, 7][:n]
    row = rows_of(total, list(weights))
    want = largest_remainder(total, weights)
    assert want is not None and sum(want) == total
    assert compiled([row], n) == interpreted([row], n) == [want]


def test_beyond_the_exact_range_is_unknown() -> None:
    rows = [
        rows_of(SPLIT_LIMIT, [1, 1]),
        rows_of(-SPLIT_LIMIT, [1, 1]),
        rows_of(5, [SPLIT_LIMIT, 1]),
    ]
    assert interpreted(rows, 2) == compiled(rows, 2) == [[None, None]] * 3


def test_split_words_say_what_it_does() -> None:
    words = split(TOTAL, WEIGHTS[Kind.INT][:2])[1].words()
    assert "part 2 of total" in words and "largest remainder" in words


CENTS = st.integers(0, 10**13)
WEIGHT = st.integers(0, 10**6)
# Anywhere in the exact range, where total * weight overflows 64 bits.
HUGE = st.integers(-(SPLIT_LIMIT - 1), SPLIT_LIMIT - 1)
HUGE_WEIGHT = st.integers(0, SPLIT_LIMIT - 1)


@st.composite
def batches(draw: st.DrawFn) -> tuple[int, list[dict[str, Any]]]:
    n = draw(st.integers(1, 5))
    rows = draw(
        st.lists(
            st.tuples(CENTS, st.lists(WEIGHT, min_size=n, max_size=n)),
            min_size=1,
            max_size=40,
        )
    )
    return n, [rows_of(t, list(ws)) for t, ws in rows]


@settings(max_examples=1000, deadline=None)
@given(batches(), st.sampled_from(WEIGHT_KINDS))
def test_parts_are_exact_and_compiled_equals_interpreted(
    batch: tuple[int, list[dict[str, Any]]], kind: Kind
) -> None:
    n, rows = batch
    planned, by_row = compiled(rows, n, kind), interpreted(rows, n)
    assert planned == by_row
    for row, parts in zip(rows, planned, strict=True):
        total, weights = row["total"], [row[f"w{i}"] for i in range(n)]
        denominator = sum(weights)
        if denominator == 0:
            assert parts == [None] * n
            continue
        assert all(p is not None for p in parts)
        whole = [p for p in parts if p is not None]
        assert sum(whole) == total  # the parts add up exactly
        for p, w in zip(whole, weights, strict=True):
            assert p >= 0
            assert abs(p * denominator - total * w) < denominator  # within one unit


@settings(max_examples=1000, deadline=None)
@given(CENTS, st.lists(WEIGHT, min_size=2, max_size=5), st.data())
def test_raising_a_weight_never_lowers_its_part(
    total: int, weights: list[int], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(weights) - 1))
    more = list(weights)
    more[i] += data.draw(st.integers(1, 10**6))
    before, after = largest_remainder(total, weights), largest_remainder(total, more)
    assert after is not None
    if before is not None:
        assert after[i] >= before[i]


@settings(max_examples=1000, deadline=None)
@given(CENTS, st.lists(WEIGHT, min_size=1, max_size=5), st.permutations(range(5)))
def test_order_of_weights_only_breaks_ties(total: int, weights: list[int], perm: list[int]) -> None:
    order = [i for i in perm if i < len(weights)]
    parts = largest_remainder(total, weights)
    moved = largest_remainder(total, [weights[i] for i in order])
    if parts is None or moved is None:
        assert parts is moved is None
        return
    denominator = sum(weights)
    for k, i in enumerate(order):
        # Each party's part is its exact share rounded down or up, whatever its position.
        assert abs(moved[k] - parts[i]) <= 1
        assert moved[k] * denominator - total * weights[i] < denominator


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.lists(
            st.tuples(HUGE, st.lists(HUGE_WEIGHT | WEIGHT, min_size=n, max_size=n)),
            min_size=1,
            max_size=80,
        )
    )
)
def test_compiled_is_exact_across_the_whole_range(batch: list[tuple[int, list[int]]]) -> None:
    n = len(batch[0][1])
    rows = [rows_of(t, list(ws)) for t, ws in batch]
    assert compiled(rows, n) == [largest_remainder(t, ws) or [None] * n for t, ws in batch]
