"""What-if reports: what changed and why, and what would flip each claim (text, JSON)."""

from __future__ import annotations

from typing import Any

from apportion.decide.whatif import WhatIf
from apportion.engine import Kind
from apportion.engine.counterfactual import Change, Flip
from apportion.report.text import _fact, _facts, money


def _value(kind: Kind | None, value: Any) -> str:
    if value is None:
        return "unknown"
    if kind is Kind.MONEY:
        return money(value)
    return _fact(value, kind) if kind is not None else str(value)


def _claim_label(w: WhatIf, index: int) -> str:
    claim = w.scenario.claims[index]
    names = {p.id: p.name for p in w.scenario.matter.parties}
    theory = claim.row.theory.replace("_", " ")
    return f"{names[claim.row.claimant]} v. {names[claim.row.respondent]} ({theory})"


def flip_sentence(flip: Flip, open_value: Any = "undetermined") -> str:
    """E.g. "BARRED only because the respondent settled in good faith with the client =
    yes; were it no: AVAILABLE (decided by available)"."""
    decided = dict(flip.also).get("decided_by")
    after = str(flip.after).upper() + (f" (decided by {decided})" if decided else "")
    before = str(flip.before).upper()
    if flip.before == open_value:
        settings = " and ".join(f"{c.fact.label} = {_new(c)}" for c in flip.changes)
        now = ", ".join(_value(c.fact.kind, c.before) for c in flip.changes)
        return f"{after} if {settings} (now {now})"
    if len(flip.changes) == 1:
        (c,) = flip.changes
        return f"{before} only because {_now(c)}; were it {_new(c)}: {after}"
    now = " and ".join(_now(c) for c in flip.changes)
    new = " and ".join(f"{c.fact.label} = {_new(c)}" for c in flip.changes)
    return f"{before} because of both {now}; with {new} instead: {after}"


def _now(c: Change) -> str:
    mark = " (an election the matter may make)" if not c.fact.asked else ""
    return f"{c.fact.label} = {_value(c.fact.kind, c.before)}{mark}"


def _new(c: Change) -> str:
    return _value(c.fact.kind, c.after)


def render_whatif(w: WhatIf) -> str:
    rb = w.scenario.rulebook
    out = [w.scenario.matter.title]
    if w.settings:
        shown = ", ".join(f"{rb.facts[n].label} = {_setting(v)}" for n, v in w.settings.items())
        out.append(f"What if: {shown}")
    for change in w.claims:
        out.append("")
        out.append(_claim_label(w, change.index))
        if not w.settings:
            out.append(f"  status: {change.after.status.upper()}")
        elif not change.changed:
            out.append(f"  no change: still {change.after.status.upper()}")
        for goal, (old, new) in change.changed.items():
            kind = rb.rules[goal].kind if goal in rb.rules else None
            out.append(f"  {goal}: {_value(kind, old)} → {_value(kind, new)}")
        if w.settings and change.changed:
            if change.reasons:
                out.append("  why (the rules that read the changed facts, as they now stand):")
                for node in change.reasons:
                    value = _value(node.kind, node.value)
                    cite = f" — {node.authorities[0].text()}" if node.authorities else ""
                    out.append(f"    • {node.label}: {value}{cite}")
                    out.append(f"        facts: {_facts(node.facts)}")
            else:
                out.append("  the changed facts are not among the reasons for the new result")
        mine = [f for f in w.flips if f.row == change.index]
        if not w.flips_searched:
            continue
        if mine:
            size = len(mine[0].changes)
            verb = "decide" if change.after.status == "undetermined" else "flip"
            out.append(
                f"  what would {verb} it (one change):"
                if size == 1
                else f"  no single change would {verb} it; these pairs would:"
            )
            out.extend(f"    - {flip_sentence(f)}" for f in mine)
        else:
            out.append("  no change of one or two facts would change its status")
    return "\n".join(out) + "\n"


def _setting(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def whatif_to_dict(w: WhatIf) -> dict[str, Any]:
    return {
        "matter": w.scenario.matter.title,
        "settings": {k: _json(v) for k, v in w.settings.items()},
        "claims": [
            {
                "claimant": c.after.row.claimant,
                "respondent": c.after.row.respondent,
                "theory": c.after.row.theory,
                "status": {"before": c.before.status, "after": c.after.status},
                "changed": {
                    g: {"before": _json(a), "after": _json(b)} for g, (a, b) in c.changed.items()
                },
                "why": [n.to_dict(root=False) for n in c.reasons],
                "flips": [
                    {
                        "to": f.after,
                        "also": {g: _json(v) for g, v in f.also},
                        "changes": [
                            {"fact": x.fact.id, "from": _json(x.before), "to": _json(x.after)}
                            for x in f.changes
                        ],
                        "sentence": flip_sentence(f),
                    }
                    for f in w.flips
                    if f.row == c.index
                ],
            }
            for c in w.claims
        ],
    }


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
