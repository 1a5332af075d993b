"""The oracle: every amount's range holds every completion of the unknown facts, and an end
not labelled a bound is reached by one.

Hypothesis draws records whose facts are all known, then forgets one to four of those a
completion may set (yes/no, enum, fault shares). The oracle completes them by brute force:
each yes/no both ways, each enum value, the unknown shares on a grid (0, 1 unit, a third,
a half, all but 1 unit, all of what the known shares leave; the rules compare a share only
with 0, which the grid brackets), and runs every completion through the plan. For each
record and amount: soundness (every completed value within the reported least and most,
for the recovery and for every owner) and tightness (an end reported exact is the least or
the most some completion takes). The ranges under test are the batch's (frame path); the
row path must give the same on every record.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apportion.engine import AS_OF, Kind
from apportion.engine.completions import choices, frame_ranges, row_ranges
from apportion.law.california import GOALS, RANGES, RULEBOOK
from apportion.law.california import facts as F

SHARES = (F.claimant_fault.id, F.respondent_fault.id, F.others_fault.id)
FOUND = choices(RULEBOOK, RANGES)
ENDS = [e for p in RANGES.pairs for e in (p.low, p.high)]
CONE = RULEBOOK.cone(ENDS)[1]
COMPLETABLE = [o.sets[0] for o in FOUND.options if o.group is None and o.when_unknown == o.sets]
MOSTLY_TRUE = {
    "claimant_is_attorney",
    "respondent_is_attorney",
    "client_sued_claimant",
    "respondent_owed_duty_to_client",
    "respondent_caused_same_injury",
    "representations_overlapped",
    "claimant_has_paid",
    "entity_claim_presented_in_time",
    "waiver_was_settlement_consideration",
    "defense_forced_by_respondent_tort",
    "defense_costs_reasonable",
    "defense_costs_pleaded_as_damages",
}
LEANING = {"theory": "equitable_indemnity", "transfer_mode": "none"}


def record(rng: random.Random) -> dict[str, Any]:
    """A record with every fact the amounts read known, then one to four forgotten."""
    as_of = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(41 * 365))
    row: dict[str, Any] = {AS_OF: as_of}
    for fact in CONE:
        if fact.kind is Kind.BOOL:
            row[fact.id] = rng.randrange(5) < (4 if fact.id in MOSTLY_TRUE else 1)
        elif fact.kind is Kind.ENUM:
            lean = LEANING.get(fact.id)
            row[fact.id] = rng.choice([*fact.values, *([lean] * 4 if lean else [])])
        elif fact.kind is Kind.MONEY:
            row[fact.id] = rng.choice([0, 0, 100, 2_500_000, 6_500_000, 40_000_000])
        elif fact.kind is Kind.SHARE:
            row[fact.id] = rng.choice([0, 0, 2_000, 5_000])
        elif fact.kind is Kind.DATE:
            row[fact.id] = as_of - dt.timedelta(days=rng.randrange(2_000))
        else:
            row[fact.id] = rng.randrange(120)
    cut = sorted(rng.randrange(10_001) for _ in range(2))
    row.update(zip(SHARES, (cut[0], cut[1] - cut[0], 10_000 - cut[1]), strict=True))
    row[F.amount_recovered.id] = rng.choice([None, None, 0, 3_000_000])
    for name in rng.sample([*COMPLETABLE, *SHARES], rng.randint(1, 4)):
        row[name] = None
    return row


def records_of(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [record(rng) for _ in range(count)]


def completions(row: dict[str, Any]) -> list[dict[str, Any]]:
    domains: list[list[dict[str, Any]]] = []
    for name in COMPLETABLE:
        if row.get(name) is None and name in row:
            fact = RULEBOOK.facts[name]
            values = fact.values if fact.kind is Kind.ENUM else (True, False)
            domains.append([{name: v} for v in values])
    unknown = [s for s in SHARES if row[s] is None]
    if unknown:
        gap = 10_000 - sum(row[s] for s in SHARES if row[s] is not None)
        grid = sorted({0, 1, gap // 3, gap // 2, gap - 1, gap} & set(range(gap + 1)))
        fills = []
        for head in itertools.product(grid, repeat=len(unknown) - 1):
            if sum(head) <= gap:
                fills.append(dict(zip(unknown, (*head, gap - sum(head)), strict=True)))
        domains.append(fills)
    return [
        row | {k: v for part in combo for k, v in part.items()}
        for combo in itertools.product(*domains)
    ]


def oracle(examples: int) -> Any:
    """A fixed budget, the same seeds every run: each example is a whole batch of records."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def frame_of(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = RULEBOOK.input_schema()
    names = RULEBOOK.input_names()
    return pl.from_dicts([{n: r.get(n) for n in names} for r in rows], schema=schema)


@oracle(examples=40)
@given(st.integers(0, 2**32))
def test_ranges_hold_every_completion_and_reach_their_exact_ends(seed: int) -> None:
    records = records_of(seed, 60)
    evaluated = RULEBOOK.evaluate(frame_of(records), GOALS)
    ranges = frame_ranges(RULEBOOK, evaluated, RANGES)
    done = [(i, c) for i, r in enumerate(records) for c in completions(r)]
    completed = RULEBOOK.evaluate(frame_of([c for _, c in done]), ENDS)
    values = completed.select(ENDS).to_dicts()
    by_record: dict[int, list[dict[str, Any]]] = {}
    for (i, _), v in zip(done, values, strict=True):
        by_record.setdefault(i, []).append(v)
    for i, seen in by_record.items():
        got = ranges.row(i, named=True)
        for p in RANGES.pairs:
            least, most, exact = (
                got[f"{p.name}_least"],
                got[f"{p.name}_most"],
                got[f"{p.name}_exact"],
            )
            settled = [v[p.low] for v in seen if v[p.low] is not None and v[p.low] == v[p.high]]
            for v in seen:
                lo, hi = v[p.low], v[p.high]
                if (lo is not None and lo == hi) or p.part_of is None:
                    # A completed value (or, left open by the law, the ends it may take).
                    assert lo is None or least <= lo, (p.name, i, records[i], least, lo)
                    assert most is None or hi is None or hi <= most, (
                        p.name,
                        i,
                        records[i],
                        most,
                        hi,
                    )
            if exact and len(settled) == len(seen):
                assert least == min(settled), (p.name, "least", records[i], least, min(settled))
                assert most == max(settled), (p.name, "most", records[i], most, max(settled))
            assert most is None or least <= most


@oracle(examples=5)
@given(st.integers(0, 2**32))
def test_row_and_frame_paths_agree(seed: int) -> None:
    records = records_of(seed, 40)
    evaluated = RULEBOOK.evaluate(frame_of(records), GOALS)
    ranges = frame_ranges(RULEBOOK, evaluated, RANGES)
    names = RULEBOOK.input_names()
    for i, r in enumerate(records):
        row = row_ranges(RULEBOOK, {n: r.get(n) for n in names}, RANGES)
        got = ranges.row(i, named=True)
        for name, found in row.items():
            assert (found.least.cents, found.most.cents, found.exact) == (
                got[f"{name}_least"],
                got[f"{name}_most"],
                got[f"{name}_exact"],
            ), (name, r)
