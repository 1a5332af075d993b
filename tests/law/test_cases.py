"""Every published case in tests/cases reaches the court's outcome, for the court's reason."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from apportion.decide.scenarios import check, load_folder, load_scenario
from apportion.io.load import InputError
from apportion.law.california import RULEBOOK
from apportion.model.scenario import Expectation

CASES = Path(__file__).resolve().parents[1] / "cases"
FILES = sorted(CASES.glob("*.yaml"))


def test_every_listed_case_has_a_scenario() -> None:
    names = {p.stem for p in FILES}
    for case in (
        "musser-v-provencher", "held-v-arant", "gibson-dunn-v-superior-court",
        "goldfisher-v-superior-court", "parker-v-morton", "holland-v-thacher",
        "austin-v-superior-court", "lewis-v-purvin", "crouse-v-brobeck", "kroll-tract-v-paris",
        "shaffery-v-wilson-elser", "beck-v-wecht", "saunders-v-weissburg", "curtis-v-kellogg",
        "white-mountains-v-borton-petrini",
        # Issue 14: the wider case base.
        "goodley-v-wank", "jackson-v-rogers-wells", "kracht-v-perrin-gartland-doyle",
        "firemans-fund-v-mcdonald-hecht", "baum-v-duckor-spradling", "borissoff-v-taylor-faust",
        "unigard-v-oflaherty-belgum", "goodman-v-kennedy", "far-west-v-d-s",
        "bay-development-v-superior-court", "tech-bilt-v-woodward-clyde", "gackstetter-v-frawley",
        "munoz-v-davis", "prince-v-pacific-gas-electric", "jocer-v-price",
        "people-ex-rel-dept-of-transportation", "state-v-superior-court-shortstop",
        "centex-homes-v-superior-court", "postley-v-harvey", "valley-circle-v-vtn",
        "american-motorcycle-v-superior-court",
    ):  # fmt: skip
        assert case in names


def _doctrines_decided(expectation: Expectation) -> set[str]:
    """The doctrines whose rules an expectation asserts (its deciding rule, the exceptions
    it names, the values it checks, the amounts it checks)."""
    rules = {expectation.decided_by, *expectation.rule_applied, *expectation.values}
    if expectation.recoverable is not None:
        rules |= {"recoverable_low", "recoverable_high"}
    return {RULEBOOK.rules[r].doctrine for r in rules if r in RULEBOOK.rules}


def test_at_least_35_published_decisions_and_a_variation_for_every_doctrine() -> None:
    scenarios = load_folder(CASES)
    published = [s for s in scenarios if not s.is_variation]
    assert len(published) >= 35
    varied = {
        doctrine
        for s in scenarios
        if s.is_variation
        for e in s.file.scenario.expect
        for doctrine in _doctrines_decided(e)
    }
    doctrines = {rule.doctrine for rule in RULEBOOK.rules.values()}
    assert doctrines <= varied, f"doctrines no variation decides: {sorted(doctrines - varied)}"


def test_a_variation_varies_one_published_case_and_cites_its_law_md_section() -> None:
    by_stem = {s.path.stem: s for s in load_folder(CASES)}
    for s in by_stem.values():
        varied = s.file.scenario.variation
        if varied is None:
            continue
        original = by_stem[varied.of]
        assert not original.is_variation, f"{s.path.name} varies a variation"
        assert s.file.scenario.citation == original.file.scenario.citation
        assert s.file.scenario.law.startswith("LAW.md §"), s.path.name
        assert "LAW.md §" in s.path.read_text().split("\nscenario:")[0], s.path.name


def test_a_variation_of_a_missing_case_is_refused(tmp_path: Path) -> None:
    shutil.copy(CASES / "variation-far-west-no-determination.yaml", tmp_path)
    with pytest.raises(InputError) as info:
        load_folder(tmp_path)
    assert any(
        p.endswith("scenario.variation.of") and "no scenario 'far-west-v-d-s'" in why
        for p, why in info.value.problems
    ), info.value.problems


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_case(path: Path) -> None:
    result = check(load_scenario(path))
    failures = [
        f"{c.label()}: {m.what}: expected {m.expected!r}, got {m.got!r}"
        for c in result.checks
        for m in c.mismatches
    ]
    assert not failures, "\n".join(failures)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apportion", *args], capture_output=True, text=True, check=False
    )


def test_cases_command_agrees_on_the_whole_folder() -> None:
    done = run("cases", str(CASES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith(f"{len(FILES)} of {len(FILES)} agree")
    varied = sum(p.stem.startswith("variation-") for p in FILES)
    assert f"published decisions: {len(FILES) - varied}, variations: {varied}" in done.stdout


def test_a_disagreement_is_reported_with_expected_got_and_deciding_rule(tmp_path: Path) -> None:
    text = (CASES / "held-v-arant.yaml").read_text()
    (tmp_path / "held.yaml").write_text(text.replace("status: barred", "status: available"))
    shutil.copy(CASES / "saunders-v-weissburg.yaml", tmp_path)
    done = run("cases", str(tmp_path))
    assert done.returncode == 1
    assert "1 of 2 agree" in done.stdout
    assert "DISAGREE held.yaml" in done.stdout
    assert "status: expected 'available', got 'barred'" in done.stdout
    assert "deciding rule: successor_bar" in done.stdout
    assert "the court: Policy peculiar to the tripartite" in done.stdout


def test_a_wrong_exception_name_is_a_disagreement_not_a_pass(tmp_path: Path) -> None:
    text = (CASES / "crouse-v-brobeck.yaml").read_text()
    path = tmp_path / "crouse.yaml"
    path.write_text(text.replace("successor_bar: crouse_reverse_direction", "successor_bar: null"))
    (checked,) = check(load_scenario(path)).checks
    assert [m.what for m in checked.mismatches] == ["rule_applied.successor_bar"]
    assert checked.mismatches[0].got == "crouse_reverse_direction"


@pytest.mark.parametrize(
    ("edit", "path", "reason"),
    [
        (("status: barred", "status: gone"), "scenario.expect.0.status", "Input should be"),
        (("decided_by: successor_bar", "decided_by: no_such_rule"),
         "scenario.expect.0.decided_by", "no rule named"),
        (("rule_applied: {successor_bar: null}", "rule_applied: {successor_bar: nope}"),
         "scenario.expect.0.rule_applied.successor_bar", "is not one of its exceptions"),
        (("claimant: predecessor\n      respondent", "claimant: nobody\n      respondent"),
         "scenario.expect.0.claimant", "unknown party 'nobody'"),
        (("kind: attorney}", "kind: lawyer}"), "matter.parties.2.kind", "Input should be"),
        (("  as_of: 1977-03-03\n", ""),
         "scenario.expect.0.as_of", "needed when the matter has no as_of"),
        (("values: {successor_bar: true", "values: {successor_bar: 3"),
         "scenario.expect.0.values.successor_bar", "expected true, false or null"),
    ],
)  # fmt: skip
def test_bad_scenarios_name_the_field_path(
    tmp_path: Path, edit: tuple[str, str], path: str, reason: str
) -> None:
    text = (CASES / "held-v-arant.yaml").read_text()
    assert edit[0] in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(InputError) as info:
        load_scenario(bad)
    assert any(p == path and reason in why for p, why in info.value.problems), info.value.problems


def test_bad_file_exits_2_with_no_partial_output(tmp_path: Path) -> None:
    shutil.copy(CASES / "held-v-arant.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("scenario: {case: x}\n")
    done = run("cases", str(tmp_path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "broken.yaml" in done.stderr and "scenario.citation" in done.stderr
    with pytest.raises(InputError):
        load_folder(tmp_path)


def test_one_file_and_a_missing_folder(tmp_path: Path) -> None:
    done = run("cases", str(CASES / "crouse-v-brobeck.yaml"))
    assert done.returncode == 0 and done.stdout.strip().endswith("1 of 1 agree")
    missing = run("cases", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such folder or file" in missing.stderr


def test_coverage_lists_each_exception_and_the_cases_that_exercise_it() -> None:
    done = run("cases", str(CASES), "--coverage")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert (
        "  successor_bar.crouse_reverse_direction: Crouse v. Brobeck, Phleger & Harrison" in lines
    )
    assert any(
        line.startswith("  concurrent_counsel_bar.pre_musser_tripartite_bar: Kroll & Tract")
        for line in lines
    )
    summary = next(line for line in lines if line.startswith("Exceptions decided by"))
    used, total = map(int, summary.split(": ")[1].split(" of "))
    listed = [line for line in lines if line.startswith("  ") and "." in line.split(":")[0]]
    assert total == len(listed) and used == sum("(no case)" not in line for line in listed)
