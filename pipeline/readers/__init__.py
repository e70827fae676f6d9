"""Readers: one module per input format, each producing a `Document`.

`read_document(path)` detects the format from the bytes and dispatches.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from prikaz.pipeline.errors import ReadError
from prikaz.pipeline.model import Document


def read_document(path: str | Path) -> Document:
    """Read any supported file into the layout model."""
    path = Path(path)
    data = path.read_bytes()
    if not data:
        raise ReadError("empty_file", "empty file: 0 bytes")
    doc_id = hashlib.sha256(data).hexdigest()
    from prikaz.pipeline.readers.txt import read_txt_bytes

    return read_txt_bytes(data, source_path=str(path), doc_id=doc_id)
