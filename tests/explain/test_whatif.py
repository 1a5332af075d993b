"""What-if: what changes and why, and status flips that are real.

Every flip is checked by re-assessing the matter with its changes answered in the
matter's own notation: the status must become the flipped one (and the deciding rule the
one reported); a pair is reported only where neither of its changes flips the claim alone.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from musser import MUSSER, generated_matter, musser
from typer.testing import CliRunner

from apportion.cli import app
from apportion.decide.assessment import assess
from apportion.decide.decision import flip as typed_flip
from apportion.decide.interview import notation
from apportion.decide.whatif import apply_flip, status_flips, whatif, with_facts
from apportion.engine.counterfactual import Flip
from apportion.io.load import parse_matter
from apportion.law.california import RULEBOOK
from apportion.model.matter import Matter
from apportion.report.whatif import flip_sentence, render_whatif


def sentence(found: Flip) -> str:
    return flip_sentence(typed_flip(RULEBOOK, found), str(found.before))


def check_real(matter: Matter, found: list[Flip]) -> None:
    base = assess(matter)
    for flip in found:
        assert base.claims[flip.row].status == flip.before
        after = assess(apply_flip(matter, flip)).claims[flip.row]
        assert after.status == flip.after != flip.before, sentence(flip)
        assert after.values["decided_by"] == dict(flip.also)["decided_by"]
        if len(flip.changes) == 2:
            for change in flip.changes:
                alone = with_facts(matter, {change.fact.id: notation(change.fact, change.after)})
                assert assess(alone).claims[flip.row].status in (flip.before, "undetermined")


def test_barred_only_because_the_respondent_settled_in_good_faith() -> None:
    matter = musser(respondent_good_faith_settlement=True)
    found = status_flips(assess(matter))
    singles = [f for f in found if len(f.changes) == 1]
    assert [(c.fact.id, c.before, c.after) for f in singles for c in f.changes] == [
        ("respondent_good_faith_settlement", True, False)
    ]
    said = sentence(singles[0])
    assert said.startswith(
        "BARRED only because the respondent settled in good faith with the client = yes"
    )
    assert said.endswith("AVAILABLE (decided by the claim is available)")
    check_real(matter, found)


def test_two_bars_need_a_pair_and_an_election_is_marked_as_one() -> None:
    matter = musser(respondent_good_faith_settlement=True, respondent_succeeded_claimant=True)
    found = status_flips(assess(matter))
    assert found and all(len(f.changes) == 2 for f in found)
    pairs = {frozenset(c.fact.id for c in f.changes) for f in found}
    assert frozenset({"respondent_good_faith_settlement", "follow_parker_v_morton"}) in pairs
    election = next(f for f in found if "follow_parker_v_morton" in {c.fact.id for c in f.changes})
    assert "(an election the matter may make)" in sentence(election)
    check_real(matter, found)


def test_setting_facts_shows_what_changed_and_the_rules_that_read_them() -> None:
    result = whatif(musser(), {"respondent_good_faith_settlement": True})
    (change,) = result.claims
    assert (change.status_before, change.status_after) == ("available", "barred")
    assert change.decided_by_before is not None and change.decided_by_after is not None
    assert change.decided_by_before.id == "available"
    assert change.decided_by_after.id == "good_faith_settlement_bar"
    assert [n.rule for n in change.reasons] == ["good_faith_settlement_bar"]
    # Only status, amounts and owners are shown as changes, never internal goals.
    assert [a.label for a in change.amounts] == [
        "recoverable",
        "owned by Sandra Musser (own loss)",
        "owned by The Home Insurance Company (primary insurer, by subrogation)",
    ]
    assert all(a.after is None or a.after.cents == 0 for a in change.amounts)
    text = render_whatif(result)
    assert "Status:       AVAILABLE → BARRED" in text
    assert "Recoverable:  $0.00 to $167,000.00 → $0.00" in text
    assert "recoverable_high" not in text
    assert "Code Civ. Proc. § 877.6" in text
    assert "only because the respondent settled in good faith" in text
    unchanged = whatif(musser(), {"respondent_immune": False})
    assert not unchanged.claims[0].changed


@pytest.mark.parametrize("seed", range(5))
def test_flips_on_generated_matters_are_real(seed: int) -> None:
    matter = parse_matter(generated_matter(random.Random(100 + seed)))
    check_real(matter, status_flips(assess(matter)))


def test_whatif_command(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(
        app, ["whatif", str(MUSSER), "--set", "respondent_good_faith_settlement=yes"]
    )
    assert done.exit_code == 0, done.output
    assert "AVAILABLE → BARRED" in done.output
    done = runner.invoke(
        app, ["whatif", str(MUSSER), "-s", "respondent_good_faith_settlement=yes", "-f", "json"]
    )
    data = json.loads(done.output)
    (claim,) = data["claims"]
    assert (claim["status_before"], claim["status_after"]) == ("available", "barred")
    (change,) = claim["flips"][0]["changes"]
    assert (change["fact"], change["before"], change["after"]) == (
        "respondent_good_faith_settlement",
        True,
        False,
    )
    bad = runner.invoke(app, ["whatif", str(MUSSER), "--set", "claimant_fault=140"])
    assert bad.exit_code == 2
    assert "--set claimant_fault: a share is a percentage" in bad.output


def test_a_question_of_fact_left_open_by_the_law_is_decided_by_the_facts_behind_it() -> None:
    matter = musser(
        needs_client_confidences=True,
        respondent_needs_disclosure_to_defend=True,
        privilege_waived_by_client=False,
    )
    (claim,) = assess(matter).claims
    assert claim.status == "undetermined"  # confidentiality between cocounsel: a fact question
    found = status_flips(assess(matter))
    deciding = {(c.fact.id, f.after) for f in found for c in f.changes if len(f.changes) == 1}
    assert ("needs_client_confidences", "available") in deciding
    assert ("privilege_waived_by_client", "available") in deciding
    assert sentence(found[0]).endswith(")")  # "... if X = v (now w)"
    check_real(matter, found)


@pytest.mark.parametrize("seed", range(3))
def test_questions_and_flips_agree_on_the_row_path_and_the_plan(seed: int) -> None:
    from apportion.decide.assessment import QUESTION_GOALS
    from apportion.engine.counterfactual import flips
    from apportion.engine.relevance import questions

    matter = musser() if seed == 0 else parse_matter(generated_matter(random.Random(200 + seed)))
    result = assess(matter)
    inputs, book = result.inputs(), result.rulebook
    opens = {"status": "undetermined"}
    assert questions(book, inputs, QUESTION_GOALS, open_values=opens, path="rows") == questions(
        book, inputs, QUESTION_GOALS, open_values=opens, path="frame"
    )
    found = [
        flips(book, inputs, "status", open_values=("undetermined",), also=("decided_by",), path=p)
        for p in ("rows", "frame")
    ]
    assert found[0] == found[1]


def test_flips_are_over_facts_unless_the_theory_is_asked_for() -> None:
    found = assess(musser()).flips()
    assert found and all(c.fact.id != "theory" for f in found for c in f.changes)
    pleaded = assess(musser()).flips(include_pleaded=True)
    assert any(c.fact.id == "theory" for f in pleaded for c in f.changes)


def test_whatif_targets_one_claim_and_renders_markdown() -> None:
    runner = CliRunner()
    args = ["whatif", str(MUSSER), "-s", "respondent_good_faith_settlement=yes", "--no-flips"]
    done = runner.invoke(app, [*args, "--claim", "musser:provencher", "-f", "markdown"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("# Musser v. Provencher")
    assert "(for musser:provencher only)" in done.output
    assert "- **Status:** AVAILABLE → BARRED" in done.output
    wrong = runner.invoke(app, [*args, "--claim", "provencher:musser"])
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert "--claim: no candidate claim provencher:musser; the matter's are musser:provencher" in (
        wrong.stderr
    )


def test_a_targeted_setting_reaches_only_its_claim() -> None:
    matter = musser()
    doc = matter.model_dump(mode="json", by_alias=True, exclude_none=True)
    lloyd = {"id": "other", "name": "Other Counsel", "kind": "attorney"}
    doc["parties"].append(lloyd)
    doc["candidates"] = [
        {"claimant": "musser", "respondent": "provencher"},
        {"claimant": "musser", "respondent": "other"},
    ]
    two = parse_matter(doc)
    settings = {"respondent_good_faith_settlement": True}
    changed = with_facts(two, settings, target=("musser", "other"))
    assert "respondent_good_faith_settlement" not in changed.facts
    first, second = changed.candidates
    assert "respondent_good_faith_settlement" not in first.facts
    assert second.facts["respondent_good_faith_settlement"] is True
