"""Accuracy (and speed) of the activity classifier on the hand-labelled sample.

    python benchmarks/bench_activities.py [--errors] [--split dev|holdout]

The sample is tests/data/activities_labelled.tsv: the seeds' roadmap rows plus rows written
from the typical wording of public roadmaps, labelled by hand before the cues were written.
Rows of split `dev` were seen while writing the cues; rows of split `holdout` were labelled
and committed after the cues were frozen, so their accuracy is the honest estimate.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from prikaz.normalizers.activities import analyze_word, classify_activity

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "activities_labelled.tsv"


def load_sample(path: Path = SAMPLE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the misclassified rows")
    parser.add_argument("--split", choices=("dev", "holdout"), help="only this split")
    args = parser.parse_args()

    rows = load_sample()
    if args.split:
        rows = [r for r in rows if r["split"] == args.split]
    classify_activity("Обучение наставников")  # load the dictionaries outside the timing
    analyze_word.cache_clear()
    started = time.perf_counter()
    predicted = [classify_activity(r["activity"]).category for r in rows]
    seconds = time.perf_counter() - started

    by_split: dict[str, Counter[bool]] = {}
    by_category: dict[str, Counter[bool]] = {}
    for row, pred in zip(rows, predicted, strict=True):
        ok = pred == row["category"]
        by_split.setdefault(row["split"], Counter())[ok] += 1
        by_category.setdefault(row["category"], Counter())[ok] += 1
    correct = sum(c[True] for c in by_split.values())
    print(f"activity classifier: {correct}/{len(rows)} correct, accuracy {correct / len(rows):.1%}")
    for split, c in sorted(by_split.items()):
        n = c[True] + c[False]
        print(f"  split {split:8} {c[True]:4}/{n:<4} {c[True] / n:.1%}")
    print("per category (label: correct/total):")
    for code, c in sorted(by_category.items()):
        print(f"  {code:20} {c[True]:3}/{c[True] + c[False]}")
    print(f"speed: {len(rows) / seconds:,.0f} rows/s (cold word cache)")
    if args.errors:
        for row, pred in zip(rows, predicted, strict=True):
            if pred != row["category"]:
                print(f"  {row['category']:>18} -> {pred:18} {row['activity'][:110]}")


if __name__ == "__main__":
    main()
