"""Exact splits of integer money: the largest-remainder (Hamilton) method.

``split(total, weights)`` divides an integer ``total`` in proportion to non-negative
integer ``weights`` so that the parts are whole units that add up to ``total`` exactly.
Each part first gets the floor of its exact share; the units left over go, one each, to
the parts with the largest remainders, ties going to the earlier weight. Every part is
within one unit of its exact share.

The parts are ordinary expressions: they compile to polars (vectorized, computed in
128-bit integers so ``total * weight`` cannot overflow, or, when every weight is a share in
basis points, in 64-bit integers by splitting ``total`` into whole multiples of the
denominator and a remainder below it) and evaluate row by row with identical results. A
part is unknown when the total or any weight is unknown, when a weight is negative, or
when the weights add up to zero (there is no basis to divide).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from apportion.engine.expr import ColumnOf, Expr, Kind, Row, lift

_WIDE = pl.Int128()
_NARROW = pl.Int64()


def split(total: Expr | int, weights: Sequence[Expr | int]) -> list[Expr]:
    """The parts of ``total`` in proportion to ``weights``, exact to the unit."""
    if not weights:
        raise ValueError("split needs at least one weight")
    whole = lift(total)
    parts = tuple(lift(w) for w in weights)
    return [SplitPart(whole, parts, i) for i in range(len(parts))]


def largest_remainder(total: int, weights: Sequence[int]) -> list[int] | None:
    """The reference computation on plain integers (``None`` where there is no basis)."""
    if any(w < 0 for w in weights):
        return None
    denominator = sum(weights)
    if denominator == 0:
        return None
    floors = [(total * w) // denominator for w in weights]
    remainders = [total * w - f * denominator for w, f in zip(weights, floors, strict=True)]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    bonus = set(order[:left])
    return [f + (1 if i in bonus else 0) for i, f in enumerate(floors)]


class SplitPart(Expr):
    """Part ``index`` of ``total`` split by largest remainder over ``weights``."""

    def __init__(self, total: Expr, weights: tuple[Expr, ...], index: int) -> None:
        self.total, self.weights, self.index = total, weights, index
        self.kind = total.kind

    def children(self) -> tuple[Expr, ...]:
        return (self.total, *self.weights)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        # Checked on the 64-bit values, which is cheaper; only the arithmetic may be wider.
        # With no weight negative, the weights add up to zero exactly when all are zero.
        total64 = self.total.to_polars(col)
        weights64 = [w.to_polars(col) for w in self.weights]
        unknown = (
            pl.any_horizontal([total64.is_null(), *(w.is_null() for w in weights64)])
            | pl.any_horizontal([w < 0 for w in weights64])
            | pl.all_horizontal([w == 0 for w in weights64])
        )
        if all(w.kind is Kind.SHARE for w in self.weights):
            part = self._narrow(total64, weights64)
        else:
            part = self._wide(total64, weights64)
        return (
            pl.when(unknown.fill_null(True))
            .then(pl.lit(None, dtype=self.kind.dtype))
            .otherwise(part.cast(self.kind.dtype))
        )

    def _wide(self, total64: pl.Expr, weights64: list[pl.Expr]) -> pl.Expr:
        total = total64.cast(_WIDE)
        weights = [w.cast(_WIDE) for w in weights64]
        denominator = weights[0]
        for weight in weights[1:]:
            denominator = denominator + weight
        if len(weights) == 2:
            part = _first_of_two(total, weights[0], denominator)
            return total - part if self.index == 1 else part
        return _part(total, weights, denominator, self.index)

    def _narrow(self, total: pl.Expr, weights: list[pl.Expr]) -> pl.Expr:
        """Shares are basis points, so ``denominator * weight`` fits in 64 bits: with
        ``total = q * d + m``, ``total * w // d == q * w + (m * w) // d`` and the remainder
        is ``(m * w) % d``, all without widening (twice as fast as 128-bit division)."""
        denominator = pl.sum_horizontal(weights)
        q, m = total // denominator, total % denominator
        if len(weights) == 2:  # as in _first_of_two: one unit at most is left over
            product = m * weights[0]
            remainder = product % denominator
            bonus = (remainder > 0) & (remainder * 2 >= denominator)
            first = q * weights[0] + product // denominator + bonus.cast(_NARROW)
            return total - first if self.index == 1 else first
        floors = [q * w + (m * w) // denominator for w in weights]
        remainders = [(m * w) % denominator for w in weights]
        return _rank_part(total, floors, remainders, self.index, _NARROW)

    def eval(self, row: Row) -> Any:
        total = self.total.eval(row)
        weights = [w.eval(row) for w in self.weights]
        if total is None or any(w is None for w in weights):
            return None
        parts = largest_remainder(total, weights)
        return None if parts is None else parts[self.index]

    def words(self) -> str:
        shares = ", ".join(w.words() for w in self.weights)
        return (
            f"part {self.index + 1} of {self.total.words()} split in proportion to "
            f"({shares}) by largest remainder"
        )


def _first_of_two(total: pl.Expr, first: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """Part 1 of a split in two, with one 128-bit division instead of two.

    With f = floor(total * first / d) and r its remainder, the second weight's remainder
    is d - r (or 0 when r is 0) and one unit is left over exactly when r > 0; it goes to
    the first part when r is the larger remainder or the tie (ties go to the earlier
    weight). The second part is the rest of the total.
    """
    product = total * first
    floor = product // denominator
    remainder = product - floor * denominator
    bonus = (remainder > 0) & (remainder * 2 >= denominator)
    return floor + bonus.cast(_WIDE)


def _part(total: pl.Expr, weights: list[pl.Expr], denominator: pl.Expr, index: int) -> pl.Expr:
    """Part ``index`` by the general largest-remainder method."""
    floors = [(total * w) // denominator for w in weights]
    remainders = [total * w - f * denominator for w, f in zip(weights, floors, strict=True)]
    return _rank_part(total, floors, remainders, index, _WIDE)


def _rank_part(
    total: pl.Expr,
    floors: list[pl.Expr],
    remainders: list[pl.Expr],
    index: int,
    dtype: pl.DataType,
) -> pl.Expr:
    """Floor ``index`` plus one unit if its remainder ranks among the units left over."""
    left = total - pl.sum_horizontal(floors)
    me = remainders[index]
    # How many parts are served before this one: larger remainders, then earlier ties.
    ahead = [(r > me) if j > index else (r >= me) for j, r in enumerate(remainders) if j != index]
    rank = pl.sum_horizontal([a.cast(dtype) for a in ahead]) if ahead else pl.lit(0, dtype)
    return floors[index] + (rank < left).cast(dtype)
