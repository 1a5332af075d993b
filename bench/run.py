"""The benchmark: every figure of the speed table, each beside its baseline, in one run.

    python -m bench.run            # 1M rows in memory, 1M rows Parquet to Parquet
    python -m bench.run --full     # and 10M rows Parquet to Parquet (bounded memory)
    python -m bench.run --quick    # tiny sizes: a smoke test that the benchmark runs

Every figure shows wall time and CPU time (all threads of the process): the machine is
shared, and a loaded host shows in the wall times while CPU time stays near what the work
costs. A figure and its baseline are measured interleaved (one run of each in turn, on
the same input), so load falls on both alike:

- one matter (``assess`` with its explanation): the row path (generated code) beside the
  same matter through the compiled plan, and one row on each executor (plan, reference
  interpreter, generated code);
- a matter's open questions and status flips: the row path beside one compiled plan;
- ``apportion whatif`` and the interview (first question, each next one), in a fresh
  process, beside the interpreter's start-up alone and ``apportion --help``;
- the plan on an in-memory frame beside both row paths on the same rows, and the
  crossover: the frame size from which the plan is faster than the row path; and its
  CPU per polars node per row beside that of polars' plainest work (distinct Int64
  additions), which says what rate the plan's node count allows on this machine;
- ``apportion batch`` Parquet to Parquet beside a plain polars read and write of the same
  file, with the peak memory of each.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
CORES = 2
"""CPU time over this many cores estimates the wall time of a machine not shared."""

TARGETS = {
    "assess_ms": 1.0,
    "questions_ms": 15.0,
    "flips_ms": 30.0,
    "whatif_cli_s": 1.0,
    "interview_first_s": 1.0,
    "interview_next_ms": 30.0,
    "plan_rows_per_s": 6_000_000,
    "batch_rows_per_s": 2_000_000,
    "batch_peak_mib": 1024,
}


def interleaved(fns: dict[str, Callable[[], Any]], runs: int) -> dict[str, dict[str, float]]:
    """Each function once in turn, ``runs`` rounds (after one warm-up round): per name the
    median and p99 wall time and the median CPU time, in milliseconds."""
    for fn in fns.values():
        fn()
    walls: dict[str, list[float]] = {name: [] for name in fns}
    cpus: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start, cpu = time.perf_counter(), time.process_time()
            fn()
            walls[name].append((time.perf_counter() - start) * 1000)
            cpus[name].append((time.process_time() - cpu) * 1000)
    out = {}
    for name in fns:
        ordered = sorted(walls[name])
        out[name] = {
            "wall_ms": statistics.median(ordered),
            "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "cpu_ms": statistics.median(cpus[name]),
        }
    return out


def child(command: list[str]) -> dict[str, Any]:
    """Run ``command``; its wall time, CPU time (user + system) and peak memory.

    The peak is the child's own high-water mark (VmHWM, read while it runs): its
    ``ru_maxrss`` starts from this process's size at the fork, kept across exec, and
    this process holds a million-row frame by the time the batch runs."""
    start = time.perf_counter()
    env = os.environ | {SPAWNED_AT: repr(time.time())}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, env=env)
        peak_kib = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_kib = max(peak_kib, _high_water_kib(proc.pid))
            time.sleep(0.01)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mib": peak_kib / 1024,
        "stdout": stdout,
    }


def _high_water_kib(pid: int) -> int:
    """The peak resident memory of process ``pid`` so far, in KiB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def best_child(command: list[str], repeat: int) -> dict[str, Any]:
    runs = [child(command) for _ in range(repeat)]
    return min(runs, key=lambda r: r["cpu_s"])


# --- a single matter ------------------------------------------------------------------
def matter_figures(runs: int) -> dict[str, Any]:
    import hashlib

    from apportion.decide.assessment import QUESTION_GOALS, assess, facts_frame
    from apportion.engine.counterfactual import flips
    from apportion.engine.relevance import questions
    from apportion.io.flatten import flatten
    from apportion.io.load import load_matter
    from apportion.law.california import GOALS, RULEBOOK

    matter = load_matter(MUSSER)
    result = assess(matter)
    facts = result.claims[0].row.facts

    def on_rows() -> None:
        done = assess(matter)
        for claim in done.claims:
            claim.trace.to_dict()

    def on_plan() -> None:
        # The same work with the matter's rows through the compiled plan (as before).
        rows = flatten(matter, RULEBOOK, result.as_of)
        frame = RULEBOOK.evaluate(facts_frame(RULEBOOK, [r.facts for r in rows]), GOALS)
        for values in frame.iter_rows(named=True):
            RULEBOOK.trace(values, "status").to_dict()
        dump = json.dumps(matter.model_dump(mode="json", by_alias=True), sort_keys=True)
        hashlib.sha256(dump.encode()).hexdigest()

    one_row = facts_frame(RULEBOOK, [facts])
    single = interleaved(
        {
            "assess": on_rows,
            "assess_on_plan": on_plan,
            "row_plan": lambda: RULEBOOK.evaluate(one_row, GOALS),
            "row_interpreter": lambda: RULEBOOK.interpret(facts, GOALS),
            "row_generated": lambda: RULEBOOK.run(facts, GOALS),
        },
        runs,
    )
    inputs, opens = result.inputs(), {"status": "undetermined"}

    def asked(path: str) -> Callable[[], Any]:
        return lambda: questions(RULEBOOK, inputs, QUESTION_GOALS, open_values=opens, path=path)

    def flipped(path: str) -> Callable[[], Any]:
        return lambda: flips(
            RULEBOOK,
            inputs,
            "status",
            open_values=("undetermined",),
            also=("decided_by",),
            path=path,
        )

    search = interleaved(
        {
            "questions": asked("rows"),
            "questions_on_plan": asked("frame"),
            "flips": flipped("rows"),
            "flips_on_plan": flipped("frame"),
        },
        max(3, runs // 10),
    )
    return {"runs": runs, **single, **search}


# --- fresh processes --------------------------------------------------------------------
def process_figures(repeat: int) -> dict[str, Any]:
    python = [sys.executable]
    app = [*python, "-m", "apportion"]
    whatif = [*app, "whatif", str(MUSSER), "--set", "respondent_good_faith_settlement=no"]
    probe = [*python, "-m", "bench.run", "--interview-probe"]
    loaded = [
        *python,
        "-c",
        "import sys, apportion.cli; print(' '.join(m for m in "
        "('polars.dataframe', 'pydantic.main', 'rich.console', 'typer.main') "
        "if m in sys.modules))",
    ]
    interview = best_child(probe, repeat)
    return {
        "python_startup": best_child([*python, "-c", "pass"], repeat),
        "help": best_child([*app, "--help"], repeat),
        "whatif_cli": best_child(whatif, repeat),
        "interview": {**interview, **json.loads(interview["stdout"])},
        "cli_imports": child(loaded)["stdout"].split(),
    }


def interview_probe(steps: int = 6) -> None:
    """In a fresh process: the time to the interview's first question (imports included),
    then each next question after an answer; printed as JSON."""
    start_cpu = time.process_time()
    from apportion.decide.interview import Interview
    from apportion.io.load import read_document

    session = Interview(read_document(MUSSER), str(MUSSER))
    question = session.next_question()
    first_cpu = time.process_time() - start_cpu
    first_wall = time.time() - float(os.environ.get(SPAWNED_AT) or _process_start())
    walls, cpus = [], []
    for _ in range(steps):
        if question is None:
            break
        start, cpu = time.perf_counter(), time.process_time()
        session.answer(question, _an_answer(question.fact))
        question = session.next_question()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    print(
        json.dumps(
            {
                "first_wall_s": first_wall,
                "first_cpu_s": first_cpu,
                "steps": len(walls),
                "next_wall_ms": statistics.median(walls) if walls else 0.0,
                "next_cpu_ms": statistics.median(cpus) if cpus else 0.0,
            }
        )
    )


SPAWNED_AT = "APPORTION_BENCH_SPAWNED_AT"
"""When the benchmark started a child process, by the clock the child reads: the boot
time in /proc can be a second off that clock in a virtual machine."""


def _process_start() -> float:
    """When this process started (seconds since the epoch), from /proc (run by hand)."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat") as stat:
        started = int(stat.read().rsplit(")", 1)[1].split()[19]) / ticks
    with open("/proc/stat") as boot:
        btime = next(int(line.split()[1]) for line in boot if line.startswith("btime"))
    return btime + started


def _an_answer(fact: Any) -> str:
    return {
        "bool": "yes",
        "enum": "1",
        "money": "100000",
        "share": "50",
        "date": "2000-01-01",
        "int": "1",
    }[fact.kind.value]


# --- frames -----------------------------------------------------------------------------
def plan_figures(rows: int, sampled: int, repeat: int, workdir: Path) -> dict[str, Any]:
    import polars as pl

    from apportion.engine import RuleConflict
    from apportion.law.california import GOALS, RULEBOOK
    from apportion.portfolio.schema import fact_columns
    from bench.generate import portfolio

    # The plan reads facts by id; a portfolio names money and shares with their unit.
    ids = {column: fact for fact, column in fact_columns(RULEBOOK).items()}
    frame = portfolio(rows, seed=1).collect()
    frame = frame.rename({c: ids[c] for c in frame.columns if c in ids})
    cone = list(RULEBOOK.input_schema(GOALS))
    plan = RULEBOOK.plan(frame.lazy(), GOALS)
    outputs = [c for c in plan.collect_schema().names() if c in GOALS or c.startswith("__")]
    sample = frame.head(sampled).select(cone).to_dicts()

    def each(path: Callable[..., Any]) -> Callable[[], None]:
        def run() -> None:
            for row in sample:
                with contextlib.suppress(RuleConflict):
                    path(row, GOALS)

        return run

    timed = interleaved(
        {
            "plan": lambda: plan.select(outputs).collect(),
            "interpreter": each(RULEBOOK.interpret),
            "generated": each(RULEBOOK.run),
        },
        repeat,
    )
    path = workdir / "plan-input.parquet"
    frame.select(cone).write_parquet(path)
    io = interleaved(
        {
            "read": lambda: pl.read_parquet(path, columns=cone),
            "one_pass": lambda: frame.select(pl.col(cone).max()),
        },
        repeat,
    )
    nodes = plan_nodes(RULEBOOK, GOALS)
    floor = node_cost(rows, repeat)
    rate = {name: rows / (t["wall_ms"] / 1000) for name, t in (*timed.items(), *io.items())}
    for name in ("interpreter", "generated"):
        rate[name] = len(sample) / (timed[name]["wall_ms"] / 1000)
    return {
        "rows": rows,
        "sampled": len(sample),
        "timed": timed | io,
        "plan_rows_per_s": rate["plan"],
        "plan_rows_per_s_cpu": rows / (timed["plan"]["cpu_ms"] / 1000 / CORES),
        "interpreter_rows_per_s": rate["interpreter"],
        "generated_rows_per_s": rate["generated"],
        "speedup_vs_interpreter": rate["plan"] / rate["interpreter"],
        "speedup_vs_generated": rate["plan"] / rate["generated"],
        "plan_over_read": timed["plan"]["wall_ms"] / io["read"]["wall_ms"],
        "plan_over_one_pass": timed["plan"]["wall_ms"] / io["one_pass"]["wall_ms"],
        "crossover": crossover(frame.select(cone), repeat),
        "plan_nodes": nodes,
        "plan_ns_per_node_row": timed["plan"]["cpu_ms"] * 1e6 / (rows * nodes),
        "add_ns_per_node_row": floor,
        "rows_per_s_at_add_cost": CORES * 1e9 / (floor * nodes),
    }


def plan_nodes(rulebook: Any, goals: Any) -> int:
    """The polars expression nodes the compiled plan evaluates per row."""

    def count(expr: Any) -> int:
        return 1 + sum(count(child) for child in expr.meta.pop())

    layers, _ = rulebook._compiled(goals)
    return sum(count(expr) for layer in layers for expr in layer)


def node_cost(rows: int, repeat: int, nodes: int = 200) -> float:
    """CPU nanoseconds per node per row of polars' plainest work: ``nodes`` distinct
    Int64 additions on a frame of ``rows`` (distinct, so none is shared away)."""
    import polars as pl

    frame = pl.DataFrame({f"a{i}": pl.int_range(rows, eager=True) for i in range(8)})
    adds = [(pl.col(f"a{i % 8}") + i).alias(f"x{i}") for i in range(nodes)]
    timed = interleaved({"adds": lambda: frame.lazy().with_columns(adds).collect()}, repeat)
    return timed["adds"]["cpu_ms"] * 1e6 / (rows * nodes)


def crossover(frame: Any, repeat: int) -> list[dict[str, float]]:
    """CPU time of the plan and of the generated row path on frames of growing size."""
    from apportion.law.california import GOALS, RULEBOOK

    out = []
    for size in (1, 4, 16, 64, 256, 1024):
        part = frame.head(size)
        rows = part.to_dicts()

        def run_rows(rows: list[dict[str, Any]] = rows) -> None:
            for row in rows:
                with contextlib.suppress(Exception):
                    RULEBOOK.run(row, GOALS)

        timed = interleaved(
            {
                "plan": lambda part=part: RULEBOOK.plan(part.lazy(), GOALS).collect(),
                "rows": run_rows,
            },
            repeat,
        )
        out.append(
            {
                "size": size,
                "plan_cpu_ms": timed["plan"]["cpu_ms"],
                "rows_cpu_ms": timed["rows"]["cpu_ms"],
            }
        )
    return out


def batch_figures(rows: int, workdir: Path) -> dict[str, Any]:
    from apportion.portfolio.batch import COMPRESSIONS
    from bench.generate import write

    source, output = workdir / f"book-{rows}.parquet", workdir / f"results-{rows}.parquet"
    copy = workdir / f"copy-{rows}.parquet"
    write(rows, source, seed=2)
    batch = [sys.executable, "-m", "apportion", "batch", str(source), "-o", str(output)]
    plain = [
        sys.executable,
        "-c",
        "import sys, polars as pl; pl.scan_parquet(sys.argv[1]).sink_parquet(sys.argv[2])",
        str(source),
        str(copy),
    ]
    # Interleaved: the batch, then the plain copy, on the same file.
    ran = child([*batch, "--no-progress"])
    copied = child(plain)
    return {
        "rows": rows,
        "input_mib": source.stat().st_size / 2**20,
        "output_mib": output.stat().st_size / 2**20,
        "output_codec": COMPRESSIONS[0],
        "batch": ran | {"rows_per_s": rows / ran["wall_s"]},
        "batch_rows_per_s": rows / ran["wall_s"],
        "batch_rows_per_s_cpu": rows / (ran["cpu_s"] / CORES),
        "batch_peak_mib": ran["peak_mib"],
        "plain": copied | {"rows_per_s": rows / copied["wall_s"]},
    }


# --- the report -------------------------------------------------------------------------
def _n(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:,.2f} M"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _row(figure: str, now: str, base: str, target: str = "", ok: bool | None = None) -> str:
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    return f"  {figure:<40} {now:>26}   {base:>30}   {target:<12} {mark}"


def _ms(t: dict[str, float]) -> str:
    return f"{t['wall_ms']:.2f} ms (cpu {t['cpu_ms']:.2f})"


def report(fig: dict[str, Any]) -> str:
    import polars as pl

    t, m, p, proc = TARGETS, fig["matter"], fig["plan"], fig["process"]
    out = [
        f"apportion benchmark · polars {pl.__version__} · {os.cpu_count()} cores · "
        f"load average {os.getloadavg()[0]:.1f} · wall time (CPU time, all threads)",
        "figures beside their baseline were measured interleaved, on the same input",
        "",
        _row("figure", "now", "baseline", "target"),
        _row(
            f"one matter, assess + explanation ({m['runs']} runs)",
            _ms(m["assess"]),
            f"plan: {_ms(m['assess_on_plan'])}",
            f"<= {t['assess_ms']:g} ms",
            m["assess"]["cpu_ms"] <= t["assess_ms"],
        ),
        _row("  p99", f"{m['assess']['p99_ms']:.2f} ms", f"{m['assess_on_plan']['p99_ms']:.2f} ms"),
        _row(
            "  one row: generated code",
            _ms(m["row_generated"]),
            f"interpreter: {_ms(m['row_interpreter'])}",
        ),
        _row("  one row: through the plan", _ms(m["row_plan"]), ""),
        _row(
            "open questions, questions()",
            _ms(m["questions"]),
            f"plan: {_ms(m['questions_on_plan'])}",
            f"<= {t['questions_ms']:g} ms",
            m["questions"]["cpu_ms"] <= t["questions_ms"],
        ),
        _row(
            "status flips, flips()",
            _ms(m["flips"]),
            f"plan: {_ms(m['flips_on_plan'])}",
            f"<= {t['flips_ms']:g} ms",
            m["flips"]["cpu_ms"] <= t["flips_ms"],
        ),
    ]

    def proc_s(r: dict[str, Any]) -> str:
        return f"{r['wall_s']:.2f} s (cpu {r['cpu_s']:.2f})"

    iv = proc["interview"]
    out += [
        _row(
            "`apportion whatif` (fresh process)",
            proc_s(proc["whatif_cli"]),
            f"`--help`: {proc_s(proc['help'])}",
            f"<= {t['whatif_cli_s']:g} s",
            proc["whatif_cli"]["cpu_s"] <= t["whatif_cli_s"],
        ),
        _row("  python start-up alone", proc_s(proc["python_startup"]), ""),
        _row(
            "  `apportion` imports at start",
            " ".join(proc["cli_imports"]) or "(none of polars/pydantic/rich/typer)",
            "",
        ),
        _row(
            "interview: first question",
            f"{iv['first_wall_s']:.2f} s (cpu {iv['first_cpu_s']:.2f})",
            "",
            f"<= {t['interview_first_s']:g} s",
            iv["first_cpu_s"] <= t["interview_first_s"],
        ),
        _row(
            f"interview: each next ({iv['steps']} steps)",
            f"{iv['next_wall_ms']:.2f} ms (cpu {iv['next_cpu_ms']:.2f})",
            "",
            f"<= {t['interview_next_ms']:g} ms",
            iv["next_cpu_ms"] <= t["interview_next_ms"],
        ),
        "",
        f"full plan on an in-memory frame of {p['rows']:,} rows "
        f"(row paths on its first {p['sampled']:,} rows)",
        _row(
            "plan",
            f"{_n(p['plan_rows_per_s'])} rows/s",
            f"cpu/{CORES}: {_n(p['plan_rows_per_s_cpu'])} rows/s",
            f">= {_n(t['plan_rows_per_s'])}",
            p["plan_rows_per_s"] >= t["plan_rows_per_s"],
        ),
        _row(
            "row paths",
            f"generated {_n(p['generated_rows_per_s'])} rows/s",
            f"interpreter {_n(p['interpreter_rows_per_s'])} rows/s",
        ),
        _row(
            "plan / interpreter (cone cached)",
            f"{p['speedup_vs_interpreter']:,.0f} x",
            f"plan / generated: {p['speedup_vs_generated']:,.0f} x",
        ),
        _row(
            f"  CPU per node per row ({p['plan_nodes']:,} nodes)",
            f"{p['plan_ns_per_node_row']:.3f} ns",
            f"an Int64 add: {p['add_ns_per_node_row']:.3f} ns",
        ),
        _row(
            "  the plan's nodes at an add's cost",
            f"{_n(p['rows_per_s_at_add_cost'])} rows/s",
            f"({CORES} cores)",
        ),
        _row("plan time / Parquet read time", f"{p['plan_over_read']:.2f} x", ""),
        _row("plan time / one pass in memory", f"{p['plan_over_one_pass']:.2f} x", ""),
        "  crossover (CPU ms): "
        + " · ".join(
            f"{c['size']} rows: plan {c['plan_cpu_ms']:.1f} / rows {c['rows_cpu_ms']:.1f}"
            for c in p["crossover"]
        ),
        "",
    ]
    for b in fig["batch"]:
        out += [
            f"`apportion batch` Parquet to Parquet, {b['rows']:,} rows ({b['input_mib']:,.0f} MiB "
            f"in, {b['output_mib']:,.0f} MiB out, {b['output_codec']})",
            _row(
                "throughput",
                f"{_n(b['batch_rows_per_s'])} rows/s",
                f"polars read+write: {_n(b['plain']['rows_per_s'])} rows/s",
                f">= {_n(t['batch_rows_per_s'])}",
                b["batch_rows_per_s"] >= t["batch_rows_per_s"],
            ),
            _row(
                "  time",
                proc_s(b["batch"]),
                f"polars: {proc_s(b['plain'])}",
            ),
            _row(
                "  throughput if both cores were ours",
                f"{_n(b['batch_rows_per_s_cpu'])} rows/s",
                "",
            ),
            _row(
                "peak memory (high-water mark)",
                f"{b['batch_peak_mib']:,.0f} MiB",
                f"polars: {b['plain']['peak_mib']:,.0f} MiB",
                f"< {t['batch_peak_mib']:,} MiB",
                b["batch_peak_mib"] < t["batch_peak_mib"],
            ),
            "",
        ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke test)")
    parser.add_argument("--full", action="store_true", help="also 10M rows Parquet to Parquet")
    parser.add_argument("--rows", type=int, default=1_000_000, help="in-memory frame size")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--interview-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.interview_probe:
        interview_probe()
        return
    rows, sampled, repeat, runs, children = args.rows, 5_000, 3, 200, 3
    batch_sizes = [1_000_000] + ([10_000_000] if args.full else [])
    if args.quick:
        rows, sampled, repeat, runs, children, batch_sizes = 10_000, 200, 1, 10, 1, [10_000]
    with tempfile.TemporaryDirectory(prefix="apportion-bench-") as tmp:
        workdir = Path(tmp)
        figures = {
            "matter": matter_figures(runs),
            "process": process_figures(children),
            "plan": plan_figures(rows, sampled, repeat, workdir),
            "batch": [batch_figures(n, workdir) for n in batch_sizes],
        }
    for r in (figures["process"], *figures["batch"]):
        for value in r.values():
            if isinstance(value, dict):
                value.pop("stdout", None)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
