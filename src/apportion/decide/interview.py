"""An interview: ask only the questions whose answers could still change a result.

The session holds the matter document and the answers given so far; each step reassesses
the matter and asks the most decisive relevant question (see
:mod:`apportion.engine.relevance`). Answers are checked with the same coercion as a
matter's ``facts:`` and kept in the matter's own notation (dollars, percentages, ISO
dates), so they can be written back into the file. With one candidate claim an answer
goes under the matter's ``facts:``; with several, under that candidate's own ``facts:``
(the same question can have different answers against different respondents).

The terminal front end is ``apportion interview`` (cli/interview.py); a service can
drive the same :class:`Interview`.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from apportion.decide.assessment import Assessment, assess
from apportion.decide.words import with_names
from apportion.engine import Fact, Kind, RuleConflict
from apportion.engine.relevance import Question
from apportion.io.flatten import candidates, coerce
from apportion.io.load import InputError, parse_matter
from apportion.model.matter import Matter

YES = {"y", "yes", "true", "t"}
NO = {"n", "no", "false", "f"}


@dataclass(frozen=True)
class Answer:
    fact: str
    value: Any
    """In the matter's notation: true/false, an enum value, dollars, a percentage, a date."""
    candidate: int | None
    """The candidate claim's index, or None for the matter-wide ``facts:``."""


@dataclass(frozen=True)
class Skipped:
    row: int
    fact: str


@dataclass
class Interview:
    document: dict[str, Any]
    source: str = "matter"
    as_of: dt.date | None = None
    answers: list[Answer] = field(default_factory=list)
    skipped: set[tuple[int, str]] = field(default_factory=set)
    moves: list[Answer | Skipped] = field(default_factory=list)
    """Answers and skips in the order given, so that ``back`` undoes the last of them."""

    def __post_init__(self) -> None:
        self._assessment: Assessment | None = None
        self._claim_list: list[dict[str, Any]] | None = None
        # The document must be a valid matter, its facts included, before anything is asked.
        self.assessment()

    # --- state ------------------------------------------------------------------
    def current_document(self) -> dict[str, Any]:
        document: dict[str, Any] = apply_answers(
            copy.deepcopy(self.document), self.answers, self._claims()
        )
        return document

    def matter(self) -> Matter:
        return parse_matter(self.current_document(), self.source)

    def assessment(self) -> Assessment:
        if self._assessment is None:
            self._assessment = assess(self.matter(), self.as_of)
        return self._assessment

    def pending(self) -> list[Question]:
        """Relevant questions not yet skipped, the most decisive first (across claims)."""
        found = [q for q in self.assessment().questions() if (q.row, q.fact.id) not in self.skipped]
        order = {fact_id: i for i, fact_id in enumerate(self.assessment().rulebook.facts)}
        return sorted(
            found,
            key=lambda q: (-len(q.decides), -len(q.changes), not q.alone, q.row, order[q.fact.id]),
        )

    def next_question(self) -> Question | None:
        pending = self.pending()
        return pending[0] if pending else None

    # --- moves --------------------------------------------------------------------
    def answer(self, question: Question, text: str) -> Answer:
        """Record an answer typed as text; ValueError (with the reason) if it is not valid."""
        value = parse_answer(question.fact, text)
        scope = None if len(self._claims()) == 1 else question.row
        given = Answer(question.fact.id, value, scope)
        self.answers.append(given)
        self._assessment = None
        try:
            self.assessment()
        except (RuleConflict, InputError) as refused:
            # An answer the record cannot hold (two exceptions clash on it, shares that
            # cannot add up to 100 %) is not taken: the matter stays as it was.
            self.answers.pop()
            self._assessment = None
            if isinstance(refused, RuleConflict):
                why = "; ".join(reason for _, reason in refused.problems())
            else:
                why = "; ".join(f"{path}: {reason}" for path, reason in refused.problems)
            raise ValueError(why) from None
        self.moves.append(given)
        return given

    def skip(self, question: Question) -> None:
        self.skipped.add((question.row, question.fact.id))
        self.moves.append(Skipped(question.row, question.fact.id))

    def back(self) -> Answer | Skipped | None:
        """Undo the last move: withdraw the last answer, or take back the last skip (either
        question is asked again if it still matters)."""
        if not self.moves:
            return None
        last = self.moves.pop()
        if isinstance(last, Skipped):
            self.skipped.discard((last.row, last.fact))
        else:
            self.answers.remove(last)
            self._assessment = None
        return last

    def skipped_that_matter(self) -> list[Question]:
        """The skipped questions whose answers could still change a result."""
        return [q for q in self.assessment().questions() if (q.row, q.fact.id) in self.skipped]

    def wording(self, question: Question) -> str:
        """The question with the parties' names for "the claimant" and "the respondent"."""
        claim = self.assessment().claims[question.row]
        names = {p.id: p.name for p in self.assessment().matter.parties}
        claimant, respondent = names[claim.row.claimant], names[claim.row.respondent]
        return with_names(question.fact.question, claimant, respondent)

    def _claims(self) -> list[dict[str, Any]]:
        """The candidate claims as the matter lists them, or as the record implies them.
        Read once: answers are kept beside the document, never in it, so each step need
        not parse the document twice more (a third of a step's time)."""
        if self._claim_list is None:
            base = parse_matter(self.document, self.source)
            self._claim_list = [
                c.model_dump(mode="json", exclude_defaults=True, exclude={"facts"})
                for c in candidates(base)
            ]
        return [dict(c) for c in self._claim_list]


def apply_answers(document: Any, answers: list[Answer], claims: list[dict[str, Any]]) -> Any:
    """Put ``answers`` into a matter document (a plain or a round-trip YAML mapping)."""
    if any(a.candidate is not None for a in answers) and not document.get("candidates"):
        document["candidates"] = [dict(c) for c in claims]
    for given in answers:
        if given.candidate is None:
            target = document.setdefault("facts", {})
        else:
            claim = document["candidates"][given.candidate]
            target = claim.setdefault("facts", {})
        if target is None:  # `facts:` present but empty
            target = {}
            (document if given.candidate is None else claim)["facts"] = target
        target[given.fact] = given.value
    return document


def parse_answer(fact: Fact, text: str) -> Any:
    """A typed answer in the matter's notation, checked by the matter's own coercion."""
    raw = text.strip()
    if not raw:
        raise ValueError("no answer given")
    if fact.kind is Kind.BOOL:
        if raw.lower() in YES:
            return True
        if raw.lower() in NO:
            return False
        raise ValueError(f"answer yes or no, got {raw!r}")
    if fact.kind is Kind.ENUM:
        if raw.isdigit() and 1 <= int(raw) <= len(fact.values):
            return fact.values[int(raw) - 1]
        coerce(fact, raw)
        return raw
    if fact.kind is Kind.MONEY:
        cents = coerce(fact, raw)
        return cents // 100 if cents % 100 == 0 else f"{Decimal(cents) / 100:.2f}"
    if fact.kind is Kind.SHARE:
        bp = coerce(fact, raw)
        return bp // 100 if bp % 100 == 0 else f"{Decimal(bp) / 100}%"
    if fact.kind is Kind.DATE:
        return coerce(fact, _iso_date(raw))
    try:
        number = int(raw)
    except ValueError:
        raise ValueError(f"expected a whole number, got {raw!r}") from None
    return coerce(fact, number)


def _iso_date(raw: str) -> str:
    """A US date (M/D/YYYY) as ISO; anything else is left for the ISO reading to judge."""
    try:
        return dt.datetime.strptime(raw, "%m/%d/%Y").date().isoformat()
    except ValueError:
        return raw


def notation(fact: Fact, value: Any) -> Any:
    """An engine value (cents, basis points) in the matter's notation (dollars, percent)."""
    if value is None or fact.kind not in (Kind.MONEY, Kind.SHARE):
        return value
    return value // 100 if value % 100 == 0 else f"{Decimal(value) / 100}"


def hint(fact: Fact) -> str:
    """How to answer, by kind."""
    if fact.kind is Kind.BOOL:
        return "yes/no"
    if fact.kind is Kind.ENUM:
        return " · ".join(f"{i}) {v}" for i, v in enumerate(fact.values, 1))
    return {
        Kind.MONEY: "dollars, e.g. 12500 or 1,250.50",
        Kind.SHARE: "a percentage, e.g. 40",
        Kind.DATE: "a date, YYYY-MM-DD or MM/DD/YYYY",
        Kind.INT: "a whole number",
    }[fact.kind]
