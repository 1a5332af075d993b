"""A seeded synthetic portfolio of candidate claims, with a realistic mix.

Driven by the rulebook's input schema, so facts other branches add get generic values;
the facts below get a mix modelled on a professional-liability book: mostly equitable
indemnity between co-counsel, a few settlements, insurers paying most of the loss, the
dates of a claim in their usual order, overrides and caps rarely set, and unknowns (nulls)
throughout. Randomness comes from polars' seeded hash of the row number:
vectorized, no extra dependency, and the same seed gives the same rows.

    python -m bench.generate 1000000 -o portfolio.parquet --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import polars as pl

from apportion.engine import AS_OF, Kind
from apportion.law.california import RULEBOOK
from apportion.portfolio.schema import fact_columns

_ROLE_MIX = {
    "lead": 40,
    "associated": 25,
    "concurrent": 12,
    "cumis": 5,
    "insurer_appointed": 6,
    "monitoring": 4,
    "other": 5,
    "none": 3,
}
_THEORY_MIX = {
    "equitable_indemnity": 80,
    "express_indemnity": 7,
    "implied_contractual_indemnity": 5,
    "lost_fees": 4,
    "transferred_malpractice": 4,
}
_TRANSFER_MIX = {
    "none": 87,
    "voluntary_assignment": 3,
    "involuntary_assignment": 2,
    "equitable_subrogation": 3,
    "conventional_subrogation": 2,
    "bankruptcy_estate": 1,
    "corporate_successor": 1,
    "successor_fiduciary": 1,
}
# Probability (%) a bool fact is true, and that it is unknown.
_BOOLS: dict[str, tuple[int, int]] = {
    "claimant_is_attorney": (97, 0),
    "respondent_is_attorney": (95, 0),
    "client_sued_claimant": (90, 0),
    "client_sued_respondent": (35, 2),
    "respondent_owed_duty_to_client": (85, 5),
    "respondent_caused_same_injury": (70, 15),
    "representations_overlapped": (55, 5),
    "respondent_succeeded_claimant": (20, 5),
    "respondent_good_faith_settlement": (10, 3),
    "reservation_of_rights": (8, 5),
    "needs_client_confidences": (10, 20),
    "primary_overrides_made_whole": (5, 0),
    "excess_overrides_made_whole": (5, 0),
    "insurer_paid_as_volunteer": (2, 0),
    "claimant_has_paid": (88, 4),  # a book of closed claims: most have paid
    "respondent_is_public_entity": (3, 1),
    "entity_claim_presented_in_time": (80, 15),
    "client_claim_vs_respondent_procedurally_barred": (5, 10),
}
_DEFAULT_BOOL = (12, 10)
_EPOCH = dt.date(1990, 1, 1)


def _uniform(seed: int, salt: int) -> pl.Expr:
    """A uniform [0, 1) per row, independent across salts."""
    bits = pl.col("__i").hash(seed * 7919 + salt) // (1 << 11)
    return bits.cast(pl.Float64) / float(1 << 53)


def _pick(u: pl.Expr, mix: dict[str, int]) -> pl.Expr:
    total, acc = sum(mix.values()), 0
    names = list(mix)
    expr = pl.lit(names[-1])
    chain = None
    for name in names[:-1]:
        acc += mix[name]
        cond = u < acc / total
        chain = (
            pl.when(cond).then(pl.lit(name))
            if chain is None
            else chain.when(cond).then(pl.lit(name))
        )
    return expr if chain is None else chain.otherwise(expr)


def _maybe_unknown(value: pl.Expr, u: pl.Expr, percent: int) -> pl.Expr:
    return pl.when(u < percent / 100).then(None).otherwise(value) if percent else value


def columns(seed: int) -> list[pl.Expr]:
    """One expression per portfolio column, reading the row number ``__i``."""
    exprs: list[pl.Expr] = [
        pl.format("M{}", pl.col("__i") // 3 + 1).alias("matter_id"),
        pl.format("atty-{}", (_uniform(seed, 1) * 50_000).cast(pl.Int64)).alias("claimant"),
        pl.format("atty-{}", (_uniform(seed, 2) * 50_000).cast(pl.Int64)).alias("respondent"),
    ]
    days = (dt.date(2026, 1, 1) - _EPOCH).days
    as_of = (pl.lit(_EPOCH) + pl.duration(days=(_uniform(seed, 3) * days).cast(pl.Int64))).cast(
        pl.Date
    )
    exprs.append(as_of.alias(AS_OF))
    # The insurer of each layer of the claimant's cover (a key column, passed through).
    exprs.append(
        pl.format("insurer-{}", (_uniform(seed, 54) * 40).cast(pl.Int64)).alias("primary_insurer")
    )
    exprs.append(
        pl.when(_uniform(seed, 9) < 0.1)
        .then(pl.format("insurer-{}", (_uniform(seed, 55) * 40).cast(pl.Int64)))
        .alias("excess_insurer")
    )
    # Fault shares that add up to 100 % when known (in basis points).
    a = (_uniform(seed, 4) * 10_001).cast(pl.Int64)
    b = (_uniform(seed, 5) * (10_001 - a)).cast(pl.Int64)
    shares_unknown = _uniform(seed, 6) < 0.15
    shares = {"claimant_fault": a, "respondent_fault": b, "others_fault": 10_000 - a - b}
    # Most of the loss is paid by insurers; the claimant pays its deductible.
    loss = (_uniform(seed, 7) ** 2 * 200_000_000).cast(pl.Int64) + 100_000  # cents
    deductible = pl.min_horizontal(loss, (_uniform(seed, 8) * 10 + 1).cast(pl.Int64) * 500_000)
    excess = pl.when(_uniform(seed, 9) < 0.1).then((loss - deductible) // 3).otherwise(0)
    money = {
        "paid_by_claimant": deductible,
        "paid_by_primary": loss - deductible - excess,
        "paid_by_excess": excess,
        "fees_waived": pl.when(_uniform(seed, 10) < 0.2)
        .then((_uniform(seed, 11) * 5_000_000).cast(pl.Int64))
        .otherwise(0),
        "defense_by_claimant": (_uniform(seed, 12) * 1_000_000).cast(pl.Int64),
        "defense_by_insurers": (_uniform(seed, 13) * 20_000_000).cast(pl.Int64),
    }
    # Rarely known or rarely set: a statutory cap, a recorded recovery, other respondents.
    money["respondent_statutory_cap"] = pl.when(_uniform(seed, 14) < 0.04).then(
        (_uniform(seed, 15) * 475_000_000).cast(pl.Int64) + 25_000_000
    )
    money["amount_recovered"] = pl.when(_uniform(seed, 16) < 0.3).then(
        (_uniform(seed, 17) * loss).cast(pl.Int64)
    )
    others, tolled = _uniform(seed, 18), _uniform(seed, 20)
    counts = {
        "co_respondents_fault": pl.when(others < 0.85)
        .then(0)
        .when(others < 0.95)
        .then((_uniform(seed, 19) * 5_000).cast(pl.Int64)),
        "section_340_6_tolled_days": pl.when(tolled < 0.8)
        .then(0)
        .when(tolled < 0.95)
        .then((_uniform(seed, 21) * 730).cast(pl.Int64) + 1),
        # Willful concealment (it tolls only the four-year period) is rarer still.
        "section_340_6_concealment_days": pl.when(_uniform(seed, 50) < 0.97)
        .then(0)
        .otherwise((_uniform(seed, 51) * 365).cast(pl.Int64) + 1),
    }
    # Where a cap is known, the non-economic part of the loss is sometimes recorded.
    money["non_economic_loss"] = pl.when(_uniform(seed, 52) < 0.5).then(
        (_uniform(seed, 53) * loss).cast(pl.Int64)
    )
    mixes = {
        "theory": _THEORY_MIX,
        "claimant_role": _ROLE_MIX,
        "respondent_role": _ROLE_MIX,
        "transfer_mode": _TRANSFER_MIX,
        "limitations_view": {"section_339": 10, "section_340_6": 5},
        "insurer_recovery_order": {"pro_rata": 15, "excess_first": 10, "primary_first": 5},
        "statutory_cap_reaches": {"non_economic": 9, "all_damages": 1},
    }
    # How often an enum fact is unknown (%): overrides are rarely set.
    enum_unknown = {
        "theory": 0,
        "limitations_view": 85,
        "insurer_recovery_order": 70,
        "statutory_cap_reaches": 50,
    }
    dates = _chronology(seed, as_of)
    column = fact_columns(RULEBOOK)  # money as name_cents, shares as name_bp
    for salt, (name, dtype) in enumerate(RULEBOOK.input_schema().items(), start=100):
        if name == AS_OF:
            continue
        fact = RULEBOOK.facts[name]
        u, unknown = _uniform(seed, salt), _uniform(seed, salt + 1000)
        if name in shares:
            expr = pl.when(shares_unknown).then(None).otherwise(shares[name])
        elif name in money:
            expr = _maybe_unknown(money[name], unknown, 2)
        elif name in counts:
            expr = counts[name]
        elif name in dates:
            expr = dates[name]
        elif fact.kind is Kind.BOOL:
            p_true, p_unknown = _BOOLS.get(name, _DEFAULT_BOOL)
            expr = _maybe_unknown(u < p_true / 100, unknown, p_unknown)
        elif fact.kind is Kind.ENUM:
            mix = mixes.get(name, dict.fromkeys(fact.values, 1))
            expr = _maybe_unknown(_pick(u, mix), unknown, enum_unknown.get(name, 3))
        elif fact.kind is Kind.DATE:
            offset = pl.duration(days=(u * 4000).cast(pl.Int64) - 3000)
            expr = _maybe_unknown((as_of + offset).cast(pl.Date), unknown, 30)
        elif fact.kind is Kind.SHARE:
            expr = _maybe_unknown((u * 10_001).cast(pl.Int64), unknown, 20)
        elif fact.kind is Kind.INT:  # counts of days with no model of their own: < 2 years
            expr = _maybe_unknown((u * 730).cast(pl.Int64), unknown, 20)
        else:  # money with no model of its own
            expr = _maybe_unknown((u * 1_000_000).cast(pl.Int64), unknown, 20)
        exprs.append(expr.cast(dtype).alias(column[name]))
    return exprs


def _chronology(seed: int, as_of: pl.Expr) -> dict[str, pl.Expr]:
    """The dates of a claim in their usual order, counted back from ``as_of``: the wrong,
    its discovery, the client's complaint served, the claimant's payment, then the claim
    filed (sometimes before the payment, as the law allows). Each is unknown at times."""

    def before(day: pl.Expr, salt: int, low: int, high: int) -> pl.Expr:
        span = (_uniform(seed, salt) * (high - low)).cast(pl.Int64) + low
        return (day - pl.duration(days=span)).cast(pl.Date)

    filed = before(as_of, 30, 0, 1_500)
    paid = before(filed, 31, -200, 900)
    served = before(paid, 32, 100, 1_500)
    discovered = before(served, 33, 0, 700)
    wrong = before(discovered, 34, 0, 1_500)
    unknown = {"claim_filed_date": 10, "last_payment_date": 15}
    chosen = {
        "claim_filed_date": filed,
        "last_payment_date": paid,
        "complaint_served_date": served,
        "discovery_date": discovered,
        "wrongful_act_date": wrong,
    }
    return {
        name: _maybe_unknown(day, _uniform(seed, 40 + i), unknown.get(name, 30))
        for i, (name, day) in enumerate(chosen.items())
    }


def portfolio(rows: int, seed: int = 0, offset: int = 0) -> pl.LazyFrame:
    """``rows`` candidate claims; rows ``offset..`` of the infinite seeded sequence."""
    index = pl.LazyFrame({"__i": pl.int_range(offset, offset + rows, dtype=pl.UInt64, eager=True)})
    return index.select(columns(seed))


def write(rows: int, path: Path, seed: int = 0, chunk: int = 1_000_000) -> Path:
    """Write ``rows`` to Parquet, CSV or JSONL (by suffix), a chunk at a time."""
    parts = [portfolio(min(chunk, rows - start), seed, start) for start in range(0, rows, chunk)]
    frame = pl.concat(parts) if parts else portfolio(0, seed)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame.sink_parquet(path, row_group_size=128 * 1024)
    elif suffix == ".csv":
        frame.sink_csv(path)
    elif suffix in (".jsonl", ".ndjson"):
        frame.sink_ndjson(path)
    else:
        raise SystemExit(f"{path}: use .parquet, .csv or .jsonl")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write(args.rows, args.output, args.seed)


if __name__ == "__main__":
    main()
