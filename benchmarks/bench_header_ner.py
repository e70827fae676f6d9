"""Header fields with and without natasha's NER fallback, on three sets, and what NER costs.

    python benchmarks/bench_header_ner.py [--ruslawod F] [--real-orders DIR]

- the legal-act dev corpus (ruslawod dev.jsonl; fields compared as in bench_headers.py);
- the header fixtures (tests/fixtures/headers, DOCX and PDF; expected fields by hand);
- the born-digital files of the real-orders bench (gold.json facts: doc_type, number, date,
  issuer_contains, title_startswith, signatory_contains).

Each document is read once; the header is extracted twice (`ner=False`, `ner=True`), and the
time of each pass is summed. Prints one table: right / total per set and variant, and seconds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_headers import FIELDS, issuer_match, norm_field  # noqa: E402
from prikaz.extractors.header import extract_header  # noqa: E402
from prikaz.model import Document  # noqa: E402
from prikaz.pipeline.readers import read_document  # noqa: E402
from prikaz.pipeline.readers.txt import document_from_text  # noqa: E402
from tests.fixtures.make_header_fixtures import FIXTURES, OUT  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
BORN_DIGITAL = ("04", "07", "08", "10", "11", "13", "14", "15", "16", "18", "19", "20", "21")


def fold(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "").casefold().replace("ё", "е")).strip()


def _timed(doc: Document, ner: bool) -> tuple[Any, float]:
    t0 = time.perf_counter()
    header = extract_header(doc, ner=ner)
    return header, time.perf_counter() - t0


def dev_set(path: Path) -> list[tuple[Document, Any]]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            item = json.loads(raw)
            doc = document_from_text(item["text"], source_path=item["id"], doc_id=item["id"])
            out.append((doc, item["gold"]))
    return out


def dev_score(header: Any, gold: dict[str, Any]) -> tuple[int, int]:
    right = total = 0
    for field in FIELDS:
        g, p = gold.get(field), getattr(header, field)
        if field == "signatory" and not g:
            continue
        total += 1
        ok = (
            issuer_match(g, p)
            if field == "issuer"
            else norm_field(field, g) == norm_field(field, p)
        )
        right += ok
    return right, total


def fixture_set() -> list[tuple[Document, Any]]:
    return [
        (read_document(OUT / f"{f.name}.{fmt}"), {**f.expected, **f.per_format.get(fmt, {})})
        for f in FIXTURES
        for fmt in f.formats
    ]


def fixture_score(header: Any, expected: dict[str, Any]) -> tuple[int, int]:
    norm = lambda v: re.sub(r"\s+", " ", v).strip() if isinstance(v, str) else v  # noqa: E731
    return sum(norm(getattr(header, k)) == norm(v) for k, v in expected.items()), len(expected)


def real_set(bench: Path) -> list[tuple[Document, Any]]:
    gold = json.loads((bench / "gold.json").read_text(encoding="utf-8"))
    return [
        (read_document(bench / name), facts)
        for name, facts in sorted(gold.items())
        if name[:2] in BORN_DIGITAL
    ]


def _num(value: object) -> str:
    return re.sub(r"[\s№n]", "", fold(value))


def real_score(header: Any, gold: dict[str, Any]) -> tuple[int, int]:
    checks: list[bool] = []
    issuer, title = fold(header.issuer), fold(header.title)
    if gold.get("doc_type"):
        types = gold["doc_type"] if isinstance(gold["doc_type"], list) else [gold["doc_type"]]
        checks.append(fold(header.doc_type) in {fold(t) for t in types})
    if gold.get("number"):
        checks.append(_num(header.number) == _num(gold["number"]))
    if gold.get("date"):
        checks.append(str(header.date or "")[:10] == gold["date"])
    if gold.get("issuer_contains"):
        checks.append(bool(issuer) and all(fold(s) in issuer for s in gold["issuer_contains"]))
    if gold.get("title_startswith"):
        checks.append(bool(title) and title.startswith(fold(gold["title_startswith"])))
    if gold.get("signatory_contains"):
        checks.append(fold(gold["signatory_contains"]) in fold(header.signatory))
    return sum(checks), len(checks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ruslawod", type=Path, default=SHARED / "ruslawod" / "dev.jsonl")
    ap.add_argument("--real-orders", type=Path, default=SHARED / "real-orders")
    args = ap.parse_args()
    sets = [
        ("legal acts (dev.jsonl)", dev_set(args.ruslawod), dev_score),
        ("header fixtures", fixture_set(), fixture_score),
        ("real orders, born-digital", real_set(args.real_orders), real_score),
    ]
    extract_header(sets[0][1][0][0], ner=True)  # load the tagger outside the timing
    print("| set | docs | fields right, rules only | with NER | s, rules only | s, with NER |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, docs, score in sets:
        row = []
        for ner in (False, True):
            right = total = 0
            seconds = 0.0
            for doc, gold in docs:
                header, took = _timed(doc, ner)
                r, t = score(header, gold)
                right, total, seconds = right + r, total + t, seconds + took
            row.append((right, total, seconds))
        (r0, t0, s0), (r1, t1, s1) = row
        print(f"| {name} | {len(docs)} | {r0}/{t0} | {r1}/{t1} | {s0:.2f} | {s1:.2f} |")


if __name__ == "__main__":
    main()
