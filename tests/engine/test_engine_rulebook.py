"""Rulebook structure: malformed graphs are refused clearly; the digest fingerprints meaning."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from apportion.engine import (
    AS_OF,
    Citation,
    Fact,
    Kind,
    Ref,
    Rule,
    Rulebook,
    RulebookError,
    unless,
)

x = Fact("x", Kind.BOOL, "x?")
y = Fact("y", Kind.BOOL, "y?")
m = Fact("m", Kind.MONEY, "m?")
n = Fact("n", Kind.MONEY, "n?")
k = Fact("k", Kind.MONEY, "k?")


def test_a_cycle_is_refused_with_its_path() -> None:
    # Forward references to rules are plain Refs by id.
    a = Rule("a", "a", x & Ref("c", Kind.BOOL, "c"))
    b = Rule("b", "b", a | y)
    c = Rule("c", "c", ~b)
    with pytest.raises(
        RulebookError, match=r"rule cycle: a -> c -> b -> a \(each reads the next\)"
    ):
        Rulebook("cyclic", "1", [x, y], [a, b, c])


def test_a_cycle_names_only_the_rules_on_it() -> None:
    a = Rule("a", "a", Ref("b", Kind.BOOL, "b"))
    b = Rule("b", "b", ~Ref("a", Kind.BOOL, "a"))
    entry = Rule("entry", "entry", a & x)
    with pytest.raises(RulebookError, match=r"rule cycle: a -> b -> a \(each"):
        Rulebook("cyclic", "1", [x], [entry, a, b])


def test_a_rule_reading_itself_is_a_cycle() -> None:
    selfish = Rule(
        "s", "s", x, exceptions=[unless("e", Ref("s", Kind.BOOL, "s"), then=False, words="e")]
    )
    with pytest.raises(RulebookError, match=r"rule cycle: s -> s"):
        Rulebook("cyclic", "1", [x], [selfish])


def test_a_forward_reference_by_id_resolves() -> None:
    later = Ref("later", Kind.BOOL, "the later rule")
    first = Rule("first", "first", ~later)
    second = Rule("later", "later", x)
    book = Rulebook("forward", "1", [x], [first, second])
    assert list(book.rules) == ["later", "first"]
    assert book.interpret({AS_OF: dt.date(2020, 1, 1), "x": True})["first"] is False
    out = book.evaluate(pl.DataFrame({AS_OF: [dt.date(2020, 1, 1)], "x": [False]}))
    assert out["first"].to_list() == [True]


def test_a_reference_of_the_wrong_kind_is_refused() -> None:
    wrong = Rule("w", "w", Ref("x", Kind.MONEY, "x") + 1, kind=Kind.MONEY)
    with pytest.raises(RulebookError, match=r"'w' reads 'x' as money, but it is bool"):
        Rulebook("kinds", "1", [x], [wrong])


def test_an_enum_compared_with_a_value_it_cannot_take_is_refused() -> None:
    role = Fact("role", Kind.ENUM, "role?", values=("lead", "associated"))
    misspelt = Rule("r", "r", x & role.eq("lead") | role.isin(["associated", "leed"]))
    with pytest.raises(
        RulebookError, match=r"rule 'r' compares 'role' with 'leed', which is not one of its"
    ):
        Rulebook("enums", "1", [x, role], [misspelt])
    Rulebook("enums", "1", [x, role], [Rule("r", "r", role.ne("lead") | x)])


def test_an_undeclared_fact_is_refused() -> None:
    rule = Rule("r", "r", x & y)
    with pytest.raises(RulebookError, match=r"rule 'r' reads 'y', which is not declared"):
        Rulebook("undeclared", "1", [x], [rule])


def test_a_stale_copy_of_a_rule_is_refused() -> None:
    old = Rule("a", "a", x)
    new = Rule("a", "a", y)
    reader = Rule("r", "r", ~old)
    with pytest.raises(RulebookError, match="stale copy of 'a'"):
        Rulebook("stale", "1", [x, y], [new, reader])


@pytest.mark.parametrize(
    ("facts", "rules", "message"),
    [
        ([x, Fact("x", Kind.BOOL, "again?")], [], "fact 'x' declared twice"),
        ([x], [Rule("r", "r", x), Rule("r", "r again", ~x)], "rule 'r' declared twice"),
        ([x], [Rule("x", "x", True)], "rule 'x' declared twice"),
        ([Fact(AS_OF, Kind.DATE, "as of?")], [], "'as_of' is reserved"),
    ],
)
def test_a_name_used_twice_is_refused(facts: list[Fact], rules: list[Rule], message: str) -> None:
    with pytest.raises(RulebookError, match=message):
        Rulebook("dupes", "1", facts, rules)


def test_asking_for_an_unknown_goal_is_refused() -> None:
    book = Rulebook("b", "1", [x], [Rule("r", "r", x)])
    with pytest.raises(RulebookError, match="no rule or fact named 'nope'"):
        book.cone(["nope"])


def test_cone_and_input_schema_follow_the_goals() -> None:
    r1 = Rule("r1", "r1", x)
    r2 = Rule("r2", "r2", m + 1, kind=Kind.MONEY)
    r3 = Rule("r3", "r3", r1 & (r2 > 0))
    book = Rulebook("b", "1", [x, y, m], [r1, r2, r3])
    rules, facts = book.cone(["r3"])
    assert [r.id for r in rules] == ["r1", "r2", "r3"]
    assert [f.id for f in facts] == ["x", "m"]
    assert book.input_schema(["r2"]) == {AS_OF: pl.Date(), "m": pl.Int64()}
    assert set(book.input_schema()) == {AS_OF, "x", "y", "m"}
    out = book.evaluate(pl.DataFrame({"x": [True], "m": [0]}), goals=["r1"])
    assert "r1" in out.columns and "r3" not in out.columns


def build(
    default_money: int = 0,
    until: dt.date | None = dt.date(2020, 1, 1),
    pinpoint: str = "p. 3",
    expr: str = "m - (n - k)",
    reads: Fact = x,
) -> Rulebook:
    """A fresh rulebook, built from scratch each call."""
    amounts = {"m - (n - k)": m - (n - k), "(m - n) - k": (m - n) - k}[expr]
    rules = [
        Rule("r1", "r1", amounts, kind=Kind.MONEY),
        Rule(
            "r2",
            "r2",
            default_money,
            kind=Kind.MONEY,
            cites=[Citation("A v. B (2001) 1 Cal.4th 1", pinpoint)],
            exceptions=[unless("e", reads, then=5, words="e", valid_until=until)],
        ),
    ]
    return Rulebook("digest", "1", [x, y, m, n, k], rules)


def test_digest_is_stable_for_the_same_rules() -> None:
    assert build().digest() == build().digest()
    assert len(build().digest()) == 16


@pytest.mark.parametrize(
    "changed",
    [
        {"default_money": 1},
        {"until": dt.date(2021, 1, 1)},
        {"until": None},
        {"pinpoint": "p. 4"},
        {"expr": "(m - n) - k"},
        # Same words, a different fact: the meaning changed.
        {"reads": Fact("y", Kind.BOOL, "y?", label="x")},
    ],
)
def test_digest_changes_when_a_rule_changes(changed: dict[str, object]) -> None:
    assert build(**changed).digest() != build().digest()  # type: ignore[arg-type]
