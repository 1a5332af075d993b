"""A what-if as typed data: the facts set, and per claim what changed in status, amounts
and owners, the rules that read the changed facts, and what would flip it.

``apportion.decide.whatif`` computes it from two Decisions; presenters read only this.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from apportion.model.decision import Amount, FactValue, Flip, Reason, RuleRef, Status

WHATIF_FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AmountChange(_Model):
    label: str
    before: Amount | None
    """None: this owner had no part before."""
    after: Amount | None


class ClaimChange(_Model):
    index: int
    title: str
    status_before: Status
    status_after: Status
    decided_by_before: RuleRef | None
    decided_by_after: RuleRef | None
    amounts: list[AmountChange]
    """The recoverable amount and each owner's part, where they changed."""
    reasons: list[Reason]
    """The rules of the new result that read a changed fact."""
    flips: list[Flip]
    """What would flip the claim as it now stands."""

    @property
    def changed(self) -> bool:
        return self.status_before != self.status_after or bool(self.amounts)

    def __repr__(self) -> str:
        return (
            f"<ClaimChange {self.title}: {self.status_before} -> {self.status_after}, "
            f"{len(self.amounts)} amount(s) changed>"
        )


class WhatIf(_Model):
    format_version: int = WHATIF_FORMAT_VERSION
    matter: str
    settings: list[FactValue]
    target: str | None = None
    """``CLAIMANT:RESPONDENT`` when the settings apply to one candidate claim only."""
    claims: list[ClaimChange]
    flips_searched: bool

    def __repr__(self) -> str:
        shown = ", ".join(f"{s.id}={s.value!r}" for s in self.settings)
        return f"<WhatIf {shown}: {len(self.claims)} claim(s)>"
