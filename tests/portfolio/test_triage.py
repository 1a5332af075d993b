"""Issue 12, item 7: triage columns in `apportion batch`.

Each insurance layer's insurer is a key column passed through to the results; with
``--open-facts`` an undetermined row lists the unknown facts its status may still turn
on. The list is sound: every fact whose answer alone (or with one other) could change
the status, as the relevance search finds by trying answers, is in it; and it holds
only unknown facts of the status rule's cone.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from apportion.engine.relevance import questions
from apportion.law.california import GOALS, RULEBOOK
from apportion.portfolio import run_batch
from apportion.portfolio.batch import OPEN_FACTS
from apportion.portfolio.schema import fact_columns

IDS = {column: fact for fact, column in fact_columns(RULEBOOK).items()}
COLUMNS = fact_columns(RULEBOOK)
TRIAGE = ("status", ("undetermined",))


def test_open_facts_hold_every_fact_that_could_decide_the_status(
    synthetic: Path, tmp_path: Path
) -> None:
    result = run_batch(synthetic, tmp_path / "out.parquet", RULEBOOK, GOALS, open_facts=TRIAGE)
    out = pl.read_parquet(result.output)
    assert out.schema[OPEN_FACTS] == pl.List(pl.String)
    open_rows = out.filter(pl.col("status") == "undetermined")
    assert open_rows.height > 100
    assert out.filter(pl.col("status") != "undetermined")[OPEN_FACTS].null_count() == (
        out.height - open_rows.height
    )
    # The same rows without the column: nothing else changes.
    plain = pl.read_parquet(run_batch(synthetic, tmp_path / "p.parquet", RULEBOOK, GOALS).output)
    assert out.drop(OPEN_FACTS).equals(plain)

    source = pl.read_parquet(synthetic).rename(IDS, strict=False).with_row_index("row", offset=1)
    sample = source.join(open_rows.select("row", OPEN_FACTS), on="row").head(150)
    cone = {f.id for f in RULEBOOK.cone(["status"])[1]}
    rows = sample.drop("row", OPEN_FACTS).to_dicts()
    listed = [{IDS.get(c, c) for c in names} for names in sample[OPEN_FACTS]]
    # Undetermined turns on some fact, an election of one view of unsettled law included
    # (limitations_view, never asked in an interview, is listed).
    assert sum(1 for names in listed if names) >= 0.95 * len(listed)
    assert any("limitations_view" in names for names in listed)
    for facts, names in zip(rows, listed, strict=True):
        assert names <= cone
        assert all(facts[name] is None for name in names)
    found = questions(RULEBOOK, rows, ("status",), open_values={"status": "undetermined"})
    assert found, "the relevance search should find questions"
    missed = [(q.row, q.fact.id) for q in found if q.fact.id not in listed[q.row]]
    assert not missed
    # Not everything unknown is listed: only what the status still turns on.
    unknown = [{name for name in cone if facts.get(name) is None} for facts in rows]
    assert sum(len(u) - len(n) for u, n in zip(unknown, listed, strict=True)) > 0


def test_open_facts_name_portfolio_columns_and_fit_in_csv(tmp_path: Path, synthetic: Path) -> None:
    out = tmp_path / "out.csv"
    run_batch(synthetic, out, RULEBOOK, GOALS, open_facts=TRIAGE)
    frame = pl.read_csv(out, infer_schema=False)
    texts = frame.filter(pl.col("status") == "undetermined")[OPEN_FACTS].to_list()
    names = {name for text in texts if text for name in text.split(" ")}
    assert len(names) > 5
    assert names <= set(COLUMNS.values())  # portfolio columns (money and shares: their unit)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_each_layers_insurer_is_passed_through(tmp_path: Path, suffix: str) -> None:
    book = pl.DataFrame(
        {
            "matter_id": ["m1", "m2"],
            "primary_insurer": ["Lawyers Mutual", None],
            "excess_insurer": ["Excess Re", None],
            "as_of": ["2024-01-01", "2024-01-01"],
            "as_of_bad": [None, None],
        }
    ).drop("as_of_bad")
    source = tmp_path / f"book{suffix}"
    book.write_csv(source) if suffix == ".csv" else book.write_parquet(source)
    result = run_batch(source, tmp_path / "out.parquet", RULEBOOK, GOALS)
    out = pl.read_parquet(result.output)
    assert out.columns[:4] == ["row", "matter_id", "primary_insurer", "excess_insurer"]
    assert out["primary_insurer"].to_list() == ["Lawyers Mutual", None]
    assert out["excess_insurer"].to_list() == ["Excess Re", None]
