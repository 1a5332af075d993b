"""Relevance and counterfactuals give the same answers on the row path (each candidate
recomputing only the rules it moves, by generated code) as on one compiled plan.

Random rulebooks and rows (seeded, a fixed budget): ``questions`` with groups up to
three, and ``flips`` of the last rule with pairs, compared path against path.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_books import goals_of, rows, rulebooks

from apportion.engine import Rulebook, RuleConflict
from apportion.engine.counterfactual import flips
from apportion.engine.relevance import questions

BUDGET = settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def both(search: Any) -> tuple[Any, Any]:
    """The search on each path, or the clash each raises."""
    out = []
    for path in ("rows", "frame"):
        try:
            out.append(search(path))
        except RuleConflict as clash:
            out.append(("clash", clash.rule_id, clash.row))
    return out[0], out[1]


@BUDGET
@given(rulebooks(), st.lists(rows(), min_size=1, max_size=3), st.integers(1, 3))
def test_questions_agree_on_both_paths(
    book: Rulebook, batch: list[dict[str, Any]], together: int
) -> None:
    goals = goals_of(book)
    opens = {goals[0]: False}
    on_rows, on_frame = both(
        lambda path: questions(book, batch, goals, together, open_values=opens, path=path)
    )
    assert on_rows == on_frame


@BUDGET
@given(rulebooks(), st.lists(rows(), min_size=1, max_size=3), st.booleans())
def test_flips_agree_on_both_paths(
    book: Rulebook, batch: list[dict[str, Any]], opens: bool
) -> None:
    goal = goals_of(book)[-1]
    on_rows, on_frame = both(
        lambda path: flips(
            book, batch, goal, open_values=(False,) if opens else (), also=goals_of(book), path=path
        )
    )
    assert on_rows == on_frame


def test_an_unknown_path_is_refused() -> None:
    book = Rulebook("t", "1", [], [])
    with pytest.raises(ValueError, match="path"):
        questions(book, [], [], path="fast")
