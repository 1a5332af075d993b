"""Decision reports in words: plain text for the terminal and Markdown for memos."""

from __future__ import annotations

from typing import Any

from apportion.assessment import Assessment, ClaimResult
from apportion.engine import Kind, Trace


def money(cents: int | None) -> str:
    if cents is None:
        return "unknown"
    return f"${cents // 100:,}.{cents % 100:02d}"


def show_value(trace: Trace) -> str:
    value = trace.value
    if value is None:
        return "UNKNOWN"
    if trace.kind is Kind.BOOL:
        return "yes" if value else "no"
    if trace.kind is Kind.MONEY:
        return money(value)
    if trace.kind is Kind.SHARE:
        return f"{value / 100:g}%"
    return str(value)


def amount(claim: ClaimResult) -> str:
    low, high = claim.values["recoverable_low"], claim.values["recoverable_high"]
    return money(low) if low == high else f"{money(low)} to {money(high)}"


def render(assessment: Assessment, markdown: bool = False) -> str:
    out: list[str] = []
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    out.append(f"{h1}{assessment.matter.title}")
    out.append(
        f"Law as of {assessment.as_of.isoformat()} · rulebook {assessment.rulebook.name} "
        f"{assessment.rulebook.version} ({assessment.rulebook.digest()}) · "
        f"input {assessment.input_digest}"
    )
    for claim in assessment.claims:
        names = {p.id: p.name for p in assessment.matter.parties}
        out.append("")
        out.append(
            f"{h2}{names[claim.row.claimant]} v. {names[claim.row.respondent]} "
            f"({claim.row.theory.replace('_', ' ')}): {claim.status.upper()}"
        )
        out.append(f"Decided by: {claim.values['decided_by'] or 'open facts (see below)'}")
        out.append(f"Recoverable: {amount(claim)}")
        if claim.status == "available":
            out.append(
                f"  owned by {names[claim.row.claimant]} (own loss): "
                f"{money(claim.values['insured_recovers'])}"
            )
            out.append(
                f"  owned by the insurers (subrogation): {money(claim.values['insurers_recover'])}"
            )
        out.append("")
        out.append("Reasons:" if not markdown else "**Reasons**")
        _tree(claim.trace, out, 0, markdown)
        unknown = sorted({f.label for t in claim.trace.walk() for f in t.facts if f.value is None})
        if unknown:
            out.append("")
            out.append("Facts still unknown that this outcome reads:")
            out.extend(f"  - {u}" for u in unknown)
    return "\n".join(out) + "\n"


def _tree(trace: Trace, out: list[str], depth: int, markdown: bool) -> None:
    pad = "  " * depth
    bullet = "- " if markdown else "• "
    line = f"{pad}{bullet}{trace.label}: {show_value(trace)}"
    if trace.repeated:
        out.append(line + " (see above)")
        return
    if trace.unsettled:
        line += " [unsettled law]"
    out.append(line)
    if trace.applied_words:
        out.append(f"{pad}    because: {trace.applied_words}")
    elif trace.words and trace.words != trace.label:
        out.append(f"{pad}    {trace.words}")
    for cite in trace.authorities:
        quote = f' ("{cite.quote}")' if cite.quote else ""
        out.append(f"{pad}    — {cite.text()}{quote}")
    facts = [f for f in trace.facts]
    if facts:
        shown = ", ".join(f"{f.label} = {_fact(f.value, f.kind)}" for f in facts)
        out.append(f"{pad}    facts: {shown}")
    for child in trace.because:
        _tree(child, out, depth + 1, markdown)


def _fact(value: Any, kind: Kind) -> str:
    if value is None:
        return "unknown"
    if kind is Kind.MONEY:
        return money(value)
    if kind is Kind.SHARE:
        return f"{value / 100:g}%"
    if kind is Kind.BOOL:
        return "yes" if value else "no"
    return str(value)
