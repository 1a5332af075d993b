"""A rulebook: its facts and rules, compiled to one polars lazy plan.

The same rule graph is also run one row at a time: by :meth:`Rulebook.run`, generated
Python functions (the row path, for a matter's few rows, see :mod:`.rowcode`), and by
:meth:`Rulebook.interpret`, the reference both the plan and the row path are checked
against. :meth:`Rulebook.trace` explains a row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apportion.engine.expr import Compare, Const, Expr, Kind, Ref, Row, structure
from apportion.engine.lazy import lazy_module
from apportion.engine.lower import HELPER_PREFIX, Lowering, schedule
from apportion.engine.reasons import ExceptionReasons, decisive, rule_reasons
from apportion.engine.rowcode import RowProgram
from apportion.engine.rules import (
    AS_OF,
    Citation,
    Clashing,
    Earlier,
    Exception_,
    Fact,
    Rule,
    RuleConflict,
    applies,
    dated,
    earliest,
)

if TYPE_CHECKING:
    import polars as pl

    from apportion.engine.completions import RangeSpec
else:
    pl = lazy_module("polars")

CONFLICT_PREFIX = "__conflict__"
SMALL_FRAME = 1_000

# Compiled plans by rulebook and goals, row programs and cones (kept outside the
# rulebook, which Spark pickles).
_COMPILED: weakref.WeakKeyDictionary[
    Rulebook, dict[tuple[str, ...] | None, tuple[list[list[pl.Expr]], list[str]]]
] = weakref.WeakKeyDictionary()
_RULE_IDS: weakref.WeakKeyDictionary[Rulebook, dict[tuple[str, ...] | None, list[str]]] = (
    weakref.WeakKeyDictionary()
)
_FACT_CONES: weakref.WeakKeyDictionary[
    Rulebook, dict[tuple[str, ...], tuple[list[Rule], list[Fact]]]
] = weakref.WeakKeyDictionary()
_PROGRAMS: weakref.WeakKeyDictionary[Rulebook, RowProgram] = weakref.WeakKeyDictionary()
_DIGESTS: weakref.WeakKeyDictionary[Rulebook, str] = weakref.WeakKeyDictionary()
_CONES: weakref.WeakKeyDictionary[
    Rulebook, dict[tuple[str, ...] | None, tuple[list[Rule], frozenset[str]]]
] = weakref.WeakKeyDictionary()


class RulebookError(Exception):
    """The rule graph itself is malformed (a cycle, an undeclared fact, a name used twice)."""


class Rulebook:
    def __init__(
        self,
        name: str,
        version: str,
        facts: Iterable[Fact],
        rules: Iterable[Rule],
        *,
        since: dt.date | None = None,
        earlier: Mapping[str, Earlier] | None = None,
        replaced: Iterable[str] = (),
        ranges: RangeSpec | None = None,
    ) -> None:
        """``since`` is the first day whose law the rulebook states; ``earlier`` gives, by
        rule id (or ``rule/exception``), the law before a rule's earliest authority where
        the rule is in force earlier (see :func:`check_dated`). ``replaced`` names rules
        deliberately given in a new version that other rules read by the old object
        (elsewhere, reading a stale copy is an error). ``ranges`` names the amounts whose
        least and most over completions readers report (:mod:`.completions`)."""
        self.ranges = ranges
        self.name, self.version = name, version
        self.since = since
        self.earlier: dict[str, Earlier] = dict(earlier or {})
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
        self.rules: dict[str, Rule] = _topological(declared, self.facts, frozenset(replaced))
        for rule in self.rules.values():
            _check_enum_values(rule, self.facts)
        check_dated(self)

    # --- structure ------------------------------------------------------------------
    def cone(self, goals: Sequence[str]) -> tuple[list[Rule], list[Fact]]:
        """The rules (in evaluation order) and facts that ``goals`` depend on (found once
        per goals: a matter's questions ask for the cones of its goals often)."""
        cache = _FACT_CONES.setdefault(self, {})
        key = tuple(goals)
        if key not in cache:
            cache[key] = self._cone(goals)
        rules, facts = cache[key]
        return list(rules), list(facts)

    def _cone(self, goals: Sequence[str]) -> tuple[list[Rule], list[Fact]]:
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
        constant), their validity dates and authorities, not their prose. Found once per
        rulebook (every decision records it; the walk costs more than a matter's rules)."""
        found = _DIGESTS.get(self)
        if found is None:
            found = _DIGESTS[self] = self._digest()
        return found

    def _digest(self) -> str:
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
    def input_names(self, goals: Sequence[str] | None = None) -> list[str]:
        """The columns :meth:`input_schema` names, without polars (the row path)."""
        facts = self.cone(goals)[1] if goals else list(self.facts.values())
        return [AS_OF, *(f.id for f in facts)]

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
        # Inputs of their facts' dtypes, so the compiled rules cast nothing they read: a
        # column with no known value at all has polars dtype Null (a one-row frame with an
        # unknown fact), a caller's frame may hold Int32 amounts. (An enum fact may be a
        # polars Enum or Categorical, as a portfolio is read.)
        dtypes = self.input_schema()
        retyped = [
            pl.col(n).cast(dtypes[n])
            for n, dtype in frame.collect_schema().items()
            if n in dtypes and dtype != dtypes[n] and not _enum_column(dtypes[n], dtype)
        ]
        if retyped:
            frame = frame.with_columns(retyped)
        layers, helpers = self._compiled(goals)
        for layer in layers:
            frame = frame.with_columns(layer)
        if helpers:
            frame = frame.drop(helpers)
        return frame

    def _compiled(self, goals: Sequence[str] | None) -> tuple[list[list[pl.Expr]], list[str]]:
        """The layers of columns for ``goals``, compiled once per rulebook and goals: a
        single matter then pays only for running the plan, not for building it."""
        cache = _COMPILED.setdefault(self, {})
        key = tuple(goals) if goals else None
        if key not in cache:
            rules = self.cone(goals)[0] if goals else list(self.rules.values())
            # Each reused operand is computed once, as a helper column (see lower.py).
            lowering = Lowering()
            for rule in rules:
                for column in _compile(rule, lowering):
                    lowering.add(column.meta.output_name(), column)
            inputs = [AS_OF, *self.facts]
            cache[key] = (schedule(lowering, inputs), lowering.helpers())
        return cache[key]

    def evaluate(self, frame: pl.DataFrame, goals: Sequence[str] | None = None) -> pl.DataFrame:
        plan = self.plan(frame.lazy(), goals)
        if frame.height <= SMALL_FRAME:
            # A matter's few rows: without the query optimizer start-up costs a third less;
            # the plan has no repeats left to find. Not engine="in-memory": in polars 2.1
            # it returns one row for `lit != coalesce(all-null column, lit)` and fails.
            result = plan.collect(optimizations=pl.QueryOptFlags.none())
        else:
            result = plan.collect()
        return check_conflicts(result, self)

    # --- row at a time ------------------------------------------------------------------
    def rules_for(self, goals: Sequence[str] | None) -> tuple[list[Rule], frozenset[str]]:
        """The rules ``goals`` need (all, if none named) in evaluation order, and their
        ids; computed once per goals (a single row would spend most of its time here)."""
        cache = _CONES.setdefault(self, {})
        key = tuple(goals) if goals else None
        found = cache.get(key)
        if found is None:
            rules = self.cone(goals)[0] if goals else list(self.rules.values())
            found = cache[key] = (rules, frozenset(r.id for r in rules))
        return found

    def interpret(self, facts: Row, goals: Sequence[str] | None = None) -> dict[str, Any]:
        """The reference: every rule ``goals`` need, by walking its tree on ``facts``."""
        row: dict[str, Any] = dict(facts)
        for rule in self.rules_for(goals)[0]:
            row[rule.id] = rule.decide(row).value
        return row

    def program(self) -> RowProgram:
        """The rules as generated Python functions (made once per rulebook)."""
        program = _PROGRAMS.get(self)
        if program is None:
            program = _PROGRAMS[self] = RowProgram(list(self.rules.values()))
        return program

    def run(self, facts: Row, goals: Sequence[str] | None = None) -> dict[str, Any]:
        """The row path: ``facts`` with every rule ``goals`` need, by generated code.
        Means what :meth:`interpret` means, at a fraction of its cost."""
        return self.program().run(facts, self._rule_ids(goals))

    def rerun(
        self, row: Row, changed: Mapping[str, Any], goals: Sequence[str] | None = None
    ) -> dict[str, Any]:
        """``row`` (already run for ``goals``) with the facts in ``changed`` set, and only
        the rules downstream of them recomputed."""
        return self.program().rerun(row, changed, self.rules_for(goals)[1] if goals else None)

    def _rule_ids(self, goals: Sequence[str] | None) -> list[str]:
        cache = _RULE_IDS.setdefault(self, {})
        key = tuple(goals) if goals else None
        found = cache.get(key)
        if found is None:
            found = cache[key] = [r.id for r in self.rules_for(goals)[0]]
        return found

    def conflict_on(self, facts: Row, goals: Sequence[str] | None = None) -> RuleConflict | None:
        """The first rule ``goals`` need that clashes on ``facts`` (None if none does),
        explained: each exception that applies, its value, its authorities (else the
        rule's) and the facts that made it apply, by the reference interpreter."""
        row: dict[str, Any] = dict(facts)
        for rule in self.rules_for(goals)[0]:
            try:
                row[rule.id] = rule.decide(row).value
            except RuleConflict:
                fired = [e for e in rule.exceptions if applies(e, row) is True]
                return RuleConflict(
                    rule.id,
                    [e.id for e in fired],
                    label=rule.label,
                    exceptions=[self._clashing(rule, e, row) for e in fired],
                )
        return None

    def _clashing(self, rule: Rule, exc: Exception_, row: Row) -> Clashing:
        """``exc`` as it applied on ``row``: the facts beneath its condition's decisive
        inputs (rules read through to the facts that decided them)."""
        found: dict[str, Any] = {}
        if dated(exc):
            found[AS_OF] = row.get(AS_OF)
        seen: set[str] = set()
        pending = list(decisive(exc.when, row))
        while pending:
            ref = pending.pop(0)
            if ref.id in seen:
                continue
            seen.add(ref.id)
            if ref.id in self.rules:
                pending.extend(rule_reasons(self.rules[ref.id], row).deciding)
            else:
                found[ref.id] = row.get(ref.id)
        cites = exc.authorities or rule.authorities
        return Clashing(
            exc.id,
            exc.words,
            exc.value.eval(row),
            tuple(c.text() for c in cites),
            tuple(found.items()),
        )

    # --- explanation --------------------------------------------------------------
    def trace(self, row: Row, goal: str) -> Trace:
        """Why ``goal`` has its value on ``row`` (a row already interpreted). Authorities
        later than the row's ``as_of`` are not cited as the law of that day: where a
        rule's own authorities are later, the law before them is given instead."""
        return self._trace(row, self.rules[goal], set())

    def cited_on(
        self, key: str, cites: Sequence[Citation], as_of: dt.date | None
    ) -> tuple[list[Citation], Earlier | None]:
        """Of ``cites`` (those of the rule, or ``rule/exception``, named ``key``), the ones
        that speak on ``as_of``, and the earlier law if it governs then."""
        first = earliest(cites)
        before = self.earlier.get(key)
        if as_of is None or first is None or as_of >= first or before is None:
            return [c for c in cites if c.speaks_on(as_of)], None
        law = before.on(as_of)
        return [c for c in (*law.cites, *cites) if c.speaks_on(as_of)], law

    def _trace(self, row: Row, rule: Rule, seen: set[str]) -> Trace:
        why = rule_reasons(rule, row)
        as_of = row.get(AS_OF)
        cites, before = self.cited_on(rule.id, rule.authorities, as_of)
        node = Trace(
            id=rule.id,
            label=rule.label,
            words=rule.words_text,
            value=row.get(rule.id, why.value),
            kind=rule.kind,
            authorities=cites,
            unsettled=rule.unsettled or (before is not None and before.unsettled),
            undecided=[u.exception.id for u in why.undecided],
            earlier=before.words if before else None,
        )
        if rule.id in seen:
            node.repeated = True
            return node
        seen.add(rule.id)
        if why.applied is not None:
            exc = why.applied
            exc_cites, exc_before = self.cited_on(f"{rule.id}/{exc.id}", exc.authorities, as_of)
            node.applied = exc.id
            node.applied_words = exc.words
            node.authorities = exc_cites + node.authorities
            node.unsettled = node.unsettled or exc.unsettled
            if exc_before is not None:
                node.earlier = exc_before.words
                node.unsettled = node.unsettled or exc_before.unsettled
        node.not_applied = [
            (r.exception.id, r.exception.words) for r in why.ruled_out if r.in_force
        ]
        node.facts, node.because = self._reasons(row, why.deciding, seen)
        node.set_aside = [(ref.id, self._label(ref.id)) for ref in why.set_aside]
        node.ruled_out = [self._exception(row, rule.id, r, seen) for r in why.ruled_out]
        node.open_exceptions = [self._exception(row, rule.id, r, seen) for r in why.undecided]
        return node

    def _exception(
        self, row: Row, rule_id: str, reasons: ExceptionReasons, seen: set[str]
    ) -> ExceptionTrace:
        exc = reasons.exception
        facts, because = self._reasons(row, reasons.reasons, seen)
        cites, before = self.cited_on(f"{rule_id}/{exc.id}", exc.authorities, row.get(AS_OF))
        return ExceptionTrace(
            exc.id,
            before.words if before else exc.words,
            cites,
            exc.unsettled or (before is not None and before.unsettled),
            facts,
            because,
            in_force=reasons.in_force,
            valid_from=exc.valid_from,
            valid_until=exc.valid_until,
        )

    def _reasons(
        self, row: Row, refs: Sequence[Ref], seen: set[str]
    ) -> tuple[list[FactValue], list[Trace]]:
        facts: list[FactValue] = []
        because: list[Trace] = []
        for ref in refs:
            if ref.id in self.rules:
                because.append(self._trace(row, self.rules[ref.id], seen))
            else:
                facts.append(FactValue(ref.id, self._label(ref.id), ref.kind, row.get(ref.id)))
        return facts, because

    def _label(self, name: str) -> str:
        if name in self.rules:
            return self.rules[name].label
        return self.facts[name].label if name in self.facts else name


TRACE_FORMAT_VERSION = 3
"""Version of :meth:`Trace.to_dict`'s tree (2: minimal reasons, ruled-out exceptions'
reasons, inputs set aside; 3: each authority's date and whether it is cited
retrospectively, and the earlier law where the row's date precedes a rule's authorities)."""


def _cite_dict(c: Citation) -> dict[str, Any]:
    return {
        "cite": c.cite,
        "pinpoint": c.pinpoint,
        "quote": c.quote,
        "dated": _json(c.dated),
        "retrospective": c.retrospective,
    }


@dataclass
class FactValue:
    id: str
    label: str
    kind: Kind
    value: Any

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.id, "label": self.label, "value": _json(self.value)}


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
    set_aside: list[tuple[str, str]] = field(default_factory=list)
    """Inputs the deciding expression reads that did not matter on this row."""
    ruled_out: list[ExceptionTrace] = field(default_factory=list)
    """Exceptions that would have changed the value, with why each did not apply."""
    open_exceptions: list[ExceptionTrace] = field(default_factory=list)
    """Exceptions that would change the value and cannot yet be ruled out."""
    earlier: str | None = None
    """The law before the rule's authorities, where the row's date is earlier."""

    def to_dict(self, root: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.id, "label": self.label, "value": _json(self.value)}
        if root:
            out = {"format_version": TRACE_FORMAT_VERSION, **out}
        if self.repeated:
            out["see_above"] = True
            return out
        out.update(
            words=self.words,
            authorities=[_cite_dict(c) for c in self.authorities],
            unsettled=self.unsettled,
            earlier_law=self.earlier,
            exception_applied=self.applied,
            exception_words=self.applied_words,
            exceptions_ruled_out=[i for i, _ in self.not_applied],
            exceptions_undecided=self.undecided,
            facts=[f.to_dict() for f in self.facts],
            because=[child.to_dict(root=False) for child in self.because],
            not_needed=[{"id": i, "label": label} for i, label in self.set_aside],
            ruled_out=[e.to_dict() for e in self.ruled_out],
            open_exceptions=[e.to_dict() for e in self.open_exceptions],
        )
        return out

    def walk(self) -> Iterable[Trace]:
        """This node and the reasons beneath it (not the reasons for ruled-out exceptions)."""
        yield self
        for child in self.because:
            yield from child.walk()

    def walk_all(self) -> Iterable[Trace]:
        """Every node, including those explaining ruled-out and open exceptions."""
        yield self
        for child in self.because:
            yield from child.walk_all()
        for exc in (*self.ruled_out, *self.open_exceptions):
            for child in exc.because:
                yield from child.walk_all()

    def unknown_facts(self) -> list[FactValue]:
        """The unknown facts among the reasons: the ones that leave a value open."""
        found: dict[str, FactValue] = {}
        for node in self.walk_all():
            for fact in (
                *node.facts,
                *(f for e in (*node.ruled_out, *node.open_exceptions) for f in e.facts),
            ):
                if fact.value is None:
                    found.setdefault(fact.id, fact)
        return list(found.values())


@dataclass
class ExceptionTrace:
    """An exception that was ruled out or is still open, with the inputs that decide that."""

    id: str
    words: str
    authorities: list[Citation]
    unsettled: bool
    facts: list[FactValue]
    because: list[Trace]
    in_force: bool = True
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "exception": self.id,
            "words": self.words,
            "in_force": self.in_force,
            "authorities": [_cite_dict(c) for c in self.authorities],
            "unsettled": self.unsettled,
            "facts": [f.to_dict() for f in self.facts],
            "because": [child.to_dict(root=False) for child in self.because],
        }


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _compile(rule: Rule, lowering: Lowering | None = None) -> list[pl.Expr]:
    """The rule's column, plus a conflict column if two exceptions could clash."""
    lower = lowering or Lowering(inline=True)
    as_of = pl.col(AS_OF)
    dtype = rule.kind.dtype
    conds: list[pl.Expr] = []
    values: list[pl.Expr] = []
    for exc in rule.exceptions:
        cond = lower.operand(exc.when)
        if exc.valid_from is not None:
            cond = cond & (as_of >= pl.lit(exc.valid_from))
        if exc.valid_until is not None:
            cond = cond & (as_of < pl.lit(exc.valid_until))
        conds.append(cond)
        values.append(_as_kind(lower.operand(exc.value), exc.value, rule))
    if not conds:
        return [_as_kind(lower.compile(rule.default), rule.default, rule).alias(rule.id)]
    default = _as_kind(lower.compile(rule.default), rule.default, rule)
    # The first exception that applies gives the value (a clash is flagged below).
    decided = default
    for cond, value in reversed(list(zip(conds, values, strict=True))):
        decided = pl.when(cond).then(value).otherwise(decided)
    if not lower.inline and decided.meta.root_names():  # read below in several places
        decided_name = f"{HELPER_PREFIX}decided__{rule.id}"
        lower.add(decided_name, decided)
        decided = pl.col(decided_name)
    # Only an exception whose condition may be unknown can leave the value open.
    open_questions = [
        c.is_null() & v.ne_missing(decided)
        for c, v, exc in zip(conds, values, rule.exceptions, strict=True)
        if dated(exc) or exc.when.may_be_unknown()
    ]
    if open_questions:
        open_question = pl.any_horizontal(open_questions)
        decided = pl.when(open_question).then(pl.lit(None, dtype=dtype)).otherwise(decided)
    out = [decided.alias(rule.id)]
    clashes = [
        (conds[i] & conds[j] & values[i].ne_missing(values[j])).fill_null(False)
        for i in range(len(conds))
        for j in range(i + 1, len(conds))
        if _may_differ(rule, i, j)
    ]
    if clashes:
        out.append(pl.any_horizontal(clashes).alias(CONFLICT_PREFIX + rule.id))
    return out


def _as_kind(compiled: pl.Expr, expr: Expr, rule: Rule) -> pl.Expr:
    """``compiled`` as the rule's dtype: cast only where it may differ. (On typed inputs
    every node gives its kind's dtype; an enum value may be read from a polars Enum.)"""
    if rule.kind is not Kind.ENUM and expr.kind.dtype == rule.kind.dtype:
        return compiled
    return compiled.cast(rule.kind.dtype)


def _enum_column(declared: pl.DataType, actual: pl.DataType) -> bool:
    return declared == pl.String() and isinstance(actual, pl.Enum | pl.Categorical)


def _may_differ(rule: Rule, i: int, j: int) -> bool:
    a, b = rule.exceptions[i].value, rule.exceptions[j].value
    return not (isinstance(a, Const) and isinstance(b, Const) and a.value == b.value)


def check_conflicts(frame: pl.DataFrame, rulebook: Rulebook | None = None) -> pl.DataFrame:
    """Raise :class:`RuleConflict` for the first clashing row; drop the flag columns (from
    ``frame`` itself, which is returned)."""
    flags = [c for c in frame.columns if c.startswith(CONFLICT_PREFIX)]
    for name in flags:
        hits = frame.get_column(name)
        if hits.any():
            row = int(hits.arg_true()[0])
            rule_id = name.removeprefix(CONFLICT_PREFIX)
            fired = _fired_on(frame.row(row, named=True), rulebook, rule_id)
            raise RuleConflict(rule_id, fired, row)
    for name in flags:  # in place: no query, no new frame (milliseconds on a matter)
        frame.drop_in_place(name)
    return frame


def _fired_on(row: Mapping[str, Any], rulebook: Rulebook | None, rule_id: str) -> list[str]:
    if rulebook is None:
        return ["(two exceptions)"]
    rule = rulebook.rules[rule_id]
    return [e.id for e in rule.exceptions if applies(e, row) is True]


def _topological(
    rules: dict[str, Rule], facts: Mapping[str, Fact], replaced: frozenset[str] = frozenset()
) -> dict[str, Rule]:
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
                if isinstance(ref, Rule) and ref is not target and ref.id not in replaced:
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


def check_dated(book: Rulebook) -> None:
    """A rule or exception resting on authorities must not be in force before the earliest
    of them unless the rulebook says which earlier law it states (``book.earlier``), on
    authority of that time, on later decisions describing it, or flagged unsettled."""
    if book.since is None:
        if book.earlier:
            raise RulebookError("earlier law is given for a rulebook without a first day")
        return
    needed: set[str] = set()
    for rule in book.rules.values():
        spans = [(rule.id, rule.authorities, book.since)]
        for exc in rule.exceptions:
            start = max(book.since, exc.valid_from) if exc.valid_from else book.since
            if exc.valid_until is None or exc.valid_until > start:
                spans.append((f"{rule.id}/{exc.id}", exc.authorities, start))
        for key, cites, start in spans:
            first = earliest(cites)
            if first is None or first <= start:
                continue
            needed.add(key)
            before = book.earlier.get(key)
            if before is None:
                raise RulebookError(
                    f"{key} rests on authorities from {first} but is in force from {start}: "
                    f"say which earlier law it states, or date it from {first}"
                )
            _check_earlier(key, before, start)
    stale = sorted(set(book.earlier) - needed)
    if stale:
        raise RulebookError(f"earlier law given where none is needed: {', '.join(stale)}")


def _check_earlier(key: str, law: Earlier, start: dt.date) -> None:
    """Earlier law rests on authority of its time, on later decisions describing it, on the
    law before it in turn, or is flagged unsettled."""
    while True:
        older = earliest(law.cites)
        if law.unsettled or (law.cites and (older is None or older <= start)):
            return
        if law.before is None:
            raise RulebookError(
                f"the law before {key} needs authority of {start} (or a later decision "
                "describing it), the law before that, or an unsettled flag"
            )
        law = law.before


def _check_enum_values(rule: Rule, facts: Mapping[str, Fact]) -> None:
    """An enum fact is compared only with one of its values: a misspelt value would never
    match (and a polars Enum column of the values, as a portfolio is read, rejects it)."""
    stack = rule.parts()
    while stack:
        node = stack.pop()
        stack.extend(node.children())
        if not isinstance(node, Compare):
            continue
        for side, other in ((node.left, node.right), (node.right, node.left)):
            fact = facts.get(side.id) if isinstance(side, Ref) else None
            if fact is None or fact.kind is not Kind.ENUM or not isinstance(other, Const):
                continue
            if other.value is not None and other.value not in fact.values:
                raise RulebookError(
                    f"rule {rule.id!r} compares {fact.id!r} with {other.value!r}, which is "
                    f"not one of its values ({', '.join(fact.values)})"
                )


def _same_kind(rule: Rule, ref: Ref, declared: Kind) -> None:
    if ref.kind is not declared:
        raise RulebookError(
            f"rule {rule.id!r} reads {ref.id!r} as {ref.kind.value}, but it is {declared.value}"
        )
