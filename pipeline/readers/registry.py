"""Which reader reads which format: one protocol, one table keyed by the detected format.

Every reader is a function with the `Reader` signature that turns a file's bytes into a
`Document` built through `DocumentBuilder` (so `doc.text[x.span] == x.text` for every
paragraph, cell and word). `read_bytes` detects the format from the bytes and calls
`READERS[fmt]`; nothing else in the package chooses a reader.

Adding a format is one module plus one line here: write `readers/<name>.py` with a function
`read_<name>_bytes(data, *, source_path, doc_id) -> Document` and add its formats to
`READERS` as a `LazyReader` naming that module and function. Formats that
`detect.detect_format` names but that have no entry here are refused as unsupported.

The modules are imported when their format is first read, not with the registry: the image
and OCR stack (OpenCV, NumPy, Pillow), pdfplumber and python-docx together take about a third
of a second to import, which every worker process of a batch run would otherwise pay at start
whatever its inputs are.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from prikaz.model import Document

_READERS = "prikaz.pipeline.readers"


class Reader(Protocol):
    """Read one file's bytes; `source_path` names it, `doc_id` is the sha256 of the bytes."""

    def __call__(self, data: bytes, *, source_path: str, doc_id: str) -> Document: ...


@dataclass(frozen=True)
class LazyReader:
    """A `Reader` whose module is imported at its first call."""

    module: str  # under prikaz.pipeline.readers
    function: str
    bound: Mapping[str, Any] = field(default_factory=dict)  # extra keyword arguments

    def load(self) -> Any:
        return getattr(importlib.import_module(f"{_READERS}.{self.module}"), self.function)

    def __call__(self, data: bytes, *, source_path: str, doc_id: str) -> Document:
        document: Document = self.load()(data, source_path=source_path, doc_id=doc_id, **self.bound)
        return document


# Formats converted to DOCX by LibreOffice (`office.FORMATS`, checked by the tests).
OFFICE_FORMATS = ("doc", "rtf", "odt")

READERS: Mapping[str, Reader] = {
    "txt": LazyReader("txt", "read_txt_bytes"),
    "docx": LazyReader("docx", "read_docx_bytes"),
    "pdf": LazyReader("pdf", "read_pdf_bytes"),
    **{fmt: LazyReader("images", "read_image_bytes") for fmt in ("jpeg", "png", "tiff")},
    **{fmt: LazyReader("office", "read_office_bytes", {"fmt": fmt}) for fmt in OFFICE_FORMATS},
}

# Formats some reader turns into a Document.
READABLE = frozenset(READERS)
