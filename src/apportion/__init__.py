"""apportion: executable, explained rules for sharing a legal-malpractice loss.

>>> from apportion import assess, load_matter
>>> result = assess(load_matter("examples/musser-v-provencher.yaml"))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apportion.decide.assessment import Assessment, assess, relevant_questions
    from apportion.io.load import InputError, load_matter

__all__ = ["Assessment", "InputError", "assess", "load_matter", "relevant_questions"]

# Loaded on first use: the command line starts without the rulebook, pydantic or polars.
_HOMES = {
    "Assessment": "apportion.decide.assessment",
    "assess": "apportion.decide.assessment",
    "relevant_questions": "apportion.decide.assessment",
    "InputError": "apportion.io.load",
    "load_matter": "apportion.io.load",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'apportion' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
