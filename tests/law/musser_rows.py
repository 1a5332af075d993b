"""Shared by the doctrine tests: the Musser example's candidate claim as a row of facts,
and deciding it on both the compiled plan and the row interpreter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from apportion.decide.assessment import facts_frame
from apportion.io.flatten import flatten
from apportion.io.load import load_matter
from apportion.law.california import RULEBOOK

MUSSER = Path(__file__).resolve().parents[2] / "examples" / "musser-v-provencher.yaml"


def musser_facts(as_of: dt.date, **changes: Any) -> dict[str, Any]:
    """The Musser claim's facts with the law as of ``as_of``, with ``changes`` applied."""
    (row,) = flatten(load_matter(MUSSER), RULEBOOK, as_of)
    return {**row.facts, **changes}


def decide(facts: dict[str, Any], checked: Iterable[str]) -> dict[str, Any]:
    """The interpreter's values, after checking the compiled plan and the generated row
    path agree on ``checked``."""
    compiled = RULEBOOK.evaluate(facts_frame(RULEBOOK, [facts])).row(0, named=True)
    interpreted = RULEBOOK.interpret(facts)
    generated = RULEBOOK.run(facts)
    for name in checked:
        assert compiled[name] == interpreted[name] == generated[name], name
    return interpreted
