"""The Musser example with facts changed, for explanation, interview and what-if tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from apportion.io.load import parse_matter
from apportion.model.matter import Matter

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
DOCUMENT: dict[str, Any] = yaml.safe_load(MUSSER.read_text())


def musser(drop: tuple[str, ...] = (), **facts: Any) -> Matter:
    """Musser, with ``facts`` answered and the answers named in ``drop`` removed."""
    doc = copy.deepcopy(DOCUMENT)
    for name in drop:
        doc["facts"].pop(name, None)
    doc["facts"].update(facts)
    return parse_matter(doc, "musser (test)")
