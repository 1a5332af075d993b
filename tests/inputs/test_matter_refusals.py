"""Issue 13, items 1-8, 12, 16 and 20: every bad matter file, ``--set`` value or
``--as-of`` is refused cleanly (exit 2, ``file: field.path: reason``, nothing on stdout),
through every command that reads it; the edges themselves are accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from refusal import MUSSER, MUSSER_DOC, invoke, musser, refused, write_yaml

from apportion.decide.interview import parse_answer
from apportion.law.california import RULEBOOK

COMMANDS = (("assess",), ("whatif", "--no-flips"), ("interview",))


@pytest.mark.parametrize("command", COMMANDS)
def test_item_01_an_impossible_unquoted_date(tmp_path: Path, command: tuple[str, ...]) -> None:
    text = MUSSER.read_text().replace("as_of: 2002-06-27", "as_of: 2002-02-30")
    (tmp_path / "m.yaml").write_text(text)
    result = invoke(command[0], tmp_path / "m.yaml", *command[1:])
    refused(result, tmp_path / "m.yaml", "as_of", "2002-02-30 is not a date on the calendar")


def test_item_02_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_bytes(b"title: \xff\n")
    refused(invoke("assess", tmp_path / "x.yaml"), tmp_path / "x.yaml", "(file)", "not UTF-8")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize("command", COMMANDS)
def test_item_03_deep_nesting(tmp_path: Path, suffix: str, command: tuple[str, ...]) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"title": ' + "[" * 2000 + "]" * 2000 + "}")
    result = invoke(command[0], path, *command[1:])
    refused(result, path, "(file)", "nested more than 32 levels deep")


def test_item_03_nesting_a_matter_needs_is_read(tmp_path: Path) -> None:
    doc = musser()
    doc["parties"][0]["note"] = "fine"
    assert invoke("assess", write_yaml(tmp_path / "m.yaml", doc)).exit_code == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_item_04_a_bad_fact_is_refused_by_interview_too(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = write_yaml(tmp_path / "m.yaml", musser(facts={"respondent_immune": 0}))
    result = invoke(command[0], path, *command[1:], input="quit\n")
    refused(result, path, "facts.respondent_immune", "expected true or false")


@pytest.mark.parametrize("command", COMMANDS)
def test_item_04_a_payer_neither_insured_nor_insurer(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    doc = musser()
    doc["payments"][0]["payer"] = "provencher"
    path = write_yaml(tmp_path / "m.yaml", doc)
    result = invoke(command[0], path, *command[1:], input="quit\n")
    refused(result, path, "payments.0.payer", "neither 'musser' nor an insurer")


def test_item_05_an_unbounded_whole_number(tmp_path: Path) -> None:
    huge = 10**21
    doc = musser(facts=MUSSER_DOC["facts"] | {"section_340_6_tolled_days": huge})
    path = write_yaml(tmp_path / "m.yaml", doc)
    refused(invoke("assess", path), path, "facts.section_340_6_tolled_days", "outside 0 to")
    result = invoke("whatif", MUSSER, "--set", f"section_340_6_tolled_days={huge}")
    refused(result, "command line", "--set section_340_6_tolled_days", "outside 0 to")


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("--as-of", "9999-12-31"), "--as-of"),
        (("--as-of", "0001-01-01"), "--as-of"),
        (("--set", "last_payment_date=0001-01-01"), "--set last_payment_date"),
        (("--set", "last_payment_date=9999-12-31"), "--set last_payment_date"),
    ],
)
def test_item_06_whatif_beyond_the_calendars_bounds(args: tuple[str, str], path: str) -> None:
    refused(invoke("whatif", MUSSER, *args), "command line", path, "is outside 1850-01-01")


@pytest.mark.parametrize(
    "args", [("--as-of", "2199-12-31"), ("--set", "last_payment_date=1850-01-01")]
)
def test_item_06_whatif_at_the_bounds_answers(args: tuple[str, str]) -> None:
    result = invoke("whatif", MUSSER, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["claims"]


@pytest.mark.parametrize("side", ["indemnitor", "indemnitee"])
def test_item_07_a_contract_naming_no_party(tmp_path: Path, side: str) -> None:
    contract = {"between": ["musser", "provencher"], "kind": "indemnity"}
    contract |= {"indemnitor": "provencher", "indemnitee": "musser", side: "nobody"}
    path = write_yaml(tmp_path / "m.yaml", musser(contracts=[contract]))
    refused(invoke("assess", path), path, f"contracts.0.{side}", "unknown party 'nobody'")


def test_item_08_duplicate_keys_refused_before_the_first_question(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    text = MUSSER.read_text() + "facts:\n  respondent_immune: true\n"
    path.write_text(text)
    result = invoke("interview", path, "--write", input="yes\n" * 5)
    refused(result, path, "facts", "given twice")
    assert path.read_text() == text


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("title: a\ntitle: b\n", "title"),
        ("title: a\nfacts:\n  x: 1\n  x: 2\n", "facts.x"),
        ('{"title": "a", "title": "b"}', "(file)"),
    ],
)
def test_item_12_duplicate_keys_in_yaml_and_json(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / ("m.json" if text.startswith("{") else "m.yaml")
    path.write_text(text)
    refused(invoke("assess", path), path, where, "twice")


def _party(kind: str, pid: str) -> dict[str, str]:
    return {"id": pid, "name": pid.title(), "kind": kind}


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (lambda d: d["claims"].append(dict(d["claims"][0])), "claims.2.id", "used twice"),
        (lambda d: d["policies"].append(dict(d["policies"][0])), "policies.1.id", "used twice"),
        (
            lambda d: d["claims"][0]["defendants"].append({"party": "scott", "basis": "own_fault"}),
            "claims.0.defendants.1.party",
            "cannot sue itself",
        ),
        (
            lambda d: d["facts"].update(section_340_6_tolled_days=-5),
            "facts.section_340_6_tolled_days",
            "outside 0 to",
        ),
        (
            lambda d: d["representations"][0].update(attorney="home"),
            "representations.0.attorney",
            "'home' is insurer",
        ),
        (
            lambda d: d["policies"][0].update(insurer="provencher"),
            "policies.0.insurer",
            "'provencher' is attorney, not insurer",
        ),
        (
            lambda d: d["settlements"][0].update(releases=["nobody"]),
            "settlements.0.releases.0",
            "unknown party",
        ),
        (
            lambda d: d["payments"][0].update(amount="１２"),
            "payments.0.amount",
            "not an amount",
        ),
        (
            lambda d: d["claims"][0]["defendants"][0].update(fault="１２"),
            "claims.0.defendants.0.fault",
            "not a percentage",
        ),
    ],
)
def test_item_16_matter_checks(tmp_path: Path, change: object, where: str, words: str) -> None:
    doc = musser()
    assert callable(change)
    change(doc)
    path = write_yaml(tmp_path / "m.yaml", doc)
    refused(invoke("assess", path), path, where, words)


@pytest.mark.parametrize("field", ["title", "name", "note"])
def test_item_20_terminal_escapes_in_names_are_refused(tmp_path: Path, field: str) -> None:
    doc = musser()
    evil = "Musser \x1b[2J\x1b[31mPAID\x1b[0m"
    if field == "title":
        doc["title"] = evil
        where = "title"
    else:
        doc["parties"][2][field] = evil
        where = f"parties.2.{field}"
    path = write_yaml(tmp_path / "m.yaml", doc)
    refused(invoke("assess", path, "--format", "markdown"), path, where, "control character")


def test_item_20_messages_about_facts_name_the_file(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "m.yaml", musser(facts={"no_such_fact": True}))
    refused(invoke("assess", path), path, "facts.no_such_fact", "no such fact")


@pytest.mark.parametrize(
    ("fact", "answer", "words"),
    [
        ("section_340_6_tolled_days", "1000000000000000000000", "outside 0 to"),
        ("section_340_6_tolled_days", "-3", "outside 0 to"),
        ("last_payment_date", "0001-01-01", "outside 1850-01-01"),
        ("last_payment_date", "2002-02-30", "expected a date"),
        ("paid_by_primary", "１２", "not an amount"),
    ],
)
def test_items_05_06_16_interview_answers_are_held_to_the_same_bounds(
    fact: str, answer: str, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        parse_answer(RULEBOOK.facts[fact], answer)


def test_a_device_is_not_a_matter_file() -> None:
    refused(invoke("assess", "/dev/null"), "/dev/null", "(file)", "not a regular file")
