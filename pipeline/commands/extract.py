"""`prikaz extract FILE`: one document's extraction as one JSON object on stdout."""

from __future__ import annotations

import argparse
import json
import sys

from prikaz.errors import PrikazError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="print one document's extraction as JSON")
    p.add_argument("file", help="input document (txt, docx, pdf, doc, rtf, odt)")
    p.add_argument("--indent", type=int, default=2, help="JSON indent (0: one line)")
    p.add_argument(
        "--spacy",
        metavar="OUT.spacy",
        help="also write the extraction as spaCy spans over the text (a DocBin)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from prikaz.pipeline.extract import extract_document
    from prikaz.pipeline.readers import read_document
    from prikaz.pipeline.writers.rows import extraction_json

    try:
        doc = read_document(args.file)
        extraction = extract_document(doc)
    except PrikazError as exc:
        print(f"prikaz: {args.file}: {exc.error_type}: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"prikaz: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.spacy:
        from prikaz.pipeline.writers.annotations import to_spacy_doc, write_docbin

        write_docbin([to_spacy_doc(doc, extraction)], args.spacy)
    indent = args.indent or None
    sys.stdout.write(json.dumps(extraction_json(extraction), ensure_ascii=False, indent=indent))
    sys.stdout.write("\n")
    return 0
