"""Header accuracy on a corpus of acts with externally written metadata.

    python benchmarks/bench_headers.py --corpus ../shared/bench/ruslawod/dev.jsonl [--misses N]

Each corpus line is {"id", "text", "gold": {doc_type, number, date, issuer, title, signatory}}.
The text goes through `document_from_text` and `extract_header`; each field is compared after
this normalisation (the same for gold and prediction):

- all text fields: case folded, ё→е, every kind of quote removed, dashes unified to «-» with no
  spaces around them, whitespace collapsed, trailing dots dropped, «N»/«№» as one sign;
- number: additionally all whitespace removed;
- signatory: all whitespace removed («В.Путин» = «В. Путин»);
- issuer: both sides through `normalize_issuer` (federal vocabulary: «Минюста России» =
  «Министерство юстиции Российской Федерации»), equal when the full names' keys or the short
  names agree;
- a field whose gold is null is right when the prediction is null too (federal laws have no
  issuer; a few acts have no title), except signatory, scored only where gold has one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from prikaz.extractors.header import extract_header
from prikaz.normalizers.issuers import issuer_key, normalize_issuer
from prikaz.pipeline.readers.txt import document_from_text

FIELDS = ("doc_type", "number", "date", "title", "signatory", "issuer")


def norm_text(value: str | None) -> str | None:
    if value is None:
        return None
    s = value.casefold().replace("ё", "е").replace("№", "n")
    s = re.sub(r"[«»“”„\"']", "", s)
    s = re.sub(r"\s*[-–—]\s*", "-", s)
    s = re.sub(r"\s+", " ", s).strip(" .")
    return s or None


def norm_field(field: str, value: object) -> object:
    if value is None or value == "":
        return None
    if field == "date":
        return str(value)
    text = str(value)
    if field in ("number", "signatory"):
        return re.sub(r"\s+", "", norm_text(text) or "") or None
    return norm_text(text)


def issuer_match(gold: str | None, pred: str | None) -> bool:
    if not gold or not pred:
        return not gold and not pred
    g_full, g_short = normalize_issuer(gold)
    p_full, p_short = normalize_issuer(pred)
    if g_full and p_full and issuer_key(g_full) == issuer_key(p_full):
        return True
    return bool(g_short and p_short and issuer_key(g_short) == issuer_key(p_short))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--misses", type=int, default=200, help="misses to list (default 200)")
    args = ap.parse_args(argv)

    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    misses: list[tuple[str, str, object, object]] = []
    n = 0
    t0 = time.perf_counter()
    with args.corpus.open(encoding="utf-8") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            item = json.loads(raw)
            gold = item["gold"]
            doc = document_from_text(item["text"], source_path=item["id"], doc_id=item["id"])
            header = extract_header(doc)
            n += 1
            for field in FIELDS:
                g = gold.get(field)
                p = getattr(header, field)
                if field == "signatory" and not g:
                    continue
                total[field] += 1
                if field == "issuer":
                    ok = issuer_match(g, p)
                else:
                    ok = norm_field(field, g) == norm_field(field, p)
                if ok:
                    right[field] += 1
                else:
                    misses.append((item["id"], field, g, p))
    elapsed = time.perf_counter() - t0

    print(f"corpus: {args.corpus} ({n} acts, {elapsed:.1f} s)")
    print()
    print("| field | right | total | accuracy |")
    print("|---|---:|---:|---:|")
    for field in FIELDS:
        t = total[field]
        acc = 100.0 * right[field] / t if t else 0.0
        print(f"| {field} | {right[field]} | {t} | {acc:.1f} % |")
    if misses and args.misses:
        print()
        print(f"misses ({len(misses)}):")
        for doc_id, field, g, p in misses[: args.misses]:
            print(f"  {doc_id}  {field}\n    gold: {g!s:.160}\n    got:  {p!s:.160}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
