"""Word 97-2003 (.doc), RTF and ODT: converted to DOCX by LibreOffice, then read as DOCX.

LibreOffice runs headless with a profile of its own in a temporary directory (so runs never
share or lock the user's profile), with a timeout, and with its arguments passed as a list,
never through a shell. The Document keeps the original format (`doc`, `rtf`, `odt`) and the
original file's sha256 as its id.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from prikaz.errors import ReadError
from prikaz.model import Document
from prikaz.pipeline.readers.detect import detect_format
from prikaz.pipeline.readers.docx import read_docx_bytes

CONVERT_TIMEOUT_S = 120.0
_SUFFIX = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt"}
# Formats read by conversion to DOCX.
FORMATS = tuple(_SUFFIX)


def soffice_binary() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ReadError(
        "converter_missing", "LibreOffice (soffice) is not installed: cannot read .doc/.rtf/.odt"
    )


def convert_with_soffice(
    src: Path, target: str, outdir: Path, *, timeout: float = CONVERT_TIMEOUT_S
) -> Path:
    """Convert `src` with LibreOffice headless into `outdir`; return the converted file.

    `target` is a LibreOffice filter spec such as "docx" or "pdf:writer_pdf_Export".
    """
    profile = Path(tempfile.mkdtemp(prefix="prikaz-lo-profile-"))
    try:
        args = [
            soffice_binary(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(src),
        ]
        env = {**os.environ, "HOME": str(profile), "SAL_USE_VCLPLUGIN": "svp"}
        try:
            proc = subprocess.run(
                args,
                capture_output=True,
                timeout=timeout,
                check=False,
                env=env,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                "convert_timeout", f"LibreOffice did not convert {src.name} in {timeout:.0f} s"
            ) from exc
        out = outdir / (src.stem + "." + target.split(":", 1)[0])
        if proc.returncode != 0 or not out.exists():
            msg = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()[-300:]
            raise ReadError(
                "convert_failed",
                f"LibreOffice could not convert {src.name} (exit {proc.returncode}): {msg}",
            )
        return out
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def read_office_bytes(
    data: bytes, fmt: str, *, source_path: str, doc_id: str | None = None
) -> Document:
    """Read .doc/.rtf/.odt bytes: LibreOffice makes a DOCX, the DOCX reader reads it."""
    if fmt not in _SUFFIX:
        raise ReadError("unsupported_format", f"no office conversion for {fmt}")
    with tempfile.TemporaryDirectory(prefix="prikaz-convert-") as tmp:
        src = Path(tmp) / ("input" + _SUFFIX[fmt])
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        converted = convert_with_soffice(src, "docx:MS Word 2007 XML", outdir)
        docx_bytes = converted.read_bytes()
    return read_docx_bytes(
        docx_bytes,
        source_path=source_path,
        doc_id=doc_id or hashlib.sha256(data).hexdigest(),
        source_format=fmt,
    )


def reader_for(fmt: str) -> Callable[..., Document]:
    """The registry's reader of one office format (see `registry.Reader`)."""
    if fmt not in _SUFFIX:
        raise ValueError(f"no office conversion for {fmt}")

    def read(data: bytes, *, source_path: str, doc_id: str | None = None) -> Document:
        return read_office_bytes(data, fmt, source_path=source_path, doc_id=doc_id)

    read.__name__ = read.__qualname__ = f"read_{fmt}_bytes"
    return read


def read_office(path: str | Path) -> Document:
    data = Path(path).read_bytes()
    return read_office_bytes(data, detect_format(data), source_path=str(path))
