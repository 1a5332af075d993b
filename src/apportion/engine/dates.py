"""Date arithmetic for rule expressions: a date moved by whole years or days.

Kept beside ``expr`` as typed nodes with the same four abilities (compile, evaluate a row,
words, refs), so the compiled plan and the row interpreter agree on every date. Dates are
those of the calendar Python knows, years 1 to 9999: a date shifted outside it is unknown.

Compiled, a date is its day number and every shift is integer arithmetic on it (a whole
number of years through the civil-calendar conversion of H. Hinnant's
``chrono``-compatible algorithms), several times cheaper than polars' calendar offsets.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl

from apportion.engine.expr import ColumnOf, Expr, Kind, Row, StagedColumns, computed_once

FIRST_DAY, LAST_DAY = dt.date.min, dt.date.max
_EPOCH_TO_MARCH_0000 = 719_468  # days from 0000-03-01 to 1970-01-01


class _DateShift(Expr):
    """A date moved by a whole number of calendar units; unknown if the date is."""

    kind = Kind.DATE
    unit = ""
    unit_words = ("", "")

    def __init__(self, operand: Expr, amount: int) -> None:
        if operand.kind is not Kind.DATE:
            raise TypeError(f"only a date can be shifted, not {operand.kind.value}")
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError(f"shift a date by a whole number, not {amount!r}")
        self.operand, self.amount = operand, amount
        self.op = f"{amount:+d}{self.unit}"  # names the shift in structural fingerprints

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        if not isinstance(col, StagedColumns):
            # Inline, without helper columns for the steps: polars' calendar offset, one
            # node (a test checks that both forms agree).
            day = self.operand.to_polars(col)
            inside = pl.when(day.is_between(pl.lit(FIRST_DAY), pl.lit(LAST_DAY))).then(day)
            return _as_date(_day_number(inside.dt.offset_by(f"{self.amount}{self.unit}")))

        def once(value: pl.Expr) -> pl.Expr:
            return computed_once(col, value)

        day = once(_day_number(self.operand.to_polars(col)))
        return _as_date(once(self.shifted(day, once)))

    def shifted(self, day: pl.Expr, once: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
        """The shifted day number of the day number ``day``."""
        raise NotImplementedError

    def eval(self, row: Row) -> Any:
        value = self.operand.eval(row)
        if value is None:
            return None
        try:
            return self.shift(value)
        except (OverflowError, ValueError):  # beyond year 9999 or before year 1
            return None

    def shift(self, day: dt.date) -> dt.date:
        raise NotImplementedError

    def words(self) -> str:
        n = abs(self.amount)
        unit = self.unit_words[0] if n == 1 else self.unit_words[1]
        side = "after" if self.amount >= 0 else "before"
        return f"{n} {unit} {side} {self.operand.words()}"


class AddYears(_DateShift):
    """The same day ``amount`` years later (earlier if negative); 29 February becomes
    28 February in a common year, as polars' ``offset_by`` does."""

    unit = "y"
    unit_words = ("year", "years")

    def shift(self, day: dt.date) -> dt.date:
        year = day.year + self.amount
        if day.month == 2 and day.day == 29 and not calendar.isleap(year):
            return day.replace(year=year, day=28)
        return day.replace(year=year)

    def shifted(self, day: pl.Expr, once: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
        # Years counted from 1 March, so that 29 February is the last day of its year.
        # Each value read more than once is computed once; 32 bits hold every day number.
        z = day.cast(pl.Int32) + _EPOCH_TO_MARCH_0000
        era = once(z // 146_097)  # 400-year cycles
        doe = once(z - era * 146_097)  # day of the cycle, 0 to 146096
        yoe = once((doe - doe // 1_460 + doe // 36_524 - doe // 146_096) // 365)
        doy = doe - (365 * yoe + yoe // 4 - yoe // 100)  # 0 = 1 March, 365 = 29 February
        year = once(era * 400 + yoe + self.amount)
        # The same day of the year, or the day before 1 March where there is no 29 February.
        same_day = once(_march_first(year) + doy)
        last_day = once(_march_first(year + 1) - 1)
        return pl.when(same_day <= last_day).then(same_day).otherwise(last_day).cast(pl.Int64)


class AddDays(_DateShift):
    """The day ``amount`` days later (earlier if negative)."""

    unit = "d"
    unit_words = ("day", "days")

    def shift(self, day: dt.date) -> dt.date:
        return day + dt.timedelta(days=self.amount)

    def shifted(self, day: pl.Expr, once: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
        return day + self.amount


class AddDaysOf(Expr):
    """A date moved by a number of days read from a fact or rule (a whole number);
    unknown if either is unknown."""

    kind = Kind.DATE
    op = "+days"  # names the shift in structural fingerprints

    def __init__(self, operand: Expr, days: Expr) -> None:
        if operand.kind is not Kind.DATE:
            raise TypeError(f"only a date can be shifted, not {operand.kind.value}")
        if days.kind is not Kind.INT:
            raise TypeError(f"shift a date by a whole number of days, not {days.kind.value}")
        self.operand, self.days = operand, days

    def children(self) -> tuple[Expr, ...]:
        return (self.operand, self.days)

    def to_polars(self, col: ColumnOf) -> pl.Expr:
        day = _day_number(self.operand.to_polars(col))
        return _as_date(day + self.days.to_polars(col))

    def eval(self, row: Row) -> Any:
        day, days = self.operand.eval(row), self.days.eval(row)
        if day is None or days is None:
            return None
        try:
            return day + dt.timedelta(days=days)
        except OverflowError:  # beyond year 9999 or before year 1
            return None

    def words(self) -> str:
        return f"{self.days.words()} days after {self.operand.words()}"


def _day_number(day: pl.Expr) -> pl.Expr:
    """Days since 1970-01-01, in 64 bits so that no shift can wrap; unknown outside the
    calendar (a Parquet date may lie beyond year 9999)."""
    inside = day.is_between(pl.lit(FIRST_DAY), pl.lit(LAST_DAY))
    return pl.when(inside).then(day.to_physical().cast(pl.Int64))


def _as_date(days: pl.Expr) -> pl.Expr:
    """The date of a day number; unknown outside the calendar."""
    first, last = (d.toordinal() - dt.date(1970, 1, 1).toordinal() for d in (FIRST_DAY, LAST_DAY))
    return pl.when(days.is_between(first, last)).then(days).cast(pl.Date)


def _march_first(year: pl.Expr) -> pl.Expr:
    """Day number of 1 March of ``year`` (a proleptic Gregorian year, any sign)."""
    return year * 365 + year // 4 - year // 100 + year // 400 - _EPOCH_TO_MARCH_0000


def add_years(day: Expr, years: int) -> Expr:
    return AddYears(day, years)


def add_days(day: Expr, days: int | Expr) -> Expr:
    """``days`` days after ``day``: a whole number, or a fact or rule giving one."""
    return AddDaysOf(day, days) if isinstance(days, Expr) else AddDays(day, days)
