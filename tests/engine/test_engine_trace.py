"""Explanation traces: value, words, authorities, exceptions, facts, nested reasons."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from apportion.engine import AS_OF, Citation, Fact, Kind, Rule, Rulebook, Trace, unless

DAY = dt.date(2024, 6, 1)
MAIN = Citation("Main v. Rule (2002) 28 Cal.4th 274", "p. 281", "A short quote.")
EXC = Citation("Exc v. Ception (1999) 70 Cal.App.4th 1", "p. 9")
OTHER = Citation("Civ. Code, § 1432")

settled = Fact("settled", Kind.BOOL, "Did the lawyer settle?")
negligent = Fact("negligent", Kind.BOOL, "Was the lawyer negligent?")
caused = Fact("caused", Kind.BOOL, "Did the negligence cause the loss?")
paid = Fact("paid", Kind.MONEY, "How much was paid, in cents?")
decided_on = Fact("decided_on", Kind.DATE, "When was it decided?")

at_fault = Rule(
    "at_fault",
    "the lawyer is at fault",
    negligent & caused,
    words="A negligent lawyer whose negligence caused the loss is at fault.",
    cites=[OTHER],
)
liable = Rule(
    "liable",
    "the lawyer must share the loss",
    at_fault,
    words="A lawyer at fault shares the loss.",
    cites=[MAIN],
    exceptions=[
        unless(
            "settlement_bar",
            settled & at_fault,
            then=False,
            words="A lawyer who settled in good faith is barred.",
            cites=[EXC],
        ),
        unless("never", negligent & ~negligent, then=False, words="Never applies."),
    ],
)
share = Rule(
    "share",
    "the lawyer's share",
    paid.otherwise(0) * 1,
    kind=Kind.MONEY,
    words="The share is what was paid.",
)
owed = Rule(
    "owed",
    "what the lawyer owes",
    0,
    kind=Kind.MONEY,
    words="Nothing is owed unless the lawyer must share the loss.",
    exceptions=[unless("shares", liable & at_fault, then=share, words="A liable lawyer owes.")],
)
when = Rule("when", "the decision date", decided_on, kind=Kind.DATE)

BOOK = Rulebook(
    "trace",
    "1",
    [settled, negligent, caused, paid, decided_on],
    [at_fault, liable, share, owed, when],
)


def interpreted(**facts: Any) -> dict[str, Any]:
    row = {
        AS_OF: DAY,
        "settled": None,
        "negligent": None,
        "caused": None,
        "paid": None,
        "decided_on": None,
    } | facts
    return BOOK.interpret(row)


def test_trace_of_a_default_lists_facts_and_ruled_out_exceptions() -> None:
    row = interpreted(settled=False, negligent=True, caused=True)
    t = BOOK.trace(row, "liable")
    assert t.id == "liable" and t.value is True and t.kind is Kind.BOOL
    assert t.label == "the lawyer must share the loss"
    assert t.words == "A lawyer at fault shares the loss."
    assert t.applied is None and t.applied_words is None
    assert t.authorities == [MAIN]
    assert t.authorities[0].pinpoint == "p. 281"
    assert t.authorities[0].text() == "Main v. Rule (2002) 28 Cal.4th 274, p. 281"
    assert t.not_applied == [
        ("settlement_bar", "A lawyer who settled in good faith is barred."),
        ("never", "Never applies."),
    ]
    assert t.undecided == []
    # The default reads at_fault, a rule: it is explained beneath.
    assert [c.id for c in t.because] == ["at_fault"]
    fault = t.because[0]
    assert fault.value is True and fault.authorities == [OTHER]
    assert [(f.id, f.label, f.value) for f in fault.facts] == [
        ("negligent", "negligent", True),
        ("caused", "caused", True),
    ]


def test_trace_of_an_applied_exception_names_it_and_its_authority_first() -> None:
    row = interpreted(settled=True, negligent=True, caused=True)
    t = BOOK.trace(row, "liable")
    assert t.value is False
    assert t.applied == "settlement_bar"
    assert t.applied_words == "A lawyer who settled in good faith is barred."
    assert t.authorities == [EXC, MAIN]
    assert [f.id for f in t.facts] == ["settled"]
    assert [c.id for c in t.because] == ["at_fault"]


def test_trace_of_an_undecided_exception() -> None:
    row = interpreted(settled=None, negligent=True, caused=True)
    t = BOOK.trace(row, "liable")
    assert t.value is None
    assert t.undecided == ["settlement_bar"]
    assert [i for i, _ in t.not_applied] == ["never"]


def test_repeated_subtrees_are_marked_not_repeated_in_full() -> None:
    row = interpreted(settled=False, negligent=True, caused=True, paid=1234)
    t = BOOK.trace(row, "owed")
    assert t.value == 1234 and t.applied == "shares"
    ids = [node.id for node in t.walk()]
    # owed -> liable -> at_fault, then at_fault again (read by the exception): repeated.
    assert ids == ["owed", "liable", "at_fault", "at_fault", "share"]
    nodes = list(t.walk())
    assert [n.repeated for n in nodes] == [False, False, False, True, False]
    again = nodes[3]
    assert again.value is True and again.because == [] and again.facts == []
    assert [(f.id, f.value) for f in nodes[4].facts] == [("paid", 1234)]


def test_to_dict_is_json_serializable() -> None:
    row = interpreted(
        settled=False, negligent=True, caused=True, paid=1234, decided_on=dt.date(2001, 2, 3)
    )
    data = BOOK.trace(row, "owed").to_dict()
    text = json.dumps(data)
    back = json.loads(text)
    assert back["rule"] == "owed" and back["value"] == 1234
    assert back["exception_applied"] == "shares"
    liable_node = back["because"][0]
    assert liable_node["rule"] == "liable"
    assert liable_node["authorities"] == [
        {
            "cite": MAIN.cite,
            "pinpoint": "p. 281",
            "quote": "A short quote.",
            "dated": None,
            "retrospective": False,
        }
    ]
    assert liable_node["exceptions_ruled_out"] == ["settlement_bar", "never"]
    assert liable_node["because"][0]["facts"] == [
        {"fact": "negligent", "label": "negligent", "value": True},
        {"fact": "caused", "label": "caused", "value": True},
    ]
    assert back["because"][1] == {
        "rule": "at_fault",
        "label": "the lawyer is at fault",
        "value": True,
        "see_above": True,
    }
    dated = BOOK.trace(row, "when").to_dict()
    assert json.loads(json.dumps(dated))["value"] == "2001-02-03"
    assert dated["facts"] == [{"fact": "decided_on", "label": "decided on", "value": "2001-02-03"}]


def test_trace_agrees_with_the_compiled_value() -> None:
    import polars as pl

    facts = {
        AS_OF: DAY,
        "settled": True,
        "negligent": True,
        "caused": None,
        "paid": 5,
        "decided_on": None,
    }
    frame = pl.DataFrame([facts], schema=BOOK.input_schema())
    planned = BOOK.evaluate(frame).row(0, named=True)
    row = BOOK.interpret(facts)
    for goal in BOOK.rules:
        t: Trace = BOOK.trace(row, goal)
        assert t.value == planned[goal]
