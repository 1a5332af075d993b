"""A portfolio row as a matter: the row's claim and every one of its facts, so that the
matter's decision (its reasons, arithmetic and open questions) explains that row.

The row's facts are given as the claim's answers (``candidates[0].facts``), an unknown
fact as null, in the matter's notation (dollars, percentages, ISO dates): nothing is
taken from a record, so the matter's facts are the row's. The parties are named by the
row's key columns; their ids are fixed (``claimant``, ``respondent``, the insurers by
layer), since a key need not be a valid party id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from apportion.engine import AS_OF, Kind, Rulebook
from apportion.model.matter import Matter

LAYERS = ("primary", "excess")


def row_matter(rulebook: Rulebook, row: Mapping[str, Any], title: str) -> Matter:
    """The matter of one typed portfolio row (fact ids as keys, money in cents, shares
    in basis points, as the portfolio reader gives them)."""
    return Matter.model_validate(row_document(rulebook, row, title))


def row_document(rulebook: Rulebook, row: Mapping[str, Any], title: str) -> dict[str, Any]:
    """The matter file of one typed portfolio row, as plain data (YAML- and JSON-ready)."""
    theory = row.get("theory") or "equitable_indemnity"
    parties = [
        {"id": "claimant", "name": _name(row, "claimant", "the claimant"), "kind": "attorney"},
        {
            "id": "respondent",
            "name": _name(row, "respondent", "the respondent"),
            "kind": "attorney",
        },
    ]
    policies = []
    for layer in LAYERS:
        insurer = row.get(f"{layer}_insurer")
        if insurer:
            parties.append({"id": f"{layer}_insurer", "name": str(insurer), "kind": "insurer"})
            policies.append(
                {
                    "id": f"{layer}_policy",
                    "insurer": f"{layer}_insurer",
                    "insured": "claimant",
                    "layer": layer,
                }
            )
    facts = {
        name: _notation(rulebook.facts[name].kind, row.get(name))
        for name in rulebook.input_schema()
        if name != AS_OF and name in rulebook.facts
    }
    return {
        "title": title,
        "as_of": row[AS_OF].isoformat() if row.get(AS_OF) else None,
        "parties": parties,
        "policies": policies,
        "candidates": [
            {"claimant": "claimant", "respondent": "respondent", "theory": theory, "facts": facts}
        ],
    }


def _name(row: Mapping[str, Any], key: str, default: str) -> str:
    value = row.get(key)
    return str(value) if value not in (None, "") else default


def _notation(kind: Kind, value: Any) -> Any:
    """A fact value as a matter file writes it."""
    if value is None:
        return None
    if kind is Kind.MONEY:
        return f"{value // 100}.{value % 100:02d}"
    if kind is Kind.SHARE:
        return f"{Decimal(value) / 100}%"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
