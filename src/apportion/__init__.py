"""apportion: executable, explained rules for sharing a legal-malpractice loss.

>>> from apportion import assess, load_matter
>>> decision = assess(load_matter("examples/musser-v-provencher.yaml"))
>>> decision.claims[0].status
'available'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apportion.decide.decision import decide as assess
    from apportion.io.load import InputError, load_matter
    from apportion.model.decision import Decision

__all__ = ["Decision", "InputError", "assess", "load_matter"]

# Loaded on first use: the command line starts without the rulebook, pydantic or polars.
_HOMES = {
    "Decision": ("apportion.model.decision", "Decision"),
    "assess": ("apportion.decide.decision", "decide"),
    "InputError": ("apportion.io.load", "InputError"),
    "load_matter": ("apportion.io.load", "load_matter"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'apportion' has no attribute {name!r}")
    return getattr(importlib.import_module(home[0]), home[1])
