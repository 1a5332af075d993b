"""Shared helpers: the Musser matter, varied by facts, assessed end to end."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from apportion.decide.assessment import Assessment, assess
from apportion.model.matter import Matter

ROOT = Path(__file__).resolve().parents[2]
MUSSER_FILE = ROOT / "examples" / "musser-v-provencher.yaml"
MUSSER: dict[str, Any] = yaml.safe_load(MUSSER_FILE.read_text())

D = 100  # cents per dollar


def musser(facts: dict[str, Any] | None = None, **changes: Any) -> Assessment:
    """The Musser matter with more facts answered (``facts``) or record lists replaced."""
    data = copy.deepcopy(MUSSER)
    data["facts"].update(facts or {})
    data.update(changes)
    return assess(Matter.model_validate(data))


def only(a: Assessment) -> dict[str, Any]:
    (claim,) = a.claims
    return a.rulebook.interpret(claim.row.facts)
