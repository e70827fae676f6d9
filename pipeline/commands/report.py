"""`prikaz report FILE_OR_DOC_ID --out report.html [--data DIR]`: one document's review page.

A path to an input file is extracted afresh; anything else is looked up as a doc_id (or a
unique prefix of one) in the Parquet output folder `--data` (default data/parquet), and the
source text is read again from the document's `source_path`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prikaz.errors import PrikazError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write one document's review page (self-contained HTML)")
    p.add_argument("target", metavar="FILE_OR_DOC_ID", help="input file, or doc_id (prefix)")
    p.add_argument("--out", default="report.html", help="HTML file to write (default: %(default)s)")
    p.add_argument(
        "--data", default="data/parquet", help="Parquet output folder for a doc_id (%(default)s)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from prikaz.pipeline import report

    target = Path(args.target)
    try:
        if target.is_file():
            from prikaz.pipeline.extract import extract_document
            from prikaz.pipeline.readers import read_document

            doc = read_document(target)
            data = report.from_extraction(extract_document(doc), doc.text)
        else:
            data = report.from_store(args.data, args.target)
    except PrikazError as exc:
        print(f"prikaz: {args.target}: {exc.error_type}: {exc.message}", file=sys.stderr)
        return 1
    except (LookupError, OSError) as exc:
        print(f"prikaz: {args.target}: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".tmp-{out.name}")
    tmp.write_text(report.render_html(data), encoding="utf-8")
    tmp.replace(out)
    print(f"prikaz: wrote {out}", file=sys.stderr)
    return 0
