"""Roadmap rows on the DOC/DOCX files of the real-orders bench: row counts and sample rows.

A stop-gap until `benchmarks/bench_real_orders.py` lands: for each DOC/DOCX file of
`../shared/bench/real-orders` (gold.json), the number of roadmap rows found against
`roadmap_rows`, and each gold sample row looked up by its activity's first six words and
compared on number (the part after «/», positions «[n]» skipped) and deadline text (line
breaks as spaces, end-of-line hyphenation removed, as the gold's README says).

    PYTHONPATH=$PWD python -m benchmarks.bench_roadmap_rows [--bench DIR] [--rows]

.doc files are read as the pipeline reads them (LibreOffice → DOCX); RTF holding only images
(file 12) gives no rows by nature.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from prikaz.extractors.roadmap import extract_roadmap_result
from prikaz.pipeline.readers import read_document
from prikaz.pipeline.readers.docx import read_docx_bytes

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "real-orders"
LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[IVXLC]{1,6}[.)])\s*")


def _flat(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def _head(text: str | None, words: int = 6) -> str:
    return " ".join(LEADING_NUMBER.sub("", _flat(text) or "").split()[:words])


def _sample_ok(sample: dict, items: list) -> tuple[bool, str]:
    want_head = " ".join(sample["activity_startswith"].split())
    found = [i for i in items if _head(i.activity).startswith(want_head)]
    if not found:
        return False, "activity not found"
    number = sample["number"].split("/")[-1]
    for item in found:
        if _flat(item.deadline_raw) != _flat(sample["deadline_raw"]):
            continue
        if number.startswith("[") or (item.item_number or "").strip() == number.strip():
            return True, ""
    got = [(i.item_number, _flat(i.deadline_raw)) for i in found]
    return False, f"got {got}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--rows", action="store_true", help="print every row found")
    parser.add_argument(
        "--converted",
        type=Path,
        help="folder of .docx made from the .doc files (saves LibreOffice runs)",
    )
    args = parser.parse_args()
    gold = json.loads((args.bench / "gold.json").read_text(encoding="utf-8"))
    total_rows = total_want = samples = samples_ok = exact_files = 0
    for name, entry in sorted(gold.items()):
        if not name.endswith((".doc", ".docx")):
            continue
        cached = args.converted / (Path(name).stem + ".docx") if args.converted else None
        if cached is not None and name.endswith(".doc") and cached.exists():
            doc = read_docx_bytes(cached.read_bytes(), source_path=name, source_format="doc")
        else:
            doc = read_document(args.bench / name)
        result = extract_roadmap_result(doc)
        items = result.items
        want = entry.get("roadmap_rows") or 0
        ok = [_sample_ok(s, items) for s in entry.get("sample_rows", [])]
        samples += len(ok)
        samples_ok += sum(1 for good, _ in ok if good)
        total_rows += len(items)
        total_want += want
        exact_files += len(items) == want
        good = sum(g for g, _ in ok)
        print(f"{name:45} rows {len(items):4d} / {want:4d}   samples {good}/{len(ok)}")
        for (good, why), sample in zip(ok, entry.get("sample_rows", []), strict=True):
            if not good:
                head = sample["activity_startswith"][:40]
                print(f"    miss {sample['number']!r} {head!r}: {why}")
        for warning in result.warnings[:5]:
            print(f"    warning: {warning}")
        if args.rows:
            for i in items:
                print(
                    f"    {i.item_key!s:10} {i.section_path!s:40.40} | {_flat(i.activity)!s:50.50}"
                    f" | {_flat(i.deadline_raw)!s:25.25} | {_flat(i.responsible_raw)!s:25.25}"
                )
    print(
        f"files with exact row count: {exact_files}; rows {total_rows} / {total_want}; "
        f"sample rows {samples_ok}/{samples}"
    )


if __name__ == "__main__":
    main()
