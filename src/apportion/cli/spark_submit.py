"""`apportion batch --engine spark` as a file spark-submit runs (it takes a script, not a
module): the same arguments as `apportion batch`, the master and resources from
spark-submit.

    spark-submit --master yarn "$(python -m apportion.cli.spark_submit --path)" \\
        s3a://bucket/book/ -o s3a://bucket/results.parquet --errors errors.csv

``python -m apportion.cli.spark_submit BOOK -o OUT`` runs it too.
"""

import os
import sys

# Run as a script, Python puts this file's directory first on sys.path: its siblings
# (common.py, rules.py, ...) would shadow top-level modules of those names.
_HERE = os.path.dirname(os.path.abspath(__file__))
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == _HERE:
    del sys.path[0]


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--path"]:
        print(os.path.abspath(__file__))
        return
    from apportion.cli import app

    app(["batch", *args, "--engine", "spark"], prog_name="apportion-spark-submit")


if __name__ == "__main__":
    main()
