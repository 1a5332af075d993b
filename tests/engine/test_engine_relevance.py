"""Relevance: the unknown facts whose answers could change a goal, and only those.

Brute force against the row interpreter on random rulebooks: every question returned
changes some goal for some answer (with its partner, if it only matters in a pair), every
unknown fact left out changes nothing alone, and answering the questions one by one
always ends with nothing left to ask and every goal that any answers could settle settled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_books import DAY, FACTS, VALUES, completions, goals_of, outcome, rows, rulebooks

from apportion.engine import AS_OF, Fact, Kind, Rule, Rulebook, RuleConflict, if_
from apportion.engine.relevance import Question, candidate_values, questions

a, b, c, d = FACTS[:4]


def frame_of(book: Rulebook, row: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame([row], schema=book.input_schema())


def asked(book: Rulebook, row: dict[str, Any], together: int = 2) -> list[Question]:
    return questions(book, frame_of(book, row), goals_of(book), together)


def changes_something(book: Rulebook, row: dict[str, Any], names: list[str]) -> bool:
    before = outcome(book, row)
    return any(
        (after := outcome(book, changed)) is not None and after != before
        for changed in completions(row, names)
    )


def test_a_conjunction_asks_for_its_unknown_operands_until_one_is_false() -> None:
    book = Rulebook("t", "1", FACTS, [Rule("g", "g", a & b)])
    row = {AS_OF: DAY, "a": None, "b": None, "c": None, "d": None, "e": None, "o": None}
    assert [q.fact.id for q in asked(book, row)] == ["a", "b"]
    assert all(q.decides == ("g",) and q.alone for q in asked(book, row))
    assert asked(book, row | {"a": False}) == []
    assert [q.fact.id for q in asked(book, row | {"a": True})] == ["b"]


def test_overrides_are_never_asked() -> None:
    book = Rulebook("t", "1", FACTS, [Rule("g", "g", FACTS[5].otherwise(False) | a)])
    row = {AS_OF: DAY, "a": None, "b": None, "c": None, "d": None, "e": None, "o": None}
    assert [q.fact.id for q in asked(book, row)] == ["a"]


def test_facts_that_matter_only_together_are_asked_as_a_pair() -> None:
    book = Rulebook("t", "1", FACTS, [Rule("g", "g", if_(a, b, c))])
    row = {AS_OF: DAY, "a": None, "b": None, "c": None, "d": None, "e": None, "o": None}
    found = {q.fact.id: q for q in asked(book, row)}
    assert set(found) == {"a", "b", "c"}
    assert found["a"].together_with == ("b", "c")
    assert found["b"].together_with == ("a",)
    assert [q.fact.id for q in asked(book, row | {"a": True})] == ["b"]


def test_numbers_and_dates_are_tried_at_the_points_they_are_compared_with() -> None:
    share = Fact("s", Kind.SHARE, "s?")
    when = Fact("w", Kind.DATE, "w?")
    other = Fact("v", Kind.DATE, "v?")
    book = Rulebook(
        "t",
        "1",
        [share, when, other],
        [Rule("g", "g", (share > 7_321) & (when < other))],
    )
    literals, _ = candidate_values(book, share)
    assert {7_320, 7_321, 7_322} <= set(literals)
    row = {AS_OF: DAY, "s": 7_400, "w": None, "v": dt.date(2001, 1, 1)}
    assert [(q.fact.id, q.decides) for q in asked(book, row)] == [("w", ("g",))]
    assert asked(book, row | {"s": 7_000}) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rulebooks(), rows())
def test_every_question_can_change_a_goal_and_no_other_fact_can(
    book: Rulebook, row: dict[str, Any]
) -> None:
    if outcome(book, row) is None:
        return
    found = asked(book, row)
    names = {q.fact.id for q in found}
    for q in found:
        assert row[q.fact.id] is None and q.fact.asked
        if q.alone:
            assert changes_something(book, row, [q.fact.id]), q
        else:
            pairs = [[q.fact.id, p] for p in q.together_with]
            assert any(changes_something(book, row, pair) for pair in pairs)
            assert not changes_something(book, row, [q.fact.id])
    for fact in FACTS:
        if row[fact.id] is None and fact.asked and fact.id not in names:
            assert not changes_something(book, row, [fact.id]), fact.id


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rulebooks(), rows(), st.randoms(use_true_random=False))
def test_answering_the_questions_reaches_a_determination(
    book: Rulebook, row: dict[str, Any], rng: Any
) -> None:
    if outcome(book, row) is None:
        return
    row = dict(row)
    # Groups as large as the askable facts: the search is then exhaustive.
    for _ in range(len(FACTS) + 1):
        found = asked(book, row, together=5)
        if not found:
            break
        fact = found[0].fact
        options = [v for v in VALUES[fact.id] if outcome(book, row | {fact.id: v}) is not None]
        if not options:
            return  # every answer makes two exceptions clash: nothing to determine
        row[fact.id] = rng.choice(options)
    assert asked(book, row, together=5) == []
    # Nothing left to ask: no way of answering the remaining askable facts changes a goal.
    rest = [f.id for f in FACTS if row[f.id] is None and f.asked]
    assert not changes_something(book, row, rest), (row, rest)
    try:
        done = book.interpret(row)
    except RuleConflict:
        return
    if not rest:
        # Generated rules yield no unknown of their own: every fact known, every goal known.
        assert all(done[g] is not None for g in goals_of(book))
