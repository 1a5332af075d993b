"""Rules printed in words: what a reader sees must have one meaning."""

from __future__ import annotations

from apportion.engine import Fact, Kind, MulDiv, greatest, if_, least

m = Fact("m", Kind.MONEY, "m?", label="the loss")
n = Fact("n", Kind.MONEY, "n?", label="the payment")
k = Fact("k", Kind.MONEY, "k?", label="the credit")
s = Fact("s", Kind.SHARE, "s?", label="the share")
p = Fact("p", Kind.BOOL, "p?", label="the lawyer settled")
q = Fact("q", Kind.BOOL, "q?", label="the client knew")


def test_grouped_arithmetic_keeps_its_grouping_in_words() -> None:
    assert (m - n - k).words() == "the loss minus the payment minus the credit"
    assert (m - (n - k)).words() == "the loss minus (the payment minus the credit)"
    assert (m + n * 2).words() == "the loss plus (the payment times 2)"
    assert (m * 2 + n).words() == "the loss times 2 plus the payment"
    assert ((m + n) * 2).words() == "(the loss plus the payment) times 2"
    assert MulDiv(m - n, s, 10_000).words() == "(the loss minus the payment) × the share ÷ 10000"


def test_logic_comparisons_and_choices_in_words() -> None:
    assert (p & ~q).words() == "the lawyer settled and not (the client knew)"
    assert (p | (q & p)).words() == "the lawyer settled or (the client knew and the lawyer settled)"
    assert (m >= n).words() == "the loss is at least the payment"
    assert m.known().words() == "the loss is known"
    assert m.otherwise(0).words() == "the loss (or, if unknown, 0)"
    assert least(m, n).words() == "the least of (the loss, the payment)"
    assert greatest(m, 0).words() == "the greatest of (the loss, 0)"
    assert if_(p, m, 0).words() == "if the lawyer settled then the loss else 0"
    assert m.isin([]).words() == "false"
