"""`apportion batch --engine spark`: a Parquet portfolio through Spark, with the local
batch's answers, errors and summary.

Nothing about the law or the reading of a portfolio is written twice. The driver reads
the book's schema from Spark and checks it with the reading layer (:func:`read_columns`:
the bad header the local batch refuses, it refuses with the same words); each executor
applies the same :class:`~apportion.portfolio.read.Reading` and
:func:`~apportion.portfolio.batch.evaluate` to every Arrow batch of its partitions
(``mapInArrow``: Arrow -> polars -> the compiled plan -> Arrow), and the summary is the
local batch's :func:`~apportion.portfolio.summary.tally` of each batch, added up on the
driver. A row's number is its position in the book, as the local batch counts it: the
part files in the order of their names, each from its first row (Spark's
``_metadata.row_index``), so that the errors file names the same rows.

The evaluated rows are cached by the executors (memory, spilling to disk) and read three
times: the summary, the rejected rows (collected to the driver, sorted by row number,
written like the local batch's errors file) and the results (Parquet part files, written
to a directory beside the target and renamed onto it once everything else is complete).
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from apportion.engine import Rulebook
from apportion.io.atomic import check_target, replacing
from apportion.io.load import InputError, OutputError
from apportion.portfolio.batch import (
    COMPRESSIONS,
    REASON,
    REJECTED,
    BatchResult,
    OpenFacts,
    evaluate,
    reason,
    sink,
)
from apportion.portfolio.read import SUFFIXES, file_format, read_columns
from apportion.portfolio.schema import ROW
from apportion.portfolio.summary import Summary, tally

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

FILE, INDEX = "__file", "__index"
SUMMARY = "__summary_"
"""The part file a row comes from and its 0-based position in it (Spark's metadata)."""
BATCH_ROWS = 50_000
"""Rows per Arrow batch handed to the plan, unless the session sets its own
``spark.sql.execution.arrow.maxRecordsPerBatch``: each batch plans the rulebook's
query once (tens of milliseconds), so Spark's default of 10,000 rows spends a good part
of the time planning."""
_BATCH_CONF = "spark.sql.execution.arrow.maxRecordsPerBatch"


@dataclass(frozen=True)
class Job:
    """What each executor needs to read and evaluate its batches (pickled to it)."""

    header: dict[str, pl.DataType]
    """The book's columns as polars reads Spark's Arrow batches."""
    rulebook: Rulebook
    goals: tuple[str, ...]
    keys: tuple[str, ...]
    keep_facts: bool
    offsets: dict[str, int]
    """Rows in the part files before each one (by Spark's file path); empty for a book of
    one file."""
    open_facts: OpenFacts | None = None
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    """This job's name in an executor's cache of compiled evaluators."""

    def evaluator(self) -> Callable[[pl.DataFrame], pl.DataFrame]:
        """A function from one raw batch (the book's columns, ``__file``, ``__index``) to
        its rows as the results have them, plus ``reason`` (null but on rejected rows,
        which carry only their row number and keys), plus the batch's summary groups
        (:func:`tally`, as the local batch makes them), as rows of their own whose
        columns are named ``__summary_``."""
        reading = read_columns("(spark)", self.header, "parquet", self.rulebook, self.keys)
        offsets = self.offsets
        before = (
            pl.col(FILE).replace_strict(offsets, return_dtype=pl.Int64)
            if offsets
            else pl.lit(0, dtype=pl.Int64)
        )
        row = before + pl.col(INDEX) + 1

        def run(raw: pl.DataFrame) -> pl.DataFrame:
            typed = reading.apply(raw.lazy().with_columns(row.alias(ROW)))
            evaluation = evaluate(
                typed, reading.keys, self.rulebook, self.goals, self.keep_facts, self.open_facts
            )
            tagged = evaluation.tagged.collect()
            good = tagged.filter(~pl.col(REJECTED)).select(evaluation.results)
            # The reasons only on the rejected rows (a wide text expression).
            bad = tagged.filter(pl.col(REJECTED)).select(
                ROW, *reading.keys, reason(evaluation.clashes, reading.reasons)
            )
            groups = tally(tagged.lazy(), pl.col(REJECTED)).collect()
            groups = groups.rename({c: SUMMARY + c for c in groups.columns})
            out = pl.concat([good, bad, groups], how="diagonal")
            return out.with_columns(pl.col(REASON).cast(pl.String))

        return run


def active_session() -> SparkSession | None:
    """The session already running in this process, if any."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    session: SparkSession | None = SparkSession.getActiveSession()
    return session


def spark_session(master: str | None = None, *, progress: bool = True) -> SparkSession:
    """The running session, or a new one: on ``master`` (else the one spark-submit set,
    else ``local[*]``). A local session stays on the loopback interface, in UTC, and its
    Python workers run this interpreter."""
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        reason = "needs the spark extra: pip install 'apportion[spark]'"
        raise InputError("--engine spark", [("(engine)", reason)]) from None
    conf = SparkConf()
    chosen = master or conf.get("spark.master", None) or "local[*]"
    builder = SparkSession.builder.master(chosen).appName("apportion batch")
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    if not conf.contains(_BATCH_CONF):
        builder = builder.config(_BATCH_CONF, str(BATCH_ROWS))
    if not progress:
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    if chosen.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_spark_batch(
    spark: SparkSession,
    source: str,
    output: str,
    rulebook: Rulebook,
    goals: Sequence[str],
    *,
    errors: Path | None = None,
    keys: tuple[str, ...] = (),
    keep_facts: bool = False,
    compression: str | None = None,
    side_files: Mapping[Path, Callable[[Summary], str]] | None = None,
    open_facts: OpenFacts | None = None,
) -> BatchResult:
    """:func:`~apportion.portfolio.batch.run_batch` on Spark: ``source`` is a Parquet
    file or a directory of part files (any path or URI Spark reads), ``output`` the
    directory of Parquet part files to write (replaced only by complete results)."""
    from py4j.protocol import Py4JError  # type: ignore[import-untyped]
    from pyspark.errors import PySparkException

    errors = errors or default_side_file(output, ".errors.csv")
    err_fmt = file_format(errors)
    codec = _codec(compression, output)
    sides = dict(side_files or {})
    fs = _FileSystem(spark, output)
    _check_inputs(source, output, [errors, *sides])
    for target in (errors, *sides):
        check_target(target)
    fs.check_replaceable()
    job, framed = _read(spark, source, rulebook, goals, keys, keep_facts, open_facts)
    ddl, results, groups = _columns(job)
    evaluated = framed.mapInArrow(_mapper(job), ddl).persist()
    try:
        # The summary's groups and the rejected rows, both few, in one pass.
        few = _frame(
            evaluated.filter(evaluated[REASON].isNotNull() | evaluated[ROW].isNull())
            .select(ROW, *_keys(job), REASON, *groups)
            .toArrow()
        )
        summary = Summary()
        tallies = few.filter(pl.col(ROW).is_null()).select(groups)
        summary.add(tallies.rename(lambda c: c.removeprefix(SUMMARY)))
        rejected = few.filter(pl.col(ROW).is_not_null()).select(ROW, *_keys(job), REASON)
        rejected = rejected.sort(ROW)
        rows = evaluated.filter(evaluated[ROW].isNotNull())
        with replacing([errors, *sides]) as (tmp_err, *tmp_sides):
            sink(rejected.lazy(), tmp_err, err_fmt, codec).collect()
            for temporary, make in zip(tmp_sides, sides.values(), strict=True):
                temporary.write_text(make(summary), encoding="utf-8")
            staging = fs.staging()
            try:
                good = rows.filter(rows[REASON].isNull()).select(*results)
                good.write.option("compression", codec).parquet(staging)
                fs.replace(staging)
            except (PySparkException, Py4JError) as exc:
                raise OutputError(output, _first_line(exc)) from exc
            finally:
                fs.remove(staging)
    finally:
        evaluated.unpersist()
    return BatchResult(summary, Path(output), errors)


def default_side_file(output: str, suffix: str) -> Path:
    """A side file named after the results (:func:`~apportion.portfolio.batch.side_file`);
    for results at a URI, in the current directory."""
    if _is_uri(output):
        name = output.rstrip("/").rpartition("/")[2]
        return Path.cwd() / (name.removesuffix(Path(name).suffix) + suffix)
    from apportion.portfolio.batch import side_file

    return side_file(Path(output), suffix)


def _is_uri(path: str) -> bool:
    scheme, sep, _ = path.partition(":")
    return bool(sep) and len(scheme) > 1 and scheme.replace("+", "").isalnum()


def _check_inputs(source: str, output: str, files: list[Path]) -> None:
    if Path(source).suffix.lower() in SUFFIXES and Path(source).suffix.lower() != ".parquet":
        raise InputError(source, [("(file)", "the Spark engine reads Parquet only")])
    if not _is_uri(source) and not Path(source).exists():
        raise InputError(source, [("(file)", "no such file or directory")])
    if not _is_uri(output) and not _is_uri(source):
        if Path(output).resolve() == Path(source).resolve():
            raise InputError(output, [("(file)", "is the input; give another name")])
        for path in files:
            if path.resolve() in (Path(output).resolve(), Path(source).resolve()):
                raise InputError(str(path), [("(file)", "is the input or the results")])


def _codec(compression: str | None, output: str) -> str:
    if compression is None:
        return COMPRESSIONS[0]
    if compression not in COMPRESSIONS:
        raise InputError(output, [("--compression", f"use one of {', '.join(COMPRESSIONS)}")])
    return compression


def _read(
    spark: SparkSession,
    source: str,
    rulebook: Rulebook,
    goals: Sequence[str],
    keys: tuple[str, ...],
    keep_facts: bool,
    open_facts: OpenFacts | None,
) -> tuple[Job, DataFrame]:
    """The book as Spark reads it, its header checked, and each part file's first row."""
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    try:
        df = spark.read.parquet(source)
        arrow_schema = df.limit(0).toArrow()
    except PySparkException as exc:
        reason = f"cannot read it as Parquet: {_first_line(exc)}"
        raise InputError(source, [("(file)", reason)]) from None
    empty = pl.from_arrow(arrow_schema)
    assert isinstance(empty, pl.DataFrame)
    header = dict(empty.schema)
    read_columns(source, header, "parquet", rulebook, keys)  # refuses a bad header
    files = df.inputFiles()
    offsets: dict[str, int] = {}  # one file: no job is needed, no rows come before it
    if len(files) > 1:
        counts = df.groupBy(F.col("_metadata.file_path").alias(FILE)).count().collect()
        seen = 0
        for path, n in sorted((r[FILE], int(r["count"])) for r in counts):
            offsets[path] = seen
            seen += n
    framed = df.select(
        "*",
        F.col("_metadata.file_path").alias(FILE),
        F.col("_metadata.row_index").alias(INDEX),
    )
    job = Job(header, rulebook, tuple(goals), keys, keep_facts, offsets, open_facts)
    return job, framed


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _keys(job: Job) -> list[str]:
    return read_columns("(spark)", job.header, "parquet", job.rulebook, job.keys).keys


_EVALUATORS: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {}
"""An executor's evaluators by job: Spark reuses its Python workers from task to task, and
compiling the rulebook's plan takes a second or more (cached for the last few jobs)."""


def _evaluator(job: Job) -> Callable[[pl.DataFrame], pl.DataFrame]:
    found = _EVALUATORS.get(job.token)
    if found is None:
        while len(_EVALUATORS) >= 4:
            del _EVALUATORS[next(iter(_EVALUATORS))]
        found = _EVALUATORS[job.token] = job.evaluator()
    return found


def _mapper(job: Job) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        evaluate_batch = _evaluator(job)
        for batch in batches:
            yield from _to_arrow(evaluate_batch(_frame(batch)))

    return run


def _columns(job: Job) -> tuple[str, list[str], list[str]]:
    """The Spark schema of the evaluated rows, the results' columns and the summary's: those
    of an empty batch run through the same function, so Spark takes whatever columns the
    local batch makes."""
    empty = pl.DataFrame(schema={**job.header, FILE: pl.String, INDEX: pl.Int64})
    schema = _plain(job.evaluator()(empty)).schema
    groups = [c for c in schema if c.startswith(SUMMARY)]
    results = [c for c in schema if c != REASON and c not in groups]
    return _ddl(schema), results, groups


def _frame(data: pa.RecordBatch | pa.Table) -> pl.DataFrame:
    frame = pl.from_arrow(data)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Types Spark takes from Arrow: text for enums, signed integers."""
    casts = {
        name: pl.String if isinstance(dtype, pl.Enum | pl.Categorical) else pl.Int64
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Enum | pl.Categorical) or dtype.is_unsigned_integer()
    }
    return frame.cast(casts) if casts else frame  # type: ignore[arg-type]


def _to_arrow(frame: pl.DataFrame) -> list[pa.RecordBatch]:
    import pyarrow as pa

    table = _plain(frame).to_arrow(compat_level=pl.CompatLevel.oldest())
    # Spark expects plain (not large) strings and lists.
    fields = [pa.field(f.name, _small(f.type)) for f in table.schema]
    batches: list[pa.RecordBatch] = table.cast(pa.schema(fields)).to_batches()
    return batches


def _small(arrow_type: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_large_string(arrow_type):
        return pa.string()
    if pa.types.is_large_list(arrow_type) or pa.types.is_list(arrow_type):
        return pa.list_(_small(arrow_type.value_type))
    return arrow_type


_SPARK = {
    pl.Boolean: "boolean",
    pl.Int8: "tinyint",
    pl.Int16: "smallint",
    pl.Int32: "int",
    pl.Int64: "bigint",
    pl.Float32: "float",
    pl.Float64: "double",
    pl.String: "string",
    pl.Date: "date",
}


def _ddl(schema: Mapping[str, pl.DataType]) -> str:
    return ", ".join(f"`{name}` {_spark_type(dtype)}" for name, dtype in schema.items())


def _spark_type(dtype: Any) -> str:
    if isinstance(dtype, pl.List):
        return f"array<{_spark_type(dtype.inner)}>"
    if isinstance(dtype, pl.Datetime):
        return "timestamp"
    for polars_type, spark_type in _SPARK.items():
        if dtype == polars_type:
            return spark_type
    raise TypeError(f"no Spark type for a result column of polars type {dtype}")


class _FileSystem:
    """The results' directory through Hadoop's FileSystem (local, HDFS, S3, ...)."""

    def __init__(self, spark: SparkSession, output: str):
        jvm: Any = spark._jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        self.target = self._Path(output)
        self.fs: Any = self.target.getFileSystem(spark._jsc.hadoopConfiguration())
        self.output = output

    def check_replaceable(self) -> None:
        """Refuse, before any work, a target that is not earlier results or missing."""
        if not self.fs.exists(self.target.getParent()):
            reason = f"no such directory {self.target.getParent().toString()!r}"
            raise InputError(self.output, [("(file)", reason)])
        if self.fs.exists(self.target) and not self.fs.exists(self._Path(self.target, "_SUCCESS")):
            reason = "exists and is not a results directory written by Spark; give another name"
            raise InputError(self.output, [("(file)", reason)])

    def staging(self) -> str:
        name = f".{self.target.getName()}.{uuid.uuid4().hex}"
        return str(self._Path(self.target.getParent(), name).toString())

    def replace(self, staging: str) -> None:
        """The complete results onto the target: the old ones moved aside first."""
        old = None
        if self.fs.exists(self.target):
            old = self._Path(self.target.getParent(), f".{self.target.getName()}.old")
            self.fs.delete(old, True)
            if not self.fs.rename(self.target, old):
                raise OutputError(self.output, "cannot move the earlier results aside")
        if not self.fs.rename(self._Path(staging), self.target):
            if old is not None:
                self.fs.rename(old, self.target)
            raise OutputError(self.output, "cannot rename the new results into place")
        if old is not None:
            self.fs.delete(old, True)

    def remove(self, staging: str) -> None:
        self.fs.delete(self._Path(staging), True)
