"""Readers: one module per input format, each producing a `Document`.

`read_document(path)` detects the format from the bytes (magic numbers, see `detect`), checks
that it is what the file name promises, and dispatches to the reader of that format.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from prikaz.errors import ReadError
from prikaz.model import Document
from prikaz.pipeline.readers.detect import check_extension, detect_format, require_readable


def read_bytes(data: bytes, *, source_path: str, check_name: bool = True) -> Document:
    """Read a file's bytes; `source_path` names it (its extension is checked, not trusted)."""
    if not data:
        raise ReadError("empty_file", "empty file: 0 bytes")
    fmt = detect_format(data)
    if check_name:
        check_extension(fmt, source_path)
    require_readable(fmt)
    doc_id = hashlib.sha256(data).hexdigest()
    if fmt == "txt":
        from prikaz.pipeline.readers.txt import read_txt_bytes

        return read_txt_bytes(data, source_path=source_path, doc_id=doc_id)
    if fmt == "docx":
        from prikaz.pipeline.readers.docx import read_docx_bytes

        return read_docx_bytes(data, source_path=source_path, doc_id=doc_id)
    if fmt == "pdf":
        from prikaz.pipeline.readers.pdf import read_pdf_bytes

        return read_pdf_bytes(data, source_path=source_path, doc_id=doc_id)
    from prikaz.pipeline.readers.office import read_office_bytes

    return read_office_bytes(data, fmt, source_path=source_path, doc_id=doc_id)


# No reader is given a file larger than this (`file_too_large`), so a huge file never has to
# fit in a worker's memory; each format may set a lower limit (TXT: `txt.MAX_TXT_BYTES`).
MAX_FILE_BYTES = 256 * 1024 * 1024


def read_document(path: str | Path) -> Document:
    """Read any supported file into the layout model."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(
            "file_too_large",
            f"file too large: {size / 2**20:.0f} MiB (limit {MAX_FILE_BYTES // 2**20} MiB)",
        )
    return read_bytes(path.read_bytes(), source_path=str(path))
