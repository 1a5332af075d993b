"""Replay a stored assessment: recompute it from the input as received, on the same
as-of date, and say whether the decision is identical and what changed in the rulebook."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from apportion.model.decision import Decision
from apportion.service import archive
from apportion.service.db import Assessment, Rulebook

MAX_DIFFERENCES = 50


def differences(old: Any, new: Any, path: str = "", found: list[str] | None = None) -> list[str]:
    """The paths where two JSON documents differ (at most ``MAX_DIFFERENCES``)."""
    found = [] if found is None else found
    if len(found) >= MAX_DIFFERENCES:
        return found
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            where = f"{path}.{key}" if path else str(key)
            if key not in old or key not in new:
                found.append(where)
            else:
                differences(old[key], new[key], where, found)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            differences(a, b, f"{path}.{i}" if path else str(i), found)
    elif old != new:
        found.append(path or "(root)")
    return found[:MAX_DIFFERENCES]


def rules_changed(stored: dict[str, Any], current: dict[str, Any]) -> dict[str, list[str]]:
    before = {r["id"]: r for r in stored.get("rules", [])}
    after = {r["id"]: r for r in current.get("rules", [])}
    return {
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "changed": sorted(k for k in set(before) & set(after) if before[k] != after[k]),
    }


def replay(session: Session, row: Assessment) -> dict[str, Any]:
    decision = archive.decide_body(row.body, row.content_type, row.as_of_requested)
    text = decision.model_dump_json()
    stored = json.loads(row.decision)
    new = json.loads(text)
    ref = decision.rulebook
    changed = ref.digest != row.rulebook_digest
    rules = None
    if changed:
        old_book = session.get(Rulebook, row.rulebook_digest)
        new_book = session.get(Rulebook, ref.digest)
        if old_book is not None and new_book is not None:
            rules = rules_changed(json.loads(old_book.rules), json.loads(new_book.rules))
    return {
        "id": row.id,
        "identical": text == row.decision,
        "differences": differences(stored, new),
        "stored_rulebook": {
            "name": row.rulebook_name,
            "version": row.rulebook_version,
            "digest": row.rulebook_digest,
        },
        "current_rulebook": ref.model_dump(),
        "rulebook_changed": changed,
        "rules": rules,
        "decision": Decision.model_validate(new),
    }
