"""The API's own documents (the Decision and the WhatIf are the model's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from apportion.model.decision import Decision, Party, Question, RulebookRef


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(_Out):
    status: str
    database: str
    rulebook: RulebookRef


class AssessmentSummary(_Out):
    id: str
    created_at: dt.datetime
    asked_by: str
    matter: str
    statuses: list[str]
    as_of: dt.date
    rulebook: RulebookRef
    input_digest: str


class AssessmentRecord(AssessmentSummary):
    as_of_requested: dt.date | None
    content_type: str
    body_digest: str
    """SHA-256 of the body as received."""
    decision: Decision


class AssessmentPage(_Out):
    items: list[AssessmentSummary]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class ClaimQuestions(_Out):
    index: int
    claimant: Party
    respondent: Party
    status: str
    questions: list[Question]


class QuestionsOut(_Out):
    id: str
    matter: str
    claims: list[ClaimQuestions]


class RulesChanged(_Out):
    added: list[str]
    removed: list[str]
    changed: list[str]


class ReplayOut(_Out):
    id: str
    identical: bool
    """The recomputed Decision is the stored one, to the byte."""
    differences: list[str]
    """The fields (paths into the Decision) whose values differ, at most 50."""
    stored_rulebook: RulebookRef
    current_rulebook: RulebookRef
    rulebook_changed: bool
    rules: RulesChanged | None
    """What changed in the rulebook since (rule ids), when it did."""
    decision: Decision
    """The Decision as recomputed now."""


class WhatIfIn(BaseModel):
    """A what-if: a matter (inline, or a stored assessment's), the facts to set, and as
    the CLI's options say."""

    model_config = ConfigDict(extra="forbid")

    matter: dict[str, Any] | None = None
    assessment: str | None = Field(None, description="the id of a stored assessment")
    set: dict[str, str | int | bool | None] = Field(
        default_factory=dict,
        description="fact: value (as for `--set fact=value`; null or 'unknown' unsets)",
    )
    claim: str | None = Field(
        None, description="CLAIMANT:RESPONDENT: set the facts for this claim only"
    )
    as_of: str | None = Field(None, description="the law as it stood that day (YYYY-MM-DD)")
    flips: bool = True
    flip_theory: bool = False
