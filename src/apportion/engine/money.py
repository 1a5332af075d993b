"""Exact splits of integer money: the largest-remainder (Hamilton) method.

``split(total, weights)`` divides an integer ``total`` in proportion to non-negative
integer ``weights`` so that the parts are whole units that add up to ``total`` exactly.
Each part first gets the floor of its exact share; the units left over go, one each, to
the parts with the largest remainders, ties going to the earlier weight. Every part is
within one unit of its exact share.

The parts are ordinary expressions: they compile to polars (vectorized) and evaluate row
by row with identical results. A part is unknown when the total or any weight is unknown,
when a weight is negative, when the weights add up to zero (there is no basis to divide),
or when the total or a weight is beyond ``SPLIT_LIMIT`` (the range the compiled
arithmetic is exact in, about 2 * 10**15: twenty-two trillion dollars in cents).

Compiled, no integer is divided (division is the slowest integer operation, and 128-bit
division slower still): the floor of ``total * w / d`` is estimated in floating point,
which is within one of the exact floor below ``SPLIT_LIMIT``, and made exact by its
remainder ``total * w - floor * d``. That remainder is small, so 64-bit arithmetic gives
it exactly even where ``total * w`` itself is beyond 64 bits: polars' integer arithmetic
wraps, which is exact modulo 2**64.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from apportion.engine.expr import ColumnOf, Expr, Row, computed_once, lift
from apportion.engine.lazy import lazy_module

if TYPE_CHECKING:
    import polars as pl
else:
    pl = lazy_module("polars")

SPLIT_LIMIT = 2**51
"""Totals and weights are read below this magnitude; beyond it a part is unknown."""


def split(total: Expr | int, weights: Sequence[Expr | int]) -> list[Expr]:
    """The parts of ``total`` in proportion to ``weights``, exact to the unit."""
    if not weights:
        raise ValueError("split needs at least one weight")
    whole = lift(total)
    parts = tuple(lift(w) for w in weights)
    return [SplitPart(whole, parts, i) for i in range(len(parts))]


def largest_remainder(total: int, weights: Sequence[int]) -> list[int] | None:
    """The reference computation on plain integers (``None`` where there is no basis)."""
    if any(w < 0 for w in weights) or not _in_range(total, weights):
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
        def once(value: pl.Expr) -> pl.Expr:
            return computed_once(col, value)

        total = once(self.total.to_polars(col))
        weights = [once(w.to_polars(col)) for w in self.weights]
        # With no weight negative, the weights add up to zero exactly when all are zero.
        unknown = (
            pl.any_horizontal([total.is_null(), *(w.is_null() for w in weights)])
            | pl.any_horizontal([w < 0 for w in weights])
            | pl.all_horizontal([w == 0 for w in weights])
            | pl.any_horizontal([e.abs() >= SPLIT_LIMIT for e in (total, *weights)])
        )
        denominator = once(pl.sum_horizontal(weights))
        if len(weights) == 2:  # one unit at most is left over: no ranking needed
            floor, remainder = _floor_and_remainder(total, weights[0], denominator, once)
            bonus = (remainder > 0) & (remainder * 2 >= denominator)
            first = floor + bonus.cast(pl.Int64())
            part = total - first if self.index == 1 else first
        else:
            pairs = [_floor_and_remainder(total, w, denominator, once) for w in weights]
            part = _rank_part(total, [f for f, _ in pairs], [r for _, r in pairs], self.index)
        return (
            pl.when(unknown.fill_null(True))
            .then(pl.lit(None, dtype=self.kind.dtype))
            .otherwise(part.cast(self.kind.dtype))
        )

    def may_be_unknown(self) -> bool:
        return True  # no basis to divide, or beyond the exact range

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


def _in_range(total: int, weights: Sequence[int]) -> bool:
    return all(abs(v) < SPLIT_LIMIT for v in (total, *weights))


def _floor_and_remainder(
    total: pl.Expr, weight: pl.Expr, denominator: pl.Expr, once: Callable[[pl.Expr], pl.Expr]
) -> tuple[pl.Expr, pl.Expr]:
    """``floor(total * weight / denominator)`` and its remainder, exact, without dividing
    an integer.

    Below ``SPLIT_LIMIT`` the quotient is at most 2**51 and its three roundings (of the
    denominator, the product, the quotient) put it within 2**51 * 3 * 2**-53 = 3/4 of the
    exact one, so its floor is off by at most one;
    the remainder then lies in [-d, 2d) and says which way to correct it. The remainder
    is small, so 64-bit arithmetic (which wraps) computes it exactly."""
    estimate = once(
        (total.cast(pl.Float64()) * weight.cast(pl.Float64()) / denominator.cast(pl.Float64()))
        .floor()
        .cast(pl.Int64(), strict=False)  # NaN where the weights add up to zero: masked as unknown
    )
    remainder = once(total * weight - estimate * denominator)
    step = once((remainder >= denominator).cast(pl.Int64()) - (remainder < 0).cast(pl.Int64()))
    return once(estimate + step), once(remainder - step * denominator)


def _rank_part(
    total: pl.Expr, floors: list[pl.Expr], remainders: list[pl.Expr], index: int
) -> pl.Expr:
    """Floor ``index`` plus one unit if its remainder ranks among the units left over."""
    left = total - pl.sum_horizontal(floors)
    me = remainders[index]
    # How many parts are served before this one: larger remainders, then earlier ties.
    ahead = [(r > me) if j > index else (r >= me) for j, r in enumerate(remainders) if j != index]
    rank = (
        pl.sum_horizontal([a.cast(pl.Int64()) for a in ahead]) if ahead else pl.lit(0, pl.Int64())
    )
    return floors[index] + (rank < left).cast(pl.Int64())
