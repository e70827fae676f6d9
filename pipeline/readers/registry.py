"""Which reader reads which format: one protocol, one table keyed by the detected format.

Every reader is a function with the `Reader` signature that turns a file's bytes into a
`Document` built through `DocumentBuilder` (so `doc.text[x.span] == x.text` for every
paragraph, cell and word). `read_bytes` detects the format from the bytes and calls
`READERS[fmt]`; nothing else in the package chooses a reader.

Adding a format is one module plus one line here: write `readers/<name>.py` with a function
`read_<name>_bytes(data, *, source_path, doc_id) -> Document`, import the module below and
add its formats to `READERS` (for the image reader:
`**dict.fromkeys(("jpeg", "png", "tiff"), images.read_image_bytes),`). Formats that
`detect.detect_format` names but that have no entry here are refused as unsupported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from prikaz.model import Document
from prikaz.pipeline.readers import docx, images, office, pdf, txt


class Reader(Protocol):
    """Read one file's bytes; `source_path` names it, `doc_id` is the sha256 of the bytes."""

    def __call__(self, data: bytes, *, source_path: str, doc_id: str) -> Document: ...


READERS: Mapping[str, Reader] = {
    "txt": txt.read_txt_bytes,
    "docx": docx.read_docx_bytes,
    "pdf": pdf.read_pdf_bytes,
    **dict.fromkeys(("jpeg", "png", "tiff"), images.read_image_bytes),
    **{fmt: office.reader_for(fmt) for fmt in office.FORMATS},
}

# Formats some reader turns into a Document.
READABLE = frozenset(READERS)
