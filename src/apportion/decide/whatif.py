"""What if: set some facts, see what changes and why, and what would flip each claim.

``whatif(matter, {"respondent_good_faith_settlement": False})`` assesses the matter as
it is and with those facts answered (under the matter's ``facts:`` and any candidate's
own answer to the same fact, or for one candidate only), and lists per claim what changed
in status, amounts and owners, and the rules that read the changed facts in the new
result (a :class:`~apportion.model.whatif.WhatIf`). :func:`status_flips` gives, for each
claim, the smallest sets of fact changes (one, else two) that would give it another
determined status: "barred only because the respondent settled in good faith".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apportion.decide.assessment import Assessment, assess
from apportion.decide.decision import amounts, claim_title, flip, reason
from apportion.decide.interview import Answer, apply_answers, notation, parse_answer
from apportion.decide.words import rule_ref
from apportion.engine.counterfactual import Flip
from apportion.io.flatten import candidates
from apportion.io.load import InputError, parse_matter
from apportion.model.decision import FactValue
from apportion.model.matter import Matter
from apportion.model.whatif import AmountChange, ClaimChange, WhatIf

UNKNOWN = {"unknown", "null", "none", "?"}


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


def with_facts(
    matter: Matter, settings: dict[str, Any], target: tuple[str, str] | None = None
) -> Matter:
    """The matter with ``settings`` answered for every candidate claim, or only for the
    ``target`` (claimant, respondent) candidate."""
    doc = matter.model_dump(mode="json", by_alias=True, exclude_none=True)
    if target is not None:
        index = claim_index(matter, target)
        claims = [
            c.model_dump(mode="json", exclude_defaults=True, exclude={"facts"})
            for c in candidates(matter)
        ]
        answers = [Answer(name, value, index) for name, value in settings.items()]
        return parse_matter(apply_answers(doc, answers, claims), "what-if")
    doc.setdefault("facts", {}).update(settings)
    for candidate in doc.get("candidates") or []:
        for name in settings:
            if name in candidate.get("facts", {}):
                candidate["facts"][name] = settings[name]
    return parse_matter(doc, matter._source)


def claim_index(matter: Matter, target: tuple[str, str]) -> int:
    """The index of the candidate claim ``target`` = (claimant, respondent) party ids."""
    found = [i for i, c in enumerate(candidates(matter)) if (c.claimant, c.respondent) == target]
    if not found:
        listed = ", ".join(f"{c.claimant}:{c.respondent}" for c in candidates(matter))
        raise InputError(
            "command line",
            [("--claim", f"no candidate claim {target[0]}:{target[1]}; the matter's are {listed}")],
        )
    if len(found) > 1:
        raise InputError(
            "command line",
            [
                (
                    "--claim",
                    f"more than one candidate claim {target[0]}:{target[1]} (one per theory)",
                )
            ],
        )
    return found[0]


def whatif(
    matter: Matter,
    settings: dict[str, Any],
    as_of: dt.date | None = None,
    with_flips: bool = True,
    target: tuple[str, str] | None = None,
    include_pleaded: bool = False,
) -> WhatIf:
    """Assess ``matter`` as it is and with ``settings`` answered; per claim, what changed in
    status, amounts and owners, the rules that read the changed facts, and (``with_flips``)
    what would flip each claim as it now stands (over facts, and the pleaded theory only if
    ``include_pleaded``)."""
    base = assess(matter, as_of)
    try:
        scenario = assess(with_facts(matter, settings, target), as_of)
    except InputError as error:  # a setting the record cannot hold (shares past 100 %)
        raise InputError(matter._source, _as_set(error.problems, settings)) from None
    flips = scenario.flips(include_pleaded=include_pleaded) if with_flips else []
    rb = scenario.rulebook
    changes = []
    for i, (old, new) in enumerate(zip(base.claims, scenario.claims, strict=True)):
        before, after = dict(amounts(base, old)), dict(amounts(scenario, new))
        changed = [
            AmountChange(label=label, before=before.get(label), after=after.get(label))
            for label in dict.fromkeys([*before, *after])
            if before.get(label) != after.get(label)
        ]
        was, now = old.values["decided_by"], new.values["decided_by"]
        reasons = [
            reason(node)
            for node in new.trace.walk_all()
            if not node.repeated and any(f.id in settings for f in node.facts)
        ]
        changes.append(
            ClaimChange(
                index=i,
                title=claim_title(scenario, new),
                status_before=old.status,  # type: ignore[arg-type]
                status_after=new.status,  # type: ignore[arg-type]
                decided_by_before=rule_ref(rb, was) if was else None,
                decided_by_after=rule_ref(rb, now) if now else None,
                amounts=changed,
                reasons=reasons if changed or old.status != new.status else [],
                flips=[flip(rb, f) for f in flips if f.row == i],
            )
        )
    return WhatIf(
        matter=matter.title,
        settings=[
            FactValue(id=k, label=rb.facts[k].label, kind=rb.facts[k].kind.value, value=v)
            for k, v in settings.items()
        ],
        target=f"{target[0]}:{target[1]}" if target else None,
        claims=changes,
        flips_searched=with_flips,
    )


def apply_flip(matter: Matter, flip: Flip) -> Matter:
    """The matter with a flip's changes answered (to check it, or to take it further)."""
    return with_facts(matter, {c.fact.id: notation(c.fact, c.after) for c in flip.changes})


def status_flips(assessment: Assessment) -> list[Flip]:
    """Per claim, the smallest sets of fact changes that would give it another determined
    status (``Flip.row`` is the claim's index)."""
    return assessment.flips(include_pleaded=True)


def _as_set(problems: list[tuple[str, str]], settings: dict[str, Any]) -> list[tuple[str, str]]:
    """Problems found once the settings were put in the matter, naming a setting as the
    user gave it (``--set claimant_fault``), not where it was put (``facts.claimant_fault``)."""

    def named(path: str) -> str:
        parts = path.split(".")
        if len(parts) >= 2 and parts[-2] == "facts" and parts[-1] in settings:
            return f"--set {parts[-1]}"
        return path

    return [(", ".join(named(p) for p in path.split(", ")), why) for path, why in problems]
