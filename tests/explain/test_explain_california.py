"""Decision reports on the California rulebook: minimal reasons, rendered four ways."""

from __future__ import annotations

import json

import polars as pl
from musser import musser

from apportion.decide.assessment import assess
from apportion.decide.decision import decision_of
from apportion.engine import Trace
from apportion.law.california.outcome import BARS
from apportion.report.html import render_html
from apportion.report.text import render

BAR_IDS = {rule.id for rule in BARS}


def node(trace: Trace, rule_id: str) -> Trace:
    return next(t for t in trace.walk() if t.id == rule_id)


def test_a_barred_claim_is_explained_by_the_bar_that_decided_it_alone() -> None:
    result = assess(musser(respondent_good_faith_settlement=True))
    (claim,) = result.claims
    assert claim.status == "barred"
    assert claim.values["decided_by"] == "good_faith_settlement_bar"
    shown = {t.id for t in claim.trace.walk()}
    assert shown & BAR_IDS == {"good_faith_settlement_bar"}
    assert "elements_met" not in shown  # a bar applies: the elements do not matter
    available = node(claim.trace, "available")
    assert ("elements_met", "the elements of the claimed theory are met") in available.set_aside
    barred = node(claim.trace, "barred")
    assert {i for i, _ in barred.set_aside} == BAR_IDS - {"good_faith_settlement_bar"}
    bar = node(claim.trace, "good_faith_settlement_bar")
    assert [(f.id, f.value) for f in bar.facts] == [("respondent_good_faith_settlement", True)]
    assert any("877.6" in c.cite for c in bar.authorities)
    assert claim.trace.unknown_facts() == []  # nothing unknown decided it
    decided = decision_of(result).claims[0]
    assert [r.id for r in decided.barred_by] == ["good_faith_settlement_bar"]
    assert decided.decided_by is not None
    assert decided.decided_by.id == "good_faith_settlement_bar"
    assert any("877.6" in a.cite for a in decided.decided_by.authorities)


def test_an_available_claim_shows_every_element_and_every_bar_ruled_out() -> None:
    (claim,) = assess(musser()).claims
    assert claim.status == "available"
    barred = node(claim.trace, "barred")
    assert barred.value is False
    assert {c.id for c in barred.because} == BAR_IDS
    assert all(c.value is False for c in barred.because)
    elements = node(claim.trace, "elements_met")
    assert [c.id for c in elements.because] == ["equitable_theory", "joint_liability"]
    concurrent = node(claim.trace, "concurrent_counsel_bar")
    ruled_out = {e.id: e for e in concurrent.ruled_out}
    assert "conflict_bars_concurrent_claim" in ruled_out
    assert not ruled_out["pre_musser_tripartite_bar"].in_force  # Musser was decided that day
    conflict = ruled_out["conflict_bars_concurrent_claim"].because[0]
    assert conflict.id == "conflict_of_interest" and conflict.value is False
    assert conflict.applied == "concurrent_counsel_no_conflict"
    # Unknown facts that do not matter are not reasons anywhere in the tree.
    workers = node(claim.trace, "workers_comp_bar")
    assert [(f.id, f.value) for f in workers.facts] == [("respondent_is_clients_employer", False)]
    # An unknown fact appears among the reasons only where its answer could change them.
    asked = {q.fact.id for q in assess(musser()).questions()}
    assert {f.id for f in claim.trace.unknown_facts()} <= asked


def test_an_undetermined_claim_is_explained_by_what_is_unknown() -> None:
    (claim,) = assess(musser(drop=("respondent_caused_same_injury",))).claims
    assert claim.status == "undetermined"
    unknown = {f.id for f in claim.trace.unknown_facts()}
    assert unknown == {"respondent_caused_same_injury"}


def test_reports_in_text_markdown_html_and_json() -> None:
    result = assess(musser(respondent_good_faith_settlement=True))
    decision = decision_of(result)
    text = render(decision)
    assert "BARRED" in text and "Code Civ. Proc. § 877.6, subd. (c)" in text
    assert "did not matter here" in text
    assert render(decision, markdown=True).startswith("# Musser v. Provencher")
    page = render_html(decision)
    assert page.startswith("<!doctype html>") and "status-barred" in page
    assert "<script" not in page
    assert decision._repr_html_().startswith("<style>")
    data = json.loads(decision.model_dump_json())
    assert data["format_version"] == 1
    assert data["claims"][0]["reasons"]["rule"] == "status"
    assert isinstance(result.frame, pl.DataFrame)
    assert result.frame.get_column("status").to_list() == ["barred"]


def test_relevant_questions_never_include_override_facts() -> None:
    # A successor: the bar applies unless the matter elects Parker v. Morton (an override).
    matter = musser(drop=("respondent_caused_same_injury",), respondent_succeeded_claimant=True)
    (claim,) = assess(matter).claims
    assert claim.status == "barred"
    asked = {q.fact.id for q in assess(matter).questions()}
    assert "follow_parker_v_morton" not in asked
    flipped = assess(musser(respondent_succeeded_claimant=True, follow_parker_v_morton=True))
    assert flipped.claims[0].status == "available"  # so only the flag keeps it out


def test_every_override_fact_is_never_asked() -> None:
    from apportion.law.california import RULEBOOK

    overrides = [f.id for f in RULEBOOK.facts.values() if f.question.startswith("Override")]
    assert {"follow_parker_v_morton", "limitations_view"} <= set(overrides)
    assert [f for f in overrides if RULEBOOK.facts[f].asked] == []
