"""The rulebook browser's data: every rule with its words, authorities, exceptions and
their eras, the law before its authorities, and the facts it reads; a plain-words search."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from apportion.engine import Fact, Rule
from apportion.engine.rules import earliest
from apportion.law.california import MODULES, RULEBOOK
from apportion.report.rulebook import by_doctrine, cite_text, validity


@dataclass(frozen=True)
class Era:
    words: str
    cites: tuple[str, ...]
    unsettled: bool


@dataclass(frozen=True)
class ExceptionView:
    id: str
    words: str
    when: str
    then: str
    era: str
    unsettled: bool
    cites: tuple[str, ...]
    earlier: Era | None


@dataclass(frozen=True)
class RuleView:
    id: str
    doctrine: str
    label: str
    words: str
    default: str
    unsettled: bool
    since: str
    cites: tuple[str, ...]
    exceptions: tuple[ExceptionView, ...]
    earlier: Era | None
    facts: tuple[tuple[str, str, str], ...]
    """(id, label, question) of each fact read, directly or through the rules it reads."""
    rules: tuple[tuple[str, str], ...]
    """(id, label) of each rule read directly."""
    text: str
    """Everything above in lower case, for search."""


def _era(key: str) -> Era | None:
    law = RULEBOOK.earlier.get(key)
    if law is None:
        return None
    return Era(law.words, tuple(cite_text(c) for c in law.cites), law.unsettled)


def _facts(rule: Rule) -> list[Fact]:
    found: dict[str, Fact] = {}
    stack = [rule]
    seen: set[str] = set()
    while stack:
        current = stack.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        for ref in current.inputs():
            if isinstance(ref, Fact):
                found.setdefault(ref.id, ref)
            elif isinstance(ref, Rule):
                stack.append(ref)
    return sorted(found.values(), key=lambda f: f.id)


def _view(doctrine: str, rule: Rule) -> RuleView:
    exceptions = tuple(
        ExceptionView(
            id=exc.id,
            words=exc.words,
            when=exc.when.words(),
            then=exc.value.words(),
            era=validity(exc),
            unsettled=exc.unsettled,
            cites=tuple(cite_text(c) for c in exc.authorities),
            earlier=_era(f"{rule.id}/{exc.id}"),
        )
        for exc in rule.exceptions
    )
    first = earliest(rule.authorities)
    facts = tuple((f.id, f.label, f.question) for f in _facts(rule))
    rules = tuple((r.id, r.label) for r in rule.inputs() if isinstance(r, Rule))
    cites = tuple(cite_text(c) for c in rule.authorities)
    text = " ".join(
        [rule.id, rule.label, rule.words_text, doctrine, *cites]
        + [f"{e.id} {e.words} {' '.join(e.cites)}" for e in exceptions]
        + [f"{i} {label}" for i, label, _ in facts]
    ).lower()
    return RuleView(
        id=rule.id,
        doctrine=doctrine,
        label=rule.label,
        words=rule.words_text,
        default=rule.default.words(),
        unsettled=rule.unsettled,
        since=first.isoformat() if first else "",
        cites=cites,
        exceptions=exceptions,
        earlier=_era(rule.id),
        facts=facts,
        rules=rules,
        text=text,
    )


@cache
def all_rules() -> tuple[RuleView, ...]:
    order = [m.DOCTRINE for m in MODULES]
    return tuple(
        _view(doctrine, rule)
        for doctrine, rules in by_doctrine(RULEBOOK, order).items()
        for rule in rules
    )


def search(query: str) -> list[RuleView]:
    """Rules whose words, authorities, exceptions or facts hold every word of ``query``."""
    words = query.lower().split()
    return [r for r in all_rules() if all(w in r.text for w in words)]


def rule_view(rule_id: str) -> RuleView | None:
    return next((r for r in all_rules() if r.id == rule_id), None)
