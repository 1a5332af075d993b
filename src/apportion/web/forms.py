"""The new-matter form: the matter's record as rows of fields, and back.

Each field's name is the matter's own field path (``parties.0.name``), so a refusal from
the matter's reader (the same one the CLI uses, naming the field path) lands beside the
field it is about. A row left blank is no row. Lists are typed comma-separated; a claim's
defendants as ``party`` or ``party:vicarious``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apportion.model.matter import ClaimKind, LiabilityBasis, PartyKind, PaymentKind, Role


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"
    """text · choice · date · money · bool · list · defendants"""
    choices: tuple[str, ...] = ()
    hint: str = ""
    required: bool = True


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    columns: tuple[Column, ...]
    rows: int = 2
    help: str = ""


def _values(enum: Any) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


PARTY_ID = "a short id: a letter, then letters, digits, _ . -"
SECTIONS: tuple[Section, ...] = (
    Section(
        "parties",
        "Parties",
        (
            Column("id", "Id", hint=PARTY_ID),
            Column("name", "Name"),
            Column("kind", "Kind", "choice", _values(PartyKind)),
        ),
        rows=4,
        help="Everyone in the matter: the client, each lawyer, each insurer.",
    ),
    Section(
        "representations",
        "Representations",
        (
            Column("attorney", "Attorney", hint="party id"),
            Column("client", "Client", hint="party id"),
            Column("subject", "Subject"),
            Column("role", "Role", "choice", _values(Role)),
            Column("retained_by", "Retained by", hint="party id", required=False),
            Column("from", "From", "date"),
            Column("to", "To", "date", required=False),
        ),
        help="Who acted for whom, in what, and when.",
    ),
    Section(
        "policies",
        "Policies",
        (
            Column("id", "Id", hint=PARTY_ID),
            Column("insurer", "Insurer", hint="party id"),
            Column("insured", "Insured", hint="party id"),
            Column("layer", "Layer", "choice", ("primary", "excess")),
            Column("deductible", "Deductible", "money", required=False),
        ),
        rows=1,
    ),
    Section(
        "claims",
        "Claims against the lawyers",
        (
            Column("id", "Id", hint=PARTY_ID),
            Column("claimant", "Claimant", hint="party id"),
            Column("kind", "Kind", "choice", _values(ClaimKind)),
            Column("subject", "Subject"),
            Column(
                "defendants",
                "Defendants",
                "defendants",
                hint=f"party ids, comma-separated; party:{LiabilityBasis.vicarious.value}",
            ),
        ),
        rows=1,
    ),
    Section(
        "settlements",
        "Settlements",
        (
            Column("claim", "Claim", hint="claim id"),
            Column("settling", "Settling", "list", hint="party ids, comma-separated"),
            Column("amount", "Amount", "money"),
            Column("date", "Date", "date"),
            Column("good_faith_determination", "Good-faith determination", "bool"),
        ),
        rows=1,
    ),
    Section(
        "payments",
        "Payments",
        (
            Column("payer", "Payer", hint="party id"),
            Column("on_behalf_of", "On behalf of", hint="party id"),
            Column("claim", "Claim", hint="claim id"),
            Column("kind", "Kind", "choice", _values(PaymentKind)),
            Column("amount", "Amount", "money"),
            Column("date", "Date", "date"),
        ),
        rows=2,
    ),
)
BY_KEY = {s.key: s for s in SECTIONS}
MAX_ROWS = 50


@dataclass
class MatterForm:
    """What was typed, by field name, and how many rows each section shows."""

    values: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> MatterForm:
        form = cls({k: v for k, v in fields.items() if _known(k)})
        for section in SECTIONS:
            shown = _int(fields.get(f"rows.{section.key}"), section.rows)
            used = [
                int(k.split(".")[1]) + 1 for k in form.values if k.startswith(section.key + ".")
            ]
            form.rows[section.key] = min(MAX_ROWS, max([shown, section.rows, *used]))
        return form

    def row_count(self, section: Section) -> int:
        return self.rows.get(section.key, section.rows)

    def add_row(self, key: str) -> None:
        if key in BY_KEY:
            self.rows[key] = min(MAX_ROWS, self.row_count(BY_KEY[key]) + 1)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def document(self) -> dict[str, Any]:
        """The matter document the form describes, blank rows left out (call it on the
        :meth:`compact` form, so that the field paths of a refusal are the form's)."""
        doc: dict[str, Any] = {"format": 1, "title": self.get("title").strip()}
        if self.get("as_of").strip():
            doc["as_of"] = self.get("as_of").strip()
        for section in SECTIONS:
            rows = []
            for i in range(self.row_count(section)):
                typed = {
                    c.key: self.get(f"{section.key}.{i}.{c.key}").strip() for c in section.columns
                }
                if not any(v for k, v in typed.items() if _kind(section, k) != "bool"):
                    continue
                row: dict[str, Any] = {}
                for column in section.columns:
                    text = typed[column.key]
                    if column.kind == "bool":
                        row[column.key] = text in ("on", "yes", "true", "1")
                    elif not text:
                        continue  # left out: the reader names a missing required field
                    elif column.kind == "list":
                        row[column.key] = _split(text)
                    elif column.kind == "defendants":
                        row[column.key] = [_defendant(item) for item in _split(text)]
                    else:
                        row[column.key] = text
                rows.append(row)
            doc[section.key] = rows
        return doc

    def compact(self) -> MatterForm:
        """The same form with blank rows removed, so field paths match the document's."""
        values = {"title": self.get("title"), "as_of": self.get("as_of")}
        rows: dict[str, int] = {}
        for section in SECTIONS:
            kept = 0
            for i in range(self.row_count(section)):
                typed = {c.key: self.get(f"{section.key}.{i}.{c.key}") for c in section.columns}
                if not any(v.strip() for k, v in typed.items() if _kind(section, k) != "bool"):
                    continue
                for key, text in typed.items():
                    values[f"{section.key}.{kept}.{key}"] = text
                kept += 1
            rows[section.key] = max(section.rows, kept + (1 if kept else 0))
        return MatterForm(values, rows)


def errors_by_field(problems: list[tuple[str, str]]) -> tuple[dict[str, list[str]], list[str]]:
    """Each problem beside the form field its path names (the longest that is a prefix of
    it); the rest for the top of the page."""
    names = {"title", "as_of"} | {
        f"{s.key}.{i}.{c.key}" for s in SECTIONS for i in range(MAX_ROWS) for c in s.columns
    }
    placed: dict[str, list[str]] = {}
    loose: list[str] = []
    for path, reason in problems:
        # A model-level check names its field inside the reason ("parties: id 'x' is used twice").
        where, reason = _split_reason(path, reason)
        target = where
        while target and target not in names:
            target = target.rpartition(".")[0]
        if target:
            placed.setdefault(target, []).append(
                reason if target == where else f"{where}: {reason}"
            )
        else:
            loose.append(f"{where}: {reason}")
    return placed, loose


def _split_reason(path: str, reason: str) -> tuple[str, str]:
    head, sep, rest = reason.partition(": ")
    if path == "(root)" and sep and " " not in head:
        return head, rest
    return path, reason


def _known(name: str) -> bool:
    if name in ("title", "as_of"):
        return True
    parts = name.split(".")
    return (
        len(parts) == 3
        and parts[0] in BY_KEY
        and parts[1].isdigit()
        and int(parts[1]) < MAX_ROWS
        and any(c.key == parts[2] for c in BY_KEY[parts[0]].columns)
    )


def _kind(section: Section, key: str) -> str:
    return next(c.kind for c in section.columns if c.key == key)


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() else default


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _defendant(item: str) -> dict[str, str]:
    party, _, basis = item.partition(":")
    return {"party": party.strip(), "basis": basis.strip() or LiabilityBasis.own_fault.value}
