"""A rulebook: its facts and rules, compiled to one polars lazy plan.

The same rule graph is also run one row at a time by :meth:`Rulebook.interpret`,
the reference the compiled plan is checked against, and explained by
:meth:`Rulebook.trace`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from apportion.engine.expr import Const, Expr, Kind, Ref, Row, structure
from apportion.engine.rules import (
    AS_OF,
    Citation,
    Exception_,
    Fact,
    Rule,
    RuleConflict,
    applies,
    in_force,
)

CONFLICT_PREFIX = "__conflict__"


class RulebookError(Exception):
    """The rule graph itself is malformed (a cycle, an undeclared fact, a name used twice)."""


class Rulebook:
    def __init__(
        self, name: str, version: str, facts: Iterable[Fact], rules: Iterable[Rule]
    ) -> None:
        self.name, self.version = name, version
        self.facts: dict[str, Fact] = {}
        for fact in facts:
            if fact.id == AS_OF:
                raise RulebookError(
                    f"fact {AS_OF!r} is reserved: it is the column holding the date "
                    "whose law applies to a row"
                )
            if fact.id in self.facts:
                raise RulebookError(f"fact {fact.id!r} declared twice")
            self.facts[fact.id] = fact
        declared: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in declared or rule.id in self.facts:
                raise RulebookError(f"rule {rule.id!r} declared twice")
            declared[rule.id] = rule
        self.rules: dict[str, Rule] = _topological(declared, self.facts)

    # --- structure ------------------------------------------------------------------
    def cone(self, goals: Sequence[str]) -> tuple[list[Rule], list[Fact]]:
        """The rules (in evaluation order) and facts that ``goals`` depend on."""
        needed: set[str] = set()
        stack = list(goals)
        while stack:
            name = stack.pop()
            if name in needed:
                continue
            needed.add(name)
            if name in self.rules:
                stack.extend(ref.id for ref in self.rules[name].inputs())
            elif name not in self.facts and name != AS_OF:
                raise RulebookError(f"no rule or fact named {name!r}")
        rules = [r for r in self.rules.values() if r.id in needed]
        facts = [f for f in self.facts.values() if f.id in needed]
        return rules, facts

    def digest(self) -> str:
        """A fingerprint of the rules' meaning, to record which law decided a result.

        It reads the rules' structure (facts and rules by id, every operator and
        constant), their validity dates and authorities, not their prose."""
        h = hashlib.sha256(f"{self.name} {self.version}\n".encode())
        for fact in self.facts.values():
            h.update(f"fact {fact.id} {fact.kind.value} {fact.values}\n".encode())
        for rule in self.rules.values():
            h.update(f"rule {rule.id} {rule.kind.value} {structure(rule.default)}\n".encode())
            for exc in rule.exceptions:
                h.update(
                    f"  unless {exc.id} {structure(exc.when)} -> {structure(exc.value)} "
                    f"[{exc.valid_from}, {exc.valid_until})\n".encode()
                )
                for cite in exc.authorities:
                    h.update(f"    cite {cite.text()}\n".encode())
            for cite in rule.authorities:
                h.update(f"  cite {cite.text()}\n".encode())
        return h.hexdigest()[:16]

    # --- compiled, vectorized evaluation -------------------------------------------
    def input_schema(self, goals: Sequence[str] | None = None) -> dict[str, pl.DataType]:
        facts = self.cone(goals)[1] if goals else list(self.facts.values())
        schema: dict[str, pl.DataType] = {AS_OF: pl.Date()}
        schema.update({f.id: f.kind.dtype for f in facts})
        return schema

    def plan(self, frame: pl.LazyFrame, goals: Sequence[str] | None = None) -> pl.LazyFrame:
        """Add a column per rule (all rules, or those ``goals`` need) to ``frame``.

        Columns named ``__conflict__<rule>`` flag rows where two exceptions clash;
        :meth:`evaluate` and :func:`check_conflicts` turn them into errors.
        """
        rules = self.cone(goals)[0] if goals else list(self.rules.values())
        # A column with no known value at all has polars dtype Null (a one-row frame
        # with an unknown fact): give it the fact's own dtype.
        dtypes = {AS_OF: pl.Date(), **{f.id: f.kind.dtype for f in self.facts.values()}}
        untyped = [
            pl.col(name).cast(dtypes[name])
            for name, dtype in frame.collect_schema().items()
            if dtype == pl.Null and name in dtypes
        ]
        if untyped:
            frame = frame.with_columns(untyped)
        layer: list[pl.Expr] = []
        layer_names: set[str] = set()
        for rule in rules:
            if any(ref.id in layer_names for ref in rule.inputs()):
                frame = frame.with_columns(layer)
                layer, layer_names = [], set()
            layer.extend(_compile(rule))
            layer_names.add(rule.id)
        if layer:
            frame = frame.with_columns(layer)
        return frame

    def evaluate(self, frame: pl.DataFrame, goals: Sequence[str] | None = None) -> pl.DataFrame:
        result = self.plan(frame.lazy(), goals).collect()
        return check_conflicts(result, self)

    # --- row-at-a-time reference -----------------------------------------------------
    def interpret(self, facts: Row, goals: Sequence[str] | None = None) -> dict[str, Any]:
        rules = self.cone(goals)[0] if goals else list(self.rules.values())
        row: dict[str, Any] = dict(facts)
        for rule in rules:
            row[rule.id] = rule.decide(row).value
        return row

    # --- explanation --------------------------------------------------------------
    def trace(self, row: Row, goal: str) -> Trace:
        """Why ``goal`` has its value on ``row`` (a row already interpreted)."""
        return self._trace(row, self.rules[goal], set())

    def _trace(self, row: Row, rule: Rule, seen: set[str]) -> Trace:
        decision = rule.decide(row)
        node = Trace(
            id=rule.id,
            label=rule.label,
            words=rule.words_text,
            value=row.get(rule.id, decision.value),
            kind=rule.kind,
            authorities=list(rule.authorities),
            unsettled=rule.unsettled,
            undecided=decision.undecided,
        )
        if rule.id in seen:
            node.repeated = True
            return node
        seen.add(rule.id)
        if decision.applied is not None:
            exc = decision.applied
            node.applied = exc.id
            node.applied_words = exc.words
            node.authorities = list(exc.authorities) + node.authorities
            node.unsettled = node.unsettled or exc.unsettled
            deciding = [exc.when, exc.value]
        else:
            deciding = [rule.default]
            node.not_applied = [
                (exc.id, exc.words)
                for exc in rule.exceptions
                if applies(exc, row) is False and _possibly_in_force(exc, row)
            ]
        for ref in _unique_refs(deciding):
            if ref.id in self.rules:
                node.because.append(self._trace(row, self.rules[ref.id], seen))
            else:
                fact = self.facts.get(ref.id)
                label = fact.label if fact is not None else ref.id
                node.facts.append(FactValue(ref.id, label, ref.kind, row.get(ref.id)))
        return node


@dataclass
class FactValue:
    id: str
    label: str
    kind: Kind
    value: Any


@dataclass
class Trace:
    """One rule's conclusion on one row, with what decided it."""

    id: str
    label: str
    words: str
    value: Any
    kind: Kind
    authorities: list[Citation]
    unsettled: bool = False
    applied: str | None = None
    applied_words: str | None = None
    undecided: list[str] = field(default_factory=list)
    not_applied: list[tuple[str, str]] = field(default_factory=list)
    facts: list[FactValue] = field(default_factory=list)
    because: list[Trace] = field(default_factory=list)
    repeated: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.id, "label": self.label, "value": _json(self.value)}
        if self.repeated:
            out["see_above"] = True
            return out
        out.update(
            words=self.words,
            authorities=[
                {"cite": c.cite, "pinpoint": c.pinpoint, "quote": c.quote} for c in self.authorities
            ],
            unsettled=self.unsettled,
            exception_applied=self.applied,
            exception_words=self.applied_words,
            exceptions_ruled_out=[i for i, _ in self.not_applied],
            exceptions_undecided=self.undecided,
            facts=[{"fact": f.id, "label": f.label, "value": _json(f.value)} for f in self.facts],
            because=[child.to_dict() for child in self.because],
        )
        return out

    def walk(self) -> Iterable[Trace]:
        yield self
        for child in self.because:
            yield from child.walk()


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _possibly_in_force(exc: Exception_, row: Row) -> bool:
    """Exceptions that were not (or not yet) the law on the row are not "ruled out"."""
    as_of = row.get(AS_OF)
    return as_of is None or in_force(exc, as_of)


def _unique_refs(exprs: Sequence[Expr]) -> list[Ref]:
    seen: dict[str, Ref] = {}
    for expr in exprs:
        for ref in expr.refs():
            seen.setdefault(ref.id, ref)
    return list(seen.values())


def _compile(rule: Rule) -> list[pl.Expr]:
    """The rule's column, plus a conflict column if two exceptions could clash."""
    col = pl.col
    as_of = col(AS_OF)
    dtype = rule.kind.dtype
    conds: list[pl.Expr] = []
    values: list[pl.Expr] = []
    for exc in rule.exceptions:
        cond = exc.when.to_polars(col)
        if exc.valid_from is not None:
            cond = cond & (as_of >= pl.lit(exc.valid_from))
        if exc.valid_until is not None:
            cond = cond & (as_of < pl.lit(exc.valid_until))
        conds.append(cond)
        values.append(exc.value.to_polars(col).cast(dtype))
    default = rule.default.to_polars(col).cast(dtype)
    if not conds:
        return [default.alias(rule.id)]
    # The first exception that applies gives the value (a clash is flagged below).
    decided = default
    for cond, value in reversed(list(zip(conds, values, strict=True))):
        decided = pl.when(cond).then(value).otherwise(decided)
    open_question = pl.any_horizontal(
        [c.is_null() & v.ne_missing(decided) for c, v in zip(conds, values, strict=True)]
    )
    out = [pl.when(open_question).then(pl.lit(None, dtype=dtype)).otherwise(decided).alias(rule.id)]
    clashes = [
        (conds[i] & conds[j] & values[i].ne_missing(values[j])).fill_null(False)
        for i in range(len(conds))
        for j in range(i + 1, len(conds))
        if _may_differ(rule, i, j)
    ]
    if clashes:
        out.append(pl.any_horizontal(clashes).alias(CONFLICT_PREFIX + rule.id))
    return out


def _may_differ(rule: Rule, i: int, j: int) -> bool:
    a, b = rule.exceptions[i].value, rule.exceptions[j].value
    return not (isinstance(a, Const) and isinstance(b, Const) and a.value == b.value)


def check_conflicts(frame: pl.DataFrame, rulebook: Rulebook | None = None) -> pl.DataFrame:
    """Raise :class:`RuleConflict` for the first clashing row; drop the flag columns."""
    flags = [c for c in frame.columns if c.startswith(CONFLICT_PREFIX)]
    for name in flags:
        hits = frame.get_column(name)
        if hits.any():
            row = int(hits.arg_true()[0])
            rule_id = name.removeprefix(CONFLICT_PREFIX)
            fired = _fired_on(frame.row(row, named=True), rulebook, rule_id)
            raise RuleConflict(rule_id, fired, row)
    return frame.drop(flags)


def _fired_on(row: Mapping[str, Any], rulebook: Rulebook | None, rule_id: str) -> list[str]:
    if rulebook is None:
        return ["(two exceptions)"]
    rule = rulebook.rules[rule_id]
    return [e.id for e in rule.exceptions if applies(e, row) is True]


def _topological(rules: dict[str, Rule], facts: Mapping[str, Fact]) -> dict[str, Rule]:
    ordered: dict[str, Rule] = {}
    visiting: set[str] = set()

    def visit(rule: Rule, path: tuple[str, ...]) -> None:
        if rule.id in ordered:
            return
        if rule.id in visiting:
            cycle = " -> ".join((*path[path.index(rule.id) :], rule.id))
            raise RulebookError(f"rule cycle: {cycle} (each reads the next)")
        visiting.add(rule.id)
        for ref in rule.inputs():
            if ref.id in rules:
                target = rules[ref.id]
                # A rule is read by its object or, e.g. forward, by a plain Ref to its id.
                if isinstance(ref, Rule) and ref is not target:
                    raise RulebookError(f"rule {rule.id!r} reads a stale copy of {ref.id!r}")
                _same_kind(rule, ref, target.kind)
                visit(target, (*path, rule.id))
            elif ref.id in facts:
                _same_kind(rule, ref, facts[ref.id].kind)
            elif ref.id == AS_OF:
                _same_kind(rule, ref, Kind.DATE)
            else:
                raise RulebookError(f"rule {rule.id!r} reads {ref.id!r}, which is not declared")
        visiting.discard(rule.id)
        ordered[rule.id] = rule

    for rule in rules.values():
        visit(rule, ())
    return ordered


def _same_kind(rule: Rule, ref: Ref, declared: Kind) -> None:
    if ref.kind is not declared:
        raise RulebookError(
            f"rule {rule.id!r} reads {ref.id!r} as {ref.kind.value}, but it is {declared.value}"
        )
