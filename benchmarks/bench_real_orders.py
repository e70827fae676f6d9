"""The real-orders bench: header facts, exact plan-row counts and sample rows, per file.

    python benchmarks/bench_real_orders.py [--bench ../shared/bench/real-orders] [--only 04,08]
                                           [--json out.json] [--timeout 900]

Each file is read and extracted in a child process of its own (time cap `--timeout`, address
space 4 GiB), as the batch runner's workers would, so one huge scan cannot stop the bench.

Scoring (the gold values are in the bench's `gold.json`, checked by reading):
- **header facts**, for files whose `eval_scope` has `header` or `header_partial`, each fact
  whose gold value is not null: `doc_type` (one of the gold list where the file is both a plan
  and an order's attachment), `number` (spaces and «№» ignored, case folded), `date` (ISO),
  `issuer` (every string of `issuer_contains` inside the issuer), `title` (starts with
  `title_startswith`), `signatory` (contains `signatory_contains`), `region_code`. Text
  comparisons fold case, ё→е, quotes and whitespace.
- **rows**: the file's count of roadmap rows equals gold `roadmap_rows` (files with a
  `roadmap` scope, including 0-row files whose scope is `header` only).
- **sample rows**: a gold sample row is found when some extracted row's activity, without a
  leading item number, begins with the gold's first six words (whitespace collapsed, exact
  otherwise); its deadline is right when the row's `deadline_raw` (line breaks as spaces)
  equals the gold's (`null` gold: the row has no deadline).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "real-orders"
INPUT_SUFFIXES = {".pdf", ".doc", ".docx", ".rtf", ".odt", ".txt", ".jpg", ".png", ".tif"}
HEADER_FACTS = ("doc_type", "number", "date", "issuer", "title", "signatory", "region_code")
_ITEM_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s*(?:[-–—)]\s*)?")
_QUOTES = re.compile(r"[«»“”„\"']")


def fold(text: str | None) -> str:
    s = (text or "").casefold().replace("ё", "е")
    s = _QUOTES.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def spaces(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def first_words(activity: str | None, n: int = 6) -> str:
    text = _ITEM_NUMBER.sub("", spaces(activity))
    return " ".join(text.split()[:n])


# -- one file, in a child process ---------------------------------------------------------------


def extract_to_json(path: Path, out: Path) -> None:
    from prikaz.pipeline.extract import extract_document
    from prikaz.pipeline.readers import read_document
    from prikaz.pipeline.writers.rows import extraction_json

    try:
        obj = extraction_json(extract_document(read_document(path)))
    except Exception as exc:  # the bench records what happened, whatever it was
        obj = {"error": f"{type(exc).__name__}: {exc}"}
    out.write_text(json.dumps(obj, ensure_ascii=False, default=str), encoding="utf-8")


def _limit_memory() -> None:
    cap = 4 * 2**30
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run_child(path: Path, timeout: float) -> tuple[dict[str, Any], float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        start = time.perf_counter()
        try:
            subprocess.run(
                [sys.executable, __file__, "--child", str(path), str(out)],
                timeout=timeout,
                preexec_fn=_limit_memory,
                check=False,
                capture_output=True,
            )
        except subprocess.TimeoutExpired:
            return {"error": f"timeout after {timeout:.0f} s"}, time.perf_counter() - start
        elapsed = time.perf_counter() - start
        if not out.exists():
            return {"error": "the child process died (memory cap?)"}, elapsed
        return json.loads(out.read_text(encoding="utf-8")), elapsed


# -- scoring --------------------------------------------------------------------------------------


def header_facts(gold: dict[str, Any], got: dict[str, Any]) -> dict[str, bool]:
    """fact -> right, for the facts this file's gold states."""
    header = got.get("header") or got
    facts: dict[str, bool] = {}
    if gold.get("doc_type"):
        types = gold["doc_type"] if isinstance(gold["doc_type"], list) else [gold["doc_type"]]
        facts["doc_type"] = fold(header.get("doc_type")) in {fold(t) for t in types}
    if gold.get("number"):

        def num(s: str | None) -> str:
            return re.sub(r"[\s№n]", "", fold(s))

        facts["number"] = num(header.get("number")) == num(gold["number"])
    if gold.get("date"):
        facts["date"] = str(header.get("date") or "")[:10] == gold["date"]
    if gold.get("issuer_contains"):
        issuer = fold(header.get("issuer"))
        facts["issuer"] = bool(issuer) and all(fold(s) in issuer for s in gold["issuer_contains"])
    if gold.get("title_startswith"):
        title = fold(header.get("title"))
        facts["title"] = bool(title) and title.startswith(fold(gold["title_startswith"]))
    if gold.get("signatory_contains"):
        facts["signatory"] = fold(gold["signatory_contains"]) in fold(header.get("signatory"))
    if gold.get("region_code"):
        facts["region_code"] = header.get("region_code") == gold["region_code"]
    return facts


def sample_rows(gold: dict[str, Any], rows: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(samples found, their deadlines right, samples) for one file."""
    found = deadlines = 0
    samples = gold.get("sample_rows") or []
    starts = [(first_words(r.get("activity")), r) for r in rows]
    for sample in samples:
        want = spaces(sample["activity_startswith"])
        match = next((r for start, r in starts if start == want), None)
        if match is None:
            continue
        found += 1
        got_deadline = spaces(match.get("deadline_raw")) or None
        if got_deadline == (spaces(sample.get("deadline_raw")) or None):
            deadlines += 1
    return found, deadlines, len(samples)


def score(name: str, gold: dict[str, Any], got: dict[str, Any], elapsed: float) -> dict[str, Any]:
    scope = gold.get("eval_scope") or []
    rows = got.get("roadmap_items") or []
    facts = header_facts(gold, got) if any(s.startswith("header") for s in scope) else {}
    found, deadlines, samples = sample_rows(gold, rows)
    return {
        "file": name,
        "error": got.get("error"),
        "seconds": round(elapsed, 1),
        "facts": facts,
        "rows": len(rows),
        "gold_rows": gold.get("roadmap_rows"),
        "rows_exact": len(rows) == gold.get("roadmap_rows"),
        "samples_found": found,
        "sample_deadlines": deadlines,
        "samples": samples,
        "warnings": len(got.get("warnings") or []),
    }


# -- the table ------------------------------------------------------------------------------------


def print_table(results: list[dict[str, Any]]) -> None:
    head = f"{'file':<44} {'header':>7} {'rows':>9} {'samples':>8} {'ddl':>5} {'s':>6}  missed"
    print(head)
    print("-" * len(head))
    for r in results:
        facts = r["facts"]
        right = sum(facts.values())
        missed = ",".join(k for k, ok in facts.items() if not ok)
        rows = f"{r['rows']}/{r['gold_rows']}" + ("" if r["rows_exact"] else "*")
        print(
            f"{r['file'][:44]:<44} {f'{right}/{len(facts)}':>7} {rows:>9} "
            f"{r['samples_found']}/{r['samples']:<6} {r['sample_deadlines']:>5} {r['seconds']:>6}"
            f"  {missed}{'  ERROR ' + r['error'] if r['error'] else ''}"
        )
    facts_right = sum(sum(r["facts"].values()) for r in results)
    facts_all = sum(len(r["facts"]) for r in results)
    exact = sum(r["rows_exact"] for r in results)
    found = sum(r["samples_found"] for r in results)
    samples = sum(r["samples"] for r in results)
    ddl = sum(r["sample_deadlines"] for r in results)
    print("-" * len(head))
    print(
        f"header facts {facts_right}/{facts_all}; exact row counts {exact}/{len(results)}; "
        f"sample rows {found}/{samples} (deadline right {ddl}); "
        f"{sum(r['seconds'] for r in results):.0f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--only", help="comma-separated file prefixes, e.g. 04,08")
    ap.add_argument("--json", type=Path, help="write the per-file results here")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        extract_to_json(*args.child)
        return
    gold = json.loads((args.bench / "gold.json").read_text(encoding="utf-8"))
    only = tuple(args.only.split(",")) if args.only else None
    results = []
    for name in sorted(gold):
        if only and not name.startswith(only):
            continue
        got, elapsed = run_child(args.bench / name, args.timeout)
        results.append(score(name, gold[name], got, elapsed))
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
