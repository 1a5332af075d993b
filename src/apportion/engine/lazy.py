"""Modules loaded on first use.

The row path (a matter, an interview step, a what-if) needs no polars, and a command that
reads no frame should not pay seconds to load it: the engine's modules name polars
through :func:`lazy_module`, which loads it when an attribute is first read.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """Module ``name``, loaded when one of its attributes is first read (the recipe
    "Implementing lazy imports" of the importlib documentation, on
    ``importlib.util.LazyLoader``); the module itself if it is already loaded."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
