"""The pages' Jinja2 environment: autoescaped, strict, with the report's filters and its
reasons macros (``decision.html.j2``), so a page and the HTML report say the same."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from apportion.report import format as fmt

STATIC = Path(__file__).parent / "static"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("apportion.web", "templates"),
                jinja2.PackageLoader("apportion.report", "templates"),
            ]
        ),
        autoescape=True,  # every string from a matter, a file or a form is data, never markup
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
        percent=fmt.percent,
    )
    env.globals.update(value=fmt.value, flip=fmt.flip, header=fmt.header, charts=charts_available)
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def charts_available() -> bool:
    """Whether ``make web-assets`` has copied the charting library in (else tables only)."""
    return (STATIC / "vendor" / "chart.umd.js").is_file()
