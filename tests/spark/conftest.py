"""One local Spark session (two cores) for every Spark test: starting one takes half a
minute here. Needs Java: `make test` installs a JRE when `java` is missing; the tests are
skipped only if no Java can be found at all, and say so loudly."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest


def _java_missing() -> str | None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "NO JAVA: the Spark tests cannot run (make test installs a JRE via apt-get)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    reason = _java_missing()
    if reason:
        warnings.warn(reason, stacklevel=1)
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # stay on the loopback interface
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("apportion-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
