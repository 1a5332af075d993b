"""The money of one claim as structured steps: each amount with its operands, operation and
rule, at each end of the range (once, when every amount is certain).

Amounts are integer cents throughout; presenters only format them.
"""

from __future__ import annotations

from typing import Any, Literal

from apportion.decide.words import authority, rule_ref
from apportion.engine import AS_OF, Rulebook
from apportion.model.decision import Arithmetic, Operand, Party, Payment, RuleRef, Step
from apportion.model.matter import Matter, PartyKind

End = Literal["exact", "least", "most"]


def cents(label: str, value: int | None) -> Operand:
    return Operand(label=label, unit="cents", value=value)


def share(label: str, value: int | None) -> Operand:
    return Operand(label=label, unit="bp", value=value)


class Steps:
    """The steps for one candidate claim, from its interpreted row."""

    def __init__(
        self, rulebook: Rulebook, matter: Matter, row: dict[str, Any], claimant: str
    ) -> None:
        self.rulebook, self.matter, self.row, self.claimant = rulebook, matter, row, claimant
        self.names = {p.id: p.name for p in matter.parties}
        self.single = False

    def v(self, rule_id: str) -> Any:
        return self.row.get(rule_id)

    def why(self, rule_id: str) -> RuleRef | None:
        if self.single:  # one answer: name the determined rule, not an end of a range
            base = rule_id.removesuffix("_low")
            if base in self.rulebook.rules and self.rulebook.rules[base].authorities:
                rule_id = base
        if rule_id not in self.rulebook.rules:
            return None
        # Only an authority that speaks on the matter's day, as the explanation cites it.
        ref = rule_ref(self.rulebook, rule_id)
        rule = self.rulebook.rules[rule_id]
        cited, before = self.rulebook.cited_on(rule_id, rule.authorities, self.row.get(AS_OF))
        return ref.model_copy(
            update={
                "authorities": [authority(c) for c in cited],
                "unsettled": ref.unsettled or bool(before and before.unsettled),
            }
        )

    def later_claims(self, w: str) -> int:
        """What the insurers without a priority clause paid and may pursue by subrogation."""
        subrogated = self.v("subrogation_permitted")
        if subrogated is None:
            subrogated = w == "high"
        if not subrogated:
            return 0
        total = 0
        for layer, priority in (("primary", "insurer_priority"), ("excess", "excess_priority")):
            if not self.v(priority):
                total += self.v(f"{layer}_loss_{w}") or 0
        return total

    def priority_claims(self, w: str) -> int:
        """What the insurers with a priority clause paid."""
        total = 0
        for layer, priority in (("primary", "insurer_priority"), ("excess", "excess_priority")):
            if self.v(priority):
                total += self.v(f"{layer}_loss_{w}") or 0
        return total

    def insurer(self, layer: str) -> str:
        ids = [
            p.insurer
            for p in self.matter.policies
            if p.insured == self.claimant and p.layer == layer
        ]
        name = ", ".join(self.names[i] for i in ids) or f"the {layer} insurer"
        return f"{name} ({layer})"

    def determined(self) -> bool:
        return all(
            self.v(f"{name}_low") == self.v(f"{name}_high")
            for name in (
                "recoverable",
                "recovery",
                "insured_recovers",
                "primary_recovers",
                "excess_recovers",
            )
        )

    def arithmetic(self) -> Arithmetic:
        ends: dict[End, list[Step]] = {}
        if self.determined():
            self.single = True
            ends["exact"] = self.world("low")
        else:
            ends["least"] = self.world("low")
            ends["most"] = self.world("high")
        return Arithmetic(payments=self.payments(), ends=ends)

    def payments(self) -> list[Payment]:
        out = []
        for pay in self.matter.payments:
            if pay.on_behalf_of != self.claimant:
                continue
            payer = self.matter.party(pay.payer)
            kind = "insurer" if payer.kind is PartyKind.insurer else "own"
            out.append(
                Payment(
                    claim=pay.claim,
                    payer=Party(id=payer.id, name=payer.name, kind=kind),
                    kind=pay.kind.value.replace("_", " "),
                    cents=pay.amount,
                )
            )
        return out

    def world(self, w: str) -> list[Step]:
        v = self.v
        waived = v("waived_fees_in_loss")
        if waived is None:
            waived = 0 if w == "low" else self.row.get("fees_waived")
        loss = v(f"loss_paid_{w}")
        steps = [
            Step(
                label="Loss to apportion",
                operation="sum",
                operands=[
                    cents("paid by the claimant itself", self.row.get("paid_by_claimant")),
                    cents("paid by the primary insurer", self.row.get("paid_by_primary")),
                    cents("paid by the excess insurer", self.row.get("paid_by_excess")),
                    cents("fees written off", waived),
                ],
                result=cents("loss to apportion", loss),
                rule=self.why("loss_paid"),
            )
        ]
        fc, fr, fo = (v(f"{who}_fault_{w}") for who in ("claimant", "respondent", "others"))
        vicarious = self.row.get("total_indemnity")
        if vicarious is None:
            vicarious = w == "high"
        steps.append(
            Step(
                label="Fault shares",
                operation="given",
                operands=[
                    share("claimant", fc),
                    share("respondent", fr),
                    share("others", fo),
                ],
                note="the claimant is liable only vicariously" if vicarious else "",
            )
        )
        share_r = v(f"respondent_share_{w}")
        if fc is not None and fr is not None and fo is not None:
            weight_c = 0 if vicarious else fc
            steps.append(
                Step(
                    label="Respondent's share",
                    operation="share",
                    operands=[
                        cents("loss to apportion", loss),
                        share("respondent's fault", fr),
                        share("fault counted", fr + fo + weight_c),
                    ],
                    result=cents("respondent's share", share_r),
                    rule=self.why(f"respondent_share_{w}"),
                    note="rounded down to the cent",
                )
            )
            rest = None if loss is None or share_r is None else loss - share_r
            for who, whose, weight in (
                ("claimant", "Claimant's", weight_c),
                ("others", "Others'", fo),
            ):
                steps.append(
                    Step(
                        label=f"{whose} share",
                        operation="split",
                        operands=[
                            cents("what is left", rest),
                            share(f"{whose.lower()} fault", weight),
                            share("their fault together", weight_c + fo),
                        ],
                        result=cents(f"{whose.lower()} share", v(f"{who}_share_{w}")),
                        rule=self.why(f"claimant_share_{w}"),
                        note="largest remainder" if weight_c + fo else "nothing is left to share",
                    )
                )
        share_c = v(f"claimant_share_{w}")
        beyond = None if loss is None or share_c is None else max(0, loss - share_c)
        indemnity = v(f"indemnity_owed_{w}")
        steps.append(
            Step(
                label="Indemnity owed",
                operation="least",
                operands=[
                    cents("respondent's share", share_r),
                    cents("loss beyond the claimant's own share", beyond),
                ],
                result=cents("indemnity owed", indemnity),
                rule=self.why(f"indemnity_owed_{w}"),
            )
        )
        defense = v(f"defense_costs_owed_{w}")
        recoverable = v("defense_costs_recoverable")
        state = {True: "recoverable", False: "not recoverable", None: "still open"}[recoverable]
        steps.append(
            Step(
                label="Defense costs",
                operation="given",
                operands=[],
                result=cents("defense costs owed", defense),
                rule=self.why("defense_costs_recoverable"),
                note=state,
            )
        )
        owned = v(f"owned_loss_{w}")
        claimed = None if indemnity is None or defense is None else indemnity + defense
        steps.append(
            Step(
                label="Recoverable",
                operation="least",
                operands=[
                    cents("indemnity and defense costs", claimed),
                    cents("the loss someone may pursue", owned),
                ],
                result=cents("recoverable", v(f"recoverable_{w}")),
                rule=self.why(f"recoverable_{w}"),
            )
        )
        return steps + self.waterfall(w)

    def waterfall(self, w: str) -> list[Step]:
        v = self.v
        recovery = v(f"recovery_{w}")
        source = (
            "actually recovered"
            if self.row.get("amount_recovered") is not None
            else "all that is recoverable"
        )
        steps = [
            Step(
                label="Recovery to share",
                operation="given",
                operands=[],
                result=cents(f"recovery ({source})", recovery),
                rule=self.why(f"recovery_{w}"),
            )
        ]
        ahead = v(f"priority_insurers_recover_{w}")
        if v("insurer_priority") or v("excess_priority"):
            steps.append(
                Step(
                    label="Insurers with a priority clause",
                    operation="least",
                    operands=[
                        cents("recovery", recovery),
                        cents("what they paid", self.priority_claims(w)),
                    ],
                    result=cents("priority insurers recover", ahead),
                    rule=self.why(f"priority_insurers_recover_{w}"),
                )
            )
        own = v(f"insured_loss_here_{w}")
        name = self.names[self.claimant]
        made_whole = v(f"insured_made_whole_{w}")
        left = None if recovery is None or ahead is None else recovery - ahead
        steps.append(
            Step(
                label=f"{name}, made whole for its own loss",
                operation="least",
                operands=[cents("recovery left", left), cents("its own loss", own)],
                result=cents(f"{name} recovers", made_whole),
                rule=self.why(f"insured_made_whole_{w}"),
            )
        )
        rest = None if left is None or made_whole is None else left - made_whole
        steps.append(
            Step(
                label="Subrogated insurers",
                operation="least",
                operands=[
                    cents("recovery left", rest),
                    cents("what they paid and may pursue", self.later_claims(w)),
                ],
                result=cents("subrogated insurers recover", v(f"other_insurers_recover_{w}")),
                rule=self.why(f"other_insurers_recover_{w}"),
            )
        )
        windfall = v(f"windfall_{w}")
        if windfall:
            steps.append(
                Step(
                    label="Surplus beyond every loss",
                    operation="given",
                    operands=[],
                    result=cents(f"to {name}", windfall),
                    rule=self.why(f"windfall_{w}"),
                )
            )
        if v(f"primary_loss_{w}") and v(f"excess_loss_{w}"):
            steps.append(
                Step(
                    label="Order among the insurers",
                    operation="given",
                    operands=[],
                    rule=self.why("insurer_order"),
                    note=str(v("insurer_order")),
                )
            )
        parts = [cents(f"{name} (own loss)", v(f"insured_recovers_{w}"))]
        parts.append(cents(self.insurer("primary"), v(f"primary_recovers_{w}")))
        if v(f"excess_recovers_{w}") or v(f"excess_loss_{w}"):
            parts.append(cents(self.insurer("excess"), v(f"excess_recovers_{w}")))
        steps.append(
            Step(
                label="Owners (check: the parts add up to the recovery)",
                operation="sum",
                operands=parts,
                result=cents("recovery", recovery),
            )
        )
        return steps


def arithmetic(
    rulebook: Rulebook, matter: Matter, facts: dict[str, Any], claimant: str
) -> Arithmetic:
    row = rulebook.run(facts)
    return Steps(rulebook, matter, row, claimant).arithmetic()
