"""Rules, goals and statuses in the words a reader needs, for the Decision."""

from __future__ import annotations

import re

from apportion.engine import Citation, Rulebook
from apportion.model.decision import Authority, RuleRef

STATUS_WORDS = {
    "available": "Available: {claimant} may recover from {respondent}.",
    "barred": "Barred: {claimant} cannot recover from {respondent}.",
    "undetermined": "Undetermined: facts not yet known decide whether {claimant} may "
    "recover from {respondent}.",
    "no_loss": "No claim: {claimant} has no loss to shift to {respondent} (it paid the "
    "client nothing, nothing was paid on its behalf, it wrote off no fees and spent nothing "
    "on its defense).",
}

# What a question's answer could change, by goal (an amount's two ends read as one).
GOAL_WORDS = {
    "status": "whether the claim is available or barred",
    "recoverable": "the amount recoverable",
    "insured_recovers": "{insured}'s own recovery",
    "insurers_recover": "what the subrogated insurers recover",
}


def goal_words(goals: tuple[str, ...], insured: str) -> list[str]:
    found: dict[str, None] = {}
    for goal in goals:
        base = goal.removesuffix("_low").removesuffix("_high")
        found[GOAL_WORDS.get(base, base.replace("_", " ")).format(insured=insured)] = None
    return list(found)


def rule_ref(rulebook: Rulebook, rule_id: str) -> RuleRef:
    rule = rulebook.rules[rule_id]
    return RuleRef(
        id=rule.id,
        label=rule.label,
        words=rule.words_text,
        authorities=[authority(c) for c in rule.authorities],
        unsettled=rule.unsettled,
    )


def authority(cite: Citation) -> Authority:
    return Authority(
        cite=cite.cite, pinpoint=cite.pinpoint, quote=cite.quote, retrospective=cite.retrospective
    )


def first_sentence(words: str) -> str:
    """The first sentence of a rule's words (they are often a short paragraph)."""
    head = re.split(r"(?<=[.;])\s", words.strip(), maxsplit=1)[0].rstrip(";")
    return head if head.endswith(".") else head + "."


def with_names(text: str, claimant: str, respondent: str) -> str:
    """A rule's question with the parties' names for "the claimant" and "the respondent"."""
    for role, name in (("claimant", claimant), ("respondent", respondent)):
        for the in ("The", "the"):
            text = text.replace(f"{the} {role}'s", f"{name}'s").replace(f"{the} {role}", name)
    return text
