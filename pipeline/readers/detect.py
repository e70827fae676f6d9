"""Format detection from the bytes (magic numbers), never from the file name.

`detect_format(data)` names what the bytes are: one of the formats a reader handles (see
`registry.READERS`: `txt`, `docx`, `odt`, `pdf`, `doc`, `rtf`) or a kind no reader handles
(`html`, `xml`, `jpeg`, `png`, `gif`, `tiff`, `zip`, `broken_zip`, `gzip`, `7z`, `rar`, `xlsx`,
`pptx`, `ods`, `odp`, `ole2`, `exe`, `binary`).

Leniency: a file whose bytes are a readable format is read as what it is, whatever its name
says (an RTF or a DOCX named `.doc`, a PDF without extension), and `check_extension` returns
a warning saying so. Only bytes that are no readable format under a name that promises one
are refused (`format_mismatch`). Plain text is the exception: `txt` is what is left when no
magic number matches, not a positive identification, so text bytes named `.pdf`/`.docx`/... are
refused as a mismatch rather than read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection

from prikaz.errors import ReadError, UnsupportedFormatError

# (magic prefix, format); checked in order after leading whitespace/BOM handling below.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"{\\rtf", "rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"MZ", "exe"),
    (b"\x7fELF", "exe"),
)

# ODF `mimetype` member -> format.
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}

# OOXML main part content types -> format.
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}

# Where a PDF header may start: the PDF spec lets it follow up to 1024 bytes of junk.
_PDF_SEARCH = 1024
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")

# What a name's extension promises (checked only when a reader handles the promised format).
EXTENSION_FORMATS = {
    ".txt": "txt",
    ".docx": "docx",
    ".docm": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".doc": "doc",
    ".rtf": "rtf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".tif": "tiff",
    ".tiff": "tiff",
}

_NAMES = {
    "txt": "text file",
    "docx": "DOCX",
    "odt": "ODT",
    "pdf": "PDF",
    "doc": "DOC (Word 97-2003)",
    "rtf": "RTF",
    "html": "HTML",
    "xml": "XML",
    "jpeg": "a JPEG image",
    "png": "a PNG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "zip": "a ZIP archive",
    "broken_zip": "a damaged or truncated ZIP archive",
    "gzip": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "xlsx": "an Excel workbook (XLSX)",
    "pptx": "a PowerPoint deck (PPTX)",
    "ods": "an ODF spreadsheet",
    "odp": "an ODF presentation",
    "ole2": "an OLE2 file that is not a Word document",
    "exe": "an executable",
    "binary": "binary data",
}


def describe(fmt: str) -> str:
    """A human name for a detected format, for error messages."""
    return _NAMES.get(fmt, fmt)


def detect_format(data: bytes) -> str:
    """Name the format of a file from its bytes."""
    head = data[:_PDF_SEARCH]
    for magic, fmt in MAGIC:
        if head.startswith(magic):
            if fmt == "ole2":
                return _ole2_kind(data)
            return fmt
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if b"%PDF-" in head:
        return "pdf"
    stripped = head
    for bom in _BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom) :]
            break
    lowered = stripped.lstrip().lower()
    if lowered.startswith(b"{\\rtf"):
        return "rtf"
    if lowered.startswith(b"<"):
        if any(marker in lowered for marker in _HTML_MARKERS):
            return "html"
        if lowered.startswith(b"<?xml"):
            return "html" if b"<html" in data[:4096].lower() else "xml"
    if b"\x00" in data[:65536] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "txt"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:200].decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype, "zip")
            if "[Content_Types].xml" in names:
                types = zf.read("[Content_Types].xml")[:65536].decode("utf-8", "replace")
                for content_type, fmt in OOXML_MAIN_TYPES.items():
                    if content_type in types:
                        return fmt
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return "broken_zip"
    return "zip"


def _ole2_kind(data: bytes) -> str:
    """A Word 97-2003 file stores a `WordDocument` stream; its name is UTF-16 in the directory."""
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    return "ole2"


def _extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _a(fmt: str) -> str:
    """The format's name with its article: «a PDF», «an RTF», «a JPEG image»."""
    name = describe(fmt)
    if name.startswith(("a ", "an ")):
        return name
    head = name.split()[0]
    # An acronym read letter by letter takes «an» when its first letter sounds as a vowel.
    vowel = head[0] in "AEIOU" or (head.isupper() and head[0] in "FHLMNRSX")
    return f"an {name}" if vowel else f"a {name}"


def check_extension(fmt: str, name: str, readable: Collection[str]) -> str | None:
    """Compare what a file's name promises with what its bytes are (`fmt`).

    Returns a warning when the bytes are a readable format the name does not promise (the
    file is read as what it is), None when they agree or nothing is promised. Raises when the
    name promises a readable format and the bytes are no readable format (or only text).
    """
    ext = _extension(name)
    promised = EXTENSION_FORMATS.get(ext)
    if promised == fmt:
        return None
    if fmt in readable and fmt != "txt":
        if not ext:
            return f"file name has no extension: read as {describe(fmt)} (from its bytes)"
        return f"file named {ext} is {_a(fmt)}: read as {describe(fmt)}"
    if promised is None or promised not in readable:
        return None  # nothing readable promised: the bytes alone decide
    if fmt == "broken_zip" and promised in ("docx", "odt"):
        # A DOCX/ODT is a ZIP: one that cannot be opened is that document, damaged.
        raise ReadError(
            f"corrupt_{promised}",
            f"corrupt {describe(promised)}: damaged or truncated ZIP archive",
        )
    raise UnsupportedFormatError("format_mismatch", f"not {_a(promised)}: file is {describe(fmt)}")


__all__ = [
    "ReadError",
    "UnsupportedFormatError",
    "check_extension",
    "describe",
    "detect_format",
]
