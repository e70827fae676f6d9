"""Benchmark of the batch run: throughput per format, 1 vs 2 workers, peak RSS, no-change re-run.

A script, not a test (speed is measured here, never asserted in tests):

    .venv/bin/python benchmarks/bench_batch.py [--work /tmp/prikaz-bench] [--txt 1000 ...]

1. Makes a corpus with `make_corpus.py` (TXT/DOCX/PDF variations of the seeds).
2. Runs each format's folder into a fresh output with 1 and 2 worker processes, `--rounds`
   times in alternating order (median speed-up reported; the real
   `LocalExecutor`, default limits): docs/s, pages/s, peak RSS of any worker process.
3. Makes `--rerun-files` TXT variants, runs them once, then times runs that find nothing new:
   in-process (`run_batch`) and as the command an operator types (`prikaz run`).
Prints a Markdown table (for the README) and writes the figures as JSON next to `--work`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from prikaz.pipeline.executors import Limits, LocalExecutor  # noqa: E402
from prikaz.pipeline.run import run_batch  # noqa: E402
from prikaz.pipeline.writers.parquet import ParquetStore  # noqa: E402

MB = 1024 * 1024


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the workers) so far."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_run(inp: Path, out: Path, workers: int) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    executor = LocalExecutor(workers, Limits())
    cpu0 = cpu_seconds()
    parse: list[float] = []
    summary = run_batch(inp, out, executor=executor, on_result=lambda r: parse.append(r.seconds))
    cpu = cpu_seconds() - cpu0
    pages = sum(ParquetStore(out).read_table("documents", ["pages"]).column("pages").to_pylist())
    peak = max(executor.peak_rss.values(), default=0)
    return {
        "workers": workers,
        "docs": summary.ok,
        "failed": summary.failed,
        "pages": pages,
        "seconds": round(summary.seconds, 2),
        "docs_per_s": round(summary.ok / summary.seconds, 1),
        "pages_per_s": round(pages / summary.seconds, 1),
        "peak_rss_mb": round(peak / MB),
        "cpu_ms_per_doc": round(1000 * cpu / max(1, summary.ok + summary.failed), 1),
        # wall time of one document in its worker: rises when the cores are not free
        "parse_ms_per_doc": round(1000 * sum(parse) / max(1, len(parse)), 1),
        # share of the run's wall time the workers spent parsing: how well the runner
        # keeps them fed (worker start-up and batch writes are the rest)
        "workers_busy": round(sum(parse) / summary.seconds / workers, 2),
        "worker_processes": len(executor.peak_rss),
    }


def speedup_rounds(inp: Path, out: Path, rounds: int) -> list[dict[str, Any]]:
    """`rounds` pairs of runs with 1 and 2 workers, the order alternating (1-2, 2-1, …) so that
    a machine that slows down or speeds up during the benchmark weighs on both alike; each
    round's speed-up compares the two runs taken next to each other."""
    results = []
    for i in range(rounds):
        order = (1, 2) if i % 2 == 0 else (2, 1)
        runs = {w: timed_run(inp, out.with_name(f"{out.name}-{w}"), w) for w in order}
        speedup = runs[2]["docs_per_s"] / runs[1]["docs_per_s"]
        results.append({"one": runs[1], "two": runs[2], "speedup": round(speedup, 3)})
        print(f"round {i + 1}: {speedup:.2f}×", flush=True)
    return results


def median_run(rounds: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """The run of the round whose speed-up is the median, for `workers`."""
    ranked = sorted(rounds, key=lambda r: r["speedup"])
    return ranked[(len(ranked) - 1) // 2]["one" if workers == 1 else "two"]


def no_change_rerun(inp: Path, out: Path, repeats: int) -> dict[str, Any]:
    first = timed_run(inp, out, workers=2)
    in_process, command = [], []
    for _ in range(repeats):
        summary = run_batch(inp, out, executor=LocalExecutor(2, Limits()))
        assert summary.new == 0, "the re-run found new inputs"
        in_process.append(summary.seconds)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "prikaz", "run", str(inp), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        command.append(time.perf_counter() - t0)
    return {
        "files": first["docs"] + first["failed"],
        "first_run": first,
        "rerun_in_process_s": round(statistics.median(in_process), 2),
        "rerun_command_s": round(statistics.median(command), 2),
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| format | docs | pages | 1 worker docs/s | pages/s | 2 workers docs/s | pages/s "
        "| speed-up | peak RSS/worker | ms/doc in worker (1 → 2) | workers busy (1 → 2) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt, (one, two) in results["formats"].items():
        lines.append(
            f"| {fmt} | {one['docs']} | {one['pages']} | {one['docs_per_s']} | "
            f"{one['pages_per_s']} | {two['docs_per_s']} | {two['pages_per_s']} | "
            f"{two['docs_per_s'] / one['docs_per_s']:.2f}× | "
            f"{max(one['peak_rss_mb'], two['peak_rss_mb'])} MB | "
            f"{one['parse_ms_per_doc']} → {two['parse_ms_per_doc']} | "
            f"{one['workers_busy']:.0%} → {two['workers_busy']:.0%} |"
        )
    for fmt, rounds in results.get("rounds", {}).items():
        each = ", ".join(f"{r['speedup']:.2f}×" for r in rounds)
        lines.append(f"| {fmt} rounds | | | | | | | {each} | | | |")
    total = results["total"]
    lines.append(
        f"| all | {total['docs']} | | {total['docs_per_s_1']} | | {total['docs_per_s_2']} | "
        f"| {total['speedup']:.2f}× | {total['peak_rss_mb']} MB | | |"
    )
    if "rerun" in results:
        r = results["rerun"]
        lines.append("")
        lines.append(
            f"No-change re-run over {r['files']} TXT files: {r['rerun_in_process_s']} s in "
            f"process, {r['rerun_command_s']} s as `prikaz run` (first run of them: "
            f"{r['first_run']['seconds']} s, {r['first_run']['docs_per_s']} docs/s, 2 workers)."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--work", type=Path, default=Path("/tmp/prikaz-bench"))
    p.add_argument("--txt", type=int, default=1000)
    p.add_argument("--docx", type=int, default=600)
    p.add_argument("--pdf", type=int, default=400)
    p.add_argument("--rerun-files", type=int, default=10_000, help="0: skip the re-run part")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument(
        "--rounds", type=int, default=3, help="1-vs-2-worker pairs per format (median reported)"
    )
    args = p.parse_args(argv)

    corpus = args.work / "corpus"
    counts = {"txt": args.txt, "docx": args.docx, "pdf": args.pdf}
    make_corpus(corpus, {k: v for k, v in counts.items() if v})
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": os.getloadavg(),
        },
        "formats": {},
        "rounds": {},
    }
    # Untimed warm-up: the first Arrow conversion in a process pays one-off initialisation.
    warm = args.work / "warm-up"
    make_corpus(warm, {"txt": 2})
    timed_run(warm / "txt", args.work / "out-warm-up", 1)
    for fmt, n in counts.items():
        if not n:
            continue
        rounds = speedup_rounds(corpus / fmt, args.work / f"out-{fmt}", args.rounds)
        results["formats"][fmt] = [median_run(rounds, 1), median_run(rounds, 2)]
        results["rounds"][fmt] = rounds
        print(fmt, json.dumps(rounds), flush=True)
    ones = [r[0] for r in results["formats"].values()]
    twos = [r[1] for r in results["formats"].values()]
    docs = sum(r["docs"] for r in ones)
    t1, t2 = sum(r["seconds"] for r in ones), sum(r["seconds"] for r in twos)
    results["total"] = {
        "docs": docs,
        "docs_per_s_1": round(docs / t1, 1),
        "docs_per_s_2": round(docs / t2, 1),
        "speedup": t1 / t2,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in ones + twos),
    }
    if args.rerun_files:
        rerun_corpus = args.work / "rerun"
        make_corpus(rerun_corpus, {"txt": args.rerun_files})
        results["rerun"] = no_change_rerun(rerun_corpus, args.work / "out-rerun", args.repeats)
    results["machine"]["load_after"] = os.getloadavg()
    (args.work / "bench_batch.json").write_text(json.dumps(results, indent=2))
    print()
    print(markdown(results))
    print(
        f"\nload average before {results['machine']['load_before']}, after "
        f"{results['machine']['load_after']}; figures in {args.work / 'bench_batch.json'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
