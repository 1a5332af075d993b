"""Open facts: the unknown facts a goal's value may still turn on, row by row, in the plan.

For a row whose goal is still open (a claim's status undetermined), the facts worth
finding out are the unknown ones whose answers could change the goal. Every rule of the
goal's cone gets a bit mask of such facts (a bit per fact of the cone), computed
as polars columns after the plan's own, so a whole portfolio gets them in the same
streaming query; the masks are dropped and the goal's becomes a list of fact ids.

A node's mask holds every unknown fact whose answer could change the node's value
(sound: a fact left out cannot change it; a fact listed may matter only together with
others). Kleene logic is monotone, so a known value changes only through ``is known``
and ``otherwise``; so:

- a fact: its bit while unknown; a constant: none; a rule: its mask column;
- ``and`` settled by a false operand that cannot change (``or`` by a true one), an
  ``if`` whose condition is known and cannot change: only the operands still deciding;
- ``otherwise``: its value's mask, and its default's while the value is unknown or may
  change; ``is known``: its operand's;
- every other node is unknown exactly when an operand is: the union of its operands';
- a rule: its exceptions' conditions and values, except those ruled out for good (a
  condition false that cannot change, or not in force on the row's known date), and its
  default unless an exception applies for good.

The engine knows no law: which goal, and which of its values count as open, is the
caller's choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from apportion.engine.expr import And, Coalesce, Const, Expr, IfThen, IsKnown, Or, Ref
from apportion.engine.lazy import lazy_module
from apportion.engine.plan import Rulebook
from apportion.engine.rules import AS_OF, Exception_, Rule, dated

if TYPE_CHECKING:
    import polars as pl
else:
    pl = lazy_module("polars")

PREFIX = "__open"
WORD = 63
"""Facts per mask word (an Int64 column, the sign bit unused)."""

Mask = list["pl.Expr | None"]
"""One expression per word; None where the word is zero on every row."""


def with_open_facts(
    rulebook: Rulebook,
    frame: pl.LazyFrame,
    goal: str,
    is_open: pl.Expr,
    name: str,
    labels: Mapping[str, str] | None = None,
) -> pl.LazyFrame:
    """``frame`` (the plan of a set of goals that includes ``goal``) with a column
    ``name``: on rows where ``is_open``, the unknown facts the goal may still turn on (a
    list of their ids, or of their ``labels``, in the rulebook's order of facts);
    elsewhere null."""
    rules, facts = rulebook.cone([goal])
    # Overrides (facts never asked, such as an election between two views of unsettled
    # law) count too: electing one may be what decides the goal.
    masks = _Masks(rulebook, [f.id for f in facts if f.id != AS_OF])
    columns: list[str] = []
    frame_out = frame
    for rule in rules:
        mask = masks.rule(rule)
        named = []
        for w, word in enumerate(mask):
            column = f"{PREFIX}{w}__{rule.id}"
            if word is not None:
                named.append(word.alias(column))
                columns.append(column)
        masks.columns[rule.id] = [
            pl.col(f"{PREFIX}{w}__{rule.id}") if word is not None else None
            for w, word in enumerate(mask)
        ]
        if named:
            frame_out = frame_out.with_columns(named)
    goal_mask = masks.columns[goal]
    shown = [(labels or {}).get(fact, fact) for fact in masks.bits]
    empty = pl.lit([], dtype=pl.List(pl.String))
    # A mask becomes its list of names once per distinct mask in each batch (a few
    # hundred), not once per row: 56 when-thens and a list per row cost ten times the
    # masks themselves.
    lists = [
        word.map_batches(
            partial(_names, word=w, shown=shown),
            return_dtype=pl.List(pl.String),
            is_elementwise=True,
        )
        if word is not None
        else empty
        for w, word in enumerate(goal_mask)
    ]
    listed = lists[0] if len(lists) == 1 else pl.concat_list(lists)
    frame_out = frame_out.with_columns(
        pl.when(is_open).then(listed).otherwise(pl.lit(None, dtype=pl.List(pl.String))).alias(name)
    )
    return frame_out.drop(columns) if columns else frame_out


def _names(batch: pl.Series, word: int, shown: Sequence[str]) -> pl.Series:
    """Each mask of word ``word`` as the list of names of its bits."""
    distinct = batch.drop_nulls().unique()
    table = pl.DataFrame(
        {
            "mask": distinct,
            "names": [
                [
                    shown[i]
                    for bit in range(WORD)
                    if (i := word * WORD + bit) < len(shown) and mask >> bit & 1
                ]
                for mask in distinct.to_list()
            ],
        },
        schema={"mask": pl.Int64, "names": pl.List(pl.String)},
    )
    found = batch.to_frame("mask").join(table, on="mask", how="left", maintain_order="left")
    return found.get_column("names").fill_null(pl.lit([], dtype=pl.List(pl.String)))


class _Masks:
    def __init__(self, rulebook: Rulebook, facts: Sequence[str]) -> None:
        self.rulebook = rulebook
        self.bits = {fact: divmod(i, WORD) for i, fact in enumerate(facts)}
        self.words = max(1, -(-len(facts) // WORD))
        self.columns: dict[str, Mask] = {}

    def zero(self) -> Mask:
        return [None] * self.words

    def rule(self, rule: Rule) -> Mask:
        parts: list[Mask] = []
        settled_true: list[pl.Expr] = []
        for exc in rule.exceptions:
            cond = self.node(exc.when)
            value = self.node(exc.value)
            out = self._out_for_good(exc, cond)
            parts.append(_when_not(out, _union([cond, value], self.words)))
            settled_true.append(self._in_for_good(exc, cond))
        default = self.node(rule.default)
        if settled_true:
            parts.append(_when_not(pl.any_horizontal(settled_true), default))
        else:
            parts.append(default)
        return _union(parts, self.words)

    def _out_for_good(self, exc: Exception_, cond: Mask) -> pl.Expr:
        """The exception is ruled out whatever the unknown facts are."""
        false = exc.when.to_polars(pl.col).eq(False).fill_null(False) & _fixed(cond)
        if dated(exc):
            as_of = pl.col(AS_OF)
            outside = pl.lit(False)
            if exc.valid_from is not None:
                outside = outside | (as_of < pl.lit(exc.valid_from))
            if exc.valid_until is not None:
                outside = outside | (as_of >= pl.lit(exc.valid_until))
            false = false | outside.fill_null(False)
        return false

    def _in_for_good(self, exc: Exception_, cond: Mask) -> pl.Expr:
        """The exception applies whatever the unknown facts are."""
        true = exc.when.to_polars(pl.col).eq(True).fill_null(False) & _fixed(cond)
        if dated(exc):
            as_of = pl.col(AS_OF)
            inside = as_of.is_not_null()
            if exc.valid_from is not None:
                inside = inside & (as_of >= pl.lit(exc.valid_from))
            if exc.valid_until is not None:
                inside = inside & (as_of < pl.lit(exc.valid_until))
            true = true & inside.fill_null(False)
        return true

    def node(self, expr: Expr) -> Mask:
        if isinstance(expr, Const):
            return self.zero()
        if isinstance(expr, Ref):
            if expr.id in self.columns:
                return list(self.columns[expr.id])
            mask = self.zero()
            if expr.id in self.bits:
                w, bit = self.bits[expr.id]
                mask[w] = (
                    pl.when(pl.col(expr.id).is_null())
                    .then(pl.lit(1 << bit, dtype=pl.Int64))
                    .otherwise(pl.lit(0, dtype=pl.Int64))
                )
            return mask
        if isinstance(expr, And | Or):
            children = [(child, self.node(child)) for child in expr.children()]
            settles = isinstance(expr, Or)  # true settles an or, false an and
            settled = [
                child.to_polars(pl.col).eq(settles).fill_null(False) & _fixed(mask)
                for child, mask in children
                if not _is_zero(mask) or _can_settle(child, settles)
            ]
            union = _union([mask for _, mask in children], self.words)
            return _when_not(pl.any_horizontal(settled), union) if settled else union
        if isinstance(expr, IfThen):
            cond, then, orelse = (self.node(c) for c in expr.children())
            if _is_zero(then) and _is_zero(orelse):
                return cond
            value = expr.cond.to_polars(pl.col)
            fixed = value.is_not_null() & _fixed(cond)
            out: Mask = []
            for w in range(self.words):
                parts = _present(p[w] for p in (cond, then, orelse))
                if not parts:
                    out.append(None)
                    continue
                branch = pl.when(value).then(_or_zero(then[w])).otherwise(_or_zero(orelse[w]))
                out.append(pl.when(fixed).then(branch).otherwise(_or_all(parts)))
            return out
        if isinstance(expr, Coalesce):
            given, default = self.node(expr.value), self.node(expr.default)
            if _is_zero(default):
                return given
            needed = expr.value.to_polars(pl.col).is_null() | ~_fixed(given)
            return _union([given, _when(needed, default)], self.words)
        if isinstance(expr, IsKnown):
            return self.node(expr.operand)
        return _union([self.node(child) for child in expr.children()], self.words)


def _can_settle(child: Expr, settles: bool) -> bool:
    """Whether a child whose mask is zero may still settle the and/or (a constant that
    cannot is skipped, to keep the query small)."""
    return not (isinstance(child, Const) and child.value is not settles)


def _is_zero(mask: Mask) -> bool:
    return all(word is None for word in mask)


def _fixed(mask: Mask) -> pl.Expr:
    """No unknown fact can change the node."""
    words = [word == 0 for word in _present(mask)]
    if not words:
        return pl.lit(True)
    return pl.all_horizontal(words)


def _or_zero(word: pl.Expr | None) -> pl.Expr:
    return word if word is not None else pl.lit(0, dtype=pl.Int64)


def _present(words: Iterable[pl.Expr | None]) -> list[pl.Expr]:
    return [word for word in words if word is not None]


def _or_all(words: list[pl.Expr]) -> pl.Expr:
    result = words[0]
    for word in words[1:]:
        result = result | word
    return result


def _union(masks: list[Mask], size: int) -> Mask:
    out: Mask = []
    for w in range(size):
        words = _present(m[w] for m in masks)
        out.append(_or_all(words) if words else None)
    return out


def _when(cond: pl.Expr, mask: Mask) -> Mask:
    return [
        None if word is None else pl.when(cond).then(word).otherwise(pl.lit(0, dtype=pl.Int64))
        for word in mask
    ]


def _when_not(cond: pl.Expr, mask: Mask) -> Mask:
    return [
        None if word is None else pl.when(cond).then(pl.lit(0, dtype=pl.Int64)).otherwise(word)
        for word in mask
    ]
