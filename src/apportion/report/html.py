"""The decision report as HTML (Jinja2 templates, everything autoescaped): a standalone
page, or a fragment for notebooks. The summary comes first; the reasons and the arithmetic
follow as tables and trees, folded. Reads only a Decision."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import jinja2

from apportion.report import format as fmt

if TYPE_CHECKING:  # presenters read a Decision's shape; they never build one
    from apportion.model.decision import Claim, Decision


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("apportion.report", "templates"),
        autoescape=True,  # every string from a matter is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=fmt.money,
        amount=fmt.amount,
        owner=fmt.owner,
        fact=fmt.fact,
        arithmetic=fmt.arithmetic,
        could=fmt.could,
        file_by=fmt.file_by,
        deadline_basis=fmt.deadline_basis,
        deadline_views=fmt.deadline_views,
        deadline_moved_by=fmt.deadline_moved_by,
    )
    env.globals.update(value=fmt.value, flip=fmt.flip, header=fmt.header)
    return env


def render_html(decision: Decision, standalone: bool = True) -> str:
    template = _environment().get_template("decision.html.j2")
    return template.render(decision=decision, claims=decision.claims, standalone=standalone)


def render_claim_html(claim: Claim) -> str:
    template = _environment().get_template("decision.html.j2")
    return template.render(decision=None, claims=[claim], standalone=False)
