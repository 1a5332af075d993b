"""`apportion rules`: the rulebook as a document a lawyer can review, and its facts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from apportion.cli import app
from apportion.law.california import RULEBOOK

runner = CliRunner()


def rules(*args: str) -> str:
    done = runner.invoke(app, ["rules", *args])
    assert done.exit_code == 0, done.output
    return done.stdout


def test_text_lists_every_rule_with_its_doctrine_and_authority() -> None:
    out = rules()
    for rule in RULEBOOK.rules.values():
        assert re.search(rf"^  {rule.id} +{re.escape(rule.label)}", out, re.M), rule.id
        assert rule.doctrine in out
    assert "Held v. Arant (1977) 67 Cal.App.3d 748" in out
    assert "unless parker_minority_view (UNSETTLED)" in out
    assert "unless pre_musser_tripartite_bar (in force from 1999-06-24 until 2002-06-27)" in out


def test_markdown_is_the_readable_rulebook() -> None:
    out = rules("--format", "markdown")
    assert out.startswith("# The california rulebook")
    doctrines = re.findall(r"^## (.+)$", out, re.M)
    assert doctrines[0] == "Contents"
    assert set(doctrines[1:]) == {r.doctrine for r in RULEBOOK.rules.values()}
    for rule in RULEBOOK.rules.values():
        assert f"(`{rule.id}`)" in out
        assert f"- **Default:** {rule.default.words()}." in out
        for exc in rule.exceptions:
            assert f"- **Unless** `{exc.id}`: {exc.words}" in out
        for cite in rule.authorities:
            assert f"**Authority:** {cite.text()}" in out
    # pinpoint and quote, validity dates, unsettled marks
    assert (
        "Musser v. Provencher (2002) 28 Cal.4th 274, 276 "
        '("public policy does not require the adoption of such a blanket rule")'
    ) in out
    assert "*In force until 2002-06-27.*" in out
    assert "`parker_minority_view`" in out
    parker = out[out.index("`parker_minority_view`") :].split("\n")[0]
    assert parker.endswith("**UNSETTLED**.")
    crouse = out[out.index("`crouse_reverse_direction`") :].split("\n")[0]
    assert "UNSETTLED" not in crouse


def test_json_carries_every_rule_and_exception() -> None:
    data = json.loads(rules("--format", "json"))
    assert data["digest"] == RULEBOOK.digest()
    by_id = {r["id"]: r for r in data["rules"]}
    assert set(by_id) == set(RULEBOOK.rules)
    bar = by_id["concurrent_counsel_bar"]
    assert [e["id"] for e in bar["exceptions"]] == [
        e.id for e in RULEBOOK.rules["concurrent_counsel_bar"].exceptions
    ]
    assert bar["exceptions"][0]["valid_until"] == "2002-06-27"
    assert bar["authorities"][0]["pinpoint"] == "276"


def test_facts_lists_every_fact_with_type_values_and_question() -> None:
    out = rules("--facts")
    for fact in RULEBOOK.facts.values():
        assert re.search(rf"^{fact.id} +{fact.kind.value} +{re.escape(fact.question)}", out, re.M)
    assert "values: none | voluntary_assignment | involuntary_assignment" in out
    table = rules("--facts", "--format", "markdown")
    assert table.count("\n| `") == len(RULEBOOK.facts)
    parker = next(line for line in table.splitlines() if "`follow_parker_v_morton`" in line)
    assert parker.startswith("| `follow_parker_v_morton` | bool | true, false | Override:")
    assert parker.endswith("| no (override) |")
    assert "`theory` | enum" in table and "| yes |" in table
    assert "follow_parker_v_morton" in out and "(an override: never asked in an interview)" in out
    data = json.loads(rules("--facts", "-f", "json"))
    assert [f["id"] for f in data] == list(RULEBOOK.facts)
    assert next(f for f in data if f["id"] == "theory")["values"][-1] == "transferred_malpractice"
    assert {f["id"] for f in data if not f["asked"]} == {
        f.id for f in RULEBOOK.facts.values() if not f.asked
    }


def test_output_file_and_unwritable_path(tmp_path: Path) -> None:
    target = tmp_path / "RULEBOOK.md"
    assert runner.invoke(app, ["rules", "-f", "markdown", "-o", str(target)]).exit_code == 0
    assert target.read_text().startswith("# The california rulebook")
    done = runner.invoke(app, ["rules", "-o", str(tmp_path / "missing" / "x.md")])
    assert done.exit_code == 2
