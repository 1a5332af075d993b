"""Date arithmetic (engine.dates): compiled plan and row interpreter agree on shifted dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apportion.engine import AS_OF, Fact, Kind, Rule, Rulebook, least
from apportion.engine.dates import add_days, add_years

paid = Fact("paid", Kind.DATE, "When was it paid?", label="the payment date")
filed = Fact("filed", Kind.DATE, "When was it filed?", label="the filing date")
flag = Fact("flag", Kind.BOOL, "flag?")
extra = Fact("extra", Kind.INT, "How many days more?", label="the extra days")

two_years = Rule("two_years", "two years after payment", add_years(paid, 2))
year_before = Rule("year_before", "a year before payment", add_years(paid, -1))
thirty_days = Rule("thirty_days", "thirty days after payment", add_days(paid, 30))
day_before = Rule("day_before", "the day before payment", add_days(paid, -1))
earliest = Rule("earliest", "the earlier deadline", least(add_years(paid, 4), add_days(paid, 400)))
timely = Rule("timely", "filed in time", filed <= two_years)

BOOK = Rulebook(
    "dates",
    "1",
    [paid, filed, flag],
    [two_years, year_before, thirty_days, day_before, earliest, timely],
)
DAY = dt.date(2020, 1, 1)


def both(
    paid_on: dt.date | None, filed_on: dt.date | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    facts = {AS_OF: DAY, "paid": paid_on, "filed": filed_on, "flag": None}
    frame = pl.DataFrame([facts], schema=BOOK.input_schema())
    return BOOK.evaluate(frame).row(0, named=True), BOOK.interpret(facts)


@pytest.mark.parametrize(
    ("paid_on", "want"),
    [
        (dt.date(2000, 2, 29), (dt.date(2002, 2, 28), dt.date(1999, 2, 28))),
        (dt.date(2004, 2, 29), (dt.date(2006, 2, 28), dt.date(2003, 2, 28))),
        (dt.date(1999, 12, 31), (dt.date(2001, 12, 31), dt.date(1998, 12, 31))),
        (dt.date(2001, 3, 1), (dt.date(2003, 3, 1), dt.date(2000, 3, 1))),
    ],
)
def test_years_keep_the_day_and_29_february_becomes_the_28th(
    paid_on: dt.date, want: tuple[dt.date, dt.date]
) -> None:
    compiled, interpreted = both(paid_on, None)
    for row in (compiled, interpreted):
        assert (row["two_years"], row["year_before"]) == want


def test_days_cross_months_and_years() -> None:
    compiled, interpreted = both(dt.date(2001, 12, 15), None)
    for row in (compiled, interpreted):
        assert row["thirty_days"] == dt.date(2002, 1, 14)
        assert row["day_before"] == dt.date(2001, 12, 14)
        assert row["earliest"] == dt.date(2003, 1, 19)


def test_an_unknown_date_stays_unknown() -> None:
    compiled, interpreted = both(None, dt.date(2001, 1, 1))
    for row in (compiled, interpreted):
        assert row["two_years"] is None
        assert row["thirty_days"] is None
        assert row["timely"] is None


@pytest.mark.parametrize(
    ("filed_on", "want"),
    [(dt.date(2002, 1, 15), True), (dt.date(2002, 1, 16), False), (dt.date(1999, 1, 1), True)],
)
def test_the_last_day_of_the_period_is_in_time(filed_on: dt.date, want: bool) -> None:
    compiled, interpreted = both(dt.date(2000, 1, 15), filed_on)
    assert compiled["timely"] is want
    assert interpreted["timely"] is want


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.none()
        | st.dates(dt.date(1896, 1, 1), dt.date(2096, 12, 31))
        | st.dates(dt.date.min, dt.date.max),
        min_size=1,
        max_size=8,
    ),
    st.integers(-150, 150) | st.integers(-10_000, 10_000),
    st.integers(-5000, 5000) | st.integers(-(10**7), 10**7),
)
def test_plan_and_interpreter_agree_on_any_dates(
    days: list[dt.date | None], years: int, offset: int
) -> None:
    # Across the whole calendar, where a shift may leave it (then the date is unknown).
    by_years = Rule("by_years", "by years", add_years(paid, years))
    by_days = Rule("by_days", "by days", add_days(paid, offset))
    by_fact = Rule("by_fact", "by a number of days", add_days(paid, extra))
    book = Rulebook("dates", "1", [paid, extra], [by_years, by_days, by_fact])
    n = len(days)
    frame = pl.DataFrame(
        {AS_OF: [DAY] * n, "paid": days, "extra": [offset] * n}, schema=book.input_schema()
    )
    out = book.evaluate(frame)
    for i, day in enumerate(days):
        row = book.interpret({AS_OF: DAY, "paid": day, "extra": offset})
        assert out["by_years"][i] == row["by_years"]
        assert out["by_days"][i] == row["by_days"] == row["by_fact"] == out["by_fact"][i]


@pytest.mark.parametrize(
    ("day", "shift", "want"),
    [
        (dt.date(9999, 6, 1), add_years(paid, 1), None),
        (dt.date(9998, 12, 31), add_years(paid, 1), dt.date(9999, 12, 31)),
        (dt.date(1, 6, 1), add_years(paid, -1), None),
        (dt.date(9999, 12, 31), add_days(paid, 1), None),
        (dt.date(1, 1, 1), add_days(paid, -1), None),
        (dt.date(1, 1, 1), add_days(paid, 0), dt.date(1, 1, 1)),
    ],
)
def test_a_date_shifted_off_the_calendar_is_unknown(day: dt.date, shift: Any, want: Any) -> None:
    book = Rulebook("dates", "1", [paid], [Rule("s", "s", shift)])
    facts = {AS_OF: DAY, "paid": day}
    assert book.interpret(facts)["s"] == want
    assert book.evaluate(pl.DataFrame([facts], schema=book.input_schema()))["s"][0] == want


def test_a_parquet_date_beyond_the_calendar_is_unknown() -> None:
    beyond = pl.Series("paid", [3_000_000, -800_000], dtype=pl.Int32).cast(pl.Date)
    frame = pl.DataFrame({AS_OF: [DAY, DAY], "paid": beyond})
    out = BOOK.evaluate(
        frame.with_columns(filed=pl.lit(None, pl.Date), flag=pl.lit(None, pl.Boolean))
    )
    assert out["two_years"].to_list() == [None, None]
    assert out["thirty_days"].to_list() == [None, None]


def test_words_refs_and_types() -> None:
    assert add_years(paid, 2).words() == "2 years after the payment date"
    assert add_years(paid, -1).words() == "1 year before the payment date"
    assert add_days(paid, 30).words() == "30 days after the payment date"
    assert [r.id for r in add_days(paid, 1).refs()] == ["paid"]
    assert add_years(paid, 1).kind is Kind.DATE
    with pytest.raises(TypeError, match="only a date"):
        add_years(flag, 1)
    with pytest.raises(TypeError, match="whole number"):
        add_days(paid, 1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("paid_on", "days", "want"),
    [
        (dt.date(2000, 2, 28), 2, dt.date(2001, 3, 2)),  # a year on, then two days
        (dt.date(2000, 1, 15), 0, dt.date(2001, 1, 15)),
        (dt.date(2000, 1, 15), None, None),
        (None, 3, None),
    ],
)
def test_days_read_from_a_fact(paid_on: dt.date | None, days: int | None, want: Any) -> None:
    later = Rule("later", "later", add_days(add_years(paid, 1), extra))
    book = Rulebook("dates", "1", [paid, extra], [later])
    facts = {AS_OF: DAY, "paid": paid_on, "extra": days}
    assert book.interpret(facts)["later"] == want
    frame = pl.DataFrame([facts], schema=book.input_schema())
    assert book.evaluate(frame)["later"][0] == want
    assert add_days(paid, extra).words() == "the extra days days after the payment date"
    with pytest.raises(TypeError, match="whole number of days"):
        add_days(paid, flag)
