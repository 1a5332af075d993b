"""The matter file, format v1: who acted for whom, who was sued, who paid what.

Lists are complete records: a settlement, payment or representation that is
not listed did not happen. Anything the record cannot tell is a *fact* the
rulebook asks for by id; answer it under ``facts:`` (for every candidate
claim) or under a candidate claim's own ``facts:``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from apportion.model.limits import Day, Lines, Text
from apportion.model.shares import RELATIVE, Stated
from apportion.model.shares import check as check_shares

FORMAT_VERSION: Literal[1] = 1
_MONEY = re.compile(r"^-?[0-9]+(\.[0-9]{1,2})?$")  # ASCII digits only: '１２' is not $12
# Cents times basis points must stay inside 64-bit integers, where polars would wrap
# silently: $1 trillion x 10,000 bp = 10^18 < 2^63.
MAX_CENTS = 100 * 10**12


def _to_cents(value: Any) -> int:
    """Decimal dollars ("85000", 85000, "1,250.50") to integer cents, exactly."""
    if isinstance(value, bool):
        raise ValueError("money must be an amount in dollars, not true/false")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).replace(",", "").replace("$", "").strip()
    if not _MONEY.match(text):
        raise ValueError(f"{value!r} is not an amount in dollars with at most two decimals")
    cents = int(Decimal(text) * 100)
    if cents < 0:
        raise ValueError("money cannot be negative")
    if cents > MAX_CENTS:
        raise ValueError("money above $1,000,000,000,000 is out of range")
    return cents


Cents = Annotated[
    int,
    BeforeValidator(_to_cents),
    PlainSerializer(lambda c: f"{c // 100}.{c % 100:02d}", return_type=str),
    WithJsonSchema(
        {"type": ["string", "number"], "description": "dollars, e.g. 85000 or '1250.50'"}
    ),
]


def _to_basis_points(value: Any) -> int:
    """A share written as a percentage ("40%", 40) held as basis points (4000)."""
    if isinstance(value, bool):
        raise ValueError("a share must be a percentage, not true/false")
    text = str(value).strip().removesuffix("%").strip()
    if not text.isascii():  # Decimal reads other scripts' digits
        raise ValueError(f"{value!r} is not a percentage")
    try:
        bp = Decimal(text) * 100
    except Exception as exc:
        raise ValueError(f"{value!r} is not a percentage") from exc
    if bp != bp.to_integral_value() or not 0 <= bp <= 10_000:
        raise ValueError("a share is a percentage from 0 to 100 with at most two decimals")
    return int(bp)


Share = Annotated[
    int,
    BeforeValidator(_to_basis_points),
    PlainSerializer(lambda bp: f"{Decimal(bp) / 100}%", return_type=str),
    WithJsonSchema({"type": ["string", "number"], "description": "percentage, e.g. 40 or '40%'"}),
]

PartyId = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartyKind(StrEnum):
    client = "client"
    attorney = "attorney"
    insurer = "insurer"
    other = "other"


class Party(Strict):
    id: PartyId
    name: Text
    kind: PartyKind
    note: Lines = ""
    employer_of: list[PartyId] = Field(
        default_factory=list, description="clients this party employed (workers' compensation)"
    )
    public_entity: bool = False


class Role(StrEnum):
    lead = "lead"
    associated = "associated"  # retained by another attorney
    concurrent = "concurrent"  # separately retained by the client
    cumis = "cumis"  # independent counsel under Civ. Code § 2860
    insurer_appointed = "insurer_appointed"
    monitoring = "monitoring"  # retained by an insurer to monitor defence counsel
    other = "other"


class Representation(Strict):
    attorney: PartyId
    client: PartyId
    subject: Text
    role: Role
    retained_by: PartyId | None = None
    start: Day = Field(alias="from")
    end: Day | None = Field(default=None, alias="to", description="absent: still acting")
    remedies: PartyId | None = Field(
        default=None, description="attorney whose alleged error this one was hired to remedy"
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _dates(self) -> Representation:
        if self.end is not None and self.end < self.start:
            raise ValueError("'to' is before 'from'")
        return self


class Policy(Strict):
    id: PartyId
    insurer: PartyId
    insured: PartyId
    layer: Literal["primary", "excess"] = "primary"
    deductible: Cents = 0
    limit: Cents | None = None
    reservation_of_rights: bool = False
    overrides_made_whole: bool = Field(
        default=False,
        description="explicit clause giving the insurer priority over the insured's loss",
    )


class ClaimKind(StrEnum):
    malpractice = "malpractice"
    third_party = "third_party"


class LiabilityBasis(StrEnum):
    own_fault = "own_fault"
    vicarious = "vicarious"


class Defendant(Strict):
    party: PartyId
    basis: LiabilityBasis
    fault: Share | None = Field(default=None, description="comparative fault share, if known")


class Claim(Strict):
    id: PartyId
    claimant: PartyId
    kind: ClaimKind
    subject: Text
    defendants: list[Defendant] = Field(min_length=1)
    claimant_counsel: list[PartyId] = Field(default_factory=list)
    nonparty_fault: list[Defendant] = Field(
        default_factory=list,
        description="others liable to the claimant for the same injury but not sued, with shares",
    )
    claimant_fault: Share | None = None
    filed: Day | None = None
    served: Day | None = Field(
        default=None, description="when the defendants were served with the complaint"
    )


class Settlement(Strict):
    claim: PartyId
    settling: list[PartyId] = Field(min_length=1, description="defendants who settled")
    amount: Cents
    date: Day
    good_faith_determination: bool = Field(description="Code Civ. Proc. § 877.6 determination")
    releases: list[PartyId] = Field(default_factory=list, description="others the release covers")


class PaymentKind(StrEnum):
    settlement = "settlement"
    judgment = "judgment"
    waived_fees = "waived_fees"
    defense_costs = "defense_costs"


class Payment(Strict):
    payer: PartyId
    on_behalf_of: PartyId
    claim: PartyId
    kind: PaymentKind
    amount: Cents
    date: Day


class Contract(Strict):
    between: list[PartyId] = Field(min_length=2, max_length=2)
    kind: Literal["association", "fee_division", "indemnity", "other"]
    indemnitor: PartyId | None = None
    indemnitee: PartyId | None = None
    written: bool = True
    date: Day | None = None


class Theory(StrEnum):
    equitable_indemnity = "equitable_indemnity"
    implied_contractual_indemnity = "implied_contractual_indemnity"
    express_indemnity = "express_indemnity"
    lost_fees = "lost_fees"
    transferred_malpractice = "transferred_malpractice"


FactValue = bool | int | str | dt.date | None


class Candidate(Strict):
    """A claim to assess; when none are listed, they are derived from the record."""

    claimant: PartyId
    respondent: PartyId
    theory: Theory = Theory.equitable_indemnity
    claim: PartyId | None = Field(default=None, description="the underlying claim it concerns")
    filed: Day | None = None
    facts: dict[str, FactValue] = Field(default_factory=dict)


class Matter(Strict):
    format: Literal[1] = FORMAT_VERSION
    title: Text
    as_of: Day | None = Field(default=None, description="law as of this date (default: today)")
    parties: list[Party] = Field(min_length=1)
    representations: list[Representation] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    settlements: list[Settlement] = Field(default_factory=list)
    payments: list[Payment] = Field(default_factory=list)
    contracts: list[Contract] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    facts: dict[str, FactValue] = Field(default_factory=dict)
    fault_shares: Literal["percent", "relative"] = Field(
        default="percent",
        description="percent: fault shares are percentages that add up to 100 (checked); "
        "relative: they are relative weights, divided by their total",
    )
    _source: str = PrivateAttr(default="matter")
    """Where the matter was read from, for messages about it found later (its facts)."""

    @model_validator(mode="after")
    def _references(self) -> Matter:
        """Every party named anywhere must be declared, and claims must exist."""
        ids = [p.id for p in self.parties]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"parties: id {dupes[0]!r} is used twice")
        known, claims = set(ids), {c.id for c in self.claims}
        problems: list[str] = []

        def need(path: str, pid: PartyId | None) -> None:
            if pid is not None and pid not in known:
                problems.append(f"{path}: unknown party {pid!r}")

        def need_claim(path: str, cid: PartyId | None) -> None:
            if cid is not None and cid not in claims:
                problems.append(f"{path}: unknown claim {cid!r}")

        for i, p in enumerate(self.parties):
            for j, e in enumerate(p.employer_of):
                need(f"parties.{i}.employer_of.{j}", e)
        for i, r in enumerate(self.representations):
            for name in ("attorney", "client", "retained_by", "remedies"):
                need(f"representations.{i}.{name}", getattr(r, name))
        for i, pol in enumerate(self.policies):
            need(f"policies.{i}.insurer", pol.insurer)
            need(f"policies.{i}.insured", pol.insured)
        for i, c in enumerate(self.claims):
            need(f"claims.{i}.claimant", c.claimant)
            for j, d in enumerate(c.defendants):
                need(f"claims.{i}.defendants.{j}.party", d.party)
            for j, d in enumerate(c.nonparty_fault):
                need(f"claims.{i}.nonparty_fault.{j}.party", d.party)
            for j, pid in enumerate(c.claimant_counsel):
                need(f"claims.{i}.claimant_counsel.{j}", pid)
        for i, s in enumerate(self.settlements):
            need_claim(f"settlements.{i}.claim", s.claim)
            for j, pid in enumerate(s.settling):
                need(f"settlements.{i}.settling.{j}", pid)
            for j, pid in enumerate(s.releases):
                need(f"settlements.{i}.releases.{j}", pid)
        for i, pay in enumerate(self.payments):
            need(f"payments.{i}.payer", pay.payer)
            need(f"payments.{i}.on_behalf_of", pay.on_behalf_of)
            need_claim(f"payments.{i}.claim", pay.claim)
        for i, k in enumerate(self.contracts):
            for j, pid in enumerate(k.between):
                need(f"contracts.{i}.between.{j}", pid)
            need(f"contracts.{i}.indemnitor", k.indemnitor)
            need(f"contracts.{i}.indemnitee", k.indemnitee)
        for i, cand in enumerate(self.candidates):
            need(f"candidates.{i}.claimant", cand.claimant)
            need(f"candidates.{i}.respondent", cand.respondent)
            need_claim(f"candidates.{i}.claim", cand.claim)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _consistent(self) -> Matter:
        """Ids unique, parties of the kind their field needs, no one suing itself, and
        every payment made by the party it was for or by an insurer."""
        kinds = {p.id: p.kind for p in self.parties}
        problems: list[str] = []
        for name in ("claims", "policies"):
            ids = [item.id for item in getattr(self, name)]
            problems += [
                f"{name}.{i}.id: {cid!r} is used twice"
                for i, cid in enumerate(ids)
                if cid in ids[:i]
            ]

        def kind(path: str, pid: str | None, *wanted: PartyKind) -> None:
            if pid is not None and kinds[pid] not in wanted:
                names = " or ".join(w.value for w in wanted)
                problems.append(f"{path}: {pid!r} is {kinds[pid].value}, not {names}")

        for i, r in enumerate(self.representations):
            # Another professional (an accountant, an expert) may act as counsel does.
            kind(f"representations.{i}.attorney", r.attorney, PartyKind.attorney, PartyKind.other)
            kind(f"representations.{i}.remedies", r.remedies, PartyKind.attorney, PartyKind.other)
        for i, pol in enumerate(self.policies):
            kind(f"policies.{i}.insurer", pol.insurer, PartyKind.insurer)
        for i, c in enumerate(self.claims):
            for j, d in enumerate(c.defendants):
                if d.party == c.claimant:
                    problems.append(
                        f"claims.{i}.defendants.{j}.party: the claimant cannot sue itself"
                    )
        for i, cand in enumerate(self.candidates):
            if cand.claimant == cand.respondent:
                problems.append(f"candidates.{i}.respondent: the claimant cannot sue itself")
        for i, pay in enumerate(self.payments):
            if pay.payer != pay.on_behalf_of and kinds[pay.payer] is not PartyKind.insurer:
                problems.append(
                    f"payments.{i}.payer: {pay.payer!r} paid on behalf of {pay.on_behalf_of!r} "
                    f"but is neither {pay.on_behalf_of!r} nor an insurer"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _shares(self) -> Matter:
        """Each claim's stated fault shares (its defendants', others' and the client's
        own) can be completed to exactly 100 %, unless they are relative weights."""
        problems: list[str] = []
        for i, c in enumerate(self.claims):
            stated = [
                *(
                    Stated(f"claims.{i}.defendants.{j}.fault", d.fault)
                    for j, d in enumerate(c.defendants)
                ),
                *(
                    Stated(f"claims.{i}.nonparty_fault.{j}.fault", d.fault)
                    for j, d in enumerate(c.nonparty_fault)
                ),
                Stated(f"claims.{i}.claimant_fault", c.claimant_fault),
            ]
            if any(s.bp is not None for s in stated):
                relative = self.fault_shares == RELATIVE
                problems += [
                    f"{path}: {why}" for path, why in check_shares(stated, relative=relative)
                ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def party(self, pid: str) -> Party:
        return next(p for p in self.parties if p.id == pid)
