"""Readers: one module per input format, each producing a `Document`.

`read_document(path)` detects the format from the bytes (magic numbers, see `detect`), reads
the file as what its bytes are (a name that promises another format gives a warning, see
`detect.name_warning`) and calls the reader registered for that format in `registry.READERS`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from prikaz.errors import ReadError, UnsupportedFormatError
from prikaz.model import Document
from prikaz.pipeline.readers.detect import check_extension, describe, detect_format
from prikaz.pipeline.readers.registry import READABLE, READERS, Reader

__all__ = ["MAX_FILE_BYTES", "READABLE", "READERS", "Reader", "read_bytes", "read_document"]


def read_bytes(data: bytes, *, source_path: str, check_name: bool = True) -> Document:
    """Read a file's bytes; `source_path` names it (its extension is checked, not trusted)."""
    if not data:
        raise ReadError("empty_file", "empty file: 0 bytes")
    fmt = detect_format(data)
    note = check_extension(fmt, source_path, READABLE) if check_name else None
    reader = READERS.get(fmt)
    if reader is None:
        raise UnsupportedFormatError("unsupported_format", f"unsupported format: {describe(fmt)}")
    doc = reader(data, source_path=source_path, doc_id=hashlib.sha256(data).hexdigest())
    if note:
        doc = dataclasses.replace(doc, warnings=(note, *doc.warnings))
    return doc


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
