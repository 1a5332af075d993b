"""Express indemnity between lawyers (LAW.md §§ 2.1, 6.2, 14.7): enforced as a contract, not
barred by a good-faith settlement, and whether the public-policy bars still reach it is an
open question the matter may decide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from apportion.decide.assessment import facts_frame
from apportion.io.flatten import flatten
from apportion.io.load import load_matter
from apportion.law.california import RULEBOOK

MUSSER = Path(__file__).resolve().parents[2] / "examples" / "musser-v-provencher.yaml"
CHECKED = ("status", "decided_by", "policy_bars_apply", "successor_bar", "adverse_counsel_bar")
EXPRESS = {"theory": "express_indemnity", "express_indemnity_clause": True}
SUCCESSOR = {
    "respondent_succeeded_claimant": True,
    "representations_overlapped": False,
    "claimant_succeeded_respondent": False,
}


def musser_facts(**changes: Any) -> dict[str, Any]:
    (row,) = flatten(load_matter(MUSSER), RULEBOOK, dt.date(2006, 1, 1))
    return dict(row.facts) | changes


def decide(facts: dict[str, Any]) -> dict[str, Any]:
    compiled = RULEBOOK.evaluate(facts_frame(RULEBOOK, [facts])).row(0, named=True)
    interpreted = RULEBOOK.interpret(facts)
    for name in CHECKED:
        assert compiled[name] == interpreted[name], name
    return interpreted


def test_an_equitable_claim_against_a_successor_is_barred() -> None:
    out = decide(musser_facts(**SUCCESSOR))
    assert out["policy_bars_apply"] is True
    assert (out["status"], out["decided_by"]) == ("barred", "successor_bar")


def test_an_express_clause_against_a_successor_is_an_open_question() -> None:
    out = decide(musser_facts(**EXPRESS, **SUCCESSOR))
    assert out["policy_bars_apply"] is None
    assert out["successor_bar"] is None
    assert out["status"] == "undetermined"
    trace = RULEBOOK.trace(out, "policy_bars_apply")
    assert trace.applied == "express_clause_open_question" and trace.unsettled


@pytest.mark.parametrize(
    ("subject", "status", "decided_by"),
    [(True, "barred", "successor_bar"), (False, "available", "available")],
)
def test_the_matter_may_decide_the_express_clause_question(
    subject: bool, status: str, decided_by: str
) -> None:
    facts = musser_facts(**EXPRESS, **SUCCESSOR, express_clause_subject_to_policy=subject)
    out = decide(facts)
    assert (out["status"], out["decided_by"]) == (status, decided_by)


def test_an_express_clause_between_cocounsel_without_policy_concerns_is_available() -> None:
    out = decide(musser_facts(**EXPRESS))
    assert out["policy_bars_apply"] is None  # open, but nothing for it to decide here
    assert out["status"] == "available"


def test_a_good_faith_settlement_does_not_bar_an_express_clause() -> None:
    settled = {"respondent_good_faith_settlement": True}
    out = decide(musser_facts(**EXPRESS, **settled))
    assert out["status"] == "available"
    equitable = decide(musser_facts(**settled))
    assert equitable["decided_by"] == "good_faith_settlement_bar"
