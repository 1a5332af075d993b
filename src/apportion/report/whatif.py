"""What-if reports (text or Markdown): per claim what changed in status, amounts and
owners and why, and what would flip it. Reads only a WhatIf."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apportion.report import format as fmt
from apportion.report.text import Out

if TYPE_CHECKING:  # presenters read the data's shape; they never build it
    from apportion.model.decision import FactChange, Flip
    from apportion.model.whatif import WhatIf


def flip_sentence(flip: Flip, before: str) -> str:
    """E.g. "BARRED only because the respondent settled in good faith with the client =
    yes; were it no: AVAILABLE (decided by the claim is available)"."""
    by = f" (decided by {flip.decided_by.label})" if flip.decided_by else ""
    after = flip.status.upper() + by

    new = " and ".join(f"{c.label} = {fmt.value(c.kind, c.after)}" for c in flip.changes)
    if before == "undetermined":
        was = ", ".join(fmt.value(c.kind, c.before) for c in flip.changes)
        return f"{after} if {new} (now {was})"
    if len(flip.changes) == 1:
        (c,) = flip.changes
        were = fmt.value(c.kind, c.after)
        return f"{before.upper()} only because {_now(c)}; were it {were}: {after}"
    both = " and ".join(_now(c) for c in flip.changes)
    return f"{before.upper()} because of both {both}; with {new} instead: {after}"


def _now(c: FactChange) -> str:
    mark = " (an election the matter may make)" if c.election else ""
    return f"{c.label} = {fmt.value(c.kind, c.before)}{mark}"


def render_whatif(w: WhatIf, markdown: bool = False) -> str:
    out = Out(markdown)
    out.heading(1, w.matter)
    if w.settings:
        shown = ", ".join(fmt.fact(s) for s in w.settings)
        scope = f" (for {w.target} only)" if w.target else ""
        out.para(f"What if: {shown}{scope}")
    for change in w.claims:
        out.heading(2, change.title)
        if not w.settings:
            out.field("Status", change.status_after.upper())
        elif not change.changed:
            out.field("No change", f"still {change.status_after.upper()}")
        if change.status_before != change.status_after:
            out.field("Status", f"{change.status_before.upper()} → {change.status_after.upper()}")
        if change.decided_by_before != change.decided_by_after and change.decided_by_after:
            out.field("Decided by", change.decided_by_after.label)
        for amount in change.amounts:
            was = fmt.amount(amount.before) if amount.before else "nothing"
            now = fmt.amount(amount.after) if amount.after else "nothing"
            out.field(amount.label[:1].upper() + amount.label[1:], f"{was} → {now}")
        if w.settings and change.changed:
            if change.reasons:
                out.lead("Why (the rules that read the changed facts, as they now stand)")
                for node in change.reasons:
                    cite = f" — {node.authorities[0].text()}" if node.authorities else ""
                    out.item(f"{node.label}: {fmt.value(node.kind, node.value)}{cite}")
                    out.item("facts: " + ", ".join(fmt.fact(f) for f in node.facts), 1)
            else:
                out.para("The changed facts are not among the reasons for the new result.")
        if not w.flips_searched:
            continue
        if change.flips:
            size = len(change.flips[0].changes)
            verb = "decide" if change.status_after == "undetermined" else "flip"
            out.lead(
                f"What would {verb} it (one change)"
                if size == 1
                else f"No single change would {verb} it; these pairs would"
            )
            for f in change.flips:
                out.item(flip_sentence(f, change.status_after))
        else:
            out.para("No change of one or two facts would change its status.")
    return out.text()
