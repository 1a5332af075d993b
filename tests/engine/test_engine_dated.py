"""Dated authorities: a rulebook refuses a rule in force before its earliest authority
unless it says which earlier law it states, and an explanation for an earlier day shows
that law and never cites the later authority as the law of the day."""

from __future__ import annotations

import datetime as dt

import pytest

from apportion.engine import AS_OF, Citation, Earlier, Fact, Kind, Rule, Rulebook, unless
from apportion.engine.plan import RulebookError

D = dt.date
OLD = Citation("Old v. Rule (1960) 1 Cal.2d 1", dated=D(1960, 1, 1))
NEW = Citation("New v. Rule (2000) 1 Cal.4th 1", dated=D(2000, 6, 1))
LATER = Citation("Later v. Rule (2010) 1 Cal.5th 1", dated=D(2010, 1, 1))
SINCE = D(1975, 1, 1)

paid = Fact("paid", Kind.BOOL, "Paid?")


def book(rule: Rule, **earlier: Earlier) -> Rulebook:
    return Rulebook("t", "0", [paid], [rule], since=SINCE, earlier=earlier)


def recovers(*cites: Citation, exceptions: tuple = ()) -> Rule:
    return Rule("recovers", "recovers", paid, cites=cites, exceptions=exceptions)


def test_a_rule_in_force_before_its_authority_is_refused() -> None:
    with pytest.raises(RulebookError, match="recovers rests on authorities from 2000-06-01"):
        book(recovers(NEW))
    book(recovers(OLD, NEW))  # an authority of the first day suffices


def test_an_exception_is_checked_from_the_day_it_comes_into_force() -> None:
    late = unless("late", paid, then=False, words="w", cites=[NEW])
    with pytest.raises(RulebookError, match="recovers/late rests on"):
        book(recovers(OLD, exceptions=(late,)))
    dated = unless("late", paid, then=False, words="w", cites=[NEW], valid_from=NEW.dated)
    book(recovers(OLD, exceptions=(dated,)))
    # One that ended before the rulebook's first day is never in force here.
    gone = unless("gone", paid, then=False, words="w", cites=[NEW], valid_until=SINCE)
    book(recovers(OLD, exceptions=(gone,)))


def test_earlier_law_needs_authority_of_its_time_a_description_or_a_flag() -> None:
    with pytest.raises(RulebookError, match="needs authority of 1975-01-01"):
        book(recovers(NEW), recovers=Earlier("bare claim"))
    with pytest.raises(RulebookError, match="needs authority"):
        book(recovers(LATER), recovers=Earlier("too late", (NEW,)))
    book(recovers(NEW), recovers=Earlier("as it was", (OLD,)))
    book(recovers(NEW), recovers=Earlier("unknown", unsettled=True))
    described = Citation(NEW.cite, dated=NEW.dated, retrospective=True)
    book(recovers(NEW), recovers=Earlier("as New describes it", (described,)))
    chained = Earlier("from 2000", (NEW,), before=Earlier("before", (OLD,)))
    book(recovers(LATER), recovers=chained)


def test_earlier_law_where_none_is_needed_is_refused() -> None:
    with pytest.raises(RulebookError, match="none is needed: recovers"):
        book(recovers(OLD), recovers=Earlier("stale", (OLD,)))
    with pytest.raises(RulebookError, match="without a first day"):
        Rulebook("t", "0", [paid], [recovers(OLD)], earlier={"recovers": Earlier("x", (OLD,))})


def cites_on(rb: Rulebook, day: dt.date | None) -> tuple[list[str], str | None, bool]:
    row = rb.interpret({"paid": True, AS_OF: day})
    trace = rb.trace(row, "recovers")
    return [c.cite for c in trace.authorities], trace.earlier, trace.unsettled


def test_the_trace_gives_the_earlier_law_and_hides_the_later_authority() -> None:
    chained = Earlier("from 2000", (NEW,), before=Earlier("before 2000", (OLD,)))
    rb = book(recovers(LATER), recovers=chained)
    assert cites_on(rb, D(2012, 1, 1)) == ([LATER.cite], None, False)
    assert cites_on(rb, D(2005, 1, 1)) == ([NEW.cite], "from 2000", False)
    assert cites_on(rb, D(1980, 1, 1)) == ([OLD.cite], "before 2000", False)
    # An unknown date hides nothing: every day's authority is shown.
    assert cites_on(rb, None) == ([LATER.cite], None, False)
    flagged = book(recovers(NEW), recovers=Earlier("unknown then", unsettled=True))
    assert cites_on(flagged, D(1980, 1, 1)) == ([], "unknown then", True)


def test_a_retrospective_citation_is_shown_on_any_day() -> None:
    described = Citation(NEW.cite, dated=NEW.dated, retrospective=True)
    rule = recovers(OLD, described)
    rb = book(rule)
    assert cites_on(rb, D(1980, 1, 1))[0] == [OLD.cite, NEW.cite]
    assert described.speaks_on(D(1980, 1, 1)) and not NEW.speaks_on(D(1980, 1, 1))
    data = rb.trace(rb.interpret({"paid": True, AS_OF: D(1980, 1, 1)}), "recovers").to_dict()
    assert data["authorities"][1] == {
        "cite": NEW.cite,
        "pinpoint": None,
        "quote": None,
        "dated": "2000-06-01",
        "retrospective": True,
    }
