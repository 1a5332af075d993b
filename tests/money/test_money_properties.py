"""Properties of the money rules on random claims, 2,000 examples each.

Each example is a candidate claim built on the Musser row (so the claim is available
unless the example makes it otherwise) with random payments, fault shares (some unknown),
defense-cost facts, insurance layers and recoveries. Rows are run on the row interpreter;
the compiled plan is checked against it on every generated row at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from matters import musser

from apportion.engine import AS_OF, Kind
from apportion.law.california import RULEBOOK, damages, outcome, ownership

PROPERTY = settings(max_examples=2000, deadline=None)
MONEY_RULES = [r.id for m in (damages, outcome, ownership) for r in m.RULES]
MONEY_OUT = [i for i in MONEY_RULES if RULEBOOK.rules[i].kind is Kind.MONEY]
WORLDS = ("low", "high")
BASE: dict[str, Any] = musser().claims[0].row.facts
AMOUNTS = (
    "paid_by_claimant",
    "paid_by_primary",
    "paid_by_excess",
    "fees_waived",
    "defense_by_claimant",
    "defense_by_insurers",
)

cents = st.integers(0, 10**12)  # up to $10 billion
share = st.integers(0, 10_000)
maybe = st.sampled_from([True, False, None])


def maybe_share(none: bool = True) -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), share) if none else share


@st.composite
def claims(
    draw: st.DrawFn, faults_known: bool = False, vary_status: bool = False
) -> dict[str, Any]:
    row = dict(BASE)
    for name in AMOUNTS:
        row[name] = draw(st.one_of(st.just(0), cents))
    row["waiver_was_settlement_consideration"] = draw(maybe)
    for name in ("claimant_fault", "respondent_fault", "others_fault"):
        row[name] = draw(maybe_share(none=not faults_known))
    row["claimant_liability_vicarious"] = draw(
        st.sampled_from([False, True]) if faults_known else maybe
    )
    for name in (
        "defense_forced_by_respondent_tort",
        "defense_costs_reasonable",
        "defense_costs_pleaded_as_damages",
        "respondent_declined_tender",
        "claimant_won_summarily",
        "insurer_paid_as_volunteer",
        "primary_overrides_made_whole",
        "excess_overrides_made_whole",
    ):
        row[name] = draw(maybe)
    row["insurer_recovery_order"] = draw(
        st.sampled_from([None, "pro_rata", "excess_first", "primary_first"])
    )
    row["amount_recovered"] = draw(st.one_of(st.none(), st.none(), cents))
    if vary_status:  # available, barred (lost fees) or undetermined
        row["theory"] = draw(
            st.sampled_from(["equitable_indemnity"] * 4 + ["express_indemnity", "lost_fees"])
        )
        row["respondent_caused_same_injury"] = draw(st.sampled_from([True, True, None]))
    return row


VARIED = {
    *AMOUNTS,
    "waiver_was_settlement_consideration",
    "claimant_fault",
    "respondent_fault",
    "others_fault",
    "claimant_liability_vicarious",
    "defense_forced_by_respondent_tort",
    "defense_costs_reasonable",
    "defense_costs_pleaded_as_damages",
    "respondent_declined_tender",
    "claimant_won_summarily",
    "insurer_paid_as_volunteer",
    "primary_overrides_made_whole",
    "excess_overrides_made_whole",
    "insurer_recovery_order",
    "amount_recovered",
}


def _reads() -> dict[str, set[str]]:
    """The facts each rule reads, directly or through other rules."""
    found: dict[str, set[str]] = {}
    for rule in RULEBOOK.rules.values():  # in evaluation order
        found[rule.id] = set()
        for ref in rule.inputs():
            found[rule.id] |= found.get(ref.id, {ref.id})
    return found


# The money rules that read a fact the examples vary (unless they vary the claim's status);
# the others keep the value they have on the Musser row, computed once.
READS = _reads()
MONEY_CONE = RULEBOOK.cone(MONEY_RULES)[0]
MOVING = [r for r in MONEY_CONE if READS[r.id] & VARIED]
SETTLED = RULEBOOK.interpret(BASE, MONEY_RULES)


def run(row: dict[str, Any]) -> dict[str, Any]:
    """The money rules on ``row`` (the row interpreter, skipping what cannot have moved)."""
    if any(row[f] != BASE[f] for f in ("theory", "respondent_caused_same_injury")):
        return RULEBOOK.interpret(row, MONEY_RULES)
    out = SETTLED | row
    for rule in MOVING:
        out[rule.id] = rule.decide(out).value
    return out


@PROPERTY
@given(claims(vary_status=True))
def test_parts_add_up_exactly_and_nothing_is_negative(row: dict[str, Any]) -> None:
    out = run(row)
    for name in MONEY_OUT:
        assert out[name] is None or out[name] >= 0, name
    for w in WORLDS:
        shares = [out[f"{who}_share_{w}"] for who in ("claimant", "respondent", "others")]
        if shares[1] is not None:
            assert sum(shares) == out[f"loss_paid_{w}"]  # type: ignore[arg-type]
        owners = [out[f"{who}_recovers_{w}"] for who in ("insured", "primary", "excess")]
        assert sum(owners) == out[f"recovery_{w}"]
        assert out[f"insurers_recover_{w}"] == owners[1] + owners[2]
    for name in ("loss_paid", "indemnity_owed", "recoverable", "recovery"):
        low, high = out[f"{name}_low"], out[f"{name}_high"]
        if low is not None and high is not None:  # unknown: no basis to apportion (all 0 %)
            assert low <= high, name
    for name in ("recoverable_low", "recoverable_high", "recovery_low", "recovery_high"):
        assert out[name] is not None, name
    if row["amount_recovered"] is None:
        assert out["recovery_low"] == out["recoverable_low"]
        assert out["recovery_high"] == out["recoverable_high"]
    # A determined amount is one both ends agree on, never a guess.
    if out["indemnity_owed"] is not None:
        assert out["indemnity_owed"] == out["indemnity_owed_low"] == out["indemnity_owed_high"]
    if out["insured_recovers"] is not None and out["insurers_recover"] is not None:
        assert out["insured_recovers"] + out["insurers_recover"] == out["recovery_low"]


@PROPERTY
@given(claims())
def test_a_respondent_never_pays_more_than_its_own_share(row: dict[str, Any]) -> None:
    out = run(row)
    for w in WORLDS:
        owed, own = out[f"indemnity_owed_{w}"], out[f"respondent_share_{w}"]
        if owed is None:
            continue
        assert owed <= own
        # ... nor more than its exact share, fractions of a cent included.
        fc, fr, fo = (out[f"{who}_fault_{w}"] for who in ("claimant", "respondent", "others"))
        vicarious = out["total_indemnity"] if out["total_indemnity"] is not None else w == "high"
        denominator = fr + fo if vicarious else fc + fr + fo
        assert owed * denominator <= out[f"loss_paid_{w}"] * fr
        # The claimant recovers what it paid beyond its own share, and no more.
        assert owed <= out[f"loss_paid_{w}"] - out[f"claimant_share_{w}"]


@PROPERTY
@given(claims(faults_known=True), st.integers(1, 10_000))
def test_raising_the_respondents_fault_never_lowers_what_it_owes(
    row: dict[str, Any], more: int
) -> None:
    before = run(row)
    after = run(row | {"respondent_fault": row["respondent_fault"] + more})
    for name in (
        "indemnity_owed_low",
        "indemnity_owed_high",
        "recoverable_low",
        "recoverable_high",
    ):
        if before[name] is not None:
            assert after[name] >= before[name], name
    for w in WORLDS:
        assert after[f"insured_recovers_{w}"] >= before[f"insured_recovers_{w}"]


@PROPERTY
# Amounts are at most $10 billion: scaled by up to 100 they stay within the $1 trillion a
# matter's amount may be (beyond ~$22 trillion in all a split is unknown, see SPLIT_LIMIT).
@given(claims(), st.integers(2, 100))
def test_scaling_every_amount_scales_every_result(row: dict[str, Any], k: int) -> None:
    scaled = dict(row)
    for name in (*AMOUNTS, "amount_recovered"):
        if scaled[name] is not None:
            scaled[name] *= k
    base, big = run(row), run(scaled)
    # One cent per rounding step at the original scale: the respondent's share is rounded
    # once, the claimant's and others' twice, an insurer's part of a shared recovery three
    # times; sums and least-of steps add no rounding of their own.
    steps = {"respondent_share": 1, "claimant_share": 2, "others_share": 2}
    for name in MONEY_OUT:
        if name in ("indemnity_owed", "insured_loss") or name.endswith(
            ("_share", "_recovers", "_recover", "recovery")
        ):
            continue  # a determined amount: known only where both ends agree (below)
        if base[name] is None:
            assert big[name] is None, name
            continue
        stem = name.removesuffix("_low").removesuffix("_high")
        bound = k * steps.get(stem, 3)
        assert abs(big[name] - k * base[name]) <= bound, (name, big[name], base[name])


@PROPERTY
@given(claims())
def test_relabelling_the_insurers_swaps_their_parts(row: dict[str, Any]) -> None:
    row = row | {"defense_by_insurers": 0}  # the defense is the primary policy's, unswapped
    swapped = row | {
        "paid_by_primary": row["paid_by_excess"],
        "paid_by_excess": row["paid_by_primary"],
        "primary_overrides_made_whole": row["excess_overrides_made_whole"],
        "excess_overrides_made_whole": row["primary_overrides_made_whole"],
        "insurer_recovery_order": {
            "excess_first": "primary_first",
            "primary_first": "excess_first",
        }.get(row["insurer_recovery_order"], row["insurer_recovery_order"]),
    }
    a, b = run(row), run(swapped)
    for w in WORLDS:
        assert a[f"insured_recovers_{w}"] == b[f"insured_recovers_{w}"]
        assert a[f"recovery_{w}"] == b[f"recovery_{w}"]
        # Pro rata, a tie for the last cent goes to the first-listed insurer.
        assert abs(a[f"primary_recovers_{w}"] - b[f"excess_recovers_{w}"]) <= 1
        assert abs(a[f"excess_recovers_{w}"] - b[f"primary_recovers_{w}"]) <= 1


@st.composite
def liable_parties(draw: st.DrawFn) -> tuple[int, int, list[int], list[int]]:
    """A loss, the claimant's fault, the respondents' faults and other liable parties'."""
    loss = draw(cents)
    claimant = draw(share)
    respondents = draw(st.lists(share, min_size=1, max_size=4))
    others = draw(st.lists(share, max_size=2))
    return loss, claimant, respondents, others


SHARE_GOALS = ["claimant_share_low", "indemnity_owed_low", "indemnity_owed_high"]


def owed_by_each(
    loss: int, claimant: int, respondents: list[int], others: list[int]
) -> list[tuple[int, int]]:
    """One row per respondent, as the matter is flattened: (owed, claimant's own share)."""
    result = []
    for i, fault in enumerate(respondents):
        rest = sum(respondents) - fault + sum(others)
        row = BASE | dict.fromkeys(AMOUNTS, 0)
        row |= {
            "paid_by_claimant": loss,
            "claimant_fault": claimant,
            "respondent_fault": fault,
            "others_fault": rest,
            "claimant_liability_vicarious": False,
        }
        out = RULEBOOK.interpret(row, SHARE_GOALS)
        assert out["indemnity_owed_low"] == out["indemnity_owed_high"], i
        result.append((out["indemnity_owed_low"], out["claimant_share_low"]))
    return result


@PROPERTY
@given(liable_parties(), st.randoms(use_true_random=False))
def test_several_respondents_never_owe_more_than_the_claimant_paid_beyond_its_share(
    parties: tuple[int, int, list[int], list[int]], rnd: Any
) -> None:
    loss, claimant, respondents, others = parties
    if claimant + sum(respondents) + sum(others) == 0:
        return  # no fault anywhere: no basis to apportion
    owed = owed_by_each(loss, claimant, respondents, others)
    total = sum(o for o, _ in owed)
    for _, claimant_share in owed:
        assert total <= loss - claimant_share
    # Relabelling the parties (their order in the matter) changes nothing for anyone.
    order = list(range(len(respondents)))
    rnd.shuffle(order)
    moved = owed_by_each(loss, claimant, [respondents[i] for i in order], others[::-1])
    assert [moved[order.index(i)] for i in range(len(order))] == owed


def test_compiled_plan_equals_the_row_interpreter() -> None:
    rows: list[dict[str, Any]] = []
    expected: list[dict[str, Any]] = []

    @PROPERTY
    @given(claims(vary_status=True))
    def collect(row: dict[str, Any]) -> None:
        full = RULEBOOK.interpret(row, MONEY_RULES)
        assert run(row) == full  # the shortcut the other properties take is exact
        rows.append(row)
        expected.append(full)

    collect()
    # Every generated row through the compiled plan at once (one polars frame).
    frame = pl.DataFrame(rows, schema=RULEBOOK.input_schema())
    got = RULEBOOK.evaluate(frame, MONEY_RULES).select(MONEY_RULES).to_dicts()
    assert len(got) == len(rows) >= 1000
    for i, (planned, interpreted) in enumerate(zip(got, expected, strict=True)):
        want = {name: interpreted[name] for name in MONEY_RULES}
        assert planned == want, f"row {i}: {rows[i]}"


def test_examples_really_vary() -> None:
    # Guard against a generator that stopped exercising the interesting cases.
    assert BASE[AS_OF] == dt.date(2002, 6, 27)
    assert run(BASE)["recoverable_low"] == 0 < run(BASE)["recoverable_high"]
