"""The rules engine: knows no law. Facts, cited defeasible rules, Kleene logic,
compilation to one polars plan, a row-at-a-time reference interpreter, traces."""

from apportion.engine.expr import (
    Const,
    Expr,
    Kind,
    MulDiv,
    Ref,
    greatest,
    if_,
    least,
    unknown,
)
from apportion.engine.money import largest_remainder, split
from apportion.engine.plan import Rulebook, RulebookError, Trace, check_conflicts
from apportion.engine.rules import (
    AS_OF,
    Citation,
    Clashing,
    Earlier,
    Exception_,
    Fact,
    Rule,
    RuleConflict,
    unless,
)

__all__ = [
    "AS_OF",
    "Citation",
    "Clashing",
    "Const",
    "Earlier",
    "Exception_",
    "Expr",
    "Fact",
    "Kind",
    "MulDiv",
    "Ref",
    "Rule",
    "RuleConflict",
    "Rulebook",
    "RulebookError",
    "Trace",
    "check_conflicts",
    "greatest",
    "if_",
    "largest_remainder",
    "least",
    "split",
    "unknown",
    "unless",
]
