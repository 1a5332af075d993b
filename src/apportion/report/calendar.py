"""Filing deadlines as a calendar (iCalendar, RFC 5545, via ``icalendar``) and as CSV for
docketing systems: one entry per unfiled claim, its last safe day as an all-day event with
its parties, basis and a reminder. Dates are calendar days in California. Reads only
Decisions."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event

from apportion.report import format as fmt

if TYPE_CHECKING:  # presenters read a Decision's shape; they never build one
    from apportion.model.decision import Claim, Decision

CSV_COLUMNS = (
    "matter",
    "claim",
    "claimant",
    "respondent",
    "file_by",
    "days_left",
    "barred_since",
    "basis",
    "views",
    "moved_by",
    "no_safe_day_because",
)


def entries(decisions: Sequence[tuple[str, Decision]]) -> list[tuple[str, Decision, Claim]]:
    """Every claim with a deadline due, by (matter name, decision, claim)."""
    return [(n, d, c) for n, d in decisions for c in d.claims if c.deadline is not None]


def render_ics(decisions: Sequence[tuple[str, Decision]], reminder_days: int = 14) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//apportion//filing deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Filing deadlines (calendar days in California)")
    for name, decision, claim in entries(decisions):
        d = claim.deadline
        assert d is not None
        if d.file_by is None:
            continue  # no safe day: the CSV says why
        event = Event()
        key = f"{decision.input_digest}/{claim.index}/{name}".encode()
        event.add("uid", hashlib.sha256(key).hexdigest()[:32] + "@apportion")
        stamp = dt.datetime.combine(decision.as_of, dt.time(), tzinfo=dt.UTC)
        event.add("dtstamp", stamp)
        event.add("dtstart", d.file_by)
        event.add("dtend", d.file_by + dt.timedelta(days=1))
        event.add("summary", f"File by: {claim.title}")
        event.add("description", _description(name, claim))
        event.add("categories", ["filing deadline"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{reminder_days} days to file: {claim.title}")
        alarm.add("trigger", dt.timedelta(days=-reminder_days))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def _description(name: str, claim: Claim) -> str:
    d = claim.deadline
    assert d is not None
    lines = [
        f"Matter: {name}",
        f"Claimant: {claim.claimant.name}; respondent: {claim.respondent.name}",
        f"File by {fmt.file_by(d)}",
        f"Basis: {fmt.deadline_basis(d)}",
        *(f"- {line}" for line in fmt.deadline_views(d)),
    ]
    moved = fmt.deadline_moved_by(d)
    if moved:
        lines.append(moved[:1].upper() + moved[1:] + ".")
    return "\n".join(lines)


def render_csv(decisions: Sequence[tuple[str, Decision]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name, _, claim in entries(decisions):
        d = claim.deadline
        assert d is not None
        writer.writerow(
            [
                name,
                claim.title,
                claim.claimant.name,
                claim.respondent.name,
                d.file_by.isoformat() if d.file_by else "",
                "" if d.days_left is None else d.days_left,
                d.barred_since.isoformat() if d.barred_since else "",
                fmt.deadline_basis(d),
                "; ".join(fmt.deadline_views(d)),
                " ".join(f.id for f in d.moved_by),
                d.why_open,
            ]
        )
    return out.getvalue()
