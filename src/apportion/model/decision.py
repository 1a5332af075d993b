"""The Decision: everything a reader needs about an assessed matter, as typed data.

``apportion.decide`` computes it once; every presenter (text, Markdown, HTML, the DOCX memo,
the service) reads only this. It is versioned (:data:`DECISION_FORMAT_VERSION`) and its JSON
Schema is exported by ``apportion schema --decision``; ``assess -f json`` is exactly its
serialisation. Money is integer cents, shares basis points, dates ISO.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DECISION_FORMAT_VERSION: Literal[1] = 1
"""1: the first typed Decision (issue 15)."""

Value = bool | int | dt.date | str | None
"""A fact's or a rule's value: yes/no, cents, basis points, a whole number, a date, an enum
value; None while unknown. Its ``kind`` says which."""
Kind = Literal["bool", "money", "share", "int", "date", "enum"]
Status = Literal["available", "barred", "undetermined", "no_loss"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Authority(_Model):
    cite: str
    pinpoint: str | None = None
    quote: str | None = None
    retrospective: bool = False
    """A later decision, cited only for the earlier law it describes."""

    def text(self) -> str:
        return f"{self.cite}, {self.pinpoint}" if self.pinpoint else self.cite


class RuleRef(_Model):
    """A rule as a reader meets it: its id, its words and its authority."""

    id: str
    label: str
    words: str
    authorities: list[Authority] = []
    unsettled: bool = False

    def __repr__(self) -> str:
        return f"RuleRef({self.id!r})"


class Party(_Model):
    id: str
    name: str
    kind: str


class Bound(_Model):
    cents: int | None
    """None only at the most: no known most (an amount it depends on is unknown)."""
    exact: bool = True
    """False when this end is only a bound ("at least"/"at most"): every answer lies within
    it, but no completion of the facts may reach it."""


class Amount(_Model):
    """An amount in cents: exact when certain, else the least and the most it can be over
    every completion of the unknown facts."""

    cents: int | None = None
    """Set only when the amount is certain."""
    least: Bound
    most: Bound

    @classmethod
    def of(
        cls, least: int, most: int | None, least_exact: bool = True, most_exact: bool = True
    ) -> Amount:
        certain = most is not None and least == most and least_exact and most_exact
        return cls(
            cents=least if certain else None,
            least=Bound(cents=least, exact=least_exact),
            most=Bound(cents=most, exact=most_exact),
        )

    def __repr__(self) -> str:
        if self.cents is not None:
            return f"Amount({self.cents} cents)"
        return f"Amount({self.least.cents}..{self.most.cents} cents)"


class Owner(_Model):
    """Who owns (part of) a recovery: the insured for its own loss, or the insurers of one
    layer by subrogation."""

    basis: Literal["own", "subrogated"]
    layer: Literal["primary", "excess"] | None = None
    parties: list[Party]
    amount: Amount


class FactValue(_Model):
    id: str
    label: str
    kind: Kind
    value: Value = None


class ExceptionReason(_Model):
    """An exception ruled out or still open, with what decides that."""

    id: str
    words: str
    authorities: list[Authority] = []
    unsettled: bool = False
    in_force: bool = True
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    facts: list[FactValue] = []
    because: list[Reason] = []


class Reason(_Model):
    """One rule's conclusion on this claim with the minimal reasons for it."""

    rule: str
    label: str
    kind: Kind
    value: Value = None
    words: str = ""
    applied_words: str | None = None
    """The words of the exception that decided the value, if one did."""
    earlier: str | None = None
    """The law on the matter's day, where it is older than the rule's authorities."""
    authorities: list[Authority] = []
    unsettled: bool = False
    facts: list[FactValue] = []
    because: list[Reason] = []
    ruled_out: list[ExceptionReason] = []
    open_exceptions: list[ExceptionReason] = []
    set_aside: list[str] = []
    """Labels of inputs the rule reads that did not matter here."""
    repeated: bool = False
    """Already explained above in the same tree."""

    def __repr__(self) -> str:
        return f"Reason({self.rule!r}={self.value!r}, {len(self.because)} beneath)"


class Question(_Model):
    """An unknown fact whose answer could still change this claim's status or an amount."""

    fact: str
    """The fact key to answer (under ``facts:`` in the matter, or ``--set fact=value``)."""
    question: str
    label: str
    kind: Kind
    choices: list[str] = []
    help: str = ""
    could_change: list[str]
    """In words: what some answer would change."""
    could_decide: list[str] = []
    """In words: what is now open and some answer would settle."""
    together_with: list[str] = []
    """Fact keys: the fact matters only together with one of these."""
    asked_by: list[RuleRef]
    """The rules that read the fact on this claim."""

    def __repr__(self) -> str:
        return f"Question({self.fact!r})"


class FactChange(_Model):
    fact: str
    label: str
    kind: Kind
    before: Value = None
    after: Value = None
    election: bool = False
    """An election the matter may make (an override), not a fact of the record."""


class Flip(_Model):
    """Fact changes (one, else two) that would give the claim another determined status."""

    changes: list[FactChange]
    status: Status
    decided_by: RuleRef | None = None

    def __repr__(self) -> str:
        facts = ", ".join(c.fact for c in self.changes)
        return f"Flip({facts} -> {self.status})"


class Operand(_Model):
    label: str
    unit: Literal["cents", "bp"]
    value: int | None = None


class Step(_Model):
    """One line of the money arithmetic: ``result = operation(operands)`` by ``rule``."""

    label: str
    operation: Literal["sum", "difference", "least", "share", "split", "given"]
    """sum: operands added; difference: the first less the rest; least: the smallest; share:
    the first × the second ÷ the third, rounded down to the cent; split: the remainder
    divided in the operands' proportions by largest remainder; given: as paid or found."""
    operands: list[Operand]
    result: Operand | None = None
    rule: RuleRef | None = None
    note: str = ""


class Payment(_Model):
    claim: str
    payer: Party
    kind: str
    cents: int


class Arithmetic(_Model):
    """The money of one claim: the payments, then the steps at each end of the range (one
    set of steps when every amount is certain)."""

    payments: list[Payment]
    ends: dict[Literal["exact", "least", "most"], list[Step]]


class DeadlineView(_Model):
    """The last day to file under one view of the law that may govern the claim."""

    view: str
    label: str
    day: dt.date | None = None
    """None when a fact it runs from (the payment date) is unknown."""
    rule: RuleRef


class Deadline(_Model):
    """By when a claim not yet filed must be filed. Dates are calendar days in California."""

    file_by: dt.date | None = None
    """The last safe day: the earliest day the claim may become time-barred under any view
    that may govern it, over every completion of the unknown facts (never later than the
    truth). None when it cannot be bounded (``why_open`` says why)."""
    basis: RuleRef
    """The rule (or the exception of it) that sets the day, with its authority."""
    views: list[DeadlineView] = []
    moved_by: list[FactValue] = []
    """Unknown facts taken at their soonest: answering one may move the day later."""
    barred_since: dt.date | None = None
    """Set when the assessment date is past ``file_by``: barred since this day."""
    days_left: int | None = None
    """Calendar days from the assessment date to ``file_by`` (negative once past)."""
    why_open: str = ""


class Claim(_Model):
    index: int
    claimant: Party
    respondent: Party
    theory: str
    underlying_claims: list[str]
    status: Status
    status_words: str
    decided_by: RuleRef | None
    """The rule that decided the status (None while undetermined)."""
    barred_by: list[RuleRef] = []
    summary: list[str] = Field(max_length=3)
    """Why, in at most three sentences."""
    recoverable: Amount
    recovery: Amount
    """What is actually recovered (or all that is recoverable), shared among the owners."""
    owners: list[Owner]
    reasons: Reason
    standing: list[Reason] = []
    """Who may pursue an available claim (subrogation, the insured's own part)."""
    questions: list[Question]
    flips: list[Flip]
    money: Arithmetic
    facts: list[FactValue]
    """The known facts of this claim (the record relied on)."""
    notes: list[str] = []
    """What was made of the record: a fault share derived, shares as relative weights."""
    deadline: Deadline | None = None
    """By when to file, for an indemnity claim not yet filed (None otherwise)."""

    @property
    def title(self) -> str:
        theory = self.theory.replace("_", " ")
        return f"{self.claimant.name} v. {self.respondent.name} ({theory})"

    def __repr__(self) -> str:
        return f"<Claim {self.title}: {self.status.upper()}, {_amount(self.recoverable)}>"

    def _repr_html_(self) -> str:
        from apportion.report.html import render_claim_html  # presenters sit above models

        return render_claim_html(self)


class RulebookRef(_Model):
    name: str
    version: str
    digest: str


class Decision(_Model):
    format_version: Literal[1] = DECISION_FORMAT_VERSION
    matter: str
    as_of: dt.date
    rulebook: RulebookRef
    input_digest: str
    parties: list[Party]
    claims: list[Claim]

    def __repr__(self) -> str:
        claims = "; ".join(f"{c.title}: {c.status.upper()}" for c in self.claims)
        return f"<Decision {self.matter!r} as of {self.as_of}: {claims}>"

    def _repr_html_(self) -> str:
        from apportion.report.html import render_html

        return render_html(self, standalone=False)


def _amount(amount: Amount) -> str:
    def dollars(cents: int | None) -> str:
        return "no known most" if cents is None else f"${cents / 100:,.2f}"

    if amount.cents is not None:
        return dollars(amount.cents)
    return f"{dollars(amount.least.cents)} to {dollars(amount.most.cents)}"


Reason.model_rebuild()
ExceptionReason.model_rebuild()
