"""The generated row path agrees with the compiled plan on random California rows.

Each example perturbs a candidate claim of the Musser matter: some facts take another
value (one of the points the rules compare it with, or a representative value, see
:func:`apportion.engine.relevance.candidate_values`), some become unknown. The rows of one
example are decided together by the plan and one by one by ``Rulebook.run``; every rule's
value must agree, and a clash of exceptions must be found by both. Seeded, a fixed budget.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from musser_rows import musser_facts

from apportion.decide.assessment import facts_frame
from apportion.engine import AS_OF, RuleConflict
from apportion.engine.relevance import candidate_values
from apportion.law.california import RULEBOOK

BASES = [musser_facts(dt.date(2024, 6, 1)), musser_facts(dt.date(1999, 1, 1))]
VALUES: dict[str, list[Any]] = {
    f.id: candidate_values(RULEBOOK, f)[0] for f in RULEBOOK.facts.values()
}


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    row = dict(draw(st.sampled_from(BASES)))
    changed = draw(st.lists(st.sampled_from(sorted(VALUES)), max_size=12, unique=True))
    for fact_id in changed:
        row[fact_id] = draw(st.one_of(st.none(), st.sampled_from(VALUES[fact_id])))
    if draw(st.integers(0, 9)) == 0:
        row[AS_OF] = None
    return row


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(rows(), min_size=1, max_size=8))
def test_generated_row_path_agrees_with_the_plan(batch: list[dict[str, Any]]) -> None:
    generated: list[dict[str, Any] | None] = []
    for row in batch:
        try:
            generated.append(RULEBOOK.run(row))
        except RuleConflict:
            generated.append(None)
    try:
        planned = RULEBOOK.evaluate(facts_frame(RULEBOOK, batch)).to_dicts()
    except RuleConflict as clash:
        assert clash.row is not None and generated[clash.row] is None
        with pytest.raises(RuleConflict):
            RULEBOOK.interpret(batch[clash.row])
        return
    for i, (want, got) in enumerate(zip(planned, generated, strict=True)):
        assert got is not None, f"only the row path found a clash on row {i}"
        for rule_id in RULEBOOK.rules:
            assert want[rule_id] == got[rule_id], (i, rule_id, want[rule_id], got[rule_id])
