"""The Musser example with facts changed, for explanation, interview and what-if tests."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

from apportion.decide.assessment import QUESTION_GOALS
from apportion.decide.interview import parse_answer
from apportion.engine import Fact, Kind
from apportion.engine.relevance import askable
from apportion.io.load import parse_matter
from apportion.law.california import RULEBOOK
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


def some_answer(fact: Fact, rng: random.Random) -> str:
    if fact.kind is Kind.BOOL:
        return rng.choice(["yes", "no"])
    if fact.kind is Kind.ENUM:
        return rng.choice(fact.values)
    if fact.kind is Kind.SHARE:
        return str(rng.choice([0, 10, 50, 100]))
    if fact.kind is Kind.MONEY:
        return str(rng.choice([0, 1000, 250000]))
    if fact.kind is Kind.DATE:
        return rng.choice(["1996-01-01", "1998-06-01", "2003-01-01", "2012-01-01"])
    return str(rng.randint(0, 5))


def generated_matter(rng: random.Random) -> dict[str, Any]:
    """Musser with a random handful of facts unknown and a few others answered."""
    doc = copy.deepcopy(DOCUMENT)
    facts = [f for f in askable(RULEBOOK, QUESTION_GOALS) if f.id != "theory"]
    for fact in rng.sample(facts, 8):
        doc["facts"][fact.id] = None
    for fact in rng.sample(facts, 3):
        doc["facts"][fact.id] = parse_answer(fact, some_answer(fact, rng))
    return doc
