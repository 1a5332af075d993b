"""Kleene three-valued logic: `&`, `|` and `~` over {True, False, unknown}.

The expected tables are written out by hand (not computed by the engine), and
checked both in the compiled polars plan and in the row interpreter.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import polars as pl
import pytest

from apportion.engine import AS_OF, Const, Fact, Kind, Rule, Rulebook
from apportion.engine.expr import if_, least

T, F, U = True, False, None
VALUES = (T, F, U)
DAY = dt.date(2024, 1, 1)

# Kleene's strong three-valued logic, written out in full.
# fmt: off
AND = {
    (T, T): T, (T, F): F, (T, U): U,
    (F, T): F, (F, F): F, (F, U): F,
    (U, T): U, (U, F): F, (U, U): U,
}
OR = {
    (T, T): T, (T, F): T, (T, U): T,
    (F, T): T, (F, F): F, (F, U): U,
    (U, T): T, (U, F): U, (U, U): U,
}
# fmt: on
NOT = {T: F, F: T, U: U}

p = Fact("p", Kind.BOOL, "Is p so?")
q = Fact("q", Kind.BOOL, "Is q so?")

RULES = [
    Rule("p_and_q", "p and q", p & q),
    Rule("p_or_q", "p or q", p | q),
    Rule("not_p", "not p", ~p),
    Rule("not_p_and_q", "not (p and q)", ~(p & q)),
    Rule("not_p_or_not_q", "not p or not q", ~p | ~q),
    Rule("p_and_true", "p and true", p & True),
    Rule("false_or_p", "false or p", False | p),
    Rule("true_and_p", "true and p", True & p),
]
BOOK = Rulebook("logic", "1", [p, q], RULES)
PAIRS = list(itertools.product(VALUES, VALUES))


def expected(a: Any, b: Any) -> dict[str, Any]:
    return {
        "p_and_q": AND[a, b],
        "p_or_q": OR[a, b],
        "not_p": NOT[a],
        # De Morgan holds in Kleene logic.
        "not_p_and_q": NOT[AND[a, b]],
        "not_p_or_not_q": OR[NOT[a], NOT[b]],
        "p_and_true": AND[a, T],
        "false_or_p": OR[F, a],
        "true_and_p": AND[T, a],
    }


def test_truth_tables_are_kleene_in_the_compiled_plan() -> None:
    frame = pl.DataFrame(
        {AS_OF: [DAY] * len(PAIRS), "p": [a for a, _ in PAIRS], "q": [b for _, b in PAIRS]},
        schema={AS_OF: pl.Date, "p": pl.Boolean, "q": pl.Boolean},
    )
    out = BOOK.evaluate(frame)
    for i, (a, b) in enumerate(PAIRS):
        row = out.row(i, named=True)
        for rule_id, want in expected(a, b).items():
            assert row[rule_id] is want, (rule_id, a, b, row[rule_id])
    for rule in RULES:
        assert out.schema[rule.id] == pl.Boolean


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_truth_tables_are_kleene_in_the_interpreter(a: Any, b: Any) -> None:
    row = BOOK.interpret({AS_OF: DAY, "p": a, "q": b})
    for rule_id, want in expected(a, b).items():
        assert row[rule_id] is want, (rule_id, a, b, row[rule_id])


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_one_row_frame_with_unknown_facts(a: Any, b: Any) -> None:
    """A single matter with an unknown fact: polars infers a Null column, not Boolean."""
    frame = pl.DataFrame({AS_OF: [DAY], "p": [a], "q": [b]})
    row = BOOK.evaluate(frame).row(0, named=True)
    for rule_id, want in expected(a, b).items():
        assert row[rule_id] is want, (rule_id, a, b)


def test_operators_flatten_and_refuse_python_truthiness() -> None:
    r = Fact("r", Kind.BOOL, "Is r so?")
    both = p & q & r
    assert [ref.id for ref in both.refs()] == ["p", "q", "r"]
    assert both.words() == "p and q and r"
    assert (p | (q & r)).words() == "p or (q and r)"
    with pytest.raises(TypeError, match="no truth value"):
        bool(p & q)
    with pytest.raises(TypeError):
        _ = p and q


def test_isin_and_known_are_three_valued() -> None:
    kind = Fact("kind", Kind.ENUM, "Which kind?", values=["a", "b", "c"])
    book = Rulebook(
        "isin",
        "1",
        [kind],
        [
            Rule("in_ab", "kind is a or b", kind.isin(["a", "b"])),
            Rule("in_none", "kind is one of nothing", kind.isin([])),
            Rule("kind_known", "kind is known", kind.known()),
        ],
    )
    frame = pl.DataFrame(
        {AS_OF: [DAY] * 4, "kind": ["a", "c", None, "b"]},
        schema={AS_OF: pl.Date, "kind": pl.String},
    )
    out = book.evaluate(frame)
    assert out["in_ab"].to_list() == [True, False, None, True]
    assert out["in_none"].to_list() == [False, False, False, False]
    assert out["kind_known"].to_list() == [True, True, False, True]
    for i, value in enumerate(["a", "c", None, "b"]):
        row = book.interpret({AS_OF: DAY, "kind": value})
        assert row["in_ab"] is out["in_ab"][i]
        assert row["in_none"] is False
        assert row["kind_known"] is (value is not None)


def test_small_all_unknown_frame_broadcasts_constants() -> None:
    """Regression: polars' in-memory engine gave one row for `lit != coalesce(null, lit)`."""
    e = Fact("e", Kind.ENUM, "E?", values=("a", "b"))
    rule = Rule("r", "r", Const("a").ne(e.otherwise("a")))
    book = Rulebook("t", "1", [e], [rule])
    frame = pl.DataFrame({"as_of": [None, None], "e": [None, None]})
    assert book.evaluate(frame)["r"].to_list() == [False, False]


def test_what_may_be_unknown_is_known_statically() -> None:
    # The compiled plan drops null tests where this says False: it must never be wrong.
    x = Fact("x", Kind.BOOL, "x?")
    n = Fact("n", Kind.MONEY, "n?")
    assert x.may_be_unknown() and n.may_be_unknown()
    assert Const(None, Kind.BOOL).may_be_unknown() and not Const(True).may_be_unknown()
    assert not x.known().may_be_unknown()
    assert not x.otherwise(False).may_be_unknown()
    assert (~x.otherwise(False) & n.known()).may_be_unknown() is False
    assert if_(x.otherwise(False), 1, 2).may_be_unknown() is False
    assert if_(x.otherwise(False), n, 2).may_be_unknown() is True
    assert least(Const(1), Const(2)).may_be_unknown() is False
    assert least(Const(1), n).may_be_unknown() is True
    assert n.otherwise(Const(None, Kind.MONEY)).may_be_unknown() is True
    book = Rulebook("k", "1", [x, n], [Rule("r", "r", if_(x.otherwise(False), n, 0))])
    frame = pl.DataFrame(
        {AS_OF: [dt.date(2020, 1, 1)] * 3, "x": [True, None, False], "n": [5, 6, None]}
    )
    assert book.evaluate(frame)["r"].to_list() == [5, 0, 0]
