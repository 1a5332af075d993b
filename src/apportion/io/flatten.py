"""From a matter's record to one row of facts per candidate claim.

Each fact is derived from the record where it can tell, answered under ``facts:``, or
left unknown; its provenance is kept so a report can say which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from apportion.engine import AS_OF, Fact, Kind, Rulebook
from apportion.io.load import InputError
from apportion.model.limits import check_day, check_whole
from apportion.model.matter import (
    Candidate,
    Claim,
    ClaimKind,
    LiabilityBasis,
    Matter,
    PartyKind,
    PaymentKind,
    Representation,
    Theory,
    _to_basis_points,
    _to_cents,
)
from apportion.model.shares import RELATIVE, WHOLE, Stated, percent
from apportion.model.shares import check as check_shares

RECORD, ANSWERED, DERIVED = "record", "answered", "derived"
SHARES = ("claimant_fault", "respondent_fault", "others_fault")
"""A candidate claim's fault shares: the claimant's, the respondent's and everyone
else's liable for the same injury; parts of 100 % (less the client's own, if stated)."""


@dataclass
class CandidateRow:
    """One candidate claim: who against whom, the facts, and where each fact came from."""

    claimant: str
    respondent: str
    theory: str
    claims: list[str]
    facts: dict[str, Any]
    provenance: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    insurers: dict[str, str] = field(default_factory=dict)
    """The claimant's insurer (party id) by layer of cover: primary, excess."""
    """Said of the record, for the report: a share derived, shares as relative weights."""


def candidates(matter: Matter) -> list[Candidate]:
    """The listed candidate claims, or those the record implies: each attorney sued by a
    client against each other lawyer who acted for that client, and express indemnitors."""
    if matter.candidates:
        return list(matter.candidates)
    found: dict[tuple[str, str, Theory], Candidate] = {}
    for claim in matter.claims:
        for defendant in claim.defendants:
            if matter.party(defendant.party).kind is not PartyKind.attorney:
                continue
            for rep in matter.representations:
                if rep.client == claim.claimant and rep.attorney != defendant.party:
                    key = (defendant.party, rep.attorney, Theory.equitable_indemnity)
                    found.setdefault(key, Candidate(claimant=key[0], respondent=key[1]))
    for contract in matter.contracts:
        if contract.kind == "indemnity" and contract.indemnitor and contract.indemnitee:
            key = (contract.indemnitee, contract.indemnitor, Theory.express_indemnity)
            found.setdefault(key, Candidate(claimant=key[0], respondent=key[1], theory=key[2]))
    return list(found.values())


def flatten(matter: Matter, rulebook: Rulebook, as_of: dt.date) -> list[CandidateRow]:
    for name, value in matter.facts.items():  # checked even when no claim reads them
        _answer(rulebook, matter, f"facts.{name}", name, value)
    rows = []
    for i, candidate in enumerate(candidates(matter)):
        rows.append(_flatten_one(matter, rulebook, candidate, as_of, f"candidates.{i}"))
    _co_respondents(rows)
    return rows


def _co_respondents(rows: list[CandidateRow]) -> None:
    """Each row's ``co_respondents_fault``: the fault of the claimant's other respondents,
    whose recoveries share the claimant's own loss and defense costs with this one."""
    name = "co_respondents_fault"
    for row in rows:
        if name not in row.facts or row.provenance.get(name) == ANSWERED:
            continue
        others = {r.respondent: r for r in rows if r.claimant == row.claimant}
        others.pop(row.respondent, None)
        faults = [r.facts.get("respondent_fault") for r in others.values()]
        if all(f is not None for f in faults):
            row.facts[name] = sum(f for f in faults if f is not None)
            row.provenance[name] = RECORD


def _flatten_one(
    matter: Matter, rulebook: Rulebook, cand: Candidate, as_of: dt.date, where: str
) -> CandidateRow:
    x, y = cand.claimant, cand.respondent
    claims = _claims_against(matter, x, cand.claim)
    main = claims[0] if claims else None
    client = main.claimant if main else _client_of(matter, x)
    facts: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        if value is not None:
            facts[name] = value

    put("theory", cand.theory.value)
    put("claimant_is_attorney", matter.party(x).kind is PartyKind.attorney)
    put("respondent_is_attorney", matter.party(y).kind is PartyKind.attorney)

    xs, ys = _reps(matter, x, client), _reps(matter, y, client)
    put("claimant_role", xs[0].role.value if xs else "none")
    put("respondent_role", ys[0].role.value if ys else "none")
    sued = {
        d.party
        for c in matter.claims
        if c.claimant == client and c.kind is ClaimKind.malpractice
        for d in c.defendants
    }
    put("client_sued_claimant", x in sued)
    put("client_sued_respondent", y in sued)
    if ys:
        put("respondent_owed_duty_to_client", True)
        put("respondent_advised_only_claimant", False)
    elif any(r.attorney == y and r.client == x for r in matter.representations):
        # Retained by the claimant alone, never by the client: a consultant to the lawyer.
        put("respondent_advised_only_claimant", True)

    share_paths: dict[str, str] = {}
    client_fault = 0
    if main is not None:
        i = matter.claims.index(main)
        stated = {
            d.party: f"claims.{i}.{group}.{j}.fault"
            for group, listed in (
                ("defendants", main.defendants),
                ("nonparty_fault", main.nonparty_fault),
            )
            for j, d in enumerate(listed)
        }
        share_paths["claimant_fault"] = stated.get(x, "claimant_fault")
        share_paths["respondent_fault"] = stated.get(y, "respondent_fault")
        others_at = [path for pid, path in stated.items() if pid not in (x, y)]
        share_paths["others_fault"] = " + ".join(others_at) or f"others_fault (none on claims.{i})"
        client_fault = main.claimant_fault or 0
        shares = {d.party: d for d in (*main.defendants, *main.nonparty_fault)}
        fault = shares[y].fault if y in shares else None
        if fault is not None:
            put("respondent_caused_same_injury", fault > 0)
        if x in shares:
            put("claimant_liability_vicarious", shares[x].basis is LiabilityBasis.vicarious)
        put("claimant_fault", shares[x].fault if x in shares else None)
        put("respondent_fault", shares[y].fault if y in shares else None)
        others = [d.fault for pid, d in shares.items() if pid not in (x, y)]
        if all(f is not None for f in others):
            put("others_fault", sum(f for f in others if f is not None))
        against_x = [c for c in matter.claims if x in {d.party for d in c.defendants}]
        put("respondent_counsel_against_claimant", any(y in c.claimant_counsel for c in against_x))
        # Only when the claimant is sued on that claim: a transferee suing on the client's
        # own claim (White Mountains) is not "sued by" the client.
        # And only when the plaintiff is not the client the claimant acted for (Shaffery:
        # the insurer suing defence counsel, whose monitoring counsel it retained).
        plaintiff = main.claimant
        put(
            "respondent_retained_by_plaintiff",
            x in {d.party for d in main.defendants}
            and plaintiff != _client_of(matter, x)
            and any(
                r.retained_by == plaintiff or r.client == plaintiff
                for r in matter.representations
                if r.attorney == y
            ),
        )
        settled = [
            s
            for s in matter.settlements
            if s.claim in {c.id for c in claims} or _claim(matter, s.claim).claimant == client
        ]
        put(
            "respondent_good_faith_settlement",
            any(y in s.settling and s.good_faith_determination for s in settled),
        )

    put("representations_overlapped", any(_overlap(a, b, as_of) for a in xs for b in ys))
    # E.g. an expert the firm retained for the client's case (Forensis, 130 Cal.App.4th 14).
    put("claimant_retained_by_respondent", any(r.retained_by == y for r in xs))
    put("respondent_succeeded_claimant", _succeeded(ys, xs, x))
    put("claimant_succeeded_respondent", _succeeded(xs, ys, y))
    put("respondent_currently_represents_client", any(r.end is None or r.end > as_of for r in ys))
    # Hired to remedy the claimant's error, or that of a co-defendant sued with it for the
    # same harm: the rescuer is shielded from both (Gibson Dunn, 94 Cal.App.3d 347).
    codefendants = {d.party for c in claims for d in c.defendants}
    put("respondent_hired_to_remedy", any(r.remedies in {x} | codefendants for r in ys))
    put(
        "reservation_of_rights",
        any(p.reservation_of_rights for p in matter.policies if p.insured == client),
    )
    employer = y in {p.id for p in matter.parties if client in p.employer_of}
    put("respondent_is_clients_employer", employer)
    put(
        "express_indemnity_clause",
        any(
            k.kind == "indemnity" and k.indemnitor == y and k.indemnitee == x and k.written
            for k in matter.contracts
        ),
    )

    _money_facts(matter, x, claims, put, where)
    if cand.filed:
        put("claim_filed_date", cand.filed)
    _limitations_facts(matter, x, y, claims, facts)

    provenance = {name: RECORD for name in facts}
    for scope, answers in ((("facts"), matter.facts), (f"{where}.facts", cand.facts)):
        for name, value in answers.items():
            facts[name] = _answer(rulebook, matter, f"{scope}.{name}", name, value)
            provenance[name] = ANSWERED
            if name in SHARES:
                share_paths[name] = f"{scope}.{name}"
    notes = _shares(matter, facts, provenance, share_paths, client_fault)
    row = {fact_id: facts.get(fact_id) for fact_id in rulebook.facts}
    row[AS_OF] = as_of
    insurers: dict[str, str] = {p.layer: p.insurer for p in matter.policies if p.insured == x}
    return CandidateRow(
        x, y, cand.theory.value, [c.id for c in claims], row, provenance, notes, insurers
    )


def _shares(
    matter: Matter,
    facts: dict[str, Any],
    provenance: dict[str, str],
    paths: dict[str, str],
    client_fault: int,
) -> list[str]:
    """Check the row's fault shares as the record states them (InputError naming the
    fields), derive the last one when all others are known, and say so."""
    relative = matter.fault_shares == RELATIVE
    stated = [Stated(paths.get(name, name), facts.get(name)) for name in SHARES]
    whole = WHOLE - client_fault
    if any(s.bp is not None for s in stated):
        problems = check_shares(stated, relative=relative, whole=whole)
        if relative and not problems:
            unknown = [s.path for s in stated if s.bp is None]
            if unknown:
                why = "relative weights are divided by their total: every one must be known"
                problems = [(", ".join(unknown), why)]
            elif not sum(s.bp or 0 for s in stated):
                problems = [(", ".join(s.path for s in stated), "the weights are all 0")]
        if problems:
            raise InputError(matter._source, problems)
    if relative:
        if all(s.bp is None for s in stated):
            return []
        weights = " : ".join(percent(facts[name]) for name in SHARES if facts.get(name) is not None)
        return [
            "Fault shares are relative weights (fault_shares: relative), not percentages: "
            f"each party's share is its weight over their total ({weights} for the claimant, "
            "the respondent and others)."
        ]
    unknown = [name for name in SHARES if facts.get(name) is None]
    if len(unknown) != 1:
        return []
    (name,) = unknown
    facts[name] = whole - sum(facts[n] for n in SHARES if n != name)
    provenance[name] = DERIVED
    known = " and ".join(
        f"{n.removesuffix('_fault')} {percent(facts[n])} %" for n in SHARES if n != name
    )
    rest = f"100 % less the client's own {percent(client_fault)} %" if client_fault else "100 %"
    return [
        f"{name} is derived: {percent(facts[name])} %, what the other shares ({known}) "
        f"leave of {rest}."
    ]


def _money_facts(matter: Matter, x: str, claims: list[Claim], put: Any, where: str) -> None:
    ids = {c.id for c in claims}
    layers = {p.insurer: p for p in matter.policies if p.insured == x}
    sums = dict.fromkeys(
        (
            "paid_by_claimant",
            "paid_by_primary",
            "paid_by_excess",
            "fees_waived",
            "defense_by_claimant",
            "defense_by_insurers",
        ),
        0,
    )
    volunteer, dates = False, []
    for pay in matter.payments:
        if pay.on_behalf_of != x or pay.claim not in ids:
            continue
        dates.append(pay.date)
        # The matter's checks made the payer either x or an insurer.
        by_insurer = matter.party(pay.payer).kind is PartyKind.insurer
        if pay.kind is PaymentKind.waived_fees:
            sums["fees_waived"] += pay.amount
        elif pay.kind is PaymentKind.defense_costs:
            sums["defense_by_insurers" if by_insurer else "defense_by_claimant"] += pay.amount
        elif by_insurer:
            policy = layers.get(pay.payer)
            volunteer = volunteer or policy is None
            layer = policy.layer if policy else "primary"
            sums[f"paid_by_{layer}"] += pay.amount
        else:
            sums["paid_by_claimant"] += pay.amount
    for name, cents in sums.items():
        put(name, cents)
    if sums["fees_waived"]:
        settled = {s.claim for s in matter.settlements if x in s.settling}
        waived_on = {
            p.claim
            for p in matter.payments
            if p.kind is PaymentKind.waived_fees and p.on_behalf_of == x
        }
        if waived_on <= settled:
            put("waiver_was_settlement_consideration", True)
    put("insurer_paid_as_volunteer", volunteer)
    by_layer = {p.layer: p for p in layers.values()}
    put(
        "primary_overrides_made_whole",
        by_layer["primary"].overrides_made_whole if "primary" in by_layer else False,
    )
    put(
        "excess_overrides_made_whole",
        by_layer["excess"].overrides_made_whole if "excess" in by_layer else False,
    )
    if dates:
        put("last_payment_date", max(dates))


def _limitations_facts(
    matter: Matter, x: str, y: str, claims: list[Claim], facts: dict[str, Any]
) -> None:
    """Accrual runs from payment to the client (cash, judgment or fees given up); defense
    costs are not a payment to the client. The payment list is a complete record."""
    ids = {c.id for c in claims}
    paid_on = [
        p.date
        for p in matter.payments
        if p.on_behalf_of == x and p.claim in ids and p.kind is not PaymentKind.defense_costs
    ]
    facts["claimant_has_paid"] = bool(paid_on)
    # The client's claim against the claimant stays open until the claimant settles it.
    settled = {s.claim for s in matter.settlements if x in s.settling}
    facts["claimant_liability_open"] = any(
        c.id not in settled and x in {d.party for d in c.defendants} for c in claims
    )
    if paid_on:
        facts["last_payment_date"] = max(paid_on)
    else:
        facts.pop("last_payment_date", None)
    facts["respondent_is_public_entity"] = matter.party(y).public_entity
    served = [c.served for c in claims if c.claimant != x and c.served is not None]
    if served:
        facts["complaint_served_date"] = min(served)


def _answer(rulebook: Rulebook, matter: Matter, path: str, name: str, value: Any) -> Any:
    fact = rulebook.facts.get(name)
    if fact is None:
        reason = "no such fact (see `apportion rules --facts`)"
        raise InputError(matter._source, [(path, reason)])
    if value is None:
        return None
    try:
        return coerce(fact, value)
    except ValueError as exc:
        raise InputError(matter._source, [(path, str(exc))]) from exc


def coerce(fact: Fact, value: Any) -> Any:
    """An answer in the matter's notation (dollars, percentages, ISO dates) as a fact
    value, within the bounds every input is held to (:mod:`apportion.model.limits`).
    Matter files, ``--set`` values and interview answers all come through here."""
    if fact.kind is Kind.BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if fact.kind is Kind.MONEY:
        return _to_cents(value)
    if fact.kind is Kind.SHARE:
        return _to_basis_points(value)
    if fact.kind is Kind.DATE:
        if isinstance(value, dt.datetime):
            raise ValueError(f"expected a date as YYYY-MM-DD, got a time {value!r}")
        if isinstance(value, dt.date):
            return check_day(value)
        text = str(value).strip()
        try:
            if len(text) != 10 or not text.isascii():
                raise ValueError
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
        return check_day(day)
    if fact.kind is Kind.ENUM:
        if value not in fact.values:
            raise ValueError(f"expected one of {', '.join(fact.values)}; got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return check_whole(value)


def _claims_against(matter: Matter, x: str, only: str | None) -> list[Claim]:
    found = [c for c in matter.claims if x in {d.party for d in c.defendants}]
    if only is not None:
        found = [c for c in found if c.id == only] or [_claim(matter, only)]
    # The client's malpractice claim first: it fixes the client and the fault shares.
    return sorted(found, key=lambda c: c.kind is not ClaimKind.malpractice)


def _claim(matter: Matter, cid: str) -> Claim:
    return next(c for c in matter.claims if c.id == cid)


def _client_of(matter: Matter, attorney: str) -> str | None:
    return next((r.client for r in matter.representations if r.attorney == attorney), None)


def _reps(matter: Matter, attorney: str, client: str | None) -> list[Representation]:
    return [r for r in matter.representations if r.attorney == attorney and r.client == client]


def _overlap(a: Representation, b: Representation, as_of: dt.date) -> bool:
    a_end, b_end = a.end or as_of, b.end or as_of
    return a.subject == b.subject and a.start <= b_end and b.start <= a_end


def _succeeded(
    later: Iterable[Representation], earlier: Iterable[Representation], earlier_attorney: str
) -> bool:
    earlier = list(earlier)
    return any(
        r.remedies == earlier_attorney
        or any(e.end is not None and r.start >= e.end and r.subject == e.subject for e in earlier)
        for r in later
    )
