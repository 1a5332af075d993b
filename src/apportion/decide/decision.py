"""Assess a matter into a :class:`~apportion.model.decision.Decision`, computed once.

Everything a presenter shows is worked out here: statuses in words, the deciding rule,
amounts and owners, the reasons tree, the open questions, the flips and the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apportion.decide.arithmetic import arithmetic
from apportion.decide.assessment import Assessment, ClaimResult, assess, barred_by, owners_of
from apportion.decide.deadlines import deadline_of
from apportion.decide.words import (
    STATUS_WORDS,
    authority,
    first_sentence,
    goal_words,
    rule_ref,
    with_names,
)
from apportion.engine import Rulebook, Trace
from apportion.engine import counterfactual as cf
from apportion.engine import relevance as rel
from apportion.engine.completions import Range
from apportion.engine.plan import ExceptionTrace
from apportion.engine.plan import FactValue as TracedFact
from apportion.law.california import RULEBOOK
from apportion.model.decision import (
    Amount,
    Claim,
    Decision,
    ExceptionReason,
    FactChange,
    FactValue,
    Flip,
    Owner,
    Party,
    Question,
    Reason,
    RulebookRef,
    RuleRef,
)
from apportion.model.matter import Matter

# Who may pursue an available claim: the insurer by subrogation, the insured for its own part.
STANDING = ("subrogation_permitted", "deductible_owned_by_insured")


def decide(matter: Matter, as_of: dt.date | None = None, rulebook: Rulebook = RULEBOOK) -> Decision:
    """Assess ``matter`` and return its Decision (status, amounts, owners, reasons,
    questions, flips and arithmetic of every candidate claim)."""
    return decision_of(assess(matter, as_of, rulebook))


def decision_of(assessment: Assessment) -> Decision:
    rb = assessment.rulebook
    asked = assessment.questions()
    flips = assessment.flips()
    return Decision(
        matter=assessment.matter.title,
        as_of=assessment.as_of,
        rulebook=RulebookRef(name=rb.name, version=rb.version, digest=rb.digest()),
        input_digest=assessment.input_digest,
        parties=[party(assessment.matter, p.id) for p in assessment.matter.parties],
        claims=[
            _claim(
                assessment,
                i,
                claim,
                [q for q in asked if q.row == i],
                [f for f in flips if f.row == i],
            )
            for i, claim in enumerate(assessment.claims)
        ],
    )


def party(matter: Matter, party_id: str) -> Party:
    found = matter.party(party_id)
    return Party(id=found.id, name=found.name, kind=found.kind.value)


def _claim(
    a: Assessment,
    index: int,
    claim: ClaimResult,
    asked: list[rel.Question],
    flips: list[cf.Flip],
) -> Claim:
    rb, matter, v = a.rulebook, a.matter, claim.values
    claimant, respondent = party(matter, claim.row.claimant), party(matter, claim.row.respondent)
    decided = v["decided_by"]
    questions = [question_of(rb, q, claim, claimant.name, respondent.name) for q in asked]
    return Claim(
        index=index,
        claimant=claimant,
        respondent=respondent,
        theory=claim.row.theory,
        underlying_claims=list(claim.row.claims),
        status=claim.status,  # type: ignore[arg-type]  # the status rule's three values
        status_words=STATUS_WORDS[claim.status].format(
            claimant=claimant.name, respondent=respondent.name
        ),
        decided_by=rule_ref(rb, decided) if decided else None,
        barred_by=[rule_ref(rb, r) for r in barred_by(claim) if r in rb.rules],
        summary=_summary(claim, questions),
        recoverable=amount_of(claim, "recoverable"),
        recovery=amount_of(claim, "recovery"),
        owners=[_owner(matter, o) for o in owners_of(matter, claim)],
        reasons=reason(claim.trace),
        standing=_standing(rb, claim),
        questions=questions,
        flips=[flip(rb, f) for f in flips],
        money=arithmetic(rb, matter, claim.row.facts, claim.row.claimant),
        facts=[
            FactValue(id=k, label=rb.facts[k].label, kind=rb.facts[k].kind.value, value=val)
            for k, val in claim.row.facts.items()
            if val is not None and k in rb.facts
        ],
        notes=claim.row.notes,
        deadline=deadline_of(rb, claim.row.facts, a.as_of),
    )


def amount_of(claim: ClaimResult, name: str) -> Amount:
    return amount(claim.ranges[name])


def amount(found: Range) -> Amount:
    """A range over completions as an Amount: exact where certain, each end a bound
    ("at least"/"at most") where no completion is known to reach it."""
    least = found.least.cents or 0  # a least is always known (0 at worst)
    return Amount.of(least, found.most.cents, found.least.exact, found.most.exact)


def amounts(a: Assessment, claim: ClaimResult) -> list[tuple[str, Amount]]:
    """The recoverable amount and each owner's part, labelled in words (for a what-if)."""
    found = [("recoverable", amount_of(claim, "recoverable"))]
    for owner in owners_of(a.matter, claim):
        made = _owner(a.matter, owner)
        names = ", ".join(p.name for p in made.parties)
        basis = "own loss" if made.basis == "own" else f"{made.layer} insurer, by subrogation"
        found.append((f"owned by {names} ({basis})", made.amount))
    return found


def claim_title(a: Assessment, claim: ClaimResult) -> str:
    names = {p.id: p.name for p in a.matter.parties}
    theory = claim.row.theory.replace("_", " ")
    return f"{names[claim.row.claimant]} v. {names[claim.row.respondent]} ({theory})"


def _owner(matter: Matter, found: dict[str, Any]) -> Owner:
    ids = [i for i in found["party"].split(",") if i]
    parties = [party(matter, i) for i in ids if any(p.id == i for p in matter.parties)]
    if not parties:  # no policy names the insurer of this layer
        parties = [Party(id=found["party"], name=f"the {found['layer']} insurer", kind="insurer")]
    return Owner(
        basis=found["basis"], layer=found["layer"], parties=parties, amount=amount(found["range"])
    )


def _summary(claim: ClaimResult, questions: list[Question]) -> list[str]:
    """Why, in at most three sentences: the deciding rule, then what it rests on."""
    pending = _find(claim.trace, "no_loss_to_shift")
    if claim.status == "no_loss" and pending is not None:
        return [_sentence(pending)]
    if pending is not None and pending.applied is not None and pending.applied_words:
        # Nothing paid yet, but the client's claim is open: say why the claim is still here.
        return [*_summary_of(claim, questions)[:2], f"Nothing paid yet: {pending.applied_words}"]
    return _summary_of(claim, questions)


def _summary_of(claim: ClaimResult, questions: list[Question]) -> list[str]:
    if claim.status == "undetermined":
        deciding = [q for q in questions if q.could_decide] or questions
        keys = ", ".join(q.fact for q in deciding[:3])
        lines = ["The status turns on facts not yet known."]
        if keys:
            lines.append(f"Answer {keys} to decide it.")
        lines.append("Until then every amount is the least and the most it could be.")
        return lines
    node = _find(claim.trace, claim.values["decided_by"]) or claim.trace
    lines = [_sentence(node)]
    bars = _find(claim.trace, "barred")
    for child in node.because:
        if len(lines) == 3:
            break
        if child.repeated:
            continue
        if child is bars:
            lines.append(_no_bar(child))
        else:
            lines.append(_sentence(child))
    if len(lines) < 3 and node.facts:
        lines.append("Facts: " + "; ".join(_fact_words(f) for f in node.facts) + ".")
    return lines


def _no_bar(bars: Trace) -> str:
    """No bar applies: name those ruled out on the facts (an exception in force that the
    known facts rule out), the ones a reader would have expected to be argued."""
    argued = [
        b
        for b in bars.because
        if b.value is False
        and any(
            e.in_force and (e.because or e.facts) and all(f.value is not None for f in e.facts)
            for e in b.ruled_out
        )
    ]
    considered = len(bars.because)
    if not argued:
        return f"No bar applies ({considered} considered)."
    named = "; ".join(
        b.label + (f" ({b.authorities[0].text()})" if b.authorities else "") for b in argued[:2]
    )
    return f"No bar applies ({considered} considered); ruled out on the facts: {named}."


def _sentence(node: Trace) -> str:
    words = node.applied_words or node.words or node.label
    cite = f" ({node.authorities[0].text()})" if node.authorities else ""
    verdict = {True: "yes", False: "no"}.get(node.value, str(node.value))
    head = f"{node.label[:1].upper()}{node.label[1:]}: {verdict}."
    if words == node.label:
        return head[:-1] + cite + "."
    return f"{head} {first_sentence(words)[:-1]}{cite}."


def _fact_words(fact: TracedFact) -> str:
    value = fact.value
    shown = {True: "yes", False: "no", None: "unknown"}.get(value, str(value))
    return f"{fact.label} = {shown}"


def _find(trace: Trace, rule_id: str | None) -> Trace | None:
    if rule_id is None:
        return None
    return next((n for n in trace.walk() if n.id == rule_id and not n.repeated), None)


def _standing(rb: Rulebook, claim: ClaimResult) -> list[Reason]:
    if claim.status != "available" or not all(r in rb.rules for r in STANDING):
        return []
    row = rb.run(claim.row.facts, STANDING)
    return [reason(rb.trace(row, rule_id)) for rule_id in STANDING]


def reason(trace: Trace) -> Reason:
    return Reason(
        rule=trace.id,
        label=trace.label,
        kind=trace.kind.value,
        value=trace.value,
        words=trace.words if trace.words != trace.label else "",
        applied_words=trace.applied_words,
        earlier=trace.earlier,
        authorities=[authority(c) for c in trace.authorities],
        unsettled=trace.unsettled,
        facts=[_fact(f) for f in trace.facts],
        because=[reason(child) for child in trace.because],
        ruled_out=[_exception(e) for e in trace.ruled_out],
        open_exceptions=[_exception(e) for e in trace.open_exceptions],
        set_aside=[label for _, label in trace.set_aside],
        repeated=trace.repeated,
    )


def _exception(exc: ExceptionTrace) -> ExceptionReason:
    return ExceptionReason(
        id=exc.id,
        words=exc.words,
        authorities=[authority(c) for c in exc.authorities],
        unsettled=exc.unsettled,
        in_force=exc.in_force,
        valid_from=exc.valid_from,
        valid_until=exc.valid_until,
        facts=[_fact(f) for f in exc.facts],
        because=[reason(child) for child in exc.because],
    )


def _fact(fact: TracedFact) -> FactValue:
    return FactValue(id=fact.id, label=fact.label, kind=fact.kind.value, value=fact.value)


def question_of(
    rb: Rulebook, q: rel.Question, claim: ClaimResult, insured: str, respondent: str
) -> Question:
    """The question in words, in the parties' names."""
    fact = q.fact
    return Question(
        fact=fact.id,
        question=with_names(fact.question, insured, respondent),
        label=fact.label,
        kind=fact.kind.value,
        choices=list(fact.values),
        help=fact.help,
        could_change=goal_words(q.changes, insured),
        could_decide=goal_words(q.decides, insured),
        together_with=list(q.together_with),
        asked_by=_asked_by(rb, claim.trace, fact.id),
    )


def _asked_by(rb: Rulebook, trace: Trace, fact_id: str) -> list[RuleRef]:
    """The rules in this claim's reasons that read the fact; else every rule reading it."""
    found: dict[str, None] = {}
    for node in trace.walk_all():
        exceptions = (*node.ruled_out, *node.open_exceptions)
        if any(f.id == fact_id for f in node.facts) or any(
            f.id == fact_id for e in exceptions for f in e.facts
        ):
            found[node.id] = None
    if not found:
        found = {r.id: None for r in rb.rules.values() if any(i.id == fact_id for i in r.inputs())}
    return [rule_ref(rb, rule_id) for rule_id in found]


def flip(rb: Rulebook, found: cf.Flip) -> Flip:
    decided = dict(found.also).get("decided_by")
    return Flip(
        changes=[
            FactChange(
                fact=c.fact.id,
                label=c.fact.label,
                kind=c.fact.kind.value,
                before=c.before,
                after=c.after,
                election=not c.fact.asked,
            )
            for c in found.changes
        ],
        status=found.after,
        decided_by=rule_ref(rb, decided) if decided in rb.rules else None,
    )
