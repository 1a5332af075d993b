"""The money part of a decision report: each amount with the rule and arithmetic behind it.

Amounts are integer cents throughout; the report only formats them. Where a fault share or
another fact is still unknown, the arithmetic is shown at both ends of the range.
"""

from __future__ import annotations

from typing import Any

from apportion.engine import AS_OF, Rulebook
from apportion.model.matter import Matter, PartyKind

WORLDS = ("low", "high")


def money(cents: int | None) -> str:
    if cents is None:
        return "unknown"
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100:,}.{cents % 100:02d}"


def percent(bp: int | None) -> str:
    if bp is None:
        return "unknown"
    whole, part = divmod(bp, 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}%"


def amounts(low: int | None, high: int | None) -> str:
    return money(low) if low == high else f"{money(low)} to {money(high)}"


class MoneyReport:
    """Lines of arithmetic for one candidate claim, from its interpreted row."""

    def __init__(
        self, rulebook: Rulebook, matter: Matter, row: dict[str, Any], claimant: str
    ) -> None:
        self.rulebook, self.matter, self.row, self.claimant = rulebook, matter, row, claimant
        self.names = {p.id: p.name for p in matter.parties}
        self.single = False

    # --- helpers ----------------------------------------------------------------------
    def v(self, rule_id: str) -> Any:
        return self.row.get(rule_id)

    def why(self, rule_id: str) -> str:
        if self.single:  # one answer: name the determined rule, not an end of a range
            base = rule_id.removesuffix("_low")
            if base in self.rulebook.rules and self.rulebook.rules[base].authorities:
                rule_id = base
        rule = self.rulebook.rules.get(rule_id)
        if rule is None:
            return rule_id
        # Only an authority that speaks on the matter's day, as the explanation cites it.
        cited, before = self.rulebook.cited_on(rule_id, rule.authorities, self.row.get(AS_OF))
        cites = cited[0].text() if cited else ""
        if cited and cited[0].retrospective:
            cites += " (a later decision, describing the earlier law)"
        flag = " [unsettled]" if rule.unsettled or (before and before.unsettled) else ""
        return f"{rule_id}{flag}" + (f"; {cites}" if cites else "")

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

    # --- the report -------------------------------------------------------------------
    def lines(self) -> list[str]:
        out = ["Money (in exact cents):"]
        out += self.payments()
        if self.determined():
            self.single = True
            out += self.world("low", "")
        else:
            out.append(
                "  While a fact is unknown the amounts are a range; the arithmetic at each end:"
            )
            for world, name in (("low", "Low end"), ("high", "High end")):
                out.append(f"  {name}:")
                out += self.world(world, "  ")
        return out

    def payments(self) -> list[str]:
        out = ["  Paid toward the client's claims, by payer:"]
        for pay in self.matter.payments:
            if pay.on_behalf_of != self.claimant:
                continue
            payer = self.names[pay.payer]
            kind = "insurer" if self.matter.party(pay.payer).kind is PartyKind.insurer else "own"
            out.append(
                f"    {pay.claim}: {payer} ({kind}), {pay.kind.value.replace('_', ' ')} "
                f"{money(pay.amount)}"
            )
        return out

    def world(self, w: str, pad: str) -> list[str]:
        p = pad + "  "
        v = self.v
        paid_own, primary, excess = (
            self.row.get("paid_by_claimant"),
            self.row.get("paid_by_primary"),
            self.row.get("paid_by_excess"),
        )
        waived = v("waived_fees_in_loss")
        if waived is None:
            waived = 0 if w == "low" else self.row.get("fees_waived")
        loss = v(f"loss_paid_{w}")
        out = [
            f"{p}Loss to apportion: {money(paid_own)} own + {money(primary)} primary + "
            f"{money(excess)} excess + {money(waived)} fees written off = {money(loss)} "
            f"({self.why('loss_paid')})"
        ]
        fc, fr, fo = (v(f"{who}_fault_{w}") for who in ("claimant", "respondent", "others"))
        vicarious = self.row.get("total_indemnity")
        if vicarious is None:
            vicarious = w == "high"
        out.append(
            f"{p}Fault shares: claimant {percent(fc)}, respondent {percent(fr)}, "
            f"others {percent(fo)}" + (" (claimant liable only vicariously)" if vicarious else "")
        )
        share_r = v(f"respondent_share_{w}")
        if fc is not None and fr is not None and fo is not None:
            denominator = fr + fo if vicarious else fc + fr + fo
            out.append(
                f"{p}Respondent's share: {money(loss)} × {percent(fr)} ÷ {percent(denominator)} "
                f"= {money(share_r)}, rounded down to the cent "
                f"({self.why(f'respondent_share_{w}')})"
            )
            rest = None if loss is None or share_r is None else loss - share_r
            weight_c = 0 if vicarious else fc
            if weight_c + fo == 0:
                out.append(f"{p}Claimant's and others' shares: nothing is left: $0.00")
            else:
                out.append(
                    f"{p}Claimant's share: {money(rest)} × {percent(weight_c)} ÷ "
                    f"{percent(weight_c + fo)} = {money(v(f'claimant_share_{w}'))}; others' share: "
                    f"{money(rest)} × {percent(fo)} ÷ {percent(weight_c + fo)} = "
                    f"{money(v(f'others_share_{w}'))} (largest remainder; "
                    f"{self.why(f'claimant_share_{w}')})"
                )
        share_c = v(f"claimant_share_{w}")
        beyond = None if loss is None or share_c is None else max(0, loss - share_c)
        indemnity = v(f"indemnity_owed_{w}")
        out.append(
            f"{p}Indemnity owed: the least of {money(share_r)} and {money(loss)} − "
            f"{money(share_c)} = {money(beyond)}: {money(indemnity)} "
            f"({self.why(f'indemnity_owed_{w}')})"
        )
        defense = v(f"defense_costs_owed_{w}")
        recoverable = v("defense_costs_recoverable")
        state = {True: "recoverable", False: "not recoverable", None: "open"}[recoverable]
        out.append(
            f"{p}Defense costs ({state}): {money(defense)} "
            f"({self.why('defense_costs_recoverable')})"
        )
        owned = v(f"owned_loss_{w}")
        out.append(
            f"{p}Recoverable: the least of {money(indemnity)} + {money(defense)} and "
            f"{money(owned)} that someone may pursue = {money(v(f'recoverable_{w}'))} "
            f"({self.why(f'recoverable_{w}')}, {self.why(f'owned_loss_{w}')})"
        )
        out += self.waterfall(w, p)
        return out

    def waterfall(self, w: str, p: str) -> list[str]:
        v = self.v
        recovery = v(f"recovery_{w}")
        actual = self.row.get("amount_recovered")
        source = "actually recovered" if actual is not None else "all that is recoverable"
        out = [f"{p}Who owns the {money(recovery)} {source} ({self.why(f'recovery_{w}')}):"]
        pp, ep = v("insurer_priority"), v("excess_priority")
        ahead, made_whole = v(f"priority_insurers_recover_{w}"), v(f"insured_made_whole_{w}")
        behind, windfall = v(f"other_insurers_recover_{w}"), v(f"windfall_{w}")
        step = 1
        if pp or ep:
            out.append(
                f"{p}  {step}. insurers with a priority clause: least of {money(recovery)} and "
                f"their payments = {money(ahead)} ({self.why(f'priority_insurers_recover_{w}')})"
            )
            step += 1
        own = v(f"insured_loss_here_{w}")
        name = self.names[self.claimant]
        out.append(
            f"{p}  {step}. {name}, own loss {money(own)}: least of {money(recovery)} − "
            f"{money(ahead)} and {money(own)} = {money(made_whole)} "
            f"({self.why(f'insured_made_whole_{w}')})"
        )
        step += 1
        out.append(
            f"{p}  {step}. subrogated insurers: least of {money(recovery)} − {money(ahead)} − "
            f"{money(made_whole)} and the {money(self.later_claims(w))} they paid and may "
            f"pursue = {money(behind)} "
            f"({self.why(f'other_insurers_recover_{w}')})"
        )
        if windfall:
            out.append(
                f"{p}  surplus beyond every loss: {money(windfall)} to {name} "
                f"({self.why(f'windfall_{w}')})"
            )
        both = v(f"primary_loss_{w}") and v(f"excess_loss_{w}")
        if both:
            out.append(
                f"{p}  insurers share in the order: {v('insurer_order')} "
                f"({self.why('insurer_order')})"
            )
        insured, primary, excess = (
            v(f"insured_recovers_{w}"),
            v(f"primary_recovers_{w}"),
            v(f"excess_recovers_{w}"),
        )
        out.append(f"{p}  Owners: {name} {money(insured)} (own loss)")
        out.append(
            f"{p}          {self.insurer('primary')} {money(primary)} (subrogation, paid "
            f"{money(v(f'primary_loss_{w}'))})"
        )
        if excess or v(f"excess_loss_{w}"):
            out.append(
                f"{p}          {self.insurer('excess')} {money(excess)} (subrogation, paid "
                f"{money(v(f'excess_loss_{w}'))})"
            )
        out.append(
            f"{p}  Check: {money(insured)} + {money(primary)} + {money(excess)} = {money(recovery)}"
        )
        return out


def money_lines(
    rulebook: Rulebook, matter: Matter, facts: dict[str, Any], claimant: str
) -> list[str]:
    row = rulebook.interpret(facts)
    return MoneyReport(rulebook, matter, row, claimant).lines()
