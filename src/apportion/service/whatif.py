"""``POST /v1/whatif``: the CLI's what-if, with the request's fields named as the body's."""

from __future__ import annotations

from typing import Any

from apportion.io.load import InputError, parse_matter
from apportion.model.whatif import WhatIf
from apportion.service.archive import as_of_of
from apportion.service.models import WhatIfIn

_OPTIONS = {"--claim": "claim", "--as-of": "as_of"}


def _text(value: str | int | bool | None) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _renamed(error: InputError) -> InputError:
    """The CLI names its options (``--set fact``); the API names the body's fields."""
    problems = []
    for path, reason in error.problems:
        if path.startswith("--set "):
            path = "set." + path.removeprefix("--set ").partition("=")[0]
        problems.append((_OPTIONS.get(path, path), reason))
    return InputError("body" if error.source == "command line" else error.source, problems)


def run(document: Any, source: str, body: WhatIfIn) -> WhatIf:
    from apportion.decide.whatif import parse_settings, whatif
    from apportion.law.california import RULEBOOK

    try:
        when = as_of_of(body.as_of)
    except InputError as exc:
        raise InputError("body", [("as_of", exc.problems[0][1])]) from None
    if not isinstance(document, dict):
        raise InputError(source, [("(root)", "a matter is a mapping of fields")])
    matter = parse_matter(document, source)
    try:
        settings = parse_settings([f"{k}={_text(v)}" for k, v in body.set.items()], RULEBOOK)
        target = None
        if body.claim is not None:
            claimant, sep, respondent = body.claim.partition(":")
            if not sep or not claimant.strip() or not respondent.strip():
                raise InputError(
                    "body", [("claim", f"expected CLAIMANT:RESPONDENT, got {body.claim!r}")]
                )
            target = (claimant.strip(), respondent.strip())
        return whatif(
            matter,
            settings,
            when,
            with_flips=body.flips,
            target=target,
            include_pleaded=body.flip_theory,
        )
    except InputError as exc:
        raise _renamed(exc) from None
