"""The row path: a rule graph compiled once to plain Python functions, one per rule.

A single matter, an interview step or a what-if is a handful of rows: building a polars
query for them costs far more than computing them. Each rule becomes the source of one
Python function over plain values (``None`` is unknown), generated from its expression
tree and compiled with ``exec``: no tree is walked and no polars is touched per row. The
functions mean exactly what :meth:`Expr.eval` and :meth:`Rule.decide` mean (the tests
check them against the compiled plan, as they check the interpreter). Operands used more
than once in a rule are computed once; an ``if`` and an ``otherwise`` compute only the
branch they take. A node this module does not know is evaluated by its own ``eval``.

A rule's function reads its inputs from the row and returns its value, so a row can be
recomputed from one changed fact by running only the rules downstream of it (see
:meth:`RowProgram.rerun`), which is what relevance and counterfactuals do many times.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from apportion.engine.dates import AddDaysOf, _DateShift
from apportion.engine.expr import (
    And,
    Arith,
    Coalesce,
    Compare,
    Const,
    Expr,
    Extreme,
    IfThen,
    IsKnown,
    Kind,
    MulDiv,
    Not,
    Or,
    Ref,
    Row,
    structure,
)
from apportion.engine.money import SplitPart, largest_remainder
from apportion.engine.rules import AS_OF, Rule, RuleConflict, dated

RuleFunction = Callable[[Mapping[str, Any]], Any]
NESTED_AT_MOST = 40
"""Deeper than this, an ``if`` computes both branches (Python limits nested blocks)."""


class RowProgram:
    """Every rule of a rule graph (in evaluation order) as a compiled Python function."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.order = {rule.id: i for i, rule in enumerate(self.rules)}
        namespace: dict[str, Any] = dict(_RUNTIME)
        sources = [_RuleSource(rule, namespace, i).source() for i, rule in enumerate(self.rules)]
        exec(compile("\n".join(sources), "<apportion rules>", "exec"), namespace)
        self.functions: dict[str, RuleFunction] = {
            rule.id: namespace[f"rule_{i}"] for i, rule in enumerate(self.rules)
        }
        self._readers: dict[str, set[str]] = {}
        for rule in self.rules:
            reads = {ref.id for ref in rule.inputs()}
            if any(dated(e) for e in rule.exceptions):
                reads.add(AS_OF)
            for ref_id in reads:
                self._readers.setdefault(ref_id, set()).add(rule.id)
        self._readers_within: dict[frozenset[str] | None, dict[str, tuple[str, ...]]] = {}

    def run(self, facts: Row, rules: Iterable[str]) -> dict[str, Any]:
        """``facts`` with the value of each of ``rules`` (given in evaluation order)."""
        row: dict[str, Any] = dict(facts)
        functions = self.functions
        for rule_id in rules:
            row[rule_id] = functions[rule_id](row)
        return row

    def rerun(
        self, row: Row, changed: Mapping[str, Any], within: frozenset[str] | None = None
    ) -> dict[str, Any]:
        """``row`` (facts and rule values) with the facts in ``changed`` set to new values
        and the rules downstream of them recomputed (only those in ``within``, if given:
        the rules the goals need). Only a rule one of whose inputs moved is recomputed,
        in evaluation order (a heap of the pending ones), so a change that settles
        nothing costs a few rules, not the graph."""
        out: dict[str, Any] = dict(row)
        out.update(changed)
        readers, order, functions = self._readers_in(within), self.order, self.functions
        pending: list[tuple[int, str]] = []
        queued: set[str] = set()

        def moved(name: str) -> None:
            for reader in readers.get(name, ()):
                if reader not in queued:
                    queued.add(reader)
                    heapq.heappush(pending, (order[reader], reader))

        for name in changed:
            moved(name)
        while pending:
            _, rule_id = heapq.heappop(pending)
            value = functions[rule_id](out)
            if rule_id not in out or value != out[rule_id]:
                out[rule_id] = value
                moved(rule_id)
        return out

    def _readers_in(self, within: frozenset[str] | None) -> dict[str, tuple[str, ...]]:
        """Per fact or rule, the rules (of ``within``, if given) that read it."""
        found = self._readers_within.get(within)
        if found is None:
            found = self._readers_within[within] = {
                name: tuple(r for r in readers if within is None or r in within)
                for name, readers in self._readers.items()
            }
        return found


def _settle(
    rule_id: str,
    exception_ids: tuple[str, ...],
    conds: tuple[bool | None, ...],
    values: tuple[Any, ...],
    default: Any,
) -> Any:
    """A defeasible rule's value from its exceptions' conditions and values, as
    :meth:`Rule.decide` gives it (a value is read only where its condition is not false)."""
    fired = [i for i, cond in enumerate(conds) if cond is True]
    if fired:
        if len({repr(values[i]) for i in fired}) > 1:
            raise RuleConflict(rule_id, [exception_ids[i] for i in fired])
        value = values[fired[0]]
    else:
        value = default
    if any(cond is None and values[i] != value for i, cond in enumerate(conds)):
        return None
    return value


def _shifted(node: _DateShift, day: dt.date) -> dt.date | None:
    try:
        return node.shift(day)
    except (OverflowError, ValueError):  # beyond year 9999 or before year 1
        return None


def _plus_days(day: dt.date, days: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _split_part(total: int, weights: list[int], index: int) -> int | None:
    parts = largest_remainder(total, weights)
    return None if parts is None else parts[index]


_RUNTIME: dict[str, Any] = {
    "_settle": _settle,
    "_shifted": _shifted,
    "_plus_days": _plus_days,
    "_split_part": _split_part,
}
_AS_OF = Ref(AS_OF, Kind.DATE, AS_OF)
_BINARY_OPS = {"<", "<=", ">", ">=", "==", "!=", "+", "-", "*"}


class _RuleSource:
    """The source of one rule's function: one assignment per distinct operand."""

    def __init__(self, rule: Rule, namespace: dict[str, Any], number: int) -> None:
        self.rule, self.namespace, self.number = rule, namespace, number
        self.lines: list[str] = []
        self.prologue: list[str] = []  # constants, assigned once at the top
        self.literals: dict[str, str] = {}
        self.depth = 1
        self.memo: dict[str, str] = {}
        self.keys: dict[int, str] = {}
        self.count = 0

    def source(self) -> str:
        self.body()
        return "\n".join([f"def rule_{self.number}(row):", *self.prologue, *self.lines])

    def body(self) -> None:
        rule = self.rule
        if not rule.exceptions:
            self.emit(f"return {self.value(rule.default)}")
            return
        conds = [self.condition(i) for i in range(len(rule.exceptions))]
        values = []
        for i, cond in enumerate(conds):
            # An exception's value is read only where its condition may hold.
            name = self.fresh()
            self.emit(f"{name} = None")
            self.emit(f"if {cond} is not False:")
            with self.block():
                self.emit(f"{name} = {self.value(rule.exceptions[i].value)}")
            values.append(name)
        default = self.value(rule.default)
        ids = self.constant(tuple(e.id for e in rule.exceptions))
        self.emit(f"if {' and '.join(f'{c} is False' for c in conds)}:")
        with self.block():
            self.emit(f"return {default}")
        self.emit(
            f"return _settle({self.constant(rule.id)}, {ids}, ({', '.join(conds)},), "
            f"({', '.join(values)},), {default})"
        )

    def condition(self, index: int) -> str:
        """Whether exception ``index`` applies: in force on ``as_of`` and its condition
        true, in Kleene logic (see :func:`apportion.engine.rules.applies`)."""
        exc = self.rule.exceptions[index]
        if not dated(exc):
            return self.value(exc.when)
        as_of = self.value(_AS_OF)
        out = self.fresh()
        ended = []
        if exc.valid_from is not None:
            ended.append(f"{as_of} < {self.constant(exc.valid_from)}")
        if exc.valid_until is not None:
            ended.append(f"{as_of} >= {self.constant(exc.valid_until)}")
        self.emit(f"if {as_of} is not None and ({' or '.join(ended)}):")
        with self.block():
            self.emit(f"{out} = False")
        self.emit("else:")
        with self.block():
            when = self.value(exc.when)
            self.emit(
                f"{out} = False if {when} is False else "
                f"(None if {as_of} is None or {when} is None else True)"
            )
        return out

    # --- helpers ----------------------------------------------------------------------
    def emit(self, line: str) -> None:
        self.lines.append("    " * self.depth + line)

    def fresh(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def constant(self, value: Any) -> str:
        if value is None or isinstance(value, bool | int | str):
            return repr(value)
        name = f"k{self.number}_{len(self.namespace)}"
        self.namespace[name] = value
        return name

    @contextmanager
    def block(self) -> Iterator[None]:
        """A nested block: what is computed inside it is unknown after it."""
        saved = dict(self.memo)
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            self.memo = saved

    def key(self, node: Expr) -> str:
        found = self.keys.get(id(node))
        if found is None:
            found = self.keys[id(node)] = structure(node)
        return found

    def value(self, node: Expr) -> str:
        """The name (or literal) holding ``node``'s value, computing it once."""
        if isinstance(node, Const):
            # A local name, not a literal: the tests below read ``x is None`` alike.
            literal = self.constant(node.value)
            name = self.literals.get(literal)
            if name is None:
                name = self.literals[literal] = self.fresh()
                self.prologue.append(f"    {name} = {literal}")
            return name
        key = self.key(node)
        found = self.memo.get(key)
        if found is not None:
            return found
        name = self.fresh()
        self.compute(node, name)
        self.memo[key] = name
        return name

    def compute(self, node: Expr, out: str) -> None:
        emit, value = self.emit, self.value
        if isinstance(node, Ref):
            emit(f"{out} = row[{node.id!r}]")
        elif isinstance(node, Not):
            a = value(node.operand)
            emit(f"{out} = None if {a} is None else not {a}")
        elif isinstance(node, And | Or):
            if not node.operands:
                emit(f"{out} = {isinstance(node, And)}")
                return
            names = [value(op) for op in node.operands]
            settles = isinstance(node, Or)  # True settles an Or, False settles an And
            emit(
                f"{out} = {settles} if {' or '.join(f'{n} is {settles}' for n in names)} else "
                f"(None if {' or '.join(f'{n} is None' for n in names)} else {not settles})"
            )
        elif isinstance(node, Compare | Arith) and node.op in _BINARY_OPS:
            a, b = value(node.left), value(node.right)
            emit(f"{out} = None if {a} is None or {b} is None else {a} {node.op} {b}")
        elif isinstance(node, MulDiv):
            a, b, c = value(node.a), value(node.b), value(node.c)
            emit(
                f"{out} = None if {a} is None or {b} is None or {c} is None or {c} == 0 "
                f"else ({a} * {b}) // {c}"
            )
        elif isinstance(node, Extreme) and node.op in ("min", "max"):
            names = [value(op) for op in node.operands]
            call = names[0] if len(names) == 1 else f"{node.op}({', '.join(names)})"
            emit(f"{out} = None if {' or '.join(f'{n} is None' for n in names)} else {call}")
        elif isinstance(node, IfThen):
            self.if_then(node, out)
        elif isinstance(node, IsKnown):
            emit(f"{out} = {value(node.operand)} is not None")
        elif isinstance(node, Coalesce):
            a = value(node.value)
            emit(f"if {a} is None:")
            with self.block():
                emit(f"{out} = {value(node.default)}")
            emit("else:")
            with self.block():
                emit(f"{out} = {a}")
        elif isinstance(node, _DateShift):
            a = value(node.operand)
            emit(f"{out} = None if {a} is None else _shifted({self.constant(node)}, {a})")
        elif isinstance(node, AddDaysOf):
            a, b = value(node.operand), value(node.days)
            emit(f"{out} = None if {a} is None or {b} is None else _plus_days({a}, {b})")
        elif isinstance(node, SplitPart):
            total = value(node.total)
            weights = [value(w) for w in node.weights]
            unknown = " or ".join(f"{n} is None" for n in (total, *weights))
            emit(
                f"{out} = None if {unknown} else "
                f"_split_part({total}, [{', '.join(weights)}], {node.index})"
            )
        else:  # a node this module does not know evaluates itself
            emit(f"{out} = {self.constant(node)}.eval(row)")

    def if_then(self, node: IfThen, out: str) -> None:
        cond = self.value(node.cond)
        if self.depth > NESTED_AT_MOST:
            then, orelse = self.value(node.then), self.value(node.orelse)
            self.emit(f"{out} = None if {cond} is None else ({then} if {cond} else {orelse})")
            return
        self.emit(f"if {cond} is None:")
        with self.block():
            self.emit(f"{out} = None")
        self.emit(f"elif {cond}:")
        with self.block():
            self.emit(f"{out} = {self.value(node.then)}")
        self.emit("else:")
        with self.block():
            self.emit(f"{out} = {self.value(node.orelse)}")
