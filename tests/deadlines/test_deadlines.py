"""The filing deadline of a claim not yet filed (issue 19): the last safe day, each view's
day, the facts that would move it, on the published scenarios and on generated rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from apportion.decide.assessment import assess
from apportion.decide.deadlines import deadline_of
from apportion.decide.decision import decide
from apportion.decide.scenarios import load_scenario
from apportion.io.load import load_matter
from apportion.law.california import RULEBOOK
from apportion.model.decision import Deadline
from apportion.report.text import render

ROOT = Path(__file__).parents[2]
CASES = ROOT / "tests" / "cases"
D = dt.date


def unfiled(name: str, index: int = 0) -> tuple[dict[str, Any], dt.date, Deadline | None]:
    """A scenario's claim as if it had not been filed yet: its row and its deadline."""
    found = assess(load_scenario(CASES / name).matter)
    facts = dict(found.claims[index].row.facts) | {"claim_filed_date": None}
    return facts, found.as_of, deadline_of(RULEBOOK, facts, found.as_of)


def test_musser_had_to_file_within_a_year_of_payment_on_the_safe_view() -> None:
    claim = decide(load_matter(ROOT / "examples" / "musser-v-provencher.yaml")).claims[0]
    d = claim.deadline
    assert d is not None
    # Paid 1997-01-15: § 339(1) two years; § 340.6 one year from payment (discovery unknown,
    # taken as no later than payment). The safe day is the earlier.
    assert {v.view: v.day for v in d.views} == {
        "section_339": D(1999, 1, 15),
        "section_340_6": D(1998, 1, 15),
    }
    assert d.file_by == D(1998, 1, 15)
    assert d.basis.id == "filing_deadline"
    cites = [a.cite for a in d.basis.authorities]
    assert cites == ["Code Civ. Proc. § 339", "Code Civ. Proc. § 340.6"]
    # Decided 2002-06-27: past the safe day.
    assert d.barred_since == D(1998, 1, 16)
    assert d.days_left == (D(1998, 1, 15) - D(2002, 6, 27)).days
    assert {f.id for f in d.moved_by} >= {"discovery_date", "section_340_6_tolled_days"}


def test_the_report_says_file_by_with_its_basis() -> None:
    text = render(decide(load_matter(ROOT / "examples" / "musser-v-provencher.yaml")))
    line = next(x for x in text.splitlines() if x.strip().startswith("File by:"))
    assert "1998-01-15" in line and "§ 340.6" in line and "calendar days in California" in line
    assert "may be time-barred since 1998-01-16" in line


def test_a_discovery_date_moves_the_safe_day_later() -> None:
    facts, as_of, _ = unfiled("musser-v-provencher.yaml")
    later = deadline_of(RULEBOOK, facts | {"discovery_date": D(1997, 6, 1)}, as_of)
    assert later is not None and later.file_by == D(1998, 6, 1)
    elected = deadline_of(RULEBOOK, facts | {"limitations_view": "section_339"}, as_of)
    assert elected is not None and elected.file_by == D(1999, 1, 15)
    assert elected.basis.id == "filing_deadline/filing_elected_period_from_payment"


def test_postley_the_period_does_not_run_before_payment() -> None:
    # Postley at 283: the statute "does not begin to run until liability is established".
    _, _, d = unfiled("postley-v-harvey.yaml")
    assert d is not None and d.file_by is None and "has not accrued" in d.why_open


def test_people_ex_rel_the_claim_accrues_on_payment() -> None:
    # People ex rel. Dept. of Transportation at 747-748: accrual on payment, not before.
    _, _, d = unfiled("people-ex-rel-dept-of-transportation.yaml")
    assert d is not None and d.file_by is None and "has not accrued" in d.why_open


def test_postley_variation_paid_in_1980_the_two_years_ran_before_the_cross_complaint() -> None:
    _, _, d = unfiled("variation-postley-after-payment.yaml")
    assert d is not None
    # The Harveys are not attorneys: only § 339(1), two years from the 1980-01-15 payment.
    assert [(v.view, v.day) for v in d.views] == [("section_339", D(1982, 1, 15))]
    assert d.file_by == D(1982, 1, 15) and d.barred_since == D(1982, 1, 16)
    filed = assess(load_scenario(CASES / "variation-postley-after-payment.yaml").matter)
    assert filed.claims[0].row.facts["claim_filed_date"] == D(1982, 9, 3)  # after the day


def test_shortstop_a_public_entity_gets_no_safe_day_from_the_rulebook() -> None:
    # Shortstop at 758: against the State the claim must first be presented; the rulebook
    # does not hold the presentation period, so it gives no day rather than a wrong one.
    _, _, d = unfiled("state-v-superior-court-shortstop.yaml")
    assert d is not None and d.file_by is None
    assert d.basis.id == "filing_deadline/claims_presentation_period_not_computed"


def test_filed_by_the_safe_day_is_timely_in_every_scenario() -> None:
    # Soundness on the case base: a claim filed no later than its safe day is never barred
    # by limitations.
    for path in sorted(CASES.glob("*.yaml")):
        found = assess(load_scenario(path).matter)
        for claim in found.claims:
            filed = claim.row.facts.get("claim_filed_date")
            if filed is None:
                continue
            facts = dict(claim.row.facts) | {"claim_filed_date": None}
            d = deadline_of(RULEBOOK, facts, found.as_of)
            if d is not None and d.file_by is not None and filed <= d.file_by:
                assert claim.values.get("limitations_bar") is not True, path.name


# --- the safe day is never later than the day of any completion --------------------------
DAYS = st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31))
UNKNOWN_FACTS = {
    "discovery_date": DAYS,
    "wrongful_act_date": DAYS,
    "section_340_6_tolled_days": st.integers(0, 2000),
    "section_340_6_concealment_days": st.integers(0, 2000),
    "respondent_is_attorney": st.booleans(),
    "express_indemnity_clause": st.booleans(),
    "limitations_view": st.sampled_from(["section_339", "section_340_6"]),
}


@st.composite
def partial_and_complete(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    complete: dict[str, Any] = {
        "theory": draw(st.sampled_from(["equitable_indemnity", "express_indemnity"])),
        "claimant_has_paid": True,
        "last_payment_date": draw(DAYS),
        "respondent_is_public_entity": False,
    }
    complete |= {name: draw(values) for name, values in UNKNOWN_FACTS.items()}
    hidden = draw(st.sets(st.sampled_from(sorted(UNKNOWN_FACTS))))
    partial = {k: (None if k in hidden else v) for k, v in complete.items()}
    return partial, complete


def _day(facts: dict[str, Any]) -> dt.date | None:
    row = {name: None for name in RULEBOOK.input_names()} | facts | {"as_of": D(2026, 1, 1)}
    found: dt.date | None = RULEBOOK.interpret(row, ["filing_deadline"])["filing_deadline"]
    return found


@settings(max_examples=300, deadline=None, derandomize=True)
@given(partial_and_complete())
def test_the_safe_day_is_never_later_than_any_completions(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    partial, complete = pair
    safe, truth = _day(partial), _day(complete)
    assert safe is not None and truth is not None
    assert safe <= truth
