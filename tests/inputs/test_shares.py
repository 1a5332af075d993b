"""Issue 12, item 3: fault shares as the record states them.

Shares are percentages, parts of 100 %: known shares that cannot be completed to exactly
100 % are refused, naming the fields (never rescaled in silence), unless the matter says
they are relative weights; the last share is derived when all others are known, and the
report says so; a share of at most 1 % beside others above 1 % is probably a fraction
written for a percentage.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from refusal import invoke, refused, write_yaml

from apportion.decide.assessment import assess
from apportion.decide.whatif import whatif
from apportion.io.load import InputError, parse_matter

ACME: dict[str, Any] = yaml.safe_load(
    """
title: Acme Builders v. Baker & Lee LLP and Cho Law PC
as_of: 2025-01-01
parties:
  - {id: acme, name: Acme Builders Inc., kind: client}
  - {id: baker, name: Baker & Lee LLP, kind: attorney}
  - {id: cho, name: Cho Law PC, kind: attorney}
  - {id: lmic, name: Lawyers Mutual Insurance Co., kind: insurer}
representations:
  - {attorney: baker, client: acme, subject: lien dispute, role: lead,
     from: 2019-03-01, to: 2021-06-30}
  - {attorney: cho, client: acme, subject: lien dispute, role: associated,
     retained_by: baker, from: 2019-05-15, to: 2021-06-30}
policies:
  - {id: lmic-2021, insurer: lmic, insured: baker, deductible: 25000, limit: 2000000}
claims:
  - id: acme-malpractice
    claimant: acme
    kind: malpractice
    subject: lien dispute
    defendants:
      - {party: baker, basis: own_fault}
      - {party: cho, basis: own_fault}
    filed: 2022-01-10
    served: 2022-01-20
settlements:
  - {claim: acme-malpractice, settling: [baker], amount: 425000, date: 2023-04-01,
     good_faith_determination: false}
payments:
  - {payer: lmic, on_behalf_of: baker, claim: acme-malpractice, kind: settlement,
     amount: 400000, date: 2023-04-15}
  - {payer: baker, on_behalf_of: baker, claim: acme-malpractice, kind: settlement,
     amount: 25000, date: 2023-04-15}
facts:
  respondent_immune: false
candidates:
  - claimant: baker
    respondent: cho
    facts:
      respondent_caused_same_injury: true
      respondent_fault: 60
      claim_filed_date: 2024-03-15
      defense_forced_by_respondent_tort: false
"""
)


def acme(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(ACME)
    doc.update(changes)
    return doc


def with_faults(*faults: Any, **changes: Any) -> dict[str, Any]:
    """Acme with the claim's defendants' shares (Baker's, Cho's) stated on the claim."""
    doc = acme(**changes)
    del doc["candidates"][0]["facts"]["respondent_fault"]
    for defendant, fault in zip(doc["claims"][0]["defendants"], faults, strict=True):
        defendant["fault"] = fault
    return doc


def test_whatif_refuses_shares_that_cannot_add_up_instead_of_rescaling(tmp_path: Path) -> None:
    # Respondent 60 %, no one else liable (others 0 %): the claimant at 20 % is impossible.
    source = write_yaml(tmp_path / "acme.yaml", acme())
    done = invoke("whatif", source, "--set", "claimant_fault=20", "--no-flips")
    fields = "--set claimant_fault, candidates.0.facts.respondent_fault, others_fault (none"
    refused(done, source, f"{fields} on claims.0)", "add up to 80 %")
    assert "not 100 %" in done.stderr and "fault_shares: relative" in done.stderr
    assert "318,750" not in done.output


def test_the_last_share_is_derived_and_the_report_says_so(tmp_path: Path) -> None:
    source = write_yaml(tmp_path / "acme.yaml", acme())
    done = invoke("assess", source)
    assert done.exit_code == 0, done.stderr
    assert "claimant_fault is derived: 40 %" in done.stdout
    assert "Recoverable:  $255,000.00" in done.stdout  # as before: the plan is unchanged
    decision = json.loads(invoke("assess", source, "-f", "json").stdout)
    claim = decision["claims"][0]
    assert claim["notes"] == [
        "claimant_fault is derived: 40 %, what the other shares (respondent 60 % and "
        "others 0 %) leave of 100 %."
    ]
    assert {"id": "claimant_fault", "value": 4000} in [
        {"id": f["id"], "value": f["value"]} for f in claim["facts"]
    ]
    # Setting it to what it must be is accepted, and changes nothing.
    same = whatif(parse_matter(acme(), "acme"), {"claimant_fault": 40}, with_flips=False)
    assert same.claims[0].status_after == same.claims[0].status_before == "available"


@pytest.mark.parametrize(
    ("faults", "path", "words"),
    [
        ((70, 50), "claims.0.defendants.0.fault, claims.0.defendants.1.fault", "more than 100 %"),
        ((0.6, 40), "claims.0.defendants.0.fault", "0.6 — did you mean 60?"),
        (("0.5%", 30), "claims.0.defendants.0.fault", "0.5 — did you mean 50?"),
    ],
)
def test_claim_shares_that_cannot_be_completed_are_refused(
    tmp_path: Path, faults: tuple[Any, ...], path: str, words: str
) -> None:
    source = write_yaml(tmp_path / "m.yaml", with_faults(*faults))
    refused(invoke("assess", source), source, path, words)


def test_a_complete_split_may_hold_a_one_percent_share(tmp_path: Path) -> None:
    doc = with_faults(1, 99)
    assert assess(parse_matter(doc, "m")).claims


def test_answered_shares_past_100_are_refused(tmp_path: Path) -> None:
    doc = acme()
    doc["facts"]["claimant_fault"] = 50  # beside the respondent's 60 %
    with pytest.raises(InputError) as error:
        assess(parse_matter(doc, "m"))
    (problem,) = error.value.problems
    assert problem[0] == (
        "facts.claimant_fault, candidates.0.facts.respondent_fault, others_fault (none on claims.0)"
    )
    assert "add up to 110 %, more than 100 %" in problem[1]


def test_relative_weights_say_so_and_divide_like_percentages(tmp_path: Path) -> None:
    weights = assess(parse_matter(with_faults(3, 1, fault_shares="relative"), "m"))
    percent = assess(parse_matter(with_faults(75, 25), "m"))
    assert (
        weights.claims[0].values["recoverable_low"] == (percent.claims[0].values["recoverable_low"])
    )
    assert weights.claims[0].values["status"] == "available"
    source = write_yaml(tmp_path / "m.yaml", with_faults(3, 1, fault_shares="relative"))
    done = invoke("assess", source)
    assert done.exit_code == 0, done.stderr
    assert "Fault shares are relative weights (fault_shares: relative)" in done.stdout
    assert "3 : 1 : 0" in done.stdout


def test_relative_weights_must_all_be_known(tmp_path: Path) -> None:
    source = write_yaml(tmp_path / "m.yaml", with_faults(3, None, fault_shares="relative"))
    refused(
        invoke("assess", source), source, "claims.0.defendants.1.fault", "every one must be known"
    )
