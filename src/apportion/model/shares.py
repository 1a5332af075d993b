"""Fault shares as the record states them: percentages, parts of 100 %.

The rules divide a loss in proportion to the liable parties' shares, which would quietly
rescale shares that do not add up (60 % and 20 % read as 75 % and 25 %). So the record's
shares are checked where they are stated, before any rule reads them: known shares that
cannot be completed to exactly 100 % are an error naming the fields, unless the matter
says they are relative weights (``fault_shares: relative``). A share of at most 1 % beside
others above 1 % is most likely a fraction written for a percentage (0.6 for 60 %).
Shares are held as basis points (100 = 1 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WHOLE = 10_000
"""100 % in basis points."""
RELATIVE = "relative"
PERCENT = "percent"


@dataclass(frozen=True)
class Stated:
    """One share of a set that must add up: where the record states it (or, unknown,
    where it would), and its value in basis points (None: unknown)."""

    path: str
    bp: int | None


def percent(bp: int) -> str:
    """Basis points in the matter's notation: 6000 -> '60', 60 -> '0.6'."""
    return f"{(Decimal(bp) / 100).normalize():f}"


def check(shares: list[Stated], *, relative: bool, whole: int = WHOLE) -> list[tuple[str, str]]:
    """The problems of one set of shares that are parts of ``whole`` (100 % less any
    share outside the set), as (path, reason); none if the set can be completed."""
    known = [s for s in shares if s.bp is not None]
    total = sum(s.bp for s in known if s.bp is not None)
    complete = len(known) == len(shares)
    if known and (slip := _fraction_for_percent(known, total, complete, relative, whole)):
        return slip
    if relative:
        return []
    paths = ", ".join(s.path for s in known)
    also = f" ({percent(WHOLE - whole)} % is the client's own)" if whole != WHOLE else ""
    if total > whole:
        return [
            (
                paths,
                f"the known fault shares add up to {percent(total)} %, more than "
                f"{percent(whole)} %{also}: shares are percentages, parts of 100 % "
                f"(write fault_shares: relative if they are relative weights)",
            )
        ]
    if complete and total != whole:
        return [
            (
                paths,
                f"the fault shares add up to {percent(total)} %, not {percent(whole)} %{also}: "
                f"shares are percentages, parts of 100 % "
                f"(write fault_shares: relative if they are relative weights)",
            )
        ]
    return []


def _fraction_for_percent(
    known: list[Stated], total: int, complete: bool, relative: bool, whole: int
) -> list[tuple[str, str]]:
    """A share of at most 1 % beside another above 1 %, where reading it as a fraction
    (0.6 meant as 60 %) is plausible: in relative weights, a fraction below 1; in
    percentages, unless the shares add up as they are, if the percent it probably meant
    still fits in the whole."""
    if not any(s.bp is not None and s.bp > 100 for s in known):
        return []
    if not relative and complete and total == whole:
        return []
    found = []
    for s in known:
        if s.bp is None or not 0 < s.bp <= 100:
            continue
        meant = s.bp * 100
        plausible = s.bp % 100 != 0 if relative else total - s.bp + meant <= whole
        if plausible:
            found.append(
                (
                    s.path,
                    f"{percent(s.bp)} — did you mean {percent(meant)}? A share is a "
                    f"percentage ({percent(meant)} % is written {percent(meant)}), and "
                    f"the other shares here are above 1 %",
                )
            )
    return found
