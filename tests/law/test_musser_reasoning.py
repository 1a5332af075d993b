"""The Musser report names each step of the Supreme Court's reasoning with its authority:
no blanket bar (H1); the two policy considerations, conflict of interest (does not arise
between concurrent counsel whose joint work ended) and confidentiality (may or may not
arise: here it does not); subrogation despite non-assignability (H2); the deductible
recovered by the insured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from apportion.decide.assessment import assess
from apportion.io.load import load_matter
from apportion.law.california import RULEBOOK

MUSSER = Path(__file__).resolve().parents[2] / "examples" / "musser-v-provencher.yaml"
MUSSER_276 = "Musser v. Provencher (2002) 28 Cal.4th 274, 276"
MUSSER_CASE = "Musser v. Provencher (2002) 28 Cal.4th 274"  # its reasoning, past 276


def test_the_trace_holds_each_step_with_its_authority() -> None:
    (claim,) = assess(load_matter(MUSSER)).claims
    assert claim.status == "available"
    steps = {t.id: t for t in claim.trace.walk_all() if not t.repeated}
    bar = steps["concurrent_counsel_bar"]
    assert bar.value is False and bar.applied is None  # H1: the default, no blanket bar
    assert (
        bar.authorities[0].quote
        == "public policy does not require the adoption of such a blanket rule"
    )
    # The two policy considerations, each ruled out on the facts, case by case.
    ruled_out = {e.id: e for e in bar.ruled_out}
    (conflict,) = ruled_out["conflict_bars_concurrent_claim"].because
    assert conflict.id == "conflict_of_interest" and conflict.value is False
    assert conflict.applied == "concurrent_counsel_no_conflict"
    assert MUSSER_CASE in [c.text() for c in conflict.authorities]
    reasons = {t.id for t in ruled_out["confidentiality_bars_tripartite_claim"].because}
    assert "confidentiality_concern" in reasons
    confidentiality = steps["confidentiality_concern"]
    assert confidentiality.value is False and not confidentiality.unsettled
    assert "may or may not arise" in confidentiality.words
    row = RULEBOOK.interpret(claim.row.facts)
    subrogation = RULEBOOK.trace(row, "subrogation_permitted")
    assert subrogation.value is True
    cites = [c.text() for c in subrogation.authorities]
    assert MUSSER_276 in cites and any(c.startswith("Goodley") for c in cites)
    assert RULEBOOK.trace(row, "deductible_owned_by_insured").value == 1_000_000


def test_the_text_report_names_the_steps_in_order() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "apportion", "assess", str(MUSSER)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    steps = [
        "public policy does not require the adoption of such a blanket rule",
        "would put the respondent in conflict with the client: no",
        "the conflict that justifies the successor bar does not arise",
        "cannot be tried without the client's unwaived confidences: no",
        "may or may not arise",
        "the claimant's insurer may pursue its payments by subrogation: yes",
        "the policy considerations against assignment are not applicable here",
        "Goodley v. Wank & Wank, Inc. (1976) 62 Cal.App.3d 389, 393-395",
        "(its deductible), which it pursues itself: $10,000.00",
    ]
    at = 0
    for step in steps:  # each step after the one before it
        found = text.find(step, at)
        assert found >= 0, f"missing, or out of order: {step!r}"
        at = found
