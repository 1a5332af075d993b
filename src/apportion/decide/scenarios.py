"""Run case-law scenarios: does the rulebook reach each court's outcome, for its reason?

Each expectation is checked on the compiled plan (status, deciding rule, amounts) and on
the row interpreter (rule values, the exception that applied); the two must agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from apportion.decide.assessment import ClaimResult, assess
from apportion.engine import Kind, Rulebook
from apportion.io.flatten import coerce
from apportion.io.load import InputError, describe, parse_matter, read_document
from apportion.law.california import GOALS, RULEBOOK
from apportion.model.matter import Matter, _to_basis_points, _to_cents
from apportion.model.scenario import Expectation, ScenarioFile


@dataclass
class LoadedScenario:
    path: Path
    file: ScenarioFile
    matter: Matter

    @property
    def title(self) -> str:
        title = f"{self.file.scenario.case} {self.file.scenario.citation}"
        varied = self.file.scenario.variation
        return f"{title}, varied: {varied.changed}" if varied else title

    @property
    def is_variation(self) -> bool:
        return self.file.scenario.variation is not None


@dataclass
class Mismatch:
    what: str  # e.g. "status", "rule_applied.successor_bar"
    expected: Any
    got: Any


@dataclass
class Checked:
    """One expectation's result: every mismatch, and what decided the claim."""

    index: int
    expectation: Expectation
    as_of: dt.date
    decided_by: Any
    mismatches: list[Mismatch] = field(default_factory=list)
    # Every (rule, exception) that decided a rule on this claim: what the case exercises.
    exceptions_applied: set[tuple[str, str]] = field(default_factory=set)

    @property
    def agrees(self) -> bool:
        return not self.mismatches

    def label(self) -> str:
        e = self.expectation
        theory = f" ({e.theory.value})" if e.theory else ""
        extra = f" with {_show(e.facts)}" if e.facts else ""
        who = f"{e.claimant} v. {e.respondent}{theory}"
        return f"expect.{self.index}: {who}, law as of {self.as_of}{extra}"


@dataclass
class CaseResult:
    scenario: LoadedScenario
    checks: list[Checked]

    @property
    def agrees(self) -> bool:
        return all(c.agrees for c in self.checks)


# --- loading -------------------------------------------------------------------------
def load_scenario(path: Path | str, rulebook: Rulebook = RULEBOOK) -> LoadedScenario:
    """Parse and validate a scenario file; every problem names its field path."""
    path = Path(path)
    source = str(path)
    document = read_document(path)
    if not isinstance(document, dict):
        raise InputError(source, [("(root)", "a scenario is a mapping with scenario: and matter:")])
    try:
        parsed = ScenarioFile.model_validate(document)
    except ValidationError as exc:
        raise InputError(source, describe(exc)) from exc
    try:
        matter = parse_matter(parsed.matter, source)
    except InputError as exc:
        raise InputError(source, [(f"matter.{p}", why) for p, why in exc.problems]) from exc
    problems = _check_references(parsed, matter, rulebook)
    if problems:
        raise InputError(source, problems)
    return LoadedScenario(path, parsed, matter)


def _check_references(
    parsed: ScenarioFile, matter: Matter, rulebook: Rulebook
) -> list[tuple[str, str]]:
    """Parties, rules, exceptions and facts an expectation names must exist."""
    problems: list[tuple[str, str]] = []
    parties = {p.id for p in matter.parties}
    for i, exp in enumerate(parsed.scenario.expect):
        at = f"scenario.expect.{i}"
        for role in ("claimant", "respondent"):
            if getattr(exp, role) not in parties:
                problems.append((f"{at}.{role}", f"unknown party {getattr(exp, role)!r}"))
        if exp.decided_by is not None and exp.decided_by not in rulebook.rules:
            problems.append((f"{at}.decided_by", f"no rule named {exp.decided_by!r}"))
        for rule_id, exc_id in exp.rule_applied.items():
            rule = rulebook.rules.get(rule_id)
            if rule is None:
                problems.append((f"{at}.rule_applied.{rule_id}", "no rule of that name"))
            elif exc_id is not None and exc_id not in {e.id for e in rule.exceptions}:
                names = ", ".join(e.id for e in rule.exceptions) or "none"
                problems.append(
                    (
                        f"{at}.rule_applied.{rule_id}",
                        f"{exc_id!r} is not one of its exceptions ({names})",
                    )
                )
        for name, value in exp.values.items():
            try:
                expected_value(rulebook, name, value)
            except KeyError:
                problems.append((f"{at}.values.{name}", "no rule or fact of that name"))
            except ValueError as exc:
                problems.append((f"{at}.values.{name}", str(exc)))
        for name in exp.facts:
            if name not in rulebook.facts:
                problems.append(
                    (f"{at}.facts.{name}", "no such fact (see `apportion rules --facts`)")
                )
    return problems


def expected_value(rulebook: Rulebook, name: str, value: Any) -> Any:
    """A value as written in a scenario (dollars, percentages, dates) in the engine's terms."""
    if value is None:
        return None
    if name in rulebook.facts:
        return coerce(rulebook.facts[name], value)
    kind = rulebook.rules[name].kind
    if kind is Kind.BOOL and not isinstance(value, bool):
        raise ValueError(f"expected true, false or null, got {value!r}")
    if kind is Kind.MONEY:
        return _to_cents(value)
    if kind is Kind.SHARE:
        return _to_basis_points(value)
    if kind is Kind.DATE and not isinstance(value, dt.date):
        return dt.date.fromisoformat(str(value))
    return value


def load_folder(folder: Path | str) -> list[LoadedScenario]:
    """Every scenario in a folder (or the one file given); all problems in all files at once."""
    folder = Path(folder)
    if folder.is_file():
        return [load_scenario(folder)]
    if not folder.is_dir():
        raise InputError(str(folder), [("(folder)", "no such folder or file")])
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".json"))
    if not paths:
        raise InputError(str(folder), [("(folder)", "no scenario files (*.yaml, *.json)")])
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load_scenario(path))
        except InputError as exc:
            problems += [(f"{exc.source}: {p}", why) for p, why in exc.problems]
    stems = {s.path.stem for s in loaded}
    for s in loaded:
        varied = s.file.scenario.variation
        if varied is not None and varied.of not in stems:
            problems.append(
                (f"{s.path}: scenario.variation.of", f"no scenario {varied.of!r} in this folder")
            )
    if problems:
        raise InputError(str(folder), problems)
    return loaded


# --- checking --------------------------------------------------------------------------
def check(scenario: LoadedScenario, rulebook: Rulebook = RULEBOOK) -> CaseResult:
    return CaseResult(
        scenario,
        [_check_one(scenario, i, e, rulebook) for i, e in enumerate(scenario.file.scenario.expect)],
    )


def _check_one(
    scenario: LoadedScenario, index: int, exp: Expectation, rulebook: Rulebook
) -> Checked:
    matter = scenario.matter
    if exp.facts:
        # What-if answers win over the matter's and each candidate's own answers.
        listed = [
            c.model_copy(update={"facts": {**c.facts, **exp.facts}}) for c in matter.candidates
        ]
        matter = matter.model_copy(
            update={"facts": {**matter.facts, **exp.facts}, "candidates": listed}
        )
    as_of = exp.as_of or matter.as_of
    assert as_of is not None  # enforced by ScenarioFile
    source = str(scenario.path)
    try:
        assessment = assess(matter, as_of, rulebook)
    except InputError as exc:
        raise InputError(
            source, [(f"scenario.expect.{index}: {p}", w) for p, w in exc.problems]
        ) from exc
    claim = _find_claim(assessment.claims, exp, source, index)
    values = claim.values
    row = rulebook.interpret(claim.row.facts)
    checked = Checked(index, exp, as_of, values["decided_by"])
    checked.exceptions_applied = applied_exceptions(rulebook, row)
    miss = checked.mismatches

    # The compiled plan and the row interpreter must agree on every goal.
    for goal in GOALS:
        if values[goal] != row[goal]:
            miss.append(Mismatch(f"{goal} (plan vs interpreter)", values[goal], row[goal]))
    if values["status"] != exp.status:
        miss.append(Mismatch("status", exp.status, values["status"]))
    if values["decided_by"] != exp.decided_by:
        miss.append(Mismatch("decided_by", exp.decided_by, values["decided_by"]))
    for rule_id, exc_id in exp.rule_applied.items():
        applied = rulebook.trace(row, rule_id).applied
        if applied != exc_id:
            miss.append(Mismatch(f"rule_applied.{rule_id}", exc_id, applied))
    for name, value in exp.values.items():
        want = expected_value(rulebook, name, value)
        if row[name] != want:
            miss.append(Mismatch(f"values.{name}", want, row[name]))
    if exp.recoverable is not None:
        got = (values["recoverable_low"], values["recoverable_high"])
        want_range = (exp.recoverable.low, exp.recoverable.high)
        if got != want_range:
            miss.append(Mismatch("recoverable (cents)", want_range, got))
    return checked


def applied_exceptions(rulebook: Rulebook, row: dict[str, Any]) -> set[tuple[str, str]]:
    found = set()
    for rule in rulebook.rules.values():
        applied = rule.decide(row).applied
        if applied is not None:
            found.add((rule.id, applied.id))
    return found


def coverage(results: list[CaseResult], rulebook: Rulebook = RULEBOOK) -> dict[str, list[str]]:
    """Each exception of the rulebook ("rule.exception") -> the cases in which it decided."""
    table: dict[str, list[str]] = {
        f"{r.id}.{e.id}": [] for r in rulebook.rules.values() for e in r.exceptions
    }
    for result in results:
        if result.scenario.is_variation:  # only what a court decided counts as exercised
            continue
        for checked in result.checks:
            for rule_id, exc_id in sorted(checked.exceptions_applied):
                cases = table.setdefault(f"{rule_id}.{exc_id}", [])
                if result.scenario.file.scenario.case not in cases:
                    cases.append(result.scenario.file.scenario.case)
    return table


def _find_claim(
    claims: list[ClaimResult], exp: Expectation, source: str, index: int
) -> ClaimResult:
    found = [
        c
        for c in claims
        if c.row.claimant == exp.claimant
        and c.row.respondent == exp.respondent
        and (exp.theory is None or c.row.theory == exp.theory.value)
    ]
    if len(found) != 1:
        listed = ", ".join(
            f"{c.row.claimant} v. {c.row.respondent} ({c.row.theory})" for c in claims
        )
        why = (
            "no such candidate claim"
            if not found
            else "several candidate claims match; give theory"
        )
        raise InputError(
            source, [(f"scenario.expect.{index}", f"{why} (the matter has: {listed})")]
        )
    return found[0]


def _show(facts: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.items())
