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

from apportion.engine.expr import Const, Kind, Row
from apportion.engine.rules import AS_OF, Citation, Fact, Rule, RuleConflict, in_force

CONFLICT_PREFIX = "__conflict__"


class RulebookError(Exception):
    """The rule graph itself is malformed (a cycle, an undeclared fact, a name used twice)."""


class Rulebook:
    def __init__(self, name: str, version: str, facts: Iterable[Fact], rules: Iterable[Rule]):
        self.name, self.version = name, version
        self.facts: dict[str, Fact] = {}
        for fact in facts:
            if fact.id in self.facts or fact.id == AS_OF:
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
            elif name not in self.facts:
                raise RulebookError(f"no rule or fact named {name!r}")
        rules = [r for r in self.rules.values() if r.id in needed]
        facts = [f for f in self.facts.values() if f.id in needed]
        return rules, facts

    def digest(self) -> str:
        """A fingerprint of the rules' meaning, to record which law decided a result."""
        h = hashlib.sha256(f"{self.name} {self.version}\n".encode())
        for fact in self.facts.values():
            h.update(f"fact {fact.id} {fact.kind.value} {fact.values}\n".encode())
        for rule in self.rules.values():
            h.update(f"rule {rule.id} {rule.default.words()}\n".encode())
            for exc in rule.exceptions:
                h.update(
                    f"  unless {exc.id} {exc.when.words()} -> {exc.value.words()} "
                    f"[{exc.valid_from}, {exc.valid_until})\n".encode()
                )
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
                (exc.id, exc.words) for exc in rule.exceptions if in_force(exc, row[AS_OF])
                and exc.when.eval(row) is False
            ]
        for ref in _unique_refs(deciding):
            if ref.id in self.rules:
                node.because.append(self._trace(row, self.rules[ref.id], seen))
            else:
                fact = self.facts.get(ref.id)
                node.facts.append(
                    FactValue(ref.id, fact.label if fact is not None else ref.id, ref.kind, row.get(ref.id))
                )
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
                {"cite": c.cite, "pinpoint": c.pinpoint, "quote": c.quote}
                for c in self.authorities
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


def _unique_refs(exprs: Sequence[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for expr in exprs:
        for ref in expr.refs():
            seen.setdefault(ref.id, ref)
    return list(seen.values())


def _compile(rule: Rule) -> list[pl.Expr]:
    """The rule's column, plus a conflict column if two exceptions could clash."""
    col = pl.col
    as_of = col(AS_OF)
    dtype = rule.kind.dtype
    conds, values = [], []
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
    chain = pl.when(conds[0]).then(values[0])
    for cond, value in zip(conds[1:], values[1:], strict=True):
        chain = chain.when(cond).then(value)
    decided = chain.otherwise(default)
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
    return [
        e.id for e in rule.exceptions if in_force(e, row[AS_OF]) and e.when.eval(row) is True
    ]


def _topological(rules: dict[str, Rule], facts: Mapping[str, Fact]) -> dict[str, Rule]:
    ordered: dict[str, Rule] = {}
    visiting: set[str] = set()

    def visit(rule: Rule, path: tuple[str, ...]) -> None:
        if rule.id in ordered:
            return
        if rule.id in visiting:
            raise RulebookError("rule cycle: " + " -> ".join((*path, rule.id)))
        visiting.add(rule.id)
        for ref in rule.inputs():
            if ref.id in rules:
                if rules[ref.id] is not ref:
                    raise RulebookError(f"rule {rule.id!r} reads a stale copy of {ref.id!r}")
                visit(rules[ref.id], (*path, rule.id))
            elif ref.id not in facts and ref.id != AS_OF:
                raise RulebookError(f"rule {rule.id!r} reads {ref.id!r}, which is not declared")
        visiting.discard(rule.id)
        ordered[rule.id] = rule

    for rule in rules.values():
        visit(rule, ())
    return ordered
