"""Rule expressions: a small typed tree built with Python operators.

The engine can inspect a tree (its inputs), print it in words, compile it to a
polars expression and evaluate it one row at a time. Unknown is ``None`` in a
row and ``null`` in a frame; logic is Kleene's three-valued logic throughout.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from apportion.engine.lazy import lazy_module

if TYPE_CHECKING:
    import polars as pl
else:
    pl = lazy_module("polars")


Row = Mapping[str, Any]
Value = bool | int | str | dt.date
"""A plain Python value that :func:`lift` turns into a :class:`Const`."""
ColumnOf = Callable[[str], "pl.Expr"]
"""How a node names a fact or rule column in its polars form (usually ``pl.col``)."""


class StagedColumns:
    """A ``col`` that can also give an intermediate value a column computed once."""

    def __call__(self, name: str) -> pl.Expr:
        return pl.col(name)

    def stage(self, value: pl.Expr) -> pl.Expr:
        raise NotImplementedError


def computed_once(col: ColumnOf, value: pl.Expr) -> pl.Expr:
    """``value``, an intermediate result a node reads several times in its polars form,
    as a column computed once where ``col`` can stage one (a lowering, see
    :mod:`apportion.engine.lower`); elsewhere ``value`` itself."""
    return col.stage(value) if isinstance(col, StagedColumns) else value


class Kind(enum.Enum):
    """Typed values: money is integer cents, shares are basis points (1/100 of 1 %)."""

    BOOL = "bool"
    MONEY = "money"
    DATE = "date"
    ENUM = "enum"
    SHARE = "share"
    INT = "int"

    @property
    def dtype(self) -> pl.DataType:
        if not _DTYPES:
            _DTYPES.update(_dtypes())
        return _DTYPES[self]


# Made once (a single matter's plan asks for them often), on first use (the row path
# needs no polars). (Enums as polars categoricals made the in-memory plan 20% faster but
# the streaming batch no faster: the cast on reading, contended between threads, cost
# what the comparisons saved.)
_DTYPES: dict[Kind, pl.DataType] = {}


def _dtypes() -> dict[Kind, pl.DataType]:
    return {
        Kind.BOOL: pl.Boolean(),
        Kind.MONEY: pl.Int64(),
        Kind.DATE: pl.Date(),
        Kind.ENUM: pl.String(),
        Kind.SHARE: pl.Int64(),
        Kind.INT: pl.Int64(),
    }


NUMERIC = (Kind.MONEY, Kind.SHARE, Kind.INT)


class Expr:
    """Base of every expression node."""

    kind: Kind

    # --- structure -------------------------------------------------------
    def children(self) -> tuple[Expr, ...]:
        return ()

    def refs(self) -> Iterator[Ref]:
        """Every fact or rule this expression reads, in order, with repeats."""
        for child in self.children():
            yield from child.refs()

    def may_be_unknown(self) -> bool:
        """False where the value is known on every row whatever the facts, so its polars
        form need not test for unknown. Most nodes are unknown exactly when an operand is."""
        return any(child.may_be_unknown() for child in self.children())

    # --- the three things every node can do -----------------------------
    def to_polars(self, col: ColumnOf) -> pl.Expr:
        raise NotImplementedError

    def eval(self, row: Row) -> Any:
        raise NotImplementedError

    def words(self) -> str:
        raise NotImplementedError

    # --- operators ------------------------------------------------------
    def __and__(self, other: Expr | bool) -> Expr:
        return And((self, lift(other)))

    def __rand__(self, other: Expr | bool) -> Expr:
        return And((lift(other), self))

    def __or__(self, other: Expr | bool) -> Expr:
        return Or((self, lift(other)))

    def __ror__(self, other: Expr | bool) -> Expr:
        return Or((lift(other), self))

    def __invert__(self) -> Expr:
        return Not(self)

    def __add__(self, other: Expr | int) -> Expr:
        return Arith("+", self, lift(other))

    def __radd__(self, other: Expr | int) -> Expr:
        return Arith("+", lift(other), self)

    def __sub__(self, other: Expr | int) -> Expr:
        return Arith("-", self, lift(other))

    def __rsub__(self, other: Expr | int) -> Expr:
        return Arith("-", lift(other), self)

    def __mul__(self, other: Expr | int) -> Expr:
        return Arith("*", self, lift(other))

    def __rmul__(self, other: Expr | int) -> Expr:
        return Arith("*", lift(other), self)

    def __lt__(self, other: Any) -> Expr:
        return Compare("<", self, lift(other))

    def __le__(self, other: Any) -> Expr:
        return Compare("<=", self, lift(other))

    def __gt__(self, other: Any) -> Expr:
        return Compare(">", self, lift(other))

    def __ge__(self, other: Any) -> Expr:
        return Compare(">=", self, lift(other))

    def eq(self, other: Any) -> Expr:
        return Compare("==", self, lift(other))

    def ne(self, other: Any) -> Expr:
        return Compare("!=", self, lift(other))

    def isin(self, values: Sequence[str]) -> Expr:
        return Or(tuple(self.eq(v) for v in values))

    def known(self) -> Expr:
        return IsKnown(self)

    def otherwise(self, default: Expr | Value) -> Expr:
        """This value where known, else ``default`` (an explicit, visible default)."""
        return Coalesce(self, lift(default))

    def __bool__(self) -> bool:
        raise TypeError("rule expressions have no truth value: use & | ~, not and/or/not")


def lift(value: Any) -> Expr:
    if isinstance(value, Expr):
        return value
    return Const(value)


def kind_of_value(value: Any) -> Kind:
    if isinstance(value, bool):
        return Kind.BOOL
    if isinstance(value, int):
        return Kind.INT
    if isinstance(value, dt.date):
        return Kind.DATE
    if isinstance(value, str):
        return Kind.ENUM
    raise TypeError(f"no rule value kind for {value!r}")


class Const(Expr):
    def __init__(self, value: Any, kind: Kind | None = None) -> None:
        self.value = value
        self.kind = kind or kind_of_value(value)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        return pl.lit(self.value, dtype=self.kind.dtype)

    def eval(self, row: Row) -> Any:
        return self.value

    def may_be_unknown(self) -> bool:
        return self.value is None

    def words(self) -> str:
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)


def unknown(kind: Kind) -> Const:
    return Const(None, kind)


class Ref(Expr):
    """A named value: a fact from the matter or another rule's conclusion."""

    def __init__(self, id: str, kind: Kind, label: str) -> None:
        self.id = id
        self.kind = kind
        self.label = label

    def __repr__(self) -> str:  # Fact('theory'), not <Fact object at 0x…>
        return f"{type(self).__name__}({self.id!r})"

    def refs(self) -> Iterator[Ref]:
        yield self

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        return col(self.id)

    def eval(self, row: Row) -> Any:
        return row[self.id]

    def may_be_unknown(self) -> bool:
        return True

    def words(self) -> str:
        return self.label


class Not(Expr):
    kind = Kind.BOOL

    def __init__(self, operand: Expr) -> None:
        self.operand = operand

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        return ~self.operand.to_polars(col)

    def eval(self, row: Row) -> Any:
        value = self.operand.eval(row)
        return None if value is None else not value

    def words(self) -> str:
        return f"not ({self.operand.words()})"


class And(Expr):
    kind = Kind.BOOL
    operands: tuple[Expr, ...]

    def __init__(self, operands: tuple[Expr, ...]) -> None:
        flat: list[Expr] = []
        for op in operands:
            flat.extend(op.operands if isinstance(op, And) else (op,))
        self.operands = tuple(flat)

    def children(self) -> tuple[Expr, ...]:
        return self.operands

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        if not self.operands:  # all of nothing holds
            return pl.lit(True, dtype=pl.Boolean())
        result = self.operands[0].to_polars(col)
        for op in self.operands[1:]:
            result = result & op.to_polars(col)
        return result

    def eval(self, row: Row) -> Any:
        values = [op.eval(row) for op in self.operands]
        if any(v is False for v in values):
            return False
        return None if any(v is None for v in values) else True

    def words(self) -> str:
        return " and ".join(_wrap(op) for op in self.operands) or "true"


class Or(Expr):
    kind = Kind.BOOL
    operands: tuple[Expr, ...]

    def __init__(self, operands: tuple[Expr, ...]) -> None:
        flat: list[Expr] = []
        for op in operands:
            flat.extend(op.operands if isinstance(op, Or) else (op,))
        self.operands = tuple(flat)

    def children(self) -> tuple[Expr, ...]:
        return self.operands

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        if not self.operands:  # none of nothing holds (e.g. ``isin([])``)
            return pl.lit(False, dtype=pl.Boolean())
        result = self.operands[0].to_polars(col)
        for op in self.operands[1:]:
            result = result | op.to_polars(col)
        return result

    def eval(self, row: Row) -> Any:
        values = [op.eval(row) for op in self.operands]
        if any(v is True for v in values):
            return True
        return None if any(v is None for v in values) else False

    def words(self) -> str:
        return " or ".join(_wrap(op) for op in self.operands) or "false"


def _wrap(expr: Expr) -> str:
    text = expr.words()
    return f"({text})" if isinstance(expr, And | Or) else text


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: bool(a < b),
    "<=": lambda a, b: bool(a <= b),
    ">": lambda a, b: bool(a > b),
    ">=": lambda a, b: bool(a >= b),
    "==": lambda a, b: bool(a == b),
    "!=": lambda a, b: bool(a != b),
}
_COMPARE_WORDS = {
    "<": "is before/below",
    "<=": "is at most",
    ">": "is above/after",
    ">=": "is at least",
    "==": "is",
    "!=": "is not",
}


class Compare(Expr):
    kind = Kind.BOOL

    def __init__(self, op: str, left: Expr, right: Expr) -> None:
        self.op, self.left, self.right = op, left, right

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        a, b = self.left.to_polars(col), self.right.to_polars(col)
        return {
            "<": a < b,
            "<=": a <= b,
            ">": a > b,
            ">=": a >= b,
            "==": a == b,
            "!=": a != b,
        }[self.op]

    def eval(self, row: Row) -> Any:
        a, b = self.left.eval(row), self.right.eval(row)
        if a is None or b is None:
            return None
        return _COMPARE[self.op](a, b)

    def words(self) -> str:
        return f"{self.left.words()} {_COMPARE_WORDS[self.op]} {self.right.words()}"


class Arith(Expr):
    """Integer arithmetic on money, shares and counts (never floats)."""

    def __init__(self, op: str, left: Expr, right: Expr) -> None:
        self.op, self.left, self.right = op, left, right
        self.kind = left.kind if left.kind in NUMERIC and left.kind != Kind.INT else right.kind

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        a, b = self.left.to_polars(col), self.right.to_polars(col)
        return {"+": a + b, "-": a - b, "*": a * b}[self.op]

    def eval(self, row: Row) -> Any:
        a, b = self.left.eval(row), self.right.eval(row)
        if a is None or b is None:
            return None
        return {"+": a + b, "-": a - b, "*": a * b}[self.op]

    def words(self) -> str:
        names = {"+": "plus", "-": "minus", "*": "times"}
        # Words read left to right: "a minus b minus c" is (a - b) - c. A computed right
        # operand, or a computed left operand of a product, goes in parentheses.
        left = _group(self.left) if self.op == "*" else self.left.words()
        return f"{left} {names[self.op]} {_group(self.right)}"


def _group(expr: Expr) -> str:
    """An arithmetic operand's words, in parentheses if it is itself a sum or product."""
    text = expr.words()
    return f"({text})" if isinstance(expr, Arith | MulDiv) else text


class MulDiv(Expr):
    """``floor(a * b / c)`` in integers; unknown when ``c`` is zero (no basis to divide)."""

    def __init__(self, a: Expr | int, b: Expr | int, c: Expr | int) -> None:
        self.a, self.b, self.c = lift(a), lift(b), lift(c)
        self.kind = self.a.kind

    def children(self) -> tuple[Expr, ...]:
        return (self.a, self.b, self.c)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        a, b, c = (e.to_polars(col) for e in (self.a, self.b, self.c))
        return pl.when(c == 0).then(None).otherwise((a * b) // c)

    def eval(self, row: Row) -> Any:
        a, b, c = (e.eval(row) for e in (self.a, self.b, self.c))
        if a is None or b is None or c is None or c == 0:
            return None
        return (a * b) // c

    def may_be_unknown(self) -> bool:
        return True  # dividing by zero

    def words(self) -> str:
        return f"{_group(self.a)} × {_group(self.b)} ÷ {_group(self.c)}"


class Extreme(Expr):
    """The least (``min``) or greatest (``max``) of several values; unknown if any is."""

    def __init__(self, op: str, operands: tuple[Expr, ...]) -> None:
        self.op, self.operands = op, operands
        self.kind = operands[0].kind

    def children(self) -> tuple[Expr, ...]:
        return self.operands

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        parts = [op.to_polars(col) for op in self.operands]
        if not self.may_be_unknown():
            return (pl.min_horizontal if self.op == "min" else pl.max_horizontal)(parts)
        # Pairwise, by comparison: unknown where a comparison is, and twice as fast as
        # min_horizontal on columns with nulls.
        result = parts[0]
        for part in parts[1:]:
            a = computed_once(col, result)
            first = a <= part if self.op == "min" else a >= part
            second = part < a if self.op == "min" else part > a
            result = pl.when(first).then(a).when(second).then(part)
        return result

    def eval(self, row: Row) -> Any:
        values = [op.eval(row) for op in self.operands]
        if any(v is None for v in values):
            return None
        return min(values) if self.op == "min" else max(values)

    def words(self) -> str:
        name = "the least of" if self.op == "min" else "the greatest of"
        return f"{name} ({', '.join(op.words() for op in self.operands)})"


def least(*operands: Expr | Value) -> Expr:
    return Extreme("min", tuple(lift(o) for o in operands))


def greatest(*operands: Expr | Value) -> Expr:
    return Extreme("max", tuple(lift(o) for o in operands))


class IfThen(Expr):
    """``then`` where ``cond`` is true, ``orelse`` where false, unknown where unknown."""

    def __init__(self, cond: Expr, then: Expr, orelse: Expr) -> None:
        self.cond, self.then, self.orelse = cond, then, orelse
        unknown_then = isinstance(then, Const) and then.value is None
        # A plain integer literal takes the kind of the other branch (0 money is money).
        plain_then = isinstance(then, Const) and then.kind is Kind.INT and orelse.kind in NUMERIC
        self.kind = orelse.kind if unknown_then or plain_then else then.kind

    def children(self) -> tuple[Expr, ...]:
        return (self.cond, self.then, self.orelse)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        inner = _false_if_unknown(self.cond)
        if inner is not None:
            # ``when`` takes an unknown condition as false already: no coalesce needed.
            c = inner.to_polars(col)
            return pl.when(c).then(self.then.to_polars(col)).otherwise(self.orelse.to_polars(col))
        c = self.cond.to_polars(col)
        if not self.cond.may_be_unknown():
            return pl.when(c).then(self.then.to_polars(col)).otherwise(self.orelse.to_polars(col))
        return (
            pl.when(c.is_null())
            .then(pl.lit(None, dtype=self.kind.dtype))
            .when(c)
            .then(self.then.to_polars(col))
            .otherwise(self.orelse.to_polars(col))
        )

    def eval(self, row: Row) -> Any:
        c = self.cond.eval(row)
        if c is None:
            return None
        return self.then.eval(row) if c else self.orelse.eval(row)

    def words(self) -> str:
        return f"if {self.cond.words()} then {self.then.words()} else {self.orelse.words()}"


def _false_if_unknown(cond: Expr) -> Expr | None:
    """``c`` where ``cond`` is ``c.otherwise(False)``, else None."""
    if (
        isinstance(cond, Coalesce)
        and isinstance(cond.default, Const)
        and cond.default.value is False
        and cond.value.kind is Kind.BOOL
    ):
        return cond.value
    return None


def if_(cond: Expr, then: Expr | Value, orelse: Expr | Value) -> Expr:
    return IfThen(cond, lift(then), lift(orelse))


class IsKnown(Expr):
    kind = Kind.BOOL

    def __init__(self, operand: Expr) -> None:
        self.operand = operand

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        return self.operand.to_polars(col).is_not_null()

    def eval(self, row: Row) -> Any:
        return self.operand.eval(row) is not None

    def may_be_unknown(self) -> bool:
        return False

    def words(self) -> str:
        return f"{self.operand.words()} is known"


class Coalesce(Expr):
    def __init__(self, value: Expr, default: Expr) -> None:
        self.value, self.default = value, default
        self.kind = value.kind

    def children(self) -> tuple[Expr, ...]:
        return (self.value, self.default)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        return pl.coalesce(self.value.to_polars(col), self.default.to_polars(col))

    def eval(self, row: Row) -> Any:
        value = self.value.eval(row)
        return self.default.eval(row) if value is None else value

    def may_be_unknown(self) -> bool:
        return self.value.may_be_unknown() and self.default.may_be_unknown()

    def words(self) -> str:
        return f"{self.value.words()} (or, if unknown, {self.default.words()})"


def structure(expr: Expr) -> str:
    """The tree's meaning as text, unambiguous where :meth:`Expr.words` may not be
    (``a - (b - c)`` and ``(a - b) - c`` read alike in words): facts and rules by id,
    constants with their kind, every operator with its operands."""
    if isinstance(expr, Const):
        return f"{expr.kind.value}:{expr.value!r}"
    if isinstance(expr, Ref):
        return f"${expr.id}:{expr.kind.value}"
    # Every attribute that is not an operand (an operator, a split's part number) counts.
    extra = "".join(
        f"{name}={value!r};"
        for name, value in sorted(vars(expr).items())
        if name != "kind" and not _operands(value)
    )
    inner = ", ".join(structure(child) for child in expr.children())
    return f"{type(expr).__name__}[{extra}]({inner})"


def _operands(value: Any) -> bool:
    return isinstance(value, Expr) or (
        isinstance(value, tuple) and any(isinstance(v, Expr) for v in value)
    )
