"""Assess a matter: flatten it, run its few rows on the row path (generated code), explain
each candidate claim.

The :class:`Assessment` is the computation; :mod:`apportion.decide.decision` turns it into
the Decision every reader sees."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from apportion.engine import Rulebook, RuleConflict, Trace
from apportion.engine.completions import Range, row_ranges
from apportion.engine.counterfactual import Flip, flips
from apportion.engine.lazy import lazy_module
from apportion.engine.relevance import Question, questions
from apportion.io.flatten import CandidateRow, flatten
from apportion.io.load import InputError
from apportion.law.california import GOALS, RANGES, RULEBOOK
from apportion.law.california.outcome import BARS
from apportion.model.matter import Matter

if TYPE_CHECKING:
    import polars as pl
else:
    pl = lazy_module("polars")  # only for a frame of the results, on request

KEY_COLUMNS = ("claimant", "respondent")
PLEADED = frozenset({"theory"})
"""Facts the claimant chooses by pleading, not facts of the record."""
QUESTION_GOALS = (
    "status",
    "recoverable_low",
    "recoverable_high",
    "insured_recovers_low",
    "insured_recovers_high",
    "insurers_recover_low",
    "insurers_recover_high",
)
"""The goals a question must be able to change: status, amounts and owners (as low and
high ends, which are always known, so a fault share only narrows them)."""


@dataclass
class ClaimResult:
    row: CandidateRow
    values: dict[str, Any]
    ranges: dict[str, Range]
    """Each amount's least and most over every completion of the unknown facts."""
    rulebook: Rulebook

    @functools.cached_property
    def trace(self) -> Trace:
        """Why the claim has its status, found when first read: the row holds every fact
        and rule it reads, and a status or amount alone does not need it."""
        return self.rulebook.trace(self.values, "status")

    @property
    def status(self) -> str:
        return str(self.values["status"])


@dataclass
class Assessment:
    matter: Matter
    as_of: dt.date
    rulebook: Rulebook
    claims: list[ClaimResult]
    input_digest: str

    @property
    def frame(self) -> pl.DataFrame:
        """The claims' facts and values as a frame (one row per claim), typed as the plan
        types them."""
        schema = _schema(self.rulebook) | {
            r.id: r.kind.dtype for r in self.rulebook.rules_for(GOALS)[0]
        }
        schema |= {"claimant": pl.String(), "respondent": pl.String()}
        return pl.from_dicts([c.values for c in self.claims], schema=schema)

    def inputs(self) -> list[dict[str, Any]]:
        """Each claim's facts, as the rulebook reads them."""
        return [c.row.facts for c in self.claims]

    def questions(self) -> list[Question]:
        """The unknown facts whose answers could still change a claim's status or an
        amount, claim by claim (``Question.row`` is the claim's index in :attr:`claims`),
        most decisive first. Which rule decided a claim is not asked about for its own
        sake: a fact that would only add a second reason for the same status is not a
        question worth putting to a lawyer."""
        return questions(
            self.rulebook, self.inputs(), QUESTION_GOALS, open_values={"status": "undetermined"}
        )

    def flips(self, include_pleaded: bool = False) -> list[Flip]:
        """Per claim, the smallest sets of fact changes (one, else two) that would give it
        another determined status (``Flip.row`` is the claim's index). Over the facts only,
        unless ``include_pleaded``: changing the pleaded theory is a new claim, not a fact."""
        facts = None
        if not include_pleaded:
            cone = self.rulebook.cone(["status"])[1]
            facts = [f.id for f in cone if f.id not in PLEADED]
        return flips(
            self.rulebook,
            self.inputs(),
            "status",
            open_values=("undetermined",),
            facts=facts,
            also=("decided_by",),
        )


def assess(
    matter: Matter, as_of: dt.date | None = None, rulebook: Rulebook = RULEBOOK
) -> Assessment:
    when = as_of or matter.as_of or dt.date.today()
    if rulebook.since is not None and when < rulebook.since:
        field = "--as-of" if as_of else "as_of"
        why = f"the {rulebook.name} rulebook states the law from {rulebook.since}, not {when}"
        raise InputError("matter", [(field, why)])
    rows = flatten(matter, rulebook, when)
    names = rulebook.input_names()
    claims = []
    for index, row in enumerate(rows):
        # A matter's few rows on the row path: the plan costs ten times more for them.
        facts = {name: row.facts.get(name) for name in names}
        try:
            values = rulebook.run(facts, GOALS)
        except RuleConflict as clash:
            # Not a crash but an answer: which rule, which exceptions, on what authority,
            # fired by which facts (the interpreter finds them again on this one row).
            explained = rulebook.conflict_on(facts, GOALS) or clash
            claim = f"{matter.party(row.claimant).name} v. {matter.party(row.respondent).name}"
            raise explained.at(index, f"claim {claim}") from None
        values |= {"claimant": row.claimant, "respondent": row.respondent}
        # The row holds every fact and rule the explanation reads: no second pass.
        ranges = row_ranges(rulebook, facts, rulebook.ranges or RANGES)
        claims.append(ClaimResult(row, values, ranges, rulebook))
    digest = hashlib.sha256(
        json.dumps(matter.model_dump(mode="json", by_alias=True), sort_keys=True).encode()
    ).hexdigest()[:16]
    return Assessment(matter, when, rulebook, claims, digest)


def facts_frame(rulebook: Rulebook, rows: list[dict[str, Any]]) -> pl.DataFrame:
    # Built straight from the rows with the rulebook's schema (made once): ten times
    # cheaper than column lists plus a cast.
    return pl.from_dicts(rows, schema=_schema(rulebook))


def _schema(rulebook: Rulebook) -> dict[str, pl.DataType]:
    schema = _SCHEMAS.get(rulebook)
    if schema is None:
        schema = _SCHEMAS[rulebook] = rulebook.input_schema()
    return schema


_SCHEMAS: weakref.WeakKeyDictionary[Rulebook, dict[str, pl.DataType]] = weakref.WeakKeyDictionary()


BAR_IDS = frozenset(rule.id for rule in BARS)


def barred_by(claim: ClaimResult) -> list[str]:
    """Every bar that applies to a barred claim, or the element it failed if none does."""
    if claim.status != "barred":
        return []
    bars = [t.id for t in claim.trace.walk() if t.id in BAR_IDS and t.value is True]
    return list(dict.fromkeys(bars)) or [claim.values["decided_by"]]


def owners_of(matter: Matter, claim: ClaimResult) -> list[dict[str, Any]]:
    """Each owner of the recovery with its own range (its least and most over every
    completion of the unknown facts: not its part at the recovery's low or high end)."""
    r = claim.ranges
    if r["recovery"].most.cents == 0:
        return []
    x = claim.row.claimant
    found: list[dict[str, Any]] = [
        {"party": x, "basis": "own", "layer": None, "range": r["insured_recovers"]}
    ]
    for layer in ("primary", "excess"):
        part = r[f"{layer}_recovers"]
        if part.most.cents == 0:
            continue
        insurers = [p.insurer for p in matter.policies if p.insured == x and p.layer == layer]
        found.append(
            {
                "party": ",".join(insurers) or f"{layer}_insurer",
                "basis": "subrogated",
                "layer": layer,
                "range": part,
            }
        )
    return found
