"""The authorities registry is dated data: every entry says when it speaks from, who made
it, whether it is citable and where it was verified; the rulebook cites none that is not
citable and none without its date."""

from __future__ import annotations

import datetime as dt

import pytest

from apportion.law.california import RULEBOOK
from apportion.law.california import authorities as A

REGISTRY = {name: value for name, value in vars(A).items() if isinstance(value, A.Authority)}


def _citations():
    for rule in RULEBOOK.rules.values():
        yield rule.id, rule.authorities
        for exc in rule.exceptions:
            yield f"{rule.id}/{exc.id}", exc.authorities


def test_registry_is_not_empty():
    assert len(REGISTRY) >= 60


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_authority_carries_its_date_court_and_source(name):
    auth = REGISTRY[name]
    assert isinstance(auth.court, A.Court)
    assert isinstance(auth.dated, dt.date)
    assert dt.date(1850, 1, 1) <= auth.dated <= dt.date.today()
    assert isinstance(auth.citable, bool)
    assert auth.verified.startswith(("http", "seed:")) or "http" in auth.verified
    # A reported decision's year is the year it was decided.
    if auth.court in (A.Court.SUPREME, A.Court.APPEAL):
        assert auth.cite.startswith(f"({auth.dated.year})"), auth.cite


def test_an_authority_cannot_be_written_without_its_fields():
    with pytest.raises(TypeError):
        A.Authority("X v. Y", "(2000) 1 Cal.4th 1")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="verified"):
        A.Authority(
            "X v. Y",
            "(2000) 1 Cal.4th 1",
            court=A.Court.SUPREME,
            dated=dt.date(2000, 1, 1),
            citable=True,
            verified=" ",
        )


def test_a_non_citable_opinion_cannot_be_cited():
    with pytest.raises(ValueError, match="not citable"):
        A.ALLSTATE.at("1520")
    with pytest.raises(ValueError, match="not citable"):
        A.MUSSER_COURT_OF_APPEAL.describing()


def test_the_rulebook_cites_only_citable_dated_registry_entries():
    by_text = {a.full: a for a in REGISTRY.values()}
    for where, cites in _citations():
        for cite in cites:
            assert cite.cite in by_text, f"{where}: {cite.cite} is not in the registry"
            auth = by_text[cite.cite]
            assert auth.citable, f"{where} cites {cite.cite}, which is not citable"
            assert cite.dated == auth.dated, where
