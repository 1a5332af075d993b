"""Portfolios: a whole book of candidate claims as one table, run through the compiled plan."""

from apportion.portfolio.batch import BatchResult, run_batch
from apportion.portfolio.schema import KEY_COLUMNS, ROW, describe, portfolio_schema
from apportion.portfolio.summary import Summary

__all__ = [
    "KEY_COLUMNS",
    "ROW",
    "BatchResult",
    "Summary",
    "describe",
    "portfolio_schema",
    "run_batch",
]
