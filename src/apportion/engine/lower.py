"""Lowering a rule graph to polars columns without repeated work.

Some nodes use an operand more than once in their polars form (an if-then tests its
condition twice, min/max test every operand for null, a largest-remainder split reads
its total and weights many times, a defeasible rule reads each exception's condition
and value in several places). Inlined, the operand's whole expression is repeated, and
nested nodes multiply it: one money rule grew to tens of thousands of expression nodes.
Lowering gives every computed operand that is used more than once a helper column of
its own, computed once, and :func:`schedule` places each column in the earliest
``with_columns`` layer its inputs allow. Which operands are reused is found by compiling
each node over placeholders, so any new kind of node is handled without listing it here.
A node's own intermediate values (a split's denominator and remainders) are not operands:
the node passes them through :func:`~apportion.engine.expr.computed_once`, and lowering
gives each distinct one a helper column too.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from apportion.engine.expr import Const, Expr, Kind, Ref, StagedColumns, structure
from apportion.engine.lazy import lazy_module

if TYPE_CHECKING:
    import polars as pl
else:
    pl = lazy_module("polars")

HELPER_PREFIX = "__h"
INLINE_AT_MOST = 3
"""Operands of at most this many nodes (``a == "x"``, ``a or else true``) stay inline."""
_PLACEHOLDER = "__placeholder_"


class Lowering:
    """Helper and rule columns, each with the columns it reads, in definition order."""

    def __init__(self, inline: bool = False) -> None:
        self.inline = inline  # no helper columns: every operand inlined where it is used
        self.columns: dict[str, pl.Expr] = {}
        self.reads: dict[str, set[str]] = {}
        self._helpers: dict[str, Ref] = {}
        self._reused: dict[tuple[type, tuple[str, ...]], frozenset[int]] = {}
        self._columns = _Columns(self)

    def add(self, name: str, expr: pl.Expr) -> None:
        self.columns[name] = expr
        self.reads[name] = set(expr.meta.root_names())

    def helpers(self) -> list[str]:
        return [name for name in self.columns if name.startswith(HELPER_PREFIX)]

    def compile(self, expr: Expr) -> pl.Expr:
        """``expr`` as a polars expression whose reused operands are helper columns."""
        if self.inline:
            return expr.to_polars(pl.col)
        return self.rewrite(expr).to_polars(self._columns)

    def operand(self, expr: Expr) -> pl.Expr:
        """``expr`` as a column of its own if it is computed (for operands used often)."""
        if self.inline:
            return expr.to_polars(pl.col)
        return self.shared(expr).to_polars(self._columns)

    def shared(self, node: Expr) -> Expr:
        """``node`` if it is a fact, rule or constant; else a helper column computing it."""
        if isinstance(node, Ref | Const) or _small(node, INLINE_AT_MOST) or _constant(node):
            # Cheaper repeated than as a column of its own; a constant stays a scalar.
            return self.rewrite(node)
        # Operands that mean the same (built twice, or in two rules) share one column.
        key = structure(node)
        found = self._helpers.get(key)
        if found is not None:
            return found
        name = f"{HELPER_PREFIX}{len(self._helpers)}"
        ref = _Helper(name, node.kind, node.may_be_unknown())
        self._helpers[key] = ref
        self.add(name, self.compile(node))
        return ref

    def rewrite(self, node: Expr) -> Expr:
        """A copy of ``node`` in which every operand it uses more than once is shared."""
        if isinstance(node, Ref | Const):
            return node
        slots = list(_slots(node))
        if not slots:
            return node
        reused = self._reused_slots(node, slots)
        new = copy.copy(node)
        for i, (attr, index, child) in enumerate(slots):
            lowered = self.shared(child) if i in reused else self.rewrite(child)
            _put(new, attr, index, lowered)
        return new

    def _reused_slots(
        self, node: Expr, slots: list[tuple[str, int | None, Expr]]
    ) -> frozenset[int]:
        key = (type(node), tuple(f"{a}{'' if i is None else i}" for a, i, _ in slots))
        if key not in self._reused:
            probe = copy.copy(node)
            for i, (attr, index, child) in enumerate(slots):
                _put(probe, attr, index, Ref(f"{_PLACEHOLDER}{i}", child.kind, ""))
            names = probe.to_polars(pl.col).meta.root_names()
            self._reused[key] = frozenset(
                i for i in range(len(slots)) if names.count(f"{_PLACEHOLDER}{i}") > 1
            )
        return self._reused[key]


class _Helper(Ref):
    """A helper column standing for an operand, known wherever the operand is."""

    def __init__(self, name: str, kind: Kind, may_be_unknown: bool) -> None:
        super().__init__(name, kind, name)
        self._may_be_unknown = may_be_unknown

    def may_be_unknown(self) -> bool:
        return self._may_be_unknown


class _Columns(StagedColumns):
    """The ``col`` a lowering compiles nodes with: ``pl.col`` for facts and rules, and
    ``stage`` for a node's intermediate values (one helper column per distinct value)."""

    def __init__(self, lowering: Lowering) -> None:
        self.lowering = lowering
        self.staged: dict[str, str] = {}

    def stage(self, value: pl.Expr) -> pl.Expr:
        if not value.meta.root_names() or value.meta.is_column():
            return value  # a constant stays a scalar that broadcasts; a column is one already
        key = value.meta.serialize(format="json")
        name = self.staged.get(key)
        if name is None:
            name = self.staged[key] = f"{HELPER_PREFIX}v{len(self.staged)}"
            self.lowering.add(name, value)
        return pl.col(name)


def _constant(node: Expr) -> bool:
    return next(iter(node.refs()), None) is None


def _small(node: Expr, limit: int) -> bool:
    """Whether ``node`` written out as a tree has at most ``limit`` nodes. Counted only up
    to the limit: an operand shared many times over (a date shift, a money world) makes
    the written-out tree exponentially larger than the graph, and counting all of it made
    the first plan of the rulebook take 40 s."""
    pending, left = [node], limit
    while pending:
        left -= 1
        if left < 0:
            return False
        pending.extend(child for _, _, child in _slots(pending.pop()))
    return True


def _slots(node: Expr) -> Iterator[tuple[str, int | None, Expr]]:
    """Every operand of ``node``: (attribute, position in a tuple or None, operand)."""
    for attr, value in vars(node).items():
        if isinstance(value, Expr):
            yield attr, None, value
        elif isinstance(value, tuple) and value and all(isinstance(v, Expr) for v in value):
            for i, item in enumerate(value):
                yield attr, i, item


def _put(node: Expr, attr: str, index: int | None, value: Expr) -> None:
    if index is None:
        setattr(node, attr, value)
        return
    items: list[Any] = list(getattr(node, attr))
    items[index] = value
    setattr(node, attr, tuple(items))


def _named(expr: pl.Expr, name: str) -> bool:
    try:
        return expr.meta.output_name() == name
    except pl.exceptions.ComputeError:  # a literal has no output name
        return False


def schedule(lowering: Lowering, inputs: Iterable[str]) -> list[list[pl.Expr]]:
    """The columns in layers: each column one layer after the latest column it reads."""
    produced = set(lowering.columns)
    level: dict[str, int] = dict.fromkeys(inputs, 0)
    layers: list[list[pl.Expr]] = []
    for name, expr in lowering.columns.items():
        reads = [r for r in lowering.reads[name] if r in produced]
        depth = 1 + max((level[r] for r in reads), default=0)
        level[name] = depth
        while len(layers) < depth:
            layers.append([])
        layers[depth - 1].append(expr if _named(expr, name) else expr.alias(name))
    return layers
