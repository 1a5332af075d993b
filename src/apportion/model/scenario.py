"""The case-law scenario format: a published case as a matter plus the outcome it must reach.

A scenario file is a mapping with two keys: ``scenario`` (which case, and what the rulebook
must conclude about each candidate claim) and ``matter`` (the case's facts in the matter
format, parties named by role). See tests/cases/README.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from apportion.model.matter import Cents, FactValue, PartyId, Strict, Theory

Status = Literal["available", "barred", "undetermined", "no_loss"]


class Range(Strict):
    """Recoverable amount in dollars: equal bounds for an exact amount."""

    low: Cents
    high: Cents


class Expectation(Strict):
    """What the rulebook must conclude about one candidate claim."""

    claimant: PartyId
    respondent: PartyId
    theory: Theory | None = Field(default=None, description="when the pair has several")
    as_of: dt.date | None = Field(default=None, description="law as of (default: the matter's)")
    facts: dict[str, FactValue] = Field(
        default_factory=dict,
        description="answers added to the matter's facts for this expectation only (what-if)",
    )
    status: Status
    decided_by: str | None = Field(
        description="the outcome's deciding rule (null while undetermined)"
    )
    rule_applied: dict[str, str | None] = Field(
        default_factory=dict,
        description="rule id -> the exception that decided it (null: its default decided)",
    )
    values: dict[str, FactValue] = Field(
        default_factory=dict, description="rule id -> its expected value (null: unknown)"
    )
    recoverable: Range | None = None
    why: str = Field(default="", description="the court's reason, in a sentence")


class Variation(Strict):
    """A published case with one decisive fact changed: what the law says then."""

    of: str = Field(description="the scenario file (in the same folder, without .yaml) varied")
    changed: str = Field(min_length=1, description="the one decisive fact changed, in words")


class Scenario(Strict):
    case: str
    citation: str
    law: str = Field(description="where LAW.md describes the case, e.g. '§ 3.2'")
    outcome: str = Field(description="the outcome the court reached, in words")
    expect: list[Expectation] = Field(min_length=1)
    variation: Variation | None = Field(
        default=None, description="set when this is a variation of a published case, not one"
    )


class ScenarioFile(Strict):
    scenario: Scenario
    matter: dict[str, Any]

    @model_validator(mode="after")
    def _dated(self) -> ScenarioFile:
        # A scenario must not depend on the day it is run.
        if self.matter.get("as_of") is None:
            undated = [i for i, e in enumerate(self.scenario.expect) if e.as_of is None]
            if undated:
                raise ValueError(
                    f"scenario.expect.{undated[0]}.as_of: needed when the matter has no as_of"
                )
        return self
