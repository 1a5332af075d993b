"""The Decision: typed, versioned, computed once; ``assess -f json`` is exactly its
serialisation and validates against ``apportion schema --decision`` for every scenario."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from apportion import Decision, assess, load_matter
from apportion.cli import app
from apportion.decide.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    result = CliRunner().invoke(app, ["schema", "--decision"])
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(found)
    return found


@pytest.fixture(scope="module")
def musser() -> Decision:
    return assess(load_matter(MUSSER))


def test_assess_json_is_the_decision_serialised(musser: Decision) -> None:
    result = CliRunner().invoke(app, ["assess", str(MUSSER), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(musser.model_dump_json())
    assert Decision.model_validate_json(result.stdout) == musser


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_scenario_validates_against_the_schema(path: Path, schema: dict[str, object]) -> None:
    decision = assess(load_scenario(path).matter)
    jsonschema.validate(json.loads(decision.model_dump_json()), schema)


def test_musser_decision_reads_as_the_court_decided(musser: Decision) -> None:
    (claim,) = musser.claims
    assert claim.status == "available"
    assert claim.decided_by is not None and claim.decided_by.id == "available"
    assert claim.claimant.name == "Sandra Musser"
    assert claim.respondent.name == "Douglas Provencher"
    # The fault shares are open: the amount is a range whose ends are exact.
    assert claim.recoverable.cents is None
    assert (claim.recoverable.least.cents, claim.recoverable.most.cents) == (0, 16_700_000)
    assert claim.recoverable.least.exact and claim.recoverable.most.exact
    owners = {(o.basis, o.layer): o for o in claim.owners}
    home = owners[("subrogated", "primary")]
    assert [p.name for p in home.parties] == ["The Home Insurance Company"]
    assert home.amount.most.cents == 13_700_000
    assert owners[("own", None)].amount.most.cents == 3_000_000
    assert 1 <= len(claim.summary) <= 3
    keys = [q.fact for q in claim.questions]
    assert "claimant_fault" in keys and "claim_filed_date" in keys
    filed = next(q for q in claim.questions if q.fact == "claim_filed_date")
    assert filed.could_change == ["whether the claim is available or barred"]
    assert any(r.id == "limitations_bar" for r in filed.asked_by) or filed.asked_by
    # Flips name facts, not the pleaded theory, unless the theory is what decides it.
    assert claim.flips and all(f.status == "barred" for f in claim.flips)


def test_arithmetic_is_structured(musser: Decision) -> None:
    steps = musser.claims[0].money.ends["most"]
    loss = steps[0]
    assert loss.operation == "sum" and loss.result is not None
    assert sum(o.value or 0 for o in loss.operands) == loss.result.value == 10_500_000
    assert loss.rule is not None and loss.rule.authorities
    check = steps[-1]
    assert check.operation == "sum" and check.result is not None
    assert sum(o.value or 0 for o in check.operands) == check.result.value


def test_reprs_are_short(musser: Decision) -> None:
    assert len(repr(musser)) < 300
    claim = musser.claims[0]
    assert repr(claim).startswith("<Claim Sandra Musser v. Douglas Provencher")
    assert repr(claim.questions[0]) == f"Question({claim.questions[0].fact!r})"
    assert "object at 0x" not in repr(claim.flips)
    assert "<h2>" in musser._repr_html_() and "Sandra Musser" in claim._repr_html_()


def test_schema_names_the_version() -> None:
    schema = Decision.model_json_schema()
    assert schema["properties"]["format_version"]["const"] == 1
