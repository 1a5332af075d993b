"""What if: set some facts, see what changes and why, and what would flip each claim.

``whatif(matter, {"respondent_good_faith_settlement": False})`` assesses the matter as
it is and with those facts answered (under the matter's ``facts:`` and any candidate's
own answer to the same fact), and lists per claim the goals that changed and the rules
that read the changed facts in the new result. :func:`status_flips` gives, for each
claim, the smallest sets of fact changes (one, else two) that would give it another
determined status: "barred only because the respondent settled in good faith".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from apportion.decide.assessment import Assessment, ClaimResult, assess
from apportion.decide.interview import notation, parse_answer
from apportion.engine import Trace
from apportion.engine.counterfactual import Flip, flips
from apportion.io.load import InputError, parse_matter
from apportion.law.california import GOALS
from apportion.model.matter import Matter

UNKNOWN = {"unknown", "null", "none", "?"}


@dataclass
class ClaimChange:
    index: int
    before: ClaimResult
    after: ClaimResult
    changed: dict[str, tuple[Any, Any]]
    """Goal -> (before, after), for the goals whose value changed."""
    reasons: list[Trace]
    """Nodes of the new explanation that read a changed fact."""


@dataclass
class WhatIf:
    settings: dict[str, Any]
    base: Assessment
    scenario: Assessment
    claims: list[ClaimChange]
    flips: list[Flip] = field(default_factory=list)
    """Status flips of the scenario (the matter with the settings applied)."""
    flips_searched: bool = False


def parse_settings(items: list[str], rulebook: Any) -> dict[str, Any]:
    """``fact=value`` items, each value checked like an answer under ``facts:``."""
    problems: list[tuple[str, str]] = []
    settings: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep:
            problems.append((f"--set {item}", "expected fact=value"))
            continue
        fact = rulebook.facts.get(name)
        if fact is None:
            problems.append((f"--set {name}", "no such fact (see `apportion rules --facts`)"))
            continue
        if text.strip().lower() in UNKNOWN:
            settings[name] = None
            continue
        try:
            settings[name] = parse_answer(fact, text)
        except ValueError as exc:
            problems.append((f"--set {name}", str(exc)))
    if problems:
        raise InputError("command line", problems)
    return settings


def with_facts(matter: Matter, settings: dict[str, Any]) -> Matter:
    """The matter with ``settings`` answered for every candidate claim."""
    doc = matter.model_dump(mode="json", by_alias=True, exclude_none=True)
    doc.setdefault("facts", {}).update(settings)
    for candidate in doc.get("candidates") or []:
        for name in settings:
            if name in candidate.get("facts", {}):
                candidate["facts"][name] = settings[name]
    return parse_matter(doc, matter._source)


def whatif(
    matter: Matter,
    settings: dict[str, Any],
    as_of: dt.date | None = None,
    with_flips: bool = True,
) -> WhatIf:
    base = assess(matter, as_of)
    scenario = assess(with_facts(matter, settings), as_of)
    changes = []
    for i, (old, new) in enumerate(zip(base.claims, scenario.claims, strict=True)):
        changed = {
            g: (old.values.get(g), new.values.get(g))
            for g in GOALS
            if old.values.get(g) != new.values.get(g)
        }
        reasons = [
            node
            for node in new.trace.walk_all()
            if not node.repeated and any(f.id in settings for f in node.facts)
        ]
        changes.append(ClaimChange(i, old, new, changed, reasons))
    result = WhatIf(settings, base, scenario, changes)
    if with_flips:
        result.flips = status_flips(scenario)
        result.flips_searched = True
    return result


def apply_flip(matter: Matter, flip: Flip) -> Matter:
    """The matter with a flip's changes answered (to check it, or to take it further)."""
    return with_facts(matter, {c.fact.id: notation(c.fact, c.after) for c in flip.changes})


def status_flips(assessment: Assessment) -> list[Flip]:
    """Per claim, the smallest sets of fact changes that would give it another determined
    status (``Flip.row`` is the claim's index)."""
    return flips(
        assessment.rulebook,
        assessment.inputs(),
        "status",
        open_values=("undetermined",),
        also=("decided_by",),
    )
