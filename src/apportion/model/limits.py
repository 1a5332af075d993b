"""The bounds every input value is held to, wherever it comes from: a matter file, a
``--set`` value, an interview answer or a portfolio row. One place, so that a class of
bad input is refused once for every command.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

FIRST_DAY = dt.date(1850, 1, 1)
"""California's statehood: no California rule applies before it."""
LAST_DAY = dt.date(2199, 12, 31)
"""Far enough ahead for any claim; near enough that the rules' date arithmetic (periods
of years added to a date) stays on the calendar (years 1 to 9999)."""
MAX_WHOLE = 100_000
"""Whole-number facts count days (273 years of them): 0 to this."""
_BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MAX_TEXT = 10_000
"""Characters in one text field of a matter (a name, a subject, a note)."""


def check_day(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{day.isoformat()} is outside {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
        )
    return day


def check_whole(number: int) -> int:
    if not 0 <= number <= MAX_WHOLE:
        raise ValueError(f"{number} is outside 0 to {MAX_WHOLE:,}")
    return number


def check_text(text: str, *, lines: bool = False) -> str:
    """Refuse control characters (terminal escape sequences) and bidirectional overrides
    (text shown in another order than it reads): a report prints names as given.
    ``lines`` allows line breaks and tabs."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT:,} characters")
    for position, char in enumerate(text):
        if lines and char in "\n\t":
            continue
        if unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI_OVERRIDES:
            raise ValueError(f"character {position + 1} is a control character (U+{ord(char):04X})")
    return text


Day = Annotated[dt.date, AfterValidator(check_day)]
Text = Annotated[str, AfterValidator(check_text)]
Lines = Annotated[str, AfterValidator(lambda text: check_text(text, lines=True))]
