"""An interview's state as plain JSON, kept in the archive between pages.

The state is the matter document as entered, the law's date, and the moves in order:
answers, "I don't know" (the interview's skip: the fact stays unknown) and "skip for now"
(the question goes to the back of the queue and comes again when nothing else is left).
"Back" undoes the last move of any of the three kinds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from apportion.decide.decision import decision_of
from apportion.decide.interview import Answer, Interview, Skipped
from apportion.engine.relevance import Question
from apportion.model.decision import Decision


def new_state(document: dict[str, Any], as_of: dt.date | None = None) -> dict[str, Any]:
    return {
        "document": _plain(document),
        "as_of": as_of.isoformat() if as_of else None,
        "moves": [],
    }


def _plain(value: Any) -> Any:
    """Dates as ISO text: the state is stored as JSON; the matter reads ISO dates back."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass
class Draft:
    """An :class:`Interview` rebuilt from its stored state, with the deferrals beside it."""

    state: dict[str, Any]
    source: str = "matter"

    def __post_init__(self) -> None:
        as_of = self.state.get("as_of")
        answers: list[Answer] = []
        skipped: set[tuple[int, str]] = set()
        moves: list[Answer | Skipped] = []
        for move in self.state["moves"]:
            kind, row, fact = move["kind"], move["row"], move["fact"]
            if kind == "answer":
                given = Answer(fact, move["value"], move["candidate"])
                answers.append(given)
                moves.append(given)
            elif kind == "unknown":
                skipped.add((row, fact))
                moves.append(Skipped(row, fact))
        interview = Interview(
            self.state["document"],
            self.source,
            dt.date.fromisoformat(as_of) if as_of else None,
            answers=answers,
            skipped=skipped,
            moves=moves,
        )
        self.interview = interview

    @property
    def deferred(self) -> list[tuple[int, str]]:
        """Questions put off and not answered since (in the order put off)."""
        found: dict[tuple[int, str], None] = {}
        for move in self.state["moves"]:
            key = (move["row"], move["fact"])
            found.pop(key, None)  # put off again: to the back of the queue
            if move["kind"] == "later":
                found[key] = None
        return list(found)

    # --- what to ask ------------------------------------------------------------
    def question(self) -> Question | None:
        """The most decisive pending question not put off; else the first put off."""
        pending = self.interview.pending()
        deferred = self.deferred
        for q in pending:
            if (q.row, q.fact.id) not in deferred:
                return q
        by_key = {(q.row, q.fact.id): q for q in pending}
        return next((by_key[k] for k in deferred if k in by_key), None)

    def answered(self) -> int:
        return sum(1 for m in self.state["moves"] if m["kind"] != "later")

    def remaining(self) -> int:
        return len(self.interview.pending())

    def find(self, row: int, fact: str) -> Question | None:
        return next(
            (q for q in self.interview.pending() if q.row == row and q.fact.id == fact), None
        )

    # --- moves (each returns the new state) ------------------------------------------
    def answer(self, question: Question, text: str) -> None:
        """ValueError with the reason when the answer is not valid for the fact."""
        given = self.interview.answer(question, text)
        self._record("answer", question, value=_plain(given.value), candidate=given.candidate)

    def unknown(self, question: Question) -> None:
        self.interview.skip(question)
        self._record("unknown", question)

    def later(self, question: Question) -> None:
        self._record("later", question)

    def back(self) -> dict[str, Any] | None:
        if not self.state["moves"]:
            return None
        last: dict[str, Any] = self.state["moves"].pop()
        if last["kind"] != "later":
            self.interview.back()
        return last

    def _record(self, kind: str, question: Question, **extra: Any) -> None:
        key = (question.row, question.fact.id)
        self.state["moves"].append({"kind": kind, "row": key[0], "fact": key[1], **extra})

    # --- results --------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        found: dict[str, Any] = _plain(self.interview.current_document())
        return found

    def decision(self) -> Decision:
        return decision_of(self.interview.assessment())
