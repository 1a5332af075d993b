"""The law of the matter's day (issue 14, item 2): no report cites a decision later than the
matter's as-of date as the law of that day, and the findings of the audit (a 1980 matter
citing Centex, 1981 and 1998 matters decided on 1999-2002 authority, a 2013 exception
reaching a 1976 matter) stay fixed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_limitations import public_entity_matter

from apportion.decide.assessment import ClaimResult, assess
from apportion.decide.decision import decision_of
from apportion.decide.scenarios import load_scenario
from apportion.engine import Citation, Trace
from apportion.engine.plan import ExceptionTrace
from apportion.law.california import RULEBOOK
from apportion.law.california import authorities as A
from apportion.law.california.earlier import SINCE
from apportion.model.matter import Matter
from apportion.report.text import render as render_text

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.yaml"))
DAYS = [SINCE, dt.date(1976, 6, 1), dt.date(1980, 6, 1), dt.date(1981, 6, 1), dt.date(1998, 6, 1)]
DAYS += [dt.date(2002, 6, 26), dt.date(2005, 1, 1), dt.date(2014, 1, 1), dt.date(2026, 1, 1)]


def cited(trace: Trace | ExceptionTrace) -> Iterator[tuple[str, Citation]]:
    for cite in trace.authorities:
        yield trace.id, cite
    children = list(trace.because)
    for exc in [*getattr(trace, "ruled_out", []), *getattr(trace, "open_exceptions", [])]:
        yield from cited(exc)
    for child in children:
        yield from cited(child)


def node(claim: ClaimResult, rule: str) -> Trace:
    """The explanation of ``rule`` on the claim's row (its own tree, whatever decided)."""
    return RULEBOOK.trace(claim.values, rule)


def on(matter: Matter, day: dt.date) -> Matter:
    return matter.model_copy(update={"as_of": day})


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_no_explanation_cites_a_decision_later_than_its_day(path: Path) -> None:
    matter = load_scenario(path).matter
    for day in DAYS:
        for claim in assess(on(matter, day)).claims:
            later = [
                f"{where}: {c.cite}"
                for where, c in cited(claim.trace)
                if not c.retrospective and c.dated is not None and c.dated > day
            ]
            assert not later, f"as of {day}: {later}"


def test_every_citation_the_rulebook_makes_is_dated() -> None:
    for rule in RULEBOOK.rules.values():
        for cite in [*rule.authorities, *(c for e in rule.exceptions for c in e.authorities)]:
            assert cite.dated is not None, f"{rule.id}: {cite.cite}"
    for law in RULEBOOK.earlier.values():
        assert all(c.dated is not None for c in law.cites)


def test_a_1980_claim_against_a_public_entity_does_not_cite_centex() -> None:
    result = assess(public_entity_matter("1980-12-31"))
    text = render_text(decision_of(result))
    assert "Centex" not in text
    # Nor does the money part cite a later decision as the law of 1980.
    later = ("21st Century", "Musser v. Provencher (2002) 28 Cal.4th 274,", "Lee v. Hanley")
    money_part = text.split("Reasons")[0].split("Money", 1)[-1]
    assert not [name for name in later if name in money_part]
    assert all(
        "describing the earlier law" in line
        for line in money_part.splitlines()
        if "Sapiano" in line
    )
    assert A.SHORTSTOP.full not in text  # named in the earlier law's words, not cited
    (claim,) = result.claims
    bar = next(t for t in claim.trace.walk_all() if t.id == "public_entity_claim_bar")
    assert bar.earlier is not None and "E. L. White" in bar.earlier
    assert bar.unsettled
    # From 2013 the same claim is explained with Centex.
    later = render_text(decision_of(assess(public_entity_matter("2014-01-01"))))
    assert "Centex Homes v. Superior Court (2013)" in later


def _kroll(day: dt.date) -> Matter:
    return on(
        load_scenario(CASES[[p.stem for p in CASES].index("kroll-tract-v-paris")]).matter, day
    )


def test_the_tripartite_bar_begins_with_kroll_not_before() -> None:
    # 1998: before Kroll & Tract no decision barred the claim; it is not decided on Kroll.
    (early,) = assess(_kroll(dt.date(1998, 6, 1))).claims
    bar = node(early, "concurrent_counsel_bar")
    assert bar.applied != "pre_musser_tripartite_bar"
    assert all(c.dated <= dt.date(1998, 6, 1) for c in bar.authorities if not c.retrospective)
    assert bar.earlier is not None and "Pollack" in bar.earlier
    (decided,) = assess(_kroll(A.KROLL.dated)).claims
    bar = node(decided, "concurrent_counsel_bar")
    assert bar.applied == "pre_musser_tripartite_bar" and bar.value is True


@pytest.mark.parametrize("stem", ["parker-v-morton", "crouse-v-brobeck"])
def test_1981_and_1998_matters_are_decided_on_the_law_of_their_day(stem: str) -> None:
    matter = load_scenario(CASES[[p.stem for p in CASES].index(stem)]).matter
    day = matter.as_of
    assert day is not None and day.year in (1981, 1998)
    for claim in assess(matter).claims:
        rule = claim.values["decided_by"]
        if rule is None or not RULEBOOK.rules[rule].authorities:
            continue
        decided = node(claim, rule)
        assert all(c.retrospective or c.dated <= day for c in decided.authorities), rule
        # The deciding rule rests on authority of its day, or says which earlier law it states.
        assert decided.authorities or decided.earlier, rule


def test_the_white_mountains_exception_does_not_reach_a_1976_transfer() -> None:
    path = CASES[[p.stem for p in CASES].index("white-mountains-v-borton-petrini")]
    matter = load_scenario(path).matter
    (claim,) = [c for c in assess(matter).claims if c.row.respondent == "defence_firm"]
    assert node(claim, "transfer_ineffective").applied == "white_mountains_exception"
    (old,) = [
        c
        for c in assess(on(matter, dt.date(1976, 10, 1))).claims
        if c.row.respondent == "defence_firm"
    ]
    transfer = node(old, "transfer_ineffective")
    assert transfer.applied is None and transfer.value is True
    assert all("White Mountains" not in c.cite for _, c in cited(transfer))
    assert old.status == "barred" and old.values["decided_by"] == "transfer_ineffective"
