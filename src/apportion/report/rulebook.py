"""The rulebook itself as a document: every rule with its words, default, exceptions,
validity dates and authorities, grouped by doctrine; and the facts it asks about.

This is what a lawyer reviews: it is generated from the rule objects, so it cannot drift
from what the engine runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from apportion.engine import Citation, Exception_, Fact, Rule, Rulebook

UNSETTLED = "UNSETTLED"


def by_doctrine(rulebook: Rulebook, order: Sequence[str] = ()) -> dict[str, list[Rule]]:
    """Rules grouped by doctrine: the doctrines in ``order`` first, then as first seen."""
    groups: dict[str, list[Rule]] = {name: [] for name in order}
    for rule in rulebook.rules.values():
        groups.setdefault(rule.doctrine or "(no doctrine)", []).append(rule)
    return {name: rules for name, rules in groups.items() if rules}


def cite_text(citation: Citation) -> str:
    text = citation.text()
    return f'{text} ("{citation.quote}")' if citation.quote else text


def validity(exc: Exception_) -> str:
    if exc.valid_from and exc.valid_until:
        return f"in force from {exc.valid_from} until {exc.valid_until}"
    if exc.valid_from:
        return f"in force from {exc.valid_from}"
    if exc.valid_until:
        return f"in force until {exc.valid_until}"
    return ""


def is_unsettled(rule: Rule) -> bool:
    return rule.unsettled or any(e.unsettled for e in rule.exceptions)


# --- rules -------------------------------------------------------------------------------
def rules_text(rulebook: Rulebook, order: Sequence[str] = ()) -> str:
    """One line per rule (id, what it concludes, first authority); exceptions beneath."""
    out = [f"Rulebook {rulebook.name} {rulebook.version} ({rulebook.digest()})"]
    width = max(len(r.id) for r in rulebook.rules.values())
    for doctrine, rules in by_doctrine(rulebook, order).items():
        out += ["", doctrine]
        for rule in rules:
            mark = f" [{UNSETTLED}]" if rule.unsettled else ""
            out.append(f"  {rule.id:<{width}}  {rule.label}{mark}")
            if rule.authorities:
                out.append(f"  {'':<{width}}  — {'; '.join(c.text() for c in rule.authorities)}")
            for exc in rule.exceptions:
                flags = ", ".join(x for x in (validity(exc), UNSETTLED * exc.unsettled) if x)
                cites = "; ".join(c.text() for c in exc.authorities)
                line = f"  {'':<{width}}  unless {exc.id}"
                line += f" ({flags})" if flags else ""
                out.append(line + (f" — {cites}" if cites else ""))
    return "\n".join(out) + "\n"


def rules_markdown(rulebook: Rulebook, order: Sequence[str] = ()) -> str:
    out = [
        f"# The {rulebook.name} rulebook, version {rulebook.version}",
        "",
        f"Digest `{rulebook.digest()}`. Generated from the rules the engine runs "
        "(`apportion rules --format markdown`). Each rule states its default; labelled "
        "exceptions displace it when their condition holds. Points the law leaves open are "
        f"marked **{UNSETTLED}**: they are encoded as named, cited rules that a matter can "
        "override with an explicit fact, never as settled law.",
    ]
    groups = by_doctrine(rulebook, order)
    out += ["", "## Contents", ""]
    out += [
        f"- {name} ({len(rules)} rule{'s' * (len(rules) != 1)})" for name, rules in groups.items()
    ]
    for doctrine, rules in groups.items():
        out += ["", f"## {doctrine}"]
        for rule in rules:
            out += ["", *_rule_markdown(rule)]
    return "\n".join(out) + "\n"


def _rule_markdown(rule: Rule) -> list[str]:
    mark = f" — **{UNSETTLED}**" if rule.unsettled else ""
    out = [f"### {_sentence(rule.label)} (`{rule.id}`){mark}", "", rule.words_text, ""]
    out.append(f"- **Default:** {rule.default.words()}.")
    out += [f"- **Authority:** {cite_text(c)}" for c in rule.authorities]
    for exc in rule.exceptions:
        unsettled = f" **{UNSETTLED}**." if exc.unsettled else ""
        dates = f" *{_sentence(validity(exc))}.*" if validity(exc) else ""
        out.append(f"- **Unless** `{exc.id}`: {exc.words}{dates}{unsettled}")
        out.append(f"  - when: {exc.when.words()}")
        out.append(f"  - then: {exc.value.words()}")
        out += [f"  - authority: {cite_text(c)}" for c in exc.authorities]
    return out


def rules_data(rulebook: Rulebook, order: Sequence[str] = ()) -> dict[str, Any]:
    def cites(items: Iterable[Citation]) -> list[dict[str, Any]]:
        return [{"cite": c.cite, "pinpoint": c.pinpoint, "quote": c.quote} for c in items]

    return {
        "rulebook": rulebook.name,
        "version": rulebook.version,
        "digest": rulebook.digest(),
        "rules": [
            {
                "id": rule.id,
                "doctrine": doctrine,
                "label": rule.label,
                "kind": rule.kind.value,
                "words": rule.words_text,
                "default": rule.default.words(),
                "unsettled": rule.unsettled,
                "authorities": cites(rule.authorities),
                "exceptions": [
                    {
                        "id": exc.id,
                        "words": exc.words,
                        "when": exc.when.words(),
                        "then": exc.value.words(),
                        "valid_from": exc.valid_from.isoformat() if exc.valid_from else None,
                        "valid_until": exc.valid_until.isoformat() if exc.valid_until else None,
                        "unsettled": exc.unsettled,
                        "authorities": cites(exc.authorities),
                    }
                    for exc in rule.exceptions
                ],
            }
            for doctrine, rules in by_doctrine(rulebook, order).items()
            for rule in rules
        ],
    }


# --- facts -------------------------------------------------------------------------------
def fact_values(fact: Fact, sep: str = " | ") -> str:
    if fact.values:
        return sep.join(fact.values)
    return _KIND_VALUES[fact.kind.value].replace(" | ", sep)


_KIND_VALUES = {
    "bool": "true | false",
    "money": "dollars, e.g. 85000 or '1250.50'",
    "share": "percentage, e.g. 40 or '40%'",
    "date": "YYYY-MM-DD",
    "int": "whole number",
    "enum": "",
}


def facts_text(rulebook: Rulebook) -> str:
    out = [f"{len(rulebook.facts)} facts (answer any of them under a matter's `facts:`)", ""]
    width = max(len(f.id) for f in rulebook.facts.values())
    for fact in rulebook.facts.values():
        out.append(f"{fact.id:<{width}}  {fact.kind.value:<5}  {fact.question}")
        note = "" if fact.asked else "  (an override: never asked in an interview)"
        out.append(f"{'':<{width}}         values: {fact_values(fact)}{note}")
    return "\n".join(out) + "\n"


def facts_markdown(rulebook: Rulebook) -> str:
    out = [
        f"# Facts of the {rulebook.name} rulebook",
        "",
        "Each fact is a column of a portfolio table and a key a matter may answer under "
        "`facts:` (for every candidate claim) or a candidate's own `facts:`.",
        "",
        "| fact | type | values | question | asked in interviews |",
        "|---|---|---|---|---|",
    ]
    for fact in rulebook.facts.values():
        question = fact.question.replace("|", "\\|")
        values = fact_values(fact, ", ")
        asked = "yes" if fact.asked else "no (override)"
        out.append(f"| `{fact.id}` | {fact.kind.value} | {values} | {question} | {asked} |")
    return "\n".join(out) + "\n"


def facts_data(rulebook: Rulebook) -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "kind": f.kind.value,
            "values": list(f.values),
            "question": f.question,
            "label": f.label,
            "asked": f.asked,
        }
        for f in rulebook.facts.values()
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
