"""Issue 12, item 5: a rule conflict on a single matter is an answer, not a crash.

The California rulebook has no clash left: its one, a volunteer insurer before Musser
(both "a volunteer is not subrogated" and "before Musser subrogation was unsettled"
applied, with different values), was fixed by ruling the volunteer out of the second.
A rulebook with that clash put back stands in for a clash the law might contain, as the
default of every command (`assess`, `interview`, `whatif`) and of the Python API.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from apportion.cli import app
from apportion.decide import assessment, decision
from apportion.engine import Rulebook, RuleConflict
from apportion.io.load import load_matter
from apportion.law.california import RULEBOOK

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
RULE = "subrogation_permitted"


def _with_the_old_clash() -> Rulebook:
    # A deep copy of the law (facts and rules together, so that every rule reads the copy
    # of the rules it reads), then the old condition on the copy: before Musser, any
    # equitable claim, volunteer or not.
    facts, rules = copy.deepcopy((list(RULEBOOK.facts.values()), list(RULEBOOK.rules.values())))
    clashing = next(r for r in rules if r.id == RULE)
    volunteer, before_musser = clashing.exceptions
    equitable = before_musser.when.children()[0]
    clashing.exceptions = (volunteer, dataclasses.replace(before_musser, when=equitable))
    return Rulebook(
        "california-with-a-clash",
        RULEBOOK.version,
        facts,
        rules,
        since=RULEBOOK.since,
        earlier=RULEBOOK.earlier,
    )


CLASHING = _with_the_old_clash()


@pytest.fixture
def clashing_law(monkeypatch: pytest.MonkeyPatch) -> Rulebook:
    """Every command's rulebook is the clashing one (the commands take the default)."""
    monkeypatch.setattr(assessment.assess, "__defaults__", (None, CLASHING))
    monkeypatch.setattr(decision.decide, "__defaults__", (None, CLASHING))
    return CLASHING


def _matter(path: Path, *, volunteer: bool) -> Path:
    """Musser as of 2001, before the Supreme Court decided it; Home a volunteer or not."""
    doc: dict[str, Any] = yaml.safe_load(MUSSER.read_text())
    doc["as_of"] = "2001-01-01"
    if volunteer:
        doc["facts"]["insurer_paid_as_volunteer"] = True
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def _check_message(stderr: str, source: Path) -> None:
    lines = stderr.splitlines()
    claim = f"{source}: claim Sandra Musser v. Douglas Provencher: "
    assert lines and all(line.startswith(claim) for line in lines), lines
    head, *exceptions = (line.removeprefix(claim) for line in lines)
    assert head.startswith(f"rule '{RULE}' (the claimant's insurer may pursue")
    assert "exceptions 'volunteer_not_subrogated' and 'open_before_musser' both apply" in head
    volunteer, before = exceptions
    assert volunteer.startswith("exception 'volunteer_not_subrogated' gives false (")
    assert "Fireman's Fund" in volunteer
    assert volunteer.endswith("It applies because insurer_paid_as_volunteer = true.")
    assert before.startswith("exception 'open_before_musser' gives unknown (")
    assert "Goodley" in before
    # Dated (until Musser): the day is one of the facts that fired it, and the theory.
    assert "It applies because as_of = 2001-01-01, theory = equitable_indemnity." in before
    assert "Traceback" not in stderr


def test_the_clash_is_real_and_the_fixed_law_has_none(tmp_path: Path) -> None:
    matter = load_matter(_matter(tmp_path / "m.yaml", volunteer=True))
    assert assessment.assess(matter).claims  # the law as it is decides it
    with pytest.raises(RuleConflict):
        assessment.assess(matter, rulebook=CLASHING)


def test_python_api_raises_a_typed_conflict_with_its_parts(tmp_path: Path) -> None:
    matter = load_matter(_matter(tmp_path / "m.yaml", volunteer=True))
    with pytest.raises(RuleConflict) as raised:
        decision.decide(matter, rulebook=CLASHING)
    clash = raised.value
    assert clash.rule_id == RULE and clash.row == 0
    assert clash.where == "claim Sandra Musser v. Douglas Provencher"
    assert clash.label == RULEBOOK.rules[RULE].label
    assert [e.id for e in clash.exceptions] == clash.exception_ids
    assert clash.exception_ids == ["volunteer_not_subrogated", "open_before_musser"]
    volunteer, before = clash.exceptions
    assert (volunteer.value, before.value) == (False, None)
    assert dict(volunteer.facts) == {"insurer_paid_as_volunteer": True}
    assert dict(before.facts)["theory"] == "equitable_indemnity"
    assert all(e.authorities for e in clash.exceptions)


def test_assess_names_the_rule_exceptions_authorities_and_facts(
    clashing_law: Rulebook, tmp_path: Path
) -> None:
    source = _matter(tmp_path / "m.yaml", volunteer=True)
    for fmt in ("text", "json"):
        done = CliRunner().invoke(app, ["assess", str(source), "-f", fmt])
        assert done.exit_code == 2, done.output
        assert done.stdout == ""
        _check_message(done.stderr, source)


def test_interview_refuses_a_matter_the_rules_cannot_decide(
    clashing_law: Rulebook, tmp_path: Path
) -> None:
    source = _matter(tmp_path / "m.yaml", volunteer=True)
    done = CliRunner().invoke(app, ["interview", str(source)], input="quit\n")
    assert done.exit_code == 2, done.output
    assert done.stdout == ""
    _check_message(done.stderr, source)


def test_whatif_refuses_a_change_that_makes_two_exceptions_clash(
    clashing_law: Rulebook, tmp_path: Path
) -> None:
    source = _matter(tmp_path / "m.yaml", volunteer=False)
    fine = CliRunner().invoke(app, ["whatif", str(source), "--no-flips"])
    assert fine.exit_code == 0, fine.output  # Home paid under its policy: no clash
    done = CliRunner().invoke(
        app, ["whatif", str(source), "--set", "insurer_paid_as_volunteer=true", "--no-flips"]
    )
    assert done.exit_code == 2, done.output
    assert done.stdout == ""
    _check_message(done.stderr, source)
